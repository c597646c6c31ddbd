/// Everything a client is configured with. Set fields directly from Swift, or by key and text
/// value (`set(_:to:)`) as the C ABI, the CLI and the environment do.
public struct ClientOptions: Sendable {
    public var appID: String?
    public var serviceToken: Secret?
    /// The end user's token: sent as `on-behalf-of` on SSO calls and used by `currentUser`.
    public var userToken: Secret?
    public var serverURL: ServerURL = .base44
    /// Forwarded as `Base44-State`.
    public var state: String?
    /// Forwarded as `X-Data-Env`.
    public var dataEnvironment: DataEnvironment?
    /// The deadline of a whole call, retries included.
    public var timeoutMilliseconds: Int = 15_000
    public var connectTimeoutMilliseconds: Int = 5_000
    public var maxRetries: Int = 2
    /// A PEM bundle trusted in addition to the system's CAs.
    public var caFile: String?
    public var proxy: String?
    /// Added after "b44sso/VERSION" in the User-Agent, so servers see both.
    public var userAgent: String?
    public var cache: CacheMode = .auto
    /// Caches opaque tokens (no JWT `exp`) for this many seconds: the caller's risk, since
    /// the library cannot know when the server stops honouring them.
    public var cacheTTLSeconds: Int?
    /// A cached token is no longer served this many seconds before its expiry.
    public var cacheSkewSeconds: Int = 60
    /// Before that, hits in this window (jittered per entry) start one background refresh.
    public var cacheRefreshWindowSeconds: Int = 300
    public var cacheMaxEntries: Int = 10_000
    /// The most connections a batch call uses at once.
    public var maxConnections: Int = 8

    public enum DataEnvironment: String, Sendable, CaseIterable { case dev, prod }
    public enum CacheMode: String, Sendable, CaseIterable { case auto, off }

    public init() {}

    /// Every key `set(_:to:)` knows, in the order they are documented.
    public static let keys = [
        "app_id", "service_token", "user_token", "server_url", "state", "data_env", "timeout_ms",
        "connect_timeout_ms", "max_retries", "ca_file", "proxy", "user_agent", "cache", "cache_ttl_s",
        "cache_skew_s", "cache_refresh_s", "cache_max_entries", "max_connections",
    ]

    /// Sets one option from its text form. An unknown key or a bad value throws
    /// `.invalidArgument` with a message naming the key (never the value: it may be a secret).
    public mutating func set(_ key: String, to value: String) throws(Base44Error) {
        try InputValidation.checkHeaderValue(value, name: "option '\(Self.printable(key))'")
        switch key {
        case "app_id": appID = try nonEmpty(value, key)
        case "service_token": serviceToken = Secret(try nonEmpty(value, key))
        case "user_token": userToken = Secret(try nonEmpty(value, key))
        case "server_url": serverURL = try ServerURL(parsing: value)
        case "state": state = value
        case "data_env": dataEnvironment = try choice(value, key)
        case "timeout_ms": timeoutMilliseconds = try integer(value, key, in: 1...600_000)
        case "connect_timeout_ms": connectTimeoutMilliseconds = try integer(value, key, in: 1...600_000)
        case "max_retries": maxRetries = try integer(value, key, in: 0...10)
        case "ca_file": caFile = try nonEmpty(value, key)
        case "proxy": proxy = value.isEmpty ? nil : value
        case "user_agent": userAgent = try nonEmpty(value, key)
        case "cache": cache = try choice(value, key)
        case "cache_ttl_s": cacheTTLSeconds = try integer(value, key, in: 0...86_400).nonZero
        case "cache_skew_s": cacheSkewSeconds = try integer(value, key, in: 0...3_600)
        case "cache_refresh_s": cacheRefreshWindowSeconds = try integer(value, key, in: 0...86_400)
        case "cache_max_entries": cacheMaxEntries = try integer(value, key, in: 1...10_000_000)
        case "max_connections": maxConnections = try integer(value, key, in: 1...64)
        default: throw .invalidArgument("unknown option key '\(Self.printable(key))'")
        }
    }

    /// Refuses options no client can work with. Called when a client is created.
    func validate() throws(Base44Error) {
        guard let appID, !appID.isEmpty else { throw .config("app_id is not set") }
        if serviceToken == nil && userToken == nil {
            throw .config("neither service_token nor user_token is set")
        }
        try serverURL.checkSafeForCredentials()
        for (name, value) in [("app_id", appID), ("state", state), ("user_agent", userAgent)] {
            if let value { try InputValidation.checkHeaderValue(value, name: name) }
        }
        if let serviceToken { try Self.checkToken(serviceToken, name: "service_token") }
        if let userToken { try Self.checkToken(userToken, name: "user_token") }
    }

    private static func checkToken(_ token: Secret, name: String) throws(Base44Error) {
        let bad = token.withBytes { bytes in bytes.isEmpty || bytes.contains(where: InputValidation.isControl) }
        if bad { throw .invalidArgument("\(name) is empty or contains a control character") }
    }

    private func nonEmpty(_ value: String, _ key: String) throws(Base44Error) -> String {
        if value.isEmpty { throw .invalidArgument("option '\(key)' must not be empty") }
        return value
    }

    private func integer(_ value: String, _ key: String, in range: ClosedRange<Int>) throws(Base44Error) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw .invalidArgument(
                "option '\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private func choice<T: RawRepresentable<String> & CaseIterable>(
        _ value: String, _ key: String
    ) throws(Base44Error) -> T {
        guard let parsed = T(rawValue: value) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: " or ")
            throw .invalidArgument("option '\(key)' must be \(allowed)")
        }
        return parsed
    }

    /// A key as it may appear in a message: short, without control characters.
    static func printable(_ key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.prefix(64).filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }
}

extension Int {
    fileprivate var nonZero: Int? { self == 0 ? nil : self }
}
