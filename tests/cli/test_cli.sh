#!/bin/sh
# CLI tests: each case runs zkinfer and checks its exit code and its message.
# Usage: sh tests/cli/test_cli.sh PATH/TO/zkinfer SUITE-NAME
# Ends with "SUITE: N passed, N failed" like the C suites.
ZK=$1
SUITE=${2:-cli}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

# expect NAME WANT_EXIT GREP_PATTERN -- command...: runs the command, checks the exit code
# and that stdout+stderr match the pattern (an extended regex; "" to skip).
expect() {
    name=$1 want=$2 pat=$3
    shift 4
    "$@" >"$T/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "  FAIL $name: exit $got, want $want"; sed 's/^/       /' "$T/out" | head -5
        fail=$((fail + 1)); return
    fi
    if [ -n "$pat" ] && ! grep -Eq -e "$pat" "$T/out"; then
        echo "  FAIL $name: output does not match /$pat/"; sed 's/^/       /' "$T/out" | head -5
        fail=$((fail + 1)); return
    fi
    echo "  ok   $name"
    pass=$((pass + 1))
}

echo "$SUITE: $ZK"
expect srs_dev_writes_file 0 "WARNING: development SRS" -- "$ZK" srs --dev --logrows 6 -o "$T/dev.srs"
size=$(wc -c <"$T/dev.srs" 2>/dev/null || echo 0)
expect srs_dev_file_has_exact_size 0 "" -- test "$size" -eq $((314 + 64 * 64))
expect srs_info_describes_dev 0 '"g1_powers": 64, "max_logrows": 5, "source": "dev' -- "$ZK" srs-info "$T/dev.srs"
expect srs_dev_seed_changes_tau 0 "" -- "$ZK" srs --dev --logrows 6 --seed other -o "$T/dev2.srs"
expect srs_dev_seed_differs 1 "" -- cmp -s "$T/dev.srs" "$T/dev2.srs"

PTAU=build/test-ptau/pot8.ptau
if [ -f "$PTAU" ]; then
    expect srs_ptau_import_prefix 0 "33 G1 powers" -- "$ZK" srs --ptau "$PTAU" --logrows 5 -o "$T/p.srs"
    expect srs_info_describes_ptau 0 '"g1_powers": 33, "max_logrows": 5, "source": "ptau"' -- "$ZK" srs-info "$T/p.srs"
    expect srs_ptau_import_whole 0 "511 G1 powers" -- "$ZK" srs --ptau "$PTAU" -o "$T/p2.srs"
    expect srs_ptau_without_contribution_refused 3 "pot8_0.ptau: cannot import" -- "$ZK" srs --ptau build/test-ptau/pot8_0.ptau -o "$T/x.srs"
else
    echo "  FAIL ptau cases: $PTAU missing (tests/pcs/make-ptau.sh makes it)"; fail=$((fail + 1))
fi

# bad input: each a clear line naming the file, a non-zero exit, never a crash
expect srs_ptau_missing_file 3 "nope.ptau: cannot import" -- "$ZK" srs --ptau "$T/nope.ptau" -o "$T/x.srs"
: >"$T/empty"
expect srs_info_empty_file 3 "empty: not a valid SRS file" -- "$ZK" srs-info "$T/empty"
head -c 1000 "$T/dev.srs" >"$T/trunc.srs"
expect srs_info_truncated_file 3 "trunc.srs: not a valid SRS file" -- "$ZK" srs-info "$T/trunc.srs"
cp "$T/dev.srs" "$T/flip.srs"
printf '\001' | dd of="$T/flip.srs" bs=1 seek=2000 conv=notrunc 2>/dev/null
expect srs_info_flipped_byte 3 "flip.srs: not a valid SRS file" -- "$ZK" srs-info "$T/flip.srs"
expect srs_info_ptau_is_not_srs 3 "not a valid SRS file" -- "$ZK" srs-info build/test-ptau/pot8.ptau
expect srs_write_to_missing_dir 4 "cannot write" -- "$ZK" srs --dev --logrows 3 -o "$T/no/such/dir/x.srs"

# example proofs and verify-raw: 0 accept, 1 reject, 3 malformed input
expect example_proves 0 '"proof_bytes": [0-9]+' -- "$ZK" example --logrows 5 --srs "$T/dev.srs" -o "$T/ex"
expect example_variant_proves 0 "" -- "$ZK" example --logrows 5 --variant 1 --srs "$T/dev.srs" -o "$T/ex1"
expect verify_raw_accepts 0 "^accept" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/ex/public.bin"
cp "$T/ex/proof.bin" "$T/bad.proof"
printf '\001' | dd of="$T/bad.proof" bs=1 seek=1000 conv=notrunc 2>/dev/null
expect verify_raw_tampered_proof_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/bad.proof" --public "$T/ex/public.bin"
cp "$T/ex/public.bin" "$T/bad.pub"
printf '\001' | dd of="$T/bad.pub" bs=1 seek=63 conv=notrunc 2>/dev/null
expect verify_raw_changed_public_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/bad.pub"
expect verify_raw_other_vk_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex1/vk.bin" --proof "$T/ex/proof.bin" --public "$T/ex/public.bin"
expect verify_raw_vk_as_proof 3 "proof.bin|vk.bin: malformed proof" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/vk.bin" --public "$T/ex/public.bin"
expect verify_raw_proof_as_vk 3 "proof.bin: not a valid verifying key" -- "$ZK" verify-raw --vk "$T/ex/proof.bin" --proof "$T/ex/proof.bin"
head -c 1000 "$T/ex/proof.bin" >"$T/short.proof"
expect verify_raw_truncated_proof 3 "short.proof: malformed proof or public inputs: wrong size" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/short.proof" --public "$T/ex/public.bin"
expect verify_raw_missing_public 3 "wrong size" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin"
head -c 40 "$T/ex/public.bin" >"$T/odd.pub"
expect verify_raw_public_not_words 3 "odd.pub: length 40 is not a multiple of 32" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/odd.pub"
expect verify_raw_missing_vk 3 "nope.bin: cannot open" -- "$ZK" verify-raw --vk "$T/nope.bin" --proof "$T/ex/proof.bin"
expect example_srs_too_small 3 "2\^8 rows need 257" -- "$ZK" example --logrows 8 --srs "$T/dev.srs" -o "$T/ex2"

# usage errors: exit 2 with a message
expect no_command 2 "usage" -- "$ZK"
expect unknown_command 2 "unknown command 'frobnicate'" -- "$ZK" frobnicate
expect srs_needs_source 2 "exactly one of --dev and --ptau" -- "$ZK" srs -o "$T/x.srs"
expect srs_both_sources 2 "exactly one of --dev and --ptau" -- "$ZK" srs --dev --ptau "$PTAU" --logrows 4 -o "$T/x.srs"
expect srs_bad_logrows 2 "--logrows must be an integer" -- "$ZK" srs --dev --logrows abc -o "$T/x.srs"
expect srs_logrows_too_big 2 "--logrows must be an integer" -- "$ZK" srs --dev --logrows 99 -o "$T/x.srs"
expect srs_missing_output 2 "missing -o FILE" -- "$ZK" srs --dev --logrows 4
expect srs_unknown_option 2 "unknown or incomplete option '--bogus'" -- "$ZK" srs --bogus
expect help_exits_zero 0 "usage" -- "$ZK" --help

echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
