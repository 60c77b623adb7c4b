import ArgumentParser
import Foundation
import NumaSchemaKit

/// `numaschema show PATH`
struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the guest's NUMA topology as its numactl -H would show it.",
    discussion: "With --format json: {\"cells\":[{\"id\",\"cpus\",\"memoryKiB\"}],\"distances\":[[…]]}, the completed matrix."
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "A guest domain XML file, or - for standard input.")
  var path: String

  @OptionGroup var check: CheckOptions

  @Option(help: "text (numactl -H) or json.")
  var format: Format = .text

  func run() throws {
    let validator = try check.validator()
    let report: FileReport
    do {
      report = try validator.validate(input: InputSource(argument: path))
    } catch {
      throw RunError(description: error.description)
    }
    for diagnostic in report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
    guard report.isValid, let guest = report.guest else { throw ExitCode(1) }
    let topology = guest.effectiveTopology
    switch format {
    case .text: Output.shared.raw(TopologyView.numactl(topology))
    case .json: Output.shared.out(TopologyView.json(topology))
    }
  }
}
