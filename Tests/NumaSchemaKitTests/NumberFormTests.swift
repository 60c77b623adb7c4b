import Testing

@testable import NumaSchemaKit

/// Numbers as libvirt 9.0.0 reads them: its grammar (XML Schema types, with a digits-only pattern
/// on most of them) and its C parser (strtol-style: blanks before the number skipped, after it
/// refused) must both accept a number for numaschema to accept it.
@Suite("numbers as libvirt reads them")
struct NumberFormTests {
  /// Two cells, cell 0 giving its distance to cell 1 as `value` and cell 1's memory as `memory`.
  func twoCells(value: String = "21", memory: String = "1024", id: String = "1") -> String {
    guest(
      numa: "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='\(id)' value='\(value)'/></distances></cell>"
        + "<cell id='1' cpus='4-7' memory='\(memory)'/>")
  }

  /// (A literal tab or newline in an attribute is a space once the XML parser has normalised it;
  /// a character reference keeps it.)
  @Test("a blank before a distance or a cell's memory is read, with a warning", arguments: [" 21", "&#9;21", "&#10;21"])
  func leadingBlankIsReadAndWarned(value: String) throws {
    let report = validate(twoCells(value: value, memory: " 1024"))
    #expect(report.isValid)
    #expect(report.codes == [.numaNumberForm, .numaNumberForm])
    let topology = try #require(report.guest?.numa)
    #expect(topology.distances[0, 1] == 21)
    #expect(topology.cells[1].memoryKiB == 1024)
  }

  @Test("a blank after a distance or a cell's memory is refused by the parser, and the message says so")
  func trailingBlankIsRefused() throws {
    let distance = validate(twoCells(value: "21 "))
    #expect(distance.codes == [.numaDistanceInvalid])
    let message = try #require(distance.diagnostics.first?.message)
    #expect(message.contains("a blank after the number"))
    #expect(validate(twoCells(memory: "1024 ")).codes == [.numaMemoryInvalid])
  }

  @Test("a sign is refused by the grammar although libvirt's parser reads it")
  func signIsAGrammarError() {
    #expect(validate(twoCells(value: "+21")).codes.contains(.rngInvalid))
    #expect(validate(twoCells(memory: "+1024")).codes.contains(.rngInvalid))
  }

  @Test("blanks around an id are refused by the grammar (a digits-only pattern), without a warning")
  func blankIdIsAGrammarError() {
    let report = validate(twoCells(id: " 1"))
    #expect(report.codes.contains(.rngInvalid))
    #expect(!report.codes.contains(.numaNumberForm))
  }

  @Test("a leading zero is decimal to libvirt; flagged only when octal would read it differently")
  func leadingZeros() throws {
    #expect(validate(twoCells(id: "01")).codes == [])
    let octal = validate(twoCells(value: "021"))
    #expect(octal.isValid)
    let finding = try #require(octal.diagnostics.first)
    #expect(finding.code == .numaNumberForm)
    #expect(finding.message.contains("'021' is 21 to libvirt"))
    #expect(finding.message.contains("octal, 17"))
    #expect(finding.message.hasSuffix("write '21'"))
    #expect(try #require(octal.guest?.numa).distances[0, 1] == 21)
    #expect(validate(twoCells(value: "021"), strict: true).isValid == false)
  }

  @Test("a tab in the number is shown as \\t in the message")
  func controlCharactersAreShown() throws {
    let finding = try #require(validate(twoCells(value: "&#9;21")).diagnostics.first)
    #expect(finding.message.hasPrefix("distance 0→1 is '\\t21'"))
  }

  @Test("plain forms drop every number's leading zeros", arguments: [
    ("00-03", "0-3"), ("0", "0"), ("000", "0"), ("010", "10"), ("0-07,^02", "0-7,^2"), ("100", "100"),
  ])
  func plainNumbers(text: String, plain: String) {
    #expect(Messages.plainNumbers(text) == plain)
  }
}
