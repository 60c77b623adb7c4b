import Foundation
import Testing

/// `fit` as an operator uses it: several guests, pinning, JSON, and the plan written in place.
@Suite("fit plans")
struct FitPlanTests {
  static let host = """
    available: 2 nodes (0-1)
    node 0 cpus: 0 1 2 3
    node 0 size: 8000 MB
    node 0 free: 8000 MB
    node 1 cpus: 4 5 6 7
    node 1 size: 8000 MB
    node 1 free: 8000 MB
    node distances:
    node   0   1
      0:  10  21
      1:  21  10

    """

  static func guest(_ name: String, vcpus: Int) -> String {
    """
    <domain type='kvm'>
      <name>\(name)</name>
      <memory unit='MiB'>1024</memory>
      <vcpu placement='static'>\(vcpus)</vcpu>
      <os><type arch='x86_64' machine='q35'>hvm</type></os>
      <cpu><numa><cell id='0' cpus='0-\(vcpus - 1)' memory='1024' unit='MiB'/></numa></cpu>
    </domain>

    """
  }

  func document(_ run: Run) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
  }

  @Test("--dedicated gives each vCPU a CPU of its own, never one another guest of the run has")
  func dedicatedPinsAreNeverShared() throws {
    let folder = try temporaryFolder([
      "host.txt": Self.host, "a.xml": Self.guest("a", vcpus: 3), "b.xml": Self.guest("b", vcpus: 3),
    ])
    let run = try numaschema(
      ["fit", "--dedicated", "--format", "json", "a.xml", "b.xml", "--host", "host.txt"], in: folder)
    #expect(run.status == 0)
    let files = try #require(try document(run)["files"] as? [[String: Any]])
    let pins = files.flatMap { ($0["vcpupin"] as? [[String: Any]] ?? []).compactMap { $0["cpuset"] as? String } }
    #expect(pins.count == 6)
    #expect(Set(pins).count == 6, "\(pins)")
    // Without --dedicated, the second guest shares node 0's CPUs… and there is room for only 4.
    let shared = try numaschema(["fit", "a.xml", "b.xml", "--host", "host.txt"], in: folder)
    #expect(shared.stdout.contains("b.xml: fits on host.txt"))
    #expect(shared.stdout.contains("cell 0 → host node 1"))
  }

  @Test("--existing guests count where their own vcpupins put them: a CPU pinned there is not dedicated again")
  func existingPinsAreTaken() throws {
    let running = Self.guest("running", vcpus: 3).replacingOccurrences(
      of: "</domain>",
      with:
        "<cputune><vcpupin vcpu='0' cpuset='4'/><vcpupin vcpu='1' cpuset='5'/><vcpupin vcpu='2' cpuset='6'/></cputune></domain>"
    )
    let folder = try temporaryFolder([
      "host.txt": Self.host, "running.xml": running, "a.xml": Self.guest("a", vcpus: 4),
      "b.xml": Self.guest("b", vcpus: 1),
    ])
    let run = try numaschema(
      ["fit", "--dedicated", "--format", "json", "a.xml", "b.xml", "--existing", "running.xml", "--host", "host.txt"],
      in: folder)
    let files = try #require(try document(run)["files"] as? [[String: Any]])
    let pins = files.flatMap { ($0["vcpupin"] as? [[String: Any]] ?? []).compactMap { $0["cpuset"] as? String } }
    // a takes node 0 whole; node 1 has only CPU 7 left for b.
    #expect(pins == ["0", "1", "2", "3", "7"], "\(pins)")
  }

  @Test("--format json: fits, cost, placement, vcpupin and emulatorpin per guest")
  func jsonPlan() throws {
    let folder = try temporaryFolder(["host.txt": Self.host, "a.xml": Self.guest("a", vcpus: 2)])
    let run = try numaschema(["fit", "--format", "json", "a.xml", "--host", "host.txt"], in: folder)
    let document = try document(run)
    #expect(document["fits"] as? Bool == true)
    let entry = try #require((document["files"] as? [[String: Any]])?.first)
    #expect(entry["cost"] as? Int == 0)
    #expect((entry["placement"] as? [[String: Int]])?.first == ["cell": 0, "hostNode": 0])
    #expect(entry["emulatorpin"] as? String == "0-3")
    #expect((entry["vcpupin"] as? [[String: Any]])?.count == 2)
  }

  @Test("a guest that does not fit takes nothing, and the run exits 1")
  func refusalTakesNothing() throws {
    let folder = try temporaryFolder([
      "host.txt": Self.host, "big.xml": Self.guest("big", vcpus: 6), "a.xml": Self.guest("a", vcpus: 4),
    ])
    let run = try numaschema(["fit", "big.xml", "a.xml", "--host", "host.txt"], in: folder)
    #expect(run.status == 1)
    #expect(run.stdout.contains("big.xml: does not fit"))
    #expect(run.stderr.contains("needs 6 vCPUs, node 0 has 4 CPUs left"))
    #expect(run.stdout.contains("a.xml: fits on host.txt"))
  }

  @Test("--write puts the plan into the file, which stays a valid guest")
  func writeInPlace() throws {
    let folder = try temporaryFolder(["host.txt": Self.host, "a.xml": Self.guest("a", vcpus: 2)])
    let run = try numaschema(["fit", "--write", "a.xml", "--host", "host.txt"], in: folder)
    #expect(run.status == 0)
    let written = try String(contentsOf: folder.appendingPathComponent("a.xml"), encoding: .utf8)
    #expect(written.contains("<memnode cellid='0' mode='strict' nodeset='0'/>"))
    #expect(written.contains("<vcpupin vcpu='1' cpuset='0-3'/>"))
    #expect(try numaschema(["validate", "a.xml"], in: folder).status == 0)
    // The planner's options do not go with libxl's check.
    #expect(
      try numaschema(["fit", "--policy", "libxl", "--write", "a.xml", "--host", "host.txt"], in: folder).status == 2)
  }
}
