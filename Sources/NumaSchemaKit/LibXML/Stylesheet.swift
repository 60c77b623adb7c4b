internal import CLibXML2
internal import CLibXSLT
internal import CNumaSchemaShims
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif
import NumaSchemaResources

/// Why the canonicalization stylesheet could not be used.
public enum StylesheetError: Error, Sendable, Equatable, CustomStringConvertible {
  case doesNotCompile(name: String, messages: [String])
  case transformFailed(messages: [String])

  public var description: String {
    switch self {
    case .doesNotCompile(let name, let messages):
      return Messages.stylesheetDoesNotCompile(name, messages: messages)
    case .transformFailed(let messages):
      return Messages.canonicalizationFailed(messages)
    }
  }
}

/// A compiled XSLT stylesheet. Owns its `xsltStylesheetPtr` (from `xsltParseStylesheetDoc`).
///
/// Compiled once and shared: libxslt only reads a compiled stylesheet while transforming, and
/// each transform gets its own context.
final class Stylesheet: @unchecked Sendable {
  // Safe to share: `raw` is never mutated after init.
  private let raw: xsltStylesheetPtr

  /// The canonicalization stylesheet embedded in the binary, compiled once per process.
  static func canonicalize() throws(StylesheetError) -> Stylesheet {
    try embedded.get()
  }

  private static let embedded: Result<Stylesheet, StylesheetError> = {
    _ = XMLLibrary.ready
    let name = EmbeddedSchemas.canonicalizeStylesheet
    do throws(StylesheetError) {
      return .success(try Stylesheet(url: XMLLibrary.embeddedURL(name), bytes: EmbeddedSchemas.files[name] ?? []))
    } catch {
      return .failure(error)
    }
  }()

  private init(url: String, bytes: [UInt8]) throws(StylesheetError) {
    let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) {
        xmlReadMemory($0.baseAddress, Int32($0.count), url, nil, Int32(XML_PARSE_NONET.rawValue))
      }
    }
    guard let document else { throw .doesNotCompile(name: url, messages: [Messages.notWellFormedXML]) }
    // Compilation reports through libxslt's process-wide handler; this runs once, at start-up,
    // before any concurrent use.
    let collector = TextCollector()
    var sink = numaschema_sink_box(sink: collectText, box: Unmanaged.passUnretained(collector).toOpaque())
    let compiled: xsltStylesheetPtr? = withExtendedLifetime(collector) {
      withUnsafeMutablePointer(to: &sink) { target in
        numaschema_xslt_set_generic_error_sink(collectText, target.pointee.box)
        defer { numaschema_xslt_set_generic_error_sink(nil, nil) }
        return xsltParseStylesheetDoc(document)  // takes ownership of `document` on success
      }
    }
    guard let compiled else {
      xmlFreeDoc(document)
      throw .doesNotCompile(name: url, messages: collector.texts)
    }
    raw = compiled
  }

  deinit { xsltFreeStylesheet(raw) }

  /// Transforms `document` with string parameters (each passed as a string literal, so a value
  /// may not hold both kinds of quote) and extension functions, and serializes the result as the
  /// stylesheet's `xsl:output` says. Wraps `xsltApplyStylesheetUser` and
  /// `xsltSaveResultToString`. The transform may not read or write files or use the network.
  func transform(
    _ document: ParsedDocument, parameters: [String: String], functions: any XSLTExtensionFunctions
  ) throws(StylesheetError) -> String {
    let box = XSLTFunctionBox(functions)
    let collector = TextCollector()
    var sink = numaschema_sink_box(sink: collectText, box: Unmanaged.passUnretained(collector).toOpaque())
    let output: String? = document.withUnsafeDocPointer { doc in
      guard let context = xsltNewTransformContext(raw, doc) else { return nil }
      defer { xsltFreeTransformContext(context) }
      guard let prefs = xsltNewSecurityPrefs() else { return nil }
      defer { xsltFreeSecurityPrefs(prefs) }
      for option in [
        XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY, XSLT_SECPREF_READ_NETWORK,
        XSLT_SECPREF_WRITE_NETWORK,
      ] {
        xsltSetSecurityPrefs(prefs, option, xsltSecurityForbid)
      }
      xsltSetCtxtSecurityPrefs(prefs, context)
      return withExtendedLifetime((collector, box)) {
        withUnsafeMutablePointer(to: &sink) { target in
          numaschema_xslt_set_error_sink(context, target)
          context.pointee._private = Unmanaged.passUnretained(box).toOpaque()
          box.register(in: context)
          // Parameters are XPath expressions: pass each value as a quoted string literal.
          let pairs = parameters.flatMap { [strdup($0.key), strdup("'\($0.value)'")] }
          defer { pairs.forEach { free($0) } }
          var argv: [UnsafePointer<CChar>?] = pairs.map { UnsafePointer($0) } + [nil]
          let result = argv.withUnsafeMutableBufferPointer { buffer in
            xsltApplyStylesheetUser(raw, doc, buffer.baseAddress, nil, nil, context)
          }
          guard let result else { return nil }
          defer { xmlFreeDoc(result) }
          if context.pointee.state != XSLT_STATE_OK { return nil }
          var bytes: UnsafeMutablePointer<xmlChar>?
          var length: Int32 = 0
          guard xsltSaveResultToString(&bytes, &length, result, raw) == 0 else { return nil }
          defer { numaschema_free(bytes) }
          guard let bytes else { return "" }
          return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self)
        }
      }
    }
    guard let output, functions.failure == nil else {
      throw .transformFailed(messages: collector.texts + (functions.failure.map { [$0] } ?? []))
    }
    return output
  }
}

/// Collects formatted messages from libxslt.
final class TextCollector {
  var texts: [String] = []
}

private let collectText: numaschema_message_sink = { box, message in
  guard let box, let message else { return }
  let text = String(cString: message).trimmingWhitespace()
  if !text.isEmpty { Unmanaged<TextCollector>.fromOpaque(box).takeUnretainedValue().texts.append(text) }
}
