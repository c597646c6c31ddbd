import Glibc
import Testing
@testable import B44SSO

/// Lines the log hook received, and whether each arrived on a thread the library started.
final class LogCapture: Sendable {
    private let lines = Locked<[(LogLevel, String)]>([])
    private let onLibraryThread = Locked<[Bool]>([])

    func install(level: LogLevel) {
        Log.setHandler({ [self] level, line in
            lines.withLock { $0.append((level, line)) }
            onLibraryThread.withLock { $0.append(LibraryThread.isCurrent) }
        }, level: level)
    }

    var all: [(LogLevel, String)] { lines.withLock { $0 } }
    var linesFromLibraryThreads: Int { onLibraryThread.withLock { $0.filter { $0 }.count } }
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

    @Test func callerThreadsOnlyKeepsLinesOffTheLibrarysThreads() throws {
        let client = try server.client(["max_connections": "4"])
        func run(_ threads: LogThreads, tag: String) throws -> LogCapture {
            let capture = LogCapture()
            capture.install(level: .debug)
            Log.deliver(on: threads)
            defer {
                Log.setHandler(nil, level: .error)
                Log.deliver(on: .all)
            }
            let ids = (0..<16).map { "\(tag)-\($0)" }
            let results = client.accessTokens(forUserIDs: ids)
            #expect(results.map { try? $0.get() } == ids.map { "at-\($0)" })
            let done = Locked(false)
            try client.accessToken(forUserID: "\(tag)-async") { _ in done.withLock { $0 = true } }
            while !done.withLock({ $0 }) { usleep(1000) }
            _ = try client.accessToken(forUserID: "\(tag)-blocking")
            return capture
        }
        let all = try run(.all, tag: "threads-all")
        #expect(all.linesFromLibraryThreads > 0)
        #expect(all.all.contains { $0.1.contains("threads-all-async") })

        let callers = try run(.callers, tag: "threads-callers")
        #expect(callers.linesFromLibraryThreads == 0)
        #expect(!callers.all.contains { $0.1.contains("threads-callers-async") })
        // The caller's own thread still reports: its blocking call, and its share of the batch.
        #expect(callers.all.contains { $0.1.contains("threads-callers-blocking") })
        #expect(callers.all.contains { $0.1.contains("/accesstoken/threads-callers-") && !$0.1.contains("blocking") })
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
