-- luajit examples/fetch_token.lua USER_ID
-- Prints the SSO access token of USER_ID, using BASE44_APP_ID, BASE44_SERVICE_TOKEN and
-- (optionally) BASE44_API_URL from the environment. Needs b44sso.lua on LUA_PATH.

local b44sso = require("b44sso")

local client = b44sso.from_env()
local token, err = client:try_get_access_token(arg[1] or "user-123")
client:close()
if not token then
  io.stderr:write(tostring(err), "\n") -- kind, HTTP status, API code, message: no secret
  os.exit(1)
end
print(token)
