#!/bin/sh
# Installs the Debian packages zkinfer needs, only those missing (apt-get,
# non-interactive). Used by the README's two commands; safe to run repeatedly.
set -eu
PKGS="make gcc libc6-dev libgmp-dev libssl-dev libjson-c-dev libprotobuf-c-dev protobuf-c-compiler
libsecp256k1-dev libonnx-dev"
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
