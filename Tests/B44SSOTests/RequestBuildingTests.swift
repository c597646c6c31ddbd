import Testing
@testable import B44SSO

@Suite struct PathSegmentTests {
    @Test(arguments: [
        ("user-1_a.b~c", "user-1_a.b~c"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("...", "..."),
        ("100%", "100%25"),
        ("a b+c&d=e", "a%20b%2Bc%26d%3De"),
        ("é中", "%C3%A9%E4%B8%AD"),
        ("%2F", "%252F"),
    ])
    func encodesOneSegment(_ input: String, _ expected: String) {
        #expect(PathSegment.encode(input) == expected)
    }

    @Test func pathsOfEveryEndpoint() {
        #expect(Endpoint.accessToken(userID: "u/1").path(appID: "app") == "/api/apps/app/auth/sso/accesstoken/u%2F1")
        #expect(Endpoint.idToken(userID: "u1").path(appID: "app") == "/api/apps/app/auth/sso/idtoken/u1")
        #expect(Endpoint.currentUser.path(appID: "a/b") == "/api/apps/a%2Fb/entities/User/me")
    }
}

@Suite struct ServerURLTests {
    @Test func parsesItsParts() throws {
        let url = try ServerURL(parsing: "https://Api.Example.com:8443/base/")
        #expect(url.scheme == "https" && url.host == "api.example.com" && url.port == 8443 && url.path == "/base")
        #expect(url.description == "https://api.example.com:8443/base")
        let v6 = try ServerURL(parsing: "http://[::1]:9000")
        #expect(v6.host == "::1" && v6.port == 9000 && v6.description == "http://[::1]:9000")
        #expect(ServerURL.base44.description == "https://base44.app")
    }

    @Test(arguments: [
        "base44.app", "ftp://x", "https://", "https://user:pw@host", "https://h/?q", "https://h/#f", "https://h:0",
        "https://h:99999", "https://h:x", "https://[::1", "https://h\r\n", "https://h/a b", "https://[::1]x",
    ])
    func refusesMalformedURLs(_ text: String) {
        #expect(throws: Base44Error.self) { try ServerURL(parsing: text) }
    }

    @Test(arguments: [
        ("http://127.0.0.1", true), ("http://127.1.2.3:80", true), ("http://localhost:1", true), ("http://[::1]", true),
        ("http://128.0.0.1", false), ("http://127.0.0.1.example.com", false), ("http://example.com", false),
        ("http://127.0.0", false), ("http://0.0.0.0", false),
    ])
    func knowsLoopbackHosts(_ text: String, _ loopback: Bool) throws {
        #expect(try ServerURL(parsing: text).isLoopback == loopback)
    }
}

@Suite struct InputValidationTests {
    @Test func acceptsOrdinaryIDs() throws {
        try InputValidation.checkUserID("6543a1b2c3")
        try InputValidation.checkUserID(String(repeating: "a", count: 1024))
        try InputValidation.checkUserID("é中/..?#%")
    }

    @Test(arguments: ["", String(repeating: "a", count: 1025), "a\nb", "\r", "a\u{0}b", "\u{7F}", String(repeating: "é", count: 513)])
    func refusesBadIDs(_ id: String) {
        do {
            try InputValidation.checkUserID(id)
            Issue.record("accepted a bad user id")
        } catch {
            #expect(error.kind == .invalidArgument)
        }
    }

    @Test func foreignBytesMustBeUTF8() {
        for bytes: [UInt8] in [[0x61, 0xFF], [0xC3], [0xED, 0xA0, 0x80]] {
            let decoded = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(Base44Error) in try ForeignText.decode(buffer, name: "user id") }
            }
            if case .failure(let error) = decoded {
                #expect(error.kind == .invalidArgument && error.message == "user id is not valid UTF-8")
            } else {
                Issue.record("accepted invalid UTF-8")
            }
        }
    }
}
