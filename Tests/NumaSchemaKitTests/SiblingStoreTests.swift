import Foundation
import Testing

@testable import NumaSchemaKit

/// The parse that keeps plainly valid `<sibling>`s out of the tree (`SiblingStore`) must give
/// exactly the verdict of the parse that keeps them all: same findings, same places.
@Suite struct SiblingStoreTests {
  /// Three cells; cell 0's `<distances>` content is the variant under test.
  static func threeCells(distances: String, prolog: String = "") -> String {
    guest(
      numa: """
            <cell id='0' cpus='0-1' memory='1048576'>
              <distances>
                \(distances)
              </distances>
            </cell>
            <cell id='1' cpus='2-3' memory='1048576'/>
            <cell id='2' cpus='4-5' memory='1048576'/>
        """, prolog: prolog)
  }

  static let plainRow = """
    <sibling id='0' value='10'/>
            <sibling id='1' value='21'/>
            <sibling id='2' value='31'/>
    """

  /// Variants of cell 0's row: the plain one, and every form the store must not take for plain.
  static let rows: [(name: String, distances: String)] = [
    ("plain", plainRow),
    ("attributes in the other order", "<sibling value='10' id='0'/><sibling value='21' id='1'/>"),
    ("an end tag", "<sibling id='0' value='10'/><sibling id='1' value='21'></sibling>"),
    ("a comment among them", "<sibling id='0' value='10'/><!-- x --><sibling id='1' value='21'/>"),
    ("a processing instruction", "<sibling id='0' value='10'/><?x y?><sibling id='1' value='21'/>"),
    ("text among them", "<sibling id='0' value='10'/>text<sibling id='1' value='21'/>"),
    ("CDATA among them", "<sibling id='0' value='10'/><![CDATA[ ]]><sibling id='1' value='21'/>"),
    ("a leading zero", "<sibling id='0' value='10'/><sibling id='1' value='021'/>"),
    ("a blank in a value", "<sibling id='0' value='10'/><sibling id='1' value=' 21'/>"),
    ("a sign", "<sibling id='0' value='10'/><sibling id='+1' value='21'/>"),
    ("a negative id", "<sibling id='0' value='10'/><sibling id='-1' value='21'/>"),
    ("a value of 9", "<sibling id='0' value='10'/><sibling id='1' value='9'/>"),
    ("a value of 256", "<sibling id='0' value='10'/><sibling id='1' value='256'/>"),
    ("an id past 32 bits", "<sibling id='0' value='10'/><sibling id='4294967296' value='21'/>"),
    ("the largest id", "<sibling id='0' value='10'/><sibling id='4294967295' value='21'/>"),
    ("an unknown id", "<sibling id='0' value='10'/><sibling id='7' value='21'/>"),
    ("a remote 10", "<sibling id='0' value='10'/><sibling id='1' value='20'/><sibling id='2' value='10'/>"),
    ("a local 20", "<sibling id='1' value='20'/><sibling id='0' value='20'/>"),
    ("a repeated id", "<sibling id='0' value='10'/><sibling id='1' value='21'/><sibling id='1' value='31'/>"),
    ("a missing value", "<sibling id='0' value='10'/><sibling id='1'/>"),
    ("an extra attribute", "<sibling id='0' value='10'/><sibling id='1' value='21' weight='2'/>"),
    ("a namespaced attribute", "<sibling id='0' value='10'/><sibling xmlns:x='urn:x' id='1' value='21' x:w='2'/>"),
    ("a namespace declaration", "<sibling id='0' value='10'/><sibling xmlns:x='urn:x' id='1' value='21'/>"),
    ("a namespaced sibling", "<sibling id='0' value='10'/><s:sibling xmlns:s='urn:s' id='1' value='21'/>"),
    ("a child element", "<sibling id='0' value='10'/><sibling id='1' value='21'><x/></sibling>"),
    ("text inside", "<sibling id='0' value='10'/><sibling id='1' value='21'>x</sibling>"),
    ("a comment inside", "<sibling id='0' value='10'/><sibling id='1' value='21'><!-- x --></sibling>"),
    ("another element among them", "<sibling id='0' value='10'/><cache/><sibling id='1' value='21'/>"),
    ("another element first", "<cache/><sibling id='0' value='10'/><sibling id='1' value='21'/>"),
    ("a character reference", "<sibling id='0' value='10'/><sibling id='&#49;' value='2&#49;'/>"),
    ("no siblings", ""),
    ("a second row", "<sibling id='0' value='10'/><sibling id='1' value='21'/></distances><distances><sibling id='2' value='31'/><sibling id='1' value='41'/>"),
    ("a triangle", "<sibling id='0' value='10'/><sibling id='1' value='11'/><sibling id='2' value='200'/>"),
  ]

  static func findings(_ xml: String, setAside: Bool) -> [String] {
    let report = sharedValidator.check(bytes: Array(xml.utf8), file: "guest.xml", setAsideSiblings: setAside).report
    return report.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.code.rawValue) \($0.message)" }
  }

  @Test("a row of siblings gives the same findings set aside or in the tree", arguments: rows.map(\.name))
  func sameFindings(_ name: String) throws {
    let row = try #require(Self.rows.first { $0.name == name })
    let xml = Self.threeCells(distances: row.distances)
    #expect(Self.findings(xml, setAside: true) == Self.findings(xml, setAside: false))
  }

  @Test("a document type declaration (entities, default attributes) keeps every sibling in the tree")
  func doctypeKeepsTheTree() {
    let prolog = "<!DOCTYPE domain [<!ENTITY far '31'><!ATTLIST sibling note CDATA 'x'>]>\n"
    let xml = Self.threeCells(distances: "<sibling id='0' value='10'/><sibling id='2' value='&far;'/>", prolog: prolog)
    #expect(Self.findings(xml, setAside: true) == Self.findings(xml, setAside: false))
    let parsed = ParsedDocument.parse(Array(xml.utf8), file: "guest.xml", setAsideSiblings: true)
    #expect(parsed.document?.siblings == nil)
  }

  @Test("plain siblings after the first of each row are kept out of the tree, numbered in place")
  func plainSiblingsAreSetAside() throws {
    let xml = Self.threeCells(distances: Self.plainRow)
    let parsed = ParsedDocument.parse(Array(xml.utf8), file: "guest.xml", setAsideSiblings: true)
    let document = try #require(parsed.document)
    #expect(document.siblings != nil)
    let domain = try #require(document.domainSource(keeping: Validator.checkedElements))
    let cell = try #require(domain.first("cpu")?.firstChild(named: "numa")?.children(named: "cell").first)
    let distances = try #require(cell.firstChild(named: "distances"))
    #expect(distances.children.map(\.name) == ["sibling"])
    let setAside = try #require(distances.setAside)
    #expect(Array(setAside.ids) == [1, 2])
    #expect(Array(setAside.values) == [21, 31])
    // The first set-aside sibling comes right after the one in the tree, in document order.
    #expect(setAside.firstOrdinal == distances.children[0].ordinal + 1)
    // Every element is counted: domain, name, vcpu, os, type, cpu, numa, 3 cells, distances and
    // its 3 siblings.
    #expect(domain.elementCount == 14)
  }

  @Test("a finding on a set-aside sibling points at that sibling's attribute")
  func findingOnASetAsideSibling() throws {
    let xml = Self.threeCells(distances: Self.plainRow.replacingOccurrences(of: "value='31'", with: "value='10'"))
    let finding = try #require(validate(xml).diagnostics.first { $0.code == .numaDistanceRemote10 })
    let lines = xml.split(separator: "\n", omittingEmptySubsequences: false)
    let index = try #require(lines.firstIndex { $0.contains("id='2' value='10'") })
    let line = lines[index]
    let column = line.distance(from: line.startIndex, to: try #require(line.range(of: "value")).lowerBound) + 1
    #expect(finding.line == index + 1)
    #expect(finding.column == column)
  }

  @Test("random rows give the same findings set aside or in the tree", arguments: 0..<40)
  func randomRows(_ seed: Int) {
    var generator = SplitMix64(state: UInt64(seed) &+ 0x5EED)
    let cells = Int(generator.next() % 6) + 2
    let forms = ["10", "20", "21", "31", "255", "9", "256", "021", " 21", "+21", "x", ""]
    var numa = ""
    for cell in 0..<cells {
      numa += "      <cell id='\(cell)' cpus='\(cell)' memory='1024'>\n        <distances>\n"
      for _ in 0..<Int(generator.next() % UInt64(cells + 2)) {
        let id = generator.next() % 5 == 0 ? String(generator.next() % 12) : String(generator.next() % UInt64(cells))
        let value = generator.next() % 4 == 0 ? forms[Int(generator.next() % UInt64(forms.count))] : String(10 + generator.next() % 40)
        numa += "          <sibling id='\(id)' value='\(value)'/>\n"
      }
      numa += "        </distances>\n      </cell>\n"
    }
    let xml = guest(numa: numa)
    #expect(Self.findings(xml, setAside: true) == Self.findings(xml, setAside: false))
  }
}
