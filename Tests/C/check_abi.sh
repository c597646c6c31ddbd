#!/usr/bin/env bash
# check_abi.sh BUILD_DIR - ABI checks of a built libb44sso.
#
# Checks, each printing "ok - ..." or "FAIL - ...":
#   - BUILD_DIR/include/b44sso.h compiles alone as C99 and as C++11 (-Wall -Wextra -pedantic
#     -Werror), included once and twice;
#   - the dynamic symbols defined by BUILD_DIR/lib/libb44sso.so are exactly the functions the
#     header declares with B44_EXPORT, all prefixed b44_;
#   - SONAME is libb44sso.so.0 (and that file exists next to libb44sso.so);
#   - ldd shows no Swift runtime, Foundation, libdispatch or BlocksRuntime, and nothing missing;
#   - the library loads with dlopen from a program run with a clean environment (env -i), and
#     b44_version() equals the header's B44SSO_VERSION_STRING.
# Ends with "N passed, N failed" (counting checks); exits 1 when any check failed.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
BUILD_DIR=$(cd "$1" 2>/dev/null && pwd) || { echo "no such directory: $1" >&2; exit 2; }
HEADER="$BUILD_DIR/include/b44sso.h"
LIB="$BUILD_DIR/lib/libb44sso.so"
CC=${CC:-cc}
CXX=${CXX:-c++}

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...  (the command's output is shown on failure)
  local desc=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$desc"; else fail "$desc"; [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'; fi
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/b44abi.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

check "header exists: $HEADER" test -f "$HEADER"
check "library exists: $LIB" test -e "$LIB"

# ---- The header compiles alone ---------------------------------------------------------------
printf '#include "b44sso.h"\n' >"$TMP/once.c"
printf '#include "b44sso.h"\n#include "b44sso.h"\n' >"$TMP/twice.c"
cp "$TMP/once.c" "$TMP/once.cpp"
cp "$TMP/twice.c" "$TMP/twice.cpp"
FLAGS="-Wall -Wextra -pedantic -Werror"
check "header compiles as C99" "$CC" -std=c99 $FLAGS -I"$BUILD_DIR/include" -c "$TMP/once.c" -o "$TMP/once_c.o"
check "header included twice compiles as C99" "$CC" -std=c99 $FLAGS -I"$BUILD_DIR/include" -c "$TMP/twice.c" -o "$TMP/twice_c.o"
check "header compiles as C++11" "$CXX" -std=c++11 $FLAGS -I"$BUILD_DIR/include" -c "$TMP/once.cpp" -o "$TMP/once_cpp.o"
check "header included twice compiles as C++11" "$CXX" -std=c++11 $FLAGS -I"$BUILD_DIR/include" -c "$TMP/twice.cpp" -o "$TMP/twice_cpp.o"

# ---- Exported symbols == declared functions ---------------------------------------------------
# Names declared with B44_EXPORT (comments and preprocessor lines removed first).
perl -0777 -ne '
  s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g; s{^[ \t]*#[^\n]*(?:\\\n[^\n]*)*}{}mg;
  while (/\bB44_EXPORT\b[^;{]*?\b([A-Za-z_]\w*)\s*\(/g) { print "$1\n" }
' "$HEADER" 2>/dev/null | sort -u >"$TMP/declared"
# Exported = defined dynamic symbols with global or weak binding: nm types in upper case, or
# u/v/w/i. Lower-case others are LOCAL entries of .dynsym, which no one can link against.
# Version-node symbols (type A, e.g. LIBB44SSO_0) are not functions. Strip @VERSION.
EXPORTED_AWK='NF >= 3 && $2 != "A" && ($2 ~ /^[A-Z]$/ || $2 ~ /^[uvwi]$/)'
nm -D --defined-only "$LIB" 2>/dev/null | awk "$EXPORTED_AWK"' { print $3 }' | sed 's/@.*//' | sort -u >"$TMP/exported"

ndeclared=$(wc -l <"$TMP/declared")
check "header declares exported functions ($ndeclared found)" test "$ndeclared" -gt 0
if [ -s "$TMP/exported" ] && diff -u "$TMP/declared" "$TMP/exported" >"$TMP/symdiff"; then
  ok "exported dynamic symbols are exactly the $ndeclared declared functions"
else
  fail "exported dynamic symbols differ from the declared functions (- declared only, + exported only)"
  sed 's/^/    /' "$TMP/symdiff"
fi
if [ -s "$TMP/exported" ] && ! grep -v '^b44_' "$TMP/exported" >"$TMP/unprefixed"; then
  ok "every exported symbol starts with b44_"
else
  fail "exported symbols without the b44_ prefix (or none exported):"
  sed 's/^/    /' "$TMP/unprefixed"
fi
if ! grep -v '^b44_' "$TMP/declared" >"$TMP/unprefixed_decl"; then
  ok "every declared function starts with b44_"
else
  fail "declared functions without the b44_ prefix:"
  sed 's/^/    /' "$TMP/unprefixed_decl"
fi
# Every exported name is a function (a text symbol).
if nm -D --defined-only "$LIB" 2>/dev/null | awk "$EXPORTED_AWK"' && $2 != "T" && $2 != "W" && $2 != "i" { bad = 1; print } END { exit bad }' >"$TMP/nonfunc"; then
  ok "every exported symbol is a function"
else
  fail "exported symbols that are not functions:"
  sed 's/^/    /' "$TMP/nonfunc"
fi

# ---- SONAME ---------------------------------------------------------------------------------
soname=$(readelf -d "$LIB" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" = "libb44sso.so.0" ]; then ok "SONAME is libb44sso.so.0"; else fail "SONAME is '$soname', want libb44sso.so.0"; fi
check "libb44sso.so.0 exists next to libb44sso.so" test -e "$BUILD_DIR/lib/libb44sso.so.0"

# ---- Dependencies -----------------------------------------------------------------------------
if ldd "$LIB" >"$TMP/ldd" 2>&1; then
  ok "ldd runs on the library"
else
  fail "ldd failed on the library"
  sed 's/^/    /' "$TMP/ldd"
fi
if grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime' "$TMP/ldd" >"$TMP/ldd_bad"; then
  fail "the library depends on the Swift runtime, Foundation, libdispatch or BlocksRuntime:"
  sed 's/^/    /' "$TMP/ldd_bad"
else
  ok "no libswift*/libFoundation*/libdispatch/libBlocksRuntime in ldd"
fi
if grep 'not found' "$TMP/ldd" >"$TMP/ldd_missing"; then
  fail "ldd reports missing libraries:"
  sed 's/^/    /' "$TMP/ldd_missing"
else
  ok "ldd reports no missing library"
fi

# ---- dlopen with a clean environment ----------------------------------------------------------
cat >"$TMP/load.c" <<'EOF'
#include "b44sso.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
  const char *(*version)(void);
  const char *(*code_name)(b44_code);
  version = (const char *(*)(void))dlsym(h, "b44_version");
  code_name = (const char *(*)(b44_code))dlsym(h, "b44_code_name");
  if (!version || !code_name) { fprintf(stderr, "dlsym failed\n"); return 1; }
  const char *v = version();
  if (!v || strcmp(v, B44SSO_VERSION_STRING) != 0) {
    fprintf(stderr, "b44_version() = %s, header says %s\n", v ? v : "(null)", B44SSO_VERSION_STRING);
    return 1;
  }
  if (strcmp(code_name(B44_ERR_TIMEOUT), "B44_ERR_TIMEOUT") != 0) {
    fprintf(stderr, "b44_code_name(B44_ERR_TIMEOUT) = %s\n", code_name(B44_ERR_TIMEOUT));
    return 1;
  }
  printf("%s\n", v);
  return 0;
}
EOF
if "$CC" -std=c99 -Wall -Wextra -Werror -I"$BUILD_DIR/include" "$TMP/load.c" -o "$TMP/load" -ldl >"$TMP/load_cc" 2>&1; then
  ok "dlopen test program compiles"
  check "library loads with dlopen under env -i; b44_version() equals B44SSO_VERSION_STRING" \
    env -i "$TMP/load" "$LIB"
else
  fail "dlopen test program compiles"
  sed 's/^/    /' "$TMP/load_cc"
  fail "library loads with dlopen under env -i (not run)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
