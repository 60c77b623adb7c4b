/// Finds the inline `<!-- numaschema-disable CODE[, CODE …] -->` directives of an XML input and
/// the element each one covers, in one pass over the bytes and without parsing the document.
///
/// The scanner knows as much XML as it needs to tell a comment from what only looks like one:
/// comments, CDATA sections, processing instructions, a DOCTYPE with an internal subset, quoted
/// attribute values (which may hold `>`), end tags and self-closing tags. Element nesting is
/// counted, not matched by name: a document whose tags do not nest is not well-formed, an
/// error no directive can silence. Memory grows with the number of directives, not with the
/// size or depth of the document; every construct left open runs to the end of the bytes.
enum DirectiveScanner {
  /// A directive with at least one code that can be silenced.
  struct Directive: Equatable {
    /// Offset of the comment's `<`.
    var offset: Int
    /// The codes it silences.
    var codes: [DiagnosticCode]
    /// The element it covers: from its start tag's `<` to past the `>` of its end tag or its
    /// `/>`; `nil` when it is followed by no element.
    var span: Range<Int>?
  }

  /// Something wrong with a directive, at the comment's `<`.
  struct Problem: Equatable {
    enum Kind: Equatable {
      case noCode
      case unknownCode(String, suggestion: String?)
      case errorCode(DiagnosticCode)
      case misspeltDirective(String)
      case unattached
    }

    var offset: Int
    var kind: Kind

    func diagnostic(file: String, lines: SourceLines) -> Diagnostic {
      let position = lines.position(of: offset)
      switch kind {
      case .noCode: return Messages.directiveNamesNoCode(file: file, at: position)
      case .unknownCode(let name, let suggestion):
        return Messages.directiveUnknownCode(file: file, name: name, suggestion: suggestion, at: position)
      case .errorCode(let code): return Messages.directiveErrorCode(file: file, code: code, at: position)
      case .misspeltDirective(let word): return Messages.directiveMisspelt(file: file, word: word, at: position)
      case .unattached: return Messages.directiveUnattached(file: file, at: position)
      }
    }
  }

  struct Result: Equatable {
    var directives: [Directive] = []
    /// In the order of the directives' offsets, except that a directive left unattached is
    /// reported when that is known (the next thing after it, or the end of the input).
    var problems: [Problem] = []
  }

  /// The text every directive, and every misspelling of one worth a hint, starts with.
  static let marker = Array("numaschema-".utf8)
  static let keyword = "numaschema-disable"
  /// Unknown codes get a did-you-mean for this many different names; past that (a hostile
  /// input with a million made-up codes) they get none, so that the hints cost no more than
  /// the scan.
  static let suggestionBudget = 100

  /// Whether the bytes have a comment and `marker` occurs in them: the test that spares every
  /// input without directives the scan (a directive is a comment). A comment first: its `!` is
  /// rare in a guest, where the marker's rarest byte is not.
  static func mentionsMarker(_ bytes: [UInt8]) -> Bool {
    ByteSearch.occurs(commentStart, in: bytes) && ByteSearch.occurs(marker, in: bytes)
  }

  static let commentStart = Array("<!--".utf8)

  static func scan(_ bytes: [UInt8]) -> Result {
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = Pass(bytes: buffer)
      scanner.run()
      return scanner.result
    }
  }

  /// One pass over the bytes.
  private struct Pass {
    let bytes: Bytes
    var result = Result()
    /// Directives from this index on wait for the next start tag.
    var pendingFrom = 0
    /// How many elements are open.
    var depth = 0
    /// The open elements that directives cover: the depth they were opened at and their
    /// directives' indices.
    var covered: [(depth: Int, directives: Range<Int>)] = []
    var suggestions: [String: String?] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = Bytes(bytes: bytes) }

    mutating func run() {
      let count = bytes.count
      var index = 0
      while index < count {
        let byte = bytes[index]
        if byte != UInt8(ascii: "<") {
          if pendingFrom < result.directives.count && !bytes.isSpace(byte) { leavePendingUnattached() }
          index += 1
          continue
        }
        if bytes.starts("<!--", at: index) {
          let end = bytes.find("-->", from: index + 4)
          // An unterminated comment is not well-formed; it is no directive either.
          if let end { examineComment(at: index, body: index + 4..<end) }
          index = (end ?? count - 3) + 3
        } else if bytes.starts("<![CDATA[", at: index) {
          leavePendingUnattached()
          index = (bytes.find("]]>", from: index + 9) ?? count - 3) + 3
        } else if bytes.starts("<?", at: index) {
          index = (bytes.find("?>", from: index + 2) ?? count - 2) + 2
        } else if bytes.starts("<!", at: index) {
          leavePendingUnattached()
          index = bytes.skipDeclaration(from: index + 2)
        } else if bytes.starts("</", at: index) {
          leavePendingUnattached()
          let end = bytes.find(">", from: index + 2).map { $0 + 1 } ?? count
          closeElement(end: end)
          index = end
        } else {
          index = openElement(at: index)
        }
      }
      leavePendingUnattached()
      while let open = covered.popLast() { close(open.directives, end: count) }
      // An unattached directive was found out late; report in the order of the comments.
      result.problems = result.problems.enumerated()
        .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
    }

    // MARK: Elements

    /// Reads the start tag at `start`; returns the offset past it.
    mutating func openElement(at start: Int) -> Int {
      let count = bytes.count
      var index = start + 1
      var quote: UInt8? = nil
      var end = count
      var selfClosing = true  // an unterminated tag runs to the end of the input
      while index < count {
        let byte = bytes[index]
        if let open = quote {
          if byte == open { quote = nil }
        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
          quote = byte
        } else if byte == UInt8(ascii: ">") {
          end = index + 1
          selfClosing = bytes[index - 1] == UInt8(ascii: "/") && index - 1 > start
          break
        }
        index += 1
      }
      let attached = pendingFrom..<result.directives.count
      pendingFrom = result.directives.count
      for directive in attached { result.directives[directive].span = start..<end }
      if !selfClosing {
        if !attached.isEmpty { covered.append((depth, attached)) }
        depth += 1
      }
      return end
    }

    mutating func closeElement(end: Int) {
      guard depth > 0 else { return }  // a stray end tag: not well-formed, nothing to close
      depth -= 1
      if let open = covered.last, open.depth == depth {
        covered.removeLast()
        close(open.directives, end: end)
      }
    }

    mutating func close(_ directives: Range<Int>, end: Int) {
      for directive in directives {
        let start = result.directives[directive].span?.lowerBound ?? end
        result.directives[directive].span = start..<end
      }
    }

    mutating func leavePendingUnattached() {
      let pending = pendingFrom..<result.directives.count
      guard !pending.isEmpty else { return }
      for directive in pending {
        result.problems.append(Problem(offset: result.directives[directive].offset, kind: .unattached))
      }
      pendingFrom = result.directives.count
    }

    // MARK: Comments

    mutating func examineComment(at start: Int, body: Range<Int>) {
      var index = body.lowerBound
      while index < body.upperBound, bytes.isSpace(bytes[index]) { index += 1 }
      guard bytes.starts("numaschema-", at: index, before: body.upperBound) else { return }
      let wordStart = index
      while index < body.upperBound, !bytes.isSpace(bytes[index]) { index += 1 }
      let word = bytes.text(wordStart..<index)
      guard word == keyword else {
        // A slip of the keyboard (`numaschema-disabel`) is worth a word; another
        // `numaschema-…` comment is not a directive and not ours to judge.
        if Suggestion.closest(to: word, among: [keyword]) != nil {
          result.problems.append(Problem(offset: start, kind: .misspeltDirective(word)))
        }
        return
      }
      var codes: [DiagnosticCode] = []
      var named = false
      while index < body.upperBound {
        let byte = bytes[index]
        if bytes.isSpace(byte) || byte == UInt8(ascii: ",") {
          index += 1
          continue
        }
        let nameStart = index
        while index < body.upperBound, !bytes.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ",") { index += 1 }
        named = true
        let name = bytes.text(nameStart..<index)
        switch CodeName.verdict(on: name) {
        case .silenceable(let code): if !codes.contains(code) { codes.append(code) }
        case .notAWarning(let code): result.problems.append(Problem(offset: start, kind: .errorCode(code)))
        case .unknown:
          result.problems.append(Problem(offset: start, kind: .unknownCode(name, suggestion: suggestion(for: name))))
        }
      }
      if !named { result.problems.append(Problem(offset: start, kind: .noCode)) }
      // A directive that silences nothing waits for no element: its problems say enough.
      if !codes.isEmpty { result.directives.append(Directive(offset: start, codes: codes, span: nil)) }
    }

    mutating func suggestion(for name: String) -> String? {
      if let known = suggestions[name] { return known }
      guard suggestions.count < DirectiveScanner.suggestionBudget else { return nil }
      let found = CodeName.suggestion(for: name)
      suggestions[name] = .some(found)
      return found
    }
  }

  /// The input and what the scan asks of it: kept apart from `Pass`, which a non-mutating
  /// method would otherwise copy, arrays and all, in a debug build.
  private struct Bytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }
    subscript(index: Int) -> UInt8 { bytes[index] }

    /// Skips `<!DOCTYPE …>` or another declaration from just after its `<!`, honouring quotes,
    /// the brackets of an internal subset and the comments and processing instructions in it;
    /// returns the offset past its `>`.
    func skipDeclaration(from start: Int) -> Int {
      var index = start
      var brackets = 0
      while index < count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
          index = (find(byte, from: index + 1) ?? count - 1) + 1
          continue
        }
        if starts("<!--", at: index) {
          index = (find("-->", from: index + 4) ?? count - 3) + 3
          continue
        }
        if starts("<?", at: index) {
          index = (find("?>", from: index + 2) ?? count - 2) + 2
          continue
        }
        switch byte {
        case UInt8(ascii: "["): brackets += 1
        case UInt8(ascii: "]"): brackets -= 1
        case UInt8(ascii: ">") where brackets <= 0: return index + 1
        default: break
        }
        index += 1
      }
      return count
    }

    func starts(_ literal: StaticString, at index: Int, before limit: Int? = nil) -> Bool {
      let length = literal.utf8CodeUnitCount
      guard index + length <= (limit ?? count) else { return false }
      let text = literal.utf8Start
      for offset in 0..<length where bytes[index + offset] != text[offset] { return false }
      return true
    }

    /// The offset of the next `literal` at or after `start`.
    func find(_ literal: StaticString, from start: Int) -> Int? {
      let length = literal.utf8CodeUnitCount
      let text = literal.utf8Start
      var index = start
      while index + length <= count {
        if bytes[index] == text[0] && starts(literal, at: index) { return index }
        index += 1
      }
      return nil
    }

    func find(_ byte: UInt8, from start: Int) -> Int? {
      var index = start
      while index < count {
        if bytes[index] == byte { return index }
        index += 1
      }
      return nil
    }

    func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
  }
}
