#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A mutual-exclusion lock over `pthread_mutex_t`: the library avoids the full Foundation (its
/// ICU and CoreFoundation cost milliseconds at every start), so it brings its own.
public final class Lock: @unchecked Sendable {
  // Safe to share: the mutex serialises every access it guards.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  public init() {
    mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    // Adaptive: a thread that finds the lock held spins a little before it sleeps. Most locks
    // here guard a few instructions (a counter, a dictionary entry), and waking a sleeping
    // thread costs far more than that on a virtual machine; a waiter for a lock held longer
    // (a grammar compiled once) spins briefly, then sleeps as before.
    var attributes = pthread_mutexattr_t()
    pthread_mutexattr_init(&attributes)
    pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
    pthread_mutex_init(mutex, &attributes)
    pthread_mutexattr_destroy(&attributes)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` holding the lock.
  public func withLock<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Runs `body` holding the lock if no other thread holds it; `nil` without running it if one
  /// does (nothing waits).
  public func withLockIfAvailable<T>(_ body: () throws -> T) rethrows -> T? {
    guard pthread_mutex_trylock(mutex) == 0 else { return nil }
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}

/// A value made on first use, once, by whichever thread asks first; the others wait for it.
final class Once<Value>: @unchecked Sendable {
  // Safe to share: `made` is read and written only under `lock`.
  private let lock = Lock()
  private var made: Value?

  /// The value, made by `make` on the first call.
  func value(_ make: () -> Value) -> Value {
    lock.withLock {
      if let made { return made }
      let value = make()
      made = value
      return value
    }
  }
}
