/// An xl config made a domain (`numaschema from-xl`).
public enum XLImport {
  /// Reads an xl config and writes the guest as canonical domain XML: the config is parsed and
  /// its vnuma checked with positions in the config (warnings made errors when `strict`, by
  /// default the validator's: they are the input's findings, and an error stops the import); the domain it describes is then validated and put
  /// in canonical form (full distances) like any guest.
  public static func domain(bytes: [UInt8], file: String, validator: Validator, strict: Bool? = nil) -> ConversionResult {
    let strict = strict ?? validator.strict
    /// Findings in source order, warnings made errors under `strict`.
    func settle(_ findings: [Diagnostic]) -> [Diagnostic] {
      (strict ? findings.map { $0.promotedToError() } : findings).inSourceOrder()
    }
    let (config, parseFindings) = XLConfigParser.parse(bytes, file: file)
    var findings = parseFindings
    guard let config, !findings.contains(where: { $0.severity == .error }) else {
      return ConversionResult(diagnostics: settle(findings), output: nil)
    }
    let (xml, importFindings) = XLImporter.domainXML(from: config, file: file)
    findings += importFindings
    findings = settle(findings)
    guard let xml, !findings.contains(where: { $0.severity == .error }) else {
      return ConversionResult(diagnostics: findings, output: nil)
    }
    return ImportedDomain.canonicalized(
      xml, findings: findings, file: file, validator: validator, failure: .xlValueInvalid)
  }
}

/// What the importers (from-xl, from-qemu) share: the domain they wrote is validated and put in
/// canonical form like any guest.
enum ImportedDomain {
  /// `xml` in canonical form (full distances) after `findings`; its own findings name the
  /// input's file as domain XML. `failure` is the code of a domain that cannot be canonicalized.
  static func canonicalized(
    _ xml: String, findings: [Diagnostic], file: String, validator: Validator, failure: DiagnosticCode
  ) -> ConversionResult {
    var findings = findings
    do {
      // The domain is ours, made from the input: its findings name the input's file.
      let result = try Canonicalizer(validator: validator).canonicalize(
        bytes: Array(xml.utf8), file: Messages.convertedDomainName(file))
      findings += result.report.diagnostics
      return ConversionResult(diagnostics: findings, output: result.canonical)
    } catch {
      findings.append(Messages.convertedDomainNotCanonicalized(failure, file: file, error: error))
      return ConversionResult(diagnostics: findings, output: nil)
    }
  }
}
