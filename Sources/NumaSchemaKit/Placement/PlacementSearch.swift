/// What one guest cell needs of the host node it is placed on.
public struct CellDemand: Sendable, Equatable {
  /// The guest cell's id.
  public var cell: Int
  /// Its vCPUs (0 for a memory-only cell, which may go to a node without CPUs).
  public var vcpus: Int
  /// Its memory, in KiB.
  public var memoryKiB: UInt64
  /// The huge pages that back it: their size and how many it takes, when it uses huge pages.
  public var hugePages: PageDemand?
  /// The host nodes the guest's own `<numatune>` allows for it; `nil` for any.
  public var allowedNodes: CPUSet?

  public init(cell: Int, vcpus: Int, memoryKiB: UInt64, hugePages: PageDemand? = nil, allowedNodes: CPUSet? = nil) {
    self.cell = cell
    self.vcpus = vcpus
    self.memoryKiB = memoryKiB
    self.hugePages = hugePages
    self.allowedNodes = allowedNodes
  }
}

/// Huge pages of one size a cell takes.
public struct PageDemand: Sendable, Equatable, Hashable {
  public var sizeKiB: UInt64
  public var count: UInt64

  public init(sizeKiB: UInt64, count: UInt64) {
    self.sizeKiB = sizeKiB
    self.count = count
  }
}

/// What a host node still offers to the guests placed on it.
public struct NodeCapacity: Sendable, Equatable {
  /// The host's node id.
  public var id: Int
  /// The node's CPUs.
  public var cpus: CPUSet
  /// How many more vCPUs it takes (its CPUs times the overcommit ratio, less those placed).
  public var vcpuRoom: Int
  /// The CPUs no guest of this run pins a dedicated vCPU to.
  public var unpinnedCPUs: CPUSet
  /// Memory left, in KiB; `nil` when the source does not say (not checked).
  public var memoryKiB: UInt64?
  /// Free huge pages left, by page size in KiB; `nil` when the source does not list them.
  public var freePages: [UInt64: UInt64]?

  public init(
    id: Int, cpus: CPUSet, vcpuRoom: Int, unpinnedCPUs: CPUSet? = nil, memoryKiB: UInt64?,
    freePages: [UInt64: UInt64]? = nil
  ) {
    self.id = id
    self.cpus = cpus
    self.vcpuRoom = vcpuRoom
    self.unpinnedCPUs = unpinnedCPUs ?? cpus
    self.memoryKiB = memoryKiB
    self.freePages = freePages
  }

  /// Takes the memory and the huge pages of `demand` from what the node has left (what the
  /// source does not tell stays unknown).
  mutating func takeMemory(of demand: CellDemand) {
    if let memory = memoryKiB { memoryKiB = memory - min(memory, demand.memoryKiB) }
    if let pages = demand.hugePages, let free = freePages?[pages.sizeKiB] {
      freePages?[pages.sizeKiB] = free - min(free, pages.count)
    }
  }

  /// What keeps `demand` off this node, empty when it fits. `dedicated`: each vCPU needs a CPU
  /// of its own no other guest's vCPU is pinned to.
  public func shortfalls(for demand: CellDemand, dedicated: Bool = false) -> [Shortfall] {
    var result: [Shortfall] = []
    if let allowed = demand.allowedNodes, !allowed.contains(id) { result.append(.notAllowed(by: allowed)) }
    if demand.vcpus > 0 {
      if cpus.isEmpty {
        result.append(.noCPUs)
      } else {
        let room = dedicated ? min(vcpuRoom, unpinnedCPUs.count) : vcpuRoom
        if demand.vcpus > room { result.append(.vcpus(need: demand.vcpus, room: max(room, 0))) }
      }
    }
    if let memory = memoryKiB, demand.memoryKiB > memory {
      result.append(.memory(needKiB: demand.memoryKiB, haveKiB: memory))
    }
    if let pages = demand.hugePages, let free = freePages {
      let have = free[pages.sizeKiB] ?? 0
      if pages.count > have { result.append(.hugePages(need: pages.count, sizeKiB: pages.sizeKiB, have: have)) }
    }
    return result
  }
}

/// Why a guest cell cannot go on a host node.
public enum Shortfall: Sendable, Equatable {
  /// The guest's `<numatune>` binds the cell elsewhere.
  case notAllowed(by: CPUSet)
  /// The cell has vCPUs and the node no CPUs.
  case noCPUs
  /// More vCPUs than the node has room for.
  case vcpus(need: Int, room: Int)
  case memory(needKiB: UInt64, haveKiB: UInt64)
  case hugePages(need: UInt64, sizeKiB: UInt64, have: UInt64)
}

/// The best placement of one guest's cells on a host's nodes, each cell on a node of its own:
/// among the placements where every cell fits its node, the one of least cost, where the cost
/// of a guest that declares distances is `Σ_{i≠j} |guest(i,j) − host(p(i),p(j))|` and of one
/// that declares none `Σ_{i≠j} host(p(i),p(j))` (its cells as close as they can be). Ties go to
/// the placement whose node positions, read cell by cell, come first.
///
/// Exact: a depth-first search over cells in order, nodes in order, that drops a branch whose
/// cost so far plus a lower bound of the rest cannot beat the best found (each remaining cell at
/// its cheapest free node against the cells placed, each remaining pair at the least a pair can
/// cost).
public struct PlacementSearch: Sendable {
  public var demands: [CellDemand]
  public var nodes: [NodeCapacity]
  /// Host distances by node position.
  public var hostDistances: [[Int]]
  /// The guest's completed distances by cell position, or `nil` when it declares none.
  public var guestDistances: [[Int]]?
  public var dedicated: Bool

  public init(
    demands: [CellDemand], nodes: [NodeCapacity], hostDistances: [[Int]], guestDistances: [[Int]]?,
    dedicated: Bool = false
  ) {
    self.demands = demands
    self.nodes = nodes
    self.hostDistances = hostDistances
    self.guestDistances = guestDistances
    self.dedicated = dedicated
  }

  /// A placement: the node position of each cell, and its cost.
  public struct Result: Sendable, Equatable {
    public var positions: [Int]
    public var cost: Int
    /// Whether it is proven the least (the exact search); `false` for the greedy one.
    public var exact = true

    public init(positions: [Int], cost: Int, exact: Bool = true) {
      self.positions = positions
      self.cost = cost
      self.exact = exact
    }
  }

  /// The largest searches done exactly: guests of up to 8 cells on hosts of up to 64 nodes
  /// (the search holds a table of cells² × nodes² pair costs). Beyond them, `best()` places
  /// each cell in turn on its cheapest free node.
  public static let exactCells = 8
  public static let exactNodes = 64

  /// The cost of cells `i` and `j` (both directions) on nodes at positions `a` and `b`.
  func pairCost(_ i: Int, _ j: Int, _ a: Int, _ b: Int) -> Int {
    if let guest = guestDistances {
      return abs(guest[i][j] - hostDistances[a][b]) + abs(guest[j][i] - hostDistances[b][a])
    }
    return hostDistances[a][b] + hostDistances[b][a]
  }

  /// The cost of a complete placement.
  public func cost(of positions: [Int]) -> Int {
    var total = 0
    for i in positions.indices {
      for j in (i + 1)..<positions.count { total += pairCost(i, j, positions[i], positions[j]) }
    }
    return total
  }

  /// Which nodes each cell fits, by cell then node position.
  public var fits: [[Bool]] {
    demands.map { demand in nodes.map { $0.shortfalls(for: demand, dedicated: dedicated).isEmpty } }
  }

  public func best() -> Result? {
    let cellCount = demands.count
    if cellCount == 0 { return Result(positions: [], cost: 0) }
    let nodeCount = nodes.count
    guard cellCount <= nodeCount else { return nil }
    let fits = self.fits
    guard Self.hasMatching(fits) else { return nil }
    if cellCount > Self.exactCells || nodeCount > Self.exactNodes { return greedy(fits: fits) }
    if guestDistances == nil { return bestSet(fits: fits) }
    // pairTable[i][j][a][b]: the cost of cells i < j on nodes a and b.
    var pairTable = [[[[Int]]]](
      repeating: [[[Int]]](repeating: [], count: cellCount), count: cellCount)
    for i in 0..<cellCount {
      for j in 0..<cellCount where i != j {
        pairTable[i][j] = (0..<nodeCount).map { a in (0..<nodeCount).map { b in pairCost(i, j, a, b) } }
      }
    }
    var positions = [Int](repeating: -1, count: cellCount)
    var used = [Bool](repeating: false, count: nodeCount)
    var bestCost = Int.max
    var bestPositions: [Int]?
    var found = false

    // A first bound from placing each cell, in order, on its cheapest free node.
    if let first = greedy(fits: fits) {
      bestCost = first.cost
      bestPositions = first.positions
    }

    // What the cells from `next` on add at least, doubled (so that halves stay whole): each at
    // its cheapest free node, counting its pairs with the placed cells twice and, for each other
    // unplaced cell, the cheapest pair it can form from that node once.
    func doubledLowerBound(from next: Int) -> Int? {
      var bound = 0
      for cell in next..<cellCount {
        var cheapest = Int.max
        nodes: for node in 0..<nodeCount where !used[node] && fits[cell][node] {
          var extra = 0
          for placed in 0..<next { extra += 2 * pairTable[placed][cell][positions[placed]][node] }
          for other in next..<cellCount where other != cell {
            var least = Int.max
            let row = pairTable[cell][other][node]
            for partner in 0..<nodeCount where partner != node && !used[partner] && fits[other][partner] {
              least = min(least, row[partner])
            }
            // With this cell here, that one has nowhere to go.
            if least == Int.max { continue nodes }
            extra += least
          }
          cheapest = min(cheapest, extra)
        }
        if cheapest == Int.max { return nil }
        bound += cheapest
      }
      return bound
    }

    func prune(_ total: Int, _ doubledBound: Int) -> Bool {
      // Until the search itself finds a placement, one as good as the greedy one is still
      // wanted: it may come first in the order.
      if bestPositions == nil { return false }
      let doubledTotal = 2 * total + doubledBound
      return found ? doubledTotal >= 2 * bestCost : doubledTotal > 2 * bestCost
    }

    func search(_ cell: Int, _ costSoFar: Int) {
      if cell == cellCount {
        if costSoFar < bestCost || !found {
          bestCost = costSoFar
          bestPositions = positions
          found = true
        }
        return
      }
      for node in 0..<nodeCount where !used[node] && fits[cell][node] {
        var added = 0
        for placed in 0..<cell { added += pairTable[placed][cell][positions[placed]][node] }
        let total = costSoFar + added
        if prune(total, 0) { continue }
        positions[cell] = node
        used[node] = true
        if let bound = doubledLowerBound(from: cell + 1), !prune(total, bound) {
          search(cell + 1, total)
        }
        used[node] = false
        positions[cell] = -1
      }
    }
    search(0, 0)
    return bestPositions.map { Result(positions: $0, cost: bestCost) }
  }

  /// Without declared distances the cost depends only on which nodes are used, not on which
  /// cell is on which: the search runs over sets of nodes (in order, dropping a set that
  /// cannot beat the best so far), and within a set of least cost takes the first placement
  /// in order that fits. The result is the one `best()` defines.
  func bestSet(fits: [[Bool]]) -> Result? {
    let cellCount = demands.count
    let candidates = nodes.indices.filter { node in fits.contains { $0[node] } }
    let doubled = { (a: Int, b: Int) in hostDistances[a][b] + hostDistances[b][a] }
    var leastPair = Int.max
    for a in candidates { for b in candidates where a != b { leastPair = min(leastPair, doubled(a, b)) } }
    if leastPair == Int.max { leastPair = 0 }
    var chosen: [Int] = []
    var best: Result?

    /// The first placement in order of the cells on the nodes of `set`, when there is one.
    func firstPlacement(on set: [Int]) -> [Int]? {
      var taken = Set<Int>()
      var positions: [Int] = []
      for cell in 0..<cellCount {
        var placed = false
        for node in set where !taken.contains(node) && fits[cell][node] {
          // Does what is left still match? (The cells after this one, the nodes not taken.)
          let rest = set.filter { $0 != node && !taken.contains($0) }
          let remaining = ((cell + 1)..<cellCount).map { later in rest.map { fits[later][$0] } }
          if remaining.isEmpty || Self.hasMatching(remaining) {
            taken.insert(node)
            positions.append(node)
            placed = true
            break
          }
        }
        if !placed { return nil }
      }
      return positions
    }

    func walk(from start: Int, cost: Int) {
      let remaining = cellCount - chosen.count
      if remaining == 0 {
        guard best == nil || cost <= best!.cost, let positions = firstPlacement(on: chosen) else { return }
        if best == nil || cost < best!.cost || positions.lexicographicallyPrecedes(best!.positions) {
          best = Result(positions: positions, cost: cost)
        }
        return
      }
      guard candidates.count - start >= remaining else { return }
      for index in start..<candidates.count where candidates.count - index >= remaining {
        let node = candidates[index]
        let added = chosen.reduce(0) { $0 + doubled($1, node) }
        let total = cost + added
        if let best {
          // The picks after this one each add at least their pairs with the nodes chosen, and
          // every pair among them at least the least pair.
          let after = remaining - 1
          var bound = 0
          if after > 0 {
            var cheapest = Int.max
            for later in candidates[(index + 1)...] {
              cheapest = min(cheapest, (chosen + [node]).reduce(0) { $0 + doubled($1, later) })
            }
            bound = after * cheapest + leastPair * (after * (after - 1) / 2)
          }
          if total + bound > best.cost { continue }
        }
        chosen.append(node)
        walk(from: index + 1, cost: total)
        chosen.removeLast()
      }
    }
    walk(from: 0, cost: 0)
    return best
  }

  /// Each cell in turn on the free node it fits that adds the least cost to the cells placed
  /// before it (the first such node in order), keeping a node of its own for every cell after
  /// it; `nil` when that leaves a cell nowhere to go.
  func greedy(fits: [[Bool]]) -> Result? {
    let cellCount = demands.count
    var positions: [Int] = []
    var used = [Bool](repeating: false, count: nodes.count)
    var total = 0
    for cell in 0..<cellCount {
      var choice: (node: Int, cost: Int)?
      for node in nodes.indices where !used[node] && fits[cell][node] {
        var added = 0
        for placed in 0..<cell { added += pairCost(placed, cell, positions[placed], node) }
        if let current = choice, added >= current.cost { continue }
        choice = (node, added)
      }
      guard let choice else { return nil }
      positions.append(choice.node)
      used[choice.node] = true
      total += choice.cost
    }
    return Result(positions: positions, cost: total, exact: false)
  }

  /// Whether every cell can have a node of its own among those it fits (Kuhn's augmenting paths).
  static func hasMatching(_ fits: [[Bool]]) -> Bool {
    let nodeCount = fits.first?.count ?? 0
    var owner = [Int](repeating: -1, count: nodeCount)
    func augment(_ cell: Int, _ seen: inout [Bool]) -> Bool {
      for node in 0..<nodeCount where fits[cell][node] && !seen[node] {
        seen[node] = true
        if owner[node] < 0 || augment(owner[node], &seen) {
          owner[node] = cell
          return true
        }
      }
      return false
    }
    for cell in fits.indices {
      var seen = [Bool](repeating: false, count: nodeCount)
      if !augment(cell, &seen) { return false }
    }
    return true
  }
}
