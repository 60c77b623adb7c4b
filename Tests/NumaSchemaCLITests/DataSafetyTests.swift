import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Mounts a tmpfs of `size` at `folder`; false when this process may not.
func mountTmpfs(at folder: URL, size: String) -> Bool {
  let mount = Process()
  mount.executableURL = URL(fileURLWithPath: "/bin/mount")
  mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path]
  mount.standardError = FileHandle.nullDevice
  guard (try? mount.run()) != nil else { return false }
  mount.waitUntilExit()
  return mount.terminationStatus == 0
}

func unmount(_ folder: URL) {
  let umount = Process()
  umount.executableURL = URL(fileURLWithPath: "/bin/umount")
  umount.arguments = [folder.path]
  try? umount.run()
  umount.waitUntilExit()
}

/// Whether a tmpfs can be mounted here: root, outside a container that forbids it.
let canMountTmpfs: Bool = {
  let probe = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-mount-\(UUID().uuidString)")
  guard (try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)) != nil else { return false }
  defer { try? FileManager.default.removeItem(at: probe) }
  guard mountTmpfs(at: probe, size: "64k") else { return false }
  unmount(probe)
  return true
}()

/// `canonicalize --in-place` never leaves a file half written, nor loses it.
@Suite("no data loss", .serialized)  // serialized: the tests mount a tmpfs and time SIGKILLs
struct DataSafetyTests {
  /// A guest big enough that a rewrite takes a while (256 cells, full matrix).
  static func bigGuest() -> String {
    var lines = ["<domain type='kvm'>", "  <name>big</name>", "  <vcpu>256</vcpu>", "  <os><type>hvm</type></os>", "  <cpu><numa>"]
    for from in 0..<256 {
      lines.append("    <cell id='\(from)' cpus='\(from)' memory='1024'><distances>")
      for to in 0..<256 { lines.append("      <sibling id='\(to)' value='\(from == to ? 10 : 20 + (from / 4 == to / 4 ? 0 : 12))'/>") }
      lines.append("    </distances></cell>")
    }
    lines += ["  </numa></cpu>", "</domain>"]
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func sigkillAtAnyMomentLeavesOldOrNewContent() throws {
    let original = Self.bigGuest()
    let folder = try temporaryFolder(["g.xml": original])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("g.xml").path
    let canonical = try numaschema(["canonicalize", "g.xml"], in: folder).stdout
    #expect(canonical.count > 1000 && canonical != original)
    var generator = SystemRandomNumberGenerator()
    var sawOld = 0
    var sawNew = 0
    for _ in 0..<16 {
      try original.write(toFile: path, atomically: true, encoding: .utf8)
      chmod(path, 0o640)
      let process = Process()
      process.executableURL = binary
      process.arguments = ["canonicalize", "--in-place", "g.xml"]
      process.currentDirectoryURL = folder
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 0...1_500_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let now = try String(contentsOfFile: path, encoding: .utf8)
      #expect(now == original || now == canonical, "the file is neither the old nor the new content")
      if now == original { sawOld += 1 } else { sawNew += 1 }
      let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
      #expect(mode == 0o640)
    }
    #expect(sawOld + sawNew == 16)
  }

  @Test(.enabled(if: canMountTmpfs, "needs the privilege to mount a tmpfs"))
  func aFullDiskIsAClearErrorAndTheOriginalStays() throws {
    let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-full-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: mountPoint) }
    try #require(mountTmpfs(at: mountPoint, size: "128k"))
    defer { unmount(mountPoint) }
    // A short guest whose canonical form (full distances: one sibling given, so the whole
    // matrix is written) is far larger than what is left free.
    var cells = "<cell id='0' cpus='0' memory='1024'><distances><sibling id='1' value='21'/></distances></cell>"
    for id in 1..<64 { cells += "<cell id='\(id)' cpus='\(id)' memory='1024'/>" }
    let guest = "<domain type='kvm'><name>g</name><vcpu>64</vcpu><os><type>hvm</type></os><cpu><numa>\(cells)</numa></cpu></domain>\n"
    let path = mountPoint.appendingPathComponent("g.xml").path
    try guest.write(toFile: path, atomically: false, encoding: .utf8)
    let filler = mountPoint.appendingPathComponent("filler").path
    FileManager.default.createFile(atPath: filler, contents: Data(repeating: 0, count: 100 * 1024))
    let run = try numaschema(["canonicalize", "--in-place", path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot write"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == guest)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: mountPoint.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }

  @Test(.enabled(if: Unprivileged.isAvailable, Unprivileged.reason))
  func aReadOnlyFolderIsAClearErrorAndTheOriginalStays() throws {
    let source = try String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)
    let folder = try temporaryFolder(["g.xml": source])
    defer {
      chmod(folder.path, 0o755)
      try? FileManager.default.removeItem(at: folder)
    }
    chmod(folder.path, 0o555)
    let run = try Unprivileged.run(["canonicalize", "--in-place", "g.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot write"))
    #expect(try String(contentsOf: folder.appendingPathComponent("g.xml"), encoding: .utf8) == source)
  }
}

@Suite("inputs that are not guest files")
struct HostileInputTests {
  @Test func devZeroIsRefusedBySize() throws {
    let run = try numaschema(["validate", "--max-size", "1MiB", "/dev/zero"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("larger than 1048576 bytes"))
  }

  @Test func aSymlinkLoopIsAnIOError() throws {
    let folder = try temporaryFolder(["keep.txt": ""])
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = folder.appendingPathComponent("a.xml").path
    let b = folder.appendingPathComponent("b.xml").path
    try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
    try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
    let run = try numaschema(["show", a])
    #expect(run.status == 2)
  }

  @Test func aFolderWhereAFileIsExpectedIsAUsageError() throws {
    // Converters write one product from one file; commands that report walk folders.
    let run = try numaschema(["to-xl", "examples"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("is a folder"))
  }

  @Test(.enabled(if: Unprivileged.isAvailable, Unprivileged.reason))
  func anUnreadableFileIsAnIOError() throws {
    let folder = try temporaryFolder(["secret.xml": "<domain/>"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("secret.xml").path
    chmod(path, 0)
    let run = try Unprivileged.run(["validate", "secret.xml"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("secret.xml: cannot read"))
  }
}
