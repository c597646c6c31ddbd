import Glibc

/// The moment a whole call, retries included, must be over.
struct Deadline {
    private static let clock = ContinuousClock()
    private let end: ContinuousClock.Instant

    init(fromNow milliseconds: Int) {
        end = Self.clock.now.advanced(by: .milliseconds(milliseconds))
    }

    /// Whole milliseconds left, 0 once passed.
    var remainingMilliseconds: Int {
        let left = Self.clock.now.duration(to: end)
        return left <= .zero ? 0 : left.wholeMilliseconds
    }

    /// True when waiting `delay` would reach or pass the deadline.
    func isReached(after delay: Duration) -> Bool { Self.clock.now.advanced(by: delay) >= end }

    /// Blocks the calling thread for `delay` (calls are synchronous by design).
    static func sleep(_ delay: Duration) {
        var request = timespec(tv_sec: Int(delay.components.seconds), tv_nsec: Int(delay.components.attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? Int.max : Int(millis.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue)
    }
}
