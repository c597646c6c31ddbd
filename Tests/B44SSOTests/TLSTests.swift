import Foundation
import Testing
@testable import B44SSO

/// A certificate authority and server certificates made for the test run with openssl.
final class TestPKI: Sendable {
    static let shared: TestPKI = {
        do { return try TestPKI() } catch { fatalError("cannot make test certificates: \(error)") }
    }()

    let directory: String
    var caFile: String { directory + "/ca.pem" }
    var otherCAFile: String { directory + "/other-ca.pem" }
    /// Certificate and key for 127.0.0.1, signed by the CA.
    var loopback: (cert: String, key: String) { (directory + "/loopback.pem", directory + "/loopback.key") }
    /// Certificate and key for another host name only, signed by the CA.
    var otherHost: (cert: String, key: String) { (directory + "/other.pem", directory + "/other.key") }

    private init() throws {
        directory = NSTemporaryDirectory() + "b44sso-pki-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try makeCA("ca", subject: "/CN=b44sso test CA")
        try makeCA("other-ca", subject: "/CN=unrelated CA")
        try makeServer("loopback", subjectAltName: "IP:127.0.0.1")
        try makeServer("other", subjectAltName: "DNS:other.example")
    }

    private func makeCA(_ name: String, subject: String) throws {
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", subject,
                     "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
    }

    private func makeServer(_ name: String, subjectAltName: String) throws {
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)",
                     "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr"])
        try "subjectAltName=\(subjectAltName)\n".write(toFile: "\(directory)/\(name).ext", atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", caFile, "-CAkey", "\(directory)/ca.key",
                     "-CAcreateserial", "-days", "2", "-extfile", "\(directory)/\(name).ext", "-out", "\(directory)/\(name).pem"])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw POSIXError(.EIO) }
    }
}

@Suite struct TLSTests {
    let pki = TestPKI.shared

    func server(_ certificate: (cert: String, key: String), _ extra: [String] = []) throws -> StandIn {
        try StandIn.dedicated(["--tls-cert", certificate.cert, "--tls-key", certificate.key] + extra, scheme: "https")
    }

    func fetch(from server: StandIn, _ extra: [String: String]) throws(Base44Error) -> String {
        try server.client(["max_retries": "0"].merging(extra) { $1 }).accessToken(forUserID: "tls-user")
    }

    @Test func caFileMakesTheServerTrusted() throws {
        let server = try server(pki.loopback)
        #expect(try fetch(from: server, ["ca_file": pki.caFile]) == "at-tls-user")
    }

    @Test func unknownCAIsRefused() throws {
        let server = try server(pki.loopback)
        for extra in [[:], ["ca_file": pki.otherCAFile]] {
            do {
                _ = try fetch(from: server, extra)
                Issue.record("a certificate from an unknown CA was accepted")
            } catch {
                #expect(error.kind == .tls && error.httpStatus == 0)
            }
        }
        #expect(try server.stats().requests == 0)
    }

    @Test func certificateForAnotherHostIsRefused() throws {
        let server = try server(pki.otherHost)
        do {
            _ = try fetch(from: server, ["ca_file": pki.caFile])
            Issue.record("a certificate for another host name was accepted")
        } catch {
            #expect(error.kind == .tls)
        }
        #expect(try server.stats().requests == 0)
    }

    @Test func tlsBelowOnePointTwoIsRefused() throws {
        let server = try server(pki.loopback, ["--tls-max-version", "1.1"])
        do {
            _ = try fetch(from: server, ["ca_file": pki.caFile])
            Issue.record("TLS 1.1 was accepted")
        } catch {
            #expect(error.kind == .tls)
        }
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeConnecting() throws {
        var options = StandIn.shared.options()
        try options.set("server_url", to: "http://203.0.113.7:9")
        do {
            _ = try Base44Client(options: options)
            Issue.record("http to a non-loopback host was accepted")
        } catch {
            #expect(error.kind == .config)
        }
    }
}
