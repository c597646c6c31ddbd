import Glibc

/// A value behind a pthread mutex, held only for short sections and never across fork().
///
/// The library uses this rather than `Synchronization.Mutex`, whose futex-based lock
/// ThreadSanitizer cannot see: with pthread it checks the library's locking for real. Every
/// section runs inside `ForkGuard.shared`, so a child process never inherits it locked.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched with `mutex` held.
    private var value: Value
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try ForkGuard.shared {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value)
        }
    }
}
