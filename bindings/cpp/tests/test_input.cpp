// Bad input is refused before anything is sent, as INVALID_ARGUMENT naming what was wrong.
#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

b44sso::Error invalid(const b44sso::Result<std::string>& result, const char* file, int line) {
  if (result) {
    check::fail(file, line, "the call succeeded, want B44_ERR_INVALID_ARGUMENT");
    return b44sso::Error(b44sso::Code::ok, "");
  }
  if (result.error().code() != b44sso::Code::invalid_argument) {
    check::fail(file, line, std::string("got ") + result.error().what());
  }
  return result.error();
}

b44sso::Error invalid_option(const std::string& key, const std::string& value, const char* file, int line) {
  auto result = b44sso::Client::try_create(standin::options().set(key, value));
  if (result) {
    check::fail(file, line, "option " + key + " was accepted");
    return b44sso::Error(b44sso::Code::ok, "");
  }
  if (result.error().code() != b44sso::Code::invalid_argument) {
    check::fail(file, line, std::string("got ") + result.error().what());
  }
  return result.error();
}

#define INVALID(call) invalid(call, __FILE__, __LINE__)
#define INVALID_OPTION(key, value) invalid_option(key, value, __FILE__, __LINE__)

}  // namespace

TEST(bad_user_ids_are_refused_and_nothing_is_sent) {
  b44sso::Client client(standin::options());
  const std::string tag = standin::unique("bad-");
  INVALID(client.try_access_token(""));
  INVALID(client.try_id_token(""));
  INVALID(client.try_access_token(tag + "\n"));
  INVALID(client.try_access_token(tag + "\x7f"));
  INVALID(client.try_access_token(tag + "\xff"));  // not UTF-8
  INVALID(client.try_access_token(tag + std::string(1025, 'x')));
  CHECK(standin::requests_with_path(tag).empty());
  CHECK_EQ(client.access_token(std::string(1024, 'y')), "at-" + std::string(1024, 'y'));
}

TEST(a_nul_inside_a_user_id_is_refused_not_cut_short) {
  b44sso::Client client(standin::options());
  const std::string tag = standin::unique("nul-");
  const auto error = INVALID(client.try_access_token(tag + std::string("\0evil", 5)));
  CHECK_CONTAINS(error.message(), "NUL");
  CHECK(standin::requests_with_path(tag).empty());
  INVALID(client.try_id_token(std::string("\0", 1)));
}

TEST(unknown_option_keys_are_refused_by_name) {
  const auto error = INVALID_OPTION("no_such_option", "1");
  CHECK_CONTAINS(error.message(), "no_such_option");
}

TEST(bad_option_values_are_refused_by_key) {
  CHECK_CONTAINS(INVALID_OPTION("timeout_ms", "0").message(), "timeout_ms");
  CHECK_CONTAINS(INVALID_OPTION("timeout_ms", "600001").message(), "timeout_ms");
  CHECK_CONTAINS(INVALID_OPTION("connect_timeout_ms", "soon").message(), "connect_timeout_ms");
  CHECK_CONTAINS(INVALID_OPTION("max_retries", "11").message(), "max_retries");
  CHECK_CONTAINS(INVALID_OPTION("data_env", "staging").message(), "data_env");
  CHECK_CONTAINS(INVALID_OPTION("cache", "sometimes").message(), "cache");
  CHECK_CONTAINS(INVALID_OPTION("user_agent", "a\r\nX-Injected: 1").message(), "user_agent");
  INVALID_OPTION("server_url", "ftp://example.com");
  INVALID_OPTION("server_url", "not a url");
  const auto negative = b44sso::Client::try_create(standin::options().timeout(std::chrono::milliseconds(-5)));
  CHECK(!negative && negative.error().code() == b44sso::Code::invalid_argument);
}

TEST(a_nul_inside_an_option_is_refused_without_echoing_the_value) {
  const auto error = INVALID_OPTION("service_token", std::string("secret\0rest", 11));
  CHECK_CONTAINS(error.message(), "service_token");
  CHECK_NOT_CONTAINS(error.what(), "secret");
  INVALID_OPTION(std::string("app_id\0x", 8), "a");
}

TEST(the_throwing_api_throws_invalid_argument_too) {
  b44sso::Client client(standin::options());
  bool thrown = false;
  try {
    (void)client.access_token("");
  } catch (const b44sso::Error& error) {
    thrown = error.code() == b44sso::Code::invalid_argument;
  }
  CHECK(thrown);
  thrown = false;
  try {
    b44sso::Client bad(standin::options().set("bogus", "1"));
  } catch (const std::runtime_error& error) {  // b44sso::Error is a std::runtime_error
    thrown = check::contains(error.what(), "bogus");
  }
  CHECK(thrown);
}
