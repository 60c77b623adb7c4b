import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("what a guest's numactl -H shows")
struct TopologyViewTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

  @Test func fourNodeRingPrintsLikeNumactl() throws {
    let bytes = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("four-node-ring.xml")))
    let report = sharedValidator.validate(bytes: bytes, file: "four-node-ring.xml")
    #expect(report.diagnostics == [])
    let topology = try #require(report.guest?.effectiveTopology)
    let lines = TopologyView.numactl(topology).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "available: 4 nodes (0-3)")
    #expect(lines[1] == "node 0 cpus: 0 1 2 3")
    #expect(lines[2] == "node 0 size: 2048 MB")
    #expect(lines[3] == "node 0 free: 2048 MB")
    #expect(
      Array(lines.suffix(7)) == [
        "node distances:", "node   0   1   2   3 ", "  0:  10  21  31  21 ", "  1:  21  10  21  31 ",
        "  2:  31  21  10  21 ", "  3:  21  31  21  10 ", "",
      ])
  }

  @Test func memoryOnlyNodesHaveNothingAfterTheColon() throws {
    let bytes = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("two-node-memory-only.xml")))
    let topology = try #require(sharedValidator.validate(bytes: bytes, file: "x").guest?.effectiveTopology)
    let text = TopologyView.numactl(topology)
    #expect(text.contains("\nnode 2 cpus:\n"))
    #expect(text.contains("  2:  40  40  10 \n"))
  }

  @Test func threeDigitValuesWidenTheirColumn() {
    #expect(TopologyView.signSpaced(0) == "  0")
    #expect(TopologyView.signSpaced(10) == " 10")
    #expect(TopologyView.signSpaced(255) == " 255")
  }

  @Test func aGuestWithoutNUMAIsOneNode() throws {
    let report = validate(guest(numa: nil, vcpu: "<vcpu>2</vcpu>", memory: "<memory unit='MiB'>512</memory>"))
    let topology = try #require(report.guest?.effectiveTopology)
    #expect(TopologyView.numactl(topology).hasPrefix("available: 1 nodes (0)\nnode 0 cpus: 0 1\nnode 0 size: 512 MB\n"))
  }

  @Test func jsonCarriesTheCompletedMatrix() throws {
    let report = validate(
      guest(numa: "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='15'/></distances></cell><cell id='1' cpus='4-7' memory='2048'/><cell id='2' memory='1024'/>"))
    let topology = try #require(report.guest?.numa)
    let decoded = try JSONSerialization.jsonObject(with: Data(TopologyView.json(topology).text.utf8)) as? [String: Any]
    #expect(decoded?["distances"] as? [[Int]] == [[10, 15, 20], [15, 10, 20], [20, 20, 10]])
    let cells = decoded?["cells"] as? [[String: Any]]
    #expect(cells?.count == 3)
    #expect(cells?[0]["cpus"] as? String == "0-3")
    #expect(cells?[2]["cpus"] as? String == "")  // a CPU-less cell: the empty cpuset
    #expect(cells?[1]["memoryKiB"] as? Int == 2048)
  }

  // MARK: HMAT

  /// Cells 0 and 1 with vCPUs, cell 2 memory-only, and the given figures and cell 2's caches.
  static func hmat(_ figures: [Interconnect], caches: [CellCache] = []) -> NUMATopology {
    NUMATopology(
      cells: [
        Cell(id: 0, cpus: CPUSet([0, 1]), memoryKiB: 1_048_576),
        Cell(id: 1, cpus: CPUSet([2, 3]), memoryKiB: 1_048_576),
        Cell(id: 2, cpus: CPUSet(), memoryKiB: 1_048_576, caches: caches),
      ], distances: DistanceMatrix(count: 3), interconnects: figures)
  }

  static func latency(_ initiator: Int, _ target: Int, _ value: UInt64, cache: Int = 0, type: String = "access")
    -> Interconnect
  {
    Interconnect(kind: .latency, initiator: initiator, target: target, cache: cache, type: type, value: value)
  }

  static func bandwidth(_ initiator: Int, _ target: Int, _ value: UInt64, cache: Int = 0, type: String = "access")
    -> Interconnect
  {
    Interconnect(kind: .bandwidth, initiator: initiator, target: target, cache: cache, type: type, value: value)
  }

  @Test func aGuestWithoutHMATShowsExactlyTheNumactlView() throws {
    let bytes = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("four-node-ring.xml")))
    let topology = try #require(sharedValidator.validate(bytes: bytes, file: "x").guest?.effectiveTopology)
    #expect(TopologyView.hmat(topology) == "")
    #expect(TopologyView.text(topology) == TopologyView.numactl(topology))
    #expect(!TopologyView.json(topology).text.contains("caches"))
    #expect(!TopologyView.json(topology).text.contains("interconnects"))
  }

  @Test func cachesAndFigureTablesFollowTheDistanceTable() throws {
    let bytes = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("memory-tier-hmat.xml")))
    let topology = try #require(sharedValidator.validate(bytes: bytes, file: "x").guest?.effectiveTopology)
    let text = TopologyView.text(topology)
    #expect(text.hasPrefix(TopologyView.numactl(topology)))
    #expect(
      String(text.dropFirst(TopologyView.numactl(topology).count)) == """
        node caches:
        node 2 cache level 1: size 64 MiB, line 64 B, associativity direct, policy writeback
        node access latency to memory (ns):
        node    0    1    2 \n  0:   90    -  250 \n  1:    -   90  250 \n\
        node access latency to cache level 1 (ns):
        node    2 \n  0:  120 \n  1:  120 \n\
        node access bandwidth to memory (GiB/s):
        node   0   1   2 \n  0:  40   -  16 \n  1:   -  40  16 \n
        """)
  }

  @Test func tablesComeByKindThenCacheTargetThenType() {
    let topology = Self.hmat(
      [
        Self.bandwidth(0, 0, 1024, type: "read"), Self.latency(1, 2, 7, cache: 1, type: "write"),
        Self.latency(0, 2, 9, cache: 1), Self.latency(0, 0, 6, type: "write"), Self.latency(0, 0, 5),
      ], caches: [CellCache(level: 1, associativity: "none", policy: "none", sizeKiB: 4, lineBytes: 64)])
    let titles = TopologyView.hmat(topology).split(separator: "\n").filter { $0.hasSuffix("):") }
    #expect(
      titles == [
        "node access latency to memory (ns):", "node write latency to memory (ns):",
        "node access latency to cache level 1 (ns):", "node write latency to cache level 1 (ns):",
        "node read bandwidth to memory (MiB/s):",
      ])
  }

  @Test(
    "a bandwidth table is in the largest unit that keeps every figure whole",
    arguments: [
      ([204_800, 102_400], "MiB/s", ["200", "100"]), ([204_800, 1000], "KiB/s", ["204800", "1000"]),
      ([20_971_520, 8_388_608], "GiB/s", ["20", "8"]), ([1_073_741_824, 0], "TiB/s", ["1", "0"]),
      ([0, 0], "KiB/s", ["0", "0"]),
    ] as [([UInt64], String, [String])])
  func bandwidthUnits(_ values: [UInt64], _ unit: String, _ shown: [String]) {
    let text = TopologyView.hmat(Self.hmat([Self.bandwidth(0, 0, values[0]), Self.bandwidth(0, 2, values[1])]))
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0] == "node access bandwidth to memory (\(unit)):")
    #expect(lines[2].split(separator: " ").dropFirst().map(String.init) == shown)
  }

  @Test func missingFiguresAreDashesAndWideFiguresWidenTheirColumns() {
    let text = TopologyView.hmat(Self.hmat([Self.latency(0, 0, 5), Self.latency(1, 2, 123_456)]))
    #expect(
      text == """
        node access latency to memory (ns):
        node       0       2 \n  0:       5       - \n  1:       -  123456 \n
        """)
  }

  @Test func cachesAreListedByLevelInExactUnits() {
    let caches = [
      CellCache(level: 3, associativity: "full", policy: "writethrough", sizeKiB: 1_048_576, lineBytes: 128),
      CellCache(level: 1, associativity: "none", policy: "none", sizeKiB: 1000, lineBytes: 64),
    ]
    #expect(
      TopologyView.hmat(Self.hmat([], caches: caches)) == """
        node caches:
        node 2 cache level 1: size 1000 KiB, line 64 B, associativity none, policy none
        node 2 cache level 3: size 1 GiB, line 128 B, associativity full, policy writethrough

        """)
  }

  @Test func jsonCarriesCachesOnEveryCellAndFiguresInCanonicalOrder() throws {
    let topology = Self.hmat(
      [Self.bandwidth(0, 2, 204_800), Self.latency(0, 2, 9, cache: 1), Self.latency(0, 0, 5)],
      caches: [CellCache(level: 1, associativity: "direct", policy: "writeback", sizeKiB: 10240, lineBytes: 64)])
    let decoded = try #require(
      try JSONSerialization.jsonObject(with: Data(TopologyView.json(topology).text.utf8)) as? [String: Any])
    let cells = try #require(decoded["cells"] as? [[String: Any]])
    #expect(cells.map { ($0["caches"] as? [Any])?.count } == [0, 0, 1])
    let cache = try #require((cells[2]["caches"] as? [[String: Any]])?.first)
    #expect(cache["level"] as? Int == 1)
    #expect(cache["associativity"] as? String == "direct")
    #expect(cache["policy"] as? String == "writeback")
    #expect(cache["sizeKiB"] as? Int == 10240)
    #expect(cache["lineBytes"] as? Int == 64)
    let figures = try #require(decoded["interconnects"] as? [[String: Any]])
    #expect(figures.map { $0["target"] as? Int } == [0, 2, 2])
    #expect(figures.map { $0["cache"] as? Int } == [0, 1, 0])
    #expect(figures.map { $0["latency"] as? Int } == [5, 9, nil])
    #expect(figures.map { $0["bandwidth"] as? Int } == [nil, nil, 204_800])
    #expect(figures.map { $0["unit"] as? String } == ["ns", "ns", "KiB/s"])
    #expect(figures.allSatisfy { $0["initiator"] as? Int == 0 && $0["type"] as? String == "access" })
  }

  @Test func jsonOfAGuestWithCachesButNoFiguresHasAnEmptyFigureList() throws {
    let topology = Self.hmat(
      [], caches: [CellCache(level: 1, associativity: "direct", policy: "writeback", sizeKiB: 8, lineBytes: 64)])
    let decoded = try JSONSerialization.jsonObject(with: Data(TopologyView.json(topology).text.utf8)) as? [String: Any]
    #expect((decoded?["interconnects"] as? [Any])?.isEmpty == true)
  }

  @Test func exactUnitsAreTheLargestThatKeepAWholeNumber() {
    #expect(MemoryUnit.exactText(10240, units: TopologyView.sizeUnits) == "10 MiB")
    #expect(MemoryUnit.exactText(1000, units: TopologyView.sizeUnits) == "1000 KiB")
    #expect(MemoryUnit.exactText(0, units: TopologyView.sizeUnits) == "0 KiB")
    #expect(MemoryUnit.exactText(1 << 40, units: TopologyView.sizeUnits) == "1024 TiB")
    #expect(MemoryUnit.commonBinaryPower(of: [2048, 3072], limit: 3) == 1)
    #expect(MemoryUnit.commonBinaryPower(of: [UInt64.max], limit: 3) == 0)
  }
}
