/// Every diagnostic's wording, in one place. Messages start lowercase, have no final period,
/// name the cell or sibling concerned, state the rule that was broken and, where there is one,
/// the likely fix.
enum Messages {
  static func make(_ code: DiagnosticCode, _ message: String, file: String, at position: SourcePosition) -> Diagnostic {
    Diagnostic(
      severity: code.defaultSeverity, code: code, message: message, file: file, line: position.line,
      column: position.column)
  }

  /// A C message without its trailing newline and spaces.
  static func trimmed(_ message: UnsafeMutablePointer<CChar>?) -> String {
    guard let message else { return "" }
    return trimmed(String(cString: message))
  }

  static func trimmed(_ text: String) -> String {
    var result = Substring(text)
    while let last = result.last, last.isWhitespace { result = result.dropLast() }
    while let first = result.first, first.isWhitespace { result = result.dropFirst() }
    return String(result)
  }

  // MARK: Reading the document

  static func notWellFormed(file: String, detail: String, line: Int?, column: Int?) -> Diagnostic {
    make(.xmlNotWellFormed, "not well-formed XML: \(detail)", file: file, at: SourcePosition(line: line, column: column))
  }

  static func parserWarning(file: String, detail: String, line: Int?, column: Int?) -> Diagnostic {
    Diagnostic(
      severity: .warning, code: .xmlNotWellFormed, message: "XML parser warning: \(detail)", file: file,
      line: line, column: column)
  }

  static func externalEntity(file: String, url: String, line: Int?, column: Int?) -> Diagnostic {
    make(
      .xmlExternalEntity,
      "external entity '\(url)' is not loaded: numaschema never reads files or URLs a document names; inline the content instead",
      file: file, at: SourcePosition(line: line, column: column))
  }

  static func documentTooLarge(file: String, bytes: Int) -> Diagnostic {
    make(.xmlNotWellFormed, "document of \(bytes) bytes is larger than libxml2 can read (2 GiB)", file: file, at: .unknown)
  }

  static func parserUnavailable(file: String) -> Diagnostic {
    make(.xmlNotWellFormed, "libxml2 could not create a parser (out of memory)", file: file, at: .unknown)
  }

  static func notADomain(file: String, root: String, at position: SourcePosition) -> Diagnostic {
    make(.xmlNotADomain, "root element is <\(root)>, expected <domain>", file: file, at: position)
  }

  // MARK: Grammar

  static func grammarViolation(file: String, detail: String, line: Int?) -> Diagnostic {
    make(.rngInvalid, detail, file: file, at: SourcePosition(line: line, column: nil))
  }

  // MARK: Cells

  static func noCells(file: String, at position: SourcePosition) -> Diagnostic {
    make(.numaNoCells, "<numa> has no <cell>: a NUMA topology needs at least one cell", file: file, at: position)
  }

  static func cellIdInvalid(file: String, cellIndex: Int, text: String, at position: SourcePosition) -> Diagnostic {
    make(.numaCellIdInvalid, "cell #\(cellIndex + 1) has id '\(text)', which is not an unsigned integer", file: file, at: position)
  }

  static func cellIdOutOfRange(file: String, id: Int, cellCount: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaCellIdOutOfRange,
      "cell id \(id) is out of range: with \(cellCount) cell\(cellCount == 1 ? "" : "s") the ids must be 0 to \(cellCount - 1)",
      file: file, at: position)
  }

  static func cellIdDuplicate(file: String, id: Int, at position: SourcePosition) -> Diagnostic {
    make(.numaCellIdDuplicate, "cell id \(id) is given twice: each id 0..N-1 names exactly one cell", file: file, at: position)
  }

  static func cpusInvalid(file: String, cell: Int, text: String, reason: CPUSetError, at position: SourcePosition) -> Diagnostic {
    make(.numaCPUsInvalid, "cell \(cell) has cpus '\(text)' that do not parse: \(reason)", file: file, at: position)
  }

  static func cpusOverlap(file: String, cell: Int, other: Int, shared: CPUSet, at position: SourcePosition) -> Diagnostic {
    let plural = shared.count == 1 ? "cpu" : "cpus"
    return make(
      .numaCPUsOverlap, "cell \(cell) lists \(plural) \(shared), already in cell \(other): a vCPU belongs to one cell only",
      file: file, at: position)
  }

  static func memoryMissing(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(.numaMemoryMissing, "cell \(cell) has no memory attribute: every cell needs its size", file: file, at: position)
  }

  static func memoryInvalid(file: String, cell: Int, text: String, at position: SourcePosition) -> Diagnostic {
    make(.numaMemoryInvalid, "cell \(cell) has memory '\(text)', which is not an unsigned integer", file: file, at: position)
  }

  static func memoryUnitInvalid(file: String, cell: Int, unit: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numaMemoryUnitInvalid,
      "cell \(cell) has unknown memory unit '\(unit)': use b or bytes, or k, m, g, t, p, e alone, with iB (binary) or with B (decimal), in any case",
      file: file, at: position)
  }

  static func memoryOverflow(file: String, cell: Int, text: String, unit: String?, at position: SourcePosition) -> Diagnostic {
    let amount = unit.map { "\(text) \($0)" } ?? "\(text) KiB"
    return make(
      .numaMemoryOverflow, "cell \(cell) memory \(amount) is too large: libvirt's limit is below 2^53 KiB (8 EiB), counted in whole KiB",
      file: file, at: position)
  }

  static func cellZeroMemory(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaCellZeroMemory,
      "cell \(cell) has no memory: QEMU takes it as a CPU-only node, Xen refuses it",
      file: file, at: position)
  }

  // MARK: Distances

  static func distancesNoSiblings(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(.numaDistancesNoSiblings, "cell \(cell) has <distances> without any <sibling>", file: file, at: position)
  }

  static func siblingIdInvalid(file: String, cell: Int, text: String?, at position: SourcePosition) -> Diagnostic {
    let what = text.map { "id '\($0)', which is not an unsigned integer" } ?? "no id attribute"
    return make(.numaSiblingIdInvalid, "a sibling of cell \(cell) has \(what)", file: file, at: position)
  }

  static func siblingIdUnknown(file: String, cell: Int, sibling: Int, cellCount: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaSiblingIdUnknown,
      "cell \(cell) names sibling \(sibling), but there is no cell \(sibling) (cells are 0 to \(cellCount - 1))",
      file: file, at: position)
  }

  static func siblingDuplicate(file: String, cell: Int, sibling: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaSiblingDuplicate, "cell \(cell) gives sibling \(sibling) more than once: the last value wins", file: file,
      at: position)
  }

  static func distanceInvalid(file: String, cell: Int, sibling: Int, text: String?, at position: SourcePosition) -> Diagnostic {
    let what = text.map { "value '\($0)', which is not an unsigned integer" } ?? "no value attribute"
    return make(.numaDistanceInvalid, "sibling \(sibling) of cell \(cell) has \(what)", file: file, at: position)
  }

  static func distanceOutOfRange(file: String, cell: Int, sibling: Int, value: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numaDistanceOutOfRange,
      "distance \(cell)→\(sibling) is \(value): distances must be 10 to 255", file: file, at: position)
  }

  static func localNot10(file: String, cell: Int, value: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaDistanceLocalNot10, "distance of cell \(cell) to itself is \(value): a cell's local distance must be 10",
      file: file, at: position)
  }

  static func remote10(file: String, cell: Int, sibling: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaDistanceRemote10,
      "distance \(cell)→\(sibling) is 10, the local distance: a remote cell must be farther than 10",
      file: file, at: position)
  }

  static func asymmetric(file: String, from: Int, to: Int, forward: Int, backward: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaDistanceAsymmetric,
      "distance \(from)→\(to) is \(forward) but \(to)→\(from) is \(backward): the matrix is asymmetric",
      file: file, at: position)
  }

  static func triangle(file: String, from: Int, to: Int, via: Int, direct: Int, detour: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaDistanceTriangle,
      "distance \(from)→\(to) is \(direct), longer than \(from)→\(via)→\(to) (\(detour)): distances break the triangle inequality",
      file: file, at: position)
  }

  // MARK: Cells against the domain

  static func vcpusExceedCount(file: String, inCells: Int, vcpus: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaVCPUsExceedCount,
      "the cells hold \(inCells) vCPUs but <vcpu> is \(vcpus): raise <vcpu> or remove cpus from cells",
      file: file, at: position)
  }

  static func cpuIdExceedsVCPUs(file: String, cell: Int, cpu: Int, vcpus: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaCPUIdExceedsVCPUs,
      "cell \(cell) lists cpu \(cpu), but <vcpu> is \(vcpus): vCPU ids run from 0 to \(vcpus - 1)",
      file: file, at: position)
  }

  static func vcpusUnassigned(file: String, missing: CPUSet, at position: SourcePosition) -> Diagnostic {
    make(
      .numaVCPUsUnassigned,
      "vCPU\(missing.count == 1 ? "" : "s") \(missing) \(missing.count == 1 ? "is" : "are") in no cell: libvirt's QEMU driver puts them in cell 0, libxl refuses them",
      file: file, at: position)
  }

  static func memoryMismatch(file: String, memoryKiB: UInt64, cellsKiB: UInt64, at position: SourcePosition) -> Diagnostic {
    make(
      .numaMemoryMismatch,
      "<memory> is \(memoryKiB) KiB but the cells add up to \(cellsKiB) KiB: when libvirt defines the guest (QEMU, xl) it uses the sum of the cells",
      file: file, at: position)
  }

  static func vcpuCountInvalid(file: String, text: String, at position: SourcePosition) -> Diagnostic {
    make(.vcpuCountInvalid, "<vcpu> is '\(text)', which is not a positive integer", file: file, at: position)
  }

  static func memoryElementInvalid(file: String, element: String, text: String, reason: MemorySizeError, at position: SourcePosition) -> Diagnostic {
    let why: String
    switch reason {
    case .invalidNumber: why = "is not an unsigned integer"
    case .unknownUnit: why = "has an unknown unit"
    case .tooLarge: why = "is too large"
    }
    return make(.memoryInvalid, "<\(element)> '\(text)' \(why)", file: file, at: position)
  }

  // MARK: numatune

  static func memnodeCellUnknown(file: String, cellid: Int, cellCount: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numatuneMemnodeCellUnknown,
      "<memnode cellid='\(cellid)'> names no cell: cells are 0 to \(cellCount - 1)", file: file, at: position)
  }

  static func memnodeCellInvalid(file: String, text: String?, at position: SourcePosition) -> Diagnostic {
    let what = text.map { "cellid '\($0)', which is not an unsigned integer" } ?? "no cellid attribute"
    return make(.numatuneMemnodeCellUnknown, "<memnode> has \(what)", file: file, at: position)
  }

  static func memnodeDuplicate(file: String, cellid: Int, at position: SourcePosition) -> Diagnostic {
    make(.numatuneMemnodeDuplicate, "<memnode cellid='\(cellid)'> is given twice: one memnode per cell", file: file, at: position)
  }

  static func memnodeWithoutNUMA(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numatuneMemnodeWithoutNUMA, "<memnode> needs guest NUMA cells, but the domain has no <cpu><numa>",
      file: file, at: position)
  }

  static func memnodeAutoPlacement(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numatuneMemnodeAutoPlacement,
      "<memnode> cannot be combined with automatic NUMA placement: give <numatune><memory> a static nodeset",
      file: file, at: position)
  }

  static func memnodeModeMismatch(file: String, cellid: Int, mode: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numatuneMemnodeModeMismatch,
      "<memnode cellid='\(cellid)'> has mode '\(mode)', but <memory mode='restrictive'> requires every memnode to be restrictive",
      file: file, at: position)
  }

  static func nodesetMissing(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .numatuneNodesetMissing,
      "<numatune><memory> has static placement but no nodeset: add nodeset='…' or placement='auto'",
      file: file, at: position)
  }

  static func nodesetInvalid(file: String, element: String, text: String, reason: String, at position: SourcePosition) -> Diagnostic {
    make(.numatuneNodesetInvalid, "<\(element)> nodeset '\(text)' \(reason)", file: file, at: position)
  }

  static func memorySizeMissing(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .memorySizeMissing,
      "the domain has no memory: give <memory> or cells with a non-zero size", file: file, at: position)
  }

  // MARK: Converters

  static func notConverted(_ code: DiagnosticCode, file: String, element: String, target: String, at position: SourcePosition) -> Diagnostic {
    let shown = element.split(separator: "/").map { "<\($0)>" }.joined()
    return make(code, "\(shown) is not converted: \(target) output carries only the NUMA topology and what it depends on", file: file, at: position)
  }

  static func cellMemoryNotMiB(file: String, cell: Int, kib: UInt64, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLMemoryNotMiB,
      "cell \(cell) has \(kib) KiB, not a whole number of MiB: xl vnuma sizes are MiB; use \(kib / 1024 * 1024) or \((kib / 1024 + 1) * 1024) KiB",
      file: file, at: position)
  }

  static func cellWithoutCPUs(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLCellWithoutCPUs, "cell \(cell) has no cpus: every xl vnode needs vcpus (memory-only nodes cannot be expressed)",
      file: file, at: position)
  }

  static func xlMemoryMismatch(file: String, maxmemMiB: UInt64, vnodesMiB: UInt64, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLMemoryMismatch,
      "maxmem is \(maxmemMiB) MiB but the vnodes add up to \(vnodesMiB) MiB: xl refuses this (maxmem and vnuma memory size mismatch); make <memory> the sum of the cells",
      file: file, at: position)
  }

  static func xlNotHVM(file: String, osType: String, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLNotHVM, "<os><type> is '\(osType)': Xen supports vNUMA for HVM guests, not PV ones", file: file, at: position)
  }

  static func qemuNoCPUs(file: String, at position: SourcePosition) -> Diagnostic {
    make(.toQEMUNoCPUs, "no cell has cpus: QEMU needs at least one NUMA node with CPUs", file: file, at: position)
  }

  static func qemuTooManyNodes(file: String, count: Int, at position: SourcePosition) -> Diagnostic {
    make(.toQEMUTooManyNodes, "the guest has \(count) cells: QEMU accepts at most 128 NUMA nodes", file: file, at: position)
  }
}
