/// Writes a guest as a Xen xl config the way libvirt's converter does (`xenFormatXL`, 9.0.0):
/// the vnuma list and the settings it depends on.
///
/// `name`, `uuid`; `maxmem` = `<memory>` in MiB rounded up and `memory` = `<currentMemory>`
/// (default `<memory>`) in MiB rounded up; `maxvcpus` (only when fewer vCPUs are current) and
/// `vcpus`; `cpus` from `<vcpu cpuset>`; `builder = "hvm"` for HVM guests (`type = "pvh"` for PVH);
/// then `vnuma`: one vnode per cell in id order, `pnode` = the host node `<numatune>` binds the
/// cell to when it is one (else the cell id, as libvirt writes it),
/// `size` in MiB, `vcpus` in range form, `vdistances` = the completed row.
struct XLExporter: GuestWriter {
  let notConvertedCode = DiagnosticCode.toXLNotConverted
  let target = "xl"
  let carriedParts: Set<NUMAPart> = []

  /// The host node a cell's memory is bound to, as xl's `pnode` says it: the cell's `<memnode>`
  /// (or `<memory>`) nodeset when it is one node below the number of cells (libvirt reads no
  /// pnode past that back), else the cell id, as libvirt writes it.
  static func pnode(of cell: Int, in numatune: Numatune?, cells: Int) -> Int {
    boundNode(of: cell, in: numatune, cells: cells) ?? cell
  }

  /// The one host node `numatune` binds a cell to, when xl can say it.
  static func boundNode(of cell: Int, in numatune: Numatune?, cells: Int) -> Int? {
    guard let numatune else { return nil }
    let nodes = numatune.memnodes[cell]?.nodeset ?? numatune.nodeset
    guard let nodes, nodes.count == 1, let node = nodes.min, node < cells else { return nil }
    return node
  }

  /// xl carries a binding that puts each vnode on one host node (`pnode`); not several nodes,
  /// nor automatic placement.
  func carries(_ numatune: Numatune, cells: [Int]) -> Bool {
    guard numatune.placement != "auto" else { return false }
    return cells.allSatisfy { cell in
      numatune.memnodes[cell] == nil && numatune.nodeset == nil
        || Self.boundNode(of: cell, in: numatune, cells: cells.count) != nil
    }
  }
  func write(_ guest: GuestDefinition, file: String, anchors: SourceAnchors) -> (
    output: String?, diagnostics: [Diagnostic]
  ) {
    var findings: [Diagnostic] = []
    let facts = guest.facts
    var lines: [String] = []
    if let name = guest.name { lines.append("name = \(XLValue.quoted(name))") }
    if let uuid = facts.uuid { lines.append("uuid = \(XLValue.quoted(uuid))") }
    let totalKiB = guest.memoryKiB ?? guest.numa?.totalMemoryKiB ?? 0
    let maxmem = (totalKiB + 1023) / 1024
    lines.append("maxmem = \(maxmem)")
    lines.append("memory = \(((facts.currentMemoryKiB ?? totalKiB) + 1023) / 1024)")
    let current = facts.currentVCPUs ?? guest.maximumVCPUs
    if current < guest.maximumVCPUs { lines.append("maxvcpus = \(guest.maximumVCPUs)") }
    lines.append("vcpus = \(current)")
    if let cpus = facts.vcpuPlacementCPUs { lines.append("cpus = \(XLValue.quoted(cpus.description))") }
    switch facts.osType {
    case "hvm": lines.append("builder = \"hvm\"")
    case "xenpvh": lines.append("type = \"pvh\"")
    default: break
    }
    if let numa = guest.numa, numa.cells.count > DistanceMatrix.everyPairLimit {
      // Each vnode lists its distance to every vnode (libvirt writes them all): a square of the
      // cells, so it is written for up to `DistanceMatrix.everyPairLimit` vnodes only.
      findings.append(
        Messages.xlTooManyVNodes(
          file: file, count: numa.cells.count, limit: DistanceMatrix.everyPairLimit, at: anchors.element("cpu/numa")))
      return (nil, findings)
    }
    if let numa = guest.numa {
      if let type = facts.osType, type != "hvm", type != "xenpvh" {
        findings.append(Messages.xlNotHVM(file: file, osType: type, at: anchors.element("os/type")))
      }
      var vnodes: [String] = []
      var vnodeMiB: UInt64 = 0
      for cell in numa.cells {
        if cell.memoryKiB == 0 {
          findings.append(
            Messages.cellWithoutMemory(file: file, cell: cell.id, at: anchors.cell(cell.id, attribute: "memory")))
        } else if cell.memoryKiB % 1024 != 0 {
          findings.append(
            Messages.cellMemoryNotMiB(
              file: file, cell: cell.id, kib: cell.memoryKiB, at: anchors.cell(cell.id, attribute: "memory")))
        }
        if cell.cpus.isEmpty {
          findings.append(Messages.cellWithoutCPUs(file: file, cell: cell.id, at: anchors.cell(cell.id)))
        }
        vnodeMiB += cell.memoryKiB / 1024
        let row = (0..<numa.cells.count).map { String(numa.distances[cell.id, $0]) }.joined(separator: ",")
        let pnode = Self.pnode(of: cell.id, in: guest.references.numatune, cells: numa.cells.count)
        let items = ["pnode=\(pnode)", "size=\(cell.memoryKiB / 1024)", "vcpus=\(cell.cpus)", "vdistances=\(row)"]
        vnodes.append("[ " + items.map(XLValue.quoted).joined(separator: ", ") + " ]")
      }
      if vnodeMiB != maxmem {
        findings.append(
          Messages.xlMemoryMismatch(
            file: file, maxmemMiB: maxmem, vnodesMiB: vnodeMiB,
            at: anchors.element(guest.memoryKiB == nil ? "cpu" : "memory")))
      }
      lines.append("vnuma = [ " + vnodes.joined(separator: ", ") + " ]")
    }
    return (lines.joined(separator: "\n") + "\n", findings)
  }
}
