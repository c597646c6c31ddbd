// access_token_async(): the callback runs exactly once, on a library thread, even when the
// client is closed or destroyed first; its std::function is freed after it ran.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

using namespace std::chrono_literals;

// Collects the outcomes delivered to the callbacks it makes.
class Outcomes {
 public:
  b44sso::TokenCallback callback() {
    // The token lets a test see when the library destroyed the callable.
    return [this, alive = alive_](b44sso::Result<std::string> result) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++calls_;
      thread_ = std::this_thread::get_id();
      last_.emplace(std::move(result));
      changed_.notify_all();
    };
  }

  // Waits for `count` calls (at most 5 s) and returns the last outcome.
  std::optional<b44sso::Result<std::string>> wait(int count = 1) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, 5s, [&] { return calls_ >= count; });
    return last_;
  }

  int calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  std::thread::id thread() {
    std::lock_guard<std::mutex> lock(mutex_);
    return thread_;
  }
  // Callables made by callback() that still exist somewhere.
  long alive() const { return alive_.use_count() - 1; }

 private:
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  std::mutex mutex_;
  std::condition_variable changed_;
  int calls_ = 0;
  std::thread::id thread_;
  std::optional<b44sso::Result<std::string>> last_;
};

// The callable is destroyed right after it ran (on the library thread): wait for that too.
bool released(const Outcomes& outcomes) {
  for (int i = 0; i < 200 && outcomes.alive() != 0; ++i) std::this_thread::sleep_for(5ms);
  return outcomes.alive() == 0;
}

}  // namespace

TEST(async_delivers_the_token_once_on_another_thread) {
  b44sso::Client client(standin::options());
  Outcomes outcomes;
  const std::string user = standin::unique("async-");
  CHECK(client.try_access_token_async(user, outcomes.callback()).has_value());
  const auto outcome = outcomes.wait();
  CHECK(outcome.has_value());
  if (outcome) CHECK_EQ(outcome->value_or(""), "at-" + user);
  CHECK(outcomes.thread() != std::this_thread::get_id());
  CHECK(released(outcomes));
  std::this_thread::sleep_for(100ms);
  CHECK_EQ(outcomes.calls(), 1);
}

TEST(async_delivers_an_error_with_its_fields) {
  b44sso::Client client(standin::options());
  Outcomes outcomes;
  client.access_token_async(standin::scenario("status=404&body=detail_code"), outcomes.callback());
  const auto outcome = outcomes.wait();
  CHECK(outcome.has_value() && !outcome->has_value());
  if (outcome && !*outcome) {
    const b44sso::Error& error = outcome->error();
    CHECK(error.code() == b44sso::Code::not_found);
    CHECK_EQ(error.http_status(), 404);
    CHECK(error.api_code() == std::optional<std::string>("SCENARIO_CODE"));
    CHECK_CONTAINS(error.message(), "scenario detail");
    CHECK_CONTAINS(error.body().value_or(""), "SCENARIO_CODE");
  }
  CHECK(released(outcomes));
  CHECK_EQ(outcomes.calls(), 1);
  CHECK_EQ(client.stats().errors, 1u);
}

TEST(async_that_cannot_start_never_calls_back) {
  b44sso::Client client(standin::options());
  Outcomes outcomes;
  const auto empty = client.try_access_token_async("", outcomes.callback());
  CHECK(!empty && empty.error().code() == b44sso::Code::invalid_argument);
  const auto nul = client.try_access_token_async(std::string("a\0b", 3), outcomes.callback());
  CHECK(!nul && nul.error().code() == b44sso::Code::invalid_argument);
  const auto no_callback = client.try_access_token_async("u", b44sso::TokenCallback());
  CHECK(!no_callback && no_callback.error().code() == b44sso::Code::invalid_argument);
  bool thrown = false;
  try {
    client.access_token_async(std::string(1025, 'x'), outcomes.callback());
  } catch (const b44sso::Error& error) {
    thrown = error.code() == b44sso::Code::invalid_argument;
  }
  CHECK(thrown);
  client.close();
  const auto closed = client.try_access_token_async("u", outcomes.callback());
  CHECK(!closed && closed.error().code() == b44sso::Code::invalid_argument);
  if (!closed) CHECK_CONTAINS(closed.error().message(), "closed");
  CHECK_EQ(outcomes.alive(), 0L);  // refused callables are destroyed at once
  std::this_thread::sleep_for(100ms);
  CHECK_EQ(outcomes.calls(), 0);
}

TEST(closing_with_an_async_call_pending_still_calls_back) {
  b44sso::Client client(standin::options());
  Outcomes outcomes;
  const std::string user = standin::scenario("delay_ms=300");
  client.access_token_async(user, outcomes.callback());
  const auto start = std::chrono::steady_clock::now();
  client.close();  // does not wait for the pending async call
  CHECK(std::chrono::steady_clock::now() - start < 200ms);
  CHECK_EQ(outcomes.calls(), 0);
  const auto outcome = outcomes.wait();
  CHECK(outcome.has_value());
  if (outcome) CHECK_EQ(outcome->value_or(""), "at-" + user);
  CHECK(released(outcomes));
  CHECK_EQ(outcomes.calls(), 1);
}

TEST(destroying_the_client_with_async_calls_pending_still_calls_back) {
  Outcomes outcomes;
  {
    b44sso::Client client(standin::options());
    client.access_token_async(standin::scenario("delay_ms=200"), outcomes.callback());
    client.access_token_async(standin::scenario("delay_ms=200&status=503"), outcomes.callback());
  }
  outcomes.wait(2);
  CHECK(released(outcomes));
  std::this_thread::sleep_for(100ms);
  CHECK_EQ(outcomes.calls(), 2);
}

TEST(many_async_calls_each_call_back_once) {
  const b44sso::Client client(standin::options());
  std::mutex mutex;
  std::condition_variable done;
  std::map<std::string, int> seen;
  const int count = 40;
  for (int i = 0; i < count; ++i) {
    const std::string user = "many-" + std::to_string(i);
    client.access_token_async(user, [&, user](b44sso::Result<std::string> result) {
      std::lock_guard<std::mutex> lock(mutex);
      seen[result.value_or("failed:" + user)]++;
      done.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mutex);
  done.wait_for(lock, 10s, [&] { return seen.size() == static_cast<size_t>(count); });
  CHECK_EQ(seen.size(), static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) CHECK_EQ(seen["at-many-" + std::to_string(i)], 1);
}

TEST(a_throwing_callback_does_not_break_the_library) {
  b44sso::Client client(standin::options());
  Outcomes outcomes;
  client.access_token_async("thrower", [](b44sso::Result<std::string>) { throw std::runtime_error("boom"); });
  client.access_token_async("after-thrower", outcomes.callback());
  const auto outcome = outcomes.wait();
  CHECK(outcome && outcome->value_or("") == "at-after-thrower");
  CHECK_EQ(client.access_token("still-fine"), "at-still-fine");
}
