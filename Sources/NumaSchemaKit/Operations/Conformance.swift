import FoundationEssentials

extension Operations {
  /// `numaschema conformance [DIR]`: every case of a suite folder, each golden compared byte
  /// for byte with what the command behind it prints (docs/conformance.md). Text: a `FAIL`
  /// block with the diffs per failing case, `ERROR` lines, then `N passed, N failed`; JSON: the
  /// run's document with one entry per case.
  public struct Conformance: Operation {
    public var directory: String
    public var options: OperationOptions
    /// Run only the cases whose path contains this text.
    public var filter: String?
    /// Rewrite the goldens from the actual output (bless), and list what changed.
    public var update: Bool
    /// Also write a JUnit XML report here.
    public var junit: String?

    public init(
      directory: String, options: OperationOptions, filter: String? = nil, update: Bool = false, junit: String? = nil
    ) {
      self.directory = directory
      self.options = options
      self.filter = filter
      self.update = update
      self.junit = junit
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let transcript = Transcript(streamingTo: stream)
      let style = options.report
      let directory = self.directory
      let suite: ConformanceSuite
      do throws(InputError) {
        suite = try ConformanceSuite.discover(in: URL(fileURLWithPath: directory), limit: options.maxSize)
      } catch {
        transcript.runError(error.description)
        return finishJSON(transcript, results: [], problems: [])
      }
      var cases = suite.cases
      var problems = suite.problems
      if let filter {
        cases = cases.filter { $0.name.contains(filter) }
        problems = problems.filter { $0.place.contains(filter) }
      }
      if cases.isEmpty && problems.isEmpty {
        transcript.runError(filter.map { Messages.noCaseMatches(directory, filter: $0) } ?? Messages.noCases(directory))
        return finishJSON(transcript, results: [], problems: [])
      }
      if style.format != .json { for problem in problems { transcript.out(Messages.suiteError(directory, problem)) } }
      var configured = ConformanceRunner(grammar: options.grammar, sizeLimit: options.maxSize, policy: options.findings)
      configured.driver = options.driver
      configured.qemuVersion = options.qemuVersion
      let runner = configured
      let collected = RunState([CaseResult]())
      let update = self.update
      orderedParallelMap(
        cases, jobs: options.jobs ?? ProcessInfo.processInfo.activeProcessorCount, work: { runner.run($0) }
      ) {
        _, result in
        collected.update { $0.append(result) }
        guard style.format != .json else { return }
        for problem in result.problems { transcript.out(Messages.suiteError(directory, problem)) }
        guard !result.passed, !result.isSkipped, !result.isError, !update else { return }
        var text = Messages.caseFailed(result.testCase.name, description: result.testCase.description) + "\n"
        if !style.quiet {
          for outcome in result.outcomes where !outcome.matches {
            text += outcome.diff(caseName: directory + "/" + result.testCase.name)
          }
        }
        transcript.out(text)
      }
      let results = collected.current
      if update {
        for result in results {
          do throws(WriteError) {
            for path in try ConformanceRunner.bless(result) where style.format != .json {
              transcript.out(Messages.goldenUpdated(directory, path))
            }
          } catch {
            transcript.runError(error.description)
          }
        }
      }
      if let junit {
        do throws(WriteError) {
          try AtomicFile.write(Array(ConformanceRunner.junit(results, problems: problems).utf8), to: junit)
        } catch {
          transcript.runError(error.description)
        }
      }
      let counts = Counts(results, problems: problems, update: update)
      if counts.errors > 0 { transcript.settle(.failure) }
      if counts.failed > 0 && !update { transcript.settle(.findings) }
      if style.format == .json { return finishJSON(transcript, results: results, problems: problems) }
      transcript.out(counts.summary)
      return transcript.finish()
    }

    /// What the run's cases came to.
    struct Counts {
      var passed = 0
      var failed = 0
      var errors = 0
      var skipped = 0
      var update = false

      init(_ results: [CaseResult], problems: [SuiteProblem], update: Bool) {
        self.update = update
        passed = results.filter(\.passed).count
        skipped = results.filter(\.isSkipped).count
        // Problems found while walking the suite count as cases in error too.
        let caseErrors = results.filter(\.isError).count
        errors = caseErrors + problems.count
        failed = results.count - passed - skipped - caseErrors
      }

      /// `N passed, N failed[, N errors][, N skipped]`: the line the run ends with.
      var summary: String {
        Messages.suiteSummary(passed: passed, failed: failed, errors: errors, skipped: skipped, update: update)
      }
    }

    /// The JSON document: `{"command","cases":[{"name","description","status","failures":[{"golden","diff"}],
    /// "problems":[…]}],"summary":{"passed","failed","errors","skipped"},"exitStatus"}`.
    private func finishJSON(_ transcript: Transcript, results: [CaseResult], problems: [SuiteProblem]) -> Outcome {
      guard options.report.format == .json else { return transcript.finish() }
      let counts = Counts(results, problems: problems, update: update)
      var cases: [JSONValue] = problems.map {
        .object([
          ("name", .string($0.place)), ("status", .string("error")), ("problems", .array([.string($0.problem)])),
        ])
      }
      for result in results {
        let status =
          result.isError
          ? "error" : result.isSkipped ? "skipped" : result.passed ? "passed" : update ? "blessed" : "failed"
        var members: [(String, JSONValue)] = [
          ("name", .string(result.testCase.name)), ("description", .string(result.testCase.description)),
          ("status", .string(status)),
        ]
        let failures = result.outcomes.filter { !$0.matches }
        if !failures.isEmpty && !update {
          members.append(
            (
              "failures",
              .array(
                failures.map {
                  .object([
                    ("golden", .string($0.operation.goldenName)),
                    ("diff", .string($0.diff(caseName: directory + "/" + result.testCase.name))),
                  ])
                })
            ))
        }
        if !result.problems.isEmpty {
          members.append(("problems", .array(result.problems.map { .string($0.description) })))
        }
        cases.append(.object(members))
      }
      let document = JSONValue.object([
        ("command", .string("conformance")), ("suite", .string(directory)), ("cases", .array(cases)),
        (
          "summary",
          .object([
            ("passed", .int(counts.passed)), ("failed", .int(update ? 0 : counts.failed)),
            ("errors", .int(counts.errors)),
            ("skipped", .int(counts.skipped)),
          ])
        ),
        ("exitStatus", .int(Int(transcript.status.rawValue))),
      ])
      transcript.out(document.text)
      return transcript.finish()
    }
  }
}
