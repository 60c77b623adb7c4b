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
    if expected == nil { return "missing golden file \(path); bless it with --update\n" }
    return LineDiff.unified(expected: expected ?? "", actual: actual, expectedName: path, actualName: path + " (actual)")
  }
}

/// Runs conformance cases: each case's input through each of its operations, compared byte for
/// byte with the golden files. The same code serves `numaschema conformance` and `swift test`.
public struct ConformanceRunner: Sendable {
  public let grammar: Grammar
  /// The most bytes any file of a case may hold (inputs, goldens, host files): `--max-size`.
  public let sizeLimit: Int

  public init(grammar: Grammar, sizeLimit: Int = InputSource.defaultSizeLimit) {
    self.grammar = grammar
    self.sizeLimit = sizeLimit
  }

  /// The files one case reads, each read once, before anything runs.
  struct CaseFiles {
    var input: [UInt8] = []
    var other: [UInt8] = []
    var config: [UInt8] = []
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
    let validator = Validator(
      grammar: grammar, strict: testCase.strict, driver: testCase.driver, qemuVersion: testCase.qemuVersion)
    let outcomes = testCase.operations.map { operation in
      let actual = output(of: operation, files: files, validator: validator, testCase: testCase)
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
    if !operations.isDisjoint(with: [.fromHost, .fit]), let source = testCase.hostSource {
      try testCase.checkHostSource(source, limit: sizeLimit)
    }
    for operation in testCase.operations {
      files.goldens[operation] = try testCase.contents(of: operation.goldenName, limit: sizeLimit)
        .map { String(decoding: $0, as: UTF8.self) }
    }
    return files
  }

  /// What the tool prints for one operation on `input.xml`, as the CLI would print it, with the
  /// exit status pinned where the golden has room for it (`validate.txt` ends with `exit: N`).
  func output(of operation: ConformanceOperation, files: CaseFiles, validator: Validator, testCase: ConformanceCase) -> String {
    let bytes = files.input
    let file = ConformanceCase.inputName
    switch operation {
    case .validate:
      let report = validator.validate(bytes: bytes, file: file)
      let lines = report.diagnostics.map(ReportRenderer.text) + [
        "\(file): \(report.isValid ? "valid" : "invalid")", "exit: \(report.isValid ? 0 : 1)",
      ]
      return lines.joined(separator: "\n") + "\n"
    case .show, .showJSON, .showSVG, .showDOT:
      let report = validator.validate(bytes: bytes, file: file)
      guard report.isValid, let guest = report.guest else { return refusal(report) }
      let topology = guest.effectiveTopology
      if operation == .showSVG || operation == .showDOT, let reason = TopologyView.tooLargeToDraw(topology) {
        return "\(file): \(reason)\nexit: 2\n"
      }
      if operation == .show || operation == .showJSON, let reason = TopologyView.tooLargeForTable(topology) {
        return "\(file): \(reason)\nexit: 2\n"
      }
      switch operation {
      case .show: return TopologyView.text(topology)
      case .showSVG: return TopologyView.svg(topology, title: guest.name)
      case .showDOT: return TopologyView.dot(topology, title: guest.name)
      default: return TopologyView.json(topology) + "\n"
      }
    case .diff, .diffJSON:
      let otherBytes = files.other
      let reports = [validator.validate(bytes: bytes, file: file), validator.validate(bytes: otherBytes, file: ConformanceCase.otherName)]
      let guests = reports.compactMap { $0.isValid ? $0.guest : nil }
      guard guests.count == 2 else {
        return (reports.flatMap(\.diagnostics).map(ReportRenderer.text) + ["exit: 2"]).joined(separator: "\n") + "\n"
      }
      let diff = TopologyDiff.compare(guests[0], guests[1])
      return (operation == .diff ? diff.text : diff.json + "\n") + "exit: \(diff.isEmpty ? 0 : 1)\n"
    case .fromHost:
      guard let source = testCase.hostSource else { return "error: no host source in the case\nexit: 2\n" }
      do {
        let host = try HostTopology.read(from: source.path)
        let vcpus = testCase.settings["vcpus"].flatMap { Int($0) }
        let memory = testCase.settings["memory"].flatMap { MemoryUnit.kibibytes(size: $0) }
        let topology = try GuestFromHost(host: host, vcpus: vcpus, memoryKiB: memory).topology()
        let xml = GuestFromHost.domainXML(name: testCase.settings["name"] ?? "from-host", topology: topology)
        let result = try Canonicalizer(validator: validator).canonicalize(bytes: Array(xml.utf8), file: "<from-host>")
        return result.canonical ?? refusal(result.report)
      } catch {
        return "error: \(caseRelative(error, in: testCase))\nexit: 2\n"
      }
    case .fromXL, .fromXLFindings:
      return converted(validator.fromXL(bytes: files.config, file: ConformanceCase.configName), findingsOnly: operation == .fromXLFindings)
    case .fit:
      guard let source = testCase.hostSource else { return "error: no host source in the case\nexit: 2\n" }
      do {
        let host = try HostTopology.read(from: source.path)
        let report = validator.fit(bytes: bytes, file: file, host: host)
        let lines = report.mappingLines + report.diagnostics.map(ReportRenderer.text) + [
          "\(file): \(report.fits ? "fits" : "does not fit")", "exit: \(report.fits ? 0 : 1)",
        ]
        return lines.joined(separator: "\n") + "\n"
      } catch {
        return "error: \(caseRelative(error, in: testCase))\nexit: 2\n"
      }
    case .canonical, .canonicalMinimal, .canonicalAsis:
      let mode: DistancesMode = operation == .canonical ? .full : operation == .canonicalMinimal ? .minimal : .asis
      do {
        let result = try Canonicalizer(validator: validator, distances: mode).canonicalize(bytes: bytes, file: file)
        return result.canonical ?? refusal(result.report)
      } catch {
        return "error: \(error)\nexit: 2\n"
      }
    case .toXL, .toXLFindings:
      return converted(validator.toXL(bytes: bytes, file: file), findingsOnly: operation == .toXLFindings)
    case .toQEMU, .toQEMULegacy, .toQEMUFindings:
      let result = validator.toQEMU(bytes: bytes, file: file, legacyMemory: operation == .toQEMULegacy)
      return converted(result, findingsOnly: operation == .toQEMUFindings)
    }
  }

  /// A converter's product (or, when it failed, its findings and exit status); or, for the
  /// `-findings` operations, always its findings and exit status.
  private func converted(_ result: ConversionResult, findingsOnly: Bool) -> String {
    if !findingsOnly, let output = result.output { return output }
    return (result.diagnostics.map(ReportRenderer.text) + ["exit: \(result.isSuccess ? 0 : 1)"]).joined(separator: "\n") + "\n"
  }

  /// A run error's text with the case folder's path taken out, so that goldens hold paths
  /// relative to the case (`host-sysfs/…`), not the machine's.
  private func caseRelative(_ error: any Error, in testCase: ConformanceCase) -> String {
    let folder = testCase.folder.path.hasSuffix("/") ? testCase.folder.path : testCase.folder.path + "/"
    return TerminalText.safe("\(error)".replacing(folder, with: ""))
  }

  /// What an operation that needs a valid guest prints for an invalid one.
  private func refusal(_ report: FileReport) -> String {
    (report.diagnostics.map(ReportRenderer.text) + ["exit: 1"]).joined(separator: "\n") + "\n"
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
    func escape(_ text: String) -> String {
      var escaped = ""
      for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
        default:
          // Characters XML 1.0 cannot carry are shown as escapes.
          if scalar.value < 0x20 || (0xD800...0xDFFF).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
            escaped += "\\u{\(String(scalar.value, radix: 16))}"
          } else {
            escaped.unicodeScalars.append(scalar)
          }
        }
      }
      return escaped
    }
    let failures = results.filter { !$0.passed && !$0.isSkipped && !$0.isError }.count
    let errors = results.filter(\.isError).count + problems.count
    let skipped = results.filter(\.isSkipped).count
    let counts = "tests=\"\(results.count + problems.count)\" failures=\"\(failures)\"" + (errors > 0 ? " errors=\"\(errors)\"" : "")
      + " skipped=\"\(skipped)\""
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<testsuites \(counts)>",
      "  <testsuite name=\"\(escape(suiteName))\" \(counts)>",
    ]
    for problem in problems {
      let area = problem.place.split(separator: "/").first.map(String.init) ?? problem.place
      lines.append(
        "    <testcase classname=\"\(escape(area))\" name=\"\(escape(problem.place))\"><error message=\"\(escape(problem.description))\"/></testcase>")
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
        let message = "differs from " + failed.map(\.operation.goldenName).joined(separator: ", ")
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
