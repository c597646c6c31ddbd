// b44sso::Code mirrors the C enum b44_code; the table below is what the tests hold
// against include/b44sso.h, so a code added to the header fails them until added here.
#ifndef B44SSO_CODE_HPP
#define B44SSO_CODE_HPP

#include <string_view>

#include "config.hpp"

namespace b44sso {

enum class Code : int {
  ok = B44_OK,
  invalid_argument = B44_ERR_INVALID_ARGUMENT,  // bad input refused before anything was sent
  config = B44_ERR_CONFIG,                      // missing or unusable configuration
  unauthorized = B44_ERR_UNAUTHORIZED,          // HTTP 401
  forbidden = B44_ERR_FORBIDDEN,                // HTTP 403
  not_found = B44_ERR_NOT_FOUND,                // HTTP 404
  rate_limited = B44_ERR_RATE_LIMITED,          // HTTP 429
  server = B44_ERR_SERVER,                      // HTTP 5xx
  http = B44_ERR_HTTP,                          // other non-2xx, redirects included
  network = B44_ERR_NETWORK,                    // connect, DNS, reset, closed connection
  timeout = B44_ERR_TIMEOUT,                    // the total deadline (timeout_ms) passed
  tls = B44_ERR_TLS,                            // certificate or TLS handshake failure
  protocol = B44_ERR_PROTOCOL,                  // 2xx answer that is not what the API promises
  nomem = B44_ERR_NOMEM,                        // out of memory
  internal = B44_ERR_INTERNAL,                  // a bug in b44sso
};

struct CodeInfo {
  Code code;
  std::string_view name;  // the C enumerator's name, e.g. "B44_ERR_TIMEOUT"
};

// Every code this binding knows, in header order.
inline constexpr CodeInfo all_codes[] = {
    {Code::ok, "B44_OK"},
    {Code::invalid_argument, "B44_ERR_INVALID_ARGUMENT"},
    {Code::config, "B44_ERR_CONFIG"},
    {Code::unauthorized, "B44_ERR_UNAUTHORIZED"},
    {Code::forbidden, "B44_ERR_FORBIDDEN"},
    {Code::not_found, "B44_ERR_NOT_FOUND"},
    {Code::rate_limited, "B44_ERR_RATE_LIMITED"},
    {Code::server, "B44_ERR_SERVER"},
    {Code::http, "B44_ERR_HTTP"},
    {Code::network, "B44_ERR_NETWORK"},
    {Code::timeout, "B44_ERR_TIMEOUT"},
    {Code::tls, "B44_ERR_TLS"},
    {Code::protocol, "B44_ERR_PROTOCOL"},
    {Code::nomem, "B44_ERR_NOMEM"},
    {Code::internal, "B44_ERR_INTERNAL"},
};

// The C name of a code; for a value this binding does not know (a newer library),
// the library's own name ("B44_ERR_UNKNOWN" when it does not know it either).
inline std::string_view code_name(Code code) noexcept {
  for (const CodeInfo& info : all_codes) {
    if (info.code == code) return info.name;
  }
  return b44_code_name(static_cast<b44_code>(code));
}

}  // namespace b44sso

#endif  // B44SSO_CODE_HPP
