#!/bin/sh
# make bench: gas of CreditGate.requestCredit's happy path (Prague prices), with the mock
# verifier (the gate's own cost: signature, nonce, checks, storage, event) and with the
# generated verifier of examples/credit-score on a real proof (hashed input; the verifier's
# bytecode size is in the JSON too). Writes build/bench-gate.json.
# Usage: sh tests/contracts/bench_gate.sh [build/zkinfer]
ZK=${1:-build/zkinfer}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
make -s "$ZK" >/dev/null || exit 1
VIS=${ZKI_GATE_VISIBILITY:-hashed}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
node tests/contracts/gate.mjs gas --zkinfer "$ZK" >"$T/mock.json" || { echo "gate bench (mock) failed"; exit 1; }
sh tests/contracts/credit_flow.sh "$ZK" "$T/credit" "$VIS" &&
    node tests/contracts/gate.mjs gas --zkinfer "$ZK" --verifier-dir "$T/credit" >"$T/real.json" || echo "gate bench (generated verifier) failed"
node -e '
const fs = require("fs");
const [mockF, realF, vis, out] = process.argv.slice(1);
const res = { mock: JSON.parse(fs.readFileSync(mockF)) };
if (fs.existsSync(realF) && fs.statSync(realF).size) res["credit_model_" + vis] = JSON.parse(fs.readFileSync(realF));
console.log("\nCreditGate.requestCredit happy path (solc 0.8.37, Prague prices)");
console.log("verifier                   exec gas   calldata gas   tx gas   calldata bytes");
for (const [k, v] of Object.entries(res))
  console.log(k.padEnd(24), String(v.happy_path_execution_gas).padStart(11), String(v.calldata_gas).padStart(14),
    String(v.tx_gas).padStart(8), String(v.calldata_bytes).padStart(16));
fs.mkdirSync("build", { recursive: true });
fs.writeFileSync(out, JSON.stringify(res, null, 1) + "\n");
' "$T/mock.json" "$T/real.json" "$VIS" build/bench-gate.json
