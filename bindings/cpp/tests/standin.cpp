#include "standin.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace standin {
namespace {

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " is not set: run under Tests/StandIn/with-standin.sh");
  }
  return value;
}

// GET on the stand-in over a fresh loopback connection; returns the body.
std::string admin_get(const std::string& path) {
  const std::string base = url();
  const std::string host_port = base.substr(std::string("http://").size());
  const std::string host = host_port.substr(0, host_port.rfind(':'));
  const std::string port = host_port.substr(host_port.rfind(':') + 1);

  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) throw std::runtime_error("getaddrinfo");
  const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  const bool connected = fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) == 0;
  freeaddrinfo(found);
  if (!connected) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot connect to the stand-in");
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host_port +
                              "\r\nConnection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
    close(fd);
    throw std::runtime_error("cannot send to the stand-in");
  }
  std::string answer;
  char buffer[8192];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<size_t>(n));
  close(fd);
  const size_t body = answer.find("\r\n\r\n");
  if (answer.compare(0, 12, "HTTP/1.1 200") != 0 || body == std::string::npos) {
    throw std::runtime_error("bad admin answer: " + answer.substr(0, 80));
  }
  return answer.substr(body + 4);
}

}  // namespace

std::string url() { return required_env("B44SSO_TEST_URL"); }
std::string app_id() { return required_env("B44SSO_TEST_APP_ID"); }
std::string service_token() { return required_env("B44SSO_TEST_SERVICE_TOKEN"); }

std::string unique(const std::string& prefix) {
  static std::atomic<unsigned> counter{0};
  return prefix + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::string scenario(const std::string& params) { return "!" + params + "&u=" + unique("s"); }

b44sso::Options options() {
  return b44sso::Options()
      .app_id(app_id())
      .service_token(service_token())
      .server_url(url())
      .max_retries(0)
      .user_agent("cpp-tests");
}

std::vector<std::string> requests_with_path(const std::string& part) {
  // The log is json.dumps output: a list of {"method": ..., "path": ..., "headers": {...}}.
  const std::string log = admin_get("/__admin/requests");
  const std::string marker = "{\"method\": ";
  std::vector<std::string> matches;
  for (size_t start = log.find(marker); start != std::string::npos;) {
    const size_t next = log.find(marker, start + 1);
    const std::string entry = log.substr(start, next == std::string::npos ? std::string::npos : next - start);
    const size_t path_at = entry.find("\"path\": \"");
    if (path_at != std::string::npos) {
      const size_t path_end = entry.find('"', path_at + 9);
      if (entry.substr(path_at + 9, path_end - path_at - 9).find(part) != std::string::npos) {
        matches.push_back(entry);
      }
    }
    start = next;
  }
  return matches;
}

long connections() {
  const std::string stats = admin_get("/__admin/stats");
  const std::string key = "\"connections\": ";
  const size_t at = stats.find(key);
  if (at == std::string::npos) throw std::runtime_error("no connection count in " + stats);
  return std::stol(stats.substr(at + key.size()));
}

}  // namespace standin
