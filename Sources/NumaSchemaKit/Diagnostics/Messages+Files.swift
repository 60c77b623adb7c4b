/// The wording of what goes wrong reading and writing files: errors of the run, not findings
/// about a guest, so these are texts (a path is put in front of most) rather than diagnostics.
extension Messages {
  // MARK: Reading

  static func inputNotFound(_ path: String) -> String { "\(path): no such file or folder" }
  static func inputUnreadable(_ path: String, reason: String) -> String { "\(path): cannot read: \(reason)" }
  static func inputIsFolder(_ path: String) -> String { "\(path): is a folder" }
  static func inputTooLarge(_ path: String, limit: Int) -> String { "\(path): \(tooLarge(limit: limit))" }
  static func inputNotRegular(_ path: String, kind: FileKind) -> String {
    "\(path): is \(kind), not a regular file; not read"
  }
  static func folderNotListed(_ reason: String) -> String { "cannot list the folder: " + reason }
  /// Why a file or standard input was not read: it holds more than `limit` bytes.
  static func tooLarge(limit: Int) -> String { "larger than \(limit) bytes; refusing to read it" }
  /// Why a host file was not opened.
  static func onlyRegularFilesRead(_ kind: FileKind) -> String { "is \(kind); only regular files are read" }
  static func cannotRead(_ reason: String) -> String { "cannot read: \(reason)" }
  static let noSuchFileOrFolder = "no such file or folder"

  /// "a FIFO", "a character device", … as messages name a kind of file.
  static func fileKind(_ kind: FileKind) -> String {
    switch kind {
    case .regularFile: return "a regular file"
    case .folder: return "a folder"
    case .fifo: return "a FIFO"
    case .socket: return "a socket"
    case .characterDevice: return "a character device"
    case .blockDevice: return "a block device"
    case .symbolicLink: return "a symbolic link"
    case .other: return "not a regular file"
    }
  }

  // MARK: Writing

  static func writeFailed(_ path: String, reason: String) -> String { "\(path): cannot write: \(reason)" }
  static func writeNotRegular(_ kind: FileKind) -> String {
    "is \(kind), not a regular file; only regular files are rewritten in place"
  }
  static let writeThroughDanglingLink = "is a symbolic link to a file that does not exist; nothing written"
  static let writeIntoFolder = "is a folder"
  static func writeRefusedKind(_ kind: FileKind) -> String { "is \(kind); refusing to write into it" }
  static let writeFIFOWithoutReader = "is a FIFO that no process is reading; nothing written"
  static func writeHardLinks(_ count: some BinaryInteger) -> String {
    "has \(count) hard links; replacing it would leave the other names with the old content, so nothing was written (copy it to a file of its own first)"
  }
  static let writeChangedSinceRead = "the file changed since it was read; it was left as it is"
  static let writeNoTemporaryName = "no free temporary name in the folder"
  static func writeOwnerNotKept(uid: some BinaryInteger, gid: some BinaryInteger, reason: String) -> String {
    "it belongs to user \(uid) and group \(gid), which the rewritten file cannot keep (" + reason + "); nothing written"
  }
  static func writeModeNotKept(_ mode: some BinaryInteger) -> String { "its mode \(String(mode, radix: 8)) could not be kept; nothing written" }
}
