import CLibFuzzer
import FuzzHostSupport
import Foundation
import NumaSchemaKit

/// libFuzzer's entry point: the bytes, read as UTF-8, are `numactl -H` output. When it reads,
/// from-host and fit run on the host (`HostExercise`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let host = try? HostTopology.read(numactl: text, source: "numactl.txt") else { return 0 }
  HostExercise.run(host)
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
