import NumaSchemaKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one printer of the process: stdout carries the product, stderr remarks about the run.
/// Writes are locked and go straight to the file descriptors (nothing is buffered), so the two
/// streams interleave in the order they were written.
final class Output: @unchecked Sendable {
  // Safe to share: every write takes `lock`.
  static let shared = Output()
  private let lock = Lock()

  /// The product as it is.
  func raw(_ text: String) { write(1, text) }

  /// Text for stderr as it is.
  func rawError(_ text: String) { write(2, text) }

  /// A remark about the run, on stderr.
  func error(_ text: String) { write(2, text.hasSuffix("\n") ? text : text + "\n") }

  private func write(_ descriptor: Int32, _ text: String) {
    lock.withLock {
      // Straight from the string's storage: a 1,024-cell guest's canonical form is 43 MB.
      var text = text
      text.withUTF8 { bytes in
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
          let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
          if count < 0 {
            if errno == EINTR { continue }
            return  // a closed pipe: nothing more can be said
          }
          offset += count
        }
      }
    }
  }
}
