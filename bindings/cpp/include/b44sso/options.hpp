// b44sso::Options: the settings of a client, collected as text and handed to
// b44_options_set when the client is made (so the first bad key or value comes back
// from Client creation, naming the key).
#ifndef B44SSO_OPTIONS_HPP
#define B44SSO_OPTIONS_HPP

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"

namespace b44sso {

enum class DataEnv { dev, prod };
enum class Cache { automatic, off };

namespace detail {

// Best effort: overwrite a secret before its memory goes back to the allocator.
inline void wipe(std::string& text) noexcept {
  volatile char* bytes = text.data();
  for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = 0;
  text.clear();
}

}  // namespace detail

class Client;

class Options {
 public:
  Options() = default;
  Options(const Options&) = default;
  Options(Options&&) noexcept = default;
  // By value and swap: the old settings end up in `other` and are wiped with it.
  Options& operator=(Options other) noexcept {
    entries_.swap(other.entries_);
    return *this;
  }
  ~Options() {
    for (auto& entry : entries_) detail::wipe(entry.second);
  }

  Options& app_id(std::string_view value) { return set("app_id", value); }
  Options& service_token(std::string_view value) { return set("service_token", value); }
  Options& user_token(std::string_view value) { return set("user_token", value); }
  // Default https://base44.app; plain http is accepted for loopback hosts only.
  Options& server_url(std::string_view value) { return set("server_url", value); }
  // Forwarded as the Base44-State header.
  Options& state(std::string_view value) { return set("state", value); }
  Options& data_env(DataEnv value) { return set("data_env", value == DataEnv::dev ? "dev" : "prod"); }
  // Total deadline of one call, retries included (default 15 s; 1 ms .. 600 s).
  Options& timeout(std::chrono::milliseconds value) { return set("timeout_ms", std::to_string(value.count())); }
  Options& connect_timeout(std::chrono::milliseconds value) {
    return set("connect_timeout_ms", std::to_string(value.count()));
  }
  Options& max_retries(int value) { return set("max_retries", std::to_string(value)); }
  // An extra trusted CA bundle (PEM).
  Options& ca_file(std::string_view path) { return set("ca_file", path); }
  // The only proxy used; *_proxy environment variables are ignored.
  Options& proxy(std::string_view url) { return set("proxy", url); }
  // Appended to "b44sso/VERSION" in the User-Agent header.
  Options& user_agent(std::string_view value) { return set("user_agent", value); }
  Options& cache(Cache value) { return set("cache", value == Cache::automatic ? "auto" : "off"); }
  // How long opaque (non-JWT) tokens are cached: the caller's risk (default 0 = never; up to 1 day).
  Options& cache_ttl(std::chrono::seconds value) { return set("cache_ttl_s", std::to_string(value.count())); }
  // A cached JWT is no longer served this close to its `exp` (default 60 s; up to 1 hour).
  Options& cache_skew(std::chrono::seconds value) { return set("cache_skew_s", std::to_string(value.count())); }
  // Before that, a hit in this window also starts one background refresh (default 300 s).
  Options& cache_refresh(std::chrono::seconds value) {
    return set("cache_refresh_s", std::to_string(value.count()));
  }
  // The process-wide cache holds the largest bound any client asks for (default 10000; >= 1).
  Options& cache_max_entries(long long value) { return set("cache_max_entries", std::to_string(value)); }
  // Connections one client keeps open at most, e.g. for access_tokens() (default 8; 1 .. 64).
  Options& max_connections(int value) { return set("max_connections", std::to_string(value)); }

  // Any option in the C library's text form (see b44_options_set in b44sso.h).
  Options& set(std::string_view key, std::string_view value) {
    entries_.emplace_back(std::string(key), std::string(value));
    return *this;
  }

 private:
  friend class Client;
  // In the order set; a key set twice keeps its last value, as in the C library.
  std::vector<std::pair<std::string, std::string>> entries_;
};

}  // namespace b44sso

#endif  // B44SSO_OPTIONS_HPP
