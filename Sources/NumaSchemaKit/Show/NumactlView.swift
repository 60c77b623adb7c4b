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

  /// `{"cells":[{"id","cpus","memoryKiB"}],"distances":[[…]]}` with the completed matrix;
  /// `cpus` is written as libvirt writes a cpuset (`0-3,8`, `""` for a CPU-less cell), as in
  /// every command's JSON.
  ///
  /// A guest with HMAT figures (`hasHMAT`) also gets `"caches":[{"level","associativity",
  /// "policy","sizeKiB","lineBytes"}]` on every cell (by level, `[]` for a cell without) and
  /// `"interconnects":[{"initiator","target","cache","type","latency"|"bandwidth","unit"}]` in
  /// canonical order (`cache` 0 for the memory, `unit` `ns` or `KiB/s`); a guest without HMAT
  /// has neither key.
  public static func json(_ topology: NUMATopology) -> JSONValue {
    let hmat = topology.hasHMAT
    let cells = topology.cells.map { cell -> JSONValue in
      var members: [(String, JSONValue)] = [
        ("id", .int(cell.id)), ("cpus", .string(cell.cpus.description)), ("memoryKiB", .unsigned(cell.memoryKiB)),
      ]
      if hmat {
        members.append(
          (
            "caches",
            .array(
              cell.cachesByLevel.map {
                .object([
                  ("level", .int($0.level)), ("associativity", .string($0.associativity)), ("policy", .string($0.policy)),
                  ("sizeKiB", .unsigned($0.sizeKiB)), ("lineBytes", .unsigned($0.lineBytes)),
                ])
              })
          ))
      }
      return .object(members)
    }
    var members: [(String, JSONValue)] = [
      ("cells", .array(cells)), ("distances", .array(topology.distances.rows.map { .array($0.map(JSONValue.int)) })),
    ]
    if hmat {
      let links = topology.orderedInterconnects.map { link -> JSONValue in
        .object([
          ("initiator", .int(link.initiator)), ("target", .int(link.target)), ("cache", .int(link.cache)),
          ("type", .string(link.type)), (link.kind == .latency ? "latency" : "bandwidth", .unsigned(link.value)),
          ("unit", .string(link.kind == .latency ? "ns" : "KiB/s")),
        ])
      }
      members.append(("interconnects", .array(links)))
    }
    return .object(members)
  }
}
