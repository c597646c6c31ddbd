import Glibc

/// A client of the Base44 SSO API. Safe to share between threads; calls block until they
/// have an answer, an error, or the deadline (`timeoutMilliseconds`, retries included).
public final class Base44Client: Sendable {
    public let options: ClientOptions
    private let pool: HandlePool
    private let serverPrefix: String
    /// Request headers of SSO calls (service token) and of `me` (user token); nil without one.
    private let serviceHeaders: HeaderList?
    private let userHeaders: HeaderList?
    private let redactor: Redactor
    private let retryPolicy: RetryPolicy

    /// Creates a client; nothing is sent yet. Throws `.config` for missing or unsafe settings.
    public init(options: ClientOptions) throws(Base44Error) {
        try options.validate()
        if let caFile = options.caFile, access(caFile, R_OK) != 0 {
            throw .config("ca_file cannot be read")
        }
        self.options = options
        serverPrefix = options.serverURL.description
        redactor = Redactor(secrets: [options.serviceToken, options.userToken])
        retryPolicy = RetryPolicy(maxRetries: options.maxRetries)
        pool = HandlePool(
            settings: TransferSettings(
                caFile: options.caFile, proxy: options.proxy,
                userAgent: options.userAgent.map { "\(B44SSOVersion.userAgent) \($0)" } ?? B44SSOVersion.userAgent,
                connectTimeoutMilliseconds: options.connectTimeoutMilliseconds))

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
    public func accessToken(forUserID userID: String) throws(Base44Error) -> String {
        try InputValidation.checkUserID(userID.utf8)
        let answer = try send(.accessToken(userID: userID))
        return try ResponseInterpretation.token(
            from: answer.body, field: "access_token", endpoint: .accessToken(userID: userID), status: answer.status)
    }

    /// The OIDC ID token Base44 holds for `userID`. Needs a service token.
    public func idToken(forUserID userID: String) throws(Base44Error) -> String {
        try InputValidation.checkUserID(userID.utf8)
        let answer = try send(.idToken(userID: userID))
        return try ResponseInterpretation.token(
            from: answer.body, field: "id_token", endpoint: .idToken(userID: userID), status: answer.status)
    }

    /// The user who owns the user token, as the JSON object text Base44 sent.
    public func currentUserJSON() throws(Base44Error) -> String {
        let answer = try send(.currentUser)
        return try ResponseInterpretation.userJSON(from: answer.body, status: answer.status)
    }

    /// Sends one call, retrying what is worth retrying, until a 2xx answer or a final error.
    private func send(_ endpoint: Endpoint) throws(Base44Error) -> HTTPAnswer {
        let headers = endpoint.usesServiceCredentials ? serviceHeaders : userHeaders
        guard let headers else {
            throw .config(endpoint.usesServiceCredentials ? "service_token is not set" : "user_token is not set")
        }
        let url = serverPrefix + endpoint.path(appID: options.appID ?? "")
        let deadline = Deadline(fromNow: options.timeoutMilliseconds)
        var retries = 0
        while true {
            let (result, requestedWait) = try attempt(url: url, headers: headers, deadline: deadline)
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
    private func attempt(url: String, headers: HeaderList, deadline: Deadline) throws(Base44Error)
        -> (AttemptResult, Duration?)
    {
        let remaining = deadline.remainingMilliseconds
        if remaining == 0 { throw Base44Error(.timeout, "the deadline of \(options.timeoutMilliseconds) ms passed") }
        let easy = try pool.checkOut()
        let outcome = easy.perform(
            url: url, headers: headers, timeoutMilliseconds: remaining,
            connectTimeoutMilliseconds: min(options.connectTimeoutMilliseconds, remaining))
        pool.checkIn(easy)
        if Log.enabled(.debug) { Log.emit(.debug, "GET \(url.dropFirst(serverPrefix.count)) -> \(outcome.summary)") }

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
