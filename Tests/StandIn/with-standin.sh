#!/usr/bin/env bash
# with-standin.sh CMD ARGS...
# Runs CMD against a fresh Base44 stand-in on 127.0.0.1 (free port), with
# B44SSO_TEST_URL, B44SSO_TEST_APP_ID and B44SSO_TEST_SERVICE_TOKEN exported,
# then stops the stand-in and exits with CMD's status.
# PYTHON overrides the interpreter (default python3).
set -u

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
app_id=app-test
service_token=svc-test-token-7f3a9c

# A coprocess gives us its stdout (to read READY) and its stdin: the stand-in
# runs with --exit-on-stdin-eof, so it also goes away if we are killed hard.
coproc STANDIN {
    exec "${PYTHON:-python3}" "$here/base44_standin.py" --host 127.0.0.1 --port 0 \
        --app-id "$app_id" --service-token "$service_token" --exit-on-stdin-eof
}
standin_pid=$STANDIN_PID
standin_out=${STANDIN[0]}
standin_in=${STANDIN[1]}

stop_standin() {
    kill -TERM "$standin_pid" 2>/dev/null
    wait "$standin_pid" 2>/dev/null
}
trap stop_standin EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

line=
if ! IFS= read -r -t 10 -u "$standin_out" line || [[ $line != "READY "* ]]; then
    echo "with-standin: the stand-in did not start (no READY line within 10 s)" >&2
    exit 1
fi
port=${line#READY }

export B44SSO_TEST_URL="http://127.0.0.1:$port"
export B44SSO_TEST_APP_ID="$app_id"
export B44SSO_TEST_SERVICE_TOKEN="$service_token"

# The command must not inherit the coprocess pipes.
"$@" {standin_out}<&- {standin_in}>&-
status=$?
exit "$status"
