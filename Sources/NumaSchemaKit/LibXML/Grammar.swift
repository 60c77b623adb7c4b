internal import CLibXML2
import Foundation
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
      return "cannot read grammar \(path): \(reason)"
    case .doesNotCompile(let name, let messages):
      let detail = messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
      return "grammar \(name) does not compile\(detail)"
    }
  }
}

/// A compiled RelaxNG grammar. Wraps `xmlRelaxNGPtr`, made by `xmlRelaxNGParse`.
///
/// Compiled once and shared by every validation, in any number of tasks: libxml2 only reads a
/// compiled grammar while validating, and each validation gets its own validation context.
public final class Grammar: @unchecked Sendable {
  // Safe to share: `raw` is never mutated after init; validation contexts are per call.
  private let raw: xmlRelaxNGPtr
  /// Where the grammar came from, for messages: `embedded` or a folder path.
  public let origin: String

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
    do throws(GrammarError) {
      return .success(
        try Grammar(
          url: XMLLibrary.embeddedURL(name), bytes: EmbeddedSchemas.files[name] ?? [],
          origin: "embedded"))
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
      throw .unreadable(path: directory, reason: "not a readable folder")
    }
    var top: [UInt8]?
    for name in names {
      let path = folder.appendingPathComponent(name).path
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .unreadable(path: path, reason: "cannot read file")
      }
      ServedFiles.shared.register(url: path, bytes: Array(data))
      if name == EmbeddedSchemas.domainGrammar { top = Array(data) }
    }
    guard let top else {
      throw .unreadable(path: directory, reason: "no \(EmbeddedSchemas.domainGrammar) in it")
    }
    try self.init(
      url: folder.appendingPathComponent(EmbeddedSchemas.domainGrammar).path, bytes: top,
      origin: directory)
  }

  private init(url: String, bytes: [UInt8], origin: String) throws(GrammarError) {
    self.origin = origin
    let collector = MessageCollector()
    // The grammar is read as a document whose URL makes relative <include>s resolve to names
    // that the entity loader serves from memory.
    let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) {
        xmlReadMemory($0.baseAddress, Int32($0.count), url, nil, Int32(XML_PARSE_NONET.rawValue))
      }
    }
    guard let document else {
      throw .doesNotCompile(name: url, messages: ["not well-formed XML"])
    }
    defer { xmlFreeDoc(document) }
    guard let parser = xmlRelaxNGNewDocParserCtxt(document) else {
      throw .doesNotCompile(name: url, messages: ["out of memory"])
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

  /// Validates a parsed document; every complaint becomes an `rng-invalid` diagnostic with the
  /// line libxml2 gives (RelaxNG errors carry no column). Wraps `xmlRelaxNGValidateDoc`.
  func validate(_ document: ParsedDocument, file: String) -> [Diagnostic] {
    let collector = MessageCollector()
    let result: Int32 = document.withUnsafeDocPointer { doc in
      guard let context = xmlRelaxNGNewValidCtxt(raw) else { return -1 }
      defer { xmlRelaxNGFreeValidCtxt(context) }
      return withExtendedLifetime(collector) {
        xmlRelaxNGSetValidStructuredErrors(
          context, collectMessage, Unmanaged.passUnretained(collector).toOpaque())
        return xmlRelaxNGValidateDoc(context, doc)
      }
    }
    var diagnostics: [Diagnostic] = []
    var seen = Set<String>()
    for message in collector.messages where seen.insert("\(message.line ?? 0):\(message.text)").inserted {
      diagnostics.append(Messages.grammarViolation(file: file, detail: message.text, line: message.line))
    }
    if result != 0 && diagnostics.isEmpty {
      diagnostics.append(
        Messages.grammarViolation(file: file, detail: "the document does not match the grammar", line: nil))
    }
    return diagnostics
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
  collector.messages.append((line: line, text: Messages.trimmed(error.message)))
}
