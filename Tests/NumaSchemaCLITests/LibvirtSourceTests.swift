import Foundation
import Testing

/// Whether `virsh` (libvirt-clients) is on `PATH`: the tests that talk to libvirt's test driver
/// need it, and are skipped, saying so, where it is missing (CI installs it).
let virshInstalled: Bool = {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/virsh") }
}()

/// libvirt's test driver and a file of it: a host with NUMA guests (Tests/Fixtures/libvirt).
enum TestDriver {
  static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/libvirt")
  /// `test:///ABSOLUTE/PATH/numa-host.xml`: guests `ring` (valid), `tiered` (invalid as libvirt
  /// keeps it), `pinned` (running, bound to host node 0) and one with a hostile name, all but
  /// `pinned` shut off.
  static let numaHost = "test://" + fixtures.appendingPathComponent("numa-host.xml").path
  static let hostileName = "--inactive; $(touch pwned) <b>"
  /// A virsh that answers `capabilities` and `freecell` for the four-node ring host (the test
  /// driver gives a node file no host cells) and passes the guests' questions to the real one.
  static let fourNodeVirsh = ["NUMASCHEMA_VIRSH": fixtures.appendingPathComponent("virsh-four-node-host").path]
}

@Suite("libvirt connections as sources", .enabled(if: virshInstalled, "needs virsh (Debian: libvirt-clients)"))
struct LibvirtSourceTests {
  func document(_ run: Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
  }

  @Test("validate --connect test:///default checks its one guest, named URI/NAME")
  func defaultConnection() throws {
    let run = try numaschema(["validate", "--connect", "test:///default"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "test:///default/test: valid\n")
    #expect(run.stderr.isEmpty)
  }

  @Test("validate --connect a test driver file: every guest by name, the invalid one found and named URI/NAME")
  func numaHostGuests() throws {
    let folder = try temporaryFolder(["placeholder": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let uri = TestDriver.numaHost
    let run = try numaschema(["validate", "--connect", uri], in: folder)
    #expect(run.status == 1)
    #expect(
      run.stdout == """
        \(uri)/\(TestDriver.hostileName): valid
        \(uri)/pinned: valid
        \(uri)/ring: valid
        \(uri)/tiered: invalid

        """)
    #expect(
      run.stderr.hasPrefix(
        "\(uri)/tiered:14:9: error: <cache> lacks the attribute 'associativity', which it requires [rng-invalid]\n"
          + "  14 |         <cache level='1'>\n"), "\(run.stderr)")
    // The hostile name went to virsh as one argument: no shell ran its $(…).
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pwned").path))
  }

  @Test("libvirt guests go through every format as files do", arguments: ["json", "github"])
  func everyFormat(_ format: String) throws {
    let uri = TestDriver.numaHost
    let run = try numaschema([
      "validate", "--format", format, "--connect", uri, "--domain", "tiered", "--domain", "ring",
    ])
    #expect(run.status == 1)
    if format == "json" {
      let files = try #require(try document(run)["files"] as? [[String: Any]])
      #expect(files.compactMap { $0["path"] as? String } == ["\(uri)/tiered", "\(uri)/ring"])
      let findings = try #require(files.first?["diagnostics"] as? [[String: Any]])
      #expect(findings.first?["file"] as? String == "\(uri)/tiered")
      #expect(findings.first?["line"] as? Int == 14)
    } else {
      let file = "test%3A//" + String(uri.dropFirst("test://".count)) + "/tiered"
      #expect(run.stdout.hasPrefix("::error file=\(file),line=14,col=9,title=rng-invalid::"), "\(run.stdout)")
    }
  }

  @Test("--domain picks guests, a hostile name among them; an unknown one is refused like an unreadable input")
  func domainPicks() throws {
    let uri = TestDriver.numaHost
    let one = try numaschema(["validate", "--connect", uri, "--domain", "ring"])
    #expect(one.status == 0)
    #expect(one.stdout == "\(uri)/ring: valid\n")
    let hostile = try numaschema(["validate", "--connect", uri, "--domain", TestDriver.hostileName])
    #expect(hostile.status == 0, "\(hostile.stderr)")
    #expect(hostile.stdout == "\(uri)/\(TestDriver.hostileName): valid\n")
    let unknown = try numaschema(["validate", "--connect", uri, "--domain", "rign", "--domain", "ring"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "numaschema: error: \(uri) has no guest named 'rign' (did you mean 'ring'?)\n")
    #expect(unknown.stdout == "\(uri)/ring: valid\n", "the guests that exist are still checked")
  }

  @Test("a fleet: several --connect with PATHs, read with --jobs, in the order given")
  func fleet() throws {
    let uri = TestDriver.numaHost
    let run = try numaschema([
      "validate", "--jobs", "4", "examples/four-node-ring.xml", "--connect", "test:///default", "--connect", uri,
    ])
    #expect(run.status == 1)
    #expect(
      run.stdout == """
        examples/four-node-ring.xml: valid
        test:///default/test: valid
        \(uri)/\(TestDriver.hostileName): valid
        \(uri)/pinned: valid
        \(uri)/ring: valid
        \(uri)/tiered: invalid

        """)
    // A --domain one connection has is no error on the others.
    let picked = try numaschema(["validate", "--connect", "test:///default", "--connect", uri, "--domain", "test"])
    #expect(picked.status == 0, "\(picked.stderr)")
    #expect(picked.stdout == "test:///default/test: valid\n")
  }

  @Test("a connection that fails is an error of the run with virsh's own message")
  func connectionFails() throws {
    let run = try numaschema(["validate", "--connect", "test:///nonexistent/node.xml", "examples/four-node-ring.xml"])
    #expect(run.status == 2)
    #expect(
      run.stderr.hasPrefix(
        "numaschema: error: test:///nonexistent/node.xml: cannot list the guests: virsh list failed: "))
    #expect(run.stderr.contains("failed to connect to the hypervisor"), "\(run.stderr)")
    #expect(run.stdout == "examples/four-node-ring.xml: valid\n")
  }

  @Test("what virsh prints is read within --max-size")
  func outputIsBounded() throws {
    let run = try numaschema(["validate", "--connect", "test:///default", "--max-size", "1KiB"])
    #expect(run.status == 2)
    #expect(
      run.stderr
        == "numaschema: error: test:///default/test: cannot read the definition: what virsh dumpxml printed is larger than 1024 bytes; refusing to read it (--max-size)\n"
    )
  }

  @Test("fit --host test:///default: the host's cells and free memory per cell, its running guest counted")
  func fitOnDefault() throws {
    let run = try numaschema(["fit", "Tests/Fixtures/libvirt/tiny.xml", "--host", "test:///default"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("test:///default: memory checked against each node's free memory"))
    #expect(run.stdout.contains("pin them: 'test'\n"))
    // The test driver gives free memory 1024 times too small: 2 MiB of node 0's 2 GiB.
    #expect(run.stdout.contains("cell 0 → host node 0: 2 vCPUs on 8 CPUs (room for 8), 1 MiB of 2 MiB free"))
    #expect(run.stdout.hasSuffix("Tests/Fixtures/libvirt/tiny.xml: fits on test:///default\n"))
    let json = try document(
      try numaschema(["fit", "--format", "json", "Tests/Fixtures/libvirt/tiny.xml", "--host", "test:///default"]))
    let host = try #require(json["host"] as? [String: Any])
    #expect(host["source"] as? String == "test:///default")
    #expect(host["running"] as? [String] == ["test"])
  }

  @Test("fit --host a test driver file: its running guest's pinned node is taken, and the plan avoids it")
  func fitCountsRunningGuests() throws {
    let guest = "Tests/Fixtures/libvirt/web.xml"
    // The same host from a file, with nothing running: the first node.
    let empty = try numaschema(["fit", guest, "--host", "Tests/Fixtures/hosts/four-node-ring/capabilities.xml"])
    #expect(empty.stdout.contains("cell 0 → host node 0: 4 vCPUs"), "\(empty.stdout)")
    // `pinned` runs there, bound to node 0 with a vCPU on each of its 8 CPUs.
    let run = try numaschema(
      ["fit", guest, "--host", TestDriver.numaHost], environment: TestDriver.fourNodeVirsh)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("pin them: 'pinned'\n"))
    #expect(run.stdout.contains("cell 0 → host node 1: 4 vCPUs on 8 CPUs (room for 8), 4096 MiB of 31488 MiB free"))
    #expect(run.stdout.contains("<memnode cellid='0' mode='strict' nodeset='1'/>"))
    // With --dedicated, what is left of node 0 is not enough either: it has no CPU unpinned.
    let dedicated = try numaschema(
      ["fit", "--dedicated", guest, "--host", TestDriver.numaHost], environment: TestDriver.fourNodeVirsh)
    #expect(dedicated.stdout.contains("<vcpupin vcpu='0' cpuset='4'/>"), "\(dedicated.stdout)")
  }

  @Test("libvirt's test driver gives a node file no host cells: fit and from-host say so")
  func nodeFileHasNoHostCells() throws {
    for arguments in [["fit", "Tests/Fixtures/libvirt/web.xml"], ["from-host"]] {
      let run = try numaschema(arguments + ["--host", TestDriver.numaHost])
      #expect(run.status == 2)
      #expect(
        run.stderr
          == "numaschema: error: \(TestDriver.numaHost): cannot read the host topology: <cells> holds no <cell>\n")
    }
  }

  @Test("from-host --host test:///default mirrors its two cells")
  func fromHostOnDefault() throws {
    let run = try numaschema(["from-host", "--host", "test:///default"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("<cell id='0' cpus='0-7' memory='2097152' unit='KiB'/>"), "\(run.stdout)")
    #expect(run.stdout.contains("<cell id='1' cpus='8-15' memory='4194304' unit='KiB'/>"))
  }

  /// The section of docs/cli.md about hypervisor hosts, its `$ numaschema …` lines run from the
  /// repository's folder, `$PWD` standing for it, each compared with the lines under it (both
  /// streams, as a terminal shows them).
  static let documentedRuns: [(command: String, expected: String)] = {
    guard let text = try? String(contentsOf: packageRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8),
      let start = text.range(of: "## On a hypervisor host")
    else { return [] }
    let section = text[start.upperBound...].components(separatedBy: "\n## ")[0]
    var runs: [(String, String)] = []
    for block in section.components(separatedBy: "```console\n").dropFirst() {
      let lines = block.components(separatedBy: "\n```")[0].components(separatedBy: "\n")
      var current: (command: String, output: [String])?
      for line in lines {
        if line.hasPrefix("$ ") {
          if let current { runs.append((current.command, current.output.joined(separator: "\n"))) }
          current = (String(line.dropFirst(2)), [])
        } else {
          current?.output.append(line)
        }
      }
      if let current { runs.append((current.command, current.output.joined(separator: "\n"))) }
    }
    return runs.map { ($0.0, $0.1.trimmingCharacters(in: .newlines) + "\n") }
  }()

  @Test("docs/cli.md's examples on a hypervisor host print what they show")
  func documentedExamples() throws {
    #expect(Self.documentedRuns.count >= 5)
    for (command, expected) in Self.documentedRuns {
      let root = packageRoot.path
      let words = command.replacingOccurrences(of: "$PWD", with: root).split(separator: " ").map(String.init)
      #expect(words.first == "numaschema")
      let output = try numaschema(Array(words.dropFirst()), mergingStreams: true).stdout
      #expect(output.replacingOccurrences(of: root, with: "$PWD") == expected, "\(command)")
    }
  }
}

/// Without virsh, reading a libvirt connection is an error that says what to install: these run
/// everywhere.
@Suite("libvirt connections without virsh")
struct LibvirtWithoutVirshTests {
  @Test(
    "no virsh on PATH: every command that reads a connection says to install libvirt-clients",
    arguments: [
      ["validate", "--connect", "test:///default"],
      ["fit", "Tests/Fixtures/libvirt/tiny.xml", "--host", "test:///default"],
      ["from-host", "--host", "test:///default"],
    ])
  func virshMissing(_ arguments: [String]) throws {
    let run = try numaschema(arguments, environment: ["PATH": "/nonexistent", "NUMASCHEMA_VIRSH": ""])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("numaschema: error: test:///default: cannot "), "\(run.stderr)")
    #expect(
      run.stderr.hasSuffix(": virsh is not installed (Debian: apt-get install libvirt-clients)\n"), "\(run.stderr)")
  }

  @Test("NUMASCHEMA_VIRSH names the virsh to run; one that is not there is said so")
  func overrideMissing() throws {
    let run = try numaschema(
      ["validate", "--connect", "test:///default"], environment: ["NUMASCHEMA_VIRSH": "/nonexistent/virsh"])
    #expect(run.status == 2)
    #expect(
      run.stderr
        == "numaschema: error: test:///default: cannot list the guests: /nonexistent/virsh (from NUMASCHEMA_VIRSH) does not exist\n"
    )
  }

  @Test("--domain needs --connect, and validate needs a PATH or --connect")
  func usage() throws {
    let domain = try numaschema(["validate", "--domain", "web", "examples/four-node-ring.xml"])
    #expect(domain.status == 2)
    #expect(domain.stderr.hasPrefix("numaschema: error: --domain picks guests of the --connect connections"))
    let nothing = try numaschema(["validate"])
    #expect(nothing.status == 2)
    #expect(nothing.stderr.hasPrefix("numaschema: error: validate needs a PATH or --connect URI"))
  }
}
