/// Reading, as libvirt 9.0.0's domain parser and validator do, what refers to the guest's cells
/// from elsewhere: HMAT caches and interconnects (`numa_conf.c`), hugepages, memory devices and
/// PCI controllers (`domain_conf.c`, `domain_validate.c`). Each rule libvirt applies at define
/// time is reported with its own code; libvirt stops at the first, numaschema reports them all.
extension GuestReader {
  // MARK: HMAT

  /// The `<cache>`s of a cell (`virDomainNumaDefNodeCacheParseXML`, `virDomainNumaDefValidate`).
  ///
  /// libvirt 9.0.0 reads a cache's `<size value>` as KiB and its `<line value>` as bytes, whatever
  /// their `unit` says (it looks for the unit in a child element, which never exists): the model
  /// keeps what libvirt keeps, and a unit that would change the number is a warning.
  mutating func readCaches(of cell: SourceElement, cell id: Int) -> [CellCache] {
    var caches: [CellCache] = []
    var levels = Set<Int>()
    for element in cell.children(named: "cache") {
      guard let levelText = element.attribute("level"), let level = Self.unsignedInt(levelText) else { continue }
      if level == 0 || level > 3 {
        diagnostics.append(Messages.cacheLevelInvalid(file: file, cell: id, level: level, at: at(element, "level")))
      } else if !levels.insert(level).inserted {
        diagnostics.append(Messages.cacheLevelDuplicate(file: file, cell: id, level: level, at: at(element, "level")))
      }
      let size = element.firstChild(named: "size")
      let line = element.firstChild(named: "line")
      let sizeKiB = size?.attribute("value").flatMap { try? MemoryUnit.parseUnsigned($0) } ?? 0
      let lineBytes = line?.attribute("value").flatMap { try? MemoryUnit.parseUnsigned($0) } ?? 0
      for (part, meant, scale) in [(size, "KiB", UInt64(1024)), (line, "bytes", UInt64(1))] {
        guard let part, let unit = part.attribute("unit"), let value = part.attribute("value"),
          let multiplier = MemoryUnit.multiplier(unit), multiplier != scale, value.contains(where: { $0 != "0" })
        else { continue }
        diagnostics.append(
          Messages.cacheUnitIgnored(
            file: file, cell: id, element: part.name, value: value.trimmingWhitespace(), unit: unit, meant: meant,
            at: at(part, "unit")))
      }
      caches.append(
        CellCache(
          level: level, associativity: element.attribute("associativity") ?? "none",
          policy: element.attribute("policy") ?? "none", sizeKiB: sizeKiB, lineBytes: lineBytes))
    }
    return caches
  }

  /// `<numa><interconnects>`: its `<latency>`s and `<bandwidth>`s, and libvirt's checks of each
  /// against the cells and the figures before it. Checked only when every cell could be read.
  mutating func readInterconnects(of numa: SourceElement, cells: [Cell], complete: Bool) -> [Interconnect] {
    guard let interconnects = numa.firstChild(named: "interconnects") else { return [] }
    var links: [Interconnect] = []
    var earlier = InterconnectLedger()
    for element in interconnects.children {
      guard let kind = Interconnect.Kind(rawValue: element.name),
        let initiator = element.attribute("initiator").flatMap(Self.unsignedInt),
        let target = element.attribute("target").flatMap(Self.unsignedInt),
        let type = element.attribute("type"), let valueText = element.attribute("value")
      else { continue }  // the grammar reports what is missing or malformed
      let cache = element.attribute("cache").flatMap(Self.unsignedInt) ?? 0
      let value: UInt64?
      switch kind {
      case .latency: value = try? MemoryUnit.parseUnsigned(valueText)
      case .bandwidth:
        // Read as a memory size (virDomainParseMemory): past 2^63-1 bytes libvirt refuses it.
        do {
          value = try MemoryUnit.kibibytes(value: valueText, unit: element.attribute("unit"))
        } catch .tooLarge {
          diagnostics.append(
            Messages.bandwidthOverflow(
              file: file, text: valueText, unit: element.attribute("unit"), at: at(element, "value")))
          continue
        } catch {
          continue  // the grammar reports what does not parse
        }
      }
      guard let value else { continue }
      let link = Interconnect(kind: kind, initiator: initiator, target: target, cache: cache, type: type, value: value)
      if complete { check(link, element: element, against: cells, earlier: &earlier) }
      links.append(link)
    }
    return links
  }

  private mutating func check(
    _ link: Interconnect, element: SourceElement, against cells: [Cell], earlier: inout InterconnectLedger
  ) {
    defer { earlier.add(link) }
    let name = element.name
    for (role, cell) in [("initiator", link.initiator), ("target", link.target)] where cell >= cells.count {
      diagnostics.append(
        Messages.interconnectCellUnknown(
          file: file, element: name, role: role, cell: cell, cellCount: cells.count, at: at(element, role)))
    }
    guard link.initiator < cells.count, link.target < cells.count else { return }
    if cells[link.initiator].cpus.isEmpty {
      diagnostics.append(
        Messages.interconnectInitiatorNoCPUs(
          file: file, element: name, cell: link.initiator, at: at(element, "initiator")))
    }
    if link.cache > 0 && !cells[link.target].caches.contains(where: { $0.level == link.cache }) {
      diagnostics.append(
        Messages.interconnectCacheUnknown(
          file: file, element: name, target: link.target, level: link.cache, at: at(element, "cache")))
    }
    switch earlier.conflict(with: link) {
    case .duplicate: diagnostics.append(Messages.interconnectDuplicate(file: file, link: link, at: at(element)))
    case .reverse(let reverse):
      diagnostics.append(Messages.interconnectReverse(file: file, link: link, earlier: reverse, at: at(element)))
    case nil: break
    }
  }

  // MARK: The rest of the domain

  /// `<maxMemory>`, `<memoryBacking>` and the NUMA devices of `<devices>`, read and checked
  /// against the cells already read.
  mutating func readReferences(
    _ domain: DomainSource, cellCount: Int, ppc64: Bool, into references: inout NUMAReferences
  ) {
    if let maximum = domain.first("maxMemory") {
      references.maxMemoryKiB = try? MemoryUnit.kibibytes(value: maximum.text, unit: maximum.attribute("unit"))
      references.memorySlots = maximum.attribute("slots").flatMap(Self.unsignedInt)
    }
    if let backing = domain.first("memoryBacking") {
      references.memoryBacking = readMemoryBacking(backing, cellCount: cellCount)
    }
    guard let devices = domain.first("devices") else { return }
    var memoryOrdinal = 0
    for element in devices.children {
      if element.isNamed("memory") {
        memoryOrdinal += 1
        if let device = readMemoryDevice(element, number: memoryOrdinal, cellCount: cellCount, ppc64: ppc64) {
          references.memoryDevices.append(device)
          memoryDeviceElements.append(element)
        }
      } else if element.isNamed("controller"), element.attribute("type") == "pci" {
        references.pciControllers.append(readPCIController(element))
        pciControllerElements.append(element)
      }
    }
  }

  /// `<memoryBacking>` (`virDomainHugepagesParseXML`, `virDomainDefMemtuneValidate`).
  private mutating func readMemoryBacking(_ backing: SourceElement, cellCount: Int) -> MemoryBacking {
    var result = MemoryBacking()
    result.sourceType = backing.firstChild(named: "source")?.attribute("type")
    result.accessMode = backing.firstChild(named: "access")?.attribute("mode")
    result.discard = backing.firstChild(named: "discard") != nil
    if let allocation = backing.firstChild(named: "allocation") {
      result.allocatesImmediately = allocation.attribute("mode") == "immediate"
      result.allocationThreads = allocation.attribute("threads").flatMap(Self.unsignedInt).flatMap { $0 > 0 ? $0 : nil }
    }
    guard let hugepages = backing.firstChild(named: "hugepages") else { return result }
    result.hugepages = true
    var read: [(page: HugePageSetting, element: SourceElement)] = []
    for element in hugepages.children(named: "page") {
      guard let sizeText = element.attribute("size"),
        let size = try? MemoryUnit.kibibytes(value: sizeText, unit: element.attribute("unit"))
      else { continue }  // the grammar reports it
      if size == 0 {
        diagnostics.append(Messages.hugepageSizeZero(file: file, at: at(element, "size")))
        continue
      }
      var nodeset: CPUSet?
      if let text = element.attribute("nodeset") {
        guard let parsed = try? CPUSet(parsing: text) else { continue }  // the grammar reports it
        if parsed.isEmpty {
          diagnostics.append(Messages.hugepageNodesetInvalid(file: file, text: text, at: at(element, "nodeset")))
          continue
        }
        // Without cells, libvirt takes a nodeset of just cell 0 as no nodeset (the guest's one
        // node): such a page is a default page (virDomainDefPostParseMemtune).
        nodeset = cellCount == 0 && parsed.max == 0 ? nil : parsed
      }
      read.append((HugePageSetting(sizeKiB: size, nodeset: nodeset), element))
    }
    for (index, (page, element)) in read.enumerated() {
      for (other, _) in read[..<index] {
        if let nodes = page.nodeset, let others = other.nodeset, nodes.overlaps(others) {
          diagnostics.append(
            Messages.hugepageNodesetOverlap(
              file: file, sizeKiB: page.sizeKiB, otherKiB: other.sizeKiB, shared: nodes.intersection(others),
              at: at(element, "nodeset")))
        } else if page.nodeset == nil && other.nodeset == nil {
          diagnostics.append(
            Messages.hugepageDefaultDuplicate(file: file, first: other.sizeKiB, second: page.sizeKiB, at: at(element)))
        }
      }
      if let nodes = page.nodeset, let highest = nodes.max, highest >= cellCount {
        let first = nodes.subtracting(CPUSet(ranges: cellCount > 0 ? [0...(cellCount - 1)] : [])).min ?? highest
        diagnostics.append(
          Messages.hugepageNodeUnknown(
            file: file, sizeKiB: page.sizeKiB, node: first, cellCount: cellCount, at: at(element, "nodeset")))
      }
    }
    result.pages = read.map(\.page)
    return result
  }

  /// One `<devices><memory>` (`virDomainMemoryDef*ParseXML`, `virDomainMemoryDefValidate`).
  private mutating func readMemoryDevice(
    _ element: SourceElement, number: Int, cellCount: Int, ppc64: Bool
  ) -> MemoryDevice? {
    guard let model = element.attribute("model"), let target = element.firstChild(named: "target") else { return nil }
    let name = Messages.memoryDeviceName(number, model: model)
    func size(_ part: SourceElement?) -> UInt64? {
      guard let part else { return nil }
      return try? MemoryUnit.kibibytes(value: part.text, unit: part.attribute("unit"))
    }
    var device = MemoryDevice(
      model: model, sizeKiB: size(target.firstChild(named: "size")) ?? 0, access: element.attribute("access"),
      discard: element.attribute("discard"))
    let source = element.firstChild(named: "source")
    device.pageSizeKiB = size(source?.firstChild(named: "pagesize"))
    device.path = source?.firstChild(named: "path")?.text.trimmingWhitespace()
    device.pmem = source?.firstChild(named: "pmem") != nil
    device.alignSizeKiB = size(source?.firstChild(named: "alignsize"))
    device.labelSizeKiB = size(target.firstChild(named: "label")?.firstChild(named: "size"))
    device.blockSizeKiB = size(target.firstChild(named: "block"))
    device.requestedSizeKiB = size(target.firstChild(named: "requested"))
    device.readonly = target.firstChild(named: "readonly") != nil
    device.uuid = element.firstChild(named: "uuid")?.text.trimmingWhitespace()
    device.alias = element.firstChild(named: "alias")?.attribute("name")
    device.address = element.firstChild(named: "address").flatMap(Self.deviceAddress)
    if let mask = source?.firstChild(named: "nodemask"), ["dimm", "virtio-mem", "sgx-epc"].contains(model) {
      if let nodes = try? CPUSet(parsing: mask.text.trimmingWhitespace()) {
        if nodes.isEmpty {
          diagnostics.append(
            Messages.memoryDeviceNodemaskInvalid(
              file: file, device: name, text: mask.text.trimmingWhitespace(), at: at(mask)))
        } else {
          device.sourceNodemask = nodes
        }
      }
    }
    if let node = target.firstChild(named: "node") {
      guard let value = Self.unsignedInt(node.text), value <= Int(Int32.max) else { return device }  // grammar
      device.targetNode = value
      if cellCount == 0 {
        diagnostics.append(Messages.memoryDeviceNodeWithoutNUMA(file: file, device: name, node: value, at: at(node)))
      } else if value >= cellCount {
        diagnostics.append(
          Messages.memoryDeviceNodeUnknown(file: file, device: name, node: value, cellCount: cellCount, at: at(node)))
      }
    }
    let hasPath = source?.firstChild(named: "path") != nil
    var broken: [(rule: String, position: SourcePosition)] = []
    switch model {
    case "nvdimm":
      if !hasPath { broken.append((Messages.MemoryDeviceRule.nvdimmNeedsPath, at(element))) }
      if device.discard == "yes" { broken.append((Messages.MemoryDeviceRule.nvdimmDiscard, at(element, "discard"))) }
      let label = size(target.firstChild(named: "label")?.firstChild(named: "size")) ?? 0
      if ppc64 && label == 0 {
        broken.append((Messages.MemoryDeviceRule.nvdimmOnPPC64NeedsLabel, at(target)))
      } else if !ppc64, let uuid = element.firstChild(named: "uuid") {
        broken.append((Messages.MemoryDeviceRule.nvdimmUUIDOutsidePPC64, at(uuid)))
      }
      if label > 0 {
        if label < 128 { broken.append((Messages.MemoryDeviceRule.nvdimmLabelTooSmall, at(target))) }
        if label >= device.sizeKiB { broken.append((Messages.MemoryDeviceRule.nvdimmLabelTooLarge, at(target))) }
      }
    case "virtio-pmem":
      if !hasPath { broken.append((Messages.MemoryDeviceRule.virtioPmemNeedsPath, at(element))) }
      if device.discard == "yes" {
        broken.append((Messages.MemoryDeviceRule.virtioPmemDiscard, at(element, "discard")))
      }
      if device.access != "shared" {
        broken.append(
          (Messages.MemoryDeviceRule.virtioPmemNeedsShared, at(element, device.access == nil ? nil : "access")))
      }
      if let node = target.firstChild(named: "node") {
        diagnostics.append(Messages.memoryDeviceNodeUnsupported(file: file, device: name, at: at(node)))
      }
    case "virtio-mem":
      let requested = size(target.firstChild(named: "requested")) ?? 0
      let block = size(target.firstChild(named: "block")) ?? 0
      if requested > device.sizeKiB {
        broken.append((Messages.MemoryDeviceRule.virtioMemRequestedTooLarge(sizeKiB: device.sizeKiB), at(target)))
      }
      if block == 0 || block & (block - 1) != 0 {
        broken.append((Messages.MemoryDeviceRule.virtioMemBlockNotPowerOfTwo, at(target)))
      } else if requested % block != 0 {
        broken.append((Messages.MemoryDeviceRule.virtioMemRequestedNotWholeBlocks, at(target)))
      }
    default:
      break
    }
    for (rule, position) in broken {
      diagnostics.append(Messages.memoryDeviceInvalid(file: file, device: name, rule: rule, at: position))
    }
    return device
  }

  /// One `<controller type='pci'>` (`virDomainControllerDefParseXML`, `virDomainControllerDefValidate`).
  private mutating func readPCIController(_ element: SourceElement) -> PCIController {
    let target = element.firstChild(named: "target")
    let controller = PCIController(
      index: element.attribute("index").flatMap(Self.unsignedInt), model: element.attribute("model"),
      modelName: element.firstChild(named: "model")?.attribute("name"),
      targetIndex: target?.attribute("index").flatMap(Self.unsignedInt),
      node: target?.firstChild(named: "node").flatMap { Self.unsignedInt($0.text) },
      busNumber: target?.attribute("busNr").flatMap(Self.unsignedInt),
      alias: element.firstChild(named: "alias")?.attribute("name"),
      address: element.firstChild(named: "address").flatMap(Self.pciAddress))
    if let targetIndex = controller.targetIndex, let target {
      let pairing = controller.index.map { ($0 == 0) != (targetIndex == 0) } ?? false
      if targetIndex > 30 || pairing {
        diagnostics.append(
          Messages.pciControllerTargetIndexInvalid(
            file: file, index: controller.index, targetIndex: targetIndex, at: at(target, "index")))
      }
    }
    if let node = controller.node, controller.index == 0, let nodeElement = target?.firstChild(named: "node") {
      diagnostics.append(
        Messages.pciControllerNodeOnRoot(file: file, model: controller.model, node: node, at: at(nodeElement)))
    }
    return controller
  }

  /// A `<address type='dimm'>` or `<address type='pci'>`, as libvirt reads its numbers (a dimm
  /// slot in decimal, its base in hexadecimal, PCI parts in C notation); `nil` for another type.
  static func deviceAddress(_ element: SourceElement) -> DeviceAddress? {
    switch element.attribute("type") {
    case "dimm":
      guard let slot = element.attribute("slot").flatMap(unsignedInt) else { return nil }
      return .dimm(slot: slot, base: element.attribute("base").flatMap { cNumber($0, base: 16) })
    case "pci": return pciAddress(element).map(DeviceAddress.pci)
    default: return nil
    }
  }

  static func pciAddress(_ element: SourceElement) -> PCIAddress? {
    guard element.attribute("type") == "pci" else { return nil }
    func part(_ name: String) -> Int { element.attribute(name).flatMap { cNumber($0, base: 0) }.map(Int.init) ?? 0 }
    return PCIAddress(
      bus: part("bus"), slot: part("slot"), function: part("function"),
      multifunction: element.attribute("multifunction"))
  }

  /// An unsigned number as `strtoull` reads it in `base` (0: `0x` hexadecimal, a leading 0
  /// octal, else decimal; 16: an optional `0x`), to the end of the text.
  static func cNumber(_ text: String, base: Int) -> UInt64? {
    var digits = Substring(text.trimmingWhitespace())
    var radix = base == 0 ? 10 : base
    if base == 0 || base == 16, digits.lowercased().hasPrefix("0x") {
      digits = digits.dropFirst(2)
      radix = 16
    } else if base == 0, digits.count > 1, digits.first == "0" {
      radix = 8
    }
    return digits.isEmpty ? nil : UInt64(digits, radix: radix)
  }
}
