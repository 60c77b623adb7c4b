import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

#if canImport(Glibc)
  import Glibc
#endif

/// `numaschema`: checks, canonicalizes and converts libvirt guest NUMA topologies.
@main
struct NumaSchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "numaschema",
    abstract: "Check libvirt guest NUMA topologies before anything boots.",
    version: NumaSchemaProject.version,
    subcommands: [
      Validate.self, Canonicalize.self, Show.self, ToXL.self, FromXL.self, ToQEMU.self, FromQEMU.self, FromHost.self, Fit.self,
      Diff.self, Conformance.self,
    ]
  )

  /// Exit 0 ok, 1 invalid input, 2 usage or I/O: ArgumentParser's own codes differ.
  static func main(_ arguments: [String]?) {
    do {
      if let plain = try ValidateRun.plain(arguments ?? Array(CommandLine.arguments.dropFirst())) {
        try plain.execute()
        Glibc.exit(0)
      }
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch let code as ExitCode {
      Glibc.exit(code.rawValue)
    } catch let error as RunError {
      Output.shared.error(Messages.runError(error.description))
      Glibc.exit(2)
    } catch  where exitCode(for: error).isSuccess {
      exit(withError: error)
    } catch {
      // Usage errors in the one form every error of a run has: `numaschema: error: …`.
      var message = fullMessage(for: error)
      if message.hasPrefix("Error: ") { message = Messages.errorPrefix + message.dropFirst("Error: ".count) }
      Output.shared.error(message)
      Glibc.exit(2)
    }
  }

  static func main() { main(nil) }
}

/// A failure of the run itself (exit 2), with its message.
struct RunError: Error, CustomStringConvertible {
  var description: String
}
