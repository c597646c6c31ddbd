import Synchronization

/// How much the library reports to the log handler.
public enum LogLevel: Int32, Sendable, Comparable {
    case error = 1
    case warning = 2
    case info = 3
    case debug = 4

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The process-wide log hook: requests, retries and errors, for operators to see what the
/// library does. Off by default. Messages never hold a secret: they are built from paths,
/// statuses and redacted error messages, never from headers.
public enum Log {
    public typealias Handler = @Sendable (LogLevel, String) -> Void

    /// The most verbose level reported; 0 when off. Read on every call without the lock.
    private static let threshold = Atomic<Int32>(0)
    private static let handler = Locked<Handler?>(nil)

    /// Installs `handler` for messages at `level` and above; nil turns logging off.
    /// The handler runs on the thread that makes the call being logged.
    public static func setHandler(_ newHandler: Handler?, level: LogLevel) {
        handler.withLock { $0 = newHandler }
        threshold.store(newHandler == nil ? 0 : level.rawValue, ordering: .releasing)
    }

    /// True when a message at `level` would be reported: check before building one.
    static func enabled(_ level: LogLevel) -> Bool {
        level.rawValue <= threshold.load(ordering: .acquiring)
    }

    static func emit(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard enabled(level), let current = handler.withLock({ $0 }) else { return }
        current(level, message())
    }
}
