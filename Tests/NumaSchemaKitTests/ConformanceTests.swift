import Foundation
import Testing

@testable import NumaSchemaKit

let conformanceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("conformance")

let conformanceCases: [ConformanceCase] = (try? ConformanceCase.discover(in: conformanceRoot)) ?? []

extension ConformanceCase: CustomTestStringConvertible {
  public var testDescription: String { name }
}

@Suite("the conformance suite")
struct ConformanceSuiteTests {
  @Test("the suite is there and has every diagnostic code")
  func suiteCoversEveryCode() throws {
    #expect(conformanceCases.count >= 60)
    let failing = Set(conformanceCases.map { $0.name.split(separator: "/").last.map(String.init) ?? "" })
    for code in DiagnosticCode.allCases {
      #expect(failing.contains(code.rawValue), "no conformance case named \(code.rawValue)")
    }
  }

  @Test("each case matches its golden files", arguments: conformanceCases)
  func caseMatches(_ testCase: ConformanceCase) throws {
    let result = ConformanceRunner(grammar: try Grammar.embedded()).run(testCase)
    #expect(!result.isSkipped, "no operation: add a golden or list operations in case.toml")
    for outcome in result.outcomes where !outcome.matches {
      Issue.record("\(outcome.diff(caseName: testCase.name))")
    }
  }
}

@Suite("the conformance runner")
struct ConformanceRunnerTests {
  func makeCase(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-conf-\(UUID().uuidString)")
    for (path, content) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try content.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
  }

  @Test func operationsComeFromGoldensAndCaseFile() throws {
    let root = try makeCase([
      "a/one/input.xml": guest(numa: twoCells), "a/one/show.txt": "x",
      "a/one/case.toml": "description = \"two cells\"\noperations = \"validate canonical-minimal\"\nstrict = true\n",
      "b/two/input.xml": "<domain/>",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let cases = try ConformanceCase.discover(in: root)
    #expect(cases.map(\.name) == ["a/one", "b/two"])
    #expect(cases[0].operations == [.validate, .show, .canonicalMinimal])
    #expect(cases[0].strict && cases[0].description == "two cells")
    #expect(cases[1].operations == [])
    #expect(ConformanceRunner(grammar: try Grammar.embedded()).run(cases[1]).isSkipped)
  }

  @Test func blessWritesOnlyWhatDiffers() throws {
    let root = try makeCase([
      "c/input.xml": guest(numa: twoCells), "c/case.toml": "operations = \"validate show\"\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let runner = ConformanceRunner(grammar: try Grammar.embedded())
    var testCase = try #require(try ConformanceCase.discover(in: root).first)
    let first = runner.run(testCase)
    #expect(!first.passed)
    #expect(try ConformanceRunner.bless(first) == ["c/validate.txt", "c/show.txt"])
    testCase = try #require(try ConformanceCase.discover(in: root).first)
    #expect(runner.run(testCase).passed)
    // Break one golden: only that one is rewritten.
    try "changed\n".write(to: root.appendingPathComponent("c/show.txt"), atomically: true, encoding: .utf8)
    let broken = runner.run(testCase)
    #expect(!broken.passed)
    #expect(broken.outcomes.first { !$0.matches }?.diff(caseName: "c").contains("-changed") == true)
    #expect(try ConformanceRunner.bless(broken) == ["c/show.txt"])
    #expect(runner.run(testCase).passed)
  }

  @Test func validateGoldenPinsTheExitStatus() throws {
    let root = try makeCase(["d/input.xml": guest(numa: "<cell id='1' cpus='0-7' memory='1024'/>"), "d/case.toml": "operations = \"validate\""])
    defer { try? FileManager.default.removeItem(at: root) }
    let testCase = try #require(try ConformanceCase.discover(in: root).first)
    let actual = try #require(ConformanceRunner(grammar: try Grammar.embedded()).run(testCase).outcomes.first?.actual)
    #expect(actual.hasSuffix("input.xml: invalid\nexit: 1\n"))
    #expect(actual.contains("[numa-cell-id-out-of-range]"))
  }

  @Test func unifiedDiffShowsTheFirstDifferenceWithContext() {
    let expected = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let actual = expected.replacingOccurrences(of: "line 5\n", with: "line five\n")
    let diff = LineDiff.unified(expected: expected, actual: actual, expectedName: "a", actualName: "b")
    #expect(diff == "--- a\n+++ b\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n")
    #expect(LineDiff.unified(expected: "x\n", actual: "x\n", expectedName: "a", actualName: "b").isEmpty)
    #expect(LineDiff.unified(expected: "x\n", actual: "x", expectedName: "a", actualName: "b").contains("No newline"))
  }

  @Test func junitNamesEachCaseAndEscapes() throws {
    let passing = CaseResult(
      testCase: ConformanceCase(folder: URL(fileURLWithPath: "/x"), name: "a/ok", description: "", strict: false, operations: [.validate]),
      outcomes: [OperationOutcome(operation: .validate, expected: "same", actual: "same")])
    let failing = CaseResult(
      testCase: ConformanceCase(folder: URL(fileURLWithPath: "/y"), name: "a/<bad>&", description: "", strict: false, operations: [.show]),
      outcomes: [OperationOutcome(operation: .show, expected: "a\n", actual: "b \u{1}\n")])
    let report = ConformanceRunner.junit([passing, failing])
    #expect(report.contains(#"<testcase classname="a" name="a/ok"/>"#))
    #expect(report.contains(#"name="a/&lt;bad&gt;&amp;""#))
    #expect(report.contains(#"failures="1""#))
    #expect(!report.contains("\u{1}"))
  }
}
