/// Which distance entries each `--distances` mode writes.
public enum DistancesMode: String, Sendable, CaseIterable {
  /// Every cell lists every sibling, with completed values.
  case full
  /// Only the entries completion cannot infer: the shortest file with the same matrix.
  case minimal
  /// The siblings as given, only sorted by id.
  case asis
}

enum CanonicalDistances {
  /// The entries minimal mode writes, by row (columns ascending): for each pair `i < j`, nothing
  /// when both directions are the default 20; `i → j` alone when both are equal (libvirt
  /// mirrors it); both directions when they differ (a mirror could only give one value). The
  /// diagonal is always 10 and never written. Only pairs with a set entry can need one, so the
  /// work follows the guest's entries, not the square of its cells.
  static func minimalEntries(_ matrix: DistanceMatrix) -> [Int: [Int]] {
    var needed = Set<[Int]>()
    for entry in matrix.remoteEntries {
      let (low, high) = (Swift.min(entry.from, entry.to), Swift.max(entry.from, entry.to))
      let (forward, backward) = (matrix[low, high], matrix[high, low])
      if forward == backward {
        if forward != DistanceMatrix.remoteDefault { needed.insert([low, high]) }
      } else {
        needed.insert([low, high])
        needed.insert([high, low])
      }
    }
    var rows: [Int: [Int]] = [:]
    for pair in needed { rows[pair[0], default: []].append(pair[1]) }
    for key in rows.keys { rows[key]?.sort() }
    return rows
  }

}

extension CanonicalDistances {
  /// A processing-instruction name that occurs nowhere in `input`, to mark distance rows.
  static func rowMarker(avoiding input: [UInt8]) -> String {
    while true {
      let marker = "numaschema-row-" + String(UInt64.random(in: .min ... .max), radix: 16)
      if !ByteSearch.occurs(Array(marker.utf8), in: input) { return marker }
    }
  }

  /// `text` with each `<?MARKER i?>` replaced by cell i's row of `<sibling id='…' value='…'/>`
  /// elements, one a line at the indentation of the marker's line, in id order: every entry of
  /// the matrix, or only those `needed` marks (row-major) when given.
  static func expandRows(in text: [UInt8], marker: String, matrix: DistanceMatrix, needed: [Int: [Int]]?) -> [UInt8] {
    let source = text
    let opening = Array("<?\(marker) ".utf8)
    let count = matrix.count
    var output: [UInt8] = []
    var copied = 0
    var index = 0
    while index + opening.count <= source.count {
      guard source[index] == opening[0], source[index..<(index + opening.count)].elementsEqual(opening) else {
        index += 1
        continue
      }
      // The line's indentation, then the cell id up to "?>".
      var lineStart = index
      while lineStart > 0 && source[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
      var cursor = index + opening.count
      var row = 0
      while cursor < source.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(source[cursor]) {
        row = row * 10 + Int(source[cursor] - UInt8(ascii: "0"))
        cursor += 1
      }
      guard row < count, source[cursor...].starts(with: "?>".utf8) else {
        index += 1
        continue
      }
      cursor += 2
      if output.isEmpty { output.reserveCapacity(source.count + (needed == nil ? count * count * 34 : 0)) }
      output.append(contentsOf: source[copied..<index])
      let indentation = source[lineStart..<index]
      var first = true
      for column in needed.map({ $0[row] ?? [] }) ?? Array(0..<count) {
        if !first {
          output.append(UInt8(ascii: "\n"))
          output.append(contentsOf: indentation)
        }
        first = false
        output.append(contentsOf: "<sibling id='".utf8)
        appendDecimal(column, to: &output)
        output.append(contentsOf: "' value='".utf8)
        appendDecimal(matrix[row, column], to: &output)
        output.append(contentsOf: "'/>".utf8)
      }
      copied = cursor
      index = cursor
    }
    if copied == 0 { return text }
    output.append(contentsOf: source[copied...])
    return output
  }

  private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
    if value >= 10 { appendDecimal(value / 10, to: &output) }
    output.append(UInt8(ascii: "0") + UInt8(value % 10))
  }
}
