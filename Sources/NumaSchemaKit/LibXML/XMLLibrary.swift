internal import CLibXML2
internal import CNumaSchemaShims
import FoundationEssentials
import NumaSchemaResources

/// Process-wide libxml2 state, set up once before any concurrent use.
///
/// `xmlInitParser` runs once; the one external-entity loader of the process is installed here.
/// That loader serves only the files registered in `ServedFiles` (our grammars and stylesheets,
/// held in memory) to libxml2's own internal parses (`<include>`, `xsl:import`), and refuses
/// every other name. Documents that numaschema reads as input get nothing at all: each refusal is
/// recorded in the document's `ParseSession`, which turns it into a diagnostic.
enum XMLLibrary {
  /// Touch this before calling libxml2; initialisation happens exactly once.
  static let ready: Void = {
    // Before libxml2 allocates anything: its small blocks then come from per-thread free lists
    // (CNumaSchemaShims' block allocator), not the C library's slower paths.
    _ = numaschema_block_allocator_install()
    xmlInitParser()
    xmlSetExternalEntityLoader(servedEntityLoader)
    for (name, bytes) in EmbeddedSchemas.files {
      ServedFiles.shared.register(url: embeddedURL(name), bytes: bytes)
    }
  }()

  /// The URL under which an embedded file is known to libxml2. Only the loader resolves it,
  /// from memory; nothing by that name is ever looked for on disk.
  static func embeddedURL(_ name: String) -> String {
    "/numaschema-embedded/" + name
  }
}

/// Files that the entity loader may serve, by URL. Their bytes are copied once into memory that
/// is never freed or moved, because libxml2 reads them without copying.
final class ServedFiles: @unchecked Sendable {
  // Safe to share: every access to `files` takes `lock`, and the buffers are immutable.
  static let shared = ServedFiles()

  private let lock = Lock()
  private var files: [String: UnsafeBufferPointer<CChar>] = [:]
  /// Buffers replaced by a newer version of the same URL: another thread may still be copying
  /// one, so they stay allocated (and reachable) for the life of the process.
  private var retired: [UnsafeBufferPointer<CChar>] = []

  /// Serves `bytes` under `url`. Registering the same bytes again (a grammar folder compiled
  /// twice) allocates nothing.
  func register(url: String, bytes: [UInt8]) {
    let unchanged = lock.withLock { () -> Bool in
      guard let existing = files[url], existing.count == bytes.count else { return false }
      return existing.elementsEqual(bytes, by: { $0 == CChar(bitPattern: $1) })
    }
    if unchanged { return }
    let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count + 1)
    // One copy of the bytes (a loop over them cost the debug build 113 M instructions a start).
    UnsafeMutableRawBufferPointer(buffer).copyBytes(from: bytes)
    buffer[bytes.count] = 0
    lock.withLock {
      if let old = files[url] { retired.append(old) }
      files[url] = UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
    }
  }

  func file(at url: String) -> UnsafeBufferPointer<CChar>? {
    lock.withLock { files[url] }
  }
}

/// The parse sessions of input documents that are under way, so that the loader and the error
/// handler can tell a context of ours (`_private` set by us) from one libxml2 made itself.
final class ActiveSessions: @unchecked Sendable {
  // Safe to share: every access to `sessions` takes `lock`.
  static let shared = ActiveSessions()

  private let lock = Lock()
  private var sessions: Set<UnsafeMutableRawPointer> = []

  func insert(_ pointer: UnsafeMutableRawPointer) { _ = lock.withLock { sessions.insert(pointer) } }
  func remove(_ pointer: UnsafeMutableRawPointer) { _ = lock.withLock { sessions.remove(pointer) } }
  func contains(_ pointer: UnsafeMutableRawPointer) -> Bool { lock.withLock { sessions.contains(pointer) } }
}

/// The one external-entity loader of the process. Wraps `xmlSetExternalEntityLoader`'s callback.
private let servedEntityLoader: xmlExternalEntityLoader = { url, _, context in
  let name = url.map { String(cString: $0) } ?? ""
  if let context, let session = ParseSession.of(context) {
    // An input document named an outside resource: never read it, tell the user.
    session.refusedEntity(name)
    return nil
  }
  guard let url, let file = ServedFiles.shared.file(at: name), let base = file.baseAddress else {
    return nil
  }
  return numaschema_input_from_memory(context, url, base, Int32(file.count))
}
