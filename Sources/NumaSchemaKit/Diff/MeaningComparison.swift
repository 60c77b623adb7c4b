/// The changes of NUMA meaning between two guests beyond cells' cpus and memory and the
/// distances: each compared part is written as short text, and a part whose text differs is a
/// change. Keyed parts (a cell's attribute, an HMAT figure, a memnode) compare key by key, so
/// reordering them changes nothing.
struct MeaningComparison {
  let old: GuestDefinition
  let new: GuestDefinition

  func changes() -> [TopologyDiff.MeaningChange] {
    var changes: [TopologyDiff.MeaningChange] = []
    func compare(_ what: String, _ before: String?, _ after: String?) {
      if before != after { changes.append(.init(what: what, old: before ?? "none", new: after ?? "none")) }
    }
    func compareKeyed(_ before: [String: String], _ after: [String: String], order: [String]) {
      for key in order { compare(key, before[key], after[key]) }
    }
    // Cells both sides have: memAccess, discard, caches.
    let oldCells = old.numa?.cells ?? []
    let newCells = new.numa?.cells ?? []
    for id in 0..<min(oldCells.count, newCells.count) {
      let (before, after) = (oldCells[id], newCells[id])
      compare("cell \(id) memAccess", before.memAccess, after.memAccess)
      compare("cell \(id) discard", before.discard, after.discard)
      let levels = Set(before.caches.map(\.level)).union(after.caches.map(\.level)).sorted()
      for level in levels {
        compare(
          "cell \(id) cache level \(level)", before.caches.first { $0.level == level }.map(Self.text),
          after.caches.first { $0.level == level }.map(Self.text))
      }
    }
    // HMAT figures, keyed by kind, initiator, target, cache and type.
    let oldLinks = Self.links(old), newLinks = Self.links(new)
    compareKeyed(oldLinks.values, newLinks.values, order: Self.union(oldLinks.order, newLinks.order))
    // <numatune>.
    let oldTune = old.references.numatune, newTune = new.references.numatune
    compare("numatune memory", oldTune.flatMap(Self.memoryText), newTune.flatMap(Self.memoryText))
    let cells = Set((oldTune?.memnodes.keys).map(Array.init) ?? []).union((newTune?.memnodes.keys).map(Array.init) ?? [])
    for cell in cells.sorted() {
      compare(
        "numatune memnode \(cell)", oldTune?.memnodes[cell].map(Self.text), newTune?.memnodes[cell].map(Self.text))
    }
    // <memoryBacking>: access, discard, hugepages.
    let oldBacking = old.references.memoryBacking, newBacking = new.references.memoryBacking
    compare("memoryBacking access", oldBacking?.accessMode, newBacking?.accessMode)
    compare("memoryBacking source", oldBacking?.sourceType, newBacking?.sourceType)
    compare(
      "memoryBacking discard", oldBacking.map { $0.discard ? "yes" : "no" }, newBacking.map { $0.discard ? "yes" : "no" })
    compare("hugepages", oldBacking.flatMap(Self.pagesText), newBacking.flatMap(Self.pagesText))
    // Memory devices, by position: their model, size and cell.
    let oldDevices = old.references.memoryDevices, newDevices = new.references.memoryDevices
    for index in 0..<max(oldDevices.count, newDevices.count) {
      compare(
        "memory device #\(index + 1)", index < oldDevices.count ? Self.text(oldDevices[index]) : nil,
        index < newDevices.count ? Self.text(newDevices[index]) : nil)
    }
    // PCI controllers' cells, by index.
    let oldBuses = Self.buses(old), newBuses = Self.buses(new)
    compareKeyed(oldBuses.values, newBuses.values, order: Self.union(oldBuses.order, newBuses.order))
    return changes
  }

  private static func union(_ first: [String], _ second: [String]) -> [String] {
    first + second.filter { !first.contains($0) }
  }

  private static func text(_ cache: CellCache) -> String {
    "\(cache.sizeKiB) KiB, line \(cache.lineBytes) B, \(cache.associativity), \(cache.policy)"
  }

  private static func links(_ guest: GuestDefinition) -> (values: [String: String], order: [String]) {
    var values: [String: String] = [:]
    var order: [String] = []
    for link in guest.numa?.interconnects ?? [] {
      let key =
        "\(link.kind.rawValue) \(link.initiator)→\(link.target)\(link.cache > 0 ? " cache \(link.cache)" : "") \(link.type)"
      if values[key] == nil { order.append(key) }
      values[key] = link.kind == .latency ? "\(link.value) ns" : "\(link.value) KiB/s"
    }
    return (values, order)
  }

  private static func memoryText(_ tune: Numatune) -> String? {
    guard let mode = tune.mode else { return nil }
    if tune.placement == "auto" { return "\(mode), placement auto" }
    return "\(mode)\(tune.nodeset.map { ", nodes \($0)" } ?? "")"
  }

  private static func text(_ memnode: Numatune.Memnode) -> String { "\(memnode.mode), nodes \(memnode.nodeset)" }

  private static func pagesText(_ backing: MemoryBacking) -> String? {
    guard backing.hugepages else { return nil }
    if backing.pages.isEmpty { return "default size" }
    return backing.pages.map { page in
      "\(page.sizeKiB) KiB" + (page.nodeset.map { " for cells \($0)" } ?? "")
    }.joined(separator: "; ")
  }

  private static func text(_ device: MemoryDevice) -> String {
    "\(device.model), \(device.sizeKiB) KiB, " + (device.targetNode.map { "cell \($0)" } ?? "no cell")
      + (device.access.map { ", access \($0)" } ?? "")
  }

  private static func buses(_ guest: GuestDefinition) -> (values: [String: String], order: [String]) {
    var values: [String: String] = [:]
    var order: [String] = []
    for controller in guest.references.pciControllers where controller.node != nil {
      let key = "PCI controller \(controller.index.map(String.init) ?? "?") (\(controller.model ?? "pci")) node"
      if values[key] == nil { order.append(key) }
      values[key] = controller.node.map(String.init)
    }
    return (values, order)
  }
}
