#!/bin/sh
# EVM gas benchmark (make bench): for the example circuit at several sizes (and its
# variant 2, late advice columns and challenges, at 2^8; and the SHPLONK opening,
# zkinfer-plonk-v3, at 2^4 and 2^8) and the
# proof-system benchmark circuit (2^16 rows, 16 advice columns, 2 lookups; as in
# bench/bench_plonk.c), the execution gas of verifyProof, the calldata gas, the whole
# transaction's gas (Prague: 21000 + max(calldata + execution, EIP-7623 floor)), the
# deployed bytecode size, and for each a per-phase breakdown measured by step tracing a
# debug build (create-evm-verifier --debug-phases) in @ethereumjs/evm. The example models
# run with default settings, the credit model once more with its input hashed, and MNIST
# (width 4; also with Freivalds and packs of 8) and the credit model with the SHPLONK
# opening (packs of all).
# Usage: sh tests/evm/bench_evm.sh [build/zkinfer]   (writes build/bench-evm.json)
ZK=${1:-build/zkinfer}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
make -s "$ZK" build/tests/evm-bench-circuit >/dev/null || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
one() { # NAME DIR
    "$ZK" create-evm-verifier --vk "$2/vk.bin" -o "$2/Verifier.sol" &&
        "$ZK" create-evm-verifier --vk "$2/vk.bin" --debug-phases -o "$2/Debug.sol" &&
        "$ZK" encode-calldata --proof "$2/proof.bin" --public "$2/public.bin" --vk "$2/vk.bin" -o "$2/calldata.hex" &&
        node tests/evm/evm.mjs gas "$2" --debug-sol "$2/Debug.sol" >"$T/$1.json" || { echo "evm bench $1 failed"; return 1; }
}
for k in 4 8 12; do
    "$ZK" example --logrows $k -o "$T/example-k$k" >/dev/null 2>&1 && one "example_2e$k" "$T/example-k$k"
done
# variant 2 (late advice columns, two challenges) next to variant 0 at the same size
"$ZK" example --logrows 8 --variant 2 -o "$T/example-v2-k8" >/dev/null 2>&1 && one "example_v2_2e8" "$T/example-v2-k8"
# the SHPLONK opening (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7) with packs of all, next to
# GWC at the same sizes
for k in 4 8; do
    "$ZK" example --logrows $k --shplonk 256 -o "$T/example-v3-k$k" >/dev/null 2>&1 && one "example_v3_2e$k" "$T/example-v3-k$k"
done
# the example models through the model flow (settings, compile, dev SRS, setup, prove)
model() { # NAME MODEL.onnx [GEN-SETTINGS OPTIONS...]
    mname=$1 m=$2
    shift 2
    D="$T/model-$mname"
    mkdir -p "$D"
    echo "building the $mname model's proof ..."
    if "$ZK" gen-settings -M "$m" "$@" -o "$D/settings.json" >/dev/null &&
        "$ZK" compile -M "$m" -S "$D/settings.json" -o "$D/model.zkc" >/dev/null &&
        lr=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$D/settings.json") &&
        need=$("$ZK" estimate -C "$D/model.zkc" --json | sed -n 's/.*"srs_logrows": *\([0-9]*\).*/\1/p') &&
        "$ZK" srs --dev --logrows "${need:-$((lr + 1))}" -o "$D/srs.bin" >/dev/null 2>&1 &&
        "$ZK" setup -C "$D/model.zkc" --srs "$D/srs.bin" --pk "$D/pk.bin" --vk "$D/vk.bin" >/dev/null 2>&1 &&
        "$ZK" prove -C "$D/model.zkc" --pk "$D/pk.bin" -D "$(dirname "$m")/input.json" -o "$D/proof.json" --quiet >/dev/null 2>&1; then
        cp "$D/proof.public.bin" "$D/public.bin"
        one "model_$mname" "$D"
    else
        echo "evm bench: the $mname model flow failed"
    fi
}
for m in examples/*/model.onnx; do
    [ -f "$m" ] && [ -f "$(dirname "$m")/input.json" ] || continue
    model "$(basename "$(dirname "$m")")" "$m"
done
# the credit model as the credit flow proves it: hashed input (Poseidon in the circuit)
model credit-hashed examples/credit-score/model.onnx --input-visibility hashed
# the gas target of the SHPLONK opening: MNIST at width 4 with packs of all (SRS of
# max(t_max, D − 1)·n + 1 powers, t_max over preprocessed and witness packs: estimate
# names its size), with Freivalds-checked convolutions (2^15 rows) and packs of 8 or all,
# and the credit model with packs of all
model mnist-w4-v3 examples/mnist/model.onnx --width 4 --shplonk 256
model mnist-w4-frei-v3p8 examples/mnist/model.onnx --width 4 --freivalds on --shplonk 8
model mnist-w4-frei-v3 examples/mnist/model.onnx --width 4 --freivalds on --shplonk 256
model credit-v3 examples/credit-score/model.onnx --shplonk 256
mkdir -p "$T/plonk-2e16"
echo "building the 2^16 x 16 benchmark proof (keygen + prove, dev SRS) ..."
build/tests/evm-bench-circuit 16 "$T/plonk-2e16" && one plonk_2e16x16 "$T/plonk-2e16"
node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1], out = {};
console.log("\nEVM verifier (solc " + "0.8.37, optimizer runs 1e6, Prague prices)");
console.log("circuit            exec gas   calldata gas   tx gas   bytecode   ecMul  floor (113k + 6k/ecMul)  over floor");
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const d = JSON.parse(fs.readFileSync(path.join(dir, f))), name = f.slice(0, -5);
  const muls = d.phases.reduce((a, p) => a + ((p.precompiles["0x07"] || {}).calls || 0), 0);
  const floor = 113000 + 6000 * muls;
  d.ecmul_calls = muls; d.floor_gas = floor; out[name] = d;
  console.log(name.padEnd(18), String(d.execution_gas).padStart(9), String(d.calldata_gas).padStart(14),
    String(d.tx_gas).padStart(8), String(d.bytecode_bytes).padStart(10), String(muls).padStart(6),
    String(floor).padStart(24), ("+" + (d.execution_gas - floor) + " (" + ((d.execution_gas / floor - 1) * 100).toFixed(1) + "%)").padStart(18),
    d.accepted ? "" : "  NOT ACCEPTED");
}
for (const [name, d] of Object.entries(out)) {
  console.log("\nper-phase gas, " + name + " (debug build; markers excluded):");
  for (const p of d.phases) {
    const pc = Object.entries(p.precompiles).map(([a, v]) => a + " x" + v.calls + " = " + v.gas).join(", ");
    console.log("  " + p.name.padEnd(30) + String(p.gas).padStart(8) + (pc ? "   precompiles: " + pc : ""));
  }
}
fs.writeFileSync("build/bench-evm.json", JSON.stringify(out, null, 1) + "\n");
' "$T"
