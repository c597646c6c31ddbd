import Glibc

/// A client of the Base44 SSO API. Safe to share between threads; calls block until they
/// have an answer, an error, or the deadline (`timeoutMilliseconds`, retries included).
public final class Base44Client: Sendable {
    public let options: ClientOptions
    private let pool: HandlePool
    private let apiPath: [UInt8]
    /// Request headers of SSO calls (service token) and of `me` (user token); nil without one.
    private let serviceHeaders: HeaderList?
    private let userHeaders: HeaderList?
    private let redactor: Redactor
    private let retryPolicy: RetryPolicy
    private let counters = StatsCounters()
    /// Threads for asynchronous calls, started on first use.
    private let asyncQueue: WorkQueue
    /// This client's credentials, as the token cache knows them.
    private let cacheScope: Int

    /// Creates a client; nothing is sent yet. Throws `.config` for missing or unsafe settings.
    public init(options: ClientOptions) throws(Base44Error) {
        try options.validate()
        if let caFile = options.caFile, access(caFile, R_OK) != 0 {
            throw .config("ca_file cannot be read")
        }
        self.options = options
        apiPath = Array(Endpoint.apiPath(serverPath: options.serverURL.path, appID: options.appID ?? "").utf8)
        cacheScope = CacheScopes.id(
            server: options.serverURL.description, appID: options.appID ?? "", serviceToken: options.serviceToken,
            userToken: options.userToken)
        TokenCache.shared.ensureCapacity(options.cacheMaxEntries)
        asyncQueue = WorkQueue(maxWorkers: options.maxConnections)
        redactor = Redactor(secrets: [options.serviceToken, options.userToken])
        retryPolicy = RetryPolicy(maxRetries: options.maxRetries)
        pool = HandlePool(
            settings: TransferSettings(
                origin: options.serverURL.origin, caFile: options.caFile, proxy: options.proxy,
                userAgent: options.userAgent.map { "\(B44SSOVersion.userAgent) \($0)" } ?? B44SSOVersion.userAgent))

        var common = [HeaderList.Line("Accept: application/json"), HeaderList.Line("X-App-Id: \(options.appID ?? "")")]
        if let state = options.state { common.append(HeaderList.Line("Base44-State: \(state)")) }
        if let environment = options.dataEnvironment { common.append(HeaderList.Line("X-Data-Env: \(environment.rawValue)")) }
        if let serviceToken = options.serviceToken {
            var lines = common + [HeaderList.Line("Authorization: Bearer ", secret: serviceToken)]
            if let userToken = options.userToken { lines.append(HeaderList.Line("on-behalf-of: Bearer ", secret: userToken)) }
            serviceHeaders = try HeaderList(lines)
        } else {
            serviceHeaders = nil
        }
        userHeaders = try options.userToken.map { token throws(Base44Error) in
            try HeaderList(common + [HeaderList.Line("Authorization: Bearer ", secret: token)])
        }
    }

    /// The SSO access token Base44 holds for `userID`. Needs a service token.
    /// Served from the token cache while it holds a fresh copy (see `ClientOptions.cache`).
    public func accessToken(forUserID userID: String) throws(Base44Error) -> String {
        try accessToken(forUserID: userID, deadline: Deadline(fromNow: options.timeoutMilliseconds))
    }

    /// The OIDC ID token Base44 holds for `userID`. Needs a service token.
    public func idToken(forUserID userID: String) throws(Base44Error) -> String {
        let deadline = Deadline(fromNow: options.timeoutMilliseconds)
        return try counted { () throws(Base44Error) in try token(.idToken, userID: userID, deadline: deadline) }
    }

    /// Batch and async calls start their deadline when they are asked for, not when a worker
    /// gets to them.
    private func accessToken(forUserID userID: String, deadline: Deadline) throws(Base44Error) -> String {
        try counted { () throws(Base44Error) in try token(.accessToken, userID: userID, deadline: deadline) }
    }

    /// The user who owns the user token, as the JSON object text Base44 sent.
    public func currentUserJSON() throws(Base44Error) -> String {
        try counted { () throws(Base44Error) in
            let answer = try send(.currentUser, deadline: Deadline(fromNow: options.timeoutMilliseconds))
            return try ResponseInterpretation.userJSON(from: answer.body, status: answer.status)
        }
    }

    /// Access tokens for many users at once, fetched concurrently over at most
    /// `maxConnections` connections; duplicates are fetched once and the cache is consulted
    /// first. The results are in the order of `userIDs`.
    public func accessTokens(forUserIDs userIDs: [String]) -> [Result<String, Base44Error>] {
        var firstIndex: [String: Int] = [:]
        var unique: [String] = []
        for id in userIDs where firstIndex[id] == nil {
            firstIndex[id] = unique.count
            unique.append(id)
        }
        let results = Locked([Result<String, Base44Error>?](repeating: nil, count: unique.count))
        let next = Locked(0)
        let deadline = Deadline(fromNow: options.timeoutMilliseconds)
        runOnThreads(min(options.maxConnections, unique.count)) { [self, unique] _ in
            while true {
                let index = next.withLock { value in defer { value += 1 }; return value }
                guard index < unique.count else { return }
                let result = Result { () throws(Base44Error) in try accessToken(forUserID: unique[index], deadline: deadline) }
                results.withLock { $0[index] = result }
            }
        }
        let fetched = results.withLock { $0 }
        return userIDs.map { id in
            fetched[firstIndex[id] ?? 0] ?? .failure(Base44Error(.internal, "a batch entry was not fetched"))
        }
    }

    /// Fetches the access token on a library thread and calls `completion` there. Returns at
    /// once; the client stays alive until `completion` has run, whatever its owner does.
    /// Throws only when the call cannot be started.
    public func accessToken(
        forUserID userID: String, completion: @escaping @Sendable (Result<String, Base44Error>) -> Void
    ) throws(Base44Error) {
        try InputValidation.checkUserID(userID)
        let deadline = Deadline(fromNow: options.timeoutMilliseconds)
        let started = asyncQueue.submit { [self] in
            completion(Result { () throws(Base44Error) in try accessToken(forUserID: userID, deadline: deadline) })
        }
        if !started { throw Base44Error(.noMemory, "no thread could be started for the call") }
    }

    /// Drops the cached tokens of `userID` (for every client of the process).
    public func invalidate(userID: String) throws(Base44Error) {
        try InputValidation.checkUserID(userID)
        TokenCache.shared.invalidate(userID: userID)
    }

    /// What this client has done so far.
    public var stats: ClientStats { counters.snapshot }

    private func counted(_ body: () throws(Base44Error) -> String) throws(Base44Error) -> String {
        do {
            return try body()
        } catch {
            counters.errors.increment()
            throw error
        }
    }

    // MARK: - Tokens and the cache

    private func token(_ kind: TokenCache.Kind, userID: String, deadline: Deadline) throws(Base44Error) -> String {
        try InputValidation.checkUserID(userID)
        guard options.cache == .auto else { return try fetch(kind, userID: userID, deadline: deadline) }
        let key = TokenCache.Key(scope: cacheScope, kind: kind, userID: userID)
        let now = Int(time(nil))
        switch TokenCache.shared.lookup(
            key, now: now, skew: options.cacheSkewSeconds, acceptForcedTTL: options.cacheTTLSeconds != nil)
        {
        case .hit(let token, let refresh):
            counters.cacheHits.increment()
            Log.emit(.debug, "cache hit: \(kind) of \(PathSegment.encode(userID))\(refresh ? ", refreshing in the background" : "")")
            if refresh { refreshInBackground(key) }
            return token
        case .join(let flight):
            counters.coalescedWaits.increment()
            Log.emit(.debug, "cache: waiting for another call's fetch of \(kind) of \(PathSegment.encode(userID))")
            return try flight.wait(until: deadline).get()
        case .lead:
            counters.cacheMisses.increment()
            Log.emit(.debug, "cache miss: \(kind) of \(PathSegment.encode(userID))")
            let outcome = Result { () throws(Base44Error) in try fetch(kind, userID: userID, deadline: deadline) }
            TokenCache.shared.finish(key, outcome, entry: try? cacheEntry(for: outcome.get(), now: now))
            return try outcome.get()
        }
    }

    /// The cache entry for a fresh token, or nil when it must not be cached.
    private func cacheEntry(for token: String, now: Int) -> TokenCache.Entry? {
        var forced = false
        var expiresAt = JWTExpiry.expiry(of: token)
        if expiresAt == nil, let ttl = options.cacheTTLSeconds {
            expiresAt = now + ttl
            forced = true
        }
        guard let expiresAt else { return nil }
        let servedUntil = expiresAt - (forced ? 0 : options.cacheSkewSeconds)
        guard servedUntil > now else { return nil }
        // Refresh somewhere in the window's later half, so a fleet does not refresh together;
        // never in more than the last half of the token's remaining life.
        let window = min(options.cacheRefreshWindowSeconds, (servedUntil - now) / 2)
        let refreshAt = servedUntil - (window > 0 ? Int.random(in: window / 2...window) : 0)
        return TokenCache.Entry(token: token, expiresAt: expiresAt + (forced ? options.cacheSkewSeconds : 0),
                                refreshAt: refreshAt, forcedTTL: forced, lastUsed: 0)
    }

    /// One refresh of a still-valid cached token, off the caller's thread. A failure keeps
    /// the old token served until it expires; the next hit after a pause tries again.
    private func refreshInBackground(_ key: TokenCache.Key) {
        let started = BackgroundThread.start { [self] in
            let now = Int(time(nil))
            let deadline = Deadline(fromNow: options.timeoutMilliseconds)
            let entry = try? cacheEntry(for: fetch(key.kind, userID: key.userID, deadline: deadline), now: now)
            Log.emit(entry == nil ? .warning : .info,
                     "cache refresh of \(key.kind) of \(PathSegment.encode(key.userID)) \(entry == nil ? "failed; the cached token stays in use" : "done")")
            TokenCache.shared.finishRefresh(key, entry: entry, retryAt: now + 10)
        }
        if !started { TokenCache.shared.finishRefresh(key, entry: nil, retryAt: Int(time(nil)) + 10) }
    }

    private func fetch(_ kind: TokenCache.Kind, userID: String, deadline: Deadline) throws(Base44Error) -> String {
        let endpoint: Endpoint = kind == .accessToken ? .accessToken(userID: userID) : .idToken(userID: userID)
        let answer = try send(endpoint, deadline: deadline)
        return try ResponseInterpretation.token(
            from: answer.body, field: kind == .accessToken ? "access_token" : "id_token", endpoint: endpoint,
            status: answer.status)
    }

    deinit { asyncQueue.shutdown() }

    /// Sends one call, retrying what is worth retrying, until a 2xx answer or a final error.
    private func send(_ endpoint: Endpoint, deadline: Deadline) throws(Base44Error) -> HTTPAnswer {
        let headers = endpoint.usesServiceCredentials ? serviceHeaders : userHeaders
        guard let headers else {
            throw .config(endpoint.usesServiceCredentials ? "service_token is not set" : "user_token is not set")
        }
        let path = endpoint.pathBytes(apiPath: apiPath)
        var retries = 0
        while true {
            let (result, requestedWait) = try attempt(path: path, headers: headers, deadline: deadline)
            switch result {
            case .success(let answer):
                return answer
            case .failure(let error, let retryable):
                guard retryable, retries < retryPolicy.maxRetries else { throw logged(error, endpoint) }
                // Retry-After is honoured as asked; without it, jittered backoff. A wait that
                // would pass the deadline is not started: the caller gets the error now.
                let wait = requestedWait ?? retryPolicy.backoff(retry: retries)
                if deadline.isReached(after: wait) { throw logged(error, endpoint) }
                retries += 1
                counters.retries.increment()
                Log.emit(.info, "retry \(retries) of \(retryPolicy.maxRetries) in \(wait.wholeMilliseconds) ms after \(error)")
                Deadline.sleep(wait)
            }
        }
    }

    private func logged(_ error: Base44Error, _ endpoint: Endpoint) -> Base44Error {
        Log.emit(.warning, "\(endpoint.answerName) request failed: \(error)")
        return error
    }

    private enum AttemptResult {
        case success(HTTPAnswer)
        case failure(Base44Error, retryable: Bool)
    }

    /// One exchange with the server, and what it means.
    private func attempt(path: [UInt8], headers: HeaderList, deadline: Deadline) throws(Base44Error)
        -> (AttemptResult, Duration?)
    {
        let remaining = deadline.remainingMilliseconds
        if remaining == 0 { throw Base44Error(.timeout, "the deadline of \(options.timeoutMilliseconds) ms passed") }
        let easy = try pool.checkOut()
        counters.requests.increment()
        let outcome = easy.perform(
            path: path, headers: headers, timeoutMilliseconds: remaining,
            connectTimeoutMilliseconds: min(options.connectTimeoutMilliseconds, remaining))
        pool.checkIn(easy)
        if Log.enabled(.debug) {
            Log.emit(.debug, "GET \(String(decoding: path.dropLast(), as: UTF8.self)) -> \(outcome.summary)")
        }

        switch outcome {
        case .answered(let answer) where (200..<300).contains(answer.status):
            return (.success(answer), nil)
        case .answered(let answer):
            let error = ResponseInterpretation.apiError(
                status: answer.status, body: answer.body, connectorError: answer.connectorError, redactor: redactor)
            return (.failure(error, retryable: RetryPolicy.isRetryable(status: answer.status)),
                    RetryPolicy.retryAfter(answer.retryAfter))
        case .failed(let code, let detail, let status, let bodyTooLarge):
            let meaning = CurlFailure.classify(code, detail: detail, bodyTooLarge: bodyTooLarge)
            let error = Base44Error(meaning.kind, redactor.redact(meaning.message), httpStatus: bodyTooLarge ? status : 0)
            return (.failure(error, retryable: meaning.retryable), nil)
        }
    }
}
