/// One `-object` or `-device` argument in QEMU's JSON syntax, its members in the order libvirt
/// adds them (QEMU does not care; a reader comparing with libvirt's command lines does).
struct QEMUObject: Equatable {
  enum Value: Equatable {
    case string(String)
    case bool(Bool)
    case number(UInt64)
    /// A list of host node numbers (`host-nodes`, `node-affinity`).
    case numbers([Int])
  }

  private(set) var members: [(key: String, value: Value)] = []

  init(_ members: [(String, Value)] = []) {
    for (key, value) in members { add(key, value) }
  }

  /// Adds `key`, or replaces its value where it already is.
  mutating func add(_ key: String, _ value: Value) {
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = value
    } else {
      members.append((key, value))
    }
  }

  /// Adds `key` when `value` is given.
  mutating func add(_ key: String, _ value: Value?) {
    if let value { add(key, value) }
  }

  subscript(key: String) -> Value? { members.first { $0.key == key }?.value }

  static func == (left: QEMUObject, right: QEMUObject) -> Bool {
    left.members.map(\.key) == right.members.map(\.key) && left.members.map(\.value) == right.members.map(\.value)
  }

  /// The object as JSON without blanks, as libvirt writes it.
  var json: String {
    "{" + members.map { "\(Self.quoted($0.key)):\(Self.text(of: $0.value))" }.joined(separator: ",") + "}"
  }

  /// The object in QEMU's older `key=value` syntax (before QEMU 6.0 for `-object`, 7.0 for
  /// `-device`), as libvirt wrote it: the first member's value alone (the type or driver),
  /// booleans as on/off, commas in strings doubled, a list of numbers as one key per run.
  var keyValue: String {
    var parts: [String] = []
    for (index, member) in members.enumerated() {
      switch member.value {
      case .string(let text) where index == 0: parts.append(Self.escaped(text))
      case .string(let text): parts.append("\(member.key)=\(Self.escaped(text))")
      case .bool(let flag): parts.append("\(member.key)=\(flag ? "on" : "off")")
      case .number(let number): parts.append("\(member.key)=\(number)")
      case .numbers(let numbers):
        parts += CPUSet(numbers).description.split(separator: ",").map { "\(member.key)=\($0)" }
      }
    }
    return parts.joined(separator: ",")
  }

  private static func escaped(_ text: String) -> String { text.replacing(",", with: ",,") }

  private static func text(of value: Value) -> String {
    switch value {
    case .string(let text): return quoted(text)
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return String(number)
    case .numbers(let numbers): return "[" + numbers.map(String.init).joined(separator: ",") + "]"
    }
  }

  /// A JSON string, escaped as every JSON document of numaschema is (`/` left as it is).
  static func quoted(_ text: String) -> String {
    var result = ""
    JSONValue.quote(text, into: &result)
    return result
  }
}
