import FoundationEssentials

/// Reads `/sys/devices/system/node` (or the same layout below another root): every `nodeN`
/// folder is a node, as libnuma counts them; `cpulist` (else `cpumap`), `meminfo` MemTotal and
/// `distance` (positional over the nodes in id order, as the kernel writes it for online nodes).
enum SysfsReader {
  static func read(root: String) throws(HostTopologyError) -> HostTopology {
    let manager = FileManager.default
    let candidates = [root + "/sys/devices/system/node", root + "/devices/system/node", root]
    guard
      let folder = candidates.first(where: { path in
        ((try? manager.contentsOfDirectory(atPath: path)) ?? []).contains { isNodeName($0) }
      })
    else {
      throw HostTopologyError(source: root, reason: "no node folders (nodeN) below it")
    }
    let ids = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).compactMap(nodeId).sorted()
    var nodes: [HostNode] = []
    var rows: [[Int]] = []
    var interconnects: [Interconnect] = []
    for id in ids {
      let node = folder + "/node\(id)"
      let cpus: CPUSet
      if let list = contents(node + "/cpulist") {
        cpus = try parseList(list, source: node + "/cpulist")
      } else if let map = contents(node + "/cpumap") {
        cpus = try parseMask(map, source: node + "/cpumap")
      } else {
        cpus = CPUSet()
      }
      var memory: UInt64?
      if let meminfo = contents(node + "/meminfo") {
        for line in meminfo.split(separator: "\n") where line.contains("MemTotal:") {
          let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
          if let index = words.firstIndex(of: "MemTotal:"), index + 1 < words.count {
            memory = UInt64(words[index + 1])
          }
        }
      }
      nodes.append(
        HostNode(
          id: id, cpus: cpus, memoryKiB: memory, hugePages: try hugePages(of: node),
          caches: try memorySideCaches(of: node)))
      interconnects += try initiators(of: node, target: id)
      if let distance = contents(node + "/distance") {
        let values = distance.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).compactMap { Int($0) }
        rows.append(values)
      }
    }
    var distances: [[Int]]? = nil
    if rows.count == nodes.count, rows.allSatisfy({ $0.count == nodes.count }), !rows.isEmpty {
      distances = rows
    } else if !rows.isEmpty {
      throw HostTopologyError(
        source: folder, reason: "distance files do not form a \(nodes.count)×\(nodes.count) matrix")
    }
    // Huge page sizes: those any node has a pool of; unknown when no node has a hugepages folder.
    let sizes = Set(nodes.flatMap { $0.hugePages.map(\.sizeKiB) }).sorted()
    let anyPoolFolder = ids.contains { manager.fileExists(atPath: folder + "/node\($0)/hugepages") }
    return HostTopology(
      nodes: nodes, distances: distances, source: root, interconnects: interconnects,
      hugePageSizesKiB: anyPoolFolder ? sizes : nil)
  }

  /// `nodeN/hugepages/hugepages-<size>kB/{nr,free}_hugepages`, by ascending size.
  static func hugePages(of node: String) throws(HostTopologyError) -> [HugePagePool] {
    let folder = node + "/hugepages"
    var pools: [HugePagePool] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      guard name.hasPrefix("hugepages-"), name.hasSuffix("kB"),
        let size = UInt64(name.dropFirst("hugepages-".count).dropLast(2)), size > 0
      else { continue }
      let pool = folder + "/" + name
      guard let total = try number(pool + "/nr_hugepages") else { continue }
      pools.append(HugePagePool(sizeKiB: size, total: total, free: try number(pool + "/free_hugepages")))
    }
    return pools.sorted { $0.sizeKiB < $1.sizeKiB }
  }

  /// `nodeN/memory_side_cache/index<level>/{size,line_size,indexing,write_policy}`, read as
  /// libvirt reads them (size in bytes, kept in KiB; the kernel's enums named), by level.
  static func memorySideCaches(of node: String) throws(HostTopologyError) -> [CellCache] {
    let folder = node + "/memory_side_cache"
    var caches: [CellCache] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      guard name.hasPrefix("index"), let level = Int(name.dropFirst(5)) else { continue }
      let path = folder + "/" + name
      guard let size = try number(path + "/size"), let line = try number(path + "/line_size") else {
        throw HostTopologyError(source: path, reason: "a memory-side cache without size or line_size")
      }
      // The kernel's enum cache_indexing and enum cache_write_policy, by value.
      let associativity = try named(path + "/indexing", ["direct", "full", "none"])
      let policy = try named(path + "/write_policy", ["writeback", "writethrough", "none"])
      caches.append(CellCache(level: level, associativity: associativity, policy: policy, sizeKiB: size >> 10, lineBytes: line))
    }
    return caches.sorted { $0.level < $1.level }
  }

  /// The HMAT figures towards node `target`, as libvirt reads them: `access1` (CPU initiators;
  /// `access0`, which also counts devices, when there is no `access1`), one latency and one
  /// bandwidth for reads and for writes from each `initiators/nodeM`; bandwidths in MiB/s, kept in
  /// KiB/s.
  static func initiators(of node: String, target: Int) throws(HostTopologyError) -> [Interconnect] {
    let manager = FileManager.default
    guard let access = [node + "/access1", node + "/access0"].first(where: { manager.fileExists(atPath: $0) }) else {
      return []
    }
    let folder = access + "/initiators"
    let initiators = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).compactMap(nodeId).sorted()
    guard !initiators.isEmpty else { return [] }
    var figures: [(Interconnect.Kind, String, UInt64)] = []
    for (kind, type) in [(Interconnect.Kind.latency, "read"), (.latency, "write"), (.bandwidth, "read"), (.bandwidth, "write")] {
      let file = folder + "/\(type)_\(kind.rawValue)"
      guard let value = try number(file) else { continue }
      let (scaled, overflow) = value.multipliedReportingOverflow(by: kind == .bandwidth ? 1024 : 1)
      guard !overflow, scaled <= UInt64(UInt32.max) else {
        throw HostTopologyError(source: file, reason: "\(value) is out of range")
      }
      if scaled > 0 { figures.append((kind, type, scaled)) }
    }
    return initiators.flatMap { initiator in
      figures.map { Interconnect(kind: $0.0, initiator: initiator, target: target, type: $0.1, value: $0.2) }
    }
  }

  /// The name of the kernel enum value a file holds (`names[value]`).
  private static func named(_ path: String, _ names: [String]) throws(HostTopologyError) -> String {
    guard let value = try number(path), value < UInt64(names.count) else {
      throw HostTopologyError(source: path, reason: "not one of the values \(0)...\(names.count - 1) (\(names.joined(separator: ", ")))")
    }
    return names[Int(value)]
  }

  /// A file holding one unsigned decimal; `nil` when there is no such file.
  private static func number(_ path: String) throws(HostTopologyError) -> UInt64? {
    guard let text = contents(path) else { return nil }
    guard let value = UInt64(text.trimmingWhitespace()) else {
      throw HostTopologyError(source: path, reason: "'\(text.trimmingWhitespace().prefix(40))' is not a number")
    }
    return value
  }

  private static func isNodeName(_ name: String) -> Bool { nodeId(name) != nil }

  private static func nodeId(_ name: String) -> Int? {
    guard name.hasPrefix("node"), name.count > 4 else { return nil }
    let digits = name.dropFirst(4)
    guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
    return Int(digits)
  }

  private static func contents(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// The kernel's list format (`0-3,8`), or an empty line.
  static func parseList(_ text: String, source: String) throws(HostTopologyError) -> CPUSet {
    let trimmed = text.trimmingWhitespace()
    if trimmed.isEmpty { return CPUSet() }
    do {
      return try CPUSet(parsing: trimmed, limit: Int(Int32.max))
    } catch {
      throw HostTopologyError(source: source, reason: "cpu list '\(trimmed)' does not parse: \(error)")
    }
  }

  /// The kernel's mask format: hex chunks separated by commas, most significant first.
  static func parseMask(_ text: String, source: String) throws(HostTopologyError) -> CPUSet {
    let hex = text.trimmingWhitespace().replacing(",", with: "")
    var set = CPUSet()
    var bit = 0
    for character in hex.reversed() {
      guard let nibble = character.hexDigitValue else {
        throw HostTopologyError(source: source, reason: "cpu mask '\(text)' is not hexadecimal")
      }
      for offset in 0..<4 where nibble & (1 << offset) != 0 { set.insert((bit + offset)...(bit + offset)) }
      bit += 4
    }
    return set
  }
}
