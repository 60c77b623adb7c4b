import FoundationEssentials

/// What one case gave: each operation's verdict.
public struct CaseResult: Sendable {
  public var testCase: ConformanceCase
  public var outcomes: [OperationOutcome]
  /// What stopped the case from running (a golden that links out of the suite, an input over
  /// the size limit, …): then nothing was run, and the run fails.
  public var problems: [SuiteProblem] = []

  /// A case with no operation is skipped; otherwise it passes when every operation matches.
  public var isSkipped: Bool { outcomes.isEmpty && problems.isEmpty }
  public var isError: Bool { !problems.isEmpty }
  public var passed: Bool { !isSkipped && !isError && outcomes.allSatisfy(\.matches) }
}

/// One operation of one case: the golden, what the tool produced, and whether they match.
public struct OperationOutcome: Sendable {
  public var operation: ConformanceOperation
  /// The golden's text, `nil` when the file is missing.
  public var expected: String?
  public var actual: String
  public var matches: Bool { expected == actual }

  /// The unified diff from the golden to the actual output (all of it when the golden is missing).
  public func diff(caseName: String) -> String {
    let path = caseName + "/" + operation.goldenName
    if expected == nil { return Messages.Suite.missingGolden(path) + "\n" }
    return LineDiff.unified(
      expected: expected ?? "", actual: actual, expectedName: path, actualName: path + " (actual)")
  }
}

/// Runs conformance cases: each case's input through each of its operations, compared byte for
/// byte with the golden files. The same code serves `numaschema conformance` and `swift test`.
public struct ConformanceRunner: Sendable {
  public let grammar: Grammar
  /// The most bytes any file of a case may hold (inputs, goldens, host files): `--max-size`.
  public let sizeLimit: Int

  /// What every case's findings go through on top of its own case.toml (`strict`, `disable`,
  /// `warnings-as-errors`): the options `conformance` itself was given.
  public var policy: FindingPolicy

  /// The driver and QEMU a case runs with when its case.toml names none (`--driver`,
  /// `--qemu-version` given to `conformance`).
  public var driver: HypervisorDriver?
  public var qemuVersion: QEMUVersion = .debian12

  public init(grammar: Grammar, sizeLimit: Int = InputSource.defaultSizeLimit, policy: FindingPolicy = FindingPolicy())
  {
    self.grammar = grammar
    self.sizeLimit = sizeLimit
    self.policy = policy
  }

  /// The files one case reads, each read once, before anything runs.
  struct CaseFiles {
    var input: [UInt8] = []
    var other: [UInt8] = []
    var config: [UInt8] = []
    /// For fit: the guests placed after input.xml (`guests`), and those already there (`existing`).
    var guests: [(name: String, bytes: [UInt8])] = []
    var existing: [(name: String, bytes: [UInt8])] = []
    var args: [UInt8] = []
    var goldens: [ConformanceOperation: String] = [:]
  }

  /// Runs one case. Every file it needs is read first, only from inside the suite folder and
  /// no larger than `sizeLimit`; when one cannot be, the case reports that and runs nothing.
  public func run(_ testCase: ConformanceCase) -> CaseResult {
    let files: CaseFiles
    do throws(SuiteProblem) {
      files = try read(testCase)
    } catch {
      return CaseResult(testCase: testCase, outcomes: [], problems: [error])
    }
    var options = OperationOptions(grammar: grammar)
    options.maxSize = sizeLimit
    options.driver = testCase.driver ?? driver
    options.qemuVersion = testCase.settings["qemu-version"] == nil ? qemuVersion : testCase.qemuVersion
    options.findings = policy
    options.findings.strict = policy.strict || testCase.strict
    options.findings.warningsAsErrors = policy.warningsAsErrors || testCase.settings["warnings-as-errors"] == "true"
    if let codes = testCase.disabledCodes { options.findings.disabled.formUnion(codes) }
    options.jobs = 1
    let outcomes = testCase.operations.map { operation in
      let actual = output(of: operation, files: files, options: options, testCase: testCase)
      return OperationOutcome(operation: operation, expected: files.goldens[operation], actual: actual)
    }
    return CaseResult(testCase: testCase, outcomes: outcomes)
  }

  private func read(_ testCase: ConformanceCase) throws(SuiteProblem) -> CaseFiles {
    var files = CaseFiles()
    let operations = Set(testCase.operations)
    files.input = try testCase.contents(of: ConformanceCase.inputName, limit: sizeLimit) ?? []
    if !operations.isDisjoint(with: [.diff, .diffJSON]) {
      files.other = try testCase.contents(of: ConformanceCase.otherName, limit: sizeLimit) ?? []
    }
    if !operations.isDisjoint(with: [.fromXL, .fromXLFindings]) {
      files.config = try testCase.contents(of: ConformanceCase.configName, limit: sizeLimit) ?? []
    }
    if !operations.isDisjoint(with: [.fromQEMU, .fromQEMUFindings]) {
      files.args = try testCase.contents(of: ConformanceCase.argsName, limit: sizeLimit) ?? []
    }
    if !operations.isDisjoint(with: [.fit, .fitWrite]) {
      for name in testCase.files("guests") {
        files.guests.append((name, try testCase.contents(of: name, limit: sizeLimit) ?? []))
      }
      for name in testCase.files("existing") {
        files.existing.append((name, try testCase.contents(of: name, limit: sizeLimit) ?? []))
      }
    }
    if !operations.isDisjoint(with: [.fromHost, .fromHostFindings, .fit, .fitWrite]), let source = testCase.hostSource {
      try testCase.checkHostSource(source, limit: sizeLimit)
    }
    for operation in testCase.operations {
      files.goldens[operation] = try testCase.contents(of: operation.goldenName, limit: sizeLimit)
        .map { String(decoding: $0, as: UTF8.self) }
    }
    return files
  }

  /// `fit` as case.toml sets it up: `policy`, `cpu-ratio`, `dedicated`, `existing`.
  func fitOperation(
    guests: [InputSource], host: String, options: OperationOptions, files: CaseFiles, testCase: ConformanceCase,
    write: Bool = false
  ) -> Operations.Fit {
    Operations.Fit(
      guests: InputList(guests), host: host, options: options,
      policy: testCase.settings["policy"].flatMap(FitPolicy.init(rawValue:)) ?? .best,
      cpuRatio: testCase.settings["cpu-ratio"].flatMap(Double.init) ?? 1,
      dedicated: testCase.settings["dedicated"] == "true",
      existing: InputList(files.existing.map { InputSource.inMemory(name: $0.name, bytes: $0.bytes) }), write: write)
  }

  /// The guest as `fit --write` leaves it: written into a copy in a temporary folder and read
  /// back; the transcript instead when the run is not clean.
  func fitWritten(
    input: [UInt8], host: String, options: OperationOptions, files: CaseFiles, testCase: ConformanceCase
  ) -> String {
    guard let folder = FileSystem.temporaryFolder(prefix: "numaschema-fit-write") else {
      return "no temporary folder\n"
    }
    defer { FileSystem.remove(folder) }
    let path = folder + "/" + ConformanceCase.inputName
    do throws(WriteError) {
      try AtomicFile.write(input, to: path)
    } catch {
      return error.description + "\n"
    }
    let outcome = fitOperation(
      guests: [.file(path)], host: host, options: options, files: files, testCase: testCase, write: true
    ).run()
    guard outcome.status == .clean, let written = try? HostFile.read(path, limit: sizeLimit) else {
      return caseRelative(outcome.transcript.replacing(folder + "/", with: ""), in: testCase)
    }
    return String(decoding: written, as: UTF8.self)
  }

  /// What the command behind `operation` gives for the case, run through the same operation
  /// the CLI runs: for a product (canonical.xml, to-xl.cfg, show.txt, …) the product when the
  /// run was clean (its warnings are pinned by validate.txt or the `*-findings` golden), else
  /// the transcript; for a report
  /// (validate.txt, fit.txt, diff.txt) the transcript: both streams in order, then `exit: N`;
  /// for the findings of a converter (`*-findings`) its standard error, then `exit: N`.
  func output(
    of operation: ConformanceOperation, files: CaseFiles, options: OperationOptions, testCase: ConformanceCase
  ) -> String {
    let input = InputSource.inMemory(name: ConformanceCase.inputName, bytes: files.input)
    let hostPath = testCase.hostSource?.path ?? ""
    let outcome: Outcome
    switch operation {
    case .validate:
      return Operations.Validate(inputs: InputList([input]), options: options).run().transcript
    case .show, .showJSON, .showSVG, .showDOT:
      let format: ShowFormat =
        operation == .show ? .text : operation == .showJSON ? .json : operation == .showSVG ? .svg : .dot
      outcome = Operations.Show(inputs: InputList([input]), options: options, format: format).run()
    case .diff, .diffJSON:
      var options = options
      if operation == .diffJSON { options.report.format = .json }
      let other = InputSource.inMemory(name: ConformanceCase.otherName, bytes: files.other)
      return Operations.Diff(old: InputList([input]), new: InputList([other]), options: options).run().transcript
    case .fromHost, .fromHostFindings:
      outcome = Operations.FromHost(
        host: hostPath, options: options, vcpus: testCase.settings["vcpus"].flatMap { Int($0) },
        memoryKiB: testCase.settings["memory"].flatMap { MemoryUnit.kibibytes(sizeWithUnit: $0) },
        domainName: testCase.settings["name"]
      ).run()
    case .fit:
      let guests = [input] + files.guests.map { InputSource.inMemory(name: $0.name, bytes: $0.bytes) }
      let fit = fitOperation(guests: guests, host: hostPath, options: options, files: files, testCase: testCase)
      return caseRelative(fit.run().transcript, in: testCase)
    case .fitWrite:
      return fitWritten(input: files.input, host: hostPath, options: options, files: files, testCase: testCase)
    case .fromXL, .fromXLFindings:
      let config = InputSource.inMemory(name: ConformanceCase.configName, bytes: files.config)
      outcome = Operations.FromXL(input: config, options: options).run()
    case .fromQEMU, .fromQEMUFindings:
      let args = InputSource.inMemory(name: ConformanceCase.argsName, bytes: files.args)
      outcome = Operations.FromQEMU(input: args, options: options).run()
    case .canonical, .canonicalMinimal, .canonicalAsis:
      let mode: DistancesMode = operation == .canonical ? .full : operation == .canonicalMinimal ? .minimal : .asis
      outcome = Operations.Canonicalize(
        inputs: InputList([input]), options: options, distances: mode, target: .standardOutput
      ).run()
    case .canonicalCheck:
      // As GitHub Actions would run it: each input not in canonical form a finding.
      var options = options
      options.report.format = .github
      return Operations.Canonicalize(inputs: InputList([input]), options: options, target: .check(diff: false))
        .run().transcript
    case .toXL, .toXLFindings:
      outcome = Operations.ToXL(input: input, options: options).run()
    case .toQEMU, .toQEMULegacy, .toQEMUFindings:
      outcome = Operations.ToQEMU(input: input, options: options, legacyMemory: operation == .toQEMULegacy).run()
    }
    if operation.isFindings {
      return caseRelative(outcome.standardError + "exit: \(outcome.status.rawValue)\n", in: testCase)
    }
    let text = outcome.status == .clean ? outcome.standardOutput : outcome.transcript
    return caseRelative(text, in: testCase)
  }

  /// Text with the case folder's path taken out, so that goldens hold paths relative to the
  /// case (`host-sysfs/…`), not the machine's.
  private func caseRelative(_ text: String, in testCase: ConformanceCase) -> String {
    let folder = testCase.folder.path.hasSuffix("/") ? testCase.folder.path : testCase.folder.path + "/"
    return text.replacing(folder, with: "").replacing(testCase.folder.path, with: ".")
  }

  /// Writes the actual output over each golden that differs or is missing; returns the paths
  /// written, relative to the suite root.
  public static func bless(_ result: CaseResult) throws(WriteError) -> [String] {
    var written: [String] = []
    for outcome in result.outcomes where !outcome.matches {
      let path = result.testCase.folder.appendingPathComponent(outcome.operation.goldenName).path
      try AtomicFile.write(Array(outcome.actual.utf8), to: path)
      written.append(result.testCase.name + "/" + outcome.operation.goldenName)
    }
    return written
  }

  /// A JUnit XML report: one `<testcase>` per case, named by its path, with a `<failure>`
  /// holding the diffs, an `<error>` naming what stopped it, or `<skipped/>`; each problem of
  /// the suite folder (`ConformanceSuite.problems`) is a `<testcase>` with an `<error>` too.
  public static func junit(
    _ results: [CaseResult], problems: [SuiteProblem] = [], suiteName: String = "numaschema-conformance"
  ) -> String {
    let escape = XMLText.escaped
    let failures = results.filter { !$0.passed && !$0.isSkipped && !$0.isError }.count
    let errors = results.filter(\.isError).count + problems.count
    let skipped = results.filter(\.isSkipped).count
    let counts =
      "tests=\"\(results.count + problems.count)\" failures=\"\(failures)\""
      + (errors > 0 ? " errors=\"\(errors)\"" : "")
      + " skipped=\"\(skipped)\""
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<testsuites \(counts)>",
      "  <testsuite name=\"\(escape(suiteName))\" \(counts)>",
    ]
    for problem in problems {
      let area = problem.place.split(separator: "/").first.map(String.init) ?? problem.place
      lines.append(
        "    <testcase classname=\"\(escape(area))\" name=\"\(escape(problem.place))\"><error message=\"\(escape(problem.description))\"/></testcase>"
      )
    }
    for result in results {
      let area = result.testCase.name.split(separator: "/").first.map(String.init) ?? result.testCase.name
      let open = "    <testcase classname=\"\(escape(area))\" name=\"\(escape(result.testCase.name))\""
      if result.isError {
        let message = result.problems.map(\.description).joined(separator: "; ")
        lines.append(open + "><error message=\"\(escape(message))\"/></testcase>")
      } else if result.isSkipped {
        lines.append(open + "><skipped/></testcase>")
      } else if result.passed {
        lines.append(open + "/>")
      } else {
        let failed = result.outcomes.filter { !$0.matches }
        let message = Messages.Suite.differsFrom(failed.map(\.operation.goldenName))
        let body = failed.map { $0.diff(caseName: result.testCase.name) }.joined()
        lines.append(open + ">")
        lines.append("      <failure message=\"\(escape(message))\">\(escape(body))</failure>")
        lines.append("    </testcase>")
      }
    }
    lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }
}
