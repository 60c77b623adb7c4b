/// Where a piece of a command's output goes: the product on standard output, remarks about the
/// run (findings in text form, errors of the run) on standard error.
public enum OutputStream: Sendable, Equatable {
  case standardOutput
  case standardError
}

/// How a command ended, the same for every command (docs/cli.md, "Exit status").
public enum ExitStatus: Int32, Sendable, Comparable {
  /// Nothing to report: valid, canonical, equal, fits, every case passed.
  case clean = 0
  /// Findings: invalid input, not canonical, different, does not fit, a case failed.
  case findings = 1
  /// A usage error, or an input that could not be read or an output that could not be written.
  case failure = 2

  public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What one run of a command gave: the text it printed on each stream, in the order it was
/// printed, its exit status and the findings it made. The CLI prints it; `conformance` compares
/// it with the golden files, so a golden pins exactly what a user sees.
public struct Outcome: Sendable {
  /// Every piece of output, in order.
  public var output: [(stream: OutputStream, text: String)] = []
  public var status: ExitStatus = .clean
  /// The findings of every input, after `--disable`, directives and promotions.
  public var findings: [Diagnostic] = []

  public init() {}

  /// Everything printed on standard output.
  public var standardOutput: String { text(of: .standardOutput) }
  /// Everything printed on standard error.
  public var standardError: String { text(of: .standardError) }

  private func text(of stream: OutputStream) -> String {
    var result = ""
    for piece in output where piece.stream == stream { result += piece.text }
    return result
  }

  /// The transcript a user sees in a terminal (both streams, in order) followed by
  /// `exit: N`: what conformance's report goldens (validate.txt, fit.txt, …) hold.
  public var transcript: String {
    var result = ""
    for piece in output { result += piece.text }
    return result + "exit: \(status.rawValue)\n"
  }
}

/// Collects a command's output as it is produced; hands each piece to `stream` as well when the
/// caller prints as it goes (the CLI does, so that a long `validate` run shows progress).
final class Transcript: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = Lock()
  private var outcome = Outcome()
  /// The run's errors so far (`runError`), for a document that lists them (SARIF's notifications).
  private var runErrors: [String] = []
  private let stream: (@Sendable (OutputStream, String) -> Void)?
  /// Whether the pieces are kept in the outcome too (not when they are streamed).
  private let keeping: Bool

  init(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) {
    self.stream = stream
    self.keeping = stream == nil
  }

  /// A line of the product (a newline is added when missing).
  func out(_ text: String) { write(.standardOutput, text.hasSuffix("\n") ? text : text + "\n") }
  /// The product as it is.
  func raw(_ text: String) { write(.standardOutput, text) }
  /// A remark on standard error (a newline is added when missing).
  func error(_ text: String) { write(.standardError, text.hasSuffix("\n") ? text : text + "\n") }

  private func write(_ target: OutputStream, _ text: String) {
    guard !text.isEmpty else { return }
    lock.withLock {
      if keeping { outcome.output.append((target, text)) }
      stream?(target, text)
    }
  }

  /// Raises the exit status to at least `status`.
  func settle(_ status: ExitStatus) { lock.withLock { outcome.status = max(outcome.status, status) } }

  func record(_ findings: [Diagnostic]) { lock.withLock { outcome.findings += findings } }

  func noteRunError(_ text: String) { lock.withLock { runErrors.append(text) } }

  /// The run's errors so far, in order.
  var errorsOfTheRun: [String] { lock.withLock { runErrors } }

  var status: ExitStatus { lock.withLock { outcome.status } }

  func finish() -> Outcome { lock.withLock { outcome } }
}

/// State a run builds up while results are delivered (one at a time, from worker threads).
final class RunState<Value>: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = Lock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&value) } }

  var current: Value { lock.withLock { value } }
}
