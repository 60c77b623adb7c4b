import ArgumentParser
import NumaSchemaKit

extension ReportFormat: ExpressibleByArgument {}

/// Options every command that checks guests shares.
struct CheckOptions: ParsableArguments {
  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Option(
    name: .customLong("max-size"),
    help: ArgumentHelp("Refuse inputs larger than this (default 256MiB).", valueName: "SIZE"),
    transform: { text in
      guard let kib = MemoryUnit.kibibytes(size: text), kib > 0, kib < UInt64(Int.max / 1024) else {
        throw ValidationError("--max-size '\(text)' is not a size such as 64MiB")
      }
      return Int(kib) * 1024
    })
  var maxSize: Int = InputSource.defaultSizeLimit

  @Option(name: .customLong("schema"), help: ArgumentHelp("Use the grammars of this folder instead of the built-in ones.", valueName: "DIR"))
  var schemaDirectory: String?

  func grammar() throws(RunError) -> Grammar {
    try loadGrammar(schemaDirectory: schemaDirectory)
  }

  func validator() throws -> Validator {
    Validator(grammar: try grammar(), strict: strict)
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
