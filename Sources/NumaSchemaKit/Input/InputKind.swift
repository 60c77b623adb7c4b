/// The other kinds of input numaschema reads, each by another command: what a guest reader names
/// when it is given one of them instead of a guest domain, so that the message says which
/// command was meant.
public enum InputKind: Sendable, Equatable, CaseIterable {
  /// libvirt's host capabilities XML (`virsh capabilities`): root `<capabilities>`.
  case hostCapabilities
  /// A Xen xl config: `key = value` lines (`vnuma = [ … ]`).
  case xlConfig
  /// A QEMU command line: `qemu-system-x86_64 …`, or options one per line (`-numa node,…`).
  case qemuCommandLine
  /// The output of `numactl -H`: `available: 2 nodes (0-1)`.
  case numactlOutput
  /// A host's sysfs NUMA node folder (`/sys/devices/system/node`, or a root above it).
  case sysfsNodeFolder

  /// What a text input that is not XML looks like, and where that shows; `nil` when it looks
  /// like none of the kinds (or like XML: it starts with `<`). Only the first line is looked at,
  /// besides an xl parse of the whole text (linear), so this stays fast on any input.
  public static func recognise(text bytes: [UInt8]) -> (kind: InputKind, position: SourcePosition)? {
    guard let first = firstMeaningfulLine(bytes), !first.text.hasPrefix("<") else { return nil }
    // numactl -H: "available: N nodes (…)" on its first line (or "No NUMA available…").
    if first.text.hasPrefix("available:") && first.text.contains(" node") || first.text.hasPrefix("No NUMA available") {
      return (.numactlOutput, SourcePosition(line: first.number, column: first.column))
    }
    // QEMU: the binary first (after any VAR=value or exec), or one option a line as to-qemu
    // writes them.
    let words = first.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    if let word = words.first(where: { !isEnvironmentAssignment($0) && !launchers.contains(String($0)) }) {
      let program = word.split(separator: "/").last.map(String.init) ?? ""
      if program.hasPrefix("qemu-system-") || program == "qemu-kvm" || qemuOptions.contains(String(word)) {
        let offset = first.text.utf8.distance(from: first.text.startIndex, to: word.startIndex)
        return (.qemuCommandLine, SourcePosition(line: first.number, column: first.column + offset))
      }
    }
    // xl: the whole text parses as an xl config with a setting, or its first line is `key =`.
    if let setting = XLConfigParser.parse(bytes, file: "").config?.settings.first {
      return (.xlConfig, setting.position)
    }
    if let equals = first.text.firstIndex(of: "=") {
      let key = first.text[..<equals].filter { $0 != " " && $0 != "\t" && $0 != "+" }
      if isXLKey(key) { return (.xlConfig, SourcePosition(line: first.number, column: first.column)) }
    }
    return nil
  }

  /// What a well-formed XML document whose root is `root` is, when it is one of the kinds.
  static func recognise(root: String) -> InputKind? {
    root == "capabilities" ? .hostCapabilities : nil
  }

  /// Whether the folder at `path` holds a host's NUMA nodes the way sysfs does: `nodeN`
  /// folders in it, or below `sys/devices/system/node`, `devices/system/node`, `system/node` or
  /// `node` (a root given as `/`, `/sys`, `/sys/devices` or `/sys/devices/system`).
  public static func isSysfsNodeFolder(_ path: String) -> Bool {
    // The places SysfsReader looks, so that what it reads as a host is never taken for guests.
    ([path] + SysfsReader.nodeFolderPlaces.map { path + $0 }).contains { folder in
      FileSystem.entries(of: folder)?.contains { entry in
        guard entry.kind == .folder else { return false }
        let name = String(decoding: entry.name, as: UTF8.self)
        return name.hasPrefix("node") && name.count > 4 && name.dropFirst(4).allSatisfy(\.isASCIIDigit)
      } ?? false
    }
  }

  /// The options of QEMU's that a NUMA command line starts with.
  static let qemuOptions: Set<String> = [
    "-numa", "-m", "-smp", "-object", "-machine", "-M", "-cpu", "-name", "-enable-kvm", "-accel", "-nodefaults",
  ]

  /// Words that run the command after them (`exec qemu-system-x86_64 …`).
  static let launchers: Set<String> = ["exec", "env", "sudo", "nice", "taskset", "numactl"]

  private static func isEnvironmentAssignment(_ word: Substring) -> Bool {
    guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
    return word[..<equals].allSatisfy { $0.isASCIIUppercase || $0.isASCIIDigit || $0 == "_" }
  }

  /// xl's key syntax: `[a-z][._0-9a-z]*`.
  private static func isXLKey(_ key: String) -> Bool {
    guard let first = key.first, first.isASCIILowercase else { return false }
    return key.allSatisfy { $0.isASCIILowercase || $0.isASCIIDigit || $0 == "_" || $0 == "." }
  }

  /// The first line that holds something besides blanks and `#` comments: its text from the
  /// first non-blank, its 1-based number and the column (byte) of that text.
  private static func firstMeaningfulLine(_ bytes: [UInt8]) -> (text: String, number: Int, column: Int)? {
    var lineStart = 0
    var number = 1
    while lineStart < bytes.count {
      let end = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      var first = lineStart
      // A byte order mark is not part of the first line's text.
      if lineStart == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { first = 3 }
      while first < end && [0x20, 0x09, 0x0D].contains(bytes[first]) { first += 1 }
      if first < end && bytes[first] != UInt8(ascii: "#") {
        var last = end
        while last > first && [0x20, 0x09, 0x0D].contains(bytes[last - 1]) { last -= 1 }
        return (String(decoding: bytes[first..<last], as: UTF8.self), number, first - lineStart + 1)
      }
      lineStart = end + 1
      number += 1
    }
    return nil
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
  fileprivate var isASCIIUppercase: Bool { isASCII && isUppercase }
  fileprivate var isASCIILowercase: Bool { isASCII && isLowercase }
}
