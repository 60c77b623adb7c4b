/// The wording of what the conformance suite reports about its own folder: why a case, a
/// golden or a folder was not read (a `SuiteProblem`, which puts the place in front).
extension Messages {
  enum Suite {
    static func missingGolden(_ path: String) -> String { "missing golden file \(path); bless it with --update" }
    static func differsFrom(_ goldens: [String]) -> String { "differs from " + goldens.joined(separator: ", ") }
    static let noCase = "no conformance case in the folder"
    /// A `disable` setting that names no code (the error says which).
    static func disable(_ error: some Error) -> String { "disable: \(error)" }
    static func memoryNotASize(_ text: String) -> String {
      "memory: '\(TerminalText.safe(text))' is not a size with its unit (12GiB, 4096MiB), as from-host --memory takes"
    }
    static func vcpusNotANumber(_ text: String) -> String {
      "vcpus: '\(TerminalText.safe(text))' is not a whole number of at least 1, as from-host --vcpus takes"
    }
    static let folderNotListed = "cannot list the folder"
    static let notUTF8Text = "not UTF-8 text"
    static func tooLarge(limit: Int) -> String { "larger than \(limit) bytes (--max-size); not read" }
    static func notRegular(_ kind: FileKind) -> String { "is \(kind), not a regular file; not read" }
    static let notRead = "cannot be read"
    static let notListed = "cannot be listed"
    static func tooManyEntries(_ limit: Int) -> String { "holds more than \(limit) entries" }
    static let nameNotUTF8 = "the name is not UTF-8"
    static let folderNameNotUTF8 = "the folder name is not UTF-8; its cases cannot be named, so they were not run"
    static let linkLeadsNowhere = "is a link that leads nowhere; not followed"
    static let linkLeavesSuite = "is a link that leaves the suite folder; not followed"
    /// The first line of a diff too long to show whole.
    static func filesDiffer(expectedLines: Int, actualLines: Int, firstDifference: Int) -> String {
      "files differ: \(expectedLines) vs \(actualLines) lines, first difference at line \(firstDifference)"
    }
  }

  /// Why a CPU list does not parse, as the finding that quotes it goes on.
  static func cpuSetProblem(_ problem: CPUSetError) -> String {
    switch problem {
    case .empty: return "it is empty"
    case .unexpected(let character, let offset):
      return character.isEmpty
        ? "it ends early at offset \(offset)" : "unexpected '\(character)' at offset \(offset)"
    case .numberTooLarge(let offset): return "the number at offset \(offset) is too large"
    case .reversedRange(let lower, let upper): return "range \(lower)-\(upper) runs backwards"
    case .idTooLarge(let id, let limit): return "cpu \(id) is beyond the largest id \(limit - 1)"
    }
  }
}
