#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text of a domain as libvirt reads it: a C string, which ends at the first NUL byte.
/// `virsh define` and the API take the XML as a NUL-terminated string, so whatever follows a NUL
/// does not exist for libvirt, and a UTF-16 file (a NUL in every ASCII character) holds no
/// document at all.
struct DocumentText {
  /// The bytes before the first NUL (all of them when there is none).
  var bytes: [UInt8]
  /// Where the first NUL is, when there is one.
  var nulOffset: Int?
  /// How many bytes from the NUL on are not read.
  var ignored: Int

  init(_ file: [UInt8]) {
    let offset = file.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
    nulOffset = offset
    bytes = offset.map { Array(file[..<$0]) } ?? file
    ignored = offset.map { file.count - $0 } ?? 0
  }

  /// Whether the file looks like UTF-16: a byte order mark, or a NUL in its first two bytes.
  static func looksLikeUTF16(_ file: [UInt8]) -> Bool {
    guard file.count >= 2 else { return false }
    return (file[0] == 0xFE && file[1] == 0xFF) || (file[0] == 0xFF && file[1] == 0xFE) || file[0] == 0 || file[1] == 0
  }

  /// The line and column (1-based, the column in bytes) of the NUL.
  var nulPosition: SourcePosition {
    guard let offset = nulOffset else { return .unknown }
    var line = 1
    var lineStart = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    return SourcePosition(line: line, column: offset - lineStart + 1)
  }
}
