-- The stand-in Base44 API that Tests/StandIn/with-standin.sh started for this run: its
-- address and credentials, its admin routes (through curl), and clients pointed at it.

local b44sso = require("b44sso")
local json = require("json")

local S = {}

local function env(name)
  local value = os.getenv(name)
  if not value or value == "" then
    error(name .. " is not set: run the tests through Tests/StandIn/with-standin.sh", 0)
  end
  return value
end

S.url = env("B44SSO_TEST_URL")
S.app_id = env("B44SSO_TEST_APP_ID")
S.service_token = env("B44SSO_TEST_SERVICE_TOKEN")

--- A shell word.
function S.quote(text)
  return "'" .. tostring(text):gsub("'", "'\\''") .. "'"
end

--- Runs a shell command; returns its output and whether it exited with status 0.
function S.capture(command)
  local pipe = assert(io.popen(command .. "; echo \"exit:$?\"", "r"))
  local output = pipe:read("*a")
  pipe:close()
  local body, status = output:match("^(.*)exit:(%d+)\n$")
  return body, status == "0"
end

local function admin(method, path)
  local output, ok = S.capture(("curl -sS -X %s %s"):format(method, S.quote(S.url .. path)))
  assert(ok, "stand-in admin call failed: " .. method .. " " .. path)
  return json.decode(output)
end

function S.requests() return admin("GET", "/__admin/requests") end
function S.stats() return admin("GET", "/__admin/stats") end
function S.reset() admin("POST", "/__admin/reset") end

--- The last request the stand-in logged whose path contains fragment.
function S.last_request(fragment)
  local requests = S.requests()
  for i = #requests, 1, -1 do
    if requests[i].path:find(fragment, 1, true) then return requests[i] end
  end
  error("the stand-in saw no request with " .. fragment .. " in its path", 0)
end

--- How many requests the stand-in saw for user_id (an SSO route's last path segment).
function S.requests_for(user_id)
  local segment = "/" .. user_id:gsub("[^%w%-%._~]", function(c) return ("%%%02X"):format(c:byte()) end)
  local count = 0
  for _, request in ipairs(S.requests()) do
    if request.path:sub(-#segment) == segment then count = count + 1 end
  end
  return count
end

--- A scenario id whose tokens are JWTs expiring in `seconds`, numbered per fetch (cacheable).
function S.jwt_user(seconds)
  return S.scenario("jwt_exp=" .. (seconds or 600))
end

local ffi = require("ffi")
pcall(ffi.cdef, [[
typedef struct { long tv_sec; long tv_nsec; } b44_test_timespec;
int clock_gettime(int clock_id, b44_test_timespec *ts);
]])

--- Wall-clock seconds that fn() took.
function S.elapsed(fn)
  local ts = ffi.new("b44_test_timespec")
  local function now()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
  end
  local started = now()
  fn()
  return now() - started
end

--- Runs Lua code in a fresh luajit with the module on its path; returns output, success.
function S.run_lua(code)
  local command = ("LUA_PATH=%s %s -e %s 2>&1"):format(
    S.quote(os.getenv("B44SSO_LUA_MODULE_DIR") .. "/?.lua;;"), os.getenv("LUAJIT") or "luajit", S.quote(code))
  return S.capture(command)
end

local counter = 0
--- A scenario user id unique to this run, e.g. S.scenario("status=404").
function S.scenario(query)
  counter = counter + 1
  return ("!%s&tag=lua%d-%d"):format(query, os.time(), counter)
end

local function merged(extra, defaults)
  local options = {}
  for k, v in pairs(defaults) do options[k] = v end
  for k, v in pairs(extra or {}) do options[k] = v end
  return options
end

--- A client with the service token and no retries (failures come back at once).
function S.service_client(extra)
  return b44sso.new(merged(extra, {
    app_id = S.app_id, service_token = S.service_token, server_url = S.url,
    max_retries = 0, timeout_ms = 5000,
  }))
end

--- A client holding only the user token of user_id (stand-in tokens are "ut-<uid>").
function S.user_client(user_id, extra)
  return b44sso.new(merged(extra, {
    app_id = S.app_id, user_token = "ut-" .. user_id, server_url = S.url, max_retries = 0,
  }))
end

return S
