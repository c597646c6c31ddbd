import Synchronization

/// What one client has done, for a log line or a metrics exporter.
public struct ClientStats: Sendable, Equatable {
    /// HTTP requests sent, retries included.
    public var requests = 0
    public var cacheHits = 0
    public var cacheMisses = 0
    /// Calls that waited for another call's fetch of the same token instead of sending one.
    public var coalescedWaits = 0
    public var retries = 0
    /// Calls that ended in an error.
    public var errors = 0
}

/// The counters behind `ClientStats`, updated without locks from any thread.
final class StatsCounters: Sendable {
    let requests = Atomic<Int>(0)
    let cacheHits = Atomic<Int>(0)
    let cacheMisses = Atomic<Int>(0)
    let coalescedWaits = Atomic<Int>(0)
    let retries = Atomic<Int>(0)
    let errors = Atomic<Int>(0)

    var snapshot: ClientStats {
        ClientStats(
            requests: requests.load(ordering: .relaxed), cacheHits: cacheHits.load(ordering: .relaxed),
            cacheMisses: cacheMisses.load(ordering: .relaxed), coalescedWaits: coalescedWaits.load(ordering: .relaxed),
            retries: retries.load(ordering: .relaxed), errors: errors.load(ordering: .relaxed))
    }
}

extension Atomic<Int> {
    func increment() { wrappingAdd(1, ordering: .relaxed) }
}
