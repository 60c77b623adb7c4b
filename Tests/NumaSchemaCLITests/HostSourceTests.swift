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
    for arguments in [["from-host", "--host", fifo], ["fit", "g.xml", "--host", fifo]] {
      let run = try numaschema(arguments)
      #expect(run.status == 2)
      #expect(run.stderr.contains("is a FIFO; only regular files are read"), "\(run.stderr)")
    }
  }

  @Test func maxSizeLimitsHostFiles() throws {
    let folder = try temporaryFolder(["numactl.txt": numactl + String(repeating: "\n", count: 2000)])
    defer { try? FileManager.default.removeItem(at: folder) }
    let refused = try numaschema(["from-host", "--host", "numactl.txt", "--max-size", "1KiB"], in: folder)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("larger than 1024 bytes"))
    let read = try numaschema(["from-host", "--host", "numactl.txt"], in: folder)
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
    let run = try numaschema(["from-host", "--host", "sys"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("TOKEN="))
    #expect(!run.stderr.contains(String(repeating: "s", count: 40)), "\(run.stderr)")
  }

  @Test("from-host and fit name a host the same way, --host, and read the same kinds")
  func oneWayToNameAHost() throws {
    let folder = try temporaryFolder([
      "numactl.txt": numactl, "sys/devices/system/node/node0/cpulist": "0-1\n",
      "sys/devices/system/node/node0/meminfo": "Node 0 MemTotal: 2097152 kB\nNode 0 MemFree: 1048576 kB\n",
      "g.xml": "<domain type='kvm'><name>g</name><memory>1048576</memory><vcpu>2</vcpu><os><type>hvm</type></os>"
        + "<cpu><numa><cell id='0' cpus='0-1' memory='1048576'/></numa></cpu></domain>",
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    for source in ["numactl.txt", "sys", "sys/devices", "sys/devices/system", "sys/devices/system/node"] {
      let made = try numaschema(["from-host", "--host", source], in: folder)
      #expect(made.status == 0, "\(source): \(made.stderr)")
      #expect(
        made.stdout.contains("<cell id='0' cpus='0-1' memory='2097152' unit='KiB'/>"), "\(source): \(made.stdout)")
      let fit = try numaschema(["fit", "g.xml", "--host", source], in: folder)
      #expect(fit.status == 0, "\(source): \(fit.stderr)")
    }
    let stdin = try numaschema(["from-host", "--host", "-"], stdin: numactl)
    #expect(stdin.status == 0, "\(stdin.stderr)")
    #expect(stdin.stdout.contains("cpus='0-1'"))
  }

  @Test(
    "the options that named a host before --host are refused with the --host to write",
    arguments: ["--sysfs-root", "--numactl", "--capabilities"])
  func oldHostOptionsNameHost(_ option: String) throws {
    let run = try numaschema(["from-host", option, "host.txt"])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("numaschema: error: \(option) is gone"), "\(run.stderr)")
    #expect(run.stderr.contains("--host host.txt"))
    #expect(run.stdout.isEmpty)
  }

  @Test(
    "from-host: a size without a unit is a usage error; with one it is read", arguments: ["4096", "4096 ", "+4096"])
  func bareSizeIsRefused(_ size: String) throws {
    let folder = try temporaryFolder(["numactl.txt": numactl])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try numaschema(["from-host", "--host", "numactl.txt", "--memory", size], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("numaschema: error: --memory"), "\(run.stderr)")
    #expect(run.stderr.contains("no unit") || run.stderr.contains("is not a size"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    let read = try numaschema(["from-host", "--host", "numactl.txt", "--memory", "1024MiB"], in: folder)
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout.contains("memory='1048576'"))
  }

  @Test("from-host: --vcpus below the host's nodes with CPUs is an error naming their count")
  func fewerVCPUsThanNodes() throws {
    let two =
      "available: 2 nodes (0-1)\nnode 0 cpus: 0 1\nnode 0 size: 2048 MB\nnode 1 cpus: 2 3\nnode 1 size: 2048 MB\n"
    let folder = try temporaryFolder(["numactl.txt": two])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try numaschema(["from-host", "--host", "numactl.txt", "--vcpus", "1"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("numaschema: error: "), "\(run.stderr)")
    #expect(run.stderr.contains("--vcpus 1 is fewer than the host's 2 nodes with CPUs"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    let evenly = try numaschema(["from-host", "--host", "numactl.txt", "--vcpus", "2"], in: folder)
    #expect(evenly.status == 0, "\(evenly.stderr)")
    #expect(evenly.stdout.contains("cpus='0'") && evenly.stdout.contains("cpus='1'"), "\(evenly.stdout)")
  }
}
