/// The Swift functions `canonicalize.xsl` calls (namespace `urn:numaschema`), and the state they
/// read: the validated guest's topology and `<numatune>`. One instance per transform.
final class ExtensionFunctions: XSLTExtensionFunctions {
  static let namespace = "urn:numaschema"

  static let signatures: [String: [XSLTParameter]] = [
    "cpus": [.string], "kib": [.string, .string, .boolean], "row-needed": [.number], "index": [.node],
    "sorted-sibling": [.node, .string], "sorted-cell": [.node, .string], "sorted-figure": [.node, .string],
    "tune-slot": [.node, .string], "decimal": [.string], "escape": [.string],
  ]

  let topology: NUMATopology
  let numatune: Numatune?
  /// Which entries minimal mode must write, by row.
  private(set) lazy var needed: [Int: [Int]] = CanonicalDistances.minimalEntries(topology.distances)
  /// Set when a function got arguments it cannot use; the transform then fails.
  var failure: String?

  init(topology: NUMATopology, numatune: Numatune?) {
    self.topology = topology
    self.numatune = numatune
  }

  func call(_ name: String, _ arguments: [XSLTArgument]) -> XSLTResult {
    func onNode(_ body: (XSLTNode) -> String) -> XSLTResult {
      guard let node = arguments[0].node else { return .string("") }
      return .string(body(node))
    }
    switch name {
    case "cpus": return .string(canonicalCPUs(arguments[0].string))
    case "kib": return .string(kibibytes(arguments[0].string, unit: arguments[2].boolean ? arguments[1].string : nil))
    case "row-needed": return .boolean(isRowNeeded(arguments[0].number))
    case "index": return .number(Double(arguments[0].node.map(index(of:)) ?? 0))
    case "sorted-sibling": return onNode { sortedSibling($0, attribute: arguments[1].string) }
    case "sorted-cell": return onNode { sortedCell($0, attribute: arguments[1].string) }
    case "sorted-figure": return onNode { sortedFigure($0, attribute: arguments[1].string) }
    case "tune-slot": return onNode { tuneSlot($0, attribute: arguments[1].string) }
    case "decimal": return .string(plainDecimal(arguments[0].string))
    case "escape": return .string(Self.escaped(arguments[0].string))
    default:
      failure = Messages.noExtensionFunction(name)
      return .string("")
    }
  }

  // MARK: Places among siblings

  /// For each parent already seen, the index of each element child among its same-named
  /// siblings (filled one parent at a time, in one pass over its children).
  private var indexes: [XSLTNode.Identity: Int] = [:]
  private var indexedParents: Set<XSLTNode.Identity> = []

  /// The node's place among its parent's element children of the same name, from 0.
  func index(of node: XSLTNode) -> Int {
    guard let parent = node.parent else { return 0 }
    if indexedParents.insert(parent.identity).inserted {
      var counts: [String: Int] = [:]
      for child in parent.elementChildren {
        let next = counts[child.name, default: 0]
        indexes[child.identity] = next
        counts[child.name] = next + 1
      }
    }
    return indexes[node.identity] ?? 0
  }

  /// For each `<distances>` already seen, its siblings' (id, value) sorted by id (stable).
  private var sortedSiblings: [XSLTNode.Identity: [(id: String, value: String)]] = [:]

  /// Attribute `name` (`id` or `value`) of the sibling that takes `node`'s place when the
  /// siblings of its parent are sorted by numeric id; numbers are written in plain decimal.
  func sortedSibling(_ node: XSLTNode, attribute name: String) -> String {
    guard let parent = node.parent else { return "" }
    if sortedSiblings[parent.identity] == nil {
      var entries: [(id: String, value: String, order: Int)] = []
      for child in parent.elementChildren where child.name == "sibling" {
        entries.append((id: child.attribute("id") ?? "", value: child.attribute("value") ?? "", order: entries.count))
      }
      entries.sort { left, right in
        let l = GuestReader.unsignedInt(left.id) ?? Int.max
        let r = GuestReader.unsignedInt(right.id) ?? Int.max
        return l != r ? l < r : left.order < right.order
      }
      sortedSiblings[parent.identity] = entries.map { (id: decimal($0.id), value: decimal($0.value)) }
    }
    let entries = sortedSiblings[parent.identity] ?? []
    let position = index(of: node)
    guard position < entries.count else { return "" }
    return name == "id" ? entries[position].id : entries[position].value
  }

  /// For each `<numa>` already seen, its cells sorted by id (stable): each one's position among
  /// the cells in document order, and its id (`@id`, else its position).
  private var sortedCells: [XSLTNode.Identity: [(position: Int, id: Int)]] = [:]

  /// Of the cell that takes `node`'s place when the cells of its parent are sorted by id: its
  /// `position` or `id`; `last` is `yes` for the place of the last cell. One sort per `<numa>`.
  func sortedCell(_ node: XSLTNode, attribute name: String) -> String {
    guard let parent = node.parent else { return "" }
    if sortedCells[parent.identity] == nil {
      var entries: [(position: Int, id: Int)] = []
      for child in parent.elementChildren where child.name == "cell" {
        let position = entries.count
        let text = child.attribute("id") ?? ""
        entries.append((position, text.isEmpty ? position : Double(text).flatMap { Int(exactly: $0) } ?? position))
      }
      sortedCells[parent.identity] = entries.enumerated().sorted { left, right in
        left.element.id != right.element.id ? left.element.id < right.element.id : left.offset < right.offset
      }.map(\.element)
    }
    let entries = sortedCells[parent.identity] ?? []
    let place = index(of: node)
    guard place < entries.count else { return "" }
    switch name {
    case "position": return String(entries[place].position)
    case "id": return String(entries[place].id)
    case "last": return place == entries.count - 1 ? "yes" : "no"
    default:
      failure = Messages.noCellAttribute(name)
      return ""
    }
  }

  private func decimal(_ text: String) -> String {
    GuestReader.unsignedInt(text).map(String.init) ?? text
  }

  /// For each `<interconnects>` already seen: its figures in canonical order, and the place of
  /// each `<latency>` or `<bandwidth>` among them in document order.
  private var sortedFigures: [XSLTNode.Identity: [Interconnect]] = [:]
  private var figureSlots: [XSLTNode.Identity: Int] = [:]

  /// Of the HMAT figure that takes `node`'s place when the figures of its `<interconnects>` are
  /// put in canonical order (`Interconnect.inCanonicalOrder`, stable): its element name
  /// (`kind`), or attribute `name` as libvirt writes it: numbers in plain decimal, `cache`
  /// empty for the memory, a bandwidth's `value` in KiB with `unit` `KiB`, a latency's `unit`
  /// empty.
  func sortedFigure(_ node: XSLTNode, attribute name: String) -> String {
    guard let parent = node.parent else { return "" }
    if sortedFigures[parent.identity] == nil {
      var figures: [(figure: Interconnect, order: Int)] = []
      for child in parent.elementChildren {
        guard let kind = Interconnect.Kind(rawValue: child.name) else { continue }
        figureSlots[child.identity] = figures.count
        figures.append((figure: figure(child, kind: kind), order: figures.count))
      }
      figures.sort { left, right in
        if Interconnect.inCanonicalOrder(left.figure, right.figure) { return true }
        if Interconnect.inCanonicalOrder(right.figure, left.figure) { return false }
        return left.order < right.order
      }
      sortedFigures[parent.identity] = figures.map(\.figure)
    }
    let figures = sortedFigures[parent.identity] ?? []
    guard let slot = figureSlots[node.identity], slot < figures.count else { return "" }
    let figure = figures[slot]
    switch name {
    case "kind": return figure.kind.rawValue
    case "initiator": return String(figure.initiator)
    case "target": return String(figure.target)
    case "cache": return figure.cache == 0 ? "" : String(figure.cache)
    case "type": return figure.type
    case "value": return String(figure.value)
    case "unit": return figure.kind == .bandwidth ? "KiB" : ""
    default:
      failure = Messages.noFigureAttribute(name)
      return ""
    }
  }

  /// The figure an element gives, read as `GuestReader` reads it (the guest is valid).
  private func figure(_ element: XSLTNode, kind: Interconnect.Kind) -> Interconnect {
    func number(_ name: String) -> Int {
      let text = element.attribute(name) ?? ""
      guard let value = GuestReader.unsignedInt(text) else {
        if !text.isEmpty { failure = Messages.figureAttributeDoesNotParse(kind.rawValue, name, text: text) }
        return 0
      }
      return value
    }
    let valueText = element.attribute("value") ?? ""
    let value: UInt64
    do {
      switch kind {
      case .latency: value = try MemoryUnit.parseUnsigned(valueText)
      case .bandwidth: value = try MemoryUnit.kibibytes(value: valueText, unit: element.attribute("unit"))
      }
    } catch {
      failure = Messages.figureValueDoesNotParse(kind.rawValue, text: valueText)
      value = 0
    }
    return Interconnect(
      kind: kind, initiator: number("initiator"), target: number("target"), cache: number("cache"),
      type: element.attribute("type") ?? "", value: value)
  }

  // MARK: <numatune>

  /// `<numatune>`'s entries in libvirt's order: `<memory>`, then the `<memnode>`s by cell.
  private lazy var tuneEntries: [(kind: String, cellid: Int, mode: String, placement: String, nodeset: String)] = {
    guard let numatune else { return [] }
    var entries: [(kind: String, cellid: Int, mode: String, placement: String, nodeset: String)] = []
    if let mode = numatune.mode {
      let automatic = numatune.placement == "auto"
      entries.append(
        (kind: "memory", cellid: 0, mode: mode, placement: automatic ? "auto" : "",
         nodeset: automatic ? "" : numatune.nodeset?.description ?? ""))
    }
    for (cellid, memnode) in numatune.memnodes.sorted(by: { $0.key < $1.key }) {
      entries.append((kind: "memnode", cellid: cellid, mode: memnode.mode, placement: "", nodeset: memnode.nodeset.description))
    }
    return entries
  }()
  private var tuneSlots: [XSLTNode.Identity: Int] = [:]

  /// Of the `<numatune>` entry that takes `node`'s place (the k-th `<memory>` or `<memnode>` of
  /// the file takes the k-th in libvirt's order): its element name (`kind`) or attribute `name`
  /// as libvirt writes it (`placement` empty for static placement).
  func tuneSlot(_ node: XSLTNode, attribute name: String) -> String {
    if tuneSlots[node.identity] == nil, let parent = node.parent {
      var slot = 0
      for child in parent.elementChildren where child.name == "memory" || child.name == "memnode" {
        tuneSlots[child.identity] = slot
        slot += 1
      }
    }
    guard let slot = tuneSlots[node.identity], slot < tuneEntries.count else {
      failure = Messages.numatuneEntryNotInModel
      return ""
    }
    let entry = tuneEntries[slot]
    switch name {
    case "kind": return entry.kind
    case "cellid": return String(entry.cellid)
    case "mode": return entry.mode
    case "placement": return entry.placement
    case "nodeset": return entry.nodeset
    default:
      failure = Messages.noNumatuneAttribute(name)
      return ""
    }
  }

  // MARK: Values

  /// An unsigned number in plain decimal (leading zeros and blanks dropped); other text as it is.
  func plainDecimal(_ text: String) -> String {
    (try? MemoryUnit.parseUnsigned(text)).map(String.init) ?? text
  }

  /// Text for an attribute value in single quotes, escaped as libvirt escapes it.
  static func escaped(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x27 || $0 == 0x22 }) else {
      return text
    }
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "'": result += "&apos;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  func canonicalCPUs(_ text: String) -> String {
    guard !text.isEmpty else { return "" }
    do {
      return try CPUSet(parsing: text).description
    } catch {
      failure = Messages.cpusDoNotParse(text, error)
      return ""
    }
  }

  func kibibytes(_ memory: String, unit: String?) -> String {
    do {
      return String(try MemoryUnit.kibibytes(value: memory, unit: unit))
    } catch {
      failure = Messages.memoryNotConvertible(memory)
      return "0"
    }
  }

  func cellIndex(_ value: Double) -> Int? {
    guard value.isFinite, value >= 0, value < Double(topology.cells.count), value == value.rounded() else {
      failure = Messages.noCell(value)
      return nil
    }
    return Int(value)
  }

  /// Whether minimal mode writes any entry of cell `from`'s row.
  func isRowNeeded(_ from: Double) -> Bool {
    guard let from = cellIndex(from) else { return false }
    return !(needed[from] ?? []).isEmpty
  }
}
