/// "Did you mean …?": the known name closest to a misspelt one.
public enum Suggestion {
  /// The name of `candidates` nearest to `word` by edit distance (insertions, deletions,
  /// substitutions and swaps of neighbours, case ignored), when it is near enough to be a slip
  /// of the keyboard: at most one edit for words up to four letters, two up to eight, three
  /// beyond. Ties go to the candidate listed first; an exact match is not a suggestion.
  public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    let allowed = target.count <= 4 ? 1 : target.count <= 8 ? 2 : 3
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != word {
      let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), limit: allowed)
      guard distance <= allowed else { continue }
      if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    return best?.name
  }

  /// Optimal-string-alignment distance, giving up (returning `limit + 1`) once it must exceed `limit`.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowBest = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
        current[j] = value
        rowBest = min(rowBest, value)
      }
      if rowBest > limit { return limit + 1 }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}
