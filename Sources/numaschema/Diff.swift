import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema diff A B`
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two guests' NUMA topologies by meaning, not by text.",
    discussion: """
      Compares the topologies the guests will see, after libvirt completes the distances: cells added or removed, \
      cpus and memory changed, and every changed distance (i→j: 21 → 31, or i↔j when both directions changed alike); \
      then every other change of NUMA meaning: a cell's memAccess, discard or caches, HMAT latencies and bandwidths, \
      <numatune>, <memoryBacking> access and hugepage nodesets, memory devices and the cells of PCI expander buses.

      Exit status: 0 equal, 1 different, 2 usage or I/O error, or an input that is invalid.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: ArgumentHelp("The old guest domain XML file, or - for standard input.", valueName: "A"))
  var old: String

  @Argument(help: ArgumentHelp("The new guest domain XML file, or - for standard input.", valueName: "B"))
  var new: String

  @OptionGroup var check: CheckOptions

  @Option(help: "text (one change a line) or json.")
  var format: Format = .text

  func validate() throws {
    if old == "-" && new == "-" { throw ValidationError("standard input (-) can be read only once") }
  }

  func run() throws {
    let validator = try check.validator()
    var guests: [GuestDefinition] = []
    var invalid: [String] = []
    for path in [old, new] {
      let report: FileReport
      do {
        report = try validator.validate(input: InputSource(argument: path), limit: check.maxSize)
      } catch {
        throw RunError(description: error.description)
      }
      for diagnostic in report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
      if report.isValid, let guest = report.guest {
        guests.append(guest)
      } else {
        invalid.append(report.path)
      }
    }
    // Exit 1 means "different"; input that cannot be compared is 2.
    guard invalid.isEmpty else {
      Output.shared.error(
        "numaschema: cannot compare: \(invalid.joined(separator: " and ")) \(invalid.count == 1 ? "is" : "are") invalid"
      )
      throw ExitCode(2)
    }
    let diff = TopologyDiff.compare(guests[0], guests[1])
    switch format {
    case .text: Output.shared.raw(diff.text)
    case .json: Output.shared.out(diff.json)
    }
    if !diff.isEmpty { throw ExitCode(1) }
  }
}
