/// The wording of what the commands print besides findings: why a view is not drawn, the lines
/// of a fit's mapping, why from-host cannot make a guest or leaves a figure out.
extension Messages {
  // MARK: Phrases the views and the diff share

  /// `2048 MiB`, or `1536 KiB` when not a whole number of MiB.
  static func memoryAmount(_ kibibytes: UInt64) -> String {
    kibibytes % 1024 == 0 ? "\(kibibytes / 1024) MiB" : "\(kibibytes) KiB"
  }

  /// `cpus 12-15`, or `no cpus` for a memory-only cell.
  static func cpusPhrase(_ cpus: CPUSet) -> String {
    cpus.isEmpty ? "no cpus" : "cpus \(cpus)"
  }

  // MARK: Views

  static func tooLargeToDraw(cells count: Int, limit: Int) -> String {
    "\(count) cells are too many to draw: a picture shows every pair of cells (\(count) × \(count)), and pictures are drawn for up to \(limit) cells; use --format text or json"
  }

  static func tooLargeForTable(cells count: Int, limit: Int) -> String {
    "\(count) cells are too many for a distance table: numactl -H and the JSON list every pair of cells (\(count) × \(count)), and are written for up to \(limit) cells; canonicalize --distances minimal lists the distances the guest sets"
  }

  // MARK: Diff

  static func diffCellAdded(_ cell: Cell) -> String {
    "cell \(cell.id) added: \(cpusPhrase(cell.cpus)), \(memoryAmount(cell.memoryKiB))"
  }
  static func diffCellRemoved(_ id: Int) -> String { "cell \(id) removed" }
  static func diffCellCPUs(_ id: Int, old: CPUSet, new: CPUSet) -> String {
    func text(_ cpus: CPUSet) -> String { cpus.isEmpty ? "none" : cpus.description }
    return "cell \(id) cpus: \(text(old)) → \(text(new))"
  }
  /// Both in MiB when both are whole MiB, else both in KiB, so the two read side by side.
  static func diffCellMemory(_ id: Int, old: UInt64, new: UInt64) -> String {
    let (before, after) =
      old % 1024 == 0 && new % 1024 == 0 ? ("\(old / 1024) MiB", "\(new / 1024) MiB") : ("\(old) KiB", "\(new) KiB")
    return "cell \(id) memory: \(before) → \(after)"
  }
  /// A distance that changed the same way in both directions (`↔`) or in one (`→`).
  static func diffDistance(from: Int, to: Int, old: Int, new: Int, bothWays: Bool) -> String {
    "distance \(from)\(bothWays ? "↔" : "→")\(to): \(old) → \(new)"
  }
  static func diffMeaning(_ what: String, old: String, new: String) -> String { "\(what): \(old) → \(new)" }

  // MARK: Fit

  /// One line of the mapping `fit` prints: a cell, the host node it goes to, and their sizes.
  static func fitMappingLine(cell: Cell, node: HostNode) -> String {
    let memory = node.memoryKiB.map { "\($0 / 1024) MiB" } ?? "unknown memory"
    return
      "cell \(cell.id) → host node \(node.id): \(cell.cpus.count) vCPUs on \(node.cpus.count) CPUs, \(cell.memoryKiB / 1024) MiB of \(memory)"
  }

  /// One line of a plan: a cell, the node it goes to, and what that node had before it.
  static func planLine(demand: CellDemand, node: NodeCapacity, memoryIsFree: Bool, pagesAreFree: Bool) -> String {
    let memory = node.memoryKiB.map { "\($0 / 1024) MiB \(memoryIsFree ? "free" : "(total)")" } ?? "unknown memory"
    var line = "cell \(demand.cell) → host node \(node.id): \(demand.vcpus) vCPUs"
    line += node.cpus.isEmpty ? " (a node without CPUs)" : " on \(node.cpus.count) CPUs (room for \(node.vcpuRoom))"
    line += ", \(demand.memoryKiB / 1024) MiB of \(memory)"
    if let pages = demand.hugePages {
      let free =
        node.freePages.map { "\($0[pages.sizeKiB] ?? 0) \(pagesAreFree ? "free" : "in the node's pool")" } ?? "free unknown"
      line += ", \(pages.count) pages of \(MemoryUnit.exactText(pages.sizeKiB, units: ["KiB", "MiB", "GiB"])) (\(free))"
    }
    return line
  }

  /// What the memory figures of a plan are, said once per run.
  static func planMemoryBasis(source: String, free: Bool, known: Bool) -> String {
    if !known { return "\(TerminalText.safe(source)): memory not checked (the source gives no node's memory)" }
    return free
      ? "\(TerminalText.safe(source)): memory checked against each node's free memory"
      : "\(TerminalText.safe(source)): memory checked against each node's total memory (the source gives no free memory)"
  }

  /// The cost of a plan, on the line before the verdict.
  static func planCost(_ cost: Int, declared: Bool, exact: Bool) -> String {
    let how = exact ? "" : " (placed cell by cell, not proven the least: more than 8 cells or 64 host nodes)"
    return (declared
      ? "cost \(cost): the host distances differ from the declared ones by \(cost) in all (0 is an exact match)"
      : "cost \(cost): the host distances between the cells' nodes, summed (the guest declares none)") + how
  }

  /// The finding that stands for the distance mismatches past the first 20.
  static func fitMoreDistances(_ count: Int) -> String { "\(count) more distances differ from the host's" }

  // MARK: From a host

  static func guestFromHostProblem(_ problem: GuestFromHost.Problem) -> String {
    switch problem {
    case .noCPUs(let kind):
      switch kind {
      case .sysfsNodeFolder: return "the host has no node with CPUs (no node folder's cpulist or cpumap lists one)"
      default: return "the host has no node with CPUs"
      }
    case .noMemory(let kind):
      let missing =
        switch kind {
        case .sysfsNodeFolder: "no node folder has a meminfo file with MemTotal (nodeN/meminfo)"
        case .numactlOutput: "no 'node N size: M MB' line gives a size"
        case .hostCapabilities: "no <cell> has a <memory> above 0"
        default: "the host's nodes report no memory"
        }
      return "\(missing): give --memory SIZE, the guest's memory in all (split evenly over the nodes)"
    case .tooFewVCPUs(let count): return "--vcpus \(count) is too few: give at least 1"
    case .fewerVCPUsThanNodes(let count, let nodes):
      return "--vcpus \(count) is fewer than the host's \(nodes) nodes with CPUs: give at least \(nodes), "
        + "one vCPU for each node's cell (a cell without vCPUs only mirrors a node without CPUs)"
    case .memoryTooSmall(let kib): return "--memory of \(kib) KiB is less than 1 MiB per cell"
    case .tooManyVCPUs(let count):
      let limit = GuestFromHost.Problem.maximumVCPUs
      return "\(count) vCPUs are more than a guest can have (\(limit)): give --vcpus \(limit) or fewer"
    case .memoryTooLarge: return "the host's nodes report more memory than 64 bits of KiB can count"
    }
  }

  /// Why a host figure is not carried into the guest.
  static func hostFigureNotAmongNodes(_ node: Int) -> String { "host node \(node) is not among the nodes read" }
  static func hostFigureInitiatorWithoutVCPUs(cell: Int) -> String { "its initiator's cell \(cell) has no vCPUs" }
  static func hostFigureCacheMissing(cell: Int, level: Int) -> String { "cell \(cell) has no level \(level) cache" }
  static let hostFigureTwice = "it is given twice"
  static func hostFigureReversed(from target: Int, to initiator: Int) -> String {
    "a figure from cell \(target) to cell \(initiator) is given, and libvirt takes a link in one direction only"
  }

  // MARK: Conversion

  /// How findings about the domain made from an xl config name it.
  static func convertedDomainName(_ file: String) -> String { file + " (as domain XML)" }

  static func convertedDomainNotCanonicalized(_ code: DiagnosticCode, file: String, error: some Error) -> Diagnostic {
    make(code, "the converted domain could not be canonicalized: \(error)", file: file, at: .unknown)
  }
}
