/// Reads the NUMA part of libvirt's host capabilities XML (`virsh capabilities`):
/// `/capabilities/host/topology/cells/cell` with `id`, `<memory unit>`, `<distances><sibling>`
/// and `<cpus><cpu id>`. Parsed with the same safe parser as guests.
enum CapabilitiesReader {
  static func read(_ bytes: [UInt8], source: String) throws(HostTopologyError) -> HostTopology {
    let parsed = ParsedDocument.parse(bytes, file: source)
    if let problem = parsed.diagnostics.first(where: { $0.severity == .error }) {
      throw HostTopologyError(source: source, line: problem.line, reason: problem.message)
    }
    guard let root = parsed.document?.rootElement() else {
      throw HostTopologyError(source: source, reason: Messages.Host.noRootElement)
    }
    let topology =
      root.name == "capabilities"
      ? root.firstChild(named: "host")?.firstChild(named: "topology")
      : root.name == "topology" ? root : nil
    guard let cellsElement = topology?.firstChild(named: "cells") else {
      throw HostTopologyError(source: source, line: root.line, reason: Messages.Host.noCells(in: root.name))
    }
    let cells = cellsElement.children(named: "cell")
    guard cells.count <= HostTopology.maximumNodes else {
      throw HostTopologyError(
        source: source, line: cellsElement.line,
        reason: Messages.Host.tooManyCells(cells.count, limit: HostTopology.maximumNodes))
    }
    var nodes: [HostNode] = []
    var seen = Set<Int>()
    var siblings: [Int: [Int: Int]] = [:]
    for cell in cells {
      let id = try number(cell, "id", of: "<cell>", limit: HostTopology.nodeIdLimit, source: source)
      guard seen.insert(id).inserted else {
        throw HostTopologyError(source: source, line: cell.line, reason: Messages.Host.cellTwice(id))
      }
      var memory: UInt64?
      if let element = cell.firstChild(named: "memory") {
        do {
          memory = try MemoryUnit.kibibytes(value: element.text, unit: element.attribute("unit"))
        } catch {
          throw HostTopologyError(
            source: source, line: element.line,
            reason: Messages.Host.cellMemoryNotASize(cell: id, text: element.text))
        }
      }
      var list = HostCPUList()
      let limit = HostTopology.cpuIdLimit
      for cpu in cell.firstChild(named: "cpus")?.children(named: "cpu") ?? [] {
        let cpuId = try number(cpu, "id", of: "<cpu>", limit: limit, source: source)
        try list.add(cpuId, cpuId, limit: limit, what: Messages.Host.cpus(ofCell: id), source: source, line: cpu.line)
      }
      let cpus = try list.set(what: Messages.Host.cpus(ofCell: id), source: source, line: cell.line)
      nodes.append(
        HostNode(
          id: id, cpus: cpus, memoryKiB: memory ?? 0, hugePages: try pages(of: cell, source: source),
          caches: try caches(of: cell, source: source)))
      guard let distances = cell.firstChild(named: "distances") else { continue }
      var row: [Int: Int] = [:]
      for sibling in distances.children(named: "sibling") {
        let to = try number(sibling, "id", of: "<sibling>", limit: HostTopology.nodeIdLimit, source: source)
        let value = try number(sibling, "value", of: "<sibling>", limit: Int(UInt32.max) + 1, source: source)
        guard row.updateValue(value, forKey: to) == nil else {
          throw HostTopologyError(
            source: source, line: sibling.line, reason: Messages.Host.secondSibling(cell: id, sibling: to))
        }
        guard row.count <= cells.count else {
          throw HostTopologyError(source: source, line: sibling.line, reason: Messages.Host.tooManySiblings(cell: id))
        }
      }
      siblings[id] = row
    }
    guard !nodes.isEmpty else { throw HostTopologyError(source: source, reason: Messages.Host.noCell) }
    nodes.sort { $0.id < $1.id }
    var distances: [[Int]]?
    if !siblings.isEmpty {
      // libvirt writes a sibling for every cell in every cell's <distances>: the table is built
      // only from such a complete one, so that its size is the size of the input.
      for node in nodes {
        guard let row = siblings[node.id], row.count == nodes.count, nodes.allSatisfy({ row[$0.id] != nil }) else {
          throw HostTopologyError(
            source: source, reason: Messages.Host.siblingsIncomplete(cell: node.id, cells: nodes.count))
        }
      }
      distances = nodes.map { from in nodes.map { to in siblings[from.id]![to.id]! } }
    }
    // The page sizes: <host><cpu><pages>, else those the cells list; the smallest is the base page.
    let host = root.name == "capabilities" ? root.firstChild(named: "host") : nil
    var sizes: [UInt64] = []
    for element in host?.firstChild(named: "cpu")?.children(named: "pages") ?? [] {
      sizes.append(try pageSize(element, source: source))
    }
    if sizes.isEmpty { sizes = nodes.flatMap { $0.hugePages.map(\.sizeKiB) } }
    let ordered = Set(sizes).sorted()
    let base = ordered.first
    for index in nodes.indices { nodes[index].hugePages.removeAll { $0.sizeKiB == base } }
    return try HostTopology(
      nodes: nodes, distances: distances, source: source,
      interconnects: try interconnects(of: topology?.firstChild(named: "interconnects"), source: source),
      hugePageSizesKiB: ordered.isEmpty ? nil : Array(ordered.dropFirst()), basePageKiB: base,
      kind: .hostCapabilities
    ).checked()
  }

  /// An attribute holding an unsigned decimal below `limit`.
  private static func number(
    _ element: SourceElement, _ attribute: String, of name: String, limit: Int, source: String
  ) throws(HostTopologyError) -> Int {
    guard let text = element.attribute(attribute) else {
      throw HostTopologyError(
        source: source, line: element.line, reason: Messages.Host.attributeMissing(attribute, of: name))
    }
    return try HostCPUList.id(
      text.trimmingWhitespace(), limit: limit, what: Messages.Host.attribute(attribute, of: name), source: source,
      line: element.line)
  }

  /// `<pages unit size>` → the size in KiB.
  private static func pageSize(_ element: SourceElement, source: String) throws(HostTopologyError) -> UInt64 {
    guard let text = element.attribute("size"),
      let size = try? MemoryUnit.kibibytes(value: text, unit: element.attribute("unit")), size > 0
    else {
      throw HostTopologyError(source: source, line: element.line, reason: Messages.Host.pagesWithoutSize)
    }
    return size
  }

  /// A cell's `<pages unit size>count</pages>`, base pages included (dropped later).
  private static func pages(of cell: SourceElement, source: String) throws(HostTopologyError) -> [HugePagePool] {
    try cell.children(named: "pages").map { element throws(HostTopologyError) in
      guard let count = try? MemoryUnit.parseUnsigned(element.text) else {
        throw HostTopologyError(
          source: source, line: element.line, reason: Messages.Host.pagesCountNotANumber(element.text))
      }
      return HugePagePool(sizeKiB: try pageSize(element, source: source), total: count)
    }.sorted { $0.sizeKiB < $1.sizeKiB }
  }

  /// A cell's `<cache level associativity policy><size value unit/><line value unit/></cache>`.
  private static func caches(of cell: SourceElement, source: String) throws(HostTopologyError) -> [CellCache] {
    try cell.children(named: "cache").map { element throws(HostTopologyError) in
      func size(_ name: String) throws(HostTopologyError) -> UInt64 {
        guard let part = element.firstChild(named: name), let value = part.attribute("value"),
          let number = try? MemoryUnit.parseUnsigned(value),
          let multiplier = MemoryUnit.multiplier(part.attribute("unit") ?? "B"),
          case (let bytes, let overflow) = number.multipliedReportingOverflow(by: multiplier), !overflow
        else {
          throw HostTopologyError(source: source, line: element.line, reason: Messages.Host.cacheWithoutPart(name))
        }
        return bytes
      }
      guard let level = element.attribute("level").flatMap(GuestReader.unsignedInt) else {
        throw HostTopologyError(source: source, line: element.line, reason: Messages.Host.cacheWithoutLevel)
      }
      return CellCache(
        level: level, associativity: element.attribute("associativity") ?? "none",
        policy: element.attribute("policy") ?? "none", sizeKiB: try size("size") / 1024, lineBytes: try size("line"))
    }.sorted { $0.level < $1.level }
  }

  /// `<topology><interconnects>`: `<latency>` (ns) and `<bandwidth>` (kept in KiB/s).
  private static func interconnects(of element: SourceElement?, source: String) throws(HostTopologyError)
    -> [Interconnect]
  {
    guard let element else { return [] }
    var links: [Interconnect] = []
    for child in element.children {
      guard let kind = Interconnect.Kind(rawValue: child.name) else { continue }
      guard let initiator = child.attribute("initiator").flatMap(GuestReader.unsignedInt),
        let target = child.attribute("target").flatMap(GuestReader.unsignedInt),
        let type = child.attribute("type"), let text = child.attribute("value"),
        let value = kind == .latency
          ? try? MemoryUnit.parseUnsigned(text) : try? MemoryUnit.kibibytes(value: text, unit: child.attribute("unit"))
      else {
        throw HostTopologyError(source: source, line: child.line, reason: Messages.Host.figureIncomplete(child.name))
      }
      let cache =
        child.attribute("cache") == nil
        ? 0 : try number(child, "cache", of: "<\(kind.rawValue)>", limit: 256, source: source)
      links.append(
        Interconnect(kind: kind, initiator: initiator, target: target, cache: cache, type: type, value: value))
    }
    return links
  }
}
