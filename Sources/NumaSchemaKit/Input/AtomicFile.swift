import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written.
public struct WriteError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { Messages.writeFailed(path, reason: reason) }
}

/// Writes files so that readers see either the old content or the new, whole, and so that the
/// file stays what it was: the new bytes go to a temporary file beside the file a path leads to
/// (through any symbolic link, which stays a link), get the original's owner, group and mode,
/// are flushed to disk and renamed over it. What cannot be kept is refused before anything is
/// replaced; on any failure the original is left untouched.
public enum AtomicFile {
  /// Rewrites the existing regular file `path` (`--in-place`). With `original`, the file must
  /// still hold exactly those bytes when the new ones are in place (it was not changed by
  /// someone else since it was read); otherwise nothing is replaced.
  ///
  /// Refused: a path that is not a regular file or a link to one; a file with more than one
  /// hard link (renaming over one name would leave the others with the old content); a file
  /// whose owner, group or mode the rewritten file could not get (not root, and owned by
  /// someone else).
  public static func replace(_ path: String, with bytes: [UInt8], unlessChangedFrom original: [UInt8]? = nil) throws(WriteError) {
    guard let info = FileSystem.status(path) else { throw WriteError(path: path, reason: FileSystem.errorText) }
    let kind = FileKind(mode: info.st_mode)
    guard kind == .regularFile else {
      throw WriteError(path: path, reason: Messages.writeNotRegular(kind))
    }
    try replaceRegular(path, info: info, with: bytes, unlessChangedFrom: original)
  }

  /// Writes `bytes` to `path` as `-o FILE` does: a new file is created with mode 0666 less the
  /// umask; an existing regular file (or the file a link leads to) is replaced atomically as
  /// `replace` does; an existing FIFO or character device, and anything below `/dev/` or
  /// `/proc/`, is written into as a shell's `>` would, never replaced. A FIFO that no process
  /// reads, a socket, a block device and a folder are refused.
  public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
    guard let info = FileSystem.status(path) else {
      guard errno == ENOENT else { throw WriteError(path: path, reason: FileSystem.errorText) }
      if let link = FileSystem.linkStatus(path), FileKind(mode: link.st_mode) == .symbolicLink {
        throw WriteError(path: path, reason: Messages.writeThroughDanglingLink)
      }
      return try create(path, with: bytes)
    }
    let kind = FileKind(mode: info.st_mode)
    let systemNode = ["/dev/", "/proc/"].contains { path.hasPrefix($0) || (FileSystem.resolved(path) ?? "").hasPrefix($0) }
    switch kind {
    case .regularFile where !systemNode:
      try replaceRegular(path, info: info, with: bytes, unlessChangedFrom: nil)
    case .regularFile, .fifo, .characterDevice:
      try writeInto(path, kind: kind, with: bytes)
    case .folder:
      throw WriteError(path: path, reason: Messages.writeIntoFolder)
    default:
      throw WriteError(path: path, reason: Messages.writeRefusedKind(kind))
    }
  }

  /// Writes into an existing node in place (truncating a regular file first).
  private static func writeInto(_ path: String, kind: FileKind, with bytes: [UInt8]) throws(WriteError) {
    let descriptor = FileSystem.openForWritingInto(path, truncating: kind == .regularFile)
    guard descriptor >= 0 else {
      if errno == ENXIO && kind == .fifo {
        throw WriteError(path: path, reason: Messages.writeFIFOWithoutReader)
      }
      throw WriteError(path: path, reason: FileSystem.errorText)
    }
    if let reason = FileSystem.writeAll(descriptor, bytes) {
      close(descriptor)
      throw WriteError(path: path, reason: reason)
    }
    if close(descriptor) != 0 { throw WriteError(path: path, reason: FileSystem.errorText) }
  }

  /// A new file at `path`, written whole under a temporary name and renamed into place.
  private static func create(_ path: String, with bytes: [UInt8]) throws(WriteError) {
    let temporary = try TemporaryFile(beside: path, mode: 0o666, reportingAs: path)
    try temporary.finish(bytes, keeping: nil)
    try temporary.rename(to: path)
  }

  /// Replaces the regular file `path` leads to, keeping its owner, group and mode.
  private static func replaceRegular(
    _ path: String, info: stat, with bytes: [UInt8], unlessChangedFrom original: [UInt8]?
  ) throws(WriteError) {
    guard let target = FileSystem.resolved(path) else { throw WriteError(path: path, reason: FileSystem.errorText) }
    if info.st_nlink > 1 {
      throw WriteError(path: path, reason: Messages.writeHardLinks(info.st_nlink))
    }
    let temporary = try TemporaryFile(beside: target, mode: 0o600, reportingAs: path)
    try temporary.finish(bytes, keeping: info)
    if let original {
      let now = try? InputSource.regularFile(target).read(limit: original.count)
      guard now == original else {
        temporary.discard()
        throw WriteError(path: path, reason: Messages.writeChangedSinceRead)
      }
    }
    try temporary.rename(to: target)
  }
}

/// A file being written under a temporary name (`.NAME.numaschema-XXXXXXXXXXXX`) in the folder
/// of the file it will become; removed on any failure.
private final class TemporaryFile {
  let path: String
  private var descriptor: Int32
  /// The name errors carry: the path the user gave.
  private let shownPath: String

  init(beside target: String, mode: mode_t, reportingAs shownPath: String) throws(WriteError) {
    self.shownPath = shownPath
    let folder = PathText.deletingLastComponent(target)
    let prefix = (folder.isEmpty ? "." : folder) + "/." + PathText.lastComponent(target) + ".numaschema-"
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100 {
      let candidate = prefix + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36)
      let opened = FileSystem.create(candidate, mode: mode)
      if opened >= 0 {
        path = candidate
        descriptor = opened
        return
      }
      if errno != EEXIST { throw WriteError(path: shownPath, reason: FileSystem.errorText) }
    }
    throw WriteError(path: shownPath, reason: Messages.writeNoTemporaryName)
  }

  /// Writes `bytes`, gives the file the owner, group and mode of `original` (when given),
  /// flushes and closes it.
  func finish(_ bytes: [UInt8], keeping original: stat?) throws(WriteError) {
    if let reason = FileSystem.writeAll(descriptor, bytes) { throw fail(reason) }
    if let original { try keepOwnershipAndMode(of: original) }
    if fsync(descriptor) != 0 { throw fail(FileSystem.errorText) }
    let closed = close(descriptor)
    descriptor = -1
    if closed != 0 { throw fail(FileSystem.errorText) }
  }

  /// Owner and group first (`fchown` clears set-id bits), then the mode; both checked after,
  /// since the kernel drops a set-group-id bit it will not grant without saying so.
  private func keepOwnershipAndMode(of original: stat) throws(WriteError) {
    guard let current = FileSystem.status(descriptor: descriptor) else { throw fail(FileSystem.errorText) }
    if current.st_uid != original.st_uid || current.st_gid != original.st_gid {
      if fchown(descriptor, original.st_uid, original.st_gid) != 0 {
        throw fail(Messages.writeOwnerNotKept(uid: original.st_uid, gid: original.st_gid, reason: FileSystem.errorText))
      }
    }
    let mode = original.st_mode & 0o7777
    if fchmod(descriptor, mode) != 0 { throw fail(FileSystem.errorText) }
    guard let after = FileSystem.status(descriptor: descriptor), after.st_mode & 0o7777 == mode,
      after.st_uid == original.st_uid, after.st_gid == original.st_gid
    else {
      throw fail(Messages.writeModeNotKept(mode))
    }
  }

  /// Renames the finished file over `target`.
  func rename(to target: String) throws(WriteError) {
    if Glibc.rename(path, target) != 0 { throw fail(FileSystem.errorText) }
  }

  /// Removes the file, written or not.
  func discard() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    unlink(path)
  }

  private func fail(_ reason: String) -> WriteError {
    discard()
    return WriteError(path: shownPath, reason: reason)
  }
}
