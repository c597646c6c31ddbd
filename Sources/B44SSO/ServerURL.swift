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
    /// a path (no user info, query or fragment) is refused. Works on bytes, not Characters: a
    /// combining mark after "/" must not hide the end of the host.
    public init(parsing text: String) throws(Base44Error) {
        func invalid(_ why: String) -> Base44Error { .invalidArgument("server_url \(why)") }
        try InputValidation.checkHeaderValue(text, name: "server_url")
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            throw invalid("must not hold a query or fragment")
        }
        if bytes.contains(where: { $0 == UInt8(ascii: " ") || $0 >= 0x80 }) {
            throw invalid("must be ASCII without spaces (use punycode for international names)")
        }
        guard let schemeEnd = bytes.firstRange(of: Array("://".utf8)) else { throw invalid("must start with https://") }
        let scheme = String(decoding: bytes[..<schemeEnd.lowerBound], as: UTF8.self).lowercased()
        guard scheme == "https" || scheme == "http" else { throw invalid("must use https") }
        let rest = bytes[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(decoding: rest[authorityEnd...], as: UTF8.self)
        while path.hasSuffix("/") { path.removeLast() }
        if authority.isEmpty { throw invalid("has no host") }
        if authority.contains(UInt8(ascii: "@")) { throw invalid("must not hold user information") }

        var host: ArraySlice<UInt8>
        var portText: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { throw invalid("has an unclosed [") }
            host = authority[(authority.startIndex + 1)..<close]
            guard !host.isEmpty, host.allSatisfy(Self.isIPv6Byte) else { throw invalid("has an invalid IPv6 address") }
            let after = authority[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { throw invalid("has text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
            host = authority[..<colon]
            portText = authority[(colon + 1)...]
        } else {
            host = authority
        }
        if host.isEmpty { throw invalid("has no host") }
        if authority.first != UInt8(ascii: "["), !host.allSatisfy(Self.isHostNameByte) { throw invalid("has an invalid host") }
        var port: Int?
        if let portText {
            guard let value = Int(String(decoding: portText, as: UTF8.self)), (1...65535).contains(value) else {
                throw invalid("has an invalid port")
            }
            port = value
        }
        self.init(scheme: scheme, host: String(decoding: host, as: UTF8.self).lowercased(), port: port, path: path)
    }

    private static func isHostNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: ":"), UInt8(ascii: "."):
            true
        default:
            false
        }
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

    /// "scheme://host[:port]": where every request of a client goes.
    public var origin: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let portPart = port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(hostPart)\(portPart)"
    }

    /// The URL up to (not including) "/api".
    public var description: String { origin + path }
}
