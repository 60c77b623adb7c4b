/// What a converter does not carry of a guest, split by meaning: the parts whose loss changes
/// the guest's NUMA meaning (each a warning with the converter's code) and everything else the
/// domain holds (devices, features, lifecycle, …), which no NUMA tool writes and which is named
/// in one note line, not a warning per element.
struct LeftOut {
  /// A part whose loss changes the NUMA meaning: what it is, and where.
  struct Loss {
    var what: String
    var element: String
    /// The cell, and its attribute, when the loss is one cell's.
    var cell: (id: Int, attribute: String)?
  }

  var losses: [Loss] = []
  /// The other elements, as `<devices>`, `<os><loader>`.
  var others: [String] = []

  /// What `guest` loses in a writer that carries the `carried` parts (and its `<numatune>` or not).
  static func of(_ guest: GuestDefinition, carried: Set<NUMAPart>, carriesNumatune: Bool) -> LeftOut {
    var leftOut = LeftOut()
    let references = guest.references
    var numaElements: Set<String> = []
    func lose(_ what: String, _ element: String, unless part: NUMAPart? = nil) {
      if let part, carried.contains(part) {
        // Carried: the element is not left out, unless it holds more (<devices> holds disks, …).
        if element != "devices" { numaElements.insert(element) }
        return
      }
      numaElements.insert(element)
      leftOut.losses.append(Loss(what: what, element: element))
    }
    if references.numatune != nil {
      if carriesNumatune { numaElements.insert("numatune") } else { lose(Messages.LeftOut.numatune, "numatune") }
    }
    if let backing = references.memoryBacking,
      backing.hugepages || backing.accessMode != nil || backing.sourceType != nil || backing.discard
    {
      lose(Messages.LeftOut.memoryBacking, "memoryBacking", unless: .memoryBacking)
    }
    if references.maxMemoryKiB != nil { lose(Messages.LeftOut.maxMemory, "maxMemory", unless: .maxMemory) }
    if !references.memoryDevices.isEmpty {
      lose(Messages.LeftOut.memoryDevices, "devices", unless: .memoryDevices)
    }
    if references.pciControllers.contains(where: { $0.node != nil }) {
      lose(Messages.LeftOut.pciNodes, "devices", unless: .pciNodes)
    }
    if let numa = guest.numa {
      for cell in numa.cells where !carried.contains(.cellMemoryAttributes) {
        for (attribute, value) in [("memAccess", cell.memAccess), ("discard", cell.discard)] {
          guard let value else { continue }
          leftOut.losses.append(
            Loss(
              what: Messages.LeftOut.cellAttribute(cell: cell.id, attribute: attribute, value: value),
              element: "cpu/numa",
              cell: (cell.id, attribute)))
        }
      }
      if numa.hasHMAT { lose(Messages.LeftOut.hmat, "cpu/numa", unless: .hmat) }
    }
    for element in guest.facts.otherElements where !numaElements.contains(element) {
      if carried.contains(.cpuTopology) && element == "cpu/topology" { continue }
      var name = element.split(separator: "/").map { "<\($0)>" }.joined()
      if element == "devices" && carried.contains(.memoryDevices)
        && (!references.memoryDevices.isEmpty || references.pciControllers.contains { $0.node != nil })
      {
        name += Messages.LeftOut.devicesButNUMAOnes
      }
      leftOut.others.append(name)
    }
    return leftOut
  }
}
