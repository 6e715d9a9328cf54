#!/bin/sh
# The README's main-job command: the MNIST example end to end on a fresh machine.
# Installs what is missing, builds, then: settings, the layout optimizer, compile, a development SRS (INSECURE:
# a demo), setup, prove one held-out digit, and verify the proof three ways: the full
# C verifier, the light C verifier, and the generated Solidity verifier in an EVM.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j2 all >/dev/null
Z=build/zkinfer
M=examples/mnist
D=build/demo
mkdir -p "$D"
step() { printf '\n== %s\n' "$1"; }

step "1. settings, layout and compile ($M/model.onnx: conv-relu-maxpool x2, dense -> 10 logits)"
$Z gen-settings -M "$M/model.onnx" -o "$D/settings.json"
# the width (multiply-accumulates per row) with the least estimated prove time on this machine
$Z optimize -M "$M/model.onnx" -S "$D/settings.json"
$Z compile -M "$M/model.onnx" -S "$D/settings.json" -o "$D/model.zkc"
logrows=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$D/settings.json")

step "2. SRS: development SRS with 2^$((logrows + 1)) powers (INSECURE; use --ptau for real deployments)"
[ -f "$D/srs.bin" ] || $Z srs --dev --logrows $((logrows + 1)) -o "$D/srs.bin"

step "3. setup: proving and verifying keys"
$Z setup -C "$D/model.zkc" --srs "$D/srs.bin" --pk "$D/pk.bin" --vk "$D/vk.bin"

step "4. prove: one held-out digit ($M/input.json, label 7), input private, logits public"
$Z prove -C "$D/model.zkc" --pk "$D/pk.bin" -D "$M/input.json" -o "$D/proof.json"

step "5. verify with the full C verifier"
$Z verify --vk "$D/vk.bin" --proof "$D/proof.json"

step "6. verify with the light C verifier (no heap, no dependencies)"
build/verifier/zkv-verify "$D/vk.bin" "$D/proof.bin" "$D/proof.public.bin"

step "7. verify in an EVM: generated Solidity verifier, compiled by solc, run in @ethereumjs/evm (Prague)"
E="$D/evm"
mkdir -p "$E"
cp "$D/vk.bin" "$E/vk.bin"
cp "$D/proof.bin" "$E/proof.bin"
cp "$D/proof.public.bin" "$E/public.bin"
$Z create-evm-verifier --vk "$E/vk.bin" -o "$E/Verifier.sol"
$Z encode-calldata --proof "$E/proof.bin" --public "$E/public.bin" --vk "$E/vk.bin" -o "$E/calldata.hex" --json "$E/args.json"
node tests/evm/evm.mjs gas "$E" | tee "$E/gas.json"
grep -q '"accepted": *true' "$E/gas.json" || { echo "the EVM rejected the proof" >&2; exit 1; }

printf '\nproof: %s bytes; artifacts in %s\n' "$(wc -c <"$D/proof.bin")" "$D"
