/// Finds the line and column of elements and attributes of one input, building the
/// `SourceIndex` only when the first position is asked for.
final class Locator {
  private let bytes: [UInt8]
  private let elementCount: Int
  private var index: SourceIndex?

  init(bytes: [UInt8], elementCount: Int) {
    self.bytes = bytes
    self.elementCount = elementCount
  }

  /// Where `element` (or its `attribute`) starts; libxml2's line alone when the text cannot be
  /// lined up with the parsed tree.
  func position(of element: SourceElement, attribute: String? = nil) -> SourcePosition {
    position(ordinal: element.ordinal, name: element.name, line: element.line, attribute: attribute)
  }

  func position(ordinal: Int, name: String, line: Int?, attribute: String? = nil) -> SourcePosition {
    if index == nil { index = SourceIndex(bytes: bytes) }
    if let index, index.usable, index.tagCount == elementCount,
      let found = index.position(ordinal: ordinal, expectedName: name, attribute: attribute)
    {
      return found
    }
    return SourcePosition(line: line, column: nil)
  }
}
