/// Reads the output of `numactl -H` (numactl 2.0.16's format): the node list, each node's cpus
/// and size (MB, which is MiB), and the distance table (header of ids, one row per node). A node
/// given twice, a cpu or id that is not an unsigned number within its limit, a size that does not
/// fit in 64 bits of KiB: each is an error that quotes at most a short, escaped excerpt.
enum NumactlReader {
  static func read(_ text: String, source: String) throws(HostTopologyError) -> HostTopology {
    var cpus: [Int: CPUSet] = [:]
    var sizes: [Int: UInt64] = [:]
    var header: [Int]?
    var rows: [Int: [Int]] = [:]
    var inDistances = false
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingWhitespace()
      let number = index + 1
      func error(_ reason: String) -> HostTopologyError { HostTopologyError(source: source, line: number, reason: reason) }
      func nodeId<S: StringProtocol>(_ word: S) throws(HostTopologyError) -> Int {
        try HostCPUList.id(word, limit: HostTopology.nodeIdLimit, what: "the line", source: source, line: number)
      }
      if line.isEmpty || line.hasPrefix("available:") { continue }
      if line == "No NUMA available on this system" { throw error("numactl says NUMA is not available") }
      if line == "No distance information available." { continue }
      if line == "node distances:" {
        inDistances = true
        continue
      }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if inDistances {
        if words.first == "node" {
          guard header == nil else { throw error("a second distance table header") }
          guard words.count - 1 <= max(cpus.count, 1) else {
            throw error("the distance table header names \(words.count - 1) nodes; the node list has \(cpus.count)")
          }
          var seen = Set<Int>()
          header = try words.dropFirst().map { word throws(HostTopologyError) in
            let id = try nodeId(word)
            guard seen.insert(id).inserted else { throw error("the distance table header names node \(id) twice") }
            return id
          }
          continue
        }
        guard let columns = header?.count else { throw error("a distance row before the header 'node 0 1 …'") }
        guard let first = words.first, first.hasSuffix(":") else {
          throw error("\(TerminalText.excerpt(line)) is not a distance row 'N: d d …'")
        }
        let id = try nodeId(first.dropLast())
        guard rows[id] == nil else { throw error("node \(id) has a second distance row") }
        guard words.count - 1 == columns else { throw error("node \(id) has \(words.count - 1) distances for \(columns) nodes") }
        rows[id] = try words.dropFirst().map { word throws(HostTopologyError) in
          try HostCPUList.id(word, limit: Int(Int32.max), what: "the distance row", source: source, line: number)
        }
        continue
      }
      // node N cpus: …   node N size: M MB   node N free: M MB
      guard words.count >= 3, words[0] == "node" else {
        throw error("unexpected line \(TerminalText.excerpt(line))")
      }
      let id = try nodeId(words[1])
      switch words[2] {
      case "cpus:":
        guard cpus[id] == nil else { throw error("node \(id) has a second 'cpus:' line") }
        guard cpus.count < HostTopology.maximumNodes else {
          throw error("more than \(HostTopology.maximumNodes) nodes")
        }
        var list = HostCPUList()
        let limit = HostTopology.cpuIdLimit
        for word in words.dropFirst(3) {
          let cpu = try HostCPUList.id(word, limit: limit, what: "node \(id)'s cpus", source: source, line: number)
          try list.add(cpu, cpu, limit: limit, what: "node \(id)'s cpus", source: source, line: number)
        }
        cpus[id] = try list.set(what: "node \(id)'s cpus", source: source, line: number)
      case "size:":
        guard words.count == 5, words[4] == "MB" else { throw error("expected 'node N size: M MB'") }
        guard sizes[id] == nil else { throw error("node \(id) has a second 'size:' line") }
        guard words[3].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let mebibytes = UInt64(words[3]) else {
          throw error("the size \(TerminalText.excerpt(words[3])) is not a number below 2^64")
        }
        let (kibibytes, overflow) = mebibytes.multipliedReportingOverflow(by: 1024)
        guard !overflow else { throw error("node \(id)'s size of \(mebibytes) MB is more than \(UInt64.max) KiB") }
        sizes[id] = kibibytes
      case "free:":
        break
      default:
        throw error("unexpected line \(TerminalText.excerpt(line))")
      }
    }
    let ids = cpus.keys.sorted()
    guard !ids.isEmpty else { throw HostTopologyError(source: source, reason: "no 'node N cpus:' lines") }
    if let stray = sizes.keys.filter({ cpus[$0] == nil }).min() {
      throw HostTopologyError(source: source, reason: "node \(stray) has a size but no 'cpus:' line")
    }
    let nodes = ids.map { HostNode(id: $0, cpus: cpus[$0] ?? CPUSet(), memoryKiB: sizes[$0]) }
    var distances: [[Int]]?
    if let header {
      guard header.sorted() == ids else {
        throw HostTopologyError(
          source: source, reason: "the distance table's \(header.count) nodes differ from the node list's \(ids.count)")
      }
      if let stray = rows.keys.filter({ cpus[$0] == nil }).min() {
        throw HostTopologyError(source: source, reason: "node \(stray) has a distance row but is not in the node list")
      }
      // Rows and columns in the header's order, which is the node list's (ascending) order.
      guard header == ids else {
        throw HostTopologyError(source: source, reason: "the distance table's header is not in ascending node order")
      }
      distances = try ids.map { id throws(HostTopologyError) in
        guard let row = rows[id] else { throw HostTopologyError(source: source, reason: "node \(id) has no distance row") }
        return row
      }
    } else if !rows.isEmpty {
      throw HostTopologyError(source: source, reason: "distance rows without a 'node distances:' table")
    }
    return try HostTopology(nodes: nodes, distances: distances, source: source).checked()
  }
}
