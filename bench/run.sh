#!/usr/bin/env bash
# The whole benchmark run of b44sso (`make bench`): starts nginx (fixed answers) and the
# stand-in (injected latency) on loopback, runs every benchmark, prints the table and writes
# BENCHMARKS.md at the repository root. See bench/README.md.
#
# Uses the library already built in build/lib (it builds nothing but the small C programs
# of bench/, into build/bench/). Targets that are missed are reported as FAIL in the table;
# the exit status is non-zero only when the suite itself could not run, or with
# BENCH_STRICT=1 when a target is missed.
#
# Knobs (environment): B44SSO_LIBRARY (default build/lib/libb44sso.so), BENCH_OUT (default
# BENCHMARKS.md), BENCH_C_ROUNDS (21) and BENCH_C_ROUND_S (0.15) for the C uncached rounds,
# BENCH_PY_ROUNDS (9) and BENCH_PY_ROUND_S (0.3) for the Python ones, BENCH_ROUNDS (5) and
# BENCH_ROUND_S (0.5) for the others (cached, Node), BENCH_RSS_CALLS (100000),
# BENCH_CALLGRIND_CALLS (2000), BENCH_LOAD_RUNS (7), BENCH_SKIP (space-separated step names
# to skip: c-uncached c-cached c-batch c-rss load callgrind python node), PYTHON, CC, NODE,
# NGINX.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Every process of the run (clients, nginx, the stand-in) shares one CPU core unless
# BENCH_PIN=0. Unpinned, a request/answer ping-pong between two idle cores of a virtual machine
# waits on the hypervisor to wake a core, and that wait, the same for every client, swamps the
# clients' own cost that the ratios are meant to compare.
if [ "${BENCH_PIN:-1}" != 0 ] && [ -z "${BENCH_PINNED:-}" ] && command -v taskset >/dev/null; then
    export BENCH_PINNED="core 0 (all processes; BENCH_PIN=0 runs unpinned)"
    exec taskset -c 0 bash "$0" "$@"
fi

PYTHON=${PYTHON:-python3}
CC=${CC:-cc}
NODE=${NODE:-node}
NGINX=${NGINX:-nginx}
LIB=${B44SSO_LIBRARY:-$ROOT/build/lib/libb44sso.so}
OUT=${BENCH_OUT:-$ROOT/BENCHMARKS.md}
BIN=$ROOT/build/bench
SKIP=" ${BENCH_SKIP:-} "

export BENCH_ROUNDS=${BENCH_ROUNDS:-5}
export BENCH_ROUND_S=${BENCH_ROUND_S:-0.5}
# Many short rounds where two loops are compared: the median of the ratios of adjacent rounds
# then shrugs off bursts of other work on the machine.
C_ROUNDS=${BENCH_C_ROUNDS:-21}
C_ROUND_S=${BENCH_C_ROUND_S:-0.15}
PY_ROUNDS=${BENCH_PY_ROUNDS:-9}
PY_ROUND_S=${BENCH_PY_ROUND_S:-0.3}
export BENCH_RSS_CALLS=${BENCH_RSS_CALLS:-100000}
export BENCH_DELAY_MS=${BENCH_DELAY_MS:-20}
CALLGRIND_CALLS=${BENCH_CALLGRIND_CALLS:-2000}
LOAD_RUNS=${BENCH_LOAD_RUNS:-7}

# What nginx answers, and as whom the benchmarks call it.
export BENCH_APP_ID=bench-app
export BENCH_SERVICE_TOKEN=bench-service-token-3d9f
export BENCH_TOKEN=bench-opaque-token-7c1e9b40d2a54f36
# The stand-in's defaults.
export BENCH_STANDIN_APP_ID=app-test
export BENCH_STANDIN_SERVICE_TOKEN=svc-test-token-7f3a9c

say() { printf 'bench: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[ -e "$LIB" ] || fail "no library at $LIB: build it first (make lib)"
LIB=$(cd "$(dirname "$LIB")" && pwd)/$(basename "$LIB")
export B44SSO_LIBRARY=$LIB

TMP=$(mktemp -d "${TMPDIR:-/tmp}/b44sso-bench.XXXXXX")
RESULTS=$TMP/results.txt
: >"$RESULTS"
NGINX_PID=
STANDIN_PID=

cleanup() {
  local status=$?
  # Only the processes this script started, by their ids.
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  if [ -n "$STANDIN_PID" ] && kill -0 "$STANDIN_PID" 2>/dev/null; then
    kill -TERM "$STANDIN_PID" 2>/dev/null || true
    wait "$STANDIN_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

record() { printf 'RESULT %s %s\n' "$1" "$2" >>"$RESULTS"; }
skipped() { case "$SKIP" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# step NAME CMD...: runs one benchmark, keeps its RESULT lines, and carries on when it fails
# (the table then shows "error" for its figures).
step() {
  local name=$1
  shift
  if skipped "$name"; then
    say "$name: skipped (BENCH_SKIP)"
    return 0
  fi
  say "$name ..."
  local t0=$SECONDS status=0
  "$@" >"$TMP/step.out" 2>"$TMP/step.err" || status=$?
  grep '^RESULT ' "$TMP/step.out" >>"$RESULTS" || true
  sed 's/^/    /' "$TMP/step.err" >&2
  if [ "$status" -ne 0 ]; then
    say "$name: FAILED (exit $status)"
    record "error_$name" "exit $status: $(tail -n 1 "$TMP/step.err" | tr -s '[:space:]' ' ')"
  else
    say "$name: done in $((SECONDS - t0)) s"
  fi
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- the machine and the build --------------------------------------------------------------
record loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record cpu_affinity "${BENCH_PINNED:-not pinned}"
record so_path "$(readlink -f "$LIB")"
record so_size_bytes "$(stat -L -c %s "$LIB")"
record nginx_version "$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
command -v curl-config >/dev/null && record libcurl_version "$(curl-config --version)"
command -v valgrind >/dev/null && record valgrind_version "$(valgrind --version)"

# ---- the C programs -------------------------------------------------------------------------
mkdir -p "$BIN"
CFLAGS="-O2 -std=gnu11 -Wall -Wextra -I$ROOT/include"
say "compiling bench/*.c into build/bench/"
$CC $CFLAGS bench/bench_c.c -o "$BIN/bench_c" -lcurl -ldl || fail "cannot compile bench/bench_c.c"
$CC $CFLAGS bench/bench_load.c -o "$BIN/bench_load" -ldl || fail "cannot compile bench/bench_load.c"

# ---- nginx ----------------------------------------------------------------------------------
# nginx serves the fixed answers; install Debian's when missing (its service is not needed:
# the bench starts its own on a free loopback port).
if ! command -v "$NGINX" >/dev/null; then
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nginx-light >/dev/null 2>&1 \
        || { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nginx-light >/dev/null; } \
        || true
fi
command -v "$NGINX" >/dev/null || fail "nginx is not installed (apt-get install nginx-light or nginx)"
for attempt in 1 2 3 4 5; do
  PORT=$(free_port)
  mkdir -p "$TMP/nginx"
  sed -e "s|@TMP@|$TMP/nginx|g" -e "s|@PORT@|$PORT|g" -e "s|@APP_ID@|$BENCH_APP_ID|g" \
    -e "s|@TOKEN@|$BENCH_TOKEN|g" bench/nginx.conf.in >"$TMP/nginx/nginx.conf"
  "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/nginx-error.log" \
    </dev/null >"$TMP/nginx/stdout" 2>&1 &
  NGINX_PID=$!
  for _ in $(seq 100); do
    port_open "$PORT" && break
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$NGINX_PID" 2>/dev/null && port_open "$PORT"; then break; fi
  kill -TERM "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=
  say "nginx did not start on port $PORT (attempt $attempt): $(tail -n 2 "$TMP/nginx/nginx-error.log" "$TMP/nginx/stdout" 2>/dev/null | tr '\n' ' ')"
done
[ -n "$NGINX_PID" ] || fail "could not start nginx"
export BENCH_NGINX_URL=http://127.0.0.1:$PORT
say "nginx on $BENCH_NGINX_URL (pid $NGINX_PID)"

# ---- the stand-in ---------------------------------------------------------------------------
# Its stdin is a pipe held by this script: if the script dies, the stand-in goes too.
coproc STANDIN { exec "$PYTHON" Tests/StandIn/base44_standin.py --host 127.0.0.1 --port 0 \
  --exit-on-stdin-eof 2>"$TMP/standin.err"; }
STANDIN_PID=$STANDIN_PID
ready= standin_port=
read -r -t 10 ready standin_port <&"${STANDIN[0]}" || true
[ "$ready" = READY ] || fail "the stand-in did not start: $(cat "$TMP/standin.err")"
export BENCH_STANDIN_URL=http://127.0.0.1:$standin_port
say "stand-in on $BENCH_STANDIN_URL (pid $STANDIN_PID)"

# ---- C benchmarks ---------------------------------------------------------------------------
step c-uncached env BENCH_ROUNDS="$C_ROUNDS" BENCH_ROUND_S="$C_ROUND_S" "$BIN/bench_c" uncached
step c-cached "$BIN/bench_c" cached
step c-batch "$BIN/bench_c" batch
step c-rss "$BIN/bench_c" rss

load_runs() {
  for _ in $(seq "$LOAD_RUNS"); do
    "$BIN/bench_load" b44 || return 1
    "$BIN/bench_load" curl || return 1
  done
}
step load load_runs

# Instructions per call under callgrind. When the unstripped library of the same build is
# still in .build/release (same GNU build id), callgrind runs on a copy of it so functions
# have names; the code, and so the count, is the same.
callgrind_runs() {
  command -v valgrind >/dev/null || { echo "RESULT cg_b44_ir_per_call n.a. valgrind is not installed"; return 0; }
  local lib=$LIB id_lib id_dbg
  id_lib=$(readelf -n "$LIB" 2>/dev/null | awk '/Build ID/ {print $3}')
  if [ -f .build/release/libb44sso.so ]; then
    cp .build/release/libb44sso.so "$TMP/libb44sso-symbols.so"
    id_dbg=$(readelf -n "$TMP/libb44sso-symbols.so" 2>/dev/null | awk '/Build ID/ {print $3}')
    if [ -n "$id_lib" ] && [ "$id_lib" = "$id_dbg" ]; then
      lib=$TMP/libb44sso-symbols.so
      echo "RESULT cg_symbols unstripped copy of the same build (build id $id_lib)"
    else
      echo "RESULT cg_symbols stripped library only (.build/release is another build): few names"
    fi
  else
    echo "RESULT cg_symbols stripped library only (no .build/release/libb44sso.so): few names"
  fi
  echo "RESULT cg_calls $CALLGRIND_CALLS"
  for which in b44 curl curlu; do
    B44SSO_LIBRARY=$lib valgrind --tool=callgrind --instr-atstart=no \
      --callgrind-out-file="$TMP/callgrind.$which" "$BIN/bench_c" callgrind "$which" "$CALLGRIND_CALLS" \
      2>"$TMP/callgrind.$which.log" || { cat "$TMP/callgrind.$which.log" >&2; return 1; }
    "$PYTHON" bench/callgrind_summary.py "$which" "$CALLGRIND_CALLS" "$TMP/callgrind.$which"
    # Kept for a closer look: callgrind_annotate build/bench/callgrind.b44.out
    cp "$TMP/callgrind.$which" "$BIN/callgrind.$which.out"
  done
}
step callgrind callgrind_runs

# ---- Python ---------------------------------------------------------------------------------
python_runs() {
  if ! "$PYTHON" -c 'import requests, httpx' 2>/dev/null; then
    echo "installing requests and httpx for the baselines (pip)" >&2
    "$PYTHON" -m pip install -q requests httpx >&2 || echo "pip install failed: those rows will be n.a." >&2
  fi
  local path=$ROOT/bindings/python${PYTHONPATH:+:$PYTHONPATH} mode
  PYTHONPATH=$path BENCH_ROUNDS=$PY_ROUNDS BENCH_ROUND_S=$PY_ROUND_S "$PYTHON" bench/py_bench.py uncached ||
    return 1
  for mode in cached batch; do
    PYTHONPATH=$path "$PYTHON" bench/py_bench.py "$mode" || return 1
  done
}
step python python_runs

# ---- Node -----------------------------------------------------------------------------------
node_runs() {
  command -v "$NODE" >/dev/null || { echo "RESULT node_rate n.a. node is not installed"; return 0; }
  BENCH_UA="b44sso/$(awk '$2 == "lib_version" {print $3}' "$RESULTS" | head -n 1)" "$NODE" bench/node_fetch.mjs
}
step node node_runs

record loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the table ------------------------------------------------------------------------------
"$PYTHON" bench/report.py "$RESULTS" "$OUT"
