/// Builds a guest NUMA topology that mirrors a host's: one cell per host node (renumbered
/// 0..n-1 in host id order), the host's distances as they are, vCPUs numbered in order across
/// the cells and spread in proportion to each node's host CPUs (memory-only nodes get none), and
/// memory split in proportion to the nodes' memory, in whole MiB so that every guest form (xl
/// too) can carry it.
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
    case noCPUs
    case noMemory
    case tooFewVCPUs(Int)
    case memoryTooSmall(UInt64)

    public var description: String {
      switch self {
      case .noCPUs: return "the host has no node with CPUs"
      case .noMemory: return "the host's nodes report no memory: give --memory"
      case .tooFewVCPUs(let count): return "--vcpus \(count) is too few: give at least 1"
      case .memoryTooSmall(let kib): return "--memory of \(kib) KiB is less than 1 MiB per cell"
      }
    }
  }

  /// Splits `total` in proportion to `weights` by largest remainder (ties go to the lower
  /// index), so that the parts add up to `total` exactly.
  static func apportion(_ total: UInt64, weights: [UInt64]) -> [UInt64] {
    let sum = weights.reduce(0, +)
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
    guard cpuCounts.contains(where: { $0 > 0 }) else { throw .noCPUs }
    let totalVCPUs = vcpus ?? Int(cpuCounts.reduce(0, +))
    guard totalVCPUs >= 1 else { throw .tooFewVCPUs(totalVCPUs) }
    let memoryWeights = host.nodes.map { ($0.memoryKiB ?? 0) / 1024 }
    let hostMiB = memoryWeights.reduce(0, +)
    let totalMiB = memoryKiB.map { $0 / 1024 } ?? hostMiB
    guard hostMiB > 0 else { throw .noMemory }
    if totalMiB < UInt64(host.nodes.filter { ($0.memoryKiB ?? 0) >= 1024 }.count) {
      throw .memoryTooSmall(memoryKiB ?? 0)
    }
    let vcpuShares = Self.apportion(UInt64(totalVCPUs), weights: cpuCounts)
    let memoryShares = Self.apportion(totalMiB, weights: memoryWeights)
    var next = 0
    var cells: [Cell] = []
    for (index, share) in vcpuShares.enumerated() {
      let cpus = share == 0 ? CPUSet() : CPUSet(ranges: [next...(next + Int(share) - 1)])
      next += Int(share)
      cells.append(Cell(id: index, cpus: cpus, memoryKiB: memoryShares[index] * 1024))
    }
    var matrix = DistanceMatrix(count: cells.count)
    if host.distances != nil {
      for from in 0..<cells.count {
        for to in 0..<cells.count {
          let value = host.distance(from, to)
          if (10...255).contains(value) { matrix.setExplicit(from: from, to: to, value: value) }
        }
      }
    }
    return NUMATopology(cells: cells, distances: matrix)
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
      if topology.distances.isEmpty {
        lines.append(cellLine + "/>")
        continue
      }
      cellLine += ">"
      lines.append(cellLine)
      lines.append("        <distances>")
      for other in topology.cells {
        lines.append("          <sibling id='\(other.id)' value='\(topology.distances[cell.id, other.id])'/>")
      }
      lines.append("        </distances>")
      lines.append("      </cell>")
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
