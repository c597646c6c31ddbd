-- A minimal JSON decoder for the tests (the stand-in's admin answers, me()): objects,
-- arrays, strings with escapes, numbers, true, false, null (json.null).

local json = { null = setmetatable({}, { __tostring = function() return "null" end }) }

local function utf8_char(code)
  if code < 0x80 then return string.char(code) end
  if code < 0x800 then return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40) end
  if code < 0x10000 then
    return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end
  return string.char(0xF0 + math.floor(code / 0x40000), 0x80 + math.floor(code / 0x1000) % 0x40,
    0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
end

local ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

function json.decode(text)
  local pos = 1
  local value

  local function fail(what)
    error(("json: %s at byte %d"):format(what, pos), 0)
  end
  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or #text + 1
  end
  local function string_value()
    pos = pos + 1
    local parts = {}
    while true do
      local c = text:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1; return table.concat(parts) end
      if c == "\\" then
        local e = text:sub(pos + 1, pos + 1)
        if e == "u" then
          local code = tonumber(text:sub(pos + 2, pos + 5), 16)
          pos = pos + 6
          if code >= 0xD800 and code < 0xDC00 and text:sub(pos, pos + 1) == "\\u" then
            local low = tonumber(text:sub(pos + 2, pos + 5), 16)
            code = 0x10000 + (code - 0xD800) * 0x400 + (low - 0xDC00)
            pos = pos + 6
          end
          parts[#parts + 1] = utf8_char(code)
        else
          parts[#parts + 1] = ESCAPES[e] or fail("bad escape")
          pos = pos + 2
        end
      else
        parts[#parts + 1] = c
        pos = pos + 1
      end
    end
  end
  function value()
    skip()
    local c = text:sub(pos, pos)
    if c == "{" then
      local object = {}
      pos = pos + 1; skip()
      if text:sub(pos, pos) == "}" then pos = pos + 1; return object end
      while true do
        skip()
        local key = string_value()
        skip()
        if text:sub(pos, pos) ~= ":" then fail("':' expected") end
        pos = pos + 1
        object[key] = value()
        skip()
        local sep = text:sub(pos, pos); pos = pos + 1
        if sep == "}" then return object end
        if sep ~= "," then fail("',' or '}' expected") end
      end
    elseif c == "[" then
      local array = {}
      pos = pos + 1; skip()
      if text:sub(pos, pos) == "]" then pos = pos + 1; return array end
      while true do
        array[#array + 1] = value()
        skip()
        local sep = text:sub(pos, pos); pos = pos + 1
        if sep == "]" then return array end
        if sep ~= "," then fail("',' or ']' expected") end
      end
    elseif c == '"' then
      return string_value()
    end
    for literal, result in pairs({ ["true"] = true, ["false"] = false, null = json.null }) do
      if text:sub(pos, pos + #literal - 1) == literal then pos = pos + #literal; return result end
    end
    local number = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not number or number == "" then fail("unexpected character") end
    pos = pos + #number
    return tonumber(number)
  end

  local result = value()
  skip()
  if pos <= #text then fail("trailing characters") end
  return result
end

return json
