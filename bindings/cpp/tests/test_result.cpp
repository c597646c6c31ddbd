// Result<T>: the non-throwing surface.
#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

TEST(result_holds_a_value) {
  b44sso::Result<std::string> result(std::string("v"));
  CHECK(result.has_value());
  CHECK(static_cast<bool>(result));
  CHECK_EQ(*result, std::string("v"));
  CHECK_EQ(result->size(), 1u);
  CHECK_EQ(result.value_or("fallback"), std::string("v"));
}

TEST(result_holds_an_error) {
  b44sso::Result<std::string> result(b44sso::Error(b44sso::Code::not_found, "gone", 404));
  CHECK(!result.has_value());
  CHECK(result.error().code() == b44sso::Code::not_found);
  CHECK_EQ(result.value_or("fallback"), std::string("fallback"));
  bool thrown = false;
  try {
    (void)result.value();
  } catch (const b44sso::Error& error) {
    thrown = error.http_status() == 404 && error.message() == "gone";
  }
  CHECK(thrown);
}

TEST(result_void) {
  b44sso::Result<void> fine;
  CHECK(fine.has_value());
  fine.value();
  b44sso::Result<void> failed(b44sso::Error(b44sso::Code::config, "no"));
  CHECK(!failed);
  CHECK(failed.error().code() == b44sso::Code::config);
}

TEST(try_calls_succeed_end_to_end) {
  auto client = b44sso::Client::try_create(standin::options().user_token("ut-rita"));
  CHECK(client.has_value());
  if (!client) return;
  const auto token = client->try_access_token("rita");
  CHECK(token && *token == "at-rita");
  const auto id_token = client->try_id_token("rita");
  CHECK(id_token && *id_token == "idt-rita");
  const auto me = client->try_me_json();
  CHECK(me.has_value());
  CHECK_CONTAINS(me.value_or(""), "\"id\": \"rita\"");
}

TEST(error_text_describes_without_the_body) {
  const b44sso::Error error(b44sso::Code::server, "HTTP 500 from the Base44 API: boom", 500,
                            std::string("E_BOOM"), std::string("{\"very\": \"long body\"}"));
  CHECK_EQ(std::string(error.what()), std::string("b44sso: B44_ERR_SERVER (HTTP 500, E_BOOM): HTTP 500 from the Base44 API: boom"));
  const b44sso::Error bare(b44sso::Code::network, "refused");
  CHECK_EQ(std::string(bare.what()), std::string("b44sso: B44_ERR_NETWORK: refused"));
}
