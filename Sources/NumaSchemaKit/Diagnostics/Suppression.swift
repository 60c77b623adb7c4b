/// Silencing findings: `--disable CODE` for a whole run, and the inline comment
/// `<!-- numaschema-disable CODE -->` for one element of one document (shellcheck's
/// `# shellcheck disable=SC2086`, for XML).
///
/// Only warnings can be silenced. An error is something libvirt refuses; silencing it would make
/// numaschema call "valid" a guest that `virsh define` rejects. Whether a code may be silenced is
/// decided by the code, not by one finding: a code is silenceable when its findings are warnings
/// (`DiagnosticCode.defaultSeverity`). `xml-not-well-formed` is an error code, so libxml2's parser
/// warnings, which borrow it, cannot be silenced either.
///
/// Silencing goes by code, whatever severity the finding has by then: a warning that `--strict`
/// or `--warnings-as-errors` made an error is still silenced when its code is disabled, so it
/// does not matter whether the promotion happens before or after `Suppression.filter`.
public enum Suppression {
  /// The codes of the `--disable` options, in the order given: each value is one code, or
  /// several separated by commas (`--disable numa-number-form,fit-distances`). Throws for the
  /// first value that names no code, an unknown code (with the nearest code as a suggestion),
  /// or a code that is an error.
  public static func disabledCodes(fromOptions values: [String]) throws(DisableCodeError) -> Set<DiagnosticCode> {
    var codes = Set<DiagnosticCode>()
    for value in values {
      let names = value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
      if names.isEmpty { throw .noCode }
      for name in names {
        switch CodeName.verdict(on: name) {
        case .silenceable(let code): codes.insert(code)
        case .notAWarning(let code): throw .notAWarning(code)
        case .unknown: throw .unknown(name, suggestion: CodeName.suggestion(for: name))
        }
      }
    }
    return codes
  }

  /// The findings of a file that is not XML (an xl config, a host description): only the
  /// `--disable` codes apply.
  public static func filter(_ findings: [Diagnostic], disabled: Set<DiagnosticCode>) -> SuppressionOutcome {
    var outcome = SuppressionOutcome(diagnostics: [], silenced: [])
    for finding in findings {
      if isDisabled(finding.code, by: disabled) {
        outcome.silenced.append(finding)
      } else {
        outcome.diagnostics.append(finding)
      }
    }
    return outcome
  }

  /// The findings of one XML input, `source` its bytes and `file` its name as the findings give
  /// it: drops those whose code `disabled` names, and those an inline directive of `source`
  /// silences, then adds the directives' own findings (an unknown or error code, a directive
  /// followed by no element), which `--disable` and directives can silence in turn.
  ///
  /// A directive `<!-- numaschema-disable CODE[, CODE …] -->` silences findings with those codes
  /// positioned inside the element that follows it: from the `<` of its start tag to the `>` of
  /// its end tag (or of `/>`). Only white space, comments (other directives too) and processing
  /// instructions may come between; text, CDATA, an end tag, a DOCTYPE or the end of the file
  /// first leaves the directive attached to nothing. A finding with a line and no column is
  /// inside when the element covers any of that line; one without a line, or of another file,
  /// only `--disable` can silence. The bytes are scanned only when they contain
  /// `numaschema-` at all, in one pass; a document in UTF-16 has no directives.
  public static func filter(
    _ findings: [Diagnostic], disabled: Set<DiagnosticCode>, xml source: [UInt8], file: String
  ) -> SuppressionOutcome {
    guard DirectiveScanner.mentionsMarker(source) else { return filter(findings, disabled: disabled) }
    let scan = DirectiveScanner.scan(source)
    if scan.directives.isEmpty && scan.problems.isEmpty { return filter(findings, disabled: disabled) }
    let lines = SourceLines(bytes: source)
    let everything = findings + scan.problems.map { $0.diagnostic(file: file, lines: lines) }
    let coverage = DirectiveCoverage(directives: scan.directives, findings: everything, file: file, lines: lines)
    var outcome = SuppressionOutcome(diagnostics: [], silenced: [])
    for finding in everything {
      if isDisabled(finding.code, by: disabled) || (finding.file == file && coverage.covers(finding)) {
        outcome.silenced.append(finding)
      } else {
        outcome.diagnostics.append(finding)
      }
    }
    return outcome
  }

  static func isDisabled(_ code: DiagnosticCode, by disabled: Set<DiagnosticCode>) -> Bool {
    code.canBeDisabled && disabled.contains(code)
  }
}

extension DiagnosticCode {
  /// Whether `--disable` and inline directives may silence this code: its findings are warnings.
  /// An error is something libvirt refuses, and stays.
  public var canBeDisabled: Bool { defaultSeverity == .warning }
}

/// What is left of one input's findings once the silenced ones are gone.
public struct SuppressionOutcome: Sendable, Equatable {
  /// What to report, in the order given: the findings nobody silenced, then the findings about
  /// the directives themselves that nobody silenced.
  public var diagnostics: [Diagnostic]
  /// What was silenced, for a count in a summary.
  public var silenced: [Diagnostic]

  public init(diagnostics: [Diagnostic], silenced: [Diagnostic]) {
    self.diagnostics = diagnostics
    self.silenced = silenced
  }
}

/// Why a `--disable` value was refused: a usage error of the command line.
public enum DisableCodeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The value is empty, or only commas.
  case noCode
  /// No diagnostic has this code; `suggestion` is the nearest that one does.
  case unknown(String, suggestion: String?)
  /// The code's findings are errors, which cannot be silenced.
  case notAWarning(DiagnosticCode)

  public var description: String {
    switch self {
    case .noCode: return Messages.disableNamesNoCode()
    case .unknown(let name, let suggestion): return Messages.disableUnknownCode(name, suggestion: suggestion)
    case .notAWarning(let code): return Messages.disableErrorCode(code)
    }
  }
}

/// A code named by `--disable` or a directive, judged.
enum CodeName {
  enum Verdict: Equatable {
    case silenceable(DiagnosticCode)
    case notAWarning(DiagnosticCode)
    case unknown
  }

  /// Every code by its name: one hash per name a directive lists, where `init(rawValue:)`
  /// compares the name with the codes one by one.
  static let codesByName = Dictionary(uniqueKeysWithValues: DiagnosticCode.allCases.map { ($0.rawValue, $0) })

  static func verdict(on name: String) -> Verdict {
    guard let code = codesByName[name] else { return .unknown }
    return code.canBeDisabled ? .silenceable(code) : .notAWarning(code)
  }

  /// The code nearest a name that is none (among every code: naming an error code is then
  /// refused with the reason, which says more than no suggestion would).
  static func suggestion(for name: String) -> String? {
    // No code is longer than 40 letters, and a suggestion is at most three edits away.
    guard name.utf8.count <= 48 else { return nil }
    return Suggestion.closest(to: name, among: DiagnosticCode.allCases.lazy.map(\.rawValue))
  }
}

/// Which positions the directives of one input cover, code by code.
struct DirectiveCoverage {
  private let lines: SourceLines
  /// Each code's covered offsets: sorted, disjoint, merged ranges. Only codes that some finding
  /// of the file has are collected.
  private var ranges: [DiagnosticCode: [Range<Int>]] = [:]

  init(directives: [DirectiveScanner.Directive], findings: [Diagnostic], file: String, lines: SourceLines) {
    self.lines = lines
    let wanted = Set(findings.lazy.filter { $0.file == file && $0.line != nil && $0.code.canBeDisabled }.map(\.code))
    guard !wanted.isEmpty else { return }
    for directive in directives {
      guard let span = directive.span else { continue }
      for code in directive.codes where wanted.contains(code) { ranges[code, default: []].append(span) }
    }
    for (code, spans) in ranges { ranges[code] = Self.merged(spans) }
  }

  static func merged(_ spans: [Range<Int>]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = result.last, span.lowerBound <= last.upperBound {
        result[result.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
      } else {
        result.append(span)
      }
    }
    return result
  }

  /// Whether a directive covering the finding's code covers its position.
  func covers(_ finding: Diagnostic) -> Bool {
    guard finding.code.canBeDisabled, let spans = ranges[finding.code], let line = finding.line else { return false }
    if let column = finding.column {
      guard let offset = lines.offset(line: line, column: column) else { return false }
      return Self.last(in: spans, startingAtOrBefore: offset).map { $0.contains(offset) } ?? false
    }
    guard let range = lines.range(ofLine: line) else { return false }
    return Self.last(in: spans, startingAtOrBefore: range.upperBound).map { $0.upperBound > range.lowerBound } ?? false
  }

  private static func last(in spans: [Range<Int>], startingAtOrBefore offset: Int) -> Range<Int>? {
    var low = 0
    var high = spans.count
    while low < high {
      let middle = (low + high) / 2
      if spans[middle].lowerBound <= offset { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : spans[low - 1]
  }
}
