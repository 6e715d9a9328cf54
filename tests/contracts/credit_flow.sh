#!/bin/sh
# Builds the credit model's generated verifier and a proof into DIR for the gate tests:
# settings, compile, INSECURE dev SRS, setup, prove examples/credit-score/input.json,
# create-evm-verifier. Usage: sh tests/contracts/credit_flow.sh ZKINFER DIR VISIBILITY [SCALE]
# VISIBILITY is the input visibility: `hashed` gives the gate's layout [input hash, score]
# (`public`, [12 quantized features, score], still runs: the gate then treats the first
# feature as the "hash"). SCALE (optional) compiles the model at another fixed-point scale:
# another circuit, another VK — the tests' "different model".
ZK=$1 D=$2 VIS=$3 SCALE=${4:+--scale $4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
M="$ROOT/examples/credit-score"
mkdir -p "$D" || exit 1
"$ZK" gen-settings -M "$M/model.onnx" --input-visibility "$VIS" $SCALE -o "$D/settings.json" >"$D/log" 2>&1 &&
    "$ZK" compile -M "$M/model.onnx" -S "$D/settings.json" -o "$D/model.zkc" >>"$D/log" 2>&1 &&
    lr=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$D/settings.json") &&
    "$ZK" srs --dev --logrows $((lr + 1)) -o "$D/srs.bin" >>"$D/log" 2>&1 &&
    "$ZK" setup -C "$D/model.zkc" --srs "$D/srs.bin" --pk "$D/pk.bin" --vk "$D/vk.bin" >>"$D/log" 2>&1 &&
    "$ZK" prove -C "$D/model.zkc" --pk "$D/pk.bin" -D "$M/input.json" -o "$D/proof.json" --quiet >>"$D/log" 2>&1 &&
    "$ZK" create-evm-verifier --vk "$D/vk.bin" -o "$D/Verifier.sol" >>"$D/log" 2>&1 || {
    echo "credit model flow ($VIS input) failed:"
    tail -5 "$D/log"
    exit 1
}
