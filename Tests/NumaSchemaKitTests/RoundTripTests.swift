import Foundation
import Testing

@testable import NumaSchemaKit

/// Every valid guest of the conformance suite, by case name.
let conformanceGuests: [(name: String, bytes: [UInt8])] = conformanceCases.compactMap { testCase in
  let input = testCase.folder.appendingPathComponent(ConformanceCase.inputName)
  guard let data = try? Data(contentsOf: input) else { return nil }
  let bytes = [UInt8](data)
  return sharedValidator.validate(bytes: bytes, file: "input.xml").isValid ? (testCase.name, bytes) : nil
}

@Suite("round trips")
struct RoundTripTests {
  @Test("from-xl(to-xl(x)) has the topology of x, for every guest xl can express")
  func xlRoundTrip() throws {
    var expressed = 0
    for guest in conformanceGuests {
      let xl = sharedValidator.check(bytes: guest.bytes, file: "input.xml").toXL()
      // What xl cannot express: memory-only cells, sizes not in MiB (no output), and a <memory>
      // that is not the sum of the cells (xl refuses the maxmem libvirt writes for it).
      guard let config = xl.output, !xl.diagnostics.contains(where: { $0.code == .toXLMemoryMismatch }) else {
        continue
      }
      let back = XLImport.domain(bytes: Array(config.utf8), file: "to-xl.cfg", validator: sharedValidator)
      let xml = try #require(
        back.output, "\(guest.name): from-xl refused its own to-xl output: \(back.diagnostics.map(\.message))")
      var original = try #require(sharedValidator.validate(bytes: guest.bytes, file: "a").guest?.effectiveTopology)
      let returned = try #require(sharedValidator.validate(bytes: Array(xml.utf8), file: "b").guest?.effectiveTopology)
      // xl has no HMAT: a vnode carries no memory-side cache and a config no latencies or
      // bandwidths, so the round trip keeps everything but those.
      original.interconnects = []
      for index in original.cells.indices { original.cells[index].caches = [] }
      #expect(TopologyView.json(returned) == TopologyView.json(original), "\(guest.name)")
      expressed += 1
    }
    #expect(expressed >= 30)
  }

  @Test("from-xl(to-xl(x)) keeps the host node of each cell, for every guest whose <numatune> xl carries")
  func xlRoundTripKeepsPlacement() throws {
    var carried = 0
    for guest in conformanceGuests {
      let checked = sharedValidator.check(bytes: guest.bytes, file: "input.xml")
      guard let original = checked.validGuest, let numatune = original.references.numatune else { continue }
      let cells = original.effectiveTopology.cells.map(\.id)
      guard XLExporter().carries(numatune, cells: cells), let config = checked.toXL().output else { continue }
      let back = XLImport.domain(bytes: Array(config.utf8), file: "to-xl.cfg", validator: sharedValidator)
      let xml = try #require(back.output, "\(guest.name): from-xl refused its own to-xl output")
      let returned = try #require(sharedValidator.validate(bytes: Array(xml.utf8), file: "b").guest)
      // The host node each cell's memory is on: its one-node binding, else its own index (xl's
      // default pnode, which from-xl reads back as no binding).
      func placement(_ tune: Numatune?) -> [Int] {
        cells.map { XLExporter.boundNode(of: $0, in: tune, cells: cells.count) ?? $0 }
      }
      #expect(placement(returned.references.numatune) == placement(numatune), "\(guest.name)")
      carried += 1
    }
    #expect(carried >= 1)
  }

  @Test("the -numa dist pairs are the completed matrix", arguments: conformanceGuests.map(\.name))
  func qemuDistancesAreTheMatrix(_ name: String) throws {
    let bytes = try #require(conformanceGuests.first { $0.name == name }?.bytes)
    guard let topology = sharedValidator.validate(bytes: bytes, file: "a").guest?.numa else { return }
    let result = sharedValidator.check(bytes: bytes, file: "input.xml").toQEMU()
    guard let args = result.output else { return }
    var pairs: [String: Int] = [:]
    for line in args.split(separator: "\n") where line.hasPrefix("-numa dist,") {
      let fields = Dictionary(
        uniqueKeysWithValues: line.dropFirst("-numa dist,".count).split(separator: " ")[0].split(separator: ",").map {
          let parts = $0.split(separator: "=")
          return (String(parts[0]), Int(parts[1]) ?? -1)
        })
      pairs["\(fields["src"]!)-\(fields["dst"]!)"] = fields["val"]
    }
    if pairs.isEmpty { return }  // all defaults: QEMU's own defaults are the same matrix
    #expect(pairs.count == topology.cells.count * topology.cells.count)
    for from in topology.cells.indices {
      for to in topology.cells.indices { #expect(pairs["\(from)-\(to)"] == topology.distances[from, to]) }
    }
  }
}
