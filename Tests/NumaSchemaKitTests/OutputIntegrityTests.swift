import Testing

@testable import NumaSchemaKit

/// Nothing from the input reaches a terminal or a line-oriented report raw.
@Suite("output integrity")
struct OutputIntegrityTests {
  @Test("control characters are escaped, other text is kept", arguments: [
    ("plain text, ünïcode → ok", "plain text, ünïcode → ok"), ("a\nb", "a\\nb"), ("\t", "\\t"), ("\r", "\\r"),
    ("\u{1B}[31mred", "\\x1b[31mred"), ("\u{7F}", "\\x7f"), ("\u{9B}2J", "\\x9b2J"), ("\u{0}", "\\x00"),
    ("a\u{202E}b", "a\\u{202E}b"), ("\u{2028}", "\\u{2028}"), ("\u{FEFF}x", "\\u{FEFF}x"),
  ])
  func escapes(text: String, shown: String) {
    #expect(TerminalText.safe(text) == shown)
  }

  @Test("a value with a newline cannot forge a line of validate's text or GitHub output")
  func forgedLinesStayOnOneLine() throws {
    let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1&#10;guest.xml: valid&#13;'/>")
    let report = validate(xml)
    #expect(!report.isValid)
    for diagnostic in report.diagnostics {
      #expect(!ReportRenderer.text(diagnostic).contains { $0.isNewline })
      #expect(!ReportRenderer.github(diagnostic).contains { $0.isNewline })
    }
    let finding = try #require(report.diagnostics.first { $0.code == .numaMemoryInvalid })
    #expect(ReportRenderer.text(finding).contains("'1\\nguest.xml: valid\\r'"))
  }

  @Test("an excerpt of a file is short, quoted, and escaped")
  func excerpts() {
    #expect(TerminalText.excerpt("it's a\\b") == "'it\\'s a\\\\b'")
    #expect(TerminalText.excerpt(String(repeating: "x", count: 50)) == "'" + String(repeating: "x", count: 40) + "…'")
    #expect(TerminalText.excerpt("\u{1B}]0;t\u{7}") == "'\\x1b]0;t\\x07'")
  }

  @Test("a file name with control characters is escaped where it is printed")
  func fileNamesAreEscaped() {
    let diagnostic = Diagnostic(
      severity: .error, code: .xmlNotWellFormed, message: "m", file: "evil\n\u{1B}]0;x\u{7}.xml", line: 1, column: 2)
    #expect(ReportRenderer.text(diagnostic) == "evil\\n\\x1b]0;x\\x07.xml:1:2: error: m [xml-not-well-formed]")
  }
}
