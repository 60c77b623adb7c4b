/// Where a converter writes its product.
public enum ProductTarget: Sendable, Equatable {
  case standardOutput
  /// A file, replaced atomically (or written into, for a FIFO or device).
  case file(String)

  /// Where `canonicalize` writes one input's canonical form (`.standardOutput` or `.file`).
  init(_ target: CanonicalTarget) {
    if case .file(let path) = target { self = .file(path) } else { self = .standardOutput }
  }

  /// Writes `product` here: on standard output, or atomically into the file (an error of the
  /// run, exit 2, when it cannot be written).
  func deliver(_ product: String, to transcript: Transcript) {
    switch self {
    case .standardOutput: transcript.raw(product)
    case .file(let path):
      do throws(WriteError) {
        try AtomicFile.write(Array(product.utf8), to: path)
      } catch {
        transcript.runError(error.description)
      }
    }
  }
}

extension Operations {
  /// `numaschema to-xl PATH`: the guest as a Xen xl config.
  public struct ToXL: Operation {
    public var input: InputSource
    public var options: OperationOptions
    public var target: ProductTarget

    public init(input: InputSource, options: OperationOptions, target: ProductTarget = .standardOutput) {
      self.input = input
      self.options = options
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let validator = options.validator
      return Converter(input: input, options: options, target: target, noteTarget: "xl").run(streamingTo: stream) {
        bytes, file in
        validator.check(bytes: bytes, file: file).toXL()
      }
    }
  }

  /// `numaschema to-qemu PATH`: the QEMU arguments of the guest's NUMA topology.
  public struct ToQEMU: Operation {
    public var input: InputSource
    public var options: OperationOptions
    public var target: ProductTarget
    /// `-numa node,mem=` instead of memory backends where no cell needs one (`--legacy-mem`).
    public var legacyMemory: Bool
    /// The host paths libvirt takes from the host (`--hugetlbfs`, `--memory-backing-dir`, `--domain-id`).
    public var host: QEMUHostSettings
    /// Apply libvirt's QEMU driver rules and QEMU's start rules when no other driver is named
    /// (off with `--no-driver-rules`: the line for a guest QEMU would refuse, to try it).
    public var driverRules: Bool

    public init(
      input: InputSource, options: OperationOptions, target: ProductTarget = .standardOutput,
      legacyMemory: Bool = false, host: QEMUHostSettings = .defaults, driverRules: Bool = true
    ) {
      self.input = input
      self.options = options
      self.target = target
      self.legacyMemory = legacyMemory
      self.host = host
      self.driverRules = driverRules
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      // What libvirt's QEMU driver and QEMU itself refuse is said before a command line is written.
      var validator = options.validator
      if validator.driver == nil && driverRules { validator.driver = .qemu }
      let (legacy, host, version) = (legacyMemory, self.host, options.qemuVersion)
      return Converter(input: input, options: options, target: target, noteTarget: "QEMU").run(streamingTo: stream) {
        bytes, file in
        validator.check(bytes: bytes, file: file).toQEMU(legacyMemory: legacy, host: host, version: version)
      }
    }
  }

  /// `numaschema from-xl PATH`: an xl config as canonical domain XML.
  public struct FromXL: Operation {
    public var input: InputSource
    public var options: OperationOptions
    public var target: ProductTarget

    public init(input: InputSource, options: OperationOptions, target: ProductTarget = .standardOutput) {
      self.input = input
      self.options = options
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let validator = options.validator
      let strict = options.findings.strict
      return Converter(input: input, options: options, target: target, sourceIsXML: false).run(streamingTo: stream) {
        bytes, file in
        XLImport.domain(bytes: bytes, file: file, validator: validator, strict: strict)
      }
    }
  }
}

extension Operations {
  /// `numaschema from-qemu PATH`: a QEMU command line as canonical domain XML.
  public struct FromQEMU: Operation {
    public var input: InputSource
    public var options: OperationOptions
    public var target: ProductTarget

    public init(input: InputSource, options: OperationOptions, target: ProductTarget = .standardOutput) {
      self.input = input
      self.options = options
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let validator = options.validator
      let strict = options.findings.strict
      return Converter(input: input, options: options, target: target, sourceIsXML: false).run(streamingTo: stream) {
        bytes, file in
        QEMUImport.domain(bytes: bytes, file: file, validator: validator, strict: strict)
      }
    }
  }
}

/// What the converters share: read one input, convert, report the findings on standard error
/// and write the product, unless an error (after `--warnings-as-errors`) withholds it: exit 1.
struct Converter {
  let input: InputSource
  let options: OperationOptions
  let target: ProductTarget
  /// Whether the input is XML, where `numaschema-disable` directives can be (not an xl config
  /// or a QEMU command line).
  var sourceIsXML = true
  /// The output's name in the note about what has no NUMA meaning (`QEMU`, `xl`); `nil` for
  /// from-xl, which writes the whole guest.
  var noteTarget: String?

  func run(
    streamingTo stream: (@Sendable (OutputStream, String) -> Void)?, _ convert: ([UInt8], String) -> ConversionResult
  ) -> Outcome {
    let transcript = Transcript(streamingTo: stream)
    let bytes: [UInt8]
    do throws(InputError) {
      bytes = try input.read(limit: options.maxSize)
    } catch {
      transcript.runError(error.description)
      return transcript.finish()
    }
    var result = convert(bytes, input.displayName)
    result.diagnostics = options.findings.apply(
      result.diagnostics, xml: sourceIsXML ? bytes : nil, file: input.displayName)
    if result.diagnostics.contains(where: { $0.severity == .error }) { result.output = nil }
    transcript.record(result.diagnostics)
    FindingWriter(style: options.report).write(
      result.diagnostics, source: bytes, named: input.displayName, to: transcript)
    // What has no NUMA meaning is one note, not a warning per element (none with --quiet).
    if !result.leftOut.isEmpty && !options.report.quiet && options.report.format == .text, let target = noteTarget {
      transcript.error(Messages.leftOutNote(file: input.displayName, target: target, elements: result.leftOut))
    }
    guard let product = result.output else {
      transcript.settle(.findings)
      return transcript.finish()
    }
    target.deliver(product, to: transcript)
    return transcript.finish()
  }
}
