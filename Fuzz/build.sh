#!/usr/bin/env bash
# Builds build/fuzz/b44sso-fuzz: the B44SSO core's sources and Fuzz/FuzzTargets.swift
# compiled as one module (so internal API is reachable) with libFuzzer and AddressSanitizer.
# Rebuilds only when a source, this script or the module map is newer than the binary.
# Usage: Fuzz/build.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFTC=${SWIFTC:-swiftc}
OUT=build/fuzz/b44sso-fuzz
mkdir -p build/fuzz

mapfile -t SOURCES < <(find Sources/B44SSO -name '*.swift' | LC_ALL=C sort)
INPUTS=("${SOURCES[@]}" Fuzz/FuzzTargets.swift Fuzz/build.sh Sources/CCurl/module.modulemap Sources/CCurl/shim.h)

if [[ "${1:-}" != "--force" && -x "$OUT" ]]; then
    stale=0
    for f in "${INPUTS[@]}"; do [[ "$f" -nt "$OUT" ]] && { stale=1; break; }; done
    if [[ $stale == 0 ]]; then echo "fuzz build: $OUT is up to date"; exit 0; fi
fi

# ld.lld: the default gold linker prints thousands of harmless ASan "Cannot export local
# symbol" warnings. -wmo -O: one optimised compile is faster to build and to run.
echo "fuzz build: compiling ${#SOURCES[@]} core sources + Fuzz/FuzzTargets.swift ..."
start=$(date +%s)
# Run from build/fuzz with absolute paths: -g makes the driver write B44SSO-1.swiftmodule
# (and .swiftdoc, .swiftsourceinfo) into the working directory, which must not be the repo.
ROOT=$PWD
(
    cd build/fuzz
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -wmo -g \
        -module-name B44SSO -I "$ROOT/Sources/CCurl" -use-ld=lld -lcurl \
        "${SOURCES[@]/#/$ROOT/}" "$ROOT/Fuzz/FuzzTargets.swift" -o "$ROOT/$OUT.tmp"
)
mv -f "$OUT.tmp" "$OUT"
echo "fuzz build: $OUT built in $(( $(date +%s) - start )) s"
