// A very small test runner: TEST(name) registers a test, CHECK* record failures, and
// run_all() prints one line per test and then "N passed, N failed".
#ifndef B44SSO_TESTS_CHECK_HPP
#define B44SSO_TESTS_CHECK_HPP

#include <cstdio>
#include <functional>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace check {

struct Test {
  const char* name;
  void (*body)();
};

inline std::vector<Test>& registry() {
  static std::vector<Test> tests;
  return tests;
}

inline std::vector<std::string>& current_failures() {
  static thread_local std::vector<std::string> failures;
  return failures;
}

struct Register {
  Register(const char* name, void (*body)()) { registry().push_back({name, body}); }
};

inline void fail(const char* file, int line, const std::string& what) {
  std::ostringstream text;
  text << file << ":" << line << ": " << what;
  current_failures().push_back(text.str());
}

template <class T>
std::string show(const T& value) {
  std::ostringstream text;
  if constexpr (std::is_convertible_v<T, std::string_view>) {
    text << '"' << std::string_view(value) << '"';
  } else if constexpr (std::is_enum_v<T>) {
    text << static_cast<long long>(value);
  } else {
    text << value;
  }
  return text.str();
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

inline int run_all(const char* program) {
  int passed = 0, failed = 0;
  for (const Test& test : registry()) {
    current_failures().clear();
#if defined(__cpp_exceptions)
    try {
      test.body();
    } catch (const std::exception& e) {
      fail(test.name, 0, std::string("unexpected exception: ") + e.what());
    } catch (...) {
      fail(test.name, 0, "unexpected non-standard exception");
    }
#else
    test.body();
#endif
    if (current_failures().empty()) {
      ++passed;
      std::printf("ok   %s\n", test.name);
    } else {
      ++failed;
      std::printf("FAIL %s\n", test.name);
      for (const std::string& failure : current_failures()) std::printf("     %s\n", failure.c_str());
    }
    std::fflush(stdout);
  }
  std::printf("%s: %d passed, %d failed\n", program, passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

}  // namespace check

#define TEST(name)                                          \
  static void name();                                       \
  static const check::Register name##_registered(#name, &name); \
  static void name()

#define CHECK(cond) \
  do {              \
    if (!(cond)) check::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define CHECK_EQ(actual, expected)                                                         \
  do {                                                                                     \
    const auto& actual_ = (actual);                                                        \
    const auto& expected_ = (expected);                                                    \
    if (!(actual_ == expected_))                                                           \
      check::fail(__FILE__, __LINE__,                                                      \
                  #actual " == " #expected ": got " + check::show(actual_) + ", want " +   \
                      check::show(expected_));                                             \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                   \
  do {                                                                                     \
    const std::string haystack_(haystack);                                                 \
    const std::string needle_(needle);                                                     \
    if (!check::contains(haystack_, needle_))                                              \
      check::fail(__FILE__, __LINE__, #haystack " does not contain " + check::show(needle_) + \
                                          ": " + check::show(haystack_));                  \
  } while (0)

#define CHECK_NOT_CONTAINS(haystack, needle)                                               \
  do {                                                                                     \
    const std::string haystack_(haystack);                                                 \
    const std::string needle_(needle);                                                     \
    if (check::contains(haystack_, needle_))                                               \
      check::fail(__FILE__, __LINE__, #haystack " contains " + check::show(needle_));      \
  } while (0)

#endif  // B44SSO_TESTS_CHECK_HPP
