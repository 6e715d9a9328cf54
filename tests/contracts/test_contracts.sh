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
# zkinfer attest refuses bad input with one line and the CLI's exit code (README "Exit
# codes"): 3 a bad value, 2 usage, 5 missing file, 6 empty or not JSON, 7 another artifact
cli() { # NAME WANT-EXIT PATTERN CMD...
    name=$1 want=$2 pat=$3
    shift 3
    "$@" >"$T/o" 2>&1
    got=$?
    if [ "$got" -eq "$want" ] && grep -Eq -e "$pat" "$T/o"; then
        pass=$((pass + 1)); echo "  ok   $name"
    else
        fail=$((fail + 1)); echo "  FAIL $name: exit $got (want $want)"; head -3 "$T/o" | sed 's/^/       /'
    fi
}
M="$ROOT/examples/credit-score"
mkdir -p "$T/pub"
"$ZK" gen-settings -M "$M/model.onnx" --input-visibility public -o "$T/pub/settings.json" >/dev/null 2>&1
"$ZK" compile -M "$M/model.onnx" -S "$T/pub/settings.json" -o "$T/pub/model.zkc" >/dev/null 2>&1
cli input_hash_refuses_public_model 3 "input is not hashed" "$ZK" attest input-hash -C "$T/pub/model.zkc" -D "$M/input.json"
if [ -f "$T/credit/model.zkc" ]; then
    printf '{"input_data": [[0.5, 0.5]]}\n' >"$T/two.json"
    cli input_hash_refuses_wrong_input_count 3 "input has 2 values, the model takes 12" "$ZK" attest input-hash -C "$T/credit/model.zkc" -D "$T/two.json"
    cli input_hash_missing_input_file 5 "cannot open" "$ZK" attest input-hash -C "$T/credit/model.zkc" -D "$T/nope.json"
fi
cli input_hash_missing_option_is_usage 2 "missing -D" "$ZK" attest input-hash -C "$T/pub/model.zkc"
cli input_hash_missing_model_file 5 "cannot open" "$ZK" attest input-hash -C "$T/nope.zkc" -D "$M/input.json"
cli input_hash_onnx_as_model_is_wrong_kind 7 "not a compiled model" "$ZK" attest input-hash -C "$M/model.onnx" -D "$M/input.json"
A1=0x0000000000000000000000000000000000000001
: >"$T/empty.json"
printf '{' >"$T/cut.json"
cli attest_verify_missing_file 5 "nope.json: cannot open" "$ZK" attest verify --att "$T/nope.json" --signer $A1
cli attest_verify_empty_file 6 "empty.json: empty" "$ZK" attest verify --att "$T/empty.json" --signer $A1
cli attest_verify_truncated_json 6 "cut.json: not a JSON object" "$ZK" attest verify --att "$T/cut.json" --signer $A1
cli attest_verify_settings_as_attestation 7 "settings.json: is a settings file" "$ZK" attest verify --att "$T/pub/settings.json" --signer $A1
cli attest_verify_bad_signer_is_a_bad_value 3 "not an address" "$ZK" attest verify --att "$T/cut.json" --signer 0x00
cli attest_sign_missing_key 5 "nope.json: cannot open" "$ZK" attest sign --key "$T/nope.json" --chain-id 1 --contract $A1 --borrower $A1 --input-hash 0x0000000000000000000000000000000000000000000000000000000000000000 --vk-digest 0x0000000000000000000000000000000000000000000000000000000000000000 --nonce 1 --expiry 1 -o "$T/att.json"
cli attest_calldata_settings_as_inputs 7 "is a settings file" "$ZK" attest calldata --proof "$T/pub/settings.json" --att "$T/pub/settings.json"
echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
