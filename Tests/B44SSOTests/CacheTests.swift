import Foundation
import Testing
@testable import B44SSO

@Suite struct JWTAndDigestTests {
    func jwt(_ payload: String) -> String {
        let encoded = Data(payload.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "eyJhbGciOiJub25lIn0.\(encoded).sig"
    }

    @Test func readsExpWithoutVerifying() {
        #expect(JWTExpiry.expiry(of: jwt(#"{"sub":"u","exp":1900000000}"#)) == 1_900_000_000)
        #expect(JWTExpiry.expiry(of: jwt(#"{"exp":1900000000.75}"#)) == 1_900_000_000)
        #expect(JWTExpiry.expiry(of: jwt(#"{"sub":"u"}"#)) == nil)
        #expect(JWTExpiry.expiry(of: jwt(#"{"exp":"soon"}"#)) == nil)
        #expect(JWTExpiry.expiry(of: jwt(#"{"exp":-5}"#)) == nil)
        #expect(JWTExpiry.expiry(of: "opaque-token") == nil)
        #expect(JWTExpiry.expiry(of: "a.b") == nil)
        #expect(JWTExpiry.expiry(of: "a.!!!.c") == nil)
    }

    @Test func sha256MatchesKnownAnswers() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA256.digest([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA256.digest(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func leastRecentlyUsedEntryIsEvictedFirst() {
        let cache = TokenCache(capacity: 2)
        func key(_ user: String) -> TokenCache.Key { .init(scope: 1, kind: .accessToken, userID: user) }
        func put(_ user: String) {
            guard case .lead = cache.lookup(key(user), now: 0, skew: 0, acceptForcedTTL: false) else {
                Issue.record("expected a miss for \(user)"); return
            }
            cache.finish(key(user), .success(user),
                         entry: .init(token: user, expiresAt: 1000, refreshAt: 900, forcedTTL: false, lastUsed: 0))
        }
        func isHit(_ user: String) -> Bool {
            if case .hit = cache.lookup(key(user), now: 0, skew: 0, acceptForcedTTL: false) { return true }
            return false
        }
        put("a")
        put("b")
        #expect(isHit("a"))  // a is now more recent than b
        put("c")
        #expect(cache.count == 2)
        #expect(isHit("a") && isHit("c"))
    }
}

/// The cache through the client, against the stand-in (`jwt_exp=S` answers JWTs that expire in S s).
/// Each test has a stand-in of its own, so its request log holds only that test's requests.
@Suite struct CacheTests {
    let server: StandIn

    init() throws { server = try StandIn.dedicated() }

    func requests(for id: String) throws -> Int {
        try server.requests().filter { $0.path.hasSuffix("/" + PathSegment.encode(id)) }.count
    }

    @Test func jwtWithExpIsServedFromTheCache() throws {
        let client = try server.client()
        let id = scenario("jwt_exp=600")
        let first = try client.accessToken(forUserID: id)
        #expect(try client.accessToken(forUserID: id) == first)
        #expect(try client.accessToken(forUserID: id) == first)
        #expect(try requests(for: id) == 1)
        #expect(client.stats.cacheHits == 2 && client.stats.cacheMisses == 1 && client.stats.requests == 1)
        // Another client with the same credentials shares the entry.
        #expect(try server.client().accessToken(forUserID: id) == first)
        #expect(try requests(for: id) == 1)
    }

    @Test func idTokensAreCachedApartFromAccessTokens() throws {
        let client = try server.client()
        let id = scenario("jwt_exp=600")
        let access = try client.accessToken(forUserID: id)
        let idToken = try client.idToken(forUserID: id)
        #expect(access != idToken)
        #expect(try client.idToken(forUserID: id) == idToken)
        #expect(try requests(for: id) == 2)
    }

    @Test func opaqueTokensAreNotCachedUnlessForced() throws {
        let id = scenario("shape=object")
        let client = try server.client()
        _ = try client.accessToken(forUserID: id)
        _ = try client.accessToken(forUserID: id)
        #expect(try requests(for: id) == 2)
        let forced = try server.client(["cache_ttl_s": "60"])
        _ = try forced.accessToken(forUserID: id)
        _ = try forced.accessToken(forUserID: id)
        #expect(try requests(for: id) == 3)
        // A client without the forced TTL never sees the forced entry.
        _ = try client.accessToken(forUserID: id)
        #expect(try requests(for: id) == 4)
    }

    @Test func cacheOffFetchesEveryTime() throws {
        let client = try server.client(["cache": "off"])
        let id = scenario("jwt_exp=600")
        let first = try client.accessToken(forUserID: id)
        let second = try client.accessToken(forUserID: id)
        #expect(first != second)  // the stand-in numbers its JWTs
        #expect(try requests(for: id) == 2)
    }

    @Test func tokensInsideTheSkewAreNeverServed() throws {
        let client = try server.client(["cache_skew_s": "60"])
        let id = scenario("jwt_exp=30")
        _ = try client.accessToken(forUserID: id)
        _ = try client.accessToken(forUserID: id)
        #expect(try requests(for: id) == 2)
    }

    @Test func theKeyHoldsTheUserToken() throws {
        let id = scenario("jwt_exp=600")
        let alice = try server.client(userToken: "ut-alice")
        let bob = try server.client(userToken: "ut-bob")
        #expect(try alice.accessToken(forUserID: id) != bob.accessToken(forUserID: id))
        #expect(try requests(for: id) == 2)
        let requests = try server.requests().filter { $0.path.hasSuffix(PathSegment.encode(id)) }
        #expect(Set(requests.compactMap { $0.headers["on-behalf-of"] }) == ["Bearer ut-alice", "Bearer ut-bob"])
    }

    @Test func invalidateDropsTheUsersEntries() throws {
        let client = try server.client()
        let id = scenario("jwt_exp=600")
        let first = try client.accessToken(forUserID: id)
        try client.invalidate(userID: id)
        #expect(try client.accessToken(forUserID: id) != first)
        #expect(try requests(for: id) == 2)
    }

    @Test func concurrentMissesMakeOneRequest() throws {
        let client = try server.client()
        let id = scenario("jwt_exp=600&delay_ms=400")
        let tokens = Locked<[String]>([])
        onThreads(8) { _ in
            if let token = try? client.accessToken(forUserID: id) { tokens.withLock { $0.append(token) } }
        }
        let all = tokens.withLock { $0 }
        #expect(all.count == 8 && Set(all).count == 1)
        #expect(try requests(for: id) == 1)
        #expect(client.stats.cacheMisses == 1 && client.stats.coalescedWaits == 7)
    }

    @Test func aWaiterLeavesAtItsOwnDeadline() throws {
        let id = scenario("jwt_exp=600&delay_ms=1500")
        let patient = try server.client(["timeout_ms": "5000"])
        let hasty = try server.client(["timeout_ms": "300"])
        let leader = Locked<String?>(nil)
        let hastyResult = Locked<(Base44Error?, Double)>((nil, 0))
        onThreads(2) { index in
            if index == 0 {
                leader.withLock { $0 = try? patient.accessToken(forUserID: id) }
            } else {
                usleep(100_000)  // let the patient client lead the fetch
                var failure: Base44Error?
                let seconds = elapsed {
                    do { _ = try hasty.accessToken(forUserID: id) } catch let error as Base44Error { failure = error } catch {}
                }
                hastyResult.withLock { $0 = (failure, seconds) }
            }
        }
        let (failure, seconds) = hastyResult.withLock { $0 }
        #expect(failure?.kind == .timeout)
        #expect(seconds < 1.0)
        #expect(leader.withLock { $0 } != nil)
        #expect(try requests(for: id) == 1)
    }

    @Test func waitersShareTheLeadersError() throws {
        let client = try server.client(["max_retries": "0"])
        let id = scenario("status=404&delay_ms=300")
        let kinds = Locked<[Base44Error.Kind]>([])
        onThreads(4) { _ in
            do { _ = try client.accessToken(forUserID: id) } catch let error as Base44Error { kinds.withLock { $0.append(error.kind) } } catch {}
        }
        #expect(kinds.withLock { $0 } == Array(repeating: .notFound, count: 4))
        #expect(try requests(for: id) == 1)
        #expect(client.stats.errors == 4)
    }

    @Test func aHitInTheRefreshWindowRefreshesInTheBackground() throws {
        // exp in 70 s with a 60 s skew: served for about 10 s, refreshed from 5-8 s on.
        let client = try server.client(["cache_skew_s": "60"])
        let id = scenario("jwt_exp=70")
        let first = try client.accessToken(forUserID: id)
        Thread.sleep(forTimeInterval: 8.1)
        #expect(try client.accessToken(forUserID: id) == first)  // still served, refresh started
        var refreshed = first
        for _ in 0..<40 where refreshed == first {
            Thread.sleep(forTimeInterval: 0.05)
            refreshed = try client.accessToken(forUserID: id)
        }
        #expect(refreshed != first)
        let sent = try requests(for: id)
        #expect(sent == 2)
    }
}
