import Glibc

/// Keeps fork() from splitting the library's own short critical sections.
///
/// A lock held by another thread at the moment of fork() stays locked forever in the child,
/// which has only the forking thread. Every short critical section of the library runs inside
/// `shared`; a pthread_atfork handler takes the guard exclusively around fork(), so no such
/// section is in progress when the process is copied. Calls that are inside libcurl at that
/// moment are unaffected: they hold no library lock while they wait on the network.
enum ForkGuard {
    // nonisolated(unsafe): the pointer never changes; the rwlock it points to is the synchronisation.
    private nonisolated(unsafe) static let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
        pthread_atfork(
            { pthread_rwlock_wrlock(ForkGuard.lock) },
            { pthread_rwlock_unlock(ForkGuard.lock) },
            // The child's thread has a new id, and glibc's rwlock would not recognise it as
            // the writer: start the child with a fresh lock instead of unlocking.
            { pthread_rwlock_init(ForkGuard.lock, nil) })
        return lock
    }()

    static func shared<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
