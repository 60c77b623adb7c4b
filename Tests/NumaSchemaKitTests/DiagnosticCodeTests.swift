import Foundation
import Testing

@testable import NumaSchemaKit

/// One document per diagnostic code that must trigger it.
struct Trigger: CustomTestStringConvertible, Sendable {
  var code: DiagnosticCode
  var xml: String
  /// The driver whose rules report the code (`validate --driver`); `nil` for every driver's.
  var driver: HypervisorDriver? = nil
  var testDescription: String { code.rawValue }
}

let triggers: [Trigger] = [
  Trigger(code: .xmlNotWellFormed, xml: "<domain type='kvm'><name>x</name>"),
  Trigger(
    code: .xmlExternalEntity,
    xml: guest(
      numa: twoCells, extra: "<description>&secret;</description>",
      prolog: "<!DOCTYPE domain [<!ENTITY secret SYSTEM 'file:///etc/hostname'>]>\n")),
  Trigger(code: .xmlNotADomain, xml: "<guest><name>x</name></guest>"),
  Trigger(code: .xmlNulByte, xml: guest(numa: twoCells) + "\u{0}left behind"),
  Trigger(code: .rngInvalid, xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024' colour='blue'/>")),
  Trigger(code: .numaNoCells, xml: guest(numa: "")),
  Trigger(code: .numaCellIdInvalid, xml: guest(numa: "<cell id='zero' cpus='0-7' memory='1024'/>")),
  Trigger(code: .numaCellIdOutOfRange, xml: guest(numa: "<cell id='1' cpus='0-7' memory='1024'/>")),
  Trigger(
    code: .numaCellIdDuplicate,
    xml: guest(numa: "<cell id='0' cpus='0-3' memory='1024'/><cell id='0' cpus='4-7' memory='1024'/>")),
  Trigger(code: .numaCPUsInvalid, xml: guest(numa: "<cell id='0' cpus='0-' memory='1024'/>")),
  Trigger(
    code: .numaCPUsOverlap,
    xml: guest(numa: "<cell id='0' cpus='0-4' memory='1024'/><cell id='1' cpus='4-7' memory='1024'/>")),
  Trigger(code: .numaMemoryMissing, xml: guest(numa: "<cell id='0' cpus='0-7'/>")),
  Trigger(code: .numaMemoryInvalid, xml: guest(numa: "<cell id='0' cpus='0-7' memory='1.5'/>")),
  Trigger(code: .numaMemoryUnitInvalid, xml: guest(numa: "<cell id='0' cpus='0-7' memory='1' unit='KiBs'/>")),
  Trigger(
    code: .numaMemoryOverflow, xml: guest(numa: "<cell id='0' cpus='0-7' memory='9223372036854775807' unit='KiB'/>")),
  Trigger(
    code: .numaCellZeroMemory,
    xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'/><cell id='1' memory='0'/>")),
  Trigger(
    code: .numaNumberForm,
    xml: guest(
      numa: "<cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='012'/></distances></cell>"
        + "<cell id='1' cpus='4-7' memory=' 1024'/>")),
  Trigger(code: .numaDistancesNoSiblings, xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances/></cell>")),
  Trigger(
    code: .numaSiblingIdInvalid,
    xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances><sibling value='10'/></distances></cell>")),
  Trigger(
    code: .numaSiblingIdUnknown,
    xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='3' value='20'/></distances></cell>")),
  Trigger(
    code: .numaSiblingDuplicate,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='20'/><sibling id='1' value='30'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'/>
        """)),
  Trigger(
    code: .numaDistanceInvalid,
    xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0'/></distances></cell>")),
  Trigger(
    code: .numaDistanceOutOfRange,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='256'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'/>
        """)),
  Trigger(
    code: .numaDistanceLocalNot10,
    xml: guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='20'/></distances></cell>")),
  Trigger(
    code: .numaDistanceRemote10,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='10'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'/>
        """)),
  Trigger(
    code: .numaDistanceAsymmetric,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1024'><distances><sibling id='1' value='20'/></distances></cell>
        <cell id='1' cpus='4-7' memory='1024'><distances><sibling id='0' value='30'/></distances></cell>
        """)),
  Trigger(
    code: .numaDistanceTriangle,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-2' memory='1024'><distances><sibling id='1' value='21'/><sibling id='2' value='60'/></distances></cell>
        <cell id='1' cpus='3-5' memory='1024'><distances><sibling id='2' value='21'/></distances></cell>
        <cell id='2' cpus='6-7' memory='1024'/>
        """)),
  Trigger(code: .numaVCPUsExceedCount, xml: guest(numa: twoCells, vcpu: "<vcpu>4</vcpu>")),
  Trigger(code: .numaCPUIdExceedsVCPUs, xml: guest(numa: "<cell id='0' cpus='4-11' memory='1024'/>")),
  Trigger(code: .numaVCPUsUnassigned, xml: guest(numa: "<cell id='0' cpus='0-3' memory='1024'/>")),
  Trigger(code: .numaMemoryMismatch, xml: guest(numa: twoCells, memory: "<memory unit='GiB'>4</memory>")),
  Trigger(code: .vcpuCountInvalid, xml: guest(numa: twoCells, vcpu: "<vcpu>eight</vcpu>")),
  Trigger(code: .memoryInvalid, xml: guest(numa: twoCells, memory: "<memory unit='lots'>4</memory>")),
  Trigger(
    code: .numatuneMemnodeCellUnknown,
    xml: guest(numa: twoCells, extra: "<numatune><memnode cellid='2' mode='strict' nodeset='0'/></numatune>")),
  Trigger(
    code: .numatuneMemnodeDuplicate,
    xml: guest(
      numa: twoCells,
      extra:
        "<numatune><memnode cellid='1' mode='strict' nodeset='0'/><memnode cellid='1' mode='strict' nodeset='1'/></numatune>"
    )),
  Trigger(
    code: .numatuneMemnodeWithoutNUMA,
    xml: guest(numa: nil, extra: "<numatune><memnode cellid='0' mode='strict' nodeset='0'/></numatune>")),
  Trigger(
    code: .numatuneMemnodeAutoPlacement,
    xml: guest(
      numa: twoCells, extra: "<numatune><memory placement='auto'/><memnode cellid='0' mode='strict' nodeset='0'/></numatune>")),
  Trigger(
    code: .numatuneMemnodeModeMismatch,
    xml: guest(
      numa: twoCells,
      extra: "<numatune><memory mode='restrictive' nodeset='0-1'/><memnode cellid='0' mode='strict' nodeset='0'/></numatune>")),
  Trigger(
    code: .numatuneNodesetMissing, xml: guest(numa: twoCells, extra: "<numatune><memory mode='strict'/></numatune>")),
  Trigger(
    code: .numatuneNodesetInvalid,
    xml: guest(numa: twoCells, extra: "<numatune><memory mode='strict' nodeset='0,^0'/></numatune>")),
  Trigger(
    code: .numaTooLarge,
    xml: guest(
      numa: "<cell id='0' cpus='0-7' memory='1024'><distances>"
        + (0...Validator.maximumNUMAEntries).map { "<sibling id='\($0)' value='20'/>" }.joined() + "</distances></cell>")),
  Trigger(
    code: .memorySizeMissing,
    xml: guest(numa: "<cell id='0' cpus='0-3' memory='0'/><cell id='1' cpus='4-7' memory='0'/>")),
  Trigger(
    code: .qemuVCPUsExceedMachine,
    xml: guest(numa: "<cell id='0' cpus='0-255' memory='1048576'/>", vcpu: "<vcpu>256</vcpu>"),
    driver: .qemu),
  Trigger(
    code: .qemuCPUTopologyMismatch,
    xml: guest(numa: twoCells).replacing("<cpu>", with: "<cpu><topology sockets='1' cores='4' threads='1'/>"),
    driver: .qemu),
  Trigger(
    code: .qemuAPICIDsNeedKVM,
    xml: guest(numa: "<cell id='0' cpus='0-200' memory='1048576'/>", vcpu: "<vcpu>201</vcpu>")
      .replacing("<domain type='kvm'>", with: "<domain type='qemu'>")
      .replacing("<cpu>", with: "<cpu><topology sockets='67' cores='3' threads='1'/>"),
    driver: .qemu),
  Trigger(
    code: .qemuHMATBandwidthUnaligned,
    xml: guest(
      numa: twoCells
        + "<interconnects><bandwidth initiator='0' target='1' type='access' value='1000' unit='KiB'/></interconnects>"),
    driver: .qemu),
  Trigger(
    code: .qemuHMATCacheWithoutFigures,
    xml: guest(
      numa: """
        <cell id='0' cpus='0-3' memory='1048576'/>
        <cell id='1' cpus='4-7' memory='1048576'><cache level='1' associativity='direct' policy='writeback'>
        <size value='64' unit='KiB'/><line value='64' unit='B'/></cache></cell>
        <interconnects><latency initiator='0' target='1' type='access' value='20'/></interconnects>
        """),
    driver: .qemu),
  Trigger(
    code: .qemuCellMemoryZero,
    xml: guest(numa: "<cell id='0' cpus='0-3' memory='1048576'/><cell id='1' cpus='4-7' memory='0'/>"), driver: .qemu),
]

@Test("every validation code has a document that triggers it")
func everyCodeIsCovered() {
  // Converter, fit, from-host and canonical-form codes (to-xl-, to-qemu-, xl-, from-qemu-, fit-,
  // host-, canonical-) are pinned
  // by their own tests and by
  // their conformance cases, which `suiteCoversEveryCode` requires for every code; the codes of
  // what refers to the cells are triggered by their conformance inputs (ReferenceRuleTests); the
  // codes of inline directives (disable-) come from Suppression.filter, not from validation
  // (SuppressionTests).
  let covered = Set(triggers.map(\.code)).union(referenceCodes)
  let missing = DiagnosticCode.allCases.filter {
    !covered.contains($0) && !["to-", "xl-", "from-qemu-", "fit-", "canonical-", "disable-", "host-"].contains(where: $0.rawValue.hasPrefix)
  }
  #expect(missing.isEmpty, "codes without a triggering test: \(missing.map(\.rawValue))")
}

@Test("each code is reported for its document", arguments: triggers)
func codeIsTriggered(_ trigger: Trigger) {
  let report = validate(trigger.xml, driver: trigger.driver)
  #expect(report.codes.contains(trigger.code), "got \(report.diagnostics.map { "\($0.code.rawValue): \($0.message)" })")
  let expectedValid = trigger.code.defaultSeverity == .warning
  #expect(report.isValid == expectedValid)
  if expectedValid {
    #expect(!validate(trigger.xml, strict: true, driver: trigger.driver).isValid, "--strict makes the warning an error")
  }
  if trigger.driver != nil {
    #expect(!validate(trigger.xml).codes.contains(trigger.code), "only the driver's rules report it")
  }
}

@Test("a well-formed NUMA guest passes without any finding")
func validGuestHasNoFindings() {
  let xml = guest(
    numa: """
      <cell id='0' cpus='0-3' memory='1048576'><distances><sibling id='0' value='10'/><sibling id='1' value='21'/></distances></cell>
      <cell id='1' cpus='4-7' memory='1' unit='GiB'/>
      """, memory: "<memory unit='GiB'>2</memory>",
    extra: "<numatune><memnode cellid='0' mode='strict' nodeset='0'/><memnode cellid='1' mode='strict' nodeset='1'/></numatune>")
  let report = validate(xml)
  #expect(report.diagnostics == [])
  #expect(report.isValid)
}

@Test("findings carry the line and column of the attribute at fault")
func findingsPointAtTheAttribute() throws {
  let xml = """
    <domain type='kvm'>
      <name>x</name>
      <vcpu>8</vcpu>
      <os><type>hvm</type></os>
      <cpu><numa>
        <cell id='0' cpus='0-3' memory='1024'>
          <distances>
            <sibling id='0' value='10'/>  <sibling id='1'
    value='300'/>
          </distances>
        </cell>
        <cell id='1' cpus='4-7' memory='1024'/>
      </numa></cpu>
    </domain>
    """
  let report = validate(xml)
  let finding = try #require(report.diagnostics.first { $0.code == .numaDistanceOutOfRange })
  #expect(finding.line == 9)
  #expect(finding.column == 1)
  #expect(finding.message == "distance 0→1 is 300: distances must be 10 to 255")
}

@Test("a name the grammar does not take is reported at its line and column, with the names it takes there")
func grammarNameErrorsHaveAPosition() throws {
  let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1024' colour='blue'/>")
  let finding = try #require(validate(xml).diagnostics.first { $0.code == .rngInvalid })
  #expect(finding.line == 8)
  #expect(finding.column == 39)
  #expect(finding.message == "<cell> has no attribute 'colour': its attributes are id, cpus, memory, unit, memAccess and discard")
}

@Test("libxml2's own grammar complaints keep its line and words, with no column")
func grammarValueErrorsHaveALine() throws {
  let xml = guest(numa: "<cell id='0' cpus='0-7' memory='1024' memAccess='public'/>")
  let finding = try #require(validate(xml).diagnostics.first { $0.code == .rngInvalid })
  #expect(finding.line == 8)
  #expect(finding.column == nil)
  #expect(finding.message == "Invalid attribute memAccess for element cell")
}

@Test("docs/diagnostics.md documents every code, with its severity")
func everyCodeIsDocumented() throws {
  let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
  let text = try String(contentsOf: docs, encoding: .utf8)
  for code in DiagnosticCode.allCases {
    #expect(text.contains("### `\(code.rawValue)` (\(code.defaultSeverity.rawValue))"), "\(code.rawValue) is not documented")
  }
}
