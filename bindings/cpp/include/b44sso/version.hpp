// Library version: what this wrapper supports, and the check made before the first client.
#ifndef B44SSO_VERSION_HPP
#define B44SSO_VERSION_HPP

#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace b44sso {

// The major version of libb44sso this wrapper is written for.
inline constexpr int supported_major = 0;
static_assert(B44SSO_VERSION_MAJOR == supported_major,
              "b44sso.h has a major version this C++ wrapper does not support");

// The version of the header compiled against, and of the library actually loaded.
inline constexpr std::string_view header_version = B44SSO_VERSION_STRING;
inline std::string_view version() noexcept { return b44_version(); }

// Whether a "MAJOR.MINOR.PATCH" text has the given major version.
constexpr bool is_compatible_version(std::string_view version, int major) noexcept {
  int found = 0;
  std::size_t i = 0;
  for (; i < version.size() && version[i] >= '0' && version[i] <= '9'; ++i) {
    if (found > 100000) return false;
    found = found * 10 + (version[i] - '0');
  }
  return i > 0 && i < version.size() && version[i] == '.' && found == major;
}

namespace detail {

// Checked once, before the first client is made: a library of another major version
// would not keep the promises this wrapper relies on.
inline const std::optional<Error>& library_version_error() {
  static const std::optional<Error> error = []() -> std::optional<Error> {
    const std::string_view loaded = version();
    if (is_compatible_version(loaded, supported_major)) return std::nullopt;
    return Error(Code::config, "libb44sso " + std::string(loaded) +
                                   " is not supported by this C++ wrapper (it needs " +
                                   std::to_string(supported_major) + ".x)");
  }();
  return error;
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_VERSION_HPP
