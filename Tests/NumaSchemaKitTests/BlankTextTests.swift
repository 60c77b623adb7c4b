import Foundation
import Testing

@testable import NumaSchemaKit

/// `validate` leaves the white space between elements out of the tree when that changes
/// nothing (`ParsedDocument.blankTextIsIgnorable`): every verdict, finding and guest must be
/// the same as with the whole tree.
@Suite("blank text left out of validation's tree")
struct BlankTextTests {
  /// The report of `xml` read both ways, for comparison.
  func bothWays(_ xml: String) -> (dropped: FileReport, kept: FileReport) {
    let bytes = Array(xml.utf8)
    return (
      sharedValidator.check(bytes: bytes, file: "guest.xml", droppingBlankText: true).report,
      sharedValidator.check(bytes: bytes, file: "guest.xml", droppingBlankText: false).report
    )
  }

  @Test(
    "only text without comments, processing instructions, markup declarations or xml:space may drop blanks",
    arguments: [
      ("<domain>\n  <name>a</name>\n</domain>", true),
      ("<?xml version='1.0'?>\n<domain>\n  <name>a</name>\n</domain>", true),
      ("<domain>\n  <!-- a comment -->\n  <name>a</name>\n</domain>", false),
      ("<domain>\n  <name><![CDATA[a]]></name>\n</domain>", false),
      ("<!DOCTYPE domain>\n<domain/>", false),
      ("<domain>\n  <?probe here?>\n  <name>a</name>\n</domain>", false),
      ("<?xml version='1.0'?><?probe here?><domain/>", false),
      ("<domain xml:space='preserve'>\n  <name>a</name>\n</domain>", false),
      ("<domain>\n  <name>hi! what?</name>\n</domain>", true),
      ("<domain title='a?b!c'>\n  <name>a</name>\n</domain>", true),
      ("\u{FEFF}<?xml version='1.0'?><domain/>", false),
    ])
  func ignorable(xml: String, expected: Bool) {
    #expect(ParsedDocument.blankTextIsIgnorable(Array(xml.utf8)) == expected)
  }

  @Test(
    "white space that is an element's content, or next to its text, is kept and read the same",
    arguments: [
      guest(numa: twoCells, vcpu: "<vcpu> </vcpu>"),
      guest(numa: twoCells, vcpu: "<vcpu>\n  8\n</vcpu>"),
      guest(numa: twoCells, vcpu: "<vcpu>8 <b/> </vcpu>"),
      guest(numa: twoCells, vcpu: "<vcpu>\n  <b/>\n</vcpu>"),
      guest(numa: twoCells, memory: "<memory unit='KiB'>\n  <b/>\n</memory>"),
      guest(numa: twoCells, extra: "<currentMemory>  </currentMemory>"),
      guest(numa: "      <cell id='0' cpus='0-3' memory='1048576'>\n  </cell>"),
      guest(
        numa: """
                <cell id='0' cpus='0-3' memory='1048576'>
                  <distances>
                    <sibling id='0' value='10'/>
                    <sibling id='1' value='21'/>
                  </distances>
                </cell>
                <cell id='1' cpus='4-7' memory='1048576'>
                  <distances>  <sibling id='1' value='10'/>  x  </distances>
                </cell>
          """),
      guest(
        numa: twoCells,
        extra:
          "<devices>\n  <memory model='dimm'>\n    <target>\n      <size>1</size>\n      <node> 1 </node>\n    </target>\n  </memory>\n</devices>"
      ),
      guest(numa: twoCells, extra: "<name>\n  <b/>\n</name>"),
      "<domain>\n  <nme>x</nme>\n</domain>",
      "<domain type='kvm'>\n  <name>a</name>\n  text\n  <memory>1</memory>\n</domain>",
    ])
  func sameReport(xml: String) {
    let (dropped, kept) = bothWays(xml)
    #expect(dropped.diagnostics == kept.diagnostics)
    #expect(dropped.guest == kept.guest)
  }

  @Test("every guest of the conformance suite, and of libvirt's tests when present, reads the same")
  func corpora() throws {
    var files = try Self.xmlFiles(below: ConcurrencyTests.packageRoot.appendingPathComponent("conformance"))
    if let source = libvirtSource {
      for folder in ["qemuxml2argvdata", "qemuxml2xmloutdata", "xlconfigdata", "genericxml2xmlindata"] {
        files += try Self.xmlFiles(below: source.appendingPathComponent("tests/\(folder)"))
      }
    }
    #expect(files.count > 400)
    var dropping = 0
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: file))
      if ParsedDocument.blankTextIsIgnorable(bytes) { dropping += 1 }
      let dropped = sharedValidator.check(bytes: bytes, file: file.path, droppingBlankText: true).report
      let kept = sharedValidator.check(bytes: bytes, file: file.path, droppingBlankText: false).report
      #expect(dropped.diagnostics == kept.diagnostics, "\(file.path)")
      #expect(dropped.guest == kept.guest, "\(file.path)")
    }
    // Most guests are plain pretty-printed XML: the blanks of most are left out.
    #expect(dropping * 2 > files.count)
  }

  static func xmlFiles(below folder: URL) throws -> [URL] {
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
  }
}
