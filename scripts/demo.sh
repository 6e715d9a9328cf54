#!/bin/sh
# The README's main-job command: the MNIST example end to end on a fresh machine.
# Installs what is missing, builds, then: settings, the layout optimizer, compile, a development SRS (INSECURE:
# a demo), setup, prove one held-out digit, and verify the proof three ways: the full
# C verifier, the light C verifier, and the generated Solidity verifier in an EVM.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
make -j2 all zkv >/dev/null
Z=build/zkinfer
M=examples/mnist
D=build/demo
mkdir -p "$D"
step() { printf '\n== %s\n' "$1"; }

step "1. settings, layout and compile ($M/model.onnx: conv-relu-maxpool x2, dense -> 10 logits)"
$Z gen-settings -M "$M/model.onnx" -o "$D/settings.json"
# the layout (width, gadgets, opening scheme) with the least estimated prove time on this
# machine among those whose EVM verifier costs at most 300,000 gas
$Z optimize -M "$M/model.onnx" -S "$D/settings.json" --max-gas 300000
$Z compile -M "$M/model.onnx" -S "$D/settings.json" -o "$D/model.zkc"
# the SRS the keys need (the SHPLONK opening needs more powers than rows), from the estimate
srs_logrows=$($Z estimate -C "$D/model.zkc" --json | sed -n 's/.*"srs_logrows": *\([0-9]*\).*/\1/p')

step "2. SRS: development SRS with 2^$srs_logrows powers (INSECURE; use --ptau for real deployments)"
[ -f "$D/srs-$srs_logrows.bin" ] || $Z srs --dev --logrows "$srs_logrows" -o "$D/srs-$srs_logrows.bin"

step "3. setup: proving and verifying keys"
$Z setup -C "$D/model.zkc" --srs "$D/srs-$srs_logrows.bin" --pk "$D/pk.bin" --vk "$D/vk.bin"

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
