import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema from-host`
struct FromHost: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "from-host",
    abstract: "Build a guest <cpu><numa> block (or, with --domain, a whole domain) that mirrors a host.",
    discussion: """
      SOURCE is read as fit reads it: a sysfs root folder (/, /sys, /sys/devices, \
      /sys/devices/system or the node folder itself; libvirt's test trees too), a numactl -H output \
      file or a libvirt capabilities XML file, told apart by content, or - for standard input, or \
      a libvirt URI (anything with ://: qemu:///system, qemu+ssh://host/system), whose host virsh \
      capabilities describes; without --host, the live sysfs. \
      One cell per host node (renumbered from 0), the host's distances as they are, vCPUs numbered \
      in order across cells in proportion to each node's CPUs (memory-only nodes get none; every \
      node with CPUs gets at least one, so --vcpus below the number of such nodes is an error), \
      memory split in proportion to the nodes' memory (evenly when the source gives none, which \
      then needs --memory), in whole MiB. The host's HMAT comes along (sysfs memory_side_cache and \
      access1/initiators, capabilities <cache> and <interconnects>): caches per cell and \
      <interconnects> between the cells. Host files are read within --max-size (each sysfs file \
      within 1 MiB); FIFOs, sockets and devices are refused.
      """
  )

  @Option(
    help: ArgumentHelp(
      "The host: a sysfs root folder, numactl -H output, capabilities XML, -, or a libvirt URI; default: the live sysfs.",
      valueName: "SOURCE"),
    completion: .file())
  var host: String?

  // The options that named a host before --host: refused with the --host to write instead.
  @Option(name: .customLong("sysfs-root"), help: .private) var sysfsRoot: String?
  @Option(help: .private) var numactl: String?
  @Option(help: .private) var capabilities: String?

  @Option(
    help: ArgumentHelp(
      "The guest's memory in all, with a unit (12GiB, 4096MiB); default: the host's.", valueName: "SIZE"))
  var memory: String?

  @Option(
    help: ArgumentHelp(
      "The guest's vCPUs in all, at least one for each host node with CPUs; default: the host's CPU count.",
      valueName: "N"))
  var vcpus: Int?

  @Option(help: ArgumentHelp("Write a minimal complete domain with this name.", valueName: "NAME"))
  var domain: String?

  @Option(
    name: .shortAndLong, help: ArgumentHelp("Write the output to this file (atomically).", valueName: "FILE"),
    completion: .file())
  var output: String?

  @OptionGroup var common: CommonOptions

  /// The live sysfs node folder, read when no --host is given.
  static let liveSysfs = "/sys/devices/system/node"

  func validate() throws {
    for (option, path) in [("--sysfs-root", sysfsRoot), ("--numactl", numactl), ("--capabilities", capabilities)] {
      if let path { throw ValidationError(Messages.Usage.hostOptionGone(option, path)) }
    }
    if let vcpus, vcpus < 1 { throw ValidationError(Messages.Usage.vcpusAtLeastOne) }
    if let memory {
      guard MemoryUnit.kibibytes(size: memory) != nil else {
        throw ValidationError(Messages.Usage.memoryNotASize(memory))
      }
      guard MemoryUnit.hasUnit(memory) else { throw ValidationError(Messages.Usage.memoryWithoutUnit(memory)) }
    }
  }

  func run() throws {
    try runOperation(
      Operations.FromHost(
        host: host ?? Self.liveSysfs, options: try common.options(),
        vcpus: vcpus, memoryKiB: memory.flatMap { MemoryUnit.kibibytes(sizeWithUnit: $0) }, domainName: domain,
        target: output.map(ProductTarget.file) ?? .standardOutput))
  }
}
