-- luajit tests/run.lua [--filter TEXT] tests/test_*.lua
-- run_tests.sh sets package.path (the module and tests/), B44SSO_LIBRARY and the stand-in.

local T = require("harness")
local filter
local files = {}
local i = 1
while arg[i] do
  if arg[i] == "--filter" then
    filter = arg[i + 1]
    i = i + 2
  else
    files[#files + 1] = arg[i]
    i = i + 1
  end
end
table.sort(files)
for _, file in ipairs(files) do
  dofile(file)
end
os.exit(T.run(filter))
