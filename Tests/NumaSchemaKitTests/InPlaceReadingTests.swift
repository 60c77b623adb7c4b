import CNumaSchemaShims
import Foundation
import Testing

@testable import NumaSchemaKit

/// `numaschema_read_in_place` (a static input buffer, without the parser's GROW and SHRINK
/// steps) reads every document as `xmlCtxtReadMemory` does: the same tree, node by node with
/// its line, the same verdict, and the same last complaint at the same place. Documents past
/// 500 bytes are where a static buffer and SHRINK would part (the parser would read old text
/// again), and the ends of documents are where GROW steps in.
@Suite struct InPlaceReadingTests {
  /// What one parse gives: the tree in document order (each node's type, name, content and
  /// line), whether the document was well-formed, and the last error with its place.
  struct Reading: Equatable {
    var nodes: [String]
    var wellFormed: Bool
    var lastError: String
  }

  static func read(_ bytes: [UInt8], inPlace: Bool) -> Reading {
    _ = XMLLibrary.ready
    let context = xmlNewParserCtxt()!
    defer { xmlFreeParserCtxt(context) }
    numaschema_parser_set_error_handler(context) { _, _ in }  // kept in lastError, not printed
    let options = ParsedDocument.inputOptions
    let doc = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        inPlace
          ? numaschema_read_in_place(context, chars.baseAddress, Int32(chars.count), options)
          : xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, options)
      }
    }
    defer { xmlFreeDoc(doc) }
    var nodes: [String] = []
    func walk(_ first: xmlNodePtr?) {
      var node = first
      while let current = node {
        let name = current.pointee.name.map { String(cString: $0) } ?? ""
        let content = current.pointee.content.map { String(cString: $0) } ?? ""
        var attributes = ""
        var property = current.pointee.properties
        while current.pointee.type.rawValue == 1 /* an element */, let attribute = property {
          attributes += " \(attribute.pointee.name.map { String(cString: $0) } ?? "")=\(attributeValue(attribute))"
          property = attribute.pointee.next
        }
        nodes.append("\(current.pointee.type.rawValue) \(name)\(attributes) [\(content)] line \(xmlGetLineNo(current))")
        if current.pointee.type.rawValue != 5 /* not an entity reference */ { walk(current.pointee.children) }
        node = current.pointee.next
      }
    }
    walk(doc?.pointee.children)
    var lastError = ""
    if let error = xmlCtxtGetLastError(context) {
      let message = error.pointee.message.map { String(cString: $0) } ?? ""
      lastError = "\(error.pointee.code) \(error.pointee.line):\(error.pointee.int2) \(message)"
    }
    return Reading(nodes: nodes, wellFormed: context.pointee.wellFormed != 0, lastError: lastError)
  }

  /// A guest of about `size` bytes: cells, each on its own line.
  static func guest(bytes size: Int) -> String {
    var cells = ""
    var id = 0
    while cells.utf8.count < size {
      cells += "      <cell id='\(id)' cpus='\(id)' memory='1048576' unit='KiB'/>\n"
      id += 1
    }
    return """
      <domain type='kvm'>
        <name>g</name>
        <memory unit='KiB'>\(1_048_576 * max(1, id))</memory>
        <vcpu>\(max(1, id))</vcpu>
        <cpu>
          <numa>
      \(cells)    </numa>
        </cpu>
      </domain>

      """
  }

  static let documents: [String] = {
    var documents: [String] = []
    for size in [0, 200, 450, 520, 1_000, 4_000, 70_000, 400_000] {
      let whole = guest(bytes: size)
      documents.append(whole)
      // Cut short, at the end and inside the last tags.
      documents.append(String(whole.dropLast(12)))
      documents.append(String(whole.dropLast(40)))
      // Garbage after the root, a second root, a broken tag near the end.
      documents.append(whole + "trailing text")
      documents.append(whole + "<domain/>")
      documents.append(whole.replacingOccurrences(of: "</cpu>", with: "</cpx>"))
      documents.append(whole.replacingOccurrences(of: "  </numa>", with: "  <cell id='x' &bad;/></numa>"))
    }
    documents += [
      "",
      " ",
      "<",
      "<domain",
      "<domain/>",
      "\u{FEFF}<domain><name>bom</name></domain>",
      "<?xml version='1.0'?>\n<domain><name>declared</name></domain>",
      "<!DOCTYPE domain [<!ENTITY n 'entity'>]>\n<domain><name>&n;</name>\(String(repeating: "<!-- padding -->\n", count: 60))</domain>",
      "<domain><name><![CDATA[cdata <text>]]></name>\(String(repeating: "<?pi x?>\n", count: 100))</domain>",
      "<domain>" + String(repeating: "<a>text &amp; &#x41;</a>\n", count: 2_000) + "</domain>",
      "<domain a='" + String(repeating: "v", count: 100_000) + "'/>",
      "<domain>" + String(repeating: "é€😀", count: 3_000) + "</domain>",
      "<domain>\u{1}</domain>",
    ]
    return documents
  }()

  @Test("reads every made-up document as xmlCtxtReadMemory does", arguments: 0..<documents.count)
  func sameAsReadingACopy(index: Int) {
    let bytes = Array(Self.documents[index].utf8)
    let inPlace = Self.read(bytes, inPlace: true)
    let copied = Self.read(bytes, inPlace: false)
    #expect(inPlace == copied, "document \(index), \(bytes.count) bytes")
  }

  @Test("reads the conformance suite's guests, and libvirt's when present, as xmlCtxtReadMemory does")
  func corpora() throws {
    var files = try BlankTextTests.xmlFiles(below: ConcurrencyTests.packageRoot.appendingPathComponent("conformance"))
    if let source = libvirtSource {
      for folder in ["qemuxml2argvdata", "xlconfigdata", "genericxml2xmlindata"] {
        files += try BlankTextTests.xmlFiles(below: source.appendingPathComponent("tests/\(folder)"))
      }
    }
    #expect(files.count > 300)
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: file))
      // A document naming its encoding is never read in place (ParsedDocument.namesEncoding).
      guard !ParsedDocument.namesEncoding(bytes) else { continue }
      #expect(Self.read(bytes, inPlace: true) == Self.read(bytes, inPlace: false), "\(file.path)")
    }
  }
}
