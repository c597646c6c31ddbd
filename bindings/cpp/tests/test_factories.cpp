// Clients from the environment and from the headers of an incoming request.
#include <cstdlib>
#include <map>
#include <unordered_map>
#include <vector>

#include <b44sso.hpp>

#include "check.hpp"
#include "standin.hpp"

namespace {

// Sets variables for one test and restores the previous values afterwards.
class ScopedEnv {
 public:
  ScopedEnv() = default;
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ScopedEnv& set(const char* name, const char* value) {
    const char* old = std::getenv(name);
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) setenv(name, value, 1); else unsetenv(name);
    return *this;
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) setenv(it->first.c_str(), it->second->c_str(), 1); else unsetenv(it->first.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

const char* const kEnvNames[] = {"BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN",
                                 "BASE44_API_URL", "BASE44_CA_FILE"};

void clear_base44_env(ScopedEnv& env) {
  for (const char* name : kEnvNames) env.set(name, nullptr);
}

std::string bearer(const std::string& token) { return "Bearer " + token; }

}  // namespace

TEST(from_env_reads_the_base44_variables) {
  ScopedEnv env;
  clear_base44_env(env);
  env.set("BASE44_APP_ID", standin::app_id().c_str())
      .set("BASE44_SERVICE_TOKEN", standin::service_token().c_str())
      .set("BASE44_API_URL", standin::url().c_str());
  b44sso::Client client = b44sso::Client::from_env();
  const std::string user = standin::unique("env-");
  CHECK_EQ(client.access_token(user), "at-" + user);
}

TEST(from_env_without_an_app_id_is_config) {
  ScopedEnv env;
  clear_base44_env(env);
  env.set("BASE44_SERVICE_TOKEN", "t");
  const auto result = b44sso::Client::try_from_env();
  CHECK(!result && result.error().code() == b44sso::Code::config);
}

TEST(from_request_headers_takes_a_map_with_names_in_any_case) {
  const std::string user = standin::unique("hdrs-");
  const std::map<std::string, std::string> headers = {
      {"base44-app-id", standin::app_id()},
      {"BASE44-SERVICE-AUTHORIZATION", bearer(standin::service_token())},
      {"Authorization", bearer("ut-" + user)},
      {"Base44-Api-Url", standin::url()},
      {"base44-state", "state-" + user},
      {"X-Data-Env", "prod"},
      {"X-Unrelated", "ignored"},
  };
  b44sso::Client client = b44sso::Client::from_request_headers(headers);
  CHECK_EQ(client.access_token(user), "at-" + user);
  CHECK_CONTAINS(client.me_json(), "\"id\": \"" + user + "\"");
  const auto requests = standin::requests_with_path("/accesstoken/" + user);
  CHECK_EQ(requests.size(), 1u);
  if (requests.empty()) return;
  CHECK_CONTAINS(requests[0], "\"base44-state\": \"state-" + user + "\"");
  CHECK_CONTAINS(requests[0], "\"x-data-env\": \"prod\"");
  CHECK_CONTAINS(requests[0], "\"on-behalf-of\": \"Bearer ut-" + user + "\"");
}

TEST(from_request_headers_takes_other_containers) {
  const std::unordered_map<std::string, std::string> unordered = {
      {"Base44-App-Id", standin::app_id()},
      {"Base44-Service-Authorization", bearer(standin::service_token())},
      {"Base44-Api-Url", standin::url()}};
  CHECK_EQ(b44sso::Client::from_request_headers(unordered).id_token("u1"), "idt-u1");
  const std::vector<std::pair<std::string, std::string>> pairs(unordered.begin(), unordered.end());
  CHECK_EQ(b44sso::Client::from_request_headers(pairs).id_token("u2"), "idt-u2");
  const std::string token = bearer(standin::service_token()), url = standin::url(), app = standin::app_id();
  b44sso::Client listed = b44sso::Client::from_request_headers(
      {{"Base44-App-Id", app}, {"Base44-Service-Authorization", token}, {"Base44-Api-Url", url}});
  CHECK_EQ(listed.id_token("u3"), "idt-u3");
}

TEST(an_unsupported_data_env_header_is_dropped) {
  const std::string user = standin::unique("env-drop-");
  b44sso::Client client = b44sso::Client::from_request_headers(
      {{"Base44-App-Id", standin::app_id()},
       {"Base44-Service-Authorization", bearer(standin::service_token())},
       {"Base44-Api-Url", standin::url()},
       {"X-Data-Env", "staging"}});
  CHECK_EQ(client.access_token(user), "at-" + user);
  const auto requests = standin::requests_with_path("/accesstoken/" + user);
  CHECK_EQ(requests.size(), 1u);
  if (!requests.empty()) CHECK_NOT_CONTAINS(requests[0], "x-data-env");
}

TEST(request_header_validation_errors_surface) {
  using b44sso::Client;
  using b44sso::Code;
  const std::string app = standin::app_id(), url = standin::url();
  const auto missing_app = Client::try_from_request_headers({{"Authorization", "Bearer ut-x"}});
  CHECK(!missing_app && missing_app.error().code() == Code::config);
  const auto no_tokens = Client::try_from_request_headers({{"Base44-App-Id", app}});
  CHECK(!no_tokens && no_tokens.error().code() == Code::config);
  for (const char* bad : {"Bearer", "Bearer ", "Basic abc", "Bearer  two-spaces", "Bearer a b", "bearer"}) {
    const auto result = Client::try_from_request_headers({{"Base44-App-Id", app}, {"Authorization", bad}});
    CHECK(!result && result.error().code() == Code::invalid_argument);
    if (!result) CHECK_CONTAINS(result.error().message(), "Authorization");
  }
  const auto bad_service = Client::try_from_request_headers(
      {{"Base44-App-Id", app}, {"Base44-Service-Authorization", "Token x"}});
  CHECK(!bad_service && bad_service.error().code() == Code::invalid_argument);
  const auto empty = Client::try_from_request_headers(std::map<std::string, std::string>{});
  CHECK(!empty && empty.error().code() == Code::config);
}

TEST(a_nul_inside_a_request_header_is_refused_without_echoing_it) {
  const std::string app = standin::app_id();
  const std::string value("Bearer sec\0ret", 14);
  const auto result = b44sso::Client::try_from_request_headers({{"Base44-App-Id", app}, {"Authorization", value}});
  CHECK(!result && result.error().code() == b44sso::Code::invalid_argument);
  if (result) return;
  CHECK_CONTAINS(result.error().message(), "Authorization");
  CHECK_NOT_CONTAINS(result.error().what(), "sec");
}
