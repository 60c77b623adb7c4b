/// Writes the NUMA part of a guest's QEMU command line the way libvirt 9.0.0's QEMU driver
/// does (`qemuBuildMemCommandLine`, `qemuBuildSmpCommandLine`, `qemuBuildNumaCommandLine`,
/// `qemuBuildMemoryDeviceCommandLine` and the expander buses of `qemuBuildControllersCommandLine`
/// in `src/qemu/qemu_command.c`), one option per line, in libvirt's order:
///
/// - `-machine` with only what the NUMA part needs (`hmat=on`, `nvdimm=on`), when it needs it;
///   QEMU merges it with the `-machine TYPE` of the rest of the command line;
/// - `-m` as the sum of the cells, each rounded up as libvirt aligns it (1 MiB, 256 MiB on
///   ppc64), with `size=…k,slots=…,maxmem=…k` when the guest has `<maxMemory>`;
/// - `-smp` with the vCPUs and topology;
/// - per cell a memory backend (`memory-backend-ram`, `-file` for huge pages, shared or
///   file-backed memory, `-memfd` for `<source type='memfd'/>`; `host-nodes`/`policy` from
///   `<numatune>`; a `thread-context` where QEMU 7.2 preallocates on host nodes) and
///   `-numa node,nodeid=N[,cpus=…][,initiator=I],memdev=ram-nodeN`; `mem=MiB` instead (after
///   `-mem-path`/`-mem-prealloc`) on machine types before 5.1 when no cell needs a backend,
///   or with `--legacy-mem`; `cpus=` is repeated for each run of the cpuset (QEMU takes no
///   comma list); vCPUs in no cell go to cell 0, as libvirt's QEMU driver puts them;
/// - `-numa dist` for every ordered pair unless every given distance is the default;
/// - `-numa hmat-lb` per `<interconnects>` figure, then `-numa hmat-cache` per cache;
/// - `pxb`/`pxb-pcie` expander buses and pSeries PCI host bridges with their `numa_node`;
/// - memory devices (`pc-dimm`, `nvdimm`, `virtio-mem-pci`, `virtio-pmem-pci`), each after its
///   backend; SGX enclave memory as a backend named on `-machine`.
///
/// `-object` and `-device` are JSON for the QEMU versions libvirt writes JSON for (6.0, 7.0),
/// `key=value` before.
///
/// Host paths come from `host` (hugetlbfs mounts, the memory-backing directory, the domain id).
struct QEMUCommandLine: GuestWriter {
  var legacyMemory = false
  var host = QEMUHostSettings.defaults
  var version = QEMUVersion.debian12
  let notConvertedCode = DiagnosticCode.toQEMUNotConverted
  let target = "QEMU"
  let carriedParts: Set<NUMAPart> = Set(NUMAPart.allCases)

  /// Carried unless libvirt applies it outside the command line: automatic placement (numad
  /// picks the nodes when the guest starts) and the `restrictive` mode (cgroups only).
  func carries(_ numatune: Numatune, cells: [Int]) -> Bool {
    let automatic = numatune.placement == "auto" && cells.contains { numatune.memnodes[$0] == nil }
    let restrictive = numatune.mode == "restrictive" || numatune.memnodes.values.contains { $0.mode == "restrictive" }
    return !automatic && !restrictive
  }

  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (
    output: String?, diagnostics: [Diagnostic]
  ) {
    var findings: [Diagnostic] = []
    let facts = guest.facts
    let references = guest.references
    // What libvirt's QEMU driver gives QEMU: vCPUs in no cell in cell 0, memory aligned.
    let topology = guest.qemuTopology
    let cells = topology.cells
    if cells.count > 128 {
      // Nothing is written for such a guest: stop before a command line the size of its square.
      findings.append(Messages.qemuTooManyNodes(file: file, count: cells.count, at: anchors.element("cpu/numa")))
      return (nil, findings)
    }
    let cellKiB = cells.map(\.memoryKiB)
    let initialKiB = cellKiB.reduce(0, &+)
    let alignment = guest.qemuMemoryAlignmentKiB
    let hmat = guest.numa?.hasHMAT ?? false
    let devices = Self.withSlotsAndAliases(references.memoryDevices)
    var lines: [String] = []

    // Without cells, QEMU 5.0 and later take the machine's RAM as a named backend.
    let defaultRAM = guest.numa == nil && version >= QEMUVersion.hmatAndDefaultRAM ? Self.defaultRAMID(facts) : nil
    var machine: [String] = []
    if let defaultRAM { machine.append("memory-backend=\(defaultRAM)") }
    if hmat { machine.append("hmat=on") }
    if devices.contains(where: { $0.device.model == "nvdimm" }) { machine.append("nvdimm=on") }
    // SGX enclave memory is a machine property, not a device.
    for (number, (device, alias, _)) in devices.filter({ $0.device.model == "sgx-epc" }).enumerated() {
      machine.append("sgx-epc.\(number).memdev=mem\(alias),sgx-epc.\(number).node=\(device.targetNode ?? 0)")
    }
    if !machine.isEmpty { lines.append("-machine " + machine.joined(separator: ",")) }

    let maximumKiB = references.maxMemoryKiB ?? 0
    if maximumKiB > 0 || (references.memorySlots ?? 0) > 0 {
      // Memory hotplug (virDomainDefHasMemoryHotplug): QEMU takes the sizes with a k suffix.
      lines.append(
        "-m size=\(initialKiB)k,slots=\(references.memorySlots ?? 0),maxmem=\(GuestDefinition.roundedUp(maximumKiB, to: alignment))k"
      )
    } else {
      lines.append("-m \(initialKiB / 1024)")
    }
    var backends = QEMUMemoryBackends(guest: guest, host: host, version: version)
    do throws(QEMUMemoryBackends.MissingMount) {
      if let defaultRAM {
        let made = try backends.backend(
          alias: defaultRAM, sizeKiB: initialKiB, cell: nil, device: nil, forced: false, systemMemory: true)
        if let threadContext = made.threadContext { lines.append(object(threadContext)) }
        lines.append(object(made.backend))
      } else if guest.numa == nil {
        try lines += memoryPathLines(guest, backends: &backends)
      }
      lines.append(smp(guest))
      if guest.numa != nil {
        var cellBackends: [(threadContext: QEMUObject?, backend: QEMUObject)] = []
        let takesNodeMemory =
          legacyMemory || version < QEMUVersion(major: 5, minor: 1)
          || QEMUMachine.takesLegacyNodeMemory(machine: facts.machine)
        var needBackend = !takesNodeMemory || hmat
        for (index, cell) in cells.enumerated() {
          let made = try backends.backend(
            alias: "ram-node\(index)", sizeKiB: cellKiB[index], cell: cell.id, device: nil, forced: false)
          cellBackends.append((made.threadContext, made.backend))
          if made.needed { needBackend = true }
        }
        if !needBackend { try lines += memoryPathLines(guest, backends: &backends) }
        let firstWithCPUs = cells.firstIndex { !$0.cpus.isEmpty } ?? 0
        for (index, cell) in cells.enumerated() {
          if needBackend {
            if let threadContext = cellBackends[index].threadContext { lines.append(object(threadContext)) }
            lines.append(object(cellBackends[index].backend))
          }
          var node = "-numa node,nodeid=\(index)"
          // Each run of the cpuset's text is a cpus= of its own (qemuBuildNumaCPUs).
          for run in cell.cpus.description.split(separator: ",", omittingEmptySubsequences: true) {
            node += ",cpus=\(run)"
          }
          if hmat { node += ",initiator=\(Self.initiator(of: index, in: cells, topology: topology) ?? firstWithCPUs)" }
          node += needBackend ? ",memdev=ram-node\(index)" : ",mem=\(cellKiB[index] / 1024)"
          lines.append(node)
        }
        if !usesDefaultDistances(topology.distances) {
          for from in 0..<cells.count {
            for to in 0..<cells.count {
              lines.append("-numa dist,src=\(from),dst=\(to),val=\(topology.distances[from, to])")
            }
          }
        }
        if hmat { lines += Self.hmatLines(topology) }
      }
      lines += expanderBuses(guest).map(device)
      for (device, alias, slot) in devices {
        let made = try backends.backend(
          alias: "mem\(alias)", sizeKiB: GuestDefinition.roundedUp(device.sizeKiB, to: facts.isPPC64 ? 262_144 : 2048),
          cell: device.targetNode, device: device, forced: true)
        if let threadContext = made.threadContext { lines.append(object(threadContext)) }
        lines.append(object(made.backend))
        if device.model != "sgx-epc" {
          lines.append(self.device(memoryDevice(device, alias: alias, slot: slot, guest: guest, backends: backends)))
        }
      }
    } catch {
      findings.append(
        Messages.qemuHugetlbfsMissing(file: file, pageSizeKiB: error.pageSizeKiB, at: anchors.element("memoryBacking")))
      return (nil, findings)
    }
    let text = lines.enumerated().map { $0.offset == lines.count - 1 ? $0.element : $0.element + " \\" }
      .joined(separator: "\n")
    return (text + "\n", findings)
  }

  /// `-smp` (`qemuBuildSmpCommandLine`): the vCPUs online at start, the maximum when it is
  /// more, and the topology (libvirt's `dies` always written with it).
  func smp(_ guest: GuestDefinition) -> String {
    let facts = guest.facts
    var smp = "-smp \(facts.currentVCPUs ?? guest.maximumVCPUs)"
    if let current = facts.currentVCPUs, current < guest.maximumVCPUs { smp += ",maxcpus=\(guest.maximumVCPUs)" }
    if let sockets = facts.sockets {
      smp += ",sockets=\(sockets),dies=\(facts.dies ?? 1),cores=\(facts.cores ?? 1),threads=\(facts.threads ?? 1)"
    } else {
      smp += ",sockets=\(guest.maximumVCPUs),cores=1,threads=1"
    }
    return smp
  }

  /// The machine's named RAM backend (`default-ram-id` of QMP's `query-machines`).
  static func defaultRAMID(_ facts: DomainFacts) -> String? {
    let machine = facts.machine ?? ""
    if machine.hasPrefix("pseries") { return "ppc_spapr.ram" }
    if machine.hasPrefix("microvm") { return "microvm.ram" }
    if machine.hasPrefix("s390-ccw-virtio") { return "s390.ram" }
    if machine.hasPrefix("virt") { return "mach-virt.ram" }
    if machine.hasPrefix("vexpress-") { return "vexpress.highmem" }
    guard ["x86_64", "i686", nil].contains(facts.arch) else { return nil }
    return "pc.ram"
  }

  /// `-mem-prealloc` and `-mem-path`, where memory has no backends (`qemuBuildMemPathStr`);
  /// once `-mem-prealloc` is given, backends say nothing of preallocation.
  func memoryPathLines(
    _ guest: GuestDefinition, backends: inout QEMUMemoryBackends
  ) throws(QEMUMemoryBackends.MissingMount) -> [String] {
    let (preallocate, path) = try memoryPath(guest, backends: backends)
    var lines: [String] = []
    if preallocate {
      lines.append("-mem-prealloc")
      backends.preallocatedByCommandLine = true
    }
    if let path { lines.append("-mem-path " + shellQuoted(path)) }
    return lines
  }

  /// What `-mem-prealloc` and `-mem-path` say: the first `<page>`'s hugetlbfs, or
  /// file-backed memory.
  func memoryPath(
    _ guest: GuestDefinition, backends: QEMUMemoryBackends
  ) throws(QEMUMemoryBackends.MissingMount) -> (preallocate: Bool, path: String?) {
    guard let backing = guest.references.memoryBacking else { return (false, nil) }
    var preallocate = backing.allocatesImmediately
    var path: String?
    let firstPage = backing.hugepages ? (backing.pages.first?.sizeKiB ?? 0) : nil
    if let firstPage, firstPage != QEMUMemoryBackends.systemPageSizeKiB {
      guard let size = firstPage == 0 ? host.defaultPageSizeKiB : firstPage else {
        throw QEMUMemoryBackends.MissingMount(pageSizeKiB: 0)
      }
      path = try backends.hugepagePath(pageSizeKiB: size)
      preallocate = true
    } else if backing.sourceType == "file" {
      path = backends.memoryBackingPath(alias: "ram")
    }
    return (preallocate, path)
  }

  /// The initiator of a cell in QEMU's HMAT (`virDomainNumaGetNodeInitiator`): itself when it
  /// has vCPUs, else the initiator of its lowest latency, else of its largest bandwidth.
  static func initiator(of index: Int, in cells: [Cell], topology: NUMATopology) -> Int? {
    if !cells[index].cpus.isEmpty { return index }
    var minimumLatency = UInt64(UInt32.max)
    var byLatency: Int?
    var maximumBandwidth: UInt64 = 0
    var byBandwidth: Int?
    for link in topology.interconnects where link.target == index {
      switch link.kind {
      case .latency where link.value < minimumLatency:
        minimumLatency = link.value
        byLatency = link.initiator
      case .bandwidth where link.value > maximumBandwidth:
        maximumBandwidth = link.value
        byBandwidth = link.initiator
      default: break
      }
    }
    return byLatency ?? byBandwidth
  }

  /// `-numa hmat-lb` per figure in document order, then `-numa hmat-cache` per cache of each
  /// cell (QEMU takes a cache only after the figures).
  static func hmatLines(_ topology: NUMATopology) -> [String] {
    let hierarchy = ["memory", "first-level", "second-level", "third-level"]
    var lines: [String] = []
    for link in topology.interconnects {
      var line =
        "-numa hmat-lb,initiator=\(link.initiator),target=\(link.target),hierarchy=\(hierarchy[min(link.cache, 3)]),data-type=\(link.type)-"
      switch link.kind {
      case .latency: line += "latency,latency=\(link.value)"
      case .bandwidth: line += "bandwidth,bandwidth=\(link.value)K"
      }
      lines.append(line)
    }
    for (index, cell) in topology.cells.enumerated() {
      for cache in cell.caches {
        var line = "-numa hmat-cache,node-id=\(index),size=\(cache.sizeKiB)K,level=\(cache.level)"
        line += ",associativity=" + (cache.associativity == "full" ? "complex" : cache.associativity)
        line +=
          ",policy="
          + ["writeback": "write-back", "writethrough": "write-through"][cache.policy, default: cache.policy]
        if cache.lineBytes > 0 { line += ",line=\(cache.lineBytes)" }
        lines.append(line)
      }
    }
    return lines
  }

  static func isExpanderBus(_ controller: PCIController) -> Bool {
    ["pci-expander-bus", "pcie-expander-bus"].contains(controller.model ?? "")
  }

  /// A pSeries PCI host bridge beyond the first: a `pci-root` with an index above 0.
  static func isHostBridge(_ controller: PCIController) -> Bool {
    controller.model == "pci-root" && (controller.index ?? 0) > 0
  }

  /// The devices of the guest's PCI buses that can sit on a cell, by index: `pxb`/`pxb-pcie`
  /// expander buses and pSeries host bridges (`spapr-pci-host-bridge`), with their `numa_node`.
  func expanderBuses(_ guest: GuestDefinition) -> [QEMUObject] {
    let controllers = guest.references.pciControllers.filter { Self.isExpanderBus($0) || Self.isHostBridge($0) }
    return controllers.sorted { ($0.index ?? 0) < ($1.index ?? 0) }.map { controller in
      if Self.isHostBridge(controller) {
        var bridge = QEMUObject([("driver", .string("spapr-pci-host-bridge"))])
        bridge.add("index", .number(UInt64(controller.targetIndex ?? controller.index ?? 0)))
        bridge.add("id", .string(controller.alias ?? "pci.\(controller.index ?? 0)"))
        bridge.add("numa_node", controller.node.map { .number(UInt64($0)) })
        return bridge
      }
      var device = QEMUObject([
        ("driver", .string(controller.model == "pcie-expander-bus" ? "pxb-pcie" : "pxb"))
      ])
      device.add("bus_nr", controller.busNumber.map { .number(UInt64($0)) })
      device.add("id", .string(controller.alias ?? "pci.\(controller.index ?? 0)"))
      device.add("numa_node", controller.node.map { .number(UInt64($0)) })
      if let address = controller.address { addPCIAddress(address, to: &device, guest: guest) }
      return device
    }
  }

  /// A memory device's `-device` (`qemuBuildMemoryDeviceProps`).
  func memoryDevice(
    _ device: MemoryDevice, alias: String, slot: Int?, guest: GuestDefinition, backends: QEMUMemoryBackends
  ) -> QEMUObject {
    let driver = [
      "dimm": "pc-dimm", "nvdimm": "nvdimm", "virtio-pmem": "virtio-pmem-pci", "virtio-mem": "virtio-mem-pci",
    ]
    var object = QEMUObject([("driver", .string(driver[device.model] ?? device.model))])
    if device.model != "virtio-pmem" { object.add("node", device.targetNode.map { .number(UInt64($0)) }) }
    for (key, size) in [
      ("label-size", device.labelSizeKiB), ("block-size", device.blockSizeKiB),
      ("requested-size", device.requestedSizeKiB),
    ] {
      if let size, size > 0 { object.add(key, .number(size * 1024)) }
    }
    object.add("uuid", device.uuid.map { .string($0) })
    if device.readonly { object.add("unarmed", .bool(true)) }
    object.add("memdev", .string("mem\(alias)"))
    if device.model == "virtio-mem", version >= QEMUMemoryBackends.virtioMemPrealloc,
      (try? backends.pages(for: device, cell: device.targetNode))?.preallocated == true
    {
      object.add("prealloc", .bool(true))
    }
    object.add("id", .string(alias))
    switch device.address {
    case .dimm(let slot, let base)?:
      object.add("slot", .number(UInt64(slot)))
      if let base, base > 0 { object.add("addr", .number(base)) }
    case .pci(let address)?:
      addPCIAddress(address, to: &object, guest: guest)
    case nil:
      if let slot { object.add("slot", .number(UInt64(slot))) }
    }
    return object
  }

  /// `bus`, `multifunction` and `addr` of a device at a PCI address (`qemuBuildDeviceAddressProps`).
  func addPCIAddress(_ address: PCIAddress, to object: inout QEMUObject, guest: GuestDefinition) {
    let controller = guest.references.pciControllers.first { $0.index == address.bus }
    let bus: String
    switch controller?.model {
    case "pcie-root"?: bus = "pcie.0"
    case "pci-root"?: bus = "pci.0"
    case nil where address.bus == 0: bus = (guest.facts.machine ?? "").contains("q35") ? "pcie.0" : "pci.0"
    default: bus = controller?.alias ?? "pci.\(address.bus)"
    }
    object.add("bus", .string(bus))
    object.add("multifunction", address.multifunction.map { .bool($0 == "on") })
    let slot = "0x" + String(address.slot, radix: 16)
    object.add("addr", .string(address.function == 0 ? slot : slot + ".0x" + String(address.function, radix: 16)))
  }

  /// The memory devices with the DIMM slot libvirt gives those without one (the first free
  /// slot, in order) and their aliases (`dimmSLOT`, `nvdimmSLOT`, `virtiomemN`, `virtiopmemN`;
  /// a user alias as it is).
  static func withSlotsAndAliases(_ devices: [MemoryDevice]) -> [(device: MemoryDevice, alias: String, slot: Int?)] {
    var taken = Set<Int>()
    for device in devices {
      if case .dimm(let slot, _)? = device.address { taken.insert(slot) }
    }
    var counters: [String: Int] = [:]
    var result: [(device: MemoryDevice, alias: String, slot: Int?)] = []
    for device in devices {
      var slot: Int?
      if ["dimm", "nvdimm"].contains(device.model) {
        if case .dimm(let given, _)? = device.address {
          slot = given
        } else {
          var free = 0
          while taken.contains(free) { free += 1 }
          taken.insert(free)
          slot = free
        }
      }
      let prefix = [
        "dimm": "dimm", "nvdimm": "nvdimm", "virtio-mem": "virtiomem", "virtio-pmem": "virtiopmem", "sgx-epc": "epc",
      ][
        device.model, default: device.model]
      let alias: String
      if let given = device.alias, given.hasPrefix("ua-") {
        alias = given
      } else if let slot {
        alias = "\(prefix)\(slot)"
      } else {
        alias = "\(prefix)\(counters[prefix, default: 0])"
        counters[prefix, default: 0] += 1
      }
      result.append((device, alias, slot))
    }
    return result
  }

  /// `-object` in JSON from QEMU 6.0 on, as libvirt writes it; before, in `key=value` form.
  func object(_ object: QEMUObject) -> String {
    "-object " + shellQuoted(version >= QEMUVersion(major: 6, minor: 0) ? object.json : object.keyValue)
  }

  /// `-device` in JSON from QEMU 7.0 on, as libvirt writes it; before, in `key=value` form.
  func device(_ object: QEMUObject) -> String {
    "-device " + shellQuoted(version >= QEMUVersion(major: 7, minor: 0) ? object.json : object.keyValue)
  }

  /// libvirt's `virDomainNumaNodeDistanceIsUsingDefaults`: true when no cell has a distance row,
  /// or every row is complete and holds only 10 on the diagonal and 20 elsewhere. (An unset entry
  /// in a row that exists counts as non-default, as in libvirt.)
  func usesDefaultDistances(_ matrix: DistanceMatrix) -> Bool {
    for from in 0..<matrix.count {
      let row = (0..<matrix.count).map { matrix.storedValue(from: from, to: $0) }
      if row.allSatisfy({ $0 == nil }) { continue }
      for (to, value) in row.enumerated() {
        guard let value, value == (from == to ? DistanceMatrix.local : DistanceMatrix.remoteDefault) else {
          return false
        }
      }
    }
    return true
  }

  /// A word for a POSIX shell: single-quoted when it holds anything but safe characters.
  func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=,./:")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacing("'", with: "'\\''") + "'"
  }
}
