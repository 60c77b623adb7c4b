/// Does a guest fit on a host? Maps guest cell i to the host's i-th node (in id order), as
/// libvirt's libxl driver does, and checks the memory, vCPUs and distances of each cell against
/// the node it maps to.
public struct FitReport: Sendable {
  /// For each guest cell, the host node id it maps to.
  public var mapping: [(cell: Int, hostNode: Int)]
  /// The findings: errors mean the guest does not fit.
  public var diagnostics: [Diagnostic]
  public var fits: Bool { !diagnostics.contains { $0.severity == .error } }
  /// A `<numatune>` that binds each cell's memory to its host node, ready to paste.
  public var numatune: String
  /// The mapping as lines, `cell 0 → host node 0: 4 vCPUs on 16 CPUs, 2048 of 32073 MiB`.
  public var mappingLines: [String]
}

extension FitReport {
  /// Checks a guest against `host`. An invalid guest returns its findings and no mapping.
  public static func check(_ checked: CheckedGuest, on host: HostTopology) -> FitReport {
    let (report, anchors, file) = (checked.report, checked.anchors, checked.report.path)
    guard report.isValid, let guest = report.guest else {
      return FitReport(mapping: [], diagnostics: report.diagnostics, numatune: "", mappingLines: [])
    }
    let checker = FitCheck(file: file, host: host, anchors: anchors)
    var fit = checker.check(guest.effectiveTopology, hasNUMA: guest.numa != nil)
    fit.diagnostics = (fit.diagnostics + checker.numatuneFindings(guest.references.numatune)
      + checker.hugePageFindings(guest.references.memoryBacking)).inSourceOrder()
    fit.diagnostics = report.diagnostics + fit.diagnostics
    return fit
  }
}

struct FitCheck {
  let file: String
  let host: HostTopology
  let anchors: SourceAnchors

  /// The guest's own `<numatune>` against the host: every node its nodesets name must exist
  /// (libvirt refuses to start the guest otherwise: `virNumaNodesetIsAvailable`).
  func numatuneFindings(_ numatune: Numatune?) -> [Diagnostic] {
    guard let numatune else { return [] }
    let present = CPUSet(host.nodes.map(\.id))
    var findings: [Diagnostic] = []
    if let nodes = numatune.nodeset, let missing = nodes.subtracting(present).min {
      findings.append(
        Messages.fitNumatuneNodeUnknown(
          file: file, element: Messages.fitNumatuneMemory, node: missing, hostNodes: present,
          at: anchors.element("numatune/memory")))
    }
    for (cell, memnode) in numatune.memnodes.sorted(by: { $0.key < $1.key }) {
      if let missing = memnode.nodeset.subtracting(present).min {
        findings.append(
          Messages.fitNumatuneNodeUnknown(
            file: file, element: Messages.fitMemnode(cell: cell), node: missing, hostNodes: present,
            at: anchors.memnode(ofCell: cell)))
      }
    }
    return findings
  }

  /// The guest's huge page sizes against the host's: libvirt's QEMU driver backs a page size
  /// with a hugetlbfs mount of that size and refuses to start the guest without one ("Unable to
  /// find any usable hugetlbfs mount"); a size equal to the base page is plain memory. Not
  /// checked when the source does not list page sizes (numactl -H). Without a known base page,
  /// 4 KiB (x86-64's) is taken as the base page.
  func hugePageFindings(_ backing: MemoryBacking?) -> [Diagnostic] {
    guard let backing, let sizes = host.hugePageSizesKiB else { return [] }
    let base = host.basePageKiB ?? 4
    var findings: [Diagnostic] = []
    for (index, page) in backing.pages.enumerated() where page.sizeKiB != base && !sizes.contains(page.sizeKiB) {
      findings.append(
        Messages.fitHugePageSize(
          file: file, sizeKiB: page.sizeKiB, hostSizesKiB: sizes, source: host.source,
          at: anchors.hugePage(index, attribute: "size")))
    }
    return findings
  }

  func check(_ topology: NUMATopology, hasNUMA: Bool) -> FitReport {
    var findings: [Diagnostic] = []
    let nodes = host.nodes
    // A topology from the readers has a node; one built by hand may not, and nothing fits on it.
    guard !nodes.isEmpty else {
      let finding = Messages.fitTooManyVNodes(
        file: file, cells: topology.cells.count, hostNodes: 0, firstHostNode: 0,
        at: anchors.element(hasNUMA ? "cpu/numa" : "vcpu"))
      return FitReport(mapping: [], diagnostics: [finding], numatune: "", mappingLines: [])
    }
    let overflow = topology.cells.count > nodes.count
    // Cell i goes to the host's i-th node; with more cells than nodes, libxl uses node 0 for all.
    let positions = topology.cells.map { overflow ? 0 : $0.id }
    if overflow {
      findings.append(
        Messages.fitTooManyVNodes(
          file: file, cells: topology.cells.count, hostNodes: nodes.count, firstHostNode: nodes[0].id,
          at: anchors.element(hasNUMA ? "cpu/numa" : "vcpu")))
    }
    for cell in topology.cells {
      let node = nodes[positions[cell.id]]
      if cell.cpus.count > node.cpus.count {
        findings.append(
          Messages.fitVCPUs(
            file: file, cell: cell.id, vcpus: cell.cpus.count, hostNode: node.id, hostCPUs: node.cpus.count,
            at: hasNUMA ? anchors.cell(cell.id, attribute: "cpus") : anchors.element("vcpu")))
      }
    }
    // The cells on each node, grouped in one pass; their memory summed with a check (each cell
    // of a valid guest is below 2^53 KiB, and there may be 16,384 of them on one node).
    var cellsAt: [Int: [Cell]] = [:]
    for cell in topology.cells { cellsAt[positions[cell.id], default: []].append(cell) }
    for (position, cells) in cellsAt.sorted(by: { $0.key < $1.key }) {
      var need: UInt64? = 0
      for cell in cells {
        guard let total = need else { break }
        let (sum, overflow) = total.addingReportingOverflow(cell.memoryKiB)
        need = overflow ? nil : sum
      }
      let node = nodes[position]
      if let have = node.memoryKiB, need.map({ $0 > have }) ?? true {
        findings.append(
          Messages.fitMemory(
            file: file, cells: cells.map(\.id), hostNode: node.id, needKiB: need, haveKiB: have,
            at: hasNUMA ? anchors.cell(cells[0].id, attribute: "memory") : anchors.element("memory")))
      }
    }
    if !overflow && host.distances != nil {
      // Only the first 20 mismatches become findings; the rest are counted (n² of them would
      // otherwise be built for a large host whose every distance differs).
      var mismatches: [Diagnostic] = []
      var count = 0
      for from in topology.cells.indices {
        for to in topology.cells.indices where from != to {
          let guest = topology.distances[from, to]
          let hostValue = host.distance(from, to)
          if guest != hostValue {
            count += 1
            guard mismatches.count < 20 else { continue }
            mismatches.append(
              Messages.fitDistances(
                file: file, from: from, to: to, guest: guest, hostFrom: nodes[from].id, hostTo: nodes[to].id,
                host: hostValue, at: anchors.cell(from)))
          }
        }
      }
      findings += mismatches
      if count > 20 {
        var summary = mismatches[0]
        summary.message = Messages.fitMoreDistances(count - 20)
        findings.append(summary)
      }
    }
    let mapping = topology.cells.map { (cell: $0.id, hostNode: nodes[positions[$0.id]].id) }
    let lines = topology.cells.map { Messages.fitMappingLine(cell: $0, node: nodes[positions[$0.id]]) }
    let used = CPUSet(mapping.map(\.hostNode))
    var numatune = ["<numatune>", "  <memory mode='strict' nodeset='\(used)'/>"]
    if hasNUMA {
      numatune += mapping.map { "  <memnode cellid='\($0.cell)' mode='strict' nodeset='\($0.hostNode)'/>" }
    }
    numatune.append("</numatune>")
    return FitReport(
      mapping: mapping, diagnostics: findings.inSourceOrder(), numatune: numatune.joined(separator: "\n") + "\n",
      mappingLines: lines)
  }
}
