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
    expect srs_ptau_without_contribution_refused 6 "pot8_0.ptau: cannot import" -- "$ZK" srs --ptau build/test-ptau/pot8_0.ptau -o "$T/x.srs"
else
    echo "  FAIL ptau cases: $PTAU missing (tests/pcs/make-ptau.sh makes it)"; fail=$((fail + 1))
fi

# bad input: each a clear line naming the file, a non-zero exit, never a crash
expect srs_ptau_missing_file 5 "nope.ptau: cannot open" -- "$ZK" srs --ptau "$T/nope.ptau" -o "$T/x.srs"
: >"$T/empty"
expect srs_info_empty_file 6 "empty: empty file" -- "$ZK" srs-info "$T/empty"
head -c 1000 "$T/dev.srs" >"$T/trunc.srs"
expect srs_info_truncated_file 6 "trunc.srs: not a valid SRS file" -- "$ZK" srs-info "$T/trunc.srs"
cp "$T/dev.srs" "$T/flip.srs"
printf '\001' | dd of="$T/flip.srs" bs=1 seek=2000 conv=notrunc 2>/dev/null
expect srs_info_flipped_byte 6 "flip.srs: not a valid SRS file" -- "$ZK" srs-info "$T/flip.srs"
expect srs_info_ptau_is_not_srs 7 "pot8.ptau: is a snarkjs .ptau file, not an SRS file" -- "$ZK" srs-info build/test-ptau/pot8.ptau
expect srs_write_to_missing_dir 4 "cannot write" -- "$ZK" srs --dev --logrows 3 -o "$T/no/such/dir/x.srs"

# example proofs and verify-raw: 0 accept, 1 reject, 5-8 bad files (cli_util.h)
expect example_proves 0 '"proof_bytes": [0-9]+' -- "$ZK" example --logrows 5 --srs "$T/dev.srs" -o "$T/ex"
expect example_variant_proves 0 "" -- "$ZK" example --logrows 5 --variant 1 --srs "$T/dev.srs" -o "$T/ex1"
# variant 2: late advice columns and two challenges (a version-2 VK)
expect example_late_proves 0 '"proof_bytes": [0-9]+' -- "$ZK" example --logrows 5 --variant 2 --srs "$T/dev.srs" -o "$T/ex2l"
expect example_late_vk_json 0 '"late_advice_columns": ?2' -- cat "$T/ex2l/vk.json"
expect verify_raw_late_accepts 0 "^accept" -- "$ZK" verify-raw --vk "$T/ex2l/vk.bin" --proof "$T/ex2l/proof.bin" --public "$T/ex2l/public.bin"
cp "$T/ex2l/proof.bin" "$T/bad2l.proof"
dd if="$T/ex2l/proof.bin" of="$T/bad2l.proof" bs=64 skip=0 seek=5 count=1 conv=notrunc 2>/dev/null
expect verify_raw_late_commitment_replaced 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex2l/vk.bin" --proof "$T/bad2l.proof" --public "$T/ex2l/public.bin"
expect verify_raw_late_proof_other_vk 6 "wrong size" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex2l/proof.bin" --public "$T/ex2l/public.bin"
expect example_variant_out_of_range 2 "--variant must be 0, 1 or 2" -- "$ZK" example --logrows 5 --variant 3 -o "$T/ex3"
expect verify_raw_accepts 0 "^accept" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/ex/public.bin"
cp "$T/ex/proof.bin" "$T/bad.proof"
printf '\001' | dd of="$T/bad.proof" bs=1 seek=1000 conv=notrunc 2>/dev/null
expect verify_raw_tampered_proof_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/bad.proof" --public "$T/ex/public.bin"
cp "$T/ex/public.bin" "$T/bad.pub"
printf '\001' | dd of="$T/bad.pub" bs=1 seek=63 conv=notrunc 2>/dev/null
expect verify_raw_changed_public_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/bad.pub"
expect verify_raw_other_vk_rejected 1 "^reject" -- "$ZK" verify-raw --vk "$T/ex1/vk.bin" --proof "$T/ex/proof.bin" --public "$T/ex/public.bin"
expect verify_raw_vk_as_proof 7 "vk.bin: is a verifying key" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/vk.bin" --public "$T/ex/public.bin"
expect verify_raw_proof_as_vk 7 "proof.bin: not a verifying key" -- "$ZK" verify-raw --vk "$T/ex/proof.bin" --proof "$T/ex/proof.bin"
head -c 1000 "$T/ex/proof.bin" >"$T/short.proof"
expect verify_raw_truncated_proof 6 "short.proof: malformed proof or public inputs: wrong size" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/short.proof" --public "$T/ex/public.bin"
expect verify_raw_missing_public 6 "wrong size" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin"
head -c 40 "$T/ex/public.bin" >"$T/odd.pub"
expect verify_raw_public_not_words 6 "odd.pub: length 40 is not a multiple of 32" -- "$ZK" verify-raw --vk "$T/ex/vk.bin" --proof "$T/ex/proof.bin" --public "$T/odd.pub"
expect verify_raw_missing_vk 5 "nope.bin: cannot open" -- "$ZK" verify-raw --vk "$T/nope.bin" --proof "$T/ex/proof.bin"
expect example_srs_too_small 8 "2\^8 rows need 257" -- "$ZK" example --logrows 8 --srs "$T/dev.srs" -o "$T/ex2"
# the SHPLONK opening (zkinfer-plonk-v3, a version-3 VK): the SRS must hold the whole quotient
"$ZK" srs --dev --logrows 8 -o "$T/dev8.srs" 2>/dev/null
expect example_shplonk_proves 0 '"proof_bytes": [0-9]+' -- "$ZK" example --logrows 5 --variant 2 --shplonk 2 --srs "$T/dev8.srs" -o "$T/exs"
expect example_shplonk_vk_json 0 '"proof_system": ?"zkinfer-plonk-v3"' -- cat "$T/exs/vk.json"
expect verify_raw_shplonk_accepts 0 "^accept" -- "$ZK" verify-raw --vk "$T/exs/vk.bin" --proof "$T/exs/proof.bin" --public "$T/exs/public.bin"
cp "$T/exs/proof.bin" "$T/bads.proof"
dd if="$T/exs/proof.bin" of="$T/bads.proof" bs=64 skip=0 seek=5 count=1 conv=notrunc 2>/dev/null
expect verify_raw_shplonk_commitment_replaced 1 "^reject" -- "$ZK" verify-raw --vk "$T/exs/vk.bin" --proof "$T/bads.proof" --public "$T/exs/public.bin"
expect verify_raw_v2_proof_v3_vk 7 "the size of a zkinfer-plonk-v2 proof of this circuit" -- "$ZK" verify-raw --vk "$T/exs/vk.bin" --proof "$T/ex2l/proof.bin" --public "$T/exs/public.bin"
expect verify_raw_v3_proof_v2_vk 7 "the size of a zkinfer-plonk-v3 proof of this circuit" -- "$ZK" verify-raw --vk "$T/ex2l/vk.bin" --proof "$T/exs/proof.bin" --public "$T/exs/public.bin"
# witness packs (§4.7): variant 2 with packs of 2 has 9 (S1 3, S2 3, S3 3) and 35 queries:
# 64·(9 + 3) + 32·35 bytes; vk.json lists them
expect example_shplonk_proof_bytes 0 '"proof_bytes": 1888' -- "$ZK" example --logrows 5 --variant 2 --shplonk 2 --srs "$T/dev8.srs" -o "$T/exs"
expect example_shplonk_vk_json_witness_packs 0 '"round":"S2","members":\["advice5","advice6"\],"rotations":\[0,1\]' -- sh -c "tr -d ' \n' <'$T/exs/vk.json'"
"$ZK" example --logrows 5 --variant 2 --shplonk 3 --srs "$T/dev8.srs" -o "$T/exs3p" >/dev/null 2>&1
expect verify_raw_v3_p3_proof_v2_vk 7 "the size of a zkinfer-plonk-v3 proof of this circuit" -- "$ZK" verify-raw --vk "$T/ex2l/vk.bin" --proof "$T/exs3p/proof.bin" --public "$T/exs3p/public.bin"
expect example_shplonk_srs_too_small 8 "with --shplonk need 129" -- "$ZK" example --logrows 5 --shplonk 2 --srs "$T/dev.srs" -o "$T/exs2"
expect example_shplonk_out_of_range 2 "--shplonk must be an integer from 1 to 256" -- "$ZK" example --logrows 5 --shplonk 0 -o "$T/exs3"

# the model flow on a small CNN (tests/onnx/models/cnn.onnx): every step, then bad input
M=tests/onnx/models
expect gen_settings 0 '"logrows": [0-9]+' -- "$ZK" gen-settings -M $M/cnn.onnx -o "$T/settings.json" --scale 6 --act-bits 10 --width 8
expect compile 0 '"zkc"' -- "$ZK" compile -M $M/cnn.onnx -S "$T/settings.json" -o "$T/cnn.zkc"
"$ZK" srs --dev --logrows 14 -o "$T/srs13.bin" 2>/dev/null
expect setup 0 '"vk_bytes"' -- "$ZK" setup -C "$T/cnn.zkc" --srs "$T/srs13.bin" --pk "$T/pk.bin" --vk "$T/vk.bin" --quiet
expect witness 0 '"argmax": [0-9]' -- "$ZK" witness -C "$T/cnn.zkc" -D $M/cnn.input.json
expect prove 0 '"proof_bytes"' -- "$ZK" prove -C "$T/cnn.zkc" --pk "$T/pk.bin" -D $M/cnn.input.json -o "$T/proof.json" --quiet
expect verify_accepts 0 "^accept" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/proof.json"
expect verify_raw_on_model_proof 0 "^accept" -- "$ZK" verify-raw --vk "$T/vk.bin" --proof "$T/proof.bin" --public "$T/proof.public.bin"
expect light_verifier_on_model_proof 0 "accept" -- build/verifier/zkv-verify "$T/vk.bin" "$T/proof.bin" "$T/proof.public.bin"
sed -E '/^ +"0x0/ s/"0x0/"0x1/' "$T/proof.json" >"$T/bad_inst.json"  # instance lines only
expect verify_changed_instance_rejected 1 "^reject" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/bad_inst.json"
expect verify_example_vk_rejects 1 "made for another verifying key" -- "$ZK" verify --vk "$T/ex/vk.bin" --proof "$T/proof.json"
expect verify_vk_as_proof 7 "vk.bin: is a verifying key, not a proof file" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/vk.bin"
expect verify_proof_as_vk 7 "proof.json: is a proof file, not a verifying key" -- "$ZK" verify --vk "$T/proof.json" --proof "$T/proof.json"
sed 's/zkinfer-proof-v2/zkinfer-proof-v1/' "$T/proof.json" >"$T/proof_v1.json"
expect verify_v1_proof_json_refused_as_old_version 7 "format zkinfer-proof-v1, which this version does not verify" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/proof_v1.json"
sed 's/zkinfer-proof-v2/zkinfer-proof-v3/' "$T/proof.json" >"$T/proof_v3.json"
expect verify_v3_proof_json_v2_vk 7 "format zkinfer-proof-v3 \(proof system zkinfer-plonk-v3\), but .*vk.bin verifies zkinfer-proof-v2" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/proof_v3.json"
expect prove_missing_input 5 "nope.json" -- "$ZK" prove -C "$T/cnn.zkc" --pk "$T/pk.bin" -D "$T/nope.json" -o "$T/p2.json"
printf '{"input_data": [[1, 2, 3]]}' >"$T/short.json"
expect prove_wrong_input_count 3 "input has 3 values" -- "$ZK" prove -C "$T/cnn.zkc" --pk "$T/pk.bin" -D "$T/short.json" -o "$T/p2.json"
printf '{"input_data": [[NaN]]}' >"$T/nan.json"
expect prove_nan_input 3 "nan.json" -- "$ZK" prove -C "$T/cnn.zkc" --pk "$T/pk.bin" -D "$T/nan.json" -o "$T/p2.json"
expect prove_vk_as_pk 7 "vk.bin: is a verifying key, not a proving key" -- "$ZK" prove -C "$T/cnn.zkc" --pk "$T/vk.bin" -D $M/cnn.input.json -o "$T/p2.json"
expect setup_zkc_as_srs 7 "cnn.zkc: is a compiled model" -- "$ZK" setup -C "$T/cnn.zkc" --srs "$T/cnn.zkc" --pk "$T/x" --vk "$T/y"
expect setup_srs_too_small 8 "needs" -- "$ZK" setup -C "$T/cnn.zkc" --srs "$T/dev.srs" --pk "$T/x" --vk "$T/y"
expect compile_onnx_as_settings 6 "settings" -- "$ZK" compile -M $M/cnn.onnx -S $M/cnn.onnx -o "$T/x.zkc"
expect compile_unsupported_op 7 "LSTM" -- "$ZK" compile -M $M/unsupported_lstm.onnx -S "$T/settings.json" -o "$T/x.zkc"
expect setup_settings_as_zkc 7 "settings.json: is a settings file, not a compiled model" -- "$ZK" setup -C "$T/settings.json" --srs "$T/srs13.bin"
"$ZK" gen-settings -M $M/mlp.onnx -o "$T/mlp.json" --scale 6 --act-bits 10 --width 8 >/dev/null
"$ZK" compile -M $M/mlp.onnx -S "$T/mlp.json" -o "$T/mlp.zkc" >/dev/null
expect prove_pk_of_other_model 8 "another compiled model" -- "$ZK" prove -C "$T/mlp.zkc" --pk "$T/pk.bin" -D $M/mlp.input.json -o "$T/p2.json"
expect gen_settings_bad_scale 2 "--scale must be" -- "$ZK" gen-settings -M $M/cnn.onnx --scale 99

# private parameters: the weights are advice cells, the proof verifies in both C verifiers
expect gen_settings_private_params 0 '"logrows"' -- "$ZK" gen-settings -M $M/mlp.onnx -o "$T/mlp_pp.json" --scale 6 --act-bits 10 --width 8 --param-visibility private
expect settings_say_private_params 0 '"param_visibility": *"private"' -- cat "$T/mlp_pp.json"
expect compile_private_params 0 '"zkc"' -- "$ZK" compile -M $M/mlp.onnx -S "$T/mlp_pp.json" -o "$T/mlp_pp.zkc"
expect setup_private_params 0 '"vk_bytes"' -- "$ZK" setup -C "$T/mlp_pp.zkc" --srs "$T/srs13.bin" --pk "$T/pk_pp.bin" --vk "$T/vk_pp.bin" --quiet
expect prove_private_params 0 '"proof_bytes"' -- "$ZK" prove -C "$T/mlp_pp.zkc" --pk "$T/pk_pp.bin" -D $M/mlp.input.json -o "$T/pp_proof.json" --quiet
expect verify_private_params 0 "^accept" -- "$ZK" verify --vk "$T/vk_pp.bin" --proof "$T/pp_proof.json"
expect light_verifier_private_params 0 "accept" -- build/verifier/zkv-verify "$T/vk_pp.bin" "$T/pp_proof.bin" "$T/pp_proof.public.bin"
expect gen_settings_bad_param_visibility 2 "--param-visibility must be fixed or private" -- "$ZK" gen-settings -M $M/mlp.onnx --param-visibility hashed
sed -E 's/"param_visibility": *"private"/"param_visibility":"secret"/' "$T/mlp_pp.json" >"$T/bad_pp.json"
expect compile_bad_param_visibility 6 "param_visibility" -- "$ZK" compile -M $M/mlp.onnx -S "$T/bad_pp.json" -o "$T/x.zkc"

# Freivalds-checked convolutions: off by default, switched on by editing the settings;
# the circuit (late columns, a challenge) proves and verifies in both C verifiers
expect settings_freivalds_default_off 0 '"freivalds": *false' -- cat "$T/settings.json"
sed -E 's/"freivalds": *false/"freivalds":true/' "$T/settings.json" >"$T/frei.json"
expect compile_freivalds 0 '"advice_columns": 12' -- "$ZK" compile -M $M/cnn.onnx -S "$T/frei.json" -o "$T/frei.zkc"
"$ZK" table -M $M/cnn.onnx -S "$T/settings.json" >"$T/t0.txt" 2>&1
"$ZK" table -M $M/cnn.onnx -S "$T/frei.json" >"$T/t1.txt" 2>&1
r0=$(sed -n 's/^total: rows \([0-9]*\),.*/\1/p' "$T/t0.txt")
r1=$(sed -n 's/^total: rows \([0-9]*\),.*/\1/p' "$T/t1.txt")
fewer_rows() { echo "rows '$1' -> '$2'"; [ -n "$1" ] && [ -n "$2" ] && [ "$2" -lt "$1" ]; }
expect table_freivalds_fewer_rows 0 "rows" -- fewer_rows "$r0" "$r1"
expect setup_freivalds 0 '"vk_bytes"' -- "$ZK" setup -C "$T/frei.zkc" --srs "$T/srs13.bin" --pk "$T/fpk.bin" --vk "$T/fvk.bin" --quiet
expect prove_freivalds 0 '"proof_bytes"' -- "$ZK" prove -C "$T/frei.zkc" --pk "$T/fpk.bin" -D $M/cnn.input.json -o "$T/fproof.json" --quiet
expect verify_freivalds 0 "^accept" -- "$ZK" verify --vk "$T/fvk.bin" --proof "$T/fproof.json"
expect verify_raw_freivalds 0 "^accept" -- "$ZK" verify-raw --vk "$T/fvk.bin" --proof "$T/fproof.bin" --public "$T/fproof.public.bin"
expect light_verifier_freivalds 0 "accept" -- build/verifier/zkv-verify "$T/fvk.bin" "$T/fproof.bin" "$T/fproof.public.bin"
sed -E '/^ +"0x0/ s/"0x0/"0x1/' "$T/fproof.json" >"$T/fbad_inst.json"
expect verify_freivalds_changed_instance_rejected 1 "^reject" -- "$ZK" verify --vk "$T/fvk.bin" --proof "$T/fbad_inst.json"
expect verify_freivalds_proof_against_plain_vk 1 "made for another verifying key" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/fproof.json"
expect prove_freivalds_pk_of_plain_circuit 8 "another compiled model" -- "$ZK" prove -C "$T/frei.zkc" --pk "$T/pk.bin" -D $M/cnn.input.json -o "$T/p2.json"
sed -E 's/"freivalds": *false/"freivalds":"yes"/' "$T/settings.json" >"$T/bad_frei.json"
expect compile_bad_freivalds 6 '"freivalds" must be true or false' -- "$ZK" compile -M $M/cnn.onnx -S "$T/bad_frei.json" -o "$T/x.zkc"
grep -v '"freivalds"' "$T/settings.json" >"$T/old_settings.json"
expect compile_settings_without_freivalds 0 '"advice_columns": 10' -- "$ZK" compile -M $M/cnn.onnx -S "$T/old_settings.json" -o "$T/x.zkc"
expect gen_settings_bad_freivalds 2 "--freivalds must be on or off" -- "$ZK" gen-settings -M $M/cnn.onnx --freivalds maybe

# four-input max rows (the CNN's MaxPool): off by default and then absent from the
# settings (so the .zkc is byte for byte what it was); on with gen-settings --max4 on:
# fewer rows in the table, the circuit proves and verifies in both C verifiers
expect settings_max4_default_absent 1 "" -- grep -q '"max4"' "$T/settings.json"
expect gen_settings_max4 0 '"logrows"' -- "$ZK" gen-settings -M $M/cnn.onnx -o "$T/m4.json" --scale 6 --act-bits 10 --width 8 --max4 on
expect settings_say_max4 0 '"max4": *true' -- cat "$T/m4.json"
"$ZK" gen-settings -M $M/cnn.onnx -o "$T/m4off.json" --scale 6 --act-bits 10 --width 8 --max4 off >/dev/null 2>&1
expect gen_settings_max4_off_unchanged 0 "" -- cmp "$T/settings.json" "$T/m4off.json"
expect compile_max4 0 '"zkc"' -- "$ZK" compile -M $M/cnn.onnx -S "$T/m4.json" -o "$T/m4.zkc"
"$ZK" table -M $M/cnn.onnx -S "$T/m4.json" >"$T/t2.txt" 2>&1
r2=$(sed -n 's/^total: rows \([0-9]*\),.*/\1/p' "$T/t2.txt")
expect table_max4_fewer_rows 0 "rows" -- fewer_rows "$r0" "$r2"
expect table_max4_named 0 "max4 on" -- cat "$T/t2.txt"
expect setup_max4 0 '"vk_bytes"' -- "$ZK" setup -C "$T/m4.zkc" --srs "$T/srs13.bin" --pk "$T/mpk.bin" --vk "$T/mvk.bin" --quiet
expect prove_max4 0 '"proof_bytes"' -- "$ZK" prove -C "$T/m4.zkc" --pk "$T/mpk.bin" -D $M/cnn.input.json -o "$T/mproof.json" --quiet
expect verify_max4 0 "^accept" -- "$ZK" verify --vk "$T/mvk.bin" --proof "$T/mproof.json"
expect verify_raw_max4 0 "^accept" -- "$ZK" verify-raw --vk "$T/mvk.bin" --proof "$T/mproof.bin" --public "$T/mproof.public.bin"
expect light_verifier_max4 0 "accept" -- build/verifier/zkv-verify "$T/mvk.bin" "$T/mproof.bin" "$T/mproof.public.bin"
sed -E '/^ +"0x0/ s/"0x0/"0x1/' "$T/mproof.json" >"$T/mbad_inst.json"
expect verify_max4_changed_instance_rejected 1 "^reject" -- "$ZK" verify --vk "$T/mvk.bin" --proof "$T/mbad_inst.json"
expect verify_max4_proof_against_plain_vk 1 "made for another verifying key" -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/mproof.json"
expect prove_max4_pk_of_plain_circuit 8 "another compiled model" -- "$ZK" prove -C "$T/m4.zkc" --pk "$T/pk.bin" -D $M/cnn.input.json -o "$T/p2.json"
sed -E 's/"max4": *true/"max4":1/' "$T/m4.json" >"$T/bad_m4.json"
expect compile_bad_max4 6 '"max4" must be true or false' -- "$ZK" compile -M $M/cnn.onnx -S "$T/bad_m4.json" -o "$T/x.zkc"
expect gen_settings_bad_max4 2 "--max4 must be on or off" -- "$ZK" gen-settings -M $M/cnn.onnx --max4 yes

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
