/// The Base44 API calls the library makes, and how each is addressed and authorised.
enum Endpoint: Sendable {
    case accessToken(userID: String)
    case idToken(userID: String)
    case currentUser

    /// "{server path}/api/apps/{app}": the part of every path that is the same for a client, built once.
    static func apiPath(serverPath: String, appID: String) -> String {
        "\(serverPath)/api/apps/\(PathSegment.encode(appID))"
    }

    /// The path of the call, with the user id as one encoded segment, as NUL-terminated bytes
    /// for libcurl, built in one buffer (every call does this).
    func pathBytes(apiPath: [UInt8]) -> [UInt8] {
        var path = apiPath
        switch self {
        case .accessToken(let userID):
            path.append(contentsOf: "/auth/sso/accesstoken/".utf8)
            PathSegment.encode(userID, into: &path)
        case .idToken(let userID):
            path.append(contentsOf: "/auth/sso/idtoken/".utf8)
            PathSegment.encode(userID, into: &path)
        case .currentUser:
            path.append(contentsOf: "/entities/User/me".utf8)
        }
        path.append(0)
        return path
    }

    /// The path of the call for a server URL without a path of its own.
    func path(appID: String) -> String {
        String(decoding: pathBytes(apiPath: Array(Self.apiPath(serverPath: "", appID: appID).utf8)).dropLast(), as: UTF8.self)
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
