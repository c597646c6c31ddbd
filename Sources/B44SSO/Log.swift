import Synchronization

/// How much the library reports to the log handler.
public enum LogLevel: Int32, Sendable, Comparable {
    case error = 1
    case warning = 2
    case info = 3
    case debug = 4

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which threads log lines are delivered on.
public enum LogThreads: Int32, Sendable {
    /// Every thread that does logged work, the library's own included (the default).
    case all = 0
    /// Only the threads of the library's callers: lines of work done on the library's own
    /// threads (batch workers, async calls, background refreshes) are dropped. For runtimes
    /// that cannot take a call on a thread they did not start.
    case callers = 1
}

/// The process-wide log hook: requests, retries and errors, for operators to see what the
/// library does. Off by default. Messages never hold a secret: they are built from paths,
/// statuses and redacted error messages, never from headers.
public enum Log {
    public typealias Handler = @Sendable (LogLevel, String) -> Void

    /// The most verbose level reported; 0 when off. Read on every call without the lock.
    private static let threshold = Atomic<Int32>(0)
    private static let handler = Locked<Handler?>(nil)
    private static let callersOnly = Atomic<Bool>(false)

    /// Installs `handler` for messages at `level` and above; nil turns logging off.
    /// The handler runs on the thread that does the work being logged (see `deliver(on:)`).
    public static func setHandler(_ newHandler: Handler?, level: LogLevel) {
        handler.withLock { $0 = newHandler }
        threshold.store(newHandler == nil ? 0 : level.rawValue, ordering: .releasing)
    }

    /// Chooses the threads lines are delivered on; `.all` until changed.
    public static func deliver(on threads: LogThreads) {
        callersOnly.store(threads == .callers, ordering: .releasing)
    }

    /// True when a message at `level` would be reported: check before building one.
    static func enabled(_ level: LogLevel) -> Bool {
        guard level.rawValue <= threshold.load(ordering: .acquiring) else { return false }
        return !(callersOnly.load(ordering: .acquiring) && LibraryThread.isCurrent)
    }

    static func emit(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard enabled(level), let current = handler.withLock({ $0 }) else { return }
        current(level, message())
    }
}
