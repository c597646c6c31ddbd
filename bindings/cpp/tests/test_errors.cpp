// Every error kind the stand-in can produce, with the fields the Error carries.
#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

// Runs a call that must fail and returns its error (or a placeholder after recording a failure).
template <class Call>
b44sso::Error failure_of(Call&& call, b44sso::Code expected, const char* file, int line) {
  try {
    call();
  } catch (const b44sso::Error& error) {
    if (error.code() != expected) {
      check::fail(file, line, std::string("got ") + error.what() + ", want " +
                                  std::string(b44sso::code_name(expected)));
    }
    return error;
  }
  check::fail(file, line, "no error, want " + std::string(b44sso::code_name(expected)));
  return b44sso::Error(b44sso::Code::ok, "");
}

#define FAILURE_OF(expr, code) failure_of([&] { (void)(expr); }, b44sso::Code::code, __FILE__, __LINE__)

b44sso::Error access_token_error(const std::string& params, b44sso::Code expected, int line) {
  b44sso::Client client(standin::options());
  return failure_of([&] { (void)client.access_token(standin::scenario(params)); }, expected, __FILE__, line);
}

}  // namespace

TEST(not_found_carries_status_api_code_message_and_body) {
  const auto error = access_token_error("status=404&body=detail_code", b44sso::Code::not_found, __LINE__);
  CHECK_EQ(error.http_status(), 404);
  CHECK(error.api_code() == std::optional<std::string>("SCENARIO_CODE"));
  CHECK_CONTAINS(error.message(), "scenario detail");
  CHECK(error.body().has_value());
  CHECK_CONTAINS(error.body().value_or(""), "\"code\": \"SCENARIO_CODE\"");
  CHECK_EQ(error.code_name(), std::string_view("B44_ERR_NOT_FOUND"));
  CHECK_CONTAINS(error.what(), "B44_ERR_NOT_FOUND (HTTP 404, SCENARIO_CODE): ");
}

TEST(unauthorized_for_a_wrong_service_token) {
  b44sso::Client client(standin::options().service_token("wrong-token"));
  const auto error = FAILURE_OF(client.access_token("u1"), unauthorized);
  CHECK_EQ(error.http_status(), 401);
  CHECK(!error.api_code().has_value());
  CHECK_CONTAINS(error.message(), "Unauthorized");
}

TEST(forbidden_for_another_users_token) {
  b44sso::Client client(standin::options().user_token("ut-alice"));
  const auto error = FAILURE_OF(client.access_token("bob"), forbidden);
  CHECK_EQ(error.http_status(), 403);
  CHECK(error.api_code() == std::optional<std::string>("FORBIDDEN"));
}

TEST(rate_limited_on_429) {
  const auto error = access_token_error("status=429&body=message", b44sso::Code::rate_limited, __LINE__);
  CHECK_EQ(error.http_status(), 429);
  CHECK(error.api_code() == std::optional<std::string>("MSG_CODE"));
  CHECK_CONTAINS(error.message(), "scenario message");
}

TEST(server_error_on_500_with_the_nested_message) {
  const auto error = access_token_error("status=500&body=error", b44sso::Code::server, __LINE__);
  CHECK_EQ(error.http_status(), 500);
  CHECK(error.api_code() == std::optional<std::string>("NESTED_CODE"));
  CHECK_CONTAINS(error.message(), "nested message");
}

TEST(connector_error_header_is_the_api_code) {
  const auto error = access_token_error("status=502&body=connector", b44sso::Code::server, __LINE__);
  CHECK(error.api_code() == std::optional<std::string>("CONNECTOR_X"));
}

TEST(empty_error_body_is_no_body) {
  const auto error = access_token_error("status=500&body=empty", b44sso::Code::server, __LINE__);
  CHECK(!error.body().has_value());
  CHECK(!error.api_code().has_value());
}

TEST(http_error_for_a_teapot_and_for_a_redirect) {
  const auto teapot = access_token_error("status=418&body=text", b44sso::Code::http, __LINE__);
  CHECK_EQ(teapot.http_status(), 418);
  CHECK(teapot.body() == std::optional<std::string>("upstream exploded"));
  const auto redirect = access_token_error("redirect=1", b44sso::Code::http, __LINE__);
  CHECK_EQ(redirect.http_status(), 302);
}

TEST(network_error_when_the_connection_drops) {
  const auto dropped = access_token_error("drop=before", b44sso::Code::network, __LINE__);
  CHECK_EQ(dropped.http_status(), 0);
  b44sso::Client refused(standin::options().server_url("http://127.0.0.1:1"));
  FAILURE_OF(refused.access_token("u1"), network);
}

TEST(timeout_when_the_server_hangs) {
  b44sso::Client client(standin::options().timeout(std::chrono::milliseconds(300)));
  const auto start = std::chrono::steady_clock::now();
  const auto error = FAILURE_OF(client.access_token(standin::scenario("hang=1")), timeout);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK_EQ(error.http_status(), 0);
}

TEST(protocol_error_for_answers_that_are_not_tokens) {
  for (const char* shape : {"invalid_json", "empty_object", "number", "empty_token", "html", "wrong_type"}) {
    const auto error = access_token_error(std::string("shape=") + shape, b44sso::Code::protocol, __LINE__);
    CHECK_EQ(error.http_status(), 200);
  }
}

TEST(tls_error_when_https_meets_plain_http) {
  std::string url = standin::url();
  url.replace(0, 4, "https");
  b44sso::Client client(standin::options().server_url(url));
  FAILURE_OF(client.access_token("u1"), tls);
}

TEST(config_errors_for_missing_settings) {
  FAILURE_OF(b44sso::Client(b44sso::Options().service_token("t").server_url(standin::url())), config);
  FAILURE_OF(b44sso::Client(b44sso::Options().app_id("a").server_url(standin::url())), config);
  FAILURE_OF(b44sso::Client(b44sso::Options().app_id("a").service_token("t").server_url("http://example.com")),
             config);
  FAILURE_OF(b44sso::Client(standin::options().ca_file("/nonexistent/ca.pem")), config);
  b44sso::Client without_user_token(standin::options());
  const auto error = FAILURE_OF(without_user_token.me_json(), config);
  CHECK_CONTAINS(error.message(), "user_token");
  b44sso::Client without_service_token(
      b44sso::Options().app_id(standin::app_id()).user_token("ut-x").server_url(standin::url()));
  FAILURE_OF(without_service_token.access_token("x"), config);
}

TEST(secrets_never_reach_errors) {
  b44sso::Client client(standin::options().user_token("ut-secret-user"));
  const auto error = FAILURE_OF(client.access_token(standin::scenario("status=500&body=echo")), server);
  const std::string everything = std::string(error.what()) + error.message() + error.body().value_or("");
  CHECK_NOT_CONTAINS(everything, standin::service_token());
  CHECK_NOT_CONTAINS(everything, "ut-secret-user");
  CHECK_CONTAINS(error.body().value_or(""), "[REDACTED]");
}

TEST(try_variant_returns_the_same_error_without_throwing) {
  b44sso::Client client(standin::options());
  const auto result = client.try_access_token(standin::scenario("status=404&body=detail_code"));
  CHECK(!result);
  if (result) return;
  CHECK(result.error().code() == b44sso::Code::not_found);
  CHECK_EQ(result.error().http_status(), 404);
  CHECK(result.error().api_code() == std::optional<std::string>("SCENARIO_CODE"));
}
