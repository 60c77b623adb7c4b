/// The result of canonicalizing one input: the canonical text, or the findings that refused it.
public struct CanonicalizationResult: Sendable {
  /// The validation report (findings are those of `validate`).
  public var report: FileReport
  /// The canonical document, `nil` when the input is invalid.
  public var canonical: String?
}

/// Puts guests in the canonical form of `docs/canonical-form.md`: `canonicalize.xsl`, run
/// in-process by libxslt, with Swift extension functions over the validated model.
public struct Canonicalizer: Sendable {
  public let validator: Validator
  public var distances: DistancesMode

  public init(validator: Validator, distances: DistancesMode = .full) {
    self.validator = validator
    self.distances = distances
  }

  /// Validates, then transforms. Invalid input is refused with `validate`'s findings.
  public func canonicalize(bytes: [UInt8], file: String) throws(StylesheetError) -> CanonicalizationResult {
    // asis rewrites the <sibling>s as given, so it needs them all in the tree; full and minimal
    // write them from the completed matrix.
    let checked = validator.check(bytes: bytes, file: file, setAsideSiblings: distances != .asis)
    var report = checked.report
    let anchors = checked.anchors
    let document = checked.document
    guard report.isValid, let document, let guest = report.guest else {
      return CanonicalizationResult(report: report, canonical: nil)
    }
    let topology = guest.numa ?? NUMATopology(cells: [], distances: DistanceMatrix(count: 0))
    // A guest that gives no distance gets none (nothing to complete: minimal and full agree);
    // one that gives some gets its full matrix only up to `DistanceMatrix.everyPairLimit` cells.
    var mode = distances
    if mode == .full && topology.distances.isEmpty { mode = .minimal }
    if mode == .full && topology.cells.count > DistanceMatrix.everyPairLimit {
      report.diagnostics.append(
        Messages.canonicalFullTooLarge(
          file: file, cells: topology.cells.count, limit: DistanceMatrix.everyPairLimit,
          at: anchors.element("cpu/numa")))
      return CanonicalizationResult(report: report, canonical: nil)
    }
    let stylesheet = try Stylesheet.canonicalize()
    let functions = ExtensionFunctions(topology: topology)
    let marker = CanonicalDistances.rowMarker(avoiding: bytes)
    let text = try stylesheet.transform(
      document, parameters: ["distances": mode.rawValue, "row-marker": marker], functions: functions)
    let canonical = CanonicalDistances.expandRows(
      in: text, marker: marker, matrix: topology.distances, needed: mode == .minimal ? functions.needed : nil)
    return CanonicalizationResult(report: report, canonical: canonical)
  }
}
