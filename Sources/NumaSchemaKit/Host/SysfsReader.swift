import FoundationEssentials

/// Reads `/sys/devices/system/node` (or the same layout below another root): every `nodeN`
/// folder is a node, as libnuma counts them; `cpulist` (else `cpumap`), `meminfo` MemTotal and
/// MemFree, `distance` (positional over the nodes in id order, as the kernel writes it for online
/// nodes), and each huge page pool's `nr_hugepages` and `free_hugepages`.
/// Every file is read through `HostFile` (regular files only, at most `limit` bytes), and what it
/// holds must be what the kernel writes: anything else is an error that quotes at most a short,
/// escaped excerpt of it.
enum SysfsReader {
  /// Where the node folder is below a root given as `/`, `/sys`, `/sys/devices` or
  /// `/sys/devices/system`; the root itself is tried last.
  static let nodeFolderPlaces = ["/sys/devices/system/node", "/devices/system/node", "/system/node", "/node"]

  static func read(root: String, limit: Int = HostTopology.sysfsFileLimit) throws(HostTopologyError) -> HostTopology {
    // The root of the file system, /sys, /sys/devices (libvirt's test trees,
    // tests/vircaps2xmldata/linux-*), /sys/devices/system (tests/virhostcpudata/linux-*), or the
    // node folder itself.
    let candidates = nodeFolderPlaces.map { root + $0 } + [root]
    var folder = root
    var ids: [Int] = []
    for candidate in candidates {
      ids = try nodeIds(in: candidate)
      if !ids.isEmpty {
        folder = candidate
        break
      }
    }
    guard !ids.isEmpty else {
      throw HostTopologyError(source: root, reason: Messages.Host.noNodeFolders(places: nodeFolderPlaces))
    }
    var nodes: [HostNode] = []
    var rows: [[Int]] = []
    var interconnects: [Interconnect] = []
    for id in ids {
      let node = folder + "/node\(id)"
      let cpus: CPUSet
      if let list = try contents(node + "/cpulist", limit: limit) {
        cpus = try parseList(list, source: node + "/cpulist")
      } else if let map = try contents(node + "/cpumap", limit: limit) {
        cpus = try parseMask(map, source: node + "/cpumap")
      } else {
        cpus = CPUSet()
      }
      var memory: UInt64?
      var free: UInt64?
      if let meminfo = try contents(node + "/meminfo", limit: limit) {
        memory = try memTotal(meminfo, source: node + "/meminfo")
        free = try meminfoField("MemFree", in: meminfo, source: node + "/meminfo")
      }
      nodes.append(
        HostNode(
          id: id, cpus: cpus, memoryKiB: memory, freeMemoryKiB: free, hugePages: try hugePages(of: node, limit: limit),
          caches: try memorySideCaches(of: node, limit: limit)))
      interconnects += try initiators(of: node, target: id, limit: limit)
      if let distance = try contents(node + "/distance", limit: limit) {
        rows.append(try distanceRow(distance, count: ids.count, source: node + "/distance"))
      }
    }
    var distances: [[Int]]? = nil
    if rows.count == nodes.count, !rows.isEmpty {
      distances = rows
    } else if !rows.isEmpty {
      throw HostTopologyError(
        source: folder, reason: Messages.Host.someDistanceFiles(rows.count, of: nodes.count))
    }
    // Huge page sizes: those any node has a pool of; unknown when no node has a hugepages folder.
    let sizes = Set(nodes.flatMap { $0.hugePages.map(\.sizeKiB) }).sorted()
    let anyPoolFolder = ids.contains { HostFile.isFolder(folder + "/node\($0)/hugepages") }
    return try HostTopology(
      nodes: nodes, distances: distances, source: root, interconnects: interconnects,
      hugePageSizesKiB: anyPoolFolder ? sizes : nil, kind: .sysfsNodeFolder
    ).checked()
  }

  /// The ids of the `nodeN` entries of a folder, ascending. A name `node` followed by a digit
  /// must be a node id as the kernel writes it (digits, no leading zero, below the id limit), so
  /// `node00` beside `node0` is an error, not a second node 0; at most `maximumNodes` of them.
  static func nodeIds(in folder: String) throws(HostTopologyError) -> [Int] {
    var ids: [Int] = []
    for name in HostFile.names(in: folder) {
      let digits = name.utf8.dropFirst(4)
      guard name.hasPrefix("node"), let first = digits.first, first >= 0x30 && first <= 0x39 else { continue }
      guard first != 0x30 || digits.count == 1 else {
        throw HostTopologyError(
          source: folder, reason: Messages.Host.notANodeFolderName(name))
      }
      ids.append(
        try HostCPUList.id(
          Substring(name).dropFirst(4), limit: HostTopology.nodeIdLimit, what: Messages.Host.nodeFolder, source: folder)
      )
      if ids.count > HostTopology.maximumNodes {
        throw HostTopologyError(source: folder, reason: Messages.Host.tooManyNodeFolders(HostTopology.maximumNodes))
      }
    }
    return ids.sorted()
  }

  /// `nodeN/meminfo`'s MemTotal (kB, which is KiB), which the kernel always writes.
  static func memTotal(_ text: String, source: String) throws(HostTopologyError) -> UInt64 {
    guard let memory = try meminfoField("MemTotal", in: text, source: source) else {
      throw HostTopologyError(source: source, reason: Messages.Host.noMeminfoLine("MemTotal"))
    }
    return memory
  }

  /// The value (kB, which is KiB) of one `Node N FIELD: SIZE kB` line of `nodeN/meminfo`; `nil`
  /// when there is no such line. A line that names the field but holds no number, and a field
  /// given twice, are errors.
  static func meminfoField(_ field: String, in text: String, source: String) throws(HostTopologyError) -> UInt64? {
    let label = field + ":"
    var value: UInt64?
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.contains(label) {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let position = words.firstIndex(where: { $0 == label }), position + 1 < words.count,
        words[position + 1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = UInt64(words[position + 1])
      else {
        throw HostTopologyError(
          source: source, line: index + 1, reason: Messages.Host.notAMeminfoLine(line, field: field))
      }
      guard value == nil else {
        throw HostTopologyError(source: source, line: index + 1, reason: Messages.Host.meminfoFieldTwice(field))
      }
      value = number
    }
    return value
  }

  /// One row of the distance table: as many unsigned distances as there are nodes.
  static func distanceRow(_ text: String, count: Int, source: String) throws(HostTopologyError) -> [Int] {
    var row: [Int] = []
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
      guard row.count < count else {
        throw HostTopologyError(source: source, reason: Messages.Host.tooManyDistances(count))
      }
      row.append(try HostCPUList.id(word, limit: Int(Int32.max), what: Messages.Host.theDistanceRow, source: source))
    }
    guard row.count == count else {
      throw HostTopologyError(source: source, reason: Messages.Host.distanceCount(row.count, nodes: count))
    }
    return row
  }

  /// `nodeN/hugepages/hugepages-<size>kB/{nr,free}_hugepages`, by ascending size.
  static func hugePages(of node: String, limit: Int) throws(HostTopologyError) -> [HugePagePool] {
    let folder = node + "/hugepages"
    var pools: [HugePagePool] = []
    for name in HostFile.names(in: folder) where name.hasPrefix("hugepages-") {
      guard name.hasSuffix("kB"), let size = UInt64(name.dropFirst("hugepages-".count).dropLast(2)), size > 0 else {
        throw HostTopologyError(
          source: folder, reason: Messages.Host.notAPoolFolderName(name))
      }
      let pool = folder + "/" + name
      guard let total = try number(pool + "/nr_hugepages", limit: limit) else { continue }
      pools.append(HugePagePool(sizeKiB: size, total: total, free: try number(pool + "/free_hugepages", limit: limit)))
    }
    return pools.sorted { $0.sizeKiB < $1.sizeKiB }
  }

  /// `nodeN/memory_side_cache/index<level>/{size,line_size,indexing,write_policy}`, read as
  /// libvirt reads them (size in bytes, kept in KiB; the kernel's enums named), by level.
  static func memorySideCaches(of node: String, limit: Int) throws(HostTopologyError) -> [CellCache] {
    let folder = node + "/memory_side_cache"
    var caches: [CellCache] = []
    for name in HostFile.names(in: folder) where name.hasPrefix("index") {
      let level = try HostCPUList.id(
        name.dropFirst(5), limit: 256, what: Messages.Host.theCacheFolderName, source: folder)
      let path = folder + "/" + name
      guard let size = try number(path + "/size", limit: limit),
        let line = try number(path + "/line_size", limit: limit)
      else {
        throw HostTopologyError(source: path, reason: Messages.Host.cacheWithoutSize)
      }
      // The kernel's enum cache_indexing and enum cache_write_policy, by value.
      let associativity = try named(path + "/indexing", ["direct", "full", "none"], limit: limit)
      let policy = try named(path + "/write_policy", ["writeback", "writethrough", "none"], limit: limit)
      caches.append(
        CellCache(level: level, associativity: associativity, policy: policy, sizeKiB: size >> 10, lineBytes: line))
    }
    caches.sort { $0.level < $1.level }
    for index in caches.indices.dropFirst() where caches[index].level == caches[index - 1].level {
      throw HostTopologyError(source: folder, reason: Messages.Host.cacheLevelTwice(caches[index].level))
    }
    return caches
  }

  /// The HMAT figures towards node `target`, as libvirt reads them: `access1` (CPU initiators;
  /// `access0`, which also counts devices, when there is no `access1`), one latency and one
  /// bandwidth for reads and for writes from each `initiators/nodeM`; bandwidths in MiB/s, kept in
  /// KiB/s.
  static func initiators(of node: String, target: Int, limit: Int) throws(HostTopologyError) -> [Interconnect] {
    guard let access = [node + "/access1", node + "/access0"].first(where: HostFile.isFolder) else {
      return []
    }
    let folder = access + "/initiators"
    let initiators = try nodeIds(in: folder)
    guard !initiators.isEmpty else { return [] }
    var figures: [(Interconnect.Kind, String, UInt64)] = []
    for (kind, type) in [
      (Interconnect.Kind.latency, "read"), (.latency, "write"), (.bandwidth, "read"), (.bandwidth, "write"),
    ] {
      let file = folder + "/\(type)_\(kind.rawValue)"
      guard let value = try number(file, limit: limit) else { continue }
      let (scaled, overflow) = value.multipliedReportingOverflow(by: kind == .bandwidth ? 1024 : 1)
      guard !overflow, scaled <= UInt64(UInt32.max) else {
        throw HostTopologyError(source: file, reason: Messages.Host.figureOutOfRange(value))
      }
      if scaled > 0 { figures.append((kind, type, scaled)) }
    }
    return initiators.flatMap { initiator in
      figures.map { Interconnect(kind: $0.0, initiator: initiator, target: target, type: $0.1, value: $0.2) }
    }
  }

  /// The name of the kernel enum value a file holds (`names[value]`).
  private static func named(_ path: String, _ names: [String], limit: Int) throws(HostTopologyError) -> String {
    guard let value = try number(path, limit: limit), value < UInt64(names.count) else {
      throw HostTopologyError(source: path, reason: Messages.Host.notAnEnumValue(names))
    }
    return names[Int(value)]
  }

  /// A file holding one unsigned decimal; `nil` when there is no such file.
  private static func number(_ path: String, limit: Int) throws(HostTopologyError) -> UInt64? {
    guard let text = try contents(path, limit: limit) else { return nil }
    let trimmed = text.trimmingWhitespace()
    guard trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = UInt64(trimmed) else {
      throw HostTopologyError(source: path, reason: Messages.Host.notANumber(trimmed))
    }
    return value
  }

  private static func contents(_ path: String, limit: Int) throws(HostTopologyError) -> String? {
    try HostFile.read(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The kernel's list format (`0-3,8`), or an empty line.
  static func parseList(_ text: String, source: String) throws(HostTopologyError) -> CPUSet {
    let trimmed = text.trimmingWhitespace()
    if trimmed.isEmpty { return CPUSet() }
    var list = HostCPUList()
    let limit = HostTopology.cpuIdLimit
    for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      let item = item.trimmingWhitespace()
      // `-` separates a range; one at the start is a sign.
      if let dash = item.dropFirst().firstIndex(of: "-") {
        let lower = try HostCPUList.id(item[..<dash], limit: limit, what: Messages.Host.theCPUList, source: source)
        let upper = try HostCPUList.id(
          item[item.index(after: dash)...], limit: limit, what: Messages.Host.theCPUList, source: source)
        try list.add(lower, upper, limit: limit, what: Messages.Host.theCPUList, source: source)
      } else {
        let id = try HostCPUList.id(item, limit: limit, what: Messages.Host.theCPUList, source: source)
        try list.add(id, id, limit: limit, what: Messages.Host.theCPUList, source: source)
      }
    }
    return try list.set(what: Messages.Host.theCPUList, source: source)
  }

  /// The kernel's mask format: hex chunks separated by commas, most significant first.
  static func parseMask(_ text: String, source: String) throws(HostTopologyError) -> CPUSet {
    let hex = text.trimmingWhitespace().utf8.filter { $0 != UInt8(ascii: ",") }
    var list = HostCPUList()
    let limit = HostTopology.cpuIdLimit
    var bit = 0
    var runStart: Int?
    for byte in hex.reversed() {
      guard let nibble = Character(Unicode.Scalar(byte)).hexDigitValue, byte < 0x80 else {
        throw HostTopologyError(source: source, reason: Messages.Host.cpuMaskNotHexadecimal(text.trimmingWhitespace()))
      }
      for offset in 0..<4 {
        let id = bit + offset
        if nibble & (1 << offset) != 0 {
          guard id < limit else {
            throw HostTopologyError(source: source, reason: Messages.Host.cpuMaskBeyondLimit(cpu: id, limit: limit))
          }
          if runStart == nil { runStart = id }
        } else if let start = runStart {
          try list.add(start, id - 1, limit: limit, what: Messages.Host.theCPUMask, source: source)
          runStart = nil
        }
      }
      bit += 4
    }
    if let start = runStart {
      try list.add(start, bit - 1, limit: limit, what: Messages.Host.theCPUMask, source: source)
    }
    return try list.set(what: Messages.Host.theCPUMask, source: source)
  }
}
