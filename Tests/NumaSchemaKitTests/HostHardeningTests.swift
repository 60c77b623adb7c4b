import Foundation
import Testing

@testable import NumaSchemaKit

/// A sysfs node folder made from `files` (path → content) in a fresh temporary folder.
func sysfsTree(_ files: [String: String]) throws -> String {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-sysfs-\(UUID().uuidString)")
  for (path, content) in files {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try content.write(to: url, atomically: false, encoding: .utf8)
  }
  return root.path
}

/// A two-node sysfs tree with every file a reader looks at; `#` marks where a test puts a value.
func twoNodeSysfs(_ change: [String: String] = [:]) -> [String: String] {
  var files = [
    "node0/cpulist": "0-1\n", "node0/meminfo": "Node 0 MemTotal:       2097152 kB\n", "node0/distance": "10 20\n",
    "node1/cpulist": "2-3\n", "node1/meminfo": "Node 1 MemTotal:       2097152 kB\n", "node1/distance": "20 10\n",
    "node0/hugepages/hugepages-2048kB/nr_hugepages": "4\n", "node0/hugepages/hugepages-2048kB/free_hugepages": "4\n",
    "node1/memory_side_cache/index1/size": "268435456\n", "node1/memory_side_cache/index1/line_size": "64\n",
    "node1/memory_side_cache/index1/indexing": "0\n", "node1/memory_side_cache/index1/write_policy": "0\n",
    "node1/access1/initiators/node0/.keep": "", "node1/access1/initiators/read_latency": "100\n",
    "node1/access1/initiators/read_bandwidth": "2048\n",
  ]
  for (path, content) in change { files[path] = content }
  return files
}

let twoNodeNumactl = """
  available: 2 nodes (0-1)
  node 0 cpus: 0 1
  node 0 size: 2048 MB
  node 0 free: 1024 MB
  node 1 cpus: 2 3
  node 1 size: 2048 MB
  node 1 free: 1024 MB
  node distances:
  node   0   1
    0:  10  20
    1:  20  10

  """

let twoNodeCapabilities = """
  <capabilities><host><cpu><pages unit='KiB' size='4'/><pages unit='KiB' size='2048'/></cpu><topology>
    <cells num='2'>
      <cell id='0'>
        <memory unit='KiB'>2097152</memory>
        <pages unit='KiB' size='2048'>4</pages>
        <distances><sibling id='0' value='10'/><sibling id='1' value='20'/></distances>
        <cpus num='2'><cpu id='0'/><cpu id='1'/></cpus>
      </cell>
      <cell id='1'>
        <memory unit='KiB'>2097152</memory>
        <distances><sibling id='0' value='20'/><sibling id='1' value='10'/></distances>
        <cache level='1' associativity='direct' policy='writeback'><size value='256' unit='MiB'/><line value='64' unit='B'/></cache>
        <cpus num='2'><cpu id='2'/><cpu id='3'/></cpus>
      </cell>
    </cells>
    <interconnects>
      <latency initiator='0' target='1' type='read' value='100'/>
      <bandwidth initiator='0' target='1' type='read' value='2048' unit='KiB'/>
    </interconnects>
  </topology></host></capabilities>
  """

/// Replaces the `n`-th (from 0) occurrence of `old` in `text`.
func replacing(_ old: String, occurrence n: Int, with new: String, in text: String) -> String {
  var parts = text.components(separatedBy: old)
  guard n + 1 < parts.count else { return text }
  let head = parts[0...n].joined(separator: old)
  parts.removeFirst(n + 1)
  return head + new + parts.joined(separator: old)
}

@Suite("host sources: limits, malformed input, arithmetic")
struct HostHardeningTests {
  static let boundaries = [
    "0", "2147483648", "4294967296", "9007199254740992", "9223372036854775808", "18446744073709551615",
    "18446744073709551616",
  ]

  /// Everything after a reader: from-host's guest and a fit, none of which may trap.
  func exercise(_ host: HostTopology) {
    if let topology = try? GuestFromHost(host: host).topology() {
      _ = GuestFromHost.domainXML(name: "g", topology: topology)
      _ = try? GuestFromHost(host: host).droppedInterconnects()
    }
    _ = try? GuestFromHost(host: host, vcpus: 4, memoryKiB: 4 << 20).topology()
    let report = FitReport.check(sharedValidator.check(bytes: Array(guest(numa: twoCells).utf8), file: "g.xml"), on: host)
    _ = report.numatune
  }

  /// Each numeric field of numactl -H output (the line `old` written as `new`, `#` standing for
  /// the number), with each boundary number: read or refused, never a trap.
  @Test(
    "numactl -H: every numeric field with every boundary number",
    arguments: [
      ("node 0 cpus: 0 1", "node 0 cpus: 0 #"), ("node 0 size: 2048 MB", "node 0 size: # MB"),
      ("node 1 cpus: 2 3", "node # cpus: 2 3"), ("0:  10  20", "0:  10  #"), ("node   0   1", "node   0   #"),
      ("1:  20  10", "#:  20  10"), ("node 1 size: 2048 MB", "node # size: 2048 MB"),
      ("node 0 free: 1024 MB", "node 0 free: # MB"), ("node 1 free: 1024 MB", "node # free: 1024 MB"),
    ])
  func numactlBoundaries(_ old: String, _ new: String) {
    for value in Self.boundaries {
      let text = twoNodeNumactl.replacingOccurrences(of: old, with: new.replacingOccurrences(of: "#", with: value))
      do {
        exercise(try NumactlReader.read(text, source: "t"))
      } catch {
        #expect(!error.reason.isEmpty)
      }
    }
  }

  @Test(
    "capabilities: every numeric field with every boundary number",
    arguments: [
      "id='1'", "2097152", "size='2048'>4", "<cpu id='2'/>", "value='20'", "value='256' unit='MiB'",
      "value='64' unit='B'", "value='100'", "value='2048' unit='KiB'", "initiator='0'", "level='1'",
    ])
  func capabilitiesBoundaries(_ field: String) {
    for value in Self.boundaries {
      let replaced: String
      switch field {
      case "id='1'": replaced = "id='\(value)'"
      case "2097152": replaced = value
      case "size='2048'>4": replaced = "size='2048'>\(value)"
      case "<cpu id='2'/>": replaced = "<cpu id='\(value)'/>"
      case "initiator='0'": replaced = "initiator='\(value)'"
      case "level='1'": replaced = "level='\(value)'"
      default: replaced = field.replacingOccurrences(of: field.split(separator: "'")[1], with: value)
      }
      let xml = replacing(field, occurrence: 0, with: replaced, in: twoNodeCapabilities)
      for unit in ["KiB", "EiB"] {
        let bytes = Array(xml.replacingOccurrences(of: "<memory unit='KiB'>", with: "<memory unit='\(unit)'>").utf8)
        do {
          exercise(try CapabilitiesReader.read(bytes, source: "t"))
        } catch {
          #expect(!error.reason.isEmpty)
        }
      }
    }
  }

  @Test(
    "sysfs: every numeric file with every boundary number",
    arguments: [
      "node0/cpulist", "node0/meminfo", "node0/distance", "node0/hugepages/hugepages-2048kB/nr_hugepages",
      "node0/hugepages/hugepages-2048kB/free_hugepages", "node1/memory_side_cache/index1/size",
      "node1/memory_side_cache/index1/line_size", "node1/memory_side_cache/index1/indexing",
      "node1/access1/initiators/read_latency", "node1/access1/initiators/read_bandwidth", "hugepage size", "node id",
      "MemFree",
    ])
  func sysfsBoundaries(_ file: String) throws {
    for value in Self.boundaries {
      var files = twoNodeSysfs()
      switch file {
      case "node0/cpulist": files[file] = "0,\(value)\n"
      case "node0/meminfo": files[file] = "Node 0 MemTotal:       \(value) kB\n"
      case "MemFree": files["node0/meminfo"] = "Node 0 MemTotal:       2097152 kB\nNode 0 MemFree:        \(value) kB\n"
      case "node0/distance": files[file] = "10 \(value)\n"
      case "hugepage size":
        files["node0/hugepages/hugepages-\(value)kB/nr_hugepages"] = "1\n"
      case "node id":
        files["node\(value)/cpulist"] = "8\n"
      default: files[file] = value + "\n"
      }
      let root = try sysfsTree(files)
      defer { try? FileManager.default.removeItem(atPath: root) }
      do {
        exercise(try HostTopology.read(from: root))
      } catch {
        #expect(!error.reason.isEmpty)
      }
    }
  }

  @Test func sizesThatOverflowAreErrors() throws {
    // 2^54 MB is 2^64 KiB: mebibytes * 1024 used to trap.
    let big = twoNodeNumactl.replacingOccurrences(of: "node 0 size: 2048 MB", with: "node 0 size: 18014398509481984 MB")
    #expect(throws: HostTopologyError.self) { try NumactlReader.read(big, source: "t") }
    // Two nodes of 2^63 KiB each: the sum used to trap.
    let sum = twoNodeNumactl.replacingOccurrences(of: "2048 MB", with: "9007199254740992 MB")
    let error = #expect(throws: HostTopologyError.self) { try NumactlReader.read(sum, source: "t") }
    #expect(error?.reason.contains("adds up") == true)
    let root = try sysfsTree(
      twoNodeSysfs([
        "node0/meminfo": "Node 0 MemTotal: 9223372036854775808 kB\n", "node1/meminfo": "Node 1 MemTotal: 9223372036854775808 kB\n",
      ]))
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root) }
    // Huge pages: count × size beyond 64 bits of KiB.
    let pages = try sysfsTree(twoNodeSysfs(["node0/hugepages/hugepages-2048kB/nr_hugepages": "18446744073709551615\n"]))
    defer { try? FileManager.default.removeItem(atPath: pages) }
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: pages) }
    // 2,049 cells of 2^53 - 1 KiB: each is a valid size, their sum is not.
    let cells = (0...2048).map { "<cell id='\($0)'><memory unit='KiB'>9007199254740991</memory><cpus num='1'><cpu id='\($0)'/></cpus></cell>" }
    let xml = "<capabilities><host><topology><cells>\(cells.joined())</cells></topology></host></capabilities>"
    #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(xml.utf8), source: "t") }
  }

  @Test func fitSumsCellMemoryWithACheck() throws {
    // A guest validate accepts whose cells add up to more than 2^64 KiB, all on host node 0.
    let count = 2049
    let cells = (0..<count).map { "<cell id='\($0)' cpus='\($0)' memory='9007199254740991' unit='KiB'/>" }.joined()
    let xml = guest(numa: cells, vcpu: "<vcpu>\(count)</vcpu>")
    let report = validate(xml)
    try #require(report.isValid, "\(report.diagnostics.prefix(3).map(\.message))")
    let host = try NumactlReader.read(twoNodeNumactl, source: "t")
    let fit = FitReport.check(sharedValidator.check(bytes: Array(xml.utf8), file: "g.xml"), on: host)
    #expect(!fit.fits)
    #expect(fit.diagnostics.contains { $0.code == .fitMemory && $0.message.contains("more memory than 64 bits of KiB can count") })
  }

  @Test func fromHostRefusesMoreVCPUsThanAGuestCanHave() throws {
    let host = try NumactlReader.read(twoNodeNumactl, source: "t")
    #expect(throws: GuestFromHost.Problem.tooManyVCPUs(Int.max)) { try GuestFromHost(host: host, vcpus: Int.max).topology() }
    let wide = "available: 1 nodes (0)\nnode 0 cpus: \((0..<20000).map(String.init).joined(separator: " "))\nnode 0 size: 1024 MB\n"
    #expect(throws: GuestFromHost.Problem.tooManyVCPUs(20000)) {
      try GuestFromHost(host: try NumactlReader.read(wide, source: "t")).topology()
    }
  }

  @Test func duplicateAndMalformedNodeIdsAreErrors() throws {
    let twice = try sysfsTree(twoNodeSysfs(["node00/cpulist": "4\n"]))
    defer { try? FileManager.default.removeItem(atPath: twice) }
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: twice) }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl + "node 1 cpus: 4\n", source: "t")
    }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: "node 1 cpus", with: "node -1 cpus"), source: "t")
    }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: "node 1 size", with: "node 0 size"), source: "t")
    }
    let duplicateCell = twoNodeCapabilities.replacingOccurrences(of: "<cell id='1'>", with: "<cell id='0'>")
    #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(duplicateCell.utf8), source: "t") }
    let badCell = twoNodeCapabilities.replacingOccurrences(of: "<cell id='1'>", with: "<cell id='x1'>")
    #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(badCell.utf8), source: "t") }
  }

  @Test func negativeAndRepeatedCPUIdsAreErrors() throws {
    for list in ["-1\n", "0,-1\n", "0--1\n", "3-1\n", "0-3,2\n", "0,x\n"] {
      let root = try sysfsTree(twoNodeSysfs(["node0/cpulist": list]))
      defer { try? FileManager.default.removeItem(atPath: root) }
      #expect(throws: HostTopologyError.self, "\(list)") { try HostTopology.read(from: root) }
    }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: "cpus: 0 1", with: "cpus: 0 -1"), source: "t")
    }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: "cpus: 0 1", with: "cpus: 0 0"), source: "t")
    }
    for cpu in ["-1", "x", ""] {
      let xml = twoNodeCapabilities.replacingOccurrences(of: "<cpu id='1'/>", with: "<cpu id='\(cpu)'/>")
      #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(xml.utf8), source: "t") }
    }
    // One cpu in two nodes.
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read(twoNodeNumactl.replacingOccurrences(of: "cpus: 2 3", with: "cpus: 1 3"), source: "t")
    }
  }

  @Test func partialCapabilityDistancesAreErrors() throws {
    let xml = twoNodeCapabilities.replacingOccurrences(of: "<sibling id='0' value='20'/>", with: "")
    #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(xml.utf8), source: "t") }
  }

  @Test func messagesQuoteAShortEscapedExcerptOnly() throws {
    let secret = "SECRET-" + String(repeating: "x", count: 200) + "\u{1B}]0;forged\u{07}\nline two"
    let folder = try sysfsTree(["secret.txt": secret])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let root = try sysfsTree(twoNodeSysfs())
    defer { try? FileManager.default.removeItem(atPath: root) }
    for file in ["node0/cpulist", "node0/meminfo", "node0/distance", "node0/hugepages/hugepages-2048kB/nr_hugepages"] {
      try FileManager.default.removeItem(atPath: root + "/" + file)
      try FileManager.default.createSymbolicLink(atPath: root + "/" + file, withDestinationPath: folder + "/secret.txt")
      let error = #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root) }
      let text = error?.description ?? ""
      #expect(!text.contains(String(repeating: "x", count: 50)), "\(text)")
      #expect(!text.contains("\u{1B}") && !text.contains("\n") && !text.contains("line two"), "\(text)")
      try FileManager.default.removeItem(atPath: root + "/" + file)
      try (twoNodeSysfs()[file] ?? "").write(toFile: root + "/" + file, atomically: false, encoding: .utf8)
    }
    let numactl = twoNodeNumactl + "node 1 \u{1B}[2J" + String(repeating: "y", count: 100) + "\n"
    let error = #expect(throws: HostTopologyError.self) { try NumactlReader.read(numactl, source: "t") }
    #expect(!(error?.description.contains("\u{1B}") ?? true))
    #expect(!(error?.description.contains(String(repeating: "y", count: 50)) ?? true))
  }

  @Test func fifosAndDevicesAreRefusedWithoutBlocking() throws {
    let root = try sysfsTree(twoNodeSysfs())
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.removeItem(atPath: root + "/node0/meminfo")
    #expect(mkfifo(root + "/node0/meminfo", 0o600) == 0)
    let error = #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root) }
    #expect(error?.reason.contains("FIFO") == true)
    #expect(mkfifo(root + "/fifo", 0o600) == 0)
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root + "/fifo") }
    let device = #expect(throws: HostTopologyError.self) { try HostTopology.read(from: "/dev/zero") }
    #expect(device?.reason.contains("device") == true)
  }

  @Test func filesAreReadWithinTheLimit() throws {
    // A sparse 3 GB meminfo is refused by its size, never read.
    let root = try sysfsTree(twoNodeSysfs())
    defer { try? FileManager.default.removeItem(atPath: root) }
    let handle = try #require(FileHandle(forWritingAtPath: root + "/node0/meminfo"))
    try handle.truncate(atOffset: 3 << 30)
    try handle.close()
    let error = #expect(throws: HostTopologyError.self) { try HostTopology.read(from: root) }
    #expect(error?.reason.contains("larger than \(HostTopology.sysfsFileLimit) bytes") == true)
    // --max-size applies to numactl and capabilities files.
    let folder = try sysfsTree(["numactl.txt": twoNodeNumactl])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(throws: HostTopologyError.self) { try HostTopology.read(from: folder + "/numactl.txt", limit: 100) }
    #expect(try HostTopology.read(from: folder + "/numactl.txt").nodes.count == 2)
  }

  @Test func nodeCountsAreCapped() throws {
    let lines = (0...HostTopology.maximumNodes).map { "node \($0) cpus:\nnode \($0) size: 1 MB" }
    #expect(throws: HostTopologyError.self) {
      try NumactlReader.read("available: 1 nodes\n" + lines.joined(separator: "\n"), source: "t")
    }
    let cells = (0...HostTopology.maximumNodes).map { "<cell id='\($0)'/>" }.joined()
    let xml = "<capabilities><host><topology><cells>\(cells)</cells></topology></host></capabilities>"
    #expect(throws: HostTopologyError.self) { try CapabilitiesReader.read(Array(xml.utf8), source: "t") }
  }

  @Test func longCPUListsInAnyOrderAreFast() throws {
    // Every second id, descending: each insertion used to shift the whole set.
    let ids = stride(from: HostTopology.cpuIdLimit - 2, through: 0, by: -2).map(String.init)
    let started = ContinuousClock.now
    let host = try NumactlReader.read("available: 1 nodes (0)\nnode 0 cpus: \(ids.joined(separator: " "))\nnode 0 size: 1 MB\n", source: "t")
    #expect(host.nodes[0].cpus.count == ids.count)
    let list = ids.joined(separator: ",")
    let root = try sysfsTree(["node0/cpulist": list + "\n", "node1/cpumap": String(repeating: "aaaaaaaa,", count: 2047) + "aaaaaaaa\n"])
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sysfs = try HostTopology.read(from: root)
    #expect(sysfs.nodes[0].cpus.count == ids.count)
    #expect(sysfs.nodes[1].cpus.count == ids.count)
    let cpus = ids.map { "<cpu id='\($0)'/>" }.joined()
    let xml = "<capabilities><host><topology><cells><cell id='0'><cpus>\(cpus)</cpus></cell></cells></topology></host></capabilities>"
    #expect(try CapabilitiesReader.read(Array(xml.utf8), source: "t").nodes[0].cpus.count == ids.count)
    #expect(ContinuousClock.now - started < .seconds(20))
  }
}
