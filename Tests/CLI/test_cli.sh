#!/usr/bin/env bash
# Tests of the b44-sso command line tool against the stand-in (run under with-standin.sh).
# usage: test_cli.sh PATH/TO/b44-sso
set -u
cli=$1
passed=0
failed=0

# check NAME EXPECTED_STATUS EXPECTED_STDOUT STDERR_PATTERN -- COMMAND...
# EXPECTED_STDOUT "*" accepts any output; STDERR_PATTERN "-" requires stderr to be empty.
check() {
    local name=$1 want_status=$2 want_out=$3 err_pattern=$4
    shift 5
    local out err status
    err=$(mktemp)
    out=$("$@" 2>"$err")
    status=$?
    if [ "$status" = "$want_status" ] && { [ "$want_out" = "*" ] || [ "$out" = "$want_out" ]; } \
        && { if [ "$err_pattern" = "-" ]; then [ ! -s "$err" ]; else grep -Eq -- "$err_pattern" "$err"; fi; }; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: status $status (want $want_status), stdout '$out', stderr '$(cat "$err")'"
    fi
    # No secret may reach the terminal, whatever happened.
    if grep -Fq -- "$B44SSO_TEST_SERVICE_TOKEN" "$err" || grep -Fq -- "ut-secret-user" "$err"; then
        failed=$((failed + 1))
        echo "FAIL $name: a secret appeared on stderr"
    fi
    rm -f "$err"
}

export BASE44_APP_ID=$B44SSO_TEST_APP_ID BASE44_SERVICE_TOKEN=$B44SSO_TEST_SERVICE_TOKEN BASE44_API_URL=$B44SSO_TEST_URL
unset BASE44_USER_TOKEN BASE44_CA_FILE

check "access token" 0 "at-u1" "-" -- "$cli" token u1
check "id token" 0 "idt-u1" "-" -- "$cli" id-token u1
check "user id is one path segment" 0 "at-a/b?c" "-" -- "$cli" token 'a/b?c'
check "me" 0 "*" "-" -- env BASE44_USER_TOKEN=ut-u7 "$cli" me
out=$(BASE44_USER_TOKEN=ut-u7 "$cli" me)
check "me prints the user JSON" 0 "" "-" -- test "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')" = u7
check "flags override the environment" 13 "" "B44_ERR_UNAUTHORIZED \(HTTP 401\)" -- "$cli" --service-token wrong token u1
check "flag=value form" 0 "at-u1" "-" -- "$cli" --timeout-ms=5000 token u1
check "not found" 15 "" "B44_ERR_NOT_FOUND \(HTTP 404\): .*scenario detail" -- "$cli" token '!status=404'
check "server error" 17 "" "B44_ERR_SERVER \(HTTP 500\)" -- "$cli" --max-retries 0 token '!status=500'
check "rate limited" 16 "" "B44_ERR_RATE_LIMITED \(HTTP 429\)" -- "$cli" --max-retries 0 token '!status=429'
check "forbidden" 14 "" "B44_ERR_FORBIDDEN" -- "$cli" token '!status=403'
check "redirect is not followed" 18 "" "B44_ERR_HTTP \(HTTP 302\)" -- "$cli" token '!redirect=1'
check "protocol" 22 "" "B44_ERR_PROTOCOL" -- "$cli" token '!shape=invalid_json'
check "timeout" 20 "" "B44_ERR_TIMEOUT" -- "$cli" --timeout-ms 300 token '!hang=1'
check "network" 19 "" "B44_ERR_NETWORK" -- "$cli" --server-url http://127.0.0.1:1 --max-retries 0 token u1
check "echoed secrets are redacted" 13 "" "REDACTED" -- env BASE44_USER_TOKEN=ut-secret-user "$cli" token '!status=401&body=echo'
check "http off loopback is config" 12 "" "B44_ERR_CONFIG.*https" -- "$cli" --server-url http://example.invalid token u1
check "missing app id is config" 12 "" "B44_ERR_CONFIG.*app_id" -- env -u BASE44_APP_ID "$cli" token u1
check "bad option value" 11 "" "B44_ERR_INVALID_ARGUMENT.*timeout_ms" -- "$cli" --timeout-ms zero token u1
check "empty user id" 11 "" "B44_ERR_INVALID_ARGUMENT.*user id" -- "$cli" token ''
check "unknown option" 2 "" "unknown option --colour" -- "$cli" --colour red token u1
check "no command" 2 "" "no command" -- "$cli"
check "token needs a user id" 2 "" "exactly one USER_ID" -- "$cli" token
check "help" 0 "*" "-" -- "$cli" --help
check "help names every exit status" 0 "" "-" -- bash -c "'$cli' --help | grep -c B44_ERR_ | grep -qx 14"
check "version" 0 "0.1.0" "-" -- "$cli" version

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
