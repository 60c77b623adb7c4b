/// Colour in text output: ANSI SGR escapes, used only when `TerminalStyle.useColour` says so.
public enum TerminalStyle: Sendable, Equatable, CaseIterable {
  /// `error`: bold red.
  case error
  /// `warning`: bold yellow.
  case warning
  /// `path:line:col`: bold.
  case place
  /// The caret under the column: green.
  case caret
  /// `[code]`: dim.
  case code

  /// The escape that starts the style.
  public var start: String {
    switch self {
    case .error: return "\u{1B}[1;31m"
    case .warning: return "\u{1B}[1;33m"
    case .place: return "\u{1B}[1m"
    case .caret: return "\u{1B}[32m"
    case .code: return "\u{1B}[2m"
    }
  }

  /// The escape that ends every style.
  public static let reset = "\u{1B}[0m"

  /// `text` in this style when `colour`, else `text` as it is.
  public func apply(_ text: String, colour: Bool) -> String {
    colour && !text.isEmpty ? start + text + Self.reset : text
  }

  /// The style of a severity's name.
  public static func of(_ severity: Severity) -> TerminalStyle {
    severity == .error ? .error : .warning
  }

  /// Whether text output to a stream gets colour, from whether the stream is a terminal and
  /// the environment:
  /// - `NO_COLOR` set to anything but the empty string: never (no-color.org; it wins over
  ///   everything below, a user's "no" being the stronger wish);
  /// - `CLICOLOR_FORCE` set and not `0`: always, even into a pipe (bixense.com/clicolors);
  /// - `TERM=dumb`, or `CLICOLOR=0`: never;
  /// - otherwise: when the stream is a terminal.
  public static func useColour(isTerminal: Bool, environment: [String: String]) -> Bool {
    if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
    if let force = environment["CLICOLOR_FORCE"], !force.isEmpty, force != "0" { return true }
    if environment["TERM"] == "dumb" || environment["CLICOLOR"] == "0" { return false }
    return isTerminal
  }
}

/// The text form of a finding, with its source excerpt and colour when asked: the form text
/// output prints.
public enum DiagnosticText {
  /// `path:line:col: severity: message [code]` (`ReportRenderer.text` is this, plain),
  /// then the excerpt's lines (`SourceExcerpt.lines`) when there is one; lines joined by `\n`,
  /// with no newline at the end. With `colour`, the place is bold, the severity bold red or
  /// yellow, the code dim and the caret green; without, there is no escape at all. The file
  /// name and the message are made safe with `TerminalText`, the excerpt already is.
  public static func render(_ diagnostic: Diagnostic, excerpt: SourceExcerpt?, colour: Bool) -> String {
    var place = TerminalText.safe(diagnostic.file)
    if let line = diagnostic.line {
      place += ":\(line)"
      if let column = diagnostic.column { place += ":\(column)" }
    }
    var text = TerminalStyle.place.apply(place, colour: colour) + ": "
    text += TerminalStyle.of(diagnostic.severity).apply(diagnostic.severity.rawValue, colour: colour) + ": "
    text += TerminalText.safe(diagnostic.message) + " "
    text += TerminalStyle.code.apply("[\(diagnostic.code.rawValue)]", colour: colour)
    guard let excerpt else { return text }
    let number = String(excerpt.lineNumber)
    text += "\n" + excerpt.gutter(number) + excerpt.text
    if let caret = excerpt.caret {
      // The caret's lead (spaces and tabs) stays plain; only the `^` is coloured.
      let lead = String(caret.dropLast())
      text +=
        "\n" + excerpt.gutter(String(repeating: " ", count: number.count)) + lead
        + TerminalStyle.caret.apply("^", colour: colour)
    }
    return text
  }
}
