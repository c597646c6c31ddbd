import Glibc

/// Runs `body(worker)` on `count` threads at once, the caller's among them, and returns when
/// all have finished. For batch calls: no thread outlives the call.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    var threads: [pthread_t] = []
    for worker in 1..<max(count, 1) {
        let work = Unmanaged.passRetained(Work { body(worker) }).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { pointer in
            guard let pointer else { return nil }
            LibraryThread.markCurrent()
            Unmanaged<Work>.fromOpaque(pointer).takeRetainedValue().body()
            return nil
        }, work)
        if started == 0 {
            threads.append(thread)
        } else {
            Unmanaged<Work>.fromOpaque(work).release()
            body(worker)  // no thread to be had: do that share here
        }
    }
    body(0)
    for thread in threads { pthread_join(thread, nil) }
}

/// A queue of jobs served by up to `maxWorkers` threads, started on demand; idle workers
/// exit after a short while and at `shutdown`, so an unused client keeps no thread.
final class WorkQueue: @unchecked Sendable {
    // @unchecked: every field below is touched only with `mutex` held.
    private var jobs: [@Sendable () -> Void] = []
    private var workers = 0
    private var idleWorkers = 0
    private var stopping = false
    private let maxWorkers: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private static let idleSeconds = 2

    init(maxWorkers: Int) {
        self.maxWorkers = maxWorkers
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// The fork generation whose threads serve the queue.
    private let owner = Locked(ForkGuard.generation)

    /// Queues `job`; false when no worker thread can be started for it.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        owner.withLock { generation in
            if generation != ForkGuard.generation {
                startAfresh()
                generation = ForkGuard.generation
            }
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        jobs.append(job)
        if idleWorkers > 0 {
            pthread_cond_signal(condition)
            return true
        }
        if workers < maxWorkers && BackgroundThread.start({ [self] in work() }) {
            workers += 1
            return true
        }
        if workers > 0 { return true }  // a busy worker will get to it
        jobs.removeLast()
        return false
    }

    /// In a child after fork(): the parent's workers do not exist here, and one of them may
    /// have held the mutex at the moment of fork, so the queue starts over (the parent's
    /// queued jobs belong to the parent).
    private func startAfresh() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        jobs = []
        workers = 0
        idleWorkers = 0
        stopping = false
    }

    /// Lets idle workers go now; queued jobs still run.
    func shutdown() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            if !jobs.isEmpty {
                var job: (@Sendable () -> Void)? = jobs.removeFirst()
                pthread_mutex_unlock(mutex)
                job?()
                // Release the job before locking again: it may hold the last reference to its
                // client, whose deinit shuts this queue down (and takes this very mutex).
                job = nil
                pthread_mutex_lock(mutex)
                continue
            }
            if stopping { break }
            var until = timespec()
            clock_gettime(CLOCK_REALTIME, &until)
            until.tv_sec += Self.idleSeconds
            idleWorkers += 1
            let waited = pthread_cond_timedwait(condition, mutex, &until)
            idleWorkers -= 1
            if waited == ETIMEDOUT && jobs.isEmpty { break }
        }
        workers -= 1
        pthread_mutex_unlock(mutex)
    }
}
