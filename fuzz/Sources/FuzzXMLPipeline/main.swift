import CLibFuzzer
import Foundation
import NumaSchemaKit

/// One validator for the whole run: the grammar is compiled once, as the CLI does.
let validator: Validator = {
  do { return Validator(grammar: try Grammar.embedded()) } catch {
    fatalError("the embedded grammar does not compile: \(error)")
  }
}()

/// What `validate` prints, as the CLI runs it: findings through `--disable` and the
/// `numaschema-disable` directives, each with its source line and caret, in text and JSON.
let textOptions: OperationOptions = {
  var options = OperationOptions(grammar: validator.grammar)
  options.findings.disabled = [.numaNumberForm]
  options.jobs = 1
  return options
}()

/// libFuzzer's entry point: the bytes are a domain XML document. Every stage a valid guest can
/// reach runs: canonical form in each distances mode, the converters, and every view; every
/// document goes through validate's operation (directives, excerpts, JSON) too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let input = InputList([.inMemory(name: "fuzz.xml", bytes: bytes)])
  _ = Operations.Validate(inputs: input, options: textOptions).run()
  var json = textOptions
  json.report.format = .json
  _ = Operations.Validate(inputs: input, options: json).run()
  let checked = validator.check(bytes: bytes, file: "fuzz.xml")
  let report = checked.report
  guard report.isValid, let guest = report.guest else { return 0 }
  for mode in DistancesMode.allCases {
    do {
      let result = try Canonicalizer(validator: validator, distances: mode).canonicalize(bytes: bytes, file: "fuzz.xml")
      // What validate accepted, canonicalize must accept too, and its output is valid again.
      guard let canonical = result.canonical else { fatalError("valid input refused by canonicalize (\(mode))") }
      let again = validator.validate(bytes: Array(canonical.utf8), file: "canonical.xml")
      if !again.isValid {
        fatalError("canonical form (\(mode)) is invalid: \(again.diagnostics.map(\.code.rawValue))\n\(canonical)")
      }
    } catch {
      fatalError("canonicalize (\(mode)) failed on valid input: \(error)")
    }
  }
  _ = checked.toXL()
  _ = checked.toQEMU()
  _ = checked.toQEMU(legacyMemory: true)
  let topology = guest.effectiveTopology
  _ = TopologyView.numactl(topology)
  _ = TopologyView.json(topology)
  _ = TopologyView.svg(topology, title: "fuzz")
  _ = TopologyView.dot(topology, title: "fuzz")
  return 0
}

// libFuzzer's command line (corpus folders, -max_total_time, …) goes to its driver unchanged.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
  LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }  // libFuzzer passes a buffer even for the empty input
    return fuzz(data, size)
  })
