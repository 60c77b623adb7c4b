import FoundationEssentials

/// An output format for validation results.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// `path:line:col: error: message [code]`, one finding a line.
  case text
  /// One JSON document for the whole run.
  case json
  /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
  case github

  /// Whether a file's lines can be printed as soon as the file is done.
  public var canStream: Bool { self != .json }
}

/// Renders reports; the CLI decides where the text goes.
public enum ReportRenderer {
  /// The text form of one finding.
  public static func text(_ diagnostic: Diagnostic) -> String {
    var place = TerminalText.safe(diagnostic.file)
    if let line = diagnostic.line {
      place += ":\(line)"
      if let column = diagnostic.column { place += ":\(column)" }
    }
    return "\(place): \(diagnostic.severity.rawValue): \(TerminalText.safe(diagnostic.message)) [\(diagnostic.code.rawValue)]"
  }

  /// The GitHub workflow command of one finding.
  public static func github(_ diagnostic: Diagnostic) -> String {
    var properties = ["file=\(escapeProperty(diagnostic.file))"]
    if let line = diagnostic.line { properties.append("line=\(line)") }
    if let column = diagnostic.column { properties.append("col=\(column)") }
    properties.append("title=\(escapeProperty(diagnostic.code.rawValue))")
    return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message))"
  }

  /// Workflow-command data: `%`, CR and LF as GitHub decodes them; every other control
  /// character escaped, so that none reaches the log raw.
  static func escapeData(_ text: String) -> String {
    let encoded = text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    return TerminalText.safe(encoded)
  }

  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }

  /// The lines a file contributes in a streaming format.
  public static func lines(for report: FileReport, format: ReportFormat) -> [String] {
    switch format {
    case .text: return report.diagnostics.map(text)
    case .github: return report.diagnostics.map(github)
    case .json: return []
    }
  }

  /// The JSON document for a whole run:
  /// `{"files":[{"path","valid","diagnostics":[…]}],"summary":{"files","valid","invalid","errors","warnings"}}`.
  public static func json(_ reports: [FileReport]) -> String {
    let document = JSONRun(
      files: reports.map { report in
        JSONFile(
          path: report.path, valid: report.isValid,
          diagnostics: report.diagnostics.map {
            JSONDiagnostic(
              severity: $0.severity.rawValue, code: $0.code.rawValue, message: $0.message, line: $0.line,
              column: $0.column)
          })
      },
      summary: JSONSummary(
        files: reports.count, valid: reports.filter(\.isValid).count,
        invalid: reports.filter { !$0.isValid }.count,
        errors: reports.reduce(0) { $0 + $1.errorCount }, warnings: reports.reduce(0) { $0 + $1.warningCount }))
    return encodePretty(document)
  }

  /// Pretty, key-sorted JSON with unescaped slashes, ending in no newline.
  public static func encodePretty<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}

private struct JSONRun: Encodable {
  var files: [JSONFile]
  var summary: JSONSummary
}

private struct JSONFile: Encodable {
  var path: String
  var valid: Bool
  var diagnostics: [JSONDiagnostic]
}

private struct JSONDiagnostic: Encodable {
  var severity: String
  var code: String
  var message: String
  var line: Int?
  var column: Int?

  enum CodingKeys: String, CodingKey { case severity, code, message, line, column }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(severity, forKey: .severity)
    try container.encode(code, forKey: .code)
    try container.encode(message, forKey: .message)
    try container.encode(line, forKey: .line)  // null where unknown
    try container.encode(column, forKey: .column)
  }
}

private struct JSONSummary: Encodable {
  var files: Int
  var valid: Int
  var invalid: Int
  var errors: Int
  var warnings: Int
}
