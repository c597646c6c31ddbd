-- A small test runner: T.test(name, fn) registers a test; T.run() runs them in order,
-- prints "ok"/"FAIL" lines and "N passed, N failed", and returns the exit status.

local T = {}
local tests = {}

function T.test(name, fn)
  for _, t in ipairs(tests) do
    assert(t.name ~= name, "two tests are named " .. name)
  end
  tests[#tests + 1] = { name = name, fn = fn }
end

local function show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  return tostring(v)
end

function T.fail(message)
  error({ assertion = message }, 0)
end

function T.eq(expected, actual, what)
  if expected ~= actual then
    T.fail(("%s: expected %s, got %s"):format(what or "value", show(expected), show(actual)))
  end
end

function T.truthy(value, what)
  if not value then T.fail(what) end
end

function T.contains(needle, haystack, what)
  if type(haystack) ~= "string" or not haystack:find(needle, 1, true) then
    T.fail(("%s: %s does not contain %s"):format(what or "text", show(haystack), show(needle)))
  end
end

function T.not_contains(needle, haystack, what)
  if type(haystack) == "string" and haystack:find(needle, 1, true) then
    T.fail(("%s must not contain %s"):format(what or "text", show(needle)))
  end
end

--- Deep equality of plain tables (for parsed declarations).
function T.same(expected, actual, what)
  local function walk(a, b, path)
    if type(a) ~= "table" or type(b) ~= "table" then
      if a ~= b then T.fail(("%s%s: expected %s, got %s"):format(what or "value", path, show(a), show(b))) end
      return
    end
    for k, v in pairs(a) do walk(v, b[k], path .. "." .. tostring(k)) end
    for k, v in pairs(b) do
      if a[k] == nil then T.fail(("%s%s.%s: unexpected %s"):format(what or "value", path, tostring(k), show(v))) end
    end
  end
  walk(expected, actual, "")
end

--- Calls fn(...), which must raise; returns what it raised.
function T.raises(fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then T.fail("expected an error, nothing was raised") end
  return err
end

function T.run(filter)
  local passed, failed = 0, 0
  for number, t in ipairs(tests) do
    if not filter or t.name:find(filter, 1, true) then
      local started = os.clock()
      local ok, err = xpcall(t.fn, function(e)
        if type(e) == "table" and e.assertion then
          return { message = e.assertion, where = debug.traceback("", 2):match("\n%s*([^\n]*test_[%w_]+%.lua:%d+)") }
        end
        return { message = tostring(e), where = debug.traceback("", 2) }
      end)
      if ok then
        passed = passed + 1
        print(("ok %d - %s (%d ms cpu)"):format(number, t.name, (os.clock() - started) * 1000))
      else
        failed = failed + 1
        print(("FAIL %d - %s\n    %s\n    at %s"):format(number, t.name, err.message, tostring(err.where)))
      end
    end
  end
  print(("%d passed, %d failed"):format(passed, failed))
  return (failed == 0 and passed > 0) and 0 or 1
end

return T
