import Foundation
import Testing

@testable import NumaSchemaKit

/// A small, seeded generator, so that every run checks the same topologies.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func canonicalize(_ xml: String, _ mode: DistancesMode = .full) throws -> String {
  let result = try Canonicalizer(validator: sharedValidator, distances: mode).canonicalize(bytes: Array(xml.utf8), file: "g.xml")
  return try #require(result.canonical, "refused: \(result.report.diagnostics.map(\.message))")
}

func topology(_ xml: String) throws -> NUMATopology {
  let report = validate(xml)
  #expect(report.isValid, "\(report.diagnostics.map(\.message))")
  return try #require(report.guest?.numa)
}

/// The four scenarios of libvirt's Xen vNUMA tests, written afresh: 4 cells of 2 vCPUs.
enum VNUMAScenario: String, CaseIterable, CustomTestStringConvertible {
  case allDistances, autocomplete, noDistances, partial
  var testDescription: String { rawValue }

  static let full = [[10, 21, 31, 41], [21, 10, 21, 31], [31, 21, 10, 21], [41, 31, 21, 10]]

  var cells: String {
    func row(_ id: Int, _ siblings: [Int]) -> String {
      siblings.isEmpty
        ? "<cell id='\(id)' cpus='\(2 * id)-\(2 * id + 1)' memory='2097152' unit='KiB'/>"
        : "<cell id='\(id)' cpus='\(2 * id)-\(2 * id + 1)' memory='2097152' unit='KiB'><distances>"
          + siblings.map { "<sibling id='\($0)' value='\(Self.full[id][$0])'/>" }.joined() + "</distances></cell>"
    }
    switch self {
    case .allDistances: return (0..<4).map { row($0, Array(0..<4)) }.joined(separator: "\n")
    case .autocomplete: return (0..<4).map { row($0, Array($0..<4)) }.joined(separator: "\n")
    case .noDistances: return (0..<4).map { row($0, []) }.joined(separator: "\n")
    case .partial: return row(0, Array(0..<4)) + "\n" + (1..<4).map { row($0, []) }.joined(separator: "\n")
    }
  }

  /// The matrix libvirt completes for it.
  var expected: [[Int]] {
    switch self {
    case .allDistances, .autocomplete: return Self.full
    case .noDistances: return [[10, 20, 20, 20], [20, 10, 20, 20], [20, 20, 10, 20], [20, 20, 20, 10]]
    case .partial: return [[10, 21, 31, 41], [21, 10, 20, 20], [31, 20, 10, 20], [41, 20, 20, 10]]
    }
  }
}

@Suite("canonicalize")
struct CanonicalizeTests {
  @Test("libvirt's four Xen vNUMA scenarios complete as libvirt completes them", arguments: VNUMAScenario.allCases)
  func vnumaScenarios(_ scenario: VNUMAScenario) throws {
    let xml = guest(numa: scenario.cells, memory: "<memory unit='KiB'>8388608</memory>")
    let full = try canonicalize(xml)
    #expect(try topology(full).distances.rows == scenario.expected)
    #expect(full.components(separatedBy: "<sibling ").count - 1 == 16)
    let minimal = try canonicalize(xml, .minimal)
    #expect(try topology(minimal).distances.rows == scenario.expected)
  }

  @Test func cellsAreSortedWithExplicitIdsAndOneAttributeOrder() throws {
    let xml = guest(
      numa: """
        <cell discard='yes' memory='1' unit='GiB' cpus='7,4-6' id='1' memAccess='shared'/>
        <cell memory='1048576' cpus='3,^3,0-3,^2' id='0'/>
        """)
    let canonical = try canonicalize(xml, .asis)
    #expect(canonical.contains(#"<cell id="0" cpus="0-1,3" memory="1048576" unit="KiB"/>"#))
    #expect(canonical.contains(#"<cell id="1" cpus="4-7" memory="1048576" unit="KiB" memAccess="shared" discard="yes"/>"#))
    #expect(canonical.range(of: #"<cell id="0""#)!.lowerBound < canonical.range(of: #"<cell id="1""#)!.lowerBound)
  }

  @Test func cellsWithoutIdsTakeTheirPosition() throws {
    let canonical = try canonicalize(guest(numa: "<cell cpus='0-3' memory='1024'/><cell cpus='4-7' memory='2048'/>"), .asis)
    #expect(canonical.contains(#"<cell id="0" cpus="0-3" memory="1024" unit="KiB"/>"#))
    #expect(canonical.contains(#"<cell id="1" cpus="4-7" memory="2048" unit="KiB"/>"#))
  }

  @Test func memoryOnlyCellsHaveNoCpus() throws {
    let canonical = try canonicalize(guest(numa: "<cell cpus='0-7' memory='1024'/><cell memory='2' unit='MiB'/>"), .asis)
    #expect(canonical.contains(#"<cell id="1" memory="2048" unit="KiB"/>"#))
  }

  @Test func asisKeepsTheGivenSiblingsOnlySorted() throws {
    let xml = guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='21'/><sibling id='0' value='10'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'/>
        """)
    let canonical = try canonicalize(xml, .asis)
    #expect(canonical.contains("<sibling id=\"0\" value=\"10\"/>\n          <sibling id=\"1\" value=\"21\"/>"))
    #expect(canonical.components(separatedBy: "<sibling ").count - 1 == 2)
  }

  @Test func commentsTextAndOrderOutsideNumaAreKept() throws {
    let xml = """
      <!-- leading comment -->
      <domain type='kvm'>
        <name>keep</name>
        <!-- inside -->
        <description>  two  spaces  </description>
        <vcpu>8</vcpu>
        <?pi data?>
        <cpu><numa><cell id='0' cpus='0-7' memory='1024'/></numa></cpu>
        <devices><emulator>/usr/bin/qemu</emulator></devices>
      </domain>
      """
    let canonical = try canonicalize(xml)
    for piece in ["<!-- leading comment -->", "<!-- inside -->", "<description>  two  spaces  </description>", "<?pi data?>", "<emulator>/usr/bin/qemu</emulator>"] {
      #expect(canonical.contains(piece), "lost \(piece)")
    }
    let order = ["<name>", "<!-- inside -->", "<description>", "<vcpu>", "<?pi", "<cpu>", "<devices>"].map { canonical.range(of: $0)!.lowerBound }
    #expect(order == order.sorted())
  }

  @Test func invalidInputIsRefusedWithValidateFindings() throws {
    let result = try Canonicalizer(validator: sharedValidator).canonicalize(
      bytes: Array(guest(numa: "<cell id='0' cpus='0-9' memory='1024'/>").utf8), file: "g.xml")
    #expect(result.canonical == nil)
    #expect(result.report.codes.contains(.numaCPUIdExceedsVCPUs))
  }

  // MARK: Properties over generated topologies

  /// A random valid guest: 1 to `maxCells` cells, random cpus (some cells CPU-less), memory in
  /// random units, a random subset of distances given in random order.
  static func randomGuest(_ generator: inout SplitMix64, maxCells: Int = 64) -> String {
    let count = Int.random(in: 1...maxCells, using: &generator)
    var order = Array(0..<count)
    order.shuffle(using: &generator)
    var nextCPU = 0
    var cells: [String] = []
    let units: [(String, Int)] = [("KiB", 1024), ("MiB", 4), ("GiB", 1), ("b", 1_048_576), ("k", 2048), ("M", 8)]
    var values = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
    for from in 0..<count {
      for to in 0..<count { values[from][to] = from == to ? 10 : Int.random(in: 11...255, using: &generator) }
    }
    for id in order {
      var attributes = "id='\(id)'"
      if Int.random(in: 0..<5, using: &generator) > 0 {
        let width = Int.random(in: 1...3, using: &generator)
        attributes += " cpus='\((nextCPU..<(nextCPU + width)).shuffled(using: &generator).map(String.init).joined(separator: ","))'"
        nextCPU += width
      }
      let (unit, amount) = units.randomElement(using: &generator)!
      attributes += " memory='\(amount * Int.random(in: 1...4, using: &generator))' unit='\(unit)'"
      let siblings = (0..<count).filter { _ in Bool.random(using: &generator) }.shuffled(using: &generator)
      if siblings.isEmpty {
        cells.append("<cell \(attributes)/>")
      } else {
        cells.append(
          "<cell \(attributes)><distances>" + siblings.map { "<sibling id='\($0)' value='\(values[id][$0])'/>" }.joined()
            + "</distances></cell>")
      }
    }
    return guest(numa: cells.joined(separator: "\n"), vcpu: "<vcpu>\(max(nextCPU, 1))</vcpu>")
  }

  @Test("canonical output is idempotent, valid, and means the same in every mode")
  func properties() throws {
    var generator = SplitMix64(state: 20_261_127)
    for _ in 0..<60 {
      let xml = Self.randomGuest(&generator)
      let meaning = TopologyView.json(try topology(xml))
      var fullEntries = Set<String>()
      var minimalEntries = Set<String>()
      for mode in DistancesMode.allCases {
        let once = try canonicalize(xml, mode)
        #expect(try canonicalize(once, mode) == once, "not idempotent in \(mode) mode")
        #expect(TopologyView.json(try topology(once)) == meaning, "meaning changed in \(mode) mode")
        let entries = Set(once.components(separatedBy: "\n").filter { $0.contains("<sibling ") || $0.contains("<cell ") })
        if mode == .full { fullEntries = entries }
        if mode == .minimal { minimalEntries = entries }
      }
      let minimalSiblings = minimalEntries.filter { $0.contains("<sibling ") }
      #expect(minimalSiblings.isSubset(of: fullEntries), "minimal writes an entry full does not")
    }
  }
}
