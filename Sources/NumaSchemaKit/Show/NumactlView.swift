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
  public static func json(_ topology: NUMATopology) -> String {
    struct JSONCell: Encodable {
      var id: Int
      var cpus: [Int]
      var memoryKiB: UInt64
    }
    struct JSONTopology: Encodable {
      var cells: [JSONCell]
      var distances: [[Int]]
    }
    return ReportRenderer.encodePretty(
      JSONTopology(
        cells: topology.cells.map { JSONCell(id: $0.id, cpus: $0.cpus.ids, memoryKiB: $0.memoryKiB) },
        distances: topology.distances.rows))
  }
}
