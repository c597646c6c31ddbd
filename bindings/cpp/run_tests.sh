#!/usr/bin/env bash
# bindings/cpp/run_tests.sh BUILD_DIR
# Builds the C++ wrapper's tests into BUILD_DIR/cpp and runs them against the stand-in
# (run it as: Tests/StandIn/with-standin.sh bindings/cpp/run_tests.sh build).
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
build=$(cd -- "${1:-$root/build}" && pwd)
out="$build/cpp"
mkdir -p "$out/obj"

CXX=${CXX:-g++}
cxxflags=(-std=c++17 -Wall -Wextra -Werror -Wpedantic -pthread -I"$here/include" -I"$build/include")
ldflags=(-L"$build/lib" -lb44sso -Wl,-rpath,"$build/lib")

# Compile the test files in parallel: together they take a while with <regex>.
pids=()
objects=()
for source in "$here"/tests/*.cpp; do
    object="$out/obj/$(basename "${source%.cpp}").o"
    objects+=("$object")
    "$CXX" "${cxxflags[@]}" -c "$source" -o "$object" & pids+=($!)
done
"$CXX" "${cxxflags[@]}" -fno-exceptions "$here/tests/nothrow/test_nothrow.cpp" "${ldflags[@]}" \
    -o "$out/b44sso_cpp_nothrow_tests" & pids+=($!)
"$CXX" "${cxxflags[@]}" "$here/examples/fetch_token.cpp" "${ldflags[@]}" -o "$out/fetch_token" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
"$CXX" "${cxxflags[@]}" "${objects[@]}" "${ldflags[@]}" -o "$out/b44sso_cpp_tests"

# The declaration check parses the source header, the single source of truth.
export B44SSO_HEADER="$root/include/b44sso.h"

status=0
"$out/b44sso_cpp_tests" || status=1
"$out/b44sso_cpp_nothrow_tests" || status=1

# The README's example, run the way a user would.
example=$(BASE44_APP_ID="$B44SSO_TEST_APP_ID" BASE44_SERVICE_TOKEN="$B44SSO_TEST_SERVICE_TOKEN" \
          BASE44_API_URL="$B44SSO_TEST_URL" "$out/fetch_token" example-user) || status=1
if [ "$example" = "at-example-user" ]; then
    echo "ok   examples/fetch_token"
else
    echo "FAIL examples/fetch_token printed '$example'"
    status=1
fi
exit "$status"
