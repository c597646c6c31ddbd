import B44SSO

/// What the command line asks for.
struct Invocation {
    enum Command: Equatable {
        case accessToken(userID: String)
        case idToken(userID: String)
        case currentUser
        case version
        case help
    }

    let command: Command
    /// Option keys and values given as flags, in order.
    let overrides: [(key: String, value: String)]

    struct UsageError: Error {
        let message: String
    }

    init(arguments: [String]) throws(UsageError) {
        var overrides: [(String, String)] = []
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" {
                self.init(command: .help, overrides: [])
                return
            }
            guard argument.hasPrefix("--") else {
                words.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let key = name.replacing("-", with: "_")
            guard ClientOptions.keys.contains(key) else { throw UsageError(message: "unknown option --\(name)") }
            if value == nil {
                guard index < arguments.count else { throw UsageError(message: "--\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            overrides.append((key, value ?? ""))
        }
        self.init(command: try Self.command(from: words), overrides: overrides)
    }

    private init(command: Command, overrides: [(key: String, value: String)]) {
        self.command = command
        self.overrides = overrides
    }

    private static func command(from words: [String]) throws(UsageError) -> Command {
        switch (words.first, words.count) {
        case ("token", 2): return .accessToken(userID: words[1])
        case ("id-token", 2): return .idToken(userID: words[1])
        case ("me", 1): return .currentUser
        case ("version", 1): return .version
        case (nil, _): throw UsageError(message: "no command given")
        case ("token", _), ("id-token", _): throw UsageError(message: "\(words[0]) takes exactly one USER_ID")
        default: throw UsageError(message: "unknown command '\(words.joined(separator: " "))'")
        }
    }
}
