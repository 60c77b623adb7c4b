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
  case tooLarge(path: String, limit: Int)

  public var description: String {
    switch self {
    case .notFound(let path): return "\(path): no such file or folder"
    case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
    case .isDirectory(let path): return "\(path): is a folder"
    case .tooLarge(let path, let limit): return "\(path): larger than \(limit) bytes; refusing to read it"
    }
  }
}

/// One input: a file, or standard input (`-`, shown as `<stdin>`).
public enum InputSource: Sendable, Equatable {
  case file(String)
  case standardInput

  public init(argument: String) {
    self = argument == "-" ? .standardInput : .file(argument)
  }

  /// The name diagnostics carry.
  public var displayName: String {
    switch self {
    case .file(let path): return path
    case .standardInput: return "<stdin>"
    }
  }

  /// The most an input may hold (256 MiB): far above any real guest (a 1,024-cell guest with
  /// a full distance matrix is about 45 MB), and a stop for `/dev/zero` and the like.
  public static let defaultSizeLimit = 256 << 20

  /// Reads the whole input, refusing more than `limit` bytes.
  public func read(limit: Int = InputSource.defaultSizeLimit) throws(InputError) -> [UInt8] {
    switch self {
    case .standardInput:
      return try Self.readAll(descriptor: 0, path: displayName, limit: limit)
    case .file(let path):
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path) }
        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      defer { close(descriptor) }
      var info = stat()
      if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
      return try Self.readAll(descriptor: descriptor, path: path, limit: limit)
    }
  }

  /// Reads a descriptor to its end, in one go for a regular file whose size is known, else in
  /// chunks; more than `limit` bytes is refused.
  private static func readAll(descriptor: Int32, path: String, limit: Int) throws(InputError) -> [UInt8] {
    var info = stat()
    var capacity = 64 * 1024
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
      if Int(info.st_size) > limit { throw .tooLarge(path: path, limit: limit) }
      capacity = Int(info.st_size) + 1  // one more byte to see the end
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
    }
  }

  /// Expands command-line arguments: files as given, folders into every `*.xml` below them
  /// (sorted, so that output is deterministic), `-` into standard input.
  public static func expand(_ arguments: [String], fileExtension: String = "xml") throws(InputError) -> [InputSource] {
    var inputs: [InputSource] = []
    for argument in arguments {
      if argument == "-" {
        inputs.append(.standardInput)
        continue
      }
      var info = stat()
      guard stat(argument, &info) == 0 else {
        if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: argument) }
        throw .unreadable(path: argument, reason: String(cString: strerror(errno)))
      }
      guard (info.st_mode & S_IFMT) == S_IFDIR else {
        inputs.append(.file(argument))
        continue
      }
      var found: [String] = []
      try Self.walk(argument.hasSuffix("/") ? String(argument.dropLast()) : argument, suffix: "." + fileExtension, into: &found)
      inputs += found.sorted().map { .file($0) }
    }
    return inputs
  }

  /// Adds every file below `folder` whose name ends in `suffix` (files, and links to files;
  /// links to folders are not followed, so a link loop cannot trap the walk).
  private static func walk(_ folder: String, suffix: String, into found: inout [String]) throws(InputError) {
    let (files, folders) = try list(folder, suffix: suffix)
    found += files
    for inner in folders { try walk(inner, suffix: suffix, into: &found) }
  }

  /// The matching files and the subfolders of one folder, read with one open descriptor.
  private static func list(_ folder: String, suffix: String) throws(InputError) -> (files: [String], folders: [String]) {
    guard let directory = opendir(folder) else {
      throw .unreadable(path: folder, reason: "cannot list the folder: " + String(cString: strerror(errno)))
    }
    defer { closedir(directory) }
    var files: [String] = []
    var folders: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      let path = folder + "/" + name
      var type = Int32(entry.pointee.d_type)
      if type == Int32(DT_UNKNOWN) {
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        let format = info.st_mode & S_IFMT
        type = format == S_IFDIR ? Int32(DT_DIR) : format == S_IFLNK ? Int32(DT_LNK) : Int32(DT_REG)
      }
      if type == Int32(DT_DIR) {
        folders.append(path)
      } else if name.hasSuffix(suffix) {
        if type == Int32(DT_LNK) {
          var info = stat()
          guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
        }
        files.append(path)
      }
    }
    return (files, folders)
  }
}
