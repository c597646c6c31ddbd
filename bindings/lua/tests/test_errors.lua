-- Every error kind reachable through the stand-in, with all its fields; raised and
-- returned (try_ variants) forms.

local T = require("harness")
local S = require("standin")
local b44sso = require("b44sso")

--- Fetches an access token for user_id; returns the error raised (checking the try_ form too).
local function token_error(kind, user_id, options)
  local client = S.service_client(options)
  local err = T.raises(client.get_access_token, client, user_id)
  T.truthy(b44sso.is_error(err), "an error object: " .. tostring(err))
  T.eq(kind, err.kind, "kind")
  local token, returned = client:try_get_access_token(user_id)
  T.eq(nil, token, "try_ form: no token")
  T.eq(kind, returned and returned.kind, "try_ form: kind")
  return err
end

local function fields(err, code_name, status, api_code)
  T.eq(b44sso.CODES[code_name], err.code, "code")
  T.eq(code_name, err.kind, "kind")
  T.eq(status, err.status, "status")
  T.eq(api_code, err.api_code, "api_code")
  T.truthy(type(err.message) == "string" and err.message ~= "", "a message")
end

T.test("INVALID_ARGUMENT: an empty user id, nothing sent", function()
  local before = S.stats().requests
  local err = token_error("B44_ERR_INVALID_ARGUMENT", "")
  fields(err, "B44_ERR_INVALID_ARGUMENT", nil, nil)
  T.eq(nil, err.body, "body")
  T.eq(before, S.stats().requests, "requests sent")
end)

T.test("CONFIG: no app id, no token, plain http to a non-loopback host, unreadable ca_file", function()
  local err = T.raises(b44sso.new, { service_token = "s", server_url = S.url })
  fields(err, "B44_ERR_CONFIG", nil, nil)
  T.contains("app_id", err.message, "message")
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.new, { app_id = "a" }).kind, "no token")
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.new, { app_id = "a", service_token = "s", server_url = "http://example.com" }).kind, "http")
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.new, { app_id = "a", service_token = "s", ca_file = "/nonexistent/ca.pem" }).kind, "ca_file")
  local client, returned = b44sso.try_new({ app_id = "a" })
  T.eq(nil, client, "try_new: no client")
  T.eq("B44_ERR_CONFIG", returned.kind, "try_new: kind")
end)

T.test("CONFIG: me() without a user token, SSO without a service token", function()
  local service = S.service_client()
  T.eq("B44_ERR_CONFIG", T.raises(service.me, service).kind, "me")
  local user = S.user_client("alice")
  T.eq("B44_ERR_CONFIG", T.raises(user.get_access_token, user, "alice").kind, "SSO")
end)

T.test("UNAUTHORIZED: a wrong service token", function()
  local err = token_error("B44_ERR_UNAUTHORIZED", "alice", { service_token = "wrong-token" })
  fields(err, "B44_ERR_UNAUTHORIZED", 401, nil)
  T.contains("Unauthorized", err.message, "message")
end)

T.test("FORBIDDEN: a token for another user on behalf of a user", function()
  local err = token_error("B44_ERR_FORBIDDEN", "bob", { user_token = "ut-alice" })
  fields(err, "B44_ERR_FORBIDDEN", 403, "FORBIDDEN")
  T.contains("requesting user", err.message, "message")
end)

T.test("NOT_FOUND: detail and code from the body", function()
  local err = token_error("B44_ERR_NOT_FOUND", S.scenario("status=404&body=detail_code"))
  fields(err, "B44_ERR_NOT_FOUND", 404, "SCENARIO_CODE")
  T.contains("scenario detail", err.message, "message")
  T.contains('"SCENARIO_CODE"', err.body, "body")
end)

T.test("RATE_LIMITED: 429 with retries off", function()
  local err = token_error("B44_ERR_RATE_LIMITED", S.scenario("status=429&body=message"))
  fields(err, "B44_ERR_RATE_LIMITED", 429, "MSG_CODE")
  T.contains("scenario message", err.message, "message")
end)

T.test("SERVER: 500 with a nested error object, 502 with text, the connector header", function()
  local err = token_error("B44_ERR_SERVER", S.scenario("status=500&body=error"))
  fields(err, "B44_ERR_SERVER", 500, "NESTED_CODE")
  T.contains("nested message", err.message, "message")
  err = token_error("B44_ERR_SERVER", S.scenario("status=502&body=text"))
  T.eq("upstream exploded", err.body, "text body")
  err = token_error("B44_ERR_SERVER", S.scenario("status=500&body=connector"))
  T.eq("CONNECTOR_X", err.api_code, "api_code from X-Base44-Connector-Error")
end)

T.test("HTTP: a redirect is reported, not followed; an unusual status", function()
  local before = S.stats().redirect_target_hits
  fields(token_error("B44_ERR_HTTP", S.scenario("redirect=1")), "B44_ERR_HTTP", 302, nil)
  T.eq(before, S.stats().redirect_target_hits, "redirect target hits")
  local err = token_error("B44_ERR_HTTP", S.scenario("status=418&body=empty"))
  fields(err, "B44_ERR_HTTP", 418, nil)
  T.eq(nil, err.body, "empty body")
end)

T.test("NETWORK: a closed connection without an answer; connection refused", function()
  fields(token_error("B44_ERR_NETWORK", S.scenario("drop=before")), "B44_ERR_NETWORK", nil, nil)
  fields(token_error("B44_ERR_NETWORK", "alice", { server_url = "http://127.0.0.1:1" }), "B44_ERR_NETWORK", nil, nil)
end)

T.test("TIMEOUT: a server that never answers", function()
  local client = S.service_client({ timeout_ms = 300 })
  local started = os.time()
  local err = T.raises(client.get_access_token, client, S.scenario("hang=1"))
  fields(err, "B44_ERR_TIMEOUT", nil, nil)
  T.truthy(os.time() - started <= 3, "the deadline was kept")
end)

T.test("PROTOCOL: invalid JSON, a token of the wrong type, an empty token", function()
  fields(token_error("B44_ERR_PROTOCOL", S.scenario("shape=invalid_json")), "B44_ERR_PROTOCOL", 200, nil)
  token_error("B44_ERR_PROTOCOL", S.scenario("shape=wrong_type"))
  token_error("B44_ERR_PROTOCOL", S.scenario("shape=empty_token"))
end)

T.test("TLS: https to a plain-http server", function()
  local url = S.url:gsub("^http://", "https://")
  fields(token_error("B44_ERR_TLS", "alice", { server_url = url }), "B44_ERR_TLS", nil, nil)
end)

T.test("tostring of an error: kind, status, api code and message, never the body", function()
  local err = token_error("B44_ERR_NOT_FOUND", S.scenario("status=404&body=detail_code"))
  local text = tostring(err)
  T.contains("B44_ERR_NOT_FOUND", text, "kind")
  T.contains("HTTP 404", text, "status")
  T.contains("SCENARIO_CODE", text, "api code")
  T.contains("scenario detail", text, "message")
  T.not_contains("{", text, "the body")
end)

T.test("secrets are redacted from bodies and never in messages or tostring", function()
  local client = S.service_client({ user_token = "ut-echo-user" })
  local err = T.raises(client.get_access_token, client, S.scenario("status=400&body=echo"))
  T.contains("[REDACTED]", err.body, "body")
  for _, secret in ipairs({ S.service_token, "ut-echo-user" }) do
    T.not_contains(secret, err.body, "body")
    T.not_contains(secret, err.message, "message")
    T.not_contains(secret, tostring(err), "tostring")
  end
end)

T.test("an error raised outside pcall reads well in the traceback", function()
  local client = S.service_client()
  local ok, traceback = xpcall(client.get_access_token, function(e) return tostring(e) end, client, "")
  T.eq(false, ok, "raised")
  T.contains("b44sso: B44_ERR_INVALID_ARGUMENT", traceback, "tostring in the handler")
end)
