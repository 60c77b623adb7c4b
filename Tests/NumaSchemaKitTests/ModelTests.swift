import Testing

@testable import NumaSchemaKit

@Suite("cpusets, as libvirt parses and prints them")
struct CPUSetTests {
  @Test(
    arguments: [
      ("0-3", "0-3"), ("3,1,2,0", "0-3"), ("0-7,^3", "0-2,4-7"), ("^3,0-7", "0-7"), ("0,^0", ""),
      ("0-3,", "0-3"), (" 0 - 3 , 8", "0-3,8"), ("8,10-11,0-3", "0-3,8,10-11"), ("16383", "16383"),
    ])
  func parsesAndFormats(text: String, canonical: String) throws {
    #expect(try CPUSet(parsing: text).description == canonical)
  }

  @Test(arguments: ["", "  ", ",0", "0,,1", "+3", "0x3", "3-1", "^0-3", "^ 3", "a", "16384", "0-4294967295", "-1"])
  func refuses(text: String) {
    #expect(throws: CPUSetError.self) { try CPUSet(parsing: text) }
  }

  @Test func setOperations() {
    let a = CPUSet([0, 1, 2, 5])
    let b = CPUSet(ranges: [2...6])
    #expect(a.intersection(b).description == "2,5")
    #expect(a.union(b).description == "0-6")
    #expect(b.subtracting(a).description == "3-4,6")
    #expect(a.count == 4 && a.contains(5) && !a.contains(3))
  }
}

@Suite("memory sizes, converted to KiB as libvirt does")
struct MemorySizeTests {
  @Test(
    arguments: [
      ("1024", nil, UInt64(1024)), ("1", "b", 1), ("1000", "KB", 977), ("1", "MB", 977), ("1", "GB", 976_563),
      ("1", "G", 1_048_576), ("2048", "M", 2_097_152), ("2", "GiB", 2_097_152), ("1", "k", 1), ("1", "bytes", 1),
      ("1", "TiB", 1_073_741_824), ("+5", "KiB", 5), ("8", "EiB", 9_007_199_254_740_992 - 0),
    ] as [(String, String?, UInt64)])
  func converts(value: String, unit: String?, kib: UInt64) throws {
    if value == "8" && unit == "EiB" {
      // 8 EiB is 2^63 bytes: one more than fits.
      #expect(throws: MemorySizeError.tooLarge) { try MemoryUnit.kibibytes(value: value, unit: unit) }
      return
    }
    #expect(try MemoryUnit.kibibytes(value: value, unit: unit) == kib)
  }

  @Test func refusals() {
    #expect(throws: MemorySizeError.invalidNumber) { try MemoryUnit.kibibytes(value: "-1", unit: nil) }
    #expect(throws: MemorySizeError.invalidNumber) { try MemoryUnit.kibibytes(value: "1.5", unit: nil) }
    #expect(throws: MemorySizeError.unknownUnit) { try MemoryUnit.kibibytes(value: "1", unit: "KiBs") }
    #expect(throws: MemorySizeError.tooLarge) { try MemoryUnit.kibibytes(value: "9223372036854775807", unit: "KiB") }
    #expect(throws: MemorySizeError.tooLarge) { try MemoryUnit.kibibytes(value: "99999999999999999999", unit: "b") }
    // 2^63-1 bytes round up to 2^53 KiB, which libvirt refuses ("size value too large") …
    #expect(throws: MemorySizeError.tooLarge) { try MemoryUnit.kibibytes(value: "9223372036854775807", unit: "b") }
    // … while 2^53-1 KiB still fits.
    #expect((try? MemoryUnit.kibibytes(value: "9223372036854774784", unit: "b")) == 9_007_199_254_740_991)
  }
}

@Suite("distance completion, libvirt's way")
struct DistanceMatrixTests {
  @Test func unsetEntriesAreLocalOrRemoteDefaults() {
    let matrix = DistanceMatrix(count: 3)
    #expect(matrix.rows == [[10, 20, 20], [20, 10, 20], [20, 20, 10]])
    #expect(matrix.isEmpty)
  }

  @Test func oneWayIsMirrored() {
    var matrix = DistanceMatrix(count: 2)
    matrix.setExplicit(from: 0, to: 1, value: 21)
    #expect(matrix[1, 0] == 21)
    #expect(matrix.storedValue(from: 1, to: 1) == 10)
    #expect(!matrix.isExplicit(from: 1, to: 0))
  }

  @Test func explicitWinsWhicheverComesFirst() {
    var forward = DistanceMatrix(count: 2)
    forward.setExplicit(from: 0, to: 1, value: 21)
    forward.setExplicit(from: 1, to: 0, value: 31)
    var backward = DistanceMatrix(count: 2)
    backward.setExplicit(from: 1, to: 0, value: 31)
    backward.setExplicit(from: 0, to: 1, value: 21)
    #expect(forward == backward || forward.rows == backward.rows)
    #expect(forward.rows == [[10, 21], [31, 10]])
  }

  @Test func aRepeatedSiblingKeepsTheFirstMirror() {
    var matrix = DistanceMatrix(count: 2)
    matrix.setExplicit(from: 0, to: 1, value: 21)
    matrix.setExplicit(from: 0, to: 1, value: 31)
    #expect(matrix.rows == [[10, 31], [21, 10]])
  }
}
