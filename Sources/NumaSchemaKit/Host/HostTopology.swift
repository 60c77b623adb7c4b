import FoundationEssentials

/// One NUMA node of a host.
public struct HostNode: Sendable, Equatable {
  /// The host's node id (ids may be sparse).
  public var id: Int
  /// The node's online CPUs.
  public var cpus: CPUSet
  /// MemTotal of the node in KiB; `nil` when the source does not say.
  public var memoryKiB: UInt64?
  /// MemFree of the node in KiB (sysfs `meminfo`, numactl's `free:`); `nil` when the source
  /// does not say (capabilities XML).
  public var freeMemoryKiB: UInt64?
  /// The node's huge page pools, by ascending page size (none when the source does not say).
  public var hugePages: [HugePagePool]
  /// The node's memory-side caches (HMAT), by ascending level.
  public var caches: [CellCache]

  public init(
    id: Int, cpus: CPUSet, memoryKiB: UInt64?, freeMemoryKiB: UInt64? = nil, hugePages: [HugePagePool] = [],
    caches: [CellCache] = []
  ) {
    self.id = id
    self.cpus = cpus
    self.memoryKiB = memoryKiB
    self.freeMemoryKiB = freeMemoryKiB
    self.hugePages = hugePages
    self.caches = caches
  }
}

/// The huge pages of one size on one host node.
public struct HugePagePool: Sendable, Equatable {
  /// The page size, in KiB.
  public var sizeKiB: UInt64
  /// Pages reserved (`nr_hugepages`, capabilities `<pages>`).
  public var total: UInt64
  /// Pages not in use (`free_hugepages`); `nil` when the source does not say.
  public var free: UInt64?

  public init(sizeKiB: UInt64, total: UInt64, free: UInt64? = nil) {
    self.sizeKiB = sizeKiB
    self.total = total
    self.free = free
  }
}

/// A host's NUMA topology, from sysfs, `numactl -H` or libvirt's capabilities XML.
public struct HostTopology: Sendable, Equatable {
  /// The nodes, ascending by id.
  public var nodes: [HostNode]
  /// Distances by position in `nodes` (row-major `[from][to]`), or `nil` when the source has none.
  public var distances: [[Int]]?
  /// Where it was read from, for messages.
  public var source: String
  /// The host's HMAT figures (from an initiator node to a target node, by host node id), as
  /// libvirt reports them: sysfs `nodeN/access1/initiators`, capabilities `<interconnects>`.
  public var interconnects: [Interconnect]
  /// The huge page sizes (KiB) the host offers, ascending; `nil` when the source does not say
  /// (numactl -H).
  public var hugePageSizesKiB: [UInt64]?
  /// The host's base page size (KiB), when the source says (capabilities: the smallest of
  /// `<host><cpu><pages>`).
  public var basePageKiB: UInt64?
  /// The kind of source it was read from (`.sysfsNodeFolder`, `.numactlOutput`,
  /// `.hostCapabilities`), which says what it can tell; `nil` when made some other way.
  public var kind: InputKind?

  public init(
    nodes: [HostNode], distances: [[Int]]?, source: String, interconnects: [Interconnect] = [],
    hugePageSizesKiB: [UInt64]? = nil, basePageKiB: UInt64? = nil, kind: InputKind? = nil
  ) {
    self.kind = kind
    self.nodes = nodes
    self.distances = distances
    self.source = source
    self.interconnects = interconnects
    self.hugePageSizesKiB = hugePageSizesKiB
    self.basePageKiB = basePageKiB
  }

  /// The distance between the nodes at two positions: the source's, else 10 / 20.
  public func distance(_ from: Int, _ to: Int) -> Int {
    if let distances, from < distances.count, to < distances[from].count, distances[from][to] > 0 {
      return distances[from][to]
    }
    return from == to ? DistanceMatrix.local : DistanceMatrix.remoteDefault
  }
}

/// Why a host topology could not be read (an error of the run: exit 2).
public struct HostTopologyError: Error, Sendable, Equatable, CustomStringConvertible {
  public var source: String
  public var line: Int?
  public var reason: String

  public init(source: String, line: Int? = nil, reason: String) {
    self.source = source
    self.line = line
    self.reason = reason
  }

  public var description: String {
    Messages.Host.unreadable(source: source, line: line, reason: reason)
  }
}

extension HostTopology {
  /// Reads a host topology from a path, telling the kind apart by content: a folder is a sysfs
  /// root (`/`, `/sys`, `/sys/devices` as libvirt's test trees are, `/sys/devices/system`, or the
  /// node folder itself); a file starting with `<` is libvirt
  /// capabilities XML; a file with `available:` is `numactl -H` output. `-` reads standard input.
  /// A libvirt URI (anything with `://`: `qemu:///system`, `qemu+ssh://host/system`) is that
  /// connection's host, asked through `virsh` (`LibvirtConnection.hostTopology`).
  /// A file (or standard input, or what virsh prints) of more than `limit` bytes is refused, and
  /// so is anything but a regular file or a folder (a FIFO, a socket, a device); every sysfs file
  /// is read within `min(limit, sysfsFileLimit)`.
  public static func read(
    from path: String, limit: Int = InputSource.defaultSizeLimit, virsh: Virsh = .standard
  ) throws(HostTopologyError) -> HostTopology {
    if LibvirtConnection.isURI(path) {
      return try LibvirtConnection(uri: path, virsh: virsh).hostTopology(limit: limit)
    }
    if path != "-", HostFile.isFolder(path) {
      return try SysfsReader.read(root: path, limit: Swift.min(limit, sysfsFileLimit))
    }
    let bytes: [UInt8]
    if path == "-" {
      do {
        bytes = try InputSource.standardInput.read(limit: limit)
      } catch {
        let reason: String
        switch error {
        case .tooLarge(_, let limit): reason = Messages.tooLarge(limit: limit)
        case .unreadable(_, let why): reason = Messages.cannotRead(why)
        default: reason = error.description
        }
        throw HostTopologyError(source: "<stdin>", reason: reason)
      }
    } else {
      guard let read = try HostFile.read(path, limit: limit) else {
        throw HostTopologyError(source: path, reason: Messages.noSuchFileOrFolder)
      }
      bytes = read
    }
    return try read(bytes: bytes, source: path == "-" ? "<stdin>" : path)
  }

  /// Reads a host topology from the bytes of a file, telling capabilities XML (starts with `<`)
  /// and `numactl -H` output (has `available:`) apart by content. `source` names it in messages.
  public static func read(bytes: [UInt8], source name: String) throws(HostTopologyError) -> HostTopology {
    let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    if first == UInt8(ascii: "<") {
      return try CapabilitiesReader.read(bytes, source: name)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if text.contains("available:") || text.contains("No NUMA available") {
      return try NumactlReader.read(text, source: name)
    }
    throw HostTopologyError(
      source: name, reason: Messages.Host.unknownKind)
  }

  /// Reads `numactl -H` output.
  public static func read(numactl text: String, source: String) throws(HostTopologyError) -> HostTopology {
    try NumactlReader.read(text, source: source)
  }

  /// Reads libvirt's host capabilities XML (or its `<topology>` element alone).
  public static func read(capabilities bytes: [UInt8], source: String) throws(HostTopologyError) -> HostTopology {
    try CapabilitiesReader.read(bytes, source: source)
  }
}
