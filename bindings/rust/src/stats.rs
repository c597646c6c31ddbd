//! [`Stats`]: the counters of one [`Client`](crate::Client).

use crate::ffi;

/// What a [`Client`](crate::Client) has done since it was created, from
/// [`Client::stats`](crate::Client::stats). The library may append counters, so this struct
/// may gain fields (hence `#[non_exhaustive]`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Stats {
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Calls answered from the process-wide token cache.
    pub cache_hits: u64,
    /// Calls the cache could not answer.
    pub cache_misses: u64,
    /// Calls that waited for another call's fetch of the same token.
    pub coalesced_waits: u64,
    /// Extra attempts after a retryable failure.
    pub retries: u64,
    /// Calls that failed.
    pub errors: u64,
}

impl From<ffi::b44_stats> for Stats {
    fn from(raw: ffi::b44_stats) -> Stats {
        // Destructured field by field: a field added to ffi::b44_stats fails to compile here.
        let ffi::b44_stats { requests, cache_hits, cache_misses, coalesced_waits, retries, errors } = raw;
        Stats { requests, cache_hits, cache_misses, coalesced_waits, retries, errors }
    }
}

/// Reads a live client's counters (one by one, not as one snapshot: the library's rule).
///
/// # Safety
/// `client` is a live client.
pub(crate) unsafe fn read(client: *const ffi::b44_client) -> Stats {
    let mut raw = ffi::b44_stats::default();
    if ffi::b44_client_stats(client, &mut raw, std::mem::size_of::<ffi::b44_stats>()) != ffi::B44_OK {
        return Stats::default();
    }
    raw.into()
}
