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
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .notFound(path: path)
      }
      if isDirectory { throw .isDirectory(path: path) }
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
      defer { close(descriptor) }
      return try Self.readAll(descriptor: descriptor, path: path, limit: limit)
    }
  }

  /// Reads a descriptor to its end, in one go for a regular file whose size is known, else in
  /// chunks; more than `limit` bytes is refused.
  private static func readAll(descriptor: Int32, path: String, limit: Int) throws(InputError) -> [UInt8] {
    var info = stat()
    var expected = 64 * 1024
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
      if Int(info.st_size) > limit { throw .tooLarge(path: path, limit: limit) }
      expected = Int(info.st_size) + 1  // one more byte to see the end
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(expected)
    var chunk = [UInt8](repeating: 0, count: max(expected, 4096))
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit { throw .tooLarge(path: path, limit: limit) }
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
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        throw .notFound(path: argument)
      }
      guard isDirectory else {
        inputs.append(.file(argument))
        continue
      }
      guard let subpaths = try? FileManager.default.subpathsOfDirectory(atPath: argument) else {
        throw .unreadable(path: argument, reason: "cannot list the folder")
      }
      var found: [String] = []
      for relative in subpaths where relative.hasSuffix("." + fileExtension) {
        let path = argument.hasSuffix("/") ? argument + relative : argument + "/" + relative
        var innerIsDirectory = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &innerIsDirectory), !innerIsDirectory {
          found.append(path)
        }
      }
      inputs += found.sorted().map { .file($0) }
    }
    return inputs
  }
}
