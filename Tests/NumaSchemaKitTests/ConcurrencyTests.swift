import Foundation
import Testing

@testable import NumaSchemaKit

/// Many threads over one compiled grammar and one compiled stylesheet, in-process: what
/// ThreadSanitizer watches in `scripts/sanitize thread`. Every result must equal the one computed
/// on one thread, and `orderedParallelMap` must deliver in input order.
@Suite("concurrency: one grammar, many threads")
struct ConcurrencyTests {
  static let workers = 8
  static let validationsPerWorker = 200

  /// Inputs that reach every stage: valid guests, NUMA findings, a grammar failure (which is
  /// validated again against `parts.rng`), broken XML, internal and external entities.
  static let inputs: [String] = [
    guest(numa: twoCells),
    (try? String(contentsOf: packageRoot.appendingPathComponent("examples/four-node-ring.xml"), encoding: .utf8)) ?? "",
    guest(numa: "<cell id='0' cpus='0-4' memory='1048576'/>\n<cell id='1' cpus='4-7' memory='1048576'/>"),
    guest(
      numa: """
          <cell id='0' cpus='0-3' memory='1048576'><distances><sibling id='0' value='10'/><sibling id='1' value='10'/></distances></cell>
          <cell id='1' cpus='4-7' memory='1048576'/>
        """),
    guest(numa: twoCells, extra: "<bogus/>"),
    guest(numa: "<cell id='0' cpus='0-7' memory='&size;'/>", prolog: "<!DOCTYPE domain [<!ENTITY size '1048576'>]>\n"),
    guest(
      numa: twoCells, extra: "<description>&x;</description>",
      prolog: "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///nonexistent/numaschema'>]>\n"),
    "<domain type='kvm'><name>broken</name>",
    "",
  ]

  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// What one validation yields, as a comparable value.
  struct Outcome: Equatable, Sendable {
    var diagnostics: [Diagnostic]
    var guest: GuestDefinition?
    init(_ report: FileReport) {
      diagnostics = report.diagnostics
      guest = report.guest
    }
  }

  /// Runs `body(worker)` on `count` threads of its own, all at once, and waits for every one.
  /// (Threads rather than `concurrentPerform`, which runs no more threads than there are cores.)
  static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = Countdown(count)
    for worker in 0..<count {
      Thread {
        body(worker)
        finished.done()
      }.start()
    }
    finished.wait()
  }

  /// Counts finished threads down to zero; `wait` returns when all are done.
  final class Countdown: @unchecked Sendable {
    // Safe to share: `remaining` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var remaining: Int
    init(_ count: Int) { remaining = count }
    func done() {
      condition.lock()
      remaining -= 1
      condition.broadcast()
      condition.unlock()
    }
    func wait() {
      condition.lock()
      while remaining > 0 { condition.wait() }
      condition.unlock()
    }
  }

  /// Mismatches found by the workers, collected under a lock.
  final class Mismatches: @unchecked Sendable {
    // Safe to share: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
  }

  @Test("8 workers × 200 validations share one compiled grammar")
  func validationsShareOneGrammar() throws {
    let validator = Validator(grammar: try Grammar.embedded())
    let inputs = Self.inputs.map { Array($0.utf8) }
    let expected = inputs.map { Outcome(validator.validate(bytes: $0, file: "guest.xml")) }
    #expect(expected[0].diagnostics.isEmpty && expected[2].diagnostics.contains { $0.code == .numaCPUsOverlap })
    let mismatches = Mismatches()
    Self.onThreads(Self.workers) { worker in
      for round in 0..<Self.validationsPerWorker {
        let index = (worker + round) % inputs.count
        let outcome = Outcome(validator.validate(bytes: inputs[index], file: "guest.xml"))
        if outcome != expected[index] { mismatches.add("worker \(worker), round \(round), input \(index)") }
      }
    }
    #expect(mismatches.all == [])
  }

  @Test("orderedParallelMap delivers every result once, in input order")
  func orderedParallelMapKeepsInputOrder() throws {
    let validator = Validator(grammar: try Grammar.embedded())
    let inputs = Self.inputs.map { Array($0.utf8) }
    let expected = inputs.map { Outcome(validator.validate(bytes: $0, file: "guest.xml")) }
    let count = Self.workers * Self.validationsPerWorker
    let delivered = Mismatches()
    let order = Mismatches()
    orderedParallelMap(Array(0..<count), jobs: Self.workers) { index in
      (index, Outcome(validator.validate(bytes: inputs[index % inputs.count], file: "guest.xml")))
    } deliver: { position, result in
      let (index, outcome) = result
      delivered.add("\(position)")
      if position != index || outcome != expected[index % inputs.count] {
        order.add("position \(position): item \(index)")
      }
    }
    #expect(delivered.all == (0..<count).map { "\($0)" })
    #expect(order.all == [])
  }

  @Test("orderedParallelMap leaves no result behind when delivery is slower than the work", arguments: [2, 3, 8])
  func orderedParallelMapWithSlowDelivery(jobs: Int) {
    // Work that takes nothing and a delivery that takes a while: threads keep finding another
    // one delivering, go back to work, and the deliverer must take their results too.
    let count = 5_000
    let delivered = Mismatches()
    orderedParallelMap(Array(0..<count), jobs: jobs) {
      $0
    } deliver: { position, item in
      var spin = 0
      for step in 0..<(position % 7 == 0 ? 2_000 : 50) { spin &+= step }
      delivered.add(position == item && spin >= 0 ? "\(position)" : "mismatch at \(position)")
    }
    #expect(delivered.all == (0..<count).map { "\($0)" })
  }

  @Test("canonical form, converters and from-xl share one stylesheet across threads")
  func transformsShareOneStylesheet() throws {
    let validator = Validator(grammar: try Grammar.embedded())
    let guests = Self.inputs.map { Array($0.utf8) }
    let config = Array(
      (try String(contentsOf: Self.packageRoot.appendingPathComponent("examples/four-node-ring.cfg"), encoding: .utf8))
        .utf8)
    @Sendable func products(_ bytes: [UInt8]) throws -> [String?] {
      var outputs: [String?] = []
      for mode in DistancesMode.allCases {
        outputs.append(
          try Canonicalizer(validator: validator, distances: mode).canonicalize(bytes: bytes, file: "g.xml").canonical)
      }
      outputs.append(validator.check(bytes: bytes, file: "g.xml").toXL().output)
      outputs.append(validator.check(bytes: bytes, file: "g.xml").toQEMU().output)
      outputs.append(validator.check(bytes: bytes, file: "g.xml").toQEMU(legacyMemory: true).output)
      return outputs
    }
    let expected = try guests.map(products)
    let expectedXL = XLImport.domain(bytes: config, file: "g.cfg", validator: validator).output
    #expect(expected[0].allSatisfy { $0 != nil } && expectedXL != nil)
    let mismatches = Mismatches()
    Self.onThreads(Self.workers) { worker in
      for round in 0..<20 {
        let index = (worker + round) % guests.count
        do {
          if try products(guests[index]) != expected[index] { mismatches.add("worker \(worker), input \(index)") }
        } catch {
          mismatches.add("worker \(worker), input \(index): \(error)")
        }
        if XLImport.domain(bytes: config, file: "g.cfg", validator: validator).output != expectedXL {
          mismatches.add("worker \(worker): from-xl")
        }
      }
    }
    #expect(mismatches.all == [])
  }

  @Test("grammars compiled on several threads at once validate alike")
  func grammarsCompiledConcurrently() throws {
    let schemas = Self.packageRoot.appendingPathComponent("schemas").path
    let bytes = Array(Self.inputs[2].utf8)
    let expected = Outcome(Validator(grammar: try Grammar.embedded()).validate(bytes: bytes, file: "guest.xml"))
    let mismatches = Mismatches()
    Self.onThreads(4) { worker in
      do {
        let validator = Validator(grammar: try Grammar(directory: schemas))
        for _ in 0..<10 where Outcome(validator.validate(bytes: bytes, file: "guest.xml")) != expected {
          mismatches.add("worker \(worker)")
        }
      } catch {
        mismatches.add("worker \(worker): \(error)")
      }
    }
    #expect(mismatches.all == [])
  }

  @Test("the conformance suite passes when its cases run in parallel")
  func conformanceInParallel() throws {
    let runner = ConformanceRunner(grammar: try Grammar.embedded())
    #expect(conformanceCases.count >= 60)
    let failures = Mismatches()
    orderedParallelMap(conformanceCases, jobs: 4) {
      runner.run($0)
    } deliver: { _, result in
      if !result.passed { failures.add(result.testCase.name) }
    }
    #expect(failures.all == [])
  }
}
