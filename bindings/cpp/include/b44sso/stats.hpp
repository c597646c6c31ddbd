// b44sso::Stats: the counters of one client (b44_stats), read with Client::stats().
#ifndef B44SSO_STATS_HPP
#define B44SSO_STATS_HPP

#include <cstdint>
#include <string_view>

#include "config.hpp"

namespace b44sso {

struct Stats {
  std::uint64_t requests = 0;         // HTTP requests sent, retries included
  std::uint64_t cache_hits = 0;       // calls answered from the process-wide token cache
  std::uint64_t cache_misses = 0;     // calls the cache could not answer
  std::uint64_t coalesced_waits = 0;  // calls that waited for another call's fetch of the same token
  std::uint64_t retries = 0;
  std::uint64_t errors = 0;           // calls that failed

  friend bool operator==(const Stats& a, const Stats& b) noexcept {
    return a.requests == b.requests && a.cache_hits == b.cache_hits && a.cache_misses == b.cache_misses &&
           a.coalesced_waits == b.coalesced_waits && a.retries == b.retries && a.errors == b.errors;
  }
  friend bool operator!=(const Stats& a, const Stats& b) noexcept { return !(a == b); }
};

// The b44_stats fields this wrapper copies, in header order; the tests hold it against b44sso.h,
// so a field appended there fails them until it is added here.
inline constexpr std::string_view stats_fields[] = {"requests", "cache_hits", "cache_misses",
                                                    "coalesced_waits", "retries", "errors"};

namespace detail {

// Reads a live client's counters (one by one, not as one snapshot: the library's rule).
inline Stats read_stats(const b44_client* client) noexcept {
  b44_stats raw{};
  if (b44_client_stats(client, &raw, sizeof raw) != B44_OK) return Stats{};
  Stats stats;
  stats.requests = raw.requests;
  stats.cache_hits = raw.cache_hits;
  stats.cache_misses = raw.cache_misses;
  stats.coalesced_waits = raw.coalesced_waits;
  stats.retries = raw.retries;
  stats.errors = raw.errors;
  return stats;
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_STATS_HPP
