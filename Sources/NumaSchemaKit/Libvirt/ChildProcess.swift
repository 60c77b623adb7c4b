import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one place numaschema starts another program: `posix_spawn` with an argument vector
/// (never a shell, so no word of it is ever interpreted), standard input from `/dev/null`,
/// standard output read up to a limit and standard error kept up to a smaller one, both read
/// together (`poll`) so that neither pipe can fill and stall the child.
enum ChildProcess {
  /// What a finished program gave.
  struct Finished {
    /// The exit status, or 128 + the signal that ended it.
    var status: Int32
    var output: [UInt8]
    /// The first `errorLimit` bytes of standard error.
    var errors: [UInt8]
  }

  enum Failure: Error, Equatable {
    /// No such program (on `PATH`, or at the path given).
    case notFound
    /// It could not be started (not executable, no memory, …): the system's reason.
    case cannotStart(String)
    /// It wrote more than the limit to standard output; it was killed.
    case outputTooLarge
  }

  /// The most of standard error that is kept: a program's complaint, not a document.
  static let errorLimit = 64 * 1024

  /// Held from making a child's pipes to starting it. The pipes are made close-on-exec (with
  /// `fcntl`: Glibc's module lacks `pipe2`), so that no other child inherits them and keeps them
  /// open, which would leave their reader waiting for an end that never comes; the lock closes
  /// the moment between `pipe` and `fcntl` to the other children numaschema starts.
  private static let starting = Lock()

  /// Runs `program` (a path when it holds a `/`, else a name looked up on `PATH`) with
  /// `arguments`, in numaschema's own environment, and waits for it. More than `outputLimit`
  /// bytes on standard output kill it.
  static func run(_ program: String, arguments: [String], outputLimit: Int) throws(Failure) -> Finished {
    let (child, output, errors) = try start(program, arguments: arguments)
    var outputBytes: [UInt8] = []
    var errorBytes: [UInt8] = []
    var open = [output, errors]
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var tooLarge = false
    while !open.isEmpty && !tooLarge {
      var watched = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      if poll(&watched, nfds_t(watched.count), -1) < 0 {
        if errno == EINTR { continue }
        break
      }
      for entry in watched where entry.revents != 0 {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 {
          close(entry.fd)
          open.removeAll { $0 == entry.fd }
          continue
        }
        if entry.fd == output {
          outputBytes += chunk[0..<count]
          if outputBytes.count > outputLimit { tooLarge = true }
        } else if errorBytes.count < errorLimit {
          errorBytes += chunk[0..<Swift.min(count, errorLimit - errorBytes.count)]
        }
      }
    }
    if tooLarge || !open.isEmpty { kill(child, SIGKILL) }
    for descriptor in open { close(descriptor) }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    if tooLarge { throw .outputTooLarge }
    // WIFEXITED, WEXITSTATUS and WTERMSIG, which are macros.
    let signal = status & 0x7f
    return Finished(
      status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, output: outputBytes, errors: errorBytes)
  }

  /// Starts `program` with standard output and standard error on pipes; their reading ends.
  private static func start(_ program: String, arguments: [String]) throws(Failure) -> (
    child: pid_t, output: Int32, errors: Int32
  ) {
    let words = [program] + arguments
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for word in argv { free(word) }
      for variable in environment { free(variable) }
    }
    // (child, output, errors) or the errno of what failed; `spawned` tells spawning apart.
    let result: (child: pid_t, output: Int32, errors: Int32, failure: Int32, spawned: Bool) = starting.withLock {
      var output: [Int32] = [-1, -1]
      var errors: [Int32] = [-1, -1]
      guard pipe(&output) == 0 else { return (0, -1, -1, errno, false) }
      guard pipe(&errors) == 0 else {
        let failure = errno
        close(output[0])
        close(output[1])
        return (0, -1, -1, failure, false)
      }
      for descriptor in output + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_adddup2(&actions, output[1], 1)
      posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
      var child = pid_t()
      let started =
        program.contains("/")
        ? posix_spawn(&child, program, &actions, nil, argv, environment)
        : posix_spawnp(&child, program, &actions, nil, argv, environment)
      close(output[1])
      close(errors[1])
      guard started == 0 else {
        close(output[0])
        close(errors[0])
        return (0, -1, -1, started, true)
      }
      return (child, output[0], errors[0], 0, true)
    }
    guard result.failure == 0 else {
      if result.spawned && (result.failure == ENOENT || result.failure == ENOTDIR) { throw .notFound }
      throw .cannotStart(String(cString: strerror(result.failure)))
    }
    return (result.child, result.output, result.errors)
  }
}
