/// Reads the typed model of a guest (`GuestDefinition`) out of its domain elements, the way
/// libvirt's parser reads them, and reports every value libvirt would refuse.
///
/// Unlike libvirt, it does not stop at the first problem: it reports each one, skipping only
/// what depends on a broken value (a cell with a bad id contributes no distances, for example).
struct GuestReader {
  let file: String
  let locator: Locator
  var diagnostics: [Diagnostic] = []

  /// Where each entry of the matrix was last set by a `<sibling>` (row-major), for later
  /// findings; `.none` where no sibling set it. Eight bytes an entry: a 1,024-cell guest has a
  /// million of them.
  private var siblingElements: [PackedReference] = []
  /// The same for guests of more than `denseSiblingLimit` cells, where a square array would
  /// cost memory for entries no sibling sets (and for a reference too large to pack).
  private var sparseSiblingElements: [Int: ElementReference] = [:]
  static let denseSiblingLimit = 1024
  /// The element of each cell, by id.
  private(set) var cellElements: [Int: SourceElement] = [:]
  /// The `<numa>` element, when there is one.
  private(set) var numaElement: SourceElement?
  /// False when some cell could not be read, so checks across cells would only repeat it.
  private(set) var cellsComplete = true
  /// False when `<vcpu>` could not be read: checks against it would rest on a guess.
  private(set) var vcpuCountKnown = true
  /// The elements of the memory devices and PCI controllers read, in the order of
  /// `NUMAReferences.memoryDevices` and `.pciControllers` (set by `readReferences`).
  var memoryDeviceElements: [SourceElement] = []
  var pciControllerElements: [SourceElement] = []

  /// Whether `DomainFacts.otherElements` is read: what the converters leave out, which no
  /// verdict depends on.
  let listsOtherElements: Bool

  init(file: String, locator: Locator, listsOtherElements: Bool = true) {
    self.file = file
    self.locator = locator
    self.listsOtherElements = listsOtherElements
  }

  func at(_ element: SourceElement, _ attribute: String? = nil) -> SourcePosition {
    locator.position(of: element, attribute: attribute)
  }

  /// An unsigned 32-bit decimal as libvirt's `virStrToLong_uip` reads it: leading white space
  /// and a `+` are tolerated (the grammar still refuses them), then digits to the end.
  static func unsignedInt(_ text: String) -> Int? {
    var digits = Substring(text).drop { $0 == " " || ("\t"..."\r").contains($0) }
    if digits.first == "+" { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = UInt32(digits) else {
      return nil
    }
    return Int(value)
  }

  /// Warns when a number libvirt has read is written in a form that reads easily wrong.
  /// Blanks matter only where the grammar lets them through (a cell's memory, a distance).
  mutating func noteNumberForm(
    _ what: @autoclosure () -> String, _ text: String, of element: SourceElement, _ attribute: String,
    blanksPassGrammar: Bool = false
  ) {
    guard let first = text.utf8.first else { return }
    let blank = first == 0x20 || (0x09...0x0D).contains(first)
    guard blank ? blanksPassGrammar : Self.hasLeadingZero(text) else { return }
    if let finding = Messages.numberForm(file: file, what: what(), text: text, at: at(element, attribute)) {
      diagnostics.append(finding)
    }
  }

  /// Whether some number in `text` starts with a 0 followed by another digit (a cheap test on
  /// the bytes; the message decides whether octal would read it differently).
  static func hasLeadingZero(_ text: String) -> Bool {
    var previousIsDigit = false
    var zeroStarts = false
    for byte in text.utf8 {
      let digit = byte >= 0x30 && byte <= 0x39
      if zeroStarts && digit { return true }
      zeroStarts = digit && byte == 0x30 && !previousIsDigit
      previousIsDigit = digit
    }
    return false
  }

  mutating func read(_ domain: DomainSource) -> GuestDefinition {
    let name = domain.first("name").map { $0.text.trimmingWhitespace() }
    var maximumVCPUs = 1
    if let vcpu = domain.first("vcpu") {
      if let count = Self.unsignedInt(vcpu.text), count > 0 {
        maximumVCPUs = count
      } else {
        diagnostics.append(Messages.vcpuCountInvalid(file: file, text: vcpu.text.trimmingWhitespace(), at: at(vcpu)))
        vcpuCountKnown = false
      }
    }
    var memoryKiB: UInt64?
    if let memory = domain.first("memory") {
      do {
        memoryKiB = try MemoryUnit.kibibytes(value: memory.text, unit: memory.attribute("unit"))
      } catch {
        diagnostics.append(
          Messages.memoryElementInvalid(
            file: file, element: "memory", text: memory.text.trimmingWhitespace(), reason: error, at: at(memory)))
      }
    }
    let numa = domain.first("cpu")?.firstChild(named: "numa").flatMap { readNUMA($0) }
    var references = NUMAReferences()
    if let numatune = domain.first("numatune") {
      let vcpuPlacement = domain.first("vcpu")?.attribute("placement") ?? "static"
      references.numatune = readNumatune(
        numatune, cellCount: numa?.cells.count, vcpuPlacementStatic: vcpuPlacement != "auto")
    }
    let facts = facts(of: domain)
    readReferences(domain, cellCount: numa?.cells.count ?? 0, ppc64: facts.isPPC64, into: &references)
    if let numa, numa.totalMemoryKiB == 0, memoryKiB ?? 0 == 0, cellsComplete {
      let position = domain.first("memory").map { at($0) } ?? numaElement.map { at($0) } ?? .unknown
      diagnostics.append(Messages.memorySizeMissing(file: file, at: position))
    }
    return GuestDefinition(
      name: name, maximumVCPUs: maximumVCPUs, memoryKiB: memoryKiB, numa: numa, facts: facts,
      references: references)
  }

  /// Whether `name` is one of the domain's children the model holds (`name`, `uuid`, `memory`,
  /// `currentMemory`, `vcpu`, `cpu`, `os`). By length first: a failed string comparison takes
  /// the slow path, and most children are none of these.
  private static func isReadFact(_ name: String) -> Bool {
    switch name.utf8.count {
    case 2: return name == "os"
    case 3: return name == "cpu"
    case 4: return name == "name" || name == "uuid" || name == "vcpu"
    case 6: return name == "memory"
    case 13: return name == "currentMemory"
    default: return false
    }
  }

  /// The domain's other facts, read leniently: the grammar has already judged their form.
  private func facts(of domain: DomainSource) -> DomainFacts {
    var facts = DomainFacts()
    facts.domainType = domain.rootAttribute("type")
    let uuid = domain.first("uuid")
    let vcpu = domain.first("vcpu")
    let currentMemory = domain.first("currentMemory")
    let os = domain.first("os")
    let cpu = domain.first("cpu")
    facts.uuid = uuid.map { $0.text.trimmingWhitespace() }
    facts.currentVCPUs = vcpu?.attribute("current").flatMap(Self.unsignedInt)
    facts.vcpuPlacementCPUs = vcpu?.attribute("cpuset").flatMap { try? CPUSet(parsing: $0) }
    if let currentMemory {
      facts.currentMemoryKiB = try? MemoryUnit.kibibytes(
        value: currentMemory.text, unit: currentMemory.attribute("unit"))
    }
    let type = os?.firstChild(named: "type")
    facts.osType = type.map { $0.text.trimmingWhitespace() }
    facts.machine = type?.attribute("machine")
    facts.arch = type?.attribute("arch")
    let topology = cpu?.firstChild(named: "topology")
    facts.sockets = topology?.attribute("sockets").flatMap(Self.unsignedInt)
    facts.dies = topology?.attribute("dies").flatMap(Self.unsignedInt)
    facts.cores = topology?.attribute("cores").flatMap(Self.unsignedInt)
    facts.threads = topology?.attribute("threads").flatMap(Self.unsignedInt)
    guard listsOtherElements else { return facts }
    // What the model does not hold: every other child of <domain>, and of <cpu> and <os>, each
    // once. A short list of short names: comparing them (lengths first) beats hashing them. Two
    // names are the same when their code points are, as XML compares names.
    let cpuChildren = cpu?.children ?? []
    let osChildren = os?.children ?? []
    var others: [String] = []
    others.reserveCapacity(domain.children.count + cpuChildren.count + osChildren.count)
    func note(_ path: String) {
      let length = path.utf8.count
      if !others.contains(where: { $0.utf8.count == length && $0 == path }) { others.append(path) }
    }
    for child in domain.children where !Self.isReadFact(child.name) { note(child.name) }
    for child in cpuChildren where !child.isNamed("numa") { note("cpu/" + child.name) }
    for child in osChildren where !child.isNamed("type") { note("os/" + child.name) }
    facts.otherElements = others
    return facts
  }

  private mutating func readNUMA(_ numa: SourceElement) -> NUMATopology? {
    numaElement = numa
    let cellElementsInOrder = numa.children(named: "cell")
    guard !cellElementsInOrder.isEmpty else {
      diagnostics.append(Messages.noCells(file: file, at: at(numa)))
      return nil
    }
    let count = cellElementsInOrder.count
    var cells: [Cell?] = Array(repeating: nil, count: count)
    // The vCPUs of the cells read so far, and which cell claimed each first (ids are below
    // CPUSet.domainLimit).
    var claimedCPUs = CPUSet()
    var cpuOwners: [Int: Int] = [:]
    var matrix = DistanceMatrix(count: count)
    for (index, element) in cellElementsInOrder.enumerated() {
      // The id: given, or the cell's position.
      let id: Int
      if let text = element.attribute("id") {
        guard let parsed = Self.unsignedInt(text) else {
          diagnostics.append(Messages.cellIdInvalid(file: file, cellIndex: index, text: text, at: at(element, "id")))
          cellsComplete = false
          continue
        }
        id = parsed
        noteNumberForm(Messages.NumberPart.cellId(index), text, of: element, "id")
      } else {
        id = index
      }
      guard id < count else {
        diagnostics.append(Messages.cellIdOutOfRange(file: file, id: id, cellCount: count, at: at(element, "id")))
        cellsComplete = false
        continue
      }
      guard cells[id] == nil && cellElements[id] == nil else {
        diagnostics.append(
          Messages.cellIdDuplicate(file: file, id: id, at: at(element, element.attribute("id") == nil ? nil : "id")))
        cellsComplete = false
        continue
      }
      cellElements[id] = element

      var cpus = CPUSet()
      if let text = element.attribute("cpus") {
        do {
          cpus = try CPUSet(parsing: text)
          noteNumberForm(Messages.NumberPart.cellCPUs(id), text, of: element, "cpus")
        } catch {
          diagnostics.append(
            Messages.cpusInvalid(file: file, cell: id, text: text, reason: error, at: at(element, "cpus")))
          cellsComplete = false
        }
      }
      // Overlaps with the cells read before: against their union first (linear in the cells),
      // and only on a hit, which earlier cell holds the shared vCPUs (the lowest id is named).
      let sharedWithEarlier = cpus.ranges.flatMap { claimedCPUs.overlap(with: $0) }
      if !sharedWithEarlier.isEmpty {
        var owner = Int.max
        for range in sharedWithEarlier {
          for cpu in range { owner = Swift.min(owner, cpuOwners[cpu] ?? Int.max) }
        }
        if owner != Int.max, let other = cells[owner] {
          diagnostics.append(
            Messages.cpusOverlap(
              file: file, cell: id, other: owner, shared: cpus.intersection(other.cpus), at: at(element, "cpus")))
        }
      }
      for range in cpus.ranges {
        for cpu in range where cpuOwners[cpu] == nil { cpuOwners[cpu] = id }
        claimedCPUs.insert(range)
      }

      var memoryKiB: UInt64 = 0
      var memoryRead = false
      // libvirt reads an empty attribute as an absent one.
      let unit = element.attribute("unit").flatMap { $0.isEmpty ? nil : $0 }
      if let text = element.attribute("memory"), !text.isEmpty {
        do {
          memoryKiB = try MemoryUnit.kibibytes(value: text, unit: unit)
          memoryRead = true
          noteNumberForm(Messages.NumberPart.cellMemory(id), text, of: element, "memory", blanksPassGrammar: true)
        } catch .invalidNumber {
          diagnostics.append(Messages.memoryInvalid(file: file, cell: id, text: text, at: at(element, "memory")))
        } catch .unknownUnit {
          diagnostics.append(
            Messages.memoryUnitInvalid(
              file: file, cell: id, unit: element.attribute("unit") ?? "", at: at(element, "unit")))
        } catch {
          diagnostics.append(
            Messages.memoryOverflow(
              file: file, cell: id, text: text, unit: element.attribute("unit"), at: at(element, "memory")))
        }
      } else {
        diagnostics.append(Messages.memoryMissing(file: file, cell: id, at: at(element)))
      }
      if memoryRead && memoryKiB == 0 {
        diagnostics.append(Messages.cellZeroMemory(file: file, cell: id, at: at(element, "memory")))
      }
      if !memoryRead { cellsComplete = false }
      cells[id] = Cell(
        id: id, cpus: cpus, memoryKiB: memoryKiB, memAccess: element.attribute("memAccess"),
        discard: element.attribute("discard"), caches: readCaches(of: element, cell: id))

      if let distances = element.firstChild(named: "distances") {
        readDistances(distances, cell: id, count: count, into: &matrix)
      }
    }
    let filled = cells.enumerated().map { index, cell in cell ?? Cell(id: index, cpus: CPUSet(), memoryKiB: 0) }
    let interconnects = readInterconnects(of: numa, cells: filled, complete: cellsComplete)
    return NUMATopology(cells: filled, distances: matrix, interconnects: interconnects)
  }

  private mutating func readDistances(
    _ distances: SourceElement, cell: Int, count: Int, into matrix: inout DistanceMatrix
  ) {
    let siblings = distances.children(named: "sibling")
    guard !siblings.isEmpty else {
      diagnostics.append(Messages.distancesNoSiblings(file: file, cell: cell, at: at(distances)))
      return
    }
    var seen = Set<Int>()
    for sibling in siblings {
      let reference = ElementReference(sibling)
      guard let idText = sibling.attribute("id"), let id = Self.unsignedInt(idText) else {
        diagnostics.append(
          Messages.siblingIdInvalid(file: file, cell: cell, text: sibling.attribute("id"), at: at(sibling, "id")))
        continue
      }
      guard let valueText = sibling.attribute("value"), let value = Self.unsignedInt(valueText) else {
        if id < count {
          diagnostics.append(
            Messages.distanceInvalid(
              file: file, cell: cell, sibling: id, text: sibling.attribute("value"), at: at(sibling, "value")))
        } else {
          diagnostics.append(
            Messages.siblingIdUnknown(file: file, cell: cell, sibling: id, cellCount: count, at: at(sibling, "id")))
        }
        continue
      }
      noteNumberForm(Messages.NumberPart.siblingId(cell: cell), idText, of: sibling, "id")
      noteNumberForm(Messages.NumberPart.distance(cell, id), valueText, of: sibling, "value", blanksPassGrammar: true)
      readSibling(id: id, value: value, of: cell, count: count, reference: reference, seen: &seen, into: &matrix)
    }
    // The siblings the parse set aside: plain numbers, already known to fit the grammar.
    if let setAside = distances.setAside {
      for (offset, index) in setAside.ids.indices.enumerated() {
        let reference = ElementReference(ordinal: setAside.firstOrdinal + offset, line: Int(setAside.lines[index]))
        readSibling(
          id: Int(setAside.ids[index]), value: Int(setAside.values[index]), of: cell, count: count,
          reference: reference, seen: &seen, into: &matrix)
      }
    }
  }

  /// One `<sibling id value>` of `cell`'s row, read: libvirt's checks, then the matrix entry.
  private mutating func readSibling(
    id: Int, value: Int, of cell: Int, count: Int, reference: ElementReference, seen: inout Set<Int>,
    into matrix: inout DistanceMatrix
  ) {
    func at(_ attribute: String) -> SourcePosition {
      locator.position(ordinal: reference.ordinal, name: "sibling", line: reference.line, attribute: attribute)
    }
    guard id < count else {
      diagnostics.append(Messages.siblingIdUnknown(file: file, cell: cell, sibling: id, cellCount: count, at: at("id")))
      return
    }
    guard (DistanceMatrix.local...255).contains(value) else {
      diagnostics.append(
        Messages.distanceOutOfRange(file: file, cell: cell, sibling: id, value: String(value), at: at("value")))
      return
    }
    if id == cell && value != DistanceMatrix.local {
      diagnostics.append(Messages.localNot10(file: file, cell: cell, value: value, at: at("value")))
      return
    }
    if id != cell && value == DistanceMatrix.local {
      diagnostics.append(Messages.remote10(file: file, cell: cell, sibling: id, at: at("value")))
      return
    }
    if !seen.insert(id).inserted {
      diagnostics.append(Messages.siblingDuplicate(file: file, cell: cell, sibling: id, at: at("id")))
    }
    matrix.setExplicit(from: cell, to: id, value: value)
    let index = cell * count + id
    if count <= Self.denseSiblingLimit, let packed = PackedReference(reference) {
      if siblingElements.isEmpty { siblingElements = Array(repeating: .none, count: count * count) }
      siblingElements[index] = packed
      if !sparseSiblingElements.isEmpty { sparseSiblingElements[index] = nil }
    } else {
      sparseSiblingElements[index] = reference
      if !siblingElements.isEmpty { siblingElements[index] = .none }
    }
  }

  /// A nodeset attribute: `nil` when absent; an error when it does not parse or is empty.
  private mutating func nodeset(of element: SourceElement) -> CPUSet? {
    guard let text = element.attribute("nodeset") else { return nil }
    do {
      let set = try CPUSet(parsing: text)
      if set.isEmpty {
        diagnostics.append(
          Messages.nodesetInvalid(
            file: file, element: element.name, text: text, reason: Messages.nodesetNamesNoNode,
            at: at(element, "nodeset")))
      }
      return set
    } catch {
      diagnostics.append(
        Messages.nodesetInvalid(
          file: file, element: element.name, text: text, reason: Messages.nodesetDoesNotParse(error),
          at: at(element, "nodeset")))
      return CPUSet()
    }
  }

  /// `<numatune>` as libvirt reads it (`virDomainNumatuneParseXML`, `virDomainNumatuneNodeParseXML`).
  private mutating func readNumatune(_ numatune: SourceElement, cellCount: Int?, vcpuPlacementStatic: Bool) -> Numatune
  {
    // The placement of <memory>: given; else static with a nodeset; else the <vcpu>'s.
    let memory = numatune.firstChild(named: "memory")
    var automatic = !vcpuPlacementStatic
    let memoryMode = memory?.attribute("mode") ?? "strict"
    if let memory {
      let nodes = nodeset(of: memory)
      switch memory.attribute("placement") {
      case "auto": automatic = true
      case "static": automatic = false
      default: automatic = nodes == nil && !vcpuPlacementStatic
      }
      if !automatic && nodes == nil {
        diagnostics.append(Messages.nodesetMissing(file: file, at: at(memory)))
      }
    }
    var tune = Numatune()
    if let memory {
      tune.mode = memoryMode
      tune.placement = automatic ? "auto" : "static"
      tune.nodeset = memory.attribute("nodeset").flatMap { try? CPUSet(parsing: $0) }
    }
    var seen = Set<Int>()
    for memnode in numatune.children(named: "memnode") {
      if automatic {
        diagnostics.append(Messages.memnodeAutoPlacement(file: file, at: at(memnode)))
        continue
      }
      guard let cellCount else {
        diagnostics.append(Messages.memnodeWithoutNUMA(file: file, at: at(memnode)))
        continue
      }
      guard let text = memnode.attribute("cellid"), let cellid = Self.unsignedInt(text) else {
        diagnostics.append(
          Messages.memnodeCellInvalid(file: file, text: memnode.attribute("cellid"), at: at(memnode, "cellid")))
        continue
      }
      if cellid >= cellCount {
        diagnostics.append(
          Messages.memnodeCellUnknown(file: file, cellid: cellid, cellCount: cellCount, at: at(memnode, "cellid")))
        continue
      }
      if !seen.insert(cellid).inserted {
        diagnostics.append(Messages.memnodeDuplicate(file: file, cellid: cellid, at: at(memnode, "cellid")))
        continue
      }
      let mode = memnode.attribute("mode") ?? "strict"
      if memoryMode == "restrictive" && mode != "restrictive" {
        diagnostics.append(
          Messages.memnodeModeMismatch(file: file, cellid: cellid, mode: mode, at: at(memnode, "mode")))
      }
      if let nodes = nodeset(of: memnode) {
        tune.memnodes[cellid] = Numatune.Memnode(mode: mode, nodeset: nodes)
      }
    }
    return tune
  }

  /// Where finding about the entry `from → to` should point: the sibling that set it, else the
  /// cell, else the `<numa>` element.
  func position(from: Int, to: Int, count: Int) -> SourcePosition {
    func element(_ index: Int) -> ElementReference? {
      if !siblingElements.isEmpty, let reference = siblingElements[index].reference { return reference }
      return sparseSiblingElements[index]
    }
    if let sibling = element(from * count + to) ?? element(to * count + from) {
      return locator.position(ordinal: sibling.ordinal, name: "sibling", line: sibling.line, attribute: "value")
    }
    if let cell = cellElements[from] { return at(cell) }
    return numaElement.map { at($0) } ?? .unknown
  }

  func position(ofCell id: Int, attribute: String? = nil) -> SourcePosition {
    if let cell = cellElements[id] { return at(cell, attribute) }
    return numaElement.map { at($0) } ?? .unknown
  }
}

/// Enough of an element to find it again in the source: its document-order ordinal and line.
/// An `ElementReference` in eight bytes, or none.
struct PackedReference {
  /// The ordinal plus one; 0 for none.
  private var ordinalPlusOne: UInt32
  /// The line; 0 when unknown (libxml2's lines start at 1).
  private var line: Int32

  static let none = PackedReference(ordinalPlusOne: 0, line: 0)

  private init(ordinalPlusOne: UInt32, line: Int32) {
    self.ordinalPlusOne = ordinalPlusOne
    self.line = line
  }

  /// `nil` when the reference does not fit (it then goes in a dictionary).
  init?(_ reference: ElementReference) {
    guard let ordinal = UInt32(exactly: reference.ordinal + 1), ordinal > 0 else { return nil }
    let line: Int32
    if let given = reference.line {
      guard let fitting = Int32(exactly: given), fitting > 0 else { return nil }
      line = fitting
    } else {
      line = 0
    }
    self.init(ordinalPlusOne: ordinal, line: line)
  }

  var reference: ElementReference? {
    guard ordinalPlusOne > 0 else { return nil }
    return ElementReference(ordinal: Int(ordinalPlusOne) - 1, line: line > 0 ? Int(line) : nil)
  }
}

struct ElementReference {
  var ordinal: Int
  var line: Int?

  init(_ element: SourceElement) {
    ordinal = element.ordinal
    line = element.line
  }

  init(ordinal: Int, line: Int?) {
    self.ordinal = ordinal
    self.line = line
  }
}
