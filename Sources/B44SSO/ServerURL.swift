/// The Base44 server's base URL: `scheme://host[:port][/path]`.
public struct ServerURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    /// The host as written, IPv6 literals without their brackets.
    public let host: String
    public let port: Int?
    /// The path prefix without a trailing slash ("" for none).
    public let path: String

    public static let base44 = ServerURL(scheme: "https", host: "base44.app", port: nil, path: "")

    /// Parses a server URL; anything but `http` or `https` with a host and at most a port and
    /// a path (no user info, query or fragment) is refused.
    public init(parsing text: String) throws(Base44Error) {
        func invalid(_ why: String) -> Base44Error { .invalidArgument("server_url \(why)") }
        try InputValidation.checkHeaderValue(text, name: "server_url")
        guard let schemeEnd = text.firstRange(of: "://") else { throw invalid("must start with https://") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid("must use https") }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        if authority.isEmpty { throw invalid("has no host") }
        if authority.contains("@") { throw invalid("must not hold user information") }
        if path.contains("?") || path.contains("#") || text.contains("?") || text.contains("#") {
            throw invalid("must not hold a query or fragment")
        }
        if path.contains(" ") { throw invalid("must not contain spaces") }

        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("has an unclosed [") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("has text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if host.isEmpty { throw invalid("has no host") }
        if host.contains(where: { $0 == " " || $0 == "%" }) { throw invalid("has an invalid host") }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw invalid("has an invalid port") }
            port = value
        }
        self.init(scheme: scheme, host: host.lowercased(), port: port, path: path)
    }

    init(scheme: String, host: String, port: Int?, path: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
    }

    /// True for localhost, 127.0.0.0/8 and ::1: the only hosts plain http may reach.
    public var isLoopback: Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { part in UInt8(part).map { _ in !part.isEmpty } ?? false }
    }

    /// Refuses a URL the library must not send credentials to: plain http off loopback.
    func checkSafeForCredentials() throws(Base44Error) {
        if scheme != "https" && !isLoopback {
            throw .config("server_url uses http to a host that is not loopback; use https")
        }
    }

    /// The URL up to (not including) "/api".
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let portPart = port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(hostPart)\(portPart)\(path)"
    }
}
