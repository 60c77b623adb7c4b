/// Reads the output of `numactl -H` (numactl 2.0.16's format): the node list, each node's cpus
/// size and free memory (MB, which is MiB; `<not available>` when numactl could not read the
/// node's meminfo), and the distance table (header of ids, one row per node). A node
/// given twice, a cpu or id that is not an unsigned number within its limit, a size that does not
/// fit in 64 bits of KiB: each is an error that quotes at most a short, escaped excerpt.
enum NumactlReader {
  static func read(_ text: String, source: String) throws(HostTopologyError) -> HostTopology {
    var cpus: [Int: CPUSet] = [:]
    var sizes: [Int: UInt64?] = [:]
    var frees: [Int: UInt64?] = [:]
    var header: [Int]?
    var rows: [Int: [Int]] = [:]
    var inDistances = false
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingWhitespace()
      let number = index + 1
      func error(_ reason: String) -> HostTopologyError {
        HostTopologyError(source: source, line: number, reason: reason)
      }
      func nodeId<S: StringProtocol>(_ word: S) throws(HostTopologyError) -> Int {
        try HostCPUList.id(
          word, limit: HostTopology.nodeIdLimit, what: Messages.Host.theLine, source: source, line: number)
      }
      if line.isEmpty || line.hasPrefix("available:") { continue }
      if line == "No NUMA available on this system" { throw error(Messages.Host.numactlWithoutNUMA) }
      if line == "No distance information available." { continue }
      if line == "node distances:" {
        inDistances = true
        continue
      }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if inDistances {
        if words.first == "node" {
          guard header == nil else { throw error(Messages.Host.secondDistanceHeader) }
          guard words.count - 1 <= max(cpus.count, 1) else {
            throw error(Messages.Host.distanceHeaderCount(words.count - 1, listed: cpus.count))
          }
          var seen = Set<Int>()
          header = try words.dropFirst().map { word throws(HostTopologyError) in
            let id = try nodeId(word)
            guard seen.insert(id).inserted else { throw error(Messages.Host.distanceHeaderNodeTwice(id)) }
            return id
          }
          continue
        }
        guard let columns = header?.count else { throw error(Messages.Host.distanceRowBeforeHeader) }
        guard let first = words.first, first.hasSuffix(":") else {
          throw error(Messages.Host.notADistanceRow(line))
        }
        let id = try nodeId(first.dropLast())
        guard rows[id] == nil else { throw error(Messages.Host.secondDistanceRow(node: id)) }
        guard words.count - 1 == columns else {
          throw error(Messages.Host.rowDistanceCount(node: id, words.count - 1, nodes: columns))
        }
        rows[id] = try words.dropFirst().map { word throws(HostTopologyError) in
          try HostCPUList.id(
            word, limit: Int(Int32.max), what: Messages.Host.theDistanceRow, source: source, line: number)
        }
        continue
      }
      // node N cpus: …   node N size: M MB   node N free: M MB
      guard words.count >= 3, words[0] == "node" else {
        throw error(Messages.Host.unexpectedLine(line))
      }
      let id = try nodeId(words[1])
      switch words[2] {
      case "cpus:":
        guard cpus[id] == nil else { throw error(Messages.Host.secondCPUsLine(node: id)) }
        guard cpus.count < HostTopology.maximumNodes else {
          throw error(Messages.Host.tooManyNodes(HostTopology.maximumNodes))
        }
        var list = HostCPUList()
        let limit = HostTopology.cpuIdLimit
        for word in words.dropFirst(3) {
          let cpu = try HostCPUList.id(
            word, limit: limit, what: Messages.Host.cpus(ofNode: id), source: source, line: number)
          try list.add(cpu, cpu, limit: limit, what: Messages.Host.cpus(ofNode: id), source: source, line: number)
        }
        cpus[id] = try list.set(what: Messages.Host.cpus(ofNode: id), source: source, line: number)
      case "size:", "free:":
        let isSize = words[2] == "size:"
        guard isSize ? sizes[id] == nil : frees[id] == nil else {
          throw error(isSize ? Messages.Host.secondSizeLine(node: id) : Messages.Host.secondFreeLine(node: id))
        }
        let value: UInt64?
        if words.count == 5, words[3] == "<not", words[4] == "available>" {
          value = nil
        } else {
          guard words.count == 5, words[4] == "MB" else {
            throw error(isSize ? Messages.Host.notASizeLine : Messages.Host.notAFreeLine)
          }
          guard words[3].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let mebibytes = UInt64(words[3]) else {
            throw error(Messages.Host.sizeNotANumber(words[3]))
          }
          let (kibibytes, overflow) = mebibytes.multipliedReportingOverflow(by: 1024)
          guard !overflow else { throw error(Messages.Host.sizeTooLarge(node: id, mebibytes: mebibytes)) }
          value = kibibytes
        }
        if isSize { sizes[id] = value } else { frees[id] = value }
      default:
        throw error(Messages.Host.unexpectedLine(line))
      }
    }
    let ids = cpus.keys.sorted()
    guard !ids.isEmpty else { throw HostTopologyError(source: source, reason: Messages.Host.noCPUsLines) }
    if let stray = Set(sizes.keys).union(frees.keys).filter({ cpus[$0] == nil }).min() {
      throw HostTopologyError(source: source, reason: Messages.Host.sizeWithoutCPUs(node: stray))
    }
    let nodes = ids.map {
      HostNode(id: $0, cpus: cpus[$0] ?? CPUSet(), memoryKiB: sizes[$0] ?? nil, freeMemoryKiB: frees[$0] ?? nil)
    }
    var distances: [[Int]]?
    if let header {
      guard header.sorted() == ids else {
        throw HostTopologyError(
          source: source, reason: Messages.Host.distanceTableNodes(header.count, listed: ids.count))
      }
      if let stray = rows.keys.filter({ cpus[$0] == nil }).min() {
        throw HostTopologyError(source: source, reason: Messages.Host.distanceRowOfUnlistedNode(stray))
      }
      // Rows and columns in the header's order, which is the node list's (ascending) order.
      guard header == ids else {
        throw HostTopologyError(source: source, reason: Messages.Host.distanceHeaderNotAscending)
      }
      distances = try ids.map { id throws(HostTopologyError) in
        guard let row = rows[id] else {
          throw HostTopologyError(source: source, reason: Messages.Host.noDistanceRow(node: id))
        }
        return row
      }
    } else if !rows.isEmpty {
      throw HostTopologyError(source: source, reason: Messages.Host.distanceRowsWithoutTable)
    }
    return try HostTopology(nodes: nodes, distances: distances, source: source, kind: .numactlOutput).checked()
  }
}
