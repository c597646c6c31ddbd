#!/usr/bin/env bash
# bindings/ruby/run_tests.sh BUILD_DIR
# Runs the minitest suite against libb44sso in BUILD_DIR/lib. Run from the
# repository root under Tests/StandIn/with-standin.sh (the tests need
# B44SSO_TEST_URL and friends). Nothing is built: the gem is plain Ruby.
set -euo pipefail

build_dir=${1:?usage: $0 BUILD_DIR}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
build_dir=$(cd -- "$build_dir" && pwd)

export B44SSO_LIBRARY="$build_dir/lib/libb44sso.so"
if [ ! -e "$B44SSO_LIBRARY" ]; then
    echo "run_tests.sh: $B44SSO_LIBRARY is missing (run make first)" >&2
    exit 1
fi
# The declaration test reads the header of this checkout.
export B44SSO_HEADER="${B44SSO_HEADER:-$here/../../include/b44sso.h}"

cd "$here"
# One process for every test file: minitest prints one summary line for all.
exec ruby -w -Ilib -Itest -e 'ARGV.each { |file| require File.expand_path(file) }' test/test_*.rb
