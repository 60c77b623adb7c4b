import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libvirt's command-line client, the one way numaschema talks to libvirt (no library is linked):
/// each question is one `virsh --readonly --quiet --connect URI COMMAND ARGUMENT…` run as a child
/// process with its words as arguments, never through a shell.
public struct Virsh: Sendable, Equatable {
  /// The program: a path, or a name looked up on `PATH`.
  public var executable: String

  /// The variable that names another virsh (tests point it at a missing one, or at a wrapper).
  public static let environmentVariable = "NUMASCHEMA_VIRSH"
  /// The program run when nothing names another.
  public static let defaultExecutable = "virsh"

  public init(executable: String = Virsh.defaultExecutable) { self.executable = executable }

  /// The virsh `NUMASCHEMA_VIRSH` names, else `virsh` on `PATH`.
  public static var standard: Virsh {
    if let named = getenv(environmentVariable).map({ String(cString: $0) }), !named.isEmpty {
      return Virsh(executable: named)
    }
    return Virsh()
  }

  /// What virsh printed on standard output for `command` on the connection `uri`, at most
  /// `limit` bytes. Read-only (`--readonly`): numaschema never changes anything, and a
  /// read-only connection is what an unprivileged user may open. Quiet (`--quiet`): no table
  /// headers or totals to skip.
  func run(_ command: [String], on uri: String, limit: Int) throws(VirshError) -> [UInt8] {
    let arguments = ["--readonly", "--quiet", "--connect", uri] + command
    let finished: ChildProcess.Finished
    do throws(ChildProcess.Failure) {
      finished = try ChildProcess.run(executable, arguments: arguments, outputLimit: limit)
    } catch {
      switch error {
      case .notFound: throw .notInstalled(executable: executable)
      case .cannotStart(let reason): throw .cannotRun(executable: executable, reason: reason)
      case .outputTooLarge: throw .outputTooLarge(command: command[0], limit: limit)
      }
    }
    guard finished.status == 0 else {
      throw .failed(command: command[0], status: finished.status, message: Self.complaint(finished.errors))
    }
    return finished.output
  }

  /// virsh's complaint as one line: its lines (`error: failed to connect to the hypervisor`,
  /// `error: Cannot recv data: …`) without the `error: ` each starts with, joined by `; `.
  static func complaint(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
      .map { line in
        let trimmed = line.trimmingWhitespace()
        return trimmed.hasPrefix("error: ") ? String(trimmed.dropFirst("error: ".count)) : String(trimmed)
      }
      .filter { !$0.isEmpty }.joined(separator: "; ")
  }
}

/// Why virsh could not answer (an error of the run: exit 2). The description is the reason; the
/// caller puts what was being read in front.
public enum VirshError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No virsh to run: not on `PATH`, or not at the path `NUMASCHEMA_VIRSH` gives.
  case notInstalled(executable: String)
  /// virsh is there but could not be started.
  case cannotRun(executable: String, reason: String)
  /// virsh ran and failed (no such connection, no such guest, …): its own message.
  case failed(command: String, status: Int32, message: String)
  /// virsh printed more than the inputs' limit (`--max-size`); it was stopped.
  case outputTooLarge(command: String, limit: Int)

  public var description: String {
    switch self {
    case .notInstalled(let executable): return Messages.Libvirt.virshNotInstalled(executable)
    case .cannotRun(let executable, let reason): return Messages.Libvirt.virshCannotRun(executable, reason: reason)
    case .failed(let command, let status, let message):
      return Messages.Libvirt.virshFailed(command, status: status, message: message)
    case .outputTooLarge(let command, let limit): return Messages.Libvirt.virshOutputTooLarge(command, limit: limit)
    }
  }
}
