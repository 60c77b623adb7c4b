import CLibFuzzer
import FuzzHostSupport
import Foundation
import NumaSchemaKit

/// libFuzzer's entry point: the bytes are libvirt host capabilities XML. When it reads, from-host
/// and fit run on the host (`HostExercise`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let host = try? HostTopology.read(capabilities: bytes, source: "capabilities.xml") else { return 0 }
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
