/// A name the grammar does not allow where it is: an attribute or child element it does not
/// take, or an attribute it requires and that is missing.
struct NameProblem: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// An attribute the element does not take; `suggestion` is the allowed name nearest it.
    case unknownAttribute(String, suggestion: String?, allowed: [String])
    /// A child element the element does not take.
    case unknownElement(String, suggestion: String?, allowed: [String])
    /// An attribute the element must have and does not.
    case missingAttribute(String)
  }

  var kind: Kind
  /// The element the attribute is on, or the child is in.
  var element: String
  /// Where the attribute or the unknown child is; for a missing attribute, the element.
  var position: SourcePosition
  /// Where the element is.
  var elementPosition: SourcePosition
}

/// Checks the names in the parts of a domain numaschema reads (`<cpu>` with its `<numa>`,
/// `<numatune>`, `<memoryBacking>`, memory devices, …) against the grammar's own outline:
/// every unknown attribute, unknown child element and missing required attribute, each at its
/// own place, where libxml2 reports one problem per part in generic words.
///
/// Run only once the grammar has refused the document: a valid one never pays for it.
struct GrammarNameCheck {
  let outline: GrammarOutline
  let locator: Locator

  /// The problems of every copied child of `domain`, in document order.
  func problems(in domain: DomainSource) -> [NameProblem] {
    guard domain.rootNamespace == nil, let root = outline.place(root: domain.rootName) else { return [] }
    var problems: [NameProblem] = []
    // Depth-first, in document order; a stack, so that no nesting can exhaust the call stack.
    var stack: [(element: SourceElement, place: ElementPlace)] = domain.elements.reversed().compactMap { element in
      root.child(named: element.name).map { (element, $0) }
    }
    while let (element, place) = stack.popLast() {
      problems += attributeProblems(of: element, at: place)
      var inner: [(element: SourceElement, place: ElementPlace)] = []
      for child in element.children {
        if let childPlace = place.child(named: child.name) {
          inner.append((child, childPlace))
        } else if !place.takesOtherChildren {
          let allowed = place.childNames
          problems.append(
            NameProblem(
              kind: .unknownElement(child.name, suggestion: Suggestion.closest(to: child.name, among: allowed), allowed: allowed),
              element: element.name, position: locator.position(of: child), elementPosition: locator.position(of: element)))
        }
      }
      // The set-aside siblings of a <distances> are plainly valid ones: nothing to check.
      stack += inner.reversed()
    }
    return problems
  }

  /// The unknown and missing attributes of one element. A missing attribute that an unknown
  /// one was meant to be (`valeu` for `value`) is one mistake: only the unknown one is reported.
  private func attributeProblems(of element: SourceElement, at place: ElementPlace) -> [NameProblem] {
    let required = place.requiredAttributes
    let missing = required.filter { element.attribute($0) == nil }
    var problems: [NameProblem] = []
    var explained = Set<String>()
    if !place.takesAnyAttribute {
      let unknown = element.attributes.filter { !place.takesAttribute($0.name) }
      let allowed = unknown.isEmpty ? [] : place.attributes
      let absent = allowed.filter { element.attribute($0) == nil }
      for attribute in unknown {
        let suggestion = Suggestion.closest(to: attribute.name, among: absent)
        if let suggestion { explained.insert(suggestion) }
        problems.append(
          NameProblem(
            kind: .unknownAttribute(attribute.name, suggestion: suggestion, allowed: allowed), element: element.name,
            position: locator.position(of: element, attribute: attribute.name),
            elementPosition: locator.position(of: element)))
      }
    }
    for name in missing where !explained.contains(name) {
      let position = locator.position(of: element)
      problems.append(NameProblem(kind: .missingAttribute(name), element: element.name, position: position, elementPosition: position))
    }
    return problems
  }
}

extension NameProblem {
  /// Whether this problem is the mistake libxml2's `violation` is about, so that only the
  /// precise one of the two is reported.
  func explains(_ violation: GrammarViolation) -> Bool {
    switch (violation.subject, kind) {
    case (.attribute(let name, let owner), .unknownAttribute(let attribute, _, _)):
      return name == attribute && owner == element
    case (.attributesOf(let owner), .unknownAttribute), (.attributesOf(let owner), .missingAttribute):
      return owner == element
    case (.unexpectedElement(let name), .unknownElement(let child, _, _)):
      return name == child
    case (.missingElement(let name), .unknownElement(_, let suggestion, _)):
      return name == suggestion
    case (.summary, _):
      return true
    default:
      return false
    }
  }
}
