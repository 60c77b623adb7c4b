/// Small text helpers that the full Foundation would otherwise provide.
extension StringProtocol {
  /// The text without leading and trailing white space: space, tab, CR, LF, FF and VT, the
  /// blanks of C's `isspace` (which libvirt's and xl's parsers skip) and a superset of XML's.
  /// The one trimming of the package: input values, C library messages, xl entries.
  public func trimmingWhitespace() -> String {
    // Most texts start and end with a printable ASCII byte: nothing to trim, and no need to
    // break the text into characters to find out.
    let text = String(self)
    if let first = text.utf8.first, let last = text.utf8.last,
      first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
    {
      return text
    }
    func isSpace(_ character: Character) -> Bool {
      character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
        || character == "\u{0B}" || character == "\r\n"
    }
    guard let first = text.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = text.lastIndex(where: { !isSpace($0) })!
    return String(text[first...last])
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
  /// Text as XML character data or an attribute value (either quote style): `&<>"'` escaped, and
  /// the characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; U+FFFE, U+FFFF)
  /// written as `\u{1b}`, so that the document stays well-formed. The one XML escaping of the package.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case _ where !isXMLCharacter(scalar): result += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether XML 1.0 can carry `scalar` (its `Char` production).
  static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
    default: return false
    }
  }
}

/// Text from the input, made safe to print on a terminal or in a line-oriented report: control
/// characters (C0, DEL and C1) are written as escapes (`\n`, `\t`, `\r`, else `\x1b`), and the
/// characters that reorder or break lines without being controls (bidirectional overrides and
/// isolates, the line and paragraph separators, a BOM) as `\u{202E}`, so that nothing a guest, a
/// config, a host file or a file name holds can start a line of its own, hide text or drive the
/// terminal. JSON and SARIF escape control characters themselves.
public enum TerminalText {
  public static func safe(_ text: String) -> String {
    // Printable ASCII (what nearly every path and message is) needs nothing: one pass over the
    // bytes, without decoding scalars.
    let plain = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
    if plain == true { return text }
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars { append(scalar, to: &result) }
    return result
  }

  /// Lines of text, each made safe as `safe` makes it, the line ends kept.
  public static func safeLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { safe(String($0)) }.joined(separator: "\n")
  }

  /// At most `limit` characters of `text` (`…` when cut), quoted with `'`, with quotes and
  /// backslashes escaped besides what `safe` escapes: an excerpt of a file for a message, which
  /// never echoes the file whole.
  public static func excerpt<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
    var result = "'"
    for (count, scalar) in text.unicodeScalars.enumerated() {
      if count == limit {
        result += "…"
        break
      }
      switch scalar {
      case "\\": result += "\\\\"
      case "'": result += "\\'"
      default: append(scalar, to: &result)
      }
    }
    return result + "'"
  }

  private static func append(_ scalar: Unicode.Scalar, to result: inout String) {
    switch scalar {
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    case "\r": result += "\\r"
    case _ where isControl(scalar):
      let hex = String(scalar.value, radix: 16)
      result += "\\x" + (hex.count < 2 ? "0" : "") + hex
    case _ where needsEscape(scalar):
      result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    default:
      result.unicodeScalars.append(scalar)
    }
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return isControl(scalar) || (0x2028...0x2029).contains(value) || (0x202A...0x202E).contains(value)
      || (0x2066...0x2069).contains(value) || value == 0xFEFF
  }
}
