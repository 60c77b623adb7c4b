import Foundation
import Testing

/// One contract for every command (docs/cli.md, "The contract"): inputs, exit status, options
/// for findings, one diagnostic shape, one JSON document shape, one error prefix.
@Suite("one contract for every command")
struct ContractTests {
  static let warningGuest = """
    <domain type='kvm'>
      <name>zeros</name>
      <vcpu>8</vcpu>
      <os><type arch='x86_64'>hvm</type></os>
      <cpu><numa>
        <cell id='0' cpus='0-3' memory='2' unit='GiB'>
          <distances><sibling id='0' value='10'/><sibling id='1' value='021'/></distances>
        </cell>
        <cell id='1' cpus='4-7' memory='2' unit='GiB'/>
      </numa></cpu>
    </domain>

    """

  func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = packageRoot) throws -> Run {
    try numaschema(arguments, environment: environment, in: directory)
  }

  func document(_ run: Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
  }

  static let reportingCommands: [[String]] = [
    ["validate"], ["show"], ["canonicalize", "--check"],
    ["fit", "--host", "examples/hosts/four-node-ring.numactl.txt"],
  ]

  @Test(
    "every reporting command prints one JSON document, even when an input cannot be read", arguments: reportingCommands)
  func jsonDespiteUnreadableInput(_ command: [String]) throws {
    let run = try run(command + ["--format", "json", "examples/four-node-ring.xml", "no-such-guest.xml"])
    #expect(run.status == 2)
    let json = try document(run)
    #expect(json["command"] as? String == command[0])
    #expect(json["exitStatus"] as? Int == 2)
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["path"] as? String == "examples/four-node-ring.xml")
    #expect(files[0]["diagnostics"] as? [Any] != nil)
    #expect((files[1]["error"] as? String)?.contains("no such file") == true)
    #expect((json["summary"] as? [String: Any])?["unreadable"] as? Int == 1)
    #expect(run.stderr.hasPrefix("numaschema: error: no-such-guest.xml"))
  }

  @Test(
    "a batch of many paths reads the same with one job and with more: every file in its place, a missing one and a folder too"
  )
  func largeBatchInOrder() throws {
    // 64 paths or more start a batch on two cores (the arguments looked at while the grammar
    // compiles): the report must not change.
    var files: [String: String] = ["folder/b.xml": Self.warningGuest, "folder/a.xml": "<domain/>"]
    var paths: [String] = []
    for index in 0..<80 {
      let name = String(format: "g%02d.xml", 79 - index)  // given out of name order
      files[name] = index % 3 == 0 ? Self.warningGuest : "<domain type='kvm'><name>g\(index)</name></domain>"
      paths.append(name)
      if index == 40 { paths += ["missing.xml", "folder"] }
    }
    let folder = try temporaryFolder(files)
    let one = try run(["validate", "--jobs", "1"] + paths, in: folder)
    #expect(one.status == 2)
    let lines = one.stdout.split(separator: "\n").filter { $0.hasSuffix(": valid") || $0.hasSuffix(": invalid") }
    #expect(lines.first?.hasPrefix("g79.xml") == true)
    #expect(one.stderr.contains("missing.xml"))
    for jobs in [[], ["--jobs", "2"], ["--jobs", "3"]] {
      let many = try run(["validate"] + jobs + paths, in: folder)
      #expect(many.status == one.status, "\(jobs)")
      #expect(many.stdout == one.stdout, "\(jobs)")
      #expect(many.stderr == one.stderr, "\(jobs)")
    }
    // canonicalize --check compiles its stylesheet beside the grammar when it has several paths
    // and jobs: the same report.
    let check = try run(["canonicalize", "--check", "--jobs", "1"] + paths, in: folder)
    #expect(check.status == 2)
    for jobs in [[], ["--jobs", "2"]] {
      let many = try run(["canonicalize", "--check"] + jobs + paths, in: folder)
      #expect(many.status == check.status, "\(jobs)")
      #expect(many.stdout == check.stdout, "\(jobs)")
      #expect(many.stderr == check.stderr, "\(jobs)")
    }
  }

  @Test("a diagnostic has one shape in every command's JSON, and a cpuset is a string")
  func oneDiagnosticShape() throws {
    let folder = try temporaryFolder(["w.xml": Self.warningGuest])
    for command in [["validate"], ["show"], ["canonicalize", "--check"]] {
      let json = try document(try run(command + ["--format", "json", "w.xml"], in: folder))
      let files = try #require(json["files"] as? [[String: Any]])
      let diagnostic = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
      #expect(Set(diagnostic.keys) == ["severity", "code", "message", "file", "line", "column"], "\(command)")
      #expect(diagnostic["code"] as? String == "numa-number-form")
      #expect(diagnostic["file"] as? String == "w.xml")
    }
    let show = try document(try run(["show", "--format", "json", "w.xml"], in: folder))
    let topology = try #require((show["files"] as? [[String: Any]])?.first?["topology"] as? [String: Any])
    #expect((topology["cells"] as? [[String: Any]])?.first?["cpus"] as? String == "0-3")
  }

  @Test("exit status: 1 for findings, 2 for what cannot be read, the same in every command")
  func exitStatus() throws {
    let folder = try temporaryFolder(["bad.xml": invalidGuest, "good.xml": Self.warningGuest])
    #expect(try run(["validate", "bad.xml"], in: folder).status == 1)
    #expect(try run(["show", "bad.xml"], in: folder).status == 1)
    #expect(try run(["to-qemu", "bad.xml"], in: folder).status == 1)
    let diff = try run(["diff", "bad.xml", "good.xml"], in: folder)
    #expect(diff.status == 1)  // an invalid guest is a finding, as in every command
    #expect(diff.stderr.contains("numaschema: error: cannot compare: bad.xml is invalid"))
    #expect(try run(["validate", "missing.xml"], in: folder).status == 2)
    #expect(try run(["to-xl", "missing.xml"], in: folder).status == 2)
    let empty = try run(["conformance", folder.path], in: folder)
    #expect(empty.status == 2)  // no case at all: a mistyped path never passes
    #expect(empty.stderr.hasPrefix("numaschema: error: no conformance case"))
  }

  @Test("usage errors and errors of the run have one prefix")
  func onePrefix() throws {
    let usage = try run(["validate", "--jobs", "0", "examples/four-node-ring.xml"])
    #expect(usage.status == 2)
    #expect(usage.stderr.hasPrefix("numaschema: error: "))
    let unreadable = try run(["show", "nothing-here.xml"])
    #expect(unreadable.stderr.hasPrefix("numaschema: error: nothing-here.xml"))
    #expect(!unreadable.stderr.contains("Error:"))
  }

  @Test("--disable silences a warning; an error's code or an unknown code is refused, with did you mean")
  func disable() throws {
    let folder = try temporaryFolder(["w.xml": Self.warningGuest])
    #expect(try run(["validate", "w.xml"], in: folder).stderr.contains("[numa-number-form]"))
    let silenced = try run(["validate", "--disable", "numa-number-form", "w.xml"], in: folder)
    #expect(silenced.status == 0)
    #expect(silenced.stderr.isEmpty)
    let error = try run(["validate", "--disable", "numa-cpus-overlap", "w.xml"], in: folder)
    #expect(error.status == 2)
    #expect(error.stderr.hasPrefix("numaschema: error: --disable"))
    let misspelt = try run(["to-qemu", "--disable", "numa-numbr-form", "w.xml"], in: folder)
    #expect(misspelt.status == 2)
    #expect(misspelt.stderr.contains("numa-number-form"))
  }

  @Test("--max-size takes a size with its unit; a bare number is a usage error")
  func maxSizeNeedsItsUnit() throws {
    let bare = try run(["validate", "--max-size", "1024", "examples/four-node-ring.xml"])
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("--max-size '1024' is not a size with its unit"))
    #expect(try run(["validate", "--max-size", "1MiB", "examples/four-node-ring.xml"]).status == 0)
  }

  @Test("--strict makes the guest's warnings errors; --warnings-as-errors every warning, the converters' too")
  func strictAndWarningsAsErrors() throws {
    // The bundled example has devices to-qemu does not convert: one note, no NUMA meaning lost.
    let strict = try run(["to-qemu", "--strict", "examples/four-node-ring.xml"])
    #expect(strict.status == 0)
    #expect(strict.stdout.contains("-numa node"))
    let bound = Self.warningGuest.replacingOccurrences(
      of: "</domain>", with: "  <numatune><memory mode='restrictive' nodeset='0'/></numatune>\n</domain>")
    let folder = try temporaryFolder(["w.xml": Self.warningGuest, "bound.xml": bound])
    // A converter's own warning (a restrictive <numatune> is not carried) stays one under --strict …
    #expect(try run(["to-qemu", "--strict", "--disable", "numa-number-form", "bound.xml"], in: folder).status == 0)
    // … and is an error with --warnings-as-errors: nothing is written.
    let all = try run(["to-qemu", "--warnings-as-errors", "--disable", "numa-number-form", "bound.xml"], in: folder)
    #expect(all.status == 1)
    #expect(all.stdout.isEmpty)
    #expect(try run(["validate", "--strict", "w.xml"], in: folder).status == 1)
    #expect(try run(["validate", "--warnings-as-errors", "w.xml"], in: folder).status == 1)
  }

  @Test(
    "--quiet is on every command",
    arguments: [
      ["validate", "examples/four-node-ring.xml"], ["canonicalize", "examples/four-node-ring.xml"],
      ["show", "examples/four-node-ring.xml"], ["to-xl", "examples/four-node-ring.xml"],
      ["to-qemu", "examples/four-node-ring.xml"], ["from-xl", "examples/four-node-ring.cfg"],
      ["from-host", "--host", "examples/hosts/four-node-ring.numactl.txt"],
      ["fit", "examples/four-node-ring.xml", "--host", "examples/hosts/four-node-ring.numactl.txt"],
      ["diff", "examples/four-node-ring.xml", "examples/four-node-ring.xml"],
    ])
  func quietEverywhere(_ arguments: [String]) throws {
    let quiet = try run(arguments + ["--quiet"])
    #expect(quiet.status == 0, "\(quiet.stderr)")
  }

  @Test("a numaschema-disable comment silences its code for the element that follows, not elsewhere")
  func inlineDirective() throws {
    let guest = Self.warningGuest.replacingOccurrences(
      of: "<cell id='0'", with: "<!-- numaschema-disable numa-number-form -->\n    <cell id='0'")
    let folder = try temporaryFolder(["d.xml": guest])
    let run = try run(["validate", "d.xml"], in: folder)
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
  }

  @Test("text findings show the source line and a caret under the column")
  func caret() throws {
    let folder = try temporaryFolder(["w.xml": Self.warningGuest])
    let lines = try run(["validate", "w.xml"], in: folder).stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("w.xml:7:62: warning:"))
    #expect(lines[1].hasSuffix("<sibling id='1' value='021'/></distances>"))
    let caretColumn = try #require(lines[2].firstIndex(of: "^"))
    let quote = try #require(lines[1].range(of: "value='021'"))  // the attribute
    #expect(
      lines[2].distance(from: lines[2].startIndex, to: caretColumn)
        == lines[1].distance(from: lines[1].startIndex, to: quote.lowerBound))
  }

  @Test("colour only where asked: never into a pipe or with NO_COLOR, always with CLICOLOR_FORCE")
  func colour() throws {
    let folder = try temporaryFolder(["w.xml": Self.warningGuest])
    #expect(!(try run(["validate", "w.xml"], in: folder).stderr.contains("\u{1B}[")))
    #expect(
      try run(["validate", "w.xml"], environment: ["CLICOLOR_FORCE": "1"], in: folder).stderr.contains("\u{1B}["))
    let noColour = try run(["validate", "w.xml"], environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"], in: folder)
    #expect(!noColour.stderr.contains("\u{1B}["))
  }

  @Test("canonicalize walks folders with --check, and --diff shows what differs")
  func canonicalizeFoldersAndDiff() throws {
    let canonical = try run(["canonicalize", "examples/four-node-ring.xml"]).stdout
    let folder = try temporaryFolder(["a/ok.xml": canonical, "a/b/not.xml": Self.warningGuest])
    let check = try run(["canonicalize", "--check", "--diff", "a"], in: folder)
    #expect(check.status == 1)
    #expect(check.stdout.hasPrefix("a/b/not.xml: not canonical\n--- a/b/not.xml\n+++ a/b/not.xml (canonical)\n@@"))
    #expect(!check.stdout.contains("a/ok.xml"))
    #expect(try run(["canonicalize", "--in-place", "a"], in: folder).status == 0)
    #expect(try run(["canonicalize", "--check", "a"], in: folder).status == 0)
  }

  @Test("diff compares two folders guest by guest")
  func diffFolders() throws {
    let ring = try String(
      contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let ringV2 = try String(
      contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring-v2.xml"), encoding: .utf8)
    let folder = try temporaryFolder(["old/g.xml": ring, "old/only.xml": ring, "new/g.xml": ringV2])
    let run = try run(["diff", "old", "new"], in: folder)
    #expect(run.status == 1)
    #expect(run.stdout.hasPrefix("==> g.xml <==\n"))
    #expect(run.stdout.contains("only in old: only.xml"))
    #expect(try self.run(["diff", "old", "old"], in: folder).status == 0)
  }

  @Test("conformance speaks JSON too: one entry per case, with the diff of each golden that differs")
  func conformanceJSON() throws {
    let ring = try String(
      contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let valid = try numaschema(["validate", "examples/four-node-ring.xml"]).stdout.replacingOccurrences(
      of: "examples/four-node-ring.xml", with: "input.xml")
    let folder = try temporaryFolder([
      "suite/good/input.xml": ring, "suite/good/validate.txt": valid + "exit: 0\n",
      "suite/bad/input.xml": ring, "suite/bad/validate.txt": "input.xml: invalid\nexit: 1\n",
    ])
    let run = try run(["conformance", "--format", "json", "suite"], in: folder)
    #expect(run.status == 1)
    let json = try document(run)
    #expect(json["command"] as? String == "conformance")
    let cases = try #require(json["cases"] as? [[String: Any]])
    #expect(cases.map { $0["name"] as? String } == ["bad", "good"])
    #expect(cases.map { $0["status"] as? String } == ["failed", "passed"])
    let failure = try #require((cases[0]["failures"] as? [[String: Any]])?.first)
    #expect(failure["golden"] as? String == "validate.txt")
    #expect((failure["diff"] as? String)?.contains("+input.xml: valid") == true)
    #expect(json["summary"] as? [String: Int] == ["passed": 1, "failed": 1, "errors": 0, "skipped": 0])
  }
}
