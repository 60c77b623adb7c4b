/// The outcome of converting one guest: the text, or the findings that stopped it.
public struct ConversionResult: Sendable {
  /// The validation findings followed by the converter's own.
  public var diagnostics: [Diagnostic]
  /// The converted text; `nil` when the guest is invalid or cannot be expressed.
  public var output: String?

  public var isSuccess: Bool { output != nil }
}

/// A target format a validated guest can be written in.
protocol GuestWriter {
  /// Writes `guest`, or returns findings; `anchors` locate the parts findings talk about.
  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (output: String?, diagnostics: [Diagnostic])
}

extension CheckedGuest {
  /// The guest written by `writer`. An invalid guest is refused with its findings; the
  /// writer's own findings follow them (in source order), and an error among them withholds
  /// the output.
  func converted(with writer: some GuestWriter) -> ConversionResult {
    guard let guest = validGuest else { return ConversionResult(diagnostics: report.diagnostics, output: nil) }
    var (output, findings) = writer.write(guest, file: report.path, anchors: anchors)
    if findings.contains(where: { $0.severity == .error }) { output = nil }
    return ConversionResult(diagnostics: report.diagnostics + findings.inSourceOrder(), output: output)
  }

  /// The guest as an xl config (`numaschema to-xl`).
  public func toXL() -> ConversionResult { converted(with: XLExporter()) }

  /// The guest's QEMU arguments (`numaschema to-qemu`).
  public func toQEMU(legacyMemory: Bool = false) -> ConversionResult {
    converted(with: QEMUCommandLine(legacyMemory: legacyMemory))
  }
}
