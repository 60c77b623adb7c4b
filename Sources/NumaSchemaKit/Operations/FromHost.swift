extension Operations {
  /// `numaschema from-host`: a guest `<cpu><numa>` block (or, with a domain name, a whole
  /// domain) that mirrors a host.
  public struct FromHost: Operation {
    /// A sysfs node folder, numactl -H output, capabilities XML (`-` for standard input) or a
    /// libvirt URI.
    public var host: String
    public var options: OperationOptions
    /// The guest's vCPUs in all; `nil`: the host's CPU count.
    public var vcpus: Int?
    /// The guest's memory in all; `nil`: the host's.
    public var memoryKiB: UInt64?
    /// Write a minimal complete domain with this name; `nil`: only the `<cpu>` block.
    public var domainName: String?
    public var target: ProductTarget

    public init(
      host: String, options: OperationOptions, vcpus: Int? = nil, memoryKiB: UInt64? = nil, domainName: String? = nil,
      target: ProductTarget = .standardOutput
    ) {
      self.host = host
      self.options = options
      self.vcpus = vcpus
      self.memoryKiB = memoryKiB
      self.domainName = domainName
      self.target = target
    }

    public func run(streamingTo stream: (@Sendable (OutputStream, String) -> Void)?) -> Outcome {
      let transcript = Transcript(streamingTo: stream)
      let topology: NUMATopology
      let builder: GuestFromHost
      do {
        let source = try HostTopology.read(from: host, limit: options.maxSize, virsh: options.virsh)
        builder = GuestFromHost(host: source, vcpus: vcpus, memoryKiB: memoryKiB)
        do {
          topology = try builder.topology()
        } catch {
          transcript.runError("\(source.source): \(error)")
          return transcript.finish()
        }
      } catch {
        transcript.runError("\(error)")
        return transcript.finish()
      }
      let dropped = ((try? builder.droppedInterconnects()) ?? []).map {
        Messages.hostInterconnectNotCarried(host: builder.host.source, $0.0, why: $0.1)
      }
      let xml = GuestFromHost.domainXML(name: domainName ?? "from-host", topology: topology)
      let result: CanonicalizationResult
      do throws(StylesheetError) {
        result = try Canonicalizer(validator: options.validator).canonicalize(
          bytes: Array(xml.utf8), file: "<from-host>")
      } catch {
        transcript.runError("\(error)")
        return transcript.finish()
      }
      let findings = options.findings.apply(dropped + result.report.diagnostics)
      transcript.record(findings)
      FindingWriter(style: options.report).write(findings, source: nil, named: nil, to: transcript)
      guard let canonical = result.canonical, !findings.contains(where: { $0.severity == .error })
      else {
        transcript.settle(.findings)
        return transcript.finish()
      }
      let product = domainName == nil ? GuestFromHost.cpuBlock(ofCanonical: canonical) : canonical
      target.deliver(product, to: transcript)
      return transcript.finish()
    }
  }
}
