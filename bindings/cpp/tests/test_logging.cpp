// The process-wide log handler.
#include <chrono>
#include <future>
#include <mutex>
#include <vector>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

struct Captured {
  std::mutex mutex;
  std::vector<std::pair<b44sso::LogLevel, std::string>> lines;

  auto snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return lines;
  }
};

// Installs a capturing handler for one test; logging is off again afterwards.
class CaptureLogs {
 public:
  explicit CaptureLogs(b44sso::LogLevel level) : captured_(std::make_shared<Captured>()) {
    b44sso::set_log_handler(
        [captured = captured_](b44sso::LogLevel at, std::string_view message) {
          std::lock_guard<std::mutex> lock(captured->mutex);
          captured->lines.emplace_back(at, std::string(message));
        },
        level);
  }
  ~CaptureLogs() { b44sso::set_log_handler(nullptr); }
  std::vector<std::pair<b44sso::LogLevel, std::string>> lines() { return captured_->snapshot(); }

 private:
  std::shared_ptr<Captured> captured_;
};

}  // namespace

TEST(debug_logging_reports_requests_without_secrets) {
  CaptureLogs logs(b44sso::LogLevel::debug);
  b44sso::Client client(standin::options().user_token("ut-logged"));
  CHECK_EQ(client.access_token("logged"), "at-logged");
  const auto lines = logs.lines();
  CHECK(!lines.empty());
  for (const auto& [level, message] : lines) {
    CHECK(level >= b44sso::LogLevel::error && level <= b44sso::LogLevel::debug);
    CHECK_NOT_CONTAINS(message, standin::service_token());
    CHECK_NOT_CONTAINS(message, "ut-logged");
    CHECK_NOT_CONTAINS(message, "at-logged");
  }
}

TEST(warn_logging_reports_failed_calls_only) {
  CaptureLogs logs(b44sso::LogLevel::warn);
  b44sso::Client client(standin::options());
  CHECK_EQ(client.access_token("quiet"), "at-quiet");
  CHECK(logs.lines().empty());
  CHECK(!client.try_access_token(standin::scenario("status=404")));
  const auto lines = logs.lines();
  CHECK(!lines.empty());
  for (const auto& [level, message] : lines) CHECK(level <= b44sso::LogLevel::warn);
}

TEST(an_empty_handler_turns_logging_off) {
  CaptureLogs logs(b44sso::LogLevel::debug);
  b44sso::set_log_handler(nullptr);
  b44sso::Client client(standin::options());
  CHECK(!client.try_access_token(standin::scenario("status=500")));
  CHECK(logs.lines().empty());
}

TEST(caller_threads_drop_the_lines_of_library_threads) {
  b44sso::Client client(standin::options());
  for (const auto threads : {b44sso::LogThreads::all, b44sso::LogThreads::callers}) {
    CaptureLogs logs(b44sso::LogLevel::debug);
    CHECK(b44sso::set_log_threads(threads).has_value());
    const std::string async_user = standin::unique("async-log"), blocking_user = standin::unique("blocking-log");
    auto done = std::make_shared<std::promise<void>>();
    client.access_token_async(async_user, [done](b44sso::Result<std::string>) { done->set_value(); });
    CHECK(done->get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK_EQ(client.access_token(blocking_user), "at-" + blocking_user);
    bool from_async = false, from_blocking = false;
    for (const auto& [level, message] : logs.lines()) {
      from_async = from_async || message.find(async_user) != std::string::npos;
      from_blocking = from_blocking || message.find(blocking_user) != std::string::npos;
    }
    CHECK(from_blocking);
    CHECK(from_async == (threads == b44sso::LogThreads::all));
  }
  CHECK(b44sso::set_log_threads(b44sso::LogThreads::all).has_value());
  const auto refused = b44sso::set_log_threads(static_cast<b44sso::LogThreads>(7));
  CHECK(!refused.has_value() && refused.error().code() == b44sso::Code::invalid_argument);
}

TEST(a_throwing_handler_does_not_break_calls) {
  b44sso::set_log_handler([](b44sso::LogLevel, std::string_view) { throw std::runtime_error("handler"); },
                          b44sso::LogLevel::debug);
  b44sso::Client client(standin::options());
  CHECK_EQ(client.access_token("thrower"), "at-thrower");
  b44sso::set_log_handler(nullptr);
}
