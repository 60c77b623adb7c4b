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
      throw HostTopologyError(source: source, reason: "the document has no root element")
    }
    let topology = root.name == "capabilities"
      ? root.firstChild(named: "host")?.firstChild(named: "topology")
      : root.name == "topology" ? root : nil
    guard let cellsElement = topology?.firstChild(named: "cells") else {
      throw HostTopologyError(source: source, line: root.line, reason: "no <host><topology><cells> in <\(root.name)>")
    }
    var nodes: [HostNode] = []
    var siblings: [Int: [Int: Int]] = [:]
    for cell in cellsElement.children(named: "cell") {
      guard let id = cell.attribute("id").flatMap(GuestReader.unsignedInt) else {
        throw HostTopologyError(source: source, line: cell.line, reason: "a <cell> without a numeric id")
      }
      var memory: UInt64?
      if let element = cell.firstChild(named: "memory") {
        do {
          memory = try MemoryUnit.kibibytes(value: element.text, unit: element.attribute("unit"))
        } catch {
          throw HostTopologyError(source: source, line: element.line, reason: "cell \(id) memory '\(element.text)' is not a size")
        }
      }
      let ids = cell.firstChild(named: "cpus")?.children(named: "cpu").compactMap { $0.attribute("id").flatMap(GuestReader.unsignedInt) } ?? []
      nodes.append(HostNode(id: id, cpus: CPUSet(ids), memoryKiB: memory ?? 0))
      for sibling in cell.firstChild(named: "distances")?.children(named: "sibling") ?? [] {
        if let to = sibling.attribute("id").flatMap(GuestReader.unsignedInt),
          let value = sibling.attribute("value").flatMap(GuestReader.unsignedInt)
        {
          siblings[id, default: [:]][to] = value
        }
      }
    }
    guard !nodes.isEmpty else { throw HostTopologyError(source: source, reason: "<cells> holds no <cell>") }
    nodes.sort { $0.id < $1.id }
    var distances: [[Int]]?
    if !siblings.isEmpty {
      distances = nodes.map { from in nodes.map { to in siblings[from.id]?[to.id] ?? 0 } }
    }
    return HostTopology(nodes: nodes, distances: distances, source: source)
  }
}
