/// The one order of findings: by line, then column, those without a line after those with one
/// (a finding about the whole file follows the ones it sums up); findings at the same place keep
/// the order they were found in. Validation, conversion, fit and the xl reader all report in it.
extension Sequence where Element == Diagnostic {
  func inSourceOrder() -> [Diagnostic] {
    enumerated().sorted { left, right in
      let l = (left.element.line ?? Int.max, left.element.column ?? 0, left.offset)
      let r = (right.element.line ?? Int.max, right.element.column ?? 0, right.offset)
      return l < r
    }.map(\.element)
  }
}
