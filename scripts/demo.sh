#!/bin/sh
# The README's main-job command. Until the ML pipeline lands (issue: ML compiler),
# the main job is the core benchmark: it builds and measures the BN254/Keccak core.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make bench
