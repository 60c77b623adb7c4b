import CLibFuzzer
import Foundation
import NumaSchemaKit

/// One validator for the whole run: the grammar is compiled once, as the CLI does.
let validator: Validator = {
  do { return Validator(grammar: try Grammar.embedded()) } catch {
    fatalError("the embedded grammar does not compile: \(error)")
  }
}()

/// libFuzzer's entry point: the bytes are an xl config. `XLImport.domain` parses it, imports the vnuma,
/// and validates and canonicalizes the domain it describes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let result = XLImport.domain(bytes: bytes, file: "fuzz.cfg", validator: validator)
  // A config that imports cleanly gives a domain that validates again as it is.
  if let output = result.output {
    let again = validator.validate(bytes: Array(output.utf8), file: "from-xl.xml")
    if !again.isValid {
      fatalError("from-xl wrote an invalid domain: \(again.diagnostics.map(\.code.rawValue))\n\(output)")
    }
  }
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
