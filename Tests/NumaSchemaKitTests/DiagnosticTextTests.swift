import Testing

@testable import NumaSchemaKit

@Suite("colour and the text of a finding")
struct DiagnosticTextTests {
  let warning = Diagnostic(
    severity: .warning, code: .numaNumberForm, message: "distance 0→1 is '012'", file: "dir/guest.xml", line: 14,
    column: 27)

  @Test("colour on a terminal, unless NO_COLOR is set to something or TERM is dumb")
  func colourDecision() {
    #expect(TerminalStyle.useColour(isTerminal: true, environment: [:]))
    #expect(!TerminalStyle.useColour(isTerminal: false, environment: [:]))
    #expect(!TerminalStyle.useColour(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!TerminalStyle.useColour(isTerminal: true, environment: ["NO_COLOR": "0"]))  // any value
    #expect(TerminalStyle.useColour(isTerminal: true, environment: ["NO_COLOR": ""]))  // empty: unset
    #expect(!TerminalStyle.useColour(isTerminal: true, environment: ["TERM": "dumb"]))
    #expect(TerminalStyle.useColour(isTerminal: true, environment: ["TERM": "xterm-256color"]))
    #expect(!TerminalStyle.useColour(isTerminal: true, environment: ["CLICOLOR": "0"]))
  }

  @Test("CLICOLOR_FORCE colours a pipe too, but NO_COLOR still wins")
  func forcedColour() {
    #expect(TerminalStyle.useColour(isTerminal: false, environment: ["CLICOLOR_FORCE": "1"]))
    #expect(TerminalStyle.useColour(isTerminal: false, environment: ["CLICOLOR_FORCE": "1", "TERM": "dumb"]))
    #expect(!TerminalStyle.useColour(isTerminal: false, environment: ["CLICOLOR_FORCE": "0"]))
    #expect(!TerminalStyle.useColour(isTerminal: true, environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "x"]))
  }

  @Test("without colour and excerpt, a finding is one line: path:line:col: severity: message [code], made safe")
  func oneLine() {
    let findings: [(Diagnostic, String)] = [
      (
        Diagnostic(severity: .error, code: .rngInvalid, message: "Invalid attribute", file: "g.xml", line: 8, column: nil),
        "g.xml:8: error: Invalid attribute [rng-invalid]"
      ),
      (
        Diagnostic(severity: .error, code: .toXLNotConverted, message: "no line", file: "a\u{1B}b.xml", line: nil, column: nil),
        "a\\x1bb.xml: error: no line [to-xl-not-converted]"
      ),
      (
        Diagnostic(severity: .warning, code: .xlUnknownKey, message: "evil\nline\u{202E}", file: "x.cfg", line: 3, column: 1),
        "x.cfg:3:1: warning: evil\\nline\\u{202E} [xl-unknown-key]"
      ),
    ]
    for (finding, line) in findings {
      #expect(DiagnosticText.render(finding, excerpt: nil, colour: false) == line)
      #expect(ReportRenderer.text(finding) == line)
    }
  }

  @Test("the excerpt follows the finding's line, in its gutter")
  func withExcerpt() {
    let excerpt = SourceExcerpt(lineNumber: 14, text: "  <sibling id='1' value='012'/>", caret: "                   ^")
    let text = DiagnosticText.render(warning, excerpt: excerpt, colour: false)
    #expect(text == ([ReportRenderer.text(warning)] + excerpt.lines).joined(separator: "\n"))
    #expect(
      text.split(separator: "\n") == [
        "dir/guest.xml:14:27: warning: distance 0→1 is '012' [numa-number-form]",
        "  14 |   <sibling id='1' value='012'/>",
        "     |                    ^",
      ])
  }

  @Test("with colour: the place bold, the severity red or yellow, the code dim, the caret green")
  func colours() {
    let excerpt = SourceExcerpt(lineNumber: 14, text: "\t<a/>", caret: "\t ^")
    let text = DiagnosticText.render(warning, excerpt: excerpt, colour: true)
    let esc = "\u{1B}["
    #expect(
      text
        == "\(esc)1mdir/guest.xml:14:27\(esc)0m: \(esc)1;33mwarning\(esc)0m: distance 0→1 is '012' \(esc)2m[numa-number-form]\(esc)0m\n"
        + "  14 | \t<a/>\n     | \t \(esc)32m^\(esc)0m")
    var error = warning
    error.severity = .error
    #expect(DiagnosticText.render(error, excerpt: nil, colour: true).contains("\(esc)1;31merror\(esc)0m: "))
    // Taking the escapes out leaves the plain text.
    #expect(
      text.replacing(#/\x1B\[[0-9;]*m/#, with: "") == DiagnosticText.render(warning, excerpt: excerpt, colour: false))
  }

  @Test("no escape reaches the text from the input, coloured or not")
  func inputStaysInert() {
    let hostile = Diagnostic(
      severity: .warning, code: .numaNumberForm, message: "m\u{1B}[2J", file: "\u{1B}]0;title\u{07}", line: 1, column: 1
    )
    let text = DiagnosticText.render(hostile, excerpt: nil, colour: true)
    let escapes = text.unicodeScalars.filter { $0 == "\u{1B}" }.count
    #expect(escapes == 6)  // three styles, each started and reset: none from the finding
  }
}
