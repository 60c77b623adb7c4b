import CLibFuzzer
import Foundation
import NumaSchemaKit

/// libFuzzer's entry point: the bytes, read as UTF-8, are a cpuset text. When it parses, the
/// set's canonical text parses back to the same set, and that text is already canonical.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let set = try? CPUSet(parsing: text) else { return 0 }
  // Ranges are sorted, disjoint and not adjacent, and every id is within the limit.
  for (index, range) in set.ranges.enumerated() {
    precondition(range.lowerBound >= 0 && range.upperBound < CPUSet.domainLimit, "id out of range in \(set.ranges)")
    if index > 0 {
      precondition(set.ranges[index - 1].upperBound + 1 < range.lowerBound, "ranges not merged: \(set.ranges)")
    }
  }
  let canonical = set.description
  if set.isEmpty {
    // The empty set (`0,^0`) has the empty text, which is not a cpuset.
    precondition(canonical.isEmpty, "empty set printed as '\(canonical)'")
    return 0
  }
  let again: CPUSet
  do { again = try CPUSet(parsing: canonical) } catch {
    fatalError("'\(canonical)' (from '\(text)') does not parse again: \(error)")
  }
  precondition(again == set, "'\(canonical)' parses to \(again.ranges), not \(set.ranges)")
  precondition(again.description == canonical, "canonical text is not stable: '\(canonical)' → '\(again.description)'")
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
