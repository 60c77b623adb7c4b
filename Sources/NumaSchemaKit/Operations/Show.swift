/// The views `show` writes.
public enum ShowFormat: String, Sendable, CaseIterable {
  /// numactl -H as the guest would print it (and its HMAT tables).
  case text
  /// The run's JSON document, with each guest's topology.
  case json
  /// A heat map of the distances.
  case svg
  /// A Graphviz graph.
  case dot
}

extension Operations {
  /// `numaschema show PATH...`: the topology each guest will see. With several inputs, text
  /// views are headed `==> PATH <==`; pictures (svg, dot) are of one guest.
  public struct Show: Operation {
    public var inputs: InputList
    public var options: OperationOptions
    public var format: ShowFormat

    public init(inputs: InputList, options: OperationOptions, format: ShowFormat = .text) {
      self.inputs = inputs
      self.options = options
      self.format = format
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let transcript = Transcript(streamingTo: stream)
      let validator = options.validator
      let policy = options.findings
      var style = options.report
      if format == .json { style.format = .json }
      let writer = FindingWriter(style: style)
      let format = self.format
      let headed = inputs.count > 1 && format == .text
      let state = RunState((files: [JSONValue](), summary: RunSummary(), first: true))
      inputs.process(
        workers: options.workers(for: inputs.count), limit: options.maxSize,
        work: { input, bytes in
          var report = validator.validate(bytes: bytes, file: input.displayName)
          report.diagnostics = policy.apply(report.diagnostics, xml: bytes, file: input.displayName)
          return report
        },
        deliver: { _, result in
          switch result {
          case .failure(let error):
            transcript.runError(error.description)
            state.update {
              $0.summary.unreadable += 1
              if format == .json { $0.files.append(RunSummary.unreadableFile(error)) }
            }
          case .success(let (_, bytes, report)):
            transcript.record(report.diagnostics)
            state.update { $0.summary.add(report) }
            writer.write(report.diagnostics, source: bytes, named: report.path, to: transcript)
            guard let guest = report.isValid ? report.guest : nil else {
              transcript.settle(.findings)
              if format == .json { state.update { $0.files.append(RunSummary.file(report)) } }
              return
            }
            let topology = guest.effectiveTopology
            let refusal =
              format == .svg || format == .dot
              ? TopologyView.tooLargeToDraw(topology) : TopologyView.tooLargeForTable(topology)
            if let refusal {
              transcript.runError("\(report.path): \(refusal)")
              if format == .json {
                state.update { $0.files.append(RunSummary.file(report, adding: [("error", .string(refusal))])) }
              }
              return
            }
            switch format {
            case .json:
              state.update { $0.files.append(RunSummary.file(report, adding: [("topology", TopologyView.json(topology))])) }
            case .text:
              if headed {
                var first = false
                state.update {
                  first = $0.first
                  $0.first = false
                }
                transcript.out((first ? "" : "\n") + Messages.showHeader(report.path))
              }
              transcript.raw(TopologyView.text(topology))
            case .svg: transcript.raw(TopologyView.svg(topology, title: guest.name))
            case .dot: transcript.raw(TopologyView.dot(topology, title: guest.name))
            }
          }
        })
      if format == .json {
        let (files, summary, _) = state.current
        transcript.out(RunSummary.document(command: "show", files: files, summary: summary.json, status: transcript.status).text)
      }
      return transcript.finish()
    }
  }
}
