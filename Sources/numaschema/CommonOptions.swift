import ArgumentParser
import NumaSchemaKit

extension ReportFormat: ExpressibleByArgument {}

/// Options every command that checks guests shares.
struct CheckOptions: ParsableArguments {
  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Option(name: .customLong("schema"), help: ArgumentHelp("Use the grammars of this folder instead of the built-in ones.", valueName: "DIR"))
  var schemaDirectory: String?

  /// The grammar to validate with: the built-in one unless `--schema` names a folder.
  func grammar() throws -> Grammar {
    do {
      if let schemaDirectory { return try Grammar(directory: schemaDirectory) }
      return try Grammar.embedded()
    } catch {
      throw RunError(description: error.description)
    }
  }

  func validator() throws -> Validator {
    Validator(grammar: try grammar(), strict: strict)
  }
}
