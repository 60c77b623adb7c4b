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
