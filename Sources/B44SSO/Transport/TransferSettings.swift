/// What every transfer of one client shares: set on each of its libcurl handles once.
struct TransferSettings: Sendable {
    /// "scheme://host[:port]" of the server URL; each call sets only its path.
    var origin: String
    var caFile: String?
    var proxy: String?
    var userAgent: String
    /// The most bytes of an answer the library will hold.
    var maxBodyBytes: Int = 1 << 20
}
