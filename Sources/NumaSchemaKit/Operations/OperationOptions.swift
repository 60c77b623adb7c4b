import FoundationEssentials

/// What every command takes (docs/cli.md, "Options every command has").
public struct OperationOptions: Sendable {
  /// The grammar guests are checked against (the built-in one unless `--schema DIR`).
  public var grammar: Grammar
  /// The most bytes one input may hold (`--max-size`).
  public var maxSize: Int = InputSource.defaultSizeLimit
  /// The libvirt driver whose rules apply too (`--driver`).
  public var driver: HypervisorDriver?
  /// The QEMU the qemu driver's rules assume (`--qemu-version`).
  public var qemuVersion: QEMUVersion = .debian12
  /// What to do with findings: `--strict`, `--warnings-as-errors`, `--disable`.
  public var findings = FindingPolicy()
  /// How the run reports: `--format`, `--quiet`, colour.
  public var report = ReportStyle()
  /// How many inputs are worked on at once (`--jobs`); `nil`: one per core when there are several.
  public var jobs: Int?
  /// The virsh that libvirt connections are read through (`NUMASCHEMA_VIRSH`, else `virsh`).
  public var virsh: Virsh = .standard

  public init(grammar: Grammar) { self.grammar = grammar }

  /// The validator these options ask for. `--strict` is applied by the policy, after the
  /// warnings `--disable` and the directives silence are left out.
  public var validator: Validator {
    Validator(grammar: grammar, strict: false, driver: driver, qemuVersion: qemuVersion)
  }

  /// The number of workers for `count` inputs.
  func workers(for count: Int) -> Int {
    jobs ?? (count > 1 ? ProcessInfo.processInfo.activeProcessorCount : 1)
  }
}

/// Which findings are reported, and how seriously.
public struct FindingPolicy: Sendable, Equatable {
  /// The input's own warnings become errors (`--strict`): what the guest (or xl config) says
  /// that libvirt accepts with a doubt. What a command says about its own work (a converter
  /// leaving something out, a host that is tight) stays a warning.
  public var strict = false
  /// Every warning becomes an error (`--warnings-as-errors`), the command's own included.
  public var warningsAsErrors = false
  /// Codes whose warnings are not reported (`--disable CODE`, repeatable). Errors cannot be
  /// disabled: each is something libvirt refuses.
  public var disabled: Set<DiagnosticCode> = []

  public init(strict: Bool = false, warningsAsErrors: Bool = false, disabled: Set<DiagnosticCode> = []) {
    self.strict = strict
    self.warningsAsErrors = warningsAsErrors
    self.disabled = disabled
  }

  /// The findings of one input after the policy: warnings whose code is disabled left out
  /// (by `--disable`, or for an XML input `source` named `file`, by a `numaschema-disable`
  /// directive, whose own findings join them), then the input's own warnings made errors with
  /// `strict` and every warning with `warningsAsErrors`, in source order.
  public func apply(_ findings: [Diagnostic], xml source: [UInt8]? = nil, file: String? = nil) -> [Diagnostic] {
    var kept =
      if let source, let file {
        Suppression.filter(findings, disabled: disabled, xml: source, file: file).diagnostics
      } else {
        Suppression.filter(findings, disabled: disabled).diagnostics
      }
    if strict { kept = kept.map { $0.severity == .warning && $0.code.isAboutTheInput ? $0.promotedToError() : $0 } }
    if warningsAsErrors { kept = kept.map { $0.severity == .warning ? $0.promotedToError() : $0 } }
    return kept.inSourceOrder()
  }
}

/// How a run reports: the format of findings and verdicts, and how much is said.
public struct ReportStyle: Sendable, Equatable {
  public var format: ReportFormat = .text
  /// Only findings: no verdict lines, notes or summaries (`--quiet`).
  public var quiet = false
  /// ANSI colour in text output (the CLI asks for it only on a terminal, NO_COLOR unset).
  public var colour = false
  /// The source line and a caret under each finding's column, in text output.
  public var excerpts = true

  /// Whether standard output carries one document (JSON or SARIF) and nothing else: no
  /// verdicts, no product lines, no findings written as they come.
  public var writesDocument: Bool { format == .json || format == .sarif }

  public init(format: ReportFormat = .text, quiet: Bool = false, colour: Bool = false) {
    self.format = format
    self.quiet = quiet
    self.colour = colour
  }
}
