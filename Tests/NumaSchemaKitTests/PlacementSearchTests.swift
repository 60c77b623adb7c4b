import Testing

@testable import NumaSchemaKit

/// The search against the plainest possible reference: every injective placement, in order.
@Suite("placement search")
struct PlacementSearchTests {
  /// Every placement of the cells on distinct nodes where each cell fits, the least cost, the
  /// first such in cell-by-cell node order.
  static func bruteForce(_ search: PlacementSearch) -> PlacementSearch.Result? {
    let fits = search.fits
    var best: PlacementSearch.Result?
    var positions: [Int] = []
    func walk() {
      if positions.count == search.demands.count {
        let cost = search.cost(of: positions)
        if best == nil || cost < best!.cost { best = PlacementSearch.Result(positions: positions, cost: cost) }
        return
      }
      for node in search.nodes.indices where !positions.contains(node) && fits[positions.count][node] {
        positions.append(node)
        walk()
        positions.removeLast()
      }
    }
    walk()
    return best
  }

  /// A host of 2–8 nodes in sockets: near distances inside a socket, far ones across; some nodes
  /// without CPUs (memory tiers); mixed CPU counts and free memory.
  static func host(_ random: inout SplitMix64) -> (nodes: [NodeCapacity], distances: [[Int]]) {
    let count = Int.random(in: 2...8, using: &random)
    let perSocket = Int.random(in: 1...4, using: &random)
    var nodes: [NodeCapacity] = []
    var nextCPU = 0
    for id in 0..<count {
      let cpuCount =
        Bool.random(using: &random) && id > 0 && Int.random(in: 0...4, using: &random) == 0
        ? 0 : [2, 4, 8][Int.random(in: 0...2, using: &random)]
      let cpus = cpuCount == 0 ? CPUSet() : CPUSet(ranges: [nextCPU...(nextCPU + cpuCount - 1)])
      nextCPU += cpuCount
      nodes.append(
        NodeCapacity(
          id: id, cpus: cpus, vcpuRoom: cpuCount, memoryKiB: UInt64(Int.random(in: 1...8, using: &random)) << 20,
          freePages: [2048: UInt64(Int.random(in: 0...1024, using: &random))]))
    }
    let near = Int.random(in: 11...16, using: &random)
    let distances = (0..<count).map { a in
      (0..<count).map { b -> Int in
        if a == b { return 10 }
        if a / perSocket == b / perSocket { return near }
        return 20 + 4 * abs(a / perSocket - b / perSocket) + (a + b) % 3
      }
    }
    return (nodes, distances)
  }

  /// A guest of 1–4 cells, some declaring distances, some memory-only, some on huge pages or
  /// bound to host nodes.
  static func guest(_ random: inout SplitMix64, nodes: Int) -> (demands: [CellDemand], distances: [[Int]]?) {
    let count = Int.random(in: 1...4, using: &random)
    let demands = (0..<count).map { cell in
      var demand = CellDemand(
        cell: cell, vcpus: Int.random(in: cell == 0 ? 1...6 : 0...6, using: &random),
        memoryKiB: UInt64(Int.random(in: 1...6, using: &random)) << 20)
      if Int.random(in: 0...3, using: &random) == 0 {
        demand.hugePages = PageDemand(sizeKiB: 2048, count: demand.memoryKiB / 2048 / 4)
      }
      if Int.random(in: 0...5, using: &random) == 0 {
        demand.allowedNodes = CPUSet((0..<nodes).filter { _ in Bool.random(using: &random) })
      }
      return demand
    }
    let declares = Bool.random(using: &random)
    let distances: [[Int]]? =
      declares
      ? (0..<count).map { a in (0..<count).map { b in a == b ? 10 : [12, 16, 21, 28, 32][(a * 3 + b * 7 + count) % 5] }
      }
      : nil
    return (demands, distances)
  }

  @Test("a placement is found exactly when one exists, and its cost is the least", arguments: 0..<400)
  func agreesWithBruteForce(_ seed: Int) {
    var random = SplitMix64(state: UInt64(seed) &* 0x2545_F491_4F6C_DD1D)
    let host = Self.host(&random)
    let guest = Self.guest(&random, nodes: host.nodes.count)
    let search = PlacementSearch(
      demands: guest.demands, nodes: host.nodes, hostDistances: host.distances, guestDistances: guest.distances)
    #expect(search.best() == Self.bruteForce(search), "seed \(seed)")
  }

  @Test func aGuestWithoutDistancesGoesWhereItsCellsAreClosest() throws {
    // Nodes 0-1 far apart, 2-3 close: two cells go on 2 and 3.
    let distances = [[10, 40, 40, 40], [40, 10, 40, 40], [40, 40, 10, 12], [40, 40, 12, 10]]
    let nodes = (0..<4).map {
      NodeCapacity(id: $0, cpus: CPUSet(ranges: [($0 * 4)...($0 * 4 + 3)]), vcpuRoom: 4, memoryKiB: 1 << 22)
    }
    let demands = [
      CellDemand(cell: 0, vcpus: 2, memoryKiB: 1 << 20), CellDemand(cell: 1, vcpus: 2, memoryKiB: 1 << 20),
    ]
    let best = try #require(
      PlacementSearch(demands: demands, nodes: nodes, hostDistances: distances, guestDistances: nil).best())
    #expect(best.positions == [2, 3])
    #expect(best.cost == 24)
  }

  @Test func pastTheExactLimitsCellsArePlacedOneByOne() throws {
    let distances = (0..<16).map { a in (0..<16).map { b in a == b ? 10 : (a / 4 == b / 4 ? 12 : 30) } }
    let nodes = (0..<16).map { NodeCapacity(id: $0, cpus: CPUSet([$0]), vcpuRoom: 1, memoryKiB: nil) }
    let demands = (0..<10).map { CellDemand(cell: $0, vcpus: 1, memoryKiB: 1) }
    let placed = try #require(
      PlacementSearch(demands: demands, nodes: nodes, hostDistances: distances, guestDistances: nil).best())
    #expect(!placed.exact)
    #expect(Set(placed.positions).count == 10)
    // Cell by cell: the first four fill the first socket before any goes further.
    #expect(Array(placed.positions.prefix(4)) == [0, 1, 2, 3])
  }

  @Test func declaredDistancesAreMatched() throws {
    // The guest says its cells are 40 apart: nodes 0 and 1 match that, 2 and 3 do not.
    let distances = [[10, 40, 40, 40], [40, 10, 40, 40], [40, 40, 10, 12], [40, 40, 12, 10]]
    let nodes = (0..<4).map { NodeCapacity(id: $0 + 10, cpus: CPUSet([$0]), vcpuRoom: 1, memoryKiB: nil) }
    let demands = [CellDemand(cell: 0, vcpus: 1, memoryKiB: 1), CellDemand(cell: 1, vcpus: 1, memoryKiB: 1)]
    let best = PlacementSearch(
      demands: demands, nodes: nodes, hostDistances: distances, guestDistances: [[10, 40], [40, 10]]
    ).best()
    #expect(best == PlacementSearch.Result(positions: [0, 1], cost: 0))
  }

  @Test func eightCellsOnSixteenNodesIsFast() throws {
    var random = SplitMix64(state: 7)
    let distances = (0..<16).map { a in (0..<16).map { b in a == b ? 10 : (a / 4 == b / 4 ? 12 : 20 + (a ^ b) % 7) } }
    let nodes = (0..<16).map {
      NodeCapacity(id: $0, cpus: CPUSet(ranges: [($0 * 8)...($0 * 8 + 7)]), vcpuRoom: 8, memoryKiB: 1 << 25)
    }
    let demands = (0..<8).map { CellDemand(cell: $0, vcpus: Int.random(in: 1...8, using: &random), memoryKiB: 1 << 20) }
    let search = PlacementSearch(demands: demands, nodes: nodes, hostDistances: distances, guestDistances: nil)
    let best = try #require(search.best())
    #expect(Set(best.positions).count == 8)
    // Declared: two sockets of four cells, 12 inside, 21 across.
    let declared = (0..<8).map { a in (0..<8).map { b in a == b ? 10 : (a / 4 == b / 4 ? 12 : 21) } }
    let matched = try #require(
      PlacementSearch(demands: demands, nodes: nodes, hostDistances: distances, guestDistances: declared).best())
    #expect(Set(matched.positions.prefix(4).map { $0 / 4 }).count == 1)
  }
}
