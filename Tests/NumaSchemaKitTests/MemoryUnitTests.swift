import Foundation
import Testing

@testable import NumaSchemaKit

/// `MemoryUnit.multiplier` reads ASCII units straight from their bytes; it must give what the
/// general reading (lowercased characters) gives for every unit, ASCII or not.
@Suite struct MemoryUnitTests {
  /// Every unit of up to three characters over the letters units use (either case) and a few
  /// others, and longer and non-ASCII ones.
  static var units: [String] {
    let alphabet = [
      "k", "K", "m", "M", "g", "G", "t", "T", "p", "P", "e", "E", "i", "I", "b", "B", "y", "s", "x", " ", "\r", "\n",
      "0",
    ]
    var units = [""]
    var previous = [""]
    for _ in 0..<3 {
      previous = previous.flatMap { prefix in alphabet.map { prefix + $0 } }
      units += previous
    }
    return units + [
      "byte", "BYTE", "bYtEs", "bytes", "bytess", "kibi", "KiBs", "\r\nKiB", "k\r\n", "\u{212A}iB", "\u{212A}", "ḱ",
      "K\u{301}", "ｋiB", "MİB", "mıb", "byte\u{0}", "kib ", " kib", "exabytes", "EiB", "eb", "pb",
    ]
  }

  @Test func everyUnitReadsAsTheGeneralReadingReadsIt() {
    var differing: [String] = []
    for unit in Self.units where MemoryUnit.multiplier(unit) != MemoryUnit.generalMultiplier(unit) {
      differing.append(unit)
    }
    #expect(differing.isEmpty, "\(differing.map { Array($0.unicodeScalars) })")
    #expect(MemoryUnit.multiplier("KiB") == 1024 && MemoryUnit.multiplier("\u{212A}iB") == 1024)
    #expect(MemoryUnit.multiplier("GB") == 1_000_000_000 && MemoryUnit.multiplier("Bytes") == 1)
  }
}
