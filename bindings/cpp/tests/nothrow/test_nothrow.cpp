// Built with -fno-exceptions: the wrapper must compile, offer only the Result API, and work.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <type_traits>

#include <b44sso.hpp>

#include "../check.hpp"

#if defined(__cpp_exceptions)
#error "this file must be compiled with -fno-exceptions"
#endif

namespace {

template <class C, class = void>
struct has_throwing_access_token : std::false_type {};
template <class C>
struct has_throwing_access_token<C, std::void_t<decltype(std::declval<const C&>().access_token(""))>>
    : std::true_type {};

static_assert(!has_throwing_access_token<b44sso::Client>::value,
              "without exceptions only the try_ API may exist");

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

b44sso::Options options() {
  return b44sso::Options()
      .app_id(env("B44SSO_TEST_APP_ID"))
      .service_token(env("B44SSO_TEST_SERVICE_TOKEN"))
      .server_url(env("B44SSO_TEST_URL"))
      .max_retries(0);
}

}  // namespace

TEST(nothrow_success) {
  CHECK(!env("B44SSO_TEST_URL").empty());
  auto client = b44sso::Client::try_create(options());
  CHECK(client.has_value());
  if (!client) return;
  CHECK_EQ(client->try_access_token("nt").value_or(""), std::string("at-nt"));
  CHECK_EQ(client->try_id_token("nt").value_or(""), std::string("idt-nt"));
}

TEST(nothrow_errors_are_values) {
  auto client = b44sso::Client::try_create(options());
  if (!client) return check::fail(__FILE__, __LINE__, client.error().what());
  const auto missing = client->try_access_token("!status=404&body=detail_code&u=nothrow");
  CHECK(!missing);
  if (!missing) {
    CHECK(missing.error().code() == b44sso::Code::not_found);
    CHECK_EQ(missing.error().http_status(), 404);
    CHECK(missing.error().api_code() == std::optional<std::string>("SCENARIO_CODE"));
  }
  const auto bad = client->try_access_token(std::string("a\0b", 3));
  CHECK(!bad && bad.error().code() == b44sso::Code::invalid_argument);
  const auto no_user = client->try_me_json();
  CHECK(!no_user && no_user.error().code() == b44sso::Code::config);
}

TEST(nothrow_bad_options_and_headers) {
  const auto bad_key = b44sso::Client::try_create(options().set("bogus", "1"));
  CHECK(!bad_key && bad_key.error().code() == b44sso::Code::invalid_argument);
  const auto no_app = b44sso::Client::try_from_request_headers({{"Authorization", "Bearer ut-x"}});
  CHECK(!no_app && no_app.error().code() == b44sso::Code::config);
}

TEST(nothrow_close) {
  auto client = b44sso::Client::try_create(options());
  if (!client) return check::fail(__FILE__, __LINE__, client.error().what());
  client->close();
  client->close();
  const auto after = client->try_access_token("x");
  CHECK(!after && after.error().code() == b44sso::Code::invalid_argument);
}

TEST(nothrow_batch_async_and_stats) {
  auto client = b44sso::Client::try_create(options());
  if (!client) return check::fail(__FILE__, __LINE__, client.error().what());
  const auto results = client->access_tokens({"nb1", "", "nb1"});
  CHECK_EQ(results.size(), 3u);
  CHECK_EQ(results.at(0).value_or(""), std::string("at-nb1"));
  CHECK(!results.at(1) && results.at(1).error().code() == b44sso::Code::invalid_argument);
  CHECK(client->try_invalidate("nb1").has_value());
  std::atomic<int> calls{0};
  std::atomic<bool> right{false};
  CHECK(client->try_access_token_async("na", [&](b44sso::Result<std::string> token) {
    right = token.value_or("") == "at-na";
    ++calls;
  }).has_value());
  for (int i = 0; i < 500 && calls == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK_EQ(calls.load(), 1);
  CHECK(right.load());
  CHECK_EQ(client->stats().requests, 2u);
}

int main() { return check::run_all("b44sso C++ tests (-fno-exceptions)"); }
