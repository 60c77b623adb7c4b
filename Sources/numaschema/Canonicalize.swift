import ArgumentParser
import FoundationEssentials
import NumaSchemaKit

extension DistancesMode: ExpressibleByArgument {}

/// `numaschema canonicalize PATH...`
struct Canonicalize: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Put guests in one canonical form (docs/canonical-form.md).",
    discussion: """
      Writes the canonical form of PATH to stdout, or to FILE with -o. --in-place rewrites each \
      file atomically; --check only reports the files that are not canonical. Invalid input is \
      refused with validate's findings and nothing is written.
      Exit status: 0 ok (or canonical, with --check), 1 invalid input (or not canonical), 2 usage or I/O.
      """
  )

  @Argument(help: "Guest files, or - for standard input.")
  var paths: [String]

  @OptionGroup var check: CheckOptions

  @Option(help: "Distances: full (every sibling, completed), minimal (only what completion cannot infer) or asis (sorted only).")
  var distances: DistancesMode = .full

  @Option(name: .shortAndLong, help: ArgumentHelp("Write the canonical form to this file.", valueName: "FILE"))
  var output: String?

  @Flag(help: "Rewrite each file in place, atomically.")
  var inPlace = false

  @Flag(name: .customLong("check"), help: "Exit 1 and name every file that is not canonical; write nothing.")
  var checkOnly = false

  func validate() throws {
    if [inPlace, checkOnly, output != nil].filter({ $0 }).count > 1 {
      throw ValidationError("-o, --in-place and --check exclude each other")
    }
    if !inPlace && !checkOnly && paths.count != 1 {
      throw ValidationError("give one input, or use --in-place or --check for several")
    }
    if inPlace && paths.contains("-") { throw ValidationError("--in-place cannot rewrite standard input") }
  }

  func run() throws {
    let canonicalizer = Canonicalizer(validator: try check.validator(), distances: distances)
    var status: Int32 = 0
    for path in paths {
      let input = InputSource(argument: path)
      let bytes: [UInt8]
      do {
        bytes = try input.read(limit: check.maxSize)
      } catch {
        throw RunError(description: error.description)
      }
      let result: CanonicalizationResult
      do {
        result = try canonicalizer.canonicalize(bytes: bytes, file: input.displayName)
      } catch {
        throw RunError(description: error.description)
      }
      for diagnostic in result.report.diagnostics { Output.shared.error(ReportRenderer.text(diagnostic)) }
      guard let canonical = result.canonical else {
        status = 1
        continue
      }
      if checkOnly {
        if Array(canonical.utf8) != bytes {
          Output.shared.out("\(input.displayName): not canonical")
          status = 1
        }
      } else if inPlace {
        if Array(canonical.utf8) != bytes {
          do {
            try AtomicFile.replace(path, with: Array(canonical.utf8), unlessChangedFrom: bytes)
          } catch {
            throw RunError(description: error.description)
          }
        }
      } else if let output {
        do {
          try AtomicFile.replace(output, with: Array(canonical.utf8), creating: true)
        } catch {
          throw RunError(description: error.description)
        }
      } else {
        Output.shared.raw(canonical)
      }
    }
    if status != 0 { throw ExitCode(status) }
  }
}
