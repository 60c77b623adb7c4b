/// The wording of what silencing findings reports: refused `--disable` values and the findings
/// about inline `<!-- numaschema-disable CODE -->` directives.
extension Messages {
  /// Why only warnings can be silenced, said once for `--disable` and for directives.
  static let onlyWarningsCanBeDisabled =
    "only warnings can be disabled: libvirt refuses a guest with this error, and silencing it would call that guest valid"

  // MARK: --disable

  static func disableNamesNoCode() -> String {
    "--disable needs a diagnostic code, such as 'numa-number-form'"
  }

  static func disableUnknownCode(_ name: String, suggestion: String?) -> String {
    "--disable \(TerminalText.excerpt(name)): no diagnostic has this code" + didYouMean(suggestion)
  }

  static func disableErrorCode(_ code: DiagnosticCode) -> String {
    "--disable '\(code.rawValue)': this code is an error; " + onlyWarningsCanBeDisabled
  }

  // MARK: Inline directives

  static func directiveNamesNoCode(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .disableDirectiveInvalid,
      "numaschema-disable names no code, so it silences nothing: write <!-- numaschema-disable CODE --> before the element",
      file: file, at: position)
  }

  static func directiveUnknownCode(file: String, name: String, suggestion: String?, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .disableDirectiveInvalid,
      "numaschema-disable names \(TerminalText.excerpt(name)), which is no diagnostic code" + didYouMean(suggestion),
      file: file, at: position)
  }

  static func directiveErrorCode(file: String, code: DiagnosticCode, at position: SourcePosition) -> Diagnostic {
    make(
      .disableDirectiveInvalid,
      "numaschema-disable names '\(code.rawValue)', which is an error; \(onlyWarningsCanBeDisabled)",
      file: file, at: position)
  }

  static func directiveMisspelt(file: String, word: String, at position: SourcePosition) -> Diagnostic {
    make(
      .disableDirectiveInvalid,
      "\(TerminalText.excerpt(word)) is not a numaschema directive, so the comment silences nothing; did you mean 'numaschema-disable'?",
      file: file, at: position)
  }

  static func directiveUnattached(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .disableDirectiveUnattached,
      "numaschema-disable is not followed by an element, so it silences nothing: put it right before the start tag of the element it is for (only white space, comments and processing instructions may come between)",
      file: file, at: position)
  }

  private static func didYouMean(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
  }
}
