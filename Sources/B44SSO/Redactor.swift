/// Removes the secrets a client holds from text that reaches callers (error messages and
/// bodies), in case a server or proxy echoes them back.
struct Redactor: Sendable {
    static let placeholder = "[REDACTED]"
    /// Shorter secrets are not searched for: they match ordinary words and would garble every
    /// message, and no real Base44 credential is that short.
    static let minimumLength = 6
    private let secrets: [Secret]

    init(secrets: [Secret?]) {
        self.secrets = secrets.compactMap { $0 }.filter { $0.byteCount >= Self.minimumLength }
    }

    /// Replaces every occurrence of a secret's bytes. Works on UTF-8 bytes, not Characters: a
    /// combining mark or joiner next to a secret must not hide it from the search.
    func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for secret in secrets {
            let needle = secret.withBytes { Array($0) }
            guard bytes.count >= needle.count, bytes.firstRange(of: needle) != nil else { continue }
            bytes = Self.replacing(needle, in: bytes)
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    private static func replacing(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = haystack.startIndex
        while let found = haystack[index...].firstRange(of: needle) {
            result.append(contentsOf: haystack[index..<found.lowerBound])
            result.append(contentsOf: placeholder.utf8)
            index = found.upperBound
        }
        result.append(contentsOf: haystack[index...])
        return result
    }
}
