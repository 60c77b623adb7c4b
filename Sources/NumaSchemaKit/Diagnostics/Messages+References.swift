/// The wording of findings about what refers to the guest's cells: HMAT caches and
/// interconnects, hugepages, memory devices, PCI controllers, and the driver rules.
extension Messages {
  // MARK: HMAT

  static func cacheLevelInvalid(file: String, cell: Int, level: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaCacheLevelInvalid,
      "cell \(cell) has a <cache level='\(level)'>: memory-side cache levels are 1 to 3", file: file, at: position)
  }

  static func cacheLevelDuplicate(file: String, cell: Int, level: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaCacheLevelDuplicate,
      "cell \(cell) has a second <cache level='\(level)'>: one cache per level and cell", file: file, at: position)
  }

  static func cacheUnitIgnored(
    file: String, cell: Int, element: String, value: String, unit: String, meant: String, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .numaCacheUnitIgnored,
      "the <\(element) value='\(value)' unit='\(unit)'> of a cache of cell \(cell) is read as \(value) \(meant): libvirt 9.0.0 ignores the unit of a cache's \(element); write the value in \(meant)",
      file: file, at: position)
  }

  static func interconnectCellUnknown(
    file: String, element: String, role: String, cell: Int, cellCount: Int, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .numaInterconnectCellUnknown,
      "<\(element) \(role)='\(cell)'> names no cell: cells are 0 to \(cellCount - 1)", file: file, at: position)
  }

  static func interconnectInitiatorNoCPUs(file: String, element: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaInterconnectInitiatorNoCPUs,
      "<\(element) initiator='\(cell)'> names cell \(cell), which has no cpus: an initiator must be a cell with vCPUs",
      file: file, at: position)
  }

  static func interconnectCacheUnknown(
    file: String, element: String, target: Int, level: Int, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .numaInterconnectCacheUnknown,
      "<\(element) target='\(target)' cache='\(level)'> names a cache level that cell \(target) does not have: add <cache level='\(level)'> to cell \(target) or drop cache=",
      file: file, at: position)
  }

  static func interconnectDuplicate(file: String, link: Interconnect, at position: SourcePosition) -> Diagnostic {
    make(
      .numaInterconnectDuplicate,
      "<\(link.kind.rawValue)> from cell \(link.initiator) to cell \(link.target)\(link.cache > 0 ? " cache \(link.cache)" : "") of type \(link.type) is given twice",
      file: file, at: position)
  }

  static func interconnectReverse(file: String, link: Interconnect, earlier: Interconnect, at position: SourcePosition) -> Diagnostic {
    make(
      .numaInterconnectReverse,
      "<\(link.kind.rawValue) initiator='\(link.initiator)' target='\(link.target)'> is the reverse of an earlier <\(earlier.kind.rawValue)> from cell \(earlier.initiator) to cell \(earlier.target): libvirt takes each link between two cells in one direction only",
      file: file, at: position)
  }

  // MARK: Hugepages

  static func hugepageSizeZero(file: String, at position: SourcePosition) -> Diagnostic {
    make(.hugepagesSizeZero, "<page size='0'>: a hugepage size must not be zero", file: file, at: position)
  }

  static func hugepageNodesetInvalid(file: String, text: String, at position: SourcePosition) -> Diagnostic {
    make(
      .hugepagesNodesetInvalid, "<page nodeset='\(text)'> names no guest cell: give the cells these pages back",
      file: file, at: position)
  }

  static func hugepageNodeUnknown(
    file: String, sizeKiB: UInt64, node: Int, cellCount: Int, at position: SourcePosition
  ) -> Diagnostic {
    let cells = cellCount == 0 ? "the guest has no <cpu><numa> cells" : "cells are 0 to \(cellCount - 1)"
    return make(
      .hugepagesNodeUnknown,
      "<page size='\(sizeKiB)' unit='KiB'> names guest cell \(node) in its nodeset, but \(cells)",
      file: file, at: position)
  }

  static func hugepageDefaultDuplicate(file: String, first: UInt64, second: UInt64, at position: SourcePosition) -> Diagnostic {
    make(
      .hugepagesDefaultDuplicate,
      "two default page sizes, \(first) KiB and \(second) KiB: a <page> without a nodeset (or, on a guest without cells, with nodeset='0') sets the default, and there is only one; give the other a nodeset of cells",
      file: file, at: position)
  }

  static func hugepageNodesetOverlap(
    file: String, sizeKiB: UInt64, otherKiB: UInt64, shared: CPUSet, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .hugepagesNodesetOverlap,
      "the nodesets of the \(sizeKiB) KiB and \(otherKiB) KiB pages both name cell\(shared.count == 1 ? "" : "s") \(shared): a cell has one page size",
      file: file, at: position)
  }

  // MARK: Memory devices

  static func memoryDeviceNodeUnknown(
    file: String, device: String, node: Int, cellCount: Int, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .memoryDeviceNodeUnknown,
      "\(device) targets guest cell \(node), but the guest has only \(cellCount) cell\(cellCount == 1 ? "" : "s") (0 to \(cellCount - 1))",
      file: file, at: position)
  }

  static func memoryDeviceNodeWithoutNUMA(file: String, device: String, node: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .memoryDeviceNodeWithoutNUMA,
      "\(device) targets guest cell \(node), but the guest has no <cpu><numa> cells", file: file, at: position)
  }

  static func memoryDeviceNodeUnsupported(file: String, device: String, at position: SourcePosition) -> Diagnostic {
    make(
      .memoryDeviceNodeUnsupported,
      "\(device) has a <target><node>, but a virtio-pmem device belongs to no guest cell: remove <node>",
      file: file, at: position)
  }

  static func memoryDeviceNodemaskInvalid(file: String, device: String, text: String, at position: SourcePosition) -> Diagnostic {
    make(
      .memoryDeviceNodemaskInvalid, "\(device) has <nodemask>\(text)</nodemask>, which names no host node", file: file,
      at: position)
  }

  /// How messages name a `<devices><memory>`: its number among them, from 1, and its model.
  static func memoryDeviceName(_ number: Int, model: String) -> String { "memory device #\(number) (\(model))" }

  /// The rules of one memory device's model that `memoryDeviceInvalid` states.
  enum MemoryDeviceRule {
    static let nvdimmNeedsPath = "an nvdimm needs <source><path>"
    static let nvdimmDiscard = "discard is not supported for nvdimm"
    static let nvdimmOnPPC64NeedsLabel = "an nvdimm on ppc64 needs <target><label><size>"
    static let nvdimmUUIDOutsidePPC64 = "an nvdimm has no <uuid> outside ppc64"
    static let nvdimmLabelTooSmall = "the nvdimm label must be at least 128 KiB"
    static let nvdimmLabelTooLarge = "the nvdimm label must be smaller than the nvdimm"
    static let virtioPmemNeedsPath = "a virtio-pmem device needs <source><path>"
    static let virtioPmemDiscard = "discard is not supported for virtio-pmem"
    static let virtioPmemNeedsShared = "a virtio-pmem device needs access='shared'"
    static func virtioMemRequestedTooLarge(sizeKiB: UInt64) -> String {
      "<requested> must not exceed <size> (\(sizeKiB) KiB)"
    }
    static let virtioMemBlockNotPowerOfTwo = "<block> must be a power of two"
    static let virtioMemRequestedNotWholeBlocks = "<requested> must be a whole number of blocks"
  }

  static func memoryDeviceInvalid(file: String, device: String, rule: String, at position: SourcePosition) -> Diagnostic {
    make(.memoryDeviceInvalid, "\(device): \(rule)", file: file, at: position)
  }

  static func memoryDevicesExceedMemory(
    file: String, devicesKiB: UInt64, memoryKiB: UInt64, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .memoryDevicesExceedMemory,
      "the memory devices add up to \(devicesKiB) KiB, more than <memory> (\(memoryKiB) KiB), which counts them: raise <memory> to the boot memory plus the devices",
      file: file, at: position)
  }

  /// What settled the guest's memory, as `memoryMaxBelowMemory` names it.
  static let memorySettledByCellsAndDevices = "the cells and the memory devices"
  static let memorySettledByCells = "the cells"
  static let memorySettledByMemory = "<memory>"

  static func memoryMaxBelowMemory(
    file: String, maximumKiB: UInt64, memoryKiB: UInt64, settled: String, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .memoryMaxBelowMemory,
      "<maxMemory> is \(maximumKiB) KiB, less than the guest's memory, \(memoryKiB) KiB (\(settled)): the hotplug ceiling must be at least the memory",
      file: file, at: position)
  }

  // MARK: PCI controllers

  /// How messages name a PCI controller without a model.
  static let pciControllerWithoutModel = "PCI controller"

  static func pciControllerNodeOnRoot(file: String, model: String?, node: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .pciControllerNodeOnRoot,
      "the PCI controller with index 0\(model.map { " (\($0))" } ?? "") is put on guest cell \(node): the root bus cannot belong to a NUMA node; use a pci-expander-bus",
      file: file, at: position)
  }

  static func pciControllerTargetIndexInvalid(file: String, index: Int?, targetIndex: Int, at position: SourcePosition) -> Diagnostic {
    let rule =
      (0...30).contains(targetIndex)
      ? "only the PCI controller with index 0 has target index 0, and it has no other"
      : "target index must be 0 to 30"
    return make(
      .pciControllerTargetIndexInvalid,
      "the PCI controller with index \(index.map(String.init) ?? "(none)") has <target index='\(targetIndex)'>: \(rule)",
      file: file, at: position)
  }

  // MARK: Driver rules

  static func qemuMemoryHotplugWithoutNUMA(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuMemoryHotplugWithoutNUMA,
      "<maxMemory> enables memory hotplug, but the guest has no <cpu><numa> cells: QEMU needs at least one cell for it",
      file: file, at: position)
  }

  static func qemuMemoryDeviceWithoutMaxMemory(file: String, device: String, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuMemoryDeviceWithoutMaxMemory,
      "\(device) needs memory hotplug, but the domain has no <maxMemory slots='…'>", file: file, at: position)
  }

  static func qemuMemorySlotsExceeded(file: String, devices: Int, slots: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuMemorySlotsExceeded,
      "\(devices) memory devices need \(devices) slots, but <maxMemory slots='\(slots)'>", file: file, at: position)
  }

  static func qemuPCIControllerNodeUnknown(
    file: String, model: String, index: Int, node: Int, cellCount: Int, at position: SourcePosition
  ) -> Diagnostic {
    let cells = cellCount == 0 ? "the guest has no <cpu><numa> cells" : "cells are 0 to \(cellCount - 1)"
    return make(
      .qemuPCIControllerNodeUnknown,
      "the \(model) with index \(index) is put on guest cell \(node), but \(cells)", file: file, at: position)
  }

  static func qemuPCIControllerNodeNotAllowed(file: String, model: String, index: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuPCIControllerNodeNotAllowed,
      "the \(model) with index \(index) has a <target><node>: in QEMU only a pci-expander-bus, a pcie-expander-bus or a pSeries PCI host bridge belongs to a NUMA node",
      file: file, at: position)
  }

  static func qemuSharedMemoryWithoutNUMA(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuSharedMemoryWithoutNUMA,
      "<memoryBacking><access mode='shared'/> without guest NUMA cells needs a memfd or file source: add <source type='memfd'/> or a <cpu><numa> cell",
      file: file, at: position)
  }

  static func qemuMemoryDeviceNodeMissing(file: String, device: String, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuMemoryDeviceNodeMissing,
      "\(device) has no <target><node>: on a guest with NUMA cells QEMU needs the cell each memory device belongs to",
      file: file, at: position)
  }

  static func qemuHMATUnsupported(file: String, version: QEMUVersion, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuHMATUnsupported,
      "the guest has HMAT (<interconnects> or cell caches), which QEMU \(version) does not support: HMAT needs QEMU 5.0 or later",
      file: file, at: position)
  }

  static func qemuVCPUsExceedMachine(
    file: String, vcpus: Int, machine: String, limit: Int, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .qemuVCPUsExceedMachine,
      "the guest has \(vcpus) vCPUs, but QEMU's machine type '\(machine)' takes at most \(limit): QEMU refuses to start it"
        + (limit < 288 && vcpus <= 288 ? "; use machine type q35, which takes 288" : ""),
      file: file, at: position)
  }

  static func qemuCPUTopologyMismatch(
    file: String, sockets: Int, dies: Int, cores: Int, threads: Int, vcpus: Int, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .qemuCPUTopologyMismatch,
      "<cpu><topology> gives sockets × dies × cores × threads = \(sockets) × \(dies) × \(cores) × \(threads), but the guest has \(vcpus) vCPUs: QEMU needs the product to be the vCPU count",
      file: file, at: position)
  }

  static func qemuAPICIDsNeedKVM(file: String, vcpus: Int, largest: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuAPICIDsNeedKVM,
      "the guest's \(vcpus) vCPUs get x86 APIC ids up to \(largest), but without KVM (<domain type='qemu'>) QEMU takes none above 254: use <domain type='kvm'>, or a topology that keeps the ids below 255 (fewer vCPUs, counts that are powers of two)",
      file: file, at: position)
  }

  static func qemuHMATBandwidthUnaligned(file: String, link: Interconnect, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuHMATBandwidthUnaligned,
      "the \(link.type) bandwidth from cell \(link.initiator) to cell \(link.target) is \(link.value) KiB/s, not a whole number of MiB/s: QEMU refuses it (should be 1MB aligned)",
      file: file, at: position)
  }

  static func qemuHMATCacheWithoutFigures(file: String, cell: Int, missing: [String], at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .qemuHMATCacheWithoutFigures,
      "cell \(cell) has a memory-side cache but no \(missing.joined(separator: " and no ")) figure with it as target in <interconnects>: QEMU needs both before a cache",
      file: file, at: position)
  }

  static func qemuCellMemoryZero(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .qemuCellMemoryZero,
      "cell \(cell) has no memory: QEMU refuses a memory backend of size 0, which libvirt gives such a cell on current machine types; give the cell memory",
      file: file, at: position)
  }

  // MARK: Host rules (fit)

  static func bandwidthOverflow(file: String, text: String, unit: String?, at position: SourcePosition) -> Diagnostic {
    make(
      .numaMemoryOverflow,
      "HMAT bandwidth \(text.trimmingWhitespace()) \(unit ?? "KiB")/s is more than 2^63-1 bytes per second: libvirt reads it as a memory size and refuses it",
      file: file, at: position)
  }

  static func fitHugePageSize(
    file: String, sizeKiB: UInt64, hostSizesKiB: [UInt64], source: String, at position: SourcePosition
  ) -> Diagnostic {
    let offered = hostSizesKiB.isEmpty
      ? "none" : hostSizesKiB.map { "\($0) KiB" }.joined(separator: ", ")
    return make(
      .fitHugePageSize,
      "the guest asks for \(sizeKiB) KiB huge pages, which this host does not offer (its huge page sizes: \(offered)): libvirt refuses to start the guest, finding no hugetlbfs mount of that size",
      file: file, at: position)
  }

  /// The elements `fitNumatuneNodeUnknown` names.
  static let fitNumatuneMemory = "<numatune><memory>"
  static func fitMemnode(cell: Int) -> String { "<memnode cellid='\(cell)'>" }

  static func fitNumatuneNodeUnknown(
    file: String, element: String, node: Int, hostNodes: CPUSet, at position: SourcePosition
  ) -> Diagnostic {
    make(
      .fitNumatuneNodeUnknown,
      "\(element) binds memory to host node \(node), which this host does not have (its nodes: \(hostNodes)): libvirt refuses to start the guest",
      file: file, at: position)
  }
}
