/// One guest NUMA cell: `<cell id cpus memory unit memAccess discard>`.
public struct Cell: Sendable, Equatable, Hashable {
  /// The cell id, 0..<n.
  public var id: Int
  /// The guest vCPUs of the cell; empty for a CPU-less (memory-only) cell.
  public var cpus: CPUSet
  /// The memory of the cell, in KiB.
  public var memoryKiB: UInt64
  /// `shared` or `private`, when given.
  public var memAccess: String?
  /// `yes` or `no`, when given.
  public var discard: String?
  /// The cell's HMAT memory-side caches, in document order.
  public var caches: [CellCache]

  public init(
    id: Int, cpus: CPUSet, memoryKiB: UInt64, memAccess: String? = nil, discard: String? = nil,
    caches: [CellCache] = []
  ) {
    self.id = id
    self.cpus = cpus
    self.memoryKiB = memoryKiB
    self.memAccess = memAccess
    self.discard = discard
    self.caches = caches
  }
}

extension Cell {
  /// The cell's caches by level, as the canonical form and `show` list them.
  public var cachesByLevel: [CellCache] { caches.sorted { $0.level < $1.level } }
}

/// The SLIT distances between cells, filled in the way libvirt fills them while it parses.
///
/// Each entry is either set (a value 10…255) or unset. Setting `i → j` explicitly always wins;
/// the mirror `j → i` is filled only while it is still unset. A cell that gets any distance row
/// gets its own entry set to 10. Unset entries read as 10 on the diagonal and 20 elsewhere.
public struct DistanceMatrix: Sendable, Equatable {
  /// The number of cells.
  public let count: Int
  /// The stored values: dense (row-major, 0 = unset) for guests of up to `denseLimit` cells,
  /// sparse above, so that memory follows what the guest gives, not the square of its cells.
  private var storage: Storage
  /// Which cells have a row (libvirt allocates one when a cell names or is named by a sibling).
  private var hasRow: [Bool]
  /// How many cells have a row.
  private var rowCount = 0

  private enum Storage: Sendable, Equatable {
    /// Values, row-major.
    case dense([UInt8])
    /// Set entries by `from * count + to`.
    case sparse([Int: UInt8])
  }

  /// The largest guest whose matrix is kept dense (4 Mi entries, 4 MiB).
  static let denseLimit = 2048

  /// The most cells an output that lists every pair of cells is written for: 1,024 cells are a
  /// million entries (the full canonical form, show's table and JSON, an xl config's vdistances).
  public static let everyPairLimit = 1024

  /// The distance a cell has to itself.
  public static let local = 10
  /// The distance assumed between two cells when nothing says otherwise.
  public static let remoteDefault = 20

  public init(count: Int) {
    self.count = count
    storage =
      count <= Self.denseLimit
      ? .dense(Array(repeating: 0, count: count * count))
      : .sparse([:])
    hasRow = Array(repeating: false, count: count)
  }

  private func value(at index: Int) -> UInt8 {
    switch storage {
    case .dense(let values): return values[index]
    case .sparse(let entries): return entries[index] ?? 0
    }
  }

  private mutating func set(_ value: UInt8, at index: Int) {
    switch storage {
    case .dense(var values):
      storage = .sparse([:])  // let go of the array so that it is changed in place
      values[index] = value
      storage = .dense(values)
    case .sparse(var entries):
      storage = .sparse([:])
      entries[index] = value
      storage = .sparse(entries)
    }
  }

  private mutating func ensureRow(_ cell: Int) {
    if !hasRow[cell] {
      hasRow[cell] = true
      rowCount += 1
      set(UInt8(Self.local), at: cell * count + cell)
    }
  }

  /// Records `<sibling id=to value=value/>` given under cell `from`, as libvirt does.
  public mutating func setExplicit(from: Int, to: Int, value: Int) {
    precondition((0..<count).contains(from) && (0..<count).contains(to) && (1...255).contains(value))
    ensureRow(from)
    set(UInt8(value), at: from * count + to)
    ensureRow(to)
    if self.value(at: to * count + from) == 0 { set(UInt8(value), at: to * count + from) }
  }

  /// The completed distance: the stored value, else 10 on the diagonal and 20 elsewhere.
  public subscript(from: Int, to: Int) -> Int {
    let value = value(at: from * count + to)
    if value != 0 { return Int(value) }
    return from == to ? Self.local : Self.remoteDefault
  }

  /// The stored value, or `nil` where libvirt would leave the entry unset.
  public func storedValue(from: Int, to: Int) -> Int? {
    let value = value(at: from * count + to)
    return value == 0 ? nil : Int(value)
  }

  /// Does any cell have a distance row at all?
  public var isEmpty: Bool { rowCount == 0 }

  /// The entries set between two different cells (given, or mirrored from a given one), in
  /// row-major order: what a check needs to look at, proportional to what the guest gives.
  public var remoteEntries: [(from: Int, to: Int, value: Int)] {
    var result: [(from: Int, to: Int, value: Int)] = []
    switch storage {
    case .dense(let values):
      for from in 0..<count where hasRow[from] {
        for to in 0..<count where to != from && values[from * count + to] != 0 {
          result.append((from, to, Int(values[from * count + to])))
        }
      }
    case .sparse(let entries):
      for (index, entry) in entries.sorted(by: { $0.key < $1.key }) where index / count != index % count {
        result.append((index / count, index % count, Int(entry)))
      }
    }
    return result
  }

  /// The completed matrix as rows.
  public var rows: [[Int]] {
    (0..<count).map { from in (0..<count).map { to in self[from, to] } }
  }
}

/// A guest's `<cpu><numa>`: its cells (indexed by id) and their distances.
public struct NUMATopology: Sendable, Equatable {
  /// Cells by id; `cells[i].id == i`.
  public var cells: [Cell]
  public var distances: DistanceMatrix
  /// The HMAT latencies and bandwidths of `<interconnects>`, in document order.
  public var interconnects: [Interconnect]

  public init(cells: [Cell], distances: DistanceMatrix, interconnects: [Interconnect] = []) {
    self.cells = cells
    self.distances = distances
    self.interconnects = interconnects
  }

  /// Every vCPU some cell holds.
  public var allCPUs: CPUSet { cells.reduce(CPUSet()) { $0.union($1.cpus) } }
  /// Does the guest carry HMAT figures: a cell's `<cache>` or an `<interconnects>` figure?
  public var hasHMAT: Bool { !interconnects.isEmpty || cells.contains { !$0.caches.isEmpty } }
  /// The interconnects in the canonical order (`Interconnect.inCanonicalOrder`).
  public var orderedInterconnects: [Interconnect] { interconnects.sorted(by: Interconnect.inCanonicalOrder) }
  /// The sum of the cells' memory, in KiB (saturating).
  public var totalMemoryKiB: UInt64 {
    cells.reduce(UInt64(0)) { total, cell in
      let (sum, overflow) = total.addingReportingOverflow(cell.memoryKiB)
      return overflow ? UInt64.max : sum
    }
  }
}

/// What numaschema knows about a guest domain: the parts that give its NUMA layout meaning.
public struct GuestDefinition: Sendable, Equatable {
  /// `<name>`, when present.
  public var name: String?
  /// The maximum vCPU count from `<vcpu>` (libvirt's default is 1 when absent).
  public var maximumVCPUs: Int
  /// `<memory>` in KiB, when present and readable.
  public var memoryKiB: UInt64?
  /// The topology, when the domain has `<cpu><numa>` whose cells could be read.
  public var numa: NUMATopology?
  /// What else the converters need to know about the domain.
  public var facts: DomainFacts
  /// What refers to the cells from elsewhere in the domain: hugepages, memory devices, PCI
  /// controllers, `<numatune>`, `<maxMemory>`.
  public var references: NUMAReferences

  public init(
    name: String?, maximumVCPUs: Int, memoryKiB: UInt64?, numa: NUMATopology?, facts: DomainFacts = DomainFacts(),
    references: NUMAReferences = NUMAReferences()
  ) {
    self.name = name
    self.maximumVCPUs = maximumVCPUs
    self.memoryKiB = memoryKiB
    self.numa = numa
    self.facts = facts
    self.references = references
  }
}

/// The parts of a domain outside the NUMA topology that its other forms (xl, QEMU) carry.
public struct DomainFacts: Sendable, Equatable {
  /// `<domain type>`: kvm, qemu, xen, …
  public var domainType: String?
  public var uuid: String?
  /// `<vcpu current>`, when given.
  public var currentVCPUs: Int?
  /// `<vcpu cpuset>`, when given: the host CPUs the vCPUs may run on.
  public var vcpuPlacementCPUs: CPUSet?
  /// `<currentMemory>` in KiB, when given.
  public var currentMemoryKiB: UInt64?
  /// `<os><type>`: hvm, linux, xen, xenpvh, exe.
  public var osType: String?
  /// `<os><type machine>`, when given.
  public var machine: String?
  /// `<os><type arch>`, when given.
  public var arch: String?
  /// `<cpu><topology>`: sockets, dies, cores, threads, when given.
  public var sockets: Int?
  public var dies: Int?
  public var cores: Int?
  public var threads: Int?
  /// Elements of the domain that are not part of this model, as paths (`devices`, `cpu/model`,
  /// `numatune`), in document order, each once. Empty in the report of
  /// `Validator.validate(bytes:file:)`, which reads what the verdict needs.
  public var otherElements: [String]

  public init(
    domainType: String? = nil, uuid: String? = nil, currentVCPUs: Int? = nil, vcpuPlacementCPUs: CPUSet? = nil,
    currentMemoryKiB: UInt64? = nil, osType: String? = nil, machine: String? = nil, sockets: Int? = nil,
    dies: Int? = nil, cores: Int? = nil, threads: Int? = nil, otherElements: [String] = []
  ) {
    self.domainType = domainType
    self.uuid = uuid
    self.currentVCPUs = currentVCPUs
    self.vcpuPlacementCPUs = vcpuPlacementCPUs
    self.currentMemoryKiB = currentMemoryKiB
    self.osType = osType
    self.machine = machine
    self.sockets = sockets
    self.dies = dies
    self.cores = cores
    self.threads = threads
    self.otherElements = otherElements
  }
}

extension GuestDefinition {
  /// The topology the guest sees: its cells, or, without `<numa>`, one node 0 that holds every
  /// vCPU and all of `<memory>`.
  public var effectiveTopology: NUMATopology {
    if let numa { return numa }
    let cell = Cell(id: 0, cpus: CPUSet(ranges: [0...(maximumVCPUs - 1)]), memoryKiB: memoryKiB ?? 0)
    return NUMATopology(cells: [cell], distances: DistanceMatrix(count: 1))
  }
}

extension DomainFacts {
  /// Is the guest a 64-bit POWER one? Some of libvirt's memory rules differ there.
  public var isPPC64: Bool { arch == "ppc64" || arch == "ppc64le" }
}
