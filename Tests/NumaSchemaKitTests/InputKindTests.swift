import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("another kind of input where a guest is read: named, with the command that reads it")
struct InputKindTests {
  static let capabilities = """
    <capabilities>
      <host>
        <topology><cells num='1'><cell id='0'><memory unit='KiB'>1048576</memory><cpus num='1'><cpu id='0'/></cpus></cell></cells></topology>
      </host>
    </capabilities>
    """
  static let xlConfig = """
    # a Xen guest
    name = "g"
    memory = 2048
    vcpus = 2
    vnuma = [ [ "pnode=0", "size=2048", "vcpus=0-1", "vdistances=10" ] ]
    """
  static let qemuCommandLine = "QEMU_AUDIO_DRV=none /usr/bin/qemu-system-x86_64 -m 4096 -smp 4 \\\n  -numa node,nodeid=0,cpus=0-3,mem=4096\n"
  static let qemuOptions = "-object memory-backend-ram,id=ram-node0,size=1073741824\n-numa node,nodeid=0,cpus=0-3,memdev=ram-node0\n"
  static let numactl = "available: 1 nodes (0)\nnode 0 cpus: 0 1\nnode 0 size: 1024 MB\nnode 0 free: 512 MB\nnode distances:\nnode   0\n  0:  10\n"

  @Test(
    "text that is plainly another kind is recognised, at the place it shows",
    arguments: [
      (xlConfig, InputKind.xlConfig, 2, 1),
      (qemuCommandLine, .qemuCommandLine, 1, 21),
      (qemuOptions, .qemuCommandLine, 1, 1),
      (numactl, .numactlOutput, 1, 1),
      ("\n\n   available: 2 nodes (0-1)\n", .numactlOutput, 3, 4),
      // An xl config with a mistake is still one by its first line.
      ("name = \"g\"\nvnuma = [ [ \"pnode=0\" \n", .xlConfig, 1, 1),
    ])
  func recognisesText(text: String, kind: InputKind, line: Int, column: Int) throws {
    let found = try #require(InputKind.recognise(text: Array(text.utf8)))
    #expect(found.kind == kind)
    #expect(found.position == SourcePosition(line: line, column: column))
  }

  @Test(
    "XML, and text like none of the kinds, is not recognised",
    arguments: ["", "<domain>", "  <cell", "hello world", "{\"name\": 1}", "\u{FEFF}<?xml version='1.0'?>", "Name = 1"])
  func notRecognised(text: String) {
    #expect(InputKind.recognise(text: Array(text.utf8)) == nil)
  }

  @Test(
    "validate and to-qemu give one error at the place, naming the command meant",
    arguments: [
      (capabilities, "numaschema from-host --host input.xml", 1, 1),
      (xlConfig, "numaschema from-xl input.xml", 2, 1),
      (qemuCommandLine, "read it with 'numaschema from-qemu input.xml'", 1, 21),
      (numactl, "numaschema from-host --host input.xml", 1, 1),
    ])
  func oneFinding(text: String, command: String, line: Int, column: Int) throws {
    for diagnostics in [
      sharedValidator.validate(bytes: Array(text.utf8), file: "input.xml").diagnostics,
      sharedValidator.check(bytes: Array(text.utf8), file: "input.xml").toQEMU().diagnostics,
    ] {
      #expect(diagnostics.count == 1)
      let finding = try #require(diagnostics.first)
      #expect(finding.code == .xmlNotADomain)
      #expect(finding.severity == .error)
      #expect((finding.line, finding.column) == (line, column))
      #expect(finding.message.hasPrefix("this is "))
      #expect(finding.message.contains(command), "\(finding.message)")
    }
  }

  @Test("standard input is named '-' in the command")
  func standardInput() throws {
    let finding = try #require(sharedValidator.validate(bytes: Array(Self.xlConfig.utf8), file: "<stdin>").diagnostics.first)
    #expect(finding.message.hasSuffix("read it with 'numaschema from-xl -'"))
  }

  @Test("any other root is still 'not a domain', once")
  func otherRoot() {
    let report = validate("<guest><name>x</name></guest>")
    #expect(report.diagnostics.map(\.message) == ["root element is <guest>, expected <domain>"])
  }

  @Test("a sysfs node folder given for a guest names the commands that read hosts")
  func sysfsFolder() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-kind-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let nodes = root.appendingPathComponent("sys/devices/system/node")
    try FileManager.default.createDirectory(at: nodes.appendingPathComponent("node0"), withIntermediateDirectories: true)
    let plain = root.appendingPathComponent("plain")
    try FileManager.default.createDirectory(at: plain.appendingPathComponent("nodes"), withIntermediateDirectories: true)
    #expect(InputKind.isSysfsNodeFolder(nodes.path))
    #expect(InputKind.isSysfsNodeFolder(root.path))
    #expect(!InputKind.isSysfsNodeFolder(plain.path))
    #expect(throws: InputError.hostFolder(path: nodes.path)) { try InputSource.file(nodes.path).read() }
    #expect(throws: InputError.isDirectory(path: plain.path)) { try InputSource.file(plain.path).read() }
    #expect(throws: InputError.hostFolder(path: root.path)) { try InputSource.expand([root.path]) }
    #expect(
      InputError.hostFolder(path: "/sys").description
        == "/sys: this is a host's sysfs NUMA node folder (nodeN), not a guest domain: a host is read by "
        + "'numaschema fit GUEST --host /sys' or 'numaschema from-host --host /sys'")
  }
}
