-- b44sso.from_env() and b44sso.from_request_headers().

local T = require("harness")
local S = require("standin")
local json = require("json")
local ffi = require("ffi")
local b44sso = require("b44sso")

pcall(ffi.cdef, "int setenv(const char *name, const char *value, int overwrite); int unsetenv(const char *name);")

local BASE44_ENV = { "BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN", "BASE44_API_URL", "BASE44_CA_FILE" }

--- Runs body with exactly the BASE44_* variables in vars set, then restores them.
local function with_env(vars, body)
  local saved = {}
  for _, name in ipairs(BASE44_ENV) do
    saved[name] = os.getenv(name)
    if vars[name] then ffi.C.setenv(name, vars[name], 1) else ffi.C.unsetenv(name) end
  end
  local results = { pcall(body) }
  for _, name in ipairs(BASE44_ENV) do
    if saved[name] then ffi.C.setenv(name, saved[name], 1) else ffi.C.unsetenv(name) end
  end
  if not results[1] then error(results[2], 0) end
  return unpack(results, 2)
end

local function platform_headers(extra)
  local headers = {
    ["Base44-App-Id"] = S.app_id,
    ["Base44-Service-Authorization"] = "Bearer " .. S.service_token,
    ["Base44-Api-Url"] = S.url,
  }
  for k, v in pairs(extra or {}) do headers[k] = v end
  return headers
end

T.test("from_env reads the app id, service token and server from the environment", function()
  local client = with_env({ BASE44_APP_ID = S.app_id, BASE44_SERVICE_TOKEN = S.service_token, BASE44_API_URL = S.url },
    b44sso.from_env)
  T.eq("at-env-user", client:get_access_token("env-user"), "token")
end)

T.test("from_env reads the user token", function()
  local client = with_env({ BASE44_APP_ID = S.app_id, BASE44_USER_TOKEN = "ut-dana", BASE44_API_URL = S.url },
    b44sso.from_env)
  T.eq("dana", json.decode(client:me()).id, "me")
end)

T.test("from_env without BASE44_APP_ID or with an unreadable BASE44_CA_FILE is CONFIG", function()
  with_env({ BASE44_SERVICE_TOKEN = "s" }, function()
    T.eq("B44_ERR_CONFIG", T.raises(b44sso.from_env).kind, "no app id")
    local client, err = b44sso.try_from_env()
    T.eq(nil, client, "try_from_env: no client")
    T.eq("B44_ERR_CONFIG", err.kind, "try_from_env: kind")
  end)
  with_env({ BASE44_APP_ID = "a", BASE44_SERVICE_TOKEN = "s", BASE44_CA_FILE = "/nonexistent/ca.pem" }, function()
    T.eq("B44_ERR_CONFIG", T.raises(b44sso.from_env).kind, "ca file")
  end)
end)

T.test("from_request_headers builds a working client", function()
  T.eq("at-hdr", b44sso.from_request_headers(platform_headers()):get_access_token("hdr"), "token")
end)

T.test("header names are case-insensitive; list values (ngx.req.get_headers style) work", function()
  local client = b44sso.from_request_headers({
    ["base44-app-id"] = { S.app_id },
    ["BASE44-SERVICE-AUTHORIZATION"] = { "Bearer " .. S.service_token },
    ["bAsE44-aPi-UrL"] = S.url,
  })
  T.eq("at-case", client:get_access_token("case"), "token")
end)

T.test("Authorization gives the user token; Base44-State and X-Data-Env are forwarded", function()
  local client = b44sso.from_request_headers(platform_headers({
    Authorization = "Bearer ut-erin", ["Base44-State"] = "state-42", ["X-Data-Env"] = "prod", ["X-Unrelated"] = "x",
  }))
  T.eq("erin", json.decode(client:me()).id, "me")
  client:get_access_token("erin")
  local headers = S.last_request("/accesstoken/erin").headers
  T.eq("state-42", headers["base44-state"], "Base44-State")
  T.eq("prod", headers["x-data-env"], "X-Data-Env")
  T.eq("Bearer ut-erin", headers["on-behalf-of"], "on-behalf-of")
end)

T.test("an X-Data-Env other than dev or prod is dropped", function()
  b44sso.from_request_headers(platform_headers({ ["X-Data-Env"] = "staging" })):get_access_token("env-drop")
  T.eq(nil, S.last_request("/accesstoken/env-drop").headers["x-data-env"], "X-Data-Env")
end)

T.test("a missing Base44-App-Id, or no token at all, is CONFIG", function()
  local headers = platform_headers()
  headers["Base44-App-Id"] = nil
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.from_request_headers, headers).kind, "no app id")
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.from_request_headers, {}).kind, "no headers")
  T.eq("B44_ERR_CONFIG", T.raises(b44sso.from_request_headers, { ["Base44-App-Id"] = "a" }).kind, "no token")
end)

T.test("malformed Bearer headers are INVALID_ARGUMENT without the token in the message", function()
  for _, value in ipairs({ "Bearer", "Bearer ", "bearer tok-secret-1", "Bearer  tok-secret-1", "Basic tok-secret-1", "Bearer tok-secret-1 x" }) do
    for _, name in ipairs({ "Authorization", "Base44-Service-Authorization" }) do
      local err = T.raises(b44sso.from_request_headers, platform_headers({ [name] = value }))
      T.eq("B44_ERR_INVALID_ARGUMENT", err.kind, "kind for " .. name .. ": " .. value)
      T.not_contains("tok-secret-1", err.message, "message")
      local client, returned = b44sso.try_from_request_headers(platform_headers({ [name] = value }))
      T.eq(nil, client, "try_ form: no client")
      T.eq("B44_ERR_INVALID_ARGUMENT", returned.kind, "try_ form: kind")
    end
  end
end)

T.test("NULs and non-string values in headers are refused without showing the value", function()
  local err = T.raises(b44sso.from_request_headers, platform_headers({ Authorization = "Bearer ut-x\0secret" }))
  T.eq("B44_ERR_INVALID_ARGUMENT", err.kind, "kind")
  T.contains("Authorization", err.message, "message names the header")
  T.not_contains("secret", err.message, "message")
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.from_request_headers, platform_headers({ ["Bad\0Name"] = "x" })).kind, "NUL name")
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.from_request_headers, platform_headers({ ["X-Number"] = 5 })).kind, "number")
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.from_request_headers, "Base44-App-Id: a").kind, "not a table")
end)
