// b44_sso_get_access_tokens from C++: ids in, one Result per id out, in the same order.
#ifndef B44SSO_BATCH_HPP
#define B44SSO_BATCH_HPP

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "c_strings.hpp"
#include "error.hpp"
#include "result.hpp"

namespace b44sso {
namespace detail {

// Ids with a NUL are answered here (C would cut them short); the rest go to the library in one
// call. `closed` (no live client) answers every id with `closed_error`.
inline std::vector<Result<std::string>> fetch_access_tokens(b44_client* client, const std::vector<std::string>& ids,
                                                            const Error& closed_error) {
  std::vector<std::optional<Error>> refused;
  std::vector<const char*> sent;
  refused.reserve(ids.size());
  for (const std::string& id : ids) {
    refused.push_back(nul_error("user id", id));
    if (!refused.back()) sent.push_back(id.c_str());
  }
  std::vector<char*> tokens(sent.size(), nullptr);
  std::vector<b44_error*> errors(sent.size(), nullptr);
  b44_code rc = B44_OK;
  if (client != nullptr && !sent.empty()) {
    rc = b44_sso_get_access_tokens(client, sent.data(), sent.size(), tokens.data(), errors.data());
  }
  // Owned from here on, so nothing leaks if building the answers throws.
  std::vector<std::unique_ptr<char, StringFree>> owned_tokens(tokens.begin(), tokens.end());
  std::vector<std::unique_ptr<b44_error, decltype(&b44_error_free)>> owned_errors;
  for (b44_error* error : errors) owned_errors.emplace_back(error, &b44_error_free);

  std::vector<Result<std::string>> results;
  results.reserve(ids.size());
  std::size_t next = 0;  // index into the arrays of the ids sent
  for (std::optional<Error>& refusal : refused) {
    if (refusal) {
      results.emplace_back(std::move(*refusal));
    } else if (client == nullptr) {
      results.emplace_back(closed_error);
    } else {
      const std::size_t i = next++;
      if (owned_tokens[i]) {
        results.emplace_back(take_string(owned_tokens[i].release()));
      } else if (owned_errors[i]) {
        results.emplace_back(take_error(b44_error_code(owned_errors[i].get()), owned_errors[i].release()));
      } else {  // the whole call was refused without per-entry answers
        results.emplace_back(Error(static_cast<Code>(rc == B44_OK ? B44_ERR_INTERNAL : rc),
                                   "the library returned neither a token nor an error"));
      }
    }
  }
  return results;
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_BATCH_HPP
