/// Checks on what callers hand the library, done before anything is sent.
enum InputValidation {
    static let maxUserIDBytes = 1024

    /// A user id: non-empty text of at most 1024 UTF-8 bytes, without control characters.
    /// (A Swift String is valid UTF-8; bytes from C are checked when they become one.)
    static func checkUserID(_ id: String) throws(Base44Error) {
        let bytes = id.utf8
        if bytes.isEmpty { throw .invalidArgument("user id is empty") }
        if bytes.count > maxUserIDBytes {
            throw .invalidArgument("user id is \(bytes.count) bytes; the limit is \(maxUserIDBytes)")
        }
        if id.withUTF8Buffer({ $0.contains(where: isControl) }) {
            throw .invalidArgument("user id contains a control character")
        }
    }

    /// A value that ends up in an HTTP header: no control characters at all, so CR/LF cannot
    /// split the header and NUL cannot cut it short. `name` says which value, never what it is.
    static func checkHeaderValue(_ value: String, name: String) throws(Base44Error) {
        if value.withUTF8Buffer({ $0.contains(where: isControl) }) {
            throw .invalidArgument("\(name) contains a control character (CR, LF, NUL or other)")
        }
    }

    static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }
}

/// Text arriving from outside Swift (C strings, environment variables) as bytes.
public enum ForeignText {
    /// Decodes UTF-8 bytes, refusing invalid ones; `name` says which value for the message.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(Base44Error) -> String {
        guard let text = validUTF8(bytes) else { throw .invalidArgument("\(name) is not valid UTF-8") }
        return text
    }

    /// The text of valid UTF-8 bytes, or nil. ASCII, by far the common case for ids and tokens,
    /// skips the general validator (whose generic code costs more than the check itself).
    static func validUTF8(_ bytes: some Collection<UInt8>) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }
}
