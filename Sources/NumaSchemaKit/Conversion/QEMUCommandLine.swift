/// Writes the QEMU arguments for a guest's topology the way libvirt 9.0.0 generates them
/// (`qemuBuildNumaCommandLine`) for current machine types, one option per line.
///
/// `-m` is the sum of the cells, each rounded up to 1 MiB as libvirt does on x86; `-smp` gives the
/// vCPUs and topology; per cell a `memory-backend-ram` object (size in bytes) and
/// `-numa node,nodeid=N[,cpus=…]…,memdev=ram-nodeN`, with `cpus=` repeated for each run of the
/// cpuset (QEMU takes no comma list); `--legacy-mem` writes `mem=MiB` instead of backends. Then,
/// unless every given distance is the default (libvirt's rule), `-numa dist` for every ordered
/// pair of the completed matrix, row by row. vCPUs in no cell go to cell 0, as libvirt's QEMU
/// driver puts them.
struct QEMUCommandLine: GuestWriter {
  var legacyMemory = false
  let notConvertedCode = DiagnosticCode.toQEMUNotConverted
  let target = "QEMU"
  let carriesCPUTopology = true

  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (output: String?, diagnostics: [Diagnostic]) {
    var findings: [Diagnostic] = []
    let facts = guest.facts
    let topology = guest.effectiveTopology
    var cells = topology.cells
    if cells.count > 128 {
      // Nothing is written for such a guest: stop before a command line the size of its square.
      findings.append(Messages.qemuTooManyNodes(file: file, count: cells.count, at: anchors.element("cpu/numa")))
      return (nil, findings)
    }
    if guest.numa != nil && !cells.contains(where: { !$0.cpus.isEmpty }) {
      findings.append(Messages.qemuNoCPUs(file: file, at: anchors.element("cpu/numa")))
    }
    // libvirt's QEMU driver gives cell 0 the vCPUs no cell holds.
    let unassigned = CPUSet(ranges: [0...(guest.maximumVCPUs - 1)]).subtracting(topology.allCPUs)
    if !unassigned.isEmpty, !cells.isEmpty { cells[0].cpus = cells[0].cpus.union(unassigned) }

    let mebibytes = cells.map { ($0.memoryKiB + 1023) / 1024 }
    var lines: [String] = ["-m \(mebibytes.reduce(0, +))"]
    var smp = "-smp \(facts.currentVCPUs ?? guest.maximumVCPUs)"
    if let current = facts.currentVCPUs, current < guest.maximumVCPUs { smp += ",maxcpus=\(guest.maximumVCPUs)" }
    let sockets = facts.sockets ?? guest.maximumVCPUs
    smp += ",sockets=\(sockets)"
    if let dies = facts.dies { smp += ",dies=\(dies)" }
    smp += ",cores=\(facts.cores ?? 1),threads=\(facts.threads ?? 1)"
    lines.append(smp)
    if guest.numa != nil {
      for (index, cell) in cells.enumerated() {
        var node = "-numa node,nodeid=\(cell.id)"
        for range in cell.cpus.ranges {
          node += range.count == 1 ? ",cpus=\(range.lowerBound)" : ",cpus=\(range.lowerBound)-\(range.upperBound)"
        }
        if legacyMemory {
          node += ",mem=\(mebibytes[index])"
        } else {
          let bytes = mebibytes[index] * 1024 * 1024
          lines.append(
            "-object " + shellQuoted("{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram-node\(cell.id)\",\"size\":\(bytes)}"))
          node += ",memdev=ram-node\(cell.id)"
        }
        lines.append(node)
      }
      if !usesDefaultDistances(topology.distances) {
        for from in 0..<cells.count {
          for to in 0..<cells.count {
            lines.append("-numa dist,src=\(from),dst=\(to),val=\(topology.distances[from, to])")
          }
        }
      }
    }
    let text = lines.enumerated().map { $0.offset == lines.count - 1 ? $0.element : $0.element + " \\" }
      .joined(separator: "\n")
    return (text + "\n", findings)
  }

  /// libvirt's `virDomainNumaNodeDistanceIsUsingDefaults`: true when no cell has a distance row,
  /// or every row is complete and holds only 10 on the diagonal and 20 elsewhere. (An unset entry
  /// in a row that exists counts as non-default, as in libvirt.)
  func usesDefaultDistances(_ matrix: DistanceMatrix) -> Bool {
    for from in 0..<matrix.count {
      let row = (0..<matrix.count).map { matrix.storedValue(from: from, to: $0) }
      if row.allSatisfy({ $0 == nil }) { continue }
      for (to, value) in row.enumerated() {
        guard let value, value == (from == to ? DistanceMatrix.local : DistanceMatrix.remoteDefault) else { return false }
      }
    }
    return true
  }

  /// A word for a POSIX shell: single-quoted when it holds anything but safe characters.
  func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=,./:")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacing("'", with: "'\\''") + "'"
  }
}
