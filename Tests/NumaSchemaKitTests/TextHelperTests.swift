import Testing

@testable import NumaSchemaKit

/// The package's one helper each for trimming, XML escaping, xl quoting and the order of findings.
@Suite("shared text helpers")
struct TextHelperTests {
  @Test func trimmingTakesCsBlanksFromBothEndsAndNothingElse() {
    #expect(" \t\r\n\u{0B}\u{0C}4 096\u{0C}\u{0B}\r\n\t ".trimmingWhitespace() == "4 096")
    #expect("\r\n".trimmingWhitespace() == "")
    #expect("plain".trimmingWhitespace() == "plain")
    #expect("  inner  "[...].trimmingWhitespace() == "inner")
    // A no-break space is not a blank to libvirt's or xl's parsers: it stays, so messages show it.
    #expect("\u{A0}4\u{A0}".trimmingWhitespace() == "\u{A0}4\u{A0}")
  }

  @Test func xlEntriesAreTrimmedOfEveryBlankXlTrims() throws {
    // xl trims each `key=value` half with isspace: a form feed or vertical tab counts too.
    let result = try importXL(
      """
      name = "g"
      vcpus = 2
      memory = 1024
      vnuma = [ [ "pnode=0", "size=\\f1024\\v", "vcpus=\\v0-1" ] ]

      """)
    let xml = try #require(result.xml, "\(result.diagnostics.summary)")
    #expect(xml.contains("<cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>"))
  }

  @Test func xmlEscapingKeepsTheDocumentWellFormed() {
    #expect(XMLText.escaped(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&apos;")
    #expect(XMLText.escaped("tab\there\nline\r\n") == "tab\there\nline\r\n")
    // What XML 1.0 cannot carry at all is shown, not written raw.
    #expect(XMLText.escaped("esc\u{1B}[31m nul\u{0}") == "esc\\u{1b}[31m nul\\u{0}")
    #expect(XMLText.escaped("\u{FFFE}é😀") == "\\u{fffe}é😀")
  }

  @Test func toXLQuotesWithXlsOwnEscapes() throws {
    let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1048576'/>").replacing(
      "<name>probe</name>", with: "<name>a&quot;b\\c&#9;d</name>")
    let result = sharedValidator.check(bytes: Array(xml.utf8), file: "guest.xml").toXL()
    let config = try #require(result.output, "\(result.diagnostics)")
    #expect(config.hasPrefix(#"name = "a\"b\\c\td""# + "\n"))
    // And xl's reading gives the name back.
    let back = try #require(parseXL(config).config)
    #expect(back.value("name")?.withoutPositions == .string("a\"b\\c\td", at: .unknown))
  }

  @Test func findingsAreInSourceOrderWithThoseWithoutALineLast() {
    func finding(_ message: String, _ line: Int?, _ column: Int?) -> Diagnostic {
      Diagnostic(severity: .warning, code: .xlValueInvalid, message: message, file: "f", line: line, column: column)
    }
    let found = [
      finding("whole file", nil, nil), finding("3:9", 3, 9), finding("1", 1, nil), finding("3:2", 3, 2),
      finding("whole file again", nil, nil), finding("3:2 again", 3, 2),
    ]
    #expect(found.inSourceOrder().map(\.message) == ["1", "3:2", "3:2 again", "3:9", "whole file", "whole file again"])
  }
}
