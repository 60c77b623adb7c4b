import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("open content: set aside while libxml2 validates, the verdict and the tree the same")
struct OpenContentTests {
  func open() throws -> OpenContent { try #require(sharedValidator.grammar.openContent) }

  /// What `place` decides for a child named `name`.
  func decide(_ place: OpenContent.Place, _ name: String, namespaced: Bool = false) -> OpenContent.Decision {
    Array(name.utf8 + [0]).withUnsafeBufferPointer { place.decision(name: $0.baseAddress!, inNamespace: namespaced) }
  }

  /// The decision for the element at `path` (names from the document element down), found as
  /// the walk finds it: each step but the last must descend.
  func decision(_ path: [String], namespaced: Bool = false, in open: OpenContent? = nil) throws -> OpenContent.Decision?
  {
    let open = try open ?? self.open()
    var place = open.root
    for (step, name) in path.enumerated() {
      let decision = decide(place, name, namespaced: namespaced && step == path.count - 1)
      guard step < path.count - 1 else { return decision }
      guard case .descend(let index) = decision else { return nil }
      place = open.places[index]
    }
    return nil
  }

  @Test("the grammar's open elements are set aside, its strict ones validated, down to the open parts within")
  func placesFollowTheGrammar() throws {
    #expect(try decision(["domain", "clock"]) == .setAside)
    #expect(try decision(["domain", "on_reboot"]) == .setAside)
    #expect(try decision(["domain", "commandline"], namespaced: true) == .setAside)
    #expect(try decision(["domain", "devices", "disk"]) == .setAside)
    #expect(try decision(["domain", "devices", "interface"]) == .setAside)
    // Strict where the grammar checks something below: a controller's NUMA node, a memory
    // device's target, the cells.
    #expect(try decision(["domain", "devices", "controller", "address"]) == .setAside)
    #expect(try decision(["domain", "devices", "controller", "target", "node"]) == .keep)
    #expect(try decision(["domain", "devices", "memory", "target"]) == .keep)
    #expect(try decision(["domain", "name"]) == .keep)
    #expect(try decision(["domain", "cpu"]) == .keep)
    #expect(try decision(["domain", "os", "type"]) == .keep)
    #expect(try decision(["domain", "os", "loader"]) == .setAside)
  }

  static let guest = """
    <domain type='kvm'>
      <name>g</name>
      <memory unit='KiB'>1048576</memory>
      <vcpu>2</vcpu>
      <os><type arch='x86_64' machine='q35'>hvm</type><boot dev='hd'/></os>
      <cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>
      <clock offset='utc'><timer name='rtc' tickpolicy='catchup'/>text</clock>
      <devices>
        <disk type='file' device='disk'><source file='/x.img'/><target dev='vda' bus='virtio'/></disk>
        <controller type='pci' model='pcie-expander-bus'><target busNr='254'><node>0</node></target>
          <address type='pci' domain='0' bus='0' slot='2'/></controller>
        VCPU
      </devices>
    </domain>
    """

  /// Every element, attribute and text of `element` and below, in document order.
  func tree(_ element: SourceElement) -> String {
    "<\(element.name) " + element.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + ">"
      + element.text + element.children.map(tree).joined() + "</\(element.name)>"
  }

  func complaints(_ xml: String, settingAside: Bool) throws -> (before: String, after: String, found: [String]) {
    let parsed = ParsedDocument.parse(Array(xml.utf8), file: "g.xml")
    let document = try #require(parsed.document)
    let root = try #require(document.rootElement())
    let before = tree(root)
    let grammar = sharedValidator.grammar
    let found = document.withUnsafeDocPointer {
      grammar.domain.validate($0, leavingOut: settingAside ? try? open() : nil)
    }
    return (before, tree(root), found.map { "\($0.line ?? 0): \($0.text)" })
  }

  @Test("a valid guest: valid with its open content set aside, and its tree whole again after")
  func validGuestKeepsItsTree() throws {
    let aside = try complaints(Self.guest.replacingOccurrences(of: "VCPU", with: ""), settingAside: true)
    #expect(aside.found == [])
    #expect(aside.after == aside.before)
    #expect(aside.before.contains("<source file=/x.img>"))
  }

  @Test("while set aside, the open elements are bare; put back, the tree is whole")
  func setAsideAndPutBack() throws {
    let parsed = ParsedDocument.parse(Array(Self.guest.utf8), file: "g.xml")
    let document = try #require(parsed.document)
    let root = try #require(document.rootElement())
    let before = tree(root)
    let open = try open()
    let (count, during) = document.withUnsafeDocPointer { doc in
      let setAside = SetAsideContent(doc, open: open)
      defer { setAside.restore() }
      return (setAside.nodes.count, tree(root))
    }
    // <boot>, <clock>, <disk> and the controller's <address>; <controller> and its <target>
    // (the NUMA node), the cells and the rest stay.
    #expect(count == 4)
    #expect(during.contains("<clock ></clock>") && during.contains("<disk ></disk>"))
    #expect(during.contains("<address ></address>") && during.contains("<node >0</node>"))
    #expect(!during.contains("source"))
    #expect(tree(root) == before)
  }

  @Test("an invalid guest: the complaints of the whole tree, worded and placed as without setting aside")
  func invalidGuestComplainsAsWhole() throws {
    // A cell id that is not a number, and text where <devices> takes elements only… it does not:
    // <devices> is open to text; the cell is what fails.
    let xml = Self.guest.replacingOccurrences(of: "id='0'", with: "id='zero'")
    let aside = try complaints(xml, settingAside: true)
    let whole = try complaints(xml, settingAside: false)
    #expect(!aside.found.isEmpty)
    #expect(aside.found == whole.found)
    #expect(aside.after == aside.before)
  }

  /// Validates each of `files` with open content set aside and without, expecting the same
  /// findings; the number of invalid ones.
  func expectSameFindings(_ files: [URL]) throws -> Int {
    var aside = sharedValidator
    aside.settingAsideOpenContent = true
    var whole = sharedValidator
    whole.settingAsideOpenContent = false
    var invalid = 0
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: file))
      let validated = whole.validate(bytes: bytes, file: file.path)
      #expect(aside.validate(bytes: bytes, file: file.path).diagnostics == validated.diagnostics, "\(file.path)")
      if !validated.isValid { invalid += 1 }
    }
    return invalid
  }

  @Test("every conformance input and fuzz document: the same findings with open content set aside as without")
  func sameFindingsOverTheCorpora() throws {
    let root = GrammarNameTests.conformance.deletingLastPathComponent()
    var files: [URL] = []
    for folder in ["conformance", "fuzz/corpus/FuzzXMLPipeline"] {
      let walker = try #require(
        FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil))
      files += walker.compactMap { $0 as? URL }.filter {
        $0.pathExtension == "xml" || $0.deletingLastPathComponent().lastPathComponent == "FuzzXMLPipeline"
      }
    }
    #expect(files.count > 700)
    // Both kinds are there: a verdict, and complaints worded as for the whole tree.
    let invalid = try expectSameFindings(files)
    #expect(invalid > 100 && invalid < files.count - 100)
  }

  @Test(
    "every test guest of libvirt's: the same findings with open content set aside as without",
    .enabled(if: libvirtSource != nil, "needs libvirt's source tree (LIBVIRT_SRC)"))
  func sameFindingsOverLibvirtsGuests() throws {
    let tests = try #require(libvirtSource).appendingPathComponent("tests")
    let folders = [
      "qemuxml2argvdata", "qemuxml2xmloutdata", "xlconfigdata", "genericxml2xmlindata", "lxcxml2xmldata",
      "bhyvexml2argvdata", "libxlxml2domconfigdata", "domainschemadata",
    ]
    let files = folders.flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(atPath: tests.appendingPathComponent(folder).path)) ?? [])
        .filter { $0.hasSuffix(".xml") }.map { tests.appendingPathComponent(folder).appendingPathComponent($0) }
    }
    #expect(files.count > 1_800)
    #expect(try expectSameFindings(files) > 10)
  }

  /// The open content of a one-file grammar (`domain.rng`), `start` and defines given.
  func openContent(_ body: String, givingNamespace: Bool = false) -> OpenContent? {
    let grammar = """
      <grammar xmlns="http://relaxng.org/ns/structure/1.0"\(givingNamespace ? " ns=\"urn:x\"" : "")>
        <start><element name="domain"><interleave>
          <element name="strict"><attribute name="n"><text/></attribute></element>
          <zeroOrMore><element><anyName><except><name>strict</name></except></anyName><ref name="open"/></element></zeroOrMore>
        </interleave></element></start>
        \(body)
      </grammar>
      """
    return GrammarOutline.read(top: "domain.rng", files: ["domain.rng": Array(grammar.utf8)], findingOpenContent: true)
      .flatMap(OpenContent.init(outline:))
  }

  static let anything = """
    <define name="open"><zeroOrMore><attribute><anyName/></attribute></zeroOrMore>
      <mixed><zeroOrMore><element><anyName/><ref name="open"/></element></zeroOrMore></mixed></define>
    """

  @Test("only content that takes anything at all is set aside")
  func onlyAnythingIsSetAside() throws {
    let open = try #require(openContent(Self.anything))
    #expect(try decision(["domain", "other"], in: open) == .setAside)
    #expect(try decision(["domain", "other"], namespaced: true, in: open) == .setAside)
    #expect(try decision(["domain", "strict"], in: open) == .keep)
    // Each of these refuses some content: nothing is set aside.
    let refusing = [
      // a required attribute
      Self.anything.replacingOccurrences(of: "<mixed>", with: "<attribute name=\"a\"/><mixed>"),
      // at least one child
      Self.anything.replacingOccurrences(of: "<mixed><zeroOrMore>", with: "<mixed><oneOrMore>")
        .replacingOccurrences(of: "</zeroOrMore></mixed>", with: "</oneOrMore></mixed>"),
      // children of some names only, deeper down
      Self.anything.replacingOccurrences(
        of: "<element><anyName/>", with: "<element><anyName><except><name>x</name></except></anyName>"),
      // no text
      Self.anything.replacingOccurrences(of: "<mixed>", with: "<group>").replacingOccurrences(
        of: "</mixed>", with: "</group>"),
      // an attribute with a datatype
      Self.anything.replacingOccurrences(
        of: "<attribute><anyName/></attribute>",
        with:
          "<attribute><anyName/><data type=\"int\" datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\"/></attribute>"
      ),
      // repeated in pairs: an attribute for every child
      """
      <define name="open"><zeroOrMore><group><attribute><anyName/></attribute><element><anyName/><ref name="open"/></element></group></zeroOrMore><text/></define>
      """,
    ]
    for body in refusing {
      #expect(openContent(body) == nil, "\(body)")
    }
  }

  @Test("a grammar that gives namespaces is not read for open content: its names are not exact")
  func namespacesAreNotTrusted() throws {
    #expect(openContent(Self.anything, givingNamespace: true) == nil)
  }
}

extension OpenContent.Decision: CustomStringConvertible {
  public var description: String {
    switch self {
    case .keep: return "keep"
    case .setAside: return "setAside"
    case .descend(let index): return "descend(\(index))"
    }
  }
}
