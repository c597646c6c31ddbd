import Foundation
import Testing
@testable import B44SSO

@Suite struct BatchAndAsyncTests {
    let server = StandIn.shared

    @Test func batchAnswersEveryUserInOrderAndFetchesDuplicatesOnce() throws {
        let server = try StandIn.dedicated()  // a request log of this test's own
        let client = try server.client(["max_retries": "0"])
        let tag = UInt64.random(in: 0...UInt64.max)
        let missing = "!status=404&tag=\(tag)"
        let ids = ["b1-\(tag)", "b2-\(tag)", missing, "b1-\(tag)", ""]
        let results = client.accessTokens(forUserIDs: ids)
        #expect(results.count == 5)
        #expect(try results[0].get() == "at-b1-\(tag)" && results[1].get() == "at-b2-\(tag)" && results[3].get() == "at-b1-\(tag)")
        #expect(throws: Base44Error.self) { try results[2].get() }
        if case .failure(let error) = results[2] { #expect(error.kind == .notFound) }
        if case .failure(let error) = results[4] { #expect(error.kind == .invalidArgument) } else { Issue.record("empty id accepted") }
        let sent = try server.requests().filter { $0.path.hasSuffix("b1-\(tag)") }.count
        #expect(sent == 1)
    }

    @Test func batchRunsConcurrently() throws {
        // 40 users at 200 ms each: one by one that is 8 s; eight connections make it about 1 s.
        let client = try server.client(["max_connections": "8"])
        let tag = UInt64.random(in: 0...UInt64.max)
        let ids = (0..<40).map { "!delay_ms=200&u=\($0)&tag=\(tag)" }
        var results: [Result<String, Base44Error>] = []
        let seconds = elapsed { results = client.accessTokens(forUserIDs: ids) }
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(seconds < 4)
    }

    @Test func emptyBatch() throws {
        #expect(try server.client().accessTokens(forUserIDs: []).isEmpty)
    }

    @Test func asyncCallsBackOnALibraryThread() throws {
        let client = try server.client(["max_retries": "0"])
        let done = DispatchSemaphore(value: 0)
        let results = Locked<[String: Result<String, Base44Error>]>([:])
        let caller = pthread_self()
        let onCaller = Locked(false)
        for id in ["async-1", "async-2", "!status=404&async=1"] {
            try client.accessToken(forUserID: id) { result in
                if pthread_equal(pthread_self(), caller) != 0 { onCaller.withLock { $0 = true } }
                results.withLock { $0[id] = result }
                done.signal()
            }
        }
        for _ in 0..<3 { #expect(done.wait(timeout: .now() + 10) == .success) }
        let all = results.withLock { $0 }
        #expect(try all["async-1"]?.get() == "at-async-1")
        #expect(try all["async-2"]?.get() == "at-async-2")
        if case .failure(let error)? = all["!status=404&async=1"] { #expect(error.kind == .notFound) } else { Issue.record("no 404") }
        #expect(!onCaller.withLock { $0 })
    }

    @Test func asyncRefusesBadInputAtOnce() throws {
        let client = try server.client()
        #expect(throws: Base44Error.self) { try client.accessToken(forUserID: "") { _ in Issue.record("called back") } }
    }

    @Test func clientReleasedWhilePendingStillCallsBack() throws {
        let done = DispatchSemaphore(value: 0)
        let token = Locked<String?>(nil)
        do {
            let client = try server.client()
            try client.accessToken(forUserID: "!delay_ms=200&after-release=1") { result in
                token.withLock { $0 = try? result.get() }
                done.signal()
            }
        }  // the caller's reference is gone here
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(token.withLock { $0 } == "at-!delay_ms=200&after-release=1")
    }
}
