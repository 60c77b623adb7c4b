/// The findings of one input, written the same way by every command: text lines on standard
/// error (with the source line and a caret under the column), GitHub workflow commands on
/// standard output, or diagnostic objects in the run's JSON document or SARIF log.
struct FindingWriter {
  let style: ReportStyle

  /// Writes `findings` (of an input whose bytes are `source`, when known) to `transcript`;
  /// nothing in JSON and SARIF mode, where they go into the document. Only findings about that input
  /// (named as it is) are shown with its source lines.
  func write(_ findings: [Diagnostic], source: [UInt8]?, named sourceName: String?, to transcript: Transcript) {
    switch style.format {
    case .json, .sarif: return
    case .github: for finding in findings { transcript.out(ReportRenderer.github(finding)) }
    case .text:
      guard !findings.isEmpty else { return }
      let excerpts =
        style.excerpts && sourceName != nil
        ? SourceExcerpt.excerpts(for: findings, source: source ?? [], file: sourceName ?? "")
        : Array(repeating: nil, count: findings.count)
      var text = ""
      for (finding, excerpt) in zip(findings, excerpts) {
        text += DiagnosticText.render(finding, excerpt: excerpt, colour: style.colour) + "\n"
      }
      transcript.error(text)
    }
  }

  /// One finding as a JSON object: `{"severity","code","message","file","line","column"}`,
  /// `line`/`column` `null` where unknown. Every command's JSON uses this shape.
  static func json(_ finding: Diagnostic) -> JSONValue {
    .object([
      ("severity", .string(finding.severity.rawValue)), ("code", .string(finding.code.rawValue)),
      ("message", .string(finding.message)), ("file", .string(finding.file)), ("line", .int(finding.line)),
      ("column", .int(finding.column)),
    ])
  }

  static func json(_ findings: [Diagnostic]) -> JSONValue { .array(findings.map(json)) }
}
