/// The names the grammar allows at each place, read from the RelaxNG itself (`schemas/*.rng`):
/// for every `<element>` pattern, the attributes it takes, those it requires, and the child
/// elements it takes. What "did you mean" hints and "unknown attribute" findings are made from,
/// so the grammar stays the one source of truth for names.
///
/// The outline over-approximates, never under: where the grammar is open (`<anyName/>`), or
/// uses a construct the outline does not follow, the place takes any name; an attribute counts
/// as required only when every way through the pattern requires it. So a name the outline
/// refuses is one the grammar refuses.
struct GrammarOutline: Sendable {
  /// One `<element>` pattern of the grammar.
  struct ElementRule: Sendable, Equatable {
    /// The attribute names it takes, in the grammar's order.
    var attributes: [String] = []
    /// The attributes every way through the pattern requires, in the grammar's order.
    var requiredAttributes: [String] = []
    /// True when it takes attributes of any name.
    var takesAnyAttribute = false
    /// The child element names it takes, in the grammar's order.
    var childNames: [String] = []
    /// The rules of each child name (one name may have several patterns).
    var childRules: [String: [Int]] = [:]
    /// True when it takes child elements of names not listed too.
    var takesOtherChildren = false
    /// The element patterns of many names (`<anyName>`) it takes as children.
    var openChildren: [OpenChild] = []
    /// True when its content is anything at all: any attributes, text and child elements, each
    /// child's content anything again (`anyContent`). Never true where the outline is unsure.
    var acceptsAnything = false
  }

  /// An element pattern of many names: `<element><anyName>` with the plain names its `<except>`
  /// leaves out.
  struct OpenChild: Sendable, Equatable {
    /// The names it does not take; `nil` when its name class is one the outline does not
    /// follow (it may then take any name).
    var excluded: Set<String>?
    /// Its rule; `nil` when its content is not known.
    var rule: Int?

    /// Whether it may take a child of this name (in no namespace).
    func mayTake(_ name: String) -> Bool { !(excluded?.contains(name) ?? false) }
  }

  /// Every element pattern reached from the start, by index.
  let rules: [ElementRule]
  /// The rules of the document element, by name.
  let start: [String: [Int]]
  /// The element patterns of many names the document element may match.
  var startOpen: [OpenChild] = []
  /// True when a grammar file gives a namespace (`ns="…"`; looked for when finding open
  /// content): the outline reads every name as in no namespace, so what needs names exact
  /// (`OpenContent`) does not trust it then.
  var givesNamespaces = false

  /// What the grammar allows for a document element named `name`; `nil` when it allows none.
  func place(root name: String) -> ElementPlace? {
    start[name].map { ElementPlace(outline: self, rules: $0) }
  }
}

/// What the grammar allows for one element of a document, reached by its path from the root:
/// the rules of every pattern that element may match, taken together.
struct ElementPlace {
  fileprivate let outline: GrammarOutline
  fileprivate let rules: [Int]

  /// The attribute names the element may have.
  var attributes: [String] { unique(rules.flatMap { outline.rules[$0].attributes }) }
  /// The attributes it must have: those every pattern requires.
  var requiredAttributes: [String] {
    guard let first = rules.first else { return [] }
    return outline.rules[first].requiredAttributes.filter { name in
      rules.allSatisfy { outline.rules[$0].requiredAttributes.contains(name) }
    }
  }
  var takesAnyAttribute: Bool { rules.contains { outline.rules[$0].takesAnyAttribute } }
  /// The child element names it may have.
  var childNames: [String] { unique(rules.flatMap { outline.rules[$0].childNames }) }
  var takesOtherChildren: Bool { rules.contains { outline.rules[$0].takesOtherChildren } }

  /// Whether the element may have an attribute of this name.
  func takesAttribute(_ name: String) -> Bool {
    takesAnyAttribute || rules.contains { outline.rules[$0].attributes.contains(name) }
  }

  /// What the grammar allows for a child named `name`; `nil` when the grammar names no such
  /// child here (it may still take it through an open pattern: see `takesOtherChildren`).
  func child(named name: String) -> ElementPlace? {
    let found = rules.flatMap { outline.rules[$0].childRules[name] ?? [] }
    return found.isEmpty ? nil : ElementPlace(outline: outline, rules: unique(found))
  }

  private func unique<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
  }
}

extension GrammarOutline {
  /// Reads the outline of the grammar whose top file is `top`, `<include href>`s resolved by
  /// file name among `files`. `nil` when a file does not parse or has no `<start>`.
  ///
  /// With `findingOpenContent`, each rule's `acceptsAnything` is found too (what
  /// `OpenContent` reads); without, it is false throughout, and reading is cheaper.
  static func read(top: String, files: [String: [UInt8]], findingOpenContent: Bool = false) -> GrammarOutline? {
    var builder = OutlineBuilder(files: files)
    builder.findingOpenContent = findingOpenContent
    guard builder.load(top, overriddenDefines: [], startOverridden: false), !builder.startPatterns.isEmpty else {
      return nil
    }
    return builder.build()
  }
}

/// A pattern of the grammar: an element of one of its files, with the file's number folded into
/// its ordinal, so that element patterns of different files never share a key.
private struct Pattern {
  let element: SourceElement
  let file: Int

  var name: String { element.name }
  var text: String { element.text }
  var ordinal: Int { element.ordinal * OutlineBuilder.maximumFiles + file }
  var children: [Pattern] { element.children.map { Pattern(element: $0, file: file) } }
  func attribute(_ name: String) -> String? { element.attribute(name) }
}

/// What a pattern allows, directly (attributes, child elements) and through refs.
private struct Content {
  var attributes: [String] = []
  var required: Set<String> = []
  var takesAnyAttribute = false
  var children: [(name: String, rule: Int)] = []
  var takesOtherChildren = false
  var openChildren: [GrammarOutline.OpenChild] = []

  mutating func addAttribute(_ name: String, required isRequired: Bool) {
    if !attributes.contains(name) { attributes.append(name) }
    if isRequired { required.insert(name) }
  }

  /// Both together (a group: what either requires is required).
  mutating func merge(_ other: Content) {
    for name in other.attributes where !attributes.contains(name) { attributes.append(name) }
    required.formUnion(other.required)
    takesAnyAttribute = takesAnyAttribute || other.takesAnyAttribute
    children += other.children
    takesOtherChildren = takesOtherChildren || other.takesOtherChildren
    openChildren += other.openChildren
  }

  /// Anything at all: what the outline gives a construct it does not follow.
  static var open: Content {
    var content = Content()
    content.takesAnyAttribute = true
    content.takesOtherChildren = true
    content.openChildren = [GrammarOutline.OpenChild(excluded: nil, rule: nil)]
    return content
  }
}

private struct OutlineBuilder {
  let files: [String: [UInt8]]
  /// The defines by name, with how they combine when a name is defined more than once.
  var defines: [String: [Pattern]] = [:]
  var interleavedDefines: Set<String> = []
  var startPatterns: [Pattern] = []
  /// Element patterns found so far, by "file#ordinal", and those whose content is still to read.
  var ruleIndex: [String: Int] = [:]
  var rules: [GrammarOutline.ElementRule] = []
  var pending: [(index: Int, pattern: Pattern)] = []
  /// Whether the open content is read too: `openChildren`, `acceptsAnything`.
  var findingOpenContent = false
  /// The content patterns of each rule, by index (when finding open content).
  var bodies: [Int: [Pattern]] = [:]
  /// Whether a file read gives a namespace (`ns="…"` anywhere).
  var givesNamespaces = false
  /// How many files have been read: each gets a number, folded into its patterns' ordinals.
  var fileCount = 0
  static let maximumFiles = 64

  init(files: [String: [UInt8]]) { self.files = files }

  /// Reads `name` and, recursively, what it includes. Defines named in `overriddenDefines` (and
  /// the start, when `startOverridden`) are replaced by the including `<include>`'s own.
  mutating func load(_ name: String, overriddenDefines: Set<String>, startOverridden: Bool) -> Bool {
    guard let bytes = files[name], fileCount < Self.maximumFiles else { return false }
    let parsed = ParsedDocument.parse(bytes, file: name)
    if findingOpenContent { givesNamespaces = givesNamespaces || Self.givesNamespace(bytes) }
    guard let root = parsed.document?.rootElement(), root.name == "grammar" else { return false }
    let fileKey = fileCount
    fileCount += 1
    return collect(
      Self.flattened(root.children.map { Pattern(element: $0, file: fileKey) }), overriddenDefines: overriddenDefines,
      startOverridden: startOverridden)
  }

  /// The children of a grammar with `<div>`s opened.
  static func flattened(_ children: [Pattern]) -> [Pattern] {
    children.flatMap { $0.name == "div" ? flattened($0.children) : [$0] }
  }

  private mutating func collect(
    _ components: [Pattern], overriddenDefines: Set<String>, startOverridden: Bool
  ) -> Bool {
    for component in components {
      switch component.name {
      case "start" where !startOverridden:
        startPatterns += component.children
      case "define":
        guard let name = component.attribute("name"), !overriddenDefines.contains(name) else { continue }
        if component.attribute("combine") == "interleave" { interleavedDefines.insert(name) }
        defines[name, default: []] += [component]
      case "include":
        guard let href = component.attribute("href") else { return false }
        let inner = Self.flattened(component.children)
        let innerDefines = Set(inner.filter { $0.name == "define" }.compactMap { $0.attribute("name") })
        let innerStart = inner.contains { $0.name == "start" }
        guard
          load(
            href, overriddenDefines: overriddenDefines.union(innerDefines),
            startOverridden: startOverridden || innerStart)
        else { return false }
        guard collect(inner, overriddenDefines: overriddenDefines, startOverridden: startOverridden) else {
          return false
        }
      default:
        continue
      }
    }
    return true
  }

  mutating func build() -> GrammarOutline {
    let top = content(of: startPatterns, required: true, refs: [])
    var start: [String: [Int]] = [:]
    for child in top.children { start[child.name, default: []].append(child.rule) }
    while let (index, pattern) = pending.popLast() {
      let body = elementBody(pattern)
      if findingOpenContent { bodies[index] = body }
      let content = content(of: body, required: true, refs: [])
      var rule = GrammarOutline.ElementRule()
      rule.attributes = content.attributes
      rule.requiredAttributes = content.attributes.filter { content.required.contains($0) }
      rule.takesAnyAttribute = content.takesAnyAttribute
      for child in content.children {
        if rule.childRules[child.name] == nil { rule.childNames.append(child.name) }
        if !(rule.childRules[child.name]?.contains(child.rule) ?? false) {
          rule.childRules[child.name, default: []].append(child.rule)
        }
      }
      rule.takesOtherChildren = content.takesOtherChildren || rules[index].takesOtherChildren
      rule.openChildren = content.openChildren
      rules[index] = rule
    }
    if findingOpenContent {
      for index in acceptingAnything() { rules[index].acceptsAnything = true }
    }
    return GrammarOutline(rules: rules, start: start, startOpen: top.openChildren, givesNamespaces: givesNamespaces)
  }

  /// Whether `bytes` (a grammar file) has an attribute `ns`: a blank, then `ns=`.
  static func givesNamespace(_ bytes: [UInt8]) -> Bool {
    let pattern = Array("ns=".utf8)
    guard bytes.count > pattern.count else { return false }
    for start in 1..<(bytes.count - pattern.count) where bytes[start] == pattern[0] {
      let before = bytes[start - 1]
      if before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D,
        bytes[start + 1] == pattern[1], bytes[start + 2] == pattern[2]
      {
        return true
      }
    }
    return false
  }

  /// The names an `<element>` pattern of many names leaves out: none for a bare `<anyName/>`,
  /// the `<name>`s of its `<except>`; `nil` for any other name class (nsName, a choice, a
  /// namespace, an except of other kinds), which the outline does not follow.
  private func excludedNames(_ pattern: Pattern) -> Set<String>? {
    guard pattern.attribute("name") == nil, pattern.attribute("ns") == nil,
      let nameClass = pattern.children.first, nameClass.name == "anyName", nameClass.attribute("ns") == nil
    else { return nil }
    let parts = nameClass.children
    if parts.isEmpty { return [] }
    guard parts.count == 1, parts[0].name == "except" else { return nil }
    var names: Set<String> = []
    for name in parts[0].children {
      guard name.name == "name", name.attribute("ns") == nil else { return nil }
      let text = name.text.trimmingWhitespace()
      guard !text.contains(":") else { return nil }
      names.insert(text)
    }
    return names
  }

  /// The rules whose content is anything at all (`ElementRule.acceptsAnything`): any number of
  /// attributes of any name, text, and any number of child elements of any name whose content
  /// is anything again. Read by shape, and only the shapes that surely mean it: a repeated
  /// choice of an any-named attribute, an any-named element and text (in a group or `<mixed>`,
  /// through refs). The largest set of rules that hold so together (a child's rule counts as
  /// anything while it is being decided: `anyContent` refers to itself).
  private func acceptingAnything() -> Set<Int> {
    var candidates: [Int: [Int]] = [:]
    for (index, body) in bodies {
      var shape = OpenShape()
      walk(body, repeated: false, refs: [], into: &shape)
      if !shape.other, shape.anyAttributes, shape.text, !shape.elementRules.isEmpty {
        candidates[index] = shape.elementRules
      }
    }
    var accepted = Set(candidates.keys)
    var changed = true
    while changed {
      changed = false
      for index in accepted where !candidates[index]!.allSatisfy(accepted.contains) {
        accepted.remove(index)
        changed = true
      }
    }
    return accepted
  }

  /// What the content patterns of a rule are made of, for `acceptingAnything`.
  private struct OpenShape {
    var anyAttributes = false
    var text = false
    var elementRules: [Int] = []
    /// Something that may refuse some content.
    var other = false
  }

  /// Reads `patterns` into `shape`; `repeated` below a `<zeroOrMore>`.
  private func walk(_ patterns: [Pattern], repeated: Bool, refs: Set<String>, into shape: inout OpenShape) {
    for pattern in patterns {
      switch pattern.name {
      case "attribute":
        let body = elementBody(pattern)
        if repeated, excludedNames(pattern) == [], body.allSatisfy({ $0.name == "text" }) {
          shape.anyAttributes = true
        } else {
          shape.other = true
        }
      case "element":
        if repeated, excludedNames(pattern) == [], let rule = ruleIndex["\(pattern.ordinal)"] {
          shape.elementRules.append(rule)
        } else {
          shape.other = true
        }
      case "text":
        shape.text = true
      case "empty":
        continue
      case "mixed":
        shape.text = true
        walk(pattern.children, repeated: repeated, refs: refs, into: &shape)
      case "zeroOrMore":
        walk(pattern.children, repeated: true, refs: refs, into: &shape)
      case "optional":
        walk(pattern.children, repeated: repeated, refs: refs, into: &shape)
      case "choice" where repeated:
        // Repeated, a choice is any mix of its branches.
        walk(pattern.children, repeated: true, refs: refs, into: &shape)
      case "group", "interleave":
        // Repeated, a group asks for all of its parts each time: not anything.
        if repeated {
          shape.other = true
        } else {
          walk(pattern.children, repeated: false, refs: refs, into: &shape)
        }
      case "ref":
        guard let name = pattern.attribute("name"), let found = defines[name], found.count == 1,
          !refs.contains(name)
        else {
          shape.other = true
          continue
        }
        walk(found[0].children, repeated: repeated, refs: refs.union([name]), into: &shape)
      default:
        shape.other = true
      }
    }
  }

  /// The content patterns of an `<element>` or `<attribute>`: its children without the name class.
  private func elementBody(_ pattern: Pattern) -> [Pattern] {
    pattern.attribute("name") == nil ? Array(pattern.children.dropFirst()) : pattern.children
  }

  /// The name an `<element>` or `<attribute>` pattern gives; `nil` when it takes many (anyName,
  /// nsName, a choice of names) or a namespace the outline does not follow.
  private func patternName(_ pattern: Pattern) -> String? {
    if let ns = pattern.attribute("ns"), !ns.isEmpty { return nil }
    if let name = pattern.attribute("name") {
      return name.contains(":") ? nil : name.trimmingWhitespace()
    }
    guard let first = pattern.children.first, first.name == "name" else { return nil }
    if let ns = first.attribute("ns"), !ns.isEmpty { return nil }
    let name = first.text.trimmingWhitespace()
    return name.contains(":") ? nil : name
  }

  /// What `patterns`, taken as a group, allow; `required` is false below an optional part.
  private mutating func content(of patterns: [Pattern], required: Bool, refs: Set<String>) -> Content {
    var result = Content()
    for pattern in patterns {
      switch pattern.name {
      case "attribute":
        if let name = patternName(pattern) {
          result.addAttribute(name, required: required)
        } else {
          result.takesAnyAttribute = true
        }
      case "element":
        if let name = patternName(pattern) {
          result.children.append((name, rule(for: pattern)))
        } else {
          result.takesOtherChildren = true
          if findingOpenContent {
            result.openChildren.append(
              GrammarOutline.OpenChild(excluded: excludedNames(pattern), rule: rule(for: pattern)))
          }
        }
      case "ref":
        guard let name = pattern.attribute("name"), let found = defines[name] else {
          result.merge(.open)
          continue
        }
        guard !refs.contains(name) else { continue }
        let inner = refs.union([name])
        if found.count == 1 || interleavedDefines.contains(name) {
          result.merge(content(of: found.flatMap(\.children), required: required, refs: inner))
        } else {
          result.merge(choice(found.map(\.children), required: required, refs: inner))
        }
      case "optional", "zeroOrMore":
        result.merge(content(of: pattern.children, required: false, refs: refs))
      case "oneOrMore", "group", "interleave", "mixed":
        result.merge(content(of: pattern.children, required: required, refs: refs))
      case "choice":
        let branches = pattern.children.filter { $0.name != "notAllowed" }.map { [$0] }
        result.merge(choice(branches, required: required, refs: refs))
      case "empty", "text", "data", "value", "list", "notAllowed":
        continue
      default:
        // externalRef, parentRef, a nested grammar, anything else: not followed, so open.
        result.merge(.open)
      }
    }
    return result
  }

  /// What one of `branches` allows: any of their names; required only what every one requires.
  private mutating func choice(_ branches: [[Pattern]], required: Bool, refs: Set<String>) -> Content {
    var combined = Content()
    var common: Set<String>?
    for branch in branches {
      let content = content(of: branch, required: required, refs: refs)
      combined.merge(content)
      common = common.map { $0.intersection(content.required) } ?? content.required
    }
    combined.required = common ?? []
    return combined
  }

  /// The index of an element pattern's rule, made (and its content queued) on first sight.
  private mutating func rule(for pattern: Pattern) -> Int {
    let key = "\(pattern.ordinal)"
    if let index = ruleIndex[key] { return index }
    let index = rules.count
    rules.append(GrammarOutline.ElementRule())
    ruleIndex[key] = index
    pending.append((index, pattern))
    return index
  }
}
