#!/bin/sh
# Poseidon against circomlibjs: every constant of t = 2..17, Poseidon of 1..16 inputs
# and the vector hash on random vectors of lengths 1..40 (tests/poseidon/circomlib.mjs
# drives build/tests/poseidon-tool). Usage: sh tests/poseidon/test_poseidon.sh TOOL [NAME]
# Ends with "NAME: N passed, N failed".
TOOL=$1
SUITE=${2:-poseidon-circomlibjs}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
echo "$SUITE: $TOOL"
if ! command -v node >/dev/null 2>&1 || [ ! -d "$ROOT/node_modules/circomlibjs" ]; then
    echo "  FAIL node or circomlibjs missing: run scripts/install-deps.sh"
    echo "$SUITE: 0 passed, 1 failed"
    exit 1
fi
if [ ! -x "$TOOL" ]; then
    echo "  FAIL $TOOL missing"
    echo "$SUITE: 0 passed, 1 failed"
    exit 1
fi
T=$(mktemp)
trap 'rm -f "$T"' EXIT
node "$ROOT/tests/poseidon/circomlib.mjs" "$TOOL" --seed "${ZKI_SEED:-1}" >"$T" 2>&1
grep -v '^CASES' "$T"
line=$(grep '^CASES' "$T")
if [ -z "$line" ]; then
    echo "  FAIL harness did not finish"
    echo "$SUITE: 0 passed, 1 failed"
    exit 1
fi
pass=$(echo "$line" | cut -d' ' -f2)
fail=$(echo "$line" | cut -d' ' -f3)
echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
