#!/usr/bin/env bash
# `make install PREFIX=...` yields a usable library: a program built with only pkg-config's flags
# for the installed copy fetches a token (run under with-standin.sh). usage: check_install.sh
set -euo pipefail
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
make -s install PREFIX="$prefix" >/dev/null

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# The test program links against the installed copy only: build/ is nowhere on its paths.
cc -std=c99 -Wall -Wextra -Werror examples/fetch_token.c $(pkg-config --cflags --libs b44sso) \
    -Wl,-rpath,"$prefix/lib" -o "$prefix/fetch_token"

passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }
check test -x "$prefix/bin/b44-sso"
check test -f "$prefix/include/b44sso.h"
check test "$(readlink "$prefix/lib/libb44sso.so")" = libb44sso.so.0
check test "$(pkg-config --modversion b44sso)" = "$(sed -n 's/^#define B44SSO_VERSION_STRING "\(.*\)"/\1/p' include/b44sso.h)"
check test "$(ldd "$prefix/fetch_token" | awk '/libb44sso/ {print $3}')" = "$prefix/lib/libb44sso.so.0"
export BASE44_APP_ID=$B44SSO_TEST_APP_ID BASE44_SERVICE_TOKEN=$B44SSO_TEST_SERVICE_TOKEN BASE44_API_URL=$B44SSO_TEST_URL
check test "$("$prefix/fetch_token" installed-user)" = at-installed-user
check test "$("$prefix/bin/b44-sso" token installed-user)" = at-installed-user
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
