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

extension Validator {
  /// Validates, then converts with `writer`. Invalid input is refused with `validate`'s
  /// findings; `strict` (the validator's) turns the converter's warnings into errors too.
  func convert(bytes: [UInt8], file: String, with writer: some GuestWriter) -> ConversionResult {
    let checked = check(bytes: bytes, file: file)
    let (report, anchors) = (checked.report, checked.anchors)
    guard report.isValid, let guest = report.guest else {
      return ConversionResult(diagnostics: report.diagnostics, output: nil)
    }
    var (output, findings) = writer.write(guest, file: file, anchors: anchors)
    if strict { findings = findings.map { $0.promotedToError() } }
    if findings.contains(where: { $0.severity == .error }) { output = nil }
    return ConversionResult(diagnostics: report.diagnostics + findings.inSourceOrder(), output: output)
  }

  /// The guest as an xl config (`numaschema to-xl`).
  public func toXL(bytes: [UInt8], file: String) -> ConversionResult {
    convert(bytes: bytes, file: file, with: XLExporter())
  }

  /// The guest's QEMU arguments (`numaschema to-qemu`).
  public func toQEMU(bytes: [UInt8], file: String, legacyMemory: Bool = false) -> ConversionResult {
    convert(bytes: bytes, file: file, with: QEMUCommandLine(legacyMemory: legacyMemory))
  }
}
