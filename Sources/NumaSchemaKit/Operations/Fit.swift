/// How `fit` places a guest's cells on the host.
public enum FitPolicy: String, Sendable, CaseIterable {
  /// The best placement: each cell on its own node, the host distances closest to the guest's.
  case best
  /// libvirt's libxl driver: cell i on the host's i-th node (node 0 for all when there are
  /// more cells than nodes), checked as it is.
  case libxl
}

extension Operations {
  /// `numaschema fit GUEST... --host SOURCE`: where on the host each guest goes, placed in the
  /// order given on what the ones before it left, with what to paste to pin it there; or, with
  /// `--policy libxl`, does each guest fit the libxl driver's fixed mapping.
  public struct Fit: Operation {
    public var inputs: InputList
    /// A sysfs root folder, numactl -H output, capabilities XML (`-` for standard input), or a
    /// libvirt URI, whose running guests are counted as `existing` ones are.
    public var host: String
    public var options: OperationOptions
    /// libxl policy: also print a `<numatune>` binding each cell to its host node.
    public var numatune: Bool
    public var policy: FitPolicy
    /// vCPUs allowed per host CPU (`--cpu-ratio`, 1: no overcommit).
    public var cpuRatio: Double
    /// One host CPU per vCPU, never shared between the guests of one run (`--dedicated`).
    public var dedicated: Bool
    /// Guests already on the host, counted where their own `<numatune>` puts them (`--existing`).
    public var existing: InputList
    /// Write each plan into its guest file (`--write`).
    public var write: Bool

    public init(
      guests: InputList, host: String, options: OperationOptions, numatune: Bool = false, policy: FitPolicy = .best,
      cpuRatio: Double = 1, dedicated: Bool = false, existing: InputList = InputList(arguments: []), write: Bool = false
    ) {
      self.inputs = guests
      self.host = host
      self.options = options
      self.numatune = numatune
      self.policy = policy
      self.cpuRatio = cpuRatio
      self.dedicated = dedicated
      self.existing = existing
      self.write = write
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let run = FileRun(streamingTo: stream, style: options.report)
      let topology: HostTopology
      do {
        topology = try HostTopology.read(from: host, limit: options.maxSize, virsh: options.virsh)
      } catch {
        run.transcript.runError("\(error)")
        return run.finish(
          command: "fit", adding: [("host", .object([("source", .string(host)), ("error", .string("\(error)"))]))])
      }
      var running: [String]?
      switch policy {
      case .libxl: runLibxl(run, topology: topology)
      case .best: running = runBest(run, topology: topology)
      }
      let fits = run.transcript.status == .clean
      let hostEntry: [(String, JSONValue)] =
        [("source", .string(topology.source))] + (running.map { [("running", .array($0.map(JSONValue.string)))] } ?? [])
      return run.finish(
        command: "fit",
        adding: [("host", .object(hostEntry)), ("policy", .string(policy.rawValue))]
          + (policy == .best ? [("fits", .bool(fits))] : [])
      ) {
        [("fit", .int($0.valid)), ("notFit", .int($0.invalid))]
      }
    }

    /// The guests active on the host when it is a libvirt connection: their live definitions,
    /// to be counted as `--existing` guests are; `nil` for any other host.
    private func runningGuests() -> InputList? {
      guard LibvirtConnection.isURI(host) else { return nil }
      let connection = LibvirtConnection(uri: host, virsh: options.virsh)
      do throws(VirshError) {
        let names = try connection.guestNames(activeOnly: true, limit: options.maxSize)
        return InputList(names.map { .libvirtGuest(LibvirtGuest(connection: connection, name: $0, live: true)) })
      } catch {
        return InputList(entries: [
          .unreadable(.libvirt(source: host, reason: Messages.Libvirt.cannotListGuests(error)))
        ])
      }
    }

    /// The best placement of each guest in turn; the names of the host's running guests
    /// counted, when it is a libvirt connection.
    private func runBest(_ run: FileRun, topology: HostTopology) -> [String]? {
      let validator = options.validator
      let policy = options.findings
      let planner = RunState(FitPlanner(host: topology, cpuRatio: cpuRatio, dedicated: dedicated))
      // Guests already there take their part first: --existing, then the host's running guests.
      let running = runningGuests()
      let counted = InputList(entries: existing.entries + (running?.entries ?? []))
      counted.process(
        workers: options.workers(for: counted.count), limit: options.maxSize,
        work: { input, bytes in
          // Judged as validate judges it (--strict, --disable), read once for its pins too.
          let checked = validator.check(bytes: bytes, file: input.displayName)
          var report = checked.report
          report.diagnostics = policy.apply(report.diagnostics, xml: bytes, file: report.path)
          return (report, Self.vcpuPins(checked))
        },
        deliver: { _, result in
          switch result {
          case .failure(let error): run.unreadable(error)
          case .success(let (input, _, (report, pins))):
            guard report.isValid, let guest = report.guest else {
              if case .libvirtGuest(let running) = input {
                run.transcript.runError(Messages.fitRunningInvalid(report.path, uri: running.connection.uri))
              } else {
                run.transcript.runError(Messages.fitExistingInvalid(report.path))
              }
              return
            }
            planner.update { $0.count(existing: guest, pins: pins) }
          }
        })

      if run.printsVerdicts {
        run.transcript.out(
          Messages.planMemoryBasis(
            source: topology.source, free: planner.current.memoryIsFree, known: planner.current.memoryIsKnown))
        if let running, running.inputs.count == running.count {  // else the listing's error says why
          run.transcript.out(Messages.fitRunningGuests(source: topology.source, Self.guestNames(running)))
        }
      }
      let write = self.write
      let quiet = options.report.quiet
      inputs.process(
        workers: options.workers(for: inputs.count), limit: options.maxSize,
        work: { input, bytes in
          let checked = validator.check(bytes: bytes, file: input.displayName)
          let host = FitCheck(file: input.displayName, host: topology, anchors: checked.anchors)
          var findings = checked.report.diagnostics
          if let guest = checked.validGuest {
            findings +=
              (host.numatuneFindings(guest.references.numatune)
              + host.hugePageFindings(guest.references.memoryBacking)).inSourceOrder()
          }
          return (checked.report, findings)
        },
        deliver: { _, result in
          switch result {
          case .failure(let error): run.unreadable(error)
          case .success(let (input, bytes, (report, checks))):
            var findings = checks
            var plan: FitPlanner.Plan?
            if report.isValid, let guest = report.guest, !checks.contains(where: { $0.severity == .error }) {
              var outcome: Result<FitPlanner.Plan, FitPlanner.Refusal> = .failure(.init(cells: [], together: nil))
              planner.update { outcome = $0.place(guest) }
              switch outcome {
              case .success(let made): plan = made
              case .failure(let refusal):
                // The places of the cells, from the tree (read again: a refusal is rare).
                let anchors = validator.check(bytes: bytes, file: report.path).anchors
                findings += Self.findings(of: refusal, guest: guest, file: report.path, anchors: anchors)
              }
            }
            findings = policy.apply(findings, xml: bytes, file: report.path)
            let verdict = FileReport(path: report.path, diagnostics: findings, guest: nil)
            let fits = plan != nil && verdict.isValid
            if run.printsVerdicts, let plan { for line in plan.lines { run.transcript.out(line) } }
            run.findings(
              of: FileReport(path: report.path, diagnostics: findings, guest: fits ? report.guest : nil), source: bytes)
            if !fits { run.transcript.settle(.findings) }
            if let plan, fits {
              if write {
                Self.writePlan(plan, into: input, bytes: bytes, validator: validator, run: run)
              } else if !run.writesDocument && !quiet {
                run.transcript.raw(plan.numatune + plan.cputune + (plan.memoryBacking ?? ""))
              }
              if run.printsVerdicts {
                run.transcript.out(
                  Messages.planCost(
                    plan.cost, declared: report.guest.flatMap(FitPlanner.declaredDistances) != nil, exact: plan.exact))
              }
            }
            if run.printsVerdicts {
              run.transcript.out(Messages.fitVerdict(input.displayName, fits: fits, host: topology.source))
            }
            var extra: [(String, JSONValue)] = [("fits", .bool(fits))]
            if let plan, fits {
              extra += [
                ("cost", .int(plan.cost)), ("exact", .bool(plan.exact)),
                (
                  "placement",
                  .array(plan.placement.map { .object([("cell", .int($0.cell)), ("hostNode", .int($0.hostNode))]) })
                ),
                (
                  "vcpupin",
                  .array(plan.vcpupin.map { .object([("vcpu", .int($0.vcpu)), ("cpuset", .string("\($0.cpuset)"))]) })
                ),
                ("emulatorpin", .string("\(plan.emulatorpin)")),
                ("numatune", .string(plan.numatune)), ("cputune", .string(plan.cputune)),
              ]
              if let backing = plan.memoryBacking { extra.append(("memoryBacking", .string(backing))) }
            }
            run.entry(verdict, adding: extra)
          }
        })
      return running.map(Self.guestNames)
    }

    /// The names of the libvirt guests among `inputs`.
    static func guestNames(_ inputs: InputList) -> [String] {
      inputs.inputs.compactMap {
        if case .libvirtGuest(let guest) = $0 { return guest.name }
        return nil
      }
    }

    /// A guest's `<cputune><vcpupin vcpu cpuset>`s, by vCPU.
    static func vcpuPins(_ checked: CheckedGuest) -> [Int: CPUSet] {
      var pins: [Int: CPUSet] = [:]
      for pin in checked.anchors.domainSource?.first("cputune")?.children(named: "vcpupin") ?? [] {
        guard let vcpu = pin.attribute("vcpu").flatMap({ Int($0) }),
          let cpuset = pin.attribute("cpuset").flatMap({ try? CPUSet(parsing: $0) })
        else { continue }
        pins[vcpu] = cpuset
      }
      return pins
    }

    /// The findings that say why a guest does not fit: each cell's best candidate and what it lacks.
    static func findings(
      of refusal: FitPlanner.Refusal, guest: GuestDefinition, file: String, anchors: SourceAnchors
    ) -> [Diagnostic] {
      let hasNUMA = guest.numa != nil
      var findings: [Diagnostic] = []
      for cell in refusal.cells {
        guard let node = cell.hostNode else { continue }  // bound only to nodes the host lacks: said already
        for shortfall in cell.shortfalls {
          let attribute: String?
          switch shortfall {
          case .vcpus, .noCPUs: attribute = "cpus"
          case .memory, .hugePages: attribute = "memory"
          case .notAllowed: attribute = nil
          }
          let position =
            hasNUMA
            ? anchors.cell(cell.cell, attribute: attribute)
            : anchors.element(attribute == "cpus" ? "vcpu" : "memory")
          findings.append(
            Messages.planShortfall(file: file, cell: cell.cell, node: node, shortfall: shortfall, at: position))
        }
      }
      if let (cells, nodes) = refusal.tooLarge {
        return [
          Messages.planTooLarge(
            file: file, cells: cells, nodes: nodes, at: anchors.element(hasNUMA ? "cpu/numa" : "vcpu"))
        ]
      }
      if let nodes = refusal.together {
        findings.append(
          Messages.planNotTogether(
            file: file, cells: guest.effectiveTopology.cells.count, nodes: nodes,
            at: anchors.element(hasNUMA ? "cpu/numa" : "vcpu")))
      }
      if findings.isEmpty && !refusal.cells.isEmpty {
        // Every cell is bound only to nodes the host lacks (said by fit-numatune-node-unknown).
        return []
      }
      return findings.inSourceOrder()
    }

    /// Writes the plan into the guest file, atomically; an error of the run when it cannot.
    static func writePlan(
      _ plan: FitPlanner.Plan, into input: InputSource, bytes: [UInt8], validator: Validator, run: FileRun
    ) {
      let path: String
      switch input {
      case .file(let named), .regularFile(let named): path = named
      default:
        run.transcript.runError(Messages.fitWriteNeedsFile(input.displayName))
        return
      }
      do throws(PlanWriterError) {
        let updated = try PlanWriter.write(plan, into: validator.check(bytes: bytes, file: input.displayName))
        do throws(WriteError) {
          try AtomicFile.write(updated, to: path)
        } catch {
          run.transcript.runError(error.description)
        }
      } catch {
        run.transcript.runError(error.description)
      }
    }

    /// libvirt's libxl driver's mapping, checked for each guest on its own.
    private func runLibxl(_ run: FileRun, topology: HostTopology) {
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
            if !run.writesDocument, let pasteable { run.transcript.raw(pasteable) }
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
    }
  }
}
