import Glibc

/// Idle libcurl handles of one client. A call takes one (or makes one when all are busy)
/// and gives it back afterwards, so each handle is used by one thread at a time and
/// sequential calls reuse the most recently used handle, and with it its open connection.
final class HandlePool: Sendable {
    private let settings: TransferSettings
    private let idle = Locked<[CurlEasy]>([])
    /// Idle handles kept beyond this are closed: enough for the threads a service runs.
    private let maxIdle = 64

    init(settings: TransferSettings) {
        self.settings = settings
    }

    /// A client freed in a child process after fork() must not clean up the handles it
    /// inherited: libcurl would shut down connections the parent still uses.
    deinit {
        let generation = ForkGuard.generation
        let handles = idle.withLock { handles in defer { handles.removeAll() }; return handles }
        for handle in handles where handle.forkGeneration != generation { Self.abandon(handle) }
    }

    func checkOut() throws(Base44Error) -> CurlEasy {
        let generation = ForkGuard.generation
        let reused: CurlEasy? = idle.withLock { handles in
            if let last = handles.last, last.forkGeneration != generation { Self.abandonInherited(&handles) }
            return handles.popLast()
        }
        if let reused { return reused }
        return try CurlEasy(settings: settings)
    }

    func checkIn(_ easy: CurlEasy) {
        guard easy.forkGeneration == ForkGuard.generation else { return Self.abandon(easy) }
        let surplus: CurlEasy? = idle.withLock { handles in
            if handles.count >= maxIdle { return easy }
            handles.append(easy)
            return nil
        }
        _ = surplus  // released outside the lock: closing connections takes time
    }

    /// After fork() the child's handles share sockets (and TLS state) with the parent's:
    /// the child drops its copies without touching the parent's connections.
    private static func abandonInherited(_ handles: inout [CurlEasy]) {
        for handle in handles { abandon(handle) }
        handles.removeAll()
    }

    private static func abandon(_ easy: CurlEasy) {
        easy.abandonInheritedConnection()
    }
}
