internal import CLibXML2

/// An element of a parsed document, read where it is: the parts of a domain whose meaning
/// numaschema checks (`<vcpu>`, `<memory>`, `<cpu>`, `<numatune>`, …). Nothing is copied until
/// it is asked for: a name, an attribute's value or a text becomes a `String` when read.
///
/// `ordinal` is the element's place among all elements of the document in document order, which
/// `SourceIndex` maps back to a line and column of the original text; set-aside `<sibling>`s
/// count as elements (they come after their `<distances>`' other children).
///
/// Holds its document, so the tree lives as long as any element of it does. Sendable although
/// `ParsedDocument` is not: nothing changes a parsed tree, and reading one from two threads is
/// safe; the last holder frees it, on whichever thread that is.
struct SourceElement: @unchecked Sendable {
  private let node: xmlNodePtr
  private let document: ParsedDocument
  let ordinal: Int
  /// How this element's descendants are numbered and listed (see `Numbering`).
  private let numbering: Numbering

  /// How the elements below one are numbered and which are listed.
  enum Numbering {
    /// Set-aside siblings count, when the parse kept some out of the tree.
    case withSetAside
    /// Set-aside siblings do not count (the subtree of `<devices>`, and whole documents read
    /// with `rootElement()`, as numaschema has always numbered them).
    case treeOnly
    /// The root's `<devices>`: only its memory devices and NUMA-capable PCI controllers are
    /// children (`isNUMADevice`); the others are counted, never read. Below them, `treeOnly`.
    case numaDevices
  }

  /// The root of a whole document, numbered without set-aside siblings.
  fileprivate init(root: xmlNodePtr, in document: ParsedDocument) {
    self.init(root, in: document, ordinal: 0, numbering: .treeOnly)
  }

  fileprivate init(_ node: xmlNodePtr, in document: ParsedDocument, ordinal: Int, numbering: Numbering) {
    self.node = node
    self.document = document
    self.ordinal = ordinal
    self.numbering = numbering
  }

  /// The element's name, without its prefix.
  var name: String { nodeName(node) }

  /// The element's namespace (its URI), when it has one.
  var namespace: String? { node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } } }

  /// Where `CanonicalSplice` and `ElementSpans` look for the element in the text.
  var spanRequest: ElementSpans.Request { ElementSpans.Request(ordinal: ordinal, name: name) }

  /// The element's name with its namespace's prefix (`prefix:name`), as written.
  var qualifiedName: String {
    let name = nodeName(node)
    return node.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" + name } ?? name
  }

  /// Whether the element's name (without prefix) is `name`, compared as XML compares names:
  /// code point by code point.
  func isNamed(_ name: String) -> Bool {
    guard let own = node.pointee.name else { return name.isEmpty }
    return sameName(own, name)
  }

  /// `isNamed` for a name's UTF-8 bytes.
  fileprivate func isNamed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let own = node.pointee.name else { return bytes.isEmpty }
    return sameBytes(own, bytes)
  }

  /// libxml2's line of the element's start tag, when it has one.
  var line: Int? { lineOf(node) }

  /// The text of the element's text and CDATA children, concatenated.
  var text: String { directText(node) }

  /// The element's attributes, without namespace, in document order.
  var attributes: [SourceAttribute] { NumaSchemaKit.attributes(of: node) }

  /// The value of the attribute `name` (without namespace), if the element has it.
  func attribute(_ name: String) -> String? {
    var property = node.pointee.properties
    while let current = property {
      if let own = current.pointee.name, sameName(own, name) { return attributeValue(current) }
      property = current.pointee.next
    }
    return nil
  }

  /// The element children, in order (for the root's `<devices>`, its NUMA devices only).
  var children: [SourceElement] {
    var found: [SourceElement] = []
    if numbering != .numaDevices { found.reserveCapacity(childCount) }
    forEachChild { found.append($0) }
    return found
  }

  /// How many elements `children` holds.
  var childCount: Int {
    var count = 0
    var child = node.pointee.children
    while let current = child {
      if current.pointee.type == XML_ELEMENT_NODE, numbering != .numaDevices || isNUMADevice(current) { count += 1 }
      child = current.pointee.next
    }
    return count
  }

  func children(named name: String) -> [SourceElement] {
    var found: [SourceElement] = []
    forEachChild { if $0.isNamed(name) { found.append($0) } }
    return found
  }

  func firstChild(named name: String) -> SourceElement? {
    var found: SourceElement?
    visitChildren(while: { child in
      guard child.isNamed(name) else { return true }
      found = child
      return false
    })
    return found
  }

  /// For a `<distances>` element: its `<sibling>`s after the first, when the parse kept them out
  /// of the tree (`children` then holds only the first).
  var setAside: SetAsideSiblings? {
    guard numbering == .withSetAside, let siblings = document.siblings, let row = siblings.row(of: node) else {
      return nil
    }
    return siblings.setAside(row, firstOrdinal: ordinal + 1 + countElements(below: node, siblings: siblings))
  }

  /// Calls `body` with each child element in order, numbered, while it returns true.
  private func visitChildren(while body: (SourceElement) -> Bool) {
    let siblings = numbering == .withSetAside ? document.siblings : nil
    let inner: Numbering = numbering == .withSetAside ? .withSetAside : .treeOnly
    var next = ordinal + 1
    var child = node.pointee.children
    while let current = child {
      child = current.pointee.next
      guard current.pointee.type == XML_ELEMENT_NODE else { continue }
      let ordinal = next
      next += 1 + countElements(below: current, siblings: siblings) + (siblings?.row(of: current)?.count ?? 0)
      if numbering == .numaDevices, !isNUMADevice(current) { continue }
      if !body(SourceElement(current, in: document, ordinal: ordinal, numbering: inner)) { return }
    }
  }

  private func forEachChild(_ body: (SourceElement) -> Void) {
    visitChildren(while: {
      body($0)
      return true
    })
  }
}

extension SourceElement: CustomStringConvertible {
  /// The element and everything below it, as read: name, ordinal, line, attributes, text and
  /// children (for tests that compare two reads of a document).
  var description: String {
    let attributes = attributes.map { "\($0.name)=\(String(reflecting: $0.value))" }.joined(separator: " ")
    let setAside = setAside.map { " setAside: \($0.count) from \($0.firstOrdinal)" } ?? ""
    let inner = children.map(\.description).joined(separator: ", ")
    return
      "\(name)#\(ordinal)@\(line.map(String.init) ?? "-")[\(attributes)] \(String(reflecting: text))\(setAside) {\(inner)}"
  }
}

/// One attribute of a `SourceElement`, without its namespace.
struct SourceAttribute: Sendable {
  var name: String
  var value: String
}

/// The root `<domain>` of a document and the children whose meaning is checked.
struct DomainSource: Sendable {
  /// The root itself.
  var root: SourceElement
  var rootName: String { root.name }
  var rootNamespace: String? { root.namespace }
  var rootOrdinal: Int { root.ordinal }
  var rootLine: Int? { root.line }
  /// All direct children of the root, in order: name (`prefix:name` for namespaced ones),
  /// document-order ordinal and libxml2 line. Read when asked for: a verdict needs none of it.
  var children: [(name: String, ordinal: Int, line: Int?)] {
    root.children.map { (name: $0.qualifiedName, ordinal: $0.ordinal, line: $0.line) }
  }
  var childNames: [String] { children.map(\.name) }
  /// The direct children of the root named in `domainSource(keeping:)`, in order; the others
  /// are only counted.
  var elements: [SourceElement]
  /// How many elements the document has in all.
  var elementCount: Int

  /// The value of the root's attribute `name`.
  func rootAttribute(_ name: String) -> String? { root.attribute(name) }

  func first(_ name: String) -> SourceElement? {
    // The name's bytes are found once, not once for each element.
    let found = name.utf8.withContiguousStorageIfAvailable { bytes in
      elements.firstIndex { $0.isNamed(bytes) }
    }
    guard let found else { return elements.first { $0.isNamed(name) } }
    return found.map { elements[$0] }
  }
}

extension ParsedDocument {
  /// The root and the named direct children of the root, numbering every element of the
  /// document in document order. `names` is a handful of short names: comparing them beats
  /// hashing each child's.
  func domainSource(keeping names: [String]) -> DomainSource? {
    let siblings = self.siblings
    return withUnsafeDocPointer { doc in
      guard let root = xmlDocGetRootElement(doc) else { return nil }
      var counter = 1  // the root is 0
      var kept: [SourceElement] = []
      kept.reserveCapacity(names.count)
      var child = root.pointee.children
      while let node = child {
        child = node.pointee.next
        guard node.pointee.type == XML_ELEMENT_NODE else { continue }
        // Compared as bytes: the names kept are ASCII without K, ';' or '`', which no other
        // spelling is canonically equivalent to (U+212A, …).
        let wanted = node.pointee.ns == nil && names.contains { sameName(node.pointee.name, $0) }
        if wanted && sameName(node.pointee.name, "devices") {
          // As numaschema has always numbered `<devices>`: set-aside siblings do not count.
          kept.append(SourceElement(node, in: self, ordinal: counter, numbering: .numaDevices))
          counter += 1 + countElements(below: node, siblings: nil)
        } else {
          if wanted { kept.append(SourceElement(node, in: self, ordinal: counter, numbering: .withSetAside)) }
          counter += 1 + countElements(below: node, siblings: siblings) + (siblings?.row(of: node)?.count ?? 0)
        }
      }
      return DomainSource(
        root: SourceElement(root, in: self, ordinal: 0, numbering: .withSetAside), elements: kept,
        elementCount: counter)
    }
  }
}

/// Whether the C string `own` (not `NULL`) has exactly the bytes of `name`. Without making a C string of
/// `name` (which passing it to `xmlStrEqual` would, on the heap, as libxml2's `xmlChar` is not
/// `CChar`).
private func sameName(_ own: UnsafePointer<xmlChar>?, _ name: String) -> Bool {
  guard let own else { return false }
  if let same = name.utf8.withContiguousStorageIfAvailable({ sameBytes(own, $0) }) { return same }
  var name = name
  return name.withUTF8 { sameBytes(own, $0) }
}

/// Whether the C string `own` has exactly the bytes `bytes`. Stops at the first difference, so
/// never reads past the end of `own`.
private func sameBytes(_ own: UnsafePointer<xmlChar>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  for offset in bytes.indices where own[offset] != bytes[offset] || bytes[offset] == 0 { return false }
  return own[bytes.count] == 0
}

private func nodeName(_ node: xmlNodePtr) -> String {
  node.pointee.name.map { String(cString: $0) } ?? ""
}

private func lineOf(_ node: xmlNodePtr) -> Int? {
  let line = xmlGetLineNo(node)
  return line > 0 ? Int(line) : nil
}

/// Counts the elements below `node` (set-aside siblings included, when `siblings` is given).
/// Walks by the tree's own links (down to the first child, on to the next, up to the parent's
/// next): no stack to allocate, and no nesting can exhaust the call stack.
private func countElements(below node: xmlNodePtr, siblings: SiblingStore?) -> Int {
  var count = 0
  var current = node.pointee.children
  while let element = current {
    if element.pointee.type == XML_ELEMENT_NODE {
      count += 1
      if let siblings { count += siblings.row(of: element)?.count ?? 0 }
      if let first = element.pointee.children {
        current = first
        continue
      }
    }
    // On to the next node, climbing back up past every last child; done at `node`.
    var here = element
    while here.pointee.next == nil {
      guard let parent = here.pointee.parent, parent != node else { return count }
      here = parent
    }
    current = here.pointee.next
  }
  return count
}

/// Whether a device can refer to guest NUMA cells: a `<memory>` device, or a
/// `<controller type='pci'>` whose `<target>` has a `<node>` or an `index` (libvirt reads a NUMA
/// node for PCI controllers only; every rule on them needs one of the two). A q35 guest's dozen
/// root ports have neither, and are not listed.
private func isNUMADevice(_ node: xmlNodePtr) -> Bool {
  guard node.pointee.ns == nil, let name = node.pointee.name else { return false }
  if sameName(name, "memory") { return true }
  guard sameName(name, "controller"), attribute(of: node, named: "type", is: "pci") else { return false }
  var child = node.pointee.children
  while let current = child {
    if current.pointee.type == XML_ELEMENT_NODE, current.pointee.ns == nil,
      sameName(current.pointee.name, "target")
    {
      if attribute(of: current, named: "index", is: nil) { return true }
      var inner = current.pointee.children
      while let element = inner {
        if element.pointee.type == XML_ELEMENT_NODE, sameName(element.pointee.name, "node") { return true }
        inner = element.pointee.next
      }
    }
    child = current.pointee.next
  }
  return false
}

/// Whether `node` has the attribute `name` (without namespace) with the value `value`, or with
/// any value when `value` is `nil`.
private func attribute(of node: xmlNodePtr, named name: String, is value: String?) -> Bool {
  var property = node.pointee.properties
  while let current = property {
    if current.pointee.ns == nil, sameName(current.pointee.name, name) {
      guard let value else { return true }
      let text = current.pointee.children
      return text != nil && text?.pointee.next == nil && sameName(text?.pointee.content, value)
    }
    property = current.pointee.next
  }
  return false
}

/// The text of a node's text and CDATA children, concatenated.
private func directText(_ node: xmlNodePtr) -> String {
  func isText(_ node: xmlNodePtr) -> Bool {
    node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
  }
  // Most elements have no text child, or one: its content as it is, without joining.
  var first: UnsafeMutablePointer<xmlChar>?
  var child = node.pointee.children
  while let current = child {
    if isText(current), let content = current.pointee.content {
      if first != nil { break }
      first = content
    }
    child = current.pointee.next
  }
  guard let first else { return "" }
  guard child != nil else { return String(cString: first) }
  var text = ""
  child = node.pointee.children
  while let current = child {
    if isText(current), let content = current.pointee.content { text += String(cString: content) }
    child = current.pointee.next
  }
  return text
}

/// The value of an attribute: the text of its children (nearly always one text node, whose
/// content is then taken as it is, without joining). What `attributes(of:)` and
/// `XSLTNode.attribute` read.
func attributeValue(_ attribute: UnsafeMutablePointer<xmlAttr>) -> String {
  if let only = attribute.pointee.children, only.pointee.next == nil {
    return only.pointee.content.map { String(cString: $0) } ?? ""
  }
  var value = ""
  var part = attribute.pointee.children
  while let piece = part {
    if let content = piece.pointee.content { value += String(cString: content) }
    part = piece.pointee.next
  }
  return value
}

/// The attributes of an element, as (name, value) pairs in document order.
private func attributes(of node: xmlNodePtr) -> [SourceAttribute] {
  var count = 0
  var property = node.pointee.properties
  while let attribute = property {
    count += 1
    property = attribute.pointee.next
  }
  guard count > 0 else { return [] }
  var attributes: [SourceAttribute] = []
  attributes.reserveCapacity(count)
  property = node.pointee.properties
  while let attribute = property {
    let name = attribute.pointee.name.map { String(cString: $0) } ?? ""
    attributes.append(SourceAttribute(name: name, value: attributeValue(attribute)))
    property = attribute.pointee.next
  }
  return attributes
}

extension ParsedDocument {
  /// The whole element tree of the document (for small documents such as host capabilities).
  func rootElement() -> SourceElement? {
    withUnsafeDocPointer { doc in
      xmlDocGetRootElement(doc).map { SourceElement(root: $0, in: self) }
    }
  }
}
