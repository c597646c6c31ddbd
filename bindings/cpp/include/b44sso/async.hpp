// Starting b44_sso_get_access_token_async with a C++ callable: the std::function lives on the
// heap, owned by the library's call, until the C trampoline below runs it and deletes it.
#ifndef B44SSO_ASYNC_HPP
#define B44SSO_ASYNC_HPP

#include <functional>
#include <memory>
#include <string>

#include "error.hpp"
#include "result.hpp"

namespace b44sso {

// Receives the outcome of Client::access_token_async, exactly once, on a library thread.
// Exceptions it throws are swallowed (they must not unwind into the library).
using TokenCallback = std::function<void(Result<std::string>)>;

namespace detail {

inline Result<std::string> token_outcome(b44_code code, const char* token, const b44_error* err) {
  if (code != B44_OK) return copy_error(code, err);
  if (token == nullptr) return Error(Code::internal, "the library returned no token");
  return std::string(token);
}

// C linkage to match b44_token_callback; the prefixed name keeps it clear of user symbols.
// `token` and `err` are valid only during this call, so they are copied before the callable runs.
extern "C" inline void b44sso_cpp_token_trampoline(b44_code code, const char* token, const b44_error* err,
                                                   void* userdata) {
  const std::unique_ptr<TokenCallback> callback(static_cast<TokenCallback*>(userdata));
#if B44SSO_EXCEPTIONS
  try {
    (*callback)(token_outcome(code, token, err));
  } catch (...) {  // must not unwind into the library
  }
#else
  (*callback)(token_outcome(code, token, err));
#endif
}

// The async start reports only a code, no error object: say what each one means.
inline Error async_start_error(b44_code rc) {
  switch (rc) {
    case B44_ERR_INVALID_ARGUMENT:
      return Error(Code::invalid_argument,
                   "user id is empty, over 1024 bytes, not UTF-8 or holds a control character");
    case B44_ERR_NOMEM:
      return Error(Code::nomem, "no thread could be started for the call");
    default:
      return Error(static_cast<Code>(rc), "b44_sso_get_access_token_async failed");
  }
}

// Hands `callback` to the library; on success it is the library's until the trampoline runs.
inline Result<void> start_access_token_async(b44_client* client, const std::string& user_id,
                                             TokenCallback callback) {
  auto* owned = new TokenCallback(std::move(callback));
  const b44_code rc =
      b44_sso_get_access_token_async(client, user_id.c_str(), &b44sso_cpp_token_trampoline, owned);
  if (rc == B44_OK) return Result<void>();  // `owned` may already be gone: the callback may have run
  delete owned;                             // refused: the library never calls back
  return async_start_error(rc);
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_ASYNC_HPP
