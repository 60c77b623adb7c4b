import Testing

@testable import NumaSchemaKit

@Suite("cpusets, as libvirt parses and prints them")
struct CPUSetTests {
  @Test(
    arguments: [
      ("0-3", "0-3"), ("3,1,2,0", "0-3"), ("0-7,^3", "0-2,4-7"), ("^3,0-7", "0-7"), ("0,^0", ""),
      ("0-3,", "0-3"), (" 0 - 3 , 8", "0-3,8"), ("8,10-11,0-3", "0-3,8,10-11"), ("16383", "16383"),
    ])
  func parsesAndFormats(text: String, canonical: String) throws {
    #expect(try CPUSet(parsing: text).description == canonical)
  }

  @Test(arguments: ["", "  ", ",0", "0,,1", "+3", "0x3", "3-1", "^0-3", "^ 3", "a", "16384", "0-4294967295", "-1"])
  func refuses(text: String) {
    #expect(throws: CPUSetError.self) { try CPUSet(parsing: text) }
  }

  @Test func setOperations() {
    let a = CPUSet([0, 1, 2, 5])
    let b = CPUSet(ranges: [2...6])
    #expect(a.intersection(b).description == "2,5")
    #expect(a.union(b).description == "0-6")
    #expect(b.subtracting(a).description == "3-4,6")
    #expect(a.count == 4 && a.contains(5) && !a.contains(3))
  }

  /// The model: a plain set of ids, items applied left to right.
  static func naive(_ items: [(ClosedRange<Int>, Bool)]) -> Set<Int> {
    var ids = Set<Int>()
    for (range, adds) in items {
      if adds { ids.formUnion(range) } else { ids.subtract(range) }
    }
    return ids
  }

  @Test("any list of items means what applying them one by one means", arguments: 0..<200)
  func agreesWithTheNaiveModel(seed: Int) throws {
    var generator = SplitMix64(state: UInt64(seed))
    let count = Int.random(in: 1...12, using: &generator)
    var items: [(ClosedRange<Int>, Bool)] = []
    for _ in 0..<count {
      let lower = Int.random(in: 0...20, using: &generator)
      if Bool.random(using: &generator) && !items.isEmpty {
        items.append((lower...lower, false))
      } else {
        items.append((lower...(lower + Int.random(in: 0...4, using: &generator)), true))
      }
    }
    let text = items.map { $0.1 ? ($0.0.count == 1 ? "\($0.0.lowerBound)" : "\($0.0.lowerBound)-\($0.0.upperBound)") : "^\($0.0.lowerBound)" }
      .joined(separator: ",")
    let expected = Self.naive(items)
    let parsed = try CPUSet(parsing: text)
    #expect(Set(parsed.ids) == expected, "\(text)")
    #expect(parsed.ranges.count == CPUSet(expected.sorted()).ranges.count, "ranges stay merged: \(text)")
    // Insertion one by one, in any order, ends in the same set.
    var inserted = CPUSet()
    for id in expected.shuffled(using: &generator) { inserted.insert(id...id) }
    #expect(inserted == parsed)
    let other = CPUSet(Array(0...20).filter { _ in Bool.random(using: &generator) })
    #expect(Set(parsed.union(other).ids) == expected.union(other.ids))
    #expect(Set(parsed.subtracting(other).ids) == expected.subtracting(other.ids))
    #expect(Set(parsed.intersection(other).ids) == expected.intersection(other.ids))
  }

  @Test("large lists in descending order or full of exclusions parse in time proportional to their length")
  func largeListsStayFast() throws {
    let descending = (0..<16384).reversed().map { String($0 * 1) }.joined(separator: ",")
    let start = ContinuousClock.now
    #expect(try CPUSet(parsing: descending).description == "0-16383")
    let exclusions = "0-16383," + (0..<16384).filter { $0 % 2 == 1 }.map { "^\($0)" }.joined(separator: ",")
    #expect(try CPUSet(parsing: exclusions).count == 8192)
    var set = CPUSet()
    for id in stride(from: 200_000, through: 0, by: -2) { set.insert(id...id) }
    #expect(set.count == 100_001)
    // Not a timing test: a quadratic build of these would take minutes, not a fraction of this.
    #expect(ContinuousClock.now - start < .seconds(60))
  }

  @Test("ids at the edges of Int do not overflow")
  func extremesDoNotTrap() {
    var set = CPUSet(ranges: [(Int.max - 1)...Int.max, Int.max...Int.max])
    set.insert(Int.max...Int.max)
    set.insert(Int.min...Int.min)
    #expect(set.ranges == [Int.min...Int.min, (Int.max - 1)...Int.max])
    #expect(CPUSet(ranges: [Int.min...Int.max]).count == Int.max)
    #expect(set.subtracting(CPUSet(ranges: [Int.max...Int.max])).ranges == [Int.min...Int.min, (Int.max - 1)...(Int.max - 1)])
    #expect(set.union(CPUSet([0])).count == 4)
  }
}
