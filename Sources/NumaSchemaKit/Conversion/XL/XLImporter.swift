/// Turns a parsed xl config into libvirt domain XML, the NUMA-relevant part only, the way
/// libvirt 9.0.0 reads xl configs (`xenParseXL`: `xenParseGeneralMeta`, `xenParseMem`,
/// `xenParseCPU`, `xenParseXLVnuma`), checked against what xl itself refuses.
///
/// - `name` (required), `uuid` (8-4-4-4-12, written lowercase; no uuid is invented);
/// - `type` (`pv`, `pvh`, `hvm`) or else `builder` (`"hvm"` means HVM, anything else PV) →
///   `<os><type>` `xen`, `xenpvh` or `hvm`;
/// - `memory` / `maxmem` in MiB, read as xl reads numbers (decimal, `0x` hex, `0` octal) →
///   `<currentMemory>` / `<memory>` in KiB; with `vnuma` and no `maxmem`, `<memory>` is the sum of
///   the vnodes; a `maxmem` that differs from it is kept, as libvirt keeps it, with a warning
///   that xl refuses such a config (an error under `--strict`);
/// - `vcpus` (default 1) and `maxvcpus` (default `vcpus`) → `<vcpu current='vcpus'>maxvcpus</vcpu>`;
/// - `vnuma` → `<cpu><numa>`: one cell per vnode, `size` MiB → KiB, `vcpus` → `cpus`, and a full
///   `<distances>` row for each vnode that gives `vdistances`.
///
/// Every other key is a warning (`xl-unknown-key`). Any error means no XML.
public enum XLImporter {
  /// The keys that are converted; every other key is reported as not converted.
  public static let convertedKeys = [
    "name", "uuid", "type", "builder", "memory", "maxmem", "vcpus", "maxvcpus", "cpus", "vnuma",
  ]

  /// The memory libvirt gives a guest whose config sets neither `memory` nor `maxmem` (MiB).
  public static let defaultMemoryMiB: UInt64 = 128

  /// Builds the domain XML for `config`; `file` names the config in diagnostics.
  public static func domainXML(from config: XLConfig, file: String) -> (xml: String?, diagnostics: [Diagnostic]) {
    var conversion = XLConversion(config: config, file: file)
    let xml = conversion.run()
    let diagnostics = conversion.diagnostics.inSourceOrder()
    let failed = diagnostics.contains { $0.severity == .error }
    return (failed ? nil : xml, diagnostics)
  }
}

/// Why a top-level value cannot be converted; `Messages.xlValueInvalid` words it.
enum XLValueProblem: Sendable, Equatable {
  case list
  case appendedNumber
  case notANumber(String)
  case negative(String)
  case tooLarge(String, limit: UInt64)
  case zero
  case empty
  case multiline
  case notXMLText(UInt32)
  case uuidForm(String)
  case unsupportedType(String)
  case vcpusAboveMaximum(vcpus: UInt64, maxvcpus: UInt64)
  case cpuset(String)
}

/// Why a vnuma list or one of its entries has the wrong shape; `Messages.xlVNUMAFormat` words it.
enum XLVNUMAFormatProblem: Sendable, Equatable {
  case notAList
  case empty
  case vnodeNotAList(vnode: Int)
  case entryNotAString(vnode: Int, entry: Int, isList: Bool)
  case entryWithoutEquals(vnode: Int, text: String)
  case entryWithoutValue(vnode: Int, key: String)
  case unknownKey(vnode: Int, key: String)
  case duplicateKey(vnode: Int, key: String)
}

/// Why a vnode's `size` or `vcpus` does not parse; `Messages.xlVNUMAValueInvalid` words it.
enum XLVNodeValueProblem: Error, Sendable, Equatable {
  case sizeNotANumber(String)
  case sizeZero
  case sizeTooLarge(String)
  case vcpusSyntax(String)
  case vcpusReversed(String, lower: Int, upper: Int)
  case vcpusTooLarge(String, id: Int)
}

/// Where the maximum vCPU count came from, for the message that says it is too small.
enum XLVCPUSource: Sendable, Equatable {
  case maxvcpus
  case vcpus
  case defaultOne
}

/// One vnode as read from the config.
private struct XLVNode {
  var index: Int
  var position: SourcePosition
  var sizeMiB: UInt64?
  var cpus: CPUSet?
  var cpusPosition: SourcePosition
  var distances: [Int]?
  var hasPNode = false
  /// The host node the vnode's memory is placed on.
  var pnode: UInt64?
}

/// A number setting as xl reads it, with where its value is.
private struct XLNumber {
  var value: UInt64
  var position: SourcePosition
}

private struct XLConversion {
  let config: XLConfig
  let file: String
  var diagnostics: [Diagnostic] = []

  init(config: XLConfig, file: String) {
    self.config = config
    self.file = file
  }

  /// Largest MiB count whose KiB stays below libvirt's 2^53 KiB.
  static let maximumMiB: UInt64 = (UInt64(Int64.max) / 1024) / 1024
  /// `<vcpu>` is an unsigned short in the grammar.
  static let maximumVCPUs: UInt64 = 65535
  /// Legitimate xl keys within two edits of a converted key: never suggest a "fix" for them.
  static let knownNearKeys: Set<String> = [
    "tee", "vnc", "vga", "usb", "hap", "pae", "acpi", "apic", "nx", "nomigrate",
  ]

  mutating func run() -> String? {
    reportUnconvertedKeys()
    let name = readName()
    let uuid = readUUID()
    let osType = readOSType()
    let memory = readNumber("memory", limit: XLConversion.maximumMiB)
    let maxmem = readNumber("maxmem", limit: XLConversion.maximumMiB)
    let cpus = readCPUs()
    let vcpus = readNumber("vcpus", limit: XLConversion.maximumVCPUs)
    let maxvcpus = readNumber("maxvcpus", limit: XLConversion.maximumVCPUs)

    let current = vcpus?.value ?? 1
    let maximum = maxvcpus?.value ?? current
    let maximumSource: XLVCPUSource = maxvcpus != nil ? .maxvcpus : (vcpus != nil ? .vcpus : .defaultOne)
    if let maxvcpus, let vcpus, vcpus.value > maxvcpus.value {
      invalid("vcpus", .vcpusAboveMaximum(vcpus: vcpus.value, maxvcpus: maxvcpus.value), at: vcpus.position)
    }

    let vnodes = readVNUMA()
    if vnodes != nil, osType == "xen", let setting = config.settings(for: "vnuma").first {
      diagnostics.append(Messages.xlVNUMAOnPV(file: file, at: setting.position))
    }
    if let vnodes {
      checkVCPUs(vnodes, maximum: maximum, source: maximumSource)
    }
    let vnodeMiB = vnodes.map { checkMemory($0, maxmem: maxmem) } ?? nil

    // libvirt's xenParseMem: maxmem when given (even when xl would refuse it for not matching
    // the vnodes), else the vnodes, else memory.
    let totalMiB = maxmem?.value ?? vnodeMiB ?? memory?.value ?? XLImporter.defaultMemoryMiB
    let currentMiB = min(memory?.value ?? totalMiB, totalMiB)

    var xml = "<domain type='xen'>\n"
    xml += "  <name>\(XMLText.escaped(name ?? ""))</name>\n"
    if let uuid { xml += "  <uuid>\(uuid)</uuid>\n" }
    xml += "  <memory unit='KiB'>\(totalMiB * 1024)</memory>\n"
    xml += "  <currentMemory unit='KiB'>\(currentMiB * 1024)</currentMemory>\n"
    let cpuset = cpus.map { " cpuset='\($0)'" } ?? ""
    if current < maximum {
      xml += "  <vcpu placement='static'\(cpuset) current='\(current)'>\(maximum)</vcpu>\n"
    } else {
      xml += "  <vcpu placement='static'\(cpuset)>\(maximum)</vcpu>\n"
    }
    xml += "  <os>\n    <type>\(osType)</type>\n  </os>\n"
    if let vnodes {
      xml += "  <cpu>\n    <numa>\n"
      for vnode in vnodes {
        let cpus = vnode.cpus.map { " cpus='\($0)'" } ?? ""
        let kib = (vnode.sizeMiB ?? 0) * 1024
        guard let row = vnode.distances else {
          xml += "      <cell id='\(vnode.index)'\(cpus) memory='\(kib)' unit='KiB'/>\n"
          continue
        }
        xml += "      <cell id='\(vnode.index)'\(cpus) memory='\(kib)' unit='KiB'>\n        <distances>\n"
        for (sibling, value) in row.enumerated() {
          xml += "          <sibling id='\(sibling)' value='\(value)'/>\n"
        }
        xml += "        </distances>\n      </cell>\n"
      }
      xml += "    </numa>\n  </cpu>\n"
      // pnode places a vnode's memory on a host node. vnode i on node i is what libvirt's libxl
      // driver does anyway; any other placement is kept as the binding that says it.
      if vnodes.contains(where: { vnode in vnode.pnode.map { $0 != UInt64(vnode.index) } ?? false }) {
        xml += "  <numatune>\n"
        for vnode in vnodes {
          guard let pnode = vnode.pnode else { continue }
          xml += "    <memnode cellid='\(vnode.index)' mode='strict' nodeset='\(pnode)'/>\n"
        }
        xml += "  </numatune>\n"
      }
    }
    xml += "</domain>\n"
    return xml
  }

  // MARK: Keys

  mutating func reportUnconvertedKeys() {
    // One pass: a hostile config may hold a hundred thousand distinct keys.
    var reported = Set(XLImporter.convertedKeys)
    for setting in config.settings where reported.insert(setting.key).inserted {
      let key = setting.key
      let position = setting.position
      let suggestion = XLConversion.knownNearKeys.contains(key) ? nil : XLConversion.nearestConvertedKey(to: key)
      diagnostics.append(Messages.xlUnknownKey(file: file, key: key, suggestion: suggestion, at: position))
    }
  }

  mutating func invalid(_ key: String, _ problem: XLValueProblem, at position: SourcePosition) {
    diagnostics.append(Messages.xlValueInvalid(file: file, key: key, problem: problem, at: position))
  }

  /// The text of a single-valued key, or `nil` (reported) when it is a list.
  mutating func atom(_ key: String) -> (text: String, position: SourcePosition)? {
    guard let value = config.value(key) else { return nil }
    guard let text = value.atomText else {
      invalid(key, .list, at: value.position)
      return nil
    }
    return (text, value.position)
  }

  mutating func readName() -> String? {
    guard config.value("name") != nil else {
      diagnostics.append(Messages.xlNameMissing(file: file))
      return nil
    }
    guard let (name, position) = atom("name") else { return nil }
    if name.isEmpty {
      invalid("name", .empty, at: position)
      return nil
    }
    if name.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
      invalid("name", .multiline, at: position)
      return nil
    }
    if let bad = name.unicodeScalars.first(where: { !XMLText.isXMLCharacter($0) }) {
      invalid("name", .notXMLText(bad.value), at: position)
      return nil
    }
    return name
  }

  /// `cpus`, the host CPUs the vCPUs may run on (as to-xl writes `<vcpu cpuset>`): libvirt's
  /// xenParseCPU reads it as a cpuset of ids below 4,096.
  mutating func readCPUs() -> CPUSet? {
    guard let (text, position) = atom("cpus") else { return nil }
    guard let set = try? CPUSet(parsing: text), !set.isEmpty, (set.max ?? 0) < 4096 else {
      invalid("cpus", .cpuset(text), at: position)
      return nil
    }
    return set
  }

  mutating func readUUID() -> String? {
    guard let (text, position) = atom("uuid") else { return nil }
    let bytes = Array(text.utf8)
    let dashes: Set<Int> = [8, 13, 18, 23]
    let isHex = { (byte: UInt8) in
      (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
    let valid =
      bytes.count == 36
      && bytes.indices.allSatisfy { dashes.contains($0) ? bytes[$0] == UInt8(ascii: "-") : isHex(bytes[$0]) }
    guard valid else {
      invalid("uuid", .uuidForm(text), at: position)
      return nil
    }
    return text.lowercased()
  }

  /// `<os><type>`: `type` wins over `builder` (`xenParseGeneralMeta`).
  mutating func readOSType() -> String {
    if config.value("type") != nil {
      guard let (type, position) = atom("type") else { return "xen" }
      switch type {
      case "pv": return "xen"
      case "pvh": return "xenpvh"
      case "hvm": return "hvm"
      default:
        invalid("type", .unsupportedType(type), at: position)
        return "xen"
      }
    }
    if config.value("builder") != nil, let (builder, _) = atom("builder") {
      return builder == "hvm" ? "hvm" : "xen"
    }
    return "xen"
  }

  /// A number the way xl reads it (`xlu_cfg_get_long`: `strtol` base 0 over the whole atom,
  /// `+=` refused), which must also be positive and at most `limit`.
  mutating func readNumber(_ key: String, limit: UInt64) -> XLNumber? {
    guard let setting = config.lastSetting(key), let value = config.value(key) else { return nil }
    if setting.operation == .append {
      invalid(key, .appendedNumber, at: setting.position)
      return nil
    }
    guard let (text, position) = atom(key) else { return nil }
    switch XLConversion.strtolBase0(text) {
    case .invalid:
      invalid(key, .notANumber(text), at: position)
    case .negative:
      invalid(key, .negative(text), at: position)
    case .overflow:
      invalid(key, .tooLarge(text, limit: limit), at: position)
    case .value(let number, let radix):
      if number == 0 {
        invalid(key, .zero, at: position)
      } else if number > limit {
        invalid(key, .tooLarge(text, limit: limit), at: position)
      } else {
        if radix != 10 {
          diagnostics.append(
            Messages.xlNumberNotDecimal(
              file: file, key: key, text: text, value: number, radix: radix, at: value.position))
        }
        return XLNumber(value: number, position: position)
      }
    }
    return nil
  }

  enum ParsedLong: Equatable {
    case value(UInt64, radix: Int)
    case negative
    case overflow
    case invalid
  }

  /// C `strtol(text, &end, 0)` that must consume the whole text: leading white space, a sign,
  /// then `0x` hex, `0` octal or decimal.
  static func strtolBase0(_ text: String) -> ParsedLong {
    var bytes = Array(text.utf8)[...]
    while let first = bytes.first, first == 0x20 || (0x09...0x0D).contains(first) { bytes = bytes.dropFirst() }
    var negative = false
    if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      negative = sign == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    var radix = 10
    if bytes.count >= 3, bytes.first == UInt8(ascii: "0"),
      bytes[bytes.startIndex + 1] == UInt8(ascii: "x") || bytes[bytes.startIndex + 1] == UInt8(ascii: "X")
    {
      radix = 16
      bytes = bytes.dropFirst(2)
    } else if bytes.count >= 2, bytes.first == UInt8(ascii: "0") {
      radix = 8
      bytes = bytes.dropFirst()
    }
    guard !bytes.isEmpty else { return .invalid }
    var value: UInt64 = 0
    var overflow = false
    for byte in bytes {
      let digit: UInt64
      switch byte {
      case 0x30...0x39: digit = UInt64(byte - 0x30)
      case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
      case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
      default: return .invalid
      }
      guard digit < UInt64(radix) else { return .invalid }
      let (times, overflowA) = value.multipliedReportingOverflow(by: UInt64(radix))
      let (sum, overflowB) = times.addingReportingOverflow(digit)
      if overflowA || overflowB || sum > UInt64(Int64.max) { overflow = true }
      value = overflow ? value : sum
    }
    if overflow { return .overflow }
    if negative && value != 0 { return .negative }
    return .value(value, radix: radix)
  }

  // MARK: vnuma

  mutating func format(_ problem: XLVNUMAFormatProblem, at position: SourcePosition) {
    diagnostics.append(Messages.xlVNUMAFormat(file: file, problem: problem, at: position))
  }

  /// The vnodes, or `nil` when there is no vnuma or it is unusable (reported).
  mutating func readVNUMA() -> [XLVNode]? {
    guard let value = config.value("vnuma") else { return nil }
    guard let items = value.listItems else {
      format(.notAList, at: value.position)
      return nil
    }
    guard !items.isEmpty else {
      format(.empty, at: value.position)
      return nil
    }
    var vnodes: [XLVNode] = []
    var usable = true
    for (index, item) in items.enumerated() {
      guard let entries = item.listItems else {
        format(.vnodeNotAList(vnode: index), at: item.position)
        usable = false
        continue
      }
      if let vnode = readVNode(index, entries: entries, position: item.position, count: items.count) {
        vnodes.append(vnode)
      } else {
        usable = false
      }
    }
    guard usable else { return nil }
    return vnodes
  }

  mutating func readVNode(_ index: Int, entries: [XLValue], position: SourcePosition, count: Int) -> XLVNode? {
    var vnode = XLVNode(index: index, position: position, cpusPosition: position)
    var seen = Set<String>()
    var usable = true
    var malformed = false
    for (number, entry) in entries.enumerated() {
      guard case .string(let text, let at) = entry else {
        format(.entryNotAString(vnode: index, entry: number, isList: entry.isList), at: entry.position)
        usable = false
        malformed = true
        continue
      }
      guard let equals = text.firstIndex(of: "=") else {
        format(.entryWithoutEquals(vnode: index, text: text), at: at)
        usable = false
        malformed = true
        continue
      }
      let key = text[..<equals].trimmingWhitespace()
      let data = text[text.index(after: equals)...].trimmingWhitespace()
      guard ["pnode", "size", "vcpus", "vdistances"].contains(key) else {
        format(.unknownKey(vnode: index, key: key), at: at)
        usable = false
        malformed = true
        continue
      }
      guard !data.isEmpty else {
        format(.entryWithoutValue(vnode: index, key: key), at: at)
        usable = false
        malformed = true
        continue
      }
      guard seen.insert(key).inserted else {
        format(.duplicateKey(vnode: index, key: key), at: at)
        usable = false
        continue
      }
      switch key {
      case "pnode":
        vnode.hasPNode = true
        guard let pnode = XLConversion.decimal(data), pnode < UInt64(count) else {
          diagnostics.append(Messages.xlPNodeInvalid(file: file, vnode: index, text: data, vnodes: count, at: at))
          usable = false
          continue
        }
        vnode.pnode = pnode
      case "size":
        switch XLConversion.sizeMiB(data) {
        case .success(let size): vnode.sizeMiB = size
        case .failure(let problem):
          diagnostics.append(Messages.xlVNodeValueInvalid(file: file, vnode: index, problem: problem, at: at))
          usable = false
        }
      case "vcpus":
        vnode.cpusPosition = at
        switch XLConversion.xlCPUs(data) {
        case .success(let cpus): vnode.cpus = cpus
        case .failure(let problem):
          diagnostics.append(Messages.xlVNodeValueInvalid(file: file, vnode: index, problem: problem, at: at))
          usable = false
        }
      default:
        if let row = readDistances(index, text: data, count: count, at: at) {
          vnode.distances = row
        } else {
          usable = false
        }
      }
    }
    var missing: [String] = []
    if !vnode.hasPNode { missing.append("pnode") }
    if !seen.contains("size") { missing.append("size") }
    if !seen.contains("vcpus") { missing.append("vcpus") }
    // A malformed entry may be the missing key: its own finding says enough.
    if !missing.isEmpty && !malformed {
      diagnostics.append(Messages.xlVNodeIncomplete(file: file, vnode: index, missing: missing, at: position))
      usable = false
    }
    return usable ? vnode : nil
  }

  /// One full row of distances: one value per vnode, 10..255, 10 for itself only.
  mutating func readDistances(_ vnode: Int, text: String, count: Int, at position: SourcePosition) -> [Int]? {
    let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
    guard pieces.count == count else {
      diagnostics.append(
        Messages.xlDistancesCount(
          file: file, vnode: vnode, text: text, given: pieces.count, vnodes: count, at: position))
      return nil
    }
    var row: [Int] = []
    var usable = true
    for (sibling, piece) in pieces.enumerated() {
      guard let value = XLConversion.decimal(piece), (10...255).contains(value) else {
        diagnostics.append(
          Messages.xlDistanceOutOfRange(file: file, vnode: vnode, sibling: sibling, text: piece, at: position))
        usable = false
        continue
      }
      if sibling == vnode && value != 10 {
        diagnostics.append(Messages.xlDistanceLocalNot10(file: file, vnode: vnode, value: Int(value), at: position))
        usable = false
      } else if sibling != vnode && value == 10 {
        diagnostics.append(Messages.xlDistanceRemote10(file: file, vnode: vnode, sibling: sibling, at: position))
        usable = false
      }
      row.append(Int(value))
    }
    return usable ? row : nil
  }

  /// vCPUs: no vCPU in two vnodes, no more than the maximum, no id beyond it.
  mutating func checkVCPUs(_ vnodes: [XLVNode], maximum: UInt64, source: XLVCPUSource) {
    var placed = CPUSet()
    for vnode in vnodes {
      guard let cpus = vnode.cpus else { continue }
      let shared = cpus.intersection(placed)
      if !shared.isEmpty, let earlier = vnodes.first(where: { $0.cpus?.overlaps(shared) == true }) {
        diagnostics.append(
          Messages.xlVCPUsOverlap(
            file: file, vnode: vnode.index, other: earlier.index, shared: cpus.intersection(earlier.cpus ?? CPUSet()),
            at: vnode.cpusPosition))
      }
      placed = placed.union(cpus)
    }
    // Distinct vCPUs: a vCPU in two vnodes is already an overlap.
    let total = placed.count
    let vnumaPosition = config.value("vnuma")?.position ?? .unknown
    if UInt64(total) > maximum {
      diagnostics.append(
        Messages.xlVCPUsExceedCount(file: file, total: total, maximum: maximum, source: source, at: vnumaPosition))
      return
    }
    for vnode in vnodes {
      if let cpus = vnode.cpus, let highest = cpus.max, UInt64(highest) >= maximum {
        diagnostics.append(
          Messages.xlVCPUIdExceeds(
            file: file, vnode: vnode.index, cpu: highest, maximum: maximum, at: vnode.cpusPosition))
      }
    }
  }

  /// The vnodes' total MiB, which `maxmem` (when given) must equal; `nil` on overflow.
  mutating func checkMemory(_ vnodes: [XLVNode], maxmem: XLNumber?) -> UInt64? {
    var sum: UInt64 = 0
    for vnode in vnodes {
      let (next, overflow) = sum.addingReportingOverflow(vnode.sizeMiB ?? 0)
      guard !overflow, next <= XLConversion.maximumMiB else {
        diagnostics.append(
          Messages.xlVNodeValueInvalid(
            file: file, vnode: vnode.index, problem: .sizeTooLarge(String(vnode.sizeMiB ?? 0)), at: vnode.position))
        return nil
      }
      sum = next
    }
    if let maxmem, maxmem.value != sum {
      diagnostics.append(
        Messages.xlVNUMAMemoryMismatch(file: file, maxmemMiB: maxmem.value, vnodesMiB: sum, at: maxmem.position))
    }
    return sum
  }

  // MARK: Small readers

  /// Decimal digits only (xl's `strtoul(…, 10)` over the whole text, without sign or spaces).
  static func decimal(_ text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    return UInt64(text)
  }

  static func sizeMiB(_ text: String) -> Result<UInt64, XLVNodeValueProblem> {
    guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
      return .failure(.sizeNotANumber(text))
    }
    guard let value = decimal(text), value <= maximumMiB else { return .failure(.sizeTooLarge(text)) }
    return value == 0 ? .failure(.sizeZero) : .success(value)
  }

  /// xl's vcpus syntax: `N` or `N-M` items separated by commas, nothing else (libvirt would also
  /// take `^N` and spaces, which xl misreads).
  static func xlCPUs(_ text: String) -> Result<CPUSet, XLVNodeValueProblem> {
    var ranges: [ClosedRange<Int>] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
      guard bounds.count <= 2,
        bounds.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } })
      else { return .failure(.vcpusSyntax(text)) }
      var ids: [Int] = []
      for bound in bounds {
        guard bound.utf8.count <= 9, let id = Int(bound), id < CPUSet.domainLimit else {
          return .failure(.vcpusTooLarge(text, id: Int(bound.prefix(9)) ?? Int.max))
        }
        ids.append(id)
      }
      let lower = ids[0]
      let upper = ids.last ?? lower
      guard lower <= upper else { return .failure(.vcpusReversed(text, lower: lower, upper: upper)) }
      ranges.append(lower...upper)
    }
    return .success(CPUSet(ranges: ranges))
  }

  /// The converted keys as sorted bytes, for the cheap bound in `nearestConvertedKey`.
  static let sortedConvertedKeys: [(key: String, bytes: [UInt8])] = XLImporter.convertedKeys.map {
    ($0, $0.utf8.sorted())
  }

  /// The converted key at most two edits from `key` (the closest, the first on a tie), if any.
  /// The bag distance (characters one side has and the other lacks) bounds the edit distance
  /// from below, so most keys are ruled out without the quadratic comparison.
  static func nearestConvertedKey(to key: String) -> String? {
    guard key.utf8.count <= 10 else { return nil }
    let bytes = key.utf8.sorted()
    var best: (key: String, distance: Int)?
    for candidate in sortedConvertedKeys {
      var (i, j, common) = (0, 0, 0)
      while i < bytes.count && j < candidate.bytes.count {
        if bytes[i] == candidate.bytes[j] {
          common += 1
          i += 1
          j += 1
        } else if bytes[i] < candidate.bytes[j] {
          i += 1
        } else {
          j += 1
        }
      }
      guard max(bytes.count, candidate.bytes.count) - common <= 2 else { continue }
      let distance = editDistance(candidate.key, key, atMost: 2)
      if distance <= 2 && distance < (best?.distance ?? 3) { best = (candidate.key, distance) }
    }
    return best?.key
  }

  /// Levenshtein distance, giving up (returning `limit + 1`) when it must be larger.
  static func editDistance(_ a: String, _ b: String, atMost limit: Int) -> Int {
    let (a, b) = (a.utf8, b.utf8)
    let (countA, countB) = (a.count, b.count)
    if abs(countA - countB) > limit || countB > 64 { return limit + 1 }
    if countA == 0 || countB == 0 { return Swift.min(Swift.max(countA, countB), limit + 1) }
    var previous = Array(0...countB)
    var current = previous
    for (i, byteA) in a.enumerated() {
      current[0] = i + 1
      var rowMinimum = current[0]
      for (j, byteB) in b.enumerated() {
        let substitution = previous[j] + (byteA == byteB ? 0 : 1)
        current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, substitution)
        rowMinimum = Swift.min(rowMinimum, current[j + 1])
      }
      if rowMinimum > limit { return limit + 1 }
      swap(&previous, &current)
    }
    return Swift.min(previous[countB], limit + 1)
  }
}
