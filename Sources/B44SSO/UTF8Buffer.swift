extension String {
    /// Runs `body` on the string's UTF-8 bytes in one buffer. The library checks and encodes
    /// ids and tokens on every call, and a loop over a buffer costs a fraction of one over
    /// `utf8`, which re-checks the string's representation at each step.
    func withUTF8Buffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
