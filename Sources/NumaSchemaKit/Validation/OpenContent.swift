/// Where a document's content cannot change the grammar's verdict: the elements every pattern
/// that may match them takes with any content at all (`anyContent`: `<devices>`' `<disk>`,
/// `<clock>`, `<on_reboot>`, foreign-namespace elements, …), found by walking down from the
/// document element through the places the grammar models strictly. Read from the grammar's
/// outline, so it follows the grammar, and only where the outline is exact: an element is
/// counted open only when every pattern that may match it (over-approximated, never under)
/// takes anything.
///
/// libxml2 checks such content all the same, element by element: over libvirt's test guests,
/// `<devices>` and the other open children are a large part of the tree and of the time spent
/// validating it (docs/performance.md). `CompiledRelaxNG.validate(_:leavingOut:)` sets their
/// content aside while it validates; the verdict is the same.
struct OpenContent: Sendable {
  /// What to do with an element found at a place.
  enum Decision: Sendable, Equatable {
    /// Validate it as it is, with everything below it.
    case keep
    /// Its content changes no verdict: set its attributes and children aside.
    case setAside
    /// Look at its children at the place of this index.
    case descend(Int)
  }

  /// A place in the document: the decisions for the children found there. A class: the walk
  /// passes places on for every element it visits, and copies of their arrays would cost more
  /// than the decisions.
  final class Place: Sendable {
    /// The names the grammar names here (or leaves out of an open pattern), NUL-terminated,
    /// with their first bytes apart (most names are told apart by it), and what to do with a
    /// child of each name (in no namespace).
    private let firstBytes: [UInt8]
    private let names: [[UInt8]]
    private let decisions: [Decision]
    /// What to do with a child of any other name, or in a namespace.
    let other: Decision

    fileprivate init(_ draft: Draft) {
      names = draft.named.map { Array($0.name.utf8) + [0] }
      firstBytes = names.map { $0[0] }
      decisions = draft.named.map(\.decision)
      other = draft.other
    }

    /// The decision for a child named `name` (a NUL-terminated byte string), in a namespace
    /// or none.
    func decision(name: UnsafePointer<UInt8>, inNamespace: Bool) -> Decision {
      guard !inNamespace else { return other }
      let first = name[0]
      for index in firstBytes.indices where firstBytes[index] == first {
        let same = names[index].withUnsafeBufferPointer { bytes in
          var at = 1
          while bytes[at] == name[at] {
            if bytes[at] == 0 { return true }
            at += 1
          }
          return false
        }
        if same { return decisions[index] }
      }
      return other
    }
  }

  /// A place while the places are being found.
  fileprivate struct Draft {
    var named: [(name: String, decision: Decision)] = []
    var other: Decision = .keep
  }

  /// From how many guests a run sets open content aside (`Validator.settingAsideOpenContent`):
  /// reading it costs about what setting it aside saves on this many (docs/performance.md).
  static let batchSize = 200

  /// The places, by index; the document element is decided by `root`.
  let places: [Place]
  let root: Place

  /// The open content of documents of the grammar `outline` describes; `nil` when the outline
  /// cannot say it exactly (a grammar that gives namespaces) or nothing is open.
  init?(outline: GrammarOutline) {
    guard !outline.givesNamespaces else { return nil }
    var builder = Builder(outline: outline)
    let root = builder.place(named: outline.start, open: outline.startOpen)
    builder.prune()
    guard builder.setsAnythingAside else { return nil }
    places = builder.places.map(Place.init)
    self.root = Place(builder.pruned(root))
  }

  private struct Builder {
    let outline: GrammarOutline
    var places: [Draft] = []
    /// The places made so far, by the rules an element there may match.
    var placeIndex: [[Int]: Int] = [:]

    init(outline: GrammarOutline) { self.outline = outline }

    /// The decisions for children of the names `named` gives rules for, and of any name the
    /// `open` patterns may take.
    mutating func place(named: [String: [Int]], open: [GrammarOutline.OpenChild]) -> Draft {
      var place = Draft()
      let listed = Set(named.keys).union(open.flatMap { $0.excluded ?? [] })
      for name in listed.sorted() {
        place.named.append(
          (name, decide(rules: named[name] ?? [], open: open.filter { $0.mayTake(name) })))
      }
      place.other = decide(rules: [], open: open)
      return place
    }

    /// What to do with an element that may match `rules` and the `open` patterns.
    mutating func decide(rules: [Int], open: [GrammarOutline.OpenChild]) -> Decision {
      if rules.isEmpty && open.isEmpty { return .keep }  // refused wherever it is: nothing to gain
      var all = rules
      for child in open {
        guard let rule = child.rule else { return .keep }
        all.append(rule)
      }
      if all.allSatisfy({ outline.rules[$0].acceptsAnything }) { return .setAside }
      let key = Array(Set(all)).sorted()
      if let index = placeIndex[key] { return .descend(index) }
      let index = places.count
      placeIndex[key] = index
      places.append(Draft())
      var named: [String: [Int]] = [:]
      var open: [GrammarOutline.OpenChild] = []
      for rule in key {
        for (name, childRules) in outline.rules[rule].childRules { named[name, default: []] += childRules }
        open += outline.rules[rule].openChildren
      }
      places[index] = place(named: named, open: open)
      return .descend(index)
    }

    /// The places below which something is set aside.
    var useful: Set<Int> = []

    /// Finds `useful`: a place is, when a decision there sets aside or descends to a useful one.
    mutating func prune() {
      var changed = true
      while changed {
        changed = false
        for index in places.indices where !useful.contains(index) {
          let decisions = places[index].named.map(\.decision) + [places[index].other]
          if decisions.contains(where: isWorthIt) {
            useful.insert(index)
            changed = true
          }
        }
      }
      places = places.map(pruned)
    }

    var setsAnythingAside: Bool { !useful.isEmpty }

    private func isWorthIt(_ decision: Decision) -> Bool {
      switch decision {
      case .keep: return false
      case .setAside: return true
      case .descend(let index): return useful.contains(index)
      }
    }

    /// `place` with each descent to a place where nothing is set aside made `keep`: the walk
    /// goes only where it has something to do.
    func pruned(_ place: Draft) -> Draft {
      func kept(_ decision: Decision) -> Decision {
        if case .descend(let index) = decision, !useful.contains(index) { return .keep }
        return decision
      }
      var result = place
      result.named = place.named.map { ($0.name, kept($0.decision)) }
      result.other = kept(place.other)
      return result
    }
  }
}
