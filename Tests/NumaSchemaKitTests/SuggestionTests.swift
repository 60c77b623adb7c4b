import Testing

@testable import NumaSchemaKit

@Suite("did you mean")
struct SuggestionTests {
  @Test("a slip of the keyboard finds the name meant")
  func slips() {
    #expect(Suggestion.closest(to: "memacess", among: ["memory", "memAccess", "discard"]) == "memAccess")
    #expect(Suggestion.closest(to: "distance", among: ["distances", "cell", "cache"]) == "distances")
    #expect(Suggestion.closest(to: "sibilng", among: ["sibling"]) == "sibling")  // two letters swapped
    #expect(Suggestion.closest(to: "CPUS", among: ["cpus", "id"]) == "cpus")
  }

  @Test("a word unlike every name gets no suggestion, nor does an exact match")
  func noSuggestion() {
    #expect(Suggestion.closest(to: "vendor", among: ["cpus", "memory"]) == nil)
    #expect(Suggestion.closest(to: "id", among: ["id"]) == nil)
    #expect(Suggestion.closest(to: "x", among: []) == nil)
  }
}
