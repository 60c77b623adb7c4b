/// Every diagnostic's wording, in one place. Messages start lowercase, have no final period,
/// name the cell or sibling concerned, state the rule that was broken and, where there is one,
/// the likely fix.
package enum Messages {
  static func make(_ code: DiagnosticCode, _ message: String, file: String, at position: SourcePosition) -> Diagnostic {
    Diagnostic(
      severity: code.defaultSeverity, code: code, message: message, file: file, line: position.line,
      column: position.column)
  }

  // MARK: Reading the document

  /// A NUL byte after the document: libvirt reads a C string, so what follows is not read.
  static func nulByte(file: String, ignored: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .xmlNulByte,
      "a NUL byte ends the document here: libvirt reads domain XML as a C string, so the \(ignored) bytes from here on are not read (and the canonical form leaves them out)",
      file: file, at: position)
  }

  /// A NUL byte before the document's end.
  static func nulInDocument(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .xmlNotWellFormed,
      "a NUL byte, where XML allows none: libvirt reads domain XML as a C string, which ends here, before the document does",
      file: file, at: position)
  }

  /// A UTF-16 file: nothing before its first NUL byte.
  static func utf16Document(file: String) -> Diagnostic {
    make(
      .xmlNotWellFormed,
      "the file is UTF-16: libvirt reads domain XML as a C string, which ends at the first NUL byte, so it finds no document; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)",
      file: file, at: SourcePosition(line: 1, column: 1))
  }

  static func notWellFormed(file: String, detail: String, line: Int?, column: Int?) -> Diagnostic {
    make(.xmlNotWellFormed, "not well-formed XML: \(detail)", file: file, at: SourcePosition(line: line, column: column))
  }

  /// libxml2 gave no document and said nothing about why.
  static func documentUnreadable(file: String) -> Diagnostic {
    notWellFormed(file: file, detail: "the document could not be read", line: nil, column: nil)
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

  /// Another kind of input where a guest domain was expected: what it looks like, and the
  /// command that reads it.
  static func wrongInput(file: String, kind: InputKind, at position: SourcePosition) -> Diagnostic {
    make(.xmlNotADomain, wrongInputText(kind, path: file), file: file, at: position)
  }

  /// "this is X, not a guest domain: read it with …"; `path` names the input in the commands.
  static func wrongInputText(_ kind: InputKind, path: String) -> String {
    let file = path == "<stdin>" ? "-" : TerminalText.safe(path)
    let host = "a host is read by 'numaschema fit GUEST --host \(file)' or 'numaschema from-host --host \(file)'"
    switch kind {
    case .hostCapabilities:
      return "this is libvirt's host capabilities (<capabilities>), not a guest domain: \(host)"
    case .xlConfig:
      return "this is a Xen xl config (key = value lines), not a guest domain: read it with 'numaschema from-xl \(file)'"
    case .qemuCommandLine:
      return "this is a QEMU command line, not a guest domain: read it with 'numaschema from-qemu \(file)'"
    case .numactlOutput:
      return "this is numactl -H output (available: N nodes), not a guest domain: \(host)"
    case .sysfsNodeFolder:
      return "this is a host's sysfs NUMA node folder (nodeN), not a guest domain: \(host)"
    }
  }

  // MARK: Grammar

  static func grammarViolation(file: String, detail: String, line: Int?) -> Diagnostic {
    make(.rngInvalid, detail, file: file, at: SourcePosition(line: line, column: nil))
  }

  /// An attribute the grammar does not take on this element, with the allowed name it most
  /// likely meant, else the names it takes.
  static func unknownAttribute(
    file: String, element: String, attribute: String, suggestion: String?, allowed: [String], at position: SourcePosition
  ) -> Diagnostic {
    let named = "<\(nameExcerpt(element))>"
    let text: String
    if let suggestion {
      text = "\(named) has no attribute '\(nameExcerpt(attribute))': did you mean '\(suggestion)'?"
    } else if allowed.isEmpty {
      text = "\(named) takes no attributes, so not '\(nameExcerpt(attribute))'"
    } else {
      text = "\(named) has no attribute '\(nameExcerpt(attribute))': its attributes are \(listed(allowed))"
    }
    return make(.rngInvalid, text, file: file, at: position)
  }

  /// A child element the grammar does not take in this element, with the allowed name it most
  /// likely meant, else the names it takes.
  static func unknownElement(
    file: String, parent: String, element: String, suggestion: String?, allowed: [String], at position: SourcePosition
  ) -> Diagnostic {
    let named = "<\(nameExcerpt(parent))>"
    let child = "<\(nameExcerpt(element))>"
    let text: String
    if let suggestion {
      text = "\(named) has no child element \(child): did you mean <\(suggestion)>?"
    } else if allowed.isEmpty {
      text = "\(named) takes no child elements, so not \(child)"
    } else {
      text = "\(named) has no child element \(child): its children are \(listed(allowed.map { "<\($0)>" }))"
    }
    return make(.rngInvalid, text, file: file, at: position)
  }

  /// An attribute the grammar requires on this element, missing.
  static func missingAttribute(file: String, element: String, attribute: String, at position: SourcePosition) -> Diagnostic {
    make(.rngInvalid, "<\(nameExcerpt(element))> lacks the attribute '\(attribute)', which it requires", file: file, at: position)
  }

  /// An element or attribute name from the input, clipped so that a hostile one stays readable.
  private static func nameExcerpt(_ name: String) -> String {
    let safe = TerminalText.safe(name)
    return safe.count > 40 ? String(safe.prefix(40)) + "…" : safe
  }

  /// "a, b and c"; past a dozen names, the first dozen and how many more.
  static func listed(_ names: [String]) -> String {
    let shown = 12
    if names.count > shown { return names.prefix(shown).joined(separator: ", ") + " and \(names.count - shown) more" }
    guard let last = names.last else { return "" }
    return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
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
    make(.numaMemoryMissing, "cell \(cell) has \(missingAttribute("memory")): every cell needs its size", file: file, at: position)
  }

  static func memoryInvalid(file: String, cell: Int, text: String, at position: SourcePosition) -> Diagnostic {
    make(.numaMemoryInvalid, "cell \(cell) has memory '\(text)', \(notANumber(text))", file: file, at: position)
  }

  /// A number libvirt reads, in a form that reads easily wrong: a leading zero (libvirt reads
  /// decimal, C, xl and shells octal) or a blank before it (skipped, where one after it is refused).
  /// `nil` when the form is plain. `what` names the attribute, e.g. "cell 1's memory".
  /// How a missing attribute is worded ("cell 1 has no id attribute"); `Validator` looks for it.
  static func missingAttribute(_ attribute: String) -> String { "no \(attribute) attribute" }

  /// The numbers `numberForm` names.
  enum NumberPart {
    static func cellId(_ index: Int) -> String { "cell \(index)'s id" }
    static func cellCPUs(_ id: Int) -> String { "cell \(id)'s cpus" }
    static func cellMemory(_ id: Int) -> String { "cell \(id)'s memory" }
    static func siblingId(cell: Int) -> String { "cell \(cell)'s sibling id" }
    static func distance(_ from: Int, _ to: Int) -> String { "distance \(from)→\(to)" }
  }

  static func numberForm(
    file: String, what: String, text: String, at position: @autoclosure () -> SourcePosition
  ) -> Diagnostic? {
    let trimmed = text.trimmingWhitespace()
    let reading: String
    if trimmed.count < text.count {
      reading = "libvirt skips the blank before the number but refuses one after it"
    } else if let zero = Self.misreadLeadingZero(in: text) {
      let octal = zero.allSatisfy({ ("0"..."7").contains($0) }) ? UInt64(zero, radix: 8).map(String.init) : nil
      let other = octal.map { "octal, \($0)" } ?? "octal, and refuse it"
      reading = "'\(zero)' is \(plainNumbers(String(zero))) to libvirt, which reads decimal; C, xl and shells read a leading 0 as \(other)"
    } else {
      return nil
    }
    // Blanks other than a space are shown as escapes, so the message shows what is there.
    let shown = TerminalText.safe(text)
    return make(.numaNumberForm, "\(what) is '\(shown)': \(reading); write '\(plainNumbers(trimmed))'", file: file, at: position())
  }

  /// `text` with every number's leading zeros dropped ("00-03" → "0-3").
  static func plainNumbers(_ text: String) -> String {
    var result = ""
    var pendingZeros = 0
    var inNumber = false
    for character in text {
      let digit = character.isASCII && character.isNumber
      if digit && !inNumber && character == "0" {
        pendingZeros += 1
        continue
      }
      if !digit && pendingZeros > 0 { result.append("0") }
      if digit { inNumber = true } else { inNumber = false }
      pendingZeros = 0
      result.append(character)
    }
    if pendingZeros > 0 { result.append("0") }
    return result
  }

  /// The first number in `text` (digits between non-digits) written with a leading zero whose
  /// octal reading differs from its decimal one ("010", "08"; not "00" to "07").
  static func misreadLeadingZero(in text: String) -> Substring? {
    var index = text.startIndex
    while index < text.endIndex {
      guard text[index].isASCII, text[index].isNumber else {
        index = text.index(after: index)
        continue
      }
      let end = text[index...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
      let digits = text[index..<end]
      if digits.count > 1 && digits.first == "0" && digits.dropFirst().contains(where: { $0 != "0" }),
        UInt64(digits, radix: 8).map(String.init) != plainNumbers(String(digits))
      {
        return digits
      }
      index = end
    }
    return nil
  }

  static func canonicalDiffers(file: String, line: Int) -> Diagnostic {
    make(
      .canonicalDiffers,
      "not in canonical form from this line on: numaschema canonicalize --in-place rewrites it (--diff shows the change)",
      file: file, at: SourcePosition(line: line, column: 1))
  }

  static func canonicalFullTooLarge(file: String, cells: Int, limit: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .canonicalFullTooLarge,
      "a full distance matrix of \(cells) cells would be \(cells) × \(cells) <sibling>s: --distances full writes it for up to \(limit) cells; use --distances minimal (the same matrix, only the entries completion cannot infer) or asis",
      file: file, at: position)
  }

  /// Why `text` is not an unsigned integer to libvirt's parser: a blank after the number is
  /// the one difference from its grammar worth naming (the grammar collapses blanks, the parser
  /// skips leading ones only).
  static func notANumber(_ text: String) -> String {
    let trimmed = text.trimmingWhitespace()
    if trimmed.count < text.count, !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      text.utf8.last.map({ $0 == 0x20 || (0x09...0x0D).contains($0) }) == true
    {
      return "with a blank after the number, which libvirt refuses (it skips blanks before a number, not after)"
    }
    return "which is not an unsigned integer"
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
      "cell \(cell) has no memory: QEMU takes it as a CPU-only node only on machine types up to 5.0 (newer ones refuse the memory backend of size 0 libvirt gives it), Xen refuses it",
      file: file, at: position)
  }

  // MARK: Distances

  static func distancesNoSiblings(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(.numaDistancesNoSiblings, "cell \(cell) has <distances> without any <sibling>", file: file, at: position)
  }

  static func siblingIdInvalid(file: String, cell: Int, text: String?, at position: SourcePosition) -> Diagnostic {
    let what = text.map { "id '\($0)', which is not an unsigned integer" } ?? missingAttribute("id")
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
    let what = text.map { "value '\($0)', \(notANumber($0))" } ?? missingAttribute("value")
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

  /// After `listedMatrixFindings` findings of one kind, the one that says how many more there
  /// are, with the code and severity of the first.
  static func matrixFindingsNotListed(
    _ left: Int, asymmetric: Bool, like first: Diagnostic, file: String, at position: SourcePosition
  ) -> Diagnostic {
    Diagnostic(
      severity: first.severity, code: first.code,
      message: "\(left) more \(asymmetric ? "asymmetric pairs" : "pairs breaking the triangle inequality") not listed",
      file: file, line: position.line, column: position.column)
  }

  /// What `numaTooLarge` names: all of `<numa>`, or the `<distances>` of one cell.
  static let tooLargeNuma = "<numa>"
  static let tooLargeDistances = "<distances> of a cell"

  static func numaTooLarge(file: String, what: String, count: Int, limit: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .numaTooLarge,
      "\(what) has \(count) entries, more than the \(limit) numaschema checks: no guest has that many NUMA cells; nothing more was checked",
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

  static func memoryMismatch(
    file: String, memoryKiB: UInt64, cellsKiB: UInt64, devicesKiB: UInt64 = 0, at position: SourcePosition
  ) -> Diagnostic {
    let sum =
      devicesKiB == 0
      ? "the cells add up to \(cellsKiB) KiB: when libvirt defines the guest (QEMU, xl) it uses the sum of the cells"
      : "the cells (\(cellsKiB) KiB) and the memory devices (\(devicesKiB) KiB) add up to \(cellsKiB + devicesKiB) KiB: when libvirt's QEMU driver defines the guest it uses that sum"
    return make(.numaMemoryMismatch, "<memory> is \(memoryKiB) KiB but \(sum)", file: file, at: position)
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
    let what = text.map { "cellid '\($0)', which is not an unsigned integer" } ?? missingAttribute("cellid")
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

  /// Why a nodeset is invalid, as `nodesetInvalid` goes on.
  static let nodesetNamesNoNode = "names no host node"
  static func nodesetDoesNotParse(_ error: some Error) -> String { "does not parse: \(error)" }

  static func nodesetInvalid(file: String, element: String, text: String, reason: String, at position: SourcePosition) -> Diagnostic {
    make(.numatuneNodesetInvalid, "<\(element)> nodeset '\(text)' \(reason)", file: file, at: position)
  }

  static func memorySizeMissing(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .memorySizeMissing,
      "the domain has no memory: give <memory> or cells with a non-zero size", file: file, at: position)
  }

  // MARK: Converters

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

  static func cellWithoutMemory(file: String, cell: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLCellWithoutMemory, "cell \(cell) has no memory: every xl vnode needs a size of at least 1 MiB",
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

  static func xlTooManyVNodes(file: String, count: Int, limit: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .toXLTooManyVNodes,
      "the guest has \(count) cells: an xl config lists each vnode's distance to every vnode (\(count) × \(count)), and is written for up to \(limit) vnodes",
      file: file, at: position)
  }

  static func qemuHugetlbfsMissing(file: String, pageSizeKiB: UInt64, at position: SourcePosition) -> Diagnostic {
    let pages =
      pageSizeKiB == 0
      ? "huge pages of the default size" : "\(MemoryUnit.exactText(pageSizeKiB, units: ["KiB", "MiB", "GiB"])) huge pages"
    return make(
      .toQEMUHugetlbfsMissing,
      "the guest's memory is backed by \(pages), and no hugetlbfs mount serves them: name one with --hugetlbfs SIZE=PATH, as libvirt finds it in the host's mounts or qemu.conf's hugetlbfs_mount",
      file: file, at: position)
  }

  static func qemuTooManyNodes(file: String, count: Int, at position: SourcePosition) -> Diagnostic {
    make(.toQEMUTooManyNodes, "the guest has \(count) cells: QEMU accepts at most 128 NUMA nodes", file: file, at: position)
  }

  // MARK: xl

  /// A token as messages name it, clipped so a hostile 5,000-digit number stays readable.
  private static func xlFound(_ kind: XLTokenKind) -> String {
    switch kind {
    case .word(let word): return "'\(xlClip(word))'"
    case .number(let number): return "number \(xlClip(number))"
    case .string(let text): return "string \(XLValue.quoted(xlClip(text)))"
    case .open: return "'['"
    case .close: return "']'"
    case .comma: return "','"
    case .equals: return "'='"
    case .plusEquals: return "'+='"
    case .semicolon: return "';'"
    case .newline: return "the end of the line"
    case .end: return "the end of the file"
    }
  }

  private static func xlClip(_ text: String) -> String {
    text.count > 32 ? String(text.prefix(32)) + "…" : text
  }

  /// A byte as a character when it is printable ASCII, else as 0xHH.
  private static func xlByte(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte <= 0x7E { return String(UnicodeScalar(byte)) }
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }

  static func xlSyntax(_ problem: XLSyntaxProblem, file: String, at position: SourcePosition) -> Diagnostic {
    let text: String
    switch problem {
    case .carriageReturn:
      text = "carriage return: xl refuses CRLF files; save the file with LF line ends"
    case .nulByte:
      text = "NUL byte: an xl config is text"
    case .nonASCII(let byte):
      text = "byte \(xlByte(byte)) outside a string: xl accepts only ASCII outside strings and comments"
    case .controlCharacter(let byte):
      text = "control character \(xlByte(byte)): only spaces and tabs separate xl tokens"
    case .unexpectedCharacter(let byte):
      text = "unexpected '\(xlByte(byte))': an xl statement is key = value, where a value is a \"string\", a number or a [ list ]"
    case .upperCase(let byte):
      text = "upper-case '\(xlByte(byte))': xl keys are lowercase ([a-z][._0-9a-z]*) and text values must be quoted"
    case .backslashOutsideString:
      text = "backslash outside a string: xl has no line continuation; only a [ list ] may span lines"
    case .minusSign:
      text = "'-' outside a string: xl numbers have no sign, so a negative value cannot be written (xl takes it for Python, which it no longer reads)"
    case .lonePlus:
      text = "'+' without '=': xl's operators are = and +="
    case .unterminatedString(let quote):
      text = "unterminated string: it must end with \(xlByte(quote)) on the line it starts"
    case .invalidEscape(let byte):
      text = "invalid escape '\\\(xlByte(byte))' in a string: xl knows \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v only"
    case .numericEscape(let byte):
      text = "numeric escape '\\\(xlByte(byte))…' in a string: xl mishandles numeric escapes; write the character itself"
    case .nulInString:
      text = "NUL byte in a string: an xl config is text"
    case .stringNotUTF8:
      text = "string is not valid UTF-8: save the file as UTF-8"
    case .commentWithoutNewline:
      text = "comment on the last line has no newline: xl refuses it; end the file with a newline"
    case .expectedKey(let found):
      text = "expected a key, found \(xlFound(found)): a statement is key = value"
    case .expectedAssignment(let key, let found):
      text = "expected '=' or '+=' after '\(xlClip(key))', found \(xlFound(found))"
    case .expectedValue(let key, let found):
      text = "'\(xlClip(key))' has no value, found \(xlFound(found)): a value is a \"string\", a number or a [ list ]"
    case .bareWord(let word):
      text = "bare word '\(xlClip(word))' is not a value: quote it as \"\(xlClip(word))\""
    case .expectedEndOfStatement(let key, let found):
      text = "expected ';' or the end of the line after the value of '\(xlClip(key))', found \(xlFound(found)): a setting has one value"
    case .expectedCommaOrClose(let found):
      text = "expected ',' or ']' after a list element, found \(xlFound(found))"
    case .unexpectedComma:
      text = "unexpected ',': a comma must follow a list element"
    case .unexpectedInList(let found):
      text = "unexpected \(xlFound(found)) inside a list: separate elements with ',' and close the list with ']'"
    case .unterminatedList:
      text = "list is never closed: add ']'"
    case .nestingTooDeep(let limit):
      text = "lists nest more than \(limit) deep: numaschema reads no deeper"
    case .appendMismatch(let key, let previousIsList):
      text =
        previousIsList
        ? "'+=' adds a single value to the list '\(xlClip(key))' holds: xl appends lists to lists and strings to strings"
        : "'+=' adds a list to the single value '\(xlClip(key))' holds: xl appends lists to lists and strings to strings"
    }
    return make(.xlSyntax, text, file: file, at: position)
  }

  static func xlUnknownKey(file: String, key: String, suggestion: String?, at position: SourcePosition) -> Diagnostic {
    var text =
      "'\(xlClip(key))' is not converted: numaschema carries only name, uuid, type, builder, memory, maxmem, vcpus, maxvcpus and vnuma"
    if let suggestion { text += "; if you meant '\(suggestion)', fix the spelling" }
    return make(.xlUnknownKey, text, file: file, at: position)
  }

  static func xlNameMissing(file: String) -> Diagnostic {
    make(.xlNameMissing, "the config has no name: xl and libvirt need name = \"…\"", file: file, at: .unknown)
  }

  static func xlValueInvalid(file: String, key: String, problem: XLValueProblem, at position: SourcePosition) -> Diagnostic {
    let text: String
    switch problem {
    case .list:
      text = "'\(key)' is a list, but should be a single value"
    case .appendedNumber:
      text = "'\(key)' is set with '+=': xl refuses '+=' for a number; use '='"
    case .notANumber(let value):
      text = "'\(key)' is '\(xlClip(value))', which is not a number: xl reads decimal, 0x hex or 0-prefixed octal"
    case .negative(let value):
      text = "'\(key)' is '\(xlClip(value))': it must not be negative"
    case .tooLarge(let value, let limit):
      text = "'\(key)' is \(xlClip(value)), too large: at most \(limit)"
    case .zero:
      text = "'\(key)' is 0: it must be at least 1"
    case .empty:
      text = "'\(key)' is empty: give the guest a name"
    case .multiline:
      text = "'\(key)' spans lines: a domain name is one line"
    case .notXMLText(let scalar):
      text = "'\(key)' holds character U+\(String(scalar, radix: 16, uppercase: true)), which XML cannot carry: remove it"
    case .cpuset(let value):
      text = "'\(key)' is '\(xlClip(value))': libvirt reads it as a cpuset of host CPUs 0 to 4095, e.g. \"0-3,8\""
    case .uuidForm(let value):
      text = "'\(key)' is '\(xlClip(value))': xl reads a UUID as 8-4-4-4-12 hex digits, e.g. c7a5fdb2-cdaf-9455-926a-d65c16db1809"
    case .unsupportedType(let value):
      text = "'\(key)' is '\(xlClip(value))': the guest types are \"pv\", \"pvh\" and \"hvm\""
    case .vcpusAboveMaximum(let vcpus, let maxvcpus):
      text = "vcpus is \(vcpus) but maxvcpus is \(maxvcpus): xl refuses more vCPUs at boot than the maximum; raise maxvcpus or lower vcpus"
    }
    return make(.xlValueInvalid, text, file: file, at: position)
  }

  static func xlNumberNotDecimal(
    file: String, key: String, text: String, value: UInt64, radix: Int, at position: SourcePosition
  ) -> Diagnostic {
    let shown = xlClip(text)
    let message =
      radix == 16
      ? "'\(key)' is \(shown), which xl reads as hex (\(value)) and libvirt refuses: write \(value)"
      : "'\(key)' is \(shown), which xl reads as octal (\(value)) but libvirt as decimal: write \(value)"
    return make(.xlNumberNotDecimal, message, file: file, at: position)
  }

  static func xlVNUMAFormat(file: String, problem: XLVNUMAFormatProblem, at position: SourcePosition) -> Diagnostic {
    let keys = "the keys are pnode, size, vcpus and vdistances"
    let text: String
    switch problem {
    case .notAList:
      text = "vnuma is not a list: write vnuma = [ [ \"pnode=0\", \"size=1024\", \"vcpus=0-1\" ], … ], one list per vnode"
    case .empty:
      text = "vnuma is an empty list: give one [ … ] per vnode, or remove vnuma"
    case .vnodeNotAList(let vnode):
      text = "vnode \(vnode) is not a list: each vnode is a list of \"KEY=VALUE\" strings"
    case .entryNotAString(let vnode, let entry, let isList):
      text = "entry \(entry + 1) of vnode \(vnode) is a \(isList ? "list" : "number"), not a \"KEY=VALUE\" string"
    case .entryWithoutEquals(let vnode, let entry):
      text = "vnode \(vnode) has '\(xlClip(entry))', which is not KEY=VALUE: \(keys)"
    case .entryWithoutValue(let vnode, let key):
      text = "vnode \(vnode) gives '\(key)=' without a value"
    case .unknownKey(let vnode, let key):
      text = "vnode \(vnode) has unknown key '\(xlClip(key))': \(keys)"
    case .duplicateKey(let vnode, let key):
      text = "vnode \(vnode) gives \(key) twice: give each key once"
    }
    return make(.xlVNUMAFormat, text, file: file, at: position)
  }

  static func xlVNodeIncomplete(file: String, vnode: Int, missing: [String], at position: SourcePosition) -> Diagnostic {
    let list = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + (missing.last ?? "")
    return make(
      .xlVNUMAIncomplete, "vnode \(vnode) lacks \(list): every vnode needs pnode, size and vcpus", file: file,
      at: position)
  }

  static func xlPNodeInvalid(file: String, vnode: Int, text: String, vnodes: Int, at position: SourcePosition) -> Diagnostic {
    let isNumber = !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    let message =
      isNumber
      ? "vnode \(vnode) has pnode=\(xlClip(text)): libvirt accepts pnode 0 to \(vnodes - 1) only (below the number of vnodes)"
      : "vnode \(vnode) has pnode '\(xlClip(text))', which is not a decimal node number"
    return make(.xlVNUMAPNodeInvalid, message, file: file, at: position)
  }

  static func xlVNodeValueInvalid(file: String, vnode: Int, problem: XLVNodeValueProblem, at position: SourcePosition)
    -> Diagnostic
  {
    let text: String
    switch problem {
    case .sizeNotANumber(let value):
      text = "vnode \(vnode) has size '\(xlClip(value))', which is not a decimal number of MiB"
    case .sizeZero:
      text = "vnode \(vnode) has size 0: a vnode needs memory (in MiB)"
    case .sizeTooLarge(let value):
      text = "vnode \(vnode) has size \(xlClip(value)) MiB: the guest's memory must stay below 2^43 MiB"
    case .vcpusSyntax(let value):
      text = "vnode \(vnode) has vcpus '\(xlClip(value))': xl reads N or N-M items separated by commas, without spaces or '^'"
    case .vcpusReversed(let value, let lower, let upper):
      text = "vnode \(vnode) has vcpus '\(xlClip(value))': range \(lower)-\(upper) runs backwards"
    case .vcpusTooLarge(let value, let id):
      text = "vnode \(vnode) has vcpus '\(xlClip(value))': vCPU \(id) is beyond the largest id \(CPUSet.domainLimit - 1)"
    }
    return make(.xlVNUMAValueInvalid, text, file: file, at: position)
  }

  static func xlDistancesCount(file: String, vnode: Int, text: String, given: Int, vnodes: Int, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .xlVNUMADistancesCount,
      "vnode \(vnode) gives \(given) distance\(given == 1 ? "" : "s") ('\(xlClip(text))') for \(vnodes) vnode\(vnodes == 1 ? "" : "s"): vdistances needs one value per vnode, its own included",
      file: file, at: position)
  }

  static func xlDistanceOutOfRange(file: String, vnode: Int, sibling: Int, text: String, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .xlVNUMADistanceInvalid,
      "distance from vnode \(vnode) to vnode \(sibling) is '\(xlClip(text))': distances are whole numbers from 10 to 255",
      file: file, at: position)
  }

  static func xlDistanceLocalNot10(file: String, vnode: Int, value: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .xlVNUMADistanceInvalid, "distance from vnode \(vnode) to itself is \(value): a vnode's local distance must be 10",
      file: file, at: position)
  }

  static func xlDistanceRemote10(file: String, vnode: Int, sibling: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .xlVNUMADistanceInvalid,
      "distance from vnode \(vnode) to vnode \(sibling) is 10, the local distance: a remote vnode must be farther than 10",
      file: file, at: position)
  }

  static func xlVCPUsOverlap(file: String, vnode: Int, other: Int, shared: CPUSet, at position: SourcePosition) -> Diagnostic {
    make(
      .xlVNUMAVCPUsOverlap,
      "vnode \(vnode) lists vCPU\(shared.count == 1 ? "" : "s") \(shared), already in vnode \(other): a vCPU belongs to one vnode only",
      file: file, at: position)
  }

  static func xlVCPUsExceedCount(file: String, total: Int, maximum: UInt64, source: XLVCPUSource, at position: SourcePosition)
    -> Diagnostic
  {
    let limit: String
    switch source {
    case .maxvcpus: limit = "maxvcpus is \(maximum)"
    case .vcpus: limit = "the guest has at most \(maximum) (vcpus, as there is no maxvcpus)"
    case .defaultOne: limit = "the guest has 1 (neither vcpus nor maxvcpus is set)"
    }
    return make(
      .xlVNUMAVCPUsExceed, "vnuma places \(total) vCPUs but \(limit): set maxvcpus = \(total) or list fewer vcpus",
      file: file, at: position)
  }

  static func xlVCPUIdExceeds(file: String, vnode: Int, cpu: Int, maximum: UInt64, at position: SourcePosition) -> Diagnostic {
    make(
      .xlVNUMAVCPUsExceed,
      "vnode \(vnode) lists vCPU \(cpu), but the guest has \(maximum) vCPU\(maximum == 1 ? "" : "s") (0 to \(maximum - 1)): raise maxvcpus or renumber",
      file: file, at: position)
  }

  static func xlVNUMAMemoryMismatch(file: String, maxmemMiB: UInt64, vnodesMiB: UInt64, at position: SourcePosition)
    -> Diagnostic
  {
    make(
      .xlVNUMAMemoryMismatch,
      "maxmem is \(maxmemMiB) MiB but the vnodes add up to \(vnodesMiB) MiB: xl refuses this (maxmem and vnuma memory size mismatch); libvirt converts it as written, <memory> \(maxmemMiB) MiB and the cells as given, and takes the cells' \(vnodesMiB) MiB when the guest is defined; set maxmem = \(vnodesMiB) or remove it",
      file: file, at: position)
  }

  static func xlVNUMAOnPV(file: String, at position: SourcePosition) -> Diagnostic {
    make(
      .xlVNUMAOnPV,
      "vnuma on a PV guest: Xen does not support vNUMA for PV guests; set type = \"hvm\" (or builder = \"hvm\")",
      file: file, at: position)
  }

  // MARK: Fit

  static func fitTooManyVNodes(file: String, cells: Int, hostNodes: Int, firstHostNode: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fitTooManyVNodes,
      "the guest has \(cells) cells but the host has \(hostNodes) node\(hostNodes == 1 ? "" : "s"): libxl then places every vnode on host node \(firstHostNode)",
      file: file, at: position)
  }

  /// `needKiB` is `nil` when the cells' memory adds up to more than 64 bits of KiB.
  static func fitMemory(file: String, cells: [Int], hostNode: Int, needKiB: UInt64?, haveKiB: UInt64, at position: SourcePosition) -> Diagnostic {
    let which = cells.count == 1 ? "cell \(cells[0]) needs" : "cells \(cells.map(String.init).joined(separator: ", ")) need"
    let need = needKiB.map { "\($0 / 1024) MiB" } ?? "more memory than 64 bits of KiB can count"
    return make(
      .fitMemory, "\(which) \(need) on host node \(hostNode), which has \(haveKiB / 1024) MiB",
      file: file, at: position)
  }

  static func fitVCPUs(file: String, cell: Int, vcpus: Int, hostNode: Int, hostCPUs: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fitVCPUs, "cell \(cell) has \(vcpus) vCPUs but host node \(hostNode) has \(hostCPUs) CPU\(hostCPUs == 1 ? "" : "s")",
      file: file, at: position)
  }

  /// What the best candidate node of a cell lacks.
  static func planShortfall(
    file: String, cell: Int, node: Int, shortfall: Shortfall, at position: SourcePosition
  ) -> Diagnostic {
    switch shortfall {
    case .noCPUs:
      return make(.fitVCPUs, "cell \(cell) has vCPUs, and no host node with CPUs is left for it", file: file, at: position)
    case .vcpus(let need, let room):
      return make(
        .fitVCPUs,
        "cell \(cell) needs \(need) vCPU\(need == 1 ? "" : "s"), node \(node) has \(room) CPU\(room == 1 ? "" : "s") left", file: file,
        at: position)
    case .memory(let need, let have):
      return make(.fitMemory, "cell \(cell) needs \(need / 1024) MiB, node \(node) has \(have / 1024) MiB", file: file, at: position)
    case .hugePages(let need, let size, let have):
      let pages = MemoryUnit.exactText(size, units: ["KiB", "MiB", "GiB"])
      return make(
        .fitHugePages, "cell \(cell) needs \(need) pages of \(pages), node \(node) has \(have)", file: file, at: position)
    case .notAllowed(let nodes):
      return make(
        .fitNoPlacement, "cell \(cell) is bound to host nodes \(nodes), and node \(node) is not one of them", file: file,
        at: position)
    }
  }

  static func planTooLarge(file: String, cells: Int, nodes: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fitPlanTooLarge,
      "a guest of \(cells) cells on a host of \(nodes) nodes: fit plans guests of up to \(FitPlanner.largestGuest) cells (QEMU's limit) on hosts of up to \(FitPlanner.largestHost) nodes (Linux's); --policy libxl checks the fixed mapping",
      file: file, at: position)
  }

  static func planNotTogether(file: String, cells: Int, nodes: CPUSet, at position: SourcePosition) -> Diagnostic {
    make(
      .fitNoPlacement,
      "each cell fits some node, but the \(cells) cells need a node each and only host node\(nodes.count == 1 ? "" : "s") \(nodes) can take any of them",
      file: file, at: position)
  }

  static func fitDistances(file: String, from: Int, to: Int, guest: Int, hostFrom: Int, hostTo: Int, host: Int, at position: SourcePosition) -> Diagnostic {
    make(
      .fitDistances,
      "distance \(from)→\(to) is \(guest) in the guest but \(host) between host nodes \(hostFrom) and \(hostTo)",
      file: file, at: position)
  }
}

