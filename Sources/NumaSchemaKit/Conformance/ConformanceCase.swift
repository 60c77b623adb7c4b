import Foundation

/// One operation whose output a conformance case can pin, and the golden file that holds it.
public enum ConformanceOperation: String, Sendable, CaseIterable, Comparable {
  case validate
  case show
  case showJSON = "show-json"
  case canonical
  case canonicalMinimal = "canonical-minimal"
  case canonicalAsis = "canonical-asis"
  case toXL = "to-xl"
  case toXLFindings = "to-xl-findings"
  case toQEMU = "to-qemu"
  case toQEMULegacy = "to-qemu-legacy"
  case toQEMUFindings = "to-qemu-findings"

  /// The golden file's name in the case folder.
  public var goldenName: String {
    switch self {
    case .validate: return "validate.txt"
    case .show: return "show.txt"
    case .showJSON: return "show.json"
    case .canonical: return "canonical.xml"
    case .canonicalMinimal: return "canonical-minimal.xml"
    case .canonicalAsis: return "canonical-asis.xml"
    case .toXL: return "to-xl.cfg"
    case .toXLFindings: return "to-xl.txt"
    case .toQEMU: return "to-qemu.args"
    case .toQEMULegacy: return "to-qemu-legacy.args"
    case .toQEMUFindings: return "to-qemu.txt"
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// A conformance case: a folder with `input.xml`, golden files, and an optional `case.toml`.
public struct ConformanceCase: Sendable, Equatable {
  /// The folder, as found (below the suite root).
  public var folder: URL
  /// The folder relative to the suite root, e.g. `distances/vnuma-partial`.
  public var name: String
  /// What the case pins down (`description` in case.toml).
  public var description: String
  /// Run with `--strict`.
  public var strict: Bool
  /// The operations to run: those with a golden file, plus those case.toml lists.
  public var operations: [ConformanceOperation]

  public static let inputName = "input.xml"
  public static let settingsName = "case.toml"

  /// Every case below `root` (folders holding `input.xml`), sorted by name.
  public static func discover(in root: URL) throws(InputError) -> [ConformanceCase] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .notFound(path: root.path)
    }
    guard let walker = FileManager.default.enumerator(atPath: root.path) else {
      throw .unreadable(path: root.path, reason: "cannot list the folder")
    }
    var names: [String] = []
    while let relative = walker.nextObject() as? String {
      if (relative as NSString).lastPathComponent == inputName {
        names.append((relative as NSString).deletingLastPathComponent)
      }
    }
    var cases: [ConformanceCase] = []
    for name in names.sorted() {
      cases.append(try load(root.appendingPathComponent(name), name: name))
    }
    return cases
  }

  static func load(_ folder: URL, name: String) throws(InputError) -> ConformanceCase {
    var settings: [String: String] = [:]
    let settingsURL = folder.appendingPathComponent(settingsName)
    if FileManager.default.fileExists(atPath: settingsURL.path) {
      guard let text = try? String(contentsOf: settingsURL, encoding: .utf8) else {
        throw .unreadable(path: settingsURL.path, reason: "not UTF-8 text")
      }
      settings = parseSettings(text)
    }
    var operations = Set(
      ConformanceOperation.allCases.filter {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.goldenName).path)
      })
    for word in (settings["operations"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
      if let operation = ConformanceOperation(rawValue: String(word)) { operations.insert(operation) }
    }
    return ConformanceCase(
      folder: folder, name: name, description: settings["description"] ?? "", strict: settings["strict"] == "true",
      operations: operations.sorted())
  }

  /// The small TOML subset case files use: `key = "string"`, `key = true|false`, `# comments`.
  static func parseSettings(_ text: String) -> [String: String] {
    var settings: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
      let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
      var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
          .replacingOccurrences(of: "\\\\", with: "\\")
      }
      settings[key] = value
    }
    return settings
  }
}
