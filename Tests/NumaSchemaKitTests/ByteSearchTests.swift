import Testing

@testable import NumaSchemaKit

@Suite("searching bytes")
struct ByteSearchTests {
  /// The plain definition: some offset where every byte of `needle` follows.
  static func naive(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return needle.isEmpty }
    return (0...(haystack.count - needle.count)).contains { start in
      haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
  }

  @Test("finds a needle exactly where the plain definition does, a common first byte included")
  func agreesWithTheDefinition() {
    var generator = SystemRandomNumberGenerator()
    // Bytes of every commonness: the byte memchr looks for is then first, last or between.
    let alphabet = Array("<sag-Z".utf8)
    for round in 0..<3000 {
      // Short and long haystacks: past a few hundred bytes of misses the search hands over to memmem.
      let length =
        round % 3 == 0 ? Int.random(in: 200...3000, using: &generator) : Int.random(in: 0...40, using: &generator)
      let haystack = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      let needle = (0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!
      }
      #expect(ByteSearch.occurs(needle, in: haystack) == Self.naive(needle, in: haystack), "\(needle) in \(haystack)")
    }
  }

  @Test("a needle at the very end, one cut short by the end, and an empty one")
  func edges() {
    #expect(ByteSearch.occurs(Array("<sibling".utf8), in: Array("<<<<<<<<<<<sibling".utf8)))
    #expect(!ByteSearch.occurs(Array("<sibling".utf8), in: Array("<<<<<<<<<<<siblin".utf8)))
    #expect(ByteSearch.occurs([], in: Array("x".utf8)))
    #expect(!ByteSearch.occurs(Array("xy".utf8), in: []))
    // The rarest byte at either end of the needle, the needle at either end of the text.
    #expect(ByteSearch.occurs(Array("numaschema-".utf8), in: Array("numaschema-".utf8)))
    #expect(!ByteSearch.occurs(Array("numaschema-".utf8), in: Array("-numaschema".utf8)))
    #expect(ByteSearch.occurs(Array("Zaaaa".utf8), in: Array("aaZaaaa".utf8)))
    #expect(!ByteSearch.occurs(Array("Zaaaa".utf8), in: Array("aaZaaa".utf8)))
    #expect(
      ByteSearch.occurs(
        Array("<sibling".utf8), in: Array(String(repeating: "g", count: 5000).utf8) + Array("<sibling".utf8)))
  }
}
