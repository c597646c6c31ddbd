/// Turns the Base44 API's answers into results or errors.
enum ResponseInterpretation {
    /// Error bodies handed back to callers are cut to this many bytes.
    static let errorBodyLimit = 4096
    /// Messages taken from a server stay on one line and short.
    static let messageLimit = 300

    /// The token of a 2xx answer: a bare JSON string, or an object holding `field`.
    static func token(from body: [UInt8], field: String, endpoint: Endpoint, status: Int) throws(Base44Error) -> String {
        let value = try parseSuccessBody(body, endpoint: endpoint, status: status)
        let token = value.stringValue ?? value[field]?.stringValue
        guard let token, !token.isEmpty else {
            throw Base44Error(.protocol, "the answer holds no \(endpoint.answerName)", httpStatus: status)
        }
        return token
    }

    /// The user object of a 2xx `me` answer, as the JSON text the server sent.
    static func userJSON(from body: [UInt8], status: Int) throws(Base44Error) -> String {
        let value = try parseSuccessBody(body, endpoint: .currentUser, status: status)
        guard case .object = value else {
            throw Base44Error(.protocol, "the answer is not a user object", httpStatus: status)
        }
        return String(decoding: body, as: UTF8.self)
    }

    private static func parseSuccessBody(_ body: [UInt8], endpoint: Endpoint, status: Int) throws(Base44Error) -> JSONValue {
        do {
            return try JSONValue.parse(body)
        } catch {
            throw Base44Error(
                .protocol, "the \(endpoint.answerName) answer is not valid JSON (\(error.reason) at byte \(error.offset))",
                httpStatus: status)
        }
    }

    /// The error for a non-2xx answer: kind from the status, message and Base44 code from the
    /// body by the SDK's precedence (error.message, message, detail; error.code, code, then the
    /// X-Base44-Connector-Error header), secrets redacted.
    static func apiError(status: Int, body: [UInt8], connectorError: String?, redactor: Redactor) -> Base44Error {
        let json = try? JSONValue.parse(body)
        let nested = json?["error"]
        let serverMessage = nested?["message"]?.stringValue ?? json?["message"]?.stringValue ?? json?["detail"]?.stringValue
        let apiCode = nested?["code"]?.stringValue ?? json?["code"]?.stringValue ?? connectorError.flatMap { $0.isEmpty ? nil : $0 }

        // Redact before cutting anything, so no part of a secret survives a cut.
        var message = "HTTP \(status) from the Base44 API"
        if let serverMessage, !serverMessage.isEmpty { message += ": " + oneLine(redactor.redact(serverMessage)) }
        let bodyText = body.isEmpty ? nil : capped(redactor.redact(String(decoding: body, as: UTF8.self)))
        return Base44Error(
            Base44Error.Kind(httpStatus: status), message, httpStatus: status,
            apiCode: apiCode.map { oneLine(redactor.redact($0)) }, body: bodyText)
    }

    /// At most `errorBodyLimit` bytes of UTF-8, cut on a character boundary.
    private static func capped(_ text: String) -> String {
        if text.utf8.count <= errorBodyLimit { return text }
        var result = ""
        var size = 0
        for character in text {
            size += character.utf8.count
            if size > errorBodyLimit { break }
            result.append(character)
        }
        return result
    }

    /// Control characters become spaces and long text is cut, so a message stays one line.
    static func oneLine(_ text: String) -> String {
        let scalars = text.unicodeScalars.prefix(messageLimit).map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }
        return String(String.UnicodeScalarView(scalars))
    }
}
