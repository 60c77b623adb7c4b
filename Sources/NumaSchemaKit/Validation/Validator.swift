import Foundation

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

/// Checks guest documents: well-formedness, the RelaxNG grammar, then libvirt's NUMA rules on
/// the typed model. Safe to share between tasks: the grammar is compiled once and read-only.
public struct Validator: Sendable {
  public let grammar: Grammar
  /// Turn every warning into an error.
  public var strict: Bool

  public init(grammar: Grammar, strict: Bool = false) {
    self.grammar = grammar
    self.strict = strict
  }

  /// The names of the domain's children whose meaning is checked.
  static let checkedElements: Set<String> = ["name", "vcpu", "memory", "cpu", "numatune"]

  /// Validates one document. `file` is the name findings carry.
  public func validate(bytes: [UInt8], file: String) -> FileReport {
    check(bytes: bytes, file: file).report
  }

  /// Validates one document and hands back the parsed tree too, for the steps that follow.
  func check(bytes: [UInt8], file: String) -> (report: FileReport, document: ParsedDocument?) {
    let parsed = ParsedDocument.parse(bytes, file: file)
    var diagnostics = parsed.diagnostics
    var guest: GuestDefinition?
    if let document = parsed.document {
      diagnostics += grammar.validate(document, file: file)
      if let domain = document.domainSource(copying: Self.checkedElements) {
        let locator = Locator(bytes: bytes, elementCount: domain.elementCount)
        if domain.rootName != "domain" || domain.rootNamespace != nil {
          diagnostics.append(
            Messages.notADomain(
              file: file, root: domain.rootName,
              at: locator.position(ordinal: domain.rootOrdinal, name: domain.rootName, line: domain.rootLine)))
        } else {
          var reader = GuestReader(file: file, locator: locator)
          let read = reader.read(domain)
          diagnostics += reader.diagnostics
          diagnostics += TopologyChecks(file: file, reader: reader, domain: domain, locator: locator).run(on: read)
          guest = read
        }
      }
    }
    if strict { diagnostics = diagnostics.map { $0.promotedToError() } }
    return (FileReport(path: file, diagnostics: Self.ordered(diagnostics), guest: guest), parsed.document)
  }

  /// Validates one input: a file path, or `-` for standard input.
  public func validate(input: InputSource) throws(InputError) -> FileReport {
    validate(bytes: try input.read(), file: input.displayName)
  }

  /// Findings in source order (those without a line last), keeping the order of equals.
  static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { left, right in
      let l = (left.element.line ?? Int.max, left.element.column ?? 0, left.offset)
      let r = (right.element.line ?? Int.max, right.element.column ?? 0, right.offset)
      return l < r
    }.map(\.element)
  }
}
