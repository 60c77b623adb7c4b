import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("names the grammar takes: did you mean, every problem, each at its place")
struct GrammarNameTests {
  static let schemas = GrammarTests.schemas
  static let conformance = GrammarTests.schemas.deletingLastPathComponent().appendingPathComponent("conformance")

  func outline() throws -> GrammarOutline { try #require(sharedValidator.grammar.outline) }

  func grammarFindings(_ xml: String) -> [Diagnostic] {
    validate(xml).diagnostics.filter { $0.code == .rngInvalid }
  }

  @Test("the outline is the grammar's: a cell's attributes, the one it requires, what <numa> holds")
  func outlineIsReadFromTheGrammar() throws {
    let domain = try #require(try outline().place(root: "domain"))
    let cell = try #require(domain.child(named: "cpu")?.child(named: "numa")?.child(named: "cell"))
    #expect(cell.attributes == ["id", "cpus", "memory", "unit", "memAccess", "discard"])
    #expect(cell.requiredAttributes == ["memory"])
    #expect(cell.childNames == ["cache", "distances"])
    #expect(!cell.takesOtherChildren && !cell.takesAnyAttribute)
    // The HMAT cache of a cell and the CPU cache of <cpu> are two patterns named cache.
    #expect(cell.child(named: "cache")?.requiredAttributes == ["level", "associativity", "policy"])
    #expect(domain.child(named: "cpu")?.child(named: "cache")?.requiredAttributes == ["mode"])
    #expect(domain.child(named: "cpu")?.child(named: "numa")?.childNames == ["cell", "interconnects"])
    // Open where the grammar is open; a choice requires only what each branch requires.
    #expect(domain.takesOtherChildren)
    #expect(domain.child(named: "devices")?.takesOtherChildren == true)
    #expect(domain.child(named: "numatune")?.child(named: "memory")?.requiredAttributes == [])
    #expect(domain.child(named: "numatune")?.child(named: "memnode")?.requiredAttributes == ["cellid", "mode", "nodeset"])
  }

  @Test("a grammar folder's own names are the ones suggested and accepted")
  func outlineFollowsTheGrammarFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.schemas.path) where name.hasSuffix(".rng") {
      var text = try String(contentsOf: Self.schemas.appendingPathComponent(name), encoding: .utf8)
      if name == "cputypes.rng" {
        // A grammar that also takes <cell colour=…>.
        text = text.replacingOccurrences(
          of: "<attribute name=\"discard\">", with: "<attribute name=\"colour\"><text/></attribute></optional><optional><attribute name=\"discard\">")
      }
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let grammar = try Grammar(directory: folder.path)
    let cell = try #require(grammar.outline?.place(root: "domain")?.child(named: "cpu")?.child(named: "numa")?.child(named: "cell"))
    #expect(cell.attributes.contains("colour"))
    let validator = Validator(grammar: grammar)
    let report = validator.validate(
      bytes: Array(guest(numa: "<cell id='0' cpus='0-3' memory='1024' colour='blue'/><cell id='1' cpus='4-7' memory='1024' colur='x'/>").utf8),
      file: "g.xml")
    #expect(report.diagnostics.map(\.message) == ["<cell> has no attribute 'colur': did you mean 'colour'?"])
  }

  @Test(
    "a misspelt name gets the grammar's name at that place",
    arguments: [
      ("<cell id='0' cpus='0-7' memory='1024' memacess='shared'/>", "<cell> has no attribute 'memacess': did you mean 'memAccess'?"),
      ("<cell id='0' cpus='0-7' memory='1024'><distance><sibling id='0' value='10'/></distance></cell>",
       "<cell> has no child element <distance>: did you mean <distances>?"),
      ("<cell id='0' cpus='0-7' memory='1024'><distances><sibilng id='0' value='10'/></distances></cell>",
       "<distances> has no child element <sibilng>: did you mean <sibling>?"),
      ("<cell id='0' cpus='0-7' memory='1024'/><interconnect/>", "<numa> has no child element <interconnect>: did you mean <interconnects>?"),
      ("<cell id='0' cpus='0-7' memory='1024' Discard='yes'/>", "<cell> has no attribute 'Discard': did you mean 'discard'?"),
    ])
  func misspeltName(cells: String, message: String) {
    #expect(grammarFindings(guest(numa: cells)).map(\.message) == [message])
  }

  @Test("the finding is where the name is: the attribute's or the element's own line and column")
  func positions() throws {
    let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1024'>\n<distance/></cell>")
    let finding = try #require(grammarFindings(xml).first)
    #expect((finding.line, finding.column) == (9, 1))
    let attribute = try #require(grammarFindings(guest(numa: "<cell id='0' cpus='0-7'\n   memory='1024'   memacess='shared'/>")).first)
    #expect((attribute.line, attribute.column) == (9, 20))
  }

  @Test("every problem in the NUMA parts is reported, not only the first")
  func everyProblem() {
    let xml = guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024' memacess='shared'><distances><sibling id='0' valeu='10'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024' colour='red'/>
        <interconnect/>
        """,
      extra: """
        <numatune><memnode cellid='0' mode='strict' nodeste='0'/><memroy mode='strict'/></numatune>
        <memoryBacking><hugepages><page size='2048' nodest='0'/></hugepages></memoryBacking>
        """)
    let messages = grammarFindings(xml).map(\.message)
    #expect(messages.count == 7, "\(messages)")
    for name in ["memacess", "valeu", "colour", "<interconnect>", "nodeste", "<memroy>", "nodest"] {
      #expect(messages.contains { $0.contains(name) }, "\(name) is not reported")
    }
  }

  @Test("libxml2's message about the same mistake is not repeated")
  func noDuplicateOfLibxml2() {
    let report = validate(guest(numa: "<cell id='0' cpus='0-7' memory='1024' memacess='shared'/>"))
    #expect(report.diagnostics.count == 1)
    #expect(!report.diagnostics.contains { $0.message.contains("Invalid attribute") })
  }

  @Test("a missing required attribute: said by the reader where it has words for it, else by the grammar")
  func missingAttribute() {
    let cell = validate(guest(numa: "<cell id='0' cpus='0-7'/>"))
    #expect(cell.codes == [.numaMemoryMissing])
    let latency = grammarFindings(
      guest(
        numa: "<cell id='0' cpus='0-7' memory='1024'/><interconnects><latency initiator='0' target='0' value='5'/></interconnects>"))
    #expect(latency.map(\.message) == ["<latency> lacks the attribute 'type', which it requires"])
    // A misspelling of a required attribute: the did-you-mean, not also "lacks"; the reader's
    // finding keeps its code.
    let misspelt = validate(guest(numa: "<cell id='0' cpus='0-7' memroy='1024'/>"))
    #expect(misspelt.codes == [.numaMemoryMissing, .rngInvalid])
    #expect(misspelt.diagnostics.last?.message == "<cell> has no attribute 'memroy': did you mean 'memory'?")
  }

  @Test("an unknown name no allowed one is near gets the list of names the grammar takes there")
  func noSuggestion() {
    let messages = grammarFindings(guest(numa: "<cell id='0' cpus='0-7' memory='1024'><x/></cell><cell id='1' memory='1' y='z'/>"))
      .map(\.message)
    #expect(messages == [
      "<cell> has no child element <x>: its children are <cache> and <distances>",
      "<cell> has no attribute 'y': its attributes are id, cpus, memory, unit, memAccess and discard",
    ])
    #expect(
      grammarFindings(guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='10'><x/></sibling></distances></cell>"))
        .map(\.message) == ["<sibling> takes no child elements, so not <x>"])
  }

  @Test("open parts stay open: unknown names where the grammar takes any are no finding")
  func openPartsStayOpen() {
    // The grammar refuses the document (a bad value), so the names are checked, and find nothing
    // wrong in <devices> or a controller's target, which take any name.
    let xml = guest(
      numa: "<cell id='0' cpus='0-7' memory='1024' memAccess='public'/>",
      extra: "<devices><disk anything='x'><whatever/></disk><controller type='pci' index='1' foo='x'><target busNr='1' bar='y'><node>0</node><other/></target></controller></devices>")
    #expect(grammarFindings(xml).map(\.message) == ["Invalid attribute memAccess for element cell"])
  }

  /// Every conformance input the grammar accepts.
  static let acceptedInputs: [URL] = {
    guard let walker = FileManager.default.enumerator(at: conformance, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent == "input.xml" }.filter { url in
      guard let bytes = try? [UInt8](Data(contentsOf: url)), bytes.count < 1 << 20,
        let document = ParsedDocument.parse(bytes, file: "input.xml").document
      else { return false }
      return sharedValidator.grammar.validate(document).isEmpty
    }.sorted { $0.path < $1.path }
  }()

  /// libvirt's test guests with a NUMA part, when the source tree is there.
  static let libvirtGuests: [URL] = {
    guard let source = libvirtSource else { return [] }
    return ["qemuxml2argvdata", "qemuxml2xmloutdata", "xlconfigdata", "genericxml2xmlindata"].flatMap { folder in
      let url = source.appendingPathComponent("tests").appendingPathComponent(folder)
      return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".xml") }
        .map { url.appendingPathComponent($0) }
    }
  }()

  /// The name problems of a document, whatever the grammar says of it.
  func nameProblems(_ bytes: [UInt8]) throws -> [NameProblem] {
    let document = try #require(ParsedDocument.parse(bytes, file: "g.xml").document)
    let domain = try #require(document.domainSource(keeping: Validator.checkedElements))
    return GrammarNameCheck(outline: try outline(), locator: Locator(bytes: bytes, elementCount: domain.elementCount))
      .problems(in: domain)
  }

  @Test("no document the grammar accepts has a name problem (conformance inputs)")
  func acceptedConformanceInputs() throws {
    #expect(Self.acceptedInputs.count > 100)
    for url in Self.acceptedInputs {
      let problems = try nameProblems([UInt8](Data(contentsOf: url)))
      #expect(problems.isEmpty, "\(url.path): \(problems)")
    }
  }

  @Test(
    "no guest of libvirt's tests that the grammar accepts has a name problem",
    .enabled(if: libvirtSource != nil, "needs libvirt's source tree (LIBVIRT_SRC)"))
  func acceptedLibvirtGuests() throws {
    var checked = 0
    for url in Self.libvirtGuests {
      let bytes = try [UInt8](Data(contentsOf: url))
      guard let document = ParsedDocument.parse(bytes, file: "g.xml").document,
        document.domainSource(keeping: [])?.rootName == "domain",
        sharedValidator.grammar.validate(document).isEmpty
      else { continue }
      checked += 1
      let problems = try nameProblems(bytes)
      #expect(problems.isEmpty, "\(url.lastPathComponent): \(problems)")
    }
    #expect(checked > 1000)
  }
}
