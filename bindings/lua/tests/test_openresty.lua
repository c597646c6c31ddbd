-- What OpenResty needs of the module: no I/O or blocking APIs of its own, no globals.

local T = require("harness")

local module_path = os.getenv("B44SSO_LUA_MODULE_DIR") .. "/b44sso.lua"

local function module_code()
  local file = assert(io.open(module_path, "r"))
  local source = file:read("*a")
  file:close()
  -- Comments say "never does I/O", "io.write"...: look at code only.
  return (source:gsub("%-%-%[(=*)%[.-%]%1%]", ""):gsub("%-%-[^\n]*", ""))
end

T.test("the module uses no I/O, process or sleeping APIs", function()
  local code = module_code()
  for _, forbidden in ipairs({ "io%.", "os%.execute", "os%.exit", "os%.remove", "os%.rename", "os%.tmpname",
    "os%.time", "os%.clock", "os%.date", "print%(", "ngx%.sleep", "require%(?%s*[\"']socket", "dofile",
    "loadfile", "debug%." }) do
    T.truthy(not code:find(forbidden), "the module's code uses " .. forbidden:gsub("%%", ""))
  end
  T.truthy(code:find("os%.getenv"), "os.getenv is the one os function used")
end)

T.test("requiring the module creates no global variables", function()
  local before = {}
  for k in pairs(_G) do before[k] = true end
  package.loaded.b44sso = nil
  require("b44sso")
  for k in pairs(_G) do
    T.truthy(before[k], "a new global: " .. tostring(k))
  end
end)
