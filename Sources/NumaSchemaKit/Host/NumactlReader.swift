/// Reads the output of `numactl -H` (numactl 2.0.16's format): the node list, each node's cpus
/// and size (MB, which is MiB), and the distance table (header of ids, one row per node).
enum NumactlReader {
  static func read(_ text: String, source: String) throws(HostTopologyError) -> HostTopology {
    var cpus: [Int: CPUSet] = [:]
    var sizes: [Int: UInt64] = [:]
    var order: [Int] = []
    var header: [Int]?
    var rows: [Int: [Int]] = [:]
    var inDistances = false
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingWhitespace()
      let number = index + 1
      if line.isEmpty || line.hasPrefix("available:") { continue }
      if line == "No NUMA available on this system" {
        throw HostTopologyError(source: source, line: number, reason: "numactl says NUMA is not available")
      }
      if line == "No distance information available." { continue }
      if line == "node distances:" {
        inDistances = true
        continue
      }
      let words = line.split(separator: " ").map(String.init)
      if inDistances {
        if words.first == "node" {
          header = try words.dropFirst().map { word throws(HostTopologyError) in
            guard let id = Int(word) else { throw HostTopologyError(source: source, line: number, reason: "'\(word)' is not a node id") }
            return id
          }
          continue
        }
        guard let first = words.first, first.hasSuffix(":"), let id = Int(first.dropLast()) else {
          throw HostTopologyError(source: source, line: number, reason: "expected a distance row 'N: d d …'")
        }
        rows[id] = try words.dropFirst().map { word throws(HostTopologyError) in
          guard let value = Int(word) else { throw HostTopologyError(source: source, line: number, reason: "'\(word)' is not a distance") }
          return value
        }
        continue
      }
      // node N cpus: …   node N size: M MB   node N free: M MB
      guard words.count >= 3, words[0] == "node", let id = Int(words[1]) else {
        throw HostTopologyError(source: source, line: number, reason: "unexpected line '\(line)'")
      }
      switch words[2] {
      case "cpus:":
        let ids = try words.dropFirst(3).map { word throws(HostTopologyError) in
          guard let cpu = Int(word) else { throw HostTopologyError(source: source, line: number, reason: "'\(word)' is not a cpu") }
          return cpu
        }
        cpus[id] = CPUSet(ids)
        if !order.contains(id) { order.append(id) }
      case "size:":
        if words.count >= 5, words[4] == "MB", let mebibytes = UInt64(words[3]) { sizes[id] = mebibytes * 1024 }
      case "free:":
        break
      default:
        throw HostTopologyError(source: source, line: number, reason: "unexpected line '\(line)'")
      }
    }
    let ids = order.sorted()
    guard !ids.isEmpty else { throw HostTopologyError(source: source, reason: "no 'node N cpus:' lines") }
    let nodes = ids.map { HostNode(id: $0, cpus: cpus[$0] ?? CPUSet(), memoryKiB: sizes[$0]) }
    var distances: [[Int]]?
    if let header {
      guard header == ids else {
        throw HostTopologyError(source: source, reason: "the distance table's nodes \(header) differ from the node list \(ids)")
      }
      distances = try ids.map { id throws(HostTopologyError) in
        guard let row = rows[id], row.count == ids.count else {
          throw HostTopologyError(source: source, reason: "node \(id) has no complete distance row")
        }
        return row
      }
    }
    return HostTopology(nodes: nodes, distances: distances, source: source)
  }
}
