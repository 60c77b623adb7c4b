extension TopologyView {
  /// What `show` prints: the numactl view, then the guest's HMAT when it has any.
  public static func text(_ topology: NUMATopology) -> String {
    numactl(topology) + hmat(topology)
  }

  /// The guest's HMAT in the style of numactl's distance table; empty for a guest without any.
  ///
  /// First `node caches:`, one line per cache of each cell by level (sizes in the largest binary
  /// unit that holds them exactly). Then one table per kind (latency, then bandwidth), cache
  /// target (memory, then cache levels) and type (access, read, write): a row per initiator and
  /// a column per target of that table, in id order, `-` where the guest gives no figure.
  /// Latencies are in ns; a bandwidth table is in the largest of KiB/s, MiB/s, GiB/s and TiB/s
  /// in which all its figures are whole numbers. Like numactl's table, columns are at least
  /// three wide with a space before and after, and header and rows end with a space.
  public static func hmat(_ topology: NUMATopology) -> String {
    guard topology.hasHMAT else { return "" }
    var lines: [String] = []
    if topology.cells.contains(where: { !$0.caches.isEmpty }) {
      lines.append("node caches:")
      for cell in topology.cells {
        for cache in cell.cachesByLevel {
          lines.append(
            "node \(cell.id) cache level \(cache.level): size \(MemoryUnit.exactText(cache.sizeKiB, units: Self.sizeUnits)), "
              + "line \(cache.lineBytes) B, associativity \(cache.associativity), policy \(cache.policy)")
        }
      }
    }
    for table in InterconnectTable.tables(of: topology.orderedInterconnects) {
      lines += table.lines
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static let sizeUnits = ["KiB", "MiB", "GiB", "TiB"]
  static let bandwidthUnits = ["KiB/s", "MiB/s", "GiB/s", "TiB/s"]
}

/// The figures of one kind, cache target and type, as a table from initiators to targets.
struct InterconnectTable {
  var kind: Interconnect.Kind
  /// 0 for the memory, else the cache level.
  var cache: Int
  var type: String
  /// The figures, in canonical order.
  var figures: [Interconnect]

  /// The figures split into tables, in order of kind, cache and type.
  static func tables(of figures: [Interconnect]) -> [InterconnectTable] {
    var tables: [InterconnectTable] = []
    for figure in figures {
      if let index = tables.firstIndex(where: {
        $0.kind == figure.kind && $0.cache == figure.cache && $0.type == figure.type
      }) {
        tables[index].figures.append(figure)
      } else {
        tables.append(InterconnectTable(kind: figure.kind, cache: figure.cache, type: figure.type, figures: [figure]))
      }
    }
    return tables.sorted { ($0.kind.rank, $0.cache, $0.type) < ($1.kind.rank, $1.cache, $1.type) }
  }

  /// `node access latency to memory (ns):`, `node read bandwidth to cache level 1 (MiB/s):`.
  var title: String {
    let target = cache == 0 ? "memory" : "cache level \(cache)"
    return "node \(type) \(kind.rawValue) to \(target) (\(unit)):"
  }

  /// The power of 1024 the table's figures are divided by.
  var power: Int {
    kind == .latency
      ? 0 : MemoryUnit.commonBinaryPower(of: figures.map(\.value), limit: TopologyView.bandwidthUnits.count - 1)
  }

  var unit: String { kind == .latency ? "ns" : TopologyView.bandwidthUnits[power] }

  var lines: [String] {
    let initiators = Array(Set(figures.map(\.initiator))).sorted()
    let targets = Array(Set(figures.map(\.target))).sorted()
    var values: [[Int]: String] = [:]
    for figure in figures { values[[figure.initiator, figure.target]] = String(figure.value >> (10 * UInt64(power))) }
    let texts = targets.map(String.init) + Array(values.values)
    let width = max(3, 1 + (texts.map(\.count).max() ?? 0))
    func cell(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text + " " }
    var lines = [title, "node " + targets.map { cell(String($0)) }.joined()]
    for initiator in initiators {
      lines.append(
        TopologyView.signSpaced(initiator) + ": " + targets.map { cell(values[[initiator, $0]] ?? "-") }.joined())
    }
    return lines
  }
}
