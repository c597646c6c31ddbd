#!/usr/bin/env bash
# The main job end to end: a token fetched from the local stand-in through the C API and the CLI.
# Run by `make demo` under Tests/StandIn/with-standin.sh, which provides the B44SSO_TEST_* variables.
# usage: demo.sh BUILD_DIR
set -euo pipefail
build=$1
export BASE44_APP_ID=$B44SSO_TEST_APP_ID BASE44_SERVICE_TOKEN=$B44SSO_TEST_SERVICE_TOKEN BASE44_API_URL=$B44SSO_TEST_URL

mkdir -p "$build/examples"
cc -std=c99 -Wall -Wextra -Werror -I"$build/include" "$(dirname "$0")/fetch_token.c" -L"$build/lib" -lb44sso \
    -Wl,-rpath,"$(cd "$build/lib" && pwd)" -o "$build/examples/fetch_token"

echo "C API  : token for user demo-user = $("$build/examples/fetch_token" demo-user)"
echo "CLI    : token for user demo-user = $("$build/bin/b44-sso" token demo-user)"
