import ArgumentParser
import NumaSchemaKit

/// `numaschema show PATH...`
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the guest's NUMA topology as its numactl -H would show it.",
    discussion: """
      After the numactl -H view, a guest with HMAT gets its memory-side caches
      ("node caches:") and one table per kind, type and cache target of its
      <interconnects>: a row per initiator, a column per target, latencies in ns,
      bandwidths in the largest of KiB/s, MiB/s, GiB/s and TiB/s that keeps the
      table's figures whole. Several guests (or a folder) are shown one after the
      other, each headed "==> PATH <==".

      --format json prints the run's JSON document (docs/cli.md, "JSON"): each
      file has "topology": {"cells":[{"id","cpus","memoryKiB"}],"distances":[[...]]}
      with the completed matrix, cpus as libvirt writes a cpuset ("0-3,8"); with
      HMAT, every cell also has "caches" and the topology "interconnects". svg
      draws the distance matrix as a labelled heat map, memory-only (CPU-less)
      cells as a tier of their own; dot writes the cells as a Graphviz graph with
      the distances on the edges. Pictures are of one guest.

      --driver qemu shows what the guest really gets under libvirt's QEMU driver:
      vCPUs that no cell holds are in cell 0 and each cell's memory is rounded up
      to 1 MiB (256 MiB on ppc64), as the driver gives them to QEMU; the driver's
      rules are checked first (docs/qemu.md).
      """
  )

  @Argument(help: "Guest domain XML files, folders or - for standard input.", completion: .file())
  var paths: [String]

  @OptionGroup var common: CommonOptions

  @Option(help: "text (numactl -H), json, svg or dot.")
  var format: ShowFormat = .text

  @Option(help: "How many guests to read at once (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError(Messages.Usage.standardInputOnce) }
    if let jobs, jobs < 1 { throw ValidationError(Messages.Usage.jobsAtLeastOne) }
  }

  func run() throws {
    let inputs = InputList(arguments: paths)
    if inputs.isEmpty { throw RunError(description: Messages.noInputs(paths)) }
    if (format == .svg || format == .dot) && inputs.count != 1 {
      throw RunError(description: Messages.Usage.formatDrawsOneGuest(format.rawValue, given: inputs.count))
    }
    try runOperation(Operations.Show(inputs: inputs, options: try common.options(jobs: jobs), format: format))
  }
}
