/// What a guest becomes under libvirt's QEMU driver before QEMU sees it, and what the QEMU it
/// drives takes (`show --driver qemu`, the QEMU rules of `validate --driver qemu`).
extension GuestDefinition {
  /// The topology a QEMU guest really gets from libvirt's QEMU driver: the vCPUs that no cell
  /// holds are in cell 0 (`qemuDomainDefNumaCPUsRectify`: when the cells hold fewer vCPUs than
  /// `<vcpu>`, cell 0 gets every vCPU that no other cell holds), and every cell's memory is
  /// rounded up to the driver's alignment (`qemuDomainAlignMemorySizes`; a guest without
  /// `<numa>` has its memory rounded up the same way). Distances are the completed matrix as
  /// `show` gives it: libvirt writes `-numa dist` for every pair unless all are defaults, and a
  /// guest without a SLIT uses 10 and 20 too.
  public var qemuTopology: NUMATopology {
    var topology = effectiveTopology
    if numa != nil, !topology.cells.isEmpty, maximumVCPUs > 0 {
      let held = topology.cells.reduce(0) { $0 + $1.cpus.count }
      if held < maximumVCPUs {
        // virDomainNumaFillCPUsInNode(numa, 0, maxvcpus)
        topology.cells[0].cpus = topology.cells.dropFirst().reduce(CPUSet(ranges: [0...(maximumVCPUs - 1)])) {
          $0.subtracting($1.cpus)
        }
      }
    }
    let alignment = qemuMemoryAlignmentKiB
    for index in topology.cells.indices {
      topology.cells[index].memoryKiB = Self.roundedUp(topology.cells[index].memoryKiB, to: alignment)
    }
    return topology
  }

  /// `qemuDomainGetMemorySizeAlignment`: 256 MiB on 64-bit POWER, else 1 MiB; in KiB.
  public var qemuMemoryAlignmentKiB: UInt64 { facts.isPPC64 ? 256 * 1024 : 1024 }

  /// `VIR_ROUND_UP`; a size so large that it would wrap stays as it is (validation has refused
  /// such a guest already: `numa-memory-overflow`).
  static func roundedUp(_ kibibytes: UInt64, to alignment: UInt64) -> UInt64 {
    let (sum, overflow) = kibibytes.addingReportingOverflow(alignment - 1)
    return overflow ? kibibytes : sum / alignment * alignment
  }
}

/// The x86 machine types of QEMU 7.2 and the most vCPUs each takes (`query-machines`'
/// `cpu-max`, which libvirt reads as `virQEMUCapsGetMachineMaxCpus`).
enum QEMUMachine {
  /// The machine QEMU and libvirt use when `<os><type>` names none on x86: `pc`, i440fx.
  static let x86Default = "pc"

  /// The most vCPUs `machine` takes on x86, or `nil` for a machine this table does not know.
  static func maximumVCPUs(x86 machine: String?) -> Int? {
    let name = machine ?? x86Default
    if name == "pc" || name.hasPrefix("pc-i440fx-") { return 255 }
    if name == "q35" || name == "microvm" { return 288 }
    if name.hasPrefix("pc-q35-") {
      // pc-q35-2.4 to 2.7 take 255; from 2.8 on, 288.
      guard let version = QEMUVersion(parsing: String(name.dropFirst("pc-q35-".count))) else { return nil }
      return version < QEMUVersion(major: 2, minor: 8) ? 255 : 288
    }
    if name == "isapc" { return 1 }
    return nil
  }

  /// Does the machine type take `-numa node,mem=` (QEMU's `numa_mem_supported`): only the
  /// versioned pc-i440fx, pc-q35 and pseries types up to 5.0. On the others libvirt gives every
  /// cell a memory backend.
  static func takesLegacyNodeMemory(machine: String?) -> Bool {
    guard let name = machine else { return false }
    for prefix in ["pc-i440fx-", "pc-q35-", "pseries-"] where name.hasPrefix(prefix) {
      guard let version = QEMUVersion(parsing: String(name.dropFirst(prefix.count))) else { return false }
      return version <= QEMUVersion(major: 5, minor: 0)
    }
    return false
  }
}

extension GuestDefinition {
  /// One more than the largest x86 APIC id QEMU gives a vCPU (`apic_id_limit`, QEMU's
  /// `x86_cpu_apic_id_from_index` of the last vCPU): each level of `<cpu><topology>` takes as
  /// many bits as its count needs (threads, then cores, dies, sockets), so a count that is not
  /// a power of two leaves ids unused. Without a topology libvirt writes one vCPU per socket.
  /// `nil` when the topology is not the vCPU count (`qemu-cpu-topology-mismatch`).
  var x86APICIDLimit: Int? {
    let threads = facts.threads ?? 1
    let cores = facts.cores ?? 1
    let dies = facts.dies ?? 1
    let sockets = facts.sockets ?? maximumVCPUs
    guard maximumVCPUs > 0, threads > 0, cores > 0, dies > 0, sockets > 0,
      facts.sockets == nil || sockets.multipliedReportingOverflow(by: dies * cores * threads) == (maximumVCPUs, false)
    else { return nil }
    func width(_ count: Int) -> Int { count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount }
    let index = maximumVCPUs - 1
    let (thread, core) = (index % threads, index / threads % cores)
    let (die, package) = (index / (threads * cores) % dies, index / (threads * cores * dies))
    let coreOffset = width(threads)
    let dieOffset = coreOffset + width(cores)
    let packageOffset = dieOffset + width(dies)
    return (package << packageOffset | die << dieOffset | core << coreOffset | thread) + 1
  }
}

extension DomainFacts {
  /// Is the guest an x86 one (`<os><type arch>` x86_64 or i686, or none given: libvirt then
  /// takes the host's, and numaschema assumes x86)?
  var isX86: Bool { arch == nil || arch == "x86_64" || arch == "i686" }
}
