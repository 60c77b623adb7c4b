/// The parts of a domain outside `<cpu><numa>` that refer to its guest NUMA cells, and the
/// HMAT figures inside it: what libvirt checks against the cells, and what a change of NUMA
/// meaning can touch.

/// An HMAT memory-side cache of a cell: `<cache level associativity policy><size/><line/></cache>`.
public struct CellCache: Sendable, Equatable, Hashable, Codable {
  /// 1, 2 or 3 (libvirt refuses 0 and anything above 3).
  public var level: Int
  /// `none`, `direct` or `full`.
  public var associativity: String
  /// `none`, `writeback` or `writethrough`.
  public var policy: String
  /// The cache size, in KiB.
  public var sizeKiB: UInt64
  /// The cache line, in bytes.
  public var lineBytes: UInt64

  public init(level: Int, associativity: String, policy: String, sizeKiB: UInt64, lineBytes: UInt64) {
    self.level = level
    self.associativity = associativity
    self.policy = policy
    self.sizeKiB = sizeKiB
    self.lineBytes = lineBytes
  }
}

/// One HMAT figure of `<numa><interconnects>`: a `<latency>` (nanoseconds) or a `<bandwidth>`
/// (KiB/s) from an initiator cell to a target cell, to its memory or to one of its caches.
public struct Interconnect: Sendable, Equatable, Hashable, Codable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case latency, bandwidth
  }

  public var kind: Kind
  public var initiator: Int
  public var target: Int
  /// The target's cache level, or 0 for its memory (libvirt's default).
  public var cache: Int
  /// `access`, `read` or `write`.
  public var type: String
  /// Nanoseconds for a latency; KiB per second for a bandwidth.
  public var value: UInt64

  public init(kind: Kind, initiator: Int, target: Int, cache: Int = 0, type: String, value: UInt64) {
    self.kind = kind
    self.initiator = initiator
    self.target = target
    self.cache = cache
    self.type = type
    self.value = value
  }

  /// What libvirt counts as the same figure given twice.
  var identity: [String] { [kind.rawValue, String(initiator), String(target), String(cache), type] }
}

extension Interconnect {
  /// The one order of the figures in the canonical form and in `show`: latencies before
  /// bandwidths, each by initiator, target, cache (0, the memory, first) and type (`access`,
  /// `read`, `write`).
  public static func inCanonicalOrder(_ left: Interconnect, _ right: Interconnect) -> Bool {
    (left.kind.rank, left.initiator, left.target, left.cache, left.type)
      < (right.kind.rank, right.initiator, right.target, right.cache, right.type)
  }
}

/// The figures of one `<interconnects>` given so far, as libvirt compares each new one with
/// them: the same figure twice, or a link between two cells given in the other direction first
/// (any figure from the target to the initiator). Lookups, so a long list is checked in linear time.
struct InterconnectLedger {
  enum Conflict {
    case duplicate
    case reverse(of: Interconnect)
  }

  private var identities = Set<[String]>()
  private var firstByLink: [[Int]: Interconnect] = [:]

  /// What libvirt refuses `link` for, after the figures added so far; `nil` when nothing.
  func conflict(with link: Interconnect) -> Conflict? {
    if identities.contains(link.identity) { return .duplicate }
    if link.initiator != link.target, let earlier = firstByLink[[link.target, link.initiator]] {
      return .reverse(of: earlier)
    }
    return nil
  }

  mutating func add(_ link: Interconnect) {
    identities.insert(link.identity)
    if firstByLink[[link.initiator, link.target]] == nil { firstByLink[[link.initiator, link.target]] = link }
  }
}

extension Interconnect.Kind {
  /// The kind's place in the canonical order: latencies first.
  var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// One `<memoryBacking><hugepages><page size unit nodeset/>`.
public struct HugePageSetting: Sendable, Equatable, Hashable {
  /// The page size, in KiB.
  public var sizeKiB: UInt64
  /// The guest cells backed by pages of this size; `nil` for the default size (no nodeset).
  public var nodeset: CPUSet?

  public init(sizeKiB: UInt64, nodeset: CPUSet? = nil) {
    self.sizeKiB = sizeKiB
    self.nodeset = nodeset
  }
}

/// `<memoryBacking>`: how the guest's memory is backed on the host.
public struct MemoryBacking: Sendable, Equatable, Hashable {
  /// True when `<hugepages>` is present (with or without pages).
  public var hugepages: Bool
  /// The `<page>`s of `<hugepages>`, in document order.
  public var pages: [HugePageSetting]
  /// `<source type>`: `file`, `anonymous` or `memfd`.
  public var sourceType: String?
  /// `<access mode>`: `shared` or `private`.
  public var accessMode: String?
  /// `<discard/>` is present.
  public var discard: Bool
  /// `<allocation mode='immediate'>`: the memory is allocated when the guest starts.
  public var allocatesImmediately: Bool
  /// `<allocation threads>`: how many host threads allocate it, when given.
  public var allocationThreads: Int?

  public init(
    hugepages: Bool = false, pages: [HugePageSetting] = [], sourceType: String? = nil, accessMode: String? = nil,
    discard: Bool = false, allocatesImmediately: Bool = false, allocationThreads: Int? = nil
  ) {
    self.hugepages = hugepages
    self.pages = pages
    self.sourceType = sourceType
    self.accessMode = accessMode
    self.discard = discard
    self.allocatesImmediately = allocatesImmediately
    self.allocationThreads = allocationThreads
  }
}

extension MemoryBacking {
  /// The `<page>` that backs guest cell `cell` (`nil`: a memory device on no cell), as libvirt's
  /// QEMU driver picks it (`qemuBuildMemoryGetPagesize`): the first whose nodeset holds the cell
  /// (`byNodeset`), else the one without a nodeset; `<hugepages/>` with no `<page>` is one page
  /// of size 0, the host's default. `nil` when no page backs the cell.
  func page(forCell cell: Int?) -> (page: HugePageSetting, byNodeset: Bool)? {
    guard hugepages else { return nil }
    var master: HugePageSetting?
    for page in pages.isEmpty ? [HugePageSetting(sizeKiB: 0)] : pages {
      guard let nodes = page.nodeset else {
        master = page
        continue
      }
      if let cell, nodes.contains(cell) { return (page, true) }
    }
    return master.map { ($0, false) }
  }
}

/// A memory device, `<devices><memory model>`: its size and the guest cell it is plugged into.
public struct MemoryDevice: Sendable, Equatable, Hashable {
  /// `dimm`, `nvdimm`, `virtio-mem`, `virtio-pmem` or `sgx-epc`.
  public var model: String
  /// `<target><size>`, in KiB.
  public var sizeKiB: UInt64
  /// `<target><node>`: the guest cell, when given.
  public var targetNode: Int?
  /// `<source><nodemask>`: the host nodes its memory comes from, when given.
  public var sourceNodemask: CPUSet?
  /// `<source><pagesize>`, in KiB, when given.
  public var pageSizeKiB: UInt64?
  /// `access`: `shared` or `private`, when given.
  public var access: String?
  /// `discard`: `yes` or `no`, when given.
  public var discard: String?
  /// `<source><path>`: the host file or device of an NVDIMM or virtio-pmem device.
  public var path: String?
  /// `<source><pmem/>`: the path is real persistent memory.
  public var pmem: Bool = false
  /// `<source><alignsize>`, in KiB, when given.
  public var alignSizeKiB: UInt64?
  /// `<target><label><size>`, in KiB, when given (NVDIMM).
  public var labelSizeKiB: UInt64?
  /// `<target><block>`, in KiB, when given (virtio-mem).
  public var blockSizeKiB: UInt64?
  /// `<target><requested>`, in KiB, when given (virtio-mem).
  public var requestedSizeKiB: UInt64?
  /// `<target><readonly/>` (NVDIMM).
  public var readonly: Bool = false
  /// `<uuid>`, when given (NVDIMM on pSeries).
  public var uuid: String?
  /// `<alias name>`, when given.
  public var alias: String?
  /// `<address>`, when given.
  public var address: DeviceAddress?

  public init(
    model: String, sizeKiB: UInt64, targetNode: Int? = nil, sourceNodemask: CPUSet? = nil, pageSizeKiB: UInt64? = nil,
    access: String? = nil, discard: String? = nil
  ) {
    self.model = model
    self.sizeKiB = sizeKiB
    self.targetNode = targetNode
    self.sourceNodemask = sourceNodemask
    self.pageSizeKiB = pageSizeKiB
    self.access = access
    self.discard = discard
  }
}

/// A device's `<address>`, of the kinds the NUMA devices use.
public enum DeviceAddress: Sendable, Equatable, Hashable {
  /// `<address type='dimm' slot base>`.
  case dimm(slot: Int, base: UInt64?)
  /// `<address type='pci' domain bus slot function multifunction>`.
  case pci(PCIAddress)
}

/// `<address type='pci'>`: where a device sits on the guest's PCI buses.
public struct PCIAddress: Sendable, Equatable, Hashable {
  public var bus: Int
  public var slot: Int
  public var function: Int
  /// `multifunction`: `on` or `off`, when given.
  public var multifunction: String?

  public init(bus: Int = 0, slot: Int = 0, function: Int = 0, multifunction: String? = nil) {
    self.bus = bus
    self.slot = slot
    self.function = function
    self.multifunction = multifunction
  }
}

/// A PCI controller, `<devices><controller type='pci'>`, with what ties it to NUMA.
public struct PCIController: Sendable, Equatable, Hashable {
  /// `index`, when given.
  public var index: Int?
  /// `model` (`pci-root`, `pcie-root`, `pci-expander-bus`, `pcie-expander-bus`, …), when given.
  public var model: String?
  /// `<model name>` (`pxb`, `pxb-pcie`, `spapr-pci-host-bridge`, …), when given.
  public var modelName: String?
  /// `<target index>` (pSeries PHBs), when given.
  public var targetIndex: Int?
  /// `<target><node>`: the guest cell the bus belongs to, when given.
  public var node: Int?
  /// `<target busNr>` (expander buses), when given.
  public var busNumber: Int?
  /// `<alias name>`, when given.
  public var alias: String?
  /// `<address type='pci'>`, when given.
  public var address: PCIAddress?

  public init(
    index: Int? = nil, model: String? = nil, modelName: String? = nil, targetIndex: Int? = nil, node: Int? = nil,
    busNumber: Int? = nil, alias: String? = nil, address: PCIAddress? = nil
  ) {
    self.index = index
    self.model = model
    self.modelName = modelName
    self.targetIndex = targetIndex
    self.node = node
    self.busNumber = busNumber
    self.alias = alias
    self.address = address
  }
}

/// `<numatune>`: the host nodes the guest's memory is bound to.
public struct Numatune: Sendable, Equatable, Hashable {
  /// `<memory mode>`, when `<memory>` is given (`strict` when it has no mode).
  public var mode: String?
  /// `<memory placement>` as libvirt settles it: `static` or `auto`.
  public var placement: String?
  /// `<memory nodeset>`, when given.
  public var nodeset: CPUSet?
  /// `<memnode>`s by guest cell: mode and host nodeset.
  public var memnodes: [Int: Memnode]

  public struct Memnode: Sendable, Equatable, Hashable {
    public var mode: String
    public var nodeset: CPUSet

    public init(mode: String, nodeset: CPUSet) {
      self.mode = mode
      self.nodeset = nodeset
    }
  }

  public init(mode: String? = nil, placement: String? = nil, nodeset: CPUSet? = nil, memnodes: [Int: Memnode] = [:]) {
    self.mode = mode
    self.placement = placement
    self.nodeset = nodeset
    self.memnodes = memnodes
  }
}

/// Everything of a domain that refers to guest NUMA cells from outside `<cpu><numa>`.
public struct NUMAReferences: Sendable, Equatable, Hashable {
  public var memoryBacking: MemoryBacking?
  public var memoryDevices: [MemoryDevice]
  public var pciControllers: [PCIController]
  public var numatune: Numatune?
  /// `<maxMemory>` in KiB, when given.
  public var maxMemoryKiB: UInt64?
  /// `<maxMemory slots>`, when given.
  public var memorySlots: Int?

  public init(
    memoryBacking: MemoryBacking? = nil, memoryDevices: [MemoryDevice] = [], pciControllers: [PCIController] = [],
    numatune: Numatune? = nil, maxMemoryKiB: UInt64? = nil, memorySlots: Int? = nil
  ) {
    self.memoryBacking = memoryBacking
    self.memoryDevices = memoryDevices
    self.pciControllers = pciControllers
    self.numatune = numatune
    self.maxMemoryKiB = maxMemoryKiB
    self.memorySlots = memorySlots
  }

  /// The sum of the memory devices' sizes, in KiB (saturating).
  public var memoryDevicesKiB: UInt64 {
    memoryDevices.reduce(UInt64(0)) { total, device in
      let (sum, overflow) = total.addingReportingOverflow(device.sizeKiB)
      return overflow ? UInt64.max : sum
    }
  }
}
