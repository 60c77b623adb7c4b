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
    let decoded = try JSONSerialization.jsonObject(with: Data(TopologyView.json(topology).utf8)) as? [String: Any]
    #expect(decoded?["distances"] as? [[Int]] == [[10, 15, 20], [15, 10, 20], [20, 20, 10]])
    let cells = decoded?["cells"] as? [[String: Any]]
    #expect(cells?.count == 3)
    #expect(cells?[2]["cpus"] as? [Int] == [])
    #expect(cells?[1]["memoryKiB"] as? Int == 2048)
  }
}
