#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a path names, as `stat` tells it: only a regular file is ever replaced or read from a
/// folder; the rest is named in messages.
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
  case regularFile
  case folder
  case fifo
  case socket
  case characterDevice
  case blockDevice
  case symbolicLink
  case other

  init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regularFile
    case S_IFDIR: self = .folder
    case S_IFIFO: self = .fifo
    case S_IFSOCK: self = .socket
    case S_IFCHR: self = .characterDevice
    case S_IFBLK: self = .blockDevice
    case S_IFLNK: self = .symbolicLink
    default: self = .other
    }
  }

  /// "a FIFO", "a character device", … for messages.
  public var description: String { Messages.fileKind(self) }
}

/// The raw file-system calls of reading and writing files, in one place: the rest of the
/// library asks these, never libc.
enum FileSystem {
  /// A new private folder under the system's temporary folder (`$TMPDIR`, else /tmp).
  static func temporaryFolder(prefix: String) -> String? {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/" + prefix + ".XXXXXX").utf8CString)
    guard mkdtemp(&template) != nil else { return nil }
    return String(cString: template)
  }

  /// Removes a folder made by `temporaryFolder` and the files in it (not below).
  static func remove(_ folder: String) {
    if let directory = opendir(folder) {
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { unlink(folder + "/" + name) }
      }
      closedir(directory)
    }
    rmdir(folder)
  }

  /// The text of the current `errno`.
  static var errorText: String { String(cString: strerror(errno)) }

  /// What `path` names, following links (`stat`); `nil` when it cannot be reached.
  static func status(_ path: String) -> stat? {
    var info = stat()
    return stat(path, &info) == 0 ? info : nil
  }

  /// What `path` itself is, without following a final link (`lstat`).
  /// Whether `path` is a folder (or a link to one).
  static func isFolder(_ path: String) -> Bool {
    guard let info = status(path) else { return false }
    return FileKind(mode: info.st_mode) == .folder
  }

  static func linkStatus(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
  }

  /// What an open descriptor is (`fstat`).
  static func status(descriptor: Int32) -> stat? {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? info : nil
  }

  /// The path with every link and `.`/`..` resolved (`realpath`); `nil` when some part of it
  /// does not exist.
  static func resolved(_ path: String) -> String? {
    guard let raw = realpath(path, nil) else { return nil }
    defer { free(raw) }
    return String(cString: raw)
  }

  /// Opens `path` for reading without ever waiting: `O_NONBLOCK` makes opening a FIFO return at
  /// once even when nothing writes to it, `O_NOCTTY` keeps a terminal from becoming ours. Reads
  /// then block as usual (a FIFO nobody has opened for writing reads as empty). Hands back the
  /// descriptor's status too (`nil` when it could not be had). A descriptor of -1 on failure,
  /// with `errno` set.
  static func openForReading(_ path: String) -> (descriptor: Int32, status: stat?) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { return (-1, nil) }
    let info = status(descriptor: descriptor)
    // Reads of a regular file never wait, with O_NONBLOCK or without: only other kinds need
    // it cleared (two system calls fewer for every file read).
    if info.map({ ($0.st_mode & S_IFMT) != S_IFREG }) ?? true { blocking(descriptor) }
    return (descriptor, info)
  }

  /// Opens an existing node that is not a regular file (a FIFO, a character device) for
  /// writing into it, as a shell's `>` does, but without waiting for a FIFO's reader: a FIFO
  /// that nothing reads fails with `ENXIO`. -1 on failure, with `errno` set.
  static func openForWritingInto(_ path: String, truncating: Bool) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (truncating ? O_TRUNC : 0))
    guard descriptor >= 0 else { return -1 }
    blocking(descriptor)
    return descriptor
  }

  /// Creates a new file at `path` that must not exist yet (`O_EXCL`, never through a link),
  /// with `mode` less the umask, as every program's new files get. -1 on failure.
  static func create(_ path: String, mode: mode_t) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
  }

  /// Back to blocking reads and writes after a non-blocking open.
  private static func blocking(_ descriptor: Int32) {
    let flags = fcntl(descriptor, F_GETFL)
    if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
  }

  /// Writes all of `bytes`; `nil` when done, else the reason.
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> String? {
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return errorText
      }
      written += count
    }
    return nil
  }

  /// The names in one folder, as raw bytes (a name need not be UTF-8), with what each is as
  /// far as the folder tells (`d_type`, `lstat` when it does not). `nil` when the folder cannot
  /// be listed.
  static func entries(of folder: String) -> [(name: [UInt8], kind: FileKind)]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    var result: [(name: [UInt8], kind: FileKind)] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      let kind: FileKind
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_REG): kind = .regularFile
      case Int32(DT_DIR): kind = .folder
      case Int32(DT_LNK): kind = .symbolicLink
      case Int32(DT_FIFO): kind = .fifo
      case Int32(DT_SOCK): kind = .socket
      case Int32(DT_CHR): kind = .characterDevice
      case Int32(DT_BLK): kind = .blockDevice
      default:
        var info = stat()
        let path = (Array(folder.utf8) + [0x2F] + name + [0]).map { CChar(bitPattern: $0) }
        kind = lstat(path, &info) == 0 ? FileKind(mode: info.st_mode) : .other
      }
      result.append((name, kind))
    }
    return result
  }
}
