import ArgumentParser
import NumaSchemaKit

/// `numaschema validate PATH...`
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check guest domain XML against the grammar and libvirt's NUMA rules.",
    discussion: """
      PATH is a file, a folder (every *.xml below it) or - for standard input. --connect URI \
      checks the guests defined on a libvirt connection (qemu:///system, qemu+ssh://host/system, \
      test:///default) as libvirt keeps them (virsh dumpxml --inactive), all of them or those --domain \
      names, each named URI/NAME in findings; PATH may then be left out. Several --connect check a \
      fleet, read in parallel with --jobs, reported in the order given. virsh (libvirt-clients) reads \
      the connections; NUMASCHEMA_VIRSH names another one.
      Exit status: 0 all valid, 1 some guest invalid, 2 usage, an input that cannot be read, a \
      connection that fails or a --domain no connection has.
      """
  )

  @Argument(help: "Files, folders or - (standard input); optional with --connect.", completion: .file())
  var paths: [String] = []

  @Option(
    name: .customLong("connect"),
    help: ArgumentHelp("Also check the guests defined on this libvirt connection (repeatable).", valueName: "URI"))
  var connections: [String] = []

  // Unconditional: a guest's name may look like an option (`--inactive`), and is still a name.
  @Option(
    name: .customLong("domain"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp("With --connect: check only the guest of this name (repeatable).", valueName: "NAME"))
  var domains: [String] = []

  @OptionGroup var common: CommonOptions

  @Option(
    help:
      "Output format: text (findings on stderr), json (one document on stdout), github or sarif (one SARIF 2.1.0 log on stdout)."
  )
  var format: ReportFormat = .text

  @Option(help: "How many files to check at once (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    guard (jobs ?? 1) >= 1 else { throw ValidationError(Messages.Usage.jobsAtLeastOne) }
    if paths.isEmpty && connections.isEmpty { throw ValidationError(Messages.Usage.validateNeedsInput) }
    if !domains.isEmpty && connections.isEmpty { throw ValidationError(Messages.Usage.domainNeedsConnect) }
    if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError(Messages.Usage.standardInputOnce) }
  }

  func run() throws {
    try ValidateRun(
      paths: paths, connections: connections, domains: domains, options: try common.options(format: format, jobs: jobs)
    ).execute()
  }
}

/// One run of `validate`, however its arguments were read: by ArgumentParser, or by
/// `ValidateRun.plain` for the common `validate [--quiet] [--strict] PATH…`.
struct ValidateRun {
  var paths: [String]
  /// The libvirt connections whose guests are checked too (`--connect`), and the guests picked
  /// on them (`--domain`; all when empty).
  var connections: [String] = []
  var domains: [String] = []
  var options: OperationOptions
  /// The inputs, when they were listed already (`plain`, while the grammar compiled).
  var inputs: InputList?

  /// The run `arguments` (after the program name) ask for, when they are `validate` followed by
  /// nothing but paths, `--quiet`, `--strict` and `--jobs N`: the shape CI jobs and editors use on every
  /// commit, read without building ArgumentParser's command tree, which costs a one-file run a
  /// third of its time (docs/performance.md). `nil` for anything else, help and errors included:
  /// ArgumentParser reads those.
  static func plain(_ arguments: [String]) throws -> ValidateRun? {
    guard let plain = PlainArguments(arguments, command: "validate", allowed: ["--quiet", "--strict"]) else {
      return nil
    }
    let options: @Sendable () throws -> OperationOptions = {
      try plainOptions(
        quiet: plain.flags.contains("--quiet"), strict: plain.flags.contains("--strict"), jobs: plain.jobs)
    }
    guard plain.jobs != 1, plain.paths.count >= concurrentStartThreshold else {
      return ValidateRun(paths: plain.paths, options: try options())
    }
    // A batch on more than one core: its arguments are looked at (a `stat` each, folders
    // listed) on two cores, one of them compiling the grammar first, the other reading its open
    // content (for a batch large enough to set it aside), before the work is shared out.
    let count = plain.paths.count
    let (inputs, compiled) = listingAtOnce(plain.paths, preparing: { Grammar.prepareOpenContent(forBatchOf: count) }) {
      Result(catching: options)
    }
    return ValidateRun(paths: plain.paths, options: try compiled.get(), inputs: inputs)
  }

  func execute() throws {
    var inputs = self.inputs ?? InputList(arguments: paths)
    if !connections.isEmpty {
      let guests = InputList(
        connections: connections.map { LibvirtConnection(uri: $0, virsh: options.virsh) }, domains: domains,
        jobs: options.jobs ?? connections.count, limit: options.maxSize)
      inputs.entries += guests.entries
    }
    if inputs.isEmpty { throw RunError(description: Messages.noInputs(paths, connections: connections)) }
    try runOperation(Operations.Validate(inputs: inputs, options: options))
  }
}
