import Glibc

/// Bytes of a credential, zeroed when the last reference goes away.
///
/// Swift strings may be copied anywhere by the runtime, so a secret lives in its own buffer
/// from the moment the library receives it and is only ever turned into text where it is
/// written into a header.
public final class Secret: Sendable, Equatable, CustomStringConvertible {
    // Immutable after init; only deinit writes (zeroes) it.
    private nonisolated(unsafe) let storage: UnsafeMutableBufferPointer<UInt8>

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        storage = .allocate(capacity: bytes.count)
        _ = storage.initialize(from: bytes)
    }

    deinit {
        if let base = storage.baseAddress { explicit_bzero(base, storage.count) }
        storage.deallocate()
    }

    public var isEmpty: Bool { storage.isEmpty }
    var byteCount: Int { storage.count }

    /// Calls `body` with the secret's bytes; do not let them escape.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage))
    }

    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        lhs.withBytes { a in rhs.withBytes { b in a.elementsEqual(b) } }
    }

    /// Never prints the secret itself.
    public var description: String { "Secret(\(storage.count) bytes)" }
}
