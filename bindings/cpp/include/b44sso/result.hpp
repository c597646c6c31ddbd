// b44sso::Result<T>: a value or an Error, for code that cannot use exceptions
// (shaped like C++23 std::expected<T, Error>).
#ifndef B44SSO_RESULT_HPP
#define B44SSO_RESULT_HPP

#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "error.hpp"

namespace b44sso {
namespace detail {

// value() on an error: throw it where we may, otherwise stop loudly rather than
// hand out a value that does not exist.
[[noreturn]] inline void raise(const Error& error) {
#if B44SSO_EXCEPTIONS
  throw error;
#else
  std::fprintf(stderr, "b44sso: value() of a failed Result: %s\n", error.what());
  std::abort();
#endif
}

[[noreturn]] inline void no_error() {
  std::fprintf(stderr, "b44sso: error() of a successful Result\n");
  std::abort();
}

}  // namespace detail

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Error>, "Result<Error> is ambiguous");

 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  // The value; on an error, throws it (aborts without exceptions).
  T& value() & { check(); return *std::get_if<0>(&state_); }
  const T& value() const& { check(); return *std::get_if<0>(&state_); }
  T&& value() && { check(); return std::move(*std::get_if<0>(&state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? *std::get_if<0>(&state_) : static_cast<T>(std::forward<U>(fallback));
  }
  template <class U>
  T value_or(U&& fallback) && {
    return has_value() ? std::move(*std::get_if<0>(&state_))
                       : static_cast<T>(std::forward<U>(fallback));
  }

  // The error; calling it on a success aborts (it is a bug in the caller).
  const Error& error() const {
    if (const Error* e = std::get_if<1>(&state_)) return *e;
    detail::no_error();
  }

 private:
  void check() const {
    if (const Error* e = std::get_if<1>(&state_)) detail::raise(*e);
  }

  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_) detail::raise(*error_);
  }
  const Error& error() const {
    if (error_) return *error_;
    detail::no_error();
  }

 private:
  std::optional<Error> error_;
};

}  // namespace b44sso

#endif  // B44SSO_RESULT_HPP
