import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("the grammars on their own")
struct GrammarTests {
  static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("schemas")

  /// The grammar's own complaints (libxml2's), so that these tests speak about the grammar alone:
  /// a finding of the reader may stand for the same mistake in `validate`'s report.
  func grammarCodes(_ xml: String, grammar: Grammar? = nil) -> [GrammarViolation] {
    guard let document = ParsedDocument.parse(Array(xml.utf8), file: "g.xml").document else {
      return [GrammarViolation(line: nil, text: "not well-formed")]
    }
    return (grammar ?? sharedValidator.grammar).validate(document)
  }

  @Test(
    "accepts what libvirt's grammar accepts",
    arguments: [
      "<cell id='0' cpus='0-7' memory='1048576' unit='KiB' memAccess='shared' discard='yes'/>",
      "<cell cpus='0-7' memory='1' unit='G'/>",
      "<cell id='0' memory='1024'/><cell id='1' cpus='0-7' memory='1024'/>",
      "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='10'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'><cache level='1' associativity='direct' policy='writeback'><size value='10' unit='KiB'/><line value='8' unit='B'/></cache></cell>",
    ])
  func accepts(cells: String) {
    #expect(grammarCodes(guest(numa: cells)) == [])
  }

  @Test(
    "is strict inside <numa>",
    arguments: [
      "<cell id='0' cpus='0-7'/>",  // memory is required
      "<cell id='0' cpus='0-7' memory='1024' colour='red'/>",  // unknown attribute
      "<cell id='0' cpus='0-7' memory='-1'/>",  // malformed number
      "<cell id='0' cpus='0-7' memory='1.5'/>",
      "<cell id='0' cpus='0-3,' memory='1024'/>",  // the C parser takes a trailing comma, the grammar does not
      "<cell id='0' cpus='0-7' memory='1' unit='KiBs'/>",
      "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='9'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='256'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'><distances>text<sibling id='0' value='10'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='10'/></distances><distances><sibling id='0' value='10'/></distances></cell>",
      "<cell id='0' cpus='0-7' memory='1024'/><bogus/>",
    ])
  func rejects(cells: String) {
    #expect(!grammarCodes(guest(numa: cells)).isEmpty)
  }

  @Test("a second <numa> is an error")
  func secondNuma() {
    let xml = guest(
      numa: "<cell id='0' cpus='0-7' memory='1024'/>\n</numa><numa><cell id='0' cpus='0-7' memory='1024'/>")
    #expect(!grammarCodes(xml).isEmpty)
  }

  @Test("devices and other parts libvirt owns are open")
  func openParts() {
    let xml = guest(
      numa: "<cell id='0' cpus='0-7' memory='1024'/>",
      extra:
        "<devices><disk type='file' device='disk'><future-element anything='goes'/></disk></devices><clock offset='utc'/><metadata><x:y xmlns:x='urn:x'/></metadata>"
    )
    #expect(grammarCodes(xml) == [])
  }

  @Test("--schema DIR compiles the same grammars from a folder, includes served from memory")
  func compilesFromAFolder() throws {
    let grammar = try Grammar(directory: Self.schemas.path)
    #expect(grammar.origin == Self.schemas.path)
    #expect(grammarCodes(guest(numa: "<cell id='0' cpus='0-7' memory='1024'/>"), grammar: grammar) == [])
    #expect(!grammarCodes(guest(numa: "<cell id='0' cpus='0-7'/>"), grammar: grammar).isEmpty)
  }

  @Test("a folder without domain.rng is refused")
  func folderWithoutGrammar() {
    #expect(throws: GrammarError.self) {
      try Grammar(directory: FileManager.default.temporaryDirectory.path + "/no-such-grammar-dir")
    }
  }

  @Test("an include the loader does not serve makes the grammar fail to compile")
  func unservedIncludeFails() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "numaschema-grammar-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = """
      <grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="/etc/missing.rng"/><start><element name="domain"><empty/></element></start></grammar>
      """
    try text.write(to: folder.appendingPathComponent("domain.rng"), atomically: true, encoding: .utf8)
    #expect(throws: GrammarError.self) { try Grammar(directory: folder.path) }
  }
}

/// domain.rng tries common cpusets and memory units before their patterns (libxml2 compiles a
/// pattern again for every value it checks): the grammar must accept exactly what the patterns
/// alone accept, as libvirt's grammar states them.
@Suite("the grammar's fast paths")
struct GrammarFastPathTests {
  static func matchesCpusetPattern(_ value: String) -> Bool {
    value.wholeMatch(of: #/([0-9]+(-[0-9]+)?|\^[0-9]+)(,([0-9]+(-[0-9]+)?|\^[0-9]+))*/#) != nil
  }
  static func matchesUnitPattern(_ value: String) -> Bool {
    value.wholeMatch(of: #/([bB]([yY][tT][eE][sS]?)?)|([kKmMgGtTpPeE]([iI]?[bB])?)/#) != nil
  }

  /// Every string of up to `length` characters of `alphabet`.
  static func strings(of alphabet: [String], upTo length: Int) -> [String] {
    var all = [""]
    var previous = [""]
    for _ in 0..<length {
      previous = previous.flatMap { prefix in alphabet.map { prefix + $0 } }
      all += previous
    }
    return all
  }

  func grammarAccepts(cpus: String, unit: String) -> Bool {
    let cell = "<cell id='0' cpus='\(cpus)' memory='1024' unit='\(unit)'/>"
    guard let document = ParsedDocument.parse(Array(guest(numa: cell).utf8), file: "g.xml").document else {
      return false
    }
    return sharedValidator.grammar.validate(document).isEmpty
  }

  @Test("a cpuset is accepted exactly when its pattern matches it")
  func cpusets() {
    let values =
      Self.strings(of: ["0", "7", "-", ",", "^"], upTo: 5)
      + ["12-345", "0-3,8-11", "^3", "0-7,^2", "1 ", " 1", "0 - 3", "+1", "0x1", "١"]
    for cpus in values {
      #expect(grammarAccepts(cpus: cpus, unit: "KiB") == Self.matchesCpusetPattern(cpus), "\(cpus)")
    }
  }

  func grammarAccepts(_ xml: String) -> Bool {
    guard let document = ParsedDocument.parse(Array(xml.utf8), file: "g.xml").document else { return false }
    return sharedValidator.grammar.validate(document).isEmpty
  }

  /// Numbers of up to four characters over digits, signs and blanks, and long ones.
  static let numbers =
    strings(of: ["0", "1", "9", "+", "-", " "], upTo: 4)
    + ["10", "42", "007", "4294967295", "4294967296", "18446744073709551616", "1.0", "1e3", "٣", "\u{FF11}"]

  static func digitsOnly(_ value: String) -> Bool {
    !value.isEmpty && value.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  @Test("a 32-bit unsigned number (uintDec) is accepted exactly when it is digits up to 4294967295")
  func unsignedNumbers() {
    for level in Self.numbers {
      let cell =
        "<cell id='0' cpus='0-3' memory='1024'><cache level='\(level)' associativity='direct' policy='writeback'>"
        + "<size value='10' unit='KiB'/><line value='8' unit='B'/></cache></cell>"
      let expected = Self.digitsOnly(level) && UInt32(level) != nil
      #expect(grammarAccepts(guest(numa: cell)) == expected, "\(level)")
    }
  }

  @Test("a positive number (positiveDec) is accepted exactly when it is digits and not zero")
  func positiveNumbers() {
    for sockets in Self.numbers {
      let xml = """
        <domain type='kvm'><name>probe</name><vcpu>8</vcpu><os><type arch='x86_64'>hvm</type></os>
        <cpu><topology sockets='\(sockets)' cores='1' threads='1'/></cpu></domain>
        """
      let expected = Self.digitsOnly(sockets) && sockets.contains { $0 != "0" }
      #expect(grammarAccepts(xml) == expected, "\(sockets)")
    }
  }

  @Test("a memory unit is accepted exactly when its pattern matches it")
  func units() {
    let values =
      Self.strings(of: ["k", "K", "i", "I", "b", "B", "m", "g", "E", "y", "t", "x"], upTo: 3)
      + ["byte", "BYTE", "bYtEs", "bytes", "bytess", "KiB ", " KiB", "Kib", "kIB", "\u{212A}iB", "PiB", "eib"]
    for unit in values {
      #expect(grammarAccepts(cpus: "0-3", unit: unit) == Self.matchesUnitPattern(unit), "\(unit)")
    }
  }
}
