import Testing

@testable import NumaSchemaKit

/// A domain of `vcpus` vCPUs on `machine` (none: libvirt's default) and `arch`, with these cells.
private func qemuGuest(
  cells: String?, vcpus: Int = 8, machine: String? = "q35", arch: String = "x86_64", type: String = "kvm",
  cpu: String = ""
) -> String {
  let machineAttribute = machine.map { " machine='\($0)'" } ?? ""
  return """
    <domain type='\(type)'>
      <name>probe</name>
      <vcpu>\(vcpus)</vcpu>
      <os><type arch='\(arch)'\(machineAttribute)>hvm</type></os>
      <cpu>\(cpu)\(cells.map { "<numa>\($0)</numa>" } ?? "")</cpu>
    </domain>
    """
}

private func topology(_ xml: String) throws -> (plain: NUMATopology, qemu: NUMATopology) {
  let guest = try #require(validate(xml).guest, "the guest is valid")
  return (guest.effectiveTopology, guest.qemuTopology)
}

@Suite("show --driver qemu: what libvirt's QEMU driver gives QEMU")
struct QEMUTopologyTests {
  @Test("vCPUs that no cell holds land in cell 0, and only under the QEMU driver")
  func unassignedVCPUsLandInCellZero() throws {
    let xml = qemuGuest(
      cells: "<cell id='0' cpus='2-3' memory='1048576'/><cell id='1' cpus='4-5' memory='1048576'/>", vcpus: 8)
    let (plain, qemu) = try topology(xml)
    #expect(plain.cells.map(\.cpus.description) == ["2-3", "4-5"])
    #expect(qemu.cells.map(\.cpus.description) == ["0-3,6-7", "4-5"])
  }

  @Test("a guest whose cells hold every vCPU keeps its cells' vCPUs")
  func assignedVCPUsStay() throws {
    let (plain, qemu) = try topology(qemuGuest(cells: twoCells))
    #expect(qemu.cells.map(\.cpus) == plain.cells.map(\.cpus))
  }

  @Test("each cell's memory is rounded up to 1 MiB on x86", arguments: [(20002, 20480), (1024, 1024), (1, 1024)])
  func memoryIsAlignedOnX86(given: UInt64, aligned: UInt64) throws {
    let xml = qemuGuest(cells: "<cell id='0' cpus='0-7' memory='\(given)'/>")
    let (plain, qemu) = try topology(xml)
    #expect(plain.cells[0].memoryKiB == given)
    #expect(qemu.cells[0].memoryKiB == aligned)
  }

  @Test("on ppc64 the alignment is 256 MiB")
  func memoryIsAlignedOnPPC64() throws {
    let xml = qemuGuest(cells: "<cell id='0' cpus='0-7' memory='1048577'/>", machine: "pseries", arch: "ppc64le")
    #expect(try topology(xml).qemu.cells[0].memoryKiB == 1_310_720)
  }

  @Test("a guest without <numa> is one node with <memory> rounded up")
  func guestWithoutNUMA() throws {
    let xml = guest(numa: nil, memory: "<memory unit='KiB'>1000001</memory>")
    let (_, qemu) = try topology(xml)
    #expect(qemu.cells.count == 1)
    #expect(qemu.cells[0].cpus.description == "0-7")
    #expect(qemu.cells[0].memoryKiB == 1_000_448)
  }

  @Test("distances are the completed matrix, asymmetric ones kept")
  func distancesStay() throws {
    let xml = qemuGuest(
      cells: """
        <cell id='0' cpus='0-3' memory='1048576'><distances><sibling id='1' value='21'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1048576'><distances><sibling id='0' value='31'/></distances></cell>
        """)
    #expect(try topology(xml).qemu.distances.rows == [[10, 21], [31, 10]])
  }

  @Test("show's JSON has the same shape with --driver qemu as without it")
  func jsonShapeIsShared() throws {
    let (plain, qemu) = try topology(qemuGuest(cells: "<cell id='0' cpus='0-3' memory='1000'/>"))
    guard case .object(let plainTop) = TopologyView.json(plain), case .object(let qemuTop) = TopologyView.json(qemu)
    else {
      Issue.record("a topology is a JSON object")
      return
    }
    #expect(plainTop.map(\.0) == qemuTop.map(\.0))
    #expect(TopologyView.numactl(qemu).contains("node 0 cpus: 0 1 2 3 4 5 6 7\nnode 0 size: 1 MB"))
  }
}

@Suite("validate --driver qemu: what QEMU 7.2 refuses at start")
struct QEMUStartRuleTests {
  @Test(
    "the vCPU limit is the machine type's",
    arguments: [
      (nil, 255), ("pc", 255), ("pc-i440fx-7.2", 255), ("q35", 288), ("pc-q35-7.2", 288), ("pc-q35-2.7", 255),
      ("pc-q35-2.8", 288),
    ] as [(String?, Int)])
  func machineLimit(machine: String?, limit: Int) {
    let cells = { (n: Int) in "<cell id='0' cpus='0-\(n - 1)' memory='1048576'/>" }
    let atLimit = qemuGuest(cells: cells(limit), vcpus: limit, machine: machine)
    let over = qemuGuest(cells: cells(limit + 1), vcpus: limit + 1, machine: machine)
    #expect(!validate(atLimit, driver: .qemu).codes.contains(.qemuVCPUsExceedMachine))
    #expect(validate(over, driver: .qemu).codes.contains(.qemuVCPUsExceedMachine))
    #expect(validate(over).isValid, "libvirt's define takes it; only the QEMU driver refuses it")
  }

  @Test("a machine type the table does not know, or another architecture, is not checked")
  func unknownMachines() {
    let cells = "<cell id='0' cpus='0-299' memory='1048576'/>"
    #expect(
      !validate(qemuGuest(cells: cells, vcpus: 300, machine: "virt", arch: "aarch64"), driver: .qemu).codes
        .contains(.qemuVCPUsExceedMachine))
    #expect(
      !validate(qemuGuest(cells: cells, vcpus: 300, machine: "pc-future"), driver: .qemu).codes
        .contains(.qemuVCPUsExceedMachine))
  }

  @Test(
    "the topology's product must be the vCPU count",
    arguments: [
      ("<topology sockets='2' cores='2' threads='2'/>", true),
      ("<topology sockets='2' dies='2' cores='2' threads='1'/>", true),
      ("<topology sockets='4' cores='4' threads='1'/>", false),
      ("<topology sockets='2' dies='2' cores='2' threads='2'/>", false),
    ])
  func topologyProduct(topology: String, fits: Bool) {
    let report = validate(qemuGuest(cells: twoCells, cpu: topology), driver: .qemu)
    #expect(report.codes.contains(.qemuCPUTopologyMismatch) == !fits)
  }

  @Test(
    "without KVM, APIC ids must stay below 255; each topology level takes the bits its count needs",
    arguments: [
      (255, "", true), (256, "", false), (201, "<topology sockets='67' cores='3' threads='1'/>", false),
      (130, "<topology sockets='2' cores='65' threads='1'/>", true),
      (192, "<topology sockets='3' dies='2' cores='8' threads='4'/>", true),
      (240, "<topology sockets='5' dies='3' cores='8' threads='2'/>", false),
    ])
  func apicIDsUnderTCG(vcpus: Int, topology: String, fits: Bool) {
    let cells = "<cell id='0' cpus='0-\(vcpus - 1)' memory='1048576'/>"
    let tcg = validate(qemuGuest(cells: cells, vcpus: vcpus, type: "qemu", cpu: topology), driver: .qemu)
    #expect(tcg.codes.contains(.qemuAPICIDsNeedKVM) == !fits)
    let kvm = validate(qemuGuest(cells: cells, vcpus: vcpus, type: "kvm", cpu: topology), driver: .qemu)
    #expect(!kvm.codes.contains(.qemuAPICIDsNeedKVM), "KVM's in-kernel irqchip takes them")
  }

  @Test("a cell without memory is refused on current machine types, not on those that take mem=")
  func cellWithoutMemory() {
    let cells = "<cell id='0' cpus='0-3' memory='1048576'/><cell id='1' cpus='4-7' memory='0'/>"
    for machine in [nil, "pc", "q35", "pc-q35-5.1", "pc-i440fx-7.2"] as [String?] {
      #expect(validate(qemuGuest(cells: cells, machine: machine), driver: .qemu).codes.contains(.qemuCellMemoryZero))
    }
    for machine in ["pc-q35-5.0", "pc-i440fx-2.12"] {
      #expect(!validate(qemuGuest(cells: cells, machine: machine), driver: .qemu).codes.contains(.qemuCellMemoryZero))
    }
  }
}
