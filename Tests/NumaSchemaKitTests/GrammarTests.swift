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
    let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1024'/>\n</numa><numa><cell id='0' cpus='0-7' memory='1024'/>")
    #expect(!grammarCodes(xml).isEmpty)
  }

  @Test("devices and other parts libvirt owns are open")
  func openParts() {
    let xml = guest(
      numa: "<cell id='0' cpus='0-7' memory='1024'/>",
      extra: "<devices><disk type='file' device='disk'><future-element anything='goes'/></disk></devices><clock offset='utc'/><metadata><x:y xmlns:x='urn:x'/></metadata>")
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
    #expect(throws: GrammarError.self) { try Grammar(directory: FileManager.default.temporaryDirectory.path + "/no-such-grammar-dir") }
  }

  @Test("an include the loader does not serve makes the grammar fail to compile")
  func unservedIncludeFails() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-grammar-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = """
      <grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="/etc/missing.rng"/><start><element name="domain"><empty/></element></start></grammar>
      """
    try text.write(to: folder.appendingPathComponent("domain.rng"), atomically: true, encoding: .utf8)
    #expect(throws: GrammarError.self) { try Grammar(directory: folder.path) }
  }
}
