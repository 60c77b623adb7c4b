extension Operations {
  /// `numaschema fit GUEST... --host SOURCE`: does each guest fit the host (cell i on the
  /// host's i-th node, as libvirt's libxl driver places it)?
  public struct Fit: Operation {
    public var guests: InputList
    /// A sysfs root folder, numactl -H output or capabilities XML (`-` for standard input).
    public var host: String
    public var options: OperationOptions
    /// Also print a `<numatune>` binding each cell to its host node, for a guest that fits.
    public var numatune: Bool

    public init(guests: InputList, host: String, options: OperationOptions, numatune: Bool = false) {
      self.guests = guests
      self.host = host
      self.options = options
      self.numatune = numatune
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let transcript = Transcript(streamingTo: stream)
      let style = options.report
      let topology: HostTopology
      do {
        topology = try HostTopology.read(from: host, limit: options.maxSize)
      } catch {
        transcript.runError("\(error)")
        if style.format == .json {
          transcript.out(
            RunSummary.document(
              command: "fit", files: [], adding: [("host", .object([("source", .string(host)), ("error", .string("\(error)"))]))],
              summary: RunSummary().json, status: transcript.status
            ).text)
        }
        return transcript.finish()
      }
      let validator = options.validator
      let policy = options.findings
      let writer = FindingWriter(style: style)
      let numatune = self.numatune
      let state = RunState((files: [JSONValue](), summary: RunSummary(), fitting: 0))
      guests.process(
        workers: options.workers(for: guests.count), limit: options.maxSize,
        work: { input, bytes in
          var fit = FitReport.check(validator.check(bytes: bytes, file: input.displayName), on: topology)
          fit.diagnostics = policy.apply(fit.diagnostics, xml: bytes, file: input.displayName)
          return fit
        },
        deliver: { _, result in
          switch result {
          case .failure(let error):
            transcript.runError(error.description)
            state.update {
              $0.summary.unreadable += 1
              if style.format == .json { $0.files.append(RunSummary.unreadableFile(error)) }
            }
          case .success(let (input, bytes, fit)):
            let report = FileReport(path: input.displayName, diagnostics: fit.diagnostics, guest: nil)
            transcript.record(fit.diagnostics)
            state.update {
              $0.summary.add(report)
              if fit.fits { $0.fitting += 1 }
            }
            if !fit.fits { transcript.settle(.findings) }
            switch style.format {
            case .json:
              var extra: [(String, JSONValue)] = [
                ("fits", .bool(fit.fits)),
                ("mapping", .array(fit.mapping.map { .object([("cell", .int($0.cell)), ("hostNode", .int($0.hostNode))]) })),
              ]
              if numatune && fit.fits { extra.append(("numatune", .string(fit.numatune))) }
              state.update { $0.files.append(RunSummary.file(report, adding: extra)) }
            case .text, .github:
              if !style.quiet { for line in fit.mappingLines { transcript.out(line) } }
              writer.write(fit.diagnostics, source: bytes, named: input.displayName, to: transcript)
              if numatune && fit.fits { transcript.raw(fit.numatune) }
              if !style.quiet && style.format == .text {
                transcript.out(Messages.fitVerdict(input.displayName, fits: fit.fits, host: topology.source))
              }
            }
          }
        })
      if style.format == .json {
        let (files, summary, fitting) = state.current
        transcript.out(
          RunSummary.document(
            command: "fit", files: files, adding: [("host", .object([("source", .string(topology.source))]))],
            summary: summary.json + [("fit", .int(fitting)), ("notFit", .int(summary.files - fitting))],
            status: transcript.status
          ).text)
      }
      return transcript.finish()
    }
  }
}
