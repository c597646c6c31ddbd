// The process-wide token cache seen through one client: hits, invalidate, and the counters.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

// The stand-in answers this id with a JWT expiring in 600 s, numbered per fetch: the same
// token twice means the second came from the cache.
std::string jwt_user(const std::string& extra = "") { return "!jwt_exp=600" + extra + "&tag=" + standin::unique("jwt-"); }

}  // namespace

TEST(a_jwt_is_served_from_the_cache_the_second_time) {
  b44sso::Client client(standin::options());
  const std::string user = jwt_user();
  const std::string first = client.access_token(user);
  CHECK_EQ(first.substr(0, 3), std::string("eyJ"));
  CHECK_EQ(client.access_token(user), first);
  const b44sso::Stats stats = client.stats();
  CHECK_EQ(stats.requests, 1u);
  CHECK_EQ(stats.cache_misses, 1u);
  CHECK_EQ(stats.cache_hits, 1u);
  CHECK_EQ(stats.errors, 0u);
  CHECK_EQ(standin::requests_with_path(user.substr(user.find("&tag=") + 5)).size(), 1u);
}

TEST(with_the_cache_off_every_call_fetches) {
  b44sso::Client client(standin::options().cache(b44sso::Cache::off));
  const std::string user = jwt_user();
  CHECK(client.access_token(user) != client.access_token(user));
  CHECK_EQ(client.stats().requests, 2u);
  CHECK_EQ(client.stats().cache_hits, 0u);
}

TEST(the_cache_is_shared_by_the_clients_of_the_process) {
  b44sso::Client first(standin::options());
  b44sso::Client second(standin::options());
  const std::string user = jwt_user();
  const std::string token = first.access_token(user);
  CHECK_EQ(second.access_token(user), token);
  CHECK_EQ(second.stats().requests, 0u);
  CHECK_EQ(second.stats().cache_hits, 1u);
  // A different service token is a different key: the cache never answers for it.
  b44sso::Client other(standin::options().service_token("wrong-token"));
  CHECK(!other.try_access_token(user).has_value());
}

TEST(invalidate_drops_a_users_cached_tokens) {
  b44sso::Client client(standin::options());
  b44sso::Client other(standin::options());
  const std::string user = jwt_user();
  const std::string kept = jwt_user();
  const std::string first = client.access_token(user);
  const std::string kept_token = client.access_token(kept);
  client.invalidate(user);
  const std::string second = other.access_token(user);  // dropped for every client
  CHECK(second != first);
  CHECK_EQ(client.access_token(user), second);
  CHECK_EQ(client.access_token(kept), kept_token);  // other users stay cached
  CHECK_EQ(client.stats().cache_misses, 2u);
  CHECK_EQ(client.stats().cache_hits, 2u);
  CHECK(client.try_invalidate("never-fetched").has_value());
}

TEST(invalidate_refuses_a_nul_and_a_closed_client) {
  b44sso::Client client(standin::options());
  const auto nul = client.try_invalidate(std::string("a\0b", 3));
  CHECK(!nul && nul.error().code() == b44sso::Code::invalid_argument);
  client.close();
  const auto closed = client.try_invalidate("x");
  CHECK(!closed && closed.error().code() == b44sso::Code::invalid_argument);
  if (!closed) CHECK_CONTAINS(closed.error().message(), "closed");
}

TEST(stats_count_requests_retries_and_errors) {
  b44sso::Client client(standin::options().max_retries(2));
  CHECK(client.stats() == b44sso::Stats{});
  CHECK_EQ(client.access_token(standin::scenario("status=503&times=1")).substr(0, 3), std::string("at-"));
  CHECK(!client.try_access_token(standin::scenario("status=404")).has_value());
  CHECK(!client.try_access_token("").has_value());
  const b44sso::Stats stats = client.stats();
  CHECK_EQ(stats.requests, 3u);
  CHECK_EQ(stats.retries, 1u);
  CHECK_EQ(stats.errors, 2u);
  CHECK_EQ(stats.cache_hits, 0u);
}

TEST(concurrent_misses_for_one_token_make_one_request) {
  const b44sso::Client client(standin::options());
  const std::string user = jwt_user("&delay_ms=300");
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { tokens[t] = client.try_access_token(user).value_or("failed"); });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& token : tokens) CHECK_EQ(token, tokens[0]);
  const b44sso::Stats stats = client.stats();
  CHECK_EQ(stats.requests, 1u);
  CHECK_EQ(stats.coalesced_waits + stats.cache_hits, 3u);
  CHECK(stats.coalesced_waits >= 1u);
}

TEST(stats_keep_their_final_values_after_close) {
  b44sso::Client client(standin::options());
  const std::string user = jwt_user();
  (void)client.access_token(user);
  (void)client.access_token(user);
  const b44sso::Stats before = client.stats();
  client.close();
  CHECK(client.stats() == before);
  CHECK_EQ(client.stats().cache_hits, 1u);
  b44sso::Client moved_to(std::move(client));
  CHECK(client.stats() == b44sso::Stats{});  // NOLINT(bugprone-use-after-move): deliberately
}

TEST(cache_options_are_typed_and_checked) {
  b44sso::Client client(standin::options()
                            .cache_ttl(std::chrono::seconds(30))
                            .cache_skew(std::chrono::seconds(10))
                            .cache_refresh(std::chrono::minutes(1))
                            .cache_max_entries(500)
                            .max_connections(2));
  // cache_ttl caches opaque tokens too.
  const std::string user = standin::unique("opaque-");
  CHECK_EQ(client.access_token(user), "at-" + user);
  CHECK_EQ(client.access_token(user), "at-" + user);
  CHECK_EQ(client.stats().requests, 1u);
  CHECK_EQ(client.stats().cache_hits, 1u);
  const auto refused = [](const b44sso::Options& options, const std::string& key) {
    const auto result = b44sso::Client::try_create(options);
    return !result && result.error().code() == b44sso::Code::invalid_argument &&
           check::contains(result.error().message(), key);
  };
  CHECK(refused(standin::options().max_connections(0), "max_connections"));
  CHECK(refused(standin::options().max_connections(65), "max_connections"));
  CHECK(refused(standin::options().cache_max_entries(0), "cache_max_entries"));
  CHECK(refused(standin::options().cache_skew(std::chrono::hours(2)), "cache_skew_s"));
  CHECK(refused(standin::options().cache_ttl(std::chrono::seconds(-1)), "cache_ttl_s"));
  CHECK(refused(standin::options().cache_refresh(std::chrono::hours(25)), "cache_refresh_s"));
}
