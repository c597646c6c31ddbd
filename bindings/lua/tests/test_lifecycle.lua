-- close(), the ffi.gc finalizer, use after close, and what a client shows of itself.

local T = require("harness")
local S = require("standin")
local b44sso = require("b44sso")

T.test("every call on a closed client raises B44SSO_CLIENT_CLOSED; try_ forms return it", function()
  local client = S.service_client({ user_token = "ut-alice" })
  client:close()
  T.eq(true, client:is_closed(), "is_closed()")
  for _, method in ipairs({ "get_access_token", "get_id_token", "me" }) do
    local err = T.raises(client[method], client, "alice")
    T.truthy(b44sso.is_error(err), "an error object")
    T.eq(b44sso.CLIENT_CLOSED, err.kind, method .. ": kind")
    T.eq(nil, err.code, method .. ": no library code")
    T.contains("closed", err.message, method .. ": message")
    local value, returned = client["try_" .. method](client, "alice")
    T.eq(nil, value, "try_" .. method .. ": value")
    T.eq(b44sso.CLIENT_CLOSED, returned.kind, "try_" .. method .. ": kind")
  end
end)

T.test("close() twice, then garbage collection, is harmless", function()
  local client = S.service_client()
  client:get_access_token("twice")
  client:close()
  client:close()
  client = nil
  collectgarbage()
  collectgarbage()
end)

local ffi = require("ffi")
pcall(ffi.cdef, "int getpid(void);")

--- How many sockets this process has open (Linux /proc).
local function open_sockets()
  local out = S.capture("ls -l /proc/" .. ffi.C.getpid() .. "/fd")
  local n = 0
  for _ in out:gmatch("socket:") do n = n + 1 end
  return n
end

T.test("a dropped client is freed by its finalizer: its connection is closed", function()
  collectgarbage()
  collectgarbage()
  local before = open_sockets()
  local client = S.service_client()
  client:get_access_token("dropped")
  T.truthy(open_sockets() > before, "the client keeps its connection open")
  client = nil
  collectgarbage()
  collectgarbage()
  T.eq(before, open_sockets(), "sockets after the client was collected")
end)

T.test("close() closes the connection at once", function()
  collectgarbage()
  local before = open_sockets()
  local client = S.service_client()
  client:get_access_token("closing")
  T.truthy(open_sockets() > before, "the client keeps its connection open")
  client:close()
  T.eq(before, open_sockets(), "sockets after close()")
end)

T.test("many clients created and dropped without close()", function()
  local client
  for _ = 1, 300 do
    client = S.service_client()
  end
  collectgarbage()
  T.eq("at-last", client:get_access_token("last"), "the last one still works")
end)

T.test("tostring of a client shows its state, never a token", function()
  local secret = "svc-never-shown"
  local client = b44sso.new({ app_id = "a", service_token = secret, user_token = "ut-hidden", server_url = S.url })
  local shown = tostring(client)
  T.eq("b44sso.Client (open)", shown, "open")
  for key, value in pairs(client) do
    shown = shown .. tostring(key) .. tostring(value)
  end
  T.not_contains(secret, shown, "tostring and fields")
  T.not_contains("ut-hidden", shown, "tostring and fields")
  client:close()
  T.eq("b44sso.Client (closed)", tostring(client), "closed")
end)

T.test("one client serves many calls in a row", function()
  local client = S.service_client()
  for i = 1, 50 do
    T.eq("at-seq" .. i, client:get_access_token("seq" .. i), "call " .. i)
  end
end)

T.test("coroutines (like ngx.thread) can share one client", function()
  local client = S.service_client()
  local results = {}
  local threads = {}
  for n = 1, 4 do
    threads[n] = coroutine.create(function()
      for i = 1, 3 do
        results[#results + 1] = client:get_access_token(("co%d-%d"):format(n, i))
        coroutine.yield()
      end
    end)
  end
  for _ = 1, 3 do
    for n = 1, 4 do assert(coroutine.resume(threads[n])) end
  end
  T.eq(12, #results, "tokens fetched")
  T.eq("at-co4-3", results[12], "the last token")
end)
