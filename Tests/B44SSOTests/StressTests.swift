import Foundation
import Testing
@testable import B44SSO

/// Runs `body(index)` on `count` OS threads at once (Swift tasks would share two threads here).
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
}

@Suite struct StressTests {
    /// One outcome per scenario; a call's scenario follows from its thread and call number.
    static let outcomes: [(scenario: String?, kind: Base44Error.Kind?, status: Int)] = [
        (nil, nil, 0), ("status=401", .unauthorized, 401), ("status=403", .forbidden, 403),
        ("status=404&body=error", .notFound, 404), ("status=429", .rateLimited, 429), ("status=500", .server, 500),
        ("status=409", .http, 409), ("shape=empty_object", .protocol, 200), ("drop=before", .network, 0), (nil, nil, 0),
    ]

    @Test func thirtyTwoThreadsShareOneClientThroughEveryOutcome() throws {
        // A stand-in of its own: this test's thousands of requests would push other tests'
        // requests out of the shared stand-in's request log.
        let server = try StandIn.dedicated()
        let client = try server.client(["max_retries": "0"])
        let wrong = Locked<[String]>([])
        let calls = 60
        onThreads(32) { thread in
            for call in 0..<calls {
                let outcome = Self.outcomes[(thread + call) % Self.outcomes.count]
                let id = outcome.scenario.map { "!\($0)&s=\(thread)-\(call)" } ?? "stress-\(thread)-\(call)"
                do {
                    let token = try client.accessToken(forUserID: id)
                    if outcome.kind != nil || token != "at-\(id)" { wrong.withLock { $0.append("\(id): got token \(token)") } }
                } catch let error as Base44Error {
                    if error.kind != outcome.kind || error.httpStatus != outcome.status {
                        wrong.withLock { $0.append("\(id): got \(error)") }
                    }
                } catch {
                    wrong.withLock { $0.append("\(id): unexpected \(error)") }
                }
            }
        }
        let problems = wrong.withLock { $0 }
        #expect(problems.isEmpty, "\(problems.count) wrong answers, first: \(problems.first ?? "")")
    }
}
