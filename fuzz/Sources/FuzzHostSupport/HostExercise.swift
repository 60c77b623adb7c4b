import Foundation
import NumaSchemaKit

/// What the host fuzz targets share: every step a host topology goes through once a reader has
/// accepted it.
public enum HostExercise {
  /// One validator for the whole run: the grammar is compiled once, as the CLI does.
  public static let validator: Validator = {
    do { return Validator(grammar: try Grammar.embedded()) } catch {
      fatalError("the embedded grammar does not compile: \(error)")
    }
  }()

  /// A fixed guest to fit on every host: two cells with distances, 2 MiB huge pages and a
  /// `<numatune>`, so that every check of `fit` runs.
  static let fixedGuest = Array(
    """
    <domain type='kvm'>
      <name>fuzz</name>
      <memory unit='KiB'>2097152</memory>
      <vcpu placement='static'>4</vcpu>
      <memoryBacking><hugepages><page size='2048' unit='KiB'/></hugepages></memoryBacking>
      <numatune>
        <memory mode='strict' nodeset='0-1'/>
        <memnode cellid='0' mode='strict' nodeset='0'/>
        <memnode cellid='1' mode='strict' nodeset='1'/>
      </numatune>
      <os><type arch='x86_64' machine='q35'>hvm</type></os>
      <cpu mode='host-passthrough'>
        <numa>
          <cell id='0' cpus='0-1' memory='1048576' unit='KiB'>
            <distances><sibling id='0' value='10'/><sibling id='1' value='21'/></distances>
          </cell>
          <cell id='1' cpus='2-3' memory='1048576' unit='KiB'>
            <distances><sibling id='0' value='21'/><sibling id='1' value='10'/></distances>
          </cell>
        </numa>
      </cpu>
    </domain>
    """.utf8)

  /// from-host (the guest, its domain, its canonical form, the figures it drops), then `fit` of
  /// the fixed guest and of the guest made from the host. A guest made from a host, when valid,
  /// fits that host: enough memory and vCPUs on every node, one cell per node.
  public static func run(_ host: HostTopology) {
    _ = FitReport.check(validator.check(bytes: fixedGuest, file: "fixed.xml"), on: host)
    let builder = GuestFromHost(host: host)
    guard let topology = try? builder.topology() else { return }
    _ = try? builder.droppedInterconnects()
    let xml = GuestFromHost.domainXML(name: "from-host", topology: topology)
    let canonical: String
    do {
      guard let output = try Canonicalizer(validator: validator).canonicalize(bytes: Array(xml.utf8), file: "<from-host>").canonical
      else { return }
      canonical = output
    } catch {
      fatalError("canonicalize failed on from-host's guest: \(error)\n\(xml)")
    }
    let fit = FitReport.check(validator.check(bytes: Array(canonical.utf8), file: "from-host.xml"), on: host)
    let refused = fit.diagnostics.filter { [.fitMemory, .fitVCPUs, .fitTooManyVNodes].contains($0.code) }
    if !refused.isEmpty {
      fatalError("a guest made from the host does not fit it: \(refused.map(\.message))\n\(canonical)")
    }
  }
}
