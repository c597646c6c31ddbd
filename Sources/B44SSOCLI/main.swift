import B44SSO
import Glibc

/// Runs the invocation; the result text for stdout, or the error.
func run(_ invocation: Invocation) throws(Base44Error) -> String {
    var options = try ClientOptions.fromProcessEnvironment()
    for (key, value) in invocation.overrides { try options.set(key, to: value) }
    switch invocation.command {
    case .help: return Usage.text
    case .version: return B44SSOVersion.string.description
    case .accessToken(let userID): return try Base44Client(options: options).accessToken(forUserID: userID)
    case .idToken(let userID): return try Base44Client(options: options).idToken(forUserID: userID)
    case .currentUser: return try Base44Client(options: options).currentUserJSON()
    }
}

func printError(_ text: String) {
    let line = Array("b44-sso: \(text)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

do {
    let invocation = try Invocation(arguments: Array(CommandLine.arguments.dropFirst()))
    do {
        print(try run(invocation))
        exit(0)
    } catch {
        printError(error.description)
        exit(Usage.exitStatus(for: error.kind))
    }
} catch {
    printError("\(error.message) (see --help)")
    exit(Usage.usageExitStatus)
}
