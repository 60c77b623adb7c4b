import FoundationEssentials

/// The verdict on one input: its findings and, when it could be read, the guest it describes.
public struct FileReport: Sendable {
  /// The path as the user gave it (`<stdin>` for standard input).
  public var path: String
  public var diagnostics: [Diagnostic]
  /// The guest, when the document was well-formed enough to read one.
  public var guest: GuestDefinition?

  /// True when no finding is an error.
  public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Where the parts of a checked domain are in its source, for findings made after validation
/// (by the converters). Positions are worked out only when asked for.
struct SourceAnchors {
  private var locator: Locator?
  private var reader: GuestReader?
  private var domain: DomainSource?

  init() {}

  init(locator: Locator, reader: GuestReader, domain: DomainSource) {
    self.locator = locator
    self.reader = reader
    self.domain = domain
  }

  /// The cell with this id, or one of its attributes.
  func cell(_ id: Int, attribute: String? = nil) -> SourcePosition {
    reader?.position(ofCell: id, attribute: attribute) ?? .unknown
  }

  /// The `<numatune><memnode>` of a guest cell (the first one naming it).
  func memnode(ofCell cell: Int) -> SourcePosition {
    guard let locator,
      let element = domain?.first("numatune")?.children(named: "memnode").first(where: {
        $0.attribute("cellid").flatMap(GuestReader.unsignedInt) == cell
      })
    else { return element("numatune/memnode") }
    return locator.position(of: element)
  }

  /// The `index`-th `<memoryBacking><hugepages><page>`, or one of its attributes.
  func hugePage(_ index: Int, attribute: String? = nil) -> SourcePosition {
    let pages = domain?.first("memoryBacking")?.firstChild(named: "hugepages")?.children(named: "page") ?? []
    guard let locator, index < pages.count else { return element("memoryBacking/hugepages") }
    return locator.position(of: pages[index], attribute: attribute)
  }

  /// The parts the canonical form rewrites: `<cpu>`'s first `<numa>` and `<numatune>`, as the
  /// guest was read from them.
  /// The root and its copied children, for writers that splice into the text (`fit --write`).
  var domainSource: DomainSource? { domain }

  var canonicalParts: (numa: SourceElement?, numatune: SourceElement?) {
    (domain?.first("cpu")?.firstChild(named: "numa"), domain?.first("numatune"))
  }

  /// A direct child of `<domain>` (`devices`), or a child of one (`cpu/model`).
  func element(_ path: String) -> SourcePosition {
    guard let locator, let domain else { return .unknown }
    let parts = path.split(separator: "/").map(String.init)
    guard let first = parts.first else { return .unknown }
    if let element = domain.first(first) {
      if parts.count > 1, let inner = element.firstChild(named: parts[1]) { return locator.position(of: inner) }
      return locator.position(of: element)
    }
    if let child = domain.children.first(where: { $0.name == first }) {
      let local = first.split(separator: ":").last.map(String.init) ?? first
      return locator.position(ordinal: child.ordinal, name: local, line: child.line)
    }
    return locator.position(ordinal: domain.rootOrdinal, name: domain.rootName, line: domain.rootLine)
  }
}

/// One checked document: the verdict, the parsed tree, and where the guest's parts are in its
/// source. What every operation after validation starts from (conversion, fit, canonical form).
public struct CheckedGuest {
  /// The findings and, when the document could be read, the guest.
  public var report: FileReport
  /// The parsed tree; `nil` when the bytes are not well-formed XML.
  var document: ParsedDocument?
  /// Where the parts of the guest are, for findings made after validation.
  var anchors: SourceAnchors
  /// The bytes the document was read from: the file up to its first NUL (`DocumentText`), which
  /// positions and the canonical form's splicing refer to.
  var text: [UInt8]

  /// The guest, when the document is valid.
  public var validGuest: GuestDefinition? { report.isValid ? report.guest : nil }
}

/// Checks guest documents: well-formedness, the RelaxNG grammar, then libvirt's NUMA rules on
/// the typed model. Safe to share between tasks: the grammar is compiled once and read-only.
public struct Validator: Sendable {
  public let grammar: Grammar
  /// Turn every warning into an error.
  public var strict: Bool
  /// The hypervisor driver whose rules apply too; `nil` for the driver-independent rules only.
  public var driver: HypervisorDriver?
  /// The QEMU the QEMU driver's rules assume.
  public var qemuVersion: QEMUVersion
  /// Whether the grammar sets the content of open elements aside while it validates (the same
  /// verdict in less time, once the grammar's open content is read: `Grammar.openContent`).
  /// Worth it for a batch, not for one guest.
  public var settingAsideOpenContent = false

  public init(
    grammar: Grammar, strict: Bool = false, driver: HypervisorDriver? = nil, qemuVersion: QEMUVersion = .debian12
  ) {
    self.grammar = grammar
    self.strict = strict
    self.driver = driver
    self.qemuVersion = qemuVersion
  }

  /// The names of the domain's children whose meaning is checked.
  static let checkedElements: [String] = [
    "name", "uuid", "vcpu", "memory", "currentMemory", "maxMemory", "memoryBacking", "cpu", "numatune", "os",
    "devices", "cputune",
  ]

  /// Validates one document. `file` is the name findings carry.
  ///
  /// Reads what the verdict needs: the report's guest has no `facts.otherElements` (what a
  /// converter would leave out; `check` reads it).
  public func validate(bytes: [UInt8], file: String) -> FileReport {
    // The tree is dropped with the verdict: its blank text between elements need not be built.
    check(bytes: bytes, file: file, droppingBlankText: true, listingOtherElements: false).report
  }

  /// Validates one document and hands back the parsed tree, and where its parts are, for the
  /// steps that follow.
  ///
  /// With `setAsideSiblings` (the default), the plainly valid `<sibling>`s after the first of
  /// each `<distances>` stay out of the tree (`SiblingStore`): the verdict is the same, in a
  /// fraction of the time and memory for large guests; the tree then lacks them.
  ///
  /// With `droppingBlankText`, the white space between elements is left out of the tree where
  /// that changes no verdict and no finding (`ParsedDocument.blankTextIsIgnorable`; a document
  /// the parser or the grammar complains about is read again whole): for callers that read the
  /// verdict only, never the tree's text. Without `listingOtherElements`, the guest's
  /// `facts.otherElements` stays empty.
  public func check(
    bytes input: [UInt8], file: String, setAsideSiblings: Bool = true, droppingBlankText: Bool = false,
    listingOtherElements: Bool = true
  ) -> CheckedGuest {
    // What libvirt reads: the text up to the first NUL byte (DocumentText).
    let text = DocumentText(input)
    let bytes = text.bytes
    let parsed = ParsedDocument.parse(
      bytes, file: file, setAsideSiblings: setAsideSiblings, droppingBlankText: droppingBlankText)
    // libxml2 words and places some complaints by the text nodes around them: a document it
    // complains about is read again, whole, so that its findings are those of the whole tree.
    let readWhole = {
      check(bytes: input, file: file, setAsideSiblings: setAsideSiblings, listingOtherElements: listingOtherElements)
    }
    if parsed.blankTextDropped && !parsed.diagnostics.isEmpty { return readWhole() }
    var diagnostics = parsed.diagnostics
    var guest: GuestDefinition?
    var anchors = SourceAnchors()
    if text.nulOffset != nil {
      if parsed.document == nil {
        // The NUL ends the text before the document ends: one finding that says why, in place
        // of the parser's complaint about the truncated text.
        diagnostics = [
          DocumentText.looksLikeUTF16(input)
            ? Messages.utf16Document(file: file) : Messages.nulInDocument(file: file, at: text.nulPosition)
        ]
      } else {
        diagnostics.append(Messages.nulByte(file: file, ignored: text.ignored, at: text.nulPosition))
      }
    }
    if parsed.document == nil, text.nulOffset == nil, let (kind, position) = InputKind.recognise(text: bytes) {
      // Not XML, and plainly another kind of input: one finding naming the command meant, in
      // place of the parser's complaints about the first line.
      diagnostics = [Messages.wrongInput(file: file, kind: kind, at: position)]
    }
    if let document = parsed.document {
      let domain = document.domainSource(keeping: Self.checkedElements)
      if let domain, let tooLarge = Self.sizeFinding(domain, bytes: bytes, file: file) {
        // libxml2's RelaxNG takes time quadratic in the length of one element's child list:
        // a hostile list of a million siblings would never finish. Such a guest cannot exist.
        diagnostics.append(tooLarge)
      } else if let domain {
        let violations = grammar.validate(document, settingAsideOpenContent: settingAsideOpenContent)
        if parsed.blankTextDropped && !violations.isEmpty { return readWhole() }
        let locator = Locator(bytes: bytes, elementCount: domain.elementCount)
        if domain.rootName != "domain" || domain.rootNamespace != nil {
          // One mistake, one finding: the grammar's "Expecting element domain" says no more.
          let position = locator.position(ordinal: domain.rootOrdinal, name: domain.rootName, line: domain.rootLine)
          if domain.rootNamespace == nil, let kind = InputKind.recognise(root: domain.rootName) {
            diagnostics.append(Messages.wrongInput(file: file, kind: kind, at: position))
          } else {
            diagnostics.append(Messages.notADomain(file: file, root: domain.rootName, at: position))
          }
        } else {
          // Only a document the grammar refuses has its names checked: a valid one pays nothing.
          var names: [NameProblem] = []
          if !violations.isEmpty, let outline = grammar.outline {
            names = GrammarNameCheck(outline: outline, locator: locator).problems(in: domain)
          }
          for violation in violations where !names.contains(where: { $0.explains(violation) }) {
            diagnostics.append(Messages.grammarViolation(file: file, detail: violation.text, line: violation.line))
          }
          var reader = GuestReader(file: file, locator: locator, listsOtherElements: listingOtherElements)
          let read = reader.read(domain)
          var meaning = reader.diagnostics
          meaning += TopologyChecks(file: file, reader: reader, domain: domain, locator: locator).run(on: read)
          meaning += DriverRules(
            file: file, reader: reader, domain: domain, locator: locator, driver: driver, qemuVersion: qemuVersion
          ).run(on: read)
          diagnostics += Self.merging(names, with: meaning, file: file)
          guest = read
          anchors = SourceAnchors(locator: locator, reader: reader, domain: domain)
        }
      } else {
        let violations = grammar.validate(document, settingAsideOpenContent: settingAsideOpenContent)
        if parsed.blankTextDropped && !violations.isEmpty { return readWhole() }
        diagnostics += violations.map {
          Messages.grammarViolation(file: file, detail: $0.text, line: $0.line)
        }
      }
    }
    if strict { diagnostics = diagnostics.map { $0.promotedToError() } }
    return CheckedGuest(
      report: FileReport(path: file, diagnostics: diagnostics.inSourceOrder(), guest: guest), document: parsed.document,
      anchors: anchors, text: bytes)
  }

  /// The findings of the name check with the reader's and the rules' (`meaning`). A required
  /// attribute the reader has reported missing in its own words ("cell 1 has no memory
  /// attribute", with its own code, which scripts match on) is not reported by the grammar too.
  /// The reader's finding stays when a misspelt attribute was that one ("did you mean
  /// 'memory'?"): the name and the meaning are two findings, each with its code.
  static func merging(_ problems: [NameProblem], with meaning: [Diagnostic], file: String) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for problem in problems {
      switch problem.kind {
      case .unknownAttribute(let name, let suggestion, let allowed):
        findings.append(
          Messages.unknownAttribute(
            file: file, element: problem.element, attribute: name, suggestion: suggestion, allowed: allowed,
            at: problem.position))
      case .unknownElement(let name, let suggestion, let allowed):
        findings.append(
          Messages.unknownElement(
            file: file, parent: problem.element, element: name, suggestion: suggestion, allowed: allowed,
            at: problem.position))
      case .missingAttribute(let name):
        guard !meaning.contains(where: { saysMissing($0, attribute: name, at: problem.elementPosition) }) else {
          continue
        }
        findings.append(
          Messages.missingAttribute(file: file, element: problem.element, attribute: name, at: problem.position))
      }
    }
    return findings + meaning
  }

  /// Whether `diagnostic` is the reader's "… has no `attribute` attribute" about the element at
  /// `position` (the reader words every missing attribute so).
  private static func saysMissing(_ diagnostic: Diagnostic, attribute: String, at position: SourcePosition) -> Bool {
    diagnostic.severity == .error && position.line != nil && diagnostic.line == position.line
      && diagnostic.column == position.column && diagnostic.message.contains(Messages.missingAttribute(attribute))
  }

  /// The most cells, and siblings in one `<distances>`, that are checked: far above any real
  /// guest (QEMU takes 128 nodes), low enough that every check stays fast.
  public static let maximumNUMAEntries = 16384

  /// A finding when `<numa>` has more cells, or a `<distances>` more siblings, than is checked.
  static func sizeFinding(_ domain: DomainSource, bytes: [UInt8], file: String) -> Diagnostic? {
    guard let numa = domain.first("cpu")?.firstChild(named: "numa") else { return nil }
    let limit = maximumNUMAEntries
    let locator = Locator(bytes: bytes, elementCount: domain.elementCount)
    let cells = numa.children(named: "cell")
    if cells.count > limit {
      return Messages.numaTooLarge(
        file: file, what: Messages.tooLargeNuma, count: cells.count, limit: limit, at: locator.position(of: numa))
    }
    for cell in cells {
      for distances in cell.children(named: "distances") {
        let entries = distances.children.count + (distances.setAside?.count ?? 0)
        guard entries > limit else { continue }
        return Messages.numaTooLarge(
          file: file, what: Messages.tooLargeDistances, count: entries, limit: limit,
          at: locator.position(of: distances))
      }
    }
    return nil
  }
}
