import ArgumentParser
import Dispatch
import FoundationEssentials
import NumaSchemaKit

#if canImport(Glibc)
  import Glibc
#endif

extension ReportFormat: ExpressibleByArgument {}
extension HypervisorDriver: ExpressibleByArgument {}
extension DistancesMode: ExpressibleByArgument {}
extension ShowFormat: ExpressibleByArgument {}

/// The options every command has (docs/cli.md, "Options every command has").
struct CommonOptions: ParsableArguments {
  @Flag(help: "Print findings only: no verdict lines, notes or summaries.")
  var quiet = false

  @Flag(help: "Make the input's own warnings errors (what libvirt accepts with a doubt).")
  var strict = false

  @Flag(name: .customLong("warnings-as-errors"), help: "Make every warning an error, the command's own included.")
  var warningsAsErrors = false

  @Option(
    name: .customLong("disable"),
    help: ArgumentHelp(
      "Do not report warnings with this code (repeatable; errors cannot be disabled).", valueName: "CODE"))
  var disabled: [String] = []

  @Option(
    name: .customLong("max-size"),
    help: ArgumentHelp("Refuse inputs larger than this (default 256MiB).", valueName: "SIZE"),
    transform: parseMaxSize)
  var maxSize: Int = InputSource.defaultSizeLimit

  @Option(
    name: .customLong("schema"),
    help: ArgumentHelp("Use the grammars of this folder instead of the built-in ones.", valueName: "DIR"),
    completion: .directory)
  var schemaDirectory: String?

  @Option(
    help: ArgumentHelp(
      "Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).",
      valueName: "DRIVER"))
  var driver: HypervisorDriver?

  @Option(
    name: .customLong("qemu-version"),
    help: ArgumentHelp(
      "The QEMU the qemu driver's rules assume (default 7.2, Debian 12's; 4.2 or later).", valueName: "X.Y"),
    transform: { text in
      guard let version = QEMUVersion(parsing: text), version >= .oldestSupported else {
        throw ValidationError(Messages.Usage.qemuVersionUnknown(text))
      }
      return version
    })
  var qemuVersion: QEMUVersion = .debian12

  /// Checked while the arguments are read, so that a bad code is a usage error of the
  /// subcommand it was given to.
  func validate() throws { _ = try disabledCodes() }

  /// The codes of `--disable`: warnings' codes only (DisableCodeError says why not).
  func disabledCodes() throws -> Set<DiagnosticCode> {
    do throws(DisableCodeError) {
      return try Suppression.disabledCodes(fromOptions: disabled)
    } catch {
      throw ValidationError(Messages.Usage.disable(error))
    }
  }

  /// The operation options these ask for, reporting in `format`.
  func options(format: ReportFormat = .text, jobs: Int? = nil) throws -> OperationOptions {
    var options = OperationOptions(grammar: try loadGrammar(schemaDirectory: schemaDirectory))
    options.maxSize = maxSize
    options.driver = driver
    options.qemuVersion = qemuVersion
    options.findings = FindingPolicy(strict: strict, warningsAsErrors: warningsAsErrors, disabled: try disabledCodes())
    options.report = ReportStyle(format: format, quiet: quiet, colour: format == .text && Terminal.wantsColour)
    options.jobs = jobs
    return options
  }
}

/// The terminal the run's findings go to.
enum Terminal {
  /// Colour only when standard error is a terminal (or CLICOLOR_FORCE asks), never with
  /// NO_COLOR set (no-color.org) or TERM=dumb: `TerminalStyle.useColour`.
  static var wantsColour: Bool {
    // Only the variables the decision reads: building the whole environment costs a one-file
    // run more than the rest of its start-up.
    var environment: [String: String] = [:]
    for key in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "TERM"] {
      if let value = getenv(key) { environment[key] = String(cString: value) }
    }
    return TerminalStyle.useColour(isTerminal: isatty(2) == 1, environment: environment)
  }
}

/// The arguments of a command read without ArgumentParser (`ValidateRun.plain`,
/// `CanonicalizeRun.plain`): after the subcommand's name, nothing but paths (`-` at most once),
/// `--jobs N` (or `--jobs=N`, N at least 1) and the flags `allowed`. `nil` for anything else
/// (ArgumentParser then reads the arguments, help and errors included).
struct PlainArguments {
  var paths: [String] = []
  /// The flags given, among those allowed.
  var flags: Set<String> = []
  var jobs: Int?

  init?(_ arguments: [String], command: String, allowed: Set<String>) {
    guard arguments.first == command, arguments.count > 1 else { return nil }
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
      if allowed.contains(argument) {
        flags.insert(argument)
      } else if argument == "--jobs" {
        guard let count = rest.popFirst().flatMap({ Int($0) }), count >= 1 else { return nil }
        jobs = count
      } else if argument.hasPrefix("--jobs=") {
        guard let count = Int(argument.dropFirst("--jobs=".count)), count >= 1 else { return nil }
        jobs = count
      } else if argument == "-" || !argument.hasPrefix("-") {
        paths.append(argument)
      } else {
        return nil
      }
    }
    guard !paths.isEmpty, paths.filter({ $0 == "-" }).count <= 1 else { return nil }
  }
}

/// The options of a run read without ArgumentParser (`ValidateRun.plain`,
/// `CanonicalizeRun.plain`): what `CommonOptions.options` gives for text output with only
/// `--quiet`, `--strict` and `--jobs` given.
func plainOptions(quiet: Bool, strict: Bool, jobs: Int?) throws(RunError) -> OperationOptions {
  var options = OperationOptions(grammar: try loadGrammar(schemaDirectory: nil))
  options.findings.strict = strict
  options.report = ReportStyle(format: .text, quiet: quiet, colour: Terminal.wantsColour)
  options.jobs = jobs
  return options
}

/// The grammar to validate with: the built-in one unless `--schema` names a folder.
func loadGrammar(schemaDirectory: String?) throws(RunError) -> Grammar {
  do throws(GrammarError) {
    if let schemaDirectory { return try Grammar(directory: schemaDirectory) }
    return try Grammar.embedded()
  } catch {
    throw RunError(description: error.description)
  }
}

/// The bytes `--max-size SIZE` allows (a size with a unit, such as 64MiB).
func parseMaxSize(_ text: String) throws -> Int {
  // A bare number is refused, as the help says: is 1024 bytes, KiB or MiB?
  guard text.contains(where: { $0.isLetter }), let kib = MemoryUnit.kibibytes(size: text), kib > 0,
    kib < UInt64(Int.max / 1024)
  else {
    throw ValidationError(Messages.Usage.maxSizeNotASize(text))
  }
  return Int(kib) * 1024
}

/// Runs an operation, printing its output as it comes, and exits with its status.
func runOperation(_ operation: some Operation) throws {
  let outcome = operation.run { stream, text in
    switch stream {
    case .standardOutput: Output.shared.raw(text)
    case .standardError: Output.shared.rawError(text)
    }
  }
  if outcome.status != .clean { throw ExitCode(outcome.status.rawValue) }
}

/// How many paths make a batch whose start is worth sharing between two cores
/// (`listingAtOnce`): a thread costs about what a few dozen `stat`s do.
let concurrentStartThreshold = 64

/// Runs `first` on the calling thread and `second` on another, at once, and hands back both
/// results.
func atOnce<A: Sendable, B: Sendable>(
  _ first: @escaping @Sendable () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
  let results = ResultPair<A, B>()
  DispatchQueue.concurrentPerform(iterations: 2) { index in
    if index == 0 { results.first = first() } else { results.second = second() }
  }
  return (results.first!, results.second!)
}

/// The two results of `atOnce`: each slot is written by one thread, and read once both are done.
private final class ResultPair<A, B>: @unchecked Sendable {
  var first: A?
  var second: B?
}

/// Lists the inputs `paths` name (`InputList(arguments:)`) on two threads while one of them
/// first does `other` (compiles the grammar) and the other `preparing`: `orderedParallelMap`
/// over `other`, `preparing` and slices of 64 paths, each thread taking the next piece when it
/// is free, the slices' entries delivered back in the paths' order. Each argument is expanded
/// on its own, so the list is the one `InputList(arguments:)` gives.
func listingAtOnce<Other: Sendable>(
  _ paths: [String], preparing: @escaping @Sendable () -> Void = {}, while other: @escaping @Sendable () -> Other
) -> (InputList, Other) {
  let slices = stride(from: 0, to: paths.count, by: 64).map { $0..<min($0 + 64, paths.count) }
  let collected = Listed<Other>()
  // Piece 0 is `other`, claimed first, piece 1 `preparing`; piece k > 1 is slice k - 2.
  orderedParallelMap(Array(0...slices.count + 1), jobs: 2) { piece -> ListedPiece<Other> in
    switch piece {
    case 0: return .other(other())
    case 1:
      preparing()
      return .entries([])
    default: return .entries(InputList(arguments: Array(paths[slices[piece - 2]])).entries)
    }
  } deliver: { _, piece in
    switch piece {
    case .other(let result): collected.other = result
    case .entries(let entries): collected.entries += entries
    }
  }
  return (InputList(entries: collected.entries), collected.other!)
}

/// One piece of `listingAtOnce`'s work.
private enum ListedPiece<Other: Sendable>: Sendable {
  case other(Other)
  case entries([InputList.Entry])
}

/// What `listingAtOnce` collects: written only by `orderedParallelMap`'s delivery (one thread at
/// a time, in order), read once it has returned.
private final class Listed<Other>: @unchecked Sendable {
  var other: Other?
  var entries: [InputList.Entry] = []
}
