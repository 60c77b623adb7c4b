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
