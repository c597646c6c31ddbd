import Testing
@testable import B44SSO

@Suite struct RetryTests {
    let server = StandIn.shared

    @Test func retryAfterIsHonoured() throws {
        let client = try server.client()
        let id = scenario("status=429&retry_after=1&times=1")
        var token = ""
        let seconds = try elapsed { token = try client.accessToken(forUserID: id) }
        #expect(token == "at-\(id)")
        #expect(seconds >= 0.95)
    }
}
