import Testing

@testable import NumaSchemaKit

@Suite("to-xl")
struct XLExporterTests {
  func xl(_ xml: String) -> ConversionResult { sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml").toXL() }

  @Test func vnumaLineIsLibvirts() throws {
    let result = xl(
      guest(
        numa: VNUMAScenario.partial.cells, memory: "<memory unit='KiB'>8388608</memory>"))
    let text = try #require(result.output)
    #expect(
      text.contains(
        #"vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10,21,31,41" ], [ "pnode=1", "size=2048", "vcpus=2-3", "vdistances=21,10,20,20" ], [ "pnode=2", "size=2048", "vcpus=4-5", "vdistances=31,20,10,20" ], [ "pnode=3", "size=2048", "vcpus=6-7", "vdistances=41,20,20,10" ] ]"#
      ))
    #expect(text.contains("maxmem = 8192\nmemory = 8192\nvcpus = 8\nbuilder = \"hvm\"\n"))
  }

  @Test func nonContiguousCPUsKeepTheirCommas() throws {
    let text = try #require(
      xl(
        guest(
          numa: "<cell id='0' cpus='0,7' memory='1024' unit='MiB'/><cell id='1' cpus='1-6' memory='1024' unit='MiB'/>")
      ).output)
    #expect(text.contains(#""vcpus=0,7""#))
  }

  @Test func cellsThatAreNotWholeMiBAreRefused() {
    let result = xl(guest(numa: "<cell id='0' cpus='0-7' memory='1536'/>"))
    #expect(result.output == nil)
    let finding = result.diagnostics.first { $0.code == .toXLMemoryNotMiB }
    #expect(finding?.line != nil && finding?.column != nil)
  }

  @Test func memoryOnlyCellsCannotBeVnodes() {
    let result = xl(
      guest(numa: "<cell id='0' cpus='0-7' memory='1024' unit='MiB'/><cell id='1' memory='1024' unit='MiB'/>"))
    #expect(result.output == nil)
    #expect(result.diagnostics.map(\.code).contains(.toXLCellWithoutCPUs))
  }

  @Test("what changes the NUMA meaning is a warning each; what has none is named once, never a warning of its own")
  func onlyNUMAMeaningIsWarned() {
    let others = "<clock offset='utc'/><devices><console type='pty'/></devices>"
    let result = xl(guest(numa: twoCells, extra: "<memoryBacking><hugepages/></memoryBacking>" + others))
    #expect(result.output != nil)
    #expect(result.diagnostics.map(\.code) == [.toXLNotConverted])
    #expect(result.diagnostics.first?.message.hasPrefix("<memoryBacking>") == true)
    // With a warning, the rest ends it: one message about what is left out.
    #expect(result.diagnostics.first?.message.hasSuffix("having no NUMA meaning: <clock>, <devices>") == true)
    #expect(result.leftOut.isEmpty)
    // Without one, the rest is a note line.
    let plain = xl(guest(numa: twoCells, extra: others))
    #expect(plain.diagnostics.isEmpty)
    #expect(plain.leftOut == ["<clock>", "<devices>"])
  }

  @Test("a binding of each cell to one host node is xl's pnode, both ways")
  func pnodeCarriesTheBinding() throws {
    let xml = guest(
      numa: twoCells,
      extra:
        "<numatune><memnode cellid='0' mode='strict' nodeset='1'/><memnode cellid='1' mode='strict' nodeset='0'/></numatune>"
    )
    let config = try #require(xl(xml).output)
    #expect(config.contains(#"[ "pnode=1", "size=1024""#) && config.contains(#"[ "pnode=0", "size=1024""#))
    #expect(xl(xml).diagnostics.isEmpty)
    let back = XLImport.domain(bytes: Array(config.utf8), file: "g.cfg", validator: sharedValidator)
    let domain = try #require(back.output)
    let numatune = sharedValidator.validate(bytes: Array(domain.utf8), file: "back.xml").guest?.references.numatune
    #expect(numatune?.memnodes[0]?.nodeset == CPUSet([1]))
    #expect(numatune?.memnodes[1]?.nodeset == CPUSet([0]))
    // A node past the cells is not a pnode libvirt reads back: a warning, pnode = the cell.
    let far = xml.replacingOccurrences(of: "nodeset='1'/>", with: "nodeset='7'/>")
    #expect(xl(far).diagnostics.map(\.code) == [.toXLNotConverted])
  }

  @Test("--warnings-as-errors turns what is not converted into errors; --strict leaves the converter's warnings be")
  func warningsAsErrorsTurnsUnconvertedElementsIntoErrors() {
    // Memory spread over two host nodes: xl's pnode places a vnode on one.
    let xml = guest(
      numa: twoCells,
      extra: "<numatune><memory mode='strict' nodeset='0-1'/></numatune><devices><console type='pty'/></devices>")
    var options = OperationOptions(grammar: sharedValidator.grammar)
    options.findings.strict = true
    let input = InputSource.inMemory(name: "g.xml", bytes: Array(xml.utf8))
    let strict = Operations.ToXL(input: input, options: options).run()
    #expect(strict.status == .clean)
    #expect(strict.standardOutput.hasPrefix("name = \"probe\""))
    #expect(
      strict.standardError.contains(
        "in its NUMA meaning; not converted either, having no NUMA meaning: <devices> [to-xl-not-converted]"))
    options.findings.warningsAsErrors = true
    let refused = Operations.ToXL(input: input, options: options).run()
    #expect(refused.status == .findings)
    #expect(refused.standardOutput.isEmpty)
    #expect(refused.findings.contains { $0.code == .toXLNotConverted && $0.severity == .error })
    options.report.quiet = true
    let withoutBinding = InputSource.inMemory(
      name: "g.xml", bytes: Array(guest(numa: twoCells, extra: "<devices/>").utf8))
    #expect(Operations.ToXL(input: withoutBinding, options: options).run().standardError.isEmpty)
  }

  @Test func stringsAreQuotedForXL() throws {
    let text = try #require(
      xl(guest(numa: twoCells).replacingOccurrences(of: "<name>probe</name>", with: "<name>a\"b\\c</name>")).output)
    #expect(text.hasPrefix(#"name = "a\"b\\c""#))
  }
}

@Suite("to-qemu")
struct QEMUCommandLineTests {
  func qemu(
    _ xml: String, legacy: Bool = false, host: QEMUHostSettings = .defaults, version: QEMUVersion = .debian12
  ) -> ConversionResult {
    sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml").toQEMU(
      legacyMemory: legacy, host: host, version: version)
  }

  /// The option lines of `text` that start with `prefix`.
  func lines(_ text: String, _ prefix: String) -> [String] {
    text.split(separator: "\n").map { $0.hasSuffix(" \\") ? String($0.dropLast(2)) : String($0) }.filter {
      $0.hasPrefix(prefix)
    }
  }

  @Test func aCellWithItsOwnHugePageSizeIsAFileBackendUnderThatMount() throws {
    let backing =
      "<memoryBacking><hugepages><page size='1' unit='GiB'/><page size='2048' nodeset='1'/></hugepages></memoryBacking>"
    let text = try #require(qemu(guest(numa: twoCells, extra: backing)).output)
    let objects = lines(text, "-object")
    #expect(objects[0].contains(#""mem-path":"/dev/hugepages1G/libvirt/qemu/1-probe","prealloc":true"#))
    #expect(objects[1].contains(#""mem-path":"/dev/hugepages/libvirt/qemu/1-probe","prealloc":true"#))
  }

  @Test func hostPathsComeFromTheSettings() throws {
    let backing = "<memoryBacking><hugepages/></memoryBacking>"
    let host = QEMUHostSettings(
      hugetlbfs: [.init(pageSizeKiB: 2048, path: "/mnt/huge")], memoryBackingDirectory: "/ram", domainID: 7)
    let text = try #require(qemu(guest(numa: twoCells, extra: backing), host: host).output)
    #expect(text.contains(#""mem-path":"/mnt/huge/libvirt/qemu/7-probe""#))
    let shared = guest(numa: "<cell id='0' cpus='0-7' memory='1048576' memAccess='shared'/>")
    #expect(
      try #require(qemu(shared, host: host).output).contains(#""mem-path":"/ram/7-probe/ram-node0","share":true"#))
  }

  @Test func aPageSizeNoMountServesIsRefused() {
    let backing = "<memoryBacking><hugepages><page size='16' unit='MiB'/></hugepages></memoryBacking>"
    let result = qemu(guest(numa: twoCells, extra: backing))
    #expect(result.output == nil)
    #expect(result.diagnostics.map(\.code) == [.toQEMUHugetlbfsMissing])
  }

  @Test func numatuneBindsEachBackendAndTheRestrictiveModeIsLeftToCgroups() throws {
    let tune =
      "<numatune><memory mode='strict' nodeset='0-1'/><memnode cellid='1' mode='preferred' nodeset='3'/></numatune>"
    let text = try #require(qemu(guest(numa: twoCells, extra: tune)).output)
    let objects = lines(text, "-object")
    #expect(objects[0].hasSuffix(#""size":1073741824,"host-nodes":[0,1],"policy":"bind"}'"#))
    #expect(objects[1].hasSuffix(#""size":1073741824,"host-nodes":[3],"policy":"preferred"}'"#))
    let restrictive = qemu(
      guest(numa: twoCells, extra: "<numatune><memory mode='restrictive' nodeset='0'/></numatune>"))
    #expect(try #require(restrictive.output).contains("host-nodes") == false)
    #expect(restrictive.diagnostics.map(\.code) == [.toQEMUNotConverted])
  }

  @Test func preallocationOnHostNodesGetsAThreadContextFromQEMU72() throws {
    let xml = guest(
      numa: twoCells,
      extra: "<memoryBacking><hugepages/></memoryBacking><numatune><memory nodeset='2'/></numatune>")
    let current = try #require(qemu(xml).output)
    #expect(
      lines(current, "-object")[0]
        == #"-object '{"qom-type":"thread-context","id":"tc-ram-node0","node-affinity":[2]}'"#)
    #expect(current.contains(#""prealloc-context":"tc-ram-node0"}"#))
    let older = try #require(qemu(xml, version: QEMUVersion(major: 7, minor: 1)).output)
    #expect(!older.contains("thread-context"))
  }

  @Test func oldMachineTypesTakeNodeMemoryUnlessACellNeedsABackend() throws {
    let old = guest(numa: twoCells).replacingOccurrences(
      of: "<type arch='x86_64'>", with: "<type arch='x86_64' machine='pc-i440fx-5.0'>")
    #expect(try #require(qemu(old).output).contains("-numa node,nodeid=0,cpus=0-3,mem=1024"))
    let shared = old.replacingOccurrences(of: "memory='1048576'/>", with: "memory='1048576' memAccess='shared'/>")
    #expect(try #require(qemu(shared).output).contains("memdev=ram-node1"))
    let newer = old.replacingOccurrences(of: "pc-i440fx-5.0", with: "pc-i440fx-5.1")
    #expect(try #require(qemu(newer).output).contains("memdev=ram-node0"))
  }

  @Test func olderQEMUGetsKeyValueObjects() throws {
    let text = try #require(
      qemu(
        guest(numa: twoCells, extra: "<numatune><memory nodeset='0-1,3'/></numatune>"),
        version: QEMUVersion(major: 5, minor: 2)
      )
      .output)
    #expect(
      lines(text, "-object")[0]
        == "-object memory-backend-ram,id=ram-node0,size=1073741824,host-nodes=0-1,host-nodes=3,policy=bind")
  }

  @Test func aCPULessCellTakesTheInitiatorOfItsLowestLatency() throws {
    let cells = """
      <cell id='0' cpus='0-3' memory='1048576'/><cell id='1' cpus='4-7' memory='1048576'/><cell id='2' memory='1048576'/>
      <interconnects>
        <latency initiator='0' target='2' type='access' value='90'/>
        <latency initiator='1' target='2' type='access' value='40'/>
      </interconnects>
      """
    let text = try #require(qemu(guest(numa: cells)).output)
    #expect(text.hasPrefix("-machine hmat=on \\\n"))
    #expect(lines(text, "-numa node,nodeid=2") == ["-numa node,nodeid=2,initiator=1,memdev=ram-node2"])
    #expect(lines(text, "-numa hmat-lb").count == 2)
  }

  @Test func memoryDevicesTakeTheFirstFreeSlotAndAreNamedAfterIt() throws {
    let devices = """
      <devices>
        <memory model='dimm'><target><size unit='MiB'>511</size><node>0</node></target></memory>
        <memory model='dimm'><target><size unit='MiB'>512</size><node>1</node></target><address type='dimm' slot='0'/></memory>
      </devices>
      """
    let xml = guest(numa: twoCells, memory: "<maxMemory slots='4' unit='GiB'>16</maxMemory>", extra: devices)
    let text = try #require(qemu(xml).output)
    #expect(lines(text, "-m") == ["-m size=2097152k,slots=4,maxmem=16777216k"])
    #expect(
      lines(text, "-device") == [
        #"-device '{"driver":"pc-dimm","node":0,"memdev":"memdimm1","id":"dimm1","slot":1}'"#,
        #"-device '{"driver":"pc-dimm","node":1,"memdev":"memdimm0","id":"dimm0","slot":0}'"#,
      ])
    // Each dimm is rounded up to 2 MiB, as libvirt aligns memory modules.
    #expect(text.contains(#""id":"memdimm1","size":536870912}"#))
  }

  @Test func aGuestWithoutCellsHasItsRAMAsTheMachinesBackend() throws {
    let xml = guest(
      numa: nil, memory: "<memory unit='MiB'>512</memory>",
      extra: "<memoryBacking><access mode='shared'/></memoryBacking>")
    let text = try #require(qemu(xml).output)
    #expect(lines(text, "-machine") == ["-machine memory-backend=pc.ram"])
    #expect(
      text.contains(
        #""id":"pc.ram","mem-path":"/var/lib/libvirt/qemu/ram/1-probe/pc.ram","share":true,"x-use-canonical-path-for-ramblock-id":false"#
      ))
  }

  @Test func everyOrderedPairOfTheCompletedMatrix() throws {
    let text = try #require(qemu(guest(numa: VNUMAScenario.autocomplete.cells), legacy: true).output)
    let pairs = text.split(separator: "\n").filter { $0.hasPrefix("-numa dist") }
    #expect(pairs.count == 16)
    for from in 0..<4 {
      for to in 0..<4 {
        #expect(pairs.contains { $0.hasPrefix("-numa dist,src=\(from),dst=\(to),val=\(VNUMAScenario.full[from][to])") })
      }
    }
    #expect(text.contains("-numa node,nodeid=0,cpus=0-1,mem=2048 \\\n"))
  }

  @Test func cpusAreRepeatedForEachRun() throws {
    let text = try #require(
      qemu(
        guest(
          numa:
            "<cell id='0' cpus='0,3-5,7' memory='1024' unit='MiB'/><cell id='1' cpus='1-2,6' memory='1024' unit='MiB'/>"
        )
      ).output)
    #expect(text.contains("-numa node,nodeid=0,cpus=0,cpus=3-5,cpus=7,memdev=ram-node0"))
    #expect(text.contains(#"-object '{"qom-type":"memory-backend-ram","id":"ram-node1","size":1073741824}'"#))
  }

  @Test func defaultDistancesWriteNoDistOptions() throws {
    let text = try #require(qemu(guest(numa: twoCells)).output)
    #expect(!text.contains("-numa dist"))
    #expect(!text.hasSuffix("\\\n"))
  }

  @Test func partialRowsWriteTheWholeMatrix() throws {
    // A row that exists but leaves an entry unset counts as non-default in libvirt.
    let xml = guest(
      numa:
        "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='0' value='10'/></distances></cell><cell id='1' cpus='4-7' memory='1024'/>"
    )
    let text = try #require(qemu(xml).output)
    #expect(text.contains("-numa dist,src=0,dst=1,val=20"))
  }

  @Test func shellQuoting() {
    let writer = QEMUCommandLine()
    #expect(writer.shellQuoted("node,nodeid=0") == "node,nodeid=0")
    #expect(writer.shellQuoted(#"{"a":1}"#) == #"'{"a":1}'"#)
    #expect(writer.shellQuoted("it's") == #"'it'\''s'"#)
  }
}
