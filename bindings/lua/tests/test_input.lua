-- Bad input: refused with B44_ERR_INVALID_ARGUMENT before anything is sent, with
-- messages that name what was wrong and never show a secret.

local T = require("harness")
local S = require("standin")
local b44sso = require("b44sso")

local function refused_user_id(user_id, why)
  local client = S.service_client()
  local before = S.stats().requests
  for _, method in ipairs({ "get_access_token", "get_id_token" }) do
    local err = T.raises(client[method], client, user_id)
    T.eq("B44_ERR_INVALID_ARGUMENT", err.kind, why .. ": kind")
    T.eq(nil, err.status, why .. ": status")
  end
  T.eq(before, S.stats().requests, why .. ": nothing was sent")
end

T.test("user ids that are refused: empty, NUL, control characters, too long, not UTF-8, not a string", function()
  refused_user_id("", "empty")
  refused_user_id("alice\0admin", "NUL inside")
  refused_user_id("\0", "only NUL")
  refused_user_id("a\nb", "newline")
  refused_user_id("a\127b", "DEL")
  refused_user_id(("u"):rep(1025), "1025 bytes")
  refused_user_id("\255\254", "invalid UTF-8")
  refused_user_id(nil, "nil")
  refused_user_id(42, "a number")
end)

T.test("a NUL in a user id is named in the message", function()
  local client = S.service_client()
  T.contains("NUL", T.raises(client.get_access_token, client, "alice\0admin").message, "message")
end)

T.test("a user id of exactly 1024 bytes is accepted", function()
  local id = ("u"):rep(1024)
  T.eq("at-" .. id, S.service_client():get_access_token(id), "token")
end)

T.test("an unknown option key is refused with its name in the message", function()
  local err = T.raises(b44sso.new, { app_id = "a", service_token = "s", colour = "blue" })
  T.eq("B44_ERR_INVALID_ARGUMENT", err.kind, "kind")
  T.contains("colour", err.message, "message")
end)

T.test("bad option values are refused, naming the key", function()
  local bad = {
    timeout_ms = 0, connect_timeout_ms = "soon", max_retries = 11, data_env = "staging",
    cache = "maybe", server_url = "ftp://example.com", state = "two\nlines",
  }
  for key, value in pairs(bad) do
    local err = T.raises(b44sso.new, { app_id = "a", service_token = "s", [key] = value })
    T.eq("B44_ERR_INVALID_ARGUMENT", err.kind, "kind for " .. key)
    T.contains(key, err.message, "message for " .. key)
  end
end)

T.test("option values of the wrong Lua type, non-string keys and NULs are refused", function()
  for _, extra in ipairs({ { timeout_ms = 1.5 }, { timeout_ms = true }, { proxy = {} }, { [7] = "x" },
    { ["app\0id"] = "a" }, { state = "a\0b" }, { timeout_ms = 0 / 0 } }) do
    extra.app_id = extra.app_id or "a"
    extra.service_token = "s"
    T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.new, extra).kind, "kind")
  end
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.new, "app_id=a").kind, "options not a table")
end)

T.test("integer option values are accepted", function()
  local client = S.service_client({ timeout_ms = 4000, connect_timeout_ms = 2000, max_retries = 1 })
  T.eq("at-ints", client:get_access_token("ints"), "token")
end)

T.test("a refused option never shows the tokens", function()
  local secret = "svc-very-secret-token"
  local err = T.raises(b44sso.new, { app_id = "a", service_token = secret, user_token = secret, bogus = "x" })
  T.not_contains(secret, err.message, "message")
  T.not_contains(secret, tostring(err), "tostring")
  err = T.raises(b44sso.new, { app_id = "a", service_token = secret .. "\0" })
  T.not_contains(secret, err.message, "message about a NUL")
  T.contains("service_token", err.message, "message names the key")
end)

T.test("calling a method with a dot instead of a colon is a clear error", function()
  local client = S.service_client()
  local err = T.raises(client.get_access_token, "alice")
  T.contains("colon", tostring(err), "message")
end)
