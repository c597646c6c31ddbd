-- b44sso.CDEF, CODES and LOG_LEVELS held against include/b44sso.h, so a header change
-- breaks this test rather than the module's users.

local T = require("harness")
local C = require("cdecl")
local b44sso = require("b44sso")

local header_path = os.getenv("B44SSO_HEADER") or "include/b44sso.h"
local header, header_source = C.parse_file(header_path)
local module = C.parse(b44sso.CDEF)

local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

T.test("the header parses into its functions, callbacks, enums and structs", function()
  T.truthy(count(header.functions) >= 20, "at least 20 functions in the header")
  T.eq(0, header.enums.b44_code.B44_OK, "B44_OK")
  T.same({ b44_options = true, b44_client = true, b44_error = true }, header.structs, "opaque types")
  T.eq(6, #header.records.b44_stats, "b44_stats fields")
end)

T.test("every function the module declares is in the header with the same signature", function()
  T.truthy(count(module.functions) > 0, "CDEF declares functions")
  for name, signature in pairs(module.functions) do
    local expected = header.functions[name]
    T.truthy(expected, name .. " is declared in include/b44sso.h")
    T.eq(#expected[2], #signature[2], "parameter count of " .. name)
    T.eq(expected[1], signature[1], "return type of " .. name)
    T.same(expected[2], signature[2], "parameter types of " .. name)
  end
end)

T.test("the module declares every function of the header but the deliberately unbound ones", function()
  for name in pairs(header.functions) do
    T.truthy(module.functions[name] or b44sso.UNBOUND[name], name .. " is missing from b44sso.CDEF")
  end
end)

T.test("every deliberately unbound name is in the header, has a reason, and is not declared", function()
  for name, reason in pairs(b44sso.UNBOUND) do
    T.truthy(header.functions[name] or header.callbacks[name], name .. " (in UNBOUND) is in include/b44sso.h")
    T.truthy(not module.functions[name] and not module.callbacks[name], name .. " is not declared in CDEF")
    T.truthy(type(reason) == "string" and #reason > 20, name .. " has a reason")
  end
end)

T.test("the callback types, enums, structs and opaque types of CDEF equal the header", function()
  local callbacks = {}
  for name, signature in pairs(header.callbacks) do
    if not b44sso.UNBOUND[name] then callbacks[name] = signature end
  end
  T.same(callbacks, module.callbacks, "function-pointer typedefs")
  T.same(header.enums, module.enums, "enums")
  T.same(header.structs, module.structs, "opaque struct typedefs")
  T.same(header.records, module.records, "structs with fields")
end)

T.test("STATS_FIELDS are the fields of b44_stats, in order", function()
  local names = {}
  for i, field in ipairs(header.records.b44_stats or {}) do names[i] = field[2] end
  T.eq(6, #names, "fields in the header")
  T.same(names, b44sso.STATS_FIELDS, "STATS_FIELDS")
end)

T.test("CODES equals the header b44_code enum", function()
  T.same(header.enums.b44_code, b44sso.CODES, "CODES")
end)

T.test("LOG_LEVELS equals the header b44_log_level enum", function()
  T.same(header.enums.b44_log_level, b44sso.LOG_LEVELS, "LOG_LEVELS")
end)

T.test("the library names every code as the header does", function()
  local ffi = require("ffi")
  local lib = ffi.load(os.getenv("B44SSO_LIBRARY"))
  for name, value in pairs(header.enums.b44_code) do
    T.eq(name, ffi.string(lib.b44_code_name(value)), "b44_code_name(" .. value .. ")")
  end
end)

T.test("the module was written for the header version", function()
  T.eq(header_source:match('#define%s+B44SSO_VERSION_STRING%s+"([^"]+)"'), b44sso.HEADER_VERSION, "HEADER_VERSION")
end)
