#!/usr/bin/env bash
# run_tests.sh [BUILD_DIR [FILTER]] - the LuaJIT binding's tests against the stand-in.
# From the repo root: Tests/StandIn/with-standin.sh bindings/lua/run_tests.sh build
# (run without the stand-in variables, it starts the stand-in itself). Needs luajit and
# curl (the tests read the stand-in's admin routes with it). Builds nothing.
set -u

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)

if [ -z "${B44SSO_TEST_URL:-}" ]; then
    exec "$root/Tests/StandIn/with-standin.sh" "${BASH_SOURCE[0]}" "$@"
fi

build=$(cd -- "${1:-$root/build}" 2>/dev/null && pwd) || { echo "no build directory: ${1:-}" >&2; exit 2; }
export B44SSO_LIBRARY="$build/lib/libb44sso.so"
export B44SSO_HEADER="$root/include/b44sso.h"
export B44SSO_LUA_MODULE_DIR="$here"
[ -e "$B44SSO_LIBRARY" ] || { echo "no library at $B44SSO_LIBRARY: run make first" >&2; exit 2; }
export LUA_PATH="$here/?.lua;$here/tests/?.lua;;"

filter=()
[ $# -ge 2 ] && filter=(--filter "$2")
exec timeout 110 "${LUAJIT:-luajit}" "$here/tests/run.lua" "${filter[@]}" "$here"/tests/test_*.lua
