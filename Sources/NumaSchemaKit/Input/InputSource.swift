import Foundation

/// Why an input could not be read at all (an error of the run, not a finding about a guest).
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
  case notFound(path: String)
  case unreadable(path: String, reason: String)
  case isDirectory(path: String)

  public var description: String {
    switch self {
    case .notFound(let path): return "\(path): no such file or folder"
    case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
    case .isDirectory(let path): return "\(path): is a folder"
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

  /// Reads the whole input.
  public func read() throws(InputError) -> [UInt8] {
    switch self {
    case .standardInput:
      return Array(FileHandle.standardInput.readDataToEndOfFile())
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
      do {
        return Array(try handle.readToEnd() ?? Data())
      } catch {
        throw .unreadable(path: path, reason: String(describing: error))
      }
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
