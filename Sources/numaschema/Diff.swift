import ArgumentParser
import NumaSchemaKit

/// `numaschema diff A B`
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two guests' NUMA topologies by meaning, not by text.",
    discussion: """
      Compares the topologies the guests will see, after libvirt completes the distances: cells added or removed, \
      cpus and memory changed, and every changed distance (from cell i to cell j, old value then new, or both \
      directions at once when they changed alike); \
      then every other change of NUMA meaning: a cell's memAccess, discard or caches, HMAT latencies and bandwidths, \
      <numatune>, <memoryBacking> access and hugepage nodesets, memory devices and the cells of PCI expander buses. \
      A and B may both be folders: the guests with the same path below each are compared (each pair that differs \
      headed "==> PATH <=="), and a guest only one of them has is a difference.

      Exit status: 0 equal, 1 different or an input invalid (it cannot be compared), 2 usage or I/O error.
      """
  )

  @Argument(
    help: ArgumentHelp("The old guest domain XML file, folder, or - for standard input.", valueName: "A"),
    completion: .file())
  var old: String

  @Argument(
    help: ArgumentHelp("The new guest domain XML file, folder, or - for standard input.", valueName: "B"),
    completion: .file())
  var new: String

  @OptionGroup var common: CommonOptions

  @Option(help: "text (one change a line), json, github (findings as workflow commands, changes as text) or sarif (findings in a SARIF log, changes on stderr).")
  var format: ReportFormat = .text

  func validate() throws {
    if old == "-" && new == "-" { throw ValidationError(Messages.Usage.standardInputOnce) }
  }

  func run() throws {
    try runOperation(Operations.Diff(oldArgument: old, newArgument: new, options: try common.options(format: format)))
  }
}
