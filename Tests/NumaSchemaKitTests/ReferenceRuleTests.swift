import Foundation
import Testing

@testable import NumaSchemaKit

/// The codes of what refers to the guest's cells from elsewhere in the domain (HMAT, hugepages,
/// memory devices, PCI controllers) and of the driver rules. Each is triggered by the input of
/// its conformance case, `conformance/diagnostics/<code>/`, with the case's driver settings.
let referenceCodes: [DiagnosticCode] = DiagnosticCode.allCases.filter { code in
  ["numa-cache-", "numa-interconnect-", "hugepages-", "memory-device", "memory-max-", "pci-controller-", "qemu-"]
    .contains(where: code.rawValue.hasPrefix)
}

private func diagnosticsCase(_ code: DiagnosticCode) throws -> ConformanceCase {
  try #require(conformanceCases.first { $0.name == "diagnostics/\(code.rawValue)" })
}

private func input(of testCase: ConformanceCase) throws -> String {
  try String(contentsOf: testCase.folder.appendingPathComponent(ConformanceCase.inputName), encoding: .utf8)
}

@Suite("what refers to the cells")
struct ReferenceRuleTests {
  @Test("each code is reported for its conformance input", arguments: referenceCodes)
  func codeIsTriggered(_ code: DiagnosticCode) throws {
    let testCase = try diagnosticsCase(code)
    let report = validate(try input(of: testCase), driver: testCase.driver, qemuVersion: testCase.qemuVersion)
    #expect(report.codes.contains(code), "got \(report.diagnostics.map { "\($0.code.rawValue): \($0.message)" })")
    #expect(report.isValid == (code.defaultSeverity == .warning))
    #expect(report.diagnostics.first { $0.code == code }?.line != nil, "the finding has a line")
  }

  @Test("a driver rule holds only under its driver", arguments: referenceCodes.filter { $0.rawValue.hasPrefix("qemu-") })
  func driverRulesNeedTheDriver(_ code: DiagnosticCode) throws {
    let xml = try input(of: try diagnosticsCase(code))
    #expect(!validate(xml).codes.contains(code))
    #expect(!validate(xml, driver: .libxl).codes.contains(code))
  }

  @Test("shared hugepage memory without cells is refused on QEMU 4.2 only")
  func sharedMemoryDependsOnTheQEMU() throws {
    let xml = try input(of: try diagnosticsCase(.qemuSharedMemoryWithoutNUMA))
    #expect(!validate(xml, driver: .qemu, qemuVersion: QEMUVersion(major: 4, minor: 2)).isValid)
    #expect(validate(xml, driver: .qemu, qemuVersion: QEMUVersion(major: 5, minor: 0)).isValid)
  }

  @Test("without cells, a hugepage nodeset of cell 0 is the default page size")
  func nodesetZeroWithoutCells() {
    let pages = "<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='0'/></hugepages></memoryBacking>"
    #expect(validate(guest(numa: nil, extra: pages)).isValid)
    let two = "<memoryBacking><hugepages><page size='1' unit='GiB'/><page size='2048' unit='KiB' nodeset='0'/></hugepages></memoryBacking>"
    #expect(validate(guest(numa: nil, extra: two)).codes == [.hugepagesDefaultDuplicate])
    let one = "<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='1'/></hugepages></memoryBacking>"
    #expect(validate(guest(numa: nil, extra: one)).codes == [.hugepagesNodeUnknown])
  }

  @Test("<memory> that counts the memory devices is no mismatch, under --strict too")
  func memoryCountsTheDevices() throws {
    let testCase = try #require(conformanceCases.first { $0.name == "memory-devices/dimm-per-cell" })
    let xml = try input(of: testCase)
    #expect(validate(xml, strict: true).diagnostics == [])
    #expect(validate(xml, strict: true, driver: .qemu).diagnostics == [])
  }

  @Test("the QEMU driver settles <memory> as cells plus devices; the others keep it")
  func devicesBeyondMemory() throws {
    let xml = try input(of: try diagnosticsCase(.memoryDevicesExceedMemory))
    #expect(validate(xml).codes.contains(.memoryDevicesExceedMemory))
    #expect(validate(xml, driver: .libxl).codes.contains(.memoryDevicesExceedMemory))
    #expect(!validate(xml, driver: .qemu).codes.contains(.memoryDevicesExceedMemory))
  }

  @Test("HMAT is read into the model: caches per cell, interconnects in order")
  func hmatIsModelled() throws {
    let testCase = try #require(conformanceCases.first { $0.name == "hmat/memory-tier" })
    let numa = try #require(validate(try input(of: testCase)).guest?.numa)
    #expect(numa.cells[3].caches == [CellCache(level: 1, associativity: "direct", policy: "writeback", sizeKiB: 10240, lineBytes: 64)])
    #expect(numa.interconnects.count == 7)
    #expect(numa.interconnects[2] == Interconnect(kind: .latency, initiator: 0, target: 3, cache: 1, type: "access", value: 10))
    #expect(numa.interconnects[4] == Interconnect(kind: .bandwidth, initiator: 0, target: 3, type: "access", value: 102400))
  }

  @Test("memory devices, hugepages and PCI nodes are read into the model")
  func referencesAreModelled() throws {
    let testCase = try #require(conformanceCases.first { $0.name == "memory-devices/dimm-per-cell" })
    let references = try #require(validate(try input(of: testCase)).guest?.references)
    #expect(references.memoryDevices.map(\.targetNode) == [0, 3])
    #expect(references.memoryDevicesKiB == 2 * 1024 * 1024)
    #expect(references.maxMemoryKiB == 16 * 1024 * 1024)
    #expect(references.memorySlots == 4)
    let pages = try #require(conformanceCases.first { $0.name == "hugepages/nodeset-per-cell" })
    let backing = try #require(validate(try input(of: pages)).guest?.references.memoryBacking)
    #expect(backing.pages == [
      HugePageSetting(sizeKiB: 2048, nodeset: CPUSet(ranges: [0...1])),
      HugePageSetting(sizeKiB: 1024 * 1024, nodeset: CPUSet(ranges: [2...3])),
    ])
  }
}

@Suite("diff by NUMA meaning beyond the cells")
struct MeaningDiffTests {
  @Test("memAccess, an HMAT latency and a memnode nodeset are changes; reordering is not")
  func meaningChanges() throws {
    let testCase = try #require(conformanceCases.first { $0.name == "diff/numa-meaning-changed" })
    let old = try #require(validate(try input(of: testCase)).guest)
    let otherXML = try String(
      contentsOf: testCase.folder.appendingPathComponent(ConformanceCase.otherName), encoding: .utf8)
    let new = try #require(validate(otherXML).guest)
    let diff = TopologyDiff.compare(old, new)
    #expect(diff.meaning.map(\.what) == ["cell 0 memAccess", "latency 0→3 access", "numatune memnode 0"])
    #expect(!diff.isEmpty)
    #expect(TopologyDiff.compare(old, old).isEmpty)
  }
}
