import Foundation
import Testing

@testable import NumaSchemaKit

/// `from-qemu` of `text`, as the CLI runs it.
private func fromQEMU(_ text: String, strict: Bool = false) -> ConversionResult {
  QEMUImport.domain(bytes: Array(text.utf8), file: "guest.args", validator: sharedValidator, strict: strict)
}

/// The topology of the domain `from-qemu` writes for `text`.
private func importedTopology(_ text: String) throws -> NUMATopology {
  let result = fromQEMU(text)
  let xml = try #require(result.output, "from-qemu refused it: \(result.diagnostics.map(\.message))")
  let guest = try #require(sharedValidator.validate(bytes: Array(xml.utf8), file: "out.xml").guest)
  return try #require(guest.numa.map { _ in guest.effectiveTopology })
}

/// Two nodes of 1 GiB, cpus 0-1 and 2-3, as libvirt writes them.
private let twoNodes = """
  -m 2048 \\
  -smp 4,sockets=4,cores=1,threads=1 \\
  -object '{"qom-type":"memory-backend-ram","id":"ram-node0","size":1073741824}' \\
  -numa node,nodeid=0,cpus=0-1,memdev=ram-node0 \\
  -object '{"qom-type":"memory-backend-ram","id":"ram-node1","size":1073741824}' \\
  -numa node,nodeid=1,cpus=2-3,memdev=ram-node1
  """

@Suite("from-qemu")
struct FromQEMUTests {
  @Test("libvirt's .args form (environment, program, continuations, JSON backends) gives the cells and distances")
  func readsLibvirtArgs() throws {
    let args = """
      LC_ALL=C \\
      PATH=/bin \\
      /usr/bin/qemu-system-x86_64 \\
      -name guest=numa,debug-threads=on \\
      \(twoNodes) \\
      -numa dist,src=0,dst=1,val=21
      """
    let topology = try importedTopology(args)
    #expect(topology.cells.map(\.cpus.description) == ["0-1", "2-3"])
    #expect(topology.cells.map(\.memoryKiB) == [1_048_576, 1_048_576])
    #expect(topology.distances.rows == [[10, 21], [21, 10]])
  }

  @Test("/proc/PID/cmdline (NUL-separated words) gives the guest the shell form gives")
  func readsNULSeparatedWords() throws {
    let words = [
      "qemu-system-x86_64", "-m", "2G", "-smp", "4", "-object", "memory-backend-ram,id=a,size=1G", "-object",
      "memory-backend-ram,id=b,size=1G", "-numa", "node,cpus=0-1,memdev=a", "-numa", "node,cpus=2-3,memdev=b",
    ]
    let fromProc = fromQEMU(words.joined(separator: "\u{0}") + "\u{0}")
    let fromShell = fromQEMU(words.joined(separator: " "))
    #expect(fromProc.output != nil)
    #expect(fromProc.output == fromShell.output)
  }

  @Test("a finding about a key inside a quoted JSON argument points at that key")
  func positionsInsideQuotedArguments() throws {
    let args = """
      -m 1024 \\
        -object '{"qom-type":"memory-backend-ram","id":"m0","size":"big"}' \\
        -numa node,memdev=m0
      """
    let finding = try #require(fromQEMU(args).diagnostics.first)
    #expect(finding.code == .fromQEMUValueInvalid)
    #expect(finding.line == 2)
    #expect(finding.column == 55)
  }

  @Test("a word continued over lines and quoted in pieces keeps each piece's place")
  func positionsAcrossQuotes() throws {
    let args = "-m 1024 -numa \"node,\"'nodeid=x'\n"
    let finding = try #require(fromQEMU(args).diagnostics.first)
    #expect(finding.code == .fromQEMUValueInvalid)
    #expect(finding.line == 1)
    #expect(finding.column == 23)
  }

  @Test(
    "shell quoting is undone as a shell does it",
    arguments: [
      ("-name guest=a,,b", "a,b"),
      ("-name 'guest=it'\\''s'", "it's"),
      ("-name \"guest=say \\\"hi\\\"\"", "say \"hi\""),
      ("-name guest=two\\ words", "two words"),
      ("--name guest=dashes", "dashes"),
      ("# a comment\n-name guest=after-comment", "after-comment"),
    ])
  func shellQuoting(_ name: String, _ expected: String) throws {
    let result = fromQEMU(name + " -m 128")
    let xml = try #require(result.output, "\(result.diagnostics.map(\.message))")
    let guest = try #require(sharedValidator.validate(bytes: Array(xml.utf8), file: "out.xml").guest)
    #expect(guest.name == expected)
  }

  @Test(
    "sizes read as QEMU reads them: -m and mem= in MiB without a suffix, backends in bytes",
    arguments: [
      ("-m 2048 -numa node,cpus=0,mem=1024 -numa node,mem=1G", [1_048_576, 1_048_576]),
      (
        "-m 2G -object memory-backend-ram,id=a,size=1073741824 -object memory-backend-ram,id=b,size=0x40000000 "
          + "-numa node,cpus=0,memdev=a -numa node,memdev=b", [1_048_576, 1_048_576]
      ),
      ("-m 1.5G -object memory-backend-ram,id=a,size=1536M -numa node,cpus=0,memdev=a", [1_572_864]),
    ] as [(String, [UInt64])])
  func sizes(_ args: String, _ kib: [UInt64]) throws {
    #expect(try importedTopology(args).cells.map(\.memoryKiB) == kib)
  }

  @Test("vCPUs in no node go to node 0, with QEMU's warning")
  func unassignedCPUs() throws {
    let args =
      "-m 2048 -smp 4 -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G "
      + "-numa node,cpus=1,memdev=a -numa node,cpus=2,memdev=b"
    let result = fromQEMU(args)
    #expect(result.diagnostics.map(\.code) == [.fromQEMUCPUsUnassigned])
    #expect(try importedTopology(args).cells.map(\.cpus.description) == ["0-1,3", "2"])
    #expect(fromQEMU(args, strict: true).output == nil, "--strict makes the warning an error")
  }

  @Test("-numa cpu places CPUs by socket, die, core and thread ids")
  func numaCPU() throws {
    let args =
      "-m 2048 -smp 8,sockets=2,cores=2,threads=2 -object memory-backend-ram,id=a,size=1G "
      + "-object memory-backend-ram,id=b,size=1G -numa node,memdev=a -numa node,memdev=b "
      + "-numa cpu,node-id=1,socket-id=1 -numa cpu,node-id=0,socket-id=0"
    #expect(try importedTopology(args).cells.map(\.cpus.description) == ["0-3", "4-7"])
  }

  @Test("clusters of another architecture are counted in the domain's cores, with a warning")
  func clustersElsewhere() throws {
    let args =
      "qemu-system-aarch64 -machine virt "
      + twoNodes.replacing("sockets=4,cores=1", with: "sockets=1,clusters=2,cores=2")
    let result = fromQEMU(args)
    #expect(result.diagnostics.map(\.code) == [.fromQEMUNotConverted])
    let xml = try #require(result.output)
    #expect(xml.contains("<topology sockets='1' cores='4' threads='1'/>"))
  }

  @Test("one distance of a symmetric pair gives both directions, as QEMU completes the matrix")
  func distanceCompletion() throws {
    #expect(try importedTopology(twoNodes + " -numa dist,src=1,dst=0,val=31").distances.rows == [[10, 31], [31, 10]])
  }

  @Test(
    "QEMU's own -numa rules are errors with codes",
    arguments: [
      (twoNodes + " -numa node,nodeid=1", DiagnosticCode.fromQEMUNodeIdDuplicate),
      (twoNodes + " -numa dist,src=0,dst=1,val=9", .fromQEMUDistanceOutOfRange),
      (twoNodes + " -numa dist,src=0,dst=1,val=256", .fromQEMUValueInvalid),
      (twoNodes + " -numa dist,src=0,dst=0,val=20", .fromQEMUDistanceLocalNot10),
      (twoNodes + " -numa dist,src=0,dst=2,val=20", .fromQEMUNodeUnknown),
      (twoNodes + " -numa dist,src=0,dst=1", .fromQEMUKeyMissing),
      (twoNodes + " -numa foo", .fromQEMUOptionInvalid),
      (twoNodes + " -numa node,nodeid=2,cpus=3", .fromQEMUCPUsOverlap),
      (twoNodes + " -numa node,nodeid=2,cpus=4", .fromQEMUCPUIndexOutOfRange),
      (twoNodes + " -numa node,nodeid=3", .fromQEMUNodeIdMissing),
      (twoNodes + " -numa node,nodeid=2,mem=128", .fromQEMUMemMemdevMixed),
      (twoNodes + " -numa node,nodeid=2,memdev=ram-node0", .fromQEMUMemdevReused),
      (twoNodes + " -numa node,nodeid=2,memdev=nothing", .fromQEMUMemdevUnknown),
      (twoNodes + " -numa node,nodeid=2,size=1G", .fromQEMUKeyUnknown),
      (twoNodes.replacing("-m 2048", with: "-m 4096"), .fromQEMUMemoryMismatch),
      (twoNodes.replacing("sockets=4", with: "sockets=3"), .fromQEMUSMPInvalid),
      (twoNodes.replacing("sockets=4,cores=1", with: "sockets=1,clusters=2,cores=2"), .fromQEMUSMPInvalid),
      (
        twoNodes.replacing("-m 2048", with: "-machine pc,hmat=on -m 2048").replacing("0-1,", with: "0-1,initiator=0,")
          .replacing("2-3,", with: "2-3,initiator=1,")
          + " -numa hmat-cache,node-id=1,size=1K,level=1,associativity=none,policy=none,line=8",
        .fromQEMUHMATInvalid
      ),
      (
        twoNodes + " -numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency,latency=5",
        .fromQEMUHMATInvalid
      ),
      (twoNodes + " -object '{\"qom-type\":}'", .fromQEMUJSONInvalid),
      (twoNodes + " -numa", .fromQEMUArgumentMissing),
      (twoNodes + " -name 'open", .fromQEMUSyntax),
      (twoNodes + " -m $MEM", .fromQEMUSyntax),
    ] as [(String, DiagnosticCode)])
  func qemuRules(_ args: String, _ code: DiagnosticCode) {
    let result = fromQEMU(args)
    #expect(result.output == nil)
    #expect(result.diagnostics.map(\.code) == [code], "\(result.diagnostics.map(\.message))")
  }

  @Test("a three-node matrix needs every pair once it is asymmetric, and one direction of each pair before")
  func distanceCompleteness() {
    let three =
      "-m 3072 -smp 3 -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G "
      + "-object memory-backend-ram,id=c,size=1G -numa node,cpus=0,memdev=a -numa node,cpus=1,memdev=b "
      + "-numa node,cpus=2,memdev=c -numa dist,src=0,dst=1,val=21 -numa dist,src=1,dst=2,val=21 "
    #expect(fromQEMU(three).diagnostics.map(\.code) == [.fromQEMUDistanceMissing])
    #expect(fromQEMU(three + "-numa dist,src=2,dst=0,val=31").output != nil)
    #expect(
      fromQEMU(three + "-numa dist,src=2,dst=0,val=31 -numa dist,src=1,dst=0,val=31").diagnostics.map(\.code)
        == [.fromQEMUDistanceAsymmetricIncomplete])
  }

  @Test("backends carry memAccess, discard, host binding, huge pages and memfd into the domain")
  func backendMeaning() throws {
    let args = """
      -m 2048 -smp 2 \\
      -object '{"qom-type":"memory-backend-file","id":"a","mem-path":"/dev/hugepages1G/libvirt/qemu/x","share":true,"size":1073741824,"host-nodes":[0,1],"policy":"bind"}' \\
      -object memory-backend-memfd,id=b,size=1G,share=off,discard-data=on,host-nodes=3,policy=preferred \\
      -numa node,cpus=0,memdev=a -numa node,cpus=1,memdev=b
      """
    let xml = try #require(fromQEMU(args).output)
    #expect(xml.contains("<page size='1048576' unit='KiB' nodeset='0'/>"))
    #expect(xml.contains("<source type='memfd'/>"))
    #expect(xml.contains("<memnode cellid='0' mode='strict' nodeset='0-1'/>"))
    #expect(xml.contains("<memnode cellid='1' mode='preferred' nodeset='3'/>"))
    let cells = try importedTopology(args).cells
    #expect(cells.map(\.memAccess) == ["shared", "private"])
    #expect(cells.map(\.discard) == [nil, "yes"])
  }

  @Test("HMAT options become <interconnects> and caches, bandwidth in KiB/s")
  func hmat() throws {
    let args =
      twoNodes.replacing("-m 2048", with: "-machine pc,hmat=on -m 2048")
      .replacing("cpus=0-1,", with: "cpus=0-1,initiator=0,").replacing("cpus=2-3,", with: "cpus=2-3,initiator=1,")
      + " -numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=read-bandwidth,bandwidth=1M"
      + " -numa hmat-lb,initiator=1,target=1,hierarchy=first-level,data-type=write-latency,latency=42"
      + " -numa hmat-cache,node-id=1,size=2M,level=1,associativity=complex,policy=write-through,line=64"
    let topology = try importedTopology(args)
    #expect(
      topology.orderedInterconnects == [
        Interconnect(kind: .latency, initiator: 1, target: 1, cache: 1, type: "write", value: 42),
        Interconnect(kind: .bandwidth, initiator: 0, target: 1, type: "read", value: 1024),
      ])
    #expect(
      topology.cells[1].caches == [
        CellCache(level: 1, associativity: "full", policy: "writethrough", sizeKiB: 2048, lineBytes: 64)
      ])
  }

  @Test("options it does not need are skipped quietly, unknown ones with their argument")
  func skipsOtherOptions() {
    let result = fromQEMU(
      "qemu-system-x86_64 -S -nodefaults -display none -drive file=a.img,if=virtio -frobnicate x disk.img " + twoNodes)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.output != nil)
  }

  @Test("its domain is valid under numaschema's own validate, with no finding")
  func productValidates() throws {
    let xml = try #require(fromQEMU("-uuid 5D0C9E2A-7B41-4F3E-8A26-C1F0B9D47E18 " + twoNodes).output)
    let report = sharedValidator.validate(bytes: Array(xml.utf8), file: "out.xml")
    #expect(report.diagnostics.isEmpty)
    #expect(xml.contains("<uuid>5d0c9e2a-7b41-4f3e-8a26-c1f0b9d47e18</uuid>"))
  }
}
