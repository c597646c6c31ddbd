// One client shared by many threads, and close() racing with calls in flight.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

TEST(one_client_serves_many_threads) {
  const b44sso::Client client(standin::options());
  std::atomic<int> right{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string user = "t" + std::to_string(t) + "-" + std::to_string(i);
        const auto token = (i % 2 == 0) ? client.try_access_token(user) : client.try_id_token(user);
        const std::string want = (i % 2 == 0 ? "at-" : "idt-") + user;
        (token && *token == want ? right : wrong)++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK_EQ(right.load(), 200);
  CHECK_EQ(wrong.load(), 0);
}

TEST(calls_overlap_instead_of_queueing) {
  const b44sso::Client client(standin::options());
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      const std::string user = standin::scenario("delay_ms=300");
      if (client.try_access_token(user).value_or("") == "at-" + user) ++right;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK_EQ(right.load(), 4);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1100));
}

TEST(close_waits_for_calls_in_flight_then_refuses_new_ones) {
  b44sso::Client client(standin::options());
  std::atomic<int> succeeded{0}, closed{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      const auto token = client.try_access_token(standin::scenario("delay_ms=300"));
      if (token) ++succeeded;
      else if (check::contains(token.error().message(), "closed")) ++closed;
      else ++other;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  client.close();  // must not free the client under the running calls
  for (auto& thread : threads) thread.join();
  CHECK_EQ(succeeded.load() + closed.load(), 4);
  CHECK_EQ(other.load(), 0);
  CHECK(succeeded.load() > 0);
  CHECK(!client.try_access_token("after").has_value());
}

TEST(clients_are_created_concurrently) {
  std::atomic<int> right{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto client = b44sso::Client::try_create(standin::options());
      const std::string user = "c" + std::to_string(t);
      if (client && client->try_access_token(user).value_or("") == "at-" + user) ++right;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK_EQ(right.load(), 8);
}
