/// A failed call. A struct rather than a bare enum because every failure carries the same
/// details (HTTP status, Base44's code, the error body) whatever its kind.
public struct Base44Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong. Raw values are the C ABI's `b44_code`: only ever appended.
    public enum Kind: Int32, Sendable, CaseIterable {
        case invalidArgument = 1
        case config = 2
        case unauthorized = 3
        case forbidden = 4
        case notFound = 5
        case rateLimited = 6
        case server = 7
        case http = 8
        case network = 9
        case timeout = 10
        case tls = 11
        case `protocol` = 12
        case noMemory = 13
        case `internal` = 14

        /// The C name of the code, e.g. "B44_ERR_TIMEOUT" (static, so C can borrow it).
        public var codeName: StaticString {
            switch self {
            case .invalidArgument: "B44_ERR_INVALID_ARGUMENT"
            case .config: "B44_ERR_CONFIG"
            case .unauthorized: "B44_ERR_UNAUTHORIZED"
            case .forbidden: "B44_ERR_FORBIDDEN"
            case .notFound: "B44_ERR_NOT_FOUND"
            case .rateLimited: "B44_ERR_RATE_LIMITED"
            case .server: "B44_ERR_SERVER"
            case .http: "B44_ERR_HTTP"
            case .network: "B44_ERR_NETWORK"
            case .timeout: "B44_ERR_TIMEOUT"
            case .tls: "B44_ERR_TLS"
            case .protocol: "B44_ERR_PROTOCOL"
            case .noMemory: "B44_ERR_NOMEM"
            case .internal: "B44_ERR_INTERNAL"
            }
        }

        /// The kind for a non-2xx HTTP status.
        init(httpStatus status: Int) {
            switch status {
            case 401: self = .unauthorized
            case 403: self = .forbidden
            case 404: self = .notFound
            case 429: self = .rateLimited
            case 500...599: self = .server
            default: self = .http
            }
        }
    }

    public let kind: Kind
    /// A one-line message; never holds a secret.
    public let message: String
    /// The HTTP status of the answer that caused the failure; 0 when there was none.
    public let httpStatus: Int
    /// Base44's error code (`error.code`, `code` or `X-Base44-Connector-Error`), if any.
    public let apiCode: String?
    /// The error answer's body, capped and with secrets redacted; nil when empty.
    public let body: String?

    public init(
        _ kind: Kind, _ message: String, httpStatus: Int = 0, apiCode: String? = nil, body: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
        self.apiCode = apiCode
        self.body = body
    }

    public var description: String {
        httpStatus == 0 ? "\(kind.codeName): \(message)" : "\(kind.codeName) (HTTP \(httpStatus)): \(message)"
    }

    static func invalidArgument(_ message: String) -> Base44Error { Base44Error(.invalidArgument, message) }
    static func config(_ message: String) -> Base44Error { Base44Error(.config, message) }
}
