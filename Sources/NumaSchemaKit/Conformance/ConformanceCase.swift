import FoundationEssentials

/// One operation whose output a conformance case can pin, and the golden file that holds it.
public enum ConformanceOperation: String, Sendable, CaseIterable, Comparable {
  case validate
  case show
  case showJSON = "show-json"
  case canonical
  case canonicalMinimal = "canonical-minimal"
  case canonicalAsis = "canonical-asis"
  case canonicalCheck = "canonical-check"
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
  case fromHostFindings = "from-host-findings"
  case fit
  case fitWrite = "fit-write"
  case fromXL = "from-xl"
  case fromXLFindings = "from-xl-findings"
  case fromQEMU = "from-qemu"
  case fromQEMUFindings = "from-qemu-findings"

  /// The golden file's name in the case folder.
  public var goldenName: String {
    switch self {
    case .validate: return "validate.txt"
    case .show: return "show.txt"
    case .showJSON: return "show.json"
    case .canonical: return "canonical.xml"
    case .canonicalMinimal: return "canonical-minimal.xml"
    case .canonicalAsis: return "canonical-asis.xml"
    case .canonicalCheck: return "canonical-check.txt"
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
    case .fromHostFindings: return "from-host.txt"
    case .fit: return "fit.txt"
    case .fitWrite: return "fit-written.xml"
    case .fromXL: return "from-xl.xml"
    case .fromXLFindings: return "from-xl.txt"
    case .fromQEMU: return "from-qemu.xml"
    case .fromQEMUFindings: return "from-qemu.txt"
    }
  }

  /// Whether the golden holds a converter's findings (its standard error and exit status)
  /// rather than its product.
  public var isFindings: Bool {
    [.toXLFindings, .toQEMUFindings, .fromXLFindings, .fromQEMUFindings, .fromHostFindings].contains(self)
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
  /// The codes case.toml's `disable` silences, as `--disable` would (codes separated by
  /// spaces or commas); checked when the case is found.
  public var disabledCodes: Set<DiagnosticCode>? {
    guard let disable = settings["disable"] else { return nil }
    return try? Suppression.disabledCodes(fromOptions: disable.split(separator: " ").map(String.init))
  }

  public var driver: HypervisorDriver? { settings["driver"].flatMap(HypervisorDriver.init(rawValue:)) }
  /// The QEMU the driver rules assume (`qemu-version = "4.2"`), as `validate --qemu-version`.
  public var qemuVersion: QEMUVersion { settings["qemu-version"].flatMap(QEMUVersion.init(parsing:)) ?? .debian12 }

  /// The files a setting names, separated by spaces (`guests = "second.xml third.xml"`).
  public func files(_ key: String) -> [String] {
    (settings[key] ?? "").split(separator: " ").map(String.init)
  }

  /// The host source of the case, when it has one (a link counts, so that one leading
  /// nowhere or out of the suite is reported rather than passed over).
  public var hostSource: URL? {
    Self.hostNames.map { folder.appendingPathComponent($0) }.first { FileSystem.linkStatus($0.path) != nil }
  }

  /// The suite folder the case was found in.
  public var suiteRoot: URL {
    var root = folder
    for _ in name.split(separator: "/") { root = root.deletingLastPathComponent() }
    return root
  }

  public static let inputName = "input.xml"
  /// The xl config of `from-xl` cases.
  public static let configName = "input.cfg"
  /// The QEMU command line of `from-qemu` cases.
  public static let argsName = "input.args"
  public static let settingsName = "case.toml"
  /// The second guest of `diff` cases.
  public static let otherName = "other.xml"
  /// The host of `from-host` and `fit` cases: a sysfs root folder, numactl -H output, or
  /// capabilities XML (the first that exists).
  public static let hostNames = ["host-sysfs", "host-numactl.txt", "host-capabilities.xml"]

  /// The files whose presence makes a folder a case.
  static let markers = [inputName] + hostNames

  /// Every case below `root` (folders holding `input.xml`), sorted by name; throws when the
  /// suite has a problem (`ConformanceSuite.problems`) or no case.
  public static func discover(in root: URL) throws(InputError) -> [ConformanceCase] {
    let suite = try ConformanceSuite.discover(in: root)
    if let problem = suite.problems.first { throw .unreadable(path: root.path, reason: problem.description) }
    if suite.cases.isEmpty { throw .unreadable(path: root.path, reason: Messages.Suite.noCase) }
    return suite.cases
  }

  static func load(_ folder: URL, name: String, limit: Int) throws(SuiteProblem) -> ConformanceCase {
    var settings: [String: String] = [:]
    let probe = ConformanceCase(folder: folder, name: name, description: "", strict: false, operations: [])
    if let bytes = try probe.contents(of: settingsName, limit: limit) {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw SuiteProblem(place: name + "/" + settingsName, problem: Messages.Suite.notUTF8Text)
      }
      settings = parseSettings(text)
    }
    var operations = Set(
      ConformanceOperation.allCases.filter {
        FileSystem.linkStatus(folder.appendingPathComponent($0.goldenName).path) != nil
      })
    for word in (settings["operations"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
      if let operation = ConformanceOperation(rawValue: String(word)) { operations.insert(operation) }
    }
    // from-host's sizes as its CLI takes them: a memory without a unit is refused, not guessed.
    if let memory = settings["memory"], MemoryUnit.kibibytes(sizeWithUnit: memory) == nil {
      throw SuiteProblem(place: name + "/" + settingsName, problem: Messages.Suite.memoryNotASize(memory))
    }
    if let vcpus = settings["vcpus"], (Int(vcpus) ?? 0) < 1 {
      throw SuiteProblem(place: name + "/" + settingsName, problem: Messages.Suite.vcpusNotANumber(vcpus))
    }
    if let disable = settings["disable"] {
      do throws(DisableCodeError) {
        _ = try Suppression.disabledCodes(fromOptions: disable.split(separator: " ").map(String.init))
      } catch {
        throw SuiteProblem(place: name + "/" + settingsName, problem: Messages.Suite.disable(error))
      }
    }
    return ConformanceCase(
      folder: folder, name: name, description: settings["description"] ?? "", strict: settings["strict"] == "true",
      settings: settings, operations: operations.sorted())
  }

  /// The bytes of the case's file `file`, `nil` when there is none. Only a regular file inside
  /// the suite folder is read, at most `limit` bytes: a link that leaves the suite (to
  /// `/proc/self/environ`, to a key), one that leads nowhere, a FIFO or a device is a problem
  /// naming the file, and nothing of its target is read.
  func contents(of file: String, limit: Int) throws(SuiteProblem) -> [UInt8]? {
    let url = folder.appendingPathComponent(file)
    guard FileSystem.linkStatus(url.path) != nil else { return nil }
    let place = name + "/" + file
    try checkInsideSuite(url.path, place: place)
    do throws(InputError) {
      return try InputSource.regularFile(url.path).read(limit: limit)
    } catch .tooLarge(_, let limit) {
      throw SuiteProblem(place: place, problem: Messages.Suite.tooLarge(limit: limit))
    } catch .notRegularFile(_, let kind) {
      throw SuiteProblem(place: place, problem: Messages.Suite.notRegular(kind))
    } catch {
      throw SuiteProblem(place: place, problem: Messages.Suite.notRead)
    }
  }

  /// Checks the case's host source before a host reader opens it: a file as `contents` checks
  /// one; a sysfs folder entry by entry (every link inside the suite, no FIFO, socket or
  /// device, no file over `limit`).
  func checkHostSource(_ source: URL, limit: Int) throws(SuiteProblem) {
    let relative = PathText.lastComponent(source.path)
    guard let info = FileSystem.status(source.path), FileKind(mode: info.st_mode) == .folder else {
      _ = try contents(of: relative, limit: limit)
      return
    }
    try checkInsideSuite(source.path, place: name + "/" + relative)
    var pending = [(source.path, name + "/" + relative)]
    var seen = 0
    while let (path, place) = pending.popLast() {
      guard let entries = FileSystem.entries(of: path) else {
        throw SuiteProblem(place: place, problem: Messages.Suite.notListed)
      }
      for entry in entries {
        seen += 1
        if seen > 100_000 { throw SuiteProblem(place: name + "/" + relative, problem: Messages.Suite.tooManyEntries(100_000)) }
        guard let entryName = String(validating: entry.name, as: UTF8.self) else {
          throw SuiteProblem(place: place + "/" + SuiteProblem.escaped(entry.name), problem: Messages.Suite.nameNotUTF8)
        }
        let entryPath = path + "/" + entryName
        let entryPlace = place + "/" + entryName
        switch entry.kind {
        case .folder:
          pending.append((entryPath, entryPlace))
        case .symbolicLink:
          try checkInsideSuite(entryPath, place: entryPlace)
        case .regularFile:
          if let size = FileSystem.status(entryPath)?.st_size, Int(size) > limit {
            throw SuiteProblem(place: entryPlace, problem: Messages.Suite.tooLarge(limit: limit))
          }
        default:
          throw SuiteProblem(place: entryPlace, problem: Messages.Suite.notRegular(entry.kind))
        }
      }
    }
  }

  /// A problem unless `path`, with every link resolved, lies inside the suite folder.
  private func checkInsideSuite(_ path: String, place: String) throws(SuiteProblem) {
    guard let resolved = FileSystem.resolved(path) else {
      throw SuiteProblem(place: place, problem: Messages.Suite.linkLeadsNowhere)
    }
    guard let root = FileSystem.resolved(suiteRoot.path),
      resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/")
    else {
      throw SuiteProblem(place: place, problem: Messages.Suite.linkLeavesSuite)
    }
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

/// Something in a suite folder that stops a case from running, or a folder from being looked
/// at: the run reports it by name and fails (exit 2). Nothing of what it points to is read.
public struct SuiteProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file or folder, relative to the suite folder (bytes that are not UTF-8 escaped).
  public var place: String
  public var problem: String

  public var description: String { "\(place): \(problem)" }

  /// A name that is not UTF-8, shown with its other bytes (and control characters and `\\`)
  /// as `\xNN`.
  static func escaped(_ name: [UInt8]) -> String {
    var text = ""
    for byte in name {
      if byte >= 0x20 && byte < 0x7F && byte != 0x5C {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        text += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
      }
    }
    return text
  }
}

/// A suite folder: its cases, and what in it could not be made a case.
public struct ConformanceSuite: Sendable {
  public var cases: [ConformanceCase]
  /// Folders whose names are not UTF-8, links to folders outside the suite, cases whose
  /// `case.toml` cannot be read: each fails the run.
  public var problems: [SuiteProblem]

  /// Walks `root` (links to folders are not followed; one that leaves the suite is a problem)
  /// and loads every folder that holds `input.xml`, another `input.*`, or a host source;
  /// `case.toml` and the files it finds are read no larger than `limit`.
  public static func discover(in root: URL, limit: Int = InputSource.defaultSizeLimit) throws(InputError)
    -> ConformanceSuite
  {
    guard let info = FileSystem.status(root.path), FileKind(mode: info.st_mode) == .folder else {
      throw .notFound(path: root.path)
    }
    var names = Set<String>()
    var problems: [SuiteProblem] = []
    var pending: [String] = [""]
    while let relative = pending.popLast() {
      let path = relative.isEmpty ? root.path : root.path + "/" + relative
      guard let entries = FileSystem.entries(of: path) else {
        if relative.isEmpty { throw .unreadable(path: root.path, reason: Messages.Suite.folderNotListed) }
        problems.append(SuiteProblem(place: relative, problem: Messages.Suite.notListed))
        continue
      }
      for entry in entries {
        guard let entryName = String(validating: entry.name, as: UTF8.self) else {
          if entry.kind == .folder || entry.kind == .symbolicLink {
            let place = (relative.isEmpty ? "" : relative + "/") + SuiteProblem.escaped(entry.name)
            problems.append(SuiteProblem(place: place, problem: Messages.Suite.folderNameNotUTF8))
          }
          continue
        }
        let entryRelative = relative.isEmpty ? entryName : relative + "/" + entryName
        if ConformanceCase.markers.contains(entryName)
          || (entryName.hasPrefix("input.") && entryName != ConformanceCase.inputName && !entryName.hasSuffix(".toml"))
        {
          names.insert(relative)
        }
        if entryName == "host-sysfs" { continue }  // a host, not more cases
        if entry.kind == .folder {
          pending.append(entryRelative)
        } else if entry.kind == .symbolicLink, let target = FileSystem.status(root.path + "/" + entryRelative),
          FileKind(mode: target.st_mode) == .folder
        {
          // Not followed (its target, when in the suite, is walked where it is).
          let resolved = FileSystem.resolved(root.path + "/" + entryRelative) ?? ""
          let suite = FileSystem.resolved(root.path) ?? root.path
          if resolved != suite && !resolved.hasPrefix(suite == "/" ? "/" : suite + "/") {
            problems.append(SuiteProblem(place: entryRelative, problem: Messages.Suite.linkLeavesSuite))
          }
        }
      }
    }
    var cases: [ConformanceCase] = []
    for name in names.sorted() {
      do throws(SuiteProblem) {
        cases.append(try ConformanceCase.load(root.appendingPathComponent(name), name: name, limit: limit))
      } catch {
        problems.append(error)
      }
    }
    return ConformanceSuite(cases: cases, problems: problems.sorted { $0.place < $1.place })
  }
}
