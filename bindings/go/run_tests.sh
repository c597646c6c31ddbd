#!/usr/bin/env bash
# bindings/go/run_tests.sh BUILD_DIR
# Runs the Go package's tests (go test -v) against the stand-in, linking BUILD_DIR/lib;
# Go's caches live in BUILD_DIR/go so nothing is written to $HOME.
# (run it as: Tests/StandIn/with-standin.sh bindings/go/run_tests.sh build)
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
build=$(cd -- "${1:-$root/build}" && pwd)
mkdir -p "$build/go/cache" "$build/go/path" "$build/go/tmp"

export GOCACHE="$build/go/cache"
export GOPATH="$build/go/path"
export GOTMPDIR="$build/go/tmp"
export GOENV=off GOFLAGS= GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local
export CGO_ENABLED=1
export CGO_CFLAGS="-I$build/include"
export CGO_LDFLAGS="-L$build/lib -Wl,-rpath,$build/lib"
# The declaration check parses the source header, the single source of truth.
export B44SSO_HEADER="$root/include/b44sso.h"

cd "$here"
log="$build/go/test.log"
status=0
# -count=1: results depend on the stand-in, so never reuse cached ones.
# B44SSO_GO_RACE=1 adds the race detector (a cold first run then takes about a minute more).
flags=(-v -count=1)
if [ "${B44SSO_GO_RACE:-0}" = 1 ]; then flags+=(-race); fi
go test "${flags[@]}" ./... 2>&1 | tee "$log" || status=$?
passed=$(grep -c -- '--- PASS' "$log" || true)
failed=$(grep -c -- '--- FAIL' "$log" || true)
echo "b44sso Go tests: $passed passed, $failed failed"
exit "$status"
