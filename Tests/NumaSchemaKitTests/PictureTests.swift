import Foundation
import Testing

@testable import NumaSchemaKit

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("the SVG heat map and the Graphviz graph of a topology")
struct PictureTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

  static func example(_ name: String) throws -> GuestDefinition {
    let bytes = try [UInt8](Data(contentsOf: examples.appendingPathComponent(name)))
    let report = sharedValidator.validate(bytes: bytes, file: name)
    #expect(report.isValid)
    return try #require(report.guest)
  }

  /// A topology of `count` cells of 1 GiB and four vCPUs each with the given distances.
  static func topology(_ rows: [[Int]]) -> NUMATopology {
    var matrix = DistanceMatrix(count: rows.count)
    for (from, row) in rows.enumerated() {
      for (to, value) in row.enumerated() { matrix.setExplicit(from: from, to: to, value: value) }
    }
    let cells = (0..<rows.count).map {
      Cell(id: $0, cpus: CPUSet(ranges: [($0 * 4)...($0 * 4 + 3)]), memoryKiB: 1_048_576)
    }
    return NUMATopology(cells: cells, distances: matrix)
  }

  /// A ring-like matrix of `count` cells: 10 local, 20 + 10 × hops otherwise.
  static func ring(_ count: Int) -> NUMATopology {
    topology(
      (0..<count).map { from in
        (0..<count).map { to in
          let hops = min(abs(from - to), count - abs(from - to))
          return from == to ? 10 : 20 + 10 * min(hops, 20)
        }
      })
  }

  /// Parses `text` as XML; collects the element names and the character data.
  final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var texts: [String] = []
    var current = ""
    var failure: String?

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes attributeDict: [String: String] = [:]
    ) {
      elements.append(elementName)
      attributes.append(attributeDict)
      current = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      if elementName == "text" || elementName == "title" { texts.append(current) }
      current = ""
    }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failure = "\(parseError)" }

    static func parse(_ text: String) -> XMLCollector {
      let collector = XMLCollector()
      let parser = XMLParser(data: Data(text.utf8))
      parser.delegate = collector
      if !parser.parse() && collector.failure == nil { collector.failure = "XMLParser failed" }
      return collector
    }
  }

  // MARK: SVG

  @Test func theFourNodeRingIsWellFormedAndCarriesEveryValueAndLabel() throws {
    let guest = try Self.example("four-node-ring.xml")
    let svg = TopologyView.svg(guest.effectiveTopology, title: guest.name)
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    #expect(parsed.elements.first == "svg")
    #expect(parsed.attributes.first?["version"] == "1.1")
    #expect(parsed.texts.contains("four-node-ring"))
    for id in 0..<4 { #expect(parsed.texts.filter { $0 == "node \(id)" }.count == 2) }  // a row and a column label
    let rows = guest.effectiveTopology.distances.rows
    let valueTexts = parsed.texts.filter { Int($0) != nil }
    for from in 0..<4 {
      for to in 0..<4 { #expect(parsed.texts.contains("\(from) → \(to): \(rows[from][to])")) }
    }
    // 16 squares: 4 × 10, 8 × 21, 4 × 31, plus the legend's 10, 21 and 31.
    #expect(valueTexts.filter { $0 == "10" }.count == 4 + 1)
    #expect(valueTexts.filter { $0 == "21" }.count == 8 + 1)
    #expect(valueTexts.filter { $0 == "31" }.count == 4 + 1)
    #expect(parsed.texts.contains { $0.contains("node 3: cpus 12-15, 2048 MiB") })
    #expect(parsed.elements.contains("linearGradient"))
    #expect(parsed.elements.filter { $0 == "rect" }.count == 16 + 2)  // squares, background, legend bar
  }

  @Test func itIsSelfContained() throws {
    let guest = try Self.example("four-node-ring.xml")
    let svg = TopologyView.svg(guest.effectiveTopology, title: guest.name)
    #expect(!svg.contains("<script"))
    #expect(!svg.contains("href"))
    #expect(!svg.contains("http:") || svg.components(separatedBy: "http:").count == 2)  // only the namespace
    #expect(!svg.contains("<image"))
    #expect(svg.contains("font-family=\"DejaVu Sans, sans-serif\""))
  }

  @Test func itIsDeterministic() throws {
    let guest = try Self.example("two-node-memory-only.xml")
    let first = TopologyView.svg(guest.effectiveTopology, title: guest.name)
    #expect(TopologyView.svg(guest.effectiveTopology, title: guest.name) == first)
    #expect(first.contains("memory-only (CPU-less) cells: node 2 (2048 MiB)"))
  }

  /// Cells 0 and 2 with vCPUs, cell 1 memory-only.
  static func tiered() -> NUMATopology {
    var topology = Self.topology([[10, 40, 21], [40, 10, 40], [21, 40, 10]])
    topology.cells[1].cpus = CPUSet()
    return topology
  }

  @Test func memoryOnlyCellsAreATierAfterTheCPUCells() throws {
    let svg = TopologyView.svg(Self.tiered(), title: "tier")
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    // Column labels, then row labels: the CPU cells, then the memory-only one.
    #expect(
      parsed.texts.filter { $0.hasPrefix("node ") && !$0.contains(":") } == ["node 0", "node 2", "node 1"] + [
        "node 0", "node 2", "node 1",
      ])
    // The squares row by row in that order.
    let squares = parsed.texts.filter { $0.contains(" → ") }
    #expect(squares.prefix(3) == ["0 → 0: 10", "0 → 2: 21", "0 → 1: 40"])
    #expect(squares.suffix(3) == ["1 → 0: 40", "1 → 2: 40", "1 → 1: 10"])
    #expect(parsed.texts.contains("memory-only (CPU-less) cells"))
    #expect(parsed.texts.contains("node 0: cpus 0-3, 1024 MiB  ·  node 2: cpus 8-11, 1024 MiB"))
    #expect(parsed.texts.contains("memory-only (CPU-less) cells: node 1 (1024 MiB)"))
  }

  @Test func theTierIsSetApartByAGap() throws {
    let parsed = XMLCollector.parse(TopologyView.svg(Self.tiered(), title: nil))
    let squares = parsed.attributes.filter { $0["rx"] != nil }
    let xs = Set(squares.compactMap { $0["x"].flatMap(Double.init) }).sorted()
    let ys = Set(squares.compactMap { $0["y"].flatMap(Double.init) }).sorted()
    #expect(xs.count == 3 && ys.count == 3)
    // 64 px a square within each group; the memory-only column and row 26 px further.
    #expect([xs[1] - xs[0], xs[2] - xs[1]].map { $0.rounded() } == [64, 64 + 26])
    #expect([ys[1] - ys[0], ys[2] - ys[1]].map { $0.rounded() } == [64, 64 + 26])
  }

  @Test("a guest whose cells all have vCPUs, or none has, draws no tier", arguments: [false, true])
  func noTierWithoutBothKindsOfCell(_ allMemoryOnly: Bool) throws {
    var topology = Self.ring(3)
    if allMemoryOnly { for index in topology.cells.indices { topology.cells[index].cpus = CPUSet() } }
    let svg = TopologyView.svg(topology, title: nil)
    #expect(!svg.contains("memory-only"))
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.texts.filter { $0.contains(" → ") }.prefix(3) == ["0 → 0: 10", "0 → 1: 30", "0 → 2: 30"])
  }

  @Test func theTitleIsEscaped() {
    let svg = TopologyView.svg(Self.ring(2), title: "a<b>&\"c\"'d'\u{1}")
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    #expect(parsed.texts.contains("a<b>&\"c\"'d'"))
    #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"))
  }

  @Test func unreachableHasItsOwnColourAndALegendEntry() throws {
    let svg = TopologyView.svg(Self.topology([[10, 255], [255, 10]]), title: nil)
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    #expect(parsed.texts.contains("255 unreachable"))
    #expect(svg.contains("fill=\"#b2182b\""))
    // The scale runs from 10 to 20 (its least top); 255 is beside it.
    let legend = try #require(parsed.texts.firstIndex(of: "distance (10 = local)"))
    #expect(Array(parsed.texts[(legend + 1)...]) == ["10", "20", "255 unreachable"])
  }

  @Test func textStaysLegibleOnDarkSquares() {
    let svg = TopologyView.svg(Self.topology([[10, 40], [40, 10]]), title: nil)
    // 10 is the lightest fill with dark ink, 40 the darkest with white ink.
    #expect(svg.contains("fill=\"#1f2328\" text-anchor=\"middle\">10</text>"))
    #expect(svg.contains("fill=\"#ffffff\" text-anchor=\"middle\">40</text>"))
  }

  @Test func sixtyFourCellsFitAndKeepTheirValues() throws {
    let svg = TopologyView.svg(Self.ring(64), title: "big")
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    let width = try #require(Double(parsed.attributes.first?["width"] ?? ""))
    #expect(width <= 1250)
    #expect(parsed.texts.contains("63 → 0: 30"))
    for id in 0..<64 { #expect(parsed.texts.contains(String(id))) }
  }

  @Test func beyondSixtyFourCellsOnlyColoursAndEveryKthLabel() throws {
    let svg = TopologyView.svg(Self.ring(100), title: "bigger")
    let parsed = XMLCollector.parse(svg)
    #expect(parsed.failure == nil)
    let width = try #require(Double(parsed.attributes.first?["width"] ?? ""))
    #expect(width <= 1250)
    #expect(parsed.elements.filter { $0 == "title" }.count == 1)  // the document's only, no tooltips
    #expect(parsed.elements.filter { $0 == "rect" }.count == 100 * 100 + 2)
    #expect(parsed.texts.contains("0"))
    #expect(!parsed.texts.contains("1"))  // labels every k-th id only
    #expect(parsed.texts.contains { $0.contains("node 99: cpus 396-399, 1024 MiB") })
  }

  @Test func oneCellStillDraws() throws {
    let guest = GuestDefinition(name: "solo", maximumVCPUs: 2, memoryKiB: 1536, numa: nil)
    let parsed = XMLCollector.parse(TopologyView.svg(guest.effectiveTopology, title: guest.name))
    #expect(parsed.failure == nil)
    #expect(parsed.texts.contains("node 0: cpus 0-1, 1536 KiB"))
  }

  // MARK: DOT

  static func lines(_ dot: String) -> [String] {
    dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  @Test func aSymmetricMatrixIsAnUndirectedGraphWithOneEdgePerPair() throws {
    let guest = try Self.example("four-node-ring.xml")
    let dot = TopologyView.dot(guest.effectiveTopology, title: guest.name)
    let lines = Self.lines(dot)
    #expect(lines.first == "graph \"four-node-ring\" {")
    #expect(lines.last == "}")
    #expect(lines.filter { $0.hasPrefix("\"") && !$0.contains(" -- ") }.count == 4)
    #expect(lines.filter { $0.contains(" -- ") }.count == 4 * 3 / 2)
    #expect(lines.contains("\"0\" -- \"2\" [label=\"31\", len=3.10];"))
    #expect(lines.contains("\"3\" [label=\"node 3\\ncpus 12-15\\n2048 MiB\"];"))
    #expect(!dot.contains("->"))
  }

  @Test func anAsymmetricMatrixIsADigraphWithTwoArcsPerPair() {
    let rows = [[10, 21, 31], [22, 10, 41], [32, 42, 10]]
    let lines = Self.lines(TopologyView.dot(Self.topology(rows), title: nil))
    #expect(lines.first == "digraph \"numa\" {")
    let arcs = lines.filter { $0.contains(" -> ") }
    #expect(arcs.count == 3 * 2)
    for from in 0..<3 {
      for to in 0..<3 where from != to {
        #expect(arcs.contains { $0.hasPrefix("\"\(from)\" -> \"\(to)\" [label=\"\(rows[from][to])\"") })
      }
    }
  }

  @Test func aPairThatAgreesInAnAsymmetricMatrixIsOneEdgeBothWays() {
    let lines = Self.lines(TopologyView.dot(Self.topology([[10, 21, 31], [22, 10, 20], [31, 20, 10]]), title: nil))
    let arcs = lines.filter { $0.contains(" -> ") }
    #expect(arcs.count == 2 + 1 + 1)
    #expect(arcs.contains("\"0\" -> \"2\" [label=\"31\", len=3.10, dir=both];"))
    #expect(arcs.contains("\"1\" -> \"2\" [label=\"20\", len=2.00, dir=both];"))
  }

  @Test func memoryOnlyCellsAreDashedAndUnreachableEdgesStayDashed() throws {
    var topology = Self.topology([[10, 21, 255], [21, 10, 255], [255, 255, 10]])
    topology.cells[2].cpus = CPUSet()
    let lines = Self.lines(TopologyView.dot(topology, title: "tier"))
    #expect(lines.contains("\"2\" [label=\"node 2\\nno cpus\\n1024 MiB\", style=\"rounded,dashed\"];"))
    #expect(lines.contains("\"0\" -- \"2\" [label=\"255\", len=3.15, style=dashed, color=gray50, fontcolor=gray50];"))
    #expect(lines.filter { $0.contains(" -- ") }.count == 3)
  }

  @Test func titlesAreQuoted() {
    let dot = TopologyView.dot(Self.ring(2), title: "say \"hi\"\\now\nbye")
    #expect(dot.hasPrefix("graph \"say \\\"hi\\\"\\\\now\\nbye\" {"))
    #expect(dot.contains("label=\"say \\\"hi\\\"\\\\now\\nbye\""))
  }

  @Test func theGraphIsDeterministic() throws {
    let guest = try Self.example("four-node-ring.xml")
    #expect(
      TopologyView.dot(guest.effectiveTopology, title: guest.name)
        == TopologyView.dot(guest.effectiveTopology, title: guest.name))
  }
}
