import Foundation
import Testing

@Suite("numaschema from-host and fit: host sources")
struct HostSourceCommandTests {
  let numactl = "available: 1 nodes (0)\nnode 0 cpus: 0 1\nnode 0 size: 2048 MB\n"

  @Test func standardInputForBothIsAUsageError() throws {
    let run = try numaschema(["fit", "-", "--host", "-"], stdin: "")
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot both be -"))
  }

  @Test func aFIFOIsRefusedWithoutWaiting() throws {
    let folder = try temporaryFolder([:])
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("host.txt").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for arguments in [["from-host", "--numactl", fifo], ["from-host", "--capabilities", fifo], ["fit", "g.xml", "--host", fifo]] {
      let run = try numaschema(arguments)
      #expect(run.status == 2)
      #expect(run.stderr.contains("is a FIFO; only regular files are read"), "\(run.stderr)")
    }
  }

  @Test func maxSizeLimitsHostFiles() throws {
    let folder = try temporaryFolder(["numactl.txt": numactl + String(repeating: "\n", count: 2000)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let refused = try numaschema(["from-host", "--numactl", "numactl.txt", "--max-size", "1KiB"], in: folder)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("larger than 1024 bytes"))
    let read = try numaschema(["from-host", "--numactl", "numactl.txt"], in: folder)
    #expect(read.status == 0, "\(read.stderr)")
  }

  @Test func aLinkedSecretIsNotEchoed() throws {
    let secret = "TOKEN=" + String(repeating: "s", count: 120) + "\n"
    let folder = try temporaryFolder([
      "secret": secret, "sys/node0/meminfo": "Node 0 MemTotal: 1048576 kB\n",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("sys/node0/cpulist").path, withDestinationPath: "../../secret")
    let run = try numaschema(["from-host", "--sysfs-root", "sys"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("TOKEN="))
    #expect(!run.stderr.contains(String(repeating: "s", count: 40)), "\(run.stderr)")
  }
}
