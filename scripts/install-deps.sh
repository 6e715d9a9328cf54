#!/bin/sh
# Installs the Debian packages zkinfer needs, only those missing (apt-get,
# non-interactive). Used by the README's two commands; safe to run repeatedly.
set -eu
PKGS="make gcc libc6-dev libgmp-dev libssl-dev libjson-c-dev libprotobuf-c-dev protobuf-c-compiler
libsecp256k1-dev"
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
