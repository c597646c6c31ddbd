// Closing, moving and destroying clients; the library version check.
#include <type_traits>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

static_assert(!std::is_copy_constructible_v<b44sso::Client>, "a client is shared, not copied");
static_assert(std::is_nothrow_move_constructible_v<b44sso::Client>);
static_assert(std::is_nothrow_copy_constructible_v<b44sso::Error>, "exceptions must copy without throwing");

namespace {

void check_closed_error(const b44sso::Result<std::string>& result, const char* file, int line) {
  if (result) {
    check::fail(file, line, "a call on a closed client succeeded");
    return;
  }
  if (result.error().code() != b44sso::Code::invalid_argument ||
      !check::contains(result.error().message(), "closed")) {
    check::fail(file, line, std::string("unexpected error: ") + result.error().what());
  }
}

#define CHECK_CLOSED(call) check_closed_error(call, __FILE__, __LINE__)

}  // namespace

TEST(use_after_close_is_a_clear_error) {
  b44sso::Client client(standin::options());
  CHECK(!client.closed());
  client.close();
  CHECK(client.closed());
  CHECK_CLOSED(client.try_access_token("u1"));
  CHECK_CLOSED(client.try_id_token("u1"));
  CHECK_CLOSED(client.try_me_json());
  bool thrown = false;
  try {
    (void)client.access_token("u1");
  } catch (const b44sso::Error& error) {
    thrown = error.code() == b44sso::Code::invalid_argument && check::contains(error.what(), "closed");
  }
  CHECK(thrown);
}

TEST(close_twice_is_harmless) {
  b44sso::Client client(standin::options());
  client.close();
  client.close();
  CHECK(client.closed());
}

TEST(a_moved_from_client_behaves_as_closed) {
  b44sso::Client first(standin::options());
  b44sso::Client second(std::move(first));
  CHECK(first.closed());  // NOLINT(bugprone-use-after-move): deliberately
  CHECK_CLOSED(first.try_access_token("u1"));
  first.close();
  CHECK_EQ(second.access_token("u1"), "at-u1");
  b44sso::Client third(standin::options().service_token("replaced-by-move"));
  third = std::move(second);
  CHECK_EQ(third.access_token("u2"), "at-u2");
}

TEST(clients_can_live_in_containers_and_results) {
  std::vector<b44sso::Client> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(b44sso::Client::try_create(standin::options()).value());
  for (const b44sso::Client& client : clients) CHECK_EQ(client.id_token("v"), "idt-v");
  auto shared = std::make_shared<const b44sso::Client>(standin::options());
  CHECK_EQ(shared->access_token("w"), "at-w");
}

TEST(many_clients_come_and_go_without_leaking_a_connection_per_call) {
  for (int i = 0; i < 20; ++i) {
    b44sso::Client client(standin::options());
    CHECK_EQ(client.access_token("loop"), "at-loop");
  }
}

TEST(library_version_is_the_one_supported) {
  const std::string_view loaded = b44sso::version();
  CHECK(b44sso::is_compatible_version(loaded, b44sso::supported_major));
  CHECK_EQ(std::string(loaded), std::string(b44sso::header_version));
  CHECK(!b44sso::detail::library_version_error().has_value());
}

TEST(version_compatibility_is_decided_by_the_major_number) {
  static_assert(b44sso::is_compatible_version("0.1.0", 0));
  static_assert(b44sso::is_compatible_version("0.9.12", 0));
  static_assert(!b44sso::is_compatible_version("1.0.0", 0));
  static_assert(!b44sso::is_compatible_version("10.0.0", 1));
  static_assert(b44sso::is_compatible_version("10.0.0", 10));
  static_assert(!b44sso::is_compatible_version("", 0));
  static_assert(!b44sso::is_compatible_version("0", 0));
  static_assert(!b44sso::is_compatible_version(".1.0", 0));
  CHECK(!b44sso::is_compatible_version("garbage", 0));
}
