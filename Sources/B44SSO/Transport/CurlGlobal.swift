import CCurl

/// libcurl's process-wide initialisation, done once on first use. Swift runs a global's
/// initialiser exactly once even when several threads race to it, so callers need no init call.
enum CurlGlobal {
    /// Inside the fork guard: curl_global_init holds libcurl's global spinlock (see CurlEasy).
    private static let initResult: CURLcode = ForkGuard.shared { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }

    static func ensureInitialised() throws(Base44Error) {
        if initResult != CURLE_OK {
            throw Base44Error(.internal, "libcurl failed to initialise: \(String(cString: curl_easy_strerror(initResult)))")
        }
    }
}
