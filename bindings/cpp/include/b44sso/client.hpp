// b44sso::Client: one configured connection to the Base44 API. Calls are const and may run
// from many threads at once; close() (or the destructor) waits for the blocking ones, then
// frees. Async calls still pending then are kept alive by the library and still call back.
#ifndef B44SSO_CLIENT_HPP
#define B44SSO_CLIENT_HPP

#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "async.hpp"
#include "batch.hpp"
#include "c_strings.hpp"
#include "error.hpp"
#include "options.hpp"
#include "result.hpp"
#include "stats.hpp"
#include "version.hpp"

namespace b44sso {

class Client {
 public:
  // One request header: name (any case) and value.
  using Header = std::pair<std::string_view, std::string_view>;

#if B44SSO_EXCEPTIONS
  // Throwing API: each member below throws b44sso::Error where its try_ twin returns one.

  explicit Client(const Options& options) : Client(try_create(options).value()) {}
  // BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_USER_TOKEN, BASE44_API_URL, BASE44_CA_FILE.
  static Client from_env() { return try_from_env().value(); }
  // Any range of (name, value) pairs: std::map, std::unordered_map, std::vector<std::pair>...
  template <class Headers>
  static Client from_request_headers(const Headers& headers) {
    return try_from_request_headers(headers).value();
  }
  static Client from_request_headers(std::initializer_list<Header> headers) {
    return try_from_request_headers(headers).value();
  }

  std::string access_token(std::string_view user_id) const { return try_access_token(user_id).value(); }
  std::string id_token(std::string_view user_id) const { return try_id_token(user_id).value(); }
  // The user who owns the client's user token, as JSON object text.
  std::string me_json() const { return try_me_json().value(); }
  // Drops the cached tokens of `user_id`, for every client of the process.
  void invalidate(std::string_view user_id) const { try_invalidate(user_id).value(); }
  // Starts fetching the access token and returns at once; `callback` then runs exactly once
  // on a library thread. Throws (and never calls back) when the call cannot start.
  void access_token_async(std::string_view user_id, TokenCallback callback) const {
    try_access_token_async(user_id, std::move(callback)).value();
  }
#endif

  // Non-throwing API (available with and without exceptions).

  static Result<Client> try_create(const Options& options) {
    if (const auto& error = detail::library_version_error()) return *error;
    std::unique_ptr<b44_options, decltype(&b44_options_free)> c_options(b44_options_new(),
                                                                       &b44_options_free);
    if (!c_options) return Error(Code::nomem, "b44_options_new failed");
    for (const auto& [key, value] : options.entries_) {
      if (auto error = detail::nul_error("an option key", key)) return *error;
      if (auto error = detail::nul_error("option '" + key + "'", value)) return *error;
      b44_error* err = nullptr;
      const b44_code rc = b44_options_set(c_options.get(), key.c_str(), value.c_str(), &err);
      if (rc != B44_OK) return detail::take_error(rc, err);
    }
    return adopt([&](b44_client** out, b44_error** err) {
      return b44_client_new(c_options.get(), out, err);
    });
  }

  static Result<Client> try_from_env() {
    if (const auto& error = detail::library_version_error()) return *error;
    return adopt([](b44_client** out, b44_error** err) { return b44_client_new_from_env(out, err); });
  }

  template <class Headers>
  static Result<Client> try_from_request_headers(const Headers& headers) {
    std::vector<Header> pairs;
    for (const auto& [name, value] : headers) pairs.emplace_back(name, value);
    return from_header_list(pairs.data(), pairs.size());
  }
  static Result<Client> try_from_request_headers(std::initializer_list<Header> headers) {
    return from_header_list(headers.begin(), headers.size());
  }

  Result<std::string> try_access_token(std::string_view user_id) const {
    return fetch_for_user(&b44_sso_get_access_token, user_id);
  }
  Result<std::string> try_id_token(std::string_view user_id) const {
    return fetch_for_user(&b44_sso_get_id_token, user_id);
  }
  Result<std::string> try_me_json() const {
    return fetch([](b44_client* c, char** out, b44_error** err) { return b44_auth_me(c, out, err); });
  }

  // The access tokens of many users at once (concurrently, duplicates fetched once, the cache
  // first), one Result per id in the same order. Never throws for a failed id: look at each
  // Result. Takes any range of strings, or a braced list.
  template <class UserIds>
  std::vector<Result<std::string>> access_tokens(const UserIds& user_ids) const {
    std::vector<std::string> ids;
    for (const auto& id : user_ids) ids.emplace_back(std::string_view(id));
    return fetch_access_tokens(ids);
  }
  std::vector<Result<std::string>> access_tokens(std::initializer_list<std::string_view> user_ids) const {
    return fetch_access_tokens(std::vector<std::string>(user_ids.begin(), user_ids.end()));
  }

  // When this returns success, `callback` runs exactly once, on a library thread, even if the
  // client is closed meanwhile; on an error it is never called (and is destroyed here).
  Result<void> try_access_token_async(std::string_view user_id, TokenCallback callback) const {
    if (!callback) return detail::invalid_argument("the callback is empty");
    if (auto error = detail::nul_error("user id", user_id)) return *error;
    const std::string id(user_id);
    if (!handle_) return closed_error();
    std::shared_lock<std::shared_mutex> lock(handle_->mutex);
    if (handle_->client == nullptr) return closed_error();
    return detail::start_access_token_async(handle_->client, id, std::move(callback));
  }

  Result<void> try_invalidate(std::string_view user_id) const {
    if (auto error = detail::nul_error("user id", user_id)) return *error;
    const std::string id(user_id);
    if (!handle_) return closed_error();
    std::shared_lock<std::shared_mutex> lock(handle_->mutex);
    if (handle_->client == nullptr) return closed_error();
    const b44_code rc = b44_client_invalidate(handle_->client, id.c_str());
    if (rc != B44_OK) return Error(static_cast<Code>(rc), "b44_client_invalidate failed");
    return Result<void>();
  }

  // This client's counters since it was created; after close(), their final values.
  Stats stats() const noexcept {
    if (!handle_) return Stats{};
    std::shared_lock<std::shared_mutex> lock(handle_->mutex);
    return handle_->client ? detail::read_stats(handle_->client) : handle_->final_stats;
  }

  // Frees the client (closing its connections, zeroing its secrets) once blocking calls running
  // on other threads have returned. Pending async calls are not waited for: the library keeps
  // what they need alive and they still call back. Later calls fail with
  // Code::invalid_argument; stats() keeps the final counters. Idempotent.
  void close() noexcept {
    if (!handle_) return;
    std::unique_lock<std::shared_mutex> lock(handle_->mutex);
    if (handle_->client == nullptr) return;
    handle_->final_stats = detail::read_stats(handle_->client);
    b44_client_free(handle_->client);
    handle_->client = nullptr;
  }

  bool closed() const noexcept {
    if (!handle_) return true;
    std::shared_lock<std::shared_mutex> lock(handle_->mutex);
    return handle_->client == nullptr;
  }

  Client(Client&&) noexcept = default;
  Client& operator=(Client&& other) noexcept {
    if (this != &other) {
      close();
      handle_ = std::move(other.handle_);
    }
    return *this;
  }
  Client(const Client&) = delete;  // share one client by reference or std::shared_ptr
  Client& operator=(const Client&) = delete;
  ~Client() { close(); }

 private:
  // Behind a pointer so that a Client can move while the mutex stays put.
  struct Handle {
    explicit Handle(b44_client* c) : client(c) {}
    std::shared_mutex mutex;
    b44_client* client;
    Stats final_stats;  // read just before the client is freed
  };

  explicit Client(b44_client* client) : handle_(std::make_unique<Handle>(client)) {}

  static Error closed_error() { return detail::invalid_argument("b44sso: the client is closed"); }

  template <class Create>
  static Result<Client> adopt(Create&& create) {
    b44_client* client = nullptr;
    b44_error* err = nullptr;
    const b44_code rc = create(&client, &err);
    if (rc != B44_OK) return detail::take_error(rc, err);
    if (client == nullptr) return Error(Code::internal, "the library returned no client");
    std::unique_ptr<b44_client, decltype(&b44_client_free)> owned(client, &b44_client_free);
    Client result(client);  // may throw bad_alloc: `owned` frees the C client then
    owned.release();
    return Result<Client>(std::move(result));
  }

  static Result<Client> from_header_list(const Header* headers, std::size_t count) {
    if (const auto& error = detail::library_version_error()) return *error;
    // Own NUL-terminated copies; the values may hold tokens, so wipe them afterwards.
    std::vector<std::string> names, values;
    struct Wiper {
      std::vector<std::string>& v;
      ~Wiper() { for (auto& s : v) detail::wipe(s); }
    } wiper{values};
    names.reserve(count);
    values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (auto error = detail::nul_error("a request header name", headers[i].first)) return *error;
      const std::string name(headers[i].first);
      if (auto error = detail::nul_error("request header " + name, headers[i].second)) return *error;
      names.push_back(name);
      values.emplace_back(headers[i].second);
    }
    std::vector<const char*> c_names, c_values;
    for (std::size_t i = 0; i < count; ++i) {
      c_names.push_back(names[i].c_str());
      c_values.push_back(values[i].c_str());
    }
    return adopt([&](b44_client** out, b44_error** err) {
      return b44_client_new_from_request_headers(c_names.data(), c_values.data(), count, out, err);
    });
  }

  using UserCall = b44_code (*)(b44_client*, const char*, char**, b44_error**);

  Result<std::string> fetch_for_user(UserCall call, std::string_view user_id) const {
    if (auto error = detail::nul_error("user id", user_id)) return *error;
    const std::string id(user_id);
    return fetch([&](b44_client* c, char** out, b44_error** err) { return call(c, id.c_str(), out, err); });
  }

  std::vector<Result<std::string>> fetch_access_tokens(const std::vector<std::string>& ids) const {
    if (!handle_) return detail::fetch_access_tokens(nullptr, ids, closed_error());
    std::shared_lock<std::shared_mutex> lock(handle_->mutex);
    return detail::fetch_access_tokens(handle_->client, ids, closed_error());
  }

  // Runs one C call under the shared lock, so close() cannot free the client mid-call.
  template <class Call>
  Result<std::string> fetch(Call&& call) const {
    if (!handle_) return closed_error();
    char* out = nullptr;
    b44_error* err = nullptr;
    b44_code rc;
    {
      std::shared_lock<std::shared_mutex> lock(handle_->mutex);
      if (handle_->client == nullptr) return closed_error();
      rc = call(handle_->client, &out, &err);
    }
    if (rc != B44_OK) return detail::take_error(rc, err);
    if (out == nullptr) return Error(Code::internal, "the library returned no string");
    return detail::take_string(out);
  }

  std::unique_ptr<Handle> handle_;
};

}  // namespace b44sso

#endif  // B44SSO_CLIENT_HPP
