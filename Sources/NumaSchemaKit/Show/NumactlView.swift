/// The `numactl -H` a guest would print, and the JSON form of its topology.
public enum TopologyView {
  /// What `numactl -H` (numactl 2.0.16) prints inside the guest, with free = size: node list,
  /// cpus, size and free in MiB (floored, labelled "MB"), then the distance table, whose header
  /// and rows end with a space.
  public static func numactl(_ topology: NUMATopology) -> String {
    let ids = topology.cells.map(\.id)
    var lines = ["available: \(ids.count) nodes (\(compressed(ids)))"]
    for cell in topology.cells {
      let cpus = cell.cpus.ids.map { " \($0)" }.joined()
      let mebibytes = cell.memoryKiB / 1024
      lines.append("node \(cell.id) cpus:\(cpus)")
      lines.append("node \(cell.id) size: \(mebibytes) MB")
      lines.append("node \(cell.id) free: \(mebibytes) MB")
    }
    lines.append("node distances:")
    lines.append("node " + ids.map { signSpaced($0) + " " }.joined())
    for from in ids {
      lines.append(signSpaced(from) + ": " + ids.map { signSpaced(topology.distances[from, $0]) + " " }.joined())
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// printf's `% 3d`: width 3 with a space where a plus sign would go.
  static func signSpaced(_ value: Int) -> String {
    let digits = " " + String(value)
    return digits.count >= 3 ? digits : String(repeating: " ", count: 3 - digits.count) + digits
  }

  /// `0-3`, `0-1,3`: runs of ids as numactl's header prints them.
  static func compressed(_ ids: [Int]) -> String {
    CPUSet(ids).description
  }

  /// `{"cells":[{"id","cpus":[…],"memoryKiB"}],"distances":[[…]]}` with the completed matrix.
  ///
  /// A guest with HMAT figures (`hasHMAT`) also gets `"caches":[{"level","associativity",
  /// "policy","sizeKiB","lineBytes"}]` on every cell (by level, `[]` for a cell without) and
  /// `"interconnects":[{"initiator","target","cache","type","latency"|"bandwidth","unit"}]` in
  /// canonical order (`cache` 0 for the memory, `unit` `ns` or `KiB/s`); a guest without HMAT
  /// has neither key.
  public static func json(_ topology: NUMATopology) -> String {
    struct JSONCache: Encodable {
      var level: Int
      var associativity: String
      var policy: String
      var sizeKiB: UInt64
      var lineBytes: UInt64
    }
    struct JSONCell: Encodable {
      var id: Int
      var cpus: [Int]
      var memoryKiB: UInt64
      var caches: [JSONCache]?
    }
    struct JSONInterconnect: Encodable {
      var initiator: Int
      var target: Int
      var cache: Int
      var type: String
      var latency: UInt64?
      var bandwidth: UInt64?
      var unit: String
    }
    struct JSONTopology: Encodable {
      var cells: [JSONCell]
      var distances: [[Int]]
      var interconnects: [JSONInterconnect]?
    }
    let hmat = topology.hasHMAT
    return ReportRenderer.encodePretty(
      JSONTopology(
        cells: topology.cells.map { cell in
          JSONCell(
            id: cell.id, cpus: cell.cpus.ids, memoryKiB: cell.memoryKiB,
            caches: hmat
              ? cell.cachesByLevel.map {
                JSONCache(
                  level: $0.level, associativity: $0.associativity, policy: $0.policy, sizeKiB: $0.sizeKiB,
                  lineBytes: $0.lineBytes)
              } : nil)
        },
        distances: topology.distances.rows,
        interconnects: hmat
          ? topology.orderedInterconnects.map { link in
            JSONInterconnect(
              initiator: link.initiator, target: link.target, cache: link.cache, type: link.type,
              latency: link.kind == .latency ? link.value : nil, bandwidth: link.kind == .bandwidth ? link.value : nil,
              unit: link.kind == .latency ? "ns" : "KiB/s")
          } : nil))
  }
}
