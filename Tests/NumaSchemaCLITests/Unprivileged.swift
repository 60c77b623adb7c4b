import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the binary as a user without privileges, for the tests about what such a user may not do
/// (write into a read-only folder, read a file of mode 0, keep another user's ownership). Root
/// may do all of these, and CI runs the suite as root; so as root the binary runs as nobody
/// (65534) through util-linux's `setpriv`, from a copy in a folder nobody can reach (the build
/// folder need not be). Anyone else runs it as themselves. When neither works the tests that need
/// it are skipped, through `.enabled(if: Unprivileged.isAvailable, …)`, and say so in the output.
enum Unprivileged {
  static let uid: uid_t = 65534
  static let gid: gid_t = 65534
  static let setprivPath = "/usr/bin/setpriv"
  static let reason: Comment = "needs a user without privileges: not root, or root with setpriv to run as nobody (65534)"

  /// The binary to run and the launcher in front of it, or nil when no unprivileged run is possible.
  private static let way: (executable: URL, launcher: [String])? = {
    guard isRoot else { return (binary, []) }
    guard FileManager.default.isExecutableFile(atPath: setprivPath) else { return nil }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-nobody-\(UUID().uuidString)")
    let executable = folder.appendingPathComponent("numaschema")
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: binary, to: executable)
    } catch { return nil }
    guard chmod(folder.path, 0o755) == 0, chmod(executable.path, 0o755) == 0 else { return nil }
    let launcher = [setprivPath, "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups"]
    // The probe does what the tests do: from a temporary folder, run the copy as nobody.
    guard let probeFolder = try? temporaryFolder(["probe.xml": ""]) else { return nil }
    defer { try? FileManager.default.removeItem(at: probeFolder) }
    let probe = try? numaschemaWithin(
      10, ["validate", "probe.xml"], in: probeFolder, executable: executable, launcher: launcher + ["--"])
    // An empty file is not well-formed (1); a launcher or binary that could not run gives 126/127 or worse.
    guard probe?.status == 1 else { return nil }
    return (executable, launcher + ["--"])
  }()

  /// Whether `run` can run the binary without privileges here.
  static var isAvailable: Bool { way != nil }

  /// The binary run without privileges in `directory`, which that user must be able to reach.
  static func run(_ arguments: [String], in directory: URL, within seconds: Double = 10) throws -> Run {
    let way = try #require(way, reason)
    return try numaschemaWithin(seconds, arguments, in: directory, executable: way.executable, launcher: way.launcher)
  }
}
