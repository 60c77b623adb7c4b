import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema conformance [DIR]`
struct Conformance: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Run the golden-file conformance cases of a folder (docs/conformance.md).",
    discussion: """
      Every folder below DIR that holds input.xml (or input.cfg, or a host source) is a case; each \
      golden file in it (validate.txt, show.txt, canonical.xml, to-xl.cfg, … see \
      docs/conformance.md) is compared byte for byte with numaschema's output. Only regular files \
      inside DIR are read: a link that leaves it, a FIFO, a file over --max-size or a folder name \
      that is not UTF-8 is an error naming it. Ends with the line 'N passed, N failed'.
      Exit status: 0 all passed, 1 some case failed, 2 usage or I/O (an error in a case, no case at all).
      """
  )

  @Argument(help: "The suite folder.")
  var directory: String = "conformance"

  @Option(help: "Run only the cases whose path contains this text.")
  var filter: String?

  @Flag(help: "Rewrite the golden files from the actual output (bless), and list what changed.")
  var update = false

  @Option(help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"))
  var junit: String?

  @Option(help: "How many cases to run at once (default: the number of cores).")
  var jobs: Int?

  @Option(name: .customLong("schema"), help: ArgumentHelp("Use the grammars of this folder.", valueName: "DIR"))
  var schemaDirectory: String?

  @Option(
    name: .customLong("max-size"),
    help: ArgumentHelp("Refuse inputs, goldens and host files larger than this (default 256MiB).", valueName: "SIZE"),
    transform: parseMaxSize)
  var maxSize: Int = InputSource.defaultSizeLimit

  func validate() throws {
    guard (jobs ?? 1) >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    if update, let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
      throw RunError(description: "--update refuses to run in CI (CI is set): bless golden files on a workstation and review the diff")
    }
    let root = URL(fileURLWithPath: directory)
    let suite: ConformanceSuite
    do {
      suite = try ConformanceSuite.discover(in: root, limit: maxSize)
    } catch {
      throw RunError(description: error.description)
    }
    var cases = suite.cases
    var problems = suite.problems
    if let filter {
      cases = cases.filter { $0.name.contains(filter) }
      problems = problems.filter { $0.place.contains(filter) }
    }
    if cases.isEmpty && problems.isEmpty {
      if let filter { throw RunError(description: "no conformance case in \(directory) matches --filter '\(filter)'") }
      throw RunError(
        description: "no conformance case in \(directory): a case is a folder holding input.xml, input.cfg or a host source")
    }
    for problem in problems { Output.shared.out("ERROR \(directory)/\(problem)") }
    let runner = ConformanceRunner(grammar: try loadGrammar(schemaDirectory: schemaDirectory), sizeLimit: maxSize)
    let collected = CollectedCases()
    let update = self.update
    orderedParallelMap(cases, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, work: { runner.run($0) }) { _, result in
      collected.add(result)
      for problem in result.problems { Output.shared.out("ERROR \(directory)/\(problem)") }
      guard !result.passed, !result.isSkipped, !result.isError, !update else { return }
      var text = "FAIL \(result.testCase.name)"
      if !result.testCase.description.isEmpty { text += " (\(result.testCase.description))" }
      text += "\n"
      for outcome in result.outcomes where !outcome.matches {
        text += outcome.diff(caseName: directory + "/" + result.testCase.name)
      }
      Output.shared.out(text)
    }
    let results = collected.results
    if update {
      for result in results {
        do {
          for path in try ConformanceRunner.bless(result) { Output.shared.out("updated \(directory)/\(path)") }
        } catch {
          throw RunError(description: error.description)
        }
      }
    }
    if let junit {
      do {
        try AtomicFile.write(Array(ConformanceRunner.junit(results, problems: problems).utf8), to: junit)
      } catch {
        throw RunError(description: error.description)
      }
    }
    let passed = results.filter(\.passed).count
    let skipped = results.filter(\.isSkipped).count
    // Problems found while walking the suite count as cases in error too.
    let errors = results.filter(\.isError).count + problems.count
    let failed = results.count - passed - skipped - results.filter(\.isError).count
    var summary = "\(passed) passed, \(update ? 0 : failed) failed"
    if update && failed > 0 { summary = "\(passed + failed) passed, 0 failed (\(failed) blessed)" }
    if errors > 0 { summary += ", \(errors) \(errors == 1 ? "error" : "errors")" }
    if skipped > 0 { summary += ", \(skipped) skipped" }
    Output.shared.out(summary)
    if errors > 0 { throw ExitCode(2) }
    if failed > 0 && !update { throw ExitCode(1) }
  }
}

/// Case results gathered from the workers, in input order.
final class CollectedCases: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = Lock()
  private var stored: [CaseResult] = []
  func add(_ result: CaseResult) { lock.withLock { stored.append(result) } }
  var results: [CaseResult] { lock.withLock { stored } }
}
