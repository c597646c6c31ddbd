-- b44sso.set_log_handler: the library's log lines in a Lua function.

local T = require("harness")
local S = require("standin")
local b44sso = require("b44sso")

--- Runs body with a handler collecting {level, line} at level; returns the lines.
local function collect_log(level, body)
  local lines = {}
  b44sso.set_log_handler(function(line_level, line) lines[#lines + 1] = { line_level, line } end, level)
  local ok, err = pcall(body)
  b44sso.set_log_handler(nil)
  if not ok then error(err, 0) end
  return lines
end

T.test("at debug every request is logged with its outcome", function()
  local lines = collect_log("debug", function() S.service_client():get_access_token("log-user") end)
  local found
  for _, l in ipairs(lines) do
    if l[2]:find("/accesstoken/log-user", 1, true) then found = l end
  end
  T.truthy(found, "a line about the request")
  T.eq("debug", found[1], "its level")
end)

T.test("at info retries are logged, at warn only the failure", function()
  local id = S.scenario("status=503")
  local function call()
    local client = S.service_client({ max_retries = 1 })
    T.raises(client.get_access_token, client, id)
  end
  local info = collect_log("info", call)
  local retries = 0
  for _, l in ipairs(info) do if l[1] == "info" then retries = retries + 1 end end
  T.truthy(retries >= 1, "a retry line")
  local warn = collect_log("warn", call)
  T.truthy(#warn > 0, "a failure line")
  for _, l in ipairs(warn) do
    T.truthy(l[1] == "warn" or l[1] == "error", "only warn or worse at warn, got " .. tostring(l[1]))
  end
end)

T.test("log lines hold no token", function()
  local client = S.service_client({ user_token = "ut-logged" })
  local lines = collect_log(4, function()
    client:get_access_token("logged")
    T.raises(client.get_access_token, client, S.scenario("status=400&body=echo"))
  end)
  local text = {}
  for _, l in ipairs(lines) do text[#text + 1] = l[2] end
  text = table.concat(text, "\n")
  T.truthy(#lines > 0, "some lines")
  for _, secret in ipairs({ S.service_token, "ut-logged", "at-logged" }) do
    T.not_contains(secret, text, "log lines")
  end
end)

T.test("a handler that raises does not break the call", function()
  local calls = 0
  b44sso.set_log_handler(function() calls = calls + 1; error("handler failure") end, "debug")
  local ok, token = pcall(function() return S.service_client():get_access_token("throwing") end)
  b44sso.set_log_handler(nil)
  T.truthy(ok, "the call succeeded: " .. tostring(token))
  T.eq("at-throwing", token, "token")
  T.truthy(calls > 0, "the handler ran")
end)

T.test("set_log_handler(nil) stops the lines; handlers can be replaced many times", function()
  local calls = 0
  for _ = 1, 3000 do -- more than LuaJIT's callback slots: the replaced ones must be freed
    b44sso.set_log_handler(function() calls = calls + 1 end, "debug")
  end
  b44sso.set_log_handler(nil)
  S.service_client():get_access_token("quiet")
  T.eq(0, calls, "lines after set_log_handler(nil)")
end)

T.test("bad log levels and handlers are INVALID_ARGUMENT", function()
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.set_log_handler, function() end, "loud").kind, "level")
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.set_log_handler, function() end, 9).kind, "level number")
  T.eq("B44_ERR_INVALID_ARGUMENT", T.raises(b44sso.set_log_handler, "print").kind, "handler")
end)

T.test("a handler installed after the calling loop was JIT-compiled still works", function()
  -- LuaJIT panics ("bad callback") when a C function called from compiled code calls back
  -- into Lua; the module keeps its calling functions interpreted. In a fresh process,
  -- since a panic would end it.
  local code = [[
    local b44sso = require("b44sso")
    local client = b44sso.new{ app_id = os.getenv("B44SSO_TEST_APP_ID"),
      service_token = os.getenv("B44SSO_TEST_SERVICE_TOKEN"), server_url = os.getenv("B44SSO_TEST_URL") }
    local lines = 0
    for i = 1, 400 do
      -- counts requests: each call also reports its cache lookup
      if i == 300 then b44sso.set_log_handler(function(_, line) if line:find("^GET ") then lines = lines + 1 end end, "debug") end
      client:get_access_token("jit")
    end
    io.write("lines=", lines)
  ]]
  local command = ("LUA_PATH=%s %s -e %s 2>&1"):format(
    S.quote(os.getenv("B44SSO_LUA_MODULE_DIR") .. "/?.lua;;"), os.getenv("LUAJIT") or "luajit", S.quote(code))
  local out, ok = S.capture(command)
  T.truthy(ok, "exit status: " .. out)
  T.eq("lines=101", out, "output")
end)

T.test("a batch runs with the handler detached, and the handler is back afterwards", function()
  local client = S.service_client({ max_connections = 4 })
  local lines = collect_log("debug", function()
    client:get_access_tokens({ "batch-quiet-1", "batch-quiet-2", "batch-quiet-3", "batch-quiet-4" })
    client:get_access_token("after-batch")
  end)
  local text = {}
  for _, l in ipairs(lines) do text[#text + 1] = l[2] end
  text = table.concat(text, "\n")
  T.not_contains("batch-quiet", text, "lines of the batch (from library threads)")
  T.contains("/accesstoken/after-batch", text, "lines of the next call")
end)

-- LuaJIT crashes when a callback comes from another thread (it did here before the module
-- detached its handler). In fresh processes, since a crash ends them.
local LOGGING_CLIENT = [[
  local b44sso = require("b44sso")
  local lines = 0
  local kept = {}
  b44sso.set_log_handler(function(level, line)
    -- cache hits are reported on the calling thread; any other line here could only have
    -- come from a library thread
    if not line:find("^cache hit") then lines = lines + 1 end
    kept[lines % 50 + 1] = line:rep(3) -- some allocation, as a real handler does
  end, "debug")
  local client = b44sso.new{ app_id = os.getenv("B44SSO_TEST_APP_ID"),
    service_token = os.getenv("B44SSO_TEST_SERVICE_TOKEN"), server_url = os.getenv("B44SSO_TEST_URL"),
    max_retries = 0, cache_skew_s = 0, max_connections = 8 }
]]

T.test("with a handler installed, batches over many connections do not crash LuaJIT", function()
  local tag = S.scenario("batch")
  local code = LOGGING_CLIENT .. ([[
    for round = 1, 15 do
      local ids = {}
      for i = 1, 16 do ids[i] = ("!delay_ms=5&tag=%s-%%d-%%d"):format(round, i) end
      client:get_access_tokens(ids)
    end
    io.write("batches done, lines=", lines)
  ]]):format(tag:gsub("[^%w]", ""))
  local out, ok = S.run_lua(code)
  T.truthy(ok, "exit status: " .. out)
  T.eq("batches done, lines=0", out, "output")
end)

T.test("with a handler installed, a background cache refresh does not call into Lua", function()
  -- A JWT expiring in 6 s with cache_skew_s 0 enters its refresh window (at least 1 s
  -- long) after 3-5 s: a hit then starts a refresh on a library thread, whose request
  -- logs when it ends, and later hits return the refreshed token.
  local id = S.scenario("jwt_exp=6&delay_ms=50")
  local code = LOGGING_CLIENT .. ([[
    local ffi = require("ffi")
    ffi.cdef("int usleep(unsigned int usec);")
    local id = %q
    local first = client:get_access_token(id)
    local after_fetch, token, deadline = lines, first, os.time() + 9
    while token == first and os.time() < deadline do
      local x = 0
      for i = 1, 2e6 do x = x + i %% 3 end -- Lua running when a stray callback would come
      ffi.C.usleep(50000)
      token = client:get_access_token(id)
    end
    io.write(token ~= first and "refreshed" or "not refreshed", " hits=", client:stats().cache_hits > 0 and "some" or "none",
      " lines=", lines - after_fetch)
  ]]):format(id)
  local out, ok = S.run_lua(code)
  T.truthy(ok, "exit status: " .. out)
  T.eq("refreshed hits=some lines=0", out, "output")
end)
