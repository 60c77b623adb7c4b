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
    ranges = []
    for id in ids.sorted() { insert(id...id) }
  }

  public init(ranges: [ClosedRange<Int>]) {
    self.ranges = []
    for range in ranges { insert(range) }
  }

  public var isEmpty: Bool { ranges.isEmpty }
  /// How many ids the set holds.
  public var count: Int { ranges.reduce(0) { $0 + $1.count } }
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

  /// Adds a range, keeping the ranges sorted and merged.
  public mutating func insert(_ range: ClosedRange<Int>) {
    if let last = ranges.last, last.upperBound + 1 < range.lowerBound {
      ranges.append(range)  // the common, ascending case
      return
    }
    var lower = range.lowerBound
    var upper = range.upperBound
    var kept: [ClosedRange<Int>] = []
    kept.reserveCapacity(ranges.count + 1)
    var placed = false
    for existing in ranges {
      if existing.upperBound + 1 < lower {
        kept.append(existing)
      } else if upper + 1 < existing.lowerBound {
        if !placed {
          kept.append(lower...upper)
          placed = true
        }
        kept.append(existing)
      } else {
        lower = Swift.min(lower, existing.lowerBound)
        upper = Swift.max(upper, existing.upperBound)
      }
    }
    if !placed { kept.append(lower...upper) }
    ranges = kept
  }

  /// Removes one id.
  public mutating func remove(_ id: Int) {
    var kept: [ClosedRange<Int>] = []
    for existing in ranges {
      if existing.contains(id) {
        if existing.lowerBound < id { kept.append(existing.lowerBound...(id - 1)) }
        if id < existing.upperBound { kept.append((id + 1)...existing.upperBound) }
      } else {
        kept.append(existing)
      }
    }
    ranges = kept
  }

  public func union(_ other: CPUSet) -> CPUSet {
    var result = self
    for range in other.ranges { result.insert(range) }
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
    return CPUSet(ranges: result)
  }

  public func subtracting(_ other: CPUSet) -> CPUSet {
    var result = self
    for range in other.ranges {
      var kept: [ClosedRange<Int>] = []
      for existing in result.ranges {
        if existing.upperBound < range.lowerBound || existing.lowerBound > range.upperBound {
          kept.append(existing)
          continue
        }
        if existing.lowerBound < range.lowerBound { kept.append(existing.lowerBound...(range.lowerBound - 1)) }
        if existing.upperBound > range.upperBound { kept.append((range.upperBound + 1)...existing.upperBound) }
      }
      result.ranges = kept
    }
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

  public var description: String {
    switch self {
    case .empty: return "it is empty"
    case .unexpected(let character, let offset):
      return character.isEmpty
        ? "it ends early at offset \(offset)" : "unexpected '\(character)' at offset \(offset)"
    case .numberTooLarge(let offset): return "the number at offset \(offset) is too large"
    case .reversedRange(let lower, let upper): return "range \(lower)-\(upper) runs backwards"
    case .idTooLarge(let id, let limit): return "cpu \(id) is beyond the largest id \(limit - 1)"
    }
  }
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
    var set = CPUSet()
    skipSpaces()
    if index == bytes.count { throw .empty }
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "^") {
        index += 1
        let id = try number()
        if id >= limit { throw .idTooLarge(id: id, limit: limit) }
        set.remove(id)
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
        set.insert(lower...upper)
      }
      guard index < bytes.count else { break }
      guard bytes[index] == UInt8(ascii: ",") else {
        throw .unexpected(character: character(at: index), offset: index)
      }
      index += 1
      skipSpaces()
    }
    self = set
  }
}
