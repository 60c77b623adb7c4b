/// The wording of what `from-qemu` finds in a QEMU command line. Where QEMU refuses the same
/// thing, the message says it as QEMU does (`hw/core/numa.c`), then what to change. Text from
/// the command line is quoted through `TerminalText.excerpt`.
extension Messages {
  /// `a, b or c`.
  static func alternatives(_ names: [String]) -> String {
    guard let last = names.last else { return "" }
    return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
  }

  private static func quoted(_ text: String) -> String { TerminalText.excerpt(text) }

  static func qemuSyntax(_ problem: QEMUSyntaxProblem, file: String, at position: SourcePosition) -> Diagnostic {
    let text: String
    switch problem {
    case .unterminatedQuote(let quote):
      let mark = quote == UInt8(ascii: "'") ? "'" : "\""
      text = "this \(mark) opens a quoted word that never ends: close it with \(mark)"
    case .trailingBackslash:
      text = "a backslash ends the file: a line continuation needs a next line"
    case .shellFeature(let byte):
      let shown = String(UnicodeScalar(byte))
      text =
        "'\(shown)' outside single quotes is shell syntax (an expansion, a pipe, a redirection or a second command), which numaschema does not run: quote it, or give the command line as QEMU receives it (/proc/PID/cmdline)"
    case .notUTF8:
      text = "this word is not UTF-8 text"
    }
    return make(.fromQEMUSyntax, text, file: file, at: position)
  }

  static func qemuArgumentMissing(file: String, option: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUArgumentMissing, "-\(option) ends the command line: QEMU needs its argument", file: file, at: position)
  }

  static func qemuOptionWithEquals(file: String, word: String, at position: SourcePosition) -> Diagnostic {
    let name = word.drop { $0 == "-" }.prefix { $0 != "=" }
    return make(
      .fromQEMUOptionInvalid,
      "\(quoted(word)) is an invalid option to QEMU, which takes no '=' after an option's name: write -\(TerminalText.safe(String(name.prefix(40)))) and its argument as two words",
      file: file, at: position)
  }

  static func qemuNUMATypeUnknown(file: String, type: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUOptionInvalid,
      "-numa \(quoted(type)) is not a -numa option: QEMU takes node, dist, cpu, hmat-lb and hmat-cache",
      file: file, at: position)
  }

  static func qemuJSONInvalid(
    file: String, option: String, failure: QEMUJSONFailure.Problem, at position: SourcePosition
  ) -> Diagnostic {
    let text: String
    switch failure {
    case .unexpected(let found, let expected): text = "found \(found) where JSON needs \(expected)"
    case .unterminatedString: text = "a string that never ends"
    case .badEscape: text = "an escape JSON does not have (it has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
    case .tooDeep(let limit): text = "more than \(limit) levels of nesting"
    case .trailing: text = "text after the object ends"
    case .notAnObject: text = "not one JSON object"
    }
    return make(
      .fromQEMUJSONInvalid, "the JSON argument of -\(option) does not parse: \(text)", file: file, at: position)
  }

  static func qemuEmptyKey(file: String, option: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUValueInvalid,
      "the argument of -\(option) has an empty item here: QEMU reads key=value items separated by single commas (a comma inside a value is written ,,)",
      file: file, at: position)
  }

  static func qemuValueInvalid(
    file: String, option: String, key: String, text: String, expected: QEMUExpectation, at position: SourcePosition
  ) -> Diagnostic {
    let wanted: String
    switch expected {
    case .string: wanted = "a string"
    case .size: wanted = "a size (a number with an optional suffix K, M, G, T)"
    case .bytes: wanted = "a size in bytes"
    case .onOff: wanted = "on or off"
    case .trueFalse: wanted = "true or false"
    case .number(let limit): wanted = limit == UInt64.max ? "an unsigned number" : "a number from 0 to \(limit)"
    case .idOrRange(let limit): wanted = "an id or a range a-b of ids below \(limit)"
    case .id(let limit): wanted = "an id below \(limit)"
    case .idList: wanted = "a list of ids"
    case .choice(let choices): wanted = alternatives(choices)
    case .oneLineName: wanted = "a one-line name"
    case .uuid: wanted = "a UUID (8-4-4-4-12 hex digits)"
    case .machineType: wanted = "a machine type"
    case .unusedId: wanted = "an id no other object has"
    case .cacheLevel: wanted = "a level from 1 to 3"
    case .fileBackend(let model): wanted = "a memory-backend-file (libvirt's \(model) has a path)"
    }
    return make(
      .fromQEMUValueInvalid, "\(option): \(key)=\(quoted(text)) is not \(wanted)", file: file, at: position)
  }

  static func qemuKeyUnknown(
    file: String, option: String, key: String, accepted: [String], at position: SourcePosition
  ) -> Diagnostic {
    make(
      .fromQEMUKeyUnknown,
      "\(option) has no parameter \(quoted(key)), so QEMU refuses it (Invalid parameter): it takes \(listed(accepted.filter { $0 != "type" }))",
      file: file, at: position)
  }

  static func qemuKeyMissing(file: String, option: String, key: String, at position: SourcePosition) -> Diagnostic {
    make(.fromQEMUKeyMissing, "\(option) has no \(key)=, which QEMU requires", file: file, at: position)
  }

  static func qemuSMPInvalid(file: String, _ problem: QEMUSMPProblem, at position: SourcePosition) -> Diagnostic {
    let reason: String
    switch problem {
    case .product(let sockets, let dies, let clusters, let cores, let threads, let maxcpus):
      reason =
        "sockets (\(sockets)) * dies (\(dies)) * clusters (\(clusters)) * cores (\(cores)) * threads (\(threads)) != maxcpus (\(maxcpus)): the product of the topology must be maxcpus (which is cpus when not given)"
    case .cpusAboveMaximum(let cpus, let maxcpus):
      reason = "\(cpus) CPUs at start is more than maxcpus \(maxcpus)"
    case .clustersUnsupported:
      reason = "clusters not supported by this machine's CPU topology (x86 has none: leave clusters= out)"
    }
    return make(.fromQEMUSMPInvalid, "-smp: \(reason), so QEMU refuses the topology", file: file, at: position)
  }

  static func qemuNodeIdDuplicate(file: String, id: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUNodeIdDuplicate, "Duplicate NUMA nodeid: \(id) (node \(id) is declared by an earlier -numa node)",
      file: file, at: position)
  }

  static func qemuNodeIdOutOfRange(file: String, id: Int, limit: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUNodeIdOutOfRange,
      "node \(id): Max number of NUMA nodes reached: \(limit) (QEMU takes node ids 0 to \(limit - 1))",
      file: file, at: position)
  }

  static func qemuNodeIdMissing(file: String, id: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUNodeIdMissing,
      "numa: Node ID missing: \(id) (QEMU needs node ids 0, 1, 2, … without a gap)", file: file, at: position)
  }

  static func qemuNodeUnknown(file: String, option: String, key: String, id: Int, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .fromQEMUNodeUnknown,
      "\(option): \(key)=\(id) names a NUMA node no earlier -numa node declares: declare it first (QEMU reads the options in order)",
      file: file, at: position)
  }

  static func qemuCPUIndexOutOfRange(file: String, cpu: Int, maxcpus: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUCPUIndexOutOfRange,
      "CPU index (\(cpu)) should be smaller than maxcpus (\(maxcpus)): raise -smp maxcpus or list fewer cpus",
      file: file, at: position)
  }

  static func qemuCPUsOverlap(file: String, node: Int, other: Int, cpus: CPUSet, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .fromQEMUCPUsOverlap,
      "node \(node) lists cpu\(cpus.count == 1 ? "" : "s") \(cpus), already in node \(other): CPU is already assigned to node-id: \(other)",
      file: file, at: position)
  }

  static func qemuCPUsUnassigned(file: String, cpus: CPUSet, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUCPUsUnassigned,
      "CPU(s) not present in any NUMA nodes: \(cpus); QEMU puts them on node 0 (and will refuse this in future), so cell 0 gets them",
      file: file, at: position)
  }

  static func qemuMemAndMemdev(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUMemMemdevMixed,
      "numa configuration should use either mem= or memdev=, mixing both is not allowed: give every node a memdev",
      file: file, at: position)
  }

  static func qemuMemdevUnknown(file: String, memdev: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUMemdevUnknown,
      "memdev=\(quoted(memdev)) names no memory backend object: add -object memory-backend-ram,id=\(TerminalText.safe(String(memdev.prefix(40)))),size=…",
      file: file, at: position)
  }

  static func qemuMemdevReused(
    file: String, memdev: String, user: QEMUBackendUser, at position: SourcePosition
  ) -> Diagnostic {
    let named: String
    switch user {
    case .node(let id): named = "node \(id)"
    case .device(let id): named = "device \(quoted(id))"
    }
    return make(
      .fromQEMUMemdevReused,
      "memory backend \(quoted(memdev)) can't be used multiple times: \(named) uses it already",
      file: file, at: position)
  }

  static func qemuMemoryMismatch(
    file: String, nodesBytes: UInt64, ramBytes: UInt64, ramGiven: Bool, at position: SourcePosition
  ) -> Diagnostic {
    let hex = { (value: UInt64) in "0x" + String(value, radix: 16) }
    let ram = ramGiven ? "RAM size" : "RAM size without -m, 128 MiB"
    return make(
      .fromQEMUMemoryMismatch,
      "total memory for NUMA nodes (\(hex(nodesBytes))) should equal \(ram) (\(hex(ramBytes))): make -m the sum of the nodes, \(nodesBytes / (1 << 20)) MiB",
      file: file, at: position)
  }

  static func qemuDistanceOutOfRange(file: String, value: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUDistanceOutOfRange, "NUMA distance (\(value)) is invalid, it shouldn't be less than 10",
      file: file, at: position)
  }

  static func qemuDistanceLocalNot10(file: String, node: Int, value: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUDistanceLocalNot10, "Local distance of node \(node) should be 10, not \(value)", file: file, at: position
    )
  }

  static func qemuDistanceMissing(file: String, from: Int, to: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUDistanceMissing,
      "The distance between node \(from) and \(to) is missing, at least one distance value between each nodes should be provided",
      file: file, at: position)
  }

  static func qemuDistanceAsymmetricIncomplete(file: String, from: Int, to: Int, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .fromQEMUDistanceAsymmetricIncomplete,
      "At least one asymmetrical pair of distances is given, please provide distances for both directions of all node pairs: \(from)→\(to) is missing",
      file: file, at: position)
  }

  static func qemuHMATDisabled(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .fromQEMUHMATInvalid,
      "ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, enable it with -machine hmat=on before using any of hmat specific options",
      file: file, at: position)
  }

  static func qemuHMATInvalid(file: String, _ problem: QEMUHMATProblem, at position: SourcePosition) -> Diagnostic {
    let reason: String
    switch problem {
    case .initiatorWithoutCPUs(let initiator):
      reason = "initiator=\(initiator) has no CPUs, so it is not an initiator proximity domain"
    case .valueKind(let given, let dataType, let needed):
      reason = "\(given)= does not go with data-type=\(dataType): give \(needed)="
    case .figureTwice(let valueKey, let initiator, let target, let hierarchy, let dataType):
      reason =
        "the \(valueKey) from initiator=\(initiator) to target=\(target) (\(hierarchy), \(dataType)) is given twice"
    case .cacheLevelTwice(let node, let level):
      reason = "node \(node) has a level \(level) cache already"
    case .bandwidthNotMiB(let bytes, let initiator, let target):
      reason = "bandwidth \(bytes) between initiator=\(initiator) and target=\(target) should be 1MB aligned"
    case .cacheBeforeFigures(let node):
      reason =
        "the latency and bandwidth information of node-id=\(node) should be provided before memory side cache attributes (-numa hmat-lb with target=\(node), earlier on the command line)"
    case .cacheLevelMissing(let node, let level):
      reason = "cache level=\(level) of node \(node) shall be defined first"
    case .cacheSizeOrder(let level, let bytes, let other, let otherBytes):
      let relation = other < level ? "larger" : "less"
      reason = "size=\(bytes) of level=\(level) should be \(relation) than the size (\(otherBytes)) of level=\(other)"
    case .initiatorMissing(let node):
      reason = "node \(node) has no initiator=: with -machine hmat=on every node needs one"
    case .initiatorNotACPUNode(let initiator, let node):
      reason = "initiator=\(initiator) of node \(node) is not a node with CPUs"
    }
    return make(.fromQEMUHMATInvalid, "HMAT: \(reason), which QEMU refuses", file: file, at: position)
  }

  static func qemuNotConverted(file: String, _ item: QEMUNotConverted, at position: SourcePosition) -> Diagnostic {
    let what: String
    let why: String
    switch item {
    case .clusters(let clusters):
      (what, why) = ("clusters=\(clusters)", "libvirt's <topology> has no clusters: they are counted in its cores")
    case .backendType(let type):
      (what, why) = (type, "libvirt writes memory-backend-ram, -file and -memfd only")
    case .cacheSizeNotKiB(let bytes, let kib):
      (what, why) = ("size=\(bytes)", "libvirt gives cache sizes in KiB: read as \(kib) KiB")
    case .defaultSizeHugePages(let nodes):
      let which = nodes.count == 1 ? "node \(nodes[0])'s" : "nodes \(CPUSet(nodes))'"
      what = "\(which) huge pages of the default size"
      why =
        "libvirt names a page size for the nodes that use huge pages when some nodes do not, and the mem-path does not say it (libvirt's mounts are /dev/hugepages2M, /dev/hugepages1G): the cell gets ordinary memory"
    case .hostNodesWithoutPolicy(let nodes):
      what = "host-nodes=\(nodes) without a policy"
      why = "QEMU binds nothing with policy=default; libvirt writes host-nodes with bind, preferred or interleave"
    }
    return make(.fromQEMUNotConverted, "\(TerminalText.safe(what)) is not converted: \(why)", file: file, at: position)
  }
}
