// Successful calls against the stand-in, and what goes on the wire.
#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

TEST(access_token_is_fetched) {
  b44sso::Client client(standin::options());
  const std::string user = standin::unique("alice-");
  CHECK_EQ(client.access_token(user), "at-" + user);
}

TEST(id_token_is_fetched) {
  b44sso::Client client(standin::options());
  const std::string user = standin::unique("bob-");
  CHECK_EQ(client.id_token(user), "idt-" + user);
}

TEST(me_returns_the_user_json) {
  const std::string user = standin::unique("carol-");
  b44sso::Client client(b44sso::Options()
                            .app_id(standin::app_id())
                            .user_token("ut-" + user)
                            .server_url(standin::url()));
  const std::string json = client.me_json();
  CHECK_CONTAINS(json, "\"id\": \"" + user + "\"");
  CHECK_CONTAINS(json, "\"email\": \"" + user + "@example.com\"");
  CHECK_CONTAINS(json, "\"department\": \"engineering\"");
}

TEST(a_user_token_next_to_the_service_token_is_sent_on_behalf_of) {
  const std::string user = standin::unique("dave-");
  b44sso::Client client(standin::options().user_token("ut-" + user));
  CHECK_EQ(client.access_token(user), "at-" + user);
  const auto requests = standin::requests_with_path("/accesstoken/" + user);
  CHECK_EQ(requests.size(), 1u);
  if (!requests.empty()) CHECK_CONTAINS(requests[0], "\"on-behalf-of\": \"Bearer ut-" + user + "\"");
}

TEST(user_id_is_sent_as_one_percent_encoded_segment) {
  b44sso::Client client(standin::options());
  const std::string tag = standin::unique("enc-");
  const std::string user = tag + "/b?c#d \xc3\xa9";  // ends in U+00E9
  CHECK_EQ(client.access_token(user), "at-" + user);
  CHECK_EQ(standin::requests_with_path("/accesstoken/" + tag + "%2Fb%3Fc%23d%20%C3%A9").size(), 1u);
  CHECK_EQ(client.access_token(".."), "at-..");
  CHECK(!standin::requests_with_path("/accesstoken/%2E%2E").empty());
}

TEST(headers_carry_app_id_service_token_and_the_appended_user_agent) {
  b44sso::Client client(standin::options().state("st-1").data_env(b44sso::DataEnv::dev));
  const std::string user = standin::unique("hdr-");
  CHECK_EQ(client.access_token(user), "at-" + user);
  const auto requests = standin::requests_with_path("/accesstoken/" + user);
  CHECK_EQ(requests.size(), 1u);
  if (requests.empty()) return;
  CHECK_CONTAINS(requests[0], "\"x-app-id\": \"" + standin::app_id() + "\"");
  CHECK_CONTAINS(requests[0], "\"authorization\": \"Bearer " + standin::service_token() + "\"");
  CHECK_CONTAINS(requests[0], "\"user-agent\": \"b44sso/" + std::string(b44sso::version()) + " cpp-tests\"");
  CHECK_CONTAINS(requests[0], "\"base44-state\": \"st-1\"");
  CHECK_CONTAINS(requests[0], "\"x-data-env\": \"dev\"");
}

TEST(a_503_is_retried_when_retries_are_allowed) {
  b44sso::Client client(standin::options().max_retries(2));
  const std::string user = standin::scenario("status=503&times=1");
  CHECK_EQ(client.access_token(user), "at-" + user);
}

TEST(every_typed_option_is_accepted) {
  b44sso::Client client(standin::options()
                            .timeout(std::chrono::seconds(5))
                            .connect_timeout(std::chrono::milliseconds(2000))
                            .max_retries(1)
                            .cache(b44sso::Cache::off)
                            .cache(b44sso::Cache::automatic)
                            .data_env(b44sso::DataEnv::prod)
                            .state("s")
                            .proxy("")
                            .user_agent("typed"));
  const std::string user = standin::unique("typed-");
  CHECK_EQ(client.id_token(user), "idt-" + user);
}

TEST(sequential_calls_reuse_one_connection) {
  b44sso::Client client(standin::options());
  const long before = standin::connections();
  for (int i = 0; i < 5; ++i) CHECK_EQ(client.access_token("keep"), "at-keep");
  CHECK_EQ(standin::connections() - before, 1L);
}
