import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// `numaschema from-host`
struct FromHost: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "from-host",
    abstract: "Build a guest <cpu><numa> block (or, with --domain, a whole domain) that mirrors a host.",
    discussion: """
      One cell per host node (renumbered from 0), the host's distances as they are, vCPUs numbered \
      in order across cells in proportion to each node's CPUs (memory-only nodes get none), memory \
      split in proportion to the nodes' memory, in whole MiB. The host's HMAT comes along (sysfs \
      memory_side_cache and access1/initiators, capabilities <cache> and <interconnects>): caches \
      per cell and <interconnects> between the cells. The source is the live sysfs unless \
      --sysfs-root, --numactl or --capabilities names another. Host files are read within \
      --max-size (each sysfs file within 1 MiB); FIFOs, sockets and devices are refused.
      """
  )

  @Option(
    name: .customLong("sysfs-root"),
    help: ArgumentHelp("Read the node folders below this root instead of /.", valueName: "DIR"))
  var sysfsRoot: String?

  @Option(help: ArgumentHelp("Read numactl -H output from FILE (or - for stdin).", valueName: "FILE"))
  var numactl: String?

  @Option(help: ArgumentHelp("Read libvirt host capabilities XML from FILE (or -).", valueName: "FILE"))
  var capabilities: String?

  @Option(
    help: ArgumentHelp(
      "The guest's memory in all, with a unit (12GiB, 4096MiB); default: the host's.", valueName: "SIZE"))
  var memory: String?

  @Option(help: "The guest's vCPUs in all; default: the host's CPU count.")
  var vcpus: Int?

  @Option(help: ArgumentHelp("Write a minimal complete domain with this name.", valueName: "NAME"))
  var domain: String?

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file (atomically).", valueName: "FILE"))
  var output: String?

  @OptionGroup var common: CommonOptions

  func validate() throws {
    if [sysfsRoot, numactl, capabilities].compactMap({ $0 }).count > 1 {
      throw ValidationError(Messages.Usage.oneHostSource)
    }
    if let vcpus, vcpus < 1 { throw ValidationError(Messages.Usage.vcpusAtLeastOne) }
    if let memory, MemoryUnit.kibibytes(size: memory) == nil {
      throw ValidationError(Messages.Usage.memoryNotASize(memory))
    }
  }

  func run() throws {
    try runOperation(
      Operations.FromHost(
        host: numactl ?? capabilities ?? sysfsRoot ?? "/sys/devices/system/node", options: try common.options(),
        vcpus: vcpus, memoryKiB: memory.flatMap { MemoryUnit.kibibytes(size: $0) }, domainName: domain,
        target: output.map(ProductTarget.file) ?? .standardOutput))
  }
}
