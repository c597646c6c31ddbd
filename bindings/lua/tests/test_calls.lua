-- Successful calls against the stand-in, and what arrives there.

local T = require("harness")
local S = require("standin")
local json = require("json")
local b44sso = require("b44sso")

T.test("get_access_token returns the access token", function()
  T.eq("at-alice", S.service_client():get_access_token("alice"), "token")
end)

T.test("get_id_token returns the ID token (a bare JSON string on the wire)", function()
  T.eq("idt-alice", S.service_client():get_id_token("alice"), "token")
end)

T.test("a user id is sent as one percent-encoded path segment", function()
  T.eq("at-a/b?c#d \195\169", S.service_client():get_access_token("a/b?c#d \195\169"), "token")
  T.contains("/accesstoken/a%2Fb%3Fc%23d%20%C3%A9", S.last_request("/accesstoken/a%2F").path, "path")
end)

T.test("a non-ASCII token comes back as UTF-8", function()
  T.eq("at-\195\169\228\184\173", S.service_client():get_access_token(S.scenario("shape=unicode")), "token")
end)

T.test("me returns the user as JSON object text", function()
  local text = S.user_client("alice"):me()
  T.eq("string", type(text), "type")
  local user = json.decode(text)
  T.eq("alice", user.id, "id")
  T.eq("alice@example.com", user.email, "email")
  T.eq(json.null, user.full_name, "full_name")
  T.eq(false, user.disabled, "disabled")
end)

T.test("requests carry the app id, the service token and the appended user agent", function()
  S.service_client({ user_agent = "lua-test/1" }):get_access_token("ua-check")
  local headers = S.last_request("/accesstoken/ua-check").headers
  T.eq(S.app_id, headers["x-app-id"], "X-App-Id")
  T.eq("Bearer " .. S.service_token, headers["authorization"], "Authorization")
  T.eq("b44sso/" .. b44sso.library_version() .. " lua-test/1", headers["user-agent"], "User-Agent")
  T.eq("application/json", headers["accept"], "Accept")
end)

T.test("state and data_env options become Base44-State and X-Data-Env", function()
  S.service_client({ state = "st-1", data_env = "dev" }):get_access_token("state-check")
  local headers = S.last_request("/accesstoken/state-check").headers
  T.eq("st-1", headers["base44-state"], "Base44-State")
  T.eq("dev", headers["x-data-env"], "X-Data-Env")
end)

T.test("with both tokens an SSO call is made on behalf of the user", function()
  T.eq("at-carol", S.service_client({ user_token = "ut-carol" }):get_access_token("carol"), "own token")
  T.eq("Bearer ut-carol", S.last_request("/accesstoken/carol").headers["on-behalf-of"], "on-behalf-of")
end)

T.test("sequential calls on one client reuse one connection", function()
  S.reset() -- the stand-in leaves its admin connections out of the count
  local client = S.service_client()
  for _, id in ipairs({ "r1", "r2", "r3" }) do client:get_access_token(id) end
  local stats = S.stats()
  T.eq(3, stats.requests, "requests")
  T.eq(1, stats.connections, "connections")
end)

T.test("a 503 answered once is retried and then succeeds", function()
  local id = S.scenario("status=503&times=1")
  T.eq("at-" .. id, S.service_client({ max_retries = 2 }):get_access_token(id), "token after a retry")
end)

T.test("one client serves a hot loop (JIT-compiled caller) of calls", function()
  local client = S.service_client()
  for i = 1, 200 do
    if client:get_access_token("hot") ~= "at-hot" then T.fail("call " .. i) end
  end
end)
