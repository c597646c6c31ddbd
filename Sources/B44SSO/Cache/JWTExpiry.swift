import Glibc

/// The `exp` claim of a JWT, read without verifying the signature: the cache only needs to
/// know when the server will stop honouring the token. Anything unparsable has no expiry,
/// and a token without one is simply not cached (in `cache=auto`).
enum JWTExpiry {
    /// Seconds since the epoch, or nil.
    static func expiry(of token: String) -> Int? {
        // Most opaque tokens fail this cheap test: a JWT has exactly two dots.
        guard token.withUTF8Buffer(Self.countDots) == 2 else { return nil }
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = base64URLDecode(parts[1]),
            let claims = try? JSONValue.parse(payload), case .number(let text)? = claims["exp"]
        else { return nil }
        // NumericDate may carry a fraction; whole seconds are plenty.
        let whole = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        guard let seconds = Int(whole), seconds > 0 else { return nil }
        return seconds
    }

    /// The dots in `bytes`, counting no further than 3.
    private static func countDots(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard var next = bytes.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        var left = bytes.count
        var dots = 0
        while dots < 3, left > 0, let dot = memchr(next, Int32(UInt8(ascii: ".")), left) {
            dots += 1
            left -= next.distance(to: UnsafeRawPointer(dot)) + 1
            next = UnsafeRawPointer(dot) + 1
        }
        return dots
    }

    /// Base64url without padding (RFC 7515); nil for anything else.
    static func base64URLDecode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in text {
            let value: UInt8
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = character - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = character - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "_"): value = 63
            default: return nil
            }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bits >= 6 ? nil : output  // a lone trailing character is not base64
    }
}
