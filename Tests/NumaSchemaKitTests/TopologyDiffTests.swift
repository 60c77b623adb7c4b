import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("diff: two topologies compared by meaning")
struct TopologyDiffTests {
  /// The topology of a guest around `numa`, which must be valid.
  static func topology(_ numa: String, vcpu: Int = 16, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> NUMATopology
  {
    let report = validate(guest(numa: numa, vcpu: "<vcpu>\(vcpu)</vcpu>"))
    #expect(report.isValid, "\(report.diagnostics)", sourceLocation: sourceLocation)
    return try #require(report.guest?.effectiveTopology, sourceLocation: sourceLocation)
  }

  static func cells(_ specs: [(cpus: String?, memory: String)], distances: [Int: String] = [:]) -> String {
    specs.enumerated().map { id, spec in
      let cpus = spec.cpus.map { " cpus='\($0)'" } ?? ""
      let body = distances[id].map { "<distances>\($0)</distances>" } ?? ""
      return "<cell id='\(id)'\(cpus) memory='\(spec.memory)'>\(body)</cell>"
    }.joined(separator: "\n")
  }

  static let ringHalf = cells(
    [("0-3", "1048576"), ("4-7", "1048576"), ("8-11", "1048576"), ("12-15", "1048576")],
    distances: [
      0:
        "<sibling id='0' value='10'/><sibling id='1' value='21'/><sibling id='2' value='31'/><sibling id='3' value='21'/>",
      1: "<sibling id='2' value='21'/><sibling id='3' value='31'/>",
      2: "<sibling id='3' value='21'/>",
    ])

  static let ringFull = cells(
    [("0-3", "1048576"), ("4-7", "1048576"), ("8-11", "1048576"), ("12-15", "1048576")],
    distances: [
      0:
        "<sibling id='0' value='10'/><sibling id='1' value='21'/><sibling id='2' value='31'/><sibling id='3' value='21'/>",
      1:
        "<sibling id='0' value='21'/><sibling id='1' value='10'/><sibling id='2' value='21'/><sibling id='3' value='31'/>",
      2:
        "<sibling id='0' value='31'/><sibling id='1' value='21'/><sibling id='2' value='10'/><sibling id='3' value='21'/>",
      3:
        "<sibling id='0' value='21'/><sibling id='1' value='31'/><sibling id='2' value='21'/><sibling id='3' value='10'/>",
    ])

  @Test func explicitAndMirroredDistancesAreEqual() throws {
    let diff = TopologyDiff.compare(try Self.topology(Self.ringHalf), try Self.topology(Self.ringFull))
    #expect(diff.isEmpty)
    #expect(diff.text == "")
    #expect(diff == TopologyDiff())
  }

  @Test func defaultsAndTheSameValuesGivenAreEqual() throws {
    let implicit = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024")]))
    let explicit = try Self.topology(
      Self.cells(
        [("0-3", "1024"), ("4-7", "1024")],
        distances: [0: "<sibling id='0' value='10'/><sibling id='1' value='20'/>"]))
    #expect(TopologyDiff.compare(implicit, explicit).isEmpty)
  }

  @Test func anAddedCellIsOneLineAndItsDistancesAreNotListed() throws {
    let old = try Self.topology(Self.cells([("0-3", "1048576"), ("4-7", "1048576")]))
    let new = try Self.topology(
      Self.cells(
        [("0-3", "1048576"), ("4-7", "1048576"), ("8-11", "2097152")],
        distances: [2: "<sibling id='0' value='31'/><sibling id='1' value='31'/>"]))
    let diff = TopologyDiff.compare(old, new)
    #expect(diff.addedCells.map(\.id) == [2])
    #expect(diff.distances == [])
    #expect(diff.text == "cell 2 added: cpus 8-11, 2048 MiB\n")
  }

  @Test func aRemovedCellIsOneLine() throws {
    let old = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024"), (nil, "1024")]))
    let new = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024")]))
    let diff = TopologyDiff.compare(old, new)
    #expect(diff.removedCells.map(\.id) == [2])
    #expect(diff.textLines == ["cell 2 removed"])
    #expect(TopologyDiff.compare(new, old).textLines == ["cell 2 added: no cpus, 1 MiB"])
  }

  @Test func cpusAndMemoryChanges() throws {
    let old = try Self.topology(Self.cells([("0-3", "2097152"), ("4-7", "1048576"), ("8-11", "1024")]))
    let new = try Self.topology(Self.cells([("0-3", "4194304"), ("4-5", "1048576"), ("8-11", "1536")]))
    let diff = TopologyDiff.compare(old, new)
    #expect(
      diff.changedCells == [
        .init(id: 0, memoryKiB: .init(old: 2_097_152, new: 4_194_304)),
        .init(id: 1, cpus: .init(old: CPUSet(ranges: [4...7]), new: CPUSet(ranges: [4...5]))),
        .init(id: 2, memoryKiB: .init(old: 1024, new: 1536)),
      ])
    #expect(
      diff.textLines == [
        "cell 0 memory: 2048 MiB → 4096 MiB",
        "cell 1 cpus: 4-7 → 4-5",
        "cell 2 memory: 1024 KiB → 1536 KiB",
      ])
  }

  @Test func cpusThatGoAwayReadNone() throws {
    let old = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024")]))
    let new = try Self.topology(Self.cells([("0-7", "1024"), (nil, "1024")]))
    #expect(TopologyDiff.compare(old, new).textLines == ["cell 0 cpus: 0-3 → 0-7", "cell 1 cpus: 4-7 → none"])
  }

  @Test func aSymmetricDistanceChangeIsOneLine() throws {
    let old = try Self.topology(Self.ringHalf)
    let new = try Self.topology(Self.ringFull.replacingOccurrences(of: "value='31'", with: "value='41'"))
    let diff = TopologyDiff.compare(old, new)
    #expect(diff.distances.count == 4)  // 0→2, 1→3 and their mirrors
    #expect(diff.textLines == ["distance 0↔2: 31 → 41", "distance 1↔3: 31 → 41"])
  }

  @Test func anAsymmetricDistanceChangeNamesItsDirection() throws {
    let old = try Self.topology(Self.ringHalf)
    // 0→2 becomes 41; 2→0 stays 31 (given explicitly after the mirror was written).
    let new = try Self.topology(
      Self.cells(
        [("0-3", "1048576"), ("4-7", "1048576"), ("8-11", "1048576"), ("12-15", "1048576")],
        distances: [
          0: "<sibling id='1' value='21'/><sibling id='2' value='41'/><sibling id='3' value='21'/>",
          1: "<sibling id='2' value='21'/><sibling id='3' value='31'/>",
          2: "<sibling id='0' value='31'/><sibling id='3' value='21'/>",
        ]))
    let diff = TopologyDiff.compare(old, new)
    #expect(diff.distances == [.init(from: 0, to: 2, old: 31, new: 41)])
    #expect(diff.text == "distance 0→2: 31 → 41\n")
  }

  @Test func bothDirectionsChangedDifferentlyAreTwoLines() throws {
    let old = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024")]))
    let new = try Self.topology(
      Self.cells(
        [("0-3", "1024"), ("4-7", "1024")],
        distances: [0: "<sibling id='1' value='21'/>", 1: "<sibling id='0' value='22'/>"]))
    #expect(TopologyDiff.compare(old, new).textLines == ["distance 0→1: 20 → 21", "distance 1→0: 20 → 22"])
  }

  @Test func cellLinesComeBeforeDistancesInIdOrder() throws {
    let old = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024"), ("8-11", "1024")]))
    let new = try Self.topology(
      Self.cells(
        [("0-3", "2048"), ("4-7", "1024")],
        distances: [0: "<sibling id='1' value='30'/>"]))
    #expect(
      TopologyDiff.compare(old, new).textLines == [
        "cell 0 memory: 1 MiB → 2 MiB", "cell 2 removed", "distance 0↔1: 20 → 30",
      ])
  }

  @Test func aGuestWithoutNUMAComparesAsOneNode() throws {
    let plain = try #require(
      validate(guest(numa: nil, vcpu: "<vcpu>4</vcpu>", memory: "<memory unit='MiB'>1024</memory>")).guest?
        .effectiveTopology)
    let one = try Self.topology(Self.cells([("0-3", "1048576")]), vcpu: 4)
    #expect(TopologyDiff.compare(plain, one).isEmpty)
  }

  // MARK: JSON

  @Test func jsonOfEqualTopologies() throws {
    let diff = TopologyDiff.compare(try Self.topology(Self.ringHalf), try Self.topology(Self.ringFull))
    #expect(
      diff.json.text == """
        {
          "equal": true,
          "cells": {
            "added": [],
            "removed": [],
            "changed": []
          },
          "distances": []
        }
        """)
  }

  @Test func jsonCarriesEveryKindOfChange() throws {
    let old = try Self.topology(Self.cells([("0-3", "1024"), ("4-7", "1024"), ("8-11", "1024")]))
    let new = try Self.topology(
      Self.cells(
        [("0-3", "2048"), ("4-5", "1024"), ("8-11", "1024"), ("12-15", "4096")],
        distances: [0: "<sibling id='1' value='30'/>"]))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(TopologyDiff.compare(old, new).json.text.utf8)) as? [String: Any])
    #expect(object["equal"] as? Bool == false)
    let cells = try #require(object["cells"] as? [String: Any])
    let added = try #require(cells["added"] as? [[String: Any]])
    #expect(added.count == 1)
    #expect(added.first?["id"] as? Int == 3)
    #expect(added.first?["cpus"] as? String == "12-15")
    #expect(added.first?["memoryKiB"] as? Int == 4096)
    #expect((cells["removed"] as? [Any])?.count == 0)
    let changed = try #require(cells["changed"] as? [[String: Any]])
    #expect(changed.count == 2)
    #expect(changed[0]["id"] as? Int == 0)
    #expect(changed[0]["cpus"] == nil)
    #expect(changed[0]["memoryKiB"] as? [String: Int] == ["old": 1024, "new": 2048])
    #expect(changed[1]["id"] as? Int == 1)
    #expect(changed[1]["cpus"] as? [String: String] == ["old": "4-7", "new": "4-5"])
    #expect(changed[1]["memoryKiB"] == nil)
    let distances = try #require(object["distances"] as? [[String: Int]])
    #expect(distances == [["from": 0, "to": 1, "old": 20, "new": 30], ["from": 1, "to": 0, "old": 20, "new": 30]])
  }
}
