#!/usr/bin/env bash
# run_tests.sh [BUILD_DIR] - the PHP binding's tests against the stand-in Base44 API.
# From the repo root: Tests/StandIn/with-standin.sh bindings/php/run_tests.sh build
# (run without the stand-in variables, it starts the stand-in itself). Needs PHP 8.2+ with FFI.
# Extra arguments after BUILD_DIR filter tests by name. Builds nothing.
set -u

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)

if [ -z "${B44SSO_TEST_URL:-}" ]; then
    exec "$root/Tests/StandIn/with-standin.sh" "${BASH_SOURCE[0]}" "$@"
fi

build=$(cd -- "${1:-$root/build}" 2>/dev/null && pwd) || { echo "no build directory: ${1:-}" >&2; exit 2; }
shift $(( $# > 0 ? 1 : 0 ))
export B44SSO_LIBRARY="$build/lib/libb44sso.so"
export B44SSO_HEADER="$root/include/b44sso.h"
[ -e "$B44SSO_LIBRARY" ] || { echo "no library at $B44SSO_LIBRARY: run make first" >&2; exit 2; }

# ffi.enable=1: FFI outside preloading; exception_ignore_args=0: stack traces keep their
# arguments, so the tests can check #[\SensitiveParameter] hides the secrets in them.
exec timeout 110 "${PHP:-php}" -d ffi.enable=1 -d zend.exception_ignore_args=0 -d zend.assertions=1 \
    -d display_errors=stderr -d error_reporting=-1 "$here/tests/run.php" "$@"
