/// The Base44 API calls the library makes, and how each is addressed and authorised.
enum Endpoint: Sendable {
    case accessToken(userID: String)
    case idToken(userID: String)
    case currentUser

    /// "{server}/api/apps/{app}": the part of every URL that is the same for a client, built once.
    static func apiBase(server: String, appID: String) -> String {
        "\(server)/api/apps/\(PathSegment.encode(appID))"
    }

    /// The full URL, with the user id as one encoded segment, as NUL-terminated bytes for libcurl, built in one buffer (every call does this).
    func urlBytes(apiBase: [UInt8]) -> [UInt8] {
        var url = apiBase
        switch self {
        case .accessToken(let userID):
            url.append(contentsOf: "/auth/sso/accesstoken/".utf8)
            PathSegment.encode(userID, into: &url)
        case .idToken(let userID):
            url.append(contentsOf: "/auth/sso/idtoken/".utf8)
            PathSegment.encode(userID, into: &url)
        case .currentUser:
            url.append(contentsOf: "/entities/User/me".utf8)
        }
        url.append(0)
        return url
    }

    /// The path under the server URL.
    func path(appID: String) -> String {
        String(decoding: urlBytes(apiBase: Array(Self.apiBase(server: "", appID: appID).utf8)).dropLast(), as: UTF8.self)
    }

    /// SSO calls act as the service; `me` acts as the end user.
    var usesServiceCredentials: Bool {
        if case .currentUser = self { return false }
        return true
    }

    /// What the answer is called in messages.
    var answerName: String {
        switch self {
        case .accessToken: "access token"
        case .idToken: "ID token"
        case .currentUser: "user"
        }
    }
}
