import Glibc
import Synchronization

/// Keeps fork() from splitting the library's own short critical sections, and tells the
/// library's parts when they find themselves in a child.
///
/// A lock held by another thread at the moment of fork() stays locked forever in the child,
/// which has only the forking thread. Every `Locked` section runs inside `shared`; a
/// pthread_atfork handler takes the guard exclusively around fork(), so no such section is in
/// progress when the process is copied. Calls waiting inside libcurl hold no library lock.
enum ForkGuard {
    // nonisolated(unsafe): the pointer never changes; the rwlock it points to is the synchronisation.
    private nonisolated(unsafe) static let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
        pthread_atfork(
            { pthread_rwlock_wrlock(ForkGuard.lock) },
            { pthread_rwlock_unlock(ForkGuard.lock) },
            {
                // The child's thread has a new id, and glibc's rwlock would not recognise it
                // as the writer: start the child with a fresh lock instead of unlocking.
                pthread_rwlock_init(ForkGuard.lock, nil)
                ForkGuard.generationCounter.wrappingAdd(1, ordering: .relaxed)
            })
        return lock
    }()

    private static let generationCounter = Atomic<Int>(0)

    /// Changes in a child after every fork(): state tagged with an older generation belongs
    /// to the parent (its threads, connections and fetches in progress do not exist here).
    static var generation: Int {
        _ = lock  // registers the fork handlers before anyone records a generation
        return generationCounter.load(ordering: .relaxed)
    }

    @inline(__always)
    static func shared<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
