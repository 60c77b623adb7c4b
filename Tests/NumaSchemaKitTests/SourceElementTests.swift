import Testing

@testable import NumaSchemaKit

/// `SourceElement` reads a parsed document where it is: these pin down what a reader sees through
/// it (the numbering every position depends on, which devices are listed, how names compare) and
/// that an element keeps its document alive.
@Suite struct SourceElementTests {
  /// A guest whose every element in the tree carries its own place in document order (`n`),
  /// counting the two `<sibling>`s the parse sets aside (they have no `n`: an attribute more
  /// would keep them in the tree).
  static let numbered = """
    <domain type='kvm' n='0'>
      <name n='1'>g</name>
      <metadata n='2'><x:app xmlns:x='urn:x' n='3'><x:inner n='4'/></x:app></metadata>
      <vcpu n='5'>4</vcpu>
      <cpu n='6'>
        <topology sockets='1' cores='4' threads='1' n='7'/>
        <numa n='8'>
          <cell id='0' cpus='0-1' memory='1048576' n='9'>
            <distances n='10'>
              <sibling id='0' value='10'/>
              <sibling id='1' value='21'/>
              <sibling id='2' value='31'/>
            </distances>
            <cache level='1' associativity='direct' policy='writeback' n='14'>
              <size value='10' unit='KiB' n='15'/>
              <line value='8' unit='B' n='16'/>
            </cache>
          </cell>
          <cell id='1' cpus='2-3' memory='1048576' n='17'/>
          <cell id='2' cpus='' memory='1048576' n='18'/>
        </numa>
      </cpu>
      <devices n='19'>
        <disk type='file' n='20'><source file='/a' n='21'/><target dev='vda' n='22'/></disk>
        <memory model='dimm' n='23'><target n='24'><size n='25'>1048576</size><node n='26'>1</node></target></memory>
        <controller type='pci' model='pcie-root-port' n='27'/>
        <controller type='pci' model='pci-expander-bus' index='1' n='28'><target n='29'><node n='30'>2</node></target></controller>
        <controller type='usb' n='31'><target index='0' n='32'/></controller>
      </devices>
    </domain>
    """

  static func parsed(_ xml: String, setAside: Bool = true) throws -> ParsedDocument {
    try #require(ParsedDocument.parse(Array(xml.utf8), file: "g.xml", setAsideSiblings: setAside).document)
  }

  /// Every element reachable from the kept children, depth first.
  static func reachable(from domain: DomainSource) -> [SourceElement] {
    var found: [SourceElement] = []
    var stack = Array(domain.elements.reversed())
    while let element = stack.popLast() {
      found.append(element)
      stack += element.children.reversed()
    }
    return found
  }

  @Test("each element's ordinal is its place in document order, set-aside siblings counted", arguments: [true, false])
  func ordinalsFollowTheDocument(setAside: Bool) throws {
    let document = try Self.parsed(Self.numbered, setAside: setAside)
    #expect((document.siblings != nil) == setAside)
    let domain = try #require(document.domainSource(keeping: Validator.checkedElements))
    #expect(domain.elementCount == 33)
    #expect(domain.children.map(\.ordinal) == [1, 2, 5, 6, 19])
    let elements = Self.reachable(from: domain)
    let numbered = elements.filter { $0.attribute("n") != nil }
    #expect(numbered.count == 20)
    for element in numbered { #expect(element.ordinal == Int(element.attribute("n") ?? ""), "\(element.name)") }
    let distances = try #require(elements.first { $0.isNamed("distances") })
    if setAside {
      #expect(distances.children.map(\.ordinal) == [11])
      #expect(distances.setAside?.firstOrdinal == 12)
      #expect(distances.setAside?.count == 2)
    } else {
      #expect(distances.children.map(\.ordinal) == [11, 12, 13])
      #expect(distances.setAside == nil)
    }
  }

  @Test("the root's <devices> lists its memory devices and NUMA-capable PCI controllers only")
  func devicesListsNUMADevicesOnly() throws {
    let domain = try #require(try Self.parsed(Self.numbered).domainSource(keeping: Validator.checkedElements))
    let devices = try #require(domain.first("devices"))
    #expect(devices.children.map { $0.attribute("n") } == ["23", "28"])
    #expect(devices.childCount == 2)
    // Below a listed device, every child is listed.
    #expect(devices.children[0].firstChild(named: "target")?.children.map(\.name) == ["size", "node"])
  }

  @Test("only the named children of the root are kept; all are listed with their names")
  func keptChildren() throws {
    let domain = try #require(try Self.parsed(Self.numbered).domainSource(keeping: ["cpu", "name"]))
    #expect(domain.elements.map(\.name) == ["name", "cpu"])
    #expect(domain.childNames == ["name", "metadata", "vcpu", "cpu", "devices"])
    #expect(domain.first("vcpu") == nil)
    #expect(domain.rootAttribute("type") == "kvm")
  }

  @Test("an element reads its attributes, text and children as the document has them")
  func readsInPlace() throws {
    let domain = try #require(try Self.parsed(Self.numbered).domainSource(keeping: Validator.checkedElements))
    let topology = try #require(domain.first("cpu")?.firstChild(named: "topology"))
    #expect(topology.attributes.map(\.name) == ["sockets", "cores", "threads", "n"])
    #expect(topology.attribute("cores") == "4")
    #expect(topology.attribute("dies") == nil)
    #expect(domain.first("vcpu")?.text == "4")
    #expect(topology.line == 6)
    let cells = try #require(domain.first("cpu")?.firstChild(named: "numa")).children(named: "cell")
    #expect(cells.map { $0.attribute("id") } == ["0", "1", "2"])
    #expect(cells[2].attribute("cpus") == "")
  }

  /// An element made from a document nothing else holds any more.
  static func orphanCell() throws -> SourceElement {
    let domain = try #require(try parsed(numbered).domainSource(keeping: Validator.checkedElements))
    return try #require(domain.first("cpu")?.firstChild(named: "numa")?.children(named: "cell").last)
  }

  @Test("an element keeps its document: it reads the same after every other holder is gone")
  func elementOutlivesItsHolders() throws {
    let cell = try Self.orphanCell()
    for _ in 0..<3 { _ = try Self.parsed(Self.numbered) }  // reuse of freed memory would show
    #expect(cell.isNamed("cell"))
    #expect(cell.attribute("id") == "2")
    #expect(cell.ordinal == 18)
  }

  @Test("names compare as XML compares them: code point by code point")
  func namesCompareByCodePoint() throws {
    // U+212A KELVIN SIGN is canonically equivalent to K: Swift's == says equal, XML does not.
    let domain = try #require(
      try Self.parsed("<domain><cpu><K/><\u{212A}/><Kx/></cpu></domain>").domainSource(keeping: ["cpu"]))
    let children = try #require(domain.first("cpu")).children
    #expect(children.map { $0.isNamed("K") } == [true, false, false])
    #expect(children.map { $0.isNamed("\u{212A}") } == [false, true, false])
    #expect(try #require(domain.first("cpu")).children(named: "K").count == 1)
  }
}

/// What `Validator.validate` reads against `Validator.check`.
@Suite struct VerdictReadingTests {
  @Test("validate reads what the verdict needs: the elements a converter leaves out are not listed")
  func validateLeavesOtherElementsUnlisted() throws {
    let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1048576'/>", extra: "<features><acpi/></features>")
    let bytes = Array(xml.utf8)
    let checked = try #require(sharedValidator.check(bytes: bytes, file: "g.xml").report.guest)
    #expect(checked.facts.otherElements.contains("features"))
    let validated = try #require(sharedValidator.validate(bytes: bytes, file: "g.xml").guest)
    #expect(validated.facts.otherElements.isEmpty)
    // Everything else is the same.
    var listed = checked
    listed.facts.otherElements = []
    #expect(String(describing: validated) == String(describing: listed))
  }
}
