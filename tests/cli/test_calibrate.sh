#!/bin/sh
# CLI tests of `zkinfer table` and `zkinfer calibrate`: exit codes, messages, and that
# calibrated settings compile, prove and verify on the calibration samples.
# Usage: sh tests/cli/test_calibrate.sh PATH/TO/zkinfer SUITE-NAME
# Ends with "SUITE: N passed, N failed" like the other suites.
ZK=$1
SUITE=${2:-calibrate}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
MODELS=tests/onnx/models
MNIST=examples/mnist

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

# json_int FILE KEY: the integer value of "KEY" on a one-line JSON output
json_int() { sed -n "s/.*\"$2\": \([0-9][0-9]*\).*/\1/p" "$1" | head -n 1; }

# digits OUT SCALE K...: a samples file of held-out MNIST digits K (heldout.bin: 20-byte
# header, 1,000 labels, then 784 pixel bytes a digit), each pixel p as SCALE·p/255
digits() {
    out=$1 sc=$2
    shift 2
    {
        printf '{"input_data": ['
        sep=
        for k in "$@"; do
            printf '%s' "$sep"
            sep=,
            od -An -v -tu1 -j $((1020 + k * 784)) -N 784 "$MNIST/heldout.bin" |
                awk -v sc="$sc" 'BEGIN { printf "["; n = 0 } { for (i = 1; i <= NF; i++) printf "%s%.6g", (n++ ? "," : ""), $i * sc / 255 } END { printf "]" }'
        done
        printf ']}\n'
    } >"$out"
}

# table_sums MODEL: the rows column of the table adds up to the total
table_sums() {
    "$ZK" table -M "$1" >"$T/table" || return 1
    sum=$(awk '$1 ~ /^([0-9]+|-)$/ { s += $NF } END { print s }' "$T/table")
    total=$(sed -n 's/^total: rows \([0-9]*\),.*/\1/p' "$T/table")
    echo "rows column $sum, total $total"
    [ -n "$total" ] && [ "$sum" -eq "$total" ]
}

echo "$SUITE: $ZK"

# ---- table ----
expect table_cnn_rows_add_up 0 "" -- table_sums "$MODELS/cnn.onnx"
expect table_lenet5_rows_add_up 0 "" -- table_sums "$MODELS/lenet5.onnx"
expect table_lenet5_lists_nodes 0 "^11 +/f3/Gemm +Gemm +\[1,10\] +14 " -- "$ZK" table -M "$MODELS/lenet5.onnx"
expect table_mnist_total 0 "^total: rows [0-9]+, logrows 15 .*columns 50 \(18 advice, 31 fixed, 1 instance\)" -- \
    "$ZK" table -M "$MNIST/model.onnx" -D "$MNIST/input.json"
"$ZK" gen-settings -M "$MODELS/cnn.onnx" --scale 9 -o "$T/cnn9.json" >/dev/null
expect table_uses_settings 0 "scale 9, act_bits 12" -- "$ZK" table -M "$MODELS/cnn.onnx" -S "$T/cnn9.json"
expect table_missing_model 5 "nope.onnx" -- "$ZK" table -M "$T/nope.onnx"
expect table_not_onnx 6 "README.md: not an ONNX model" -- "$ZK" table -M README.md
expect table_bad_settings 6 "cnn.onnx|format" -- "$ZK" table -M "$MODELS/cnn.onnx" -S "$MODELS/cnn.onnx"
expect table_wrong_input_length 3 "input.json" -- "$ZK" table -M "$MODELS/cnn.onnx" -D "$MNIST/input.json"
expect table_needs_model 2 "missing -M" -- "$ZK" table

# ---- calibrate: MLP with a Sigmoid output (one output: no argmax) ----
awk 'BEGIN { srand(7); printf "{\"input_data\": ["
             for (k = 0; k < 6; k++) { printf "%s[", k ? "," : ""
                 for (i = 0; i < 12; i++) printf "%s%.4f", i ? "," : "", (rand() * 2 - 1) * 2
                 printf "]" }
             print "]}" }' >"$T/mlp.json"
expect calibrate_mlp 0 '"target": "accuracy", "scale": [5-9]' -- \
    "$ZK" calibrate -M "$MODELS/mlp_sigmoid.onnx" -D "$T/mlp.json" -S "$T/mlp.settings.json" --scales 5:9 --quiet
expect calibrate_mlp_report 0 '"max_abs_error"' -- cat "$T/mlp.settings.calibration.json"
# the report's "chosen" entry comes last; with one output, accuracy is the smallest max error
chosen_is_most_accurate() {
    awk -F: '/"max_abs_error"/ { v = $2 + 0; if (n++ == 0 || v < min) min = v; last = v }
             END { print "min", min, "chosen", last; exit !(n > 1 && last == min) }' "$1"
}
expect mlp_accuracy_smallest_error 0 "" -- chosen_is_most_accurate "$T/mlp.settings.calibration.json"
expect mlp_compile 0 "" -- "$ZK" compile -M "$MODELS/mlp_sigmoid.onnx" -S "$T/mlp.settings.json" -o "$T/mlp.zkc"
K=$(json_int "$T/out" logrows)
expect mlp_srs 0 "" -- "$ZK" srs --dev --logrows $((K + 1)) -o "$T/mlp.srs"
expect mlp_setup 0 "" -- "$ZK" setup -C "$T/mlp.zkc" --srs "$T/mlp.srs" --pk "$T/mlp.pk" --vk "$T/mlp.vk" --quiet
expect mlp_prove 0 '"proof"' -- "$ZK" prove -C "$T/mlp.zkc" --pk "$T/mlp.pk" -D "$MODELS/mlp_sigmoid.input.json" -o "$T/mlp.proof.json" --quiet
expect mlp_verify 0 "^accept" -- "$ZK" verify --vk "$T/mlp.vk" --proof "$T/mlp.proof.json"
expect calibrate_mlp_resources 0 '"target": "resources"' -- \
    "$ZK" calibrate -M "$MODELS/mlp_sigmoid.onnx" -D "$T/mlp.json" -S "$T/mlp.r.json" --target resources --quiet
expect mlp_resources_rows_le_accuracy 0 "" -- test "$(json_int "$T/out" logrows)" -le "$K"

# ---- calibrate: MNIST on four held-out digits ----
digits "$T/digits.json" 1 0 1 2 3
expect calibrate_mnist_accuracy 0 '"argmax_agree": 4, "samples": 4' -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/acc.json" --quiet
KA=$(json_int "$T/out" logrows)
expect mnist_accuracy_compiles 0 "" -- "$ZK" compile -M "$MNIST/model.onnx" -S "$T/acc.json" -o "$T/acc.zkc"
for k in 0 3; do
    digits "$T/d$k.json" 1 "$k"
    expect mnist_accuracy_witness_sample_$k 0 '"argmax"' -- "$ZK" witness -C "$T/acc.zkc" -D "$T/d$k.json"
done
# an existing settings file keeps its visibilities
"$ZK" gen-settings -M "$MNIST/model.onnx" --input-visibility public -o "$T/res.json" >/dev/null
expect calibrate_mnist_resources 0 '"target": "resources"' -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/res.json" --target resources --quiet
KR=$(json_int "$T/out" logrows)
expect mnist_resources_rows_le_accuracy 0 "" -- test "$KR" -le "$KA"
expect calibrate_keeps_visibility 0 '"input_visibility": *"public"' -- cat "$T/res.json"
expect calibrate_report_lists_candidates 0 '"argmax_agreement"' -- cat "$T/res.calibration.json"
expect calibrate_report_per_layer_error 0 '"node":"/features/features.7/Gemm"' -- cat "$T/res.calibration.json"
expect mnist_compile 0 "" -- "$ZK" compile -M "$MNIST/model.onnx" -S "$T/res.json" -o "$T/res.zkc"
expect mnist_srs 0 "" -- "$ZK" srs --dev --logrows $((KR + 1)) -o "$T/res.srs"
expect mnist_setup 0 "" -- "$ZK" setup -C "$T/res.zkc" --srs "$T/res.srs" --pk "$T/res.pk" --vk "$T/res.vk" --quiet
expect mnist_prove_sample 0 '"argmax": 0' -- "$ZK" prove -C "$T/res.zkc" --pk "$T/res.pk" -D "$T/d0.json" -o "$T/res.proof.json" --quiet
expect mnist_verify 0 "^accept" -- "$ZK" verify --vk "$T/res.vk" --proof "$T/res.proof.json"
# an input far outside the calibration samples (a digit at 4x brightness): prove fails
# with the node named, never a proof that does not verify
digits "$T/bright.json" 4 7
RANGE_ERR="node '[^']+' \([A-Za-z]+\): (its input '[^']+': )?activation -?[0-9]+ outside the proven range \[-[0-9]+, [0-9]+\) — recalibrate with wider --act-bits or a smaller --scale"
expect mnist_prove_outside_range 3 "$RANGE_ERR" -- \
    "$ZK" prove -C "$T/res.zkc" --pk "$T/res.pk" -D "$T/bright.json" -o "$T/bright.proof.json" --quiet
expect outside_range_writes_no_proof 1 "" -- test -f "$T/bright.proof.json"
expect mnist_witness_outside_range 3 "$RANGE_ERR" -- "$ZK" witness -C "$T/res.zkc" -D "$T/bright.json"

# a run-time divisor <= 0 (div_runtime_bcast divides by max(x) + 3.25): witness and
# prove fail naming the node; the model's own input proves
"$ZK" gen-settings -M "$MODELS/div_runtime_bcast.onnx" -o "$T/div.json" >/dev/null
"$ZK" compile -M "$MODELS/div_runtime_bcast.onnx" -S "$T/div.json" -o "$T/div.zkc" >/dev/null
awk 'BEGIN { printf "{\"input_data\": [["; for (i = 0; i < 24; i++) printf "%s-4", i ? "," : ""; print "]]}" }' >"$T/neg.json"
expect div_witness_ok 0 '"outputs"' -- "$ZK" witness -C "$T/div.zkc" -D "$MODELS/div_runtime_bcast.input.json"
expect div_nonpositive_divisor 3 "node 'div' \(Div\): divisor -[0-9]+ at element 0 is not positive" -- \
    "$ZK" witness -C "$T/div.zkc" -D "$T/neg.json"

# ---- calibrate --headroom: the range keeps a margin above the samples' activations ----
# (one scale to keep it short) without headroom the 4x-bright digit is outside the
# calibrated range; with --headroom 8 (3 more bits) the same calibration holds it
expect calibrate_headroom_none 0 '"act_bits_samples": [0-9]+, "headroom_bits": 0' -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/h0.json" --scales 7:7 --quiet
B0=$(json_int "$T/out" act_bits)
expect calibrate_headroom_8 0 '"headroom_bits": 3' -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/h8.json" --scales 7:7 --headroom 8 --quiet
B8=$(json_int "$T/out" act_bits)
expect headroom_adds_three_bits 0 "" -- test "$B8" -eq $((B0 + 3))
expect headroom_in_report 0 '"headroom_bits":3' -- sh -c "tr -d ' \n' <'$T/h8.calibration.json'"
"$ZK" compile -M "$MNIST/model.onnx" -S "$T/h0.json" -o "$T/h0.zkc" >/dev/null
"$ZK" compile -M "$MNIST/model.onnx" -S "$T/h8.json" -o "$T/h8.zkc" >/dev/null
expect headroom_none_bright_fails 3 "$RANGE_ERR" -- "$ZK" witness -C "$T/h0.zkc" -D "$T/bright.json"
expect headroom_8_bright_builds 0 '"argmax"' -- "$ZK" witness -C "$T/h8.zkc" -D "$T/bright.json"
expect calibrate_headroom_over_max 3 "headroom .* > --max-act-bits $B0" -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/hx.json" --scales 7:7 --headroom 2 \
    --max-act-bits "$B0" --quiet
expect calibrate_bad_headroom 2 "--headroom must be a number in 1..1024" -- \
    "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/digits.json" -S "$T/hx.json" --headroom 0.5

# ---- calibrate: bad input ----
C="$ZK calibrate -M $MNIST/model.onnx -S $T/x.json"
expect calibrate_missing_samples 5 "nope.json" -- $C -D "$T/nope.json"
printf '{"input_data": [[1, 2' >"$T/trunc.json"
expect calibrate_bad_json 6 "trunc.json: not JSON" -- $C -D "$T/trunc.json"
echo '{"input_data": []}' >"$T/empty.json"
expect calibrate_empty_samples 3 "empty.json: \"input_data\" holds no samples" -- $C -D "$T/empty.json"
echo '{"samples": [[1]]}' >"$T/nokey.json"
expect calibrate_no_input_data 6 "nokey.json: needs" -- $C -D "$T/nokey.json"
digits "$T/two.json" 1 0 1
sed 's/\]\]}$/,0.5]]}/' "$T/two.json" >"$T/long.json"
expect calibrate_wrong_input_length 3 "long.json: sample 2: .*785.*784|long.json: sample 2: .*784.*785" -- $C -D "$T/long.json"
expect calibrate_no_settings_written 1 "" -- test -f "$T/x.json"
expect calibrate_missing_model 5 "nope.onnx" -- "$ZK" calibrate -M "$T/nope.onnx" -D "$T/two.json" -S "$T/x.json"
expect calibrate_damaged_settings 7 "format" -- "$ZK" calibrate -M "$MNIST/model.onnx" -D "$T/two.json" -S "$T/digits.json"
expect calibrate_no_candidate 3 "no scale in 5..12 with act_bits <= 8 .*node '" -- $C -D "$T/two.json" --max-act-bits 8 --quiet
expect calibrate_bad_target 2 "--target must be accuracy or resources" -- $C -D "$T/two.json" --target speed
expect calibrate_bad_scales 2 "--scales" -- $C -D "$T/two.json" --scales 9:5
expect calibrate_needs_all 2 "needs -M" -- "$ZK" calibrate -M "$MNIST/model.onnx"

echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
