/// What a command that reports on its inputs keeps while their results are delivered (one at
/// a time, in input order): the counts, and in JSON mode each input's entry. It says the same
/// things the same way for every command: an input that cannot be read, the findings of one
/// that could, the exit status they make, and the JSON document at the end.
final class FileRun: @unchecked Sendable {
  // Safe to share: the state is a `RunState`, which takes its lock on every access.
  let transcript: Transcript
  let style: ReportStyle
  private let writer: FindingWriter
  private let state = RunState((files: [JSONValue](), summary: RunSummary()))

  init(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?, style: ReportStyle) {
    transcript = Transcript(streamingTo: stream)
    self.style = style
    writer = FindingWriter(style: style)
  }

  /// Whether the run reports in one JSON document.
  var isJSON: Bool { style.format == .json }
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
  }

  /// The input's JSON entry, `{"path","valid","diagnostics"}` and what the command adds; nothing
  /// outside JSON mode.
  func entry(_ report: FileReport, adding extra: [(String, JSONValue)] = []) {
    guard isJSON else { return }
    state.update { $0.files.append(RunSummary.file(report, adding: extra)) }
  }

  /// Changes the counts (what a command counts beyond valid and invalid).
  func count(_ change: (inout RunSummary) -> Void) { state.update { change(&$0.summary) } }

  /// The run's outcome, after its JSON document in JSON mode: `{"command","files",…,"summary",
  /// "exitStatus"}` with `adding` at the top and `summaryAdding` in the summary.
  func finish(
    command: String, adding extra: [(String, JSONValue)] = [],
    summaryAdding: (RunSummary) -> [(String, JSONValue)] = { _ in [] }
  ) -> Outcome {
    if isJSON {
      let (files, summary) = state.current
      transcript.out(
        RunSummary.document(
          command: command, files: files, adding: extra, summary: summary.json + summaryAdding(summary),
          status: transcript.status
        ).text)
    }
    return transcript.finish()
  }
}
