#!/bin/sh
# The README's main-job command. Until the ML pipeline lands, the main job proves and
# verifies the built-in example circuit with the CLI, then runs the benchmarks.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j2 all
mkdir -p build/demo
echo "== development SRS (INSECURE, for the demo only)"
build/zkinfer srs --dev --logrows 13 -o build/demo/srs.bin
echo "== keygen + prove: example circuit, 2^12 rows"
build/zkinfer example --logrows 12 --srs build/demo/srs.bin -o build/demo/example
echo "== verify (full C verifier)"
build/zkinfer verify-raw --vk build/demo/example/vk.bin --proof build/demo/example/proof.bin \
    --public build/demo/example/public.bin
echo "== benchmarks"
make bench
