import FoundationEssentials

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
  case showSVG = "show-svg"
  case showDOT = "show-dot"
  case diff
  case diffJSON = "diff-json"
  case fromHost = "from-host"
  case fit
  case fromXL = "from-xl"
  case fromXLFindings = "from-xl-findings"

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
    case .showSVG: return "show.svg"
    case .showDOT: return "show.dot"
    case .diff: return "diff.txt"
    case .diffJSON: return "diff.json"
    case .fromHost: return "from-host.xml"
    case .fit: return "fit.txt"
    case .fromXL: return "from-xl.xml"
    case .fromXLFindings: return "from-xl.txt"
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
  /// Other settings of case.toml (`vcpus`, `memory` for from-host).
  public var settings: [String: String] = [:]
  /// The operations to run: those with a golden file, plus those case.toml lists.
  public var operations: [ConformanceOperation]

  public init(
    folder: URL, name: String, description: String, strict: Bool, settings: [String: String] = [:],
    operations: [ConformanceOperation]
  ) {
    self.folder = folder
    self.name = name
    self.description = description
    self.strict = strict
    self.settings = settings
    self.operations = operations
  }

  /// The driver whose rules apply (`driver = "qemu"` in case.toml), as `validate --driver`.
  public var driver: HypervisorDriver? { settings["driver"].flatMap(HypervisorDriver.init(rawValue:)) }
  /// The QEMU the driver rules assume (`qemu-version = "4.2"`), as `validate --qemu-version`.
  public var qemuVersion: QEMUVersion { settings["qemu-version"].flatMap(QEMUVersion.init(parsing:)) ?? .debian12 }

  /// The host source of the case, when it has one.
  public var hostSource: URL? {
    Self.hostNames.map { folder.appendingPathComponent($0) }.first { FileManager.default.fileExists(atPath: $0.path) }
  }

  public static let inputName = "input.xml"
  /// The xl config of `from-xl` cases.
  public static let configName = "input.cfg"
  public static let settingsName = "case.toml"
  /// The second guest of `diff` cases.
  public static let otherName = "other.xml"
  /// The host of `from-host` and `fit` cases: a sysfs root folder, numactl -H output, or
  /// capabilities XML (the first that exists).
  public static let hostNames = ["host-sysfs", "host-numactl.txt", "host-capabilities.xml"]

  /// The files whose presence makes a folder a case.
  static let markers = [inputName] + hostNames

  /// Every case below `root` (folders holding `input.xml`), sorted by name.
  public static func discover(in root: URL) throws(InputError) -> [ConformanceCase] {
    var isDirectory = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory else {
      throw .notFound(path: root.path)
    }
    guard let subpaths = try? FileManager.default.subpathsOfDirectory(atPath: root.path) else {
      throw .unreadable(path: root.path, reason: "cannot list the folder")
    }
    var names = Set<String>()
    for relative in subpaths where !relative.contains("host-sysfs/") {
      let last = PathText.lastComponent(relative)
      if markers.contains(last) || (last.hasPrefix("input.") && last != inputName && !last.hasSuffix(".toml")) {
        names.insert(PathText.deletingLastComponent(relative))
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
      settings: settings, operations: operations.sorted())
  }

  /// The small TOML subset case files use: `key = "string"`, `key = true|false`, `# comments`.
  static func parseSettings(_ text: String) -> [String: String] {
    var settings: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) {
      let trimmed = line.trimmingWhitespace()
      guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
      let key = trimmed[..<equals].trimmingWhitespace()
      var value = trimmed[trimmed.index(after: equals)...].trimmingWhitespace()
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast()).replacing("\\\"", with: "\"")
          .replacing("\\\\", with: "\\")
      }
      settings[key] = value
    }
    return settings
  }
}
