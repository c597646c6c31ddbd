// Process-wide logging: b44sso::set_log_handler(handler, level) routes the library's log lines
// (which never hold a secret) to a C++ callable.
#ifndef B44SSO_LOG_HPP
#define B44SSO_LOG_HPP

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "config.hpp"
#include "error.hpp"
#include "result.hpp"

namespace b44sso {

enum class LogLevel : int {
  error = B44_LOG_ERROR,
  warn = B44_LOG_WARN,    // failed calls
  info = B44_LOG_INFO,    // retries
  debug = B44_LOG_DEBUG,  // every request and its outcome
};

struct LogLevelInfo {
  LogLevel level;
  std::string_view name;  // the C enumerator's name
};

inline constexpr LogLevelInfo all_log_levels[] = {
    {LogLevel::error, "B44_LOG_ERROR"},
    {LogLevel::warn, "B44_LOG_WARN"},
    {LogLevel::info, "B44_LOG_INFO"},
    {LogLevel::debug, "B44_LOG_DEBUG"},
};

// Called on the thread making the logged call, maybe on several threads at once: it must be
// thread-safe and must not call into b44sso. Exceptions it throws are swallowed.
using LogHandler = std::function<void(LogLevel level, std::string_view message)>;

namespace detail {

using SharedLogHandler = std::shared_ptr<const LogHandler>;

inline SharedLogHandler& log_handler_slot() {
  static SharedLogHandler slot;
  return slot;
}

// The one C handler: it takes its own reference to the current C++ handler, so replacing the
// handler while a call is logging cannot destroy the callable under it.
// C linkage to match b44_log_handler; the prefixed name keeps it clear of user symbols.
extern "C" inline void b44sso_cpp_log_trampoline(b44_log_level level, const char* message, void*) {
  const SharedLogHandler handler = std::atomic_load(&log_handler_slot());
  if (!handler || message == nullptr) return;
#if B44SSO_EXCEPTIONS
  try {
    (*handler)(static_cast<LogLevel>(level), message);
  } catch (...) {  // must not unwind into the library
  }
#else
  (*handler)(static_cast<LogLevel>(level), message);
#endif
}

}  // namespace detail

// Installs `handler` for messages at `level` and more severe ones; an empty handler turns
// logging off (the default).
inline void set_log_handler(LogHandler handler, LogLevel level = LogLevel::warn) {
  static std::mutex setting;  // keeps the C registration in step with the stored callable
  std::lock_guard<std::mutex> lock(setting);
  if (!handler) {
    b44_set_log_handler(nullptr, nullptr, static_cast<b44_log_level>(level));
    std::atomic_store(&detail::log_handler_slot(), detail::SharedLogHandler());
    return;
  }
  std::atomic_store(&detail::log_handler_slot(),
                    detail::SharedLogHandler(std::make_shared<const LogHandler>(std::move(handler))));
  b44_set_log_handler(&detail::b44sso_cpp_log_trampoline, nullptr, static_cast<b44_log_level>(level));
}

// The threads log lines are delivered on.
enum class LogThreads : int {
  all = B44_LOG_ALL_THREADS,         // every thread doing logged work (the default)
  callers = B44_LOG_CALLER_THREADS,  // not the library's own threads: lines of batch workers,
                                     // async calls and background refreshes are dropped
};

// Chooses, for the whole process, the threads log lines are delivered on. An error
// (invalid_argument) only for a value outside the enum; the setting is then unchanged.
inline Result<void> set_log_threads(LogThreads threads) {
  const b44_code rc = b44_set_log_threads(static_cast<b44_log_threads>(threads));
  if (rc != B44_OK) return Error(static_cast<Code>(rc), "log threads must be LogThreads::all or LogThreads::callers");
  return {};
}

}  // namespace b44sso

#endif  // B44SSO_LOG_HPP
