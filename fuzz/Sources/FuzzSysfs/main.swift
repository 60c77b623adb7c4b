import CLibFuzzer
import FuzzHostSupport
import Foundation
import NumaSchemaKit

/// One entry of the tree an input describes.
struct Entry {
  enum Kind {
    case file([UInt8])
    case folder
    case link(String)
    case fifo
  }
  var path: [String]
  var kind: Kind
}

/// The input as a small sysfs tree: a line `@PATH` starts a file whose content is every
/// following line up to the next line starting with `@`; `@PATH/` is a folder, `@PATH -> TARGET`
/// a symbolic link (a relative TARGET that stays inside the tree), `@PATH |` a FIFO. Path
/// components are letters, digits, `.`, `_` and `-` (never `.` or `..`), at most 8 deep; at most
/// 256 entries. Bytes before the first `@` line are ignored.
func entries(of bytes: [UInt8]) -> [Entry] {
  var result: [Entry] = []
  var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)[...]
  // A final newline ends the last line; it does not start an empty one.
  if bytes.last == 0x0A { lines = lines.dropLast() }
  var content: [UInt8]? = nil
  var path: [String] = []
  func flush() {
    if let content { result.append(Entry(path: path, kind: .file(content))) }
    content = nil
  }
  for line in lines {
    guard line.first == UInt8(ascii: "@") else {
      if content != nil { content! += line + [0x0A] }
      continue
    }
    flush()
    guard result.count < 256 else { break }
    var header = String(decoding: line.dropFirst(), as: UTF8.self)
    var kind: Entry.Kind? = nil
    if let arrow = header.range(of: " -> ") {
      kind = .link(String(header[arrow.upperBound...]))
      header = String(header[..<arrow.lowerBound])
    } else if header.hasSuffix(" |") {
      kind = .fifo
      header = String(header.dropLast(2))
    } else if header.hasSuffix("/") {
      kind = .folder
      header = String(header.dropLast())
    }
    let components = header.split(separator: "/").map(String.init)
    guard !components.isEmpty, components.count <= 8, components.allSatisfy(isSafeComponent) else { continue }
    if let kind {
      result.append(Entry(path: components, kind: kind))
    } else {
      path = components
      content = []
    }
  }
  flush()
  return result
}

func isSafeComponent(_ name: String) -> Bool {
  name != "." && name != ".." && !name.isEmpty && name.utf8.count <= 64
    && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
}

/// Does a relative link target, from the folder `folder`, stay inside the tree?
func staysInside(_ target: String, from folder: [String]) -> Bool {
  guard !target.hasPrefix("/"), !target.isEmpty else { return false }
  var position = folder
  for component in target.split(separator: "/") {
    if component == "." { continue }
    if component == ".." {
      guard !position.isEmpty else { return false }
      position.removeLast()
    } else {
      guard isSafeComponent(String(component)) else { return false }
      position.append(String(component))
    }
  }
  return true
}

/// Where the trees are made: memory (/dev/shm) when there is one.
let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()

/// libFuzzer's entry point: the bytes describe a sysfs tree (`entries(of:)`), made in a fresh
/// folder; when `HostTopology.read` accepts the folder, from-host and fit run on the host
/// (`HostExercise`). The folder is removed afterwards.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let tree = entries(of: bytes)
  var template = Array("\(base)/fuzz-sysfs.XXXXXX".utf8CString)
  guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed: \(String(cString: strerror(errno)))") }
  let root = String(cString: made)
  defer { try? FileManager.default.removeItem(atPath: root) }
  let manager = FileManager.default
  for entry in tree {
    let path = root + "/" + entry.path.joined(separator: "/")
    let parent = root + "/" + entry.path.dropLast().joined(separator: "/")
    guard (try? manager.createDirectory(atPath: parent, withIntermediateDirectories: true)) != nil else { continue }
    switch entry.kind {
    case .file(let content):
      _ = manager.createFile(atPath: path, contents: Data(content))
    case .folder:
      _ = try? manager.createDirectory(atPath: path, withIntermediateDirectories: true)
    case .link(let target):
      if staysInside(target, from: Array(entry.path.dropLast())) {
        _ = try? manager.createSymbolicLink(atPath: path, withDestinationPath: target)
      }
    case .fifo:
      _ = mkfifo(path, 0o600)
    }
  }
  guard let host = try? HostTopology.read(from: root) else { return 0 }
  HostExercise.run(host)
  return 0
}

// libFuzzer's command line (corpus folders, -max_total_time, …) goes to its driver unchanged.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }  // libFuzzer passes a buffer even for the empty input
    return fuzz(data, size)
  })
