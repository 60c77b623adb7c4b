/// One word of a QEMU command line: its text after quoting is undone, and where each of its
/// bytes came from in the file, so that a finding about a key deep inside a quoted `-object`
/// points at that key.
struct QEMUWord: Sendable, Equatable {
  /// Where a run of the word's bytes starts in the file: the run is contiguous there.
  struct Segment: Sendable, Equatable {
    var offset: Int
    var line: Int
    var column: Int
  }

  var text: String
  var segments: [Segment]

  /// Where the word starts.
  var position: SourcePosition { position(at: 0) }

  /// Where the byte at UTF-8 offset `offset` of the text came from.
  func position(at offset: Int) -> SourcePosition {
    var low = 0
    var high = segments.count - 1
    guard high >= 0 else { return .unknown }
    while low < high {
      let middle = (low + high + 1) / 2
      if segments[middle].offset <= offset { low = middle } else { high = middle - 1 }
    }
    let segment = segments[low]
    return SourcePosition(line: segment.line, column: segment.column + max(0, offset - segment.offset))
  }
}

/// Why a command line's text is not a list of words; `Messages.qemuSyntax` words it.
enum QEMUSyntaxProblem: Sendable, Equatable {
  case unterminatedQuote(UInt8)
  case trailingBackslash
  /// A character the shell would act on (`$`, a backtick, `|`, `;`, `&`, `<`, `>`, `(`, `)`):
  /// the file is a command to be run by a shell, not a list of words.
  case shellFeature(UInt8)
  case notUTF8
}

/// A problem in the text and where it is.
struct QEMUSyntaxFailure: Sendable, Equatable {
  var problem: QEMUSyntaxProblem
  var position: SourcePosition
}

/// Splits a QEMU command line into words, the way a POSIX shell reads the `.args` files libvirt
/// writes: blanks and newlines separate words, a backslash-newline joins lines, single quotes
/// keep everything, double quotes keep everything but `\"`, `\\`, `\$`, a backquote and
/// backslash-newline, an unquoted backslash keeps the next character, and `#` at the start of a
/// word comments out the rest of the line. `/proc/PID/cmdline` is read as it is, words ended by
/// NUL bytes (any NUL in the input means that form). Nothing is expanded: a `$`, a backquote or
/// a shell operator is a finding, not a guess.
enum QEMUArgumentReader {
  static func words(_ bytes: [UInt8]) -> (words: [QEMUWord], problems: [QEMUSyntaxFailure]) {
    bytes.contains(0) ? nulSeparated(bytes) : shellWords(bytes)
  }

  /// `/proc/PID/cmdline`: every word ends with a NUL; positions are line 1 and the byte column.
  static func nulSeparated(_ bytes: [UInt8]) -> (words: [QEMUWord], problems: [QEMUSyntaxFailure]) {
    var words: [QEMUWord] = []
    var problems: [QEMUSyntaxFailure] = []
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0 { end += 1 }
      let segment = QEMUWord.Segment(offset: 0, line: 1, column: start + 1)
      if let text = String(validating: bytes[start..<end], as: UTF8.self) {
        words.append(QEMUWord(text: text, segments: [segment]))
      } else {
        problems.append(QEMUSyntaxFailure(problem: .notUTF8, position: SourcePosition(line: 1, column: start + 1)))
      }
      start = end + 1
    }
    return (words, problems)
  }

  /// The bytes the shell acts on outside quotes.
  static let shellOperators: Set<UInt8> = Set("|&;<>()$`".utf8)

  static func shellWords(_ bytes: [UInt8]) -> (words: [QEMUWord], problems: [QEMUSyntaxFailure]) {
    var builder = WordBuilder()
    var problems: [QEMUSyntaxFailure] = []
    var index = 0
    var line = 1
    var lineStart = 0
    func position(_ offset: Int) -> SourcePosition { SourcePosition(line: line, column: offset - lineStart + 1) }
    /// Steps over the newline at `offset` (a backslash-newline or a newline inside quotes).
    func newline(at offset: Int) {
      line += 1
      lineStart = offset + 1
    }
    let newlineByte = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), carriageReturn:
        builder.end(into: &problems)
        index += 1
      case newlineByte:
        builder.end(into: &problems)
        newline(at: index)
        index += 1
      case UInt8(ascii: "#") where !builder.inWord:
        while index < bytes.count && bytes[index] != newlineByte { index += 1 }
      case UInt8(ascii: "\\"):
        builder.begin(at: position(index))
        // A backslash before CR LF joins the lines too (a file saved with CRLF ends).
        var next = index + 1
        if next + 1 < bytes.count && bytes[next] == carriageReturn && bytes[next + 1] == newlineByte { next += 1 }
        guard next < bytes.count else {
          problems.append(QEMUSyntaxFailure(problem: .trailingBackslash, position: position(index)))
          index += 1
          continue
        }
        if bytes[next] == newlineByte {
          newline(at: next)
        } else {
          builder.append(bytes[next], from: position(next))
        }
        index = next + 1
      case UInt8(ascii: "'"):
        builder.begin(at: position(index))
        let open = position(index)
        var cursor = index + 1
        while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "'") {
          builder.append(bytes[cursor], from: position(cursor))
          if bytes[cursor] == newlineByte { newline(at: cursor) }
          cursor += 1
        }
        guard cursor < bytes.count else {
          problems.append(QEMUSyntaxFailure(problem: .unterminatedQuote(byte), position: open))
          builder.discard()
          return ([], problems)
        }
        index = cursor + 1
      case UInt8(ascii: "\""):
        builder.begin(at: position(index))
        let open = position(index)
        var cursor = index + 1
        while cursor < bytes.count && bytes[cursor] != UInt8(ascii: "\"") {
          let inner = bytes[cursor]
          if inner == UInt8(ascii: "\\"), cursor + 1 < bytes.count {
            let escaped = bytes[cursor + 1]
            if escaped == newlineByte {
              newline(at: cursor + 1)
              cursor += 2
              continue
            }
            if "$`\"\\".utf8.contains(escaped) {
              builder.append(escaped, from: position(cursor + 1))
              cursor += 2
              continue
            }
          } else if inner == UInt8(ascii: "$") || inner == UInt8(ascii: "`") {
            problems.append(QEMUSyntaxFailure(problem: .shellFeature(inner), position: position(cursor)))
          }
          builder.append(inner, from: position(cursor))
          if inner == newlineByte { newline(at: cursor) }
          cursor += 1
        }
        guard cursor < bytes.count else {
          problems.append(QEMUSyntaxFailure(problem: .unterminatedQuote(byte), position: open))
          builder.discard()
          return ([], problems)
        }
        index = cursor + 1
      default:
        if shellOperators.contains(byte) {
          problems.append(QEMUSyntaxFailure(problem: .shellFeature(byte), position: position(index)))
        }
        builder.begin(at: position(index))
        builder.append(byte, from: position(index))
        index += 1
      }
    }
    builder.end(into: &problems)
    return (builder.words, problems)
  }
}

/// Collects one word's bytes and where they came from.
private struct WordBuilder {
  var words: [QEMUWord] = []
  private var bytes: [UInt8] = []
  private var segments: [QEMUWord.Segment] = []
  private var start = SourcePosition.unknown
  private(set) var inWord = false

  /// Starts a word at `position` unless one is open (an empty quoted word `''` is a word).
  mutating func begin(at position: SourcePosition) {
    if !inWord {
      inWord = true
      start = position
    }
  }

  mutating func append(_ byte: UInt8, from position: SourcePosition) {
    let line = position.line ?? 0
    let column = position.column ?? 0
    if let last = segments.last, last.line == line, last.column + (bytes.count - last.offset) == column {
      // Contiguous with the run before it.
    } else {
      segments.append(QEMUWord.Segment(offset: bytes.count, line: line, column: column))
    }
    bytes.append(byte)
  }

  mutating func discard() {
    bytes = []
    segments = []
    inWord = false
  }

  mutating func end(into problems: inout [QEMUSyntaxFailure]) {
    guard inWord else { return }
    if segments.isEmpty {
      segments = [QEMUWord.Segment(offset: 0, line: start.line ?? 0, column: start.column ?? 0)]
    }
    if let text = String(validating: bytes, as: UTF8.self) {
      words.append(QEMUWord(text: text, segments: segments))
    } else {
      problems.append(QEMUSyntaxFailure(problem: .notUTF8, position: start))
    }
    discard()
  }
}
