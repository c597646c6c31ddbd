import Testing
@testable import B44SSO

@Suite struct ClientOptionsTests {
    @Test func everyKeyIsAccepted() throws {
        var options = ClientOptions()
        let values = [
            "app_id": "a", "service_token": "s", "user_token": "u", "server_url": "https://h", "state": "st",
            "data_env": "dev", "timeout_ms": "1000", "connect_timeout_ms": "500", "max_retries": "0", "ca_file": "/x",
            "proxy": "http://127.0.0.1:3128", "user_agent": "ua/1", "cache": "off", "cache_ttl_s": "30",
            "cache_skew_s": "5", "cache_refresh_s": "100", "cache_max_entries": "50", "max_connections": "3",
        ]
        #expect(Set(values.keys) == Set(ClientOptions.keys))
        for key in ClientOptions.keys { try options.set(key, to: values[key] ?? "") }
        #expect(options.appID == "a" && options.serviceToken == Secret("s") && options.userToken == Secret("u"))
        #expect(options.serverURL.host == "h" && options.state == "st" && options.dataEnvironment == .dev)
        #expect(options.timeoutMilliseconds == 1000 && options.connectTimeoutMilliseconds == 500 && options.maxRetries == 0)
        #expect(options.caFile == "/x" && options.proxy == "http://127.0.0.1:3128" && options.userAgent == "ua/1")
        #expect(options.cache == .off && options.cacheTTLSeconds == 30 && options.cacheSkewSeconds == 5)
        #expect(options.cacheRefreshWindowSeconds == 100 && options.cacheMaxEntries == 50 && options.maxConnections == 3)
    }

    @Test func defaults() {
        let options = ClientOptions()
        #expect(options.serverURL == .base44 && options.timeoutMilliseconds == 15_000)
        #expect(options.connectTimeoutMilliseconds == 5_000 && options.maxRetries == 2 && options.cache == .auto)
        #expect(options.cacheTTLSeconds == nil && options.cacheSkewSeconds == 60 && options.cacheRefreshWindowSeconds == 300)
        #expect(options.cacheMaxEntries == 10_000 && options.maxConnections == 8)
    }

    @Test(arguments: [
        ("colour", "red"), ("timeout_ms", "0"), ("timeout_ms", "ten"), ("timeout_ms", "600001"),
        ("connect_timeout_ms", "-1"), ("max_retries", "11"), ("data_env", "staging"), ("cache", "on"),
        ("app_id", ""), ("service_token", ""), ("server_url", "base44.app"), ("state", "a\r\nX-Evil: 1"),
        ("user_agent", "ua\n"), ("service_token", "tok\r\n"),
    ])
    func badKeysAndValuesNameTheKey(_ key: String, _ value: String) {
        var options = ClientOptions()
        do {
            try options.set(key, to: value)
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            #expect(error.kind == .invalidArgument)
            #expect(error.message.contains(key))
            // A value may be a secret: messages name the key only.
            if key.hasSuffix("token") && !value.isEmpty { #expect(!error.message.contains(value)) }
        }
    }

    @Test func clientCreationNeedsAppIDAndAToken() throws {
        var options = ClientOptions()
        #expect(throws: Base44Error.config("app_id is not set")) { try Base44Client(options: options) }
        options.appID = "app"
        #expect(throws: Base44Error.config("neither service_token nor user_token is set")) { try Base44Client(options: options) }
        options.userToken = Secret("u")
        _ = try Base44Client(options: options)
    }

    @Test func plainHTTPOnlyToLoopback() throws {
        var options = ClientOptions()
        options.appID = "app"
        options.serviceToken = Secret("s")
        try options.set("server_url", to: "http://example.invalid")
        do {
            _ = try Base44Client(options: options)
            Issue.record("http to a remote host was accepted")
        } catch {
            #expect(error.kind == .config && error.message.contains("https"))
        }
        try options.set("server_url", to: "http://127.0.0.1:1")
        _ = try Base44Client(options: options)
    }

    @Test func unreadableCAFileIsConfig() {
        var options = ClientOptions()
        options.appID = "app"
        options.serviceToken = Secret("s")
        options.caFile = "/nonexistent/ca.pem"
        #expect(throws: Base44Error.config("ca_file cannot be read")) { try Base44Client(options: options) }
    }

    @Test func secretsNeverPrint() {
        #expect(!"\(Secret("hunter2-token"))".contains("hunter2"))
        var options = ClientOptions()
        options.serviceToken = Secret("hunter2-token")
        #expect(!"\(options)".contains("hunter2"))
    }
}

@Suite struct EnvironmentTests {
    @Test func readsTheFiveVariables() throws {
        let options = try ClientOptions.fromEnvironment([
            "BASE44_APP_ID": "app", "BASE44_SERVICE_TOKEN": "svc", "BASE44_USER_TOKEN": "usr",
            "BASE44_API_URL": "http://127.0.0.1:9", "BASE44_CA_FILE": "/ca.pem", "BASE44_OTHER": "x",
        ])
        #expect(options.appID == "app" && options.serviceToken == Secret("svc") && options.userToken == Secret("usr"))
        #expect(options.serverURL.port == 9 && options.caFile == "/ca.pem")
    }

    @Test func emptyVariablesAreSkippedAndBadOnesNamed() throws {
        let options = try ClientOptions.fromEnvironment(["BASE44_APP_ID": "", "BASE44_API_URL": ""])
        #expect(options.appID == nil && options.serverURL == .base44)
        do {
            _ = try ClientOptions.fromEnvironment(["BASE44_API_URL": "nope"])
            Issue.record("a bad URL was accepted")
        } catch {
            #expect(error.kind == .invalidArgument && error.message.contains("BASE44_API_URL"))
        }
    }
}

@Suite struct RequestHeaderTests {
    func headers(_ pairs: [(String, String)]) throws(Base44Error) -> ClientOptions {
        try ClientOptions.fromRequestHeaders(pairs.map { (name: $0.0, value: $0.1) })
    }

    @Test func readsThePlatformHeadersCaseInsensitively() throws {
        let options = try headers([
            ("BASE44-APP-ID", "app"), ("base44-service-authorization", "Bearer svc"), ("AUTHORIZATION", "Bearer usr"),
            ("Base44-Api-Url", "http://127.0.0.1:5"), ("base44-state", "signed"), ("X-Data-Env", "prod"),
            ("Base44-Functions-Version", "v9"), ("X-Unrelated", "1"),
        ])
        #expect(options.appID == "app" && options.serviceToken == Secret("svc") && options.userToken == Secret("usr"))
        #expect(options.serverURL.port == 5 && options.state == "signed" && options.dataEnvironment == .prod)
    }

    @Test func onlyDevAndProdDataEnvironmentsAreForwarded() throws {
        #expect(try headers([("Base44-App-Id", "a"), ("X-Data-Env", "staging")]).dataEnvironment == nil)
        #expect(try headers([("Base44-App-Id", "a"), ("X-Data-Env", "dev")]).dataEnvironment == .dev)
    }

    @Test func missingAppIDIsConfig() {
        #expect(throws: Base44Error.config("request header Base44-App-Id is missing")) {
            try headers([("Authorization", "Bearer u")])
        }
    }

    @Test(arguments: ["bearer t", "Bearer", "Bearer ", "Bearer  t", "Bearer t x", "Basic t", "t", "", "Bearer t\r\n"])
    func bearerMustBeExact(_ value: String) {
        for name in ["Authorization", "Base44-Service-Authorization"] {
            do {
                _ = try headers([("Base44-App-Id", "a"), (name, value)])
                Issue.record("\(name): '\(value)' was accepted")
            } catch {
                #expect(error.kind == .invalidArgument && error.message.contains(name))
            }
        }
    }
}
