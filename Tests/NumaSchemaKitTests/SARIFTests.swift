import Foundation
import Testing

@testable import NumaSchemaKit

/// `--format sarif`: one SARIF 2.1.0 log. The official schema check runs in scripts/check-sarif
/// (it needs the schema from PyPI); these pin what numaschema puts in the log.
@Suite("SARIF output")
struct SARIFTests {
  /// Runs `validate --format sarif` on in-memory guests and parses the log.
  func sarifLog(_ inputs: [(String, String)]) throws -> (log: [String: Any], outcome: Outcome) {
    var options = OperationOptions(grammar: try Grammar.embedded())
    options.report = ReportStyle(format: .sarif)
    let list = InputList(inputs.map { InputSource.inMemory(name: $0.0, bytes: Array($0.1.utf8)) })
    let outcome = Operations.Validate(inputs: list, options: options).run()
    let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
    return (try #require(object as? [String: Any]), outcome)
  }

  func results(of log: [String: Any]) throws -> [[String: Any]] {
    let runs = try #require(log["runs"] as? [[String: Any]])
    return try #require(runs.first?["results"] as? [[String: Any]])
  }

  @Test("standard output is the log alone, and a valid guest has no results")
  func validGuestHasNoResults() throws {
    let (log, outcome) = try sarifLog([("good.xml", guest(numa: twoCells))])
    #expect(log["version"] as? String == "2.1.0")
    #expect(try results(of: log).isEmpty)
    #expect(outcome.standardError.isEmpty)
    #expect(outcome.status == .clean)
  }

  @Test("each finding is a result with its rule, level, message and region")
  func findingIsAResult() throws {
    let overlap = "<cell id='0' cpus='0-4' memory='1048576'/><cell id='1' cpus='4-7' memory='1048576'/>"
    let (log, outcome) = try sarifLog([("guests/bad.xml", guest(numa: overlap))])
    #expect(outcome.status == .findings)
    let result = try #require(try results(of: log).first { $0["ruleId"] as? String == "numa-cpus-overlap" })
    #expect(result["level"] as? String == "error")
    let finding = try #require(outcome.findings.first { $0.code == .numaCPUsOverlap })
    #expect((result["message"] as? [String: Any])?["text"] as? String == finding.message)
    let runs = try #require(log["runs"] as? [[String: Any]])
    let rules = try #require(
      ((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    #expect(rules[try #require(result["ruleIndex"] as? Int)]["id"] as? String == "numa-cpus-overlap")
    let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "guests/bad.xml")
    #expect((location["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String == "%SRCROOT%")
    let region = try #require(location["region"] as? [String: Any])
    #expect(region["startLine"] as? Int == finding.line)
    #expect(region["startColumn"] as? Int == finding.column)
  }

  @Test("every code is a rule with its summary, severity and a link to its section of docs/diagnostics.md")
  func everyCodeIsARule() throws {
    let document = SARIFLog(workingDirectory: "/project").document(runErrors: [], status: .clean).text
    let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
    let runs = try #require(object["runs"] as? [[String: Any]])
    let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
    let rules = try #require(driver["rules"] as? [[String: Any]])
    #expect(rules.map { $0["id"] as? String } == DiagnosticCode.allCases.map(\.rawValue))
    let docs = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
    // GitHub's anchor of a heading: lower case, punctuation but '-' dropped, spaces to '-'.
    let anchors = Set(
      docs.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { heading in
        String(
          heading.dropFirst(4).lowercased().unicodeScalars.filter {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == " " || $0 == "_"
          }
        ).replacing(" ", with: "-")
      })
    for (rule, code) in zip(rules, DiagnosticCode.allCases) {
      #expect((rule["shortDescription"] as? [String: Any])?["text"] as? String == code.summary)
      #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String == code.defaultSeverity.rawValue)
      let link = try #require(rule["helpUri"] as? String)
      let anchor = try #require(link.split(separator: "#").last.map(String.init))
      #expect(link.hasPrefix(NumaSchemaProject.diagnosticsPage + "#"))
      #expect(anchors.contains(anchor), "\(code.rawValue): no heading in docs/diagnostics.md has the anchor #\(anchor)")
    }
  }

  @Test("files are named relative to the working directory, percent-encoded; others by absolute URI")
  func artifactURIs() {
    let log = SARIFLog(workingDirectory: "/home/me/guests-repo")
    func uri(_ file: String) -> String? {
      guard case .object(let members) = log.artifactLocation(file) else { return nil }
      return members.first { $0.0 == "uri" }.flatMap { if case .string(let text) = $0.1 { text } else { nil } }
    }
    #expect(uri("guests/a.xml") == "guests/a.xml")
    #expect(uri("./guests/a.xml") == "guests/a.xml")
    #expect(uri("/home/me/guests-repo/guests/a b.xml") == "guests/a%20b.xml")
    #expect(uri("/etc/libvirt/qemu/vm.xml") == "file:///etc/libvirt/qemu/vm.xml")
    #expect(uri("guests/ü#1.xml") == "guests/%C3%BC%231.xml")
    #expect(uri("test:///default/vm") == "test:///default/vm")
    #expect(uri("<stdin>") == nil)
  }

  @Test("columns are UTF-16 code units: a byte column after multi-byte characters is converted")
  func utf16Columns() {
    let lines = SourceLines(bytes: Array("<a/>\n<n>é😀x</n>\n".utf8))
    #expect(lines.utf16Column(line: 1, byteColumn: 3) == 3)
    // "<n>" is 3 bytes, "é" 2, "😀" 4: 'x' is byte column 10, UTF-16 column 4 + 1 + 2 = 7.
    #expect(lines.utf16Column(line: 2, byteColumn: 10) == 7)
    // A byte inside "😀" is the emoji's column.
    #expect(lines.utf16Column(line: 2, byteColumn: 7) == 5)
    #expect(lines.utf16Column(line: 3, byteColumn: 1) == 1)
    #expect(lines.utf16Column(line: 9, byteColumn: 1) == nil)
  }

  @Test("the column after the last byte of a text cut off without a newline is one past its end")
  func columnPastATruncatedText() {
    // libxml2 places "Premature end of data" there (conformance/hostile/truncated).
    let lines = SourceLines(bytes: Array("<a>\n<b x='é".utf8))
    // "<b x='é" is 7 characters in 8 bytes: byte column 9 is UTF-16 column 8, and no further.
    #expect(lines.utf16Column(line: 2, byteColumn: 9) == 8)
    #expect(lines.utf16Column(line: 2, byteColumn: 40) == 8)
  }

  @Test("an input that cannot be read is a notification of the invocation, with exit 2")
  func unreadableInputIsANotification() throws {
    var options = OperationOptions(grammar: try Grammar.embedded())
    options.report = ReportStyle(format: .sarif)
    let outcome = Operations.Validate(inputs: InputList(arguments: ["/nonexistent/numaschema/g.xml"]), options: options)
      .run()
    #expect(outcome.status == .failure)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    let invocation = try #require(((object["runs"] as? [[String: Any]])?[0]["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    #expect(invocation["exitCode"] as? Int == 2)
    let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(notes.count == 1)
    #expect(((notes[0]["message"] as? [String: Any])?["text"] as? String)?.contains("g.xml") == true)
  }

  @Test("canonicalize --check names a guest out of canonical form at its first differing line")
  func canonicalDiffersAtFirstDifferingLine() throws {
    var options = OperationOptions(grammar: try Grammar.embedded())
    let canonical = Operations.Canonicalize(
      inputs: InputList([.inMemory(name: "g.xml", bytes: Array(guest(numa: twoCells).utf8))]), options: options,
      target: .standardOutput
    ).run().standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    options.report = ReportStyle(format: .sarif)
    var changed = canonical
    let cellLine = try #require(changed.firstIndex { $0.contains("<cell id='1'") })
    changed[cellLine] = changed[cellLine].replacing("<cell id='1' cpus='4-7'", with: "<cell cpus='4-7' id='1'")
    let outcome = Operations.Canonicalize(
      inputs: InputList([.inMemory(name: "g.xml", bytes: Array(changed.joined(separator: "\n").utf8))]),
      options: options, target: .check(diff: false)
    ).run()
    #expect(outcome.status == .findings)
    let finding = try #require(outcome.findings.first)
    #expect(finding.code == .canonicalDiffers)
    #expect(finding.line == cellLine + 1)
    #expect(outcome.standardOutput.contains("\"startLine\": \(cellLine + 1)"))
  }
}
