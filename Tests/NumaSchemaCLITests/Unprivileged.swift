import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the binary as a user without privileges, for the tests about what such a user may not do
/// (write into a read-only folder, read a file of mode 0, keep another user's ownership). Root
/// may do all of these, and CI runs the suite as root; so as root the binary runs as nobody
/// (65534) through util-linux's `setpriv`; when the build folder is out of nobody's reach, from
/// a copy in a folder it can reach. Anyone else runs it as themselves. When neither works, the
/// tests that need it are skipped through `.enabled(if: Unprivileged.isAvailable, …)`, and say
/// so in the output.
enum Unprivileged {
  static let uid: uid_t = 65534
  static let gid: gid_t = 65534
  static let setprivPath = "/usr/bin/setpriv"
  static let reason: Comment = "needs a user without privileges: not root, or root with setpriv to run as nobody (65534)"

  /// The binary to run and the launcher in front of it, or nil when no unprivileged run is possible.
  private static let way: (executable: URL, launcher: [String])? = {
    guard isRoot else { return (binary, []) }
    guard FileManager.default.isExecutableFile(atPath: setprivPath) else { return nil }
    let launcher = [setprivPath, "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"]
    if works(binary, launcher) { return (binary, launcher) }
    // The build folder is out of nobody's reach: a copy in a folder it can reach, removed at exit.
    let executable = copyFolder.appendingPathComponent("numaschema")
    do {
      try FileManager.default.createDirectory(at: copyFolder, withIntermediateDirectories: true)
      atexit { try? FileManager.default.removeItem(at: Unprivileged.copyFolder) }
      try FileManager.default.copyItem(at: binary, to: executable)
    } catch { return nil }
    guard chmod(copyFolder.path, 0o755) == 0, chmod(executable.path, 0o755) == 0 else { return nil }
    return works(executable, launcher) ? (executable, launcher) : nil
  }()

  private static let copyFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "numaschema-nobody-\(UUID().uuidString)")

  /// Does what the tests do: from a temporary folder, run `executable` through `launcher`.
  private static func works(_ executable: URL, _ launcher: [String]) -> Bool {
    guard let folder = try? temporaryFolder(["probe.xml": ""]) else { return false }
    defer { try? FileManager.default.removeItem(at: folder) }
    let probe = try? numaschemaWithin(10, ["validate", "probe.xml"], in: folder, executable: executable, launcher: launcher)
    // An empty file is not well-formed (1); a launcher or binary that could not run gives 126/127 or worse.
    return probe?.status == 1
  }

  /// Whether `run` can run the binary without privileges here.
  static var isAvailable: Bool { way != nil }

  /// The binary run without privileges in `directory`, which that user must be able to reach.
  static func run(_ arguments: [String], in directory: URL, within seconds: Double = 10) throws -> Run {
    let way = try #require(way, reason)
    return try numaschemaWithin(seconds, arguments, in: directory, executable: way.executable, launcher: way.launcher)
  }
}
