import Glibc

/// Runs work on a new detached thread (for refreshes and async calls; the library keeps no
/// thread of its own alive when there is nothing to do).
enum BackgroundThread {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// False when no thread could be started (the caller then runs `body` itself or reports it).
    @discardableResult
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { pointer in
            guard let pointer else { return nil }
            LibraryThread.markCurrent()
            Unmanaged<Work>.fromOpaque(pointer).takeRetainedValue().body()
            return nil
        }, work)
        if started != 0 { Unmanaged<Work>.fromOpaque(work).release() }
        return started == 0
    }
}
