-- Finding the library and the version check (in fresh luajit processes where needed).

local T = require("harness")
local S = require("standin")
local b44sso = require("b44sso")

local module_dir = os.getenv("B44SSO_LUA_MODULE_DIR")
local luajit = os.getenv("LUAJIT") or "luajit"

--- Runs a Lua snippet in a new luajit with environment assignments prefixed (NAME=VALUE,
-- or NAME= to unset-ish). Returns its output and whether it exited with status 0.
local function run_lua(code, env_prefix)
  local command = ("%s LUA_PATH=%s %s -e %s 2>&1"):format(
    env_prefix or "", S.quote(module_dir .. "/?.lua;;"), luajit, S.quote(code))
  return S.capture(command)
end

local PRINT_LOAD = 'local ok, m = pcall(require, "b44sso"); io.write(ok and (m.library_source .. "|" .. m.library_version()) or tostring(m))'

T.test("the library version is the one this module supports", function()
  local version = b44sso.library_version()
  T.truthy(version:match("^%d+%.%d+%.%d+$"), "MAJOR.MINOR.PATCH: " .. version)
  T.eq(b44sso.HEADER_VERSION:match("^%d+"), version:match("^%d+"), "major version")
end)

T.test("the version check accepts the same major version only", function()
  b44sso.check_version("0.1.0", "test")
  b44sso.check_version("0.9.12", "test")
  for _, version in ipairs({ "1.0.0", "10.1.0", "", "garbage" }) do
    local ok, err = pcall(b44sso.check_version, version, "/lib/x.so")
    T.eq(false, ok, "refused: " .. version)
    T.contains("/lib/x.so", err, "message names the library")
  end
end)

T.test("B44SSO_LIBRARY picks the library file", function()
  local out, ok = run_lua(PRINT_LOAD)
  T.truthy(ok, "exit status")
  T.eq(os.getenv("B44SSO_LIBRARY") .. "|" .. b44sso.library_version(), out, "source and version")
end)

T.test("a wrong B44SSO_LIBRARY is one clear error at require", function()
  local out = run_lua(PRINT_LOAD, "B44SSO_LIBRARY=/nonexistent/libb44sso.so")
  T.contains("/nonexistent/libb44sso.so", out, "the path tried")
  T.contains("B44SSO_LIBRARY", out, "the hint")
end)

T.test("without B44SSO_LIBRARY the loader finds libb44sso.so.0 on its search path", function()
  local dir = os.getenv("B44SSO_LIBRARY"):match("^(.*)/[^/]*$")
  local out = run_lua(PRINT_LOAD, "env -u B44SSO_LIBRARY LD_LIBRARY_PATH=" .. S.quote(dir))
  T.eq("libb44sso.so.0|" .. b44sso.library_version(), out, "source and version")
end)

T.test("requiring the module twice in one Lua state (lua_code_cache off) works", function()
  package.loaded.b44sso = nil
  local again = require("b44sso")
  T.eq("at-again", again.new({ app_id = S.app_id, service_token = S.service_token, server_url = S.url })
    :get_access_token("again"), "token")
end)

T.test("the example prints a token", function()
  local command = ("BASE44_APP_ID=%s BASE44_SERVICE_TOKEN=%s BASE44_API_URL=%s LUA_PATH=%s %s %s example-user 2>&1"):format(
    S.quote(S.app_id), S.quote(S.service_token), S.quote(S.url), S.quote(module_dir .. "/?.lua;;"),
    luajit, S.quote(module_dir .. "/examples/fetch_token.lua"))
  local out, ok = S.capture(command)
  T.truthy(ok, "exit status: " .. out)
  T.eq("at-example-user\n", out, "output")
end)
