import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bounds every host source is read within, whatever its kind: enough for any real host,
/// small enough that reading and checking a hostile source stays fast.
extension HostTopology {
  /// The most nodes a host source may have: the same bound as a guest's cells
  /// (`Validator.maximumNUMAEntries`; Linux's `MAX_NUMNODES` is at most 1,024).
  public static let maximumNodes = Validator.maximumNUMAEntries
  /// Node ids must be below this.
  public static let nodeIdLimit = 1 << 16
  /// CPU ids must be below this (Linux's largest `NR_CPUS` is 8,192); so a host has at most
  /// this many CPUs, each in one node.
  public static let cpuIdLimit = 1 << 16
  /// The most one sysfs file may hold: they are a few KiB at most (a distance row of 16,384
  /// nodes is under 100 KiB), and a larger one is not what the kernel writes.
  public static let sysfsFileLimit = 1 << 20
}

/// The one way host files are opened: regular files (and links to them) only, never more than a
/// limit, and never a FIFO, socket or device (refused before they are opened, and again by
/// `fstat` on the open descriptor, which is opened non-blocking so that nothing can stall it).
enum HostFile {
  /// The bytes of the file at `path`, at most `limit`; `nil` when there is no such file.
  static func read(_ path: String, limit: Int) throws(HostTopologyError) -> [UInt8]? {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw HostTopologyError(source: path, reason: Messages.cannotRead(FileSystem.errorText))
    }
    try requireRegular(info, path: path)
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0 else {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw HostTopologyError(source: path, reason: Messages.cannotRead(FileSystem.errorText))
    }
    defer { close(descriptor) }
    guard fstat(descriptor, &info) == 0 else {
      throw HostTopologyError(source: path, reason: Messages.cannotRead(FileSystem.errorText))
    }
    try requireRegular(info, path: path)
    if Int64(info.st_size) > Int64(limit) { throw tooLarge(path, limit: limit) }
    // sysfs files say 4096 whatever they hold: read in chunks up to one byte past the limit.
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: Swift.min(64 * 1024, limit + 1))
    while true {
      let wanted = Swift.min(chunk.count, limit + 1 - bytes.count)
      let count = chunk.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress, wanted)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw HostTopologyError(source: path, reason: Messages.cannotRead(FileSystem.errorText))
      }
      if count == 0 { return bytes }
      bytes += chunk[0..<count]
      if bytes.count > limit { throw tooLarge(path, limit: limit) }
    }
  }

  /// Is there a folder at `path` (following links)?
  static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// The names in a folder; none when it is not a readable folder.
  static func names(in folder: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  }

  private static func requireRegular(_ info: stat, path: String) throws(HostTopologyError) {
    let kind = FileKind(mode: info.st_mode)
    guard kind != .regularFile else { return }
    throw HostTopologyError(source: path, reason: Messages.onlyRegularFilesRead(kind))
  }

  private static func tooLarge(_ path: String, limit: Int) -> HostTopologyError {
    HostTopologyError(source: path, reason: Messages.tooLarge(limit: limit))
  }
}

/// Host CPU ids, collected as ranges in any order, checked (no negative id, none past the limit,
/// none twice) and made into a `CPUSet` in O(n log n).
struct HostCPUList {
  private var ranges: [ClosedRange<Int>] = []
  /// How many ids have been added, with repeats.
  private(set) var count = 0

  /// Adds `lower...upper`; `what` names the list in messages.
  mutating func add(_ lower: Int, _ upper: Int, limit: Int, what: String, source: String, line: Int? = nil)
    throws(HostTopologyError)
  {
    guard lower >= 0 else {
      throw HostTopologyError(source: source, line: line, reason: Messages.Host.negativeId(in: what, lower))
    }
    guard lower <= upper else {
      throw HostTopologyError(source: source, line: line, reason: Messages.Host.reversedRange(in: what, lower, upper))
    }
    guard upper < limit else {
      throw HostTopologyError(
        source: source, line: line, reason: Messages.Host.idBeyondLimit(in: what, "\(upper)", limit: limit))
    }
    ranges.append(lower...upper)
    count += upper - lower + 1
  }

  /// The set; an id given twice is an error.
  func set(what: String, source: String, line: Int? = nil) throws(HostTopologyError) -> CPUSet {
    // Sorted by lower bound, an id given twice shows between neighbours.
    let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
    for (previous, range) in zip(sorted, sorted.dropFirst()) where range.lowerBound <= previous.upperBound {
      throw HostTopologyError(source: source, line: line, reason: Messages.Host.idTwice(in: what, range.lowerBound))
    }
    return CPUSet(ranges: sorted)
  }
}

extension HostTopology {
  /// Checks what every reader must hand on, whatever the source said: 1 to `maximumNodes` nodes
  /// with ids ascending, unique and below `nodeIdLimit`; CPU ids below `cpuIdLimit`, each in one
  /// node only; node memories, and each huge page pool's pages × size, that add up within 64 bits
  /// of KiB; no node with more memory free than in all; a distance table that is `nil` or square over the nodes, with no negative distance.
  func checked() throws(HostTopologyError) -> HostTopology {
    guard !nodes.isEmpty else { throw HostTopologyError(source: source, reason: Messages.Host.noNodes) }
    guard nodes.count <= Self.maximumNodes else {
      throw HostTopologyError(source: source, reason: Messages.Host.tooManyNodes(nodes.count, limit: Self.maximumNodes))
    }
    var previous = -1
    var all: [(ClosedRange<Int>, Int)] = []
    var memory: UInt64 = 0
    for node in nodes {
      guard node.id > previous, node.id < Self.nodeIdLimit else {
        throw HostTopologyError(
          source: source,
          reason: node.id == previous
            ? Messages.Host.nodeTwice(node.id) : Messages.Host.nodeIdsNotAscending(limit: Self.nodeIdLimit))
      }
      previous = node.id
      if let last = node.cpus.max, last >= Self.cpuIdLimit || node.cpus.min! < 0 {
        throw HostTopologyError(
          source: source, reason: Messages.Host.cpuIdOutside(node: node.id, limit: Self.cpuIdLimit))
      }
      all += node.cpus.ranges.map { ($0, node.id) }
      let (sum, overflow) = memory.addingReportingOverflow(node.memoryKiB ?? 0)
      guard !overflow else {
        throw HostTopologyError(source: source, reason: Messages.Host.memoryTooLarge)
      }
      memory = sum
      if let free = node.freeMemoryKiB, let total = node.memoryKiB, free > total {
        throw HostTopologyError(
          source: source, reason: Messages.Host.moreFreeThanTotal(node: node.id, free: free, total: total))
      }
      for pool in node.hugePages {
        guard !pool.total.multipliedReportingOverflow(by: pool.sizeKiB).overflow else {
          throw HostTopologyError(
            source: source,
            reason: Messages.Host.hugePagesTooLarge(node: node.id, pages: pool.total, sizeKiB: pool.sizeKiB))
        }
      }
    }
    all.sort { $0.0.lowerBound < $1.0.lowerBound }
    for index in all.indices.dropFirst() where all[index].0.lowerBound <= all[index - 1].0.upperBound {
      throw HostTopologyError(
        source: source, reason: Messages.Host.cpuInTwoNodes(all[index].0.lowerBound, all[index - 1].1, all[index].1))
    }
    if let distances {
      guard distances.count == nodes.count, distances.allSatisfy({ $0.count == nodes.count }) else {
        throw HostTopologyError(source: source, reason: Messages.Host.distancesNotATable(nodes.count))
      }
      if distances.contains(where: { $0.contains { $0 < 0 } }) {
        throw HostTopologyError(source: source, reason: Messages.Host.negativeDistance)
      }
    }
    return self
  }
}

extension HostCPUList {
  /// One id written in decimal digits, below `limit`; `what` names the list in messages.
  static func id<S: StringProtocol>(_ text: S, limit: Int, what: String, source: String, line: Int? = nil)
    throws(HostTopologyError) -> Int
  {
    let utf8 = text.utf8
    let isDigits = { (bytes: S.UTF8View.SubSequence) in !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
    if utf8.first == UInt8(ascii: "-"), isDigits(utf8.dropFirst()) {
      throw HostTopologyError(source: source, line: line, reason: Messages.Host.negativeId(in: what, text: text))
    }
    guard isDigits(utf8[...]) else {
      throw HostTopologyError(source: source, line: line, reason: Messages.Host.notAnId(in: what, text))
    }
    var value = 0
    for byte in utf8 {
      value = value * 10 + Int(byte - 0x30)
      if value >= limit {
        throw HostTopologyError(
          source: source, line: line,
          reason: Messages.Host.idBeyondLimit(in: what, TerminalText.excerpt(text), limit: limit))
      }
    }
    return value
  }
}
