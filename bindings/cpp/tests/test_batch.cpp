// access_tokens(): many users in one call, answered in order, one Result each.
#include <chrono>
#include <string>
#include <vector>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

TEST(a_batch_answers_in_the_order_asked) {
  b44sso::Client client(standin::options());
  std::vector<std::string> users;
  for (int i = 0; i < 12; ++i) users.push_back(standin::unique("batch-"));
  const auto results = client.access_tokens(users);
  CHECK_EQ(results.size(), users.size());
  for (size_t i = 0; i < users.size() && i < results.size(); ++i) {
    CHECK(results[i].has_value());
    CHECK_EQ(results[i].value_or(""), "at-" + users[i]);
  }
  CHECK_EQ(client.stats().requests, 12u);
}

TEST(duplicates_are_fetched_once) {
  b44sso::Client client(standin::options());
  const std::string user = standin::unique("dup-");
  const std::string other = standin::unique("dup-");
  const auto results = client.access_tokens({user, other, user, user});
  CHECK_EQ(results.size(), 4u);
  for (size_t i : {0, 2, 3}) CHECK_EQ(results.at(i).value_or(""), "at-" + user);
  CHECK_EQ(results.at(1).value_or(""), "at-" + other);
  CHECK_EQ(standin::requests_with_path("/accesstoken/" + user).size(), 1u);
  CHECK_EQ(client.stats().requests, 2u);
}

TEST(each_failed_id_carries_its_own_error) {
  b44sso::Client client(standin::options());
  const std::string good = standin::unique("ok-");
  const std::string missing = standin::scenario("status=404&body=detail_code");
  const std::string nul_tag = standin::unique("nul-");
  const auto results =
      client.access_tokens(std::vector<std::string>{good, missing, "", nul_tag + std::string("\0x", 2), good});
  CHECK_EQ(results.size(), 5u);
  if (results.size() != 5) return;
  CHECK_EQ(results[0].value_or(""), "at-" + good);
  CHECK(!results[1].has_value());
  if (!results[1]) {
    CHECK(results[1].error().code() == b44sso::Code::not_found);
    CHECK_EQ(results[1].error().http_status(), 404);
    CHECK(results[1].error().api_code() == std::optional<std::string>("SCENARIO_CODE"));
    CHECK_CONTAINS(results[1].error().message(), "scenario detail");
  }
  CHECK(!results[2] && results[2].error().code() == b44sso::Code::invalid_argument);
  CHECK(!results[3] && results[3].error().code() == b44sso::Code::invalid_argument);
  if (!results[3]) CHECK_CONTAINS(results[3].error().message(), "NUL");
  CHECK(standin::requests_with_path(nul_tag).empty());
  CHECK_EQ(results[4].value_or(""), "at-" + good);
}

TEST(a_batch_uses_the_cache) {
  b44sso::Client client(standin::options());
  const std::string user = "!jwt_exp=600&tag=" + standin::unique("bjwt-");
  const std::string token = client.access_token(user);
  const auto results = client.access_tokens({user, std::string_view("plain")});
  CHECK_EQ(results.at(0).value_or(""), token);
  CHECK_EQ(results.at(1).value_or(""), std::string("at-plain"));
  CHECK_EQ(client.stats().cache_hits, 1u);
}

TEST(an_empty_batch_is_empty) {
  b44sso::Client client(standin::options());
  CHECK(client.access_tokens(std::vector<std::string>{}).empty());
  CHECK_EQ(client.stats().requests, 0u);
}

TEST(a_batch_on_a_closed_client_fails_every_id) {
  b44sso::Client client(standin::options());
  client.close();
  const auto results = client.access_tokens({"a", "b"});
  CHECK_EQ(results.size(), 2u);
  for (const auto& result : results) {
    CHECK(!result && result.error().code() == b44sso::Code::invalid_argument);
    if (!result) CHECK_CONTAINS(result.error().message(), "closed");
  }
}

TEST(a_batch_runs_concurrently_up_to_max_connections) {
  const auto elapsed = [](int connections) {
    b44sso::Client client(standin::options().max_connections(connections));
    std::vector<std::string> users;
    for (int i = 0; i < 4; ++i) users.push_back(standin::scenario("delay_ms=250"));
    const auto start = std::chrono::steady_clock::now();
    for (const auto& result : client.access_tokens(users)) CHECK(result.has_value());
    return std::chrono::steady_clock::now() - start;
  };
  CHECK(elapsed(4) < std::chrono::milliseconds(750));   // four at once: about 250 ms
  CHECK(elapsed(1) >= std::chrono::milliseconds(950));  // one at a time: about 1 s
}
