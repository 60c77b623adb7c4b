/// Where whole elements are in the original bytes: from the `<` of the start tag to just past
/// the `>` of the end tag (or of an empty-element tag), found by the element's document-order
/// ordinal, as `SourceIndex` numbers them.
///
/// One forward scan that stops at the end of the last element asked for: what comes after it is
/// never read. Comments, CDATA sections, processing instructions, declarations and quoted
/// attribute values are skipped as the parser skips them.
struct ElementSpans {
  /// An element asked for: its ordinal and the local name its start tag must have.
  struct Request {
    var ordinal: Int
    var name: String
  }

  /// The spans of `requests` (any order; none inside another), in the requests' order; `nil`
  /// when the text does not line up with the parsed tree (a start tag not where the tree puts
  /// it, an element that does not end).
  static func find(_ requests: [Request], in bytes: [UInt8]) -> [Range<Int>]? {
    var scanner = Scanner(bytes: bytes)
    var spans = [Range<Int>?](repeating: nil, count: requests.count)
    for (slot, request) in requests.enumerated().sorted(by: { $0.element.ordinal < $1.element.ordinal }) {
      guard let start = scanner.advance(toStartTag: request.ordinal), scanner.nameAt(start) == request.name,
        let end = scanner.endOfElement(startingAt: start)
      else { return nil }
      spans[slot] = start..<end
    }
    return spans.compactMap { $0 }
  }

  /// How many start tags the text has (to compare with the parsed tree's element count).
  static func startTagCount(in bytes: [UInt8]) -> Int {
    var scanner = Scanner(bytes: bytes)
    _ = scanner.advance(toStartTag: Int.max)
    return scanner.tags
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    /// Start tags passed so far.
    var tags = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    private func starts(_ literal: StaticString, at position: Int) -> Bool {
      let count = literal.utf8CodeUnitCount
      guard position + count <= bytes.count else { return false }
      return literal.withUTF8Buffer { buffer in
        for offset in 0..<count where bytes[position + offset] != buffer[offset] { return false }
        return true
      }
    }

    private mutating func skip(past terminator: StaticString) {
      while index < bytes.count {
        if starts(terminator, at: index) {
          index += terminator.utf8CodeUnitCount
          return
        }
        index += 1
      }
    }

    /// Moves past a start tag whose `<` is at `index`; true when it was an empty-element tag.
    private mutating func skipStartTag() -> Bool {
      index += 1
      var quote: UInt8?
      var previous: UInt8 = 0
      while index < bytes.count {
        let current = bytes[index]
        index += 1
        if let open = quote {
          if current == open { quote = nil }
        } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
          quote = current
        } else if current == UInt8(ascii: ">") {
          return previous == UInt8(ascii: "/")
        }
        previous = current
      }
      return false
    }

    /// Skips `<!DOCTYPE …>` (with an internal subset) or another declaration.
    private mutating func skipDeclaration() {
      var depth = 0
      var quote: UInt8?
      while index < bytes.count {
        let current = bytes[index]
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

    /// What starts at `index` (a `<`), skipped unless it is a start tag.
    private enum Markup { case startTag, endTag, other }

    private mutating func markup() -> Markup {
      if starts("<!--", at: index) {
        skip(past: "-->")
      } else if starts("<![CDATA[", at: index) {
        skip(past: "]]>")
      } else if starts("<?", at: index) {
        skip(past: "?>")
      } else if starts("<!", at: index) {
        skipDeclaration()
      } else if starts("</", at: index) {
        skip(past: ">")
        return .endTag
      } else {
        return .startTag
      }
      return .other
    }

    /// Where the start tag with this ordinal begins; the scan stands on it.
    mutating func advance(toStartTag ordinal: Int) -> Int? {
      while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        if markup() == .startTag {
          if tags == ordinal { return index }
          tags += 1
          _ = skipStartTag()
        }
      }
      return nil
    }

    /// The local name of the tag whose `<` is at `start`.
    func nameAt(_ start: Int) -> String {
      var end = start + 1
      while end < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[end]) {
        end += 1
      }
      let qualified = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
      return qualified.split(separator: ":").last.map(String.init) ?? qualified
    }

    /// Just past the end of the element whose start tag is at `start` (the scan stands on it),
    /// counting the start tags inside.
    mutating func endOfElement(startingAt start: Int) -> Int? {
      index = start
      tags += 1
      if skipStartTag() { return index }
      var depth = 1
      while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        switch markup() {
        case .startTag:
          tags += 1
          if !skipStartTag() { depth += 1 }
        case .endTag:
          depth -= 1
          if depth == 0 { return index }
        case .other: break
        }
      }
      return nil
    }
  }
}
