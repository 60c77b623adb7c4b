import Foundation
import Testing

/// A golden pins exactly what a user sees: run in the case's folder, the command prints (both
/// streams, in order) and exits as the golden says.
@Suite("goldens are what the commands print")
struct GoldenParityTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var folder: String
    var golden: String
    var arguments: [String]
    /// The golden ends with `exit: N` (reports); products hold only standard output.
    var isTranscript: Bool
    var testDescription: String { "\(folder)/\(golden)" }
  }

  static let cases = [
    Case(
      folder: "fit/plan-several-guests", golden: "fit.txt",
      arguments: ["fit", "input.xml", "second.xml", "third.xml", "--host", "host-numactl.txt"], isTranscript: true),
    Case(
      folder: "fit/plan-existing", golden: "fit.txt",
      arguments: ["fit", "input.xml", "--existing", "running.xml", "--host", "host-numactl.txt"], isTranscript: true),
    Case(
      folder: "fit/fits", golden: "fit.txt",
      arguments: ["fit", "--policy", "libxl", "input.xml", "--host", "host-numactl.txt"],
      isTranscript: true),
    Case(
      folder: "fit/fit-memory", golden: "fit.txt",
      arguments: ["fit", "--policy", "libxl", "input.xml", "--host", "host-capabilities.xml"],
      isTranscript: true),
    Case(
      folder: "diagnostics/strict-warning", golden: "validate.txt", arguments: ["validate", "--strict", "input.xml"],
      isTranscript: true),
    Case(
      folder: "diff/asymmetric-change", golden: "diff.txt", arguments: ["diff", "input.xml", "other.xml"],
      isTranscript: true),
    Case(
      folder: "from-host/four-node-ring-numactl", golden: "from-host.xml",
      arguments: ["from-host", "--host", "host-numactl.txt", "--domain", "four-node-ring"], isTranscript: false),
    Case(
      folder: "cells/disordered-ids", golden: "canonical.xml", arguments: ["canonicalize", "input.xml"],
      isTranscript: false),
    Case(
      folder: "cells/disordered-ids", golden: "show.json", arguments: ["show", "--format", "json", "input.xml"],
      isTranscript: false),
  ]

  @Test(arguments: cases)
  func commandPrintsItsGolden(_ testCase: Case) throws {
    let folder = packageRoot.appendingPathComponent("conformance").appendingPathComponent(testCase.folder)
    let expected = try String(contentsOf: folder.appendingPathComponent(testCase.golden), encoding: .utf8)
    // Both streams into one pipe, as a terminal shows them.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\"$0\" \"$@\" 2>&1", binary.path] + testCase.arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let actual = testCase.isTranscript ? output + "exit: \(process.terminationStatus)\n" : output
    #expect(actual == expected)
    if !testCase.isTranscript { #expect(process.terminationStatus == 0) }
  }
}
