import Foundation
import Testing

@testable import NumaSchemaKit

/// Every number a guest or an xl config gives, at the edges of the integer types, through every
/// operation: a finding or a result, never a trap (a trap ends this test process).
@Suite("boundary numbers in every field")
struct BoundaryNumberTests {
  static let boundaries = [
    "0", "1", "2147483648", "4294967295", "4294967296", "9007199254740992", "9223372036854775807",
    "9223372036854775808", "18446744073709551615", "18446744073709551616", "18446744073709551617",
  ]

  /// A guest that refers to its cells from everywhere; `fields` replace the defaults.
  static func guest(_ fields: [String: String]) -> String {
    var value = [
      "MU": "KiB", "MEM": "4194304", "SLOTS": "16", "MAXMEM": "8388608", "CUR": "4", "VCPU": "4", "PAGE": "2048",
      "PU": "KiB", "NS": "0", "MEMNODE": "0", "SOCK": "4", "CELLMEM": "1048576", "CU": "KiB", "SIBID": "1",
      "DIST": "21", "LEVEL": "1", "CSIZE": "10", "CLINE": "64", "CELLMEM2": "1048576", "LAT": "5", "BW": "1024",
      "BWU": "KiB", "DSU": "KiB", "DSIZE": "524288", "DNODE": "1", "CIDX": "1", "CNODE": "0",
    ]
    value.merge(fields) { $1 }
    func v(_ key: String) -> String { value[key]! }
    return """
      <domain type='kvm'>
        <name>boundary</name>
        <memory unit='\(v("MU"))'>\(v("MEM"))</memory>
        <maxMemory slots='\(v("SLOTS"))' unit='KiB'>\(v("MAXMEM"))</maxMemory>
        <vcpu placement='static' current='\(v("CUR"))'>\(v("VCPU"))</vcpu>
        <memoryBacking><hugepages><page size='\(v("PAGE"))' unit='\(v("PU"))' nodeset='0'/></hugepages></memoryBacking>
        <numatune><memory mode='strict' nodeset='\(v("NS"))'/><memnode cellid='\(v("MEMNODE"))' mode='strict' nodeset='0'/></numatune>
        <os><type arch='x86_64' machine='q35'>hvm</type></os>
        <cpu><topology sockets='\(v("SOCK"))' cores='1' threads='1'/>
          <numa>
            <cell id='0' cpus='0-1' memory='\(v("CELLMEM"))' unit='\(v("CU"))'>
              <distances><sibling id='\(v("SIBID"))' value='\(v("DIST"))'/></distances>
              <cache level='\(v("LEVEL"))' associativity='direct' policy='writeback'><size value='\(v("CSIZE"))' unit='KiB'/><line value='\(v("CLINE"))' unit='B'/></cache>
            </cell>
            <cell id='1' cpus='2-3' memory='\(v("CELLMEM2"))' unit='KiB'/>
            <interconnects>
              <latency initiator='0' target='1' type='access' value='\(v("LAT"))'/>
              <bandwidth initiator='0' target='1' type='access' value='\(v("BW"))' unit='\(v("BWU"))'/>
            </interconnects>
          </numa>
        </cpu>
        <devices>
          <memory model='dimm'><target><size unit='\(v("DSU"))'>\(v("DSIZE"))</size><node>\(v("DNODE"))</node></target></memory>
          <controller type='pci' index='\(v("CIDX"))' model='pci-expander-bus'><target busNr='254'><node>\(v("CNODE"))</node></target></controller>
        </devices>
      </domain>
      """
  }

  /// Each numeric field at each boundary, with the units that scale it, and the cells' sum at
  /// its edge.
  static let guests: [String] = {
    let numeric = [
      "MEM", "SLOTS", "MAXMEM", "CUR", "VCPU", "PAGE", "NS", "MEMNODE", "SOCK", "CELLMEM", "SIBID", "DIST", "LEVEL",
      "CSIZE", "CLINE", "CELLMEM2", "LAT", "BW", "DSIZE", "DNODE", "CIDX", "CNODE",
    ]
    let units = ["MEM": "MU", "CELLMEM": "CU", "PAGE": "PU", "BW": "BWU", "DSIZE": "DSU"]
    var result: [String] = []
    for field in numeric {
      for number in boundaries {
        result.append(guest([field: number]))
        if let unit = units[field] {
          for name in ["EiB", "b", "TB"] { result.append(guest([field: number, unit: name])) }
        }
      }
    }
    result.append(guest(["CELLMEM": "8", "CU": "EiB", "CELLMEM2": "9007199254740991"]))
    result.append(guest(["CELLMEM": "9007199254740991", "CELLMEM2": "9007199254740991", "DSIZE": "9007199254740991"]))
    return result
  }()

  @Test("every operation on a guest with a boundary number gives a finding or a result")
  func guestsNeverTrap() throws {
    let host = try HostTopology.read(
      from: ConcurrencyTests.packageRoot.appendingPathComponent("examples/hosts/memory-tier-hmat.capabilities.xml").path)
    var qemu = sharedValidator
    qemu.driver = .qemu
    let first = try #require(validate(Self.guests[0]).guest)
    for xml in Self.guests {
      let bytes = Array(xml.utf8)
      let report = sharedValidator.validate(bytes: bytes, file: "g.xml")
      _ = qemu.validate(bytes: bytes, file: "g.xml")
      for mode in DistancesMode.allCases {
        _ = try Canonicalizer(validator: sharedValidator, distances: mode).canonicalize(bytes: bytes, file: "g.xml")
      }
      _ = sharedValidator.check(bytes: bytes, file: "g.xml").toXL()
      _ = sharedValidator.check(bytes: bytes, file: "g.xml").toQEMU()
      _ = FitReport.check(sharedValidator.check(bytes: bytes, file: "g.xml"), on: host)
      if report.isValid, let guest = report.guest {
        let topology = guest.effectiveTopology
        _ = TopologyView.text(topology)
        _ = TopologyView.json(topology)
        _ = TopologyView.svg(topology, title: guest.name)
        _ = TopologyView.dot(topology, title: guest.name)
        _ = TopologyDiff.compare(first, guest)
      }
    }
  }

  @Test("every xl number at its edges: from-xl gives a finding or a guest", arguments: ["MEM", "MAXMEM", "VCPUS", "MAXV", "PN", "SIZE", "VID", "D"])
  func xlConfigsNeverTrap(field: String) {
    let numbers = Self.boundaries + ["-1", "-9223372036854775808", "0x7fffffffffffffff", "0xffffffffffffffff", "07777777777777777777777"]
    for number in numbers {
      var value = ["MEM": "4096", "MAXMEM": "4096", "VCPUS": "4", "MAXV": "4", "PN": "0", "SIZE": "2048", "VID": "1", "D": "21"]
      value[field] = number
      let config = """
        name = "g"
        type = "hvm"
        memory = \(value["MEM"]!)
        maxmem = \(value["MAXMEM"]!)
        vcpus = \(value["VCPUS"]!)
        maxvcpus = \(value["MAXV"]!)
        vnuma = [ [ "pnode=\(value["PN"]!)", "size=\(value["SIZE"]!)", "vcpus=0-\(value["VID"]!)", "vdistances=10,\(value["D"]!)" ], [ "pnode=0", "size=2048", "vcpus=2-3", "vdistances=\(value["D"]!),10" ] ]

        """
      let result = XLImport.domain(bytes: Array(config.utf8), file: "g.cfg", validator: sharedValidator)
      if let output = result.output {
        _ = sharedValidator.check(bytes: Array(output.utf8), file: "g.xml").toXL()
        _ = sharedValidator.check(bytes: Array(output.utf8), file: "g.xml").toQEMU()
      } else {
        #expect(result.diagnostics.contains { $0.severity == .error }, "no guest, and no reason given for \(field) = \(number)")
      }
    }
  }
}
