import ArgumentParser
import NumaSchemaKit

/// `numaschema fit GUEST... --host SOURCE`
struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Check that guests' NUMA layouts fit a host before they boot.",
    discussion: """
      SOURCE is a sysfs root folder, a numactl -H output file or a libvirt capabilities XML file, \
      told apart by content. Guest cell i maps to the host's i-th node (libvirt's libxl driver does \
      the same). For each guest, prints the mapping it checked, then the findings, then the verdict \
      (each guest on its own: they are not placed together). Host files are read within --max-size \
      (each sysfs file within 1 MiB); FIFOs, sockets and devices are refused. A guest and SOURCE \
      cannot both be - (standard input).
      Exit status: 0 fits, 1 does not fit (or the guest is invalid), 2 usage or I/O.
      """
  )

  @Argument(help: "Guest domain XML files, folders, or - for standard input.")
  var guests: [String]

  @Option(
    help: ArgumentHelp("The host: a sysfs root folder, numactl -H output or capabilities XML.", valueName: "SOURCE"))
  var host: String

  @Flag(help: "Also print a <numatune> that binds each cell to its host node.")
  var numatune = false

  @OptionGroup var common: CommonOptions

  @Option(help: "text (mapping, findings, verdict), json or github.")
  var format: ReportFormat = .text

  func validate() throws {
    if guests.contains("-") && host == "-" {
      throw ValidationError(Messages.Usage.guestAndHostFromStandardInput)
    }
    if guests.filter({ $0 == "-" }).count > 1 { throw ValidationError(Messages.Usage.standardInputOnce) }
  }

  func run() throws {
    let inputs = InputList(arguments: guests)
    if inputs.isEmpty { throw RunError(description: Messages.noInputs(guests)) }
    try runOperation(
      Operations.Fit(guests: inputs, host: host, options: try common.options(format: format), numatune: numatune))
  }
}
