internal import CLibXML2
internal import CNumaSchemaShims
import FoundationEssentials

/// What a parse found: the document, or `nil` when it is not well-formed, and the findings.
struct ParseOutcome {
  var document: ParsedDocument?
  var diagnostics: [Diagnostic]
  /// Whether the white space between elements was left out of the tree (`XML_PARSE_NOBLANKS`).
  var blankTextDropped = false
}

/// A parsed XML document. Owns its `xmlDocPtr` and frees it on `deinit`.
///
/// Never shared between tasks: each task parses its own documents. The elements read from one
/// (`SourceElement`) hold it, so the last of them may free it on another thread; nothing changes
/// a parsed tree.
final class ParsedDocument {
  private let raw: xmlDocPtr
  /// The `<sibling>`s kept out of the tree, when the parse set them aside.
  let siblings: SiblingStore?

  private init(raw: xmlDocPtr, siblings: SiblingStore?) {
    self.raw = raw
    self.siblings = siblings
  }

  deinit { xmlFreeDoc(raw) }

  /// The options every input document is parsed with: no network, no DTD loading or
  /// validation, no XInclude, no HUGE (libxml2 keeps its size and nesting limits), no recovery.
  /// Internal entities are substituted; external ones reach only our refusing loader. Short
  /// text is stored inside its node (`XML_PARSE_COMPACT`, as xmllint does by default: an
  /// allocation fewer per text node; the tree is only read, never changed).
  static let inputOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_COMPACT.rawValue)

  /// Whether a parse may leave out the text nodes that are only white space between elements
  /// (`XML_PARSE_NOBLANKS`) without changing anything a check reads: true when the text has no
  /// `<!` (comment, CDATA section, document type), no `<?` after its first byte (a processing
  /// instruction; the XML declaration starts the text) and no `xml:space`.
  ///
  /// libxml2 then leaves out white space only where it stands next to a child element's tag
  /// (before the first, between two, after the last) and keeps it where it is an element's
  /// only content or touches other text. The grammar ignores such white space (an element with
  /// child elements matches no data pattern), and no check reads the text of an element that
  /// has children: the verdict and every finding stay the same, for nearly half fewer nodes
  /// to build, check and free in a pretty-printed guest (47 % of the nodes of libvirt's test
  /// guests). Comments and processing instructions are where the rule would drop white space
  /// from an element's own text, so they keep it all.
  static func blankTextIsIgnorable(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { numaschema_blank_text_ignorable($0.baseAddress, $0.count) != 0 }
  }

  /// Parses `bytes` as one input document. Wraps `xmlCtxtReadMemory`.
  ///
  /// With `setAsideSiblings`, the plainly valid `<sibling>`s of each `<distances>` after its
  /// first are kept out of the tree, in `siblings` (see `SiblingStore`); a document where that
  /// cannot be done exactly (a DTD, comments or text among the siblings, an unusual attribute)
  /// is parsed again as a whole.
  ///
  /// The text is read as UTF-8, as libvirt reads it: libxml2 is told so when `namesEncoding`
  /// says it must be. `namingUTF8` (for tests) decides instead.
  static func parse(
    _ bytes: [UInt8], file: String, setAsideSiblings: Bool = false, droppingBlankText: Bool = false,
    namingUTF8: Bool? = nil
  ) -> ParseOutcome {
    _ = XMLLibrary.ready
    guard bytes.count < Int(Int32.max) else {
      return ParseOutcome(
        document: nil, diagnostics: [Messages.documentTooLarge(file: file, bytes: bytes.count)])
    }
    let encoding: String? = namingUTF8 ?? namesEncoding(bytes) ? "UTF-8" : nil
    let dropping = droppingBlankText && blankTextIsIgnorable(bytes)
    let options = inputOptions | (dropping ? Int32(XML_PARSE_NOBLANKS.rawValue) : 0)
    // Without "<sibling" in the text there is nothing to set aside (a sibling from an entity
    // abandons the store): the parse without the store gives the same document, without its
    // wrappers around every callback, or a second parse when a DTD abandons it.
    var outcome: ParseOutcome?
    if setAsideSiblings, ByteSearch.occurs(Self.siblingTag, in: bytes) {
      outcome = parseOnce(bytes, file: file, setAsideSiblings: true, encoding: encoding, options: options)
    }
    if outcome == nil {
      outcome = parseOnce(bytes, file: file, setAsideSiblings: false, encoding: encoding, options: options)
    }
    guard var outcome else { return ParseOutcome(document: nil, diagnostics: [Messages.parserUnavailable(file: file)]) }
    outcome.blankTextDropped = dropping
    return outcome
  }

  private static let siblingTag = Array("<sibling".utf8)

  /// Whether the parse must be told the encoding ("UTF-8") for libxml2 to read `bytes` as UTF-8.
  /// libxml2 reads UTF-8 by default and then reads it straight from its input buffer; told the
  /// encoding, it copies the whole input through a UTF-8 to UTF-8 converter (into a buffer that
  /// grows to twice the file: a third of the peak memory of a 1,024-cell guest, and 2 % of a
  /// batch's instructions). Only two things make libxml2 read the bytes otherwise when it is
  /// not told: their first bytes looking like another encoding (a UTF-16 byte order mark,
  /// EBCDIC's `<?xm`; UTF-16 and UCS-4 have NULs, which the text never holds), and an XML
  /// declaration naming an encoding. For those, and anything unusual at the start, it is told.
  static func namesEncoding(_ bytes: [UInt8]) -> Bool {
    var start = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
    guard start < bytes.count else { return true }
    switch bytes[start] {
    case 0x20, 0x09, 0x0A, 0x0D: return false  // no declaration can follow
    case UInt8(ascii: "<"): break
    default: return true
    }
    // `<?xml` begins a declaration (or a processing instruction whose name starts so): it is
    // told unless the declaration, up to its `?>`, has no "encoding" in it.
    let xml = Array("<?xml".utf8)
    guard bytes.count - start >= xml.count, bytes[start..<(start + xml.count)].elementsEqual(xml) else { return false }
    let keyword = Array("encoding".utf8)
    var index = start + xml.count
    while index + 1 < bytes.count {
      if bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: ">") { return false }
      if bytes[index] == keyword[0], bytes.count - index >= keyword.count,
        bytes[index..<(index + keyword.count)].elementsEqual(keyword)
      {
        return true
      }
      index += 1
    }
    return true  // a declaration that does not end
  }

  /// One parse; `nil` when the siblings were to be set aside and could not be.
  private static func parseOnce(
    _ bytes: [UInt8], file: String, setAsideSiblings: Bool, encoding: String?, options: Int32
  ) -> ParseOutcome? {
    guard let context = xmlNewParserCtxt() else {
      return ParseOutcome(document: nil, diagnostics: [Messages.parserUnavailable(file: file)])
    }
    defer { xmlFreeParserCtxt(context) }
    let session = ParseSession(file: file)
    let token = Unmanaged.passUnretained(session).toOpaque()
    ActiveSessions.shared.insert(token)
    defer { ActiveSessions.shared.remove(token) }
    context.pointee._private = token
    numaschema_parser_set_error_handler(context, parserErrorHandler)
    var store: OpaquePointer?
    if setAsideSiblings {
      store = numaschema_sibling_store_install(context)
      guard store != nil else { return nil }
    }
    defer { numaschema_sibling_store_free(store) }

    let parsed: xmlDocPtr? = withExtendedLifetime(session) {
      bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
          if let encoding {
            return xmlCtxtReadMemory(
              context, chars.baseAddress, Int32(chars.count), nil, encoding, options)
          }
          return numaschema_read_in_place(context, chars.baseAddress, Int32(chars.count), options)
        }
      }
    }
    var siblings: SiblingStore?
    if let store {
      let abandoned = numaschema_sibling_store_finish(store) != 0
      if abandoned {
        xmlFreeDoc(parsed)
        return nil
      }
      siblings = SiblingStore(copying: store)
    }
    let doc = parsed
    context.pointee._private = nil
    var diagnostics = session.diagnostics
    let wellFormed = context.pointee.wellFormed != 0
    guard let doc else {
      if diagnostics.allSatisfy({ $0.severity != .error }) {
        diagnostics.append(Messages.documentUnreadable(file: file))
      }
      return ParseOutcome(document: nil, diagnostics: diagnostics)
    }
    let document = ParsedDocument(raw: doc, siblings: siblings.flatMap { $0.isEmpty ? nil : $0 })
    // libxml2 never asks the loader for an external entity unless it loads DTDs; a declaration
    // of one is still a document that wants outside content, so it is refused here, in our words.
    let declared = document.externalEntityDeclarations()
    for entity in declared {
      let position = declarationPosition(of: entity.name, in: bytes)
      diagnostics.append(
        Messages.externalEntity(file: file, url: entity.url, line: position.line, column: position.column))
    }
    for url in Set(session.refused) where !declared.contains(where: { $0.url == url }) {
      diagnostics.append(Messages.externalEntity(file: file, url: url, line: nil, column: nil))
    }
    // A refused outside entity leaves a document we can still check; anything else that broke
    // well-formedness leaves nothing to trust.
    if !wellFormed && session.refused.isEmpty {
      return ParseOutcome(document: nil, diagnostics: diagnostics)
    }
    return ParseOutcome(document: document, diagnostics: diagnostics)
  }

  /// The external entities (general, unparsed or parameter) declared in the internal subset.
  func externalEntityDeclarations() -> [(name: String, url: String)] {
    withUnsafeDocPointer { doc in
      var found: [(name: String, url: String)] = []
      var child = doc.pointee.intSubset?.pointee.children
      while let node = child {
        if node.pointee.type == XML_ENTITY_DECL {
          let entity = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlEntity.self).pointee
          // xmlEntityType: 2 external general parsed, 3 external general unparsed, 5 external
          // parameter. (The constants do not import reliably: entities.h is seen through two
          // modules, CLibXML2 and CLibXSLT.)
          let external: Set<UInt32> = [2, 3, 5]
          if external.contains(entity.etype.rawValue) {
            let name = entity.name.map { String(cString: $0) } ?? ""
            let url = (entity.SystemID ?? entity.URI).map { String(cString: $0) } ?? ""
            found.append((name: name, url: url))
          }
        }
        child = node.pointee.next
      }
      return found
    }
  }

  /// Whether an internal entity of the document could put elements in the tree that are not
  /// start tags of the text (its replacement text holds markup): element ordinals then may not
  /// line up with the text.
  func entitiesMayAddElements() -> Bool {
    withUnsafeDocPointer { doc in
      var child = doc.pointee.intSubset?.pointee.children
      while let node = child {
        if node.pointee.type == XML_ENTITY_DECL {
          let entity = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlEntity.self).pointee
          // 1: internal general entity (see externalEntityDeclarations for the constants)
          if entity.etype.rawValue == 1, let content = entity.content, xmlStrchr(content, UInt8(ascii: "<")) != nil {
            return true
          }
        }
        child = node.pointee.next
      }
      return false
    }
  }

  /// Calls `body` with the document pointer; the pointer must not escape the closure.
  func withUnsafeDocPointer<R>(_ body: (xmlDocPtr) throws -> R) rethrows -> R {
    try withExtendedLifetime(self) { try body(raw) }
  }
}

/// Where `<!ENTITY name` (or `<!ENTITY % name`) is declared in the text.
private func declarationPosition(of name: String, in bytes: [UInt8]) -> SourcePosition {
  let keyword = Array("<!ENTITY".utf8)
  let target = Array(name.utf8)
  var line = 1
  var lineStart = 0
  var index = 0
  while index + keyword.count <= bytes.count {
    if bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    } else if bytes[index] == keyword[0] && Array(bytes[index..<(index + keyword.count)]) == keyword {
      var cursor = index + keyword.count
      while cursor < bytes.count
        && (bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D
          || bytes[cursor] == UInt8(ascii: "%"))
      {
        cursor += 1
      }
      if cursor + target.count <= bytes.count && Array(bytes[cursor..<(cursor + target.count)]) == target {
        return SourcePosition(line: line, column: index - lineStart + 1)
      }
    }
    index += 1
  }
  return .unknown
}

/// The state of one input parse, reached from C through the parser context's `_private`.
final class ParseSession {
  let file: String
  var diagnostics: [Diagnostic] = []
  var refused: [String] = []

  init(file: String) { self.file = file }

  /// The session a parser context belongs to, if it is one of ours.
  static func of(_ context: xmlParserCtxtPtr) -> ParseSession? {
    guard let token = context.pointee._private, ActiveSessions.shared.contains(token) else {
      return nil
    }
    return Unmanaged<ParseSession>.fromOpaque(token).takeUnretainedValue()
  }

  func refusedEntity(_ url: String) {
    refused.append(url)
  }

  func record(_ error: xmlError, context: xmlParserCtxtPtr?) {
    let message = error.message.map { String(cString: $0).trimmingWhitespace() } ?? ""
    let line = error.line > 0 ? Int(error.line) : nil
    let column = error.int2 > 0 ? Int(error.int2) : nil
    if !refused.isEmpty
      && (error.domain == Int32(XML_FROM_IO.rawValue) || error.code == Int32(XML_IO_LOAD_ERROR.rawValue))
    {
      return  // the loader refused an outside resource: reported once, in our own words
    }
    // libxml2 repeats some errors (an entity loop is reported at every level): once is enough.
    if diagnostics.contains(where: { $0.message.hasSuffix(message) }) { return }
    if error.level == XML_ERR_WARNING {
      diagnostics.append(Messages.parserWarning(file: file, detail: message, line: line, column: column))
    } else {
      diagnostics.append(Messages.notWellFormed(file: file, detail: message, line: line, column: column))
    }
  }
}

/// The structured error handler of input parses. Finds the session through the error's context.
private let parserErrorHandler: xmlStructuredErrorFunc = { _, errorPointer in
  guard let error = errorPointer?.pointee, let raw = error.ctxt else { return }
  let context = raw.assumingMemoryBound(to: xmlParserCtxt.self)
  ParseSession.of(context)?.record(error, context: context)
}
