import Glibc

/// When and how long to wait before trying a request again.
struct RetryPolicy: Sendable {
    let maxRetries: Int
    static let baseDelayMilliseconds = 100
    static let maxDelayMilliseconds = 5_000

    /// HTTP statuses worth another try: rate limits and gateway trouble.
    static func isRetryable(status: Int) -> Bool { [429, 502, 503, 504].contains(status) }

    /// Exponential backoff with full jitter: a random wait in [0, base * 2^retry], capped,
    /// so a fleet of clients failing together does not retry together.
    func backoff(retry: Int) -> Duration {
        let exponent = min(retry, 16)
        let ceiling = min(Self.baseDelayMilliseconds << exponent, Self.maxDelayMilliseconds)
        return .milliseconds(Int.random(in: 0...ceiling))
    }

    /// The wait a `Retry-After` value asks for: delay-seconds or an HTTP date.
    /// nil when absent or unparsable (the backoff applies then).
    static func retryAfter(_ value: String?, nowSinceEpoch: Int = Int(time(nil))) -> Duration? {
        guard let value = value?.trimmingSpaces, !value.isEmpty else { return nil }
        if value.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let seconds = Int(value) else { return .seconds(Int(Int32.max)) }  // absurdly long
            return .seconds(seconds)
        }
        guard let date = HTTPDate.secondsSinceEpoch(value) else { return nil }
        return .seconds(max(0, date - nowSinceEpoch))
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF. Works on scalars: "\r\n" is a
    /// single Character, which a Character comparison with "\r" would miss.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
