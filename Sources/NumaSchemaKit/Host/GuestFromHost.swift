/// Builds a guest NUMA topology that mirrors a host's: one cell per host node (renumbered
/// 0..n-1 in host id order), the host's distances as they are, vCPUs numbered in order across
/// the cells and spread in proportion to each node's host CPUs (memory-only nodes get none; every
/// node with CPUs gets at least one, so fewer vCPUs than such nodes is refused), and memory split
/// in proportion to the nodes' memory (every node with at least 1 MiB gets at least 1 MiB; evenly
/// when the source gives no node's memory), in whole MiB so that every guest form (xl too) can
/// carry it. The host's HMAT comes along: each node's memory-side caches become its
/// cell's `<cache>`s, and its latencies and bandwidths the guest's `<interconnects>`, from the
/// cell of the initiator node to the cell of the target node (`droppedInterconnects` lists the
/// figures a guest cannot carry).
public struct GuestFromHost: Sendable {
  public var host: HostTopology
  /// Guest vCPUs in all; default: the host's CPU count.
  public var vcpus: Int?
  /// Guest memory in KiB; default: the host's memory.
  public var memoryKiB: UInt64?

  public init(host: HostTopology, vcpus: Int? = nil, memoryKiB: UInt64? = nil) {
    self.host = host
    self.vcpus = vcpus
    self.memoryKiB = memoryKiB
  }

  /// Why no guest can be made.
  public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// No node has CPUs; the kind of source says where they would be.
    case noCPUs(InputKind?)
    /// No node reports memory, and no total was given; the kind of source says what is missing.
    case noMemory(InputKind?)
    case tooFewVCPUs(Int)
    /// Fewer vCPUs (first) than host nodes with CPUs (second): some cell would get none.
    case fewerVCPUsThanNodes(Int, nodes: Int)
    case memoryTooSmall(UInt64)
    case tooManyVCPUs(Int)
    case memoryTooLarge

    /// The most vCPUs a guest made from a host may have: a domain's CPU ids stay below
    /// `CPUSet.domainLimit`.
    public static let maximumVCPUs = CPUSet.domainLimit

    public var description: String { Messages.guestFromHostProblem(self) }
  }

  /// Splits `total` in proportion to `weights` by largest remainder (ties go to the lower
  /// index), so that the parts add up to `total` exactly.
  /// The weights must add up within 64 bits (the caller checks).
  static func apportion(_ total: UInt64, weights: [UInt64]) -> [UInt64] {
    proportional(total, weights: weights)
  }

  /// Splits `total` as `apportion` does, except that every positive weight gets at least 1: an
  /// index that the plain split leaves at 0 is given 1 and set aside, and the rest is split again
  /// over the others, until none is left at 0. Where the plain split gives every positive weight
  /// something, that is the split. `total` must be at least the number of positive weights.
  static func apportion(_ total: UInt64, weights: [UInt64], atLeastOne: Bool) -> [UInt64] {
    guard atLeastOne else { return proportional(total, weights: weights) }
    var floor = Set<Int>()
    while true {
      let rest = total - UInt64(floor.count)
      var parts = proportional(rest, weights: weights.indices.map { floor.contains($0) ? 0 : weights[$0] })
      let short = weights.indices.filter { weights[$0] > 0 && !floor.contains($0) && parts[$0] == 0 }
      if short.isEmpty || floor.count + short.count > Int(clamping: total) {
        for index in floor { parts[index] = 1 }
        return parts
      }
      floor.formUnion(short)
    }
  }

  private static func proportional(_ total: UInt64, weights: [UInt64]) -> [UInt64] {
    let sum = weights.reduce(UInt64(0)) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
    guard sum > 0 else { return weights.map { _ in 0 } }
    var parts = weights.map { total.multipliedFullWidth(by: $0) }.map { product -> UInt64 in
      sum.dividingFullWidth(product).quotient
    }
    let remainders = weights.enumerated().map { index, weight -> (Int, UInt64) in
      (index, sum.dividingFullWidth(total.multipliedFullWidth(by: weight)).remainder)
    }
    var left = total - parts.reduce(0, +)
    for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
      if weights[index] == 0 { continue }
      parts[index] += 1
      left -= 1
    }
    return parts
  }

  /// The guest topology.
  public func topology() throws(Problem) -> NUMATopology {
    let cpuCounts = host.nodes.map { UInt64($0.cpus.count) }
    guard cpuCounts.contains(where: { $0 > 0 }) else { throw .noCPUs(host.kind) }
    // Sums saturate: a count beyond the limits below is refused whatever its exact value.
    let hostCPUs = cpuCounts.reduce(UInt64(0)) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
    let totalVCPUs = vcpus ?? Int(clamping: hostCPUs)
    guard totalVCPUs >= 1 else { throw .tooFewVCPUs(totalVCPUs) }
    guard totalVCPUs <= Problem.maximumVCPUs else { throw .tooManyVCPUs(totalVCPUs) }
    let cpuNodes = cpuCounts.filter { $0 > 0 }.count
    guard totalVCPUs >= cpuNodes else { throw .fewerVCPUsThanNodes(totalVCPUs, nodes: cpuNodes) }
    var memoryWeights = host.nodes.map { ($0.memoryKiB ?? 0) / 1024 }
    var hostMiB: UInt64 = 0
    for weight in memoryWeights {
      let (sum, overflow) = hostMiB.addingReportingOverflow(weight)
      guard !overflow else { throw .memoryTooLarge }
      hostMiB = sum
    }
    guard hostMiB > 0 || memoryKiB != nil else { throw .noMemory(host.kind) }
    // A source that gives no node's memory (libvirt's test trees have no meminfo): evenly.
    if hostMiB == 0 { memoryWeights = memoryWeights.map { _ in 1 } }
    let totalMiB = memoryKiB.map { $0 / 1024 } ?? hostMiB
    if totalMiB < UInt64(memoryWeights.filter { $0 > 0 }.count) {
      throw .memoryTooSmall(memoryKiB ?? 0)
    }
    let vcpuShares = Self.apportion(UInt64(totalVCPUs), weights: cpuCounts, atLeastOne: true)
    let memoryShares = Self.apportion(totalMiB, weights: memoryWeights, atLeastOne: true)
    var next = 0
    var cells: [Cell] = []
    for (index, share) in vcpuShares.enumerated() {
      let cpus = share == 0 ? CPUSet() : CPUSet(ranges: [next...(next + Int(share) - 1)])
      next += Int(share)
      cells.append(Cell(id: index, cpus: cpus, memoryKiB: memoryShares[index] * 1024))
    }
    for (index, node) in host.nodes.enumerated() { cells[index].caches = node.caches }
    var matrix = DistanceMatrix(count: cells.count)
    if host.distances != nil {
      for from in 0..<cells.count {
        for to in 0..<cells.count {
          let value = host.distance(from, to)
          if (10...255).contains(value) { matrix.setExplicit(from: from, to: to, value: value) }
        }
      }
    }
    let interconnects = Self.guestInterconnects(host, cells: cells).kept
    return NUMATopology(cells: cells, distances: matrix, interconnects: interconnects)
  }

  /// The host's HMAT figures that the guest cannot carry, with why: libvirt refuses an initiator
  /// cell without vCPUs, a figure for a cache level the target does not have, the same figure
  /// twice, and a link given in both directions (the later one is dropped).
  public func droppedInterconnects() throws(Problem) -> [(Interconnect, String)] {
    Self.guestInterconnects(host, cells: try topology().cells).dropped
  }

  /// The host's figures renumbered to guest cells (position in the host's node order).
  static func guestInterconnects(_ host: HostTopology, cells: [Cell]) -> (
    kept: [Interconnect], dropped: [(Interconnect, String)]
  ) {
    var position: [Int: Int] = [:]
    for (index, node) in host.nodes.enumerated() { position[node.id] = index }
    var kept: [Interconnect] = []
    var dropped: [(Interconnect, String)] = []
    var ledger = InterconnectLedger()  // the figures kept, as libvirt will compare them
    for link in host.interconnects {
      guard let initiator = position[link.initiator], let target = position[link.target] else {
        dropped.append(
          (link, Messages.hostFigureNotAmongNodes(position[link.initiator] == nil ? link.initiator : link.target)))
        continue
      }
      var guest = link
      guest.initiator = initiator
      guest.target = target
      if cells[initiator].cpus.isEmpty {
        dropped.append((link, Messages.hostFigureInitiatorWithoutVCPUs(cell: initiator)))
      } else if guest.cache > 0 && !cells[target].caches.contains(where: { $0.level == guest.cache }) {
        dropped.append((link, Messages.hostFigureCacheMissing(cell: target, level: guest.cache)))
      } else {
        switch ledger.conflict(with: guest) {
        case .duplicate: dropped.append((link, Messages.hostFigureTwice))
        case .reverse:
          dropped.append((link, Messages.hostFigureReversed(from: target, to: initiator)))
        case nil:
          ledger.add(guest)
          kept.append(guest)
        }
      }
    }
    // One order whatever the source: the canonical one (no two kept figures are equal there).
    kept.sort(by: Interconnect.inCanonicalOrder)
    return (kept, dropped)
  }
}

extension GuestFromHost {
  /// A minimal complete domain around the topology: KVM, HVM, host-passthrough CPU. Cells give
  /// memory in KiB; `<memory>` is their sum.
  public static func domainXML(name: String, topology: NUMATopology) -> String {
    var lines = [
      "<domain type='kvm'>", "  <name>\(XMLText.escaped(name))</name>",
      "  <memory unit='KiB'>\(topology.totalMemoryKiB)</memory>",
      "  <vcpu placement='static'>\(max(topology.allCPUs.count, 1))</vcpu>",
      "  <os>", "    <type arch='x86_64' machine='q35'>hvm</type>", "  </os>",
      "  <cpu mode='host-passthrough'>", "    <numa>",
    ]
    for cell in topology.cells {
      let cpus = cell.cpus.isEmpty ? "" : " cpus='\(cell.cpus)'"
      var cellLine = "      <cell id='\(cell.id)'\(cpus) memory='\(cell.memoryKiB)' unit='KiB'"
      if topology.distances.isEmpty && cell.caches.isEmpty {
        lines.append(cellLine + "/>")
        continue
      }
      cellLine += ">"
      lines.append(cellLine)
      // libvirt's order: <distances>, then the caches.
      if !topology.distances.isEmpty {
        lines.append("        <distances>")
        for other in topology.cells {
          lines.append("          <sibling id='\(other.id)' value='\(topology.distances[cell.id, other.id])'/>")
        }
        lines.append("        </distances>")
      }
      for cache in cell.caches {
        lines += [
          "        <cache level='\(cache.level)' associativity='\(cache.associativity)' policy='\(cache.policy)'>",
          "          <size value='\(cache.sizeKiB)' unit='KiB'/>",
          "          <line value='\(cache.lineBytes)' unit='B'/>",
          "        </cache>",
        ]
      }
      lines.append("      </cell>")
    }
    if !topology.interconnects.isEmpty {
      lines.append("      <interconnects>")
      for link in topology.interconnects {
        let cache = link.cache > 0 ? " cache='\(link.cache)'" : ""
        let unit = link.kind == .bandwidth ? " unit='KiB'" : ""
        lines.append(
          "        <\(link.kind.rawValue) initiator='\(link.initiator)' target='\(link.target)'\(cache) type='\(link.type)' value='\(link.value)'\(unit)/>"
        )
      }
      lines.append("      </interconnects>")
    }
    lines += ["    </numa>", "  </cpu>", "</domain>"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `<cpu>…</cpu>` element of a canonical domain, indented from column 0.
  public static func cpuBlock(ofCanonical domain: String) -> String {
    let lines = domain.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("  <cpu") }),
      let end = lines[start...].firstIndex(where: { $0 == "  </cpu>" })
    else { return domain }
    return lines[start...end].map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
  }
}
