import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the binary with a deadline: a run that outlives it is killed and recorded as a hang.
/// Output goes to files, not pipes, so nothing the test does can make the binary wait.
func numaschemaWithin(
  _ seconds: Double, _ arguments: [String], in directory: URL, executable: URL = binary, launcher: [String] = []
) throws -> Run {
  let process = Process()
  let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-run-\(UUID().uuidString).out")
  let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-run-\(UUID().uuidString).err")
  FileManager.default.createFile(atPath: outFile.path, contents: nil)
  FileManager.default.createFile(atPath: errFile.path, contents: nil)
  defer {
    try? FileManager.default.removeItem(at: outFile)
    try? FileManager.default.removeItem(at: errFile)
  }
  if launcher.isEmpty {
    process.executableURL = executable
    process.arguments = arguments
  } else {
    process.executableURL = URL(fileURLWithPath: launcher[0])
    process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
  }
  process.currentDirectoryURL = directory
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = try FileHandle(forWritingTo: outFile)
  process.standardError = try FileHandle(forWritingTo: errFile)
  try process.run()
  let deadline = Date().addingTimeInterval(seconds)
  while process.isRunning && Date() < deadline { usleep(20_000) }
  if process.isRunning {
    kill(process.processIdentifier, SIGKILL)
    Issue.record("numaschema \(arguments.joined(separator: " ")) still ran after \(seconds) s: it hangs")
  }
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus,
    stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
}

let fourNodeRing: String = (try? String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)) ?? ""

func kind(_ path: String) -> mode_t {
  var info = stat()
  return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
}

func owner(_ path: String) -> (uid: uid_t, gid: gid_t, mode: mode_t) {
  var info = stat()
  _ = stat(path, &info)
  return (info.st_uid, info.st_gid, info.st_mode & 0o7777)
}

let isRoot = geteuid() == 0
/// Device 1:3, what /dev/null is (glibc's `makedev`, a macro Swift does not see, for small numbers).
let nullDeviceNumber: dev_t = (1 << 8) | 3
/// Root in a place where device nodes can be made (a container may forbid it).
let canMakeDevices: Bool = {
  guard isRoot else { return false }
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-mknod-\(UUID().uuidString)").path
  defer { unlink(path) }
  return mknod(path, S_IFCHR | 0o666, nullDeviceNumber) == 0
}()

@Suite("folders and FIFOs: nothing waits")
struct FolderAndFIFOTests {
  @Test func aFIFOOrSocketInAFolderIsNamedAndNotOpened() throws {
    let folder = try temporaryFolder(["d/a.xml": fourNodeRing, "d/b.txt": "not xml"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let d = folder.appendingPathComponent("d").path
    #expect(mkfifo(d + "/fifo.xml", 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: d + "/to-fifo.xml", withDestinationPath: "fifo.xml")
    try FileManager.default.createSymbolicLink(atPath: d + "/nowhere.xml", withDestinationPath: "missing.xml")
    let socketPath = d + "/socket.xml"
    let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketDescriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (offset, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[offset] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0)
    let run = try numaschemaWithin(10, ["validate", "d"], in: folder)
    #expect(run.status == 2)
    #expect(run.stdout == "d/a.xml: valid\n")  // the regular file is still checked
    #expect(run.stderr.contains("d/fifo.xml: is a FIFO, not a regular file; not read"))
    #expect(run.stderr.contains("d/to-fifo.xml: is a FIFO, not a regular file; not read"))
    #expect(run.stderr.contains("d/socket.xml: is a socket, not a regular file; not read"))
    #expect(run.stderr.contains("d/nowhere.xml: no such file or folder"))
    #expect(kind(d + "/fifo.xml") == S_IFIFO)
  }

  @Test func aFIFONamedOnTheCommandLineIsReadWithoutWaitingForAWriter() throws {
    let folder = try temporaryFolder(["x": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(mkfifo(folder.appendingPathComponent("p.xml").path, 0o644) == 0)
    // Nobody writes: it reads as empty, as `cat` would, instead of waiting.
    let run = try numaschemaWithin(10, ["validate", "p.xml"], in: folder)
    #expect(run.status == 1)
    #expect(run.stderr.contains("[xml-not-well-formed]"))
  }

  @Test func inPlaceOnAFIFOIsRefusedWithoutWaiting() throws {
    let folder = try temporaryFolder(["x": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("p.xml").path
    #expect(mkfifo(path, 0o644) == 0)
    let run = try numaschemaWithin(10, ["canonicalize", "--in-place", "p.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("p.xml: is a FIFO, not a regular file; not read"))
    #expect(kind(path) == S_IFIFO)
  }

  @Test func outputIntoAFIFOThatNobodyReadsIsRefusedWithoutWaiting() throws {
    let folder = try temporaryFolder(["g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("p.xml").path
    #expect(mkfifo(path, 0o644) == 0)
    let run = try numaschemaWithin(10, ["canonicalize", "-o", "p.xml", "g.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("p.xml: cannot write: is a FIFO that no process is reading"))
    #expect(kind(path) == S_IFIFO)
  }
}

@Suite("writing files keeps them what they were")
struct WritingFilesTests {
  @Test func outputIntoAFIFOWithAReaderWritesIntoIt() throws {
    let folder = try temporaryFolder(["g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("p.xml").path
    #expect(mkfifo(path, 0o644) == 0)
    let reader = open(path, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    let run = try numaschemaWithin(10, ["canonicalize", "-o", "p.xml", "g.xml"], in: folder)
    #expect(run.status == 0)
    var received = [UInt8](repeating: 0, count: 1 << 16)
    let count = read(reader, &received, received.count)
    let canonical = try numaschema(["canonicalize", "g.xml"], in: folder).stdout
    #expect(String(decoding: received.prefix(max(count, 0)), as: UTF8.self) == canonical)
    #expect(kind(path) == S_IFIFO)
  }

  @Test func outputThroughAProcLinkWritesIntoStandardOutput() throws {
    // `-o /dev/stdout` as a link of our own, so that a regression could only replace the link.
    let folder = try temporaryFolder(["g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("stdout").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
    let run = try numaschema(["canonicalize", "-o", "stdout", "g.xml"], in: folder)
    #expect(run.status == 0)
    #expect(run.stdout == (try numaschema(["canonicalize", "g.xml"], in: folder)).stdout)
    #expect(kind(link) == S_IFLNK)
  }

  @Test(.enabled(if: canMakeDevices, "needs root where device nodes can be made"))
  func outputIntoACharacterDeviceWritesIntoItAndKeepsTheNode() throws {
    let folder = try temporaryFolder(["g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let null = folder.appendingPathComponent("null").path
    #expect(mknod(null, S_IFCHR | 0o666, nullDeviceNumber) == 0)  // a /dev/null of our own
    let run = try numaschemaWithin(10, ["canonicalize", "-o", "null", "g.xml"], in: folder)
    #expect(run.status == 0)
    #expect(kind(null) == S_IFCHR)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".null") }
    #expect(leftovers.isEmpty)
  }

  @Test func newFilesHonourTheUmask() throws {
    let folder = try temporaryFolder(["g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    for (mask, mode) in [("027", 0o640), ("022", 0o644), ("077", 0o600)] as [(String, mode_t)] {
      let name = "new-\(mask).xml"
      let run = try numaschemaWithin(
        10, [], in: folder, launcher: ["/bin/sh", "-c", "umask \(mask); exec \"$0\" canonicalize -o \(name) g.xml"])
      #expect(run.status == 0)
      #expect(owner(folder.appendingPathComponent(name).path).mode == mode, "umask \(mask)")
    }
  }

  @Test func inPlaceThroughASymlinkRewritesTheTargetAndKeepsTheLink() throws {
    let folder = try temporaryFolder(["real/g.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("g.xml").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/g.xml")
    let run = try numaschemaWithin(10, ["canonicalize", "--in-place", "g.xml"], in: folder)
    #expect(run.status == 0)
    #expect(kind(link) == S_IFLNK)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/g.xml")
    let canonical = try numaschema(["canonicalize", "real/g.xml"], in: folder).stdout
    #expect(try String(contentsOfFile: folder.appendingPathComponent("real/g.xml").path, encoding: .utf8) == canonical)
    #expect(fourNodeRing != canonical)
    // -o through a link too.
    let outLink = folder.appendingPathComponent("out.xml").path
    try FileManager.default.createSymbolicLink(atPath: outLink, withDestinationPath: "real/out.xml")
    try "old\n".write(toFile: folder.appendingPathComponent("real/out.xml").path, atomically: false, encoding: .utf8)
    #expect(try numaschemaWithin(10, ["canonicalize", "-o", "out.xml", "real/g.xml"], in: folder).status == 0)
    #expect(kind(outLink) == S_IFLNK)
    #expect(try String(contentsOfFile: folder.appendingPathComponent("real/out.xml").path, encoding: .utf8) == canonical)
  }

  @Test func aHardLinkedFileIsRefusedAndBothNamesStay() throws {
    let folder = try temporaryFolder(["a.xml": fourNodeRing])
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(link(folder.appendingPathComponent("a.xml").path, folder.appendingPathComponent("b.xml").path) == 0)
    let run = try numaschemaWithin(10, ["canonicalize", "--in-place", "a.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("a.xml: cannot write: has 2 hard links"))
    for name in ["a.xml", "b.xml"] {
      #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == fourNodeRing)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.xml", "b.xml"])
  }

  @Test(.enabled(if: isRoot, "needs root to give a file to another user"))
  func inPlaceAsRootKeepsOwnerGroupAndMode() throws {
    let folder = try temporaryFolder(["g.xml": fourNodeRing, "o.xml": "old\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, mode) in [("g.xml", 0o600), ("o.xml", 0o2640)] as [(String, mode_t)] {
      let path = folder.appendingPathComponent(name).path
      #expect(chown(path, 65534, 65534) == 0)
      #expect(chmod(path, mode) == 0)
    }
    #expect(try numaschemaWithin(10, ["canonicalize", "--in-place", "g.xml"], in: folder).status == 0)
    #expect(try numaschemaWithin(10, ["canonicalize", "-o", "o.xml", "g.xml"], in: folder).status == 0)
    let g = owner(folder.appendingPathComponent("g.xml").path)
    #expect(g.uid == 65534 && g.gid == 65534 && g.mode == 0o600)
    let o = owner(folder.appendingPathComponent("o.xml").path)
    #expect(o.uid == 65534 && o.gid == 65534 && o.mode == 0o2640)
    let canonical = try numaschema(["canonicalize", "g.xml"], in: folder).stdout
    #expect(try String(contentsOf: folder.appendingPathComponent("g.xml"), encoding: .utf8) == canonical)
    #expect(try String(contentsOf: folder.appendingPathComponent("o.xml"), encoding: .utf8) == canonical)
  }

  @Test(.enabled(if: isRoot && Unprivileged.isAvailable, "needs root, and setpriv to run as nobody (65534)"))
  func inPlaceRefusesWhenItCannotKeepTheOwner() throws {
    // As nobody, in a folder nobody may write, a file of root's that anyone may write: the
    // rewritten file could only be nobody's, so nothing is replaced.
    let folder = try temporaryFolder(["x": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let work = folder.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    chown(work.path, Unprivileged.uid, Unprivileged.gid)
    let path = work.appendingPathComponent("g.xml").path
    try fourNodeRing.write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o666)
    let run = try Unprivileged.run(["canonicalize", "--in-place", "g.xml"], in: work)
    #expect(run.status == 2)
    #expect(run.stderr.contains("g.xml: cannot write: it belongs to user 0 and group 0, which the rewritten file cannot keep"))
    let after = owner(path)
    #expect(after.uid == 0 && after.gid == 0 && after.mode == 0o666)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == fourNodeRing)
    #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["g.xml"])
  }
}

@Suite("numaschema conformance on a hostile suite")
struct HostileConformanceTests {
  @Test func aGoldenLinkedOutOfTheSuiteFailsTheRunAndIsNeverPrinted() throws {
    let secret = "SECRET_TOKEN=numaschema-must-never-print-this"
    let folder = try temporaryFolder([
      "secret.txt": secret, "suite/a/ok/input.xml": fourNodeRing, "suite/a/ok/validate.txt": "input.xml: valid\nexit: 0\n",
      "suite/a/leak/input.xml": fourNodeRing,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("suite/a/leak/validate.txt").path, withDestinationPath: "../../../secret.txt")
    let run = try numaschemaWithin(30, ["conformance", "suite", "--junit", "report.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stdout == "ERROR suite/a/leak/validate.txt: is a link that leaves the suite folder; not followed\n1 passed, 0 failed, 1 error\n")
    let report = try String(contentsOf: folder.appendingPathComponent("report.xml"), encoding: .utf8)
    #expect(report.contains(#"errors="1""#))
    for text in [run.stdout, run.stderr, report] { #expect(!text.contains("numaschema-must-never-print-this")) }
    // --update writes nothing through the link.
    let update = try numaschemaWithin(30, ["conformance", "suite", "--update"], in: folder)
    #expect(update.status == 2)
    #expect(try String(contentsOf: folder.appendingPathComponent("secret.txt"), encoding: .utf8) == secret)
  }

  @Test func aFolderWithoutCasesIsAnError() throws {
    let folder = try temporaryFolder(["suite/README": "no cases here\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try numaschemaWithin(30, ["conformance", "suite"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("no conformance case in suite"))
    let filtered = try numaschemaWithin(30, ["conformance", "conformance", "--filter", "no-such-case"], in: packageRoot)
    #expect(filtered.status == 2)
    #expect(filtered.stderr.contains("matches --filter 'no-such-case'"))
  }
}
