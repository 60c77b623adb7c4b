import Foundation

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
      return try Self.readAll(FileHandle.standardInput, path: displayName, limit: limit)
    case .file(let path):
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .notFound(path: path)
      }
      if isDirectory.boolValue { throw .isDirectory(path: path) }
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw .unreadable(path: path, reason: "permission denied")
      }
      defer { try? handle.close() }
      return try Self.readAll(handle, path: path, limit: limit)
    }
  }

  /// Reads in chunks until the end, or until more than `limit` bytes came.
  private static func readAll(_ handle: FileHandle, path: String, limit: Int) throws(InputError) -> [UInt8] {
    var bytes: [UInt8] = []
    while true {
      let chunk: Data
      do {
        chunk = try handle.read(upToCount: 1 << 20) ?? Data()
      } catch {
        throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
      }
      if chunk.isEmpty { return bytes }
      bytes.append(contentsOf: chunk)
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
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        throw .notFound(path: argument)
      }
      guard isDirectory.boolValue else {
        inputs.append(.file(argument))
        continue
      }
      guard let walker = FileManager.default.enumerator(atPath: argument) else {
        throw .unreadable(path: argument, reason: "cannot list the folder")
      }
      var found: [String] = []
      while let relative = walker.nextObject() as? String {
        if relative.hasSuffix("." + fileExtension) {
          let path = argument.hasSuffix("/") ? argument + relative : argument + "/" + relative
          var innerIsDirectory: ObjCBool = false
          if FileManager.default.fileExists(atPath: path, isDirectory: &innerIsDirectory), !innerIsDirectory.boolValue {
            found.append(path)
          }
        }
      }
      inputs += found.sorted().map { .file($0) }
    }
    return inputs
  }
}
