/// The Base44 API calls the library makes, and how each is addressed and authorised.
enum Endpoint: Sendable {
    case accessToken(userID: String)
    case idToken(userID: String)
    case currentUser

    /// The path under the server URL, with the app id and user id each one encoded segment.
    func path(appID: String) -> String {
        let app = "/api/apps/\(PathSegment.encode(appID))"
        switch self {
        case .accessToken(let userID): return "\(app)/auth/sso/accesstoken/\(PathSegment.encode(userID))"
        case .idToken(let userID): return "\(app)/auth/sso/idtoken/\(PathSegment.encode(userID))"
        case .currentUser: return "\(app)/entities/User/me"
        }
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
