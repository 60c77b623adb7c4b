import Foundation
import Testing

@testable import NumaSchemaKit

/// Free memory and free huge pages per node, from every source that tells them.
@Suite("host free memory and free huge pages")
struct HostFreeMemoryTests {
  @Test("sysfs: MemFree of each node's meminfo, free_hugepages of each pool")
  func sysfsFree() throws {
    let root = try sysfsTree(
      twoNodeSysfs([
        "node0/meminfo":
          "Node 0 MemTotal:       2097152 kB\nNode 0 MemFree:         524288 kB\nNode 0 MemUsed: 1572864 kB\n",
        "node0/hugepages/hugepages-2048kB/free_hugepages": "3\n",
      ]))
    defer { try? FileManager.default.removeItem(atPath: root) }
    let host = try HostTopology.read(from: root)
    #expect(host.nodes.map(\.freeMemoryKiB) == [524288, nil])
    #expect(host.nodes.map(\.memoryKiB) == [2_097_152, 2_097_152])
    #expect(host.nodes[0].hugePages == [HugePagePool(sizeKiB: 2048, total: 4, free: 3)])
    #expect(host.kind == .sysfsNodeFolder)
  }

  @Test(
    "sysfs: a MemFree line without a number, given twice, or above MemTotal is an error",
    arguments: [
      "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree: lots kB\n", "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree:\n",
      "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree: 1 kB\nNode 0 MemFree: 2 kB\n",
      "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree: 2097153 kB\n",
      "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree: -1 kB\n",
    ])
  func sysfsBadMemFree(_ meminfo: String) throws {
    let root = try sysfsTree(twoNodeSysfs(["node0/meminfo": meminfo]))
    defer { try? FileManager.default.removeItem(atPath: root) }
    let error = #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root) }
    #expect(
      error?.reason.contains("MemFree") == true || error?.reason.contains("more free") == true,
      "\(String(describing: error))")
  }

  @Test("numactl -H: each node's 'free: M MB', in KiB; '<not available>' is unknown")
  func numactlFree() throws {
    let host = try NumactlReader.read(
      twoNodeNumactl.replacingOccurrences(of: "node 1 free: 1024 MB", with: "node 1 free: 7 MB"), source: "t")
    #expect(host.nodes.map(\.freeMemoryKiB) == [1024 * 1024, 7 * 1024])
    #expect(host.kind == .numactlOutput)
    // What numactl prints for a node whose meminfo it could not open.
    let unknown = try NumactlReader.read(
      twoNodeNumactl.replacingOccurrences(of: "node 1 size: 2048 MB", with: "node 1 size: <not available>")
        .replacingOccurrences(of: "node 1 free: 1024 MB", with: "node 1 free: <not available>"), source: "t")
    #expect(unknown.nodes.map(\.memoryKiB) == [2048 * 1024, nil])
    #expect(unknown.nodes.map(\.freeMemoryKiB) == [1024 * 1024, nil])
  }

  @Test(
    "numactl -H: a second free line, one that is not 'M MB', one above the size, or one of an unlisted node is an error",
    arguments: [
      ("node 0 free: 1024 MB", "node 0 free: 1024 MB\nnode 0 free: 1 MB"),
      ("node 0 free: 1024 MB", "node 0 free: 1024 KB"),
      ("node 0 free: 1024 MB", "node 0 free: lots MB"), ("node 0 free: 1024 MB", "node 0 free: 4096 MB"),
      ("node 1 free: 1024 MB", "node 1 free: 1024 MB\nnode 5 free: 1 MB"),
    ])
  func numactlBadFree(_ old: String, _ new: String) {
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: old, with: new), source: "t")
    }
  }

  @Test("capabilities: no free memory, and its <pages> give totals only")
  func capabilitiesGiveNoFree() throws {
    let host = try CapabilitiesReader.read(Array(twoNodeCapabilities.utf8), source: "t")
    #expect(host.nodes.allSatisfy { $0.freeMemoryKiB == nil })
    #expect(host.nodes[0].hugePages == [HugePagePool(sizeKiB: 2048, total: 4, free: nil)])
    #expect(host.kind == .hostCapabilities)
  }

  @Test("sysfs and numactl -H give the same free memory for every fixture host", arguments: HostSource.all)
  func fixturesAgree(_ source: HostSource) throws {
    let host = try HostTopology.read(from: source.path)
    let numactl = try HostTopology.read(from: hostFixtures.appendingPathComponent("\(source.host)/numactl.txt").path)
    #expect(numactl.nodes.allSatisfy { $0.freeMemoryKiB != nil })
    switch host.kind {
    case .hostCapabilities?: #expect(host.nodes.allSatisfy { $0.freeMemoryKiB == nil })
    default:
      // numactl floors to MiB.
      #expect(
        host.nodes.map { $0.freeMemoryKiB.map { $0 / 1024 } }
          == numactl.nodes.map { $0.freeMemoryKiB.map { $0 / 1024 } })
    }
  }
}

/// libvirt's fake sysfs trees (`tests/vircaps2xmldata/linux-*`), read from their root folder.
@Suite("libvirt's fake sysfs trees", .enabled(if: libvirtSource != nil, "needs libvirt's source tree (LIBVIRT_SRC)"))
struct LibvirtSysfsTreeTests {
  static let folder = libvirtSource?.appendingPathComponent("tests/vircaps2xmldata")
  static let trees: [String] = {
    guard let folder else { return [] }
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("linux-") }
      .sorted()
  }()

  @Test("every tree has one")
  func treesFound() { #expect(Self.trees.count >= 10) }

  /// The nodes, CPUs and distances libvirt's capabilities show for the tree (its memory and
  /// pages come from a mock, not the tree).
  @Test("the nodes, CPUs and distances libvirt shows for the tree", arguments: trees)
  func sameAsLibvirt(_ tree: String) throws {
    let folder = try #require(Self.folder)
    let host = try HostTopology.read(from: folder.appendingPathComponent(tree).path)
    let expected = folder.appendingPathComponent("vircaps-x86_64-\(tree.dropFirst("linux-".count)).xml")
    let capabilities = try CapabilitiesReader.read(Array(Data(contentsOf: expected)), source: expected.path)
    #expect(host.nodes.map(\.id) == capabilities.nodes.map(\.id))
    #expect(host.nodes.map(\.cpus) == capabilities.nodes.map(\.cpus))
    // libvirt's expected capabilities show distances only where its mock gives them.
    if let distances = capabilities.distances { #expect(host.distances == distances) }
  }

  @Test(
    "from-host makes a valid guest of each: from the tree's memory, else from --memory split evenly", arguments: trees)
  func guestFromEachTree(_ tree: String) throws {
    let host = try HostTopology.read(from: try #require(Self.folder).appendingPathComponent(tree).path)
    if host.nodes.contains(where: { $0.memoryKiB != nil }) {
      #expect(validate(GuestFromHost.domainXML(name: "g", topology: try GuestFromHost(host: host).topology())).isValid)
    } else {
      let problem = #expect(throws: GuestFromHost.Problem.self) { try GuestFromHost(host: host).topology() }
      #expect(problem?.description.contains("nodeN/meminfo") == true)
      #expect(problem?.description.contains("--memory") == true)
    }
    let sized = try GuestFromHost(host: host, memoryKiB: UInt64(host.nodes.count) << 20).topology()
    #expect(sized.cells.allSatisfy { $0.memoryKiB == 1 << 20 } || host.nodes.contains { $0.memoryKiB != nil })
    #expect(validate(GuestFromHost.domainXML(name: "g", topology: sized)).isValid)
  }

  @Test("linux-caches has a meminfo: its MemTotal and MemFree; linux-resctrl's free huge pages")
  func freeFromTrees() throws {
    let folder = try #require(Self.folder)
    let caches = try HostTopology.read(from: folder.appendingPathComponent("linux-caches").path)
    #expect(caches.nodes.map(\.memoryKiB) == [32_817_236])
    #expect(caches.nodes.map(\.freeMemoryKiB) == [24_057_312])
    let resctrl = try HostTopology.read(from: folder.appendingPathComponent("linux-resctrl").path)
    #expect(
      resctrl.nodes[1].hugePages.first { $0.sizeKiB == 1_048_576 }
        == HugePagePool(sizeKiB: 1_048_576, total: 4, free: 4))
    #expect(resctrl.nodes.allSatisfy { $0.freeMemoryKiB == nil })
  }
}

@Suite("from-host: vCPUs and memory per cell")
struct GuestFromHostSplitTests {
  @Test func fewerVCPUsThanNodesWithCPUsIsRefused() throws {
    let host = try HostTopology.read(from: hostFixtures.appendingPathComponent("memory-only-nodes/numactl.txt").path)
    // 8 nodes with CPUs, 4 memory-only ones.
    #expect(throws: GuestFromHost.Problem.fewerVCPUsThanNodes(7, nodes: 8)) {
      try GuestFromHost(host: host, vcpus: 7).topology()
    }
    let eight = try GuestFromHost(host: host, vcpus: 8).topology()
    #expect(eight.cells.prefix(8).allSatisfy { $0.cpus.count == 1 })
    #expect(eight.cells.suffix(4).allSatisfy { $0.cpus.isEmpty })
    #expect(GuestFromHost.Problem.fewerVCPUsThanNodes(7, nodes: 8).description.contains("8 nodes with CPUs"))
  }

  @Test("a small node is never left without a vCPU by rounding")
  func smallNodesGetOne() throws {
    let text =
      "available: 3 nodes (0-2)\nnode 0 cpus: \((0..<100).map(String.init).joined(separator: " "))\n"
      + "node 0 size: 1024 MB\nnode 1 cpus: 100\nnode 1 size: 1024 MB\nnode 2 cpus: 101\nnode 2 size: 1024 MB\n"
    let host = try NumactlReader.read(text, source: "t")
    #expect(try GuestFromHost(host: host, vcpus: 3).topology().cells.map(\.cpus.count) == [1, 1, 1])
    #expect(try GuestFromHost(host: host, vcpus: 10).topology().cells.map(\.cpus.count) == [8, 1, 1])
  }

  @Test func apportionWithAFloorOfOne() {
    #expect(GuestFromHost.apportion(3, weights: [100, 1, 1]) == [3, 0, 0])
    #expect(GuestFromHost.apportion(3, weights: [100, 1, 1], atLeastOne: true) == [1, 1, 1])
    #expect(GuestFromHost.apportion(5, weights: [100, 0, 1], atLeastOne: true) == [4, 0, 1])
    // Where the plain split leaves nothing at 0, it is the split.
    #expect(GuestFromHost.apportion(10, weights: [1, 1, 1], atLeastOne: true) == [4, 3, 3])
    #expect(GuestFromHost.apportion(16, weights: [8, 4, 4], atLeastOne: true) == [8, 4, 4])
  }

  @Test("memory split: every node with memory gets at least 1 MiB; none known: evenly")
  func memoryFloor() throws {
    let text = "available: 2 nodes (0-1)\nnode 0 cpus: 0\nnode 0 size: 1048576 MB\nnode 1 cpus: 1\nnode 1 size: 1 MB\n"
    let host = try NumactlReader.read(text, source: "t")
    #expect(try GuestFromHost(host: host, memoryKiB: 2 << 10).topology().cells.map(\.memoryKiB) == [1024, 1024])
    let unknown = try NumactlReader.read("available: 2 nodes (0-1)\nnode 0 cpus: 0\nnode 1 cpus: 1\n", source: "t")
    #expect(throws: GuestFromHost.Problem.noMemory(.numactlOutput)) { try GuestFromHost(host: unknown).topology() }
    #expect(
      try GuestFromHost(host: unknown, memoryKiB: 4 << 20).topology().cells.map(\.memoryKiB) == [2 << 20, 2 << 20])
  }

  @Test func sizesMustSayTheirUnit() {
    #expect(MemoryUnit.kibibytes(sizeWithUnit: "4096") == nil)
    #expect(MemoryUnit.kibibytes(sizeWithUnit: "4096MiB") == 4096 * 1024)
    #expect(MemoryUnit.kibibytes(sizeWithUnit: "4 GiB") == 4 << 20)
    #expect(MemoryUnit.kibibytes(sizeWithUnit: "GiB") == nil)
    #expect(MemoryUnit.kibibytes(size: "4096") == 4096)
  }
}

@Suite("conformance: from-host's case.toml sizes")
struct FromHostCaseSettingsTests {
  @Test(
    "a memory without its unit, or vcpus below 1, is an error of the case, as the options are",
    arguments: [("memory = \"4096\"", "memory: '4096' is not a size with its unit"), ("vcpus = \"0\"", "vcpus: '0'")])
  func badSettingsAreProblems(_ setting: String, _ problem: String) throws {
    let numactl = "available: 1 nodes (0)\nnode 0 cpus: 0 1\nnode 0 size: 2048 MB\n"
    let suite = try HostileSuite([
      "a/host-numactl.txt": numactl, "a/from-host.xml": "", "a/case.toml": "operations = \"from-host\"\n\(setting)\n",
    ])
    defer { suite.remove() }
    let (found, results, _) = try suite.run()
    let problems = found.problems + results.flatMap(\.problems)
    #expect(problems.contains { $0.problem.contains(problem) }, "\(problems)")
    #expect(!results.contains { $0.passed })
  }
}
