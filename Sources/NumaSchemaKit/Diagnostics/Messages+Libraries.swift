/// The wording of what goes wrong with the grammar, the canonicalization stylesheet and the
/// functions the stylesheet calls: errors of the run (`GrammarError`, `StylesheetError`), not
/// findings about a guest.
extension Messages {
  /// ": first; second" after a failure, or nothing when libxml2 said nothing.
  private static func detail(_ messages: [String]) -> String {
    messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
  }

  static let notWellFormedXML = "not well-formed XML"
  static let outOfMemory = "out of memory"

  // MARK: Grammar

  static func grammarUnreadable(_ path: String, reason: String) -> String { "cannot read grammar \(path): \(reason)" }
  static func grammarDoesNotCompile(_ name: String, messages: [String]) -> String {
    "grammar \(name) does not compile\(detail(messages))"
  }
  static let grammarFolderUnreadable = "not a readable folder"
  static let grammarFileUnreadable = "cannot read file"
  static func grammarFolderLacks(_ name: String) -> String { "no \(name) in it" }
  static let validationContextUnavailable = "libxml2 could not create a validation context (out of memory)"
  static let documentDoesNotMatchGrammar = "the document does not match the grammar"

  // MARK: Stylesheet

  static func stylesheetDoesNotCompile(_ name: String, messages: [String]) -> String {
    "stylesheet \(name) does not compile" + detail(messages)
  }
  static func canonicalizationFailed(_ messages: [String]) -> String { "canonicalization failed" + detail(messages) }
  static let canonicalFormNeedsUTF8 =
    "the canonical form keeps the file's bytes and is UTF-8: this file is in another encoding (convert it to UTF-8 first)"
  static let numaPartsNotFound = "the NUMA parts cannot be found in the file's text (an entity expands to elements?)"

  // MARK: The stylesheet's extension functions

  static func noExtensionFunction(_ name: String) -> String { "no extension function '\(name)'" }
  static func noCellAttribute(_ name: String) -> String { "no cell attribute '\(name)'" }
  static func noFigureAttribute(_ name: String) -> String { "no figure attribute '\(name)'" }
  static func noNumatuneAttribute(_ name: String) -> String { "no numatune attribute '\(name)'" }
  static let numatuneEntryNotInModel = "<numatune> has an entry the guest's model does not"
  static func figureAttributeDoesNotParse(_ kind: String, _ name: String, text: String) -> String {
    "\(kind) \(name) '\(text)' does not parse"
  }
  static func figureValueDoesNotParse(_ kind: String, text: String) -> String { "\(kind) value '\(text)' does not parse" }
  static func cpusDoNotParse(_ text: String, _ error: some Error) -> String { "cpus '\(text)' do not parse: \(error)" }
  static func memoryNotConvertible(_ memory: String) -> String { "memory '\(memory)' cannot be converted" }
  static func noCell(_ value: Double) -> String { "no cell \(value)" }
}
