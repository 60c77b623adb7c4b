extension Operations {
  /// `numaschema validate PATH...`: each guest against the grammar and libvirt's NUMA rules.
  /// Text: findings on standard error, `PATH: valid|invalid` on standard output (not with
  /// `--quiet`); GitHub: workflow commands; JSON: one document at the end.
  public struct Validate: Operation {
    public var inputs: InputList
    public var options: OperationOptions

    public init(inputs: InputList, options: OperationOptions) {
      self.inputs = inputs
      self.options = options
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let run = FileRun(streamingTo: stream, style: options.report)
      inputs.validateEach(options) { result in
        switch result {
        case .failure(let error): run.unreadable(error)
        case .success(let (_, bytes, report)):
          run.findings(of: report, source: bytes)
          run.entry(report)
          if run.printsVerdicts { run.transcript.out(Messages.verdict(report.path, valid: report.isValid)) }
        }
      }
      return run.finish(command: "validate")
    }
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
