import Foundation
import Testing
@testable import B44SSO

/// The client against the stand-in Base44 API on loopback.
@Suite struct ClientTests {
    let server = StandIn.shared

    /// The error a call throws, or a recorded issue when it succeeds.
    func failure(_ call: () throws(Base44Error) -> String) -> Base44Error? {
        do {
            let value = try call()
            Issue.record("expected an error, got '\(value)'")
            return nil
        } catch {
            return error
        }
    }

    @Test func accessTokenInBothShapes() throws {
        let client = try server.client()
        #expect(try client.accessToken(forUserID: "user-1") == "at-user-1")
        let bare = scenario("shape=bare")
        #expect(try client.accessToken(forUserID: bare) == "at-\(bare)")
        let unicode = scenario("shape=unicode")
        #expect(try client.accessToken(forUserID: unicode) == "at-é中")
    }

    @Test func idTokenAndCurrentUser() throws {
        let client = try server.client(userToken: "ut-u42")
        #expect(try client.idToken(forUserID: "u42") == "idt-u42")
        let user = try JSONSerialization.jsonObject(with: Data(try client.currentUserJSON().utf8)) as? [String: Any]
        #expect(user?["id"] as? String == "u42" && user?["department"] as? String == "engineering")
    }

    @Test func requestCarriesExactlyTheDocumentedHeaders() throws {
        let client = try server.client(userToken: "ut-u9", ["state": "signed-state", "data_env": "dev"])
        _ = try client.accessToken(forUserID: "u9")
        let request = try #require(try server.lastRequest(pathSuffix: "/accesstoken/u9"))
        #expect(request.method == "GET")
        #expect(request.path == "/api/apps/app-test/auth/sso/accesstoken/u9")
        #expect(request.headers["accept"] == "application/json")
        #expect(request.headers["x-app-id"] == "app-test")
        #expect(request.headers["authorization"] == "Bearer \(StandIn.serviceToken)")
        #expect(request.headers["on-behalf-of"] == "Bearer ut-u9")
        #expect(request.headers["base44-state"] == "signed-state")
        #expect(request.headers["x-data-env"] == "dev")
        #expect(request.headers["user-agent"] == "b44sso/0.1.0")

        _ = try client.currentUserJSON()
        let me = try #require(try server.lastRequest(pathSuffix: "/entities/User/me"))
        #expect(me.headers["authorization"] == "Bearer ut-u9")
        #expect(me.headers["on-behalf-of"] == nil)
    }

    @Test func withoutAUserTokenNoOnBehalfOfHeader() throws {
        let client = try server.client(["user_agent": "my-service/2.0"])
        _ = try client.accessToken(forUserID: "solo")
        let request = try #require(try server.lastRequest(pathSuffix: "/accesstoken/solo"))
        #expect(request.headers["on-behalf-of"] == nil)
        #expect(request.headers["user-agent"] == "b44sso/0.1.0 my-service/2.0")
    }

    @Test func aServerURLPathPrefixesEveryRequestPath() throws {
        var options = server.options()
        options.serverURL = try ServerURL(parsing: "\(server.url)/gateway/v1/")
        let client = try Base44Client(options: options)
        // The stand-in serves only /api/...: a 404 here proves where the request went.
        #expect(failure { () throws(Base44Error) in try client.accessToken(forUserID: "prefixed") }?.kind == .notFound)
        #expect(try server.lastRequest(pathSuffix: "/accesstoken/prefixed")?.path
            == "/gateway/v1/api/apps/app-test/auth/sso/accesstoken/prefixed")
        // A client without the prefix, sharing the process, still sends plain paths.
        #expect(try server.client().accessToken(forUserID: "plain") == "at-plain")
        #expect(try server.lastRequest(pathSuffix: "/accesstoken/plain")?.path == "/api/apps/app-test/auth/sso/accesstoken/plain")
    }

    @Test(arguments: ["a/b?c#d", "..", ".", "100%", "é 中", "%2F..%2F"])
    func userIDIsOnePathSegment(_ id: String) throws {
        let client = try server.client()
        #expect(try client.accessToken(forUserID: id) == "at-\(id)")
        let encoded = PathSegment.encode(id)
        #expect(try server.lastRequest(pathSuffix: "/accesstoken/\(encoded)") != nil)
    }

    @Test func badUserIDsAreRefusedBeforeSending() throws {
        let server = try StandIn.dedicated()
        let client = try server.client()
        for id in ["", String(repeating: "x", count: 1025), "a\nb", "a\u{0}b", "tab\there"] {
            #expect(failure { () throws(Base44Error) in try client.accessToken(forUserID: id) }?.kind == .invalidArgument)
        }
        #expect(try server.stats().requests == 0)
    }

    @Test func callsNeedTheirCredential() throws {
        let serviceOnly = try server.client()
        #expect(failure { () throws(Base44Error) in try serviceOnly.currentUserJSON() } == .config("user_token is not set"))
        var options = server.options(userToken: "ut-u1")
        options.serviceToken = nil
        let userOnly = try Base44Client(options: options)
        #expect(failure { () throws(Base44Error) in try userOnly.accessToken(forUserID: "u1") } == .config("service_token is not set"))
        #expect(try userOnly.currentUserJSON().contains("\"u1\""))
    }

    @Test(arguments: [
        (401, Base44Error.Kind.unauthorized), (403, .forbidden), (404, .notFound), (429, .rateLimited),
        (500, .server), (502, .server), (503, .server), (400, .http), (409, .http), (418, .http),
    ])
    func statusesMapToKinds(_ status: Int, _ kind: Base44Error.Kind) throws {
        let client = try server.client(["max_retries": "0"])
        let error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("status=\(status)")) }
        #expect(error?.kind == kind)
        #expect(error?.httpStatus == status)
        #expect(error?.message.contains("scenario detail") == true)
    }

    @Test(arguments: [
        ("detail", "scenario detail", nil as String?), ("detail_code", "scenario detail", "SCENARIO_CODE"),
        ("message", "scenario message", "MSG_CODE"), ("error", "nested message", "NESTED_CODE"),
        ("connector", "connector failed", "CONNECTOR_X"), ("empty", nil, nil), ("text", nil, nil),
    ])
    func errorBodiesOfEveryShape(_ body: String, _ message: String?, _ code: String?) throws {
        let client = try server.client()
        let error = try #require(failure { () throws(Base44Error) in
            try client.accessToken(forUserID: scenario("status=404&body=\(body)"))
        })
        #expect(error.kind == .notFound && error.apiCode == code)
        if let message { #expect(error.message == "HTTP 404 from the Base44 API: \(message)") }
        else { #expect(error.message == "HTTP 404 from the Base44 API") }
        #expect((error.body == nil) == (body == "empty"))
    }

    @Test func echoedSecretsAreRedacted() throws {
        let client = try server.client(userToken: "ut-secret-user-token")
        let error = try #require(failure { () throws(Base44Error) in
            try client.accessToken(forUserID: scenario("status=401&body=echo"))
        })
        for text in [error.message, error.body ?? "", error.description] {
            #expect(!text.contains(StandIn.serviceToken) && !text.contains("ut-secret-user-token"))
        }
        #expect(error.body?.contains("[REDACTED]") == true)
    }

    @Test(arguments: ["empty_object", "null", "number", "empty_token", "invalid_json", "html", "wrong_type"])
    func malformedSuccessIsProtocol(_ shape: String) throws {
        let client = try server.client()
        let error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("shape=\(shape)")) }
        #expect(error?.kind == .protocol && error?.httpStatus == 200)
    }

    @Test(arguments: ["size=2000000", "size=2000000&chunked=1"])
    func oversizedAnswerIsProtocol(_ query: String) throws {
        let client = try server.client()
        let error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario(query)) }
        #expect(error?.kind == .protocol && error?.message.contains("1 MiB") == true)
    }

    @Test func answerJustUnderTheCapIsAccepted() throws {
        let client = try server.client()
        #expect(try client.accessToken(forUserID: scenario("size=1000000")).count > 990_000)
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try StandIn.dedicated()
        let client = try server.client()
        let error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("redirect=1")) }
        #expect(error?.kind == .http && error?.httpStatus == 302)
        #expect(try server.stats().redirect_target_hits == 0)
        #expect(try server.stats().requests == 1)
    }

    @Test func connectionFailuresAreNetwork() throws {
        var options = server.options(["max_retries": "0"])
        try options.set("server_url", to: "http://127.0.0.1:1")
        let refused = try Base44Client(options: options)
        let error = failure { () throws(Base44Error) in try refused.accessToken(forUserID: "u1") }
        #expect(error?.kind == .network && error?.httpStatus == 0)

        let client = try server.client(["max_retries": "0"])
        for query in ["drop=before", "drop=reset", "drop=mid"] {
            let dropped = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario(query)) }
            #expect(dropped?.kind == .network, "\(query)")
        }
        let truncated = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("shape=truncated")) }
        #expect(truncated?.kind == .network)
    }

    @Test func unresolvableHostIsNetwork() throws {
        var options = server.options(["max_retries": "0"])
        try options.set("server_url", to: "http://no-such-host.localhost:9")
        let client = try Base44Client(options: options)
        let error = failure { () throws(Base44Error) in try client.accessToken(forUserID: "u1") }
        #expect(error?.kind == .network)
    }

    @Test func deadlineHoldsAgainstHangAndDribble() throws {
        let client = try server.client(["timeout_ms": "400"])
        for query in ["hang=1", "dribble_ms=100&size=200"] {
            var error: Base44Error?
            let seconds = elapsed { error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario(query)) } }
            #expect(error?.kind == .timeout, "\(query)")
            #expect(seconds >= 0.35 && seconds < 3, "\(query) took \(seconds) s")
        }
    }

    @Test func retriesTransientFailuresUpToTheLimit() throws {
        let id = scenario("status=503&times=2")
        #expect(try server.client(["max_retries": "2"]).accessToken(forUserID: id) == "at-\(id)")
        let other = scenario("status=503&times=2")
        let error = failure { () throws(Base44Error) in try server.client(["max_retries": "1"]).accessToken(forUserID: other) }
        #expect(error?.kind == .server && error?.httpStatus == 503)
        let dropped = scenario("drop=before&times=1")
        #expect(try server.client().accessToken(forUserID: dropped) == "at-\(dropped)")
    }

    @Test func persistentFailureIsTriedExactlyMaxRetriesPlusOneTimes() throws {
        let server = try StandIn.dedicated()  // a request log of this test's own
        let id = scenario("status=502")
        let error = failure { () throws(Base44Error) in try server.client(["max_retries": "3"]).accessToken(forUserID: id) }
        #expect(error?.kind == .server)
        let attempts = try server.requests().filter { $0.path.hasSuffix(PathSegment.encode(id)) }.count
        #expect(attempts == 4)
    }

    @Test func nonRetryableStatusesAreTriedOnce() throws {
        let server = try StandIn.dedicated()  // a request log of this test's own
        let id = scenario("status=500")
        _ = failure { () throws(Base44Error) in try server.client(["max_retries": "3"]).accessToken(forUserID: id) }
        #expect(try server.requests().filter { $0.path.hasSuffix(PathSegment.encode(id)) }.count == 1)
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() throws {
        let client = try server.client()
        let id = scenario("status=503&retry_after_date=2&times=1")
        var token = ""
        let seconds = try elapsed { token = try client.accessToken(forUserID: id) }
        #expect(token == "at-\(id)")
        #expect(seconds >= 0.9)  // the date has one-second resolution
    }

    @Test func retryAfterBeyondTheDeadlineFailsAtOnce() throws {
        let client = try server.client(["timeout_ms": "2000"])
        var error: Base44Error?
        let seconds = elapsed {
            error = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("status=429&retry_after=30")) }
        }
        #expect(error?.kind == .rateLimited && error?.httpStatus == 429)
        #expect(seconds < 1)
    }

    @Test func sequentialCallsReuseOneConnection() throws {
        let server = try StandIn.dedicated()
        let client = try server.client()
        for index in 0..<20 { _ = try client.accessToken(forUserID: "seq-\(index)") }
        // Errors answered with a complete body keep the connection too.
        _ = failure { () throws(Base44Error) in try client.accessToken(forUserID: scenario("status=404")) }
        _ = try client.accessToken(forUserID: "after-error")
        #expect(try server.stats().connections == 1)
        #expect(try server.stats().requests == 22)
    }

    @Test func oneClientSharedByManyThreads() async throws {
        let client = try server.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for call in 0..<25 {
                        let id = "t\(worker)-\(call)"
                        let token = try client.accessToken(forUserID: id)
                        if token != "at-\(id)" { throw Base44Error(.internal, "wrong token \(token) for \(id)") }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func environmentProxiesAreIgnored() throws {
        setenv("http_proxy", "http://127.0.0.1:1", 1)
        setenv("HTTPS_PROXY", "http://127.0.0.1:1", 1)
        defer { unsetenv("http_proxy"); unsetenv("HTTPS_PROXY") }
        #expect(try server.client().accessToken(forUserID: "no-proxy") == "at-no-proxy")
    }
}
