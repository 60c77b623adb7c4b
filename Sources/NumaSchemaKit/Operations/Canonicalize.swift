/// Where `canonicalize` puts the canonical form.
public enum CanonicalTarget: Sendable, Equatable {
  /// Standard output (one input).
  case standardOutput
  /// A file, replaced atomically (one input).
  case file(String)
  /// Each input file rewritten atomically.
  case inPlace
  /// Nothing written: each input that is not canonical is named (with `diff`, a unified diff
  /// from the file to its canonical form follows).
  case check(diff: Bool)
}

extension Operations {
  /// `numaschema canonicalize PATH...`: the canonical form of docs/canonical-form.md.
  public struct Canonicalize: Operation {
    public var inputs: InputList
    public var options: OperationOptions
    public var distances: DistancesMode
    public var target: CanonicalTarget

    public init(inputs: InputList, options: OperationOptions, distances: DistancesMode = .full, target: CanonicalTarget) {
      self.inputs = inputs
      self.options = options
      self.distances = distances
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let transcript = Transcript(streamingTo: stream)
      let canonicalizer = Canonicalizer(validator: options.validator, distances: distances)
      let policy = options.findings
      let style = options.report
      let target = self.target
      let writer = FindingWriter(style: style)
      let state = RunState((files: [JSONValue](), summary: RunSummary()))
      inputs.process(
        workers: options.workers(for: inputs.count), limit: options.maxSize,
        work: { input, bytes -> Swift.Result<CanonicalizationResult, StylesheetError> in
          do throws(StylesheetError) {
            var result = try canonicalizer.canonicalize(bytes: bytes, file: input.displayName)
            result.report.diagnostics = policy.apply(result.report.diagnostics, xml: bytes, file: input.displayName)
            if !result.report.isValid { result.canonical = nil }
            return .success(result)
          } catch {
            return .failure(error)
          }
        },
        deliver: { _, result in
          switch result {
          case .failure(let error):
            transcript.runError(error.description)
            state.update {
              $0.summary.unreadable += 1
              if style.format == .json { $0.files.append(RunSummary.unreadableFile(error)) }
            }
          case .success(let (input, _, .failure(error))):
            transcript.runError("\(input.displayName): \(error)")
          case .success(let (input, bytes, .success(result))):
            transcript.record(result.report.diagnostics)
            state.update { $0.summary.add(result.report) }
            writer.write(result.report.diagnostics, source: bytes, named: result.report.path, to: transcript)
            guard let canonical = result.canonical else {
              transcript.settle(.findings)
              if style.format == .json { state.update { $0.files.append(RunSummary.file(result.report)) } }
              return
            }
            deliver(canonical, of: input, original: bytes, report: result.report, transcript: transcript, state: state)
          }
        })
      if style.format == .json {
        let (files, summary) = state.current
        let counts = summary.json + [("notCanonical", .int(summary.notCanonical))]
        transcript.out(RunSummary.document(command: "canonicalize", files: files, summary: counts, status: transcript.status).text)
      }
      return transcript.finish()
    }

    /// Prints, writes or checks one input's canonical form.
    private func deliver(
      _ canonical: String, of input: InputSource, original bytes: [UInt8], report: FileReport, transcript: Transcript,
      state: RunState<(files: [JSONValue], summary: RunSummary)>
    ) {
      let same = canonical.utf8.elementsEqual(bytes)
      switch target {
      case .standardOutput:
        transcript.raw(canonical)
      case .file(let path):
        do throws(WriteError) {
          try AtomicFile.write(Array(canonical.utf8), to: path)
        } catch {
          transcript.runError(error.description)
        }
      case .inPlace:
        guard !same, let path = input.path else { return }
        do throws(WriteError) {
          try AtomicFile.replace(path, with: Array(canonical.utf8), unlessChangedFrom: bytes)
        } catch {
          transcript.runError(error.description)
        }
      case .check(let showDiff):
        let diff =
          same || !showDiff
          ? ""
          : LineDiff.unified(
            expected: String(decoding: bytes, as: UTF8.self), actual: canonical, expectedName: report.path,
            actualName: report.path + " (canonical)")
        if !same {
          transcript.settle(.findings)
          state.update { $0.summary.notCanonical += 1 }
        }
        switch options.report.format {
        case .json:
          var extra: [(String, JSONValue)] = [("canonical", .bool(same))]
          if showDiff && !same { extra.append(("diff", .string(diff))) }
          state.update { $0.files.append(RunSummary.file(report, adding: extra)) }
        case .text, .github:
          guard !same else { return }
          if !options.report.quiet { transcript.out(Messages.notCanonical(report.path)) }
          if showDiff { transcript.raw(TerminalText.safeLines(diff)) }
        }
      }
    }
  }
}
