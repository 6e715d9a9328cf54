#!/bin/sh
# Installs the Debian packages zkinfer needs, only those missing (apt-get,
# non-interactive). Used by the README's two commands; safe to run repeatedly.
set -eu
PKGS="make gcc libc6-dev libgmp-dev libssl-dev libjson-c-dev libprotobuf-c-dev protobuf-c-compiler
libsecp256k1-dev libonnx-dev clang-14 libclang-rt-14-dev"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# ---- Node test tools (added for tests/pcs: snarkjs makes the reference .ptau files) ----
# Installs Debian's nodejs + npm if node is missing, then the exact package versions
# pinned in package-lock.json into ./node_modules with `npm ci`, when node_modules is
# missing or package-lock.json changed since the last install (tracked by a stamp
# holding the lock file's checksum). Used by tests/pcs/make-ptau.sh.
ZKI_ROOT=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "installing: nodejs npm"
    ZKI_SUDO=""
    if [ "$(id -u)" -ne 0 ]; then ZKI_SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $ZKI_SUDO apt-get update -q
    $ZKI_SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
ZKI_LOCK_SUM=$(cksum <"$ZKI_ROOT/package-lock.json")
ZKI_STAMP="$ZKI_ROOT/node_modules/.zkinfer-lock-cksum"
if [ ! -d "$ZKI_ROOT/node_modules" ] || [ ! -f "$ZKI_STAMP" ] || [ "$(cat "$ZKI_STAMP")" != "$ZKI_LOCK_SUM" ]; then
    echo "npm ci (package-lock.json)"
    (cd "$ZKI_ROOT" && npm ci --no-audit --no-fund)
    echo "$ZKI_LOCK_SUM" >"$ZKI_STAMP"
fi

# ---- light verifier (added for verifier/: 32-bit and Cortex-M4 test suites) ----
# armhf cross compiler + qemu-user (32-bit ARM run of the verifier), arm-none-eabi
# (bare-metal Cortex-M4 build) and qemu-system-arm (boots the firmware on mps2-an386).
# gcc-multilib is not installed: Debian's gcc-multilib conflicts with the ARM cross
# compiler; the -m32 case runs only where a 32-bit multilib already exists.
ZKV_MISSING=""
command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1 || ZKV_MISSING="$ZKV_MISSING gcc-arm-linux-gnueabihf libc6-dev-armhf-cross"
command -v qemu-arm >/dev/null 2>&1 || ZKV_MISSING="$ZKV_MISSING qemu-user"
command -v arm-none-eabi-gcc >/dev/null 2>&1 || ZKV_MISSING="$ZKV_MISSING gcc-arm-none-eabi"
command -v qemu-system-arm >/dev/null 2>&1 || ZKV_MISSING="$ZKV_MISSING qemu-system-arm"
command -v valgrind >/dev/null 2>&1 || ZKV_MISSING="$ZKV_MISSING valgrind"
if [ -n "$ZKV_MISSING" ]; then
    echo "installing:$ZKV_MISSING"
    ZKV_SUDO=""
    if [ "$(id -u)" -ne 0 ]; then ZKV_SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $ZKV_SUDO apt-get update -q
    # shellcheck disable=SC2086
    $ZKV_SUDO apt-get install -y -q --no-install-recommends $ZKV_MISSING
fi
