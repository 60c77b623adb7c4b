import Foundation
import Testing

@testable import NumaSchemaKit

let hostFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/hosts")

/// Each fixture host, read from each of its three sources.
struct HostSource: CustomTestStringConvertible, Sendable {
  var host: String
  var path: String
  var testDescription: String { "\(host)/\((path as NSString).lastPathComponent)" }

  static let all: [HostSource] = ["one-node", "two-node", "four-node-ring", "eight-node-two-level", "memory-only-nodes", "sparse-ids"]
    .flatMap { host in
      ["sysfs", "numactl.txt", "capabilities.xml"].map { HostSource(host: host, path: hostFixtures.appendingPathComponent("\(host)/\($0)").path) }
    }
}

@Suite("host topologies")
struct HostTopologyTests {
  @Test("the three sources of a host say the same", arguments: HostSource.all)
  func sourcesAgree(_ source: HostSource) throws {
    let topology = try HostTopology.read(from: source.path)
    let reference = try HostTopology.read(from: hostFixtures.appendingPathComponent("\(source.host)/numactl.txt").path)
    #expect(topology.nodes.map(\.id) == reference.nodes.map(\.id))
    #expect(topology.nodes.map(\.cpus) == reference.nodes.map(\.cpus))
    #expect(topology.distances == reference.distances)
    // numactl rounds memory down to MiB; the others have KiB.
    #expect(topology.nodes.map { ($0.memoryKiB ?? 0) / 1024 } == reference.nodes.map { ($0.memoryKiB ?? 0) / 1024 })
  }

  @Test("from-host mirrors node count, cpus per node and distances", arguments: HostSource.all)
  func guestMirrorsHost(_ source: HostSource) throws {
    let host = try HostTopology.read(from: source.path)
    let topology = try GuestFromHost(host: host).topology()
    #expect(topology.cells.count == host.nodes.count)
    #expect(topology.cells.map(\.cpus.count) == host.nodes.map(\.cpus.count))
    for from in host.nodes.indices {
      for to in host.nodes.indices { #expect(topology.distances[from, to] == host.distance(from, to)) }
    }
    // The guest it makes validates (memory-only and memoryless nodes give warnings at most).
    let report = validate(GuestFromHost.domainXML(name: "g", topology: topology))
    #expect(report.isValid, "\(report.diagnostics.map(\.message))")
  }

  @Test func vcpusAndMemoryAreSplitInProportion() throws {
    let host = try HostTopology.read(from: hostFixtures.appendingPathComponent("memory-only-nodes/numactl.txt").path)
    let topology = try GuestFromHost(host: host, vcpus: 16, memoryKiB: 24 * 1024 * 1024).topology()
    #expect(topology.cells.prefix(8).map(\.cpus.description) == ["0-1", "2-3", "4-5", "6-7", "8-9", "10-11", "12-13", "14-15"])
    #expect(topology.cells.suffix(4).allSatisfy { $0.cpus.isEmpty })
    #expect(topology.totalMemoryKiB == 24 * 1024 * 1024)
    #expect(topology.cells.allSatisfy { $0.memoryKiB % 1024 == 0 })
    // Memory-only nodes hold 4× the memory of a CPU node, and get 4× the share.
    #expect(topology.cells[8].memoryKiB > 3 * topology.cells[0].memoryKiB)
  }

  @Test func apportionAddsUpExactly() {
    #expect(GuestFromHost.apportion(10, weights: [1, 1, 1]) == [4, 3, 3])
    #expect(GuestFromHost.apportion(7, weights: [2, 0, 5]) == [2, 0, 5])
    #expect(GuestFromHost.apportion(0, weights: [1, 2]) == [0, 0])
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: "/sys/devices/system/node/node0"), "needs a host whose sysfs lists NUMA nodes"))
  func liveSysfsGivesAValidGuest() throws {
    let topology = try GuestFromHost(host: try HostTopology.read(from: "/")).topology()
    #expect(validate(GuestFromHost.domainXML(name: "live", topology: topology)).isValid)
  }

  @Test func unreadableSourcesAreErrors() {
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: "/nonexistent/host") }
    #expect(throws: HostTopologyError.self) { try NumactlReader.read("available: 1 nodes (0)\nnode 0 cpus: x\n", source: "t") }
  }
}

@Suite("fit")
struct FitTests {
  func host(_ name: String) throws -> HostTopology {
    try HostTopology.read(from: hostFixtures.appendingPathComponent("\(name)/numactl.txt").path)
  }

  func fit(_ xml: String, on name: String) throws -> FitReport {
    FitReport.check(sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml"), on: try host(name))
  }

  @Test func aGuestMadeFromTheHostFits() throws {
    let topology = try GuestFromHost(host: try host("four-node-ring"), vcpus: 16, memoryKiB: 64 << 20).topology()
    let report = try fit(GuestFromHost.domainXML(name: "g", topology: topology), on: "four-node-ring")
    #expect(report.fits)
    #expect(report.diagnostics.isEmpty)
    #expect(report.mapping.map(\.hostNode) == [0, 1, 2, 3])
    #expect(report.numatune.contains("<memnode cellid='3' mode='strict' nodeset='3'/>"))
  }

  @Test func moreCellsThanHostNodesLandOnNodeZero() throws {
    let report = try fit(guest(numa: VNUMAScenario.full.indices.map { "<cell id='\($0)' cpus='\(2 * $0)-\(2 * $0 + 1)' memory='1024'/>" }.joined()), on: "two-node")
    #expect(!report.fits)
    #expect(report.diagnostics.contains { $0.code == .fitTooManyVNodes && $0.message.contains("host node 0") })
    #expect(report.mapping.allSatisfy { $0.hostNode == 0 })
  }

  @Test func tooMuchMemoryOrTooManyVCPUsDoNotFit() throws {
    let xml = guest(
      numa: "<cell id='0' cpus='0-8' memory='40' unit='GiB'/><cell id='1' cpus='9-9' memory='1' unit='GiB'/>",
      vcpu: "<vcpu>10</vcpu>")
    let report = try fit(xml, on: "two-node")
    #expect(report.diagnostics.map(\.code).contains(.fitMemory))
    #expect(report.diagnostics.map(\.code).contains(.fitVCPUs))
    #expect(!report.fits)
  }

  @Test func distancesThatContradictTheHostAreWarned() throws {
    let report = try fit(guest(numa: "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='40'/></distances></cell><cell id='1' cpus='4-7' memory='1024'/>"), on: "two-node")
    #expect(report.fits)
    #expect(report.diagnostics.filter { $0.code == .fitDistances }.count == 2)
  }
}

/// The HMAT host of the conformance suite, read from sysfs and from capabilities.
let hmatTierSources = ["hmat-tier-sysfs/host-sysfs", "hmat-tier-capabilities/host-capabilities.xml"].map {
  ConcurrencyTests.packageRoot.appendingPathComponent("conformance/from-host/\($0)").path
}

@Suite("host HMAT and huge pages")
struct HostHMATTests {
  func ordered(_ links: [Interconnect]) -> [Interconnect] {
    links.sorted { ($0.kind.rawValue, $0.initiator, $0.target, $0.type) < ($1.kind.rawValue, $1.initiator, $1.target, $1.type) }
  }

  @Test("sysfs and capabilities give the same caches, figures and huge pages")
  func sourcesAgree() throws {
    let (sysfs, capabilities) = (try HostTopology.read(from: hmatTierSources[0]), try HostTopology.read(from: hmatTierSources[1]))
    #expect(sysfs.nodes.map(\.caches) == capabilities.nodes.map(\.caches))
    #expect(sysfs.nodes[0].caches == [CellCache(level: 1, associativity: "direct", policy: "writeback", sizeKiB: 4 << 20, lineBytes: 64)])
    #expect(ordered(sysfs.interconnects) == ordered(capabilities.interconnects))
    // sysfs gives bandwidth in MiB/s; libvirt and numaschema keep KiB/s.
    #expect(sysfs.interconnects.contains(Interconnect(kind: .bandwidth, initiator: 0, target: 2, type: "read", value: 12000 * 1024)))
    #expect(sysfs.hugePageSizesKiB == [2048, 1 << 20])
    #expect(capabilities.hugePageSizesKiB == [2048, 1 << 20])
    #expect(capabilities.basePageKiB == 4)
    #expect(sysfs.nodes.map { $0.hugePages.map(\.total) } == capabilities.nodes.map { $0.hugePages.map(\.total) })
    #expect(sysfs.nodes[1].hugePages.map(\.free) == [1024, 2])
  }

  @Test("from-host carries the caches and the figures, and the guest is valid", arguments: hmatTierSources)
  func guestCarriesHMAT(_ path: String) throws {
    let topology = try GuestFromHost(host: try HostTopology.read(from: path)).topology()
    #expect(topology.cells[0].caches.count == 1)
    #expect(topology.interconnects.count == 16)
    #expect(topology.interconnects.first == Interconnect(kind: .latency, initiator: 0, target: 0, type: "read", value: 80))
    let report = validate(GuestFromHost.domainXML(name: "g", topology: topology))
    #expect(report.diagnostics == [])
    #expect(report.guest?.numa?.interconnects.count == 16)
  }

  @Test("a figure whose initiator gets no vCPUs is not carried, and is named")
  func initiatorsWithoutVCPUsAreDropped() throws {
    // Node 1 as a generic initiator (a device node: memory, figures, no CPUs), so its cell gets
    // no vCPUs; fewer vCPUs than nodes with CPUs is refused, so no other way leaves it without.
    var host = try HostTopology.read(from: hmatTierSources[0])
    host.nodes[1].cpus = CPUSet()
    let builder = GuestFromHost(host: host, vcpus: 1)
    let topology = try builder.topology()
    #expect(topology.interconnects.allSatisfy { $0.initiator == 0 })
    let dropped = try builder.droppedInterconnects()
    #expect(dropped.count == 8)
    #expect(dropped.allSatisfy { $0.0.initiator == 1 && $0.1.contains("no vCPUs") })
    #expect(validate(GuestFromHost.domainXML(name: "g", topology: topology)).isValid)
  }

  @Test("a link given both ways keeps the first direction, as libvirt takes a link once")
  func reverseLinksKeepTheFirst() throws {
    let nodes = [HostNode(id: 0, cpus: CPUSet([0]), memoryKiB: 1 << 20), HostNode(id: 1, cpus: CPUSet([1]), memoryKiB: 1 << 20)]
    let host = HostTopology(
      nodes: nodes, distances: nil, source: "test",
      interconnects: [
        Interconnect(kind: .latency, initiator: 0, target: 1, type: "read", value: 100),
        Interconnect(kind: .bandwidth, initiator: 1, target: 0, type: "read", value: 1024),
      ])
    let builder = GuestFromHost(host: host)
    #expect(try builder.topology().interconnects.map(\.initiator) == [0])
    #expect(try builder.droppedInterconnects().map(\.0.initiator) == [1])
  }

  func fit(pages: String, on path: String) throws -> FitReport {
    let xml = guest(
      numa: "<cell id='0' cpus='0-3' memory='1048576'/><cell id='1' cpus='4-7' memory='1048576'/>",
      extra: "<memoryBacking><hugepages>\(pages)</hugepages></memoryBacking>")
    return FitReport.check(sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml"), on: try HostTopology.read(from: path))
  }

  @Test("a huge page size the host does not offer does not fit, from either source", arguments: hmatTierSources)
  func missingPageSizeDoesNotFit(_ path: String) throws {
    let report = try fit(pages: "<page size='2048' unit='KiB' nodeset='0'/><page size='16' unit='GiB' nodeset='1'/>", on: path)
    #expect(!report.fits)
    let finding = try #require(report.diagnostics.first { $0.code == .fitHugePageSize })
    #expect(finding.message.contains("16777216 KiB huge pages"))
    #expect(report.diagnostics.filter { $0.code == .fitHugePageSize }.count == 1)
  }

  @Test("offered sizes and the base page fit; numactl -H lists no sizes, so nothing is checked")
  func offeredSizesFit() throws {
    #expect(try fit(pages: "<page size='1' unit='GiB'/><page size='4' unit='KiB' nodeset='1'/>", on: hmatTierSources[1]).fits)
    let numactl = hostFixtures.appendingPathComponent("two-node/numactl.txt").path
    #expect(try fit(pages: "<page size='5' unit='MiB'/>", on: numactl).diagnostics.allSatisfy { $0.code != .fitHugePageSize })
  }
}
