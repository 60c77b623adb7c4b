/// Small text helpers that the full Foundation would otherwise provide.
extension StringProtocol {
  /// The text without leading and trailing white space (space, tab, CR, LF, FF, VT).
  public func trimmingWhitespace() -> String {
    func isSpace(_ character: Character) -> Bool {
      character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
        || character == "\u{0B}" || character == "\r\n"
    }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}

/// Path strings, split and joined at `/`.
enum PathText {
  /// The last component: `c.xml` of `a/b/c.xml`.
  static func lastComponent(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
  }

  /// Everything before the last component: `a/b` of `a/b/c.xml`, empty for a bare name.
  static func deletingLastComponent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

/// XML text.
enum XMLText {
  /// Text as XML character data or an attribute value (either quote style): `&<>"'` escaped.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }
}
