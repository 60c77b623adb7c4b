import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

extension DistancesMode: ExpressibleByArgument {}

/// `numaschema canonicalize PATH...`
struct Canonicalize: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "canonicalize",
    abstract: "Put guests in one canonical form (docs/canonical-form.md).",
    discussion: """
      Writes the canonical form of PATH to stdout, or to FILE with -o. --in-place rewrites each \
      file atomically, keeping its owner, group and mode (through a link, the link's target; a \
      FIFO, a device or a file with several hard links is refused; docs/cli.md, "Files"); \
      --check only reports the files that are not canonical. Invalid input is refused with \
      validate's findings and nothing is written.
      Exit status: 0 ok (or canonical, with --check), 1 invalid input (or not canonical), 2 usage or I/O.
      """
  )

  @Argument(help: "Guest files, or - for standard input.")
  var paths: [String]

  @OptionGroup var check: CheckOptions

  @Option(help: "Distances: full (every sibling, completed), minimal (only what completion cannot infer) or asis (sorted only).")
  var distances: DistancesMode = .full

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the canonical form to this file.", valueName: "FILE"))
  var output: String?

  @Flag(help: "Rewrite each file in place, atomically.")
  var inPlace = false

  @Flag(name: .customLong("check"), help: "Exit 1 and name every file that is not canonical; write nothing.")
  var checkOnly = false

  @Option(help: "How many files to transform at once with --check or --in-place (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    if [inPlace, checkOnly, output != nil].filter({ $0 }).count > 1 {
      throw ValidationError("-o, --in-place and --check exclude each other")
    }
    if !inPlace && !checkOnly && paths.count != 1 {
      throw ValidationError("give one input, or use --in-place or --check for several")
    }
    if inPlace && paths.contains("-") { throw ValidationError("--in-place cannot rewrite standard input") }
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    let canonicalizer = Canonicalizer(validator: try check.validator(), distances: distances)
    let limit = check.maxSize
    // A file rewritten in place must be a regular file (or a link to one); a FIFO or device
    // is refused by name before it is opened.
    let inputs = inPlace ? paths.map(InputSource.regularFile) : paths.map(InputSource.init(argument:))
    let workers = jobs ?? (inputs.count > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1)
    let outcome = CanonicalizeOutcome()
    // Files are read and transformed in parallel; what each one prints or writes is done in
    // input order, one file at a time.
    orderedParallelMap(
      inputs, jobs: workers,
      work: { (input: InputSource) -> Swift.Result<Transformed, RunError> in
        do {
          let bytes = try input.read(limit: limit)
          return .success(Transformed(bytes: bytes, result: try canonicalizer.canonicalize(bytes: bytes, file: input.displayName)))
        } catch let error as InputError {
          return .failure(RunError(description: error.description))
        } catch {
          return .failure(RunError(description: "\(error)"))
        }
      },
      deliver: { index, work in
        switch work {
        case .failure(let error):
          outcome.fail(error)
        case .success(let transformed):
          do throws(RunError) {
            try deliver(transformed.result, original: transformed.bytes, path: paths[index], name: inputs[index].displayName, outcome: outcome)
          } catch {
            outcome.fail(error)
          }
        }
      })
    if outcome.status != 0 { throw ExitCode(outcome.status) }
  }

  /// Reports one file's findings, then prints, checks or writes its canonical form.
  private func deliver(
    _ result: CanonicalizationResult, original bytes: [UInt8], path: String, name: String, outcome: CanonicalizeOutcome
  ) throws(RunError) {
    for diagnostic in result.report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
    guard let canonical = result.canonical else {
      outcome.invalid()
      return
    }
    if checkOnly || inPlace {
      guard !canonical.utf8.elementsEqual(bytes) else { return }  // canonical already
      if checkOnly {
        Output.shared.out("\(name): not canonical")
        outcome.invalid()
        return
      }
      do {
        try AtomicFile.replace(path, with: Array(canonical.utf8), unlessChangedFrom: bytes)
      } catch {
        throw RunError(description: error.description)
      }
    } else if let output {
      do {
        try AtomicFile.write(Array(canonical.utf8), to: output)
      } catch {
        throw RunError(description: error.description)
      }
    } else {
      Output.shared.raw(canonical)
    }
  }
}

/// One input, read and canonicalized.
struct Transformed: Sendable {
  var bytes: [UInt8]
  var result: CanonicalizationResult
}

/// The exit status of a canonicalize run: 2 once any file could not be read or written,
/// else 1 once any was invalid (or not canonical), else 0.
final class CanonicalizeOutcome: @unchecked Sendable {
  // Only touched from `orderedParallelMap`'s delivery, one call at a time; the lock keeps it so.
  private let lock = Lock()
  private var worst: Int32 = 0

  func invalid() { lock.withLock { worst = max(worst, 1) } }

  func fail(_ error: RunError) {
    Output.shared.error("numaschema: \(error.description)")
    lock.withLock { worst = 2 }
  }

  var status: Int32 { lock.withLock { worst } }
}
