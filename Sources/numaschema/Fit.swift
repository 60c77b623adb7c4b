import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema fit GUEST --host SOURCE`
struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Check that a guest's NUMA layout fits a host before it boots.",
    discussion: """
      SOURCE is a sysfs root folder, a numactl -H output file or a libvirt capabilities XML file, \
      told apart by content. Guest cell i maps to the host's i-th node (libvirt's libxl driver does \
      the same). Prints the mapping it checked, then the findings.
      Host files are read within --max-size (each sysfs file within 1 MiB); FIFOs, sockets and \
      devices are refused. The guest and SOURCE cannot both be - (standard input).
      Exit status: 0 fits, 1 does not fit (or the guest is invalid), 2 usage or I/O.
      """
  )

  @Argument(help: "The guest domain XML, or - for standard input.")
  var guest: String

  @Option(help: ArgumentHelp("The host: a sysfs root folder, numactl -H output or capabilities XML.", valueName: "SOURCE"))
  var host: String

  @Flag(help: "Also print a <numatune> that binds each cell to its host node.")
  var numatune = false

  @OptionGroup var check: CheckOptions

  func validate() throws {
    if guest == "-" && host == "-" {
      throw ValidationError("the guest and --host cannot both be - (standard input holds one of them)")
    }
  }

  func run() throws {
    let topology: HostTopology
    do {
      topology = try HostTopology.read(from: host, limit: check.maxSize)
    } catch {
      throw RunError(description: error.description)
    }
    let input = InputSource(argument: guest)
    let bytes: [UInt8]
    do {
      bytes = try input.read(limit: check.maxSize)
    } catch {
      throw RunError(description: error.description)
    }
    let report = try check.validator().fit(bytes: bytes, file: input.displayName, host: topology)
    for line in report.mappingLines { Output.shared.out(line) }
    for diagnostic in report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
    if numatune && report.fits { Output.shared.raw(report.numatune) }
    Output.shared.out("\(input.displayName): \(report.fits ? "fits" : "does not fit") on \(topology.source)")
    if !report.fits { throw ExitCode(1) }
  }
}
