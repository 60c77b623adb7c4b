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
    let text = try #require(xl(guest(numa: "<cell id='0' cpus='0,7' memory='1024' unit='MiB'/><cell id='1' cpus='1-6' memory='1024' unit='MiB'/>")).output)
    #expect(text.contains(#""vcpus=0,7""#))
  }

  @Test func cellsThatAreNotWholeMiBAreRefused() {
    let result = xl(guest(numa: "<cell id='0' cpus='0-7' memory='1536'/>"))
    #expect(result.output == nil)
    let finding = result.diagnostics.first { $0.code == .toXLMemoryNotMiB }
    #expect(finding?.line != nil && finding?.column != nil)
  }

  @Test func memoryOnlyCellsCannotBeVnodes() {
    let result = xl(guest(numa: "<cell id='0' cpus='0-7' memory='1024' unit='MiB'/><cell id='1' memory='1024' unit='MiB'/>"))
    #expect(result.output == nil)
    #expect(result.diagnostics.map(\.code).contains(.toXLCellWithoutCPUs))
  }

  @Test("what changes the NUMA meaning is a warning each; what has none is one note, not a warning")
  func onlyNUMAMeaningIsWarned() {
    let xml = guest(
      numa: twoCells, extra: "<memoryBacking><hugepages/></memoryBacking><clock offset='utc'/><devices><console type='pty'/></devices>")
    let result = xl(xml)
    #expect(result.output != nil)
    #expect(result.diagnostics.map(\.code) == [.toXLNotConverted])
    #expect(result.diagnostics.first?.message.hasPrefix("<memoryBacking>") == true)
    #expect(result.leftOut == ["<clock>", "<devices>"])
  }

  @Test("a binding of each cell to one host node is xl's pnode, both ways")
  func pnodeCarriesTheBinding() throws {
    let xml = guest(
      numa: twoCells,
      extra: "<numatune><memnode cellid='0' mode='strict' nodeset='1'/><memnode cellid='1' mode='strict' nodeset='0'/></numatune>")
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
    let xml = guest(numa: twoCells, extra: "<numatune><memory mode='strict' nodeset='0-1'/></numatune><devices><console type='pty'/></devices>")
    var options = OperationOptions(grammar: sharedValidator.grammar)
    options.findings.strict = true
    let input = InputSource.inMemory(name: "g.xml", bytes: Array(xml.utf8))
    let strict = Operations.ToXL(input: input, options: options).run()
    #expect(strict.status == .clean)
    #expect(strict.standardOutput.hasPrefix("name = \"probe\""))
    #expect(strict.standardError.contains("g.xml: note: xl output carries only the NUMA topology and what it depends on; not converted: <devices>"))
    options.findings.warningsAsErrors = true
    let refused = Operations.ToXL(input: input, options: options).run()
    #expect(refused.status == .findings)
    #expect(refused.standardOutput.isEmpty)
    #expect(refused.findings.contains { $0.code == .toXLNotConverted && $0.severity == .error })
    options.report.quiet = true
    #expect(!Operations.ToXL(input: input, options: options).run().standardError.contains("note:"))
  }

  @Test func stringsAreQuotedForXL() throws {
    let text = try #require(xl(guest(numa: twoCells).replacingOccurrences(of: "<name>probe</name>", with: "<name>a\"b\\c</name>")).output)
    #expect(text.hasPrefix(#"name = "a\"b\\c""#))
  }
}

@Suite("to-qemu")
struct QEMUCommandLineTests {
  func qemu(_ xml: String, legacy: Bool = false) -> ConversionResult {
    sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml").toQEMU(legacyMemory: legacy)
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
    let text = try #require(qemu(guest(numa: "<cell id='0' cpus='0,3-5,7' memory='1024' unit='MiB'/><cell id='1' cpus='1-2,6' memory='1024' unit='MiB'/>")).output)
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
    let xml = guest(numa: "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='0' value='10'/></distances></cell><cell id='1' cpus='4-7' memory='1024'/>")
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
