import Testing
@testable import B44SSO

/// Lines the log hook received.
final class LogCapture: Sendable {
    private let lines = Locked<[(LogLevel, String)]>([])

    func install(level: LogLevel) {
        Log.setHandler({ [self] level, line in lines.withLock { $0.append((level, line)) } }, level: level)
    }

    var all: [(LogLevel, String)] { lines.withLock { $0 } }
}

/// Serialized: the log hook is process-wide.
@Suite(.serialized) struct LogAndSecretTests {
    let server = StandIn.shared

    @Test func logReportsRequestsRetriesAndFailures() throws {
        let capture = LogCapture()
        capture.install(level: .debug)
        defer { Log.setHandler(nil, level: .error) }
        let client = try server.client(["max_retries": "1"])
        let id = scenario("status=503&retry_after=0")
        _ = try? client.accessToken(forUserID: id)
        let lines = capture.all.filter { $0.1.contains(PathSegment.encode(id)) || $0.1.contains("503") }
        #expect(lines.contains { $0.0 == .debug && $0.1.hasPrefix("GET /api/apps/app-test/auth/sso/accesstoken/") && $0.1.contains("HTTP 503") })
        #expect(lines.contains { $0.0 == .info && $0.1.hasPrefix("retry 1 of 1") })
        #expect(lines.contains { $0.0 == .warning && $0.1.contains("B44_ERR_SERVER") })
    }

    @Test func levelsFilterAndNilTurnsLoggingOff() throws {
        let capture = LogCapture()
        capture.install(level: .warning)
        let client = try server.client()
        _ = try client.accessToken(forUserID: "quiet-success")
        _ = try? client.accessToken(forUserID: scenario("status=404"))
        #expect(capture.all.allSatisfy { $0.0 <= .warning })
        #expect(capture.all.contains { $0.1.contains("B44_ERR_NOT_FOUND") })
        Log.setHandler(nil, level: .debug)
        let before = capture.all.count
        _ = try? client.accessToken(forUserID: scenario("status=404"))
        #expect(capture.all.count == before)
    }

    /// Every text the library produced in a mixed run, checked for every secret it handled.
    @Test func noSecretInMessagesBodiesOrLogs() throws {
        let capture = LogCapture()
        capture.install(level: .debug)
        defer { Log.setHandler(nil, level: .error) }
        let userToken = "ut-secret-owner"
        let client = try server.client(userToken: userToken, ["max_retries": "1", "timeout_ms": "3000"])
        var texts: [String] = []
        var returnedTokens: [String] = []
        let calls: [String] = [
            "secret-owner", scenario("status=401&body=echo"), scenario("status=500&body=echo"),
            scenario("status=503&times=1"), scenario("shape=invalid_json"), scenario("drop=before"),
            scenario("status=404&body=error"), scenario("jwt_exp=600"),
        ]
        for id in calls {
            do {
                returnedTokens.append(try client.accessToken(forUserID: id))
            } catch {
                texts += [error.message, error.body ?? "", error.apiCode ?? "", error.description]
            }
        }
        returnedTokens.append(try client.idToken(forUserID: "secret-owner"))
        _ = try client.currentUserJSON()
        texts += capture.all.map(\.1)
        #expect(returnedTokens.count >= 3)
        #expect(!texts.isEmpty)
        for secret in [StandIn.serviceToken, userToken] + returnedTokens {
            #expect(!texts.contains { $0.contains(secret) }, "a secret reached a message, body or log line")
        }
    }

    @Test func cacheEventsAreLogged() throws {
        let server = try StandIn.dedicated()
        let capture = LogCapture()
        capture.install(level: .debug)
        defer { Log.setHandler(nil, level: .error) }
        let client = try server.client()
        let id = scenario("jwt_exp=600")
        let token = try client.accessToken(forUserID: id)
        _ = try client.accessToken(forUserID: id)
        let lines = capture.all.map(\.1).filter { $0.contains(PathSegment.encode(id)) }
        #expect(lines.contains { $0.hasPrefix("cache miss: access token of ") })
        #expect(lines.contains { $0.hasPrefix("cache hit: access token of ") })
        #expect(!capture.all.contains { $0.1.contains(token) })
    }
}
