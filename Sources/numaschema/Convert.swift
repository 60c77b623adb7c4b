import ArgumentParser
import NumaSchemaKit

/// What the converters share: one input and where the product goes.
struct ConversionOptions: ParsableArguments {
  @Argument(help: "The input file, or - for standard input.")
  var path: String

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file (atomically).", valueName: "FILE"))
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
      HMAT, …) is a warning each (errors with --warnings-as-errors); the other elements, which \
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
    discussion: "As libvirt generates them: memory backends and -numa node, then -numa dist for every ordered pair."
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var common: CommonOptions

  @Flag(name: .customLong("legacy-mem"), help: "Give node memory as mem=MiB instead of memory backend objects.")
  var legacyMemory = false

  func run() throws {
    try runOperation(
      Operations.ToQEMU(
        input: conversion.input, options: try common.options(), target: conversion.target, legacyMemory: legacyMemory))
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
