// b44sso::Error: one failure with everything the C error object told us. It is both the
// exception the throwing API throws and the error a Result<T> holds.
#ifndef B44SSO_ERROR_HPP
#define B44SSO_ERROR_HPP

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "code.hpp"

namespace b44sso {

class Error : public std::runtime_error {
 public:
  Error(Code code, std::string message, int http_status = 0,
        std::optional<std::string> api_code = std::nullopt,
        std::optional<std::string> body = std::nullopt)
      : std::runtime_error(describe(code, message, http_status, api_code)),
        details_(std::make_shared<const Details>(Details{code, http_status, std::move(message),
                                                         std::move(api_code), std::move(body)})) {}

  Code code() const noexcept { return details_->code; }
  // "B44_ERR_NOT_FOUND" and so on.
  std::string_view code_name() const noexcept { return b44sso::code_name(details_->code); }
  // The HTTP status of the answer that failed, or 0 when there was no answer.
  int http_status() const noexcept { return details_->http_status; }
  // Base44's own error code (error.code, code, or X-Base44-Connector-Error), if any.
  const std::optional<std::string>& api_code() const noexcept { return details_->api_code; }
  // The library's one-line message; never holds a secret.
  const std::string& message() const noexcept { return details_->message; }
  // The error answer's body (at most 4096 bytes, secrets redacted), if there was one.
  const std::optional<std::string>& body() const noexcept { return details_->body; }

 private:
  // Shared and immutable, so copying an Error (as exceptions are copied) cannot throw.
  struct Details {
    Code code;
    int http_status;
    std::string message;
    std::optional<std::string> api_code;
    std::optional<std::string> body;
  };

  // what(): "b44sso: B44_ERR_NOT_FOUND (HTTP 404, NOT_FOUND): <message>". The body is
  // left out: it can be long, and logs should not collect it by accident.
  static std::string describe(Code code, const std::string& message, int http_status,
                              const std::optional<std::string>& api_code) {
    std::string text = "b44sso: ";
    text += b44sso::code_name(code);
    if (http_status != 0 || api_code) {
      text += " (";
      if (http_status != 0) text += "HTTP " + std::to_string(http_status);
      if (http_status != 0 && api_code) text += ", ";
      if (api_code) text += *api_code;
      text += ")";
    }
    if (!message.empty()) text += ": " + message;
    return text;
  }

  std::shared_ptr<const Details> details_;
};

namespace detail {

inline std::optional<std::string> optional_text(const char* text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

// Copies a C failure into an Error; the C error object stays the library's (as in a callback).
inline Error copy_error(b44_code rc, const b44_error* err) {
  if (err == nullptr) {  // the library could not even allocate the error object
    return Error(static_cast<Code>(rc), std::string(b44_code_name(rc)));
  }
  return Error(static_cast<Code>(b44_error_code(err)), b44_error_message(err),
               b44_error_http_status(err), optional_text(b44_error_api_code(err)),
               optional_text(b44_error_body(err)));
}

// Turns a C failure into an Error and frees the C error object.
inline Error take_error(b44_code rc, b44_error* err) {
  std::unique_ptr<b44_error, decltype(&b44_error_free)> owned(err, &b44_error_free);
  return copy_error(rc, err);
}

inline Error invalid_argument(std::string message) {
  return Error(Code::invalid_argument, std::move(message));
}

}  // namespace detail
}  // namespace b44sso

#endif  // B44SSO_ERROR_HPP
