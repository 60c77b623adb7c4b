import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

/// Shared by the converters: read one input, convert, print findings to stderr and the product
/// to stdout (or `-o FILE`), exit 1 when the guest is invalid or cannot be expressed.
struct ConversionOptions: ParsableArguments {
  @Argument(help: "A guest domain XML file, or - for standard input.")
  var path: String

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the output to this file (atomically).", valueName: "FILE"))
  var output: String?

  func run(limit: Int, _ convert: ([UInt8], String) -> ConversionResult) throws {
    let input = InputSource(argument: path)
    let bytes: [UInt8]
    do {
      bytes = try input.read(limit: limit)
    } catch {
      throw RunError(description: error.description)
    }
    let result = convert(bytes, input.displayName)
    for diagnostic in result.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
    guard let text = result.output else { throw ExitCode(1) }
    if let output {
      do {
        try AtomicFile.write(Array(text.utf8), to: output)
      } catch {
        throw RunError(description: error.description)
      }
    } else {
      Output.shared.raw(text)
    }
  }
}

/// `numaschema to-xl PATH`
struct ToXL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "to-xl",
    abstract: "Write the guest as a Xen xl config: vnuma and the settings it depends on.",
    discussion: """
      Elements that are not converted are reported as warnings (errors with --strict). A cell \
      whose memory is not a whole number of MiB, or that has no cpus, cannot be expressed: exit 1.
      """
  )

  @OptionGroup var conversion: ConversionOptions
  @OptionGroup var check: CheckOptions

  func run() throws {
    let validator = try check.validator()
    try conversion.run(limit: check.maxSize) { validator.toXL(bytes: $0, file: $1) }
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
  @OptionGroup var check: CheckOptions

  @Flag(name: .customLong("legacy-mem"), help: "Give node memory as mem=MiB instead of memory backend objects.")
  var legacyMemory = false

  func run() throws {
    let validator = try check.validator()
    let legacy = legacyMemory
    try conversion.run(limit: check.maxSize) { validator.toQEMU(bytes: $0, file: $1, legacyMemory: legacy) }
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
      converted are warnings (errors with --strict).
      """
  )

  @Argument(help: "An xl config file, or - for standard input.")
  var path: String

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the domain XML to this file (atomically).", valueName: "FILE"))
  var output: String?

  @OptionGroup var check: CheckOptions

  func run() throws {
    let validator = try check.validator()
    let options = try ConversionOptions.parse([path] + (output.map { ["-o", $0] } ?? []))
    try options.run(limit: check.maxSize) { validator.fromXL(bytes: $0, file: $1) }
  }
}
