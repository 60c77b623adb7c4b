import Testing

@testable import NumaSchemaKit

private func lines(_ text: String) -> SourceLines { SourceLines(bytes: Array(text.utf8)) }

@Suite("the line index")
struct SourceLinesTests {
  @Test("lines end at LF; a CR before it is not part of the line")
  func lineRanges() {
    let index = lines("ab\r\ncd\n\nef")
    #expect(index.count == 4)
    #expect(index.range(ofLine: 1) == 0..<2)
    #expect(index.range(ofLine: 2) == 4..<6)
    #expect(index.range(ofLine: 3) == 7..<7)
    #expect(index.range(ofLine: 4) == 8..<10)
    #expect(index.range(ofLine: 0) == nil && index.range(ofLine: 5) == nil)
  }

  @Test("offsets and positions convert both ways; a column past the line is its end")
  func offsets() {
    let index = lines("ab\ncd\n")
    #expect(index.offset(line: 2, column: 2) == 4)
    #expect(index.offset(line: 2, column: 99) == 5)
    #expect(index.offset(line: 9, column: 1) == nil)
    #expect(index.position(of: 4) == SourcePosition(line: 2, column: 2))
    #expect(index.position(of: 0) == SourcePosition(line: 1, column: 1))
    #expect(index.position(of: 6) == SourcePosition(line: 3, column: 1))
  }
}

@Suite("the source line under a finding")
struct SourceExcerptTests {
  @Test("the caret goes under the finding's column, with the line number in a gutter")
  func caretUnderTheColumn() throws {
    let xml = guest(
      numa: "<cell id='0' cpus='0-3' memory='1048576'><distances><sibling id='0' value='010'/></distances></cell>")
    let finding = try #require(validate(xml).diagnostics.first { $0.code == .numaNumberForm })
    let excerpt = try #require(SourceLines(bytes: Array(xml.utf8)).excerpt(for: finding))
    let line = String(xml.split(separator: "\n", omittingEmptySubsequences: false)[finding.line! - 1])
    #expect(excerpt.lineNumber == finding.line)
    #expect(excerpt.text == line)
    let caretColumn = try #require(excerpt.caret).count
    #expect(caretColumn == finding.column)
    #expect(line.dropFirst(caretColumn - 1).hasPrefix("value='010'"))
    #expect(excerpt.lines == ["   \(finding.line!) | " + line, "     | " + excerpt.caret!])
  }

  @Test("tabs stay tabs, and the caret line repeats them")
  func tabs() {
    let excerpt = lines("\t<a>\t <b x='1'/>").excerpt(line: 1, column: 10)
    #expect(excerpt?.text == "\t<a>\t <b x='1'/>")
    #expect(excerpt?.caret == "\t   \t    ^")
  }

  @Test("control characters and bidirectional overrides are escaped, and the caret counts what is printed")
  func unsafeText() {
    let excerpt = lines("<a\u{1B}[31m b='\u{202E}x'/>").excerpt(line: 1, column: 15)
    #expect(excerpt?.text == "<a\\x1b[31m b='\\u{202E}x'/>")
    #expect(excerpt?.caret == String(repeating: " ", count: 22) + "^")
  }

  @Test("a column inside a multi-byte character points at the character; wide characters take two columns")
  func multiByte() {
    // 'é' is two bytes, '猫' three (two columns wide).
    #expect(lines("<é猫x/>").excerpt(line: 1, column: 3)?.caret == " ^")
    #expect(lines("<é猫x/>").excerpt(line: 1, column: 4)?.caret == "  ^")
    #expect(lines("<é猫x/>").excerpt(line: 1, column: 6)?.caret == "  ^")
    #expect(lines("<é猫x/>").excerpt(line: 1, column: 7)?.caret == "    ^")
    // A combining accent takes no column.
    #expect(lines("e\u{301}x").excerpt(line: 1, column: 4)?.caret == " ^")
  }

  @Test("bytes that are not UTF-8 show as U+FFFD, one column each")
  func invalidUTF8() {
    let excerpt = SourceLines(bytes: [0x3C, 0xFF, 0xC3, 0x41, 0x42]).excerpt(line: 1, column: 4)
    #expect(excerpt?.text == "<\u{FFFD}\u{FFFD}AB")
    #expect(excerpt?.caret == "   ^")
  }

  @Test("a column past the end of the line points just after it; one before 1 at its start")
  func pastTheEnd() {
    #expect(lines("<a>\n").excerpt(line: 1, column: 4)?.caret == "   ^")
    #expect(lines("<a>\n").excerpt(line: 1, column: 400)?.caret == "   ^")
    #expect(lines("<a>\r\n").excerpt(line: 1, column: 4)?.text == "<a>")
    #expect(lines("<a>").excerpt(line: 1, column: 0)?.caret == "^")
    #expect(lines("").excerpt(line: 1, column: 1) == SourceExcerpt(lineNumber: 1, text: "", caret: "^"))
  }

  @Test("a finding with a line and no column shows its line without a caret; none without a line")
  func noColumn() {
    let index = lines("<a>\n  <b/>\n")
    #expect(index.excerpt(line: 2, column: nil) == SourceExcerpt(lineNumber: 2, text: "  <b/>", caret: nil))
    #expect(SourceExcerpt(lineNumber: 2, text: "  <b/>", caret: nil).lines == ["   2 |   <b/>"])
    #expect(index.excerpt(line: 9, column: nil) == nil)
    let nowhere = Diagnostic(severity: .error, code: .rngInvalid, message: "m", file: "f", line: nil, column: nil)
    #expect(index.excerpt(for: nowhere) == nil)
  }

  @Test("a long line is a window around the column, cut with … where it is cut")
  func longLines() throws {
    let line = (0..<300).map { String($0 % 10) }.joined()
    let middle = try #require(lines(line).excerpt(line: 1, column: 151))
    #expect(middle.text.hasPrefix("…") && middle.text.hasSuffix("…"))
    #expect(middle.text.count == SourceExcerpt.width + 2)
    #expect(line.contains(middle.text.dropFirst().dropLast()))
    let caret = try #require(middle.caret)
    #expect(middle.text.dropFirst(caret.count - 1).first == "0")  // byte 151 is '0'
    #expect(caret.count - 1 == 1 + SourceExcerpt.width / 2 - 1)

    let start = try #require(lines(line).excerpt(line: 1, column: 3))
    #expect(!start.text.hasPrefix("…") && start.text.hasSuffix("…"))
    #expect(start.caret == "  ^")
    let end = try #require(lines(line).excerpt(line: 1, column: 300))
    #expect(end.text.hasPrefix("…") && !end.text.hasSuffix("…"))
    #expect(end.text.count == SourceExcerpt.width + 1)
    #expect(end.caret?.count == SourceExcerpt.width + 1)
    // A line of exactly the width is shown whole.
    let exact = String(repeating: "x", count: SourceExcerpt.width)
    #expect(lines(exact).excerpt(line: 1, column: 50)?.text == exact)
  }

  @Test("one long line with many findings costs a window per finding")
  func minifiedDocument() {
    let bytes = Array(String(repeating: "<a b='1'/>", count: 400_000).utf8)
    let findings = (0..<20_000).map {
      Diagnostic(severity: .warning, code: .numaNumberForm, message: "m", file: "f", line: 1, column: $0 * 200 + 4)
    }
    let clock = ContinuousClock()
    var excerpts: [SourceExcerpt?] = []
    let elapsed = clock.measure { excerpts = SourceExcerpt.excerpts(for: findings, source: bytes, file: "f") }
    #expect(excerpts.count == findings.count)
    #expect(excerpts.allSatisfy { $0?.text.unicodeScalars.count ?? 0 <= SourceExcerpt.width + 2 })
    #expect(excerpts.allSatisfy { $0?.text.dropFirst(($0?.caret?.count ?? 0) - 1).first == "b" })
    #expect(elapsed < .seconds(60))  // linear: seconds even in a debug build on a busy machine; quadratic: hours
  }

  @Test("excerpts are only for the file's findings with a line")
  func excerptsOfAFile() {
    let bytes = Array("<a>\n<b/>\n".utf8)
    let findings = [
      Diagnostic(severity: .warning, code: .numaNumberForm, message: "m", file: "f", line: 2, column: 2),
      Diagnostic(severity: .warning, code: .numaNumberForm, message: "m", file: "g", line: 2, column: 2),
      Diagnostic(severity: .warning, code: .numaNumberForm, message: "m", file: "f", line: nil, column: nil),
    ]
    #expect(
      SourceExcerpt.excerpts(for: findings, source: bytes, file: "f") == [
        SourceExcerpt(lineNumber: 2, text: "<b/>", caret: " ^"), nil, nil,
      ])
  }
}
