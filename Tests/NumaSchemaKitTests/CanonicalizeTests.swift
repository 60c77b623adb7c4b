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
  let result = try Canonicalizer(validator: sharedValidator, distances: mode).canonicalize(
    bytes: Array(xml.utf8), file: "g.xml")
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
    // A guest that gives no distance gets none: there is nothing to complete.
    #expect(full.components(separatedBy: "<sibling ").count - 1 == (scenario == .noDistances ? 0 : 16))
    let minimal = try canonicalize(xml, .minimal)
    #expect(try topology(minimal).distances.rows == scenario.expected)
  }

  @Test("a full matrix is refused above 1,024 cells, with the mode that writes it instead")
  func fullMatrixOfALargeGuestIsRefused() throws {
    let cells = (0...DistanceMatrix.everyPairLimit).map { id in
      id == 0
        ? "<cell id='0' memory='1024'><distances><sibling id='1' value='21'/></distances></cell>"
        : "<cell id='\(id)' memory='1024'/>"
    }.joined()
    let xml = guest(numa: cells)
    let refused = try Canonicalizer(validator: sharedValidator).canonicalize(bytes: Array(xml.utf8), file: "g.xml")
    #expect(refused.canonical == nil)
    #expect(refused.report.diagnostics.map(\.code).contains(.canonicalFullTooLarge))
    // minimal writes the same matrix from its two entries, asis the sibling as given.
    let minimal = try canonicalize(xml, .minimal)
    #expect(minimal.components(separatedBy: "<sibling ").count - 1 == 1)
    #expect(try topology(minimal).distances[1, 0] == 21)
    // Without any distance, full writes none, whatever the size.
    let plain = guest(numa: (0...DistanceMatrix.everyPairLimit).map { "<cell id='\($0)' memory='1024'/>" }.joined())
    #expect(!(try canonicalize(plain)).contains("<distances"))
  }

  @Test func cellsAreSortedWithExplicitIdsAndOneAttributeOrder() throws {
    let xml = guest(
      numa: """
        <cell discard='yes' memory='1' unit='GiB' cpus='7,4-6' id='1' memAccess='shared'/>
        <cell memory='1048576' cpus='3,^3,0-3,^2' id='0'/>
        """)
    let canonical = try canonicalize(xml, .asis)
    #expect(canonical.contains(#"<cell id='0' cpus='0-1,3' memory='1048576' unit='KiB'/>"#))
    #expect(
      canonical.contains(#"<cell id='1' cpus='4-7' memory='1048576' unit='KiB' memAccess='shared' discard='yes'/>"#))
    #expect(canonical.range(of: #"<cell id='0'"#)!.lowerBound < canonical.range(of: #"<cell id='1'"#)!.lowerBound)
  }

  @Test func cellsWithoutIdsTakeTheirPosition() throws {
    let canonical = try canonicalize(
      guest(numa: "<cell cpus='0-3' memory='1024'/><cell cpus='4-7' memory='2048'/>"), .asis)
    #expect(canonical.contains(#"<cell id='0' cpus='0-3' memory='1024' unit='KiB'/>"#))
    #expect(canonical.contains(#"<cell id='1' cpus='4-7' memory='2048' unit='KiB'/>"#))
  }

  @Test func memoryOnlyCellsHaveNoCpus() throws {
    let canonical = try canonicalize(
      guest(numa: "<cell cpus='0-7' memory='1024'/><cell memory='2' unit='MiB'/>"), .asis)
    #expect(canonical.contains(#"<cell id='1' memory='2048' unit='KiB'/>"#))
  }

  @Test func asisKeepsTheGivenSiblingsOnlySorted() throws {
    let xml = guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='21'/><sibling id='0' value='10'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'/>
        """)
    let canonical = try canonicalize(xml, .asis)
    #expect(canonical.contains("<sibling id='0' value='10'/>\n          <sibling id='1' value='21'/>"))
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
    for piece in [
      "<!-- leading comment -->", "<!-- inside -->", "<description>  two  spaces  </description>", "<?pi data?>",
      "<emulator>/usr/bin/qemu</emulator>",
    ] {
      #expect(canonical.contains(piece), "lost \(piece)")
    }
    let order = ["<name>", "<!-- inside -->", "<description>", "<vcpu>", "<?pi", "<cpu>", "<devices>"].map {
      canonical.range(of: $0)!.lowerBound
    }
    #expect(order == order.sorted())
  }

  // MARK: The file's own bytes

  /// A guest as `virsh dumpxml` writes it: single quotes, libvirt's order and indentation.
  static let virshStyle = """
    <domain type='kvm'>
      <name>dumped</name>
      <memory unit='KiB'>4194304</memory>
      <vcpu placement='static'>4</vcpu>
      <numatune>
        <memory mode='strict' nodeset='0-1'/>
        <memnode cellid='0' mode='preferred' nodeset='0'/>
        <memnode cellid='1' mode='strict' nodeset='1'/>
      </numatune>
      <os>
        <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
      </os>
      <cpu mode='host-passthrough' check='none' migratable='on'>
        <numa>
          <cell id='0' cpus='0-1' memory='2097152' unit='KiB' memAccess='shared'>
            <distances>
              <sibling id='0' value='10'/>
              <sibling id='1' value='21'/>
            </distances>
          </cell>
          <cell id='1' cpus='2-3' memory='2097152' unit='KiB'>
            <distances>
              <sibling id='0' value='21'/>
              <sibling id='1' value='10'/>
            </distances>
          </cell>
        </numa>
      </cpu>
      <devices>
        <emulator>/usr/bin/qemu-system-x86_64</emulator>
      </devices>
    </domain>

    """

  @Test("a guest written as virsh dumpxml writes it is canonical, in full and asis mode")
  func virshStyleFileIsUnchanged() throws {
    #expect(try canonicalize(Self.virshStyle) == Self.virshStyle)
    #expect(try canonicalize(Self.virshStyle, .asis) == Self.virshStyle)
    // minimal leaves out what completion infers: only the distances change.
    let minimal = try canonicalize(Self.virshStyle, .minimal)
    #expect(minimal.components(separatedBy: "<sibling ").count - 1 == 1)
    #expect(minimal.hasPrefix(Self.virshStyle.components(separatedBy: "<distances>")[0]))
  }

  /// `text` without its `<cpu>…</cpu>` and `<numatune>…</numatune>`.
  static func outsideNUMA(_ text: String) -> String {
    var rest = text
    for name in ["cpu", "numatune"] {
      if let start = rest.range(of: "<\(name)>") ?? rest.range(of: "<\(name) "),
        let end = rest.range(of: "</\(name)>", range: start.upperBound..<rest.endIndex)
      {
        rest.replaceSubrange(start.lowerBound..<end.upperBound, with: "<\(name)/>")
      }
    }
    return rest
  }

  @Test(
    "every byte outside <cpu> and <numatune> stays: quotes, declaration, DOCTYPE, comments, CR LF, tabs, no final newline"
  )
  func bytesOutsideTheNUMAPartsStay() throws {
    let xml = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<!DOCTYPE domain [ <!ENTITY site \"rack 7\"> ]>",
      "<!-- managed by hand -->",
      "<domain type=\"kvm\"  id = \"3\">",
      "\t<name>keep</name>  <description>&site; &amp; more</description>",
      "\t<vcpu placement=\"static\">4</vcpu>",
      "\t<numatune><memnode cellid=\"1\" mode=\"strict\" nodeset=\"1\"/><memnode cellid=\"0\" mode=\"strict\" nodeset=\"0\"/></numatune>",
      "\t<cpu mode=\"host-passthrough\">",
      "\t\t<numa>",
      "\t\t\t<cell id=\"1\" cpus=\"2,3\" memory=\"1\" unit=\"GiB\"/>",
      "\t\t\t<!-- the first socket -->",
      "\t\t\t<cell id=\"0\" cpus=\"0-1\" memory=\"1048576\"/>",
      "\t\t</numa>",
      "\t</cpu>",
      "\t<devices ><emulator>/usr/bin/qemu</emulator></devices>",
      "</domain>",
    ].joined(separator: "\r\n")
    let canonical = try canonicalize(xml)
    #expect(Self.outsideNUMA(canonical) == Self.outsideNUMA(xml))
    // The rewritten parts: libvirt's quotes and order, two spaces a level from the element's
    // own indentation, the file's line ends; comments in their places.
    #expect(
      canonical.contains(
        [
          "\t\t<numa>",
          "\t\t  <cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>",
          "\t\t  <!-- the first socket -->",
          "\t\t  <cell id='1' cpus='2-3' memory='1048576' unit='KiB'/>",
          "\t\t</numa>",
        ].joined(separator: "\r\n")))
    #expect(
      canonical.contains(
        [
          "\t<numatune>",
          "\t  <memnode cellid='0' mode='strict' nodeset='0'/>",
          "\t  <memnode cellid='1' mode='strict' nodeset='1'/>",
          "\t</numatune>",
        ].joined(separator: "\r\n")))
    let bytes = Array(canonical.utf8)
    #expect(bytes.indices.allSatisfy { bytes[$0] != UInt8(ascii: "\n") || bytes[$0 - 1] == UInt8(ascii: "\r") })
    #expect(canonical.hasSuffix("</domain>"))
    #expect(try canonicalize(canonical) == canonical)
  }

  @Test("<numatune> is written as libvirt writes it: <memory> first, <memnode>s by cell, modes and placement explicit")
  func numatuneInLibvirtsOrder() throws {
    let xml = guest(
      numa: twoCells, vcpu: "<vcpu placement='auto'>8</vcpu>",
      extra: "<numatune><!-- first --><memory mode='interleave'/><!-- second --></numatune>")
    let canonical = try canonicalize(xml)
    #expect(
      canonical.contains(
        "<numatune>\n    <!-- first -->\n    <memory mode='interleave' placement='auto'/>\n    <!-- second -->\n  </numatune>"
      ))
    let nodes = guest(
      numa: twoCells,
      extra:
        "<numatune><memnode mode='preferred' nodeset='3,1,2' cellid='1'/><memory placement='static' nodeset='0,1,2,3'/></numatune>"
    )
    #expect(
      try canonicalize(nodes).contains(
        "<numatune>\n    <memory mode='strict' nodeset='0-3'/>\n    <memnode cellid='1' mode='preferred' nodeset='1-3'/>\n  </numatune>"
      ))
  }

  @Test(
    "a guest is read as UTF-8 whatever its declaration says, as libvirt reads it: an ISO-8859-1 byte is not well-formed, at its place"
  )
  func latin1FileIsInvalidAsInLibvirt() throws {
    let xml = guest(
      numa: twoCells, extra: "<description>K\u{F6}ln</description>",
      prolog: "<?xml version='1.0' encoding='ISO-8859-1'?>\n")
    let bytes = xml.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    let report = sharedValidator.validate(bytes: bytes, file: "latin1.xml")
    #expect(!report.isValid)
    #expect(report.diagnostics.map(\.code) == [.xmlNotWellFormed])
    #expect(report.diagnostics.first?.message.contains("not proper UTF-8") == true)
    #expect(
      try Canonicalizer(validator: sharedValidator).canonicalize(bytes: bytes, file: "latin1.xml").canonical == nil)
  }

  @Test(
    "bytes after a NUL are not part of the guest (libvirt reads a C string): a warning, and the canonical form leaves them out"
  )
  func bytesAfterANulAreLeftOut() throws {
    let xml = guest(numa: twoCells)
    let bytes = Array(xml.utf8) + [0, 0xFE, 0xFF] + Array("<junk/>".utf8)
    let report = sharedValidator.validate(bytes: bytes, file: "nul.xml")
    #expect(report.isValid)
    #expect(report.diagnostics.map(\.code) == [.xmlNulByte])
    let canonical = try #require(
      try Canonicalizer(validator: sharedValidator).canonicalize(bytes: bytes, file: "nul.xml").canonical)
    #expect(canonical == (try canonicalize(xml)))
    // A UTF-16 file holds a NUL in every ASCII character: libvirt finds no document in it.
    let utf16: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let refused = sharedValidator.validate(bytes: utf16, file: "utf16.xml")
    #expect(refused.diagnostics.count == 1)
    #expect(refused.diagnostics.first?.message.hasPrefix("the file is UTF-16") == true)
  }

  @Test("a guest without <numa> or <numatune> comes back byte for byte")
  func guestWithoutNUMAPartsIsUnchanged() throws {
    let xml =
      "<domain type=\"kvm\">\n<name>plain</name><vcpu>2</vcpu>\n\t<os><type arch='x86_64'>hvm</type></os></domain>"
    #expect(try canonicalize(xml) == xml)
  }

  @Test func invalidInputIsRefusedWithValidateFindings() throws {
    let result = try Canonicalizer(validator: sharedValidator).canonicalize(
      bytes: Array(guest(numa: "<cell id='0' cpus='0-9' memory='1024'/>").utf8), file: "g.xml")
    #expect(result.canonical == nil)
    #expect(result.report.codes.contains(.numaCPUIdExceedsVCPUs))
  }

  // MARK: HMAT

  /// Cells 0 and 1 with vCPUs, cell 2 memory-only with caches given L2 first and before its
  /// `<distances>`, and figures out of order before the cells.
  static let disorderedHMAT = guest(
    numa: """
      <interconnects>
        <bandwidth unit='MiB' value='100' type='access' target='2' initiator='1'/>
        <!-- kept in its place -->
        <latency initiator='0' target='2' cache='2' type='access' value='0008'/>
        <latency initiator='0' target='0' cache='0' type='access' value='5'/>
        <latency initiator='0' target='2' type='read' value='12'/>
        <latency initiator='0' target='2' type='access' value='11'/>
      </interconnects>
      <cell id='1' cpus='4-7' memory='1048576'/>
      <cell id='2' memory='1048576'>
        <cache policy='writethrough' level='2' associativity='full'><line value='64' unit='B'/><size value='1024' unit='KiB'/></cache>
        <distances><sibling id='0' value='31'/></distances>
        <cache level='1' associativity='direct' policy='writeback'><size value='256' unit='KiB'/><line value='64' unit='B'/></cache>
      </cell>
      <cell id='0' cpus='0-3' memory='1048576'/>
      """)

  /// The `<numa>` element of a canonical guest, one trimmed line per element.
  static func numaLines(_ canonical: String) -> [String] {
    let lines = canonical.split(separator: "\n").map { $0.trimmingWhitespace() }
    guard let start = lines.firstIndex(of: "<numa>"), let end = lines.firstIndex(of: "</numa>") else { return [] }
    return Array(lines[(start + 1)..<end])
  }

  @Test(
    "figures come after the cells, latencies first, by initiator, target, cache and type, in every mode",
    arguments: DistancesMode.allCases)
  func interconnectsFollowTheCellsInOneOrder(_ mode: DistancesMode) throws {
    let lines = Self.numaLines(try canonicalize(Self.disorderedHMAT, mode))
    let figures = Array(lines.drop { $0 != "<interconnects>" })
    #expect(
      figures == [
        "<interconnects>",
        #"<latency initiator='0' target='0' type='access' value='5'/>"#,
        "<!-- kept in its place -->",
        #"<latency initiator='0' target='2' type='access' value='11'/>"#,
        #"<latency initiator='0' target='2' type='read' value='12'/>"#,
        #"<latency initiator='0' target='2' cache='2' type='access' value='8'/>"#,
        #"<bandwidth initiator='1' target='2' type='access' value='102400' unit='KiB'/>"#,
        "</interconnects>",
      ])
    #expect(
      lines.last(where: { $0.hasPrefix("<cell ") }).map {
        lines.firstIndex(of: $0)! < lines.firstIndex(of: "<interconnects>")!
      } == true)
  }

  @Test(
    "a cell's caches come by level after its distances, attributes in libvirt's order, in every mode",
    arguments: DistancesMode.allCases)
  func cachesFollowTheDistancesByLevel(_ mode: DistancesMode) throws {
    let lines = Self.numaLines(try canonicalize(Self.disorderedHMAT, mode))
    let cell = Array(lines.drop { !$0.hasPrefix(#"<cell id='2'"#) }.prefix { $0 != "</cell>" })
    let caches = Array(cell.drop { !$0.hasPrefix("<cache ") })
    #expect(
      caches == [
        #"<cache level='1' associativity='direct' policy='writeback'>"#, #"<size value='256' unit='KiB'/>"#,
        #"<line value='64' unit='B'/>"#, "</cache>",
        #"<cache level='2' associativity='full' policy='writethrough'>"#, #"<size value='1024' unit='KiB'/>"#,
        #"<line value='64' unit='B'/>"#, "</cache>",
      ])
    // asis and full keep or rebuild cell 2's row, minimal does not need one (0↔2 is given by
    // cell 0): wherever there is one, it comes first.
    #expect(cell.contains("<distances>") == (mode != .minimal))
    if mode != .minimal { #expect(cell[1] == "<distances>") }
  }

  @Test("the canonical form of HMAT agrees with the order show uses")
  func canonicalOrderIsTheModelsOrder() throws {
    let read = try topology(try canonicalize(Self.disorderedHMAT))
    #expect(read.interconnects == read.orderedInterconnects)
    #expect(read.cells[2].caches == read.cells[2].cachesByLevel)
    #expect(TopologyView.json(read) == TopologyView.json(try topology(Self.disorderedHMAT)))
  }

  /// A random valid HMAT for `count` cells, `withCPUs` of which have vCPUs (the first ones):
  /// caches of random levels on random cells and figures in random order, each pair of cells
  /// linked in one direction only (libvirt refuses the reverse of a link).
  static func randomHMAT(_ generator: inout SplitMix64, count: Int, withCPUs: Int) -> (
    caches: [Int: [String]], figures: [String]
  ) {
    var levels: [Int: [Int]] = [:]
    var caches: [Int: [String]] = [:]
    for cell in 0..<count where Bool.random(using: &generator) {
      let chosen = [1, 2, 3].filter { _ in Bool.random(using: &generator) }.shuffled(using: &generator)
      levels[cell] = chosen
      caches[cell] = chosen.map {
        "<cache level='\($0)' associativity='direct' policy='writeback'><size value='\($0 * 512)' unit='KiB'/><line value='64' unit='B'/></cache>"
      }
    }
    var figures: [String] = []
    var linked = Set<[Int]>()
    for initiator in 0..<withCPUs {
      for target in 0..<count where Int.random(in: 0..<3, using: &generator) == 0 {
        guard initiator == target || !linked.contains([target, initiator]) else { continue }
        linked.insert([initiator, target])
        for cache in [0] + (levels[target] ?? []) {
          for type in ["access", "read", "write"] where Bool.random(using: &generator) {
            let cacheAttribute = cache == 0 && Bool.random(using: &generator) ? "" : " cache='\(cache)'"
            figures.append(
              "<latency initiator='\(initiator)' target='\(target)'\(cacheAttribute) type='\(type)' value='\(Int.random(in: 1...500, using: &generator))'/>"
            )
            figures.append(
              "<bandwidth initiator='\(initiator)' target='\(target)'\(cacheAttribute) type='\(type)' value='\(Int.random(in: 1...64, using: &generator))' unit='\(["KiB", "MiB", "GiB"].randomElement(using: &generator)!)'/>"
            )
          }
        }
      }
    }
    return (caches, figures)
  }

  @Test("HMAT in any order canonicalizes to the same bytes, idempotently, in every mode")
  func hmatProperties() throws {
    var generator = SplitMix64(state: 20_260_301)
    for _ in 0..<30 {
      let count = Int.random(in: 1...8, using: &generator)
      let withCPUs = Int.random(in: 1...count, using: &generator)
      let (caches, figures) = Self.randomHMAT(&generator, count: count, withCPUs: withCPUs)
      func guestXML(_ generator: inout SplitMix64) -> String {
        // The same guest, its figures and caches shuffled again, the interconnects anywhere.
        let interconnects =
          figures.isEmpty ? "" : "<interconnects>" + figures.shuffled(using: &generator).joined() + "</interconnects>"
        var parts = (0..<count).map { id -> String in
          let cpus = id < withCPUs ? " cpus='\(id)'" : ""
          return "<cell id='\(id)'\(cpus) memory='1048576'>" + (caches[id] ?? []).shuffled(using: &generator).joined()
            + "</cell>"
        }
        parts.insert(interconnects, at: Int.random(in: 0...parts.count, using: &generator))
        return guest(numa: parts.joined(separator: "\n"), vcpu: "<vcpu>\(withCPUs)</vcpu>")
      }
      let first = guestXML(&generator)
      let second = guestXML(&generator)
      let meaning = TopologyView.json(try topology(first))
      #expect(TopologyView.json(try topology(second)) == meaning)
      for mode in DistancesMode.allCases {
        let once = try canonicalize(first, mode)
        #expect(try canonicalize(second, mode) == once, "the order of the figures shows in \(mode) mode")
        #expect(try canonicalize(once, mode) == once, "not idempotent in \(mode) mode")
        let read = try topology(once)
        #expect(TopologyView.json(read) == meaning, "meaning changed in \(mode) mode")
        #expect(read.interconnects == read.orderedInterconnects)
      }
    }
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
        attributes +=
          " cpus='\((nextCPU..<(nextCPU + width)).shuffled(using: &generator).map(String.init).joined(separator: ","))'"
        nextCPU += width
      }
      let (unit, amount) = units.randomElement(using: &generator)!
      attributes += " memory='\(amount * Int.random(in: 1...4, using: &generator))' unit='\(unit)'"
      let siblings = (0..<count).filter { _ in Bool.random(using: &generator) }.shuffled(using: &generator)
      if siblings.isEmpty {
        cells.append("<cell \(attributes)/>")
      } else {
        cells.append(
          "<cell \(attributes)><distances>"
            + siblings.map { "<sibling id='\($0)' value='\(values[id][$0])'/>" }.joined()
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
        let entries = Set(
          once.components(separatedBy: "\n").filter { $0.contains("<sibling ") || $0.contains("<cell ") })
        if mode == .full { fullEntries = entries }
        if mode == .minimal { minimalEntries = entries }
      }
      let minimalSiblings = minimalEntries.filter { $0.contains("<sibling ") }
      #expect(minimalSiblings.isSubset(of: fullEntries), "minimal writes an entry full does not")
    }
  }
}

@Suite struct CanonicalComparisonTests {
  /// `canonicalize --check` compares the canonical text with the file's bytes in one `memcmp`.
  @Test func aTextIsTheSameAsBytesOnlyWhenEveryByteIs() {
    let long = String(repeating: "<cell id='0'/>\n", count: 40) + "é"
    #expect(Operations.Canonicalize.isSame(long, Array(long.utf8)))
    #expect(!Operations.Canonicalize.isSame(long, Array(long.utf8.dropLast())))
    var changed = Array(long.utf8)
    changed[300] ^= 1
    #expect(!Operations.Canonicalize.isSame(long, changed))
    #expect(Operations.Canonicalize.isSame("", []))
    #expect(!Operations.Canonicalize.isSame("", [0]))
    #expect(Operations.Canonicalize.isSame("short", Array("short".utf8)))
    #expect(!Operations.Canonicalize.isSame("short", Array("shorT".utf8)))
  }
}
