extension Operations {
  /// `numaschema fit GUEST... --host SOURCE`: does each guest fit the host (cell i on the
  /// host's i-th node, as libvirt's libxl driver places it)?
  public struct Fit: Operation {
    public var inputs: InputList
    /// A sysfs root folder, numactl -H output or capabilities XML (`-` for standard input).
    public var host: String
    public var options: OperationOptions
    /// Also print a `<numatune>` binding each cell to its host node, for a guest that fits.
    public var numatune: Bool

    public init(guests: InputList, host: String, options: OperationOptions, numatune: Bool = false) {
      self.inputs = guests
      self.host = host
      self.options = options
      self.numatune = numatune
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let run = FileRun(streamingTo: stream, style: options.report)
      let topology: HostTopology
      do {
        topology = try HostTopology.read(from: host, limit: options.maxSize)
      } catch {
        run.transcript.runError("\(error)")
        return run.finish(
          command: "fit", adding: [("host", .object([("source", .string(host)), ("error", .string("\(error)"))]))])
      }
      let validator = options.validator
      let policy = options.findings
      let numatune = self.numatune
      inputs.process(
        workers: options.workers(for: inputs.count), limit: options.maxSize,
        work: { input, bytes in
          var fit = FitReport.check(validator.check(bytes: bytes, file: input.displayName), on: topology)
          fit.diagnostics = policy.apply(fit.diagnostics, xml: bytes, file: input.displayName)
          return fit
        },
        deliver: { _, result in
          switch result {
          case .failure(let error): run.unreadable(error)
          case .success(let (input, bytes, fit)):
            // A guest fits when no finding is an error: its report is valid exactly then.
            let report = FileReport(path: input.displayName, diagnostics: fit.diagnostics, guest: nil)
            if run.printsVerdicts { for line in fit.mappingLines { run.transcript.out(line) } }
            run.findings(of: report, source: bytes)
            let pasteable = numatune && fit.fits ? fit.numatune : nil
            if !run.isJSON, let pasteable { run.transcript.raw(pasteable) }
            if run.printsVerdicts {
              run.transcript.out(Messages.fitVerdict(input.displayName, fits: fit.fits, host: topology.source))
            }
            var extra: [(String, JSONValue)] = [
              ("fits", .bool(fit.fits)),
              (
                "mapping",
                .array(fit.mapping.map { .object([("cell", .int($0.cell)), ("hostNode", .int($0.hostNode))]) })
              ),
            ]
            if let pasteable { extra.append(("numatune", .string(pasteable))) }
            run.entry(report, adding: extra)
          }
        })
      return run.finish(command: "fit", adding: [("host", .object([("source", .string(topology.source))]))]) {
        [("fit", .int($0.valid)), ("notFit", .int($0.invalid))]
      }
    }
  }
}
