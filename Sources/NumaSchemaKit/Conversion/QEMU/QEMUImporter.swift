/// A QEMU command line made a domain (`numaschema from-qemu`).
public enum QEMUImport {
  /// Reads a QEMU command line (a shell-quoted file as libvirt writes `.args`, or the NUL-separated
  /// `/proc/PID/cmdline`) and writes the guest it starts as canonical domain XML: the NUMA part
  /// (`-m`, `-smp`, memory backends, `-numa`, memory devices, PCI expander buses) checked by
  /// QEMU's own rules, positions in the command line; then the domain is validated and put in
  /// canonical form like any guest. Warnings are made errors when `strict` (by default the
  /// validator's); an error means no domain.
  public static func domain(bytes: [UInt8], file: String, validator: Validator, strict: Bool? = nil) -> ConversionResult
  {
    let strict = strict ?? validator.strict
    func settle(_ findings: [Diagnostic]) -> [Diagnostic] {
      (strict ? findings.map { $0.promotedToError() } : findings).inSourceOrder()
    }
    let (words, problems) = QEMUArgumentReader.words(bytes)
    var findings = problems.map { Messages.qemuSyntax($0.problem, file: file, at: $0.position) }
    guard findings.isEmpty else { return ConversionResult(diagnostics: settle(findings), output: nil) }
    var missing: [QEMUInvocation.Option] = []
    let invocation = QEMUInvocation.read(words, missing: &missing)
    findings += missing.map { Messages.qemuArgumentMissing(file: file, option: $0.name, at: $0.word.position) }
    var conversion = QEMUConversion(invocation: invocation, file: file)
    let xml = conversion.run()
    findings = settle(findings + conversion.diagnostics)
    guard let xml, !findings.contains(where: { $0.severity == .error }) else {
      return ConversionResult(diagnostics: findings, output: nil)
    }
    return ImportedDomain.canonicalized(
      xml, findings: findings, file: file, validator: validator, failure: .fromQEMUValueInvalid)
  }
}

/// What uses a memory backend already; `Messages.qemuMemdevReused` words it.
enum QEMUBackendUser: Sendable, Equatable {
  case node(Int)
  case device(String)
}

/// What a value should have been; `Messages.qemuValueInvalid` words it.
enum QEMUExpectation: Sendable, Equatable {
  case string
  /// A size with an optional suffix.
  case size
  /// A JSON size: bytes.
  case bytes
  case onOff
  case trueFalse
  case number(limit: UInt64)
  case idOrRange(limit: Int)
  case id(limit: Int)
  case idList
  case choice([String])
  case oneLineName
  case uuid
  case machineType
  case unusedId
  case cacheLevel
  case fileBackend(model: String)
}

/// Why `-smp` does not add up; `Messages.qemuSMPInvalid` words it.
enum QEMUSMPProblem: Sendable, Equatable {
  case product(sockets: Int, dies: Int, clusters: Int, cores: Int, threads: Int, maxcpus: Int)
  case cpusAboveMaximum(cpus: Int, maxcpus: Int)
  case clustersUnsupported
}

/// HMAT QEMU refuses; `Messages.qemuHMATInvalid` words it.
enum QEMUHMATProblem: Sendable, Equatable {
  case initiatorWithoutCPUs(Int)
  case valueKind(given: String, dataType: String, needed: String)
  case figureTwice(valueKey: String, initiator: Int, target: Int, hierarchy: String, dataType: String)
  case cacheLevelTwice(node: Int, level: Int)
  case bandwidthNotMiB(bytes: UInt64, initiator: Int, target: Int)
  case cacheBeforeFigures(node: Int)
  case cacheLevelMissing(node: Int, level: Int)
  case cacheSizeOrder(level: Int, bytes: UInt64, other: Int, otherBytes: UInt64)
  case initiatorMissing(node: Int)
  case initiatorNotACPUNode(initiator: Int, node: Int)
}

/// What is read but cannot be said in domain XML as given; `Messages.qemuNotConverted` words it.
enum QEMUNotConverted: Sendable, Equatable {
  case clusters(Int)
  case backendType(String)
  case cacheSizeNotKiB(bytes: UInt64, kib: UInt64)
  case defaultSizeHugePages(nodes: [Int])
  case hostNodesWithoutPolicy(CPUSet)
}

/// A memory backend object (`-object memory-backend-ram|file|memfd`).
private struct QEMUBackend {
  var id: String
  var type: String
  var bytes: UInt64
  var share: Bool?
  var hostNodes: CPUSet?
  var policy: String?
  var memPath: String?
  var discard: Bool?
  /// Whether it is backed by huge pages, and their size in KiB when the command line says it.
  var hugepages = false
  var hugePageKiB: UInt64?
  var position: SourcePosition
  /// What uses it already (`node 0`, `device dimm0`).
  var user: QEMUBackendUser?
}

/// One `-numa node`.
private struct QEMUNode {
  var id: Int
  var cpus = CPUSet()
  var bytes: UInt64 = 0
  var backend: String?
  var initiator: Int?
  var initiatorPosition = SourcePosition.unknown
  var position: SourcePosition
}

/// A `-device` memory device.
private struct QEMUMemoryDevice {
  var model: String
  var backend: String
  var node: Int?
  var requestedBytes: UInt64?
  var blockBytes: UInt64?
  var labelBytes: UInt64?
  var position: SourcePosition
  var nodePosition: SourcePosition
}

/// A `pxb`/`pxb-pcie` with its `numa_node`.
private struct QEMUExpander {
  var pcie: Bool
  var index: Int?
  var busNumber: UInt64?
  var node: Int?
  var position: SourcePosition
}

/// `-smp` as QEMU completes it.
private struct QEMUSMP {
  var cpus: Int = 1
  var maxcpus: Int = 1
  var sockets: Int?
  var dies: Int?
  var clusters: Int?
  var cores: Int?
  var threads: Int?
  /// Whether the command line gave any of sockets, dies, clusters, cores, threads.
  var hasTopology = false
  var position = SourcePosition.unknown

  /// The socket, die, cluster, core and thread ids of CPU `index`, in that order (QEMU's x86
  /// order: threads vary fastest).
  func ids(of index: Int) -> [Int] {
    let threads = max(self.threads ?? 1, 1)
    let cores = max(self.cores ?? 1, 1)
    let clusters = max(self.clusters ?? 1, 1)
    let dies = max(self.dies ?? 1, 1)
    return [
      index / (threads * cores * clusters * dies), (index / (threads * cores * clusters)) % dies,
      (index / (threads * cores)) % clusters, (index / threads) % cores, index % threads,
    ]
  }

  /// The product of `factors`, `Int.max` when it would overflow.
  static func product(_ factors: Int...) -> Int {
    var result = 1
    for factor in factors {
      let (next, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return Int.max }
      result = next
    }
    return result
  }
}

/// The most NUMA nodes QEMU takes (`MAX_NODES`).
private let maximumNodes = 128

private struct QEMUConversion {
  let invocation: QEMUInvocation
  let file: String
  var diagnostics: [Diagnostic] = []

  var name: String?
  var uuid: String?
  var machine: String?
  var hmat = false
  var kvm = false
  var ramBytes: UInt64?
  var ramPosition = SourcePosition.unknown
  var slots: UInt64?
  var maxmemBytes: UInt64?
  var smp = QEMUSMP()
  var backendOrder: [String] = []
  var backends: [String: QEMUBackend] = [:]
  var nodes: [QEMUNode] = []
  var distances: [Int: [Int: Int]] = [:]
  var firstDistancePosition: SourcePosition?
  var usesMem = false
  var usesMemdev = false
  var interconnects: [Interconnect] = []
  var caches: [Int: [CellCache]] = [:]
  /// The size in bytes of each node's cache levels, as QEMU compares them.
  var cacheBytes: [Int: [Int: UInt64]] = [:]
  /// Which kinds of HMAT figure (non-zero) each target node has, which a cache needs first.
  var lbInformation: [Int: Set<Interconnect.Kind>] = [:]
  var memoryDevices: [QEMUMemoryDevice] = []
  var expanders: [QEMUExpander] = []

  init(invocation: QEMUInvocation, file: String) {
    self.invocation = invocation
    self.file = file
  }

  // MARK: Findings

  mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  mutating func invalid(
    _ option: String, _ key: String, _ text: String, expected: QEMUExpectation, at position: SourcePosition
  ) {
    report(
      Messages.qemuValueInvalid(file: file, option: option, key: key, text: text, expected: expected, at: position))
  }

  mutating func missingKey(_ option: String, _ key: String, at position: SourcePosition) {
    report(Messages.qemuKeyMissing(file: file, option: option, key: key, at: position))
  }

  // MARK: Reading properties

  /// The properties of an `-object`/`-device` argument: JSON when it starts with `{`, else
  /// `key=value` with `implied` for the first item.
  mutating func properties(_ option: QEMUInvocation.Option, implied: String?) -> QEMUProperties? {
    guard let argument = option.argument else { return nil }
    if argument.text.first == "{" && (option.name == "object" || option.name == "device") {
      do throws(QEMUJSONFailure) {
        return try QEMUProperties.json(argument)
      } catch {
        report(
          Messages.qemuJSONInvalid(
            file: file, option: option.name, failure: error.problem, at: argument.position(at: error.offset)))
        return nil
      }
    }
    let (properties, emptyKey) = QEMUProperties.keyValues(argument, implied: implied)
    if let emptyKey {
      report(Messages.qemuEmptyKey(file: file, option: option.name, at: argument.position(at: emptyKey)))
      return nil
    }
    return properties
  }

  mutating func string(_ properties: QEMUProperties, _ key: String, option: String) -> String? {
    switch properties.value(key) {
    case nil: return nil
    case .text(let text), .json(.string(let text)): return text
    case .json(let other):
      invalid(option, key, Self.shown(other), expected: .string, at: properties.position(of: key))
      return nil
    }
  }

  /// An unsigned number no larger than `limit`: decimal, `0x` hex or `0` octal, as QEMU's
  /// options read it (`qemu_strtou64`, base 0); a JSON integer.
  mutating func number(_ properties: QEMUProperties, _ key: String, option: String, limit: UInt64 = UInt64.max)
    -> UInt64?
  {
    guard let value = properties.value(key) else { return nil }
    let parsed: UInt64?
    let shown: String
    switch value {
    case .text(let text):
      parsed = Self.unsigned(text)
      shown = text
    case .json(.number(let text)):
      parsed = UInt64(text)
      shown = text
    case .json(let other):
      parsed = nil
      shown = Self.shown(other)
    }
    guard let parsed, parsed <= limit else {
      invalid(option, key, shown, expected: .number(limit: limit), at: properties.position(of: key))
      return nil
    }
    return parsed
  }

  /// A size in bytes: a number with an optional suffix (B, K, M, G, T, P, E), without one in
  /// `defaultUnit`; a JSON integer is bytes.
  mutating func size(_ properties: QEMUProperties, _ key: String, option: String, defaultUnit: UInt64 = 1) -> UInt64? {
    guard let value = properties.value(key) else { return nil }
    switch value {
    case .text(let text):
      if let bytes = Self.size(text, defaultUnit: defaultUnit) { return bytes }
      invalid(
        option, key, text, expected: .size,
        at: properties.position(of: key))
    case .json(.number(let text)):
      if let bytes = UInt64(text) { return bytes }
      invalid(option, key, text, expected: .bytes, at: properties.position(of: key))
    case .json(let other):
      invalid(option, key, Self.shown(other), expected: .bytes, at: properties.position(of: key))
    }
    return nil
  }

  mutating func bool(_ properties: QEMUProperties, _ key: String, option: String) -> Bool? {
    guard let value = properties.value(key) else { return nil }
    switch value {
    case .text(let text):
      if ["on", "yes", "true", "y"].contains(text) { return true }
      if ["off", "no", "false", "n"].contains(text) { return false }
      invalid(option, key, text, expected: .onOff, at: properties.position(of: key))
    case .json(.bool(let flag)): return flag
    case .json(let other):
      invalid(option, key, Self.shown(other), expected: .trueFalse, at: properties.position(of: key))
    }
    return nil
  }

  /// A list of ids below `limit`: each occurrence of `key` one id or a range `a-b`
  /// (QEMU's options visitor), or one JSON array of numbers.
  mutating func idList(_ properties: QEMUProperties, _ key: String, option: String, limit: Int) -> CPUSet? {
    let occurrences = properties.values(key)
    guard !occurrences.isEmpty else { return nil }
    var ranges: [ClosedRange<Int>] = []
    for (value, offset) in occurrences {
      let position = properties.position(atOffset: offset)
      switch value {
      case .text(let text):
        let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map {
          Self.unsigned(String($0))
        }
        guard bounds.allSatisfy({ $0 != nil }), let lower = bounds.first ?? nil, let upper = bounds.last ?? nil,
          lower <= upper, upper < UInt64(limit)
        else {
          invalid(option, key, text, expected: .idOrRange(limit: limit), at: position)
          return nil
        }
        ranges.append(Int(lower)...Int(upper))
      case .json(.array(let items)):
        for item in items {
          guard case .number(let text) = item, let id = UInt64(text), id < UInt64(limit) else {
            invalid(option, key, Self.shown(item), expected: .id(limit: limit), at: position)
            return nil
          }
          ranges.append(Int(id)...Int(id))
        }
      case .json(let other):
        invalid(option, key, Self.shown(other), expected: .idList, at: position)
        return nil
      }
    }
    return CPUSet(ranges: ranges)
  }

  /// One of `choices`.
  mutating func choice(_ properties: QEMUProperties, _ key: String, option: String, _ choices: [String]) -> String? {
    guard let text = string(properties, key, option: option) else { return nil }
    guard choices.contains(text) else {
      invalid(option, key, text, expected: .choice(choices), at: properties.position(of: key))
      return nil
    }
    return text
  }

  /// Reports each key of `properties` that `option` does not take (QEMU refuses them).
  mutating func refuseUnknownKeys(_ properties: QEMUProperties, option: String, accepted: [String]) -> Bool {
    var clean = true
    for entry in properties.entries where !accepted.contains(entry.key) {
      report(
        Messages.qemuKeyUnknown(
          file: file, option: option, key: entry.key, accepted: accepted,
          at: properties.position(atOffset: entry.offset)))
      clean = false
    }
    return clean
  }

  static func shown(_ json: QEMUJSON) -> String {
    switch json {
    case .object: return "an object"
    case .array: return "a list"
    case .string(let text): return text
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    }
  }

  /// `qemu_strtou64(text, NULL, 0)` over the whole text: `0x` hex, `0` octal, else decimal.
  static func unsigned(_ text: String) -> UInt64? {
    let lower = text.lowercased()
    if lower.hasPrefix("0x") {
      let digits = lower.dropFirst(2)
      return digits.isEmpty ? nil : UInt64(digits, radix: 16)
    }
    guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    if text.count > 1 && text.hasPrefix("0") { return UInt64(text.dropFirst(), radix: 8) }
    return UInt64(text)
  }

  /// `qemu_strtosz`: a decimal number (a fraction allowed) or `0x` hex, then at most one
  /// suffix letter B, K, M, G, T, P or E (any case); without one the number is in `defaultUnit`.
  static func size(_ text: String, defaultUnit: UInt64) -> UInt64? {
    var body = Substring(text)
    var unit = defaultUnit
    if let last = body.last, last.isLetter, !(body.lowercased().hasPrefix("0x") && last.isHexDigit) {
      let units: [Character: UInt64] = [
        "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50, "e": 1 << 60,
      ]
      guard let value = units[Character(last.lowercased())] else { return nil }
      unit = value
      body = body.dropLast()
    }
    if body.lowercased().hasPrefix("0x") {
      guard let value = UInt64(body.dropFirst(2), radix: 16) else { return nil }
      let (bytes, overflow) = value.multipliedReportingOverflow(by: unit)
      return overflow ? nil : bytes
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, !whole.isEmpty, whole.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
      let integer = UInt64(whole)
    else { return nil }
    let (bytes, overflow) = integer.multipliedReportingOverflow(by: unit)
    guard !overflow else { return nil }
    guard parts.count == 2 else { return bytes }
    let fraction = parts[1]
    guard !fraction.isEmpty, fraction.count <= 18, fraction.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
      let digits = UInt64(fraction)
    else { return nil }
    // The fraction of a unit, rounded down as QEMU does.
    var scale: UInt64 = 1
    for _ in 0..<fraction.count { scale *= 10 }
    let part = Double(digits) / Double(scale) * Double(unit)
    let (sum, over) = bytes.addingReportingOverflow(UInt64(part))
    return over ? nil : sum
  }

  // MARK: The run

  mutating func run() -> String? {
    var numaOptions: [QEMUInvocation.Option] = []
    var deviceOptions: [QEMUInvocation.Option] = []
    for option in invocation.options {
      if option.name.contains("=") {
        report(Messages.qemuOptionWithEquals(file: file, word: option.word.text, at: option.word.position))
        continue
      }
      switch option.name {
      case "name": readName(option)
      case "uuid": readUUID(option)
      case "machine", "M": readMachine(option)
      case "accel": readAccel(option)
      case "enable-kvm": kvm = true
      case "m": readMemory(option)
      case "smp": readSMP(option)
      case "object": readObject(option)
      case "numa": numaOptions.append(option)
      case "device": deviceOptions.append(option)
      default: continue
      }
    }
    completeSMP()
    // Like QEMU, which stops at its first error, each step runs only on what the steps before it
    // read without one: a refused backend or node would otherwise be reported again by every
    // check that counts it.
    guard !hasErrors else { return nil }
    for option in numaOptions {
      readNUMA(option)
      guard !hasErrors else { return nil }
    }
    checkNodes()
    guard !hasErrors else { return nil }
    for option in deviceOptions { readDevice(option) }
    checkHMAT()
    return hasErrors ? nil : domainXML()
  }

  // MARK: Guest identity

  mutating func readName(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "guest"), let text = string(properties, "guest", option: "-name")
    else { return }
    let position = properties.position(of: "guest")
    if text.isEmpty || text.unicodeScalars.contains(where: { !XMLText.isXMLCharacter($0) || $0 == "\n" || $0 == "\r" })
    {
      invalid("-name", "guest", text, expected: .oneLineName, at: position)
      return
    }
    name = text
  }

  mutating func readUUID(_ option: QEMUInvocation.Option) {
    guard let argument = option.argument else { return }
    let bytes = Array(argument.text.utf8)
    let dashes: Set<Int> = [8, 13, 18, 23]
    let isHex = { (byte: UInt8) in
      (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
    guard bytes.count == 36,
      bytes.indices.allSatisfy({ dashes.contains($0) ? bytes[$0] == UInt8(ascii: "-") : isHex(bytes[$0]) })
    else {
      invalid("-uuid", "uuid", argument.text, expected: .uuid, at: argument.position)
      return
    }
    uuid = argument.text.lowercased()
  }

  mutating func readMachine(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "type") else { return }
    if let type = string(properties, "type", option: "-machine") {
      if type.isEmpty || type.unicodeScalars.contains(where: { !XMLText.isXMLCharacter($0) || $0 == "\n" }) {
        invalid("-machine", "type", type, expected: .machineType, at: properties.position(of: "type"))
      } else if type != "help" && type != "?" {
        machine = type
      }
    }
    if let flag = bool(properties, "hmat", option: "-machine") { hmat = flag }
    if let accel = string(properties, "accel", option: "-machine"), accel.split(separator: ":").contains("kvm") {
      kvm = true
    }
  }

  mutating func readAccel(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "accel") else { return }
    if string(properties, "accel", option: "-accel") == "kvm" { kvm = true }
  }

  // MARK: -m and -smp

  mutating func readMemory(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "size") else { return }
    guard refuseUnknownKeys(properties, option: "-m", accepted: ["size", "slots", "maxmem"]) else { return }
    ramPosition = properties.position(of: "size")
    if let bytes = size(properties, "size", option: "-m", defaultUnit: 1 << 20) {
      // QEMU rounds the RAM size up to 8 KiB.
      ramBytes = (bytes &+ 8191) / 8192 * 8192
      if bytes > UInt64.max - 8191 { ramBytes = nil }
    }
    slots = number(properties, "slots", option: "-m", limit: 256)
    maxmemBytes = size(properties, "maxmem", option: "-m")
    if let slots, slots > 0, maxmemBytes == nil {
      missingKey("-m", "maxmem", at: properties.position(of: "slots"))
    }
  }

  mutating func readSMP(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "cpus") else { return }
    let keys = ["cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads"]
    guard refuseUnknownKeys(properties, option: "-smp", accepted: keys) else { return }
    smp.position = option.argument?.position ?? option.word.position
    var values: [String: Int] = [:]
    for key in keys {
      guard let value = number(properties, key, option: "-smp", limit: UInt64(CPUSet.domainLimit)) else { continue }
      if value > 0 { values[key] = Int(value) }
    }
    smp.cpus = values["cpus"] ?? 0
    smp.maxcpus = values["maxcpus"] ?? 0
    smp.sockets = values["sockets"]
    smp.dies = values["dies"]
    smp.clusters = values["clusters"]
    smp.cores = values["cores"]
    smp.threads = values["threads"]
    smp.hasTopology = ["sockets", "dies", "clusters", "cores", "threads"].contains { values[$0] != nil }
  }

  /// QEMU 7.2's `machine_parse_smp_config`: with neither cpus nor maxcpus the missing members
  /// are 1; else maxcpus defaults to cpus and the one missing member is what is left of it
  /// (cores first on current machine types, sockets first on those before 6.2), threads last;
  /// then the product must be maxcpus, and cpus at most maxcpus.
  mutating func completeSMP() {
    let dies = smp.dies ?? 1
    let clusters = smp.clusters ?? 1
    var sockets = smp.sockets ?? 0
    var cores = smp.cores ?? 0
    var threads = smp.threads ?? 0
    var maxcpus = smp.maxcpus
    if smp.cpus == 0 && maxcpus == 0 {
      sockets = max(sockets, 1)
      cores = max(cores, 1)
      threads = max(threads, 1)
    } else {
      maxcpus = maxcpus > 0 ? maxcpus : smp.cpus
      if prefersSockets {
        if sockets == 0 {
          cores = max(cores, 1)
          threads = max(threads, 1)
          sockets = maxcpus / QEMUSMP.product(dies, clusters, cores, threads)
        } else if cores == 0 {
          threads = max(threads, 1)
          cores = maxcpus / QEMUSMP.product(sockets, dies, clusters, threads)
        }
      } else {
        if cores == 0 {
          sockets = max(sockets, 1)
          threads = max(threads, 1)
          cores = maxcpus / QEMUSMP.product(sockets, dies, clusters, threads)
        } else if sockets == 0 {
          threads = max(threads, 1)
          sockets = maxcpus / QEMUSMP.product(dies, clusters, cores, threads)
        }
      }
      if threads == 0 { threads = maxcpus / max(1, QEMUSMP.product(sockets, dies, clusters, cores)) }
    }
    let product = QEMUSMP.product(sockets, dies, clusters, cores, threads)
    smp.maxcpus = maxcpus > 0 ? maxcpus : product
    smp.cpus = smp.cpus > 0 ? smp.cpus : smp.maxcpus
    smp.sockets = sockets
    smp.cores = cores
    smp.threads = threads
    if product != smp.maxcpus || product == 0 {
      report(
        Messages.qemuSMPInvalid(
          file: file,
          .product(
            sockets: sockets, dies: dies, clusters: clusters, cores: cores, threads: threads, maxcpus: smp.maxcpus),
          at: smp.position))
      smp.maxcpus = max(smp.maxcpus, 1)
    } else if smp.cpus > smp.maxcpus {
      report(
        Messages.qemuSMPInvalid(file: file, .cpusAboveMaximum(cpus: smp.cpus, maxcpus: smp.maxcpus), at: smp.position))
    }
    if clusters > 1 {
      // QEMU's x86 machines have no clusters; elsewhere libvirt (9.0) cannot say them, and the
      // domain counts them in its cores.
      if invocation.architecture.map({ ["x86_64", "i386"].contains($0) }) ?? true {
        report(Messages.qemuSMPInvalid(file: file, .clustersUnsupported, at: smp.position))
      } else {
        report(Messages.qemuNotConverted(file: file, .clusters(clusters), at: smp.position))
      }
    }
  }

  /// Whether the machine type fills in a missing topology member with sockets first: the
  /// versioned pc machine types before 6.2.
  var prefersSockets: Bool {
    guard let machine else { return false }
    for prefix in ["pc-i440fx-", "pc-q35-"] where machine.hasPrefix(prefix) {
      let version = machine.dropFirst(prefix.count).split(separator: ".").compactMap { Int($0) }
      guard version.count >= 2 else { return false }
      return version[0] < 6 || (version[0] == 6 && version[1] < 2)
    }
    return false
  }

  // MARK: -object

  mutating func readObject(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "qom-type"),
      let type = string(properties, "qom-type", option: "-object"), type.hasPrefix("memory-backend-")
    else { return }
    let name = "-object " + type
    guard ["memory-backend-ram", "memory-backend-file", "memory-backend-memfd"].contains(type) else {
      report(
        Messages.qemuNotConverted(file: file, .backendType(type), at: properties.position(of: "qom-type")))
      return
    }
    guard let id = string(properties, "id", option: name) else {
      missingKey(name, "id", at: properties.word.position)
      return
    }
    if backends[id] != nil {
      invalid(name, "id", id, expected: .unusedId, at: properties.position(of: "id"))
      return
    }
    guard let bytes = size(properties, "size", option: name) else {
      if !properties.has("size") { missingKey(name, "size", at: properties.word.position) }
      return
    }
    var backend = QEMUBackend(id: id, type: type, bytes: bytes, position: properties.position(of: "id"))
    backend.share = bool(properties, "share", option: name)
    backend.hostNodes = idList(properties, "host-nodes", option: name, limit: 1024)
    backend.policy = choice(properties, "policy", option: name, ["default", "preferred", "bind", "interleave"])
    backend.discard = bool(properties, "discard-data", option: name)
    if type == "memory-backend-file" {
      guard let path = string(properties, "mem-path", option: name) else {
        missingKey(name, "mem-path", at: properties.word.position)
        return
      }
      backend.memPath = path
      (backend.hugepages, backend.hugePageKiB) = Self.hugePages(inPath: path)
    }
    if type == "memory-backend-memfd", bool(properties, "hugetlb", option: name) == true {
      backend.hugepages = true
      backend.hugePageKiB = size(properties, "hugetlbsize", option: name).map { $0 / 1024 }
      if backend.hugePageKiB == 0 { backend.hugePageKiB = nil }
    }
    backendOrder.append(id)
    backends[id] = backend
  }

  /// Whether a mem-path is on a hugetlbfs mount, and its page size when the path says it as
  /// libvirt names its mounts (`/dev/hugepages2M`, `/dev/hugepages1G`); `/dev/hugepages` and
  /// any other folder named `hugepages…`/`hugetlbfs…` is huge pages of the default size.
  /// The kernel's default huge page size on x86-64, in KiB.
  static let defaultHugePageKiB: UInt64 = 2048

  static func hugePages(inPath path: String) -> (Bool, UInt64?) {
    for component in path.split(separator: "/") {
      let lower = component.lowercased()
      for prefix in ["hugepages", "hugetlbfs"] where lower.hasPrefix(prefix) {
        let rest = lower.dropFirst(prefix.count).replacing("-", with: "")
        if rest.isEmpty { return (true, nil) }
        let units: [Character: UInt64] = ["k": 1, "m": 1024, "g": 1024 * 1024]
        var digits = Substring(rest)
        if digits.hasSuffix("b") { digits = digits.dropLast() }
        if let unit = digits.last.flatMap({ units[$0] }), let value = UInt64(digits.dropLast()), value > 0 {
          let (kib, overflow) = value.multipliedReportingOverflow(by: unit)
          return (true, overflow ? nil : kib)
        }
      }
    }
    return (false, nil)
  }

  // MARK: -numa

  mutating func readNUMA(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "type"), let type = string(properties, "type", option: "-numa")
    else { return }
    switch type {
    case "node": readNode(properties)
    case "dist": readDistance(properties)
    case "cpu": readCPU(properties)
    case "hmat-lb": readHMATLB(properties)
    case "hmat-cache": readHMATCache(properties)
    default:
      report(Messages.qemuNUMATypeUnknown(file: file, type: type, at: properties.position(of: "type")))
    }
  }

  func nodeIndex(_ id: Int) -> Int? { nodes.firstIndex { $0.id == id } }

  mutating func readNode(_ properties: QEMUProperties) {
    let option = "-numa node"
    guard
      refuseUnknownKeys(properties, option: option, accepted: ["type", "nodeid", "cpus", "mem", "memdev", "initiator"])
    else { return }
    let position = properties.word.position
    let requested = number(properties, "nodeid", option: option, limit: UInt64(UInt16.max))
    if properties.has("nodeid") && requested == nil { return }
    let id = requested.map(Int.init) ?? nodes.count
    let idPosition = properties.has("nodeid") ? properties.position(of: "nodeid") : position
    if id >= maximumNodes || nodes.count >= maximumNodes {
      report(Messages.qemuNodeIdOutOfRange(file: file, id: id, limit: maximumNodes, at: idPosition))
      return
    }
    if nodeIndex(id) != nil {
      report(Messages.qemuNodeIdDuplicate(file: file, id: id, at: idPosition))
      return
    }
    var node = QEMUNode(id: id, position: position)
    if properties.has("cpus") {
      guard let cpus = idList(properties, "cpus", option: option, limit: Int(UInt16.max) + 1) else { return }
      if let highest = cpus.max, highest >= smp.maxcpus {
        report(
          Messages.qemuCPUIndexOutOfRange(
            file: file, cpu: highest, maxcpus: smp.maxcpus, at: properties.position(of: "cpus")))
        return
      }
      for other in nodes where other.cpus.overlaps(cpus) {
        report(
          Messages.qemuCPUsOverlap(
            file: file, node: id, other: other.id, cpus: cpus.intersection(other.cpus),
            at: properties.position(of: "cpus")))
        return
      }
      node.cpus = cpus
    }
    let hasMem = properties.has("mem")
    let hasMemdev = properties.has("memdev")
    if (hasMem && (hasMemdev || usesMemdev)) || (hasMemdev && usesMem) {
      report(Messages.qemuMemAndMemdev(file: file, at: properties.position(of: hasMem ? "mem" : "memdev")))
      return
    }
    if hasMem {
      usesMem = true
      guard let bytes = size(properties, "mem", option: option, defaultUnit: 1 << 20) else { return }
      node.bytes = bytes
    }
    if hasMemdev, let memdev = string(properties, "memdev", option: option) {
      usesMemdev = true
      let at = properties.position(of: "memdev")
      guard var backend = backends[memdev] else {
        report(Messages.qemuMemdevUnknown(file: file, memdev: memdev, at: at))
        return
      }
      if let user = backend.user {
        report(Messages.qemuMemdevReused(file: file, memdev: memdev, user: user, at: at))
        return
      }
      backend.user = .node(node.id)
      backends[memdev] = backend
      node.bytes = backend.bytes
      node.backend = memdev
    }
    if properties.has("initiator") {
      guard let initiator = number(properties, "initiator", option: option, limit: UInt64(UInt16.max)) else { return }
      node.initiator = Int(initiator)
      node.initiatorPosition = properties.position(of: "initiator")
      if !hmat {
        report(Messages.qemuHMATDisabled(file: file, at: node.initiatorPosition))
      }
    }
    nodes.append(node)
  }

  mutating func readDistance(_ properties: QEMUProperties) {
    let option = "-numa dist"
    guard refuseUnknownKeys(properties, option: option, accepted: ["type", "src", "dst", "val"]) else { return }
    var values: [String: Int] = [:]
    for key in ["src", "dst", "val"] {
      guard properties.has(key) else {
        missingKey(option, key, at: properties.word.position)
        return
      }
      let limit: UInt64 = key == "val" ? UInt64(UInt8.max) : UInt64(UInt16.max)
      guard let value = number(properties, key, option: option, limit: limit) else { return }
      values[key] = Int(value)
    }
    let (src, dst, val) = (values["src"] ?? 0, values["dst"] ?? 0, values["val"] ?? 0)
    for (key, id) in [("src", src), ("dst", dst)] where nodeIndex(id) == nil {
      report(Messages.qemuNodeUnknown(file: file, option: option, key: key, id: id, at: properties.position(of: key)))
      return
    }
    let at = properties.position(of: "val")
    if val < 10 {
      report(Messages.qemuDistanceOutOfRange(file: file, value: val, at: at))
      return
    }
    if src == dst && val != 10 {
      report(Messages.qemuDistanceLocalNot10(file: file, node: src, value: val, at: at))
      return
    }
    distances[src, default: [:]][dst] = val
    if firstDistancePosition == nil { firstDistancePosition = properties.word.position }
  }

  /// `-numa cpu,node-id=N[,socket-id=…][,die-id=…][,core-id=…][,thread-id=…]`: every CPU whose
  /// ids match goes to node N.
  mutating func readCPU(_ properties: QEMUProperties) {
    let option = "-numa cpu"
    let idKeys = ["socket-id", "die-id", "cluster-id", "core-id", "thread-id"]
    guard refuseUnknownKeys(properties, option: option, accepted: ["type", "node-id"] + idKeys) else { return }
    guard properties.has("node-id") else {
      missingKey(option, "node-id", at: properties.word.position)
      return
    }
    guard let nodeId = number(properties, "node-id", option: option, limit: UInt64(UInt16.max)) else { return }
    guard let index = nodeIndex(Int(nodeId)) else {
      report(
        Messages.qemuNodeUnknown(
          file: file, option: option, key: "node-id", id: Int(nodeId), at: properties.position(of: "node-id")))
      return
    }
    var wanted: [Int?] = []
    for key in idKeys {
      guard properties.has(key) else {
        wanted.append(nil)
        continue
      }
      guard let value = number(properties, key, option: option, limit: UInt64(CPUSet.domainLimit)) else { return }
      wanted.append(Int(value))
    }
    let matching = (0..<smp.maxcpus).filter { cpu in
      zip(smp.ids(of: cpu), wanted).allSatisfy { id, value in value.map { $0 == id } ?? true }
    }
    let cpus = CPUSet(matching)
    for other in nodes where other.id != Int(nodeId) && other.cpus.overlaps(cpus) {
      report(
        Messages.qemuCPUsOverlap(
          file: file, node: Int(nodeId), other: other.id, cpus: cpus.intersection(other.cpus),
          at: properties.word.position))
      return
    }
    nodes[index].cpus = nodes[index].cpus.union(cpus)
  }

  static let hierarchies = ["memory", "first-level", "second-level", "third-level"]
  static let dataTypes = [
    "access-latency", "read-latency", "write-latency", "access-bandwidth", "read-bandwidth", "write-bandwidth",
  ]

  mutating func readHMATLB(_ properties: QEMUProperties) {
    let option = "-numa hmat-lb"
    let keys = ["type", "initiator", "target", "hierarchy", "data-type", "latency", "bandwidth"]
    guard refuseUnknownKeys(properties, option: option, accepted: keys) else { return }
    if !hmat {
      report(Messages.qemuHMATDisabled(file: file, at: properties.word.position))
      return
    }
    for key in ["initiator", "target", "hierarchy", "data-type"] where !properties.has(key) {
      missingKey(option, key, at: properties.word.position)
      return
    }
    guard let initiator = number(properties, "initiator", option: option, limit: UInt64(UInt16.max)),
      let target = number(properties, "target", option: option, limit: UInt64(UInt16.max)),
      let hierarchy = choice(properties, "hierarchy", option: option, Self.hierarchies),
      let dataType = choice(properties, "data-type", option: option, Self.dataTypes)
    else { return }
    for (key, id) in [("initiator", Int(initiator)), ("target", Int(target))] where nodeIndex(id) == nil {
      report(Messages.qemuNodeUnknown(file: file, option: option, key: key, id: id, at: properties.position(of: key)))
      return
    }
    if let index = nodeIndex(Int(initiator)), nodes[index].cpus.isEmpty {
      report(
        Messages.qemuHMATInvalid(
          file: file, .initiatorWithoutCPUs(Int(initiator)), at: properties.position(of: "initiator")))
      return
    }
    let isLatency = dataType.hasSuffix("latency")
    let valueKey = isLatency ? "latency" : "bandwidth"
    let otherKey = isLatency ? "bandwidth" : "latency"
    if properties.has(otherKey) {
      report(
        Messages.qemuHMATInvalid(
          file: file, .valueKind(given: otherKey, dataType: dataType, needed: valueKey),
          at: properties.position(of: otherKey)))
      return
    }
    guard properties.has(valueKey) else {
      missingKey(option, valueKey, at: properties.word.position)
      return
    }
    let value: UInt64
    if isLatency {
      guard let latency = number(properties, valueKey, option: option) else { return }
      value = latency
    } else {
      guard let bytes = size(properties, valueKey, option: option) else { return }
      // QEMU takes whole MiB/s only; libvirt gives bandwidths in KiB/s.
      guard bytes % (1 << 20) == 0 else {
        report(
          Messages.qemuHMATInvalid(
            file: file, .bandwidthNotMiB(bytes: bytes, initiator: Int(initiator), target: Int(target)),
            at: properties.position(of: valueKey)))
        return
      }
      value = bytes / 1024
    }
    let figure = Interconnect(
      kind: isLatency ? .latency : .bandwidth, initiator: Int(initiator), target: Int(target),
      cache: Self.hierarchies.firstIndex(of: hierarchy) ?? 0, type: String(dataType.split(separator: "-")[0]),
      value: value)
    if interconnects.contains(where: { $0.identity == figure.identity }) {
      report(
        Messages.qemuHMATInvalid(
          file: file,
          .figureTwice(
            valueKey: valueKey, initiator: Int(initiator), target: Int(target), hierarchy: hierarchy, dataType: dataType
          ),
          at: properties.word.position))
      return
    }
    interconnects.append(figure)
    // A non-zero figure is what QEMU counts as the target's latency or bandwidth information.
    if value > 0 { lbInformation[Int(target), default: []].insert(figure.kind) }
  }

  mutating func readHMATCache(_ properties: QEMUProperties) {
    let option = "-numa hmat-cache"
    let keys = ["type", "node-id", "size", "level", "associativity", "policy", "line"]
    guard refuseUnknownKeys(properties, option: option, accepted: keys) else { return }
    if !hmat {
      report(Messages.qemuHMATDisabled(file: file, at: properties.word.position))
      return
    }
    for key in keys.dropFirst() where !properties.has(key) {
      missingKey(option, key, at: properties.word.position)
      return
    }
    guard let nodeNumber = number(properties, "node-id", option: option, limit: UInt64(UInt16.max)),
      let bytes = size(properties, "size", option: option),
      let levelNumber = number(properties, "level", option: option, limit: 3),
      let associativity = choice(properties, "associativity", option: option, ["none", "direct", "complex"]),
      let policy = choice(properties, "policy", option: option, ["none", "write-back", "write-through"]),
      let line = number(properties, "line", option: option, limit: UInt64(UInt16.max))
    else { return }
    guard nodeIndex(Int(nodeNumber)) != nil else {
      report(
        Messages.qemuNodeUnknown(
          file: file, option: option, key: "node-id", id: Int(nodeNumber), at: properties.position(of: "node-id")))
      return
    }
    guard levelNumber >= 1 else {
      invalid(option, "level", "0", expected: .cacheLevel, at: properties.position(of: "level"))
      return
    }
    // parse_numa_hmat_cache: the node's latency and bandwidth first, one cache per level, the
    // levels in order, each larger than the level above it.
    let node = Int(nodeNumber)
    let level = Int(levelNumber)
    let sizes = cacheBytes[node] ?? [:]
    let problem: QEMUHMATProblem?
    if lbInformation[node]?.count != 2 {
      problem = .cacheBeforeFigures(node: node)
    } else if sizes[level] != nil {
      problem = .cacheLevelTwice(node: node, level: level)
    } else if level > 1, sizes[level - 1] == nil {
      problem = .cacheLevelMissing(node: node, level: level - 1)
    } else if level > 1, let upper = sizes[level - 1], bytes <= upper {
      problem = .cacheSizeOrder(level: level, bytes: bytes, other: level - 1, otherBytes: upper)
    } else if let lower = sizes[level + 1], bytes >= lower {
      problem = .cacheSizeOrder(level: level, bytes: bytes, other: level + 1, otherBytes: lower)
    } else {
      problem = nil
    }
    if let problem {
      report(Messages.qemuHMATInvalid(file: file, problem, at: properties.word.position))
      return
    }
    cacheBytes[node, default: [:]][level] = bytes
    let kib = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1)
    if bytes % 1024 != 0 {
      report(
        Messages.qemuNotConverted(
          file: file, .cacheSizeNotKiB(bytes: bytes, kib: kib), at: properties.position(of: "size")))
    }
    let cache = CellCache(
      level: level, associativity: associativity == "complex" ? "full" : associativity,
      policy: policy.replacing("-", with: ""), sizeKiB: kib, lineBytes: line)
    caches[node, default: []].append(cache)
  }

  // MARK: After every -numa

  /// QEMU's checks once every `-numa` is read: contiguous node ids, memory that adds up to
  /// `-m`, a distance for every pair, vCPUs in no node (put on node 0, with QEMU's warning).
  mutating func checkNodes() {
    guard !nodes.isEmpty else { return }
    nodes.sort { $0.id < $1.id }
    if let gap = nodes.indices.first(where: { nodes[$0].id != $0 }) {
      let after = nodes.first { $0.id > gap }
      report(Messages.qemuNodeIdMissing(file: file, id: gap, at: after?.position ?? .unknown))
      return
    }
    let total = nodes.reduce(UInt64(0)) { $0 &+ $1.bytes }
    let ram = ramBytes ?? (128 << 20)
    if total != ram {
      report(
        Messages.qemuMemoryMismatch(
          file: file, nodesBytes: total, ramBytes: ram, ramGiven: ramBytes != nil,
          at: ramBytes != nil ? ramPosition : nodes[0].position))
      return
    }
    let assigned = nodes.reduce(CPUSet()) { $0.union($1.cpus) }
    let unassigned = CPUSet(ranges: [0...(smp.maxcpus - 1)]).subtracting(assigned)
    if !unassigned.isEmpty {
      report(Messages.qemuCPUsUnassigned(file: file, cpus: unassigned, at: nodes[0].position))
      nodes[0].cpus = nodes[0].cpus.union(unassigned)
    }
    checkDistances()
  }

  /// `validate_numa_distance`: when any distance is given, every pair needs one direction, and
  /// an asymmetric pair needs every direction of every pair.
  mutating func checkDistances() {
    guard let at = firstDistancePosition else { return }
    let count = nodes.count
    func given(_ from: Int, _ to: Int) -> Int? { distances[from]?[to] }
    var asymmetric = false
    for from in 0..<count {
      for to in from..<count where from != to {
        guard given(from, to) != nil || given(to, from) != nil else {
          report(Messages.qemuDistanceMissing(file: file, from: from, to: to, at: at))
          return
        }
        if let a = given(from, to), let b = given(to, from), a != b { asymmetric = true }
      }
    }
    if asymmetric {
      for from in 0..<count {
        for to in 0..<count where from != to && given(from, to) == nil {
          report(Messages.qemuDistanceAsymmetricIncomplete(file: file, from: from, to: to, at: at))
          return
        }
      }
    }
  }

  /// What `-machine hmat=on` needs: an initiator for every node, each a node with CPUs.
  mutating func checkHMAT() {
    guard hmat, !nodes.isEmpty, !hasErrors else { return }
    for node in nodes {
      guard let initiator = node.initiator else {
        report(
          Messages.qemuHMATInvalid(file: file, .initiatorMissing(node: node.id), at: node.position))
        return
      }
      guard let index = nodeIndex(initiator), !nodes[index].cpus.isEmpty else {
        report(
          Messages.qemuHMATInvalid(
            file: file, .initiatorNotACPUNode(initiator: initiator, node: node.id), at: node.initiatorPosition))
        return
      }
    }
  }

  // MARK: -device

  static let memoryModels = [
    "pc-dimm": "dimm", "nvdimm": "nvdimm", "virtio-mem-pci": "virtio-mem", "virtio-pmem-pci": "virtio-pmem",
  ]

  mutating func readDevice(_ option: QEMUInvocation.Option) {
    guard let properties = properties(option, implied: "driver"),
      let driver = string(properties, "driver", option: "-device")
    else { return }
    let name = "-device " + driver
    if let model = Self.memoryModels[driver] {
      guard let memdev = string(properties, "memdev", option: name) else {
        missingKey(name, "memdev", at: properties.word.position)
        return
      }
      let at = properties.position(of: "memdev")
      guard var backend = backends[memdev] else {
        report(Messages.qemuMemdevUnknown(file: file, memdev: memdev, at: at))
        return
      }
      if let user = backend.user {
        report(Messages.qemuMemdevReused(file: file, memdev: memdev, user: user, at: at))
        return
      }
      let id = string(properties, "id", option: name)
      backend.user = .device(id ?? driver)
      backends[memdev] = backend
      if (model == "nvdimm" || model == "virtio-pmem") && backend.memPath == nil {
        invalid(name, "memdev", memdev, expected: .fileBackend(model: model), at: at)
        return
      }
      var device = QEMUMemoryDevice(
        model: model, backend: memdev, position: properties.word.position, nodePosition: properties.position(of: "node")
      )
      if properties.has("node") {
        guard let node = number(properties, "node", option: name, limit: UInt64(UInt16.max)) else { return }
        if nodes.isEmpty || Int(node) >= nodes.count {
          report(
            Messages.qemuNodeUnknown(
              file: file, option: name, key: "node", id: Int(node), at: properties.position(of: "node")))
          return
        }
        device.node = Int(node)
      } else if !nodes.isEmpty && model != "virtio-pmem" {
        device.node = 0  // QEMU's default
      }
      if model == "virtio-mem" {
        device.requestedBytes = size(properties, "requested-size", option: name) ?? 0
        // QEMU's default block size on x86: the transparent huge page size, 2 MiB.
        device.blockBytes = size(properties, "block-size", option: name) ?? (2 << 20)
      }
      if model == "nvdimm" { device.labelBytes = size(properties, "label-size", option: name) }
      memoryDevices.append(device)
    } else if driver == "pxb" || driver == "pxb-pcie" {
      var expander = QEMUExpander(pcie: driver == "pxb-pcie", position: properties.word.position)
      if let id = string(properties, "id", option: name), id.hasPrefix("pci."), let index = Int(id.dropFirst(4)),
        index > 0,
        index < 256
      {
        expander.index = index
      }
      expander.busNumber = number(properties, "bus_nr", option: name, limit: 254)
      if properties.has("numa_node") {
        guard let node = number(properties, "numa_node", option: name, limit: UInt64(UInt16.max)) else { return }
        guard Int(node) < nodes.count else {
          report(
            Messages.qemuNodeUnknown(
              file: file, option: name, key: "numa_node", id: Int(node), at: properties.position(of: "numa_node")))
          return
        }
        expander.node = Int(node)
      }
      expanders.append(expander)
    }
  }

  // MARK: The domain

  static func kib(_ bytes: UInt64) -> UInt64 { bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1) }

  mutating func domainXML() -> String {
    let backends = self.backends
    let backendOf = { (node: QEMUNode) in node.backend.flatMap { backends[$0] } }
    let cellKiB = nodes.map { Self.kib($0.bytes) }
    // Saturating sums: a total past libvirt's limit is the validator's finding, not a crash.
    let add = { (a: UInt64, b: UInt64) in a.addingReportingOverflow(b).overflow ? UInt64.max : a + b }
    let devicesKiB = memoryDevices.reduce(UInt64(0)) { add($0, Self.kib(backends[$1.backend]?.bytes ?? 0)) }
    let baseKiB = nodes.isEmpty ? Self.kib(ramBytes ?? (128 << 20)) : cellKiB.reduce(0, add)

    var xml = "<domain type='\(kvm ? "kvm" : "qemu")'>\n"
    xml += "  <name>\(XMLText.escaped(name ?? "unnamed"))</name>\n"
    if let uuid { xml += "  <uuid>\(uuid)</uuid>\n" }
    if let maxmemBytes, let slots, slots > 0 {
      xml += "  <maxMemory slots='\(slots)' unit='KiB'>\(Self.kib(maxmemBytes))</maxMemory>\n"
    }
    xml += "  <memory unit='KiB'>\(add(baseKiB, devicesKiB))</memory>\n"
    xml += memoryBacking(backendOf)
    let current = smp.cpus < smp.maxcpus ? " current='\(smp.cpus)'" : ""
    xml += "  <vcpu placement='static'\(current)>\(smp.maxcpus)</vcpu>\n"
    xml += numatune(backendOf)
    let arch = invocation.architecture.map { " arch='\($0)'" } ?? ""
    let machineAttribute = machine.map { " machine='\(XMLText.escaped($0))'" } ?? ""
    xml += "  <os>\n    <type\(arch)\(machineAttribute)>hvm</type>\n  </os>\n"
    if smp.hasTopology || !nodes.isEmpty {
      xml += "  <cpu>\n"
      if smp.hasTopology {
        let dies = smp.dies.map { " dies='\($0)'" } ?? ""
        xml +=
          "    <topology sockets='\(smp.sockets ?? 1)'\(dies) cores='\((smp.cores ?? 1) * (smp.clusters ?? 1))' threads='\(smp.threads ?? 1)'/>\n"
      }
      if !nodes.isEmpty { xml += numa(cellKiB: cellKiB, backendOf) }
      xml += "  </cpu>\n"
    }
    xml += devices()
    xml += "</domain>\n"
    return xml
  }

  func numa(cellKiB: [UInt64], _ backendOf: (QEMUNode) -> QEMUBackend?) -> String {
    var xml = "    <numa>\n"
    let hasDistances = !distances.isEmpty
    for (index, node) in nodes.enumerated() {
      var attributes = "id='\(node.id)'"
      if !node.cpus.isEmpty { attributes += " cpus='\(node.cpus)'" }
      attributes += " memory='\(cellKiB[index])' unit='KiB'"
      if let share = backendOf(node)?.share { attributes += " memAccess='\(share ? "shared" : "private")'" }
      if let discard = backendOf(node)?.discard { attributes += " discard='\(discard ? "yes" : "no")'" }
      let cellCaches = caches[node.id] ?? []
      guard hasDistances || !cellCaches.isEmpty else {
        xml += "      <cell \(attributes)/>\n"
        continue
      }
      xml += "      <cell \(attributes)>\n"
      for cache in cellCaches.sorted(by: { $0.level < $1.level }) {
        xml +=
          "        <cache level='\(cache.level)' associativity='\(cache.associativity)' policy='\(cache.policy)'>\n"
        xml += "          <size value='\(cache.sizeKiB)' unit='KiB'/>\n"
        xml += "          <line value='\(cache.lineBytes)' unit='B'/>\n"
        xml += "        </cache>\n"
      }
      if hasDistances {
        xml += "        <distances>\n"
        for other in nodes {
          // QEMU completes the matrix: 10 on the diagonal, else the reverse direction.
          let value = distances[node.id]?[other.id] ?? distances[other.id]?[node.id] ?? (node.id == other.id ? 10 : 20)
          xml += "          <sibling id='\(other.id)' value='\(value)'/>\n"
        }
        xml += "        </distances>\n"
      }
      xml += "      </cell>\n"
    }
    if !interconnects.isEmpty {
      xml += "      <interconnects>\n"
      for figure in interconnects {
        let cache = figure.cache > 0 ? " cache='\(figure.cache)'" : ""
        let unit = figure.kind == .bandwidth ? " unit='KiB'" : ""
        xml +=
          "        <\(figure.kind.rawValue) initiator='\(figure.initiator)' target='\(figure.target)'\(cache) type='\(figure.type)' value='\(figure.value)'\(unit)/>\n"
      }
      xml += "      </interconnects>\n"
    }
    xml += "    </numa>\n"
    return xml
  }

  /// Huge pages by size for the nodes backed by them; the memfd or file source of the nodes'
  /// memory.
  mutating func memoryBacking(_ backendOf: (QEMUNode) -> QEMUBackend?) -> String {
    var pages: [UInt64: [Int]] = [:]
    var defaultSize: [Int] = []
    for node in nodes {
      guard let backend = backendOf(node), backend.hugepages else { continue }
      if let size = backend.hugePageKiB {
        pages[size, default: []].append(node.id)
      } else {
        defaultSize.append(node.id)
      }
    }
    let types = Set(
      nodes.compactMap { backendOf($0) }.filter { !$0.hugepages || $0.type == "memory-backend-memfd" }.map(\.type))
    // Beside nodes whose page size the path names, the default size (a bare `hugepages`
    // mount, as numaschema's to-qemu mounts 2 MiB pages at /dev/hugepages) is x86-64's 2 MiB.
    if !pages.isEmpty && !defaultSize.isEmpty {
      pages[Self.defaultHugePageKiB, default: []] += defaultSize
      defaultSize = []
    }
    var lines: [String] = []
    if pages.isEmpty && !defaultSize.isEmpty && defaultSize.count == nodes.count {
      lines.append("    <hugepages/>")
    } else {
      if !pages.isEmpty {
        lines.append("    <hugepages>")
        for size in pages.keys.sorted() {
          lines.append("      <page size='\(size)' unit='KiB' nodeset='\(CPUSet(pages[size] ?? []))'/>")
        }
        lines.append("    </hugepages>")
      }
      if !defaultSize.isEmpty, let node = nodes.first(where: { $0.id == defaultSize[0] }) {
        report(
          Messages.qemuNotConverted(
            file: file, .defaultSizeHugePages(nodes: defaultSize),
            at: backendOf(node)?.position ?? node.position))
      }
    }
    if types.contains("memory-backend-memfd") {
      lines.append("    <source type='memfd'/>")
    } else if types.contains("memory-backend-file") {
      lines.append("    <source type='file'/>")
    }
    guard !lines.isEmpty else { return "" }
    return "  <memoryBacking>\n" + lines.joined(separator: "\n") + "\n  </memoryBacking>\n"
  }

  /// A `<memnode>` for each node whose backend binds it to host nodes.
  mutating func numatune(_ backendOf: (QEMUNode) -> QEMUBackend?) -> String {
    var lines: [String] = []
    let modes = ["bind": "strict", "preferred": "preferred", "interleave": "interleave"]
    for node in nodes {
      guard let backend = backendOf(node), let hostNodes = backend.hostNodes else { continue }
      guard let mode = modes[backend.policy ?? "default"] else {
        report(
          Messages.qemuNotConverted(file: file, .hostNodesWithoutPolicy(hostNodes), at: backend.position))
        continue
      }
      lines.append("    <memnode cellid='\(node.id)' mode='\(mode)' nodeset='\(hostNodes)'/>")
    }
    guard !lines.isEmpty else { return "" }
    return "  <numatune>\n" + lines.joined(separator: "\n") + "\n  </numatune>\n"
  }

  func devices() -> String {
    var lines: [String] = []
    for device in memoryDevices {
      guard let backend = backends[device.backend] else { continue }
      let access = backend.share.map { " access='\($0 ? "shared" : "private")'" } ?? ""
      lines.append("    <memory model='\(device.model)'\(access)>")
      if let path = backend.memPath, device.model == "nvdimm" || device.model == "virtio-pmem" {
        lines.append("      <source>")
        lines.append("        <path>\(XMLText.escaped(path))</path>")
        lines.append("      </source>")
      }
      lines.append("      <target>")
      lines.append("        <size unit='KiB'>\(Self.kib(backend.bytes))</size>")
      if let node = device.node { lines.append("        <node>\(node)</node>") }
      if let label = device.labelBytes {
        lines.append("        <label>")
        lines.append("          <size unit='KiB'>\(Self.kib(label))</size>")
        lines.append("        </label>")
      }
      if let block = device.blockBytes { lines.append("        <block unit='KiB'>\(Self.kib(block))</block>") }
      if let requested = device.requestedBytes {
        lines.append("        <requested unit='KiB'>\(Self.kib(requested))</requested>")
      }
      lines.append("      </target>")
      lines.append("    </memory>")
    }
    if !expanders.isEmpty {
      let pcie = machine.map { $0.hasPrefix("q35") || $0.hasPrefix("pc-q35") } ?? false
      lines.append("    <controller type='pci' index='0' model='\(pcie ? "pcie-root" : "pci-root")'/>")
      var used = Set(expanders.compactMap(\.index))
      var next = 1
      for expander in expanders {
        var index = expander.index
        if index == nil {
          while used.contains(next) { next += 1 }
          index = next
          used.insert(next)
        }
        let model = expander.pcie ? "pcie-expander-bus" : "pci-expander-bus"
        lines.append("    <controller type='pci' index='\(index ?? 1)' model='\(model)'>")
        lines.append("      <model name='\(expander.pcie ? "pxb-pcie" : "pxb")'/>")
        let bus = expander.busNumber.map { " busNr='\($0)'" } ?? ""
        if let node = expander.node {
          lines.append("      <target\(bus)>")
          lines.append("        <node>\(node)</node>")
          lines.append("      </target>")
        } else if !bus.isEmpty {
          lines.append("      <target\(bus)/>")
        }
        lines.append("    </controller>")
      }
    }
    guard !lines.isEmpty else { return "" }
    return "  <devices>\n" + lines.joined(separator: "\n") + "\n  </devices>\n"
  }
}
