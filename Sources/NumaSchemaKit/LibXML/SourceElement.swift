internal import CLibXML2

/// An element copied out of a parsed document into plain Swift values: the parts of a domain
/// whose meaning numaschema checks (`<vcpu>`, `<memory>`, `<cpu>`, `<numatune>`, …).
///
/// `ordinal` is the element's place among all elements of the document in document order, which
/// `SourceIndex` maps back to a line and column of the original text.
struct SourceElement: Sendable {
  var name: String
  var attributes: [(name: String, value: String)]
  var children: [SourceElement]
  var text: String
  var ordinal: Int
  var line: Int?
  /// For a `<distances>` element: its `<sibling>`s after the first, when the parse kept them out
  /// of the tree (`children` then holds only the first).
  var setAside: SetAsideSiblings?

  func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name }?.value
  }

  func children(named name: String) -> [SourceElement] {
    children.filter { $0.name == name }
  }

  func firstChild(named name: String) -> SourceElement? {
    children.first { $0.name == name }
  }
}

/// The root `<domain>` of a document and the children whose meaning is checked.
struct DomainSource: Sendable {
  var rootName: String
  var rootNamespace: String?
  var rootOrdinal: Int
  var rootLine: Int?
  /// The root's attributes.
  var rootAttributes: [(name: String, value: String)] = []
  /// All direct children of the root, in order: name (`prefix:name` for namespaced ones),
  /// document-order ordinal and libxml2 line.
  var children: [(name: String, ordinal: Int, line: Int?)] = []
  var childNames: [String] { children.map(\.name) }
  /// Direct children of the root that are copied with their whole subtree; others are skipped.
  var elements: [SourceElement]
  /// How many elements the document has in all.
  var elementCount: Int

  func first(_ name: String) -> SourceElement? {
    // Names of another length are told apart without comparing them (a string comparison that
    // fails takes the slow path). Exact for the names looked up, which are ASCII without K, ';'
    // or '`': only those have canonically equivalent spellings of another length (U+212A, …).
    let length = name.utf8.count
    return elements.first { $0.name.utf8.count == length && $0.name == name }
  }
}

extension ParsedDocument {
  /// Copies the root and the named direct children of the root (with their subtrees) out of the
  /// document, numbering every element of the document in document order.
  func domainSource(copying names: Set<String>) -> DomainSource? {
    let names = Array(names)  // a handful of short names: comparing beats hashing each child's
    let siblings = self.siblings
    return withUnsafeDocPointer { doc in
      guard let root = xmlDocGetRootElement(doc) else { return nil }
      var counter = 0
      var copied: [SourceElement] = []
      var children: [(name: String, ordinal: Int, line: Int?)] = []
      var childCount = 0
      var next = root.pointee.children
      while let node = next {
        if node.pointee.type == XML_ELEMENT_NODE { childCount += 1 }
        next = node.pointee.next
      }
      children.reserveCapacity(childCount)
      let rootOrdinal = counter
      counter += 1
      var child = root.pointee.children
      while let node = child {
        if node.pointee.type == XML_ELEMENT_NODE {
          let name = nodeName(node)
          let prefix = node.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" }
          children.append((name: prefix.map { $0 + name } ?? name, ordinal: counter, line: lineOf(node)))
          // As in `DomainSource.first`: the names copied are ASCII without K, ';' or '`'.
          let length = name.utf8.count
          let wanted = node.pointee.ns == nil && names.contains { $0.utf8.count == length && $0 == name }
          if wanted && name == "devices" {
            copied.append(copyDevices(node, counter: &counter))
          } else if wanted {
            copied.append(copy(node, counter: &counter, siblings: siblings))
          } else {
            counter += 1
            counter += countElements(below: node, siblings: siblings)
          }
        }
        child = node.pointee.next
      }
      return DomainSource(
        rootName: nodeName(root),
        rootNamespace: root.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
        rootOrdinal: rootOrdinal, rootLine: lineOf(root), rootAttributes: attributes(of: root),
        children: children, elements: copied, elementCount: counter)
    }
  }
}

private func nodeName(_ node: xmlNodePtr) -> String {
  node.pointee.name.map { String(cString: $0) } ?? ""
}

private func lineOf(_ node: xmlNodePtr) -> Int? {
  let line = xmlGetLineNo(node)
  return line > 0 ? Int(line) : nil
}

/// Counts the elements below `node` without copying anything (set-aside siblings included).
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
/// root ports have neither, and are not copied.
private func isNUMADevice(_ node: xmlNodePtr) -> Bool {
  guard node.pointee.ns == nil, let name = node.pointee.name else { return false }
  if xmlStrEqual(name, "memory") != 0 { return true }
  guard xmlStrEqual(name, "controller") != 0, attribute(of: node, named: "type", is: "pci") else { return false }
  var child = node.pointee.children
  while let current = child {
    if current.pointee.type == XML_ELEMENT_NODE, current.pointee.ns == nil,
      xmlStrEqual(current.pointee.name, "target") != 0
    {
      if attribute(of: current, named: "index", is: nil) { return true }
      var inner = current.pointee.children
      while let element = inner {
        if element.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(element.pointee.name, "node") != 0 { return true }
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
    if current.pointee.ns == nil, xmlStrEqual(current.pointee.name, name) != 0 {
      guard let value else { return true }
      let text = current.pointee.children
      return text != nil && text?.pointee.next == nil && xmlStrEqual(text?.pointee.content, value) != 0
    }
    property = current.pointee.next
  }
  return false
}

/// Copies `<devices>` with only its memory devices and PCI controllers (whole); every other
/// device is counted, not copied: a guest's disks, interfaces, consoles and USB controllers say
/// nothing about NUMA, and copying them would cost every validation.
private func copyDevices(_ node: xmlNodePtr, counter: inout Int) -> SourceElement {
  var devices = SourceElement(
    name: nodeName(node), attributes: attributes(of: node), children: [], text: "", ordinal: counter,
    line: lineOf(node))
  counter += 1
  var child = node.pointee.children
  while let current = child {
    if current.pointee.type == XML_ELEMENT_NODE {
      if isNUMADevice(current) {
        devices.children.append(copy(current, counter: &counter))
      } else {
        counter += 1 + countElements(below: current, siblings: nil)
      }
    }
    child = current.pointee.next
  }
  return devices
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
private func attributes(of node: xmlNodePtr) -> [(name: String, value: String)] {
  var count = 0
  var property = node.pointee.properties
  while let attribute = property {
    count += 1
    property = attribute.pointee.next
  }
  guard count > 0 else { return [] }
  var attributes: [(name: String, value: String)] = []
  attributes.reserveCapacity(count)
  property = node.pointee.properties
  while let attribute = property {
    let name = attribute.pointee.name.map { String(cString: $0) } ?? ""
    attributes.append((name: name, value: attributeValue(attribute)))
    property = attribute.pointee.next
  }
  return attributes
}

/// Whether `node` has an element among its children.
private func hasChildElement(_ node: xmlNodePtr) -> Bool {
  var child = node.pointee.children
  while let current = child {
    if current.pointee.type == XML_ELEMENT_NODE { return true }
    child = current.pointee.next
  }
  return false
}

/// Copies an element and its element subtree; `counter` numbers elements in document order,
/// set-aside siblings included (they come after the `<distances>`' first sibling, in the tree).
/// Iterative, so a deeply nested document cannot exhaust the stack.
private func copy(_ node: xmlNodePtr, counter: inout Int, siblings: SiblingStore? = nil) -> SourceElement {
  func shallow(_ node: xmlNodePtr, ordinal: Int) -> SourceElement {
    SourceElement(
      name: nodeName(node), attributes: attributes(of: node), children: [], text: directText(node),
      ordinal: ordinal, line: lineOf(node))
  }
  // Most copied elements (`<name>`, `<memory>`, `<vcpu>`) have no child element: no frames.
  if !hasChildElement(node), siblings?.row(of: node) == nil {
    defer { counter += 1 }
    return shallow(node, ordinal: counter)
  }
  // Depth-first, pre-order: each frame is an element being filled, its next child to visit and
  // where its set-aside siblings are, if any.
  var frames: [(element: SourceElement, next: xmlNodePtr?, row: Range<Int>?)] = []
  frames.append((shallow(node, ordinal: counter), node.pointee.children, siblings?.row(of: node)))
  counter += 1
  while true {
    let last = frames.count - 1
    if let child = frames[last].next {
      frames[last].next = child.pointee.next
      if child.pointee.type == XML_ELEMENT_NODE {
        frames.append((shallow(child, ordinal: counter), child.pointee.children, siblings?.row(of: child)))
        counter += 1
      }
      continue
    }
    // Moved, never copied: a copy of an element retains its four arrays and strings.
    if let row = frames[last].row, let siblings {
      frames[last].element.setAside = siblings.setAside(row, firstOrdinal: counter)
      counter += row.count
    }
    let finished = frames.removeLast().element
    if frames.isEmpty { return finished }
    frames[last - 1].element.children.append(finished)
  }
}

extension ParsedDocument {
  /// The whole element tree of the document, copied out (for small documents such as host
  /// capabilities).
  func rootElement() -> SourceElement? {
    withUnsafeDocPointer { doc in
      guard let root = xmlDocGetRootElement(doc) else { return nil }
      var counter = 0
      return copy(root, counter: &counter)
    }
  }
}
