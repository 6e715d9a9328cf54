#!/bin/sh
# contracts/CreditGate.sol in @ethereumjs/evm (tests/contracts/gate.mjs) and `zkinfer
# attest` against ethers: once with the mock verifier, once with the generated verifier
# of examples/credit-score on a real proof with the hashed input. Usage: sh tests/contracts/test_contracts.sh
# PATH/TO/zkinfer [SUITE-NAME]. Ends with "SUITE: N passed, N failed".
ZK=$1
SUITE=${2:-contracts}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# The credit model's input visibility for the generated-verifier run: hashed, the real flow
# (ZKI_GATE_VISIBILITY=public runs the same cases with the features public). A second
# build of the model at another scale gives the "different model" a real proof and VK.
VIS=${ZKI_GATE_VISIBILITY:-hashed}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
echo "$SUITE: $ZK"
for m in solc @ethereumjs/evm ethers circomlibjs; do
    if ! command -v node >/dev/null 2>&1 || [ ! -d "$ROOT/node_modules/$m" ]; then
        echo "  FAIL node or $m missing: run scripts/install-deps.sh"
        echo "$SUITE: 0 passed, 1 failed"
        exit 1
    fi
done
# a private copy: the shared build/ may be relinked while the suite runs
cp "$ZK" "$T/zkinfer" && ZK="$T/zkinfer"

harness() { # LABEL ARGS...
    label=$1
    shift
    node "$ROOT/tests/contracts/gate.mjs" check --zkinfer "$ZK" "$@" >"$T/h" 2>&1
    grep -v '^CASES' "$T/h" | sed "s/^  \(ok  \|FAIL\) /  \1 $label: /"
    line=$(grep '^CASES' "$T/h")
    if [ -z "$line" ]; then
        echo "  FAIL $label: harness did not finish"; tail -5 "$T/h" | sed 's/^/       /'
        fail=$((fail + 1)); return
    fi
    pass=$((pass + $(echo "$line" | cut -d' ' -f2)))
    fail=$((fail + $(echo "$line" | cut -d' ' -f3)))
}

harness mock
if sh "$ROOT/tests/contracts/credit_flow.sh" "$ZK" "$T/credit" "$VIS" &&
    sh "$ROOT/tests/contracts/credit_flow.sh" "$ZK" "$T/other" "$VIS" 8; then
    pass=$((pass + 1))
    echo "  ok   credit_model_flow_$VIS"
    harness "generated_$VIS" --verifier-dir "$T/credit" --other-dir "$T/other"
else
    fail=$((fail + 1))
    echo "  FAIL credit_model_flow_$VIS"
fi
echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
