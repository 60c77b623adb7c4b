#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension TopologyView {
  /// The completed distance matrix as a labelled heat map: a self-contained, deterministic SVG 1.1
  /// document (no scripts, no external references, fixed fonts).
  ///
  /// Rows are the `from` cell, columns the `to` cell. Each square is coloured on a scale from 10
  /// (local, light) to the largest distance below 255 (dark); 255 (unreachable) has a colour of
  /// its own. Up to 64 cells every square carries its value; beyond that only the colours, with
  /// every k-th id labelled. The title is `title` (the guest name); under it a caption lists each
  /// node's cpus and memory; a legend with the colour scale sits under the matrix.
  ///
  /// A guest with both CPU cells and memory-only (CPU-less) cells draws the memory-only ones as
  /// a tier of their own: their rows and columns come after the CPU cells' (each group in id
  /// order), set apart by a gap; the gap between the row bands is labelled "memory-only
  /// (CPU-less) cells", and the caption lists them on a line of their own.
  /// The most cells a picture (svg, dot) is drawn for: both show every pair of cells, and
  /// 256 cells are already 65,536 of them.
  public static let pictureLimit = 256

  /// Why `topology` is not drawn, or `nil` when it can be.
  public static func tooLargeToDraw(_ topology: NUMATopology) -> String? {
    let count = topology.cells.count
    guard count > pictureLimit else { return nil }
    return Messages.tooLargeToDraw(cells: count, limit: pictureLimit)
  }

  /// Why the distance table of `topology` is not written, or `nil` when it can be.
  public static func tooLargeForTable(_ topology: NUMATopology) -> String? {
    let count = topology.cells.count
    guard count > DistanceMatrix.everyPairLimit else { return nil }
    return Messages.tooLargeForTable(cells: count, limit: DistanceMatrix.everyPairLimit)
  }

  public static func svg(_ topology: NUMATopology, title: String?) -> String {
    HeatMap(topology: topology, title: title).render()
  }
}

/// Lays out and writes the heat map. All lengths are in SVG user units (pixels).
private struct HeatMap {
  let topology: NUMATopology
  let title: String?

  /// The number of cells.
  var count: Int { topology.cells.count }

  /// The cell drawn at each row and column: the CPU cells, then the memory-only ones.
  let order: [Int]
  /// The first row and column of the memory-only tier; `nil` when the picture has no tier
  /// (every cell has CPUs, or none has).
  let tierStart: Int?

  init(topology: NUMATopology, title: String?) {
    self.topology = topology
    self.title = title
    let withCPUs = topology.cells.indices.filter { !topology.cells[$0].cpus.isEmpty }
    let memoryOnly = topology.cells.indices.filter { topology.cells[$0].cpus.isEmpty }
    order = withCPUs + memoryOnly
    tierStart = withCPUs.isEmpty || memoryOnly.isEmpty ? nil : withCPUs.count
  }

  static let tierLabel = "memory-only (CPU-less) cells"
  /// The gap between the CPU cells and the memory-only tier, rows and columns alike.
  var tierGap: Double { tierStart == nil ? 0 : 26 }

  /// Is row and column `position` labelled: every `step`-th of its group (the CPU cells, the
  /// memory-only tier), counted from the group's first.
  func isLabelled(_ position: Int, step: Int) -> Bool {
    guard let tierStart, position >= tierStart else { return position % step == 0 }
    return (position - tierStart) % step == 0
  }

  /// Where row or column `position` starts, from the grid's edge.
  func offset(_ position: Int) -> Double {
    Double(position) * square + (tierStart.map { position >= $0 } == true ? tierGap : 0)
  }

  // MARK: Sizes

  static let margin = 24.0
  /// The width the squares may take together; 64 cells get 17 px each.
  static let gridBudget = 1088
  /// The most cells whose squares still carry their values.
  static let valueLimit = 64
  static let titleSize = 22.0
  static let subtitleSize = 13.0
  static let captionSize = 12.0
  static let captionLineHeight = 17.0
  static let legendBarHeight = 14.0
  static let legendFontSize = 12.0
  static let tierLabelSize = 11.0
  static let textColor = "#1f2328"
  static let mutedColor = "#57606a"

  /// The side of one square.
  var square: Double { Double(max(2, min(64, Self.gridBudget / max(count, 1)))) }
  var showsValues: Bool { count <= Self.valueLimit }
  /// "node 3" as labels when the squares are wide enough, else the bare id.
  var labelsSayNode: Bool { square >= 56 }
  var labelSize: Double { labelsSayNode ? 13 : min(12, max(8, square * 0.55)) }
  var valueSize: Double { min(20, square * 0.36) }
  /// The space between neighbouring squares.
  var gap: Double { square >= 24 ? 3 : square >= 8 ? 1 : 0 }

  /// Label every `labelStep`-th id, so that labels do not overlap.
  var labelStep: Int {
    let widest = Self.textWidth(String(max(count - 1, 0)), size: labelSize) + 4
    for step in [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 200, 250, 256, 500, 512, 1000]
    where Double(step) * square >= max(widest, labelSize + 4) {
      return step
    }
    return max(1, count)
  }

  func label(_ id: Int) -> String { labelsSayNode ? "node \(id)" : String(id) }

  // MARK: Colours

  /// ColorBrewer YlGnBu: light for near, dark blue for far.
  static let scale: [(Double, Double, Double)] = [
    (0xFF, 0xFF, 0xD9), (0xED, 0xF8, 0xB1), (0xC7, 0xE9, 0xB4), (0x7F, 0xCD, 0xBB), (0x41, 0xB6, 0xC4),
    (0x1D, 0x91, 0xC0), (0x22, 0x5E, 0xA8), (0x25, 0x34, 0x94), (0x08, 0x1D, 0x58),
  ]
  /// The colour of 255, "unreachable": outside the scale's hues.
  static let unreachable = (0xB2 as Double, 0x18 as Double, 0x2B as Double)
  static let unreachableValue = 255

  /// The top of the colour scale: the largest distance that is not "unreachable", but at least
  /// 20 (the default remote distance), so that a matrix of near values is not painted as far.
  var farthest: Int {
    var result = DistanceMatrix.remoteDefault
    for from in 0..<count {
      for to in 0..<count {
        let value = topology.distances[from, to]
        if value != Self.unreachableValue { result = max(result, value) }
      }
    }
    return result
  }

  var hasUnreachable: Bool {
    (0..<count).contains { from in (0..<count).contains { topology.distances[from, $0] == Self.unreachableValue } }
  }

  /// The fill of a value on the scale from 10 to `farthest`.
  func color(_ value: Int, farthest: Int) -> (Double, Double, Double) {
    if value == Self.unreachableValue { return Self.unreachable }
    let span = Double(farthest - DistanceMatrix.local)
    let position = span > 0 ? min(1, max(0, Double(value - DistanceMatrix.local) / span)) : 0
    return Self.interpolate(position)
  }

  static func interpolate(_ position: Double) -> (Double, Double, Double) {
    let scaled = position * Double(scale.count - 1)
    let lower = min(Int(scaled), scale.count - 2)
    let fraction = scaled - Double(lower)
    let (a, b) = (scale[lower], scale[lower + 1])
    return (a.0 + (b.0 - a.0) * fraction, a.1 + (b.1 - a.1) * fraction, a.2 + (b.2 - a.2) * fraction)
  }

  static func hex(_ color: (Double, Double, Double)) -> String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for channel in [color.0, color.1, color.2] {
      let byte = Int(min(255, max(0, channel.rounded())))
      text.append(digits[byte / 16])
      text.append(digits[byte % 16])
    }
    return text
  }

  /// Dark text on light fills, white on dark ones (WCAG relative luminance).
  static func ink(on color: (Double, Double, Double)) -> String {
    func linear(_ channel: Double) -> Double {
      let c = channel / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    let luminance = 0.2126 * linear(color.0) + 0.7152 * linear(color.1) + 0.0722 * linear(color.2)
    return luminance > 0.3 ? textColor : "#ffffff"
  }

  // MARK: Text

  /// The width of `text` in DejaVu Sans at `size`, from the font's advance widths (in em) for
  /// the characters these pictures use; anything else counts as 0.62 em. Bold is about 10% wider.
  static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
    let ems = text.reduce(0.0) { total, character in total + (advance[character] ?? 0.62) }
    return ems * size * (bold ? 1.1 : 1)
  }

  static let advance: [Character: Double] = {
    var table: [Character: Double] = [
      " ": 0.318, ":": 0.337, ",": 0.318, ".": 0.318, "-": 0.361, "·": 0.318, "(": 0.39, ")": 0.39,
      "=": 0.838, "→": 0.838, "←": 0.838, "<": 0.838, ">": 0.838, "&": 0.78, "'": 0.275, "\"": 0.46,
      "_": 0.5, "/": 0.337,
      "a": 0.613, "b": 0.635, "c": 0.55, "d": 0.635, "e": 0.615, "f": 0.352, "g": 0.635, "h": 0.634,
      "i": 0.278, "j": 0.278, "k": 0.579, "l": 0.278, "m": 0.974, "n": 0.634, "o": 0.612, "p": 0.635,
      "q": 0.635, "r": 0.411, "s": 0.521, "t": 0.392, "u": 0.634, "v": 0.592, "w": 0.818, "x": 0.592,
      "y": 0.592, "z": 0.525,
      "A": 0.684, "B": 0.686, "C": 0.698, "D": 0.77, "E": 0.632, "F": 0.575, "G": 0.775, "H": 0.752,
      "I": 0.295, "J": 0.295, "K": 0.656, "L": 0.557, "M": 0.863, "N": 0.748, "O": 0.787, "P": 0.603,
      "Q": 0.787, "R": 0.695, "S": 0.635, "T": 0.611, "U": 0.732, "V": 0.684, "W": 0.989, "X": 0.685,
      "Y": 0.611, "Z": 0.685,
    ]
    for digit in "0123456789" { table[digit] = 0.636 }
    return table
  }()

  var subtitle: String {
    let nodes = count == 1 ? "1 NUMA node" : "\(count) NUMA nodes"
    let cpus = topology.allCPUs.count
    return "\(nodes) · \(cpus == 1 ? "1 vCPU" : "\(cpus) vCPUs") · \(Messages.memoryAmount(topology.totalMemoryKiB))"

  }

  /// One entry per node, `node 0: cpus 0-3, 2048 MiB`.
  var captionItems: [String] {
    topology.cells.map { cell in
      "node \(cell.id): \(Messages.cpusPhrase(cell.cpus)), \(Messages.memoryAmount(cell.memoryKiB))"
    }
  }

  /// The caption wrapped to `width`: one entry per node; with a memory-only tier, its nodes
  /// (`node 2 (2048 MiB)`) on lines of their own after the tier's label.
  func captionLines(width: Double) -> [String] {
    guard let tierStart else { return Self.wrap(captionItems, width: width) }
    let cells = topology.cells
    let tier = order[tierStart...].map { "node \(cells[$0].id) (\(Messages.memoryAmount(cells[$0].memoryKiB)))" }
    return Self.wrap(order[..<tierStart].map { captionItems[$0] }, width: width)
      + Self.wrap([Self.tierLabel + ": " + tier[0]] + tier.dropFirst(), width: width)
  }

  /// The items joined by ` · `, wrapped to `width`.
  static func wrap(_ items: [String], width: Double) -> [String] {
    var lines: [String] = []
    var current = ""
    for item in items {
      let candidate = current.isEmpty ? item : current + "  ·  " + item
      if !current.isEmpty && textWidth(candidate, size: captionSize) > width {
        lines.append(current)
        current = item
      } else {
        current = candidate
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  // MARK: Drawing

  func render() -> String {
    let margin = Self.margin
    let square = self.square
    let farthest = self.farthest
    let step = labelStep
    let gridSide = square * Double(count) + tierGap
    let labelledPositions = Set(order.indices.filter { isLabelled($0, step: step) })
    let widestLabel =
      (count == 0 ? [0] : labelledPositions.sorted().map { order[$0] })
      .map { Self.textWidth(label($0), size: labelSize) }.max() ?? 0

    // Left to right: axis name, row labels, squares.
    let axisBand = 24.0
    let gridLeft = margin + axisBand + widestLabel + 8
    let gridRight = max(
      gridLeft + gridSide, tierStart == nil ? 0 : gridLeft + Self.textWidth(Self.tierLabel, size: Self.tierLabelSize))

    // The legend: a bar, and a swatch for 255 when the matrix has it.
    let barWidth = max(220, min(gridSide, 360))
    let unreachableText = "255 unreachable"
    let legendRight =
      gridLeft + barWidth
      + (hasUnreachable
        ? 28 + Self.legendBarHeight + 6 + Self.textWidth(unreachableText, size: Self.legendFontSize) : 0)

    // The caption wraps to the drawing's width, at least 460 px.
    let captionWidth = max(gridRight, legendRight, 460) - margin
    let caption = captionLines(width: captionWidth)
    let heading = title.map(Self.clean) ?? ""
    let headingWidth = heading.isEmpty ? 0 : Self.textWidth(heading, size: Self.titleSize, bold: true)
    let contentRight = max(
      gridRight, legendRight, margin + Self.textWidth(subtitle, size: Self.subtitleSize), margin + headingWidth,
      margin + (caption.map { Self.textWidth($0, size: Self.captionSize) }.max() ?? 0))
    let width = (contentRight + margin).rounded(.up)

    // Top to bottom.
    var y = margin
    var body: [String] = []
    if !heading.isEmpty {
      y += Self.titleSize
      body.append(
        "<text x=\"\(n(margin))\" y=\"\(n(y))\" font-size=\"\(n(Self.titleSize))\" font-weight=\"bold\" fill=\"\(Self.textColor)\">\(XMLText.escaped(heading))</text>"
      )
      y += 8
    }
    y += Self.subtitleSize
    body.append(
      "<text x=\"\(n(margin))\" y=\"\(n(y))\" font-size=\"\(n(Self.subtitleSize))\" fill=\"\(Self.mutedColor)\">\(XMLText.escaped(subtitle))</text>"
    )
    y += 6
    for line in caption {
      y += Self.captionLineHeight
      body.append(
        "<text x=\"\(n(margin))\" y=\"\(n(y))\" font-size=\"\(n(Self.captionSize))\" fill=\"\(Self.textColor)\">\(XMLText.escaped(line))</text>"
      )
    }
    y += 24

    // Column axis name and labels.
    let axisSize = 11.0
    y += axisSize
    if count > 0 {
      body.append(
        "<text x=\"\(n(gridLeft + gridSide / 2))\" y=\"\(n(y))\" font-size=\"\(n(axisSize))\" fill=\"\(Self.mutedColor)\" text-anchor=\"middle\">to node →</text>"
      )
    }
    y += 6 + labelSize
    body.append("<g font-size=\"\(n(labelSize))\" fill=\"\(Self.textColor)\" text-anchor=\"middle\">")
    for (position, id) in order.enumerated() where labelledPositions.contains(position) {
      body.append("<text x=\"\(n(gridLeft + offset(position) + 0.5 * square))\" y=\"\(n(y))\">\(label(id))</text>")
    }
    body.append("</g>")
    y += 8
    let gridTop = y

    // Row axis name and labels.
    if count > 0 {
      let axisX = margin + axisSize
      let axisY = gridTop + gridSide / 2
      body.append(
        "<text x=\"\(n(axisX))\" y=\"\(n(axisY))\" font-size=\"\(n(axisSize))\" fill=\"\(Self.mutedColor)\" text-anchor=\"middle\" transform=\"rotate(-90 \(n(axisX)) \(n(axisY)))\">← from node</text>"
      )
    }
    body.append("<g font-size=\"\(n(labelSize))\" fill=\"\(Self.textColor)\" text-anchor=\"end\">")
    for (position, id) in order.enumerated() where labelledPositions.contains(position) {
      let baseline = gridTop + offset(position) + 0.5 * square + labelSize * 0.36
      body.append("<text x=\"\(n(gridLeft - 8))\" y=\"\(n(baseline))\">\(label(id))</text>")
    }
    body.append("</g>")

    // The squares, row by row.
    let inset = gap / 2
    let side = square - gap
    let corner = square >= 24 ? 4.0 : 0
    // Without gaps, crisp edges keep anti-aliasing seams from showing between squares.
    body.append(gap > 0 ? "<g stroke=\"#1f2328\" stroke-opacity=\"0.08\">" : "<g shape-rendering=\"crispEdges\">")
    for (row, from) in order.enumerated() {
      for (column, to) in order.enumerated() {
        let value = topology.distances[from, to]
        let fill = color(value, farthest: farthest)
        let x = gridLeft + offset(column) + inset
        let top = gridTop + offset(row) + inset
        var rect = "<rect x=\"\(n(x))\" y=\"\(n(top))\" width=\"\(n(side))\" height=\"\(n(side))\""
        if corner > 0 { rect += " rx=\"\(n(corner))\"" }
        rect += " fill=\"\(Self.hex(fill))\""
        if showsValues {
          body.append(rect + "><title>\(from) → \(to): \(value)</title></rect>")
          body.append(
            "<text x=\"\(n(x + side / 2))\" y=\"\(n(top + side / 2 + valueSize * 0.36))\" font-size=\"\(n(valueSize))\" fill=\"\(Self.ink(on: fill))\" text-anchor=\"middle\">\(value)</text>"
          )
        } else {
          body.append(rect + "/>")
        }
      }
    }
    body.append("</g>")

    // The memory-only tier: its label in the gap above its rows, a dashed line in the gap
    // before its columns (stopping short of the label).
    if let tierStart {
      let gapTop = gridTop + Double(tierStart) * square
      body.append(
        "<text x=\"\(n(gridLeft))\" y=\"\(n(gapTop + tierGap / 2 + Self.tierLabelSize * 0.36))\" font-size=\"\(n(Self.tierLabelSize))\" fill=\"\(Self.mutedColor)\">\(Self.tierLabel)</text>"
      )
      let lineX = gridLeft + Double(tierStart) * square + tierGap / 2
      for (top, bottom) in [(gridTop, gapTop), (gapTop + tierGap, gridTop + gridSide)] {
        body.append(
          "<line x1=\"\(n(lineX))\" y1=\"\(n(top))\" x2=\"\(n(lineX))\" y2=\"\(n(bottom))\" stroke=\"\(Self.mutedColor)\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
        )
      }
    }
    y = gridTop + gridSide + 28

    // The legend.
    let legendSize = Self.legendFontSize
    body.append(
      "<text x=\"\(n(gridLeft))\" y=\"\(n(y))\" font-size=\"\(n(legendSize))\" fill=\"\(Self.mutedColor)\">distance (10 = local)</text>"
    )
    y += 8
    let barTop = y
    body.append(
      "<rect x=\"\(n(gridLeft))\" y=\"\(n(barTop))\" width=\"\(n(barWidth))\" height=\"\(n(Self.legendBarHeight))\" fill=\"url(#numaschema-scale)\"/>"
    )
    let span = Double(farthest - DistanceMatrix.local)
    // A tick for every value on the scale, and for both its ends.
    let ticks = Set(distinctValues.filter { (DistanceMatrix.local...farthest).contains($0) })
      .union([DistanceMatrix.local, farthest]).sorted()
    // Label the ends always and the values between where they do not crowd each other.
    func tickX(_ value: Int) -> Double {
      gridLeft + (span > 0 ? Double(value - DistanceMatrix.local) / span : 0) * barWidth
    }
    var labelled: Set<Int> = []
    if let first = ticks.first, let last = ticks.last {
      labelled = [first, last]
      var lastX = tickX(first)
      for value in ticks.dropFirst().dropLast() where tickX(value) - lastX >= 28 && tickX(last) - tickX(value) >= 28 {
        labelled.insert(value)
        lastX = tickX(value)
      }
    }
    body.append("<g font-size=\"\(n(legendSize))\" fill=\"\(Self.textColor)\">")
    for value in ticks {
      let x = tickX(value)
      body.append(
        "<line x1=\"\(n(x))\" y1=\"\(n(barTop + Self.legendBarHeight))\" x2=\"\(n(x))\" y2=\"\(n(barTop + Self.legendBarHeight + 4))\" stroke=\"\(Self.mutedColor)\" stroke-width=\"1\"/>"
      )
      guard labelled.contains(value) else { continue }
      let anchor =
        value == ticks.first && ticks.count > 1 ? "start" : value == ticks.last && ticks.count > 1 ? "end" : "middle"
      body.append(
        "<text x=\"\(n(x))\" y=\"\(n(barTop + Self.legendBarHeight + 6 + legendSize))\" text-anchor=\"\(anchor)\">\(value)</text>"
      )
    }
    if hasUnreachable {
      let swatchX = gridLeft + barWidth + 28
      body.append(
        "<rect x=\"\(n(swatchX))\" y=\"\(n(barTop))\" width=\"\(n(Self.legendBarHeight))\" height=\"\(n(Self.legendBarHeight))\" fill=\"\(Self.hex(Self.unreachable))\"/>"
      )
      body.append(
        "<text x=\"\(n(swatchX + Self.legendBarHeight + 6))\" y=\"\(n(barTop + Self.legendBarHeight - 2))\">\(unreachableText)</text>"
      )
    }
    body.append("</g>")
    y = barTop + Self.legendBarHeight + 6 + legendSize + margin
    let height = y.rounded(.up)

    // The gradient of the legend: the scale's stops, evenly spaced.
    var stops: [String] = []
    for (index, stop) in Self.scale.enumerated() {
      let offset = Double(index) / Double(Self.scale.count - 1)
      stops.append("<stop offset=\"\(n(offset * 100))%\" stop-color=\"\(Self.hex(stop))\"/>")
    }

    let description =
      (heading.isEmpty ? "" : heading + ": ") + "NUMA distance matrix of \(count) node\(count == 1 ? "" : "s")"
    var document = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"DejaVu Sans, sans-serif\">",
      "<title>\(XMLText.escaped(description))</title>",
      "<defs>",
      "<linearGradient id=\"numaschema-scale\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">",
    ]
    document += stops
    document += [
      "</linearGradient>",
      "</defs>",
      "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>",
    ]
    document += body
    document.append("</svg>")
    return document.joined(separator: "\n") + "\n"
  }

  /// Every distance the matrix holds, ascending.
  var distinctValues: [Int] {
    var seen = Set<Int>()
    for from in 0..<count {
      for to in 0..<count { seen.insert(topology.distances[from, to]) }
    }
    return seen.sorted()
  }

  /// A length with at most two decimals and no trailing zeros, the same on every machine.
  func n(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// Drops what XML 1.0 cannot hold (control characters other than tab, newline, return) and
  /// folds line breaks into spaces, so a title stays one line.
  static func clean(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
          if scalar == "\n" || scalar == "\r" || scalar == "\t" { return " " }
          if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { return nil }
          return scalar
        }))
  }
}
