import CCurl
import Glibc

/// A libcurl header list built once per client and shared by all its transfers (libcurl only
/// reads it). Lines holding credentials are assembled in a buffer that is zeroed at once,
/// and every line is zeroed again before the list is freed.
final class HeaderList: @unchecked Sendable {
    // @unchecked: immutable after init; libcurl reads it from many threads, never writes.
    let pointer: UnsafeMutablePointer<curl_slist>?

    /// One header line: `prefix` followed by an optional secret, e.g. "Authorization: Bearer " + token.
    struct Line {
        let prefix: String
        let secret: Secret?

        init(_ prefix: String, secret: Secret? = nil) {
            self.prefix = prefix
            self.secret = secret
        }
    }

    init(_ lines: [Line]) throws(Base44Error) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            guard let extended = Self.append(line, to: list) else {
                Self.wipeAndFree(list)
                throw Base44Error(.noMemory, "out of memory building request headers")
            }
            list = extended
        }
        pointer = list
    }

    deinit { Self.wipeAndFree(pointer) }

    private static func append(_ line: Line, to list: UnsafeMutablePointer<curl_slist>?) -> UnsafeMutablePointer<curl_slist>? {
        let prefix = Array(line.prefix.utf8)
        let secretCount = line.secret?.byteCount ?? 0
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: prefix.count + secretCount + 1)
        defer {
            if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
            buffer.deallocate()
        }
        _ = buffer.initialize(from: prefix)
        line.secret?.withBytes { bytes in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[prefix.count...]).initialize(from: bytes)
        }
        buffer[prefix.count + secretCount] = 0
        return buffer.withMemoryRebound(to: CChar.self) { curl_slist_append(list, $0.baseAddress) }
    }

    private static func wipeAndFree(_ list: UnsafeMutablePointer<curl_slist>?) {
        var node = list
        while let current = node {
            if let data = current.pointee.data { explicit_bzero(data, strlen(data)) }
            node = current.pointee.next
        }
        curl_slist_free_all(list)
    }
}
