#!/bin/sh
# The differential fuzzer's driver (fuzz/diff.mjs): valid proofs of small circuits,
# randomly mutated, through the full C verifier, the light verifier and the EVM verifier.
# Usage: sh fuzz/diff.sh PATH/TO/zkinfer CASES SEED [SUITE-NAME]
# Circuits: the example at 2^4 rows (three witnesses, one VK), at 2^5 rows variant 1
# and variant 2 (late advice columns and challenges; two witnesses each), and a small model (tests/onnx/models/mlp.onnx with public input and
# output: 2 witnesses). Failing cases are kept in build/fuzz/diff-failures/.
# Ends with "SUITE: N passed, N failed" (default SUITE fuzz-diff).
ZK=$1
CASES=$2
SEED=$3
SUITE=${4:-fuzz-diff}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIGHT=$ROOT/build/verifier/zkv-verify
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}
step() { # NAME command...: one setup step, counted only when it fails
    name=$1
    shift
    if ! "$@" >"$T/out" 2>&1; then
        echo "  FAIL $name"; sed 's/^/       /' "$T/out" | tail -5
        fail=$((fail + 1))
        finish
    fi
}

echo "$SUITE: $CASES mutations, seed $SEED"
if ! command -v node >/dev/null 2>&1 || [ ! -d "$ROOT/node_modules/solc" ] || [ ! -d "$ROOT/node_modules/@ethereumjs/evm" ]; then
    echo "  FAIL node, solc or @ethereumjs/evm missing: run scripts/install-deps.sh"
    fail=1
    finish
fi
[ -x "$LIGHT" ] || { echo "  FAIL $LIGHT missing (make build/verifier/zkv-verify)"; fail=1; finish; }
# private copies: the shared build/ may be relinked while this runs
cp "$ZK" "$T/zkinfer" && ZK="$T/zkinfer"
cp "$LIGHT" "$T/zkv-verify" && LIGHT="$T/zkv-verify"

# circuit DIR K VARIANT SEEDS...: the example's VK, contract and one proof per witness seed
example() {
    d=$T/$1 k=$2 v=$3
    shift 3
    mkdir -p "$d"
    i=0
    for s in "$@"; do
        step "example_k${k}_v${v}_seed$s" "$ZK" example --logrows "$k" --variant "$v" --seed "$s" -o "$d/w$i"
        cp "$d/w$i/proof.bin" "$d/proof-$i.bin"
        cp "$d/w$i/public.bin" "$d/public-$i.bin"
        i=$((i + 1))
    done
    cp "$d/w0/vk.bin" "$d/vk.bin"
    step "example_k${k}_v${v}_contract" "$ZK" create-evm-verifier --vk "$d/vk.bin" -o "$d/Verifier.sol"
}
example ex4 4 0 11 12 13
example ex5 5 1 21 22
example ex5l 5 2 31 32

# a model with public inputs and outputs: two inputs, one key
M=$ROOT/tests/onnx/models
d=$T/mlp
mkdir -p "$d"
step mlp_settings "$ZK" gen-settings -M "$M/mlp.onnx" -o "$d/settings.json" --scale 3 --act-bits 6 --width 8 --input-visibility public
step mlp_compile "$ZK" compile -M "$M/mlp.onnx" -S "$d/settings.json" -o "$d/model.zkc"
lr=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$d/settings.json")
step mlp_srs "$ZK" srs --dev --logrows $((lr + 1)) -o "$d/srs.bin"
step mlp_setup "$ZK" setup -C "$d/model.zkc" --srs "$d/srs.bin" --pk "$d/pk.bin" --vk "$d/vk.bin" --quiet
cp "$M/mlp.input.json" "$d/in0.json"
sed -E 's/([0-9])([],])/\15\2/g' "$M/mlp.input.json" >"$d/in1.json" # other digits, same shape
for i in 0 1; do
    step "mlp_prove_$i" "$ZK" prove -C "$d/model.zkc" --pk "$d/pk.bin" -D "$d/in$i.json" -o "$d/p$i.json" --quiet
    cp "$d/p$i.bin" "$d/proof-$i.bin"
    cp "$d/p$i.public.bin" "$d/public-$i.bin"
done
step mlp_contract "$ZK" create-evm-verifier --vk "$d/vk.bin" -o "$d/Verifier.sol"

mkdir -p "$ROOT/build/fuzz/diff-failures"
node "$ROOT/fuzz/diff.mjs" --zkinfer "$ZK" --light "$LIGHT" --cases "$CASES" --seed "$SEED" \
    --save "$ROOT/build/fuzz/diff-failures" "$T/ex4" "$T/ex5" "$T/ex5l" "$d" >"$T/h" 2>&1
grep -v '^CASES' "$T/h"
line=$(grep '^CASES' "$T/h")
if [ -z "$line" ]; then
    echo "  FAIL diff.mjs did not finish"; tail -5 "$T/h" | sed 's/^/       /'
    fail=$((fail + 1))
    finish
fi
pass=$((pass + $(echo "$line" | cut -d' ' -f2)))
fail=$((fail + $(echo "$line" | cut -d' ' -f3)))
finish
