#!/bin/sh
# The README's test command: installs what is missing, builds, runs every suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j2 all
make test
