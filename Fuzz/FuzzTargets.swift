// libFuzzer targets for the B44SSO core.
//
// Compiled together with Sources/B44SSO/*.swift into one module (see Fuzz/build.sh), so the
// internal API (JSONValue, ResponseInterpretation, Redactor, ...) is reachable without
// @testable. One binary holds every target; B44SSO_FUZZ_TARGET picks the one that runs.
//
// A target fails (and libFuzzer saves a reproducer) when the core traps, or when one of
// the invariants below does not hold: those call `violated`, which traps with a message.

import Glibc

/// The targets, by the name given in B44SSO_FUZZ_TARGET.
private let fuzzTargets: [String: ([UInt8]) -> Void] = [
    "json": fuzzJSON,
    "success-body": fuzzSuccessBody,
    "error-body": fuzzErrorBody,
    "request-headers": fuzzRequestHeaders,
    "options": fuzzOptions,
]

private let selectedTarget: ([UInt8]) -> Void = {
    guard let raw = getenv("B44SSO_FUZZ_TARGET") else {
        fputs("b44sso-fuzz: set B44SSO_FUZZ_TARGET to one of: \(fuzzTargets.keys.sorted().joined(separator: ", "))\n", stderr)
        exit(2)
    }
    let name = String(cString: raw)
    guard let target = fuzzTargets[name] else {
        fputs("b44sso-fuzz: unknown target '\(name)'; known: \(fuzzTargets.keys.sorted().joined(separator: ", "))\n", stderr)
        exit(2)
    }
    return target
}()

/// Checks B44SSO_FUZZ_TARGET before libFuzzer runs anything, so a wrong name is an exit
/// status 2 with a message, not a "crash" with an artifact.
@_cdecl("LLVMFuzzerInitialize")
public func LLVMFuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
    _ = selectedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget(bytes)
    return 0
}

// MARK: - Invariant helpers

private func violated(_ what: String, file: StaticString = #file, line: UInt = #line) -> Never {
    fputs("b44sso-fuzz: INVARIANT VIOLATED: \(what)\n", stderr)
    fatalError(what, file: file, line: line)
}

/// True when `haystack` holds `needle` byte for byte. Deliberately not String.contains:
/// that compares grapheme clusters, and the point is to see the bytes a caller would see.
private func containsBytes(_ haystack: String, _ needle: [UInt8]) -> Bool {
    let bytes = Array(haystack.utf8)
    guard !needle.isEmpty, bytes.count >= needle.count else { return needle.isEmpty }
    var start = 0
    while start + needle.count <= bytes.count {
        if bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        start += 1
    }
    return false
}

private func hasControlCharacter(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
}

/// Every error the library hands out promises a one-line message (Base44Error.message).
private func checkErrorShape(_ error: Base44Error, _ context: String) {
    if hasControlCharacter(error.message) { violated("\(context): error message holds a control character: \(error.message.debugDescription)") }
    if let code = error.apiCode, hasControlCharacter(code) { violated("\(context): apiCode holds a control character") }
}

/// Splits `bytes` into lines on LF (a CR before it is dropped).
private func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
        line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
}

/// Splits a line at the first `separator`; nil when there is none.
private func pair(_ line: ArraySlice<UInt8>, _ separator: UInt8) -> (ArraySlice<UInt8>, ArraySlice<UInt8>)? {
    guard let cut = line.firstIndex(of: separator) else { return nil }
    return (line[line.startIndex..<cut], line[(cut + 1)...])
}

private func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

// MARK: - json

/// JSONValue.parse must throw or succeed for any bytes; a parsed value must survive being
/// written back out and parsed again; an error's offset lies within the input.
private func fuzzJSON(_ bytes: [UInt8]) {
    let value: JSONValue
    do {
        value = try JSONValue.parse(bytes)
    } catch {
        if error.offset < 0 || error.offset > bytes.count {
            violated("syntax error offset \(error.offset) outside the \(bytes.count)-byte input")
        }
        return
    }
    let encoded = encodeJSON(value)
    let again: JSONValue
    do {
        again = try JSONValue.parse(encoded)
    } catch {
        violated("re-encoded value does not parse: \(error.reason) at \(error.offset) in \(String(decoding: encoded, as: UTF8.self).debugDescription)")
    }
    if again != value { violated("re-encoded value parses to a different value") }
    // Lookups on any value must be safe.
    _ = value["access_token"]?.stringValue
}

/// Minimal JSON writer for the round-trip check: strings escaped, numbers kept as text.
private func encodeJSON(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    func string(_ text: String) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
    func write(_ value: JSONValue) {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let flag): out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .number(let number): out.append(contentsOf: Array(number.utf8))
        case .string(let text): string(text)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (name, member)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(name)
                out.append(UInt8(ascii: ":"))
                write(member)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
    write(value)
    return out
}

// MARK: - success-body

/// The 2xx interpretation must return or throw Base44Error (.protocol, with the status) for
/// any body; a token is never empty; a user answer is an object, returned as sent.
private func fuzzSuccessBody(_ bytes: [UInt8]) {
    let status = 200
    let calls: [(String, Endpoint)] = [
        ("access_token", .accessToken(userID: "user-1")),
        ("id_token", .idToken(userID: "user-1")),
    ]
    for (field, endpoint) in calls {
        do {
            let token = try ResponseInterpretation.token(from: bytes, field: field, endpoint: endpoint, status: status)
            if token.isEmpty { violated("token(from:) returned an empty token") }
            let value = try? JSONValue.parse(bytes)
            guard let value, value.stringValue == token || value[field]?.stringValue == token else {
                violated("token(from:) returned a token the body does not hold")
            }
        } catch {
            if error.kind != .protocol || error.httpStatus != status {
                violated("token(from:) threw \(error.kind) / HTTP \(error.httpStatus); expected .protocol / \(status)")
            }
            checkErrorShape(error, "token(from:)")
        }
    }
    do {
        let user = try ResponseInterpretation.userJSON(from: bytes, status: status)
        guard case .object = try? JSONValue.parse(bytes) else { violated("userJSON returned a body that is not an object") }
        if user != String(decoding: bytes, as: UTF8.self) { violated("userJSON did not return the body as sent") }
    } catch {
        if error.kind != .protocol || error.httpStatus != status {
            violated("userJSON threw \(error.kind) / HTTP \(error.httpStatus); expected .protocol / \(status)")
        }
        checkErrorShape(error, "userJSON")
    }
}

// MARK: - error-body

/// The secret the error-body target's redactor holds. Seeds contain it (Fuzz/corpus/error-body).
let fuzzSecret = "s3cr3t-T0KEN-abc123"
private let fuzzRedactor = Redactor(secrets: [Secret(fuzzSecret), Secret("short"), nil])
private let fuzzSecretBytes = Array(fuzzSecret.utf8)
private let errorStatuses = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 418]

/// apiError must never trap, and must never hand a held secret back: not in the message, the
/// API code or the body. The body is also sent as the X-Base44-Connector-Error value, so the
/// header path of apiCode is covered too.
private func fuzzErrorBody(_ bytes: [UInt8]) {
    let status = errorStatuses[bytes.count % errorStatuses.count]
    for connectorError in [nil, String(decoding: bytes, as: UTF8.self)] {
        let error = ResponseInterpretation.apiError(
            status: status, body: bytes, connectorError: connectorError, redactor: fuzzRedactor)
        for (part, value) in [("message", error.message), ("apiCode", error.apiCode), ("body", error.body)] {
            if let value, containsBytes(value, fuzzSecretBytes) {
                violated("apiError leaked the secret in its \(part): \(value.debugDescription)")
            }
        }
        if error.kind != Base44Error.Kind(httpStatus: status) || error.httpStatus != status {
            violated("apiError kind/status \(error.kind)/\(error.httpStatus) for HTTP \(status)")
        }
        if let body = error.body, body.utf8.count > ResponseInterpretation.errorBodyLimit {
            violated("apiError body is \(body.utf8.count) bytes; the cap is \(ResponseInterpretation.errorBodyLimit)")
        }
        if bytes.isEmpty != (error.body == nil) { violated("apiError body is nil exactly when the answer's body is empty") }
        checkErrorShape(error, "apiError")
    }
}

// MARK: - request-headers

/// Input: header lines "Name: value" (LF or CRLF); the value is trimmed of spaces and tabs as
/// an HTTP server would. fromRequestHeaders must return or throw; a client made from what
/// it returns must be created or refused without trapping.
private func fuzzRequestHeaders(_ bytes: [UInt8]) {
    var headers: [(name: String, value: String)] = []
    for line in lines(bytes) {
        guard let (name, value) = pair(line, UInt8(ascii: ":")) else { continue }
        let isBlank = { (b: UInt8) in b == 0x20 || b == 0x09 }
        let trimmed = value.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
        headers.append((name: text(name), value: String(decoding: Array(trimmed), as: UTF8.self)))
    }
    let options: ClientOptions
    do {
        options = try ClientOptions.fromRequestHeaders(headers)
    } catch {
        checkErrorShape(error, "fromRequestHeaders")
        return
    }
    guard let appID = options.appID, !appID.isEmpty else { violated("fromRequestHeaders accepted headers without an app id") }
    if hasControlCharacter(appID) { violated("fromRequestHeaders accepted an app id with a control character") }
    checkServerURL(options.serverURL)
    makeClient(options, "request-headers")
}

// MARK: - options

/// Input: lines "key=value", each given to ClientOptions.set (errors ignored), then a client
/// is created from the result. Nothing is sent: creating a client makes no connection.
private func fuzzOptions(_ bytes: [UInt8]) {
    var options = ClientOptions()
    for line in lines(bytes) {
        guard let (key, value) = pair(line, UInt8(ascii: "=")) else { continue }
        let valueText = text(value)
        do {
            try options.set(text(key), to: valueText)
        } catch {
            checkErrorShape(error, "set")
            // Messages name the key, never the value (it may be a token).
            let keyText = text(key)
            if (keyText == "service_token" || keyText == "user_token") && !valueText.isEmpty
                && containsBytes(error.message, Array(valueText.utf8))
            {
                violated("set(\(keyText)) put the value in its error message")
            }
        }
    }
    checkServerURL(options.serverURL)
    makeClient(options, "options")
}

// MARK: - shared by request-headers and options

/// What a ServerURL that parsed must look like, byte for byte, since the URL built from it is
/// handed to libcurl as bytes: a host without URL delimiters (so the host checked for
/// loopback is the host connected to), a path that is empty or starts with '/', and a
/// description that parses back to the same URL.
private func checkServerURL(_ url: ServerURL) {
    if url == .base44 { return }
    // Backslash is not here: libcurl refuses it in a host, so it cannot redirect a request.
    let forbidden: Set<UInt8> = Set("/?#@ %".utf8)
    if url.host.isEmpty || url.host.utf8.contains(where: { forbidden.contains($0) || $0 < 0x20 || $0 == 0x7F }) {
        violated("server_url host \(url.host.debugDescription) holds a URL delimiter (from \(url.description.debugDescription))")
    }
    if !url.path.isEmpty && !url.path.hasPrefix("/") { violated("server_url path \(url.path.debugDescription) does not start with '/'") }
    if url.path.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == 0x20 }) {
        violated("server_url path \(url.path.debugDescription) holds '?', '#' or a space")
    }
    do {
        let again = try ServerURL(parsing: url.description)
        if again != url { violated("server_url \(url.description.debugDescription) parses back to \(again.description.debugDescription)") }
    } catch {
        violated("server_url \(url.description.debugDescription) does not parse back: \(error.message)")
    }
}

private func makeClient(_ options: ClientOptions, _ context: String) {
    do {
        let client = try Base44Client(options: options)
        // Created: the credential checks passed, so plain http goes only to loopback.
        let url = client.options.serverURL
        if url.scheme != "https" && !url.isLoopback { violated("\(context): client created for \(url.description) over http") }
    } catch {
        if error.kind != .config && error.kind != .invalidArgument {
            violated("\(context): client creation threw \(error.kind): \(error.message)")
        }
        checkErrorShape(error, "\(context) Base44Client")
    }
}
