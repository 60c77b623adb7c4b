import Foundation

/// The one printer of the process: stdout carries the product, stderr remarks about the run.
/// Writes are locked, and both go straight to the file descriptors (FileHandle does not buffer), so the two streams
/// interleave in the order they were written.
final class Output: @unchecked Sendable {
  // Safe to share: every write takes `lock`.
  static let shared = Output()
  private let lock = NSLock()

  func out(_ text: String) {
    lock.withLock { FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8)) }
  }

  func raw(_ text: String) {
    lock.withLock { FileHandle.standardOutput.write(Data(text.utf8)) }
  }

  func error(_ text: String) {
    lock.withLock {
      FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
  }
}
