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
      docs/conformance.md) is compared byte for byte with numaschema's output. Ends with the line \
      'N passed, N failed'.
      Exit status: 0 all passed, 1 some case failed, 2 usage or I/O.
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

  func validate() throws {
    guard (jobs ?? 1) >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    if update, let ci = ProcessInfo.processInfo.environment["CI"], !ci.isEmpty {
      throw RunError(description: "--update refuses to run in CI (CI is set): bless golden files on a workstation and review the diff")
    }
    let root = URL(fileURLWithPath: directory)
    var cases: [ConformanceCase]
    do {
      cases = try ConformanceCase.discover(in: root)
    } catch {
      throw RunError(description: error.description)
    }
    if let filter { cases = cases.filter { $0.name.contains(filter) } }
    let runner = ConformanceRunner(grammar: try loadGrammar(schemaDirectory: schemaDirectory))
    let collected = CollectedCases()
    let update = self.update
    orderedParallelMap(cases, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, work: { runner.run($0) }) { _, result in
      collected.add(result)
      guard !result.passed, !result.isSkipped, !update else { return }
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
        try AtomicFile.write(Array(ConformanceRunner.junit(results).utf8), to: junit)
      } catch {
        throw RunError(description: error.description)
      }
    }
    let passed = results.filter(\.passed).count
    let skipped = results.filter(\.isSkipped).count
    let failed = results.count - passed - skipped
    var summary = "\(passed) passed, \(update ? 0 : failed) failed"
    if update && failed > 0 { summary = "\(passed + failed) passed, 0 failed (\(failed) blessed)" }
    if skipped > 0 { summary += ", \(skipped) skipped" }
    Output.shared.out(summary)
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
