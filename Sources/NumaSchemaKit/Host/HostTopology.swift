import FoundationEssentials

/// One NUMA node of a host.
public struct HostNode: Sendable, Equatable {
  /// The host's node id (ids may be sparse).
  public var id: Int
  /// The node's online CPUs.
  public var cpus: CPUSet
  /// MemTotal of the node in KiB; `nil` when the source does not say.
  public var memoryKiB: UInt64?

  public init(id: Int, cpus: CPUSet, memoryKiB: UInt64?) {
    self.id = id
    self.cpus = cpus
    self.memoryKiB = memoryKiB
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

  public init(nodes: [HostNode], distances: [[Int]]?, source: String) {
    self.nodes = nodes
    self.distances = distances
    self.source = source
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
    "\(source)\(line.map { ":\($0)" } ?? ""): cannot read the host topology: \(reason)"
  }
}

extension HostTopology {
  /// Reads a host topology from a path, telling the kind apart by content: a folder is a sysfs
  /// root (`/`, `/sys`, or the node folder itself); a file starting with `<` is libvirt
  /// capabilities XML; a file with `available:` is `numactl -H` output. `-` reads standard input.
  public static func read(from path: String) throws(HostTopologyError) -> HostTopology {
    var isDirectory = false
    if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory {
      return try SysfsReader.read(root: path)
    }
    let bytes: [UInt8]
    do {
      bytes = try InputSource(argument: path).read(limit: 64 << 20)
    } catch {
      throw HostTopologyError(source: path, reason: error.description)
    }
    let name = path == "-" ? "<stdin>" : path
    let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    if first == UInt8(ascii: "<") {
      return try CapabilitiesReader.read(bytes, source: name)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if text.contains("available:") || text.contains("No NUMA available") {
      return try NumactlReader.read(text, source: name)
    }
    throw HostTopologyError(
      source: name, reason: "not a sysfs folder, capabilities XML or numactl -H output")
  }
}
