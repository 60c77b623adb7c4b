/// The source line of a finding with a caret under its column, as text output prints it under
/// the finding:
///
/// ```
/// input.xml:14:27: warning: distance 0→1 is '012': … [numa-number-form]
///    14 |           <sibling id='1' value='012'/>
///       |                           ^
/// ```
///
/// The line is made safe for a terminal as `TerminalText` makes text safe (a control character
/// becomes `\x1b`, a bidirectional override `\u{202E}`), except that a tab stays a tab, and the
/// caret line repeats the tab, so that the caret lines up however the terminal sets its tab
/// stops. A line wider than `width` columns is shown as a window around the column, with `…`
/// where it is cut. A column inside a multi-byte UTF-8 character points at the character; one
/// past the end of the line points just after it.
public struct SourceExcerpt: Sendable, Equatable {
  /// The finding's line, 1-based.
  public var lineNumber: Int
  /// The line, or the window of it, safe to print.
  public var text: String
  /// Spaces (and the line's tabs) up to the column, then `^`; `nil` for a finding with a line
  /// and no column (a RelaxNG finding), whose line is shown without a caret.
  public var caret: String?

  /// How many columns of a long line are shown.
  public static let width = 100

  public init(lineNumber: Int, text: String, caret: String?) {
    self.lineNumber = lineNumber
    self.text = text
    self.caret = caret
  }

  /// The lines to print under the finding, with the line number in a gutter:
  /// `   14 | <line>` and `      | <caret>`.
  public var lines: [String] {
    let number = String(lineNumber)
    var result = [gutter(number) + text]
    if let caret { result.append(gutter(String(repeating: " ", count: number.count)) + caret) }
    return result
  }

  /// The gutter before a line or its caret: the line number (or blanks as wide), right-aligned
  /// in at least four columns, then ` | `.
  func gutter(_ label: String) -> String {
    String(repeating: " ", count: max(0, 4 - label.count)) + label + " | "
  }

  /// The excerpt of each finding of the file `file` whose source is `source`, `nil` for those
  /// without a line (or of another file, or a line the source does not have). The line index is
  /// built once, and only when some finding has a line.
  public static func excerpts(for diagnostics: [Diagnostic], source: [UInt8], file: String) -> [SourceExcerpt?] {
    guard diagnostics.contains(where: { $0.file == file && $0.line != nil }) else {
      return Array(repeating: nil, count: diagnostics.count)
    }
    let lines = SourceLines(bytes: source)
    return diagnostics.map { $0.file == file ? lines.excerpt(for: $0) : nil }
  }
}

extension SourceLines {
  /// The excerpt under a finding: its line, and a caret when it has a column.
  public func excerpt(for diagnostic: Diagnostic) -> SourceExcerpt? {
    guard let line = diagnostic.line else { return nil }
    return excerpt(line: line, column: diagnostic.column)
  }

  /// The excerpt of line `line` (1-based) with a caret under byte column `column` (1-based);
  /// `nil` when the input has no such line.
  public func excerpt(line: Int, column: Int?) -> SourceExcerpt? {
    guard let range = range(ofLine: line) else { return nil }
    // Only the part of the line near the column is decoded: a minified document of one long
    // line with many findings costs a window per finding, not the line per finding.
    let reach = SourceExcerpt.width * 4
    let target = column.map { range.lowerBound + min(max($0, 1) - 1, range.count) } ?? range.lowerBound
    var start = max(range.lowerBound, target - reach)
    var end = min(range.upperBound, target + reach)
    for _ in 0..<3 where start > range.lowerBound && ExcerptCell.isContinuation(bytes[start]) { start -= 1 }
    for _ in 0..<3 where end < range.upperBound && ExcerptCell.isContinuation(bytes[end]) { end += 1 }
    let cells = ExcerptCell.cells(of: bytes[start..<end], from: start)
    // The cell the caret goes under: the one holding the target byte, or one past the last.
    let caretCell = cells.firstIndex { $0.bytes.contains(target) } ?? cells.count

    // Widen the window from the caret's cell: half the width to the left first, then to the
    // right, then whatever the right left over to the left again.
    var low = caretCell
    var high = caretCell
    var used = 0
    if caretCell < cells.count {
      used = cells[caretCell].width
      high += 1
    }
    let width = SourceExcerpt.width
    while low > 0, used + cells[low - 1].width <= width / 2 {
      low -= 1
      used += cells[low].width
    }
    while high < cells.count, used + cells[high].width <= width {
      used += cells[high].width
      high += 1
    }
    while low > 0, used + cells[low - 1].width <= width {
      low -= 1
      used += cells[low].width
    }
    let cutBefore = low > 0 || start > range.lowerBound
    let cutAfter = high < cells.count || end < range.upperBound

    var text = cutBefore ? "…" : ""
    for cell in cells[low..<high] { text += cell.text }
    if cutAfter { text += "…" }
    guard column != nil else { return SourceExcerpt(lineNumber: line, text: text, caret: nil) }
    var caret = cutBefore ? " " : ""
    for cell in cells[low..<caretCell] {
      caret += cell.isTab ? "\t" : String(repeating: " ", count: cell.width)
    }
    return SourceExcerpt(lineNumber: line, text: text, caret: caret + "^")
  }
}

/// One character of an excerpted line: the bytes it was, and how many columns it takes once
/// made safe. Its text is made only for the characters of the window.
struct ExcerptCell {
  var bytes: Range<Int>
  var scalar: Unicode.Scalar
  var width: Int

  var isTab: Bool { scalar == "\t" }

  /// What is printed: the character, a tab as a tab, or `TerminalText`'s escape.
  var text: String {
    if isTab || !TerminalText.needsEscape(scalar) { return String(Character(scalar)) }
    return TerminalText.safe(String(Character(scalar)))
  }

  static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  /// The characters of `slice` (offsets from `base`); a byte that starts no well-formed UTF-8
  /// sequence is a cell of its own, shown as U+FFFD.
  static func cells(of slice: ArraySlice<UInt8>, from base: Int) -> [ExcerptCell] {
    var cells: [ExcerptCell] = []
    cells.reserveCapacity(slice.count)
    var index = slice.startIndex
    while index < slice.endIndex {
      let (scalar, length) = decode(slice, at: index)
      cells.append(
        ExcerptCell(
          bytes: base + (index - slice.startIndex)..<base + (index - slice.startIndex) + length, scalar: scalar,
          width: columns(of: scalar)))
      index += length
    }
    return cells
  }

  /// The scalar at `index` and its length in bytes; U+FFFD and 1 where the bytes there are not
  /// a well-formed sequence (an overlong form, a surrogate, past U+10FFFF, cut short).
  static func decode(_ bytes: ArraySlice<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length: Int
    var value: UInt32
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF:
      (length, value) = (3, UInt32(lead & 0x0F))
      if lead == 0xE0 { secondRange = 0xA0...0xBF } else if lead == 0xED { secondRange = 0x80...0x9F }
    case 0xF0...0xF4:
      (length, value) = (4, UInt32(lead & 0x07))
      if lead == 0xF0 { secondRange = 0x90...0xBF } else if lead == 0xF4 { secondRange = 0x80...0x8F }
    default: return ("\u{FFFD}", 1)
    }
    guard index + length <= bytes.endIndex else { return ("\u{FFFD}", 1) }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard offset == 1 ? secondRange.contains(byte) : isContinuation(byte) else { return ("\u{FFFD}", 1) }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }

  /// How many columns a character takes once made safe: an escape its length; none for a
  /// combining mark; two for the wide characters of East Asian scripts and emoji; one otherwise
  /// (a tab too: the caret line repeats it).
  static func columns(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value >= 0x20 && value < 0x7F { return 1 }
    if scalar == "\t" { return 1 }
    if TerminalText.needsEscape(scalar) {
      switch scalar {
      case "\n", "\r": return 2  // \n, \r
      case _ where TerminalText.isControl(scalar): return 4  // \x1b
      default: return 4 + String(value, radix: 16).count  // \u{202E}
      }
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }
}
