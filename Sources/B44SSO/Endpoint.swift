/// The Base44 API calls the library makes, and how each is addressed and authorised.
enum Endpoint: Sendable {
    case accessToken(userID: String)
    case idToken(userID: String)
    case currentUser

    /// "{server}/api/apps/{app}": the part of every URL that is the same for a client, built once.
    static func apiBase(server: String, appID: String) -> String {
        "\(server)/api/apps/\(PathSegment.encode(appID))"
    }

    /// The full URL, with the user id as one encoded segment.
    func url(apiBase: String) -> String {
        switch self {
        case .accessToken(let userID): apiBase + "/auth/sso/accesstoken/" + PathSegment.encode(userID)
        case .idToken(let userID): apiBase + "/auth/sso/idtoken/" + PathSegment.encode(userID)
        case .currentUser: apiBase + "/entities/User/me"
        }
    }

    /// The path under the server URL.
    func path(appID: String) -> String { url(apiBase: Self.apiBase(server: "", appID: appID)) }

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
