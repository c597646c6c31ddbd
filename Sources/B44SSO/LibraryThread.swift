import Glibc

/// Marks the threads the library starts itself (batch workers, async workers, background
/// refreshes), so that the log can keep its lines to the callers' own threads when asked.
enum LibraryThread {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Called first thing on every thread the library starts.
    static func markCurrent() {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    }

    static var isCurrent: Bool { pthread_getspecific(key) != nil }
}
