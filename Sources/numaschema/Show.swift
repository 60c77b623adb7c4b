import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema show PATH`
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the guest's NUMA topology as its numactl -H would show it.",
    discussion: """
      After the numactl -H view, a guest with HMAT gets its memory-side caches
      ("node caches:") and one table per kind, type and cache target of its
      <interconnects>: a row per initiator, a column per target, latencies in ns,
      bandwidths in the largest of KiB/s, MiB/s, GiB/s and TiB/s that keeps the
      table's figures whole.

      --format json prints {"cells":[{"id","cpus","memoryKiB"}],"distances":[[…]]}
      with the completed matrix; with HMAT, every cell also has "caches":
      [{"level","associativity","policy","sizeKiB","lineBytes"}] and there is
      "interconnects":[{"initiator","target","cache","type","latency" or
      "bandwidth","unit"}] (cache 0 is the memory; unit ns or KiB/s), keys a guest
      without HMAT does not have. svg draws the distance matrix as a labelled heat
      map, memory-only (CPU-less) cells as a tier of their own; dot writes the
      cells as a Graphviz graph with the distances on the edges.
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, svg, dot
  }

  @Argument(help: "A guest domain XML file, or - for standard input.")
  var path: String

  @OptionGroup var check: CheckOptions

  @Option(help: "text (numactl -H), json, svg or dot.")
  var format: Format = .text

  func run() throws {
    let validator = try check.validator()
    let report: FileReport
    do {
      report = try validator.validate(input: InputSource(argument: path), limit: check.maxSize)
    } catch {
      throw RunError(description: error.description)
    }
    for diagnostic in report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
    guard report.isValid, let guest = report.guest else { throw ExitCode(1) }
    let topology = guest.effectiveTopology
    if format == .svg || format == .dot, let reason = TopologyView.tooLargeToDraw(topology) {
      throw RunError(description: "\(path == "-" ? "<stdin>" : path): \(reason)")
    }
    if format == .text || format == .json, let reason = TopologyView.tooLargeForTable(topology) {
      throw RunError(description: "\(path == "-" ? "<stdin>" : path): \(reason)")
    }
    switch format {
    case .text: Output.shared.raw(TopologyView.text(topology))
    case .json: Output.shared.out(TopologyView.json(topology))
    case .svg: Output.shared.raw(TopologyView.svg(topology, title: guest.name))
    case .dot: Output.shared.raw(TopologyView.dot(topology, title: guest.name))
    }
  }
}
