/// The wording of what commands print about a run: verdicts, summaries and errors of the run.
extension Messages {
  /// The one prefix of every error of a run (an input that cannot be read, a usage error).
  package static let programName = "numaschema"

  /// What every error of a run starts with; ArgumentParser's usage errors are put after it as they are.
  package static let errorPrefix = "\(programName): error: "

  package static func runError(_ text: String) -> String { errorPrefix + TerminalText.safe(text) }

  package static func noInputs(_ arguments: [String], connections: [String] = []) -> String {
    let files = arguments.isEmpty ? nil : "no *.xml files found in \(arguments.joined(separator: " "))"
    let guests = connections.isEmpty ? nil : "no guests defined on \(connections.joined(separator: " "))"
    return [files, guests].compactMap { $0 }.joined(separator: " and ")
  }

  static func verdict(_ path: String, valid: Bool) -> String {
    "\(TerminalText.safe(path)): \(valid ? "valid" : "invalid")"
  }

  static func notCanonical(_ path: String) -> String { "\(TerminalText.safe(path)): not canonical" }

  static func cannotCompare(_ invalid: [String]) -> String {
    "cannot compare: \(invalid.map(TerminalText.safe).joined(separator: " and ")) \(invalid.count == 1 ? "is" : "are") invalid"
  }

  static func fitVerdict(_ path: String, fits: Bool, host: String) -> String {
    "\(TerminalText.safe(path)): \(fits ? "fits" : "does not fit") on \(TerminalText.safe(host))"
  }

  static func fitExistingInvalid(_ path: String) -> String {
    "--existing \(TerminalText.safe(path)) is not a valid guest: it cannot be counted as placed"
  }
  static func fitRunningInvalid(_ path: String, uri: String) -> String {
    "\(TerminalText.safe(path)) is running but its definition is not a valid guest, so it cannot be counted as placed "
      + "(validate --connect \(TerminalText.safe(uri)) says why)"
  }
  /// The running guests of a libvirt host that fit counted before placing any guest.
  static func fitRunningGuests(source: String, _ names: [String]) -> String {
    names.isEmpty
      ? "\(TerminalText.safe(source)): no running guests to count"
      : "\(TerminalText.safe(source)): running guests counted where their <numatune> binds and their <vcpupin>s pin them: "
        + names.map { TerminalText.excerpt($0, limit: 80) }.joined(separator: ", ")
  }
  static func fitWriteNeedsFile(_ name: String) -> String {
    "\(TerminalText.safe(name)): --write writes into guest files, and this guest is not one"
  }
  static func planNotWritable(_ path: String) -> String {
    "\(TerminalText.safe(path)): the plan could not be placed in the file's text (its elements do not line up with the parsed tree)"
  }

  static let diffNeedsPair = "diff compares two guests (files or -) or two folders of guests"

  static func showHeader(_ path: String) -> String { "==> \(TerminalText.safe(path)) <==" }

  static func onlyIn(_ folder: String, _ relative: String) -> String {
    "only in \(TerminalText.safe(folder)): \(TerminalText.safe(relative))"
  }

  /// A host HMAT figure from-host cannot give the guest (its initiator gets no vCPUs, or the
  /// figure repeats a link libvirt takes once). About the host: no position in a guest.
  static func hostInterconnectNotCarried(host: String, _ link: Interconnect, why: String) -> Diagnostic {
    let what = link.kind == .latency ? "latency \(link.value) ns" : "bandwidth \(link.value) KiB/s"
    return make(
      .hostInterconnectNotCarried,
      "the host's \(link.type) \(what) from node \(link.initiator) to node \(link.target) is not carried into the guest: \(why)",
      file: host, at: .unknown)
  }
}

extension Messages {
  static func noCases(_ directory: String) -> String {
    "no conformance case in \(directory): a case is a folder holding input.xml, input.cfg, input.args or a host source"
  }

  static func noCaseMatches(_ directory: String, filter: String) -> String {
    "no conformance case in \(directory) matches --filter '\(filter)'"
  }

  /// A case, golden or folder of the suite that could not be read.
  static func suiteError(_ directory: String, _ problem: SuiteProblem) -> String { "ERROR \(directory)/\(problem)" }

  /// A case whose products differ from its goldens (the diffs follow).
  static func caseFailed(_ name: String, description: String) -> String {
    "FAIL \(name)" + (description.isEmpty ? "" : " (\(description))")
  }

  static func goldenUpdated(_ directory: String, _ path: String) -> String { "updated \(directory)/\(path)" }

  /// `N passed, N failed[, N errors][, N skipped]`: the line the run ends with; with --update the
  /// failed cases are blessed and count as passed.
  static func suiteSummary(passed: Int, failed: Int, errors: Int, skipped: Int, update: Bool) -> String {
    var summary = "\(passed) passed, \(update ? 0 : failed) failed"
    if update && failed > 0 { summary = "\(passed + failed) passed, 0 failed (\(failed) blessed)" }
    if errors > 0 { summary += ", \(errors) \(errors == 1 ? "error" : "errors")" }
    if skipped > 0 { summary += ", \(skipped) skipped" }
    return summary
  }
}

extension Messages {
  /// The parts of a guest whose loss in a conversion changes its NUMA meaning.
  enum LeftOut {
    static let numatune = "<numatune> (the host nodes the guest's memory is bound to)"
    static let memoryBacking = "<memoryBacking> (huge pages, shared or file-backed memory of the cells)"
    static let maxMemory = "<maxMemory> (memory hotplug slots)"
    static let memoryDevices = "the memory devices of <devices> (memory on the guest's cells)"
    static let pciNodes = "the NUMA nodes of PCI expander buses in <devices>"
    static func cellAttribute(cell: Int, attribute: String, value: String) -> String {
      "cell \(cell)'s \(attribute)='\(TerminalText.safe(value))'"
    }
    static let hmat = "the HMAT of the cells (<cache>, <interconnects>)"
    static let devicesButNUMAOnes = " (all but its memory devices and PCI buses on cells)"
  }

  static func numaNotConverted(
    _ code: DiagnosticCode, file: String, what: String, target: String, at position: SourcePosition
  ) -> Diagnostic {
    make(
      code, "\(what) is not converted, so the \(target) guest differs from this one in its NUMA meaning", file: file,
      at: position)
  }

  /// Appended to the last warning about a NUMA loss: what else is left out, with no NUMA meaning.
  static func alsoNotConverted(_ elements: [String]) -> String {
    "; not converted either, having no NUMA meaning: \(elements.joined(separator: ", "))"
  }

  /// One line for everything a converter leaves out that has no NUMA meaning.
  static func leftOutNote(file: String, target: String, elements: [String]) -> String {
    "\(TerminalText.safe(file)): note: \(target) output carries only the NUMA topology and what it depends on; not converted: \(elements.joined(separator: ", "))"
  }
}
