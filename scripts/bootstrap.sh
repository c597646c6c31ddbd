#!/usr/bin/env bash
# Installs what b44sso's build and tests need on Debian when it is missing, then runs `make TARGET...`.
# usage: scripts/bootstrap.sh demo | test | all ...
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and C tests, then one runtime per binding (Go, Ruby with ffi, PHP with FFI, LuaJIT).
apt_packages=(make gcc g++ pkg-config curl openssl python3 python3-venv libcurl4-openssl-dev
              golang-go ruby ruby-ffi php-cli luajit valgrind)
pip_packages=(pytest)

missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Rust: the toolchain on PATH if there is one, else Debian's.
command -v cargo >/dev/null || missing+=(cargo)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for package in "${pip_packages[@]}"; do
    python3 -c "import $package" 2>/dev/null || python3 -m pip install -q "$package"
done

if ! command -v swift >/dev/null; then
    echo "error: the Swift toolchain (6.0 or newer) is needed to build b44sso; put 'swift' on PATH" >&2
    exit 1
fi

exec make "$@"
