internal import CLibXML2
internal import CLibXSLT
internal import CNumaSchemaShims

/// The Swift functions `canonicalize.xsl` calls (namespace `urn:numaschema`), and the state they
/// read: the validated guest's topology. One instance per transform, reached from C through the
/// transform context's `_private`.
final class ExtensionFunctions {
  static let namespace = "urn:numaschema"

  let topology: NUMATopology
  /// Which entries minimal mode must write, by row.
  private(set) lazy var needed: [Int: [Int]] = CanonicalDistances.minimalEntries(topology.distances)
  /// Set when a function got arguments it cannot use; the transform then fails.
  var failure: String?
  /// For each parent already seen, the index of each element child among its same-named
  /// siblings, by node address (filled one parent at a time, in one pass over its children).
  private var indexes: [UnsafeMutableRawPointer: Int] = [:]
  private var indexedParents: Set<UnsafeMutableRawPointer> = []

  /// For each `<distances>` already seen, its siblings' (id, value) sorted by id (stable).
  private var sortedSiblings: [UnsafeMutableRawPointer: [(id: String, value: String)]] = [:]

  /// Attribute `name` (`id` or `value`) of the sibling that takes `node`'s place when the
  /// siblings of its parent are sorted by numeric id; numbers are written in plain decimal.
  func sortedSibling(_ node: xmlNodePtr, attribute name: String) -> String {
    guard let parent = node.pointee.parent else { return "" }
    let key = UnsafeMutableRawPointer(parent)
    if sortedSiblings[key] == nil {
      var entries: [(id: String, value: String, order: Int)] = []
      var child = parent.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE, current.pointee.name.map({ String(cString: $0) }) == "sibling" {
          entries.append((id: attributeText(current, "id"), value: attributeText(current, "value"), order: entries.count))
        }
        child = current.pointee.next
      }
      entries.sort { left, right in
        let l = GuestReader.unsignedInt(left.id) ?? Int.max
        let r = GuestReader.unsignedInt(right.id) ?? Int.max
        return l != r ? l < r : left.order < right.order
      }
      sortedSiblings[key] = entries.map { (id: decimal($0.id), value: decimal($0.value)) }
    }
    let entries = sortedSiblings[key] ?? []
    let position = index(of: node)
    guard position < entries.count else { return "" }
    return name == "id" ? entries[position].id : entries[position].value
  }

  /// For each `<numa>` already seen, its cells sorted by id (stable): each one's position among
  /// the cells in document order, and its id (`@id`, else its position, as `ns:cell-id` reads it).
  private var sortedCells: [UnsafeMutableRawPointer: [(position: Int, id: Int)]] = [:]

  /// Of the cell that takes `node`'s place when the cells of its parent are sorted by id: its
  /// `position` or `id`; `last` is `yes` for the place of the last cell. One sort per `<numa>`.
  func sortedCell(_ node: xmlNodePtr, attribute name: String) -> String {
    guard let parent = node.pointee.parent else { return "" }
    let key = UnsafeMutableRawPointer(parent)
    if sortedCells[key] == nil {
      var entries: [(position: Int, id: Int)] = []
      var child = parent.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE, current.pointee.name.map({ String(cString: $0) }) == "cell" {
          let position = entries.count
          let text = attributeText(current, "id")
          entries.append((position, text.isEmpty ? position : Double(text).flatMap { Int(exactly: $0) } ?? position))
        }
        child = current.pointee.next
      }
      sortedCells[key] = entries.enumerated().sorted { left, right in
        left.element.id != right.element.id ? left.element.id < right.element.id : left.offset < right.offset
      }.map(\.element)
    }
    let entries = sortedCells[key] ?? []
    let place = index(of: node)
    guard place < entries.count else { return "" }
    switch name {
    case "position": return String(entries[place].position)
    case "id": return String(entries[place].id)
    case "last": return place == entries.count - 1 ? "yes" : "no"
    default:
      failure = "no cell attribute '\(name)'"
      return ""
    }
  }

  private func decimal(_ text: String) -> String {
    GuestReader.unsignedInt(text).map(String.init) ?? text
  }

  /// For each `<interconnects>` already seen: its figures in canonical order, and the place of
  /// each `<latency>` or `<bandwidth>` among them in document order, by node address.
  private var sortedFigures: [UnsafeMutableRawPointer: [Interconnect]] = [:]
  private var figureSlots: [UnsafeMutableRawPointer: Int] = [:]

  /// Of the HMAT figure that takes `node`'s place when the figures of its `<interconnects>` are
  /// put in canonical order (`Interconnect.inCanonicalOrder`, stable): its element name
  /// (`kind`), or attribute `name` as libvirt writes it: numbers in plain decimal, `cache`
  /// empty for the memory, a bandwidth's `value` in KiB with `unit` `KiB`, a latency's `unit`
  /// empty.
  func sortedFigure(_ node: xmlNodePtr, attribute name: String) -> String {
    guard let parent = node.pointee.parent else { return "" }
    let key = UnsafeMutableRawPointer(parent)
    if sortedFigures[key] == nil {
      var figures: [(figure: Interconnect, order: Int)] = []
      var child = parent.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE,
          let kind = current.pointee.name.flatMap({ Interconnect.Kind(rawValue: String(cString: $0)) })
        {
          figureSlots[UnsafeMutableRawPointer(current)] = figures.count
          figures.append((figure: figure(current, kind: kind), order: figures.count))
        }
        child = current.pointee.next
      }
      figures.sort { left, right in
        if Interconnect.inCanonicalOrder(left.figure, right.figure) { return true }
        if Interconnect.inCanonicalOrder(right.figure, left.figure) { return false }
        return left.order < right.order
      }
      sortedFigures[key] = figures.map(\.figure)
    }
    let figures = sortedFigures[key] ?? []
    guard let slot = figureSlots[UnsafeMutableRawPointer(node)], slot < figures.count else { return "" }
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
      failure = "no figure attribute '\(name)'"
      return ""
    }
  }

  /// The figure an element gives, read as `GuestReader` reads it (the guest is valid).
  private func figure(_ element: xmlNodePtr, kind: Interconnect.Kind) -> Interconnect {
    func number(_ name: String) -> Int {
      let text = attributeText(element, name)
      guard let value = GuestReader.unsignedInt(text) else {
        if !text.isEmpty { failure = "\(kind.rawValue) \(name) '\(text)' does not parse" }
        return 0
      }
      return value
    }
    let valueText = attributeText(element, "value")
    let value: UInt64
    do {
      switch kind {
      case .latency: value = try MemoryUnit.parseUnsigned(valueText)
      case .bandwidth:
        let unit = attributeText(element, "unit")
        value = try MemoryUnit.kibibytes(value: valueText, unit: unit.isEmpty ? nil : unit)
      }
    } catch {
      failure = "\(kind.rawValue) value '\(valueText)' does not parse"
      value = 0
    }
    return Interconnect(
      kind: kind, initiator: number("initiator"), target: number("target"), cache: number("cache"),
      type: attributeText(element, "type"), value: value)
  }

  /// An unsigned number in plain decimal (leading zeros and blanks dropped); other text as it is.
  func plainDecimal(_ text: String) -> String {
    (try? MemoryUnit.parseUnsigned(text)).map(String.init) ?? text
  }

  private func attributeText(_ node: xmlNodePtr, _ name: String) -> String {
    var property = node.pointee.properties
    while let attribute = property {
      if attribute.pointee.name.map({ String(cString: $0) }) == name {
        var value = ""
        var part = attribute.pointee.children
        while let piece = part {
          if let content = piece.pointee.content { value += String(cString: content) }
          part = piece.pointee.next
        }
        return value
      }
      property = attribute.pointee.next
    }
    return ""
  }

  /// The node's place among its parent's element children of the same name, from 0.
  func index(of node: xmlNodePtr) -> Int {
    guard let parent = node.pointee.parent else { return 0 }
    let parentKey = UnsafeMutableRawPointer(parent)
    if !indexedParents.contains(parentKey) {
      indexedParents.insert(parentKey)
      var counts: [String: Int] = [:]
      var child = parent.pointee.children
      while let current = child {
        if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name {
          let key = String(cString: name)
          let next = counts[key, default: 0]
          indexes[UnsafeMutableRawPointer(current)] = next
          counts[key] = next + 1
        }
        child = current.pointee.next
      }
    }
    return indexes[UnsafeMutableRawPointer(node)] ?? 0
  }

  init(topology: NUMATopology) {
    self.topology = topology
  }

  func register(in context: xsltTransformContextPtr) {
    let functions: [(String, xmlXPathFunction)] = [
      ("cpus", cpusFunction), ("kib", kibFunction),
      ("row-needed", rowNeededFunction), ("index", indexFunction),
      ("sorted-sibling", sortedSiblingFunction), ("sorted-figure", sortedFigureFunction),
      ("sorted-cell", sortedCellFunction),
      ("decimal", decimalFunction),
    ]
    for (name, function) in functions {
      xsltRegisterExtFunction(context, name, Self.namespace, function)
    }
  }

  /// The state of the transform an XPath evaluation belongs to.
  static func of(_ parser: xmlXPathParserContextPtr?) -> ExtensionFunctions? {
    guard let parser, let context = xsltXPathGetTransformContext(parser), let box = context.pointee._private else {
      return nil
    }
    return Unmanaged<ExtensionFunctions>.fromOpaque(box).takeUnretainedValue()
  }

  func canonicalCPUs(_ text: String) -> String {
    guard !text.isEmpty else { return "" }
    do {
      return try CPUSet(parsing: text).description
    } catch {
      failure = "cpus '\(text)' do not parse: \(error)"
      return ""
    }
  }

  func kibibytes(_ memory: String, unit: String?) -> String {
    do {
      return String(try MemoryUnit.kibibytes(value: memory, unit: unit))
    } catch {
      failure = "memory '\(memory)' cannot be converted"
      return "0"
    }
  }

  func cellIndex(_ value: Double) -> Int? {
    guard value.isFinite, value >= 0, value < Double(topology.cells.count), value == value.rounded() else {
      failure = "no cell \(value)"
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

// MARK: The C entry points. Each pops its arguments (last first) and pushes one result.

private func popString(_ parser: xmlXPathParserContextPtr) -> String {
  let raw = xmlXPathPopString(parser)
  defer { numaschema_free(raw) }
  return raw.map { String(cString: $0) } ?? ""
}

private func pushString(_ parser: xmlXPathParserContextPtr, _ text: String) {
  valuePush(parser, xmlXPathNewCString(text))
}

private func checkArity(_ parser: xmlXPathParserContextPtr?, _ count: Int32, expected: Int32) -> xmlXPathParserContextPtr? {
  guard let parser else { return nil }
  if count != expected {
    xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue))
    return nil
  }
  return parser
}

private let cpusFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 1), let state = ExtensionFunctions.of(parser) else { return }
  let text = popString(parser)
  pushString(parser, state.canonicalCPUs(text))
}

private let kibFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 3), let state = ExtensionFunctions.of(parser) else { return }
  let hasUnit = xmlXPathPopBoolean(parser) != 0
  let unit = popString(parser)
  let memory = popString(parser)
  pushString(parser, state.kibibytes(memory, unit: hasUnit ? unit : nil))
}

private let indexFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 1), let state = ExtensionFunctions.of(parser) else { return }
  let set = xmlXPathPopNodeSet(parser)
  defer { xmlXPathFreeNodeSet(set) }
  var index = 0
  if let set, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab?[0] { index = state.index(of: node) }
  valuePush(parser, xmlXPathNewFloat(Double(index)))
}

private let sortedSiblingFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 2), let state = ExtensionFunctions.of(parser) else { return }
  let name = popString(parser)
  let set = xmlXPathPopNodeSet(parser)
  defer { xmlXPathFreeNodeSet(set) }
  var text = ""
  if let set, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab?[0] { text = state.sortedSibling(node, attribute: name) }
  pushString(parser, text)
}

private let sortedCellFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 2), let state = ExtensionFunctions.of(parser) else { return }
  let name = popString(parser)
  let set = xmlXPathPopNodeSet(parser)
  defer { xmlXPathFreeNodeSet(set) }
  var text = ""
  if let set, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab?[0] { text = state.sortedCell(node, attribute: name) }
  pushString(parser, text)
}

private let rowNeededFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 1), let state = ExtensionFunctions.of(parser) else { return }
  let from = xmlXPathPopNumber(parser)
  valuePush(parser, xmlXPathNewBoolean(state.isRowNeeded(from) ? 1 : 0))
}

private let sortedFigureFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 2), let state = ExtensionFunctions.of(parser) else { return }
  let name = popString(parser)
  let set = xmlXPathPopNodeSet(parser)
  defer { xmlXPathFreeNodeSet(set) }
  var text = ""
  if let set, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab?[0] {
    text = state.sortedFigure(node, attribute: name)
  }
  pushString(parser, text)
}

private let decimalFunction: xmlXPathFunction = { parser, count in
  guard let parser = checkArity(parser, count, expected: 1), let state = ExtensionFunctions.of(parser) else { return }
  let text = popString(parser)
  pushString(parser, state.plainDecimal(text))
}
