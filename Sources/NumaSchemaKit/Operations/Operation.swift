/// A command of numaschema, as a value: its inputs and options in, an `Outcome` out. The CLI's
/// subcommands are thin shells that build one and print its outcome; `conformance` runs the
/// same values and compares their outcomes with golden files; library users call them alike.
public protocol Operation: Sendable {
  /// Runs the command. `stream`, when given, receives each piece of output as it is produced
  /// (and the outcome then holds the status and findings only); without it, the outcome holds
  /// all of the output.
  func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome
}

extension Operation {
  /// Runs the command and keeps all of its output in the outcome.
  public func run() -> Outcome { run(streamingTo: nil) }
}

/// The namespace of the commands' operations: `Operations.Validate`, `Operations.Show`, …
public enum Operations {}

/// One input read, or why it could not be.
enum ReadInput: Sendable {
  case read(InputSource, [UInt8])
  case failed(InputError)
}

extension InputList {
  /// Reads every input on up to `workers` threads, works on each with `work`, and hands the
  /// results to `deliver` in input order, one at a time.
  func process<Result: Sendable>(
    workers: Int, limit: Int, work: @escaping @Sendable (InputSource, [UInt8]) -> Result,
    deliver: @escaping @Sendable (Int, Swift.Result<(InputSource, [UInt8], Result), InputError>) -> Void
  ) {
    orderedParallelMap(
      entries, jobs: max(1, workers),
      work: { entry -> Swift.Result<(InputSource, [UInt8], Result), InputError> in
        switch entry {
        case .unreadable(let error): return .failure(error)
        case .input(let input):
          do throws(InputError) {
            let bytes = try input.read(limit: limit)
            return .success((input, bytes, work(input, bytes)))
          } catch {
            return .failure(error)
          }
        }
      }, deliver: deliver)
  }
}

extension InputList {
  /// Validates every input as `validate` does (its findings through `options.findings`, with the
  /// `numaschema-disable` directives of its bytes) and hands each report to `deliver` in input
  /// order.
  func validateEach(
    _ options: OperationOptions,
    deliver: @escaping @Sendable (Swift.Result<(InputSource, [UInt8], FileReport), InputError>) -> Void
  ) {
    let validator = {
      var validator = options.validator
      validator.settingAsideOpenContent = count >= OpenContent.batchSize
      return validator
    }()
    let policy = options.findings
    process(
      workers: options.workers(for: count), limit: options.maxSize,
      work: { input, bytes in
        var report = validator.validate(bytes: bytes, file: input.displayName)
        report.diagnostics = policy.apply(report.diagnostics, xml: bytes, file: input.displayName)
        return report
      },
      deliver: { _, result in deliver(result) })
  }
}

extension Transcript {
  /// An error of the run (an input that cannot be read, an output that cannot be written), in
  /// the one form every command uses: `numaschema: error: …` on standard error, exit status 2.
  func runError(_ text: String) {
    error(Messages.runError(text))
    noteRunError(text)
    settle(.failure)
  }
}
