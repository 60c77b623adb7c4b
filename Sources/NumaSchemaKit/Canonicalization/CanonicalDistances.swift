/// Which distance entries each `--distances` mode writes.
public enum DistancesMode: String, Sendable, CaseIterable {
  /// Every cell lists every sibling, with completed values.
  case full
  /// Only the entries completion cannot infer: the shortest file with the same matrix.
  case minimal
  /// The siblings as given, only sorted by id.
  case asis
}

enum CanonicalDistances {
  /// The entries minimal mode writes, row-major: for each pair `i < j`, nothing when both
  /// directions are the default 20; `i → j` alone when both are equal (libvirt mirrors it);
  /// both directions when they differ (a mirror could only give one value). The diagonal is
  /// always 10 and never written.
  static func minimalEntries(_ matrix: DistanceMatrix) -> [Bool] {
    let count = matrix.count
    var needed = [Bool](repeating: false, count: count * count)
    for from in 0..<count {
      for to in (from + 1)..<count {
        let forward = matrix[from, to]
        let backward = matrix[to, from]
        if forward == backward {
          if forward != DistanceMatrix.remoteDefault { needed[from * count + to] = true }
        } else {
          needed[from * count + to] = true
          needed[to * count + from] = true
        }
      }
    }
    return needed
  }
}
