/// A unified diff of two texts, line by line: the expected text as `-`, the actual as `+`.
public enum LineDiff {
  /// The hunks of a unified diff with `context` lines around each change; empty when equal.
  public static func unified(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 3) -> String {
    let old = lines(expected)
    let new = lines(actual)
    if old == new { return "" }
    let script = edits(old, new)
    var output = ["--- \(expectedName)", "+++ \(actualName)"]
    // Each change with `context` lines around it; overlapping windows merge into one hunk.
    var windows: [Range<Int>] = []
    for (position, edit) in script.enumerated() where edit.kind != .same {
      let window = max(0, position - context)..<min(script.count, position + context + 1)
      if let last = windows.last, last.upperBound >= window.lowerBound {
        windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, window.upperBound)
      } else {
        windows.append(window)
      }
    }
    for window in windows {
      let hunk = script[window]
      let oldCount = hunk.filter { $0.kind != .inserted }.count
      let newCount = hunk.filter { $0.kind != .deleted }.count
      let oldStart = (hunk.first?.oldLine ?? 0) + (oldCount == 0 ? 0 : 1)
      let newStart = (hunk.first?.newLine ?? 0) + (newCount == 0 ? 0 : 1)
      output.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
      for edit in hunk {
        switch edit.kind {
        case .same: output.append(" " + edit.text)
        case .deleted: output.append("-" + edit.text)
        case .inserted: output.append("+" + edit.text)
        }
      }
    }
    return output.joined(separator: "\n") + "\n"
  }

  /// Lines, with a marker when the text does not end in a newline.
  static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" { result.removeLast() } else if !text.isEmpty { result.append("\\ No newline at end of file") }
    return result
  }

  enum Kind { case same, deleted, inserted }

  struct Edit {
    var kind: Kind
    var text: String
    /// Lines of the old and new text before this edit.
    var oldLine: Int
    var newLine: Int
  }

  /// The edit script: common prefix and suffix kept as they are, the middle by longest common
  /// subsequence (quadratic in the middle only, which is small for golden files).
  static func edits(_ old: [String], _ new: [String]) -> [Edit] {
    var prefix = 0
    while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix && suffix < new.count - prefix
      && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    let a = Array(old[prefix..<(old.count - suffix)])
    let b = Array(new[prefix..<(new.count - suffix)])
    var script: [Edit] = (0..<prefix).map { Edit(kind: .same, text: old[$0], oldLine: $0, newLine: $0) }
    var oldLine = prefix
    var newLine = prefix
    func add(_ kind: Kind, _ text: String) {
      script.append(Edit(kind: kind, text: text, oldLine: oldLine, newLine: newLine))
      if kind != .inserted { oldLine += 1 }
      if kind != .deleted { newLine += 1 }
    }
    if a.count * b.count > 4_000_000 {
      // Too large to align: show it as a replacement.
      a.forEach { add(.deleted, $0) }
      b.forEach { add(.inserted, $0) }
    } else {
      var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
      for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
          table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
      }
      var i = 0
      var j = 0
      while i < a.count || j < b.count {
        if i < a.count && j < b.count && a[i] == b[j] {
          add(.same, a[i]); i += 1; j += 1
        } else if i < a.count && (j == b.count || table[i + 1][j] >= table[i][j + 1]) {
          add(.deleted, a[i]); i += 1  // deletions first, as diff -u prints them
        } else {
          add(.inserted, b[j]); j += 1
        }
      }
    }
    for offset in (old.count - suffix)..<old.count { add(.same, old[offset]) }
    return script
  }
}
