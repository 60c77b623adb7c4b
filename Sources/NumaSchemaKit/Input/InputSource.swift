import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an input could not be read at all (an error of the run, not a finding about a guest).
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
  case notFound(path: String)
  case unreadable(path: String, reason: String)
  case isDirectory(path: String)
  /// A folder of a host's NUMA nodes (sysfs) where a guest was expected: named with the
  /// commands that read hosts.
  case hostFolder(path: String)
  case tooLarge(path: String, limit: Int)
  /// A FIFO, socket or device where only a regular file will do (an entry of a folder walk, a
  /// file to rewrite in place): named, never opened.
  case notRegularFile(path: String, kind: FileKind)
  /// A libvirt connection that could not be listed, or a guest of one that could not be read
  /// (`source` is `URI` or `URI/NAME`): why, virsh's own message included.
  case libvirt(source: String, reason: String)
  /// `--domain NAME` names a guest that none of the connections listed has.
  case libvirtGuestUnknown(name: String, connections: [String], suggestion: String?)

  /// The path the error is about (for a libvirt guest, `URI/NAME`).
  public var path: String {
    switch self {
    case .notFound(let path), .unreadable(let path, _), .isDirectory(let path), .hostFolder(let path),
      .tooLarge(let path, _), .notRegularFile(let path, _), .libvirt(let path, _):
      return path
    case .libvirtGuestUnknown(let name, let connections, _):
      return connections.count == 1 ? connections[0] + "/" + name : name
    }
  }

  public var description: String {
    switch self {
    case .notFound(let path): return Messages.inputNotFound(path)
    case .unreadable(let path, let reason): return Messages.inputUnreadable(path, reason: reason)
    case .isDirectory(let path): return Messages.inputIsFolder(path)
    case .hostFolder(let path): return "\(path): \(Messages.wrongInputText(.sysfsNodeFolder, path: path))"
    case .tooLarge(let path, let limit): return Messages.inputTooLarge(path, limit: limit)
    case .notRegularFile(let path, let kind): return Messages.inputNotRegular(path, kind: kind)
    case .libvirt(let source, let reason): return "\(source): \(reason)"
    case .libvirtGuestUnknown(let name, let connections, let suggestion):
      return Messages.Libvirt.guestUnknown(name, connections: connections, suggestion: suggestion)
    }
  }
}

/// One input: a file, standard input (`-`, shown as `<stdin>`), bytes in memory, or a guest of a
/// libvirt connection (`URI/NAME`).
public enum InputSource: Sendable, Equatable {
  /// A path named on the command line: a regular file, or what a shell can name for reading
  /// (`<(…)`, `/dev/stdin`, a FIFO), read as `cat` would read it. Opening it never waits.
  case file(String)
  /// A path that must be a regular file, or a link to one: an entry found in a folder, a file
  /// to rewrite in place. Anything else is refused by name without being opened.
  case regularFile(String)
  case standardInput
  /// Bytes already in memory, under the name findings carry (a conformance case's input, a
  /// library user's document).
  case inMemory(name: String, bytes: [UInt8])
  /// A guest defined on a libvirt connection, its definition read through virsh
  /// (`validate --connect`, the running guests of `fit --host URI`).
  case libvirtGuest(LibvirtGuest)

  public init(argument: String) {
    self = argument == "-" ? .standardInput : .file(argument)
  }

  /// The name diagnostics carry.
  public var displayName: String {
    switch self {
    case .file(let path), .regularFile(let path): return path
    case .standardInput: return "<stdin>"
    case .inMemory(let name, _): return name
    case .libvirtGuest(let guest): return guest.displayName
    }
  }

  /// The most an input may hold (256 MiB): far above any real guest (a 1,024-cell guest with
  /// a full distance matrix is about 45 MB), and a stop for `/dev/zero` and the like.
  public static let defaultSizeLimit = 256 << 20

  /// Reads the whole input, refusing more than `limit` bytes.
  public func read(limit: Int = InputSource.defaultSizeLimit) throws(InputError) -> [UInt8] {
    switch self {
    case .standardInput:
      return try Self.readAll(descriptor: 0, path: displayName, limit: limit, status: FileSystem.status(descriptor: 0))
    case .file(let path):
      return try Self.read(path, limit: limit, regularOnly: false)
    case .regularFile(let path):
      return try Self.read(path, limit: limit, regularOnly: true)
    case .inMemory(let name, let bytes):
      if bytes.count > limit { throw .tooLarge(path: name, limit: limit) }
      return bytes
    case .libvirtGuest(let guest):
      return try guest.read(limit: limit)
    }
  }

  /// Whether `path` names a folder (or a link to one).
  public static func isFolder(_ path: String) -> Bool { FileSystem.isFolder(path) }

  /// The path of a file input; `nil` for standard input and bytes in memory.
  public var path: String? {
    switch self {
    case .file(let path), .regularFile(let path): return path
    case .standardInput, .inMemory, .libvirtGuest: return nil
    }
  }

  /// Opens `path` without waiting (`FileSystem.openForReading`) and reads it. With
  /// `regularOnly`, anything but a regular file is refused before it is opened, and again after
  /// (it may have been swapped in between).
  private static func read(_ path: String, limit: Int, regularOnly: Bool) throws(InputError) -> [UInt8] {
    if regularOnly, let info = FileSystem.status(path) {
      let kind = FileKind(mode: info.st_mode)
      if kind == .folder { throw folderError(path) }
      if kind != .regularFile { throw .notRegularFile(path: path, kind: kind) }
    }
    let (descriptor, info) = FileSystem.openForReading(path)
    guard descriptor >= 0 else {
      if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
      let reason = FileSystem.errorText
      // A socket cannot be opened (ENXIO): say what it is.
      if let info = FileSystem.status(path), FileKind(mode: info.st_mode) == .socket {
        throw .notRegularFile(path: path, kind: .socket)
      }
      throw .unreadable(path: path, reason: reason)
    }
    defer { close(descriptor) }
    if let info {
      let kind = FileKind(mode: info.st_mode)
      if kind == .folder { throw folderError(path) }
      if regularOnly && kind != .regularFile { throw .notRegularFile(path: path, kind: kind) }
    }
    return try readAll(descriptor: descriptor, path: path, limit: limit, status: info)
  }

  /// Why a folder cannot be read as a file: a host's sysfs node folder is named as one.
  private static func folderError(_ path: String) -> InputError {
    InputKind.isSysfsNodeFolder(path) ? .hostFolder(path: path) : .isDirectory(path: path)
  }

  /// Reads a descriptor to its end, in one go for a regular file whose size is known, else in
  /// chunks; more than `limit` bytes is refused. `status` is the descriptor's (`nil` when it
  /// could not be had), asked for once by the caller, which checks the kind of file with it too.
  private static func readAll(
    descriptor: Int32, path: String, limit: Int, status: stat?
  ) throws(InputError) -> [UInt8] {
    var capacity = 64 * 1024
    // A regular file's size as fstat gave it: the read that brings the bytes up to it, short
    // of the byte more asked for, reached the end (no further read to see it). 0 for none
    // (procfs files say 0; a sysfs file says 4096 and holds less: both are read to the end).
    var knownSize = 0
    if let info = status, (info.st_mode & S_IFMT) == S_IFREG {
      if Int(info.st_size) > limit { throw .tooLarge(path: path, limit: limit) }
      capacity = Int(info.st_size) + 1  // one more byte to see the end
      knownSize = Int(info.st_size)
    }
    // Read straight into the result, growing it only when the input outgrows what fstat said.
    var bytes = [UInt8](repeating: 0, count: capacity)
    var filled = 0
    while true {
      if filled == bytes.count {  // never past one byte over the limit
        bytes.append(contentsOf: repeatElement(0, count: max(1, min(bytes.count, limit + 1 - bytes.count))))
      }
      let count = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 {
        bytes.removeLast(bytes.count - filled)
        return bytes
      }
      filled += count
      if filled > limit { throw .tooLarge(path: path, limit: limit) }
      if filled == knownSize && filled < bytes.count {
        bytes.removeLast(bytes.count - filled)
        return bytes
      }
    }
  }

  /// Expands command-line arguments: files as given, folders into every `*.xml` below them
  /// (sorted, so that output is deterministic), `-` into standard input. What a folder holds is
  /// read only if it is a regular file or a link to one: any other `*.xml` there (a FIFO, a
  /// socket, a device, a link to nothing) is still listed, as a `.regularFile`, so that reading
  /// it reports it by name without opening it.
  public static func expand(_ arguments: [String], fileExtension: String = "xml") throws(InputError) -> [InputSource] {
    var inputs: [InputSource] = []
    for argument in arguments {
      if argument == "-" {
        inputs.append(.standardInput)
        continue
      }
      guard let info = FileSystem.status(argument) else {
        if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: argument) }
        throw .unreadable(path: argument, reason: FileSystem.errorText)
      }
      guard FileKind(mode: info.st_mode) == .folder else {
        inputs.append(.file(argument))
        continue
      }
      var found: [String] = []
      try Self.walk(
        argument.hasSuffix("/") ? String(argument.dropLast()) : argument, suffix: "." + fileExtension, into: &found)
      // No guest in a folder of a host's NUMA nodes: it was meant for the commands that read hosts.
      if found.isEmpty && InputKind.isSysfsNodeFolder(argument) { throw .hostFolder(path: argument) }
      inputs += found.sorted().map { .regularFile($0) }
    }
    return inputs
  }

  /// Adds every entry below `folder` whose name ends in `suffix` and that is not a folder or a
  /// link to one (links to folders are not followed, so a link loop cannot trap the walk).
  private static func walk(_ folder: String, suffix: String, into found: inout [String]) throws(InputError) {
    let (files, folders) = try list(folder, suffix: suffix)
    found += files
    for inner in folders { try walk(inner, suffix: suffix, into: &found) }
  }

  /// The matching entries and the subfolders of one folder.
  private static func list(_ folder: String, suffix: String) throws(InputError) -> (files: [String], folders: [String])
  {
    guard let entries = FileSystem.entries(of: folder) else {
      throw .unreadable(path: folder, reason: Messages.folderNotListed(FileSystem.errorText))
    }
    var files: [String] = []
    var folders: [String] = []
    for entry in entries {
      let name = String(decoding: entry.name, as: UTF8.self)
      let path = folder + "/" + name
      if entry.kind == .folder {
        folders.append(path)
      } else if name.hasSuffix(suffix) {
        if entry.kind == .symbolicLink, let target = FileSystem.status(path), FileKind(mode: target.st_mode) == .folder
        {
          continue
        }
        files.append(path)
      }
    }
    return (files, folders)
  }
}
