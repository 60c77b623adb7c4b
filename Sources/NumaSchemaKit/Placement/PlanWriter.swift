/// Why a plan could not be written into its guest file.
public struct PlanWriterError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

/// Writes a plan into the text of its guest: `<numatune>` replaced (or added), the
/// `<vcpupin>`s and `<emulatorpin>` of `<cputune>` replaced (the rest of `<cputune>` kept, the
/// element added when there is none), and `<hugepages>` of `<memoryBacking>` replaced by pages
/// that name their cells. Everything else stays byte for byte; new elements go before
/// `</domain>` at the indentation of the domain's children, in the file's line ends.
enum PlanWriter {
  static func write(_ plan: FitPlanner.Plan, into checked: CheckedGuest) throws(PlanWriterError) -> [UInt8] {
    let text = checked.text
    guard checked.report.isValid, let document = checked.document, let domain = checked.anchors.domainSource else {
      throw PlanWriterError(description: Messages.planNotWritable(checked.report.path))
    }
    let numatune = domain.first("numatune")
    let cputune = domain.first("cputune")
    let hugepages = domain.first("memoryBacking")?.firstChild(named: "hugepages")
    let pins = (cputune?.children ?? []).filter { ["vcpupin", "emulatorpin"].contains($0.name) }
    let root = ElementSpans.Request(ordinal: domain.rootOrdinal, name: domain.rootName)
    let firstChild = domain.children.first.map { ElementSpans.Request(ordinal: $0.ordinal, name: $0.name) }
    let located: [Range<Int>?]
    let rootSpan: Range<Int>?
    do throws(StylesheetError) {
      located = try CanonicalSplice.locate(
        [numatune?.spanRequest, cputune?.spanRequest, hugepages?.spanRequest, firstChild], in: text, document: document)
      rootSpan = try CanonicalSplice.locate([root], in: text, document: document)[0]
    } catch {
      throw PlanWriterError(description: Messages.planNotWritable(checked.report.path))
    }
    guard let rootSpan, let closing = endTagStart(of: rootSpan, in: text) else {
      throw PlanWriterError(description: Messages.planNotWritable(checked.report.path))
    }
    let indent = located[3].map { CanonicalSplice.indentation(of: $0, in: text) } ?? "  "
    var replacements: [(span: Range<Int>, replacement: [UInt8])] = []
    var added = ""

    if let span = located[0] {
      replacements.append((span, indented(plan.numatune, by: CanonicalSplice.indentation(of: span, in: text))))
    } else {
      added += indent + String(decoding: indented(plan.numatune, by: indent), as: UTF8.self) + "\n"
    }

    let pinLines = plan.cputune.split(separator: "\n").dropFirst().dropLast().map(String.init)
    if let span = located[1] {
      let own = CanonicalSplice.indentation(of: span, in: text)
      if let inner = endTagStart(of: span, in: text) {
        // Drop the old pins, each with its line; add the new ones before </cputune>.
        let pinSpans: [Range<Int>]
        do throws(StylesheetError) {
          pinSpans = try CanonicalSplice.locate(pins, in: text, document: document).compactMap { $0 }
        } catch {
          throw PlanWriterError(description: Messages.planNotWritable(checked.report.path))
        }
        for pin in pinSpans { replacements.append((wholeLines(pin, in: text), [])) }
        let lineStart = startOfLine(inner, in: text)
        let insert = pinLines.map { own + $0 + "\n" }.joined()
        if text[lineStart..<inner].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
          replacements.append((lineStart..<lineStart, Array(insert.utf8)))
        } else {
          replacements.append((inner..<inner, Array(("\n" + insert + own).utf8)))
        }
      } else {
        // <cputune/>: nothing to keep.
        replacements.append((span, indented(plan.cputune, by: own)))
      }
    } else {
      added += indent + String(decoding: indented(plan.cputune, by: indent), as: UTF8.self) + "\n"
    }

    if let span = located[2], let backing = plan.memoryBacking {
      let pages =
        backing.split(separator: "\n").dropFirst().dropLast().map { String($0.dropFirst(2)) }
        .joined(separator: "\n") + "\n"
      replacements.append((span, indented(pages, by: CanonicalSplice.indentation(of: span, in: text))))
    }

    if !added.isEmpty {
      let lineStart = startOfLine(closing, in: text)
      if text[lineStart..<closing].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
        replacements.append((lineStart..<lineStart, Array(added.utf8)))
      } else {
        replacements.append((closing..<closing, Array(("\n" + added).utf8)))
      }
    }
    return CanonicalSplice.splice(replacements, into: text)
  }

  /// An element's text (ending in a newline) for a span whose line has `indentation`: its
  /// first line as it is, the others indented, no newline at the end.
  static func indented(_ element: String, by indentation: String) -> [UInt8] {
    let lines = element.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    return Array(
      lines.enumerated().map { $0.offset == 0 ? String($0.element) : indentation + $0.element }
        .joined(separator: "\n").utf8)
  }

  /// Where the end tag of the element at `span` starts (`nil` for an empty-element tag).
  static func endTagStart(of span: Range<Int>, in text: [UInt8]) -> Int? {
    guard span.count >= 2, text[span.upperBound - 2] != UInt8(ascii: "/") else { return nil }
    var index = span.upperBound - 1
    while index > span.lowerBound {
      if text[index] == UInt8(ascii: "<") && text[index + 1] == UInt8(ascii: "/") { return index }
      index -= 1
    }
    return nil
  }

  static func startOfLine(_ position: Int, in text: [UInt8]) -> Int {
    var start = position
    while start > 0 && text[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    return start
  }

  /// `span` widened to its whole line when nothing else is on it (blanks before, the line end after).
  static func wholeLines(_ span: Range<Int>, in text: [UInt8]) -> Range<Int> {
    let start = startOfLine(span.lowerBound, in: text)
    guard text[start..<span.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return span }
    var end = span.upperBound
    while end < text.count && (text[end] == 0x20 || text[end] == 0x09 || text[end] == 0x0D) { end += 1 }
    guard end == text.count || text[end] == UInt8(ascii: "\n") else { return span }
    return start..<min(end + 1, text.count)
  }
}
