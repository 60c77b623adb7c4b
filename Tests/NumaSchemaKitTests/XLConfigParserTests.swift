import Foundation
import Testing

@testable import NumaSchemaKit

// MARK: Helpers

func parseXL(_ text: String) -> (config: XLConfig?, diagnostics: [Diagnostic]) {
  XLConfigParser.parse(Array(text.utf8), file: "guest.cfg")
}

func parseXL(bytes: [UInt8]) -> (config: XLConfig?, diagnostics: [Diagnostic]) {
  XLConfigParser.parse(bytes, file: "guest.cfg")
}

/// Parses (which must succeed) and converts.
func importXL(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
  xml: String?, diagnostics: [Diagnostic]
) {
  let parsed = parseXL(text)
  #expect(parsed.diagnostics == [], sourceLocation: sourceLocation)
  let config = try #require(parsed.config, sourceLocation: sourceLocation)
  return XLImporter.domainXML(from: config, file: "guest.cfg")
}

extension Array where Element == Diagnostic {
  var xlCodes: [DiagnosticCode] { map(\.code) }
  var summary: String {
    map { "\($0.line ?? 0):\($0.column ?? 0) \($0.code.rawValue): \($0.message)" }.joined(separator: "\n")
  }
}

func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

/// A small HVM guest around a vnuma value, with room for other settings.
func vnumaConfig(_ vnuma: String, extra: String = "vcpus = 4\n") -> String {
  "name = \"probe\"\nbuilder = \"hvm\"\n\(extra)vnuma = \(vnuma)\n"
}

/// Two vnodes of 1024 MiB with two vCPUs each.
let twoVNodes = #"[ [ "pnode=0", "size=1024", "vcpus=0-1" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#

// MARK: Parser: what xl accepts

@Suite("xl config parser: accepted syntax")
struct XLConfigSyntaxTests {
  @Test func statementsEndAtNewlinesAndSemicolons() throws {
    let config = try #require(parseXL("name = \"g\"\nmemory = 1024; vcpus = 2\n").config)
    #expect(config.settings.map(\.key) == ["name", "memory", "vcpus"])
    #expect(config.value("name") == .string("g", at: at(1, 8)))
    #expect(config.value("memory") == .number("1024", at: at(2, 10)))
    #expect(config.value("vcpus") == .number("2", at: at(2, 24)))
    #expect(config.settings[2].position == at(2, 16))
    #expect(config.settings.allSatisfy { $0.operation == .assign })
  }

  @Test func emptyStatementsAndBlankLinesAreFine() throws {
    let config = try #require(parseXL(";;\n\n  \t\n a = 1 ;; ;\n\n").config)
    #expect(config.keys == ["a"])
    #expect(try #require(parseXL("").config).settings.isEmpty)
    #expect(try #require(parseXL("\n\n;").config).settings.isEmpty)
  }

  @Test func lastStatementMayLackItsNewline() throws {
    let config = try #require(parseXL("a = 1\nb = [ 2 ]").config)
    #expect(config.value("b")?.withoutPositions == .list([.number("2", at: .unknown)], at: .unknown))
  }

  @Test func keysAreLowercaseWithDigitsDotsAndUnderscores() throws {
    let config = try #require(parseXL("device_model.x9 = 1\nb1._ = \"x\"\n").config)
    #expect(config.keys == ["device_model.x9", "b1._"])
  }

  @Test func numbersStayText() throws {
    let config = try #require(parseXL("a = 0x10\nb = 1e5\nc = 010\nd = 0xfacade\ne = 0\n").config)
    #expect(config.value("a")?.atomText == "0x10")
    #expect(config.value("b")?.atomText == "1e5")
    #expect(config.value("c")?.atomText == "010")
    #expect(config.value("d")?.atomText == "0xfacade")
    #expect(config.value("e") == .number("0", at: at(5, 5)))
  }

  @Test func stringsInBothQuotesWithXLsEscapes() throws {
    let text = #"""
      a = "it's"
      b = 'say "hi"'
      c = "\"\'\\\a\b\f\n\r\t\v"
      d = ''
      e = "tab	inside é"
      """#
    let config = try #require(parseXL(text + "\n").config)
    #expect(config.value("a")?.atomText == "it's")
    #expect(config.value("b")?.atomText == "say \"hi\"")
    #expect(config.value("c")?.atomText == "\"'\\\u{07}\u{08}\u{0C}\n\r\t\u{0B}")
    #expect(config.value("d")?.atomText == "")
    #expect(config.value("e")?.atomText == "tab\tinside é")
  }

  @Test func listsNestWithTrailingCommasNewlinesAndComments() throws {
    let text = """
      vnuma = [ # comment after the bracket
          [ "pnode=0", "size=512", ],   # trailing comma
          # a whole comment line inside the list

          [ "pnode=1"
          , "size=512" ]
          ,
      ]
      empty = []
      nested = [ [ ], [ [ 1 ] ], "x", 2, ]
      """
    let config = try #require(parseXL(text + "\n").config)
    let vnuma = try #require(config.value("vnuma")?.listItems)
    #expect(vnuma.count == 2)
    #expect(vnuma[0].listItems?.map(\.atomText) == ["pnode=0", "size=512"])
    #expect(vnuma[1].listItems?.map(\.atomText) == ["pnode=1", "size=512"])
    #expect(vnuma[1].position == at(5, 5))
    #expect(vnuma[1].listItems?[1].position == at(6, 7))
    #expect(config.value("empty") == .list([], at: at(9, 9)))
    #expect(config.value("nested")?.description == #"[ [ ], [ [ 1 ] ], "x", 2 ]"#)
  }

  @Test func commentsCountAsNewlines() throws {
    let config = try #require(parseXL("a = 1 # one\n# two\nb = 2#three\n").config)
    #expect(config.keys == ["a", "b"])
  }

  @Test func commentsMayHoldAnyByte() throws {
    let bytes = Array("# \u{0}\r é\n".utf8) + [0xFF, 0x0A] + Array("a = 1\n".utf8)
    // 0xFF starts the second line, outside a comment: an error there, but the comment was fine.
    let parsed = parseXL(bytes: bytes)
    #expect(parsed.diagnostics.map(\.line) == [2])
    let clean = parseXL(bytes: Array("# \u{0}\r é \u{7}\na = 1\n".utf8))
    #expect(clean.diagnostics == [])
  }

  @Test func lastAssignmentWins() throws {
    let config = try #require(parseXL("memory = 512\nmemory = 1024\n").config)
    #expect(config.value("memory")?.atomText == "1024")
    #expect(config.settings(for: "memory").count == 2)
    #expect(config.lastSetting("memory")?.position == at(2, 1))
  }

  @Test func plusEqualsAppendsStringsAndLists() throws {
    let text = """
      extra = "console=hvc0"
      extra += " quiet"
      disk = [ "a" ]
      disk += [ "b", [ "c" ] ]
      fresh += [ 1 ]
      n = 1
      n += 2
      mixed = 1
      mixed += "x"
      reset = [ 1 ]
      reset = [ 2 ]
      reset += [ 3 ]
      """
    let config = try #require(parseXL(text + "\n").config)
    #expect(config.value("extra") == .string("console=hvc0 quiet", at: at(1, 9)))
    #expect(config.value("disk")?.description == #"[ "a", "b", [ "c" ] ]"#)
    #expect(config.value("disk")?.listItems?[1].position == at(4, 11))
    #expect(config.value("fresh")?.description == "[ 1 ]")
    #expect(config.value("n") == .number("12", at: at(6, 5)))
    #expect(config.value("mixed") == .string("1x", at: at(8, 9)))
    #expect(config.value("reset")?.description == "[ 2, 3 ]")
    #expect(config.lastSetting("n")?.operation == .append)
    #expect(config.value("absent") == nil)
  }

  @Test func manyAppendsStayFast() throws {
    let text = String(repeating: "a += \"x\"\n", count: 20_000) + String(repeating: "l += [ 1 ]\n", count: 20_000)
    let config = try #require(parseXL(text).config)
    #expect(config.value("a")?.atomText?.count == 20_000)
    #expect(config.value("l")?.listItems?.count == 20_000)
  }

  @Test func descriptionQuotesWithXLEscapesOnly() {
    #expect(XLValue.string("a\"b\\c\n\t\u{07}", at: .unknown).description == #""a\"b\\c\n\t\a""#)
    #expect(XLValue.quoted("x'y") == #""x'y""#)
  }
}

// MARK: Parser: what xl refuses

struct SyntaxCase: CustomTestStringConvertible, Sendable {
  var input: String
  var line: Int
  var column: Int
  var message: String
  var testDescription: String { message }
}

let syntaxCases: [SyntaxCase] = [
  SyntaxCase(input: "a = 1\r\n", line: 1, column: 6, message: "carriage return: xl refuses CRLF files"),
  SyntaxCase(input: "a = \"x\r\"\n", line: 1, column: 7, message: "carriage return: xl refuses CRLF files"),
  SyntaxCase(input: "# crlf comment\r\na = 1\r\n", line: 2, column: 6, message: "carriage return"),
  SyntaxCase(
    input: "builder = hvm\n", line: 1, column: 11, message: "bare word 'hvm' is not a value: quote it as \"hvm\""),
  SyntaxCase(input: "a = [ \"x\", yes ]\n", line: 1, column: 12, message: "bare word 'yes'"),
  SyntaxCase(input: "memory = -1\n", line: 1, column: 10, message: "'-' outside a string: xl numbers have no sign"),
  SyntaxCase(input: "Memory = 1\n", line: 1, column: 1, message: "upper-case 'M': xl keys are lowercase"),
  SyntaxCase(input: "type = HVM\n", line: 1, column: 8, message: "upper-case 'H'"),
  SyntaxCase(
    input: "a = 1 2\n", line: 1, column: 7,
    message: "expected ';' or the end of the line after the value of 'a', found number 2"),
  SyntaxCase(
    input: "a = \"x\" \\\n  \"y\"\n", line: 1, column: 9,
    message: "backslash outside a string: xl has no line continuation"),
  SyntaxCase(input: "a = [ 1,\n  2 \\\n]\n", line: 2, column: 5, message: "backslash outside a string"),
  SyntaxCase(
    input: "a = 1\nb = \"abc\nc = 2\n", line: 2, column: 5, message: "unterminated string: it must end with \""),
  SyntaxCase(input: "a = 'abc", line: 1, column: 5, message: "unterminated string: it must end with '"),
  SyntaxCase(input: "a = \"abc\\\n\"\n", line: 1, column: 5, message: "unterminated string"),
  SyntaxCase(input: "a = [ 1, 2\n", line: 1, column: 5, message: "list is never closed: add ']'"),
  SyntaxCase(input: "a = [ 1,\n  [ 2, [ 3 ],\n", line: 2, column: 3, message: "list is never closed"),
  SyntaxCase(input: "a = 1 # no newline", line: 1, column: 7, message: "comment on the last line has no newline"),
  SyntaxCase(input: "# only a comment", line: 1, column: 1, message: "comment on the last line has no newline"),
  SyntaxCase(input: "a = \"\\q\"\n", line: 1, column: 6, message: "invalid escape '\\q' in a string"),
  SyntaxCase(input: "a = 'ok'\nb = \"x\\x41\"\n", line: 2, column: 7, message: "numeric escape '\\x…'"),
  SyntaxCase(input: "a = \"x\\101y\"\n", line: 1, column: 7, message: "numeric escape '\\1…'"),
  SyntaxCase(input: "a = \"\\0\"\n", line: 1, column: 6, message: "numeric escape '\\0…'"),
  SyntaxCase(input: "a = [ , ]\n", line: 1, column: 7, message: "unexpected ',': a comma must follow a list element"),
  SyntaxCase(input: "a = [ 1,, 2 ]\n", line: 1, column: 9, message: "unexpected ','"),
  SyntaxCase(
    input: "a = [ 1 2 ]\n", line: 1, column: 9, message: "expected ',' or ']' after a list element, found number 2"),
  SyntaxCase(
    input: "a = [ [ 1 ] [ 2 ] ]\n", line: 1, column: 13, message: "expected ',' or ']' after a list element, found '['"),
  SyntaxCase(input: "a = [ 1; 2 ]\n", line: 1, column: 8, message: "unexpected ';' inside a list"),
  SyntaxCase(input: "a =\nb = 1\n", line: 1, column: 4, message: "'a' has no value, found the end of the line"),
  SyntaxCase(input: "a = ", line: 1, column: 5, message: "'a' has no value, found the end of the file"),
  SyntaxCase(input: "a = ]\n", line: 1, column: 5, message: "'a' has no value, found ']'"),
  SyntaxCase(input: "= 1\n", line: 1, column: 1, message: "expected a key, found '='"),
  SyntaxCase(input: "12 = 1\n", line: 1, column: 1, message: "expected a key, found number 12"),
  SyntaxCase(input: "\"a\" = 1\n", line: 1, column: 1, message: "expected a key, found string \"a\""),
  SyntaxCase(input: "a 1\n", line: 1, column: 3, message: "expected '=' or '+=' after 'a', found number 1"),
  SyntaxCase(input: "a\n", line: 1, column: 2, message: "expected '=' or '+=' after 'a', found the end of the line"),
  SyntaxCase(input: "a == 1\n", line: 1, column: 4, message: "'a' has no value, found '='"),
  SyntaxCase(input: "a = 1.5\n", line: 1, column: 6, message: "unexpected '.'"),
  SyntaxCase(input: "a = 0xzz\n", line: 1, column: 7, message: "found 'zz'"),
  SyntaxCase(input: "a = 12g\n", line: 1, column: 7, message: "found 'g'"),
  SyntaxCase(input: "a + 1\n", line: 1, column: 3, message: "'+' without '='"),
  SyntaxCase(input: "a = 1\n\tb = @\n", line: 2, column: 6, message: "unexpected '@'"),
  SyntaxCase(input: "a = (1, 2)\n", line: 1, column: 5, message: "unexpected '('"),
  SyntaxCase(input: "_a = 1\n", line: 1, column: 1, message: "unexpected '_'"),
  SyntaxCase(
    input: "a = 1\u{0C}\n", line: 1, column: 6,
    message: "control character 0x0C: only spaces and tabs separate xl tokens"),
  SyntaxCase(input: "a = 1\u{0}\n", line: 1, column: 6, message: "NUL byte: an xl config is text"),
  SyntaxCase(input: "a = \"x\u{0}\"\n", line: 1, column: 7, message: "NUL byte in a string"),
  SyntaxCase(input: "a = é\n", line: 1, column: 5, message: "byte 0xC3 outside a string"),
  SyntaxCase(input: "\u{FEFF}a = 1\n", line: 1, column: 1, message: "byte 0xEF outside a string"),
  SyntaxCase(
    input: "a = \"x\"\na += [ \"y\" ]\n", line: 2, column: 6, message: "'+=' adds a list to the single value 'a' holds"),
  SyntaxCase(
    input: "a = [ 1 ]\na += 2\n", line: 2, column: 6, message: "'+=' adds a single value to the list 'a' holds"),
]

@Suite("xl config parser: refused syntax")
struct XLConfigSyntaxErrorTests {
  @Test(arguments: syntaxCases)
  func errorHasPositionAndMessage(_ testCase: SyntaxCase) throws {
    let parsed = parseXL(testCase.input)
    #expect(parsed.config == nil)
    let first = try #require(parsed.diagnostics.first)
    #expect(first.code == .xlSyntax)
    #expect(first.severity == .error)
    #expect(first.file == "guest.cfg")
    #expect(first.line == testCase.line, "\(parsed.diagnostics.summary)")
    #expect(first.column == testCase.column, "\(parsed.diagnostics.summary)")
    #expect(first.message.contains(testCase.message), "\(first.message)")
    #expect(first.message.first?.isUppercase != true || first.message.hasPrefix("NUL"))
    #expect(!first.message.hasSuffix("."))
  }

  @Test func invalidUTF8InAStringIsReported() throws {
    let parsed = parseXL(bytes: Array("name = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8))
    #expect(parsed.config == nil)
    #expect(parsed.diagnostics.count == 1)
    let finding = try #require(parsed.diagnostics.first)
    #expect(finding.message == "string is not valid UTF-8: save the file as UTF-8")
    #expect((finding.line, finding.column) == (1, 8))
  }

  @Test func softProblemsAreAllReportedThenTheFatalOne() {
    let parsed = parseXL("a = \"\\q\"\nb = \"\\x41\"\nc = [ \"a\" ]\nc += \"b\"\nd = 1 2\ne = \"\\z\"\n")
    #expect(parsed.config == nil)
    // The statement error on line 5 stops the parse: line 6 is never read.
    #expect(parsed.diagnostics.map { [$0.line ?? 0, $0.column ?? 0] } == [[1, 6], [2, 6], [4, 6], [5, 7]])
  }

  @Test func tabsCountAsOneColumn() throws {
    let finding = try #require(parseXL("\t\ta\t=\thvm\n").diagnostics.first)
    #expect((finding.line, finding.column) == (1, 7))
  }
}

// MARK: Parser: hostile input

@Suite("xl config parser: hostile input")
struct XLConfigHostileTests {
  @Test func hundredThousandNestedListsStopAtTheLimit() throws {
    let parsed = parseXL("a = " + String(repeating: "[", count: 100_000))
    #expect(parsed.config == nil)
    #expect(parsed.diagnostics.count == 1)
    let finding = try #require(parsed.diagnostics.first)
    #expect(finding.code == .xlSyntax)
    #expect(finding.message == "lists nest more than 256 deep: numaschema reads no deeper")
    #expect((finding.line, finding.column) == (1, 5 + XLConfigParser.maximumNesting))
  }

  @Test func nestingUpToTheLimitIsFine() throws {
    let depth = XLConfigParser.maximumNesting
    let text = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    let config = try #require(parseXL(text).config)
    var value = try #require(config.value("a"))
    var levels = 0
    while let items = value.listItems {
      levels += 1
      guard let first = items.first else { break }
      value = first
    }
    #expect(levels == depth)
  }

  @Test func deepNestingWithClosersAndNewlinesIsStillCapped() {
    let text = "a = " + String(repeating: "[\n", count: 100_000) + String(repeating: "]\n", count: 100_000)
    let parsed = parseXL(text)
    #expect(parsed.diagnostics.map(\.line) == [XLConfigParser.maximumNesting + 1])
  }

  @Test func unterminatedStringOfAMegabyte() throws {
    let parsed = parseXL("a = \"" + String(repeating: "x", count: 1_000_000))
    let finding = try #require(parsed.diagnostics.first)
    #expect(finding.message.hasPrefix("unterminated string"))
    #expect((finding.line, finding.column) == (1, 5))
  }

  @Test func unterminatedListOfManyElements() throws {
    let parsed = parseXL("vnuma = [\n" + String(repeating: "  [ \"pnode=0\" ],\n", count: 50_000))
    let finding = try #require(parsed.diagnostics.first)
    #expect(finding.message == "list is never closed: add ']'")
    #expect((finding.line, finding.column) == (1, 9))
  }

  @Test func fiveThousandDigitNumberStaysText() throws {
    let digits = "9" + String(repeating: "0", count: 4_999)
    let config = try #require(parseXL("memory = \(digits)\n").config)
    #expect(config.value("memory")?.atomText == digits)
    let expected = try #require(parseXL("name = \"g\"\nmemory = \(digits)\n").config)
    let imported = XLImporter.domainXML(from: expected, file: "guest.cfg")
    #expect(imported.xml == nil)
    #expect(imported.diagnostics.xlCodes == [.xlValueInvalid])
    #expect(imported.diagnostics.first?.message.contains("too large") == true)
    #expect((imported.diagnostics.first?.message.count ?? 0) < 200)
  }

  @Test func nulBytesAndInvalidUTF8AreCleanDiagnostics() {
    for bytes: [UInt8] in [
      [0], [0x61, 0x00], [0xFF, 0xFE], [0x61, 0x20, 0x3D, 0x20, 0xC0, 0xAF], Array("a = \"\u{0}\u{0}\"".utf8),
    ] {
      let parsed = parseXL(bytes: bytes)
      #expect(parsed.config == nil)
      #expect(!parsed.diagnostics.isEmpty)
      #expect(parsed.diagnostics.allSatisfy { $0.line != nil && $0.column != nil && $0.code == .xlSyntax })
    }
  }

  @Test func hundredThousandDistinctKeysImportInOnePass() throws {
    var text = "name = \"g\"\n"
    for index in 0..<100_000 { text += "k\(index) = 1\n" }
    let config = try #require(parseXL(text).config)
    let result = XLImporter.domainXML(from: config, file: "guest.cfg")
    #expect(result.xml != nil)
    #expect(result.diagnostics.count == 100_000)
    #expect(result.diagnostics.last?.line == 100_001)
  }

  @Test func randomBytesNeverCrashAndAlwaysExplain() {
    // A fixed-seed generator over xl's own characters plus a few hostile bytes.
    let alphabet = Array("ab=+[],;#\"'\\ \t\n\r0x9-Z.é".utf8) + [0, 0xFF]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2_000 {
      var bytes: [UInt8] = []
      for _ in 0..<64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(alphabet[Int(state >> 33) % alphabet.count])
      }
      let parsed = parseXL(bytes: bytes)
      #expect((parsed.config == nil) == !parsed.diagnostics.isEmpty)
      #expect(parsed.diagnostics.allSatisfy { ($0.line ?? 0) >= 1 && ($0.column ?? 0) >= 1 })
      if let config = parsed.config {
        _ = XLImporter.domainXML(from: config, file: "fuzz.cfg")
      }
    }
  }
}

// MARK: Importer: libvirt's vnuma scenarios

@Suite("xl importer: libvirt's vnuma scenarios")
struct XLImporterScenarioTests {
  static let header = """
    name = "numa-guest"
    uuid = "0F3E22C4-6A1B-4D2E-9C55-2B7E4F81A0D3"
    maxmem = 8192
    memory = 8192
    vcpus = 8
    builder = "hvm"
    acpi = 1
    on_reboot = "restart"
    vif = [ "mac=00:16:3e:00:00:01,bridge=br0" ]

    """

  func cell(_ id: Int, _ cpus: String, _ row: [Int]?) -> String {
    guard let row else { return "      <cell id='\(id)' cpus='\(cpus)' memory='2097152' unit='KiB'/>\n" }
    var text = "      <cell id='\(id)' cpus='\(cpus)' memory='2097152' unit='KiB'>\n        <distances>\n"
    for (sibling, value) in row.enumerated() { text += "          <sibling id='\(sibling)' value='\(value)'/>\n" }
    return text + "        </distances>\n      </cell>\n"
  }

  func domain(memoryMiB: Int, vcpus: String, cells: String) -> String {
    """
    <domain type='xen'>
      <name>numa-guest</name>
      <uuid>0f3e22c4-6a1b-4d2e-9c55-2b7e4f81a0d3</uuid>
      <memory unit='KiB'>\(memoryMiB * 1024)</memory>
      <currentMemory unit='KiB'>\(memoryMiB * 1024)</currentMemory>
      \(vcpus)
      <os>
        <type>hvm</type>
      </os>
      <cpu>
        <numa>
    \(cells)    </numa>
      </cpu>
    </domain>

    """
  }

  func expectOnlyUnconvertedWarnings(_ diagnostics: [Diagnostic]) {
    #expect(
      diagnostics.map { $0.message.prefix(while: { $0 != ":" }) } == [
        "'acpi' is not converted", "'on_reboot' is not converted", "'vif' is not converted",
      ])
    #expect(diagnostics.allSatisfy { $0.code == .xlUnknownKey && $0.severity == .warning })
  }

  @Test func fullMatrix() throws {
    let cfg =
      Self.header
        + """
        vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,21,31,41" ],
                  [ "pnode=1", "size=2048", "vcpus=2-3", "vdistances=21,10,21,31" ],
                  [ "pnode=2", "size=2048", "vcpus=4-5", "vdistances=31,21,10,21" ],
                  [ "pnode=3", "size=2048", "vcpus=6-7", "vdistances=41,31,21,10" ] ]

        """
    let result = try importXL(cfg)
    expectOnlyUnconvertedWarnings(result.diagnostics)
    let cells =
      cell(0, "0-1", [10, 21, 31, 41]) + cell(1, "2-3", [21, 10, 21, 31]) + cell(2, "4-5", [31, 21, 10, 21])
      + cell(3, "6-7", [41, 31, 21, 10])
    let xml = try #require(result.xml)
    #expect(xml == domain(memoryMiB: 8192, vcpus: "<vcpu placement='static'>8</vcpu>", cells: cells))
    let report = validate(xml)
    #expect(report.diagnostics == [])
    #expect(
      report.guest?.numa?.distances.rows == [
        [10, 21, 31, 41], [21, 10, 21, 31], [31, 21, 10, 21], [41, 31, 21, 10],
      ])
  }

  @Test func autocompleteFromTheRowsGiven() throws {
    // Six vnodes with split vCPU sets; the last vnode gives no row and is completed by mirroring.
    let rows = [
      [10, 21, 31, 41, 51, 61], [21, 10, 21, 31, 41, 51], [31, 21, 10, 21, 31, 41], [41, 31, 21, 10, 21, 31],
      [51, 41, 31, 21, 10, 21],
    ]
    let cpus = ["0,11", "1,10", "2,9", "3,8", "4,7", "5-6"]
    var vnodes: [String] = []
    for index in 0..<6 {
      var entries = ["\"pnode=\(index)\"", "\"size=2048\"", "\"vcpus=\(cpus[index])\""]
      if index < 5 { entries.append("\"vdistances=\(rows[index].map(String.init).joined(separator: ","))\"") }
      vnodes.append("[ " + entries.joined(separator: ", ") + " ]")
    }
    let cfg =
      Self.header.replacingOccurrences(of: "maxmem = 8192", with: "maxmem = 12288")
      .replacingOccurrences(of: "memory = 8192", with: "memory = 12288")
      .replacingOccurrences(of: "vcpus = 8", with: "vcpus = 12")
      + "vnuma = [ " + vnodes.joined(separator: ",\n          ") + " ]\n"
    let result = try importXL(cfg)
    expectOnlyUnconvertedWarnings(result.diagnostics)
    var cells = ""
    for index in 0..<6 { cells += cell(index, cpus[index], index < 5 ? rows[index] : nil) }
    let xml = try #require(result.xml)
    #expect(xml == domain(memoryMiB: 12288, vcpus: "<vcpu placement='static'>12</vcpu>", cells: cells))
    let report = validate(xml)
    #expect(report.diagnostics == [])
    #expect(report.guest?.numa?.distances.rows.last == [61, 51, 41, 31, 21, 10])
  }

  @Test func noDistances() throws {
    let cfg =
      Self.header
        + """
        vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1" ], [ "pnode=1", "size=2048", "vcpus=2-3" ],
                  [ "pnode=2", "size=2048", "vcpus=4-5" ], [ "pnode=3", "size=2048", "vcpus=6-7" ] ]

        """
    let result = try importXL(cfg)
    expectOnlyUnconvertedWarnings(result.diagnostics)
    let cells = cell(0, "0-1", nil) + cell(1, "2-3", nil) + cell(2, "4-5", nil) + cell(3, "6-7", nil)
    let xml = try #require(result.xml)
    #expect(xml == domain(memoryMiB: 8192, vcpus: "<vcpu placement='static'>8</vcpu>", cells: cells))
    let report = validate(xml)
    #expect(report.diagnostics == [])
    #expect(report.guest?.numa?.distances[2, 3] == 20)
    #expect(report.guest?.numa?.distances[3, 3] == 10)
  }

  @Test func partialDistances() throws {
    let cfg =
      Self.header
        + """
        vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,21,31,41" ],
                  [ "pnode=1", "size=2048", "vcpus=2-3" ],
                  [ "pnode=2", "size=2048", "vcpus=4-5" ],
                  [ "pnode=3", "size=2048", "vcpus=6-7" ] ]

        """
    let result = try importXL(cfg)
    expectOnlyUnconvertedWarnings(result.diagnostics)
    let cells = cell(0, "0-1", [10, 21, 31, 41]) + cell(1, "2-3", nil) + cell(2, "4-5", nil) + cell(3, "6-7", nil)
    let xml = try #require(result.xml)
    #expect(xml == domain(memoryMiB: 8192, vcpus: "<vcpu placement='static'>8</vcpu>", cells: cells))
    let report = validate(xml)
    #expect(report.diagnostics == [])
    // libvirt's test: the rows become 21,10,20,20 / 31,20,10,20 / 41,20,20,10.
    #expect(
      report.guest?.numa?.distances.rows == [
        [10, 21, 31, 41], [21, 10, 20, 20], [31, 20, 10, 20], [41, 20, 20, 10],
      ])
  }
}

// MARK: Importer: each rule

@Suite("xl importer: keys and values")
struct XLImporterValueTests {
  @Test func minimalGuestGetsLibvirtsDefaults() throws {
    let result = try importXL("name = \"tiny\"\n")
    #expect(result.diagnostics == [])
    #expect(
      result.xml == """
        <domain type='xen'>
          <name>tiny</name>
          <memory unit='KiB'>131072</memory>
          <currentMemory unit='KiB'>131072</currentMemory>
          <vcpu placement='static'>1</vcpu>
          <os>
            <type>xen</type>
          </os>
        </domain>

        """)
    #expect(validate(try #require(result.xml)).diagnostics == [])
  }

  @Test func unconvertedKeysAreWarningsAtTheirFirstSetting() throws {
    let result = try importXL("name = \"g\"\ndisk = [ \"x\" ]\nkernel = \"/boot/vmlinuz\"\ndisk += [ \"y\" ]\n")
    #expect(result.xml != nil)
    #expect(result.diagnostics.xlCodes == [.xlUnknownKey, .xlUnknownKey])
    #expect(result.diagnostics.map(\.line) == [2, 3])
    #expect(result.diagnostics.map(\.column) == [1, 1])
    #expect(
      result.diagnostics.first?.message
        == "'disk' is not converted: numaschema carries only name, uuid, type, builder, memory, maxmem, vcpus, maxvcpus and vnuma"
    )
    #expect(!validate(try #require(result.xml), strict: false).codes.contains(.xmlNotWellFormed))
  }

  @Test func nearMissKeysGetASpellingHint() throws {
    let result = try importXL("name = \"g\"\nmaxvcpu = 8\nvnume = []\nvnc = 1\n")
    #expect(result.diagnostics.map { $0.message.contains("if you meant") } == [true, true, false])
    #expect(result.diagnostics[0].message.hasSuffix("if you meant 'maxvcpus', fix the spelling"))
    #expect(result.diagnostics[1].message.hasSuffix("if you meant 'vnuma', fix the spelling"))
  }

  @Test func nameIsRequired() throws {
    let result = try importXL("memory = 1024\n")
    #expect(result.xml == nil)
    #expect(result.diagnostics.xlCodes == [.xlNameMissing])
    #expect(result.diagnostics.first?.line == nil)
  }

  @Test(arguments: [
    ("name = [ \"a\" ]\n", "'name' is a list, but should be a single value"),
    ("name = \"\"\n", "'name' is empty"),
    ("name = \"a\\nb\"\n", "'name' spans lines"),
    ("name = \"bell\\a\"\n", "'name' holds character U+7, which XML cannot carry"),
  ])
  func badNames(input: String, message: String) throws {
    let result = try importXL(input)
    #expect(result.xml == nil)
    #expect(result.diagnostics.xlCodes == [.xlValueInvalid])
    #expect(result.diagnostics.first?.message.hasPrefix(message) == true, "\(result.diagnostics.summary)")
    #expect(result.diagnostics.first?.line == 1)
    #expect(result.diagnostics.first?.column == 8)
  }

  @Test func numericNameIsAnAtomLikeAnyOther() throws {
    let result = try importXL("name = 42\n")
    #expect(result.xml?.contains("<name>42</name>") == true)
  }

  @Test func nameIsEscapedForXML() throws {
    let result = try importXL("name = \"a&b <c> 'd' \\\"e\\\"\"\n")
    let xml = try #require(result.xml)
    #expect(xml.contains("<name>a&amp;b &lt;c&gt; &apos;d&apos; &quot;e&quot;</name>"))
    #expect(validate(xml).guest?.name == "a&b <c> 'd' \"e\"")
  }

  @Test func uuidIsCheckedAndLowercased() throws {
    let good = try importXL("name = \"g\"\nuuid = \"C7A5FDB2-cdaf-9455-926A-d65c16db1809\"\n")
    #expect(good.xml?.contains("<uuid>c7a5fdb2-cdaf-9455-926a-d65c16db1809</uuid>") == true)
    for bad in [
      "c7a5fdb2cdaf9455926ad65c16db1809", "c7a5fdb2-cdaf-9455-926a-d65c16db180", "g7a5fdb2-cdaf-9455-926a-d65c16db1809",
    ] {
      let result = try importXL("name = \"g\"\nuuid = \"\(bad)\"\n")
      #expect(result.xml == nil)
      #expect(result.diagnostics.xlCodes == [.xlValueInvalid])
      #expect(result.diagnostics.first?.message.contains("8-4-4-4-12") == true)
      #expect((result.diagnostics.first?.line, result.diagnostics.first?.column) == (2, 8))
    }
  }

  @Test(arguments: [
    ("", "xen"), ("type = \"pv\"\n", "xen"), ("type = \"pvh\"\n", "xenpvh"), ("type = \"hvm\"\n", "hvm"),
    ("builder = \"hvm\"\n", "hvm"), ("builder = \"generic\"\n", "xen"), ("builder = \"linux\"\n", "xen"),
    ("type = \"pvh\"\nbuilder = \"hvm\"\n", "xenpvh"),
  ])
  func osTypeFollowsTypeThenBuilder(settings: String, osType: String) throws {
    let result = try importXL("name = \"g\"\n" + settings)
    #expect(result.diagnostics == [])
    #expect(result.xml?.contains("<os>\n    <type>\(osType)</type>\n  </os>") == true)
  }

  @Test func unknownTypeIsAnError() throws {
    let result = try importXL("name = \"g\"\ntype = \"hvmx\"\n")
    #expect(result.xml == nil)
    #expect(result.diagnostics.xlCodes == [.xlValueInvalid])
    #expect(result.diagnostics.first?.message == "'type' is 'hvmx': the guest types are \"pv\", \"pvh\" and \"hvm\"")
  }

  @Test(arguments: [
    ("memory = 1024\n", 1024, 1024), ("maxmem = 4096\n", 4096, 4096), ("memory = 1024\nmaxmem = 4096\n", 4096, 1024),
    ("memory = 8192\nmaxmem = 4096\n", 4096, 4096), ("memory = \"2048\"\n", 2048, 2048),
    ("memory = \" 512\"\n", 512, 512),
  ])
  func memoryAndMaxmem(settings: String, totalMiB: Int, currentMiB: Int) throws {
    let result = try importXL("name = \"g\"\n" + settings)
    #expect(result.diagnostics == [])
    let xml = try #require(result.xml)
    #expect(xml.contains("<memory unit='KiB'>\(totalMiB * 1024)</memory>"))
    #expect(xml.contains("<currentMemory unit='KiB'>\(currentMiB * 1024)</currentMemory>"))
  }

  @Test func nonDecimalNumbersAreReadAsXLReadsThem() throws {
    let result = try importXL("name = \"g\"\nmemory = 010\nmaxmem = 0x400\nvcpus = \"0X2\"\n")
    #expect(result.diagnostics.xlCodes == [.xlNumberNotDecimal, .xlNumberNotDecimal, .xlNumberNotDecimal])
    #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    #expect(
      result.diagnostics[0].message == "'memory' is 010, which xl reads as octal (8) but libvirt as decimal: write 8")
    #expect(
      result.diagnostics[1].message == "'maxmem' is 0x400, which xl reads as hex (1024) and libvirt refuses: write 1024"
    )
    #expect((result.diagnostics[1].line, result.diagnostics[1].column) == (3, 10))
    let xml = try #require(result.xml)
    #expect(xml.contains("<currentMemory unit='KiB'>8192</currentMemory>"))
    #expect(xml.contains("<memory unit='KiB'>1048576</memory>"))
    #expect(xml.contains("<vcpu placement='static'>2</vcpu>"))
  }

  @Test(arguments: [
    ("memory = \"lots\"\n", "'memory' is 'lots', which is not a number"),
    ("memory = 1e5\n", "'memory' is '1e5', which is not a number"),
    ("memory = 09\n", "'memory' is '09', which is not a number"),
    ("memory = 0x\n", "'memory' is '0x', which is not a number"),
    ("memory = \"\"\n", "'memory' is '', which is not a number"),
    ("memory = \"-5\"\n", "'memory' is '-5': it must not be negative"),
    ("memory = 0\n", "'memory' is 0: it must be at least 1"),
    ("maxmem = 8796093022208\n", "'maxmem' is 8796093022208, too large: at most 8796093022207"),
    ("memory = 99999999999999999999\n", "'memory' is 99999999999999999999, too large"),
    ("vcpus = 65536\n", "'vcpus' is 65536, too large: at most 65535"),
    ("maxvcpus = [ 4 ]\n", "'maxvcpus' is a list, but should be a single value"),
    ("memory = 512\nmemory += 512\n", "'memory' is set with '+=': xl refuses '+=' for a number; use '='"),
    ("vcpus = 8\nmaxvcpus = 4\n", "vcpus is 8 but maxvcpus is 4: xl refuses more vCPUs at boot than the maximum"),
  ])
  func invalidNumbers(settings: String, message: String) throws {
    // The finding is on the value, or on the '+=' statement xl refuses.
    let line = settings.contains("+=") ? 3 : 2
    let result = try importXL("name = \"g\"\n" + settings)
    #expect(result.xml == nil)
    #expect(result.diagnostics.xlCodes == [.xlValueInvalid], "\(result.diagnostics.summary)")
    #expect(result.diagnostics.first?.message.hasPrefix(message) == true, "\(result.diagnostics.summary)")
    #expect(result.diagnostics.first?.line == line)
  }

  @Test func vcpusAndMaxvcpusAsLibvirtWritesThem() throws {
    let both = try importXL("name = \"g\"\nvcpus = 2\nmaxvcpus = 8\n")
    #expect(both.xml?.contains("<vcpu placement='static' current='2'>8</vcpu>") == true)
    let onlyMax = try importXL("name = \"g\"\nmaxvcpus = 4\n")
    #expect(onlyMax.xml?.contains("<vcpu placement='static' current='1'>4</vcpu>") == true)
    let equal = try importXL("name = \"g\"\nvcpus = 4\nmaxvcpus = 4\n")
    #expect(equal.xml?.contains("<vcpu placement='static'>4</vcpu>") == true)
    #expect(validate(try #require(both.xml)).diagnostics == [])
  }
}

@Suite("xl importer: vnuma rules")
struct XLImporterVNUMATests {
  func run(_ vnuma: String, extra: String = "vcpus = 4\n") throws -> (xml: String?, diagnostics: [Diagnostic]) {
    try importXL(vnumaConfig(vnuma, extra: extra))
  }

  @Test func wellFormedVNUMAConverts() throws {
    let result = try run(twoVNodes)
    #expect(result.diagnostics == [])
    let xml = try #require(result.xml)
    #expect(xml.contains("<memory unit='KiB'>2097152</memory>"))
    #expect(xml.contains("<cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>"))
    #expect(xml.contains("<cell id='1' cpus='2-3' memory='1048576' unit='KiB'/>"))
    #expect(validate(xml).diagnostics == [])
  }

  @Test func spacesAroundKeysAndValuesAreTrimmedAsXLDoes() throws {
    let result = try run(#"[ [ "pnode = 0", "size= 1024", "vcpus =0-3", "vdistances=10" ] ]"#)
    #expect(result.diagnostics == [])
    #expect(result.xml?.contains("<cell id='0' cpus='0-3' memory='1048576' unit='KiB'>") == true)
  }

  @Test func memoryIsTheSumOfTheVNodesAndMaxmemMustMatch() throws {
    let matching = try run(twoVNodes, extra: "vcpus = 4\nmaxmem = 2048\nmemory = 1024\n")
    #expect(matching.diagnostics == [])
    #expect(matching.xml?.contains("<memory unit='KiB'>2097152</memory>") == true)
    #expect(matching.xml?.contains("<currentMemory unit='KiB'>1048576</currentMemory>") == true)
    let clamped = try run(twoVNodes, extra: "vcpus = 4\nmemory = 8192\n")
    #expect(clamped.diagnostics == [])
    #expect(clamped.xml?.contains("<currentMemory unit='KiB'>2097152</currentMemory>") == true)
    // xl refuses it; libvirt converts it, keeping maxmem as <memory>.
    let mismatch = try run(twoVNodes, extra: "vcpus = 4\nmaxmem = 8192\n")
    #expect(mismatch.xml?.contains("<memory unit='KiB'>8388608</memory>") == true)
    #expect(mismatch.xml?.contains("<cell id='0' cpus='0-1' memory='1048576' unit='KiB'") == true)
    #expect(mismatch.diagnostics.xlCodes == [.xlVNUMAMemoryMismatch])
    #expect(mismatch.diagnostics.first?.severity == .warning)
    #expect(
      mismatch.diagnostics.first?.message
        == "maxmem is 8192 MiB but the vnodes add up to 2048 MiB: xl refuses this (maxmem and vnuma memory size mismatch); libvirt converts it as written, <memory> 8192 MiB and the cells as given, and takes the cells' 2048 MiB when the guest is defined; set maxmem = 2048 or remove it"
    )
    #expect((mismatch.diagnostics.first?.line, mismatch.diagnostics.first?.column) == (4, 10))
  }

  @Test func vnumaOnAPVGuestIsAWarning() throws {
    let result = try importXL("name = \"g\"\nvcpus = 4\nvnuma = \(twoVNodes)\n")
    #expect(result.xml != nil)
    #expect(result.diagnostics.xlCodes == [.xlVNUMAOnPV])
    #expect(result.diagnostics.first?.severity == .warning)
    #expect((result.diagnostics.first?.line, result.diagnostics.first?.column) == (3, 1))
    let pvh = try importXL("name = \"g\"\ntype = \"pvh\"\nvcpus = 4\nvnuma = \(twoVNodes)\n")
    #expect(pvh.diagnostics == [])
  }

  struct RuleCase: CustomTestStringConvertible, Sendable {
    var vnuma: String
    var extra = "vcpus = 4\n"
    var code: DiagnosticCode
    var message: String
    /// Line 4 is the vnuma line; the column of the value at fault.
    var column: Int
    var testDescription: String { message }
  }

  static let ruleCases: [RuleCase] = [
    RuleCase(
      vnuma: #""pnode=0""#, code: .xlVNUMAFormat,
      message:
        "vnuma is not a list: write vnuma = [ [ \"pnode=0\", \"size=1024\", \"vcpus=0-1\" ], … ], one list per vnode",
      column: 9),
    RuleCase(vnuma: "[]", code: .xlVNUMAFormat, message: "vnuma is an empty list", column: 9),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3" ], "pnode=1" ]"#, code: .xlVNUMAFormat,
      message: "vnode 1 is not a list: each vnode is a list of \"KEY=VALUE\" strings", column: 52),
    RuleCase(
      vnuma: #"[ [ "pnode=0", 1024, "vcpus=0-3" ] ]"#, code: .xlVNUMAFormat,
      message: "entry 2 of vnode 0 is a number, not a \"KEY=VALUE\" string", column: 24),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3", [ "x" ] ] ]"#, code: .xlVNUMAFormat,
      message: "entry 4 of vnode 0 is a list", column: 50),
    RuleCase(
      vnuma: #"[ [ "pnode0", "size=1024", "vcpus=0-3" ] ]"#, code: .xlVNUMAFormat,
      message: "vnode 0 has 'pnode0', which is not KEY=VALUE: the keys are pnode, size, vcpus and vdistances",
      column: 13),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=", "vcpus=0-3" ] ]"#, code: .xlVNUMAFormat,
      message: "vnode 0 gives 'size=' without a value", column: 24),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "cpus=0-3" ] ]"#, code: .xlVNUMAFormat,
      message: "vnode 0 has unknown key 'cpus': the keys are pnode, size, vcpus and vdistances", column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3", "size=512" ] ]"#, code: .xlVNUMAFormat,
      message: "vnode 0 gives size twice: give each key once", column: 50),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024" ] ]"#, code: .xlVNUMAIncomplete,
      message: "vnode 0 lacks vcpus: every vnode needs pnode, size and vcpus", column: 11),
    RuleCase(
      vnuma: #"[ [ "vdistances=10" ] ]"#, code: .xlVNUMAIncomplete,
      message: "vnode 0 lacks pnode, size and vcpus", column: 11),
    RuleCase(
      vnuma: #"[ [ "pnode=2", "size=1024", "vcpus=0-1" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMAPNodeInvalid,
      message: "vnode 0 has pnode=2: libvirt accepts pnode 0 to 1 only (below the number of vnodes)", column: 13),
    RuleCase(
      vnuma: #"[ [ "pnode=x", "size=1024", "vcpus=0-3" ] ]"#, code: .xlVNUMAPNodeInvalid,
      message: "vnode 0 has pnode 'x', which is not a decimal node number", column: 13),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1G", "vcpus=0-3" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has size '1G', which is not a decimal number of MiB", column: 24),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=0", "vcpus=0-3" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has size 0: a vnode needs memory (in MiB)", column: 24),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=99999999999999999999", "vcpus=0-3" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has size 99999999999999999999 MiB", column: 24),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3,^2" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has vcpus '0-3,^2': xl reads N or N-M items separated by commas, without spaces or '^'",
      column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0, 1" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has vcpus '0, 1'", column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3," ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has vcpus '0-3,'", column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=3-1" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has vcpus '3-1': range 3-1 runs backwards", column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=16384" ] ]"#, code: .xlVNUMAValueInvalid,
      message: "vnode 0 has vcpus '16384': vCPU 16384 is beyond the largest id 16383", column: 37),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMADistancesCount,
      message:
        "vnode 0 gives 1 distance ('10') for 2 vnodes: vdistances needs one value per vnode, its own included",
      column: 50),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-3", "vdistances=10,20" ] ]"#, code: .xlVNUMADistancesCount,
      message: "vnode 0 gives 2 distances ('10,20') for 1 vnode", column: 50),
    RuleCase(
      vnuma:
        #"[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10,256" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMADistanceInvalid,
      message: "distance from vnode 0 to vnode 1 is '256': distances are whole numbers from 10 to 255", column: 50),
    RuleCase(
      vnuma:
        #"[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10,x" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMADistanceInvalid, message: "distance from vnode 0 to vnode 1 is 'x'", column: 50),
    RuleCase(
      vnuma:
        #"[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=20,21" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMADistanceInvalid,
      message: "distance from vnode 0 to itself is 20: a vnode's local distance must be 10", column: 50),
    RuleCase(
      vnuma:
        #"[ [ "pnode=0", "size=1024", "vcpus=0-1", "vdistances=10,10" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMADistanceInvalid,
      message: "distance from vnode 0 to vnode 1 is 10, the local distance: a remote vnode must be farther than 10",
      column: 50),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-2" ], [ "pnode=1", "size=1024", "vcpus=2-3" ] ]"#,
      code: .xlVNUMAVCPUsOverlap,
      message: "vnode 1 lists vCPU 2, already in vnode 0: a vCPU belongs to one vnode only", column: 78),
    RuleCase(
      vnuma: twoVNodes, extra: "vcpus = 2\n", code: .xlVNUMAVCPUsExceed,
      message:
        "vnuma places 4 vCPUs but the guest has at most 2 (vcpus, as there is no maxvcpus): set maxvcpus = 4 or list fewer vcpus",
      column: 9),
    RuleCase(
      vnuma: twoVNodes, extra: "maxvcpus = 3\n", code: .xlVNUMAVCPUsExceed,
      message: "vnuma places 4 vCPUs but maxvcpus is 3: set maxvcpus = 4", column: 9),
    RuleCase(
      vnuma: twoVNodes, extra: "", code: .xlVNUMAVCPUsExceed,
      message: "vnuma places 4 vCPUs but the guest has 1 (neither vcpus nor maxvcpus is set)", column: 9),
    RuleCase(
      vnuma: #"[ [ "pnode=0", "size=1024", "vcpus=0-1" ], [ "pnode=1", "size=1024", "vcpus=6-7" ] ]"#,
      code: .xlVNUMAVCPUsExceed,
      message: "vnode 1 lists vCPU 7, but the guest has 4 vCPUs (0 to 3): raise maxvcpus or renumber", column: 78),
  ]

  @Test(arguments: ruleCases)
  func ruleIsReportedAtTheValue(_ rule: RuleCase) throws {
    let result = try run(rule.vnuma, extra: rule.extra)
    #expect(result.xml == nil)
    #expect(result.diagnostics.xlCodes == [rule.code], "\(result.diagnostics.summary)")
    let finding = try #require(result.diagnostics.first)
    #expect(finding.severity == .error)
    #expect(finding.message.hasPrefix(rule.message), "\(finding.message)")
    let vnumaLine = 3 + rule.extra.filter { $0 == "\n" }.count
    #expect(finding.line == vnumaLine)
    #expect(finding.column == rule.column)
  }

  @Test func everyBrokenVNodeIsReported() throws {
    let result = try run(#"[ [ "pnode=0", "size=0", "vcpus=0-1" ], [ "size=1024", "vcpus=x" ], [ "pnode=9" ] ]"#)
    #expect(result.xml == nil)
    #expect(
      result.diagnostics.xlCodes == [
        .xlVNUMAValueInvalid, .xlVNUMAIncomplete, .xlVNUMAValueInvalid, .xlVNUMAIncomplete, .xlVNUMAPNodeInvalid,
      ], "\(result.diagnostics.summary)")
  }

  @Test func vnumaBuiltWithPlusEqualsKeepsEachVNodesPosition() throws {
    let cfg = """
      name = "g"
      builder = "hvm"
      vcpus = 4
      vnuma = [ [ "pnode=0", "size=1024", "vcpus=0-1" ] ]
      vnuma += [ [ "pnode=1", "size=1024", "vcpus=1-3" ] ]

      """
    let result = try importXL(cfg)
    #expect(result.diagnostics.xlCodes == [.xlVNUMAVCPUsOverlap])
    #expect((result.diagnostics.first?.line, result.diagnostics.first?.column) == (5, 38))
  }

  @Test func everyXLCodeIsDocumentedAndWordedByTheRules() {
    let xlCodes = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("xl-") }
    #expect(xlCodes.count == 15)
    #expect(
      Set(xlCodes.filter { $0.defaultSeverity == .warning })
        == [.xlUnknownKey, .xlNumberNotDecimal, .xlVNUMAOnPV, .xlVNUMAMemoryMismatch])
  }
}

// MARK: The xl conformance inputs

/// The case folders under conformance/xl, each with an input.cfg.
let xlConformanceCases: [String] = {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("conformance/xl")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
  return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/input.cfg").path) }
    .sorted()
}()

func xlConformanceInput(_ name: String) throws -> [UInt8] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("conformance/xl/\(name)/input.cfg")
  return Array(try Data(contentsOf: url))
}

@Suite("xl conformance inputs do what their names say")
struct XLConformanceInputTests {
  @Test func everyXLCodeHasACase() {
    for code in DiagnosticCode.allCases where code.rawValue.hasPrefix("xl-") {
      #expect(xlConformanceCases.contains(code.rawValue), "no conformance/xl/\(code.rawValue)")
    }
    for scenario in ["vnuma-full", "vnuma-autocomplete", "vnuma-nodistances", "vnuma-partialdist"] {
      #expect(xlConformanceCases.contains(scenario))
    }
  }

  @Test(arguments: xlConformanceCases)
  func caseTriggersWhatItIsNamedAfter(_ name: String) throws {
    let parsed = XLConfigParser.parse(try xlConformanceInput(name), file: "input.cfg")
    var diagnostics = parsed.diagnostics
    var xml: String?
    if let config = parsed.config {
      let imported = XLImporter.domainXML(from: config, file: "input.cfg")
      diagnostics += imported.diagnostics
      xml = imported.xml
    }
    if name.hasSuffix("-strict"), let code = DiagnosticCode(rawValue: String(name.dropLast("-strict".count))) {
      // A warning's code run with --strict (case.toml): the warning, and nothing else.
      #expect(code.defaultSeverity == .warning)
      #expect(diagnostics.map(\.code) == [code], "\(diagnostics.summary)")
    } else if let code = DiagnosticCode(rawValue: name) {
      // Named after a code: that code and no other kind of error.
      #expect(diagnostics.contains { $0.code == code }, "\(diagnostics.summary)")
      #expect(diagnostics.filter { $0.severity == .error }.allSatisfy { $0.code == code }, "\(diagnostics.summary)")
      #expect((xml != nil) == (code.defaultSeverity == .warning))
    } else if name.hasPrefix("vnuma-") {
      let document = try #require(xml, "\(diagnostics.summary)")
      #expect(diagnostics.allSatisfy { $0.severity == .warning })
      #expect(validate(document).diagnostics == [])
    } else {
      // Hostile input: refused with a positioned finding.
      #expect(xml == nil)
      #expect(diagnostics.count == 1, "\(diagnostics.summary)")
      #expect(diagnostics.allSatisfy { $0.severity == .error && $0.line != nil && $0.column != nil })
    }
  }
}
