/// The result of canonicalizing one input: the canonical text, or the findings that refused it.
public struct CanonicalizationResult: Sendable {
  /// The validation report (findings are those of `validate`).
  public var report: FileReport
  /// The canonical document, `nil` when the input is invalid.
  public var canonical: String?
}

/// Puts guests in the canonical form of `docs/canonical-form.md`: `<cpu>`'s `<numa>` and
/// `<numatune>` are written anew as libvirt writes them (`canonicalize.xsl`, run in-process by
/// libxslt, with Swift extension functions over the validated model) and spliced into the
/// file's bytes in place of the originals; every other byte stays.
public struct Canonicalizer: Sendable {
  public let validator: Validator
  public var distances: DistancesMode

  /// Compiles the canonicalization stylesheet now, if it is not compiled yet (it is compiled
  /// once per process, on first use otherwise): for a start that does other work on another
  /// core meanwhile. Call it while no other thread transforms (its compiler reports through
  /// libxslt's process-wide handler).
  public static func prepare() {
    _ = try? Stylesheet.canonicalize()
  }

  public init(validator: Validator, distances: DistancesMode = .full) {
    self.validator = validator
    self.distances = distances
  }

  /// Validates, then rewrites the NUMA parts. Invalid input is refused with `validate`'s findings.
  public func canonicalize(bytes: [UInt8], file: String) throws(StylesheetError) -> CanonicalizationResult {
    // asis rewrites the <sibling>s as given, so it needs them all in the tree; full and minimal
    // write them from the completed matrix.
    let checked = validator.check(bytes: bytes, file: file, setAsideSiblings: distances != .asis)
    var report = checked.report
    let anchors = checked.anchors
    guard report.isValid, let document = checked.document, let guest = report.guest else {
      return CanonicalizationResult(report: report, canonical: nil)
    }
    let topology = guest.numa ?? NUMATopology(cells: [], distances: DistanceMatrix(count: 0))
    // A guest that gives no distance gets none (nothing to complete: minimal and full agree);
    // one that gives some gets its full matrix only up to `DistanceMatrix.everyPairLimit` cells.
    var mode = distances
    if mode == .full && topology.distances.isEmpty { mode = .minimal }
    if mode == .full && topology.cells.count > DistanceMatrix.everyPairLimit {
      report.diagnostics.append(
        Messages.canonicalFullTooLarge(
          file: file, cells: topology.cells.count, limit: DistanceMatrix.everyPairLimit,
          at: anchors.element("cpu/numa")))
      return CanonicalizationResult(report: report, canonical: nil)
    }
    let text = checked.text
    let parts = anchors.canonicalParts
    let elements = [parts.numa, parts.numatune]
    guard elements.contains(where: { $0 != nil }) else {
      return CanonicalizationResult(report: report, canonical: try CanonicalSplice.string(text))
    }
    let found = try CanonicalSplice.locate(elements, in: text, document: document)
    let marker = CanonicalDistances.rowMarker(avoiding: text)
    let functions = ExtensionFunctions(topology: topology, numatune: guest.references.numatune)
    let output = try Stylesheet.canonicalize().transform(
      document,
      parameters: [
        "distances": mode.rawValue, "row-marker": marker,
        "numa-indent": found[0].map { CanonicalSplice.indentation(of: $0, in: text) } ?? "",
        "numatune-indent": found[1].map { CanonicalSplice.indentation(of: $0, in: text) } ?? "",
      ],
      functions: functions)
    let halves = CanonicalSplice.split(Array(output.utf8), at: Array("<?\(marker) numatune?>".utf8))
    // The parts go in first, with their rows' markers; the rows are then written in the
    // markers' places in one pass over the result (at the file's line ends), so that the rows
    // (43 MB for 1,024 cells) are never held twice.
    let spliced = CanonicalSplice.splice(
      [(found[0], halves.first), (found[1], halves.second)].compactMap { span, replacement in
        span.map { (span: $0, replacement: replacement) }
      }, into: text)
    let canonical = try CanonicalDistances.expandRows(
      in: spliced, marker: marker, matrix: topology.distances, needed: mode == .minimal ? functions.needed : nil,
      crlf: found[0].map { CanonicalSplice.usesCRLF(around: $0, in: text) } ?? false)
    return CanonicalizationResult(report: report, canonical: canonical)
  }
}

/// The byte work of the canonical form: the file's text, where its NUMA parts are, and the
/// splicing of their canonical text in their place.
enum CanonicalSplice {
  /// The canonical text as a string. A valid guest was read as UTF-8 (as libvirt reads it), so
  /// its bytes are; the check stays so that no byte is ever replaced silently.
  static func string(_ bytes: [UInt8]) throws(StylesheetError) -> String {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw .transformFailed(messages: [Messages.canonicalFormNeedsUTF8])
    }
    return text
  }

  /// The spans of `elements` (each `nil` stays `nil`) in `text`.
  static func locate(
    _ elements: [SourceElement?], in text: [UInt8], document: ParsedDocument
  ) throws(StylesheetError) -> [Range<Int>?] {
    try locate(elements.map { $0?.spanRequest }, in: text, document: document)
  }

  /// The spans of the elements `requests` names (by ordinal and name), as `locate(_:in:document:)`.
  static func locate(
    _ requests: [ElementSpans.Request?], in text: [UInt8], document: ParsedDocument
  ) throws(StylesheetError) -> [Range<Int>?] {
    let present = requests.compactMap { $0 }
    let failure = StylesheetError.transformFailed(messages: [Messages.numaPartsNotFound])
    // An entity whose text holds markup adds elements the text does not show: the ordinals then
    // line up only if no such entity is used before or inside the parts.
    if document.entitiesMayAddElements() {
      guard let total = document.domainSource(keeping: [])?.elementCount,
        ElementSpans.startTagCount(in: text) == total
      else { throw failure }
    }
    guard
      let spans = ElementSpans.find(present, in: text)
    else { throw failure }
    var next = spans.makeIterator()
    return requests.map { $0 == nil ? nil : next.next() }
  }

  /// The indentation of the line `span` starts on: its spaces and tabs up to the first other
  /// byte (the element's own start when it begins the line).
  static func indentation(of span: Range<Int>, in text: [UInt8]) -> String {
    var lineStart = span.lowerBound
    while lineStart > 0 && text[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var end = lineStart
    while end < span.lowerBound && (text[end] == 0x20 || text[end] == 0x09) { end += 1 }
    return String(decoding: text[lineStart..<end], as: UTF8.self)
  }

  /// `bytes` before and after the first `separator`.
  static func split(_ bytes: [UInt8], at separator: [UInt8]) -> (first: [UInt8], second: [UInt8]) {
    guard !separator.isEmpty, bytes.count >= separator.count else { return (bytes, []) }
    for index in 0...(bytes.count - separator.count)
    where bytes[index] == separator[0] && bytes[index..<(index + separator.count)].elementsEqual(separator) {
      return (Array(bytes[..<index]), Array(bytes[(index + separator.count)...]))
    }
    return (bytes, [])
  }

  /// `text` with each span replaced. The replacements' line ends follow the file's: where the
  /// line a span starts on ends in CR LF, each LF of its replacement becomes CR LF.
  static func splice(_ replacements: [(span: Range<Int>, replacement: [UInt8])], into text: [UInt8]) -> [UInt8] {
    let ordered = replacements.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }).map {
      (span: $0.span, replacement: $0.replacement, crlf: usesCRLF(around: $0.span, in: text))
    }
    // Exactly the bytes written: for a 1,024-cell guest the text and its rows are 43 MB each.
    var size = text.count
    for (span, replacement, crlf) in ordered {
      size += replacement.count - span.count
      if crlf { size += replacement.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
    }
    var output: [UInt8] = []
    output.reserveCapacity(size)
    var copied = 0
    for (span, replacement, crlf) in ordered {
      output.append(contentsOf: text[copied..<span.lowerBound])
      if crlf {
        for byte in replacement {
          if byte == UInt8(ascii: "\n") { output.append(UInt8(ascii: "\r")) }
          output.append(byte)
        }
      } else {
        output.append(contentsOf: replacement)
      }
      copied = span.upperBound
    }
    output.append(contentsOf: text[copied...])
    return output
  }

  /// Whether the line ends near `span` are CR LF: the first one inside it, else the one after
  /// it, else the one before it.
  static func usesCRLF(around span: Range<Int>, in text: [UInt8]) -> Bool {
    if let newline = text[span.lowerBound...].firstIndex(of: UInt8(ascii: "\n")) {
      return newline > 0 && text[newline - 1] == UInt8(ascii: "\r")
    }
    if let newline = text[..<span.lowerBound].lastIndex(of: UInt8(ascii: "\n")) {
      return newline > 0 && text[newline - 1] == UInt8(ascii: "\r")
    }
    return false
  }
}
