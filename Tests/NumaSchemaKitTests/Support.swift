import NumaSchemaKit

/// A guest domain around the given `<numa>` body, with room to change the rest.
func guest(
  numa: String?, vcpu: String? = "<vcpu>8</vcpu>", memory: String? = nil, extra: String = "",
  prolog: String = ""
) -> String {
  """
  \(prolog)<domain type='kvm'>
    <name>probe</name>
    \(memory ?? "")
    \(vcpu ?? "")
    <os><type arch='x86_64'>hvm</type></os>
    \(numa.map { "<cpu>\n    <numa>\n\($0)\n    </numa>\n  </cpu>" } ?? "")
    \(extra)
  </domain>
  """
}

/// Two cells of 1 GiB with four vCPUs each.
let twoCells = """
      <cell id='0' cpus='0-3' memory='1048576'/>
      <cell id='1' cpus='4-7' memory='1048576'/>
  """

let sharedValidator: Validator = {
  do { return Validator(grammar: try Grammar.embedded()) } catch { fatalError("the embedded grammar does not compile: \(error)") }
}()

func validate(
  _ xml: String, strict: Bool = false, driver: HypervisorDriver? = nil, qemuVersion: QEMUVersion = .debian12
) -> FileReport {
  var validator = sharedValidator
  validator.strict = strict
  validator.driver = driver
  validator.qemuVersion = qemuVersion
  return validator.validate(bytes: Array(xml.utf8), file: "guest.xml")
}

extension FileReport {
  var codes: [DiagnosticCode] { diagnostics.map(\.code) }
}
