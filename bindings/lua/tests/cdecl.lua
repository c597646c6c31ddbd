-- Reads C declarations (the header, or the module's CDEF) into comparable tables.
-- Types are normalised: parameter names dropped, no spaces around '*'
-- ("const char *const *names" -> "const char*const*").

local C = {}

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function canonical(c_type)
  return (trim(c_type):gsub("%s*%*%s*", "*"))
end

local function parameter_types(list)
  list = trim(list)
  local types = {}
  if list == "" or list == "void" then return types end
  for parameter in (list .. ","):gmatch("([^,]*),") do
    local c_type = trim(parameter):match("^(.-[%s%*])[%w_]+$")
    assert(c_type, "cannot read the C parameter '" .. parameter .. "'")
    types[#types + 1] = canonical(c_type)
  end
  return types
end

-- { {type, name}, ... } of a struct body.
local function fields(body)
  local list = {}
  for field in body:gmatch("([^;]*);") do
    field = trim(field:gsub("%s+", " "))
    if field ~= "" then
      local c_type, name = field:match("^(.-[%s%*])([%w_]+)$")
      assert(c_type, "cannot read the struct field '" .. field .. "'")
      list[#list + 1] = { canonical(c_type), name }
    end
  end
  return list
end

--- { functions = {name = {returns, {types}}}, callbacks = {...same}, enums = {name = {CONST = n}},
--    structs = {name = true} (opaque), records = {name = {{type, field}, ...}} (with a body) }
function C.parse(source)
  local text = source:gsub("/%*.-%*/", " "):gsub("//[^\n]*", " ")
  text = text:gsub("#ifdef%s+__cplusplus.-#endif", " ") -- extern "C" guards
  text = text:gsub("\n%s*#[^\n]*", "\n"):gsub("^%s*#[^\n]*", "")
  local result = { functions = {}, callbacks = {}, enums = {}, structs = {}, records = {} }
  -- Struct bodies hold ';' too: read them before splitting into statements.
  text = text:gsub("typedef%s+struct%s+[%w_]+%s*(%b{})%s*([%w_]+)%s*;", function(body, name)
    result.records[name] = fields(body:sub(2, -2))
    return " "
  end)
  for statement in text:gmatch("([^;]*);") do
    statement = trim(statement:gsub("%s+", " "))
    local enum_name, body = statement:match("^typedef enum ([%w_]+) (%b{}) [%w_]+$")
    local struct_name = statement:match("^typedef struct [%w_]+ ([%w_]+)$")
    local cb_returns, cb_name, cb_parameters = statement:match("^typedef (.-)%( ?%* ?([%w_]+) ?%) ?(%b())$")
    local fn_returns, fn_name, fn_parameters = statement:match("^(.-)(b44_[%w_]+) ?(%b())$")
    if statement == "" then
      -- nothing
    elseif enum_name then
      local entries = {}
      for name, value in body:gmatch("([%w_]+) ?= ?(%d+)") do entries[name] = tonumber(value) end
      result.enums[enum_name] = entries
    elseif struct_name then
      result.structs[struct_name] = true
    elseif cb_name then
      result.callbacks[cb_name] = { canonical(cb_returns), parameter_types(cb_parameters:sub(2, -2)) }
    elseif fn_name then
      fn_returns = fn_returns:gsub("^B44_EXPORT ", "")
      result.functions[fn_name] = { canonical(fn_returns), parameter_types(fn_parameters:sub(2, -2)) }
    else
      error("cannot read the C declaration '" .. statement .. "'", 0)
    end
  end
  return result
end

function C.parse_file(path)
  local file = assert(io.open(path, "r"))
  local source = file:read("*a")
  file:close()
  return C.parse(source), source
end

return C
