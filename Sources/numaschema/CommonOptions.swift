import ArgumentParser
import NumaSchemaKit

extension ReportFormat: ExpressibleByArgument {}
extension HypervisorDriver: ExpressibleByArgument {}

/// Options every command that checks guests shares.
struct CheckOptions: ParsableArguments {
  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Option(
    name: .customLong("max-size"),
    help: ArgumentHelp("Refuse inputs larger than this (default 256MiB).", valueName: "SIZE"),
    transform: parseMaxSize)
  var maxSize: Int = InputSource.defaultSizeLimit

  @Option(name: .customLong("schema"), help: ArgumentHelp("Use the grammars of this folder instead of the built-in ones.", valueName: "DIR"))
  var schemaDirectory: String?

  @Option(
    help: ArgumentHelp(
      "Also apply the rules this libvirt driver adds when it defines or starts the guest (qemu or libxl).",
      valueName: "DRIVER"))
  var driver: HypervisorDriver?

  @Option(
    name: .customLong("qemu-version"),
    help: ArgumentHelp("The QEMU the qemu driver's rules assume (default 7.2, Debian 12's; 4.2 or later).", valueName: "X.Y"),
    transform: { text in
      guard let version = QEMUVersion(parsing: text), version >= .oldestSupported else {
        throw ValidationError("--qemu-version '\(text)' is not a QEMU release libvirt 9.0.0 drives (4.2 or later, as X.Y)")
      }
      return version
    })
  var qemuVersion: QEMUVersion = .debian12

  func grammar() throws(RunError) -> Grammar {
    try loadGrammar(schemaDirectory: schemaDirectory)
  }

  func validator() throws -> Validator {
    Validator(grammar: try grammar(), strict: strict, driver: driver, qemuVersion: qemuVersion)
  }
}

/// The grammar to validate with: the built-in one unless `--schema` names a folder.
func loadGrammar(schemaDirectory: String?) throws(RunError) -> Grammar {
  do throws(GrammarError) {
    if let schemaDirectory { return try Grammar(directory: schemaDirectory) }
    return try Grammar.embedded()
  } catch {
    throw RunError(description: error.description)
  }
}

/// The bytes `--max-size SIZE` allows (a size with a unit, such as 64MiB).
func parseMaxSize(_ text: String) throws -> Int {
  guard let kib = MemoryUnit.kibibytes(size: text), kib > 0, kib < UInt64(Int.max / 1024) else {
    throw ValidationError("--max-size '\(text)' is not a size such as 64MiB")
  }
  return Int(kib) * 1024
}
