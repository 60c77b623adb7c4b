import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema validate PATH...`
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check guest domain XML against the grammar and libvirt's NUMA rules.",
    discussion: """
      PATH is a file, a folder (every *.xml below it) or - for standard input.
      Exit status: 0 all valid, 1 some file invalid, 2 usage or I/O error.
      """
  )

  @Argument(help: "Files, folders or - (standard input).")
  var paths: [String]

  @OptionGroup var check: CheckOptions

  @Option(help: "Output format: text (findings on stderr), json (one document on stdout) or github.")
  var format: ReportFormat = .text

  @Option(help: "How many files to check at once (default: the number of cores).")
  var jobs: Int?

  @Flag(help: "Print findings only: no verdict line per file.")
  var quiet = false

  func validate() throws {
    guard (jobs ?? 1) >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
  }

  func run() throws {
    try ValidateRun(
      paths: paths, strict: check.strict, maxSize: check.maxSize, schemaDirectory: check.schemaDirectory,
      driver: check.driver, qemuVersion: check.qemuVersion, format: format, jobs: jobs, quiet: quiet
    ).execute()
  }
}

/// One run of `validate`, however its arguments were read: by ArgumentParser, or by
/// `ValidateRun.plain` for the common `validate [--quiet] [--strict] PATH…`.
struct ValidateRun {
  var paths: [String]
  var strict = false
  var maxSize = InputSource.defaultSizeLimit
  var schemaDirectory: String?
  var driver: HypervisorDriver?
  var qemuVersion: QEMUVersion = .debian12
  var format: ReportFormat = .text
  var jobs: Int?
  var quiet = false

  /// The run `arguments` (after the program name) ask for, when they are `validate` followed by
  /// nothing but paths, `--quiet`, `--strict` and `--jobs N`: the shape CI jobs and editors use on every
  /// commit, read without building ArgumentParser's command tree, which costs a one-file run a
  /// third of its time (docs/performance.md). `nil` for anything else, help and errors included:
  /// ArgumentParser reads those.
  static func plain(_ arguments: [String]) -> ValidateRun? {
    guard arguments.first == "validate", arguments.count > 1 else { return nil }
    var run = ValidateRun(paths: [])
    var rest = arguments.dropFirst()
    while let argument = rest.popFirst() {
      switch argument {
      case "--quiet": run.quiet = true
      case "--strict": run.strict = true
      case "--jobs":
        guard let count = rest.popFirst().flatMap({ Int($0) }), count >= 1 else { return nil }
        run.jobs = count
      case "-": run.paths.append(argument)
      default:
        if argument.hasPrefix("--jobs="), let count = Int(argument.dropFirst("--jobs=".count)), count >= 1 {
          run.jobs = count
          continue
        }
        if argument.hasPrefix("-") { return nil }
        run.paths.append(argument)
      }
    }
    guard !run.paths.isEmpty, run.paths.filter({ $0 == "-" }).count <= 1 else { return nil }
    return run
  }

  func execute() throws {
    let inputs: [InputSource]
    do {
      inputs = try InputSource.expand(paths)
    } catch {
      throw RunError(description: error.description)
    }
    if inputs.isEmpty { throw RunError(description: "no *.xml files found in \(paths.joined(separator: " "))") }
    let validator = Validator(
      grammar: try loadGrammar(schemaDirectory: schemaDirectory), strict: strict, driver: driver,
      qemuVersion: qemuVersion)
    let format = self.format
    let quiet = self.quiet
    let limit = maxSize
    let collected = Collected(keepingReports: format == .json)
    orderedParallelMap(
      inputs, jobs: jobs ?? (inputs.count > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1),
      work: { input -> Swift.Result<FileReport, InputError> in
        do throws(InputError) { return .success(try validator.validate(input: input, limit: limit)) } catch { return .failure(error) }
      },
      deliver: { _, result in
        switch result {
        case .failure(let error):
          collected.ioFailed()
          Output.shared.error("numaschema: \(error)")
        case .success(let report):
          collected.add(report)
          guard format.canStream else { return }
          let lines = ReportRenderer.lines(for: report, format: format)
          if format == .text {
            for line in lines { Output.shared.error(line) }
            if !quiet {
              Output.shared.out("\(TerminalText.safe(report.path)): \(report.isValid ? "valid" : "invalid")")
            }
          } else {
            for line in lines { Output.shared.out(line) }
          }
        }
      })
    if format == .json { Output.shared.out(ReportRenderer.json(collected.reports)) }
    if collected.hadIOFailure { throw ExitCode(2) }
    if collected.anyInvalid { throw ExitCode(1) }
  }
}

/// Results gathered from the workers, in input order.
final class Collected: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = Lock()
  /// Only a JSON document needs every report at the end; text and GitHub output stream them,
  /// and then keeping 2,000 guests' reports would only spread the heap.
  private let keepingReports: Bool
  private var storedReports: [FileReport] = []
  private var invalid = false
  private var failed = false

  init(keepingReports: Bool) { self.keepingReports = keepingReports }

  func add(_ report: FileReport) {
    lock.withLock {
      if !report.isValid { invalid = true }
      if keepingReports { storedReports.append(report) }
    }
  }
  func ioFailed() { lock.withLock { failed = true } }
  var reports: [FileReport] { lock.withLock { storedReports } }
  var anyInvalid: Bool { lock.withLock { invalid } }
  var hadIOFailure: Bool { lock.withLock { failed } }
}
