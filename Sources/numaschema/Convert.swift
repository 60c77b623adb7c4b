import ArgumentParser
import NumaSchemaKit

/// What the converters share: one input and where the product goes.
struct ConversionOptions: ParsableArguments {
  @Argument(help: "The input file, or - for standard input.", completion: .file())
  var path: String

  @Option(
    name: .shortAndLong, help: ArgumentHelp("Write the output to this file (atomically).", valueName: "FILE"),
    completion: .file())
  var output: String?

  var input: InputSource { InputSource(argument: path) }
  var target: ProductTarget { output.map(ProductTarget.file) ?? .standardOutput }

  func validate() throws {
    if InputSource.isFolder(path) {
      throw ValidationError(Messages.Usage.converterGivenFolder(path))
    }
  }
}

/// `numaschema to-xl PATH`
struct ToXL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "to-xl",
    abstract: "Write the guest as a Xen xl config: vnuma and the settings it depends on.",
    discussion: """
      What xl cannot carry of the NUMA meaning (<numatune>, <memoryBacking>, memory devices, \
      HMAT and more) is a warning each (errors with --warnings-as-errors); the other elements, which \
      have none, are named in one note line (none with --quiet). A cell whose memory is not a \
      whole number of MiB, or that has no cpus, cannot be expressed: exit 1.
      """
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var common: CommonOptions

  func run() throws {
    try runOperation(Operations.ToXL(input: conversion.input, options: try common.options(), target: conversion.target))
  }
}

/// `numaschema to-qemu PATH`
struct ToQEMU: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "to-qemu",
    abstract: "Write the QEMU arguments for the guest's NUMA topology, one option per line.",
    discussion: """
      As libvirt's QEMU driver generates them: -m and -smp, a memory backend and -numa node per cell \
      (huge pages, shared, file- or memfd-backed memory, host nodes from <numatune>), -numa dist for every \
      ordered pair, HMAT, PCI expander buses and memory devices. Host paths are those of a Debian host with \
      libvirt's defaults unless given.
      """
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var common: CommonOptions

  @Flag(
    name: .customLong("legacy-mem"),
    help: "Give node memory as mem=MiB where no cell needs a memory backend (machine types before QEMU 5.1).")
  var legacyMemory = false

  @Option(
    name: .customLong("hugetlbfs"),
    help: ArgumentHelp(
      "A hugetlbfs mount: page size and path, as 2M=/dev/hugepages (repeat for each; default 2M=/dev/hugepages and 1G=/dev/hugepages1G).",
      valueName: "SIZE=PATH"))
  var hugetlbfs: [String] = []

  @Option(
    name: .customLong("memory-backing-dir"),
    help: ArgumentHelp("libvirt's memory_backing_dir, for file-backed memory.", valueName: "DIR"),
    completion: .directory)
  var memoryBackingDirectory = QEMUHostSettings.defaults.memoryBackingDirectory

  @Option(
    name: .customLong("domain-id"), parsing: .unconditional,
    help: ArgumentHelp("The domain id in host paths (ID-NAME).", valueName: "N"))
  var domainID = QEMUHostSettings.defaults.domainID

  @Flag(
    name: .customLong("no-driver-rules"),
    help: "Write the line even for a guest libvirt's QEMU driver or QEMU would refuse (to try it on QEMU).")
  var noDriverRules = false

  func validate() throws {
    _ = try hostSettings()
  }

  func hostSettings() throws -> QEMUHostSettings {
    var host = QEMUHostSettings.defaults
    host.memoryBackingDirectory = memoryBackingDirectory
    host.domainID = domainID
    if !hugetlbfs.isEmpty {
      host.hugetlbfs = try hugetlbfs.map { text in
        guard let equals = text.firstIndex(of: "="), let size = Self.pageSize(String(text[..<equals])), size > 0,
          text.index(after: equals) < text.endIndex
        else { throw ValidationError(Messages.Usage.hugetlbfsInvalid(text)) }
        return QEMUHostSettings.HugetlbfsMount(pageSizeKiB: size, path: String(text[text.index(after: equals)...]))
      }
    }
    return host
  }

  /// `2M`, `1G`, `2048K`, `2MiB` or a number of KiB.
  static func pageSize(_ text: String) -> UInt64? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    let unit = text.dropFirst(digits.count)
    guard !digits.isEmpty else { return nil }
    return try? MemoryUnit.kibibytes(value: String(digits), unit: unit.isEmpty ? nil : String(unit))
  }

  func run() throws {
    try runOperation(
      Operations.ToQEMU(
        input: conversion.input, options: try common.options(), target: conversion.target, legacyMemory: legacyMemory,
        host: try hostSettings(), driverRules: !noDriverRules))
  }
}

/// `numaschema from-xl PATH`
struct FromXL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "from-xl",
    abstract: "Read a Xen xl config and write the guest as canonical domain XML.",
    discussion: """
      The whole xl.cfg syntax is read (comments, both quote styles and escapes, numbers, nested \
      lists, trailing commas); vnuma is checked as libvirt and Xen check it. Keys that are not \
      converted are warnings (errors with --strict: they are the config's own).
      """
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var common: CommonOptions

  func run() throws {
    try runOperation(
      Operations.FromXL(input: conversion.input, options: try common.options(), target: conversion.target))
  }
}

/// `numaschema from-qemu PATH`
struct FromQEMU: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "from-qemu",
    abstract: "Read a QEMU command line and write the guest as canonical domain XML.",
    discussion: """
      The command line is read as a shell reads libvirt's .args files (backslash-newline \
      continuations, single and double quotes, backslash escapes, leading VAR=value words and \
      the program), or NUL-separated as /proc/PID/cmdline holds it. -m, -smp, memory backend \
      objects, -numa node/dist/cpu/hmat-lb/hmat-cache, memory devices and pxb numa_node are \
      converted and checked by QEMU's own rules; other options are skipped.
      """
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var common: CommonOptions

  func run() throws {
    try runOperation(
      Operations.FromQEMU(input: conversion.input, options: try common.options(), target: conversion.target))
  }
}
