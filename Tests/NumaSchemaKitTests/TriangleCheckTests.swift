import Foundation
import Testing

@testable import NumaSchemaKit

/// The triangle-inequality check works sixteen columns at a time with a scalar tail: every
/// column must be seen, whatever the guest's size.
@Suite struct TriangleCheckTests {
  /// A guest of `cells` cells, all remote distances 20, except the pairs given (both ways).
  static func guestWithLongPairs(cells: Int, long pairs: [(Int, Int)]) -> String {
    var numa = ""
    for cell in 0..<cells {
      numa += "      <cell id='\(cell)' cpus='\(cell)' memory='1024'>\n        <distances>\n"
      for other in 0..<cells {
        let isLong = pairs.contains { ($0.0 == cell && $0.1 == other) || ($0.1 == cell && $0.0 == other) }
        let value = cell == other ? 10 : isLong ? 60 : 20
        numa += "          <sibling id='\(other)' value='\(value)'/>\n"
      }
      numa += "        </distances>\n      </cell>\n"
    }
    return guest(numa: numa, vcpu: "<vcpu>\(cells)</vcpu>")
  }

  @Test("every pair longer than a detour is found, in the vector part and in the tail", arguments: [15, 16, 17, 31, 40])
  func everyLongPairIsFound(_ cells: Int) throws {
    var generator = SplitMix64(state: UInt64(cells))
    var pairs: [(Int, Int)] = []
    while pairs.count < 3 {
      let from = Int(generator.next() % UInt64(cells))
      let to = Int(generator.next() % UInt64(cells))
      if from < to && !pairs.contains(where: { $0 == (from, to) }) { pairs.append((from, to)) }
    }
    pairs.append((0, cells - 1))  // the last column is always in the tail or the last vector
    let report = validate(Self.guestWithLongPairs(cells: cells, long: pairs))
    let found = report.diagnostics.filter { $0.code == .numaDistanceTriangle }.map(\.message)
    let expected = Set(pairs.map { "distance \($0.0)→\($0.1) is 60" })
    #expect(Set(found.map { String($0.prefix { $0 != "," }) }) == expected)
    #expect(found.count == expected.count)
  }
}

/// Guests above `TopologyChecks.fullTriangleLimit` cells are checked from their set entries.
@Suite("the triangle check on large guests")
struct DeclaredTriangleTests {
  /// `cells` cells without distances, except `siblings` (cell, sibling, value).
  static func sparseGuest(cells: Int, siblings: [(Int, Int, Int)]) -> String {
    var numa = ""
    for cell in 0..<cells {
      let own = siblings.filter { $0.0 == cell }
      if own.isEmpty {
        numa += "<cell id='\(cell)' memory='1024'/>\n"
      } else {
        numa += "<cell id='\(cell)' memory='1024'><distances>"
          + own.map { "<sibling id='\($0.1)' value='\($0.2)'/>" }.joined() + "</distances></cell>\n"
      }
    }
    return guest(numa: numa, vcpu: "<vcpu>1</vcpu>")
  }

  @Test("the same pairs as checking every detour would find", arguments: 0..<6)
  func findsWhatEveryDetourWouldFind(seed: Int) throws {
    let cells = TopologyChecks.fullTriangleLimit + 40
    var generator = SplitMix64(state: UInt64(seed))
    var siblings: [(Int, Int, Int)] = []
    var used = Set<[Int]>()
    // A few cells, so that detours through set entries exist; values 11...80.
    let hubs = (0..<6).map { _ in Int(generator.next() % UInt64(cells)) }
    while siblings.count < 14 {
      let from = hubs[Int(generator.next() % 6)]
      let to = hubs[Int(generator.next() % 6)]
      guard from != to, used.insert([from, to]).inserted else { continue }
      siblings.append((from, to, 11 + Int(generator.next() % 70)))
    }
    let report = validate(Self.sparseGuest(cells: cells, siblings: siblings))
    let found = Set(
      report.diagnostics.filter { $0.code == .numaDistanceTriangle }.map { String($0.message.prefix { $0 != "," }) })
    // Brute force over every third cell, for the pairs that have an entry.
    let topology = try #require(report.guest?.numa)
    var expected = Set<String>()
    for entry in topology.distances.remoteEntries {
      let (from, to) = (entry.from, entry.to)
      let direct = topology.distances[from, to]
      if to < from && topology.distances[to, from] == direct { continue }
      let shortest = (0..<cells).filter { $0 != from && $0 != to }
        .map { topology.distances[from, $0] + topology.distances[$0, to] }.min()!
      if direct > shortest { expected.insert("distance \(from)→\(to) is \(direct)") }
    }
    #expect(found == expected)
  }

  @Test("a guest of 16,384 cells with one sibling is checked without a square of work")
  func largestGuestWithOneSibling() {
    let cells = 16384
    let xml = Self.sparseGuest(cells: cells, siblings: [(0, 1, 90), (1, 2, 11), (2, 0, 11)])
    let start = ContinuousClock.now
    let report = validate(xml)
    #expect(report.diagnostics.map(\.code).contains(.numaDistanceTriangle))
    // Not a timing test: the cubic check this replaced took hours on this guest.
    #expect(ContinuousClock.now - start < .seconds(120))
  }
}
