import Foundation
import Testing

@testable import NumaSchemaKit

#if canImport(Glibc)
  import Glibc
#endif

/// A suite folder built for one test, with a secret beside it (outside the suite) that no
/// result may carry.
struct HostileSuite {
  static let secret = "AWS_SECRET_ACCESS_KEY=numaschema-must-never-print-this"
  let base: URL
  var root: URL { base.appendingPathComponent("suite") }
  var secretFile: String { base.appendingPathComponent("secret.txt").path }

  init(_ files: [String: String]) throws {
    base = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base.appendingPathComponent("suite"), withIntermediateDirectories: true)
    try Self.secret.write(toFile: base.appendingPathComponent("secret.txt").path, atomically: false, encoding: .utf8)
    for (path, content) in files {
      let url = base.appendingPathComponent("suite").appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try content.write(to: url, atomically: false, encoding: .utf8)
    }
  }

  func link(_ path: String, to destination: String) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
  }

  func remove() { try? FileManager.default.removeItem(at: base) }

  /// Every case run, and the text a user could see of them (diffs and JUnit).
  func run(limit: Int = InputSource.defaultSizeLimit) throws -> (suite: ConformanceSuite, results: [CaseResult], shown: String) {
    let suite = try ConformanceSuite.discover(in: root, limit: limit)
    let runner = ConformanceRunner(grammar: try Grammar.embedded(), sizeLimit: limit)
    let results = suite.cases.map(runner.run)
    var shown = results.flatMap { result in result.outcomes.map { $0.diff(caseName: result.testCase.name) } }.joined()
    shown += results.flatMap(\.problems).map(\.description).joined(separator: "\n")
    shown += ConformanceRunner.junit(results, problems: suite.problems)
    return (suite, results, shown)
  }
}

let validGolden = "input.xml: valid\nexit: 0\n"

@Suite("a hostile suite folder")
struct HostileSuiteTests {
  @Test(arguments: ["validate.txt", "input.xml"])
  func aLinkLeavingTheSuiteIsAnErrorAndItsTargetIsNeverRead(_ linked: String) throws {
    var files = ["a/leak/input.xml": guest(numa: twoCells), "a/leak/validate.txt": validGolden]
    files["a/leak/" + linked] = nil
    let suite = try HostileSuite(files)
    defer { suite.remove() }
    try suite.link("a/leak/" + linked, to: suite.secretFile)
    let (_, results, shown) = try suite.run()
    let result = try #require(results.first)
    #expect(result.isError && !result.passed && !result.isSkipped)
    #expect(result.outcomes.isEmpty)
    #expect(result.problems == [SuiteProblem(place: "a/leak/" + linked, problem: "is a link that leaves the suite folder; not followed")])
    #expect(!shown.contains("numaschema-must-never-print-this"))
    #expect(shown.contains("<error message=\"a/leak/\(linked): is a link that leaves the suite folder"))
  }

  @Test func linksToProcAndToNothingAreErrors() throws {
    let suite = try HostileSuite(["a/proc/input.xml": guest(numa: twoCells), "a/nothing/input.xml": guest(numa: twoCells)])
    defer { suite.remove() }
    try suite.link("a/proc/validate.txt", to: "/proc/self/environ")
    try suite.link("a/nothing/validate.txt", to: "missing.txt")
    let (_, results, _) = try suite.run()
    #expect(results.map(\.testCase.name) == ["a/nothing", "a/proc"])
    #expect(results[0].problems.map(\.description) == ["a/nothing/validate.txt: is a link that leads nowhere; not followed"])
    #expect(results[1].problems.map(\.description) == ["a/proc/validate.txt: is a link that leaves the suite folder; not followed"])
  }

  @Test func aLinkInsideTheSuiteIsFollowed() throws {
    let suite = try HostileSuite(["a/one/input.xml": guest(numa: twoCells), "shared/valid.txt": validGolden])
    defer { suite.remove() }
    try suite.link("a/one/validate.txt", to: "../../shared/valid.txt")
    let (_, results, _) = try suite.run()
    #expect(results.count == 1 && results[0].passed)
  }

  @Test func hostSourcesAreCheckedBeforeAHostReaderOpensThem() throws {
    let suite = try HostileSuite([
      "h/numactl/case.toml": "operations = \"from-host\"\n",
      "h/sysfs/host-sysfs/sys/devices/system/node/node0/meminfo": "Node 0 MemTotal: 1024 kB\n",
      "h/sysfs/case.toml": "operations = \"from-host\"\n",
    ])
    defer { suite.remove() }
    try suite.link("h/numactl/host-numactl.txt", to: suite.secretFile)
    try suite.link("h/sysfs/host-sysfs/sys/devices/system/node/node0/cpulist", to: suite.secretFile)
    #expect(mkfifo(suite.root.appendingPathComponent("h/sysfs/host-sysfs/sys/devices/system/node/node0/distance").path, 0o644) == 0)
    let (_, results, shown) = try suite.run()
    #expect(results.map(\.testCase.name) == ["h/numactl", "h/sysfs"])
    #expect(results.allSatisfy { $0.isError })
    #expect(results[0].problems.map(\.place) == ["h/numactl/host-numactl.txt"])
    let sysfsProblem = try #require(results[1].problems.first)
    #expect(sysfsProblem.place.hasPrefix("h/sysfs/host-sysfs/sys/devices/system/node/node0/"))
    #expect(!shown.contains("numaschema-must-never-print-this"))
  }

  @Test func aFIFOGoldenIsAnErrorAndNothingWaits() throws {
    let suite = try HostileSuite(["a/fifo/input.xml": guest(numa: twoCells)])
    defer { suite.remove() }
    #expect(mkfifo(suite.root.appendingPathComponent("a/fifo/validate.txt").path, 0o644) == 0)
    let (_, results, _) = try suite.run()
    #expect(results.first?.problems.map(\.description) == ["a/fifo/validate.txt: is a FIFO, not a regular file; not read"])
  }

  @Test func filesOverTheSizeLimitAreErrors() throws {
    let suite = try HostileSuite([
      "a/big-golden/input.xml": guest(numa: twoCells), "a/big-golden/validate.txt": String(repeating: "\n", count: 5000),
      "a/big-input/input.xml": guest(numa: twoCells) + String(repeating: " ", count: 5000),
      "a/big-input/validate.txt": validGolden,
    ])
    defer { suite.remove() }
    let (_, results, _) = try suite.run(limit: 4096)
    #expect(
      results.flatMap(\.problems).map(\.description) == [
        "a/big-golden/validate.txt: larger than 4096 bytes (--max-size); not read",
        "a/big-input/input.xml: larger than 4096 bytes (--max-size); not read",
      ])
  }

  @Test func aFolderNameThatIsNotUTF8IsAProblemNamedEscaped() throws {
    let suite = try HostileSuite(["a/ok/input.xml": guest(numa: twoCells), "a/ok/validate.txt": validGolden])
    defer { suite.remove() }
    // mkdir with raw bytes: "bad\xff\x01" below a/.
    let raw = Array(suite.root.appendingPathComponent("a").path.utf8) + Array("/bad".utf8) + [0xFF, 0x01]
    #expect((raw + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } } == 0)
    let (found, results, shown) = try suite.run()
    #expect(found.problems.map(\.description) == [#"a/bad\xff\x01: the folder name is not UTF-8; its cases cannot be named, so they were not run"#])
    #expect(results.count == 1 && results[0].passed)
    #expect(shown.contains(#"errors="1""#))
    #expect(throws: InputError.self) { try ConformanceCase.discover(in: suite.root) }
  }

  @Test func aLinkToAFolderOutsideTheSuiteIsAProblem() throws {
    let suite = try HostileSuite(["a/ok/input.xml": guest(numa: twoCells), "a/ok/validate.txt": validGolden])
    defer { suite.remove() }
    try suite.link("a/elsewhere", to: suite.base.path)
    let (found, _, _) = try suite.run()
    #expect(found.problems.map(\.description) == ["a/elsewhere: is a link that leaves the suite folder; not followed"])
  }

  @Test func aDiffOfHugeFilesIsASummary() {
    let blank = String(repeating: "\n", count: 30_000_000)  // 30 MB of blank lines
    let started = ContinuousClock.now
    let diff = LineDiff.unified(expected: blank, actual: "one\ntwo\n", expectedName: "a", actualName: "b")
    #expect(diff == "--- a\n+++ b\nfiles differ: 30000000 vs 2 lines, first difference at line 1\n")
    #expect(ContinuousClock.now - started < .seconds(20))
    let long = (1...60_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
    let changed = long.replacingOccurrences(of: "line 59999\n", with: "line x\n")
    #expect(
      LineDiff.unified(expected: long, actual: changed, expectedName: "a", actualName: "b")
        == "--- a\n+++ b\nfiles differ: 60000 vs 60000 lines, first difference at line 59999\n")
    #expect(LineDiff.unified(expected: long, actual: long, expectedName: "a", actualName: "b").isEmpty)
    #expect(LineDiff.summary(expected: "a\nb", actual: "a\nb\n") == "files differ: 2 vs 2 lines, first difference at line 2")
  }
}
