import ArgumentParser
import NumaSchemaKit

/// `numaschema canonicalize PATH...`
struct Canonicalize: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "canonicalize",
    abstract: "Put guests' NUMA parts in one canonical form (docs/canonical-form.md).",
    discussion: """
      Only <cpu>'s NUMA part and <numatune> are rewritten, as libvirt writes them; every other \
      byte of the file stays. Writes the canonical form of PATH to stdout, or to FILE with -o. \
      --in-place rewrites each file atomically, keeping its owner, group and mode (through a \
      link, the link's target; a FIFO, a device or a file with several hard links is refused; \
      docs/cli.md, "Files"); --check only reports the files that are not canonical (--diff: \
      with a unified diff to the canonical form). PATH may be a folder (every *.xml below it) \
      with --in-place or --check. Invalid input is refused with validate's findings and nothing \
      is written.
      Exit status: 0 ok (or canonical, with --check), 1 invalid input (or not canonical), 2 usage or I/O.
      """
  )

  @Argument(help: "Guest files, folders or - for standard input.", completion: .file())
  var paths: [String]

  @OptionGroup var common: CommonOptions

  @Option(
    help:
      "Distances: full (every sibling, completed), minimal (only what completion cannot infer) or asis (sorted only).")
  var distances: DistancesMode = .full

  @Option(
    name: .shortAndLong, help: ArgumentHelp("Write the canonical form to this file.", valueName: "FILE"),
    completion: .file())
  var output: String?

  @Flag(help: "Rewrite each file in place, atomically.")
  var inPlace = false

  @Flag(name: .customLong("check"), help: "Exit 1 and name every file that is not canonical; write nothing.")
  var checkOnly = false

  @Flag(help: "With --check, print a unified diff from each file to its canonical form.")
  var diff = false

  @Option(
    help:
      "With --check: text (one line per file that is not canonical), json, github or sarif (each such file a finding at its first differing line)."
  )
  var format: ReportFormat = .text

  @Option(help: "How many files to transform at once with --check or --in-place (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    if [inPlace, checkOnly, output != nil].filter({ $0 }).count > 1 {
      throw ValidationError(Messages.Usage.outputInPlaceCheckExclusive)
    }
    if diff && !checkOnly { throw ValidationError(Messages.Usage.diffNeedsCheck) }
    if format != .text && !checkOnly { throw ValidationError(Messages.Usage.formatNeedsCheck(format.rawValue)) }
    if inPlace && paths.contains("-") { throw ValidationError(Messages.Usage.inPlaceStandardInput) }
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError(Messages.Usage.standardInputOnce) }
    if let jobs, jobs < 1 { throw ValidationError(Messages.Usage.jobsAtLeastOne) }
  }

  func run() throws {
    try CanonicalizeRun(
      paths: paths, options: { [common, format, jobs] in try common.options(format: format, jobs: jobs) },
      distances: distances,
      target: checkOnly ? .check(diff: diff) : inPlace ? .inPlace : output.map(CanonicalTarget.file) ?? .standardOutput
    ).execute()
  }
}

/// One run of `canonicalize`, however its arguments were read: by ArgumentParser, or by
/// `CanonicalizeRun.plain` for the common `canonicalize [--check [--diff]] [--quiet] [--strict]
/// [--jobs N] PATH…`.
struct CanonicalizeRun {
  var paths: [String]
  /// The options, made once the inputs are known to be usable (a grammar that does not compile
  /// is reported after a usage error about the inputs).
  var options: @Sendable () throws -> OperationOptions
  var distances: DistancesMode = .full
  var target: CanonicalTarget
  /// Whether the grammar and the stylesheet are compiled at once, on two cores (`plain`, for
  /// more than one path and more than one job).
  var compilesAtOnce = false

  /// The run `arguments` (after the program name) ask for, when they are `canonicalize`
  /// followed by nothing but paths, `--check`, `--diff` (with `--check`), `--quiet`, `--strict`
  /// and `--jobs N`: read without building ArgumentParser's command tree, which costs a
  /// `--check` of a hundred guests a twelfth of its time (as `ValidateRun.plain`). `nil` for
  /// anything else, help and errors included: ArgumentParser reads those.
  static func plain(_ arguments: [String]) -> CanonicalizeRun? {
    guard
      let plain = PlainArguments(
        arguments, command: "canonicalize", allowed: ["--check", "--diff", "--quiet", "--strict"])
    else { return nil }
    let check = plain.flags.contains("--check")
    let diff = plain.flags.contains("--diff")
    guard !diff || check else { return nil }
    let quiet = plain.flags.contains("--quiet")
    let strict = plain.flags.contains("--strict")
    return CanonicalizeRun(
      paths: plain.paths, options: { try plainOptions(quiet: quiet, strict: strict, jobs: plain.jobs) },
      target: check ? .check(diff: diff) : .standardOutput, compilesAtOnce: plain.jobs != 1 && plain.paths.count > 1)
  }

  func execute() throws {
    let inputs = InputList(arguments: paths)
    if inputs.isEmpty { throw RunError(description: Messages.noInputs(paths)) }
    if target == .standardOutput || target.isFile, inputs.count != 1 {
      throw RunError(description: Messages.Usage.oneGuestToOutput)
    }
    var inputList = inputs
    if target == .inPlace {
      // A file rewritten in place must be a regular file (or a link to one): a FIFO or device
      // is refused by name before it is opened.
      inputList = InputList(
        entries: inputs.entries.map {
          if case .input(.file(let path)) = $0 { return .input(.regularFile(path)) }
          return $0
        })
    }
    var options: OperationOptions
    if compilesAtOnce {
      // The stylesheet compiles on another core while the grammar does: both are needed before
      // the first guest is done, and the workers would otherwise wait for the stylesheet.
      let (compiled, _) = atOnce({ [options = self.options] in Result(catching: options) }, { Canonicalizer.prepare() })
      options = try compiled.get()
    } else {
      options = try self.options()
    }
    try runOperation(Operations.Canonicalize(inputs: inputList, options: options, distances: distances, target: target))
  }
}

extension CanonicalTarget {
  fileprivate var isFile: Bool {
    if case .file = self { return true }
    return false
  }
}
