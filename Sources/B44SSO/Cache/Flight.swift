import Glibc

/// One upstream fetch that several callers wait for: the first caller for a key fetches, the
/// others wait here, each no longer than its own deadline.
final class Flight: @unchecked Sendable {
    // @unchecked: `result` is only touched with `mutex` held.
    private var result: Result<String, Base44Error>?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func complete(_ outcome: Result<String, Base44Error>) {
        pthread_mutex_lock(mutex)
        result = outcome
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// The fetch's outcome, or a timeout once `deadline` passes first.
    func wait(until deadline: Deadline) -> Result<String, Base44Error> {
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let remaining = deadline.remainingMilliseconds
        end.tv_sec += remaining / 1000
        end.tv_nsec += (remaining % 1000) * 1_000_000
        if end.tv_nsec >= 1_000_000_000 {
            end.tv_sec += 1
            end.tv_nsec -= 1_000_000_000
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while result == nil {
            if pthread_cond_timedwait(condition, mutex, &end) == ETIMEDOUT { break }
        }
        return result ?? .failure(Base44Error(.timeout, "timed out waiting for the same token's fetch by another call"))
    }
}
