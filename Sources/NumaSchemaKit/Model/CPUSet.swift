/// A set of CPU ids, as libvirt's cpuset attributes (`cpus='0-3,^2,8'`) describe it.
///
/// Stored as sorted, merged, non-adjacent ranges, so that huge sets stay small and the
/// canonical text form (`virBitmapFormat`'s) falls out directly.
public struct CPUSet: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// Sorted, disjoint ranges with gaps between them.
  public private(set) var ranges: [ClosedRange<Int>]

  /// The largest CPU id a domain cpuset may hold plus one (`VIR_DOMAIN_CPUMASK_LEN`).
  public static let domainLimit = 16384

  public init() { ranges = [] }

  public init<S: Sequence>(_ ids: S) where S.Element == Int {
    self.init(ranges: ids.map { $0...$0 })
  }

  /// The union of `ranges`, in any order: sorted once and merged, O(n log n).
  public init(ranges: [ClosedRange<Int>]) {
    self.ranges = Self.merged(ranges.sorted { $0.lowerBound < $1.lowerBound })
  }

  /// Sorted ranges (by lower bound) merged where they overlap or touch.
  private static func merged(_ sorted: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
    var result: [ClosedRange<Int>] = []
    result.reserveCapacity(sorted.count)
    for range in sorted {
      if let last = result.last, !Self.separated(last, range) {
        if range.upperBound > last.upperBound { result[result.count - 1] = last.lowerBound...range.upperBound }
      } else {
        result.append(range)
      }
    }
    return result
  }

  /// Whether `a` ends before `b` starts with a gap between them (`a.upper + 1 < b.lower`, without
  /// overflowing at `Int.max`).
  @inline(__always)
  static func separated(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Bool {
    b.lowerBound > a.upperBound && b.lowerBound - 1 > a.upperBound
  }

  public var isEmpty: Bool { ranges.isEmpty }
  /// How many ids the set holds (saturating at `Int.max`).
  public var count: Int {
    var total = 0
    for range in ranges {
      let (width, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
      guard !overflow, width < Int.max else { return Int.max }
      let (sum, sumOverflow) = total.addingReportingOverflow(width + 1)
      if sumOverflow { return Int.max }
      total = sum
    }
    return total
  }
  public var max: Int? { ranges.last?.upperBound }
  public var min: Int? { ranges.first?.lowerBound }
  /// Every id, ascending.
  public var ids: [Int] { ranges.flatMap { Array($0) } }

  public func contains(_ id: Int) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if ranges[middle].contains(id) { return true }
      if ranges[middle].upperBound < id { low = middle + 1 } else { high = middle - 1 }
    }
    return false
  }

  /// Adds a range, keeping the ranges sorted and merged: O(log n) to find its place, and the
  /// array's shift where it lands (appending, the common case, shifts nothing).
  public mutating func insert(_ range: ClosedRange<Int>) {
    if ranges.isEmpty || Self.separated(ranges[ranges.count - 1], range) {
      ranges.append(range)
      return
    }
    // The first range that is not entirely before `range` (with a gap).
    var low = 0
    var high = ranges.count
    while low < high {
      let middle = (low + high) / 2
      if Self.separated(ranges[middle], range) { low = middle + 1 } else { high = middle }
    }
    var end = low
    var lower = range.lowerBound
    var upper = range.upperBound
    while end < ranges.count && !Self.separated(range, ranges[end]) && !Self.separated(ranges[end], range) {
      lower = Swift.min(lower, ranges[end].lowerBound)
      upper = Swift.max(upper, ranges[end].upperBound)
      end += 1
    }
    ranges.replaceSubrange(low..<end, with: CollectionOfOne(lower...upper))
  }

  /// Removes one id.
  public mutating func remove(_ id: Int) {
    self = subtracting(CPUSet(ranges: [id...id]))
  }

  /// The ids either set holds: one merge of the two sorted lists, O(n + m).
  public func union(_ other: CPUSet) -> CPUSet {
    var combined: [ClosedRange<Int>] = []
    combined.reserveCapacity(ranges.count + other.ranges.count)
    var i = 0
    var j = 0
    while i < ranges.count || j < other.ranges.count {
      if j == other.ranges.count || (i < ranges.count && ranges[i].lowerBound <= other.ranges[j].lowerBound) {
        combined.append(ranges[i])
        i += 1
      } else {
        combined.append(other.ranges[j])
        j += 1
      }
    }
    var result = CPUSet()
    result.ranges = Self.merged(combined)
    return result
  }

  /// The ids of `range` the set holds: O(log n) to find them, plus what is found.
  public func overlap(with range: ClosedRange<Int>) -> [ClosedRange<Int>] {
    var low = 0
    var high = ranges.count
    while low < high {
      let middle = (low + high) / 2
      if ranges[middle].upperBound < range.lowerBound { low = middle + 1 } else { high = middle }
    }
    var result: [ClosedRange<Int>] = []
    while low < ranges.count && ranges[low].lowerBound <= range.upperBound {
      result.append(Swift.max(ranges[low].lowerBound, range.lowerBound)...Swift.min(ranges[low].upperBound, range.upperBound))
      low += 1
    }
    return result
  }

  /// The ids both sets hold.
  public func intersection(_ other: CPUSet) -> CPUSet {
    var result: [ClosedRange<Int>] = []
    var i = 0
    var j = 0
    while i < ranges.count && j < other.ranges.count {
      let lower = Swift.max(ranges[i].lowerBound, other.ranges[j].lowerBound)
      let upper = Swift.min(ranges[i].upperBound, other.ranges[j].upperBound)
      if lower <= upper { result.append(lower...upper) }
      if ranges[i].upperBound < other.ranges[j].upperBound { i += 1 } else { j += 1 }
    }
    var set = CPUSet()
    set.ranges = Self.merged(result)
    return set
  }

  /// The ids of this set that `other` does not hold: one pass over both sorted lists, O(n + m).
  public func subtracting(_ other: CPUSet) -> CPUSet {
    var kept: [ClosedRange<Int>] = []
    var j = 0
    for existing in ranges {
      var lower = existing.lowerBound
      let upper = existing.upperBound
      var open = true
      while j < other.ranges.count && other.ranges[j].upperBound < lower { j += 1 }
      var k = j
      while k < other.ranges.count && other.ranges[k].lowerBound <= upper {
        let cut = other.ranges[k]
        if cut.lowerBound > lower { kept.append(lower...(cut.lowerBound - 1)) }
        if cut.upperBound >= upper {
          open = false
          break
        }
        lower = cut.upperBound + 1
        k += 1
      }
      if open { kept.append(lower...upper) }
    }
    var result = CPUSet()
    result.ranges = kept
    return result
  }

  public func overlaps(_ other: CPUSet) -> Bool { !intersection(other).isEmpty }

  /// The canonical text: ascending runs, `A-B` for two or more, `N` for one, joined by commas;
  /// the empty set is the empty string (libvirt's `virBitmapFormat`).
  public var description: String {
    ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
      .joined(separator: ",")
  }
}

/// Why a cpuset text does not parse.
public enum CPUSetError: Error, Sendable, Equatable, CustomStringConvertible {
  case empty
  case unexpected(character: String, offset: Int)
  case numberTooLarge(offset: Int)
  case reversedRange(lower: Int, upper: Int)
  case idTooLarge(id: Int, limit: Int)

  public var description: String { Messages.cpuSetProblem(self) }
}

extension CPUSet {
  /// Parses libvirt's cpuset syntax the way libvirt does (`virBitmapParse`): items `N`, `N-M`
  /// and `^N`, applied left to right; whitespace allowed around numbers and after commas; a
  /// trailing comma accepted; ids must be below `limit`.
  public init(parsing text: String, limit: Int = CPUSet.domainLimit) throws(CPUSetError) {
    let bytes = Array(text.utf8)
    var index = 0
    func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte)
    }
    func skipSpaces() { while index < bytes.count && isSpace(bytes[index]) { index += 1 } }
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    func character(at offset: Int) -> String {
      offset < bytes.count ? String(decoding: [bytes[offset]], as: UTF8.self) : ""
    }
    func number() throws(CPUSetError) -> Int {
      let start = index
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw .unexpected(character: character(at: index), offset: index)
      }
      var value = 0
      while index < bytes.count && isDigit(bytes[index]) {
        value = value * 10 + Int(bytes[index] - 0x30)
        if value > Int(Int32.max) { throw .numberTooLarge(offset: start) }
        index += 1
      }
      return value
    }
    // The items in order: ranges added and ids removed. Applied at the end in O(n log n)
    // (applied one by one, a list in descending order or with many exclusions is quadratic).
    var items: [(range: ClosedRange<Int>, adds: Bool)] = []
    skipSpaces()
    if index == bytes.count { throw .empty }
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "^") {
        index += 1
        let id = try number()
        if id >= limit { throw .idTooLarge(id: id, limit: limit) }
        items.append((id...id, false))
        skipSpaces()
      } else {
        let lower = try number()
        skipSpaces()
        var upper = lower
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") {
          index += 1
          skipSpaces()
          upper = try number()
          skipSpaces()
          if upper < lower { throw .reversedRange(lower: lower, upper: upper) }
        }
        if upper >= limit { throw .idTooLarge(id: upper, limit: limit) }
        items.append((lower...upper, true))
      }
      guard index < bytes.count else { break }
      guard bytes[index] == UInt8(ascii: ",") else {
        throw .unexpected(character: character(at: index), offset: index)
      }
      index += 1
      skipSpaces()
    }
    self = CPUSet(applying: items)
  }

  /// The set that adding and removing `items` in order leaves: an id is in it when the last item
  /// that names it adds it. Without removals, the union of the ranges; with them, one sweep over
  /// the items' bounds keeping the latest item that covers each stretch (a heap), O(n log n).
  init(applying items: [(range: ClosedRange<Int>, adds: Bool)]) {
    guard items.contains(where: { !$0.adds }) else {
      self.init(ranges: items.map(\.range))
      return
    }
    // Bounds: where each item starts and just after where it ends (ids are below Int32.max).
    var bounds: [(at: Int, item: Int, starts: Bool)] = []
    bounds.reserveCapacity(items.count * 2)
    for (offset, item) in items.enumerated() {
      bounds.append((item.range.lowerBound, offset, true))
      bounds.append((item.range.upperBound + 1, offset, false))
    }
    bounds.sort { $0.at < $1.at }
    var active = MaxHeap()
    var ended = [Bool](repeating: false, count: items.count)
    var result: [ClosedRange<Int>] = []
    var position = 0
    while position < bounds.count {
      let at = bounds[position].at
      while position < bounds.count && bounds[position].at == at {
        let bound = bounds[position]
        if bound.starts { active.push(bound.item) } else { ended[bound.item] = true }
        position += 1
      }
      while let top = active.top, ended[top] { active.pop() }
      guard let top = active.top, items[top].adds, position < bounds.count else { continue }
      let next = bounds[position].at  // the stretch at..<next is covered by the same items
      if let last = result.last, last.upperBound + 1 == at {
        result[result.count - 1] = last.lowerBound...(next - 1)
      } else {
        result.append(at...(next - 1))
      }
    }
    self.init()
    self.ranges = result
  }
}

/// A binary max-heap of item numbers, for the sweep above.
private struct MaxHeap {
  private var storage: [Int] = []
  var top: Int? { storage.first }

  mutating func push(_ value: Int) {
    storage.append(value)
    var child = storage.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard storage[parent] < storage[child] else { break }
      storage.swapAt(parent, child)
      child = parent
    }
  }

  mutating func pop() {
    guard !storage.isEmpty else { return }
    storage.swapAt(0, storage.count - 1)
    storage.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var largest = parent
      if left < storage.count && storage[left] > storage[largest] { largest = left }
      if right < storage.count && storage[right] > storage[largest] { largest = right }
      if largest == parent { return }
      storage.swapAt(parent, largest)
      parent = largest
    }
  }
}
