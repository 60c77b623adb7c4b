import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where numaschema lives: the tool's `informationUri` in SARIF and the base of every rule's
/// help link (docs/diagnostics.md, one section per code).
public enum NumaSchemaProject {
  /// The version `--version` prints and SARIF names.
  public static let version = "0.1.0"
  /// The project's home.
  public static let homepage = "https://github.com/numaschema/numaschema"
  /// The page that documents every diagnostic code.
  public static let diagnosticsPage = homepage + "/blob/main/docs/diagnostics.md"

  /// The link to a code's section of docs/diagnostics.md: the anchor GitHub makes of its
  /// heading `` ### `code` (severity) ``, which is `code-severity`.
  public static func helpURI(for code: DiagnosticCode) -> String {
    diagnosticsPage + "#" + code.rawValue + "-" + code.defaultSeverity.rawValue
  }
}

/// A run's findings as one SARIF 2.1.0 log (OASIS, sarif-v2.1.0): what code-scanning
/// dashboards (GitHub's, GitLab's) and most CI systems read.
///
/// One run: the tool with every diagnostic code as a rule (its summary, its severity and a link
/// to its section of docs/diagnostics.md), then one result per finding, in input order, with its
/// rule, level, message and a region (start line and column). Files are named relative to the
/// working directory (`%SRCROOT%`) when they are below it, else by absolute `file:` URI; a
/// libvirt guest (`URI/NAME`) by its URI. Columns are counted in UTF-16 code units, as SARIF
/// says by default, converted from the byte columns findings carry.
struct SARIFLog {
  /// The results so far, in the order they were added.
  private var results: [JSONValue] = []
  /// The working directory files are named relative to, ending in `/`.
  private let workingDirectory: String

  init(workingDirectory: String = SARIFLog.currentDirectory) {
    self.workingDirectory = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
  }

  /// The current working directory (`/` when it cannot be read).
  static var currentDirectory: String {
    guard let path = getcwd(nil, 0) else { return "/" }
    defer { free(path) }
    return String(cString: path)
  }

  /// Adds one input's findings; `source`, the bytes of the input named `sourceName`, turns their
  /// byte columns into UTF-16 columns.
  mutating func add(_ findings: [Diagnostic], source: [UInt8]?, named sourceName: String?) {
    guard !findings.isEmpty else { return }
    let lines = source.map(SourceLines.init(bytes:))
    for finding in findings {
      var column = finding.column
      if let lines, finding.file == sourceName, let line = finding.line, let byteColumn = column {
        column = lines.utf16Column(line: line, byteColumn: byteColumn) ?? byteColumn
      }
      results.append(result(finding, column: column))
    }
  }

  private func result(_ finding: Diagnostic, column: Int?) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("ruleId", .string(finding.code.rawValue)),
      ("ruleIndex", .int(DiagnosticCode.allCases.firstIndex(of: finding.code) ?? 0)),
      ("level", .string(finding.severity.rawValue)),
      ("message", .object([("text", .string(finding.message))])),
    ]
    var physical: [(String, JSONValue)] = [("artifactLocation", artifactLocation(finding.file))]
    if let line = finding.line, line >= 1 {
      var region: [(String, JSONValue)] = [("startLine", .int(line))]
      if let column, column >= 1 { region.append(("startColumn", .int(column))) }
      physical.append(("region", .object(region)))
    }
    members.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
    return .object(members)
  }

  /// Where a file is: relative to `%SRCROOT%` when it is below the working directory (or given
  /// relative), an absolute `file:` URI otherwise, a URI as it is; standard input by description.
  func artifactLocation(_ file: String) -> JSONValue {
    if file == "<stdin>" { return .object([("description", .object([("text", .string("standard input"))]))]) }
    if file.contains("://") { return .object([("uri", .string(Self.encode(file, keeping: ":/?#@")))]) }
    var path = file
    if path.hasPrefix("/") {
      guard path.hasPrefix(workingDirectory) else {
        return .object([("uri", .string("file://" + Self.encode(path, keeping: "/")))])
      }
      path = String(path.dropFirst(workingDirectory.count))
    }
    while path.hasPrefix("./") { path = String(path.dropFirst(2)) }
    return .object([("uri", .string(Self.encode(path, keeping: "/"))), ("uriBaseId", .string("%SRCROOT%"))])
  }

  /// `text` as a URI: every byte but RFC 3986's unreserved ones and `keeping` percent-encoded.
  static func encode(_ text: String, keeping: String) -> String {
    let kept = Set(keeping.utf8)
    var result = ""
    for byte in text.utf8 {
      let unreserved =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
      if unreserved || kept.contains(byte) {
        result.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = Array("0123456789ABCDEF".utf8)
        result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
      }
    }
    return result
  }

  /// The log: `{"version","$schema","runs":[{"tool","invocations","originalUriBaseIds",
  /// "columnKind","results"}]}`. `runErrors` (inputs that could not be read, outputs that could
  /// not be written) become the invocation's notifications; `status` its exit code.
  func document(runErrors: [String], status: ExitStatus) -> JSONValue {
    let rules = DiagnosticCode.allCases.map { code -> JSONValue in
      .object([
        ("id", .string(code.rawValue)),
        ("shortDescription", .object([("text", .string(code.summary))])),
        ("helpUri", .string(NumaSchemaProject.helpURI(for: code))),
        ("defaultConfiguration", .object([("level", .string(code.defaultSeverity.rawValue))])),
      ])
    }
    let driver: JSONValue = .object([
      ("name", .string("numaschema")), ("version", .string(NumaSchemaProject.version)),
      ("semanticVersion", .string(NumaSchemaProject.version)),
      ("informationUri", .string(NumaSchemaProject.homepage)), ("rules", .array(rules)),
    ])
    let notifications = runErrors.map { text -> JSONValue in
      .object([("level", .string("error")), ("message", .object([("text", .string(text))]))])
    }
    let invocation: JSONValue = .object([
      ("executionSuccessful", .bool(status != .failure)), ("exitCode", .int(Int(status.rawValue))),
      ("toolExecutionNotifications", .array(notifications)),
    ])
    let run: JSONValue = .object([
      ("tool", .object([("driver", driver)])), ("invocations", .array([invocation])),
      (
        "originalUriBaseIds",
        .object([("%SRCROOT%", .object([("uri", .string("file://" + Self.encode(workingDirectory, keeping: "/")))]))])
      ),
      ("columnKind", .string("utf16CodeUnits")), ("results", .array(results)),
    ])
    return .object([
      ("version", .string("2.1.0")),
      (
        "$schema", .string("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
      ),
      ("runs", .array([run])),
    ])
  }
}

extension SourceLines {
  /// The column, counted in UTF-16 code units, of byte column `byteColumn` of line `line` (both
  /// 1-based): a byte inside a multi-byte character is that character's column. `nil` when the
  /// line does not exist.
  func utf16Column(line: Int, byteColumn: Int) -> Int? {
    guard let range = range(ofLine: line), let offset = offset(line: line, column: byteColumn) else { return nil }
    var start = offset
    // Back to the first byte of the character the column falls in. The column after the last
    // byte of a text that ends without a newline (a truncated document) is past every byte.
    for _ in 0..<3 where start > range.lowerBound && start < bytes.count && bytes[start] & 0xC0 == 0x80 {
      start -= 1
    }
    var units = 0
    for index in range.lowerBound..<start {
      let byte = bytes[index]
      // A lead byte (or ASCII, or a byte that is not UTF-8, taken as one replacement character)
      // starts a character: four-byte ones are two UTF-16 units, the rest one.
      if byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
    }
    return units + 1
  }
}
