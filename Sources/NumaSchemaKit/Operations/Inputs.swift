/// The inputs of a run, as the contract reads arguments everywhere (docs/cli.md, "Inputs"): a
/// file, a folder (every `*.xml` below it, sorted) or `-` (standard input, once). An argument
/// that cannot be expanded (no such path, a folder that cannot be listed) is kept as a failure
/// in its place, so the others are still worked on and the run ends with exit status 2.
public struct InputList: Sendable {
  public enum Entry: Sendable {
    case input(InputSource)
    case unreadable(InputError)
  }

  public var entries: [Entry]

  public init(entries: [Entry]) { self.entries = entries }

  /// Expands command-line arguments.
  public init(arguments: [String], fileExtension: String = "xml") {
    var entries: [Entry] = []
    for argument in arguments {
      do throws(InputError) {
        entries += try InputSource.expand([argument], fileExtension: fileExtension).map(Entry.input)
      } catch {
        entries.append(.unreadable(error))
      }
    }
    self.entries = entries
  }

  /// Inputs given as they are (bytes in memory, already chosen files).
  public init(_ inputs: [InputSource]) { entries = inputs.map(Entry.input) }

  public var isEmpty: Bool { entries.isEmpty }
  public var count: Int { entries.count }

  /// The inputs that could be listed.
  public var inputs: [InputSource] {
    entries.compactMap {
      if case .input(let input) = $0 { return input }
      return nil
    }
  }
}
