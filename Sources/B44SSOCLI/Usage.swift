import B44SSO

enum Usage {
    /// Exit statuses: 0 success, 2 usage error, 10 + the b44_code of a failed call.
    static let usageExitStatus: Int32 = 2
    static func exitStatus(for kind: Base44Error.Kind) -> Int32 { 10 + kind.rawValue }

    static var text: String {
        let kinds = Base44Error.Kind.allCases.map { "  \(exitStatus(for: $0))  \($0.codeName)" }.joined(separator: "\n")
        let flags = ClientOptions.keys.map { "  --\($0.replacing("_", with: "-")) VALUE" }.joined(separator: "\n")
        return """
            usage: b44-sso [OPTIONS] COMMAND

            Fetches Base44 SSO tokens. The token (or user JSON) alone goes to stdout.

            commands:
              token USER_ID      the user's SSO access token
              id-token USER_ID   the user's OIDC ID token
              me                 the user who owns the user token, as JSON
              version            the library version

            configuration comes from the environment (\(ClientOptions.environmentVariables.joined(separator: ", ")))
            and is overridden by these options (prefer the environment for tokens: flags show in ps):
            \(flags)
              -h, --help         this text

            exit status: 0 success, \(usageExitStatus) usage error, and for a failed call:
            \(kinds)
            """
    }
}
