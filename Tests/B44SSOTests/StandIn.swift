import Foundation
import Synchronization
@testable import B44SSO

/// The project's stand-in Base44 API (Tests/StandIn/base44_standin.py) on a free loopback port.
/// Most tests share one; tests that count connections or requests start their own. Each
/// exits when its stdin closes, so none outlives the test process.
final class StandIn: Sendable {
    static let shared: StandIn = {
        do { return try StandIn() } catch { fatalError("cannot start the stand-in: \(error)") }
    }()

    /// A stand-in of the caller's own, stopped when the returned object goes away.
    /// `arguments` are added to its command line (e.g. TLS certificates).
    static func dedicated(_ arguments: [String] = [], scheme: String = "http") throws -> StandIn {
        try StandIn(arguments, scheme: scheme)
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    static let appID = "app-test"
    static let serviceToken = "svc-test-token-7f3a9c"

    let url: String
    let port: Int
    private let process: Process
    private let stdin: Pipe

    private init(_ arguments: [String] = [], scheme: String = "http") throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StandIn/base44_standin.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--port", "0", "--exit-on-stdin-eof"] + arguments
        let stdout = Pipe()
        stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        var line = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "READY", let port = Int(words[1]) else {
            throw POSIXError(.EIO)
        }
        self.port = port
        url = "\(scheme)://127.0.0.1:\(port)"
    }

    /// Options for a client of this stand-in, service token set.
    func options(userToken: String? = nil, _ extra: [String: String] = [:]) -> ClientOptions {
        var options = ClientOptions()
        options.appID = Self.appID
        options.serviceToken = Secret(Self.serviceToken)
        options.userToken = userToken.map(Secret.init)
        options.serverURL = try! ServerURL(parsing: url)
        for (key, value) in extra { try! options.set(key, to: value) }
        return options
    }

    func client(userToken: String? = nil, _ extra: [String: String] = [:]) throws(Base44Error) -> Base44Client {
        try Base44Client(options: options(userToken: userToken, extra))
    }

    // MARK: admin routes

    struct Stats: Decodable {
        let connections: Int
        let requests: Int
        let redirect_target_hits: Int
    }

    struct RecordedRequest: Decodable {
        let method: String
        let path: String
        let headers: [String: String]
    }

    func stats() throws -> Stats { try JSONDecoder().decode(Stats.self, from: adminGet("/__admin/stats")) }

    func requests() throws -> [RecordedRequest] {
        try JSONDecoder().decode([RecordedRequest].self, from: adminGet("/__admin/requests"))
    }

    /// The last request whose path ends with `suffix`.
    func lastRequest(pathSuffix suffix: String) throws -> RecordedRequest? {
        try requests().last { $0.path.hasSuffix(suffix) }
    }

    struct AdminRequestFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// GETs an admin route with the curl tool (not the library under test). Retries: with
    /// dozens of tests running at once, a connection may fail for reasons that are not the
    /// test's. A failure names curl's own message rather than handing on empty data.
    private func adminGet(_ path: String) throws -> Data {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sSfk", "--retry", "3", "--retry-all-errors", "--max-time", "30", "\(url)\(path)"]
        let out = Pipe()
        let err = Pipe()
        curl.standardOutput = out
        curl.standardError = err
        try curl.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        guard curl.terminationStatus == 0 else {
            throw AdminRequestFailed(
                description: "curl \(path) exited \(curl.terminationStatus): \(String(decoding: message, as: UTF8.self))")
        }
        return data
    }
}

/// A scenario user id that no other test shares, so `times=` counters start fresh.
func scenario(_ query: String) -> String {
    "!\(query)&tag=\(UInt64.random(in: 0...UInt64.max))"
}

/// Seconds spent running `body`.
func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let duration = start.duration(to: clock.now)
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
