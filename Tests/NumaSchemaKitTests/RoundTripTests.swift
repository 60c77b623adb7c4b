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

  @Test("from-qemu(to-qemu(x)) keeps the cells and distances of x, for every guest to-qemu converts")
  func qemuRoundTrip() throws {
    var expressed = 0
    for guest in conformanceGuests {
      // As the command runs it: under libvirt's QEMU driver rules and QEMU's start rules.
      var qemuValidator = sharedValidator
      qemuValidator.driver = .qemu
      let qemu = qemuValidator.check(bytes: guest.bytes, file: "input.xml").toQEMU()
      guard let args = qemu.output else { continue }
      let original = try #require(sharedValidator.validate(bytes: guest.bytes, file: "a").guest)
      // What QEMU itself refuses, which from-qemu refuses too: a <topology> whose product is not
      // the vCPU count (QEMU: the product must be maxcpus), and cells so large that rounding them
      // up to a MiB goes past libvirt's 2^53 KiB.
      let facts = original.facts
      if let sockets = facts.sockets,
        sockets * (facts.dies ?? 1) * (facts.cores ?? 1) * (facts.threads ?? 1) != original.maximumVCPUs
      {
        #expect(
          QEMUImport.domain(bytes: Array(args.utf8), file: "to-qemu.args", validator: sharedValidator).diagnostics
            .map(\.code) == [.fromQEMUSMPInvalid], "\(guest.name)")
        continue
      }
      if original.numa?.cells.contains(where: { $0.memoryKiB > (1 << 53) - 1024 }) == true { continue }
      let back = QEMUImport.domain(bytes: Array(args.utf8), file: "to-qemu.args", validator: sharedValidator)
      let xml = try #require(
        back.output, "\(guest.name): from-qemu refused its own to-qemu output: \(back.diagnostics.map(\.message))")
      #expect(
        !back.diagnostics.contains { $0.code.rawValue.hasPrefix("from-qemu-") },
        "\(guest.name): \(back.diagnostics.map(\.message))")
      let returned = try #require(sharedValidator.validate(bytes: Array(xml.utf8), file: "b").guest)
      #expect(returned.maximumVCPUs == original.maximumVCPUs, "\(guest.name)")
      guard let topology = original.numa.map({ _ in original.effectiveTopology }) else {
        #expect(returned.numa == nil, "\(guest.name): a guest without NUMA came back with cells")
        continue
      }
      let cells = try #require(returned.numa?.cells, "\(guest.name): the cells are gone")
      // What QEMU gets: vCPUs in no cell are in cell 0, and every cell's memory is rounded up to
      // a MiB (libvirt's alignment, which to-qemu follows). memAccess survives when the command
      // line says it (a backend's share).
      let unassigned = CPUSet(ranges: [0...(original.maximumVCPUs - 1)]).subtracting(topology.allCPUs)
      let carriesShare = args.contains("\"share\"") || args.contains("share=")
      let expected = topology.cells.enumerated().map { index, cell in
        Cell(
          id: cell.id, cpus: index == 0 ? cell.cpus.union(unassigned) : cell.cpus,
          memoryKiB: (cell.memoryKiB + 1023) / 1024 * 1024, memAccess: carriesShare ? cell.memAccess : nil)
      }
      #expect(
        cells.map { Cell(id: $0.id, cpus: $0.cpus, memoryKiB: $0.memoryKiB, memAccess: $0.memAccess) } == expected,
        "\(guest.name)")
      let matrix = try #require(returned.numa?.distances)
      for from in topology.cells.indices {
        for to in topology.cells.indices {
          #expect(matrix[from, to] == topology.distances[from, to], "\(guest.name): distance \(from)→\(to)")
        }
      }
      expressed += 1
    }
    #expect(expressed >= 30)
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
