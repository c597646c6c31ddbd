import Glibc

/// Client options read from the places a backend finds them: its environment, or the
/// headers the Base44 platform puts on a request to a backend function.
extension ClientOptions {
    /// The variables `fromEnvironment` reads, and the option each sets.
    public static let environmentVariables = [
        "BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN", "BASE44_API_URL", "BASE44_CA_FILE",
    ]
    private static let environmentKeys = ["app_id", "service_token", "user_token", "server_url", "ca_file"]

    /// Options from `BASE44_APP_ID`, `BASE44_SERVICE_TOKEN`, `BASE44_USER_TOKEN`,
    /// `BASE44_API_URL` and `BASE44_CA_FILE`. Unset or empty variables are skipped.
    public static func fromEnvironment(_ environment: [String: String]) throws(Base44Error) -> ClientOptions {
        var options = ClientOptions()
        for (variable, key) in zip(environmentVariables, environmentKeys) {
            guard let value = environment[variable], !value.isEmpty else { continue }
            do {
                try options.set(key, to: value)
            } catch {
                throw Base44Error(error.kind, "\(variable): \(error.message)")
            }
        }
        return options
    }

    /// Options from the headers of an incoming platform request, as the JavaScript SDK's
    /// `createClientFromRequest` reads them. Names are case-insensitive; unknown ones ignored.
    public static func fromRequestHeaders(_ headers: [(name: String, value: String)]) throws(Base44Error)
        -> ClientOptions
    {
        var byName: [String: String] = [:]
        for header in headers { byName[header.name.lowercased()] = header.value }

        var options = ClientOptions()
        guard let appID = byName["base44-app-id"], !appID.isEmpty else {
            throw .config("request header Base44-App-Id is missing")
        }
        try options.set("app_id", to: appID)
        if let value = byName["base44-service-authorization"] {
            options.serviceToken = Secret(try bearerToken(value, header: "Base44-Service-Authorization"))
        }
        if let value = byName["authorization"] {
            options.userToken = Secret(try bearerToken(value, header: "Authorization"))
        }
        if let url = byName["base44-api-url"], !url.isEmpty { try options.set("server_url", to: url) }
        if let state = byName["base44-state"], !state.isEmpty { try options.set("state", to: state) }
        // Only the two environments the platform knows are forwarded; anything else is dropped.
        if let environment = byName["x-data-env"] { options.dataEnvironment = DataEnvironment(rawValue: environment) }
        return options
    }

    /// The token of a `Bearer <token>` header: exactly two parts separated by one space.
    private static func bearerToken(_ value: String, header: String) throws(Base44Error) -> String {
        try InputValidation.checkHeaderValue(value, name: "request header \(header)")
        // Split bytes, not Characters: a combining mark must not glue a space to its neighbour.
        let parts = value.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].elementsEqual("Bearer".utf8), !parts[1].isEmpty else {
            throw .invalidArgument("request header \(header) must be 'Bearer <token>'")
        }
        return String(decoding: parts[1], as: UTF8.self)
    }
}

extension ClientOptions {
    /// Options from this process's environment variables (see `fromEnvironment`).
    public static func fromProcessEnvironment() throws(Base44Error) -> ClientOptions {
        var environment: [String: String] = [:]
        for name in environmentVariables {
            guard let value = getenv(name) else { continue }
            environment[name] = try ForeignText.decode(
                UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)),
                name: name)
        }
        return try fromEnvironment(environment)
    }
}
