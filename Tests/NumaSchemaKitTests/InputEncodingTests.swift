import Foundation
import Testing

@testable import NumaSchemaKit

/// Inputs are read as UTF-8. libxml2 is told so only when it could read the bytes otherwise
/// (`ParsedDocument.namesEncoding`); for every other input, being told or not must make no
/// difference: same findings at the same places, same tree.
@Suite struct InputEncodingTests {
  static let guest = "<domain type='kvm'>\n  <name>é-ü</name>\n  <vcpu>2</vcpu>\n</domain>\n"

  /// Inputs libxml2 is not told the encoding of, with what is hard for a parser: invalid and
  /// truncated UTF-8 in every place, characters across the input buffer's chunks, byte order
  /// marks, declarations without an encoding.
  static var inputs: [(name: String, bytes: [UInt8])] {
    let body = Array(guest.utf8)
    func replacing(_ text: String, with bytes: [UInt8]) -> [UInt8] {
      let range = guest.range(of: text)!
      let start = guest.utf8.distance(from: guest.utf8.startIndex, to: range.lowerBound)
      let end = guest.utf8.distance(from: guest.utf8.startIndex, to: range.upperBound)
      return Array(body[..<start]) + bytes + Array(body[end...])
    }
    let long = String(repeating: "é€😀a", count: 6000)
    return [
      ("plain", body),
      ("bom", [0xEF, 0xBB, 0xBF] + body),
      ("leading blank", Array("\n  ".utf8) + body),
      ("declaration", Array("<?xml version='1.0'?>\n".utf8) + body),
      ("declaration standalone", Array("<?xml version=\"1.0\" standalone='yes'?>".utf8) + body),
      ("bom declaration", [0xEF, 0xBB, 0xBF] + Array("<?xml version='1.0'?>".utf8) + body),
      ("stylesheet instruction", Array("<?xml-stylesheet href='a.xsl'?>\n".utf8) + body),
      ("invalid in text", replacing("é-ü", with: [0x61, 0xFF, 0x62])),
      ("invalid in attribute", replacing("kvm", with: [0x6B, 0xC3, 0x28])),
      (
        "invalid in name",
        replacing(
          "vcpu>2</vcpu",
          with: Array("vc".utf8) + [0xE2, 0x82] + Array("pu>2</vc".utf8) + [0xE2, 0x82] + Array("pu".utf8))
      ),
      ("overlong", replacing("é-ü", with: [0xC0, 0xAF])),
      ("surrogate", replacing("é-ü", with: [0xED, 0xA0, 0x80])),
      ("truncated at the end", body + [0xE2, 0x82]),
      ("invalid in comment", body + Array("<!-- ".utf8) + [0xF8, 0x88] + Array(" -->".utf8)),
      ("invalid in CDATA", replacing("é-ü", with: Array("<![CDATA[".utf8) + [0xFE] + Array("]]>".utf8))),
      ("long text", replacing("é-ü", with: Array(long.utf8))),
      ("long text then invalid", replacing("é-ü", with: Array(long.utf8) + [0xFF])),
      ("bom in text", replacing("é-ü", with: [0xEF, 0xBB, 0xBF])),
      ("character references", replacing("é-ü", with: Array("&#xE9;&#233;&#x1F600;&#xD800;".utf8))),
      (
        "entity", Array("<!DOCTYPE domain [<!ENTITY e 'ü€'>]>\n".utf8) + replacing("é-ü", with: Array("&e;".utf8))
      ),
      ("not xml", Array("<".utf8) + [0xFF, 0xFE] + Array("garbage".utf8)),
    ]
  }

  /// A parse as a comparable text: the findings, and the whole tree.
  static func describe(_ outcome: ParseOutcome) -> String {
    let findings = outcome.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.code) \($0.message)" }
    let tree = outcome.document?.rootElement().map { String(describing: $0) } ?? "no document"
    return findings.joined(separator: "\n") + "\n" + tree
  }

  @Test func beingToldUTF8MakesNoDifference() {
    for (name, bytes) in Self.inputs {
      #expect(!ParsedDocument.namesEncoding(bytes), "\(name)")
      for setAside in [false, true] {
        let told = ParsedDocument.parse(bytes, file: "g.xml", setAsideSiblings: setAside, namingUTF8: true)
        let untold = ParsedDocument.parse(bytes, file: "g.xml", setAsideSiblings: setAside)
        #expect(Self.describe(told) == Self.describe(untold), "\(name)")
      }
    }
  }

  @Test func libxml2IsToldWhenItCouldReadTheBytesOtherwise() {
    let body = Array(Self.guest.utf8)
    let told: [(String, [UInt8])] = [
      ("encoding declared", Array("<?xml version='1.0' encoding='ISO-8859-1'?>".utf8) + body),
      ("UTF-8 declared", Array("<?xml version='1.0' encoding='UTF-8'?>".utf8) + body),
      ("UTF-16 declared", Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?>".utf8) + body),
      ("bom then encoding", [0xEF, 0xBB, 0xBF] + Array("<?xml version='1.0' encoding='UTF-8'?>".utf8) + body),
      ("UTF-16 mark", [0xFE, 0xFF] + body),
      ("UTF-16 little-endian mark", [0xFF, 0xFE] + body),
      ("EBCDIC", [0x4C, 0x6F, 0xA7, 0x94] + body),
      ("empty", []),
      ("bom only", [0xEF, 0xBB, 0xBF]),
      ("text first", Array("x".utf8) + body),
      ("unclosed declaration", Array("<?xml version='1.0'".utf8)),
      ("encoding in an unclosed declaration", Array("<?xml version='1.0' ".utf8) + Array("encoding".utf8)),
    ]
    for (name, bytes) in told { #expect(ParsedDocument.namesEncoding(bytes), "\(name)") }
    // Why: a guest labelled UTF-16 is an error to libxml2 only when it was not told UTF-8, and
    // the comparison above would see it.
    let labelled = told[2].1
    let toldParse = ParsedDocument.parse(labelled, file: "g.xml", namingUTF8: true)
    let untoldParse = ParsedDocument.parse(labelled, file: "g.xml", namingUTF8: false)
    #expect(Self.describe(toldParse) == Self.describe(ParsedDocument.parse(labelled, file: "g.xml")))
    #expect(Self.describe(toldParse) != Self.describe(untoldParse))
  }
}
