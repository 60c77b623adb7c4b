internal import CLibXML2
import FoundationEssentials
import NumaSchemaResources

/// Why a grammar could not be made ready.
public enum GrammarError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The folder given with `--schema` lacks the top-level grammar or cannot be read.
  case unreadable(path: String, reason: String)
  /// libxml2 refused to compile the grammar; the messages say why.
  case doesNotCompile(name: String, messages: [String])

  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return Messages.grammarUnreadable(path, reason: reason)
    case .doesNotCompile(let name, let messages):
      return Messages.grammarDoesNotCompile(name, messages: messages)
    }
  }
}

/// A compiled RelaxNG grammar. Wraps `xmlRelaxNGPtr`, made by `xmlRelaxNGParse`.
///
/// Compiled once and shared by every validation, in any number of tasks: libxml2 only reads a
/// compiled grammar while validating, and each validation gets its own validation context.
public final class Grammar: @unchecked Sendable {
  // Safe to share: the domain grammar is never mutated after init, the parts grammar, the
  // outline and the open content are made once (`Once`); validation contexts are made per call.
  let domain: CompiledRelaxNG
  /// The strict children of `<domain>` alone (`parts.rng`), to explain a failure precisely:
  /// its source, compiled on the first failure (most runs never need it).
  private let partsSource: (url: String, bytes: [UInt8])?
  private let partsCompiled = Once<CompiledRelaxNG?>()

  /// The compiled `parts.rng`, or `nil` when there is none or it does not compile.
  private var parts: CompiledRelaxNG? {
    guard let partsSource else { return nil }
    return partsCompiled.value {
      try? CompiledRelaxNG(url: partsSource.url, bytes: partsSource.bytes, embedded: isEmbedded)
    }
  }
  /// Where the grammar came from, for messages: `embedded` or a folder path.
  public let origin: String
  /// Whether the grammar is the one compiled into the binary.
  private let isEmbedded: Bool
  /// The text of every `.rng` file of the grammar, by file name, for its outline.
  private let sources: [String: [UInt8]]
  private let outlineRead = Once<GrammarOutline?>()
  private let openContentRead = Once<OpenContent?>()

  /// The names the grammar allows at each place, read from its files on the first call (only
  /// a document the grammar refuses needs it); `nil` when the files cannot be outlined.
  var outline: GrammarOutline? {
    if isEmbedded { return Self.embeddedOutline }
    return outlineRead.value { GrammarOutline.read(top: EmbeddedSchemas.domainGrammar, files: sources) }
  }

  /// Where documents' content cannot change the verdict, read from the outline on the first
  /// call; `nil` when the outline cannot say (or the grammar has no open content). Reading it
  /// takes about as long as validating a few dozen guests (docs/performance.md): for batches.
  var openContent: OpenContent? {
    if isEmbedded { return Self.embeddedOpenContent }
    return openContentRead.value {
      GrammarOutline.read(top: EmbeddedSchemas.domainGrammar, files: sources, findingOpenContent: true)
        .flatMap(OpenContent.init(outline:))
    }
  }

  /// The outline and the open content of the embedded grammar: read once per process, when
  /// first asked for, apart from compiling it (`prepareOpenContent`).
  private static let embeddedSources = EmbeddedSchemas.files.filter { $0.key.hasSuffix(".rng") }
  private static let embeddedOutline = GrammarOutline.read(top: EmbeddedSchemas.domainGrammar, files: embeddedSources)
  private static let embeddedOpenContent = GrammarOutline.read(
    top: EmbeddedSchemas.domainGrammar, files: embeddedSources, findingOpenContent: true
  ).flatMap(OpenContent.init(outline:))

  /// Reads the embedded grammar's open content now, when a batch of `count` guests will set it
  /// aside: a batch about to be validated asks for it on one core while the grammar compiles
  /// on the other.
  public static func prepareOpenContent(forBatchOf count: Int) {
    if count >= OpenContent.batchSize { _ = embeddedOpenContent }
  }

  /// The project's own domain grammar, compiled into the binary; compiled once per process.
  public static func embedded() throws(GrammarError) -> Grammar {
    switch embeddedGrammar {
    case .success(let grammar): return grammar
    case .failure(let error): throw error
    }
  }

  private static let embeddedGrammar: Result<Grammar, GrammarError> = {
    _ = XMLLibrary.ready
    let name = EmbeddedSchemas.domainGrammar
    let partsName = EmbeddedSchemas.partsGrammar
    do throws(GrammarError) {
      return .success(
        Grammar(
          domain: try CompiledRelaxNG(
            url: XMLLibrary.embeddedURL(name), bytes: EmbeddedSchemas.files[name] ?? [], embedded: true),
          parts: (url: XMLLibrary.embeddedURL(partsName), bytes: EmbeddedSchemas.files[partsName] ?? []),
          origin: "embedded", isEmbedded: true, sources: embeddedSources))
    } catch {
      return .failure(error)
    }
  }()

  /// Compiles `domain.rng` from `directory`. Every `.rng` file of that folder is read up front
  /// and served from memory to `<include>`; nothing else is read.
  public convenience init(directory: String) throws(GrammarError) {
    _ = XMLLibrary.ready
    let folder = URL(fileURLWithPath: directory).standardizedFileURL
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".rng") }
    } catch {
      throw .unreadable(path: directory, reason: Messages.grammarFolderUnreadable)
    }
    var contents: [String: [UInt8]] = [:]
    for name in names {
      let path = folder.appendingPathComponent(name).path
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadable(path: path, reason: Messages.grammarFileUnreadable)
      }
      ServedFiles.shared.register(url: path, bytes: Array(data))
      contents[name] = Array(data)
    }
    guard let top = contents[EmbeddedSchemas.domainGrammar] else {
      throw .unreadable(path: directory, reason: Messages.grammarFolderLacks(EmbeddedSchemas.domainGrammar))
    }
    let partsName = EmbeddedSchemas.partsGrammar
    self.init(
      domain: try CompiledRelaxNG(url: folder.appendingPathComponent(EmbeddedSchemas.domainGrammar).path, bytes: top),
      parts: contents[partsName].map { (url: folder.appendingPathComponent(partsName).path, bytes: $0) },
      origin: directory, isEmbedded: false, sources: contents)
  }

  private init(
    domain: CompiledRelaxNG, parts: (url: String, bytes: [UInt8])?, origin: String, isEmbedded: Bool,
    sources: [String: [UInt8]]
  ) {
    self.domain = domain
    self.partsSource = parts
    self.origin = origin
    self.isEmbedded = isEmbedded
    self.sources = sources
  }

  /// Validates a parsed document: libxml2's complaints, each with the line it gives (RelaxNG
  /// errors carry no column); none when the document is valid. When the domain fails, its
  /// strict children are validated again one by one, and their precise complaints replace
  /// libxml2's generic ones ("Element domain failed to validate content").
  ///
  /// With `settingAsideOpenContent`, the content of the document's open elements is set aside
  /// while libxml2 validates it (`openContent`); the verdict and the complaints are the same.
  func validate(_ document: ParsedDocument, settingAsideOpenContent: Bool = false) -> [GrammarViolation] {
    let open = settingAsideOpenContent ? openContent : nil
    var messages = document.withUnsafeDocPointer { domain.validate($0, leavingOut: open) }
    if !messages.isEmpty, let parts {
      let precise = document.withUnsafeDocPointer { doc in
        strictChildren(of: doc).flatMap { child in
          // A complaint about an attribute of the copy may come without a line: use the child's.
          let line = Int(xmlGetLineNo(child))
          let found = parts.validate(copyOf: child).map { (line: $0.line ?? (line > 0 ? line : nil), text: $0.text) }
          // Only summaries ("Element target failed to validate content" and the elements around
          // it): the innermost one, the last line, says where to look.
          guard !found.isEmpty, found.allSatisfy({ isGeneric($0.text) }) else { return found }
          return [
            found.enumerated().max { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }!.element
          ]
        }
      }
      // Specific messages replace every summary; with none, the parts' innermost summaries
      // replace the domain's.
      let specific = (precise + messages).filter { !isGeneric($0.text) }
      if !specific.isEmpty {
        messages = specific
      } else if !precise.isEmpty {
        messages = precise
      }
    }
    var violations: [GrammarViolation] = []
    var seen = Set<String>()
    for message in messages where seen.insert("\(message.line ?? 0):\(message.text)").inserted {
      violations.append(GrammarViolation(line: message.line, text: message.text))
    }
    return violations
  }

  /// libxml2's summaries of a failure further down, which say nothing a precise message does not.
  private func isGeneric(_ text: String) -> Bool {
    text.hasSuffix("failed to validate content") || text.hasPrefix("Extra element")
      || text.hasPrefix("Invalid sequence in interleave")
  }

  /// The direct children of the root that `parts.rng` can validate on their own.
  private func strictChildren(of doc: xmlDocPtr) -> [xmlNodePtr] {
    guard let root = xmlDocGetRootElement(doc), root.pointee.ns == nil,
      root.pointee.name.map({ String(cString: $0) }) == "domain"
    else { return [] }
    var result: [xmlNodePtr] = []
    var child = root.pointee.children
    while let node = child {
      if node.pointee.type == XML_ELEMENT_NODE, node.pointee.ns == nil,
        let name = node.pointee.name.map({ String(cString: $0) }),
        EmbeddedSchemas.strictChildren.contains(name)
      {
        result.append(node)
      }
      child = node.pointee.next
    }
    return result
  }
}

/// One compiled RelaxNG grammar. Owns its `xmlRelaxNGPtr` (from `xmlRelaxNGParse`).
final class CompiledRelaxNG: @unchecked Sendable {
  // Safe to share: never mutated after init; libxml2 only reads it while validating.
  private let raw: xmlRelaxNGPtr

  /// Compiles the grammar whose text is `bytes`, known to libxml2 as `url` so that relative
  /// `<include>`s resolve to names the entity loader serves from memory.
  ///
  /// `embedded`: the grammar is one of ours, served from memory under `url` and known to be
  /// well-formed; libxml2 then reads it through the entity loader as it reads its includes,
  /// which spares parsing it here and the copy `xmlRelaxNGNewDocParserCtxt` makes of a parsed
  /// document (a tenth of a one-file run). A grammar from `--schema` is parsed here first, so
  /// that one that is not well-formed is reported in our words.
  init(url: String, bytes: [UInt8], embedded: Bool = false) throws(GrammarError) {
    _ = XMLLibrary.ready
    let collector = MessageCollector()
    let parser: xmlRelaxNGParserCtxtPtr
    if embedded {
      guard let context = xmlRelaxNGNewParserCtxt(url) else {
        throw .doesNotCompile(name: url, messages: [Messages.outOfMemory])
      }
      parser = context
    } else {
      // The grammar is read as a document whose URL makes relative <include>s resolve to names
      // that the entity loader serves from memory.
      let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
          xmlReadMemory($0.baseAddress, Int32($0.count), url, nil, Int32(XML_PARSE_NONET.rawValue))
        }
      }
      guard let document else {
        throw .doesNotCompile(name: url, messages: [Messages.notWellFormedXML])
      }
      defer { xmlFreeDoc(document) }
      guard let context = xmlRelaxNGNewDocParserCtxt(document) else {
        throw .doesNotCompile(name: url, messages: [Messages.outOfMemory])
      }
      parser = context
    }
    defer { xmlRelaxNGFreeParserCtxt(parser) }
    let compiled: xmlRelaxNGPtr? = withExtendedLifetime(collector) {
      xmlRelaxNGSetParserStructuredErrors(
        parser, collectMessage, Unmanaged.passUnretained(collector).toOpaque())
      return xmlRelaxNGParse(parser)
    }
    guard let compiled else {
      throw .doesNotCompile(name: url, messages: collector.messages.map(\.text))
    }
    raw = compiled
  }

  deinit { xmlRelaxNGFree(raw) }

  /// The complaints about `doc`, empty when it is valid. Wraps `xmlRelaxNGValidateDoc` with a
  /// validation context of its own.
  func validate(_ doc: xmlDocPtr) -> [(line: Int?, text: String)] {
    let collector = MessageCollector()
    guard let context = xmlRelaxNGNewValidCtxt(raw) else {
      return [(line: nil, text: Messages.validationContextUnavailable)]
    }
    defer { xmlRelaxNGFreeValidCtxt(context) }
    let result = withExtendedLifetime(collector) {
      xmlRelaxNGSetValidStructuredErrors(
        context, collectMessage, Unmanaged.passUnretained(collector).toOpaque())
      return xmlRelaxNGValidateDoc(context, doc)
    }
    if result != 0 && collector.messages.isEmpty {
      return [(line: nil, text: Messages.documentDoesNotMatchGrammar)]
    }
    return collector.messages
  }

  /// The complaints about `doc`, as `validate(_:)` gives them, with the content `open` finds
  /// open set aside while libxml2 validates (its verdict is the same: every pattern that may
  /// match such an element takes any content). A document with complaints is validated again
  /// whole, so that they are worded and placed as for the whole tree.
  func validate(_ doc: xmlDocPtr, leavingOut open: OpenContent?) -> [(line: Int?, text: String)] {
    guard let open else { return validate(doc) }
    let setAside = SetAsideContent(doc, open: open)
    guard !setAside.nodes.isEmpty else { return validate(doc) }
    let messages = validate(doc)
    setAside.restore()
    return messages.isEmpty ? messages : validate(doc)
  }

  /// Validates a copy of `node` as the root of a document of its own (lines are kept).
  func validate(copyOf node: xmlNodePtr) -> [(line: Int?, text: String)] {
    guard let doc = xmlNewDoc(nil) else { return [] }
    defer { xmlFreeDoc(doc) }
    guard let copy = xmlDocCopyNode(node, doc, 1) else { return [] }
    xmlDocSetRootElement(doc, copy)
    return validate(doc)
  }
}

/// Collects libxml2's structured errors as (line, text) pairs.
final class MessageCollector {
  var messages: [(line: Int?, text: String)] = []
}

private let collectMessage: xmlStructuredErrorFunc = { box, errorPointer in
  guard let box, let error = errorPointer?.pointee else { return }
  let collector = Unmanaged<MessageCollector>.fromOpaque(box).takeUnretainedValue()
  var line = error.line > 0 ? Int(error.line) : nil
  if line == nil, let node = error.node {
    let number = xmlGetLineNo(node.assumingMemoryBound(to: xmlNode.self))
    line = number > 0 ? Int(number) : nil
  }
  collector.messages.append((line: line, text: (error.message.map { String(cString: $0) } ?? "").trimmingWhitespace()))
}

/// One complaint of libxml2's RelaxNG validator: its line (when it gives one) and its text, and
/// what the text is about, read from libxml2's wording (relaxng.c), so that a more precise
/// finding about the same mistake can take its place.
struct GrammarViolation: Sendable, Equatable {
  var line: Int?
  var text: String

  /// What a complaint is about.
  enum Subject: Sendable, Equatable {
    /// "Invalid attribute A for element E".
    case attribute(String, element: String)
    /// "Element E failed to validate attributes": some attribute of an `<E>`, unnamed.
    case attributesOf(String)
    /// "Did not expect element X there", "Element E has extra content: X", "Extra element X in
    /// interleave", "Expecting element E, got X": an element `<X>` where it may not be.
    case unexpectedElement(String)
    /// "Expecting an element X, got nothing": a required `<X>` is missing.
    case missingElement(String)
    /// "Element E failed to validate content", "Invalid sequence in interleave": a summary of a
    /// problem further down.
    case summary
    /// Anything else (a value, text, a namespace).
    case other
  }

  var subject: Subject {
    if let names = Self.match(text, "Invalid attribute ", " for element ", ""), names.count == 2 {
      return .attribute(names[0], element: names[1])
    }
    if let names = Self.match(text, "Element ", " failed to validate attributes") { return .attributesOf(names[0]) }
    if let names = Self.match(text, "Did not expect element ", " there") { return .unexpectedElement(names[0]) }
    if let names = Self.match(text, "Element ", " has extra content: ", ""), names.count == 2 {
      return .unexpectedElement(names[1])
    }
    if let names = Self.match(text, "Extra element ", " in interleave") { return .unexpectedElement(names[0]) }
    if let names = Self.match(text, "Expecting an element ", ", got nothing") { return .missingElement(names[0]) }
    if let names = Self.match(text, "Expecting element ", ", got ", ""), names.count == 2 {
      return .unexpectedElement(names[1])
    }
    if Self.match(text, "Element ", " failed to validate content") != nil || text == "Invalid sequence in interleave" {
      return .summary
    }
    return .other
  }

  /// The names between the literal parts of `text` when it is `parts[0] name parts[1] name …`
  /// (a name has no space); `nil` when it is not.
  private static func match(_ text: String, _ parts: String...) -> [String]? {
    guard text.hasPrefix(parts[0]) else { return nil }
    var rest = text.dropFirst(parts[0].count)
    var names: [String] = []
    for part in parts.dropFirst() {
      if part.isEmpty {
        guard !rest.isEmpty, !rest.contains(" ") else { return nil }
        names.append(String(rest))
        rest = ""
        continue
      }
      guard let range = rest.firstRange(of: part) else { return nil }
      let name = rest[..<range.lowerBound]
      guard !name.isEmpty, !name.contains(" ") else { return nil }
      names.append(String(name))
      rest = rest[range.upperBound...]
    }
    return rest.isEmpty ? names : nil
  }
}

/// The attributes and children of a document's open elements, taken off them for one
/// validation and put back after it (`CompiledRelaxNG.validate(_:leavingOut:)`). The nodes stay
/// where they are, owned by their document; only the element's links to them are cleared.
struct SetAsideContent {
  /// The elements whose content is set aside, with it.
  private(set) var nodes: [(element: xmlNodePtr, children: xmlNodePtr?, last: xmlNodePtr?, properties: xmlAttrPtr?)] =
    []

  /// Sets aside the content of `doc`'s elements that `open` finds open.
  init(_ doc: xmlDocPtr, open: OpenContent) {
    guard let root = xmlDocGetRootElement(doc) else { return }
    nodes.reserveCapacity(64)
    visit(root, place: open.root, open: open)
  }

  private mutating func visit(_ node: xmlNodePtr, place: OpenContent.Place, open: OpenContent) {
    guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return }
    switch place.decision(name: name, inNamespace: node.pointee.ns != nil) {
    case .keep:
      return
    case .setAside:
      guard node.pointee.children != nil || node.pointee.properties != nil else { return }
      nodes.append((node, node.pointee.children, node.pointee.last, node.pointee.properties))
      node.pointee.children = nil
      node.pointee.last = nil
      node.pointee.properties = nil
    case .descend(let index):
      let inner = open.places[index]
      var child = node.pointee.children
      while let current = child {
        visit(current, place: inner, open: open)
        child = current.pointee.next
      }
    }
  }

  /// Puts everything set aside back.
  func restore() {
    for (element, children, last, properties) in nodes {
      element.pointee.children = children
      element.pointee.last = last
      element.pointee.properties = properties
    }
  }
}
