/// A JSON document built in code: objects keep their keys in the order given, so that every
/// command's JSON reads in the same order (docs/cli.md, "JSON"). Written with two-space indents.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case unsigned(UInt64)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

  /// An optional string, `null` when absent.
  static func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
  /// An optional integer, `null` when absent.
  static func int(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }

  /// The document as text, ending in no newline.
  public var text: String {
    var result = ""
    write(into: &result, indent: 0)
    return result
  }

  private func write(into result: inout String, indent: Int) {
    switch self {
    case .null: result += "null"
    case .bool(let value): result += value ? "true" : "false"
    case .int(let value): result += String(value)
    case .unsigned(let value): result += String(value)
    case .string(let value): Self.quote(value, into: &result)
    case .array(let items):
      guard !items.isEmpty else {
        result += "[]"
        return
      }
      // Arrays of numbers (a distance row) stay on one line.
      if items.allSatisfy(\.isNumber) {
        result += "[" + items.map(\.text).joined(separator: ", ") + "]"
        return
      }
      result += "[\n"
      for (index, item) in items.enumerated() {
        result += String(repeating: " ", count: indent + 2)
        item.write(into: &result, indent: indent + 2)
        result += index == items.count - 1 ? "\n" : ",\n"
      }
      result += String(repeating: " ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        result += "{}"
        return
      }
      result += "{\n"
      for (index, (key, value)) in members.enumerated() {
        result += String(repeating: " ", count: indent + 2)
        Self.quote(key, into: &result)
        result += ": "
        value.write(into: &result, indent: indent + 2)
        result += index == members.count - 1 ? "\n" : ",\n"
      }
      result += String(repeating: " ", count: indent) + "}"
    }
  }

  private var isNumber: Bool {
    switch self {
    case .int, .unsigned: return true
    default: return false
    }
  }

  /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259), and the
  /// line and paragraph separators too, so the text is also valid JavaScript.
  static func quote(_ text: String, into result: inout String) {
    result += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x7F:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    result += "\""
  }
}
