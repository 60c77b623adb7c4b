/// The outcome of converting one guest: the text, or the findings that stopped it.
public struct ConversionResult: Sendable {
  /// The validation findings followed by the converter's own.
  public var diagnostics: [Diagnostic]
  /// The converted text; `nil` when the guest is invalid or cannot be expressed.
  public var output: String?
  /// What was left out that has no NUMA meaning (`<devices>`, …): one note, not findings.
  public var leftOut: [String] = []

  public var isSuccess: Bool { output != nil }
}

/// A target format a validated guest can be written in.
protocol GuestWriter {
  /// Writes `guest`, or returns findings; `anchors` locate the parts findings talk about.
  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (output: String?, diagnostics: [Diagnostic])
  /// The code of the warnings about what the output loses of the NUMA meaning.
  var notConvertedCode: DiagnosticCode { get }
  /// The output's name in messages (`QEMU`, `xl`).
  var target: String { get }
  /// Whether the output carries `<cpu><topology>` (QEMU's `-smp` does).
  var carriesCPUTopology: Bool { get }
  /// Whether the output carries this `<numatune>` of a guest with these cells (xl's `pnode`
  /// carries one host node per vnode).
  func carries(_ numatune: Numatune, cells: [Int]) -> Bool
}

extension GuestWriter {
  func carries(_ numatune: Numatune, cells: [Int]) -> Bool { false }
}

extension CheckedGuest {
  /// The guest written by `writer`. An invalid guest is refused with its findings; the
  /// writer's own findings follow them (in source order), and an error among them withholds
  /// the output.
  func converted(with writer: some GuestWriter) -> ConversionResult {
    guard let guest = validGuest else { return ConversionResult(diagnostics: report.diagnostics, output: nil) }
    var (output, findings) = writer.write(guest, file: report.path, anchors: anchors)
    let leftOut = LeftOut.of(
      guest, carriesCPUTopology: writer.carriesCPUTopology,
      carriesNumatune: guest.references.numatune.map {
        writer.carries($0, cells: guest.effectiveTopology.cells.map(\.id))
      } ?? true)
    findings += leftOut.losses.map {
      Messages.numaNotConverted(
        writer.notConvertedCode, file: report.path, what: $0.what, target: writer.target,
        at: $0.cell.map { anchors.cell($0.id, attribute: $0.attribute) } ?? anchors.element($0.element))
    }
    if findings.contains(where: { $0.severity == .error }) { output = nil }
    return ConversionResult(
      diagnostics: report.diagnostics + findings.inSourceOrder(), output: output, leftOut: leftOut.others)
  }

  /// The guest as an xl config (`numaschema to-xl`).
  public func toXL() -> ConversionResult { converted(with: XLExporter()) }

  /// The guest's QEMU arguments (`numaschema to-qemu`).
  public func toQEMU(legacyMemory: Bool = false) -> ConversionResult {
    converted(with: QEMUCommandLine(legacyMemory: legacyMemory))
  }
}
