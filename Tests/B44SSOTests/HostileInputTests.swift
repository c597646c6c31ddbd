import Testing
@testable import B44SSO

/// Table tests: what callers may hand the library, hostile or odd, and what it does with it.
@Suite struct HostileInputTests {
    static let huge = String(repeating: "x", count: 100_000)

    /// (user id, accepted)
    static let userIDs: [(String, Bool)] = [
        ("", false), (String(repeating: "u", count: 1024), true), (String(repeating: "u", count: 1025), false),
        ("a\u{0}b", false), ("a\rb", false), ("a\nb", false), ("\u{7F}", false), ("..", true), ("../../etc", true),
        ("%", true), ("%00", true), ("%2e%2e", true), ("é中🙂", true), ("a b", true), ("?#&=;", true),
    ]

    @Test(arguments: userIDs)
    func userIDsAreSentOrRefused(_ id: String, _ accepted: Bool) throws {
        let client = try StandIn.shared.client()
        do {
            #expect(try client.accessToken(forUserID: id) == "at-\(id)")
            #expect(accepted, "accepted a user id that should be refused")
        } catch {
            #expect(!accepted && error.kind == .invalidArgument, "\(error)")
        }
    }

    /// (header value, accepted) for every header the platform passes in.
    static let headerValues: [(String, Bool)] = [
        ("plain", true), ("", true), ("a\r\nX-Injected: 1", false), ("a\nb", false), ("a\u{0}b", false),
        ("tab\there", false), ("é中", true), ("..", true), ("%0d%0a", true), (huge, true),
    ]

    @Test(arguments: headerValues)
    func stateHeaderValues(_ value: String, _ accepted: Bool) throws {
        do {
            let options = try ClientOptions.fromRequestHeaders([
                (name: "Base44-App-Id", value: "app"), (name: "Authorization", value: "Bearer ut-u1"),
                (name: "Base44-State", value: value),
            ])
            #expect(accepted)
            #expect(options.state == (value.isEmpty ? nil : value))
        } catch {
            #expect(!accepted && error.kind == .invalidArgument && error.message.contains("state"), "\(error)")
        }
    }

    @Test(arguments: headerValues)
    func bearerTokens(_ token: String, _ accepted: Bool) {
        let acceptable = accepted && !token.isEmpty && !token.contains(" ")
        do {
            let options = try ClientOptions.fromRequestHeaders([
                (name: "Base44-App-Id", value: "app"), (name: "Base44-Service-Authorization", value: "Bearer \(token)"),
            ])
            #expect(acceptable && options.serviceToken == Secret(token))
        } catch {
            #expect(!acceptable && error.kind == .invalidArgument)
            #expect(token.count < 8 || !error.message.contains(token))
        }
    }

    @Test func forwardedStateReachesTheServerIntact() throws {
        let state = "signed.é中.%0d%0a." + String(repeating: "s", count: 2000)
        let client = try StandIn.shared.client(["state": state])
        _ = try client.accessToken(forUserID: "state-check")
        let request = try #require(try StandIn.shared.lastRequest(pathSuffix: "/accesstoken/state-check"))
        // The stand-in (Python's http.server) reads header bytes as Latin-1: undo that to compare bytes.
        let received = try #require(request.headers["base44-state"])
        let bytes = received.unicodeScalars.compactMap { $0.value < 256 ? UInt8($0.value) : nil }
        #expect(bytes == Array(state.utf8))
    }
}

/// Found by fuzzing: Swift compares Characters (grapheme clusters), so a combining mark or a
/// joiner next to "/" or a secret merged with it and hid it from Character-level checks.
@Suite struct GraphemeClusterRegressionTests {
    @Test(arguments: [
        "http://192.0.2.2/\u{301}.localhost", "http://192.0.2.2?\u{301}.localhost", "http:// \u{301}",
        "http://[[]", "http://ex\u{301}ample.com", "https://h\u{200D}/x",
    ])
    func serverURLsHidingTheirHostAreRefused(_ text: String) {
        #expect(throws: Base44Error.self) { try ServerURL(parsing: text) }
    }

    @Test(arguments: ["\u{301}", "\u{200D}", "\u{600}"])
    func secretsNextToCombiningCharactersAreRedacted(_ neighbour: String) {
        let secret = "svc-secret-123456"
        let redactor = Redactor(secrets: [Secret(secret)])
        for text in ["\(secret)\(neighbour)", "\(neighbour)\(secret)", "token \(secret)\(neighbour) end"] {
            #expect(!redactor.redact(text).utf8.elementsEqual(text.utf8))
            #expect(redactor.redact(text).utf8.firstRange(of: Array(secret.utf8)) == nil)
        }
    }

    @Test func bearerSplitsOnSpaceBytes() {
        #expect(throws: Base44Error.self) {
            try ClientOptions.fromRequestHeaders([
                (name: "Base44-App-Id", value: "a"), (name: "Authorization", value: "Bearer a \u{301}b"),
            ])
        }
    }
}
