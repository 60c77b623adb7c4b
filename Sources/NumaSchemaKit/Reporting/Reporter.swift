import FoundationEssentials

/// An output format for validation results.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// `path:line:col: error: message [code]`, one finding a line.
  case text
  /// One JSON document for the whole run.
  case json
  /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
  case github
  /// One SARIF 2.1.0 log for the whole run (Reporting/SARIF.swift): code scanning's format.
  case sarif
}

/// The one-line forms of a finding; `DiagnosticText` adds the source excerpt and colour.
public enum ReportRenderer {
  /// The text form of one finding: `path:line:col: severity: message [code]`.
  public static func text(_ diagnostic: Diagnostic) -> String {
    DiagnosticText.render(diagnostic, excerpt: nil, colour: false)
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
}
