/// A unified diff of two texts, line by line: the expected text as `-`, the actual as `+`.
public enum LineDiff {
  /// The hunks of a unified diff with `context` lines around each change; empty when equal.
  /// Texts larger than this (bytes or lines, either side) are not aligned line by line: the
  /// diff is then one summary line (`summary`), so its memory stays proportional to the input.
  public static let maximumBytes = 4 << 20
  public static let maximumLines = 50_000

  /// The hunks of a unified diff with `context` lines around each change; empty when equal.
  /// Above `maximumBytes` or `maximumLines` on either side, a summary instead of hunks.
  public static func unified(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 3) -> String {
    if expected.utf8.count > maximumBytes || actual.utf8.count > maximumBytes
      || lineCount(expected) > maximumLines || lineCount(actual) > maximumLines
    {
      guard let summary = summary(expected: expected, actual: actual) else { return "" }
      return "--- \(expectedName)\n+++ \(actualName)\n\(summary)\n"
    }
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

  /// `files differ: N vs M lines, first difference at line K`, found in one pass without
  /// copying either text; `nil` when they are equal.
  static func summary(expected: String, actual: String) -> String? {
    var line = 1
    var differing: Int?
    var old = expected.utf8.makeIterator()
    var new = actual.utf8.makeIterator()
    while true {
      let a = old.next()
      let b = new.next()
      if a == nil && b == nil { break }
      if a != b {
        differing = line
        break
      }
      if a == 0x0A { line += 1 }
    }
    guard let differing else { return nil }
    return Messages.Suite.filesDiffer(expectedLines: lineCount(expected), actualLines: lineCount(actual), firstDifference: differing)
  }

  /// Lines of a text: its newlines, plus one for a last line without one.
  static func lineCount(_ text: String) -> Int {
    var count = 0
    var last: UInt8 = 0x0A
    for byte in text.utf8 {
      if byte == 0x0A { count += 1 }
      last = byte
    }
    return last == 0x0A ? count : count + 1
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
