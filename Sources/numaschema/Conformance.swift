import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema conformance [DIR]`
struct Conformance: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Run the golden-file conformance cases of a folder (docs/conformance.md).",
    discussion: """
      Every folder below DIR that holds input.xml (or input.cfg, input.args, or a host source) is a case; each \
      golden file in it (validate.txt, show.txt, canonical.xml, to-xl.cfg, ... see \
      docs/conformance.md) is compared byte for byte with what the command behind it prints, run \
      through the same operation as the CLI, with the options of the case's case.toml. Only \
      regular files inside DIR are read: a link that leaves it, a FIFO, a file over --max-size or \
      a folder name that is not UTF-8 is an error naming it. Ends with the line 'N passed, N \
      failed' (with --quiet, failing cases are named without their diffs).
      Exit status: 0 all passed, 1 some case failed, 2 usage or I/O (an error in a case, no case at all).
      """
  )

  @Argument(help: "The suite folder.", completion: .directory)
  var directory: String = "conformance"

  @Option(help: "Run only the cases whose path contains this text.")
  var filter: String?

  @Flag(help: "Rewrite the golden files from the actual output (bless), and list what changed.")
  var update = false

  @Option(help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"), completion: .file())
  var junit: String?

  @Option(help: "How many cases to run at once (default: the number of cores).")
  var jobs: Int?

  @Option(help: "text (FAIL blocks and a summary line) or json.")
  var format: SuiteFormat = .text

  @OptionGroup var common: CommonOptions

  func validate() throws {
    guard (jobs ?? 1) >= 1 else { throw ValidationError(Messages.Usage.jobsAtLeastOne) }
  }

  func run() throws {
    if update, let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
      throw RunError(description: Messages.Usage.updateRefusedInCI)
    }
    try runOperation(
      Operations.Conformance(
        directory: directory, options: try common.options(format: format.report, jobs: jobs), filter: filter,
        update: update,
        junit: junit))
  }
}

/// What `conformance` reports in: its results are cases, not findings about files, so neither
/// workflow commands nor SARIF.
enum SuiteFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json

  var report: ReportFormat { self == .json ? .json : .text }
}
