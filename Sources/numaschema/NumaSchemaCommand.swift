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
    // Also the DESCRIPTION of the numaschema(1) manual page (scripts/make-manual), whose
    // generator keeps ASCII characters only.
    discussion: """
      Each subcommand reads guests (libvirt domain XML files; a folder stands for every *.xml below it, - for \
      standard input) or what it converts from (an xl config, a QEMU command line, a host). In text output, \
      findings go to standard error as FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE], coloured on a terminal \
      (NO_COLOR turns colour off). Every subcommand takes --quiet, --strict, --warnings-as-errors, \
      --disable CODE, --max-size SIZE, --schema DIR, --driver DRIVER and --qemu-version X.Y; those that \
      report (validate, canonicalize --check, show, diff, fit, conformance) take --format json (and validate, canonicalize --check, diff and fit --format github or sarif). \
      'numaschema help SUBCOMMAND' and the manual page numaschema-SUBCOMMAND(1) describe each one.

      Exit status, for every subcommand: 0 clean (valid, canonical, equal, fits, every case passed), \
      1 findings (an input invalid, not canonical or different, a guest that does not fit or that a converter \
      cannot express, a case that failed), 2 a usage error, an input that could not be read or an output that could not be written.
      """,
    version: NumaSchemaProject.version,
    subcommands: [
      Validate.self, Canonicalize.self, Show.self, ToXL.self, FromXL.self, ToQEMU.self, FromQEMU.self, FromHost.self,
      Fit.self, Diff.self, Conformance.self,
    ]
  )

  /// Exit 0 ok, 1 invalid input, 2 usage or I/O: ArgumentParser's own codes differ.
  static func main(_ arguments: [String]?) {
    do {
      let given = arguments ?? Array(CommandLine.arguments.dropFirst())
      if let plain = try ValidateRun.plain(given) {
        try plain.execute()
        Glibc.exit(0)
      }
      if let plain = CanonicalizeRun.plain(given) {
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
