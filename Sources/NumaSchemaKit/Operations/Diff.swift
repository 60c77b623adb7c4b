extension Operations {
  /// `numaschema diff A B`: two guests compared by meaning. A and B may both be folders: then
  /// the guests with the same path below each are compared, and a guest only one side has is a
  /// difference. Exit 0 equal, 1 different (or a guest invalid, which cannot be compared).
  public struct Diff: Operation {
    public var old: InputList
    public var new: InputList
    public var options: OperationOptions
    /// The folders given, when A and B are folders: paths below them pair the guests.
    public var folders: (old: String, new: String)?

    public init(old: InputList, new: InputList, options: OperationOptions, folders: (old: String, new: String)? = nil) {
      self.old = old
      self.new = new
      self.options = options
      self.folders = folders
    }

    /// The two sides from arguments: two files (or `-`), or two folders.
    public init(oldArgument: String, newArgument: String, options: OperationOptions) {
      let bothFolders = FileSystem.isFolder(oldArgument) && FileSystem.isFolder(newArgument)
      self.init(
        old: InputList(arguments: [oldArgument]), new: InputList(arguments: [newArgument]), options: options,
        folders: bothFolders ? (oldArgument, newArgument) : nil)
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let run = FileRun(streamingTo: stream, style: options.report)
      let transcript = run.transcript
      var pairs: [(old: InputList.Entry?, new: InputList.Entry?, name: String)] = []
      if let folders {
        func relative(_ entry: InputList.Entry, below folder: String) -> String {
          let path: String
          switch entry {
          case .input(let input): path = input.displayName
          case .unreadable(let error): path = error.path
          }
          let prefix = folder.hasSuffix("/") ? folder : folder + "/"
          return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
        // A folder that cannot be listed is an error of the run, not a guest only one side has.
        var olds: [String: InputList.Entry] = [:]
        var news: [String: InputList.Entry] = [:]
        for (entries, folder, side) in [(old.entries, folders.old, 0), (new.entries, folders.new, 1)] {
          for entry in entries {
            if case .unreadable(let error) = entry, error.path == folder {
              transcript.runError(error.description)
              continue
            }
            if side == 0 {
              olds[relative(entry, below: folder)] = entry
            } else {
              news[relative(entry, below: folder)] = entry
            }
          }
        }
        for name in Set(olds.keys).union(news.keys).sorted() { pairs.append((olds[name], news[name], name)) }
      } else {
        guard old.count == 1, new.count == 1 else {
          transcript.runError(Messages.diffNeedsPair)
          return run.finish(command: "diff")
        }
        pairs = [(old.entries[0], new.entries[0], "")]
      }
      // The changes as text: the product on standard output, but on standard error beside a
      // SARIF log, which holds the guests' findings only.
      let changesToError = options.report.format == .sarif
      func say(_ text: String) {
        guard !text.isEmpty else { return }
        if changesToError { transcript.error(text) } else { transcript.raw(text) }
      }
      var comparisons: [JSONValue] = []
      var differing = 0
      var single: JSONValue?
      for pair in pairs {
        guard let oldEntry = pair.old, let newEntry = pair.new else {
          // A guest only one folder has.
          let side = pair.old == nil ? folders?.new ?? "" : folders?.old ?? ""
          differing += 1
          transcript.settle(.findings)
          if run.isJSON {
            comparisons.append(.object([("path", .string(pair.name)), ("onlyIn", .string(side))]))
          } else {
            say(Messages.onlyIn(side, pair.name) + "\n")
          }
          continue
        }
        var guests: [GuestDefinition] = []
        var invalid: [String] = []
        for entry in [oldEntry, newEntry] {
          let input: InputSource
          let bytes: [UInt8]
          do throws(InputError) {
            switch entry {
            case .unreadable(let error): throw error
            case .input(let source):
              input = source
              bytes = try source.read(limit: options.maxSize)
            }
          } catch {
            run.unreadable(error)
            continue
          }
          var report = options.validator.validate(bytes: bytes, file: input.displayName)
          report.diagnostics = options.findings.apply(report.diagnostics, xml: bytes, file: input.displayName)
          run.findings(of: report, source: bytes)
          run.entry(report)
          if let guest = report.isValid ? report.guest : nil {
            guests.append(guest)
          } else {
            invalid.append(report.path)
          }
        }
        guard guests.count == 2 else {
          // An invalid guest cannot be compared: exit 1, as for any finding (its own findings did).
          if !invalid.isEmpty && !run.isJSON { transcript.error(Messages.runError(Messages.cannotCompare(invalid))) }
          continue
        }
        let diff = TopologyDiff.compare(guests[0], guests[1])
        if !diff.isEmpty {
          differing += 1
          transcript.settle(.findings)
        }
        if run.isJSON {
          if folders == nil { single = diff.json }
          comparisons.append(.object([("path", .string(pair.name)), ("changes", diff.json)]))
          continue
        }
        if folders != nil {
          guard !diff.isEmpty else { continue }
          say(Messages.showHeader(pair.name) + "\n")
        }
        say(TerminalText.safeLines(diff.text))
      }
      // Two files: their changes (null when they could not be compared); two folders: one
      // comparison per path.
      let extra: [(String, JSONValue)] =
        folders == nil ? [("changes", single ?? .null)] : [("comparisons", .array(comparisons))]
      return run.finish(command: "diff", adding: extra) { _ in [("different", .int(differing))] }

    }
  }
}
