/// Reads Xen xl config files (`xl.cfg(5)`) the way xl itself does (libxlu's lexer and grammar):
///
/// - statements `key = value` or `key += value`, ended by a newline or `;`; empty statements are
///   fine, and the last statement may lack its newline;
/// - keys `[a-z][._0-9a-z]*`; values are quoted strings (one line, xl's escapes), numbers
///   `[0-9][0-9a-fx]*` kept as text, or lists `[ … ]`, nested, with a trailing comma allowed and
///   newlines and comments anywhere inside;
/// - `#` comments run to the end of the line and count as a newline, so a comment on the last
///   line needs its newline;
/// - only spaces and tabs separate tokens: a carriage return, a `-` sign, a bare word, a
///   backslash (there is no line continuation) or any other byte is an error.
///
/// Parsing stops at the first structural error; bad escapes, invalid UTF-8 in strings and `+=`
/// of mismatched kinds are reported without stopping. Any error means no config. There is no
/// recursion: lists are parsed with an explicit stack, at most ``maximumNesting`` deep.
public enum XLConfigParser {
  /// How deep lists may nest. xl has no limit; real configs nest two levels (`vnuma`).
  public static let maximumNesting = 256

  /// Parses `bytes`; `file` names the input in diagnostics. The config is `nil` when there is
  /// any error; every diagnostic has a 1-based line and byte column.
  public static func parse(_ bytes: [UInt8], file: String) -> (config: XLConfig?, diagnostics: [Diagnostic]) {
    var parser = XLStatementParser(bytes: bytes)
    parser.run()
    let diagnostics = parser.problems.map { Messages.xlSyntax($0.problem, file: file, at: $0.position) }.inSourceOrder()
    return (diagnostics.isEmpty ? XLConfig(settings: parser.settings) : nil, diagnostics)
  }
}

/// What a token is, for the parser and for messages that say what was found.
enum XLTokenKind: Sendable, Equatable {
  case word(String)
  case number(String)
  case string(String)
  case open
  case close
  case comma
  case equals
  case plusEquals
  case semicolon
  case newline
  case end
}

/// Every way an xl config can fail to parse; `Messages.xlSyntax` words them.
enum XLSyntaxProblem: Sendable, Equatable {
  case carriageReturn
  case nulByte
  case nonASCII(UInt8)
  case controlCharacter(UInt8)
  case unexpectedCharacter(UInt8)
  case upperCase(UInt8)
  case backslashOutsideString
  case minusSign
  case lonePlus
  case unterminatedString(quote: UInt8)
  case invalidEscape(UInt8)
  case numericEscape(UInt8)
  case nulInString
  case stringNotUTF8
  case commentWithoutNewline
  case expectedKey(found: XLTokenKind)
  case expectedAssignment(key: String, found: XLTokenKind)
  case expectedValue(key: String, found: XLTokenKind)
  case bareWord(String)
  case expectedEndOfStatement(key: String, found: XLTokenKind)
  case expectedCommaOrClose(found: XLTokenKind)
  case unexpectedComma
  case unexpectedInList(found: XLTokenKind)
  case unterminatedList
  case nestingTooDeep(limit: Int)
  case appendMismatch(key: String, previousIsList: Bool)
}

/// A problem and where it is.
struct XLSyntaxFailure: Error, Sendable {
  var problem: XLSyntaxProblem
  var position: SourcePosition
}

struct XLToken: Sendable {
  var kind: XLTokenKind
  var position: SourcePosition
}

/// libxlu's lexer over raw bytes. Positions are 1-based lines and byte columns.
struct XLLexer {
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  /// Problems inside a token that do not stop the parse (escapes, encoding).
  private(set) var softProblems: [XLSyntaxFailure] = []

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private func position(_ offset: Int) -> SourcePosition {
    SourcePosition(line: line, column: offset - lineStart + 1)
  }

  private func fail(_ problem: XLSyntaxProblem, at offset: Int) -> XLSyntaxFailure {
    XLSyntaxFailure(problem: problem, position: position(offset))
  }

  private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// The next token; throws at the first byte no xl token can start with.
  mutating func next() throws(XLSyntaxFailure) -> XLToken {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    guard index < bytes.count else { return XLToken(kind: .end, position: position(index)) }
    let start = index
    let byte = bytes[start]
    func single(_ kind: XLTokenKind) -> XLToken {
      index += 1
      return XLToken(kind: kind, position: position(start))
    }
    switch byte {
    case 0x0A:
      let token = XLToken(kind: .newline, position: position(start))
      startLine(after: start)
      return token
    case UInt8(ascii: "#"):
      // A comment and its newline are one newline token; anything may be inside.
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      guard end < bytes.count else { throw fail(.commentWithoutNewline, at: start) }
      let token = XLToken(kind: .newline, position: position(start))
      startLine(after: end)
      return token
    case UInt8(ascii: "["): return single(.open)
    case UInt8(ascii: "]"): return single(.close)
    case UInt8(ascii: ","): return single(.comma)
    case UInt8(ascii: "="): return single(.equals)
    case UInt8(ascii: ";"): return single(.semicolon)
    case UInt8(ascii: "+"):
      guard start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "=") else { throw fail(.lonePlus, at: start) }
      index += 2
      return XLToken(kind: .plusEquals, position: position(start))
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      return try string(quote: byte)
    case _ where XLLexer.isDigit(byte):
      index += 1
      while index < bytes.count {
        let next = bytes[index]
        guard XLLexer.isDigit(next) || (next >= 0x61 && next <= 0x66) || next == UInt8(ascii: "x") else { break }
        index += 1
      }
      return XLToken(kind: .number(String(decoding: bytes[start..<index], as: UTF8.self)), position: position(start))
    case _ where XLLexer.isLower(byte):
      index += 1
      while index < bytes.count {
        let next = bytes[index]
        guard XLLexer.isLower(next) || XLLexer.isDigit(next) || next == UInt8(ascii: "_") || next == UInt8(ascii: ".")
        else { break }
        index += 1
      }
      return XLToken(kind: .word(String(decoding: bytes[start..<index], as: UTF8.self)), position: position(start))
    case 0x0D: throw fail(.carriageReturn, at: start)
    case 0x00: throw fail(.nulByte, at: start)
    case UInt8(ascii: "\\"): throw fail(.backslashOutsideString, at: start)
    case UInt8(ascii: "-"): throw fail(.minusSign, at: start)
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): throw fail(.upperCase(byte), at: start)
    case 0x80...: throw fail(.nonASCII(byte), at: start)
    case ..<0x20, 0x7F: throw fail(.controlCharacter(byte), at: start)
    default: throw fail(.unexpectedCharacter(byte), at: start)
    }
  }

  private mutating func startLine(after newline: Int) {
    index = newline + 1
    line += 1
    lineStart = index
  }

  /// A quoted string on one line, with xl's escapes resolved (`xlu__cfgl_dequote`).
  private mutating func string(quote: UInt8) throws(XLSyntaxFailure) -> XLToken {
    let start = index
    var cursor = start + 1
    var content: [UInt8] = []
    var hasNUL = false
    while true {
      guard cursor < bytes.count, bytes[cursor] != 0x0A else {
        throw fail(.unterminatedString(quote: quote), at: start)
      }
      let byte = bytes[cursor]
      if byte == quote { break }
      switch byte {
      case 0x0D:
        throw fail(.carriageReturn, at: cursor)
      case UInt8(ascii: "\\"):
        guard cursor + 1 < bytes.count, bytes[cursor + 1] != 0x0A else {
          throw fail(.unterminatedString(quote: quote), at: start)
        }
        let escaped = bytes[cursor + 1]
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): content.append(escaped)
        case UInt8(ascii: "a"): content.append(0x07)
        case UInt8(ascii: "b"): content.append(0x08)
        case UInt8(ascii: "f"): content.append(0x0C)
        case UInt8(ascii: "n"): content.append(0x0A)
        case UInt8(ascii: "r"): content.append(0x0D)
        case UInt8(ascii: "t"): content.append(0x09)
        case UInt8(ascii: "v"): content.append(0x0B)
        case UInt8(ascii: "x"), UInt8(ascii: "0")...UInt8(ascii: "7"):
          softProblems.append(fail(.numericEscape(escaped), at: cursor))
        default:
          softProblems.append(fail(.invalidEscape(escaped), at: cursor))
        }
        cursor += 2
        continue
      case 0x00:
        if !hasNUL { softProblems.append(fail(.nulInString, at: cursor)) }
        hasNUL = true
      default:
        content.append(byte)
      }
      cursor += 1
    }
    index = cursor + 1
    let text: String
    if let valid = String(validating: content, as: UTF8.self) {
      text = valid
    } else {
      softProblems.append(fail(.stringNotUTF8, at: start))
      text = String(decoding: content, as: UTF8.self)
    }
    return XLToken(kind: .string(text), position: position(start))
  }
}

/// libxlu's grammar, without recursion.
struct XLStatementParser {
  private var lexer: XLLexer
  private(set) var settings: [XLSetting] = []
  /// Whether each key's value so far is a list, to check `+=`.
  private var holdsList: [String: Bool] = [:]
  private var failures: [XLSyntaxFailure] = []

  init(bytes: [UInt8]) {
    lexer = XLLexer(bytes: bytes)
  }

  /// Every problem found, soft ones included, in the order found.
  var problems: [XLSyntaxFailure] { lexer.softProblems + failures }

  mutating func run() {
    do {
      try statements()
    } catch {
      failures.append(error)
    }
  }

  private mutating func statements() throws(XLSyntaxFailure) {
    while true {
      let token = try lexer.next()
      switch token.kind {
      case .end:
        return
      case .newline, .semicolon:
        continue
      case .word(let key):
        let operatorToken = try lexer.next()
        let operation: XLSetting.Operation
        switch operatorToken.kind {
        case .equals: operation = .assign
        case .plusEquals: operation = .append
        default:
          throw XLSyntaxFailure(
            problem: .expectedAssignment(key: key, found: operatorToken.kind), position: operatorToken.position)
        }
        let value = try self.value(for: key)
        record(XLSetting(key: key, operation: operation, value: value, position: token.position))
        let end = try lexer.next()
        switch end.kind {
        case .end: return
        case .newline, .semicolon: continue
        default:
          throw XLSyntaxFailure(problem: .expectedEndOfStatement(key: key, found: end.kind), position: end.position)
        }
      default:
        throw XLSyntaxFailure(problem: .expectedKey(found: token.kind), position: token.position)
      }
    }
  }

  private mutating func record(_ setting: XLSetting) {
    let isList = setting.value.isList
    if setting.operation == .append, let previous = holdsList[setting.key] {
      if previous != isList {
        failures.append(
          XLSyntaxFailure(
            problem: .appendMismatch(key: setting.key, previousIsList: previous), position: setting.value.position))
      }
    } else {
      holdsList[setting.key] = isList
    }
    settings.append(setting)
  }

  private struct Frame {
    enum State { case start, afterElement, afterComma }
    var items: [XLValue] = []
    var position: SourcePosition
    var state = State.start
  }

  /// A value: an atom, or a list parsed with an explicit stack of open lists.
  private mutating func value(for key: String) throws(XLSyntaxFailure) -> XLValue {
    let first = try lexer.next()
    switch first.kind {
    case .string(let text): return .string(text, at: first.position)
    case .number(let text): return .number(text, at: first.position)
    case .open: break
    case .word(let word): throw XLSyntaxFailure(problem: .bareWord(word), position: first.position)
    default: throw XLSyntaxFailure(problem: .expectedValue(key: key, found: first.kind), position: first.position)
    }
    var stack = [Frame(position: first.position)]
    while true {
      let token = try lexer.next()
      let top = stack.count - 1
      switch token.kind {
      case .newline:
        continue
      case .end:
        throw XLSyntaxFailure(problem: .unterminatedList, position: stack[top].position)
      case .close:
        let frame = stack.removeLast()
        let list = XLValue.list(frame.items, at: frame.position)
        guard !stack.isEmpty else { return list }
        stack[top - 1].items.append(list)
        stack[top - 1].state = .afterElement
      case .comma:
        guard stack[top].state == .afterElement else {
          throw XLSyntaxFailure(problem: .unexpectedComma, position: token.position)
        }
        stack[top].state = .afterComma
      case .string, .number, .open:
        guard stack[top].state != .afterElement else {
          throw XLSyntaxFailure(problem: .expectedCommaOrClose(found: token.kind), position: token.position)
        }
        switch token.kind {
        case .string(let text):
          stack[top].items.append(.string(text, at: token.position))
          stack[top].state = .afterElement
        case .number(let text):
          stack[top].items.append(.number(text, at: token.position))
          stack[top].state = .afterElement
        default:
          guard stack.count < XLConfigParser.maximumNesting else {
            throw XLSyntaxFailure(
              problem: .nestingTooDeep(limit: XLConfigParser.maximumNesting), position: token.position)
          }
          stack.append(Frame(position: token.position))
        }
      case .word(let word):
        throw XLSyntaxFailure(problem: .bareWord(word), position: token.position)
      case .equals, .plusEquals, .semicolon:
        throw XLSyntaxFailure(problem: .unexpectedInList(found: token.kind), position: token.position)
      }
    }
  }
}
