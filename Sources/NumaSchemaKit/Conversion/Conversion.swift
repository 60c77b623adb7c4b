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

/// What refers to the guest's NUMA cells beyond the cells and distances themselves: each is
/// carried by a writer, or its loss is a warning.
enum NUMAPart: CaseIterable {
  /// `<cpu><topology>` (QEMU's `-smp`).
  case cpuTopology
  /// `<memoryBacking>`: huge pages, shared, file- or memfd-backed memory, preallocation.
  case memoryBacking
  /// `<maxMemory>`: memory hotplug slots.
  case maxMemory
  /// `<devices><memory>`.
  case memoryDevices
  /// The `<target><node>` of PCI expander buses.
  case pciNodes
  /// A cell's `memAccess` and `discard`.
  case cellMemoryAttributes
  /// `<cache>` and `<interconnects>`.
  case hmat
}

/// A target format a validated guest can be written in.
protocol GuestWriter {
  /// Writes `guest`, or returns findings; `anchors` locate the parts findings talk about.
  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (
    output: String?, diagnostics: [Diagnostic]
  )
  /// The code of the warnings about what the output loses of the NUMA meaning.
  var notConvertedCode: DiagnosticCode { get }
  /// The output's name in messages (`QEMU`, `xl`).
  var target: String { get }
  /// The parts the output carries (QEMU's `-smp` carries `<cpu><topology>`, …).
  var carriedParts: Set<NUMAPart> { get }
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
      guest, carried: writer.carriedParts,
      carriesNumatune: guest.references.numatune.map {
        writer.carries($0, cells: guest.effectiveTopology.cells.map(\.id))
      } ?? true)
    findings += leftOut.losses.map {
      Messages.numaNotConverted(
        writer.notConvertedCode, file: report.path, what: $0.what, target: writer.target,
        at: $0.cell.map { anchors.cell($0.id, attribute: $0.attribute) } ?? anchors.element($0.element))
    }
    findings = findings.inSourceOrder()
    // One message about what is left out: where something of NUMA meaning is lost, the rest
    // is named in the last such warning rather than in a note line of its own.
    var others = leftOut.others
    if !others.isEmpty, let last = findings.lastIndex(where: { $0.code == writer.notConvertedCode }) {
      findings[last].message += Messages.alsoNotConverted(others)
      others = []
    }
    if findings.contains(where: { $0.severity == .error }) { output = nil }
    return ConversionResult(
      diagnostics: report.diagnostics + findings, output: output, leftOut: others)
  }

  /// The guest as an xl config (`numaschema to-xl`).
  public func toXL() -> ConversionResult { converted(with: XLExporter()) }

  /// The guest's QEMU arguments (`numaschema to-qemu`).
  /// `host` gives the host paths libvirt would take from the host; `version` is the QEMU the
  /// command line is for.
  public func toQEMU(
    legacyMemory: Bool = false, host: QEMUHostSettings = .defaults, version: QEMUVersion = .debian12
  ) -> ConversionResult {
    converted(with: QEMUCommandLine(legacyMemory: legacyMemory, host: host, version: version))
  }
}
