// Moving text across the C boundary: NUL checks on the way in, owned strings on the way out.
#ifndef B44SSO_C_STRINGS_HPP
#define B44SSO_C_STRINGS_HPP

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace b44sso {
namespace detail {

// A C string ends at its first NUL, so text with a NUL inside would be cut short
// silently; refuse it instead. `what` names the input, never its (maybe secret) value.
inline std::optional<Error> nul_error(std::string_view what, std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return std::nullopt;
  return invalid_argument(std::string(what) + " contains a NUL character");
}

struct StringFree {
  void operator()(char* text) const noexcept { b44_string_free(text); }  // zeroes, then frees
};

// Copies a library-owned string and hands it back to the library.
inline std::string take_string(char* text) {
  std::unique_ptr<char, StringFree> owned(text);
  return std::string(text);
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_C_STRINGS_HPP
