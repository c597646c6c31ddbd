#!/usr/bin/env bash
# Fuzzes the B44SSO core with libFuzzer: builds build/fuzz/b44sso-fuzz if needed, replays
# every reproducer in Fuzz/regressions/<target>/, then fuzzes each target for SECONDS.
# Everything it writes goes to build/fuzz/ (corpus copies, logs, crash artifacts).
# Usage: Fuzz/run.sh SECONDS [TARGET...]     (default: every target)
# Exit status: 0 when every target passed, 1 when any crashed (or a regression still does),
# 2 for a usage or build error.
set -uo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(json success-body error-body request-headers options)
SECONDS_PER_TARGET=${1:-}
if ! [[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: Fuzz/run.sh SECONDS [TARGET...]   targets: ${ALL_TARGETS[*]}" >&2
    exit 2
fi
shift
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "unknown target '$t'; known: ${ALL_TARGETS[*]}" >&2; exit 2; }
done

Fuzz/build.sh || { echo "fuzz: build failed" >&2; exit 2; }

BIN=build/fuzz/b44sso-fuzz
LIBFUZZER_FLAGS=(-max_len=4096 -timeout=5 -rss_limit_mb=2048)
# FUZZ_FLAGS: extra libFuzzer flags for the fuzzing runs, e.g. FUZZ_FLAGS="-seed=1".
# (Not -jobs/-fork: those write fuzz-N.log files into the current directory, the repo.)
read -r -a EXTRA_FLAGS <<< "${FUZZ_FLAGS:-}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
# Swift's own crash backtracer reads the crashed thread's stack from a helper thread, which
# ASan reports as a stack-buffer-underflow and which can hang libFuzzer: leave crashes to
# libFuzzer and ASan.
export SWIFT_BACKTRACE=enable=no
passed=0
failed=0

for t in "${TARGETS[@]}"; do
    logs=build/fuzz/logs/$t
    artifacts=build/fuzz/artifacts/$t/
    corpus=build/fuzz/corpus/$t
    mkdir -p "$logs" "$artifacts" "$corpus"
    problems=()

    # 1. Regression replay: each saved reproducer must now run clean.
    shopt -s nullglob
    reproducers=(Fuzz/regressions/"$t"/*)
    shopt -u nullglob
    replayed=0
    for r in "${reproducers[@]}"; do
        [[ -f "$r" && "$(basename "$r")" != README* ]] || continue
        replayed=$((replayed + 1))
        if ! B44SSO_FUZZ_TARGET=$t "$BIN" "${LIBFUZZER_FLAGS[@]}" "$r" > "$logs/regression-$(basename "$r").log" 2>&1; then
            problems+=("regression $r still fails (log: $logs/regression-$(basename "$r").log)")
        fi
    done

    # 2. Fuzzing, from the seeds plus whatever earlier runs found (the copy, never Fuzz/corpus).
    cp -f Fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
    dict=()
    [[ -f Fuzz/dict/$t.dict ]] && dict=(-dict=Fuzz/dict/$t.dict)
    B44SSO_FUZZ_TARGET=$t "$BIN" "${LIBFUZZER_FLAGS[@]}" "${dict[@]}" "${EXTRA_FLAGS[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
        -artifact_prefix="$artifacts" "$corpus" > "$logs/fuzz.log" 2>&1
    status=$?
    stats=$(grep -E '^stat::number_of_executed_units' "$logs/fuzz.log" | awk '{print $2}')
    if [[ $status -ne 0 ]]; then
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$logs/fuzz.log" | tail -1)
        reason=$(grep -m1 -E 'INVARIANT VIOLATED|ERROR: (AddressSanitizer|libFuzzer)|Fatal error|deadly signal|timeout after|out-of-memory' "$logs/fuzz.log" | cut -c1-300)
        problems+=("libFuzzer exit $status: ${reason:-see log} (log: $logs/fuzz.log${artifact:+, reproducer: $artifact})")
    fi

    if [[ ${#problems[@]} -eq 0 ]]; then
        echo "ok    $t  ($replayed regressions replayed, ${stats:-?} inputs in ${SECONDS_PER_TARGET}s, corpus $(ls "$corpus" | wc -l))"
        passed=$((passed + 1))
    else
        echo "FAIL  $t"
        for p in "${problems[@]}"; do echo "      $p"; done
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
