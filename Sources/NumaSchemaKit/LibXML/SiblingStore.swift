internal import CLibXML2
internal import CNumaSchemaShims

/// The `<sibling>`s of one `<distances>` element that the parse kept out of the tree (all but
/// the first, which stays in it), as plain numbers. Each was plainly valid: the grammar's
/// pattern for a sibling (a plain decimal id, a value of 10 to 255, nothing else) holds for it.
final class SetAsideSiblings: Sendable {
  let ids: ArraySlice<UInt32>
  let values: ArraySlice<UInt8>
  let lines: ArraySlice<Int32>
  /// The document-order element ordinal of the first of them; the others follow it.
  let firstOrdinal: Int

  init(ids: ArraySlice<UInt32>, values: ArraySlice<UInt8>, lines: ArraySlice<Int32>, firstOrdinal: Int) {
    self.ids = ids
    self.values = values
    self.lines = lines
    self.firstOrdinal = firstOrdinal
  }

  var count: Int { ids.count }
}

/// Every set-aside sibling of one parsed document, found by their `<distances>` element.
///
/// Large guests are mostly siblings: 1,024 cells have 1,048,576 of them, which as libxml2 nodes
/// take about 600 bytes each (14 times their text) and one child list per cell that libxml2's
/// RelaxNG validates in quadratic time. Kept as numbers they take 9 bytes each.
struct SiblingStore {
  private let ids: [UInt32]
  private let values: [UInt8]
  private let lines: [Int32]
  /// `<distances>` element (its node's address) → its range in the arrays.
  private let rows: [UnsafeRawPointer: Range<Int>]

  /// Copies what `store` gathered.
  init(copying store: OpaquePointer) {
    let count = numaschema_sibling_store_count(store)
    let siblings = UnsafeBufferPointer(start: numaschema_sibling_store_siblings(store), count: count)
    ids = siblings.map(\.id)
    values = siblings.map { UInt8(truncatingIfNeeded: $0.value) }
    lines = siblings.map(\.line)
    var rows: [UnsafeRawPointer: Range<Int>] = [:]
    let rowCount = numaschema_sibling_store_row_count(store)
    for row in UnsafeBufferPointer(start: numaschema_sibling_store_rows(store), count: rowCount) {
      guard let element = row.distances, row.count > 0 else { continue }
      rows[element] = row.first..<(row.first + row.count)
    }
    self.rows = rows
  }

  var isEmpty: Bool { rows.isEmpty }

  /// Where the siblings set aside from `element` are, when it is a `<distances>` that had some.
  func row(of element: xmlNodePtr) -> Range<Int>? {
    rows[UnsafeRawPointer(element)]
  }

  /// The siblings of `row`, the first of them numbered `firstOrdinal` in document order.
  func setAside(_ row: Range<Int>, firstOrdinal: Int) -> SetAsideSiblings {
    SetAsideSiblings(ids: ids[row], values: values[row], lines: lines[row], firstOrdinal: firstOrdinal)
  }
}
