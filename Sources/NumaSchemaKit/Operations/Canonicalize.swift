#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

    public init(inputs: InputList, options: OperationOptions, distances: DistancesMode = .full, target: CanonicalTarget)
    {
      self.inputs = inputs
      self.options = options
      self.distances = distances
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let run = FileRun(streamingTo: stream, style: options.report)
      let canonicalizer = Canonicalizer(validator: options.validator, distances: distances)
      let policy = options.findings
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
          case .failure(let error): run.unreadable(error)
          case .success(let (input, _, .failure(error))):
            run.transcript.runError("\(input.displayName): \(error)")
          case .success(let (input, bytes, .success(result))):
            run.findings(of: result.report, source: bytes)
            guard let canonical = result.canonical else {
              run.entry(result.report)
              return
            }
            deliver(canonical, of: input, original: bytes, report: result.report, run: run)
          }
        })
      return run.finish(command: "canonicalize") { [("notCanonical", .int($0.notCanonical))] }
    }

    /// Prints, writes or checks one input's canonical form.
    private func deliver(
      _ canonical: String, of input: InputSource, original bytes: [UInt8], report: FileReport, run: FileRun
    ) {
      let same = Self.isSame(canonical, bytes)
      switch target {
      case .standardOutput, .file: ProductTarget(target).deliver(canonical, to: run.transcript)
      case .inPlace:
        guard !same, let path = input.path else { return }
        do throws(WriteError) {
          try AtomicFile.replace(path, with: Array(canonical.utf8), unlessChangedFrom: bytes)
        } catch {
          run.transcript.runError(error.description)
        }
      case .check(let showDiff):
        let diff =
          same || !showDiff
          ? ""
          : LineDiff.unified(
            expected: String(decoding: bytes, as: UTF8.self), actual: canonical, expectedName: report.path,
            actualName: report.path + " (canonical)")
        if !same {
          run.transcript.settle(.findings)
          run.count { $0.notCanonical += 1 }
        }
        var extra: [(String, JSONValue)] = [("canonical", .bool(same))]
        if showDiff && !same { extra.append(("diff", .string(diff))) }
        run.entry(report, adding: extra)
        guard !same else { return }
        switch run.style.format {
        case .json: return
        case .github, .sarif:
          // Where a code-scanning view can show it: the first line that differs.
          let line = Self.firstDifferingLine(bytes, canonical)
          run.finding(Messages.canonicalDiffers(file: report.path, line: line), source: bytes)
        case .text:
          if !run.style.quiet { run.transcript.out(Messages.notCanonical(report.path)) }
        }
        if showDiff && !run.writesDocument { run.transcript.raw(TerminalText.safeLines(diff)) }
      }
    }

    /// Whether `text`'s UTF-8 is exactly `bytes`: one `memcmp` over the string's storage (a
    /// comparison element by element cost a check of a hundred guests 3 %).
    static func isSame(_ text: String, _ bytes: [UInt8]) -> Bool {
      let utf8 = text.utf8
      guard utf8.count == bytes.count else { return false }
      guard !bytes.isEmpty else { return true }
      let compared = utf8.withContiguousStorageIfAvailable { stored in
        bytes.withUnsafeBufferPointer { given in
          guard let left = stored.baseAddress, let right = given.baseAddress else { return stored.count == given.count }
          return memcmp(left, right, stored.count) == 0
        }
      }
      return compared ?? utf8.elementsEqual(bytes)
    }

    /// The 1-based line of `original` where it first differs from `canonical` (where one ends,
    /// when the other goes on).
    static func firstDifferingLine(_ original: [UInt8], _ canonical: String) -> Int {
      var line = 1
      for (old, new) in zip(original, canonical.utf8) {
        if old != new { break }
        if old == 0x0A { line += 1 }
      }
      return line
    }
  }
}
