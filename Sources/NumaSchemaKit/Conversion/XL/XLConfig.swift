/// One value of a Xen xl config file, with where it starts in the file.
///
/// xl (libxlu) knows two kinds of value: atoms and lists. Atoms are kept as text, whether they
/// were written quoted (`string`) or bare (`number`, e.g. `0x10` or a 5,000-digit number): a
/// number is only interpreted when a key is read as a number. Lists may be nested and may mix
/// kinds. The position is that of the opening quote, the first digit or the `[`.
public indirect enum XLValue: Sendable, Equatable, CustomStringConvertible {
  /// A quoted string, escapes already resolved.
  case string(String, at: SourcePosition)
  /// A bare number token (`[0-9][0-9a-fx]*`), as written.
  case number(String, at: SourcePosition)
  /// A bracketed list.
  case list([XLValue], at: SourcePosition)

  /// Where the value starts.
  public var position: SourcePosition {
    switch self {
    case .string(_, let position), .number(_, let position), .list(_, let position): return position
    }
  }

  /// The text of an atom (string or number); `nil` for a list.
  public var atomText: String? {
    switch self {
    case .string(let text, _), .number(let text, _): return text
    case .list: return nil
    }
  }

  /// The elements of a list; `nil` for an atom.
  public var listItems: [XLValue]? {
    if case .list(let items, _) = self { return items }
    return nil
  }

  /// Whether the value is a list.
  public var isList: Bool { listItems != nil }

  /// The same value with every position, nested ones included, set to `.unknown`, for
  /// comparing what was written regardless of where.
  public var withoutPositions: XLValue {
    switch self {
    case .string(let text, _): return .string(text, at: .unknown)
    case .number(let text, _): return .number(text, at: .unknown)
    case .list(let items, _): return .list(items.map(\.withoutPositions), at: .unknown)
    }
  }

  /// The value in xl syntax: strings in double quotes with xl's escapes, lists as `[ a, b ]`.
  public var description: String {
    switch self {
    case .string(let text, _): return XLValue.quoted(text)
    case .number(let text, _): return text
    case .list(let items, _):
      return items.isEmpty ? "[ ]" : "[ " + items.map(\.description).joined(separator: ", ") + " ]"
    }
  }

  /// `text` as an xl double-quoted string. Only xl's named escapes are used: its numeric escapes
  /// are broken, so other control characters are written as they are.
  public static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\u{07}": result += "\\a"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{0B}": result += "\\v"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}

/// One `key = value` or `key += value` statement, as written.
public struct XLSetting: Sendable, Equatable {
  /// `=` replaces, `+=` appends to the value the key had so far.
  public enum Operation: String, Sendable, Equatable {
    case assign = "="
    case append = "+="
  }

  public var key: String
  public var operation: Operation
  public var value: XLValue
  /// Where the key starts.
  public var position: SourcePosition

  public init(key: String, operation: Operation, value: XLValue, position: SourcePosition) {
    self.key = key
    self.operation = operation
    self.value = value
    self.position = position
  }
}

/// A parsed xl config: its statements in file order.
///
/// Reading follows xl (`libxlu_cfg.c`): the last `=` for a key wins; `+=` appends to what the key
/// holds so far (string to string, list to list; with nothing before it, it acts as `=`).
public struct XLConfig: Sendable, Equatable {
  /// Every statement, in file order.
  public var settings: [XLSetting]

  public init(settings: [XLSetting] = []) {
    self.settings = settings
  }

  /// The distinct keys, in the order they first appear.
  public var keys: [String] {
    var seen = Set<String>()
    return settings.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
  }

  /// The statements that set `key`, in file order.
  public func settings(for key: String) -> [XLSetting] {
    settings.filter { $0.key == key }
  }

  /// The last statement that sets `key`: the one xl consults (for example, to refuse `+=` on a
  /// key it reads as a number).
  public func lastSetting(_ key: String) -> XLSetting? {
    settings.last { $0.key == key }
  }

  /// The value `key` ends up with: the last assignment, with every later `+=` appended.
  /// Appending mismatched kinds (which the parser reports) keeps the appended value alone.
  public func value(_ key: String) -> XLValue? {
    // Accumulated in place, so a long run of `+=` stays linear.
    var found = false
    var position = SourcePosition.unknown
    var text = ""
    var isNumber = false
    var items: [XLValue]?
    for setting in settings where setting.key == key {
      let value = setting.value
      if setting.operation == .append && found {
        if let more = value.listItems, items != nil {
          items!.append(contentsOf: more)
          continue
        }
        if let atom = value.atomText, items == nil {
          text += atom
          if case .string = value { isNumber = false }
          continue
        }
      }
      found = true
      position = value.position
      switch value {
      case .string(let atom, _): (text, isNumber, items) = (atom, false, nil)
      case .number(let atom, _): (text, isNumber, items) = (atom, true, nil)
      case .list(let elements, _): (text, isNumber, items) = ("", false, elements)
      }
    }
    guard found else { return nil }
    if let items { return .list(items, at: position) }
    return isNumber ? .number(text, at: position) : .string(text, at: position)
  }
}
