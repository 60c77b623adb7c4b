/// The hypervisor driver a guest is checked for (`validate --driver`). Without one, only the
/// rules every libvirt driver applies hold, as with `virsh define` on the test driver.
public enum HypervisorDriver: String, Sendable, CaseIterable {
  /// libvirt's QEMU driver (`src/qemu/`).
  case qemu
  /// libvirt's libxl (Xen) driver (`src/libxl/`).
  case libxl
}

/// A QEMU release, for the driver rules that depend on what QEMU can do.
public struct QEMUVersion: Sendable, Comparable, CustomStringConvertible {
  public var major: Int
  public var minor: Int

  public init(major: Int, minor: Int) {
    self.major = major
    self.minor = minor
  }

  /// `7.2`, `5.0`, `4.2.1`: major and minor are kept.
  public init?(parsing text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
      let major = Int(parts[0]), let minor = Int(parts[1]), parts.count == 2 || Int(parts[2]) != nil
    else { return nil }
    self.init(major: major, minor: minor)
  }

  /// Debian 12's QEMU, the default: what libvirt 9.0.0 on Debian 12 drives.
  public static let debian12 = QEMUVersion(major: 7, minor: 2)
  /// The oldest QEMU libvirt 9.0.0 supports.
  public static let oldestSupported = QEMUVersion(major: 4, minor: 2)
  /// The first QEMU with HMAT (`-numa hmat-lb`) and a named default RAM backend (`default-ram-id`).
  static let hmatAndDefaultRAM = QEMUVersion(major: 5, minor: 0)

  public var description: String { "\(major).\(minor)" }

  public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }
}

/// The rules a driver adds to the define-time ones, when the guest is defined or started
/// (`qemu_validate.c`, `qemu_domain.c`), and the define-time rule whose answer depends on the
/// driver (how `<memory>` is settled against memory devices).
struct DriverRules {
  let file: String
  let reader: GuestReader
  let domain: DomainSource
  let locator: Locator
  let driver: HypervisorDriver?
  let qemuVersion: QEMUVersion

  func run(on guest: GuestDefinition) -> [Diagnostic] {
    var diagnostics = memoryTotal(guest)
    if driver == .qemu { diagnostics += qemu(guest) }
    return diagnostics
  }

  private func position(_ path: String...) -> SourcePosition {
    var element = domain.first(path[0])
    for name in path.dropFirst() { element = element?.firstChild(named: name) }
    return element.map { locator.position(of: $0) } ?? .unknown
  }

  /// `virDomainDefPostParseMemory`: the QEMU driver defines with ABI updates, so with cells it
  /// sets `<memory>` to the cells plus the memory devices; the others keep a given `<memory>`
  /// (and take that sum only when it is missing), which must then hold the devices. The memory
  /// so settled must not exceed `<maxMemory>`.
  private func memoryTotal(_ guest: GuestDefinition) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let devices = guest.references.memoryDevicesKiB
    let cells = guest.numa?.totalMemoryKiB ?? 0
    let given = guest.memoryKiB ?? 0
    let total: UInt64
    let settled: String
    if cells > 0 && (given == 0 || driver == .qemu) {
      total = cells &+ devices
      settled = devices > 0 ? Messages.memorySettledByCellsAndDevices : Messages.memorySettledByCells
    } else {
      total = given
      settled = Messages.memorySettledByMemory
      if devices > given && given > 0 {
        diagnostics.append(
          Messages.memoryDevicesExceedMemory(file: file, devicesKiB: devices, memoryKiB: given, at: position("memory")))
      }
    }
    if let maximum = guest.references.maxMemoryKiB, maximum > 0, maximum < total {
      diagnostics.append(
        Messages.memoryMaxBelowMemory(
          file: file, maximumKiB: maximum, memoryKiB: total, settled: settled, at: position("maxMemory")))
    }
    return diagnostics
  }

  /// `qemuValidateDomainDefMemory`, `qemuValidateDomainDefNuma`, `qemuDomainDefValidateMemoryHotplug`
  /// and the PCI controller checks of `qemuDomainDeviceDefValidateController*`.
  private func qemu(_ guest: GuestDefinition) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let references = guest.references
    let cellCount = guest.numa?.cells.count ?? 0

    // HMAT needs QEMU 5.0.
    if let numa = guest.numa, qemuVersion < QEMUVersion.hmatAndDefaultRAM,
      !numa.interconnects.isEmpty || numa.cells.contains(where: { !$0.caches.isEmpty })
    {
      diagnostics.append(Messages.qemuHMATUnsupported(file: file, version: qemuVersion, at: position("cpu", "numa")))
    }

    // Shared hugepage memory without cells: only through the machine's named RAM backend.
    if let backing = references.memoryBacking, backing.hugepages, cellCount == 0,
      backing.accessMode == "shared", qemuVersion < QEMUVersion.hmatAndDefaultRAM,
      (backing.pages.first?.sizeKiB ?? 0) != 4
    {
      diagnostics.append(Messages.qemuSharedMemoryWithoutNUMA(file: file, at: position("memoryBacking", "access")))
    }

    diagnostics += qemuStart(guest)

    // Memory hotplug.
    let devices = references.memoryDevices
    let elements = reader.memoryDeviceElements
    func at(_ index: Int) -> SourcePosition {
      index < elements.count ? locator.position(of: elements[index]) : position("devices")
    }
    func name(_ index: Int) -> String { Messages.memoryDeviceName(index + 1, model: devices[index].model) }
    let hotplug = (references.maxMemoryKiB ?? 0) > 0 || (references.memorySlots ?? 0) > 0
    if !hotplug {
      if !devices.isEmpty {
        diagnostics.append(Messages.qemuMemoryDeviceWithoutMaxMemory(file: file, device: name(0), at: at(0)))
      }
    } else {
      if !guest.facts.isPPC64 && cellCount == 0 {
        diagnostics.append(Messages.qemuMemoryHotplugWithoutNUMA(file: file, at: position("maxMemory")))
      }
      let slots = references.memorySlots ?? 0
      if devices.count > slots {
        diagnostics.append(
          Messages.qemuMemorySlotsExceeded(file: file, devices: devices.count, slots: slots, at: position("maxMemory")))
      }
      for (index, device) in devices.enumerated()
      where ["dimm", "nvdimm", "virtio-mem"].contains(device.model) && cellCount > 0 && device.targetNode == nil {
        diagnostics.append(Messages.qemuMemoryDeviceNodeMissing(file: file, device: name(index), at: at(index)))
      }
    }

    // PCI expander buses (and pSeries PHBs) on a cell the guest does not have.
    for (controller, element) in zip(references.pciControllers, reader.pciControllerElements) {
      guard let node = controller.node else { continue }
      let model = controller.model ?? Messages.pciControllerWithoutModel
      let nodePosition = element.firstChild(named: "target")?.firstChild(named: "node").map { locator.position(of: $0) }
      // qemuValidateDomainDeviceDefControllerPCI: only expander buses and pSeries PHBs have a node.
      // (a pci-root other than the first is a pSeries PHB; libvirt fills in its model name)
      let phb = controller.model == "pci-root" && [nil, "spapr-pci-host-bridge"].contains(controller.modelName)
        && controller.targetIndex != 0
      if !["pci-expander-bus", "pcie-expander-bus"].contains(model) && !phb && controller.index != 0 {
        diagnostics.append(
          Messages.qemuPCIControllerNodeNotAllowed(
            file: file, model: model, index: controller.index ?? -1, at: nodePosition ?? position("devices")))
      }
      guard node >= cellCount else { continue }
      diagnostics.append(
        Messages.qemuPCIControllerNodeUnknown(
          file: file, model: model, index: controller.index ?? -1, node: node, cellCount: cellCount,
          at: nodePosition ?? position("devices")))
    }
    return diagnostics
  }

  /// What QEMU itself refuses when libvirt starts the guest (found by starting QEMU 7.2 on
  /// libvirt's command lines: scripts/qemu-judge), checked by libvirt's QEMU driver too where it
  /// knows (`qemuValidateDomainVCpuTopology`).
  private func qemuStart(_ guest: GuestDefinition) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let facts = guest.facts

    // More vCPUs than the machine type takes (QEMU: "Invalid SMP CPUs N. The max CPUs
    // supported by machine '…' is M"; libvirt: "Maximum CPUs greater than specified machine
    // type limit").
    if facts.isX86, let limit = QEMUMachine.maximumVCPUs(x86: facts.machine), guest.maximumVCPUs > limit {
      diagnostics.append(
        Messages.qemuVCPUsExceedMachine(
          file: file, vcpus: guest.maximumVCPUs, machine: facts.machine ?? QEMUMachine.x86Default, limit: limit,
          at: position("vcpu")))
    }

    // APIC ids above 254 need KVM's in-kernel irqchip (QEMU: "current -smp configuration
    // requires kernel irqchip and X2APIC API support"): under TCG (<domain type='qemu'>) QEMU
    // refuses a guest whose topology needs them.
    if facts.isX86, facts.domainType == "qemu", let limit = guest.x86APICIDLimit, limit > 255 {
      diagnostics.append(
        Messages.qemuAPICIDsNeedKVM(file: file, vcpus: guest.maximumVCPUs, largest: limit - 1, at: position("vcpu")))
    }

    // <cpu><topology> whose product is not the vCPU count (QEMU: "Invalid CPU topology: product
    // of the hierarchy must match maxcpus"; libvirt: "CPU topology doesn't match maximum vcpu
    // count").
    if let sockets = facts.sockets, let cores = facts.cores, let threads = facts.threads {
      let dies = facts.dies ?? 1
      let (product, overflow) = [sockets, dies, cores, threads].reduce((1, false)) { partial, factor in
        let (value, wrapped) = partial.0.multipliedReportingOverflow(by: factor)
        return (value, partial.1 || wrapped)
      }
      if overflow || product != guest.maximumVCPUs {
        diagnostics.append(
          Messages.qemuCPUTopologyMismatch(
            file: file, sockets: sockets, dies: dies, cores: cores, threads: threads, vcpus: guest.maximumVCPUs,
            at: position("cpu", "topology")))
      }
    }

    // HMAT figures QEMU refuses (hw/core/numa.c, parse_numa_hmat_lb / parse_numa_hmat_cache).
    if let numa = guest.numa, qemuVersion >= QEMUVersion.hmatAndDefaultRAM {
      let figures = domain.first("cpu")?.firstChild(named: "numa")?.firstChild(named: "interconnects")
      // A bandwidth must be a whole number of MiB/s ("Bandwidth N between initiator=I and
      // target=T should be 1MB aligned").
      for link in numa.interconnects where link.kind == .bandwidth && link.value % 1024 != 0 {
        let element = figures?.children(named: "bandwidth").first {
          Int(($0.attribute("initiator") ?? "").trimmingWhitespace()) == link.initiator
            && Int(($0.attribute("target") ?? "").trimmingWhitespace()) == link.target
            && ($0.attribute("type") ?? "").trimmingWhitespace() == link.type
        }
        diagnostics.append(
          Messages.qemuHMATBandwidthUnaligned(
            file: file, link: link,
            at: element.map { locator.position(of: $0, attribute: "value") } ?? position("cpu", "numa")))
      }
      // A cell's memory-side caches need a latency and a bandwidth with the cell as target ("The
      // latency and bandwidth information of node-id=N should be provided before memory side
      // cache attributes").
      for cell in numa.cells where !cell.caches.isEmpty {
        let kinds = Set(numa.interconnects.filter { $0.target == cell.id }.map(\.kind))
        let missing = Interconnect.Kind.allCases.filter { !kinds.contains($0) }
        guard !missing.isEmpty else { continue }
        let cache = reader.cellElements[cell.id]?.firstChild(named: "cache")
        diagnostics.append(
          Messages.qemuHMATCacheWithoutFigures(
            file: file, cell: cell.id, missing: missing.map(\.rawValue),
            at: cache.map { locator.position(of: $0) } ?? reader.position(ofCell: cell.id)))
      }
    }

    // A cell without memory gets a memory backend of size 0, which QEMU refuses ("property
    // 'size' of memory-backend-ram doesn't take value '0'"): libvirt gives every cell a backend
    // unless the machine type still takes -numa node,mem= (up to 5.0).
    if let numa = guest.numa, !QEMUMachine.takesLegacyNodeMemory(machine: facts.machine) {
      for cell in numa.cells where cell.memoryKiB == 0 {
        diagnostics.append(
          Messages.qemuCellMemoryZero(
            file: file, cell: cell.id, at: reader.position(ofCell: cell.id, attribute: "memory")))
      }
    }
    return diagnostics
  }
}
