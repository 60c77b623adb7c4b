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
      nodes.append(HostNode(id: id, cpus: cpus, memoryKiB: memory))
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
    return HostTopology(nodes: nodes, distances: distances, source: root)
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
