import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written.
public struct WriteError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "\(path): cannot write: \(reason)" }
}

/// Replaces files so that readers see either the old content or the new, whole: the new bytes
/// go to a temporary file in the same folder, are flushed to disk and renamed over the original,
/// whose permissions they keep. On any failure the original is left untouched.
public enum AtomicFile {
  /// Writes `bytes` over `path`. With `original`, the file must still hold exactly those bytes
  /// when the new ones are in place (it was not changed by someone else since it was read);
  /// otherwise nothing is replaced.
  public static func replace(
    _ path: String, with bytes: [UInt8], creating: Bool = false, unlessChangedFrom original: [UInt8]? = nil
  ) throws(WriteError) {
    var info = stat()
    let exists = stat(path, &info) == 0
    if !exists && !creating { throw WriteError(path: path, reason: "no such file") }
    let mode: mode_t = exists ? info.st_mode & 0o7777 : 0o644
    let folder = PathText.deletingLastComponent(path)
    let name = PathText.lastComponent(path)
    var template = Array(((folder.isEmpty ? "." : folder) + "/." + name + ".numaschema-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
    let temporary = String(cString: template)
    func fail(_ reason: String) -> WriteError {
      close(descriptor)
      unlink(temporary)
      return WriteError(path: path, reason: reason)
    }
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw fail(String(cString: strerror(errno)))
      }
      written += count
    }
    if fchmod(descriptor, mode) != 0 { throw fail(String(cString: strerror(errno))) }
    if fsync(descriptor) != 0 { throw fail(String(cString: strerror(errno))) }
    if close(descriptor) != 0 {
      unlink(temporary)
      throw WriteError(path: path, reason: String(cString: strerror(errno)))
    }
    if let original, (try? InputSource.file(path).read()) != original {
      unlink(temporary)
      throw WriteError(path: path, reason: "the file changed since it was read; it was left as it is")
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw WriteError(path: path, reason: reason)
    }
  }
}
