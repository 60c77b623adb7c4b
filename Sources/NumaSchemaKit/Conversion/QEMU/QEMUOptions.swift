/// A QEMU command line as options: the program (when the line names one) and each `-option`
/// with its argument, in order. Leading `NAME=value` words (the environment libvirt sets) are
/// skipped; a word that is neither an option nor an option's argument is a disk image to QEMU,
/// and skipped too.
struct QEMUInvocation: Sendable {
  struct Option: Sendable {
    /// The name without its dashes (`numa` for `-numa` and `--numa`).
    var name: String
    var word: QEMUWord
    var argument: QEMUWord?
  }

  var program: QEMUWord?
  var options: [Option] = []

  /// Options QEMU 7.2 takes without an argument (`qemu-options.hx`).
  static let flags: Set<String> = [
    "S", "s", "nodefaults", "no-user-config", "nouserconfig", "no-shutdown", "no-reboot", "daemonize", "enable-kvm",
    "nographic", "snapshot", "no-hpet", "no-acpi", "full-screen", "enable-fips", "only-migratable", "preconfig",
    "no-fd-bootchk", "win2k-hack", "rtc-td-hack", "no-kvm-pit-reinjection", "no-quit", "version", "help", "h",
    "audio-help", "singlestep", "alt-grab", "ctrl-grab", "usb", "semihosting", "nodefconfig", "xen-attach", "no-frame",
    "curses", "portrait", "old-param", "enable-sync-profile", "mem-prealloc", "show-cursor", "xen-domid-restrict",
    "async-teardown", "no-kvm", "no-kvm-irqchip", "no-kvm-pit", "sdl",
  ]

  /// Options that take an argument even when it starts with `-`; any other option takes the
  /// next word when that is not an option.
  static let takingArgument: Set<String> = [
    "m", "smp", "numa", "object", "device", "name", "machine", "M", "uuid", "accel", "cpu", "append", "kernel",
    "initrd", "drive", "netdev", "chardev", "mon", "monitor", "serial", "display", "vga", "global", "boot", "rtc",
    "overcommit", "sandbox", "msg", "audiodev", "blockdev", "fsdev", "add-fd", "L", "bios", "fw_cfg", "smbios", "k",
    "mem-path", "d", "D", "qmp", "qmp-pretty", "vnc", "spice", "incoming", "pidfile", "runas", "chroot", "cdrom", "hda",
    "hdb", "hdc", "hdd", "fda", "fdb", "net", "nic", "usbdevice", "parallel", "debugcon", "readconfig", "writeconfig",
    "trace", "plugin", "icount", "watchdog", "watchdog-action", "action", "g", "tpmdev", "soundhw", "set", "option-rom",
    "virtfs", "iscsi", "mtdblock", "sd", "pflash", "loadvm", "dtb", "semihosting-config", "compat", "qtest", "bt",
  ]

  /// Reads `words`; `missing` collects each known option whose argument is missing.
  static func read(_ words: [QEMUWord], missing: inout [Option]) -> QEMUInvocation {
    var invocation = QEMUInvocation()
    var index = 0
    while index < words.count, isAssignment(words[index].text) { index += 1 }
    if index < words.count, !isOption(words[index].text) {
      invocation.program = words[index]
      index += 1
    }
    while index < words.count {
      let word = words[index]
      index += 1
      guard isOption(word.text) else { continue }
      var name = Substring(word.text.dropFirst())
      if name.hasPrefix("-") { name = name.dropFirst() }
      let option = String(name)
      if flags.contains(option) {
        invocation.options.append(Option(name: option, word: word, argument: nil))
      } else if takingArgument.contains(option) {
        guard index < words.count else {
          missing.append(Option(name: option, word: word, argument: nil))
          continue
        }
        invocation.options.append(Option(name: option, word: word, argument: words[index]))
        index += 1
      } else if index < words.count && !isOption(words[index].text) {
        invocation.options.append(Option(name: option, word: word, argument: words[index]))
        index += 1
      } else {
        invocation.options.append(Option(name: option, word: word, argument: nil))
      }
    }
    return invocation
  }

  static func isOption(_ text: String) -> Bool { text.count > 1 && text.hasPrefix("-") }

  /// `NAME=value` with a shell variable name.
  static func isAssignment(_ text: String) -> Bool {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return false }
    let name = text[..<equals].utf8
    guard let first = name.first, first == UInt8(ascii: "_") || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
      return false
    }
    return name.allSatisfy {
      $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || (0x30...0x39).contains($0)
    }
  }

  /// The architecture of a `qemu-system-ARCH` program, if it names one.
  var architecture: String? {
    guard let program else { return nil }
    let name = program.text.split(separator: "/").last.map(String.init) ?? ""
    guard name.hasPrefix("qemu-system-") else { return nil }
    let arch = String(name.dropFirst("qemu-system-".count))
    let known = [
      "x86_64", "i386", "aarch64", "arm", "ppc64", "ppc", "s390x", "riscv64", "riscv32", "mips64", "loongarch64",
    ]
    return known.contains(arch) ? arch : nil
  }
}

/// A JSON value of `-object '{…}'` / `-device '{…}'`, numbers kept as their text.
indirect enum QEMUJSON: Sendable, Equatable {
  case object([(key: String, value: QEMUJSON, offset: Int)])
  case array([QEMUJSON])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  static func == (lhs: QEMUJSON, rhs: QEMUJSON) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    case (.array(let a), .array(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    default: return false
    }
  }
}

/// Why JSON does not parse, and at which UTF-8 offset of the argument.
struct QEMUJSONFailure: Error, Sendable, Equatable {
  enum Problem: Sendable, Equatable {
    case unexpected(found: String, expected: String)
    case unterminatedString
    case badEscape
    case tooDeep(limit: Int)
    case trailing
    case notAnObject
  }

  var problem: Problem
  var offset: Int
}

/// A strict JSON reader (RFC 8259) for the one object of an `-object`/`-device` argument,
/// nested at most ``maximumDepth`` deep.
struct QEMUJSONReader {
  static let maximumDepth = 64
  private let bytes: [UInt8]
  private var index = 0

  init(_ text: String) { bytes = Array(text.utf8) }

  /// The object the whole text is.
  static func object(_ text: String) throws(QEMUJSONFailure) -> [(key: String, value: QEMUJSON, offset: Int)] {
    var reader = QEMUJSONReader(text)
    reader.skipBlanks()
    guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: "{") else {
      throw QEMUJSONFailure(problem: .notAnObject, offset: reader.index)
    }
    let value = try reader.value(depth: 0)
    reader.skipBlanks()
    guard reader.index == reader.bytes.count else { throw QEMUJSONFailure(problem: .trailing, offset: reader.index) }
    guard case .object(let members) = value else { throw QEMUJSONFailure(problem: .notAnObject, offset: 0) }
    return members
  }

  private mutating func skipBlanks() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private func found() -> String {
    guard index < bytes.count else { return "the end" }
    let byte = bytes[index]
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    let digits = String(byte, radix: 16, uppercase: true)
    return "byte 0x" + (digits.count == 1 ? "0" + digits : digits)
  }

  private func fail(_ expected: String) -> QEMUJSONFailure {
    QEMUJSONFailure(problem: .unexpected(found: found(), expected: expected), offset: index)
  }

  private mutating func value(depth: Int) throws(QEMUJSONFailure) -> QEMUJSON {
    skipBlanks()
    guard index < bytes.count else { throw fail("a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      guard depth < QEMUJSONReader.maximumDepth else {
        throw QEMUJSONFailure(problem: .tooDeep(limit: QEMUJSONReader.maximumDepth), offset: index)
      }
      index += 1
      var members: [(key: String, value: QEMUJSON, offset: Int)] = []
      skipBlanks()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipBlanks()
        let keyOffset = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("a \"key\"") }
        let key = try string()
        skipBlanks()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("':'") }
        index += 1
        let member = try value(depth: depth + 1)
        members.append((key, member, keyOffset))
        skipBlanks()
        guard index < bytes.count else { throw fail("',' or '}'") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw fail("',' or '}'") }
        index += 1
        return .object(members)
      }
    case UInt8(ascii: "["):
      guard depth < QEMUJSONReader.maximumDepth else {
        throw QEMUJSONFailure(problem: .tooDeep(limit: QEMUJSONReader.maximumDepth), offset: index)
      }
      index += 1
      var items: [QEMUJSON] = []
      skipBlanks()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        skipBlanks()
        guard index < bytes.count else { throw fail("',' or ']'") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw fail("',' or ']'") }
        index += 1
        return .array(items)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try number())
    default:
      for (word, value) in [("true", QEMUJSON.bool(true)), ("false", .bool(false)), ("null", .null)] {
        let utf8 = Array(word.utf8)
        if index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 {
          index += utf8.count
          return value
        }
      }
      throw fail("a value")
    }
  }

  private mutating func number() throws(QEMUJSONFailure) -> String {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits() -> Int {
      let from = index
      while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
      return index - from
    }
    let integer = digits()
    guard integer > 0 else { throw fail("a digit") }
    if integer > 1 && bytes[index - integer] == UInt8(ascii: "0") {
      index -= integer - 1
      throw fail("no leading zero")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw fail("a digit") }
    }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw fail("a digit") }
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private mutating func string() throws(QEMUJSONFailure) -> String {
    let open = index
    index += 1
    var content: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: content, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard index + 1 < bytes.count else { throw QEMUJSONFailure(problem: .unterminatedString, offset: open) }
        let escaped = bytes[index + 1]
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): content.append(escaped)
        case UInt8(ascii: "b"): content.append(0x08)
        case UInt8(ascii: "f"): content.append(0x0C)
        case UInt8(ascii: "n"): content.append(0x0A)
        case UInt8(ascii: "r"): content.append(0x0D)
        case UInt8(ascii: "t"): content.append(0x09)
        case UInt8(ascii: "u"):
          guard index + 6 <= bytes.count,
            let code = UInt32(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16)
          else { throw QEMUJSONFailure(problem: .badEscape, offset: index) }
          // A lone surrogate has no UTF-8 form: U+FFFD, as QEMU's parser gives.
          let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
          content.append(contentsOf: Array(String(Character(scalar)).utf8))
          index += 4
        default:
          throw QEMUJSONFailure(problem: .badEscape, offset: index)
        }
        index += 2
      case 0x00..<0x20:
        throw fail("no control character in a string")
      default:
        content.append(byte)
        index += 1
      }
    }
    throw QEMUJSONFailure(problem: .unterminatedString, offset: open)
  }
}

/// One value of an option's properties: text from `key=value` (QemuOpts), or JSON.
enum QEMUValue: Sendable, Equatable {
  case text(String)
  case json(QEMUJSON)
}

/// The properties of one option argument, in order, each with the UTF-8 offset of its key in
/// the argument (keys may repeat: `cpus=0-1,cpus=4`).
struct QEMUProperties: Sendable {
  var entries: [(key: String, value: QEMUValue, offset: Int)] = []
  var word: QEMUWord

  /// Where the key `key` (its last occurrence) is, else where the argument starts.
  func position(of key: String) -> SourcePosition {
    guard let entry = entries.last(where: { $0.key == key }) else { return word.position }
    return word.position(at: entry.offset)
  }

  func position(atOffset offset: Int) -> SourcePosition { word.position(at: offset) }

  func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

  /// The last value of `key`.
  func value(_ key: String) -> QEMUValue? { entries.last { $0.key == key }?.value }

  /// Every value of `key`, in order.
  func values(_ key: String) -> [(value: QEMUValue, offset: Int)] {
    entries.filter { $0.key == key }.map { ($0.value, $0.offset) }
  }

  /// `key=v1,key=v2` as QEMU's option syntax writes it (QemuOpts): `,,` is a comma inside a
  /// value; the first item without `=` is the value of `implied` (`-numa node` is
  /// `type=node`); a later item without `=` is `item=on` (`noitem` is not read). Returns the
  /// offset of an empty key, the one syntax error.
  static func keyValues(_ word: QEMUWord, implied: String?) -> (QEMUProperties, emptyKeyAt: Int?) {
    var properties = QEMUProperties(word: word)
    let bytes = Array(word.text.utf8)
    // Items at single commas; `,,` is a comma inside the item.
    var items: [(bytes: [UInt8], offset: Int)] = []
    var current: [UInt8] = []
    var start = 0
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: ",") {
        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ",") {
          current.append(UInt8(ascii: ","))
          index += 2
          continue
        }
        items.append((current, start))
        current = []
        index += 1
        start = index
        continue
      }
      current.append(bytes[index])
      index += 1
    }
    // A trailing comma ends the list; it adds no empty item.
    if !current.isEmpty || items.isEmpty { items.append((current, start)) }
    for (number, item) in items.enumerated() {
      if let equals = item.bytes.firstIndex(of: UInt8(ascii: "=")) {
        guard equals > 0 else { return (properties, item.offset) }
        let key = String(decoding: item.bytes[..<equals], as: UTF8.self)
        let value = String(decoding: item.bytes[(equals + 1)...], as: UTF8.self)
        properties.entries.append((key, .text(value), item.offset))
      } else if number == 0, let implied {
        properties.entries.append((implied, .text(String(decoding: item.bytes, as: UTF8.self)), item.offset))
      } else {
        guard !item.bytes.isEmpty else { return (properties, item.offset) }
        properties.entries.append((String(decoding: item.bytes, as: UTF8.self), .text("on"), item.offset))
      }
    }
    return (properties, nil)
  }

  /// The properties of a JSON object argument; `implied` names the member that stands for the
  /// first QemuOpts item (`qom-type`, `driver`).
  static func json(_ word: QEMUWord) throws(QEMUJSONFailure) -> QEMUProperties {
    let members = try QEMUJSONReader.object(word.text)
    var properties = QEMUProperties(word: word)
    properties.entries = members.map { ($0.key, .json($0.value), $0.offset) }
    return properties
  }
}
