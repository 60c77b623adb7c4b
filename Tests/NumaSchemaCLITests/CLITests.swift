import Foundation
import Testing

/// Runs the built `numaschema` binary and captures what it prints.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The binary sits beside the test bundle in SwiftPM's build folder.
let binary: URL = {
  if let override = ProcessInfo.processInfo.environment["NUMASCHEMA_BIN"] { return URL(fileURLWithPath: override) }
  var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  while folder.path != "/" {
    let candidate = folder.appendingPathComponent("numaschema")
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      return candidate
    }
    folder = folder.deletingLastPathComponent()
  }
  return packageRoot.appendingPathComponent(".build/debug/numaschema")
}()

/// Runs the binary with `arguments` in `directory`, `stdin` on its standard input, and an
/// environment without colour settings, plus `environment`. With `mergingStreams`, both streams
/// go into one pipe, as a terminal shows them, and `stdout` holds them.
func numaschema(
  _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL = packageRoot,
  mergingStreams: Bool = false
) throws -> Run {
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var base = ProcessInfo.processInfo.environment
  for key in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] { base[key] = nil }
  process.environment = base.merging(environment) { $1 }
  let out = Pipe()
  let err = mergingStreams ? out : Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try input.fileHandleForWriting.close()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = mergingStreams ? Data() : err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

let invalidGuest = """
  <domain type='kvm'>
    <name>broken</name>
    <vcpu>4</vcpu>
    <os><type>hvm</type></os>
    <cpu><numa>
      <cell id='0' cpus='0-2' memory='1024'/>
      <cell id='1' cpus='2-3' memory='1024'/>
    </numa></cpu>
  </domain>
  """

func temporaryFolder(_ files: [String: String]) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-cli-\(UUID().uuidString)")
  for (name, content) in files {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try content.write(to: url, atomically: true, encoding: .utf8)
  }
  return folder
}

@Suite("numaschema validate")
struct ValidateCommandTests {
  @Test func bundledExamplesAreValid() throws {
    let run = try numaschema(["validate", "examples/four-node-ring.xml", "examples/two-node-memory-only.xml"])
    #expect(run.status == 0)
    #expect(run.stdout == "examples/four-node-ring.xml: valid\nexamples/two-node-memory-only.xml: valid\n")
    #expect(run.stderr == "")
  }

  @Test func invalidGuestExitsOneWithCompilerStyleFindings() throws {
    let run = try numaschema(["validate", "-"], stdin: invalidGuest)
    #expect(run.status == 1)
    #expect(
      run.stderr == """
        <stdin>:3:3: error: the cells hold 5 vCPUs but <vcpu> is 4: raise <vcpu> or remove cpus from cells [numa-vcpus-exceed-count]
           3 |   <vcpu>4</vcpu>
             |   ^
        <stdin>:7:18: error: cell 1 lists cpu 2, already in cell 0: a vCPU belongs to one cell only [numa-cpus-overlap]
           7 |     <cell id='1' cpus='2-3' memory='1024'/>
             |                  ^

        """)
    #expect(run.stdout == "<stdin>: invalid\n")
  }

  @Test func quietPrintsOnlyFindings() throws {
    let run = try numaschema(["validate", "--quiet", "examples/four-node-ring.xml"])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty && run.stderr.isEmpty)
  }

  @Test func missingFileIsAnIOErrorExitTwo() throws {
    let run = try numaschema(["validate", "no/such/file.xml"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("no/such/file.xml"))
  }

  @Test func unknownOptionIsAUsageErrorExitTwo() throws {
    let run = try numaschema(["validate", "--no-such-flag", "examples/four-node-ring.xml"])
    #expect(run.status == 2)
  }

  @Test func helpExitsZero() throws {
    #expect(try numaschema(["validate", "--help"]).status == 0)
    #expect(try numaschema(["--version"]).status == 0)
  }

  @Test func jsonIsOneDocumentWithNullColumns() throws {
    let folder = try temporaryFolder(["bad.xml": invalidGuest.replacingOccurrences(of: "memory='1024'/>\n    <cell id='1'", with: "memory='1024' memAccess='x'/>\n    <cell id='1'")])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try numaschema(["validate", "--format", "json", "bad.xml", "../" + folder.lastPathComponent + "/bad.xml"], in: folder)
    #expect(run.status == 1)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let files = try #require(document["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["path"] as? String == "bad.xml")
    #expect(files[0]["valid"] as? Bool == false)
    let diagnostics = try #require(files[0]["diagnostics"] as? [[String: Any]])
    let grammar = try #require(diagnostics.first { $0["code"] as? String == "rng-invalid" })
    #expect(grammar["column"] is NSNull)
    #expect(grammar["line"] as? Int == 6)
    #expect(Set(diagnostics[0].keys) == ["severity", "code", "message", "file", "line", "column"])
    let summary = try #require(document["summary"] as? [String: Int])
    #expect(summary == ["files": 2, "valid": 0, "invalid": 2, "unreadable": 0, "errors": summary["errors"] ?? -1, "warnings": 0])
  }

  @Test func githubAnnotations() throws {
    let run = try numaschema(["validate", "--format", "github", "-"], stdin: invalidGuest)
    #expect(run.status == 1)
    // Properties escape ':' and ','; the message keeps them.
    #expect(
      run.stdout.split(separator: "\n").last
        == "::error file=<stdin>,line=7,col=18,title=numa-cpus-overlap::cell 1 lists cpu 2, already in cell 0: a vCPU belongs to one cell only")
  }

  @Test func foldersAreWalkedSortedAndJobsKeepInputOrder() throws {
    var files: [String: String] = [:]
    let valid = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    for index in 0..<24 {
      files[String(format: "guests/g%02d.xml", index)] = index % 5 == 0 ? invalidGuest : valid
    }
    files["guests/notes.txt"] = "not a guest"
    let folder = try temporaryFolder(files)
    defer { try? FileManager.default.removeItem(at: folder) }
    let one = try numaschema(["validate", "--jobs", "1", "guests"], in: folder)
    let four = try numaschema(["validate", "--jobs", "4", "guests"], in: folder)
    #expect(one.status == 1 && four.status == 1)
    #expect(one.stdout == four.stdout)
    #expect(one.stderr == four.stderr)
    let lines = one.stdout.split(separator: "\n")
    #expect(lines.count == 24)
    #expect(lines.first == "guests/g00.xml: invalid")
    #expect(lines[1] == "guests/g01.xml: valid")
  }

  @Test func canonicalizeCheckInParallelKeepsInputOrderAndGoesOnAfterAMissingFile() throws {
    var files: [String: String] = [:]
    let ring = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let canonical = try numaschema(["canonicalize", "-"], stdin: ring).stdout
    for index in 0..<12 {
      files[String(format: "g%02d.xml", index)] = index % 3 == 0 ? ring : index % 3 == 1 ? canonical : invalidGuest
    }
    let folder = try temporaryFolder(files)
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = (0..<12).map { String(format: "g%02d.xml", $0) }
    let one = try numaschema(["canonicalize", "--check", "--jobs", "1"] + names, in: folder)
    let four = try numaschema(["canonicalize", "--check", "--jobs", "4"] + names, in: folder)
    #expect(one.status == 1 && four.status == 1)
    #expect(one.stdout == four.stdout && one.stderr == four.stderr)
    #expect(one.stdout.split(separator: "\n") == ["g00.xml: not canonical", "g03.xml: not canonical", "g06.xml: not canonical", "g09.xml: not canonical"])
    // A file that cannot be read is reported, the others are still checked, and the run exits 2.
    let missing = try numaschema(["canonicalize", "--check", "--jobs", "4", "g00.xml", "absent.xml", "g03.xml"], in: folder)
    #expect(missing.status == 2)
    #expect(missing.stdout.split(separator: "\n") == ["g00.xml: not canonical", "g03.xml: not canonical"])
    #expect(missing.stderr.contains("absent.xml: no such file or folder"))
  }

  @Test func strictTurnsWarningsIntoErrors() throws {
    let guest = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
      .replacingOccurrences(of: "<vcpu placement='static'>16</vcpu>", with: "<vcpu placement='static'>18</vcpu>")
    let lax = try numaschema(["validate", "-"], stdin: guest)
    #expect(lax.status == 0)
    #expect(lax.stderr.contains("warning: vCPUs 16-17 are in no cell"))
    let strict = try numaschema(["validate", "--strict", "-"], stdin: guest)
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("error: vCPUs 16-17 are in no cell"))
  }

  @Test func worksFromAnyFolderWithTheEmbeddedGrammar() throws {
    let run = try numaschema(["validate", packageRoot.appendingPathComponent("examples/four-node-ring.xml").path], in: URL(fileURLWithPath: "/"))
    #expect(run.status == 0)
  }

  @Test func schemaFolderSwapsTheGrammar() throws {
    let run = try numaschema(["validate", "--schema", "schemas", "examples/four-node-ring.xml"])
    #expect(run.status == 0)
    let missing = try numaschema(["validate", "--schema", "/nonexistent-grammars", "examples/four-node-ring.xml"])
    #expect(missing.status == 2)
  }
}

@Suite("numaschema show")
struct ShowCommandTests {
  @Test func printsNumactlView() throws {
    let run = try numaschema(["show", "examples/four-node-ring.xml"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("available: 4 nodes (0-3)\nnode 0 cpus: 0 1 2 3\n"))
    #expect(run.stdout.hasSuffix("node distances:\nnode   0   1   2   3 \n  0:  10  21  31  21 \n  1:  21  10  21  31 \n  2:  31  21  10  21 \n  3:  21  31  21  10 \n"))
  }

  @Test func jsonHasCellsAndCompletedMatrix() throws {
    let run = try numaschema(["show", "--format", "json", "examples/two-node-memory-only.xml"])
    #expect(run.status == 0)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let document = try #require((json["files"] as? [[String: Any]])?.first?["topology"] as? [String: Any])
    #expect(document["distances"] as? [[Int]] == [[10, 21, 40], [21, 10, 40], [40, 40, 10]])
    #expect((document["cells"] as? [[String: Any]])?.map { $0["memoryKiB"] as? Int } == [2_097_152, 2_097_152, 2_097_152])
  }

  @Test func invalidGuestIsRefused() throws {
    let run = try numaschema(["show", "-"], stdin: invalidGuest)
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("[numa-cpus-overlap]"))
  }
}

@Suite("numaschema canonicalize")
struct CanonicalizeCommandTests {
  @Test func checkPassesOnCanonicalAndFailsOnReordered() throws {
    let folder = try temporaryFolder([:])
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let canonical = try numaschema(["canonicalize", "examples/four-node-ring.xml"])
    #expect(canonical.status == 0)
    try canonical.stdout.write(to: folder.appendingPathComponent("c.xml"), atomically: true, encoding: .utf8)
    #expect(try numaschema(["canonicalize", "--check", "c.xml"], in: folder).status == 0)
    // The same guest with two attributes swapped is not canonical.
    let reordered = canonical.stdout.replacingOccurrences(of: #"<cell id='1' cpus='4-7'"#, with: #"<cell cpus='4-7' id='1'"#)
    #expect(reordered != canonical.stdout)
    try reordered.write(to: folder.appendingPathComponent("r.xml"), atomically: true, encoding: .utf8)
    let check = try numaschema(["canonicalize", "--check", "c.xml", "r.xml"], in: folder)
    #expect(check.status == 1)
    #expect(check.stdout == "r.xml: not canonical\n")
  }

  @Test func inPlaceRewritesAtomicallyAndKeepsPermissions() throws {
    let source = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let folder = try temporaryFolder(["g.xml": source, "bad.xml": invalidGuest])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("g.xml").path
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    let run = try numaschema(["canonicalize", "--in-place", "g.xml"], in: folder)
    #expect(run.status == 0)
    let rewritten = try String(contentsOfFile: path, encoding: .utf8)
    #expect(rewritten == (try numaschema(["canonicalize", "examples/four-node-ring.xml"])).stdout)
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
    // Invalid input: refused, nothing written.
    let refused = try numaschema(["canonicalize", "--in-place", "bad.xml"], in: folder)
    #expect(refused.status == 1)
    #expect(try String(contentsOf: folder.appendingPathComponent("bad.xml"), encoding: .utf8) == invalidGuest)
  }

  @Test func outputFileAndDistanceModes() throws {
    let folder = try temporaryFolder(["x": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.xml").path
    #expect(try numaschema(["canonicalize", "--distances", "minimal", "-o", out, "examples/four-node-ring.xml"]).status == 0)
    let minimal = try String(contentsOfFile: out, encoding: .utf8)
    #expect(minimal.components(separatedBy: "<sibling ").count - 1 == 6)
    #expect(try numaschema(["canonicalize", "--in-place", "--check", "examples/four-node-ring.xml"]).status == 2)
  }
}

/// `validate` and `canonicalize` in their common forms are read without ArgumentParser
/// (`ValidateRun.plain`, `CanonicalizeRun.plain`); adding an option only ArgumentParser reads
/// (`--format text`, `--distances full`, both the defaults) sends the same run through it. Both
/// readings must give the same run: same output, same exit status.
@Suite("plain argument reading")
struct PlainArgumentTests {
  static func folder() throws -> URL {
    let ring = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let canonical = try numaschema(["canonicalize", "-"], stdin: ring).stdout
    let warned = ring.replacingOccurrences(
      of: "<vcpu placement='static'>16</vcpu>", with: "<vcpu placement='static'>18</vcpu>")
    return try temporaryFolder([
      "ring.xml": ring, "canonical.xml": canonical, "bad.xml": invalidGuest, "warned.xml": warned,
      "sub/inner.xml": canonical,
    ])
  }

  /// Each run as written, and with `extra` inserted after the subcommand.
  static let runs: [(arguments: [String], extra: [String])] = [
    (["validate", "ring.xml", "bad.xml", "warned.xml"], ["--format", "text"]),
    (["validate", "--quiet", "--strict", "--jobs", "2", "ring.xml", "warned.xml", "absent.xml"], ["--format", "text"]),
    (["validate", "--jobs=1", "sub", "bad.xml"], ["--format", "text"]),
    (["canonicalize", "ring.xml"], ["--distances", "full"]),
    (["canonicalize", "--strict", "warned.xml"], ["--distances", "full"]),
    (["canonicalize", "ring.xml", "canonical.xml"], ["--distances", "full"]),
    (["canonicalize", "bad.xml"], ["--distances", "full"]),
    (["canonicalize", "--check", "ring.xml", "canonical.xml", "bad.xml", "absent.xml"], ["--format", "text"]),
    (["canonicalize", "--check", "--diff", "--jobs", "2", "ring.xml", "canonical.xml", "sub"], ["--format", "text"]),
    (["canonicalize", "--quiet", "--check", "--strict", "--jobs=1", "warned.xml", "ring.xml"], ["--format", "text"]),
    (["canonicalize", "--check", "--jobs", "2", "-"], ["--format", "text"]),
  ]

  @Test(arguments: 0..<runs.count)
  func bothReadingsGiveTheSameRun(_ index: Int) throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (arguments, extra) = Self.runs[index]
    let stdin = arguments.contains("-") ? invalidGuest : nil
    let plain = try numaschema(arguments, stdin: stdin, in: folder)
    let parsed = try numaschema([arguments[0]] + extra + arguments.dropFirst(), stdin: stdin, in: folder)
    #expect(plain.status == parsed.status, "\(arguments)")
    #expect(plain.stdout == parsed.stdout, "\(arguments)")
    #expect(plain.stderr == parsed.stderr, "\(arguments)")
  }
}
