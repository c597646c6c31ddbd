import Glibc

/// Tokens fetched by any client of the process, and the fetches in progress.
///
/// Shared by all clients, because services often make a client per incoming request; so the
/// key holds everything the server checks (server, app, digests of both tokens, via the
/// client's `scope`) and the cache can never answer a request the server would refuse.
final class TokenCache: Sendable {
    static let shared = TokenCache()

    enum Kind: UInt8, Sendable, CustomStringConvertible {
        case accessToken, idToken

        var description: String { self == .accessToken ? "access token" : "ID token" }
    }

    struct Key: Hashable, Sendable {
        let scope: Int
        let kind: Kind
        let userID: String
    }

    struct Entry {
        let token: String
        /// Seconds since the epoch after which the server no longer honours the token.
        let expiresAt: Int
        /// When a hit starts a background refresh (jittered per entry).
        var refreshAt: Int
        /// Cached only because a client forced a TTL on an opaque token.
        let forcedTTL: Bool
        var refreshing = false
        var lastUsed: UInt64
    }

    /// A fetch in progress. Most have no waiter, so the waiting machinery is made only when
    /// a second call for the key arrives.
    private enum FetchInProgress {
        case unwatched
        case watched(Flight)
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var fetches: [Key: FetchInProgress] = [:]
        var capacity = 10_000
        var clock: UInt64 = 0
        var forkGeneration = ForkGuard.generation

        /// In a child after fork(): the parent's fetches in progress will never finish here.
        mutating func forgetInheritedFetches() {
            guard forkGeneration != ForkGuard.generation else { return }
            forkGeneration = ForkGuard.generation
            fetches = [:]
            for key in entries.keys { entries[key]?.refreshing = false }
        }
    }

    private let state: Locked<State>

    init(capacity: Int = 10_000) {
        state = Locked(State(capacity: capacity))
    }

    /// What a lookup found.
    enum Lookup {
        case hit(String, refresh: Bool)
        /// Another call is fetching this key: wait for it.
        case join(Flight)
        /// The caller fetches; it must call `finish`.
        case lead
    }

    /// Finds a fresh token, or the fetch to join, or makes the caller the fetcher.
    /// `skew`: seconds before expiry from which a token is no longer served.
    func lookup(_ key: Key, now: Int, skew: Int, acceptForcedTTL: Bool) -> Lookup {
        state.withLock { state in
            state.forgetInheritedFetches()
            state.clock &+= 1
            if var entry = state.entries[key], entry.forcedTTL == false || acceptForcedTTL {
                if now < entry.expiresAt - skew {
                    entry.lastUsed = state.clock
                    let refresh = now >= entry.refreshAt && !entry.refreshing
                    if refresh { entry.refreshing = true }
                    state.entries[key] = entry
                    return .hit(entry.token, refresh: refresh)
                }
            }
            switch state.fetches[key] {
            case .watched(let flight)?:
                return .join(flight)
            case .unwatched?:
                let flight = Flight()
                state.fetches[key] = .watched(flight)
                return .join(flight)
            case nil:
                state.fetches[key] = .unwatched
                return .lead
            }
        }
    }

    /// Ends the caller's fetch: stores a cacheable token, wakes the waiters.
    func finish(_ key: Key, _ outcome: Result<String, Base44Error>, entry: Entry?) {
        let fetch = state.withLock { state in
            if let entry { store(key, entry, in: &state) }
            return state.fetches.removeValue(forKey: key)
        }
        if case .watched(let flight)? = fetch { flight.complete(outcome) }
    }

    /// Ends a background refresh: the new token if there is one; else the old one stays
    /// served until it expires, and a later hit tries again.
    func finishRefresh(_ key: Key, entry: Entry?, retryAt: Int) {
        state.withLock { state in
            if let entry {
                store(key, entry, in: &state)
            } else if var old = state.entries[key] {
                old.refreshing = false
                old.refreshAt = retryAt
                state.entries[key] = old
            }
        }
    }

    private func store(_ key: Key, _ entry: Entry, in state: inout State) {
        var entry = entry
        entry.lastUsed = state.clock
        state.entries[key] = entry
        if state.entries.count > state.capacity, let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            // A linear scan: it runs only on inserts at capacity, each of which paid a network call.
            state.entries[oldest.key] = nil
        }
    }

    /// Drops every entry of `userID`, whichever client fetched it: a revoked user is revoked
    /// for all of them.
    func invalidate(userID: String) {
        state.withLock { state in state.entries = state.entries.filter { $0.key.userID != userID } }
    }

    /// The bound is the largest any client asked for.
    func ensureCapacity(_ capacity: Int) {
        state.withLock { $0.capacity = max($0.capacity, capacity) }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// Small integers standing for credential scopes (server, app, token digests), so cache keys
/// hash quickly and hold no secret.
enum CacheScopes {
    private static let ids = Locked<[[UInt8]: Int]>([:])

    static func id(server: String, appID: String, serviceToken: Secret?, userToken: Secret?) -> Int {
        var material = Array("\(server)\n\(appID)\n".utf8)
        material += serviceToken.map { token in token.withBytes { SHA256.digest($0) } } ?? []
        material += [0x0A]
        material += userToken.map { token in token.withBytes { SHA256.digest($0) } } ?? []
        let digest = SHA256.digest(material)
        return ids.withLock { ids in
            if let id = ids[digest] { return id }
            let id = ids.count + 1
            ids[digest] = id
            return id
        }
    }
}
