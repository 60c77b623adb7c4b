/// How serious a finding is.
public enum Severity: String, Sendable, Equatable, Codable, Comparable {
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// A finding about the input: a stable code, a message, and where in the file it is.
///
/// Diagnostics are data: the library collects them and the command line only renders them.
/// `line` and `column` are 1-based; either is `nil` where no position is known (RelaxNG errors,
/// for example, carry a line but no column).
public struct Diagnostic: Sendable, Equatable, Codable {
  public var severity: Severity
  public var code: DiagnosticCode
  public var message: String
  public var file: String
  public var line: Int?
  public var column: Int?

  public init(
    severity: Severity, code: DiagnosticCode, message: String, file: String, line: Int?,
    column: Int?
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
  }

  /// The same finding as an error (what `--strict` does to warnings).
  public func promotedToError() -> Diagnostic {
    var copy = self
    copy.severity = .error
    return copy
  }
}

/// A position in a source file, 1-based; `column` is a byte offset within the line.
public struct SourcePosition: Sendable, Equatable, Hashable {
  public var line: Int?
  public var column: Int?

  public init(line: Int?, column: Int?) {
    self.line = line
    self.column = column
  }

  /// No known position.
  public static let unknown = SourcePosition(line: nil, column: nil)
}
