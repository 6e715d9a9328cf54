#!/bin/sh
# Bad input for every user-facing command: each case makes a bad file from real
# artifacts (a small MLP through the whole model flow), runs one command and checks the
# exit code of its class (cli_util.h, README "Exit codes") and that stderr is exactly
# one line naming the file. Then interrupted writes: a writer killed half-way (test hook
# ZKINFER_TEST_CRASH_WRITE) leaves the old file intact, and its torn temporary file is
# refused.
# Usage: sh tests/cli/test_badinput.sh PATH/TO/zkinfer [SUITE-NAME]
# Ends with "SUITE: N passed, N failed" like the C suites.
ZK=$1
SUITE=${2:-badinput}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
M=tests/onnx/models

ok() { echo "  ok   $1"; pass=$((pass + 1)); }
no() { echo "  FAIL $1: $2"; sed 's/^/       /' "$T/err" | head -4; fail=$((fail + 1)); }

# bad NAME WANT_EXIT FILE -- command...: exit code WANT_EXIT, stderr one line containing
# FILE's name (stdout is not checked: verify prints "reject" there).
bad() {
    name=$1 want=$2 file=$3
    shift 4
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    lines=$(wc -l <"$T/err")
    if [ "$got" -ne "$want" ]; then no "$name" "exit $got, want $want"; return; fi
    if [ "$lines" -ne 1 ]; then no "$name" "$lines lines on stderr, want 1"; return; fi
    if ! grep -qF -e "$(basename "$file")" "$T/err"; then no "$name" "stderr does not name $(basename "$file")"; return; fi
    ok "$name"
}

# patch FILE OFFSET: flips the low bit of the byte at OFFSET (in place).
patch() {
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

echo "$SUITE: $ZK"
# real artifacts
"$ZK" gen-settings -M $M/mlp.onnx -o "$T/s.json" --scale 6 --act-bits 10 --width 8 >/dev/null 2>&1 &&
    "$ZK" compile -M $M/mlp.onnx -S "$T/s.json" -o "$T/m.zkc" >/dev/null 2>&1 &&
    "$ZK" srs --dev --logrows 13 -o "$T/srs.bin" >/dev/null 2>&1 &&
    "$ZK" srs --dev --logrows 4 -o "$T/small.srs" >/dev/null 2>&1 &&
    "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/pk.bin" --vk "$T/vk.bin" --quiet >/dev/null 2>&1 &&
    "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D $M/mlp.input.json -o "$T/proof.json" --quiet >/dev/null 2>&1 &&
    "$ZK" gen-settings -M $M/mlp.onnx -o "$T/s7.json" --scale 7 --act-bits 11 --width 8 >/dev/null 2>&1 &&
    "$ZK" compile -M $M/mlp.onnx -S "$T/s7.json" -o "$T/other.zkc" >/dev/null 2>&1 &&
    "$ZK" setup -C "$T/other.zkc" --srs "$T/srs.bin" --pk "$T/other_pk.bin" --vk "$T/other_vk.bin" --quiet >/dev/null 2>&1
if [ $? -ne 0 ] || [ ! -f "$T/proof.json" ]; then
    echo "  FAIL artifacts: the model flow on mlp.onnx did not run"
    echo "$SUITE: 0 passed, 1 failed"
    exit 1
fi
IN=$M/mlp.input.json
# bad files made from them
: >"$T/empty.bin"
mkdir "$T/dir.bin"
head -c 20 "$T/pk.bin" >"$T/trunc_pk.bin"
head -c 4 "$T/pk.bin" >"$T/stub_pk.bin"
head -c 2000 "$T/srs.bin" >"$T/trunc.srs"
head -c 600 "$T/m.zkc" >"$T/trunc.zkc"
head -c 100 "$T/vk.bin" >"$T/trunc_vk.bin"
head -c 100 "$T/s.json" >"$T/trunc_s.json"
head -c 300 "$T/proof.json" >"$T/trunc_proof.json"
head -c 1000 "$T/proof.bin" >"$T/trunc_proof.bin"
head -c 300 $M/mlp.onnx >"$T/trunc.onnx"
printf '{"input_data": [[1, 2' >"$T/trunc_in.json"
cp "$T/pk.bin" "$T/flip_pk.bin" && patch "$T/flip_pk.bin" 5000
cp "$T/srs.bin" "$T/flip.srs" && patch "$T/flip.srs" 3000
cp "$T/m.zkc" "$T/flip.zkc" && patch "$T/flip.zkc" 400
cp "$T/pk.bin" "$T/v9_pk.bin" && patch "$T/v9_pk.bin" 8     # version 2 -> 3
cp "$T/srs.bin" "$T/v9.srs" && patch "$T/v9.srs" 7          # version high byte
cp "$T/m.zkc" "$T/v9.zkc" && patch "$T/v9.zkc" 6
cp "$T/vk.bin" "$T/v9_vk.bin" && patch "$T/v9_vk.bin" 8
sed 's/zkinfer-settings-v1/zkinfer-settings-v9/' "$T/s.json" >"$T/v9_s.json"
sed 's/"scale": *6/"scale": 99/' "$T/s.json" >"$T/range_s.json"
n=$(tr -cd ',' <$IN | wc -c)
printf '{"input_data": [[NaN%s]]}' "$(yes ', 0.5' | head -n "$n" | tr -d '\n')" >"$T/nan.json"
printf '{"input_data": [[1e39%s]]}' "$(yes ', 0.5' | head -n "$n" | tr -d '\n')" >"$T/big_value.json"
printf '{"input_data": [[1, 2, 3]]}' >"$T/short.json"
printf '{"input_data": [["a"]]}' >"$T/str.json"
truncate -s 65M "$T/huge.json"
printf '{"proof": "0xzz", "instances": []}' >"$T/hex_proof.json"
head -c 40 "$T/proof.public.bin" >"$T/odd.pub"
printf 'garbage that is no artifact at all\n' >"$T/garbage.bin"
"$ZK" example --logrows 5 --srs "$T/srs.bin" -o "$T/ex" >/dev/null 2>&1

# srs / srs-info
bad srs_ptau_missing 5 nope.ptau -- "$ZK" srs --ptau "$T/nope.ptau" -o "$T/x.srs"
bad srs_ptau_empty 6 empty.bin -- "$ZK" srs --ptau "$T/empty.bin" -o "$T/x.srs"
bad srs_ptau_is_srs 7 srs.bin -- "$ZK" srs --ptau "$T/srs.bin" -o "$T/x.srs"
bad srs_info_missing 5 nope.srs -- "$ZK" srs-info "$T/nope.srs"
bad srs_info_directory 5 dir.bin -- "$ZK" srs-info "$T/dir.bin"
bad srs_info_empty 6 empty.bin -- "$ZK" srs-info "$T/empty.bin"
bad srs_info_truncated 6 trunc.srs -- "$ZK" srs-info "$T/trunc.srs"
bad srs_info_damaged 6 flip.srs -- "$ZK" srs-info "$T/flip.srs"
bad srs_info_version 7 v9.srs -- "$ZK" srs-info "$T/v9.srs"
bad srs_info_vk 7 vk.bin -- "$ZK" srs-info "$T/vk.bin"
bad srs_info_garbage 7 garbage.bin -- "$ZK" srs-info "$T/garbage.bin"

# gen-settings / compile
bad gen_settings_missing_model 5 nope.onnx -- "$ZK" gen-settings -M "$T/nope.onnx" -o "$T/x.json"
bad gen_settings_empty_model 6 empty.bin -- "$ZK" gen-settings -M "$T/empty.bin" -o "$T/x.json"
bad gen_settings_truncated_model 6 trunc.onnx -- "$ZK" gen-settings -M "$T/trunc.onnx" -o "$T/x.json"
bad gen_settings_vk_as_model 7 vk.bin -- "$ZK" gen-settings -M "$T/vk.bin" -o "$T/x.json"
bad gen_settings_write_missing_dir 4 x.json -- "$ZK" gen-settings -M $M/mlp.onnx -o "$T/no/dir/x.json"
bad compile_missing_settings 5 nope.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/nope.json" -o "$T/x.zkc"
bad compile_empty_settings 6 empty.bin -- "$ZK" compile -M $M/mlp.onnx -S "$T/empty.bin" -o "$T/x.zkc"
bad compile_truncated_settings 6 trunc_s.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/trunc_s.json" -o "$T/x.zkc"
bad compile_settings_version 7 v9_s.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/v9_s.json" -o "$T/x.zkc"
bad compile_proof_as_settings 7 proof.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/proof.json" -o "$T/x.zkc"
bad compile_settings_out_of_range 3 range_s.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/range_s.json" -o "$T/x.zkc"
bad compile_zkc_as_model 7 m.zkc -- "$ZK" compile -M "$T/m.zkc" -S "$T/s.json" -o "$T/x.zkc"

# setup
bad setup_missing_zkc 5 nope.zkc -- "$ZK" setup -C "$T/nope.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_empty_zkc 6 empty.bin -- "$ZK" setup -C "$T/empty.bin" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_truncated_zkc 6 trunc.zkc -- "$ZK" setup -C "$T/trunc.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_damaged_zkc 6 flip.zkc -- "$ZK" setup -C "$T/flip.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_zkc_version 7 v9.zkc -- "$ZK" setup -C "$T/v9.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_pk_as_zkc 7 pk.bin -- "$ZK" setup -C "$T/pk.bin" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_missing_srs 5 nope.srs -- "$ZK" setup -C "$T/m.zkc" --srs "$T/nope.srs" --pk "$T/x" --vk "$T/y" --quiet
bad setup_truncated_srs 6 trunc.srs -- "$ZK" setup -C "$T/m.zkc" --srs "$T/trunc.srs" --pk "$T/x" --vk "$T/y" --quiet
bad setup_vk_as_srs 7 vk.bin -- "$ZK" setup -C "$T/m.zkc" --srs "$T/vk.bin" --pk "$T/x" --vk "$T/y" --quiet
bad setup_srs_too_small 8 small.srs -- "$ZK" setup -C "$T/m.zkc" --srs "$T/small.srs" --pk "$T/x" --vk "$T/y" --quiet
bad setup_write_missing_dir 4 y -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/no/dir/y" --quiet

# witness: input values and shape
bad witness_missing_input 5 nope.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/nope.json" --quiet
bad witness_empty_input 6 empty.bin -- "$ZK" witness -C "$T/m.zkc" -D "$T/empty.bin" --quiet
bad witness_truncated_input 6 trunc_in.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/trunc_in.json" --quiet
bad witness_string_value 6 str.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/str.json" --quiet
bad witness_nan_input 3 nan.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/nan.json" --quiet
bad witness_value_beyond_float 3 big_value.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/big_value.json" --quiet
bad witness_wrong_shape 3 short.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/short.json" --quiet
bad witness_settings_as_input 7 s.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/s.json" --quiet
bad witness_huge_input 9 huge.json -- "$ZK" witness -C "$T/m.zkc" -D "$T/huge.json" --quiet
bad witness_input_as_zkc 7 mlp.input.json -- "$ZK" witness -C $IN -D $IN --quiet

# prove
bad prove_missing_pk 5 nope.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/nope.bin" -D $IN -o "$T/p.json" --quiet
bad prove_empty_pk 6 empty.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/empty.bin" -D $IN -o "$T/p.json" --quiet
bad prove_truncated_pk 6 trunc_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/trunc_pk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_stub_pk 6 stub_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/stub_pk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_damaged_pk 6 flip_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/flip_pk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_pk_version 7 v9_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/v9_pk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_vk_as_pk 7 vk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/vk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_proof_as_pk 7 proof.json -- "$ZK" prove -C "$T/m.zkc" --pk "$T/proof.json" -D $IN -o "$T/p.json" --quiet
bad prove_pk_of_other_model 8 other_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/other_pk.bin" -D $IN -o "$T/p.json" --quiet
bad prove_nan_input 3 nan.json -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$T/nan.json" -o "$T/p.json" --quiet
bad prove_wrong_shape 3 short.json -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$T/short.json" -o "$T/p.json" --quiet
bad prove_write_missing_dir 4 p.json -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D $IN -o "$T/no/dir/p.json" --quiet

# verify: a proof of another VK is a reject (1), everything else a bad file
bad verify_missing_vk 5 nope.bin -- "$ZK" verify --vk "$T/nope.bin" --proof "$T/proof.json"
bad verify_empty_vk 6 empty.bin -- "$ZK" verify --vk "$T/empty.bin" --proof "$T/proof.json"
bad verify_truncated_vk 6 trunc_vk.bin -- "$ZK" verify --vk "$T/trunc_vk.bin" --proof "$T/proof.json"
bad verify_vk_version 7 v9_vk.bin -- "$ZK" verify --vk "$T/v9_vk.bin" --proof "$T/proof.json"
bad verify_pk_as_vk 7 pk.bin -- "$ZK" verify --vk "$T/pk.bin" --proof "$T/proof.json"
bad verify_missing_proof 5 nope.json -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/nope.json"
bad verify_empty_proof 6 empty.bin -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/empty.bin"
bad verify_truncated_proof 6 trunc_proof.json -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/trunc_proof.json"
bad verify_proof_not_hex 6 hex_proof.json -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/hex_proof.json"
bad verify_vk_as_proof 7 vk.bin -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/vk.bin"
bad verify_settings_as_proof 7 s.json -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/s.json"
bad verify_proof_of_other_vk 1 proof.json -- "$ZK" verify --vk "$T/other_vk.bin" --proof "$T/proof.json"

# verify-raw
bad verify_raw_missing_proof 5 nope.bin -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/nope.bin"
bad verify_raw_vk_as_proof 7 vk.bin -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/vk.bin" --public "$T/proof.public.bin"
bad verify_raw_proof_as_vk 7 proof.bin -- "$ZK" verify-raw --vk "$T/proof.bin" --proof "$T/proof.bin"
bad verify_raw_truncated_proof 6 trunc_proof.bin -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/trunc_proof.bin" --public "$T/proof.public.bin"
bad verify_raw_public_not_words 6 odd.pub -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/proof.bin" --public "$T/odd.pub"

bad verify_raw_empty_public_is_zero_inputs 6 proof.bin -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/proof.bin" --public "$T/empty.bin"

# example
bad example_srs_too_small 8 small.srs -- "$ZK" example --logrows 8 --srs "$T/small.srs" -o "$T/ex2"
bad example_vk_as_srs 7 vk.bin -- "$ZK" example --logrows 4 --srs "$T/vk.bin" -o "$T/ex2"

# table
bad table_missing_model 5 nope.onnx -- "$ZK" table -M "$T/nope.onnx"
bad table_truncated_model 6 trunc.onnx -- "$ZK" table -M "$T/trunc.onnx"
bad table_wrong_shape 3 short.json -- "$ZK" table -M $M/mlp.onnx -D "$T/short.json"

# create-evm-verifier / encode-calldata
bad evm_missing_vk 5 nope.bin -- "$ZK" create-evm-verifier --vk "$T/nope.bin" -o "$T/x.sol"
bad evm_truncated_vk 6 trunc_vk.bin -- "$ZK" create-evm-verifier --vk "$T/trunc_vk.bin" -o "$T/x.sol"
bad evm_pk_as_vk 7 pk.bin -- "$ZK" create-evm-verifier --vk "$T/pk.bin" -o "$T/x.sol"
bad evm_write_missing_dir 4 x.sol -- "$ZK" create-evm-verifier --vk "$T/vk.bin" -o "$T/no/dir/x.sol"
bad calldata_missing_proof 5 nope.bin -- "$ZK" encode-calldata --proof "$T/nope.bin" -o "$T/x.hex"
bad calldata_vk_as_proof 7 vk.bin -- "$ZK" encode-calldata --proof "$T/vk.bin" -o "$T/x.hex"
bad calldata_proof_not_hex 6 hex_proof.json -- "$ZK" encode-calldata --proof "$T/hex_proof.json" -o "$T/x.hex"
bad calldata_public_not_words 6 odd.pub -- "$ZK" encode-calldata --proof "$T/proof.bin" --public "$T/odd.pub" -o "$T/x.hex"
bad calldata_proof_not_for_vk 6 other_vk.bin -- "$ZK" encode-calldata --proof "$T/ex/proof.bin" --public "$T/ex/public.bin" --vk "$T/other_vk.bin" -o "$T/x.hex"

# resource limits: refused before the big allocation (exit 9)
sed 's/"logrows": *[0-9]*/"logrows": 99/' "$T/s.json" >"$T/rows_s.json"
bad limit_settings_logrows 9 rows_s.json -- "$ZK" compile -M $M/mlp.onnx -S "$T/rows_s.json" -o "$T/x.zkc"
cp "$T/srs.bin" "$T/huge_n.srs" && printf '\001' | dd of="$T/huge_n.srs" bs=1 seek=19 conv=notrunc 2>/dev/null  # n_g1 + 2^40
bad limit_srs_powers 9 huge_n.srs -- "$ZK" srs-info "$T/huge_n.srs"
bad limit_setup_srs_powers 9 huge_n.srs -- "$ZK" setup -C "$T/m.zkc" --srs "$T/huge_n.srs" --pk "$T/x" --vk "$T/y" --quiet
bad limit_onnx_dims 9 hostile_dim_2p40.onnx -- "$ZK" gen-settings -M $M/hostile_dim_2p40.onnx -o "$T/x.json"
bad limit_onnx_input_dims 9 hostile_input_huge.onnx -- "$ZK" table -M $M/hostile_input_huge.onnx
printf 'ZKIZKC' >"$T/huge.zkc" && truncate -s 3G "$T/huge.zkc"      # sparse: nothing is written
bad limit_zkc_size 9 huge.zkc -- "$ZK" setup -C "$T/huge.zkc" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
printf 'ZKIPKEY' >"$T/huge_pk.bin" && truncate -s 17G "$T/huge_pk.bin"
bad limit_pk_size 9 huge_pk.bin -- "$ZK" prove -C "$T/m.zkc" --pk "$T/huge_pk.bin" -D $IN -o "$T/p.json" --quiet
PTAU=build/test-ptau/pot8.ptau
if [ -f "$PTAU" ]; then
    # the header section's power (u32 after n8 and q): 2^40 powers announced
    cp "$PTAU" "$T/huge.ptau" && printf '\050' | dd of="$T/huge.ptau" bs=1 seek=60 conv=notrunc 2>/dev/null
    bad srs_write_missing_dir 4 x.srs -- "$ZK" srs --ptau "$PTAU" --logrows 4 -o "$T/no/dir/x.srs"
    bad limit_ptau_power 9 huge.ptau -- "$ZK" srs --ptau "$T/huge.ptau" -o "$T/x.srs"
    bad srs_ptau_truncated 6 trunc.ptau -- sh -c "head -c 5000 '$PTAU' >'$T/trunc.ptau' && '$ZK' srs --ptau '$T/trunc.ptau' -o '$T/x.srs'"
fi

# interrupted writes: the writer kills itself (SIGKILL) after half of the bytes
crash() { # crash NAME TARGET MIN_BYTES -- command...: the old TARGET survives, a torn temporary is left
    name=$1 target=$2 min=$3
    shift 4
    cp "$target" "$T/before" 2>/dev/null || rm -f "$T/before"
    rm -f "$target".tmp.*
    ZKINFER_TEST_CRASH_WRITE=$min "$@" >/dev/null 2>"$T/err"
    got=$?
    if [ "$got" -ne 137 ]; then no "$name" "exit $got, want 137 (killed)"; return; fi
    if [ -f "$T/before" ] && ! cmp -s "$T/before" "$target"; then no "$name" "the old $(basename "$target") changed"; return; fi
    if [ ! -f "$T/before" ] && [ -e "$target" ]; then no "$name" "a partial $(basename "$target") exists"; return; fi
    if ! ls "$target".tmp.* >/dev/null 2>&1; then no "$name" "no torn temporary file left"; return; fi
    ok "$name"
}
cp "$T/srs.bin" "$T/keep.srs"
crash crash_srs_keeps_old "$T/keep.srs" 1 -- "$ZK" srs --dev --logrows 10 -o "$T/keep.srs"
torn=$(ls "$T"/keep.srs.tmp.* 2>/dev/null | head -1)
bad torn_srs_refused 6 "$(basename "$torn")" -- "$ZK" srs-info "$torn"
crash crash_setup_pk_absent "$T/new_pk.bin" 100000 -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/new_pk.bin" --vk "$T/new_vk.bin" --quiet
torn=$(ls "$T"/new_pk.bin.tmp.* 2>/dev/null | head -1)
bad torn_pk_refused 6 "$(basename "$torn")" -- "$ZK" prove -C "$T/m.zkc" --pk "$torn" -D $IN -o "$T/p.json" --quiet
crash crash_compile_keeps_old "$T/m.zkc" 1 -- "$ZK" compile -M $M/mlp.onnx -S "$T/s7.json" -o "$T/m.zkc"
torn=$(ls "$T"/m.zkc.tmp.* 2>/dev/null | head -1)
bad torn_zkc_refused 6 "$(basename "$torn")" -- "$ZK" setup -C "$torn" --srs "$T/srs.bin" --pk "$T/x" --vk "$T/y" --quiet
crash crash_prove_keeps_old "$T/proof.json" 1 -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D $IN -o "$T/proof.json" --quiet
if "$ZK" verify --vk "$T/vk.bin" --proof "$T/proof.json" >/dev/null 2>"$T/err"; then ok after_crash_old_proof_verifies
else no after_crash_old_proof_verifies "the old proof no longer verifies"; fi
crash crash_settings_keeps_old "$T/s.json" 1 -- "$ZK" gen-settings -M $M/mlp.onnx -o "$T/s.json" --scale 9

echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
