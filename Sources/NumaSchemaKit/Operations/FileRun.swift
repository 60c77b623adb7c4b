/// What a command that reports on its inputs keeps while their results are delivered (one at
/// a time, in input order): the counts, in JSON mode each input's entry, in SARIF mode each
/// finding as a result. It says the same things the same way for every command: an input that
/// cannot be read, the findings of one that could, the exit status they make, and the JSON
/// document or SARIF log at the end.
final class FileRun: @unchecked Sendable {
  // Safe to share: the state is a `RunState`, which takes its lock on every access.
  let transcript: Transcript
  let style: ReportStyle
  private let writer: FindingWriter
  private let state = RunState((files: [JSONValue](), summary: RunSummary(), sarif: SARIFLog()))

  init(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?, style: ReportStyle) {
    transcript = Transcript(streamingTo: stream)
    self.style = style
    writer = FindingWriter(style: style)
  }

  /// Whether the run reports in one JSON document.
  var isJSON: Bool { style.format == .json }
  /// Whether standard output carries one document (JSON or SARIF) and nothing else.
  var writesDocument: Bool { style.writesDocument }
  /// Whether verdict lines are printed: text output without `--quiet`.
  var printsVerdicts: Bool { style.format == .text && !style.quiet }

  /// An input that could not be read: an error of the run (exit 2), and an entry
  /// `{"path","error"}` in JSON.
  func unreadable(_ error: InputError) {
    transcript.runError(error.description)
    state.update {
      $0.summary.unreadable += 1
      if isJSON { $0.files.append(RunSummary.unreadableFile(error)) }
    }
  }

  /// The findings of one input that was read (its bytes `source`): recorded, counted, written
  /// (text or GitHub), and exit status 1 when one is an error.
  func findings(of report: FileReport, source: [UInt8]?) {
    transcript.record(report.diagnostics)
    state.update { $0.summary.add(report) }
    if !report.isValid { transcript.settle(.findings) }
    writer.write(report.diagnostics, source: source, named: report.path, to: transcript)
    if style.format == .sarif {
      state.update { $0.sarif.add(report.diagnostics, source: source, named: report.path) }
    }
  }

  /// A finding the command makes about an input beyond its report (`canonicalize --check`'s
  /// `canonical-differs`): recorded and written as the report's are, exit status 1 when an error.
  func finding(_ finding: Diagnostic, source: [UInt8]?) {
    transcript.record([finding])
    if finding.severity == .error { transcript.settle(.findings) }
    writer.write([finding], source: source, named: finding.file, to: transcript)
    if style.format == .sarif { state.update { $0.sarif.add([finding], source: source, named: finding.file) } }
  }

  /// The input's JSON entry, `{"path","valid","diagnostics"}` and what the command adds; nothing
  /// outside JSON mode.
  func entry(_ report: FileReport, adding extra: [(String, JSONValue)] = []) {
    guard isJSON else { return }
    state.update { $0.files.append(RunSummary.file(report, adding: extra)) }
  }

  /// Changes the counts (what a command counts beyond valid and invalid).
  func count(_ change: (inout RunSummary) -> Void) { state.update { change(&$0.summary) } }

  /// The run's outcome, after its JSON document in JSON mode (`{"command","files",…,"summary",
  /// "exitStatus"}` with `adding` at the top and `summaryAdding` in the summary) or its SARIF
  /// log in SARIF mode.
  func finish(
    command: String, adding extra: [(String, JSONValue)] = [],
    summaryAdding: (RunSummary) -> [(String, JSONValue)] = { _ in [] }
  ) -> Outcome {
    if style.format == .sarif {
      transcript.out(state.current.sarif.document(runErrors: transcript.errorsOfTheRun, status: transcript.status).text)
    }
    if isJSON {
      let (files, summary, _) = state.current
      transcript.out(
        RunSummary.document(
          command: command, files: files, adding: extra, summary: summary.json + summaryAdding(summary),
          status: transcript.status
        ).text)
    }
    return transcript.finish()
  }
}

/// The counts at the end of a reporting command's JSON document, and the pieces every such
/// document shares (docs/cli.md, "JSON").
struct RunSummary {
  var files = 0
  var valid = 0
  var invalid = 0
  var unreadable = 0
  /// Valid inputs that are not in canonical form (`canonicalize --check`).
  var notCanonical = 0
  var errors = 0
  var warnings = 0

  mutating func add(_ report: FileReport) {
    files += 1
    if report.isValid { valid += 1 } else { invalid += 1 }
    errors += report.errorCount
    warnings += report.warningCount
  }

  var json: [(String, JSONValue)] {
    [
      ("files", .int(files + unreadable)), ("valid", .int(valid)), ("invalid", .int(invalid)),
      ("unreadable", .int(unreadable)), ("errors", .int(errors)), ("warnings", .int(warnings)),
    ]
  }

  /// One input's entry: `{"path","valid","diagnostics"}` and what the command adds.
  static func file(_ report: FileReport, adding extra: [(String, JSONValue)] = []) -> JSONValue {
    .object(
      [
        ("path", .string(report.path)), ("valid", .bool(report.isValid)),
        ("diagnostics", FindingWriter.json(report.diagnostics)),
      ]
        + extra)
  }

  /// The entry of an input that could not be read: `{"path","error"}`.
  static func unreadableFile(_ error: InputError) -> JSONValue {
    .object([("path", .string(error.path)), ("error", .string(error.description))])
  }

  /// The document: `{"command","files":[…],…,"summary":{…},"exitStatus"}`.
  static func document(
    command: String, files: [JSONValue], adding extra: [(String, JSONValue)] = [], summary: [(String, JSONValue)],
    status: ExitStatus
  ) -> JSONValue {
    .object(
      [("command", .string(command)), ("files", .array(files))] + extra + [
        ("summary", .object(summary)), ("exitStatus", .int(Int(status.rawValue))),
      ])
  }
}
