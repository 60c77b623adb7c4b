import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema validate PATH...`
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
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
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Print findings only: no verdict line per file.")
  var quiet = false

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
  }

  func run() throws {
    let inputs: [InputSource]
    do {
      inputs = try InputSource.expand(paths)
    } catch {
      throw RunError(description: error.description)
    }
    if inputs.isEmpty { throw RunError(description: "no *.xml files found in \(paths.joined(separator: " "))") }
    let validator = try check.validator()
    let format = self.format
    let quiet = self.quiet
    let limit = check.maxSize
    let collected = Collected()
    orderedParallelMap(
      inputs, jobs: jobs,
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
              Output.shared.out(report.isValid ? "\(report.path): valid" : "\(report.path): invalid")
            }
          } else {
            for line in lines { Output.shared.out(line) }
          }
        }
      })
    if format == .json { Output.shared.out(ReportRenderer.json(collected.reports)) }
    if collected.hadIOFailure { throw ExitCode(2) }
    if collected.reports.contains(where: { !$0.isValid }) { throw ExitCode(1) }
  }
}

/// Results gathered from the workers, in input order.
final class Collected: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = Lock()
  private var storedReports: [FileReport] = []
  private var failed = false

  func add(_ report: FileReport) { lock.withLock { storedReports.append(report) } }
  func ioFailed() { lock.withLock { failed = true } }
  var reports: [FileReport] { lock.withLock { storedReports } }
  var hadIOFailure: Bool { lock.withLock { failed } }
}
