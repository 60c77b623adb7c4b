import CNumaSchemaShims
import Foundation
import Testing

@testable import NumaSchemaKit

/// The allocator libxml2 and libxslt allocate through (`block_allocator.c`): every block keeps
/// its bytes until it is freed, no block is handed out twice, blocks may be freed on another
/// thread, and a pointer the C library gave goes back to it.
@Suite struct BlockAllocatorTests {
  /// Whether libxml2 allocates through the block allocator in this process (not under a
  /// sanitizer, nor with NUMASCHEMA_ALLOCATOR=system).
  static let installed: Bool = {
    _ = XMLLibrary.ready
    return numaschema_block_allocator_install() == 1
  }()

  /// The offsets of a block of `count` bytes that carry its pattern: its first 24 bytes and its
  /// last 8 (every byte would make the threaded test slow in a debug build).
  static func offsets(_ count: Int) -> [Int] {
    count <= 32 ? Array(0..<count) : Array(0..<24) + Array((count - 8)..<count)
  }

  /// Writes a pattern made from `seed` into a block of `count` bytes.
  static func fill(_ block: UnsafeMutableRawPointer, _ count: Int, seed: Int) {
    for index in offsets(count) {
      block.storeBytes(of: UInt8(truncatingIfNeeded: seed &* 31 &+ index), toByteOffset: index, as: UInt8.self)
    }
  }

  /// Whether a block of `count` bytes still holds `seed`'s pattern.
  static func holds(_ block: UnsafeRawPointer, _ count: Int, seed: Int) -> Bool {
    offsets(count).allSatisfy {
      block.load(fromByteOffset: $0, as: UInt8.self) == UInt8(truncatingIfNeeded: seed &* 31 &+ $0)
    }
  }

  /// Every byte, for the reallocation test (a prefix of the pattern must survive).
  static func fillEvery(_ block: UnsafeMutableRawPointer, _ count: Int, seed: Int) {
    for index in 0..<count {
      block.storeBytes(of: UInt8(truncatingIfNeeded: seed &* 31 &+ index), toByteOffset: index, as: UInt8.self)
    }
  }

  static func holdsEvery(_ block: UnsafeRawPointer, _ count: Int, seed: Int) -> Bool {
    (0..<count).allSatisfy {
      block.load(fromByteOffset: $0, as: UInt8.self) == UInt8(truncatingIfNeeded: seed &* 31 &+ $0)
    }
  }

  @Test func blocksKeepTheirBytesThroughReallocation() throws {
    let installed = Self.installed  // before the first block
    let sizes = [1, 7, 16, 17, 48, 100, 120, 255, 256, 511, 1000, 1023, 1024, 1025, 4096, 70_000]
    for (seed, size) in sizes.enumerated() {
      var block = try #require(numaschema_block_allocate(size))
      #expect(numaschema_block_owns(block) == (installed && size <= 1024 ? 1 : 0), "size \(size)")
      #expect(Int(bitPattern: block) % 16 == 0, "size \(size)")
      Self.fillEvery(block, size, seed: seed)
      for target in [size + 1, size * 3, max(1, size / 3), 2048] {
        let moved = try #require(numaschema_block_reallocate(block, target))
        #expect(Self.holdsEvery(moved, min(size, target), seed: seed), "size \(size) to \(target)")
        // Back to the original size, pattern restored, for the next target.
        block = try #require(numaschema_block_reallocate(moved, size))
        Self.fillEvery(block, size, seed: seed)
      }
      numaschema_block_free(block)
    }
  }

  @Test func aPointerOfTheCLibraryGoesBackToIt() throws {
    let block = try #require(malloc(96))
    #expect(numaschema_block_owns(block) == 0)
    let grown = try #require(numaschema_block_reallocate(block, 5000))
    #expect(numaschema_block_owns(grown) == 0)
    numaschema_block_free(grown)  // glibc aborts on a pointer it did not give
    numaschema_block_free(nil)
  }

  /// Threads allocate blocks of every class, each filled with a pattern of its own, and hand
  /// half of them to the next thread to free: a block handed out twice, or a list corrupted by
  /// a free on another thread, breaks some pattern.
  @Test func blocksFreedOnOtherThreadsAreReusedIntact() async {
    let threads = 8
    let rounds = 20
    let perRound = 300
    let exchange = (0..<threads).map { _ in Mailbox() }
    let broken = await withTaskGroup(of: Int.self) { group in
      for thread in 0..<threads {
        group.addTask {
          var broken = 0
          var held: [(UnsafeMutableRawPointer, Int, Int)] = []
          for round in 0..<rounds {
            for index in 0..<perRound {
              let size = 1 + (index &* 37 &+ round &* 11 &+ thread) % 1100
              guard let block = numaschema_block_allocate(size) else { continue }
              let seed = thread &* 1_000_003 &+ round &* 7919 &+ index
              Self.fill(block, size, seed: seed)
              held.append((block, size, seed))
            }
            // Check everything held, keep a quarter, free a quarter here, send half away.
            for (block, size, seed) in held where !Self.holds(block, size, seed: seed) { broken += 1 }
            let quarter = held.count / 4
            for (block, _, _) in held[quarter..<(2 * quarter)] { numaschema_block_free(block) }
            exchange[(thread + 1) % threads].post(Array(held[(2 * quarter)...]))
            held = Array(held[..<quarter])
            for (block, size, seed) in exchange[thread].take() {
              if !Self.holds(block, size, seed: seed) { broken += 1 }
              numaschema_block_free(block)
            }
          }
          for (block, _, _) in held { numaschema_block_free(block) }
          return broken
        }
      }
      return await group.reduce(0, +)
    }
    for mailbox in exchange {
      for (block, size, seed) in mailbox.take() {
        #expect(Self.holds(block, size, seed: seed))
        numaschema_block_free(block)
      }
    }
    #expect(broken == 0)
  }

  /// A thread that ends gives its blocks back: a later thread allocating as many blocks of the
  /// same class takes them, and every one of them is still writable and distinct.
  @Test func blocksOfAThreadThatEndedAreReused() throws {
    let size = 208
    let count = 2000
    // Runs `body` on a thread of its own, to its end.
    func run(_ body: @escaping @Sendable () -> Void) {
      let done = DispatchSemaphore(value: 0)
      Thread {
        body()
        done.signal()
      }.start()
      done.wait()
    }
    run {
      let blocks = (0..<count).compactMap { _ in numaschema_block_allocate(size) }
      for block in blocks { numaschema_block_free(block) }
    }
    // The thread has ended (its exit handler runs as it ends): allocate on another one.
    Thread.sleep(forTimeInterval: 0.05)
    let seen = Mailbox()
    run {
      let blocks = (0..<count).compactMap { _ in numaschema_block_allocate(size).map { ($0, size, 0) } }
      seen.post(blocks)
    }
    let blocks = seen.take()
    #expect(blocks.count == count)
    #expect(Set(blocks.map { UInt(bitPattern: $0.0) }).count == count)
    for (index, (block, _, _)) in blocks.enumerated() { Self.fill(block, size, seed: index) }
    for (index, (block, _, _)) in blocks.enumerated() {
      #expect(Self.holds(block, size, seed: index))
      numaschema_block_free(block)
    }
  }
}

/// Blocks handed from one thread to another.
private final class Mailbox: @unchecked Sendable {
  // Safe to share: every access takes `lock`.
  private let lock = NSLock()
  private var blocks: [(UnsafeMutableRawPointer, Int, Int)] = []

  func post(_ more: [(UnsafeMutableRawPointer, Int, Int)]) { lock.withLock { blocks += more } }

  func take() -> [(UnsafeMutableRawPointer, Int, Int)] {
    lock.withLock {
      defer { blocks = [] }
      return blocks
    }
  }
}
