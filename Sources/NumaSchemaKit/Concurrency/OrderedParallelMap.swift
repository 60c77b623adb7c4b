import Dispatch
import FoundationEssentials

/// Runs `work` over `items` on up to `jobs` threads and hands each result to `deliver` in input
/// order, as soon as it and every earlier result are done. `deliver` runs on one thread at a time.
public func orderedParallelMap<Item: Sendable, Result: Sendable>(
  _ items: [Item], jobs: Int, work: @escaping @Sendable (Item) -> Result,
  deliver: @escaping @Sendable (Int, Result) -> Void
) {
  guard !items.isEmpty else { return }
  let workers = max(1, min(jobs, items.count))
  if workers == 1 {
    for (index, item) in items.enumerated() { deliver(index, work(item)) }
    return
  }
  let state = OrderedResults<Result>(count: items.count)
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while let index = state.claim() {
      let result = work(items[index])
      state.finish(index, result, deliver: deliver)
    }
  }
}

/// The shared state of one ordered map: which item is next to claim, finished results waiting
/// for earlier ones, and the next index to deliver.
private final class OrderedResults<Result: Sendable>: @unchecked Sendable {
  // Safe to share: every field is read and written under `lock`; delivery is serialised by
  // `deliveryLock` so that results leave in input order.
  private let lock = Lock()
  private let deliveryLock = Lock()
  private let count: Int
  private var nextClaim = 0
  private var nextDelivery = 0
  private var waiting: [Int: Result] = [:]

  init(count: Int) { self.count = count }

  func claim() -> Int? {
    lock.withLock {
      guard nextClaim < count else { return nil }
      defer { nextClaim += 1 }
      return nextClaim
    }
  }

  /// Keeps `result` for delivery and delivers every result that is ready, in order. Whoever
  /// holds the delivery lock delivers the others' results too: a thread that finds it held goes
  /// back to work instead of sleeping until it is free (a batch of guests on two cores slept
  /// there dozens of times). The holder looks once more after letting go, for a result kept
  /// while it held the lock, so none is left behind.
  func finish(_ index: Int, _ result: Result, deliver: (Int, Result) -> Void) {
    lock.withLock { waiting[index] = result }
    while deliveryLock.withLockIfAvailable({ deliverReady(deliver) }) != nil {
      guard lock.withLock({ waiting[nextDelivery] != nil }) else { return }
    }
  }

  /// Delivers the results that are ready, in order; called holding `deliveryLock`.
  private func deliverReady(_ deliver: (Int, Result) -> Void) {
    while true {
      let ready: (Int, Result)? = lock.withLock {
        guard let result = waiting.removeValue(forKey: nextDelivery) else { return nil }
        defer { nextDelivery += 1 }
        return (nextDelivery, result)
      }
      guard let (index, result) = ready else { return }
      deliver(index, result)
    }
  }
}
