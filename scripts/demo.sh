#!/bin/sh
# The README's main-job command: the MNIST example end to end on a fresh machine.
# Installs what is missing, builds, then: settings, compile, a development SRS (INSECURE:
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

step "1. settings and compile ($M/model.onnx: conv-relu-maxpool x2, dense -> 10 logits)"
$Z gen-settings -M "$M/model.onnx" -o "$D/settings.json"
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

if [ -f codegen/build.mk ] && [ -f tests/evm/run_verifier.js ]; then
    step "7. verify in an EVM: generated Solidity verifier, compiled with solc, run in @ethereumjs/evm"
    $Z create-evm-verifier --vk "$D/vk.bin" -o "$D/Verifier.sol"
    $Z encode-calldata --proof "$D/proof.json" --vk "$D/vk.bin" -o "$D/calldata.hex"
    node tests/evm/run_verifier.js "$D/Verifier.sol" "$D/calldata.hex"
fi

printf '\nproof: %s bytes; artifacts in %s\n' "$(wc -c <"$D/proof.bin")" "$D"
