import CLibFuzzer
import Foundation
import NumaSchemaKit

/// One validator for the whole run: the grammar is compiled once, as the CLI does.
let validator: Validator = {
  do { return Validator(grammar: try Grammar.embedded()) } catch {
    fatalError("the embedded grammar does not compile: \(error)")
  }
}()

/// libFuzzer's entry point: the bytes are a QEMU command line (shell-quoted, or NUL-separated as
/// /proc/PID/cmdline). `QEMUImport.domain` splits it into words, reads the options (QemuOpts and
/// JSON), applies QEMU's -numa rules, and validates and canonicalizes the domain it describes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let result = QEMUImport.domain(bytes: bytes, file: "fuzz.args", validator: validator)
  // A command line that imports cleanly gives a domain that validates again as it is, and whose
  // to-qemu output reads back (the round trip the tests check on the conformance guests).
  if let output = result.output {
    let checked = validator.check(bytes: Array(output.utf8), file: "from-qemu.xml")
    if !checked.report.isValid {
      fatalError("from-qemu wrote an invalid domain: \(checked.report.diagnostics.map(\.code.rawValue))\n\(output)")
    }
    // to-qemu rounds every cell up to a MiB, as libvirt does: a cell within a MiB of libvirt's
    // 2^53 KiB limit goes past it (the round trip test skips those guests too).
    let nearLimit = checked.validGuest?.numa?.cells.contains { $0.memoryKiB > (1 << 53) - 1024 } ?? false
    if !nearLimit, let args = checked.toQEMU().output {
      let back = QEMUImport.domain(bytes: Array(args.utf8), file: "to-qemu.args", validator: validator)
      if back.output == nil {
        fatalError("from-qemu refused to-qemu's output: \(back.diagnostics.map(\.message))\n\(args)")
      }
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
