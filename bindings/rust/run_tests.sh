#!/usr/bin/env bash
# bindings/rust/run_tests.sh BUILD_DIR
# Builds the crate into BUILD_DIR/rust and runs `cargo test` against libb44sso in
# BUILD_DIR/lib. Run from the repository root under Tests/StandIn/with-standin.sh
# (the tests need B44SSO_TEST_URL and friends).
set -euo pipefail

build_dir=${1:?usage: $0 BUILD_DIR}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
build_dir=$(cd -- "$build_dir" && pwd)

if [ ! -e "$build_dir/lib/libb44sso.so" ]; then
    echo "run_tests.sh: $build_dir/lib/libb44sso.so is missing (run make first)" >&2
    exit 1
fi

# build.rs links against this directory and writes it as an rpath into the tests.
export B44SSO_LIB_DIR="$build_dir/lib"
export CARGO_TARGET_DIR="$build_dir/rust/target"
# The declaration test reads the header of this checkout.
export B44SSO_HEADER="${B44SSO_HEADER:-$here/../../include/b44sso.h}"

# No dependencies: cargo never needs the network.
exec cargo test --offline --locked --no-fail-fast --manifest-path "$here/Cargo.toml" "${@:2}"
