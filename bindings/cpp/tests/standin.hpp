// The stand-in Base44 API the tests talk to (started by Tests/StandIn/with-standin.sh):
// its address from the environment, scenario ids, and its /__admin request log.
#ifndef B44SSO_TESTS_STANDIN_HPP
#define B44SSO_TESTS_STANDIN_HPP

#include <string>
#include <vector>

#include <b44sso.hpp>

namespace standin {

std::string url();            // B44SSO_TEST_URL, e.g. http://127.0.0.1:40123
std::string app_id();         // B44SSO_TEST_APP_ID
std::string service_token();  // B44SSO_TEST_SERVICE_TOKEN

// A unique suffix, so scenario counters and log searches never see another test's requests.
std::string unique(const std::string& prefix);
// "!<params>&u=<unique>": a user id that makes the stand-in misbehave as asked.
std::string scenario(const std::string& params);

// Options for a client of the stand-in: app id, service token, server url, no retries.
b44sso::Options options();

// The logged requests (JSON objects as text, oldest first) whose path contains `part`.
std::vector<std::string> requests_with_path(const std::string& part);

// TCP connections the stand-in has accepted so far (from /__admin/stats).
long connections();

}  // namespace standin

#endif  // B44SSO_TESTS_STANDIN_HPP
