/// Maps elements (by document-order ordinal) and their attributes back to a line and column of
/// the original bytes. libxml2 records only the line where a start tag *ends*; a compiler-grade
/// message needs where the tag, or the attribute, begins.
///
/// Built lazily, only when a finding needs a position: one pass over the bytes recording where
/// each start tag begins and where each line begins. When the text does not line up with the
/// parsed tree (an entity that expanded into elements, a non-ASCII-compatible encoding), the
/// caller falls back to libxml2's line and no column.
struct SourceIndex {
  private let bytes: [UInt8]
  private var lineStarts: [Int] = [0]
  /// Offsets of every start tag's `<`, in document order.
  private var tagStarts: [Int] = []
  /// True when the text is laid out as the parser saw it (UTF-8 or ASCII, tags countable).
  private(set) var usable = true

  init(bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.count >= 2
      && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0
        || bytes[1] == 0)
    {
      usable = false
      return
    }
    scan()
  }

  private static let commentStart = Array("<!--".utf8)
  private static let commentEnd = Array("-->".utf8)
  private static let cdataStart = Array("<![CDATA[".utf8)
  private static let cdataEnd = Array("]]>".utf8)
  private static let instructionEnd = Array("?>".utf8)
  private static let tagEnd = [UInt8(ascii: ">")]

  private mutating func scan() {
    var lineStarts = self.lineStarts
    var tagStarts: [Int] = []
    bytes.withUnsafeBufferPointer { bytes in
      let count = bytes.count
      var index = 0
      func starts(_ literal: [UInt8], at position: Int) -> Bool {
        guard position + literal.count <= count else { return false }
        for offset in 0..<literal.count where bytes[position + offset] != literal[offset] { return false }
        return true
      }
      // Moves `index` past `terminator`, recording line starts on the way.
      func skip(past terminator: [UInt8]) {
        let first = terminator[0]
        while index < count {
          let byte = bytes[index]
          if byte == first && starts(terminator, at: index) {
            index += terminator.count
            return
          }
          if byte == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
          index += 1
        }
      }
      while index < count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\n") {
          lineStarts.append(index + 1)
          index += 1
          continue
        }
        guard byte == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        let next = index + 1 < count ? bytes[index + 1] : 0
        if next == UInt8(ascii: "!") && starts(Self.commentStart, at: index) {
          skip(past: Self.commentEnd)
        } else if next == UInt8(ascii: "!") && starts(Self.cdataStart, at: index) {
          skip(past: Self.cdataEnd)
        } else if next == UInt8(ascii: "?") {
          skip(past: Self.instructionEnd)
        } else if next == UInt8(ascii: "!") {
          Self.skipDeclaration(&index, in: bytes, lineStarts: &lineStarts)
        } else if next == UInt8(ascii: "/") {
          skip(past: Self.tagEnd)
        } else {
          tagStarts.append(index)
          index += 1
          // Skip to the end of the tag, honouring quoted attribute values.
          var quote: UInt8 = 0
          while index < count {
            let current = bytes[index]
            if current == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
            index += 1
            if quote != 0 {
              if current == quote { quote = 0 }
            } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
              quote = current
            } else if current == UInt8(ascii: ">") {
              break
            }
          }
        }
      }
    }
    self.lineStarts = lineStarts
    self.tagStarts = tagStarts
  }

  /// Skips `<!DOCTYPE …>` (with an internal subset) or another declaration, honouring quotes,
  /// comments and brackets.
  private static func skipDeclaration(
    _ index: inout Int, in bytes: UnsafeBufferPointer<UInt8>, lineStarts: inout [Int]
  ) {
    var depth = 0
    var quote: UInt8? = nil
    while index < bytes.count {
      let current = bytes[index]
      if current == UInt8(ascii: "\n") { lineStarts.append(index + 1) }
      index += 1
      if let open = quote {
        if current == open { quote = nil }
        continue
      }
      switch current {
      case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = current
      case UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "]"): depth -= 1
      case UInt8(ascii: ">") where depth <= 0: return
      default: break
      }
    }
  }

  /// How many start tags the text has; must equal the parsed tree's element count.
  var tagCount: Int { tagStarts.count }

  /// Where the element with this ordinal starts, or where its attribute `attribute` starts.
  /// `expectedName` guards against a text/tree mismatch.
  func position(ordinal: Int, expectedName: String, attribute: String?) -> SourcePosition? {
    guard usable, ordinal >= 0, ordinal < tagStarts.count else { return nil }
    let start = tagStarts[ordinal]
    var index = start + 1
    let nameStart = index
    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
      bytes[index] != UInt8(ascii: "/")
    {
      index += 1
    }
    let qualified = String(decoding: bytes[nameStart..<index], as: UTF8.self)
    let local = qualified.split(separator: ":").last.map(String.init) ?? qualified
    guard local == expectedName else { return nil }
    guard let attribute else { return location(of: start) }
    // Walk the attributes of this tag.
    while index < bytes.count {
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
      let attributeStart = index
      while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
      let name = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
      guard index < bytes.count else { break }
      let quote = bytes[index]
      index += 1
      while index < bytes.count, bytes[index] != quote { index += 1 }
      index += 1
      if name == attribute || name.split(separator: ":").last.map(String.init) == attribute {
        return location(of: attributeStart)
      }
    }
    return location(of: start)
  }

  private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// 1-based line and byte column of an offset.
  private func location(of offset: Int) -> SourcePosition {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return SourcePosition(line: low + 1, column: offset - lineStarts[low] + 1)
  }
}
