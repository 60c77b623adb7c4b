import Testing

@testable import NumaSchemaKit

/// The one-sentence summaries of the codes (SARIF rules' shortDescription). That every code is
/// documented in docs/diagnostics.md with its default severity is `everyCodeIsDocumented`
/// (DiagnosticCodeTests).
@Suite("DiagnosticSummary: one sentence per code")
struct DiagnosticSummaryTests {
  @Test("a summary is one plain sentence of at most 100 characters", arguments: DiagnosticCode.allCases)
  func oneSentence(_ code: DiagnosticCode) {
    let summary = code.summary
    #expect(summary.first?.isUppercase == true, "\(code.rawValue): starts with a capital letter")
    #expect(summary.hasSuffix("."), "\(code.rawValue): ends with a period")
    #expect(!summary.hasSuffix(".."), "\(code.rawValue): ends with one period")
    #expect(![". ", "? ", "! "].contains { summary.contains($0) }, "\(code.rawValue): one sentence")
    #expect(!summary.contains { $0.isNewline }, "\(code.rawValue): one line")
    #expect(!summary.contains("`"), "\(code.rawValue): plain text, no markdown code")
    #expect(summary.count <= 100, "\(code.rawValue): \(summary.count) characters")
    #expect(summary.trimmingWhitespace() == summary, "\(code.rawValue): no blank around it")
    #expect(!summary.contains(code.rawValue), "\(code.rawValue): says what the code means, not its name")
  }

  @Test("every code has a summary of its own")
  func summariesAreDistinct() {
    var codesBySummary: [String: [String]] = [:]
    for code in DiagnosticCode.allCases { codesBySummary[code.summary, default: []].append(code.rawValue) }
    let shared = codesBySummary.values.filter { $0.count > 1 }
    #expect(shared.isEmpty, "codes sharing a summary: \(shared)")
  }
}
