/// Places guests on a host one after another, each on what the ones before it left: the best
/// placement of each (`PlacementSearch`), what to paste to pin it there, or why it does not fit.
public struct FitPlanner: Sendable {
  /// What each host node still offers, by node position.
  public private(set) var nodes: [NodeCapacity]
  public let hostDistances: [[Int]]
  /// Whether the memory figures are free memory (sysfs, numactl) or totals (capabilities).
  public let memoryIsFree: Bool
  /// Whether the source gives any memory figure at all (else memory is not checked).
  public let memoryIsKnown: Bool
  /// Whether the huge page figures are free pages (sysfs) or pool sizes (capabilities).
  public let pagesAreFree: Bool
  /// One dedicated host CPU per vCPU, never shared between the guests of one run.
  public var dedicated: Bool

  /// The most cells and host nodes the planner places: QEMU's 128 NUMA nodes, Linux's 1,024.
  public static let largestGuest = 128
  public static let largestHost = 1024

  /// A host, with `cpuRatio` vCPUs allowed per host CPU (1: no overcommit).
  public init(host: HostTopology, cpuRatio: Double = 1, dedicated: Bool = false) {
    memoryIsFree = host.nodes.contains { $0.freeMemoryKiB != nil }
    memoryIsKnown = host.nodes.contains { $0.freeMemoryKiB != nil || $0.memoryKiB != nil }
    pagesAreFree = host.nodes.contains { $0.hugePages.contains { $0.free != nil } }
    let pagesKnown = host.hugePageSizesKiB != nil || host.nodes.contains { !$0.hugePages.isEmpty }
    nodes = host.nodes.map { node in
      var pages: [UInt64: UInt64]?
      if pagesKnown {
        pages = Dictionary(node.hugePages.map { ($0.sizeKiB, $0.free ?? $0.total) }, uniquingKeysWith: +)
      }
      return NodeCapacity(
        id: node.id, cpus: node.cpus, vcpuRoom: Int((Double(node.cpus.count) * cpuRatio).rounded(.down)),
        memoryKiB: node.freeMemoryKiB ?? node.memoryKiB, freePages: pages)
    }
    // A host past the largest is refused (`place`): no table of its distances is made.
    hostDistances =
      host.nodes.count > Self.largestHost
      ? [] : host.nodes.indices.map { from in host.nodes.indices.map { host.distance(from, $0) } }
    self.dedicated = dedicated
  }

  /// The plan of one guest: where each cell goes and how to pin it there.
  public struct Plan: Sendable, Equatable {
    /// Each cell's host node id, in cell order.
    public var placement: [(cell: Int, hostNode: Int)]
    public var cost: Int
    /// Whether the cost is proven the least (see `PlacementSearch.exactCells`).
    public var exact: Bool
    /// Each vCPU's host CPUs.
    public var vcpupin: [(vcpu: Int, cpuset: CPUSet)]
    /// The host CPUs of the emulator threads: those of cell 0's node (the first cell with vCPUs).
    public var emulatorpin: CPUSet
    /// The guest cells on huge pages, by page size.
    public var hugePages: [(sizeKiB: UInt64, cells: CPUSet)]
    /// One line per cell: `cell 0 → host node 2: 4 vCPUs on 8 CPUs, 2048 MiB of 30000 MiB free`.
    public var lines: [String]

    public static func == (left: Plan, right: Plan) -> Bool {
      left.placement.map { [$0.cell, $0.hostNode] } == right.placement.map { [$0.cell, $0.hostNode] }
        && left.cost == right.cost && left.vcpupin.map(\.vcpu) == right.vcpupin.map(\.vcpu)
        && left.vcpupin.map(\.cpuset) == right.vcpupin.map(\.cpuset) && left.emulatorpin == right.emulatorpin
    }

    /// `<numatune>` binding each cell's memory to its node.
    public var numatune: String {
      var lines = ["<numatune>", "  <memory mode='strict' nodeset='\(CPUSet(placement.map(\.hostNode)))'/>"]
      lines += placement.map { "  <memnode cellid='\($0.cell)' mode='strict' nodeset='\($0.hostNode)'/>" }
      return (lines + ["</numatune>"]).joined(separator: "\n") + "\n"
    }

    /// `<cputune>` pinning each vCPU and the emulator threads.
    public var cputune: String {
      var lines = ["<cputune>"]
      lines += vcpupin.map { "  <vcpupin vcpu='\($0.vcpu)' cpuset='\($0.cpuset)'/>" }
      lines.append("  <emulatorpin cpuset='\(emulatorpin)'/>")
      return (lines + ["</cputune>"]).joined(separator: "\n") + "\n"
    }

    /// `<memoryBacking>` naming the cells of each huge page size; `nil` without huge pages.
    public var memoryBacking: String? {
      guard !hugePages.isEmpty else { return nil }
      var lines = ["<memoryBacking>", "  <hugepages>"]
      lines += hugePages.map { "    <page size='\($0.sizeKiB)' unit='KiB' nodeset='\($0.cells)'/>" }
      return (lines + ["  </hugepages>", "</memoryBacking>"]).joined(separator: "\n") + "\n"
    }
  }

  /// Why a guest does not fit: for each cell, its best candidate node and what that node lacks;
  /// or that the cells each fit somewhere but not all on distinct nodes.
  public struct Refusal: Error, Sendable, Equatable {
    public struct CellShortfall: Sendable, Equatable {
      public var cell: Int
      /// The best candidate's host node id; `nil` when the host has none the cell may use.
      public var hostNode: Int?
      public var shortfalls: [Shortfall]
    }

    public var cells: [CellShortfall]
    /// Every cell fits some node, but not every cell one of its own (the nodes they fit).
    public var together: CPUSet?
    /// The guest or the host is past what the planner places: (cells, host nodes).
    public var tooLarge: (cells: Int, nodes: Int)?

    public init(cells: [CellShortfall], together: CPUSet?, tooLarge: (cells: Int, nodes: Int)? = nil) {
      self.cells = cells
      self.together = together
      self.tooLarge = tooLarge
    }

    public static func == (left: Refusal, right: Refusal) -> Bool {
      left.cells == right.cells && left.together == right.together
        && left.tooLarge.map { [$0.cells, $0.nodes] } == right.tooLarge.map { [$0.cells, $0.nodes] }
    }
  }

  /// What each cell of `guest` needs: as libvirt's QEMU driver gives it to QEMU (vCPUs in no
  /// cell in cell 0, memory aligned).
  public static func demands(of guest: GuestDefinition) -> [CellDemand] {
    let cells = guest.qemuTopology.cells
    let numatune = guest.references.numatune
    return cells.map { cell in
      var demand = CellDemand(cell: cell.id, vcpus: cell.cpus.count, memoryKiB: cell.memoryKiB)
      if let size = pageSize(of: cell.id, in: guest.references.memoryBacking) {
        demand.hugePages = PageDemand(sizeKiB: size, count: (cell.memoryKiB + size - 1) / size)
      }
      if numatune?.placement != "auto" {
        demand.allowedNodes = numatune?.memnodes[cell.id]?.nodeset ?? numatune?.nodeset
      }
      return demand
    }
  }

  /// The huge page size (KiB) backing a cell: the `<page>` whose nodeset holds it, else the
  /// one without a nodeset (2 MiB, x86's default, when it has no size); `nil` for normal pages.
  static func pageSize(of cell: Int, in backing: MemoryBacking?) -> UInt64? {
    guard let size = backing?.page(forCell: cell)?.page.sizeKiB, size != QEMUMemoryBackends.systemPageSizeKiB else {
      return nil
    }
    return size == 0 ? 2048 : size
  }

  /// The guest's completed distances when it declares any, else `nil`.
  static func declaredDistances(of guest: GuestDefinition) -> [[Int]]? {
    guard let numa = guest.numa, !numa.distances.isEmpty else { return nil }
    return numa.distances.rows
  }

  /// Places `guest` on what is left, and takes what it uses; a guest that does not fit takes
  /// nothing.
  public mutating func place(_ guest: GuestDefinition) -> Result<Plan, Refusal> {
    let cellCount = guest.numa?.cells.count ?? 1
    if cellCount > Self.largestGuest || nodes.count > Self.largestHost {
      return .failure(Refusal(cells: [], together: nil, tooLarge: (cellCount, nodes.count)))
    }
    let demands = Self.demands(of: guest)
    let search = PlacementSearch(
      demands: demands, nodes: nodes, hostDistances: hostDistances, guestDistances: Self.declaredDistances(of: guest),
      dedicated: dedicated)
    guard let best = search.best() else { return .failure(refusal(demands, search: search)) }
    var plan = Plan(
      placement: [], cost: best.cost, exact: best.exact, vcpupin: [], emulatorpin: CPUSet(), hugePages: [], lines: [])
    let cells = guest.qemuTopology.cells
    var pages: [UInt64: [Int]] = [:]
    for (index, demand) in demands.enumerated() {
      let position = best.positions[index]
      let before = nodes[position]
      plan.placement.append((demand.cell, before.id))
      plan.lines.append(
        Messages.planLine(demand: demand, node: before, memoryIsFree: memoryIsFree, pagesAreFree: pagesAreFree))
      var taken = CPUSet()
      for vcpu in cells[index].cpus.ids {
        let cpuset: CPUSet
        if dedicated, let cpu = nodes[position].unpinnedCPUs.subtracting(taken).min {
          cpuset = CPUSet([cpu])
          taken = taken.union(cpuset)
        } else {
          cpuset = before.cpus
        }
        plan.vcpupin.append((vcpu, cpuset))
      }
      if plan.emulatorpin.isEmpty && demand.vcpus > 0 { plan.emulatorpin = before.cpus }
      nodes[position].vcpuRoom -= demand.vcpus
      nodes[position].unpinnedCPUs = nodes[position].unpinnedCPUs.subtracting(taken)
      nodes[position].takeMemory(of: demand)
      if let demandPages = demand.hugePages { pages[demandPages.sizeKiB, default: []].append(demand.cell) }
    }
    plan.vcpupin.sort { $0.vcpu < $1.vcpu }
    plan.hugePages = pages.sorted { $0.key < $1.key }.map { ($0.key, CPUSet($0.value)) }
    return .success(plan)
  }

  /// Counts a guest already on the host where its own `<numatune>` and `<vcpupin>`s put it: a
  /// cell bound to one node takes its memory and pages there, and its vCPUs there too unless
  /// they are pinned, in which case each vCPU counts on the node of the CPUs it is pinned to
  /// (when they are one node's); a vCPU pinned to one CPU takes that CPU from dedicated pinning.
  public mutating func count(existing guest: GuestDefinition, pins: [Int: CPUSet] = [:]) {
    let cells = guest.qemuTopology.cells
    for (index, demand) in Self.demands(of: guest).enumerated() {
      let bound = demand.allowedNodes.flatMap { $0.count == 1 ? $0.min : nil }
      if let id = bound, let position = nodes.firstIndex(where: { $0.id == id }) {
        nodes[position].takeMemory(of: demand)
      }
      for vcpu in cells[index].cpus.ids {
        // The node of its pinned CPUs, else the node its cell is bound to.
        let pinned = pins[vcpu].flatMap { cpus in
          nodes.firstIndex { !$0.cpus.isEmpty && cpus.subtracting($0.cpus).isEmpty }
        }
        if let position = pinned ?? bound.flatMap({ id in nodes.firstIndex { $0.id == id } }) {
          nodes[position].vcpuRoom -= 1
        }
      }
    }
    for cpus in pins.values where cpus.count == 1 {
      for index in nodes.indices { nodes[index].unpinnedCPUs = nodes[index].unpinnedCPUs.subtracting(cpus) }
    }
  }

  /// How far a node is from taking a cell: each shortfall counts 1 and the share of the need
  /// it lacks (a node with 8 of 10 CPUs is nearer than one with 4).
  static func gap(_ shortfalls: [Shortfall]) -> Double {
    shortfalls.reduce(0) { total, shortfall in
      switch shortfall {
      case .vcpus(let need, let room): return total + 1 + Double(need - room) / Double(max(need, 1))
      case .memory(let need, let have): return total + 1 + Double(need - have) / Double(max(need, 1))
      case .hugePages(let need, _, let have): return total + 1 + Double(need - have) / Double(max(need, 1))
      case .noCPUs, .notAllowed: return total + 2
      }
    }
  }

  func refusal(_ demands: [CellDemand], search: PlacementSearch) -> Refusal {
    var cells: [Refusal.CellShortfall] = []
    var fitting = CPUSet()
    for demand in demands {
      var best: (node: Int, shortfalls: [Shortfall])?
      for node in nodes {
        if let allowed = demand.allowedNodes, !allowed.contains(node.id) { continue }
        let shortfalls = node.shortfalls(for: demand, dedicated: dedicated)
        if shortfalls.isEmpty { fitting = fitting.union(CPUSet([node.id])) }
        if best == nil || Self.gap(shortfalls) < Self.gap(best!.shortfalls) { best = (node.id, shortfalls) }
      }
      if let best {
        cells.append(.init(cell: demand.cell, hostNode: best.node, shortfalls: best.shortfalls))
      } else {
        cells.append(
          .init(cell: demand.cell, hostNode: nil, shortfalls: [.notAllowed(by: demand.allowedNodes ?? CPUSet())]))
      }
    }
    let together = cells.allSatisfy { $0.shortfalls.isEmpty } ? fitting : nil
    return Refusal(cells: cells.filter { !$0.shortfalls.isEmpty }, together: together)
  }
}
