#!/bin/sh
# Features -> approved credit line, end to end on this machine:
#   1. the model flow with hashed input visibility (settings, compile, dev SRS, setup,
#      prove input.json): public inputs [Poseidon hash of the quantized features, score];
#   2. the Solidity verifier for the VK;
#   3. the data provider's key (zkinfer attest keygen) and its hash of the features it saw
#      (zkinfer attest input-hash, equal to the proof's first public input);
#   4. chain.mjs: deploys the verifier and contracts/CreditGate.sol in a local EVM, the
#      provider signs the attestation (zkinfer attest sign), the borrower sends
#      requestCredit with the calldata zkinfer printed (zkinfer attest calldata), the gate
#      emits CreditApproved.
# Usage: sh examples/credit-score/run.sh [OUT_DIR]   (default build/credit-score;
# ZKINFER=path/to/zkinfer uses another build of the CLI)
# ZKI_CREDIT_VISIBILITY=public runs steps 1-2 with the features public (no attestation).
# The SRS is an INSECURE development SRS; use `zkinfer srs --ptau` for anything real.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
D=${1:-build/credit-score}
M=examples/credit-score
Z=${ZKINFER:-build/zkinfer}
VIS=${ZKI_CREDIT_VISIBILITY:-hashed}
make -s "$Z"
[ -d node_modules/solc ] && [ -d node_modules/ethers ] || sh scripts/install-deps.sh
rm -rf "$D"
mkdir -p "$D"

echo "== 1. prove: the credit model on private features ($VIS input)"
"$Z" gen-settings -M $M/model.onnx --input-visibility "$VIS" -o "$D/settings.json"
"$Z" compile -M $M/model.onnx -S "$D/settings.json" -o "$D/model.zkc"
lr=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$D/settings.json")
"$Z" srs --dev --logrows $((lr + 1)) -o "$D/srs.bin" 2>/dev/null
"$Z" setup -C "$D/model.zkc" --srs "$D/srs.bin" --pk "$D/pk.bin" --vk "$D/vk.bin"
"$Z" prove -C "$D/model.zkc" --pk "$D/pk.bin" -D $M/input.json -o "$D/proof.json" --quiet
"$Z" verify --vk "$D/vk.bin" --proof "$D/proof.json"

echo "== 2. the Solidity verifier"
"$Z" create-evm-verifier --vk "$D/vk.bin" -o "$D/Verifier.sol"

[ "$VIS" = hashed ] || { echo "(features public: the attestation steps need --input-visibility hashed)"; exit 0; }

echo "== 3. the data provider: its key and its hash of the borrower's features"
"$Z" attest keygen -o "$D/provider.json"
H=$("$Z" attest input-hash -C "$D/model.zkc" -D $M/input.json)
echo "input hash $H"

echo "== 4. attest, submit, approve (local EVM)"
node $M/chain.mjs --zkinfer "$Z" --dir "$D" --key "$D/provider.json" --input-hash "$H" --threshold 6.0
"$Z" attest verify --att "$D/att.json" --signer "$(sed -n 's/.*"address": "\(.*\)".*/\1/p' "$D/provider.json")"
