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
  /// views are headed `==> PATH <==`; pictures (svg, dot) are of one guest. With `--driver qemu`
  /// it is what the guest gets under libvirt's QEMU driver (`GuestDefinition.qemuTopology`).
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
      var style = options.report
      if format == .json { style.format = .json }
      let run = FileRun(streamingTo: stream, style: style)
      let format = self.format
      let driver = options.driver
      let headed = inputs.count > 1 && format == .text
      let first = RunState(true)
      inputs.validateEach(options) { result in
        switch result {
        case .failure(let error): run.unreadable(error)
        case .success(let (_, bytes, report)):
          run.findings(of: report, source: bytes)
          guard let guest = report.isValid ? report.guest : nil else {
            run.entry(report)
            return
          }
          let topology = driver == .qemu ? guest.qemuTopology : guest.effectiveTopology
          let refusal =
            format == .svg || format == .dot
            ? TopologyView.tooLargeToDraw(topology) : TopologyView.tooLargeForTable(topology)
          if let refusal {
            run.transcript.runError("\(report.path): \(refusal)")
            run.entry(report, adding: [("error", .string(refusal))])
            return
          }
          switch format {
          case .json: run.entry(report, adding: [("topology", TopologyView.json(topology))])
          case .text:
            if headed {
              var isFirst = false
              first.update {
                isFirst = $0
                $0 = false
              }
              run.transcript.out((isFirst ? "" : "\n") + Messages.showHeader(report.path))
            }
            run.transcript.raw(TopologyView.text(topology))
          case .svg: run.transcript.raw(TopologyView.svg(topology, title: guest.name))
          case .dot: run.transcript.raw(TopologyView.dot(topology, title: guest.name))
          }
        }
      }
      return run.finish(command: "show")
    }
  }
}
