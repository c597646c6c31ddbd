/// Percent-encoding of one URL path segment.
enum PathSegment {
    /// Encodes `text` so that it is exactly one segment: every byte but the RFC 3986
    /// unreserved characters becomes %XX, and the dot segments "." and ".." (which URL
    /// normalisation would resolve) are encoded too.
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        encode(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoded segment to `out` (for building a URL without intermediate strings).
    static func encode(_ text: String, into out: inout [UInt8]) {
        if text == "." { return out.append(contentsOf: "%2E".utf8) }
        if text == ".." { return out.append(contentsOf: "%2E%2E".utf8) }
        // Most ids need no escape: take them whole.
        if text.withUTF8Buffer({ $0.allSatisfy(isUnreserved) }) { return out.append(contentsOf: text.utf8) }
        out.reserveCapacity(out.count + text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
