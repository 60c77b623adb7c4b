import Testing

@testable import NumaSchemaKit

/// A guest whose cell 0 has the distance '012' (numa-number-form, a warning) and cell 1 a
/// sibling listed twice (numa-sibling-duplicate, a warning), with `before0` and `before1` just
/// before the two cells.
private func twoWarnings(before0: String = "", before1: String = "") -> String {
  guest(
    numa: """
      \(before0)<cell id='0' cpus='0-3' memory='1048576'>
        <distances><sibling id='0' value='10'/><sibling id='1' value='012'/></distances>
      </cell>
      \(before1)<cell id='1' cpus='4-7' memory='1048576'>
        <distances><sibling id='0' value='12'/><sibling id='1' value='10'/><sibling id='1' value='10'/></distances>
      </cell>
      """)
}

/// Validates `xml` and silences its findings as a command would.
private func silenced(_ xml: String, disabling disabled: Set<DiagnosticCode> = []) -> SuppressionOutcome {
  Suppression.filter(validate(xml).diagnostics, disabled: disabled, xml: Array(xml.utf8), file: "guest.xml")
}

/// Scans `xml` for directives.
private func scanned(_ xml: String) -> DirectiveScanner.Result { DirectiveScanner.scan(Array(xml.utf8)) }

/// The text that `range` covers.
private func covered(_ xml: String, _ range: Range<Int>?) -> String? {
  range.map { String(decoding: Array(xml.utf8)[$0], as: UTF8.self) }
}

@Suite("--disable values")
struct DisableOptionTests {
  @Test("a warning's code is accepted, one a value or several separated by commas")
  func warningCodes() throws {
    #expect(try Suppression.disabledCodes(fromOptions: ["numa-number-form"]) == [.numaNumberForm])
    #expect(
      try Suppression.disabledCodes(fromOptions: ["fit-distances, numa-sibling-duplicate", "numa-number-form"])
        == [.fitDistances, .numaSiblingDuplicate, .numaNumberForm])
    #expect(try Suppression.disabledCodes(fromOptions: []) == [])
  }

  @Test("an unknown code is refused with the nearest code")
  func unknownCode() {
    #expect(throws: DisableCodeError.unknown("numa-numbr-form", suggestion: "numa-number-form")) {
      try Suppression.disabledCodes(fromOptions: ["numa-numbr-form"])
    }
    #expect(throws: DisableCodeError.unknown("SC2086", suggestion: nil)) {
      try Suppression.disabledCodes(fromOptions: ["fit-distances", "SC2086"])
    }
    let error = DisableCodeError.unknown("numa-numbr-form", suggestion: "numa-number-form")
    #expect(
      error.description == "--disable 'numa-numbr-form': no diagnostic has this code; did you mean 'numa-number-form'?")
  }

  @Test("an error's code is refused: libvirt would refuse the guest it silences")
  func errorCode() {
    #expect(throws: DisableCodeError.notAWarning(.numaCPUsOverlap)) {
      try Suppression.disabledCodes(fromOptions: ["numa-cpus-overlap"])
    }
    #expect(DisableCodeError.notAWarning(.numaCPUsOverlap).description.contains("only warnings can be disabled"))
    // xml-not-well-formed: libxml2's parser warnings borrow it, but it is an error's code.
    #expect(throws: DisableCodeError.notAWarning(.xmlNotWellFormed)) {
      try Suppression.disabledCodes(fromOptions: ["xml-not-well-formed"])
    }
  }

  @Test("a value naming no code is refused")
  func emptyValue() {
    #expect(throws: DisableCodeError.noCode) { try Suppression.disabledCodes(fromOptions: [""]) }
    #expect(throws: DisableCodeError.noCode) { try Suppression.disabledCodes(fromOptions: [" , "]) }
  }

  @Test("exactly the codes whose findings are warnings can be disabled")
  func silenceableCodes() {
    for code in DiagnosticCode.allCases {
      let accepted = (try? Suppression.disabledCodes(fromOptions: [code.rawValue])) != nil
      #expect(accepted == (code.defaultSeverity == .warning), "\(code.rawValue)")
      #expect(code.canBeDisabled == accepted)
    }
  }
}

@Suite("silencing findings")
struct SuppressionTests {
  @Test("without a directive or --disable every finding stays")
  func nothingSilenced() {
    let xml = twoWarnings()
    let outcome = silenced(xml)
    #expect(outcome.diagnostics == validate(xml).diagnostics)
    #expect(outcome.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate])
    #expect(outcome.silenced == [])
  }

  @Test("--disable drops every finding with the code, wherever it is")
  func disableOption() {
    let outcome = silenced(twoWarnings(), disabling: [.numaNumberForm])
    #expect(outcome.diagnostics.map(\.code) == [.numaSiblingDuplicate])
    #expect(outcome.silenced.map(\.code) == [.numaNumberForm])
    // Without the source (an xl config, a host), --disable applies the same.
    let plain = Suppression.filter(validate(twoWarnings()).diagnostics, disabled: [.numaSiblingDuplicate])
    #expect(plain.diagnostics.map(\.code) == [.numaNumberForm])
  }

  @Test("a directive silences its codes in the element after it, and only there")
  func directiveCoversTheNextElement() {
    let outcome = silenced(twoWarnings(before0: "<!-- numaschema-disable numa-number-form -->"))
    #expect(outcome.diagnostics.map(\.code) == [.numaSiblingDuplicate])
    #expect(outcome.silenced.map(\.code) == [.numaNumberForm])
    // The same directive before the other cell leaves cell 0's finding.
    let elsewhere = silenced(twoWarnings(before1: "<!-- numaschema-disable numa-number-form -->"))
    #expect(elsewhere.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate])
    // Another code before cell 0 leaves it too.
    let otherCode = silenced(twoWarnings(before0: "<!-- numaschema-disable numa-sibling-duplicate -->"))
    #expect(otherCode.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate])
  }

  @Test("a directive on an ancestor covers everything inside it; codes by commas or spaces")
  func directiveOnAnAncestor() {
    let xml = twoWarnings().replacing(
      "<cpu>", with: "<!--\n numaschema-disable\tnuma-sibling-duplicate,numa-number-form  fit-distances -->\n<cpu>")
    let outcome = silenced(xml)
    #expect(outcome.diagnostics == [])
    #expect(outcome.silenced.count == 2)
  }

  @Test("a finding at the start tag itself, or at its last attribute, is inside")
  func spanBounds() {
    let xml = guest(
      numa:
        "<!-- numaschema-disable numa-cell-zero-memory --><cell id='0' cpus='0-3' memory='0'/>\n<cell id='1' cpus='4-7' memory='0'/>"
    )
    let findings = validate(xml).diagnostics.filter { $0.code == .numaCellZeroMemory }
    #expect(findings.count == 2)
    let outcome = silenced(xml)
    #expect(outcome.silenced == [findings[0]])
    #expect(outcome.diagnostics.filter { $0.code == .numaCellZeroMemory } == [findings[1]])
  }

  @Test("an error is never silenced, not by a directive either")
  func errorsStay() throws {
    let xml = guest(
      numa:
        "<!-- numaschema-disable numa-cpus-overlap --><cell id='0' cpus='0-3' memory='1024'/><cell id='1' cpus='3-7' memory='1024'/>"
    )
    let outcome = silenced(xml, disabling: [.numaCPUsOverlap])
    #expect(outcome.diagnostics.contains { $0.code == .numaCPUsOverlap && $0.severity == .error })
    let refusal = try #require(outcome.diagnostics.first { $0.code == .disableDirectiveInvalid })
    #expect(refusal.severity == .warning)
    #expect(
      refusal.message
        == "numaschema-disable names 'numa-cpus-overlap', which is an error; only warnings can be disabled: libvirt refuses a guest with this error, and silencing it would call that guest valid"
    )
    #expect(outcome.silenced == [])
  }

  @Test("a warning made an error by --strict is still silenced by its code")
  func promotedWarnings() {
    let xml = twoWarnings(before0: "<!-- numaschema-disable numa-number-form -->")
    let strict = validate(xml, strict: true).diagnostics
    #expect(strict.allSatisfy { $0.severity == .error })
    let outcome = Suppression.filter(strict, disabled: [.numaSiblingDuplicate], xml: Array(xml.utf8), file: "guest.xml")
    #expect(outcome.diagnostics == [])
  }

  @Test("an unknown code in a directive is a warning at the comment, with did-you-mean; the rest still apply")
  func unknownCodeInDirective() throws {
    let xml = twoWarnings(before0: "<!-- numaschema-disable numa-numbr-form, numa-number-form -->")
    let outcome = silenced(xml)
    #expect(outcome.diagnostics.map(\.code) == [.numaSiblingDuplicate, .disableDirectiveInvalid])
    let finding = try #require(outcome.diagnostics.last)
    #expect(
      finding.message
        == "numaschema-disable names 'numa-numbr-form', which is no diagnostic code; did you mean 'numa-number-form'?")
    let comment = try #require(xml.utf8.firstRange(of: "<!--".utf8))
    let position = SourceLines(bytes: Array(xml.utf8)).position(
      of: xml.utf8.distance(from: xml.utf8.startIndex, to: comment.lowerBound))
    #expect(finding.line == position.line && finding.column == position.column)
    #expect(finding.file == "guest.xml")
    #expect(outcome.silenced.map(\.code) == [.numaNumberForm])
  }

  @Test("a directive naming no code, or a misspelt keyword, is a warning")
  func malformedDirectives() {
    let empty = silenced(twoWarnings(before0: "<!--numaschema-disable-->"))
    #expect(empty.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate, .disableDirectiveInvalid])
    #expect(empty.diagnostics.last?.message.hasPrefix("numaschema-disable names no code") == true)
    let misspelt = silenced(twoWarnings(before0: "<!-- numaschema-disabel numa-number-form -->"))
    #expect(misspelt.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate, .disableDirectiveInvalid])
    #expect(misspelt.diagnostics.last?.message.contains("did you mean 'numaschema-disable'?") == true)
    // Another comment about numaschema is not a directive.
    let unrelated = silenced(twoWarnings(before0: "<!-- numaschema-generated: do not edit -->"))
    #expect(unrelated.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate])
  }

  @Test("a directive followed by no element silences nothing and says so")
  func unattachedDirective() throws {
    let atEnd = twoWarnings() + "\n<!-- numaschema-disable numa-number-form -->\n"
    let outcome = silenced(atEnd)
    #expect(outcome.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate, .disableDirectiveUnattached])
    #expect(outcome.diagnostics.last?.severity == .warning)
    #expect(outcome.diagnostics.last?.line == atEnd.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    // Before an end tag, or before text, it is attached to nothing either.
    let beforeEndTag = silenced(
      twoWarnings().replacing("</numa>", with: "<!-- numaschema-disable numa-number-form --></numa>"))
    #expect(
      beforeEndTag.diagnostics.map(\.code) == [.numaNumberForm, .numaSiblingDuplicate, .disableDirectiveUnattached])
    #expect(
      scanned("<a><!-- numaschema-disable fit-distances --> text <b/></a>").problems.map(\.kind) == [.unattached])
  }

  @Test("the directives' own findings can be silenced in turn")
  func directiveFindingsCanBeDisabled() {
    let xml = twoWarnings(before0: "<!-- numaschema-disable bogus -->")
    #expect(
      silenced(xml, disabling: [.disableDirectiveInvalid]).diagnostics.map(\.code) == [
        .numaNumberForm, .numaSiblingDuplicate,
      ])
  }

  @Test("findings of another file, or without a line, are left to --disable")
  func otherFiles() {
    let xml = twoWarnings(before0: "<!-- numaschema-disable numa-number-form -->")
    let mine = validate(xml).diagnostics
    var elsewhere = mine
    for index in elsewhere.indices { elsewhere[index].file = "host.xml" }
    var nowhere = mine
    for index in nowhere.indices { (nowhere[index].line, nowhere[index].column) = (nil, nil) }
    let outcome = Suppression.filter(elsewhere + nowhere, disabled: [], xml: Array(xml.utf8), file: "guest.xml")
    #expect(outcome.silenced == [])
  }

  @Test("a finding with a line and no column is inside when the element covers any of its line")
  func lineOnlyFindings() {
    let xml = "<a>\n<!-- numaschema-disable numa-number-form --><b>\n</b>\n<c/>\n</a>\n"
    func finding(line: Int) -> Diagnostic {
      Diagnostic(severity: .warning, code: .numaNumberForm, message: "m", file: "f", line: line, column: nil)
    }
    let outcome = Suppression.filter((1...5).map(finding), disabled: [], xml: Array(xml.utf8), file: "f")
    #expect(outcome.silenced.map(\.line) == [2, 3])
  }
}

@Suite("finding directives in the bytes")
struct DirectiveScannerTests {
  @Test("the element after a directive, from its start tag to its end tag or its />")
  func spans() {
    let xml =
      "<r><!-- numaschema-disable fit-distances --><a x='1'><b/></a><!-- numaschema-disable fit-memory fit-distances --><c/></r>"
    let result = scanned(xml)
    // fit-memory is an error's code: refused, the directive keeps the rest.
    #expect(result.problems.map(\.kind) == [.errorCode(.fitMemory)])
    #expect(result.directives.map(\.codes) == [[.fitDistances], [.fitDistances]])
    #expect(covered(xml, result.directives[0].span) == "<a x='1'><b/></a>")
    #expect(covered(xml, result.directives[1].span) == "<c/>")
  }

  @Test("white space, comments and processing instructions may come between; nested elements count")
  func skipsWhatMayComeBetween() {
    let xml = """
      <r><!-- numaschema-disable fit-distances -->
        <!-- a comment --> <?pi x?>
        <a><a><a/></a></a><a/></r>
      """
    #expect(covered(xml, scanned(xml).directives.first?.span) == "<a><a><a/></a></a>")
  }

  @Test("what only looks like a directive or a tag is not one")
  func lookalikes() {
    let xml = """
      <!DOCTYPE r [ <!-- numaschema-disable fit-distances --> <!ENTITY e "<!-- numaschema-disable fit-distances -->"> ]>
      <r a='<!-- numaschema-disable fit-distances -->' b="x>y">
      <![CDATA[ <!-- numaschema-disable fit-distances --> <z> ]]>
      <?pi <!-- numaschema-disable fit-distances --> ?>
      <!-- numaschema-disable numa-number-form --><s t='>' u="/>"><u/></s></r>
      """
    let result = scanned(xml)
    #expect(result.problems == [])
    #expect(result.directives.map(\.codes) == [[.numaNumberForm]])
    #expect(covered(xml, result.directives.first?.span) == "<s t='>' u=\"/>\"><u/></s>")
  }

  @Test("several directives before one element all apply to it")
  func stackedDirectives() {
    let xml = "<r><!-- numaschema-disable fit-distances --><!-- numaschema-disable numa-number-form --><a/></r>"
    let result = scanned(xml)
    #expect(result.directives.map { covered(xml, $0.span) } == ["<a/>", "<a/>"])
  }

  @Test("hostile inputs end in the right place: unterminated comments, tags and quotes, no element")
  func hostileInputs() {
    #expect(scanned("<r><!-- numaschema-disable fit-distances").directives == [])
    #expect(scanned("<!-- numaschema-disable fit-distances -->").problems.map(\.kind) == [.unattached])
    let openTag = "<!-- numaschema-disable fit-distances --><a b='>"
    #expect(covered(openTag, scanned(openTag).directives.first?.span) == "<a b='>")
    let openElement = "<!-- numaschema-disable fit-distances --><a><b>"
    #expect(covered(openElement, scanned(openElement).directives.first?.span) == "<a><b>")
    #expect(scanned("").directives == [] && scanned("<").directives == [] && scanned("<!--").directives == [])
    #expect(scanned("</a></b><!-- numaschema-disable fit-distances --><c/>").directives.first?.span != nil)
  }

  @Test("a million directives are scanned in one pass")
  func manyDirectives() {
    let count = 1_000_000
    var xml = "<r>"
    xml.reserveCapacity(count * 48)
    for _ in 0..<count { xml += "<!--numaschema-disable fit-distances--><a/>" }
    xml += "</r>"
    let clock = ContinuousClock()
    var result = DirectiveScanner.Result()
    let elapsed = clock.measure { result = scanned(xml) }
    #expect(result.directives.count == count)
    #expect(result.directives.allSatisfy { $0.span != nil })
    #expect(elapsed < .seconds(60))  // linear: seconds even in a debug build on a busy machine; quadratic: hours
  }

  @Test("made-up codes get warnings, and did-you-mean only for the first hundred different names")
  func suggestionBudget() {
    // 676 names, each two edits from numa-number-form.
    let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
    let names = letters.flatMap { first in letters.map { "numa-number-fo" + first + $0 } }.filter {
      $0 != "numa-number-form"
    }
    let xml = "<r>" + names.map { "<!--numaschema-disable \($0)--><a/>" }.joined() + "</r>"
    let findings = Suppression.filter([], disabled: [], xml: Array(xml.utf8), file: "f").diagnostics
    #expect(findings.count == names.count)
    #expect(findings.allSatisfy { $0.code == .disableDirectiveInvalid })
    let hinted = findings.filter { $0.message.hasSuffix("did you mean 'numa-number-form'?") }
    #expect(hinted.count == DirectiveScanner.suggestionBudget)
    #expect(hinted == Array(findings.prefix(DirectiveScanner.suggestionBudget)))
  }

  @Test("two hundred thousand different made-up codes cost one pass")
  func manyUnknownCodes() {
    let count = 200_000
    var xml = "<r>"
    for index in 0..<count { xml += "<!--numaschema-disable numa-number-frm\(index + 100_000)--><a/>" }
    xml += "</r>"
    let clock = ContinuousClock()
    var findings: [Diagnostic] = []
    let elapsed = clock.measure {
      findings = Suppression.filter([], disabled: [], xml: Array(xml.utf8), file: "f").diagnostics
    }
    #expect(findings.count == count)
    #expect(elapsed < .seconds(60))  // linear: seconds even in a debug build on a busy machine; quadratic: hours
  }

  @Test("a document without a comment and the marker is not scanned")
  func marker() {
    #expect(!DirectiveScanner.mentionsMarker(Array(twoWarnings().utf8)))
    #expect(DirectiveScanner.mentionsMarker(Array("<!-- numaschema-disable x -->".utf8)))
    #expect(DirectiveScanner.mentionsMarker(Array("<a/><!-- x --><b n='numaschema-'/>".utf8)))
    #expect(!DirectiveScanner.mentionsMarker(Array("x numaschema-".utf8)))
    #expect(!DirectiveScanner.mentionsMarker(Array("<!-- numaschema -->".utf8)))
    // Only a comment holds a directive: a marker elsewhere has nothing to scan.
    let outside = "<domain><name>numaschema-disable numa-memory-mismatch</name></domain>"
    #expect(DirectiveScanner.scan(Array(outside.utf8)).directives.isEmpty)
    #expect(DirectiveScanner.scan(Array(outside.utf8)).problems.isEmpty)
  }

  @Test("merged coverage answers for points between, inside and after ranges")
  func mergedRanges() {
    #expect(DirectiveCoverage.merged([5..<9, 0..<3, 2..<4, 9..<12, 20..<21]) == [0..<4, 5..<12, 20..<21])
  }
}

@Suite("the directive codes' conformance inputs")
struct DirectiveConformanceTests {
  /// The findings of `conformance/diagnostics/<code>/input.xml`, validated and filtered as a
  /// command does (the runner applies directives once the lead wires them; until then this pins
  /// what the goldens will hold).
  func findings(of code: DiagnosticCode) throws -> (kept: [Diagnostic], silenced: [Diagnostic]) {
    let testCase = try #require(conformanceCases.first { $0.name == "diagnostics/\(code.rawValue)" })
    let bytes = try #require(try testCase.contents(of: ConformanceCase.inputName, limit: 1 << 20))
    let report = sharedValidator.validate(bytes: bytes, file: "input.xml")
    let outcome = Suppression.filter(report.diagnostics, disabled: [], xml: bytes, file: "input.xml")
    return (outcome.diagnostics, outcome.silenced)
  }

  @Test("a misspelt code and an error's code are reported at the comment; a good directive still silences")
  func invalid() throws {
    let (kept, silenced) = try findings(of: .disableDirectiveInvalid)
    #expect(kept.map(\.code) == [.numaNumberForm, .disableDirectiveInvalid, .disableDirectiveInvalid])
    #expect(kept.filter { $0.code == .disableDirectiveInvalid }.map(\.line) == [10, 10])
    #expect(kept[1].message.hasSuffix("did you mean 'numa-number-form'?"))
    #expect(kept[2].message.contains("'numa-cpus-overlap', which is an error"))
    #expect(silenced.map { "\($0.code.rawValue)@\($0.line ?? 0)" } == ["numa-number-form@20"])
    #expect(!kept.contains { $0.severity == .error })
  }

  @Test("a directive before an end tag is reported and silences nothing")
  func unattached() throws {
    let (kept, silenced) = try findings(of: .disableDirectiveUnattached)
    #expect(kept.map(\.code) == [.numaNumberForm, .disableDirectiveUnattached])
    #expect(kept.last?.line == 17 && kept.last?.column == 7)
    #expect(silenced == [])
  }
}
