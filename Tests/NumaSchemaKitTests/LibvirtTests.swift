import Testing

@testable import NumaSchemaKit

/// What numaschema takes from virsh's words, without running it.
@Suite("reading what virsh prints")
struct LibvirtTests {
  @Test("freecell --all, quiet: a cell and its free KiB a line")
  func freecellLines() throws {
    let cells = try LibvirtConnection.freeMemory(
      "    0:       2048 KiB\n    1:       4096 KiB\n", source: "test:///default")
    #expect(cells.map(\.node) == [0, 1])
    #expect(cells.map(\.kib) == [2048, 4096])
  }

  @Test(
    "a freecell line of another shape is an error naming it",
    arguments: ["Total: 6144 KiB", "0: 2048 MiB", "-1: 5 KiB"])
  func freecellOtherLines(_ line: String) throws {
    #expect(throws: HostTopologyError.self) { try LibvirtConnection.freeMemory(line + "\n", source: "test:///default") }
  }

  @Test("virsh's complaint is its lines, each without 'error: ', on one line")
  func complaint() {
    let text = "error: failed to connect to the hypervisor\nerror: Cannot recv data: Connection reset by peer\n\n"
    #expect(
      Virsh.complaint(Array(text.utf8))
        == "failed to connect to the hypervisor; Cannot recv data: Connection reset by peer")
  }

  @Test("a host source with :// is a libvirt URI; a path is not")
  func uriOrPath() {
    #expect(LibvirtConnection.isURI("qemu:///system"))
    #expect(LibvirtConnection.isURI("qemu+ssh://root@hv1/system"))
    #expect(LibvirtConnection.isURI("test:///default"))
    #expect(!LibvirtConnection.isURI("/sys"))
    #expect(!LibvirtConnection.isURI("capabilities.xml"))
  }

  @Test("a libvirt guest is named URI/NAME in findings")
  func displayName() {
    let guest = LibvirtGuest(connection: LibvirtConnection(uri: "test:///default", virsh: Virsh()), name: "test")
    #expect(InputSource.libvirtGuest(guest).displayName == "test:///default/test")
  }
}
