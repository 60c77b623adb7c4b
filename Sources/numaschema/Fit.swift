import ArgumentParser
import NumaSchemaKit

/// `numaschema fit GUEST... --host SOURCE`
struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Plan where guests go on a host before they boot, and what to paste to pin them there.",
    discussion: """
      SOURCE is a sysfs root folder (/, /sys, or the root of libvirt's fake trees), a numactl -H \
      output file, a libvirt capabilities XML file, or - for standard input, told apart by content \
      as from-host --host reads it; or a libvirt URI (anything with ://: qemu:///system, \
      qemu+ssh://host/system), read through virsh: the host's cells (virsh capabilities), each \
      one's free memory (virsh freecell --all), and its running guests (virsh list, dumpxml), \
      counted first as --existing guests are. Each guest cell goes on a host node of its own (one with CPUs when it has \
      vCPUs), within the guest's own <numatune>, where the node has room for its vCPUs (--cpu-ratio), \
      its memory (free memory where the source tells it) and its huge pages; among the placements that \
      fit, the one whose host distances are closest to the guest's declared ones (or, without any, whose \
      cells are closest), ties to the first in node order. Guests are placed in the order given, each on \
      what the ones before it left; a guest that does not fit takes nothing and is told what each cell \
      lacks. Prints each cell's node, the findings, the <numatune>, <cputune> (and <memoryBacking>) to \
      paste, the cost, then the verdict. --policy libxl checks libvirt's libxl mapping instead (cell i \
      on the host's i-th node), each guest on its own. Host files are read within --max-size (each \
      sysfs file within 1 MiB); FIFOs, sockets and devices are refused. A guest and SOURCE cannot both \
      be - (standard input).
      Exit status: 0 every guest fits, 1 one does not (or is invalid), 2 usage or I/O.
      """
  )

  @Argument(help: "Guest domain XML files, folders, or - for standard input.", completion: .file())
  var guests: [String]

  @Option(
    help: ArgumentHelp(
      "The host: a sysfs root folder, numactl -H output, capabilities XML or a libvirt URI (qemu:///system).",
      valueName: "SOURCE"),
    completion: .file())
  var host: String

  @Flag(help: "With --policy libxl: also print a <numatune> that binds each cell to its host node.")
  var numatune = false

  @Option(help: "best (the best placement, the default) or libxl (cell i on the host's i-th node, checked).")
  var policy: FitPolicy = .best

  @Option(
    name: .customLong("cpu-ratio"),
    help: ArgumentHelp("vCPUs allowed per host CPU (default 1: no overcommit).", valueName: "R"))
  var cpuRatio: Double = 1

  @Flag(help: "Pin each vCPU to a host CPU of its own, never shared between the guests of one run.")
  var dedicated = false

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "Guests already on the host, counted where their own <numatune> binds them.", valueName: "GUEST"),
    completion: .file()
  )
  var existing: [String] = []

  @Flag(help: "Write each plan into its guest file (atomically), instead of printing the elements.")
  var write = false

  @OptionGroup var common: CommonOptions

  @Option(help: "text (mapping, findings, verdict), json, github or sarif (the findings as one SARIF 2.1.0 log).")
  var format: ReportFormat = .text

  func validate() throws {
    if guests.contains("-") && host == "-" {
      throw ValidationError(Messages.Usage.guestAndHostFromStandardInput)
    }
    if guests.filter({ $0 == "-" }).count > 1 { throw ValidationError(Messages.Usage.standardInputOnce) }
    if !(cpuRatio > 0 && cpuRatio <= 64) { throw ValidationError(Messages.Usage.cpuRatioInvalid(cpuRatio)) }
    if policy == .libxl && (write || dedicated || !existing.isEmpty || cpuRatio != 1) {
      throw ValidationError(Messages.Usage.libxlPolicyAlone)
    }
    if numatune && policy == .best { throw ValidationError(Messages.Usage.numatuneNeedsLibxl) }
    if write && guests.contains("-") { throw ValidationError(Messages.Usage.writeNeedsFiles) }
  }

  func run() throws {
    let inputs = InputList(arguments: guests)
    if inputs.isEmpty { throw RunError(description: Messages.noInputs(guests)) }
    try runOperation(
      Operations.Fit(
        guests: inputs, host: host, options: try common.options(format: format), numatune: numatune, policy: policy,
        cpuRatio: cpuRatio, dedicated: dedicated, existing: InputList(arguments: existing), write: write))
  }
}

extension FitPolicy: ExpressibleByArgument {}
