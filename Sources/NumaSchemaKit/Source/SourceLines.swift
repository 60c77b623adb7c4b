/// Where each line of an input begins: the one index that turns a finding's 1-based line and
/// byte column into an offset of the bytes and back, and hands out a line's bytes for an excerpt.
///
/// Lines end at LF, as libxml2 and `SourceIndex` count them; a CR before the LF belongs to no
/// line's text. Built in one pass over the bytes: make one per input, and only when some finding
/// has a position.
public struct SourceLines: Sendable {
  /// The input the lines are of.
  public let bytes: [UInt8]
  /// Offsets of the first byte of every line; the first is 0.
  private let starts: [Int]

  public init(bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    bytes.withUnsafeBufferPointer { buffer in
      for index in buffer.indices where buffer[index] == 0x0A { starts.append(index + 1) }
    }
    self.starts = starts
  }

  /// How many lines the input has (an input ending in LF has an empty last line).
  public var count: Int { starts.count }

  /// The offsets of line `line` (1-based), without its LF and a CR before the LF; `nil` past
  /// the last line.
  public func range(ofLine line: Int) -> Range<Int>? {
    guard line >= 1, line <= starts.count else { return nil }
    let start = starts[line - 1]
    var end = line < starts.count ? starts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
    return start..<end
  }

  /// The offset of a 1-based line and byte column; a column past the end of its line is taken
  /// as the end of the line, one before 1 as 1. `nil` when the line does not exist.
  public func offset(line: Int, column: Int) -> Int? {
    guard let range = range(ofLine: line) else { return nil }
    return range.lowerBound + min(max(column, 1) - 1, range.count)
  }

  /// The 1-based line and byte column of an offset.
  public func position(of offset: Int) -> SourcePosition {
    var low = 0
    var high = starts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return SourcePosition(line: low + 1, column: offset - starts[low] + 1)
  }
}
