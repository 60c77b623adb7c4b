#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
    // Each entry `from → to` as the number from × count + to (an array of two numbers each
    // cost a 1,024-cell guest 80 MB).
    let count = matrix.count
    var needed = Set<Int>()
    for entry in matrix.remoteEntries {
      let (low, high) = (Swift.min(entry.from, entry.to), Swift.max(entry.from, entry.to))
      let (forward, backward) = (matrix[low, high], matrix[high, low])
      if forward == backward {
        if forward != DistanceMatrix.remoteDefault { needed.insert(low * count + high) }
      } else {
        needed.insert(low * count + high)
        needed.insert(high * count + low)
      }
    }
    var rows: [Int: [Int]] = [:]
    for entry in needed { rows[entry / count, default: []].append(entry % count) }
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
  /// the matrix, or only those `needed` marks (row-major) when given. With `crlf`, the lines
  /// end in CR LF. The result is the canonical text: a string, written in place (a 1,024-cell
  /// guest's rows are 43 MB, never held twice); an error when `text` is not UTF-8 (the rows
  /// are ASCII, so the result is UTF-8 exactly when `text` is).
  static func expandRows(
    in text: [UInt8], marker: String, matrix: DistanceMatrix, needed: [Int: [Int]]?, crlf: Bool = false
  ) throws(StylesheetError) -> String {
    let rows = markers(in: text, marker: marker, count: matrix.count)
    if rows.isEmpty { return try CanonicalSplice.string(text) }
    guard String(validating: text, as: UTF8.self) != nil else {
      throw .transformFailed(messages: [Messages.canonicalFormNeedsUTF8])
    }
    // At most this many bytes: ids and values (bytes: 3 digits) at their widest.
    let count = matrix.count
    let newline: [UInt8] = crlf ? [UInt8(ascii: "\r"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
    let widest = "<sibling id='' value=''/>".utf8.count + digits(count - 1) + 3
    var capacity = text.count
    for row in rows {
      let entries = needed.map { $0[row.row]?.count ?? 0 } ?? count
      capacity += entries * (widest + newline.count + row.indentation.count)
    }
    return String(unsafeUninitializedCapacity: capacity) { output in
      var written = 0
      // Every write is checked against the capacity: a mistake in it stops, never overruns.
      func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, let target = output.baseAddress else { return }
        precondition(written + bytes.count <= output.count)
        (target + written).update(from: base, count: bytes.count)
        written += bytes.count
      }
      func put(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { put($0) } }
      func putSlice(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBufferPointer { put($0) } }
      func putDecimal(_ value: Int) {
        let width = digits(value)
        precondition(written + width <= output.count)
        var rest = value
        for place in stride(from: written + width - 1, through: written, by: -1) {
          output[place] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
        written += width
      }
      var copied = 0
      for row in rows {
        putSlice(text[copied..<row.range.lowerBound])
        let indentation = text[row.indentation]
        var first = true
        for column in needed.map({ $0[row.row] ?? [] }) ?? Array(0..<count) {
          if !first {
            put(newline)
            putSlice(indentation)
          }
          first = false
          put(Self.siblingStart)
          putDecimal(column)
          put(Self.siblingMiddle)
          putDecimal(matrix[row.row, column])
          put(Self.siblingEnd)
        }
        copied = row.range.upperBound
      }
      putSlice(text[copied...])
      return written
    }
  }

  private static let siblingStart = Array("<sibling id='".utf8)
  private static let siblingMiddle = Array("' value='".utf8)
  private static let siblingEnd = Array("'/>".utf8)

  /// The row markers `<?MARKER i?>` of `text`, in order: where each is, its row, and the
  /// indentation of its line.
  private static func markers(
    in text: [UInt8], marker: String, count: Int
  ) -> [(range: Range<Int>, row: Int, indentation: Range<Int>)] {
    let opening = Array("<?\(marker) ".utf8)
    var found: [(range: Range<Int>, row: Int, indentation: Range<Int>)] = []
    text.withUnsafeBufferPointer { source in
      guard let base = source.baseAddress else { return }
      var index = 0
      while index + opening.count <= source.count {
        // The next '<' (memchr: the whole text is scanned, not only the <numa>).
        guard let next = memchr(base + index, Int32(opening[0]), source.count - index) else { return }
        index = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
        guard index + opening.count <= source.count,
          source[index..<(index + opening.count)].elementsEqual(opening)
        else {
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
        found.append((range: index..<cursor, row: row, indentation: lineStart..<index))
        index = cursor
      }
    }
    return found
  }

  /// How many decimal digits `value` (0 or more) takes.
  private static func digits(_ value: Int) -> Int {
    var count = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    return count
  }
}
