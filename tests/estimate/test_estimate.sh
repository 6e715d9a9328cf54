#!/bin/sh
# CLI tests of `zkinfer estimate`, `optimize`, `cost-model` and `--max-memory`:
# the exact parts of the estimate equal the sizes of the real proof, VK and pk.bin; the
# modelled prover memory is within 40% of the measured peak RSS; a tiny limit refuses, a
# generous one proves; the optimizer's choice compiles, proves and verifies; bad input
# gives one line and a non-zero exit.
# Usage: sh tests/estimate/test_estimate.sh PATH/TO/zkinfer SUITE-NAME
# Ends with "SUITE: N passed, N failed" like the other suites.
ZK=$1
SUITE=${2:-estimate}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
M=tests/onnx/models/mlp.onnx
IN=tests/onnx/models/mlp.input.json
# the cost model of this run only (never the user's cache), measured small and fast
ZKINFER_COST_MODEL=$T/cost.json
export ZKINFER_COST_MODEL

ok() { echo "  ok   $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1"; fail=$((fail + 1)); }

# expect NAME WANT_EXIT GREP_PATTERN -- command...: the exit code, and stdout+stderr
# matching the pattern (an extended regex; "" to skip).
expect() {
    name=$1 want=$2 pat=$3
    shift 4
    "$@" >"$T/out" 2>&1
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$name: exit $got, want $want"; sed 's/^/       /' "$T/out" | head -5; return
    fi
    if [ -n "$pat" ] && ! grep -Eq -e "$pat" "$T/out"; then
        bad "$name: output does not match /$pat/"; sed 's/^/       /' "$T/out" | head -5; return
    fi
    ok "$name"
}

# expect_fail NAME GREP_PATTERN -- command...: any non-zero exit below 128 (no crash),
# one line on stderr matching the pattern.
expect_fail() {
    name=$1 pat=$2
    shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq 0 ] || [ "$got" -ge 128 ]; then bad "$name: exit $got"; sed 's/^/       /' "$T/err" | head -3; return; fi
    if ! grep -Eq -e "$pat" "$T/err"; then bad "$name: stderr does not match /$pat/"; sed 's/^/       /' "$T/err" | head -3; return; fi
    ok "$name"
}

# json_num FILE KEY: the number after "KEY": in a (pretty-printed) JSON output
json_num() { sed -n "s/.*\"$2\": *\([0-9][0-9.e+]*\).*/\1/p" "$1" | head -n 1; }
size_of() { wc -c <"$1" | tr -d ' '; }

# peak RSS in KiB of a command, from getrusage of the child (no /usr/bin/time needed)
peak_rss() {
    python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)' "$@"
}

echo "$SUITE: cost model"
expect cost_model_small 0 '"threads": [1-9]' -- "$ZK" cost-model --sizes 8:11 --quiet
[ -s "$T/cost.json" ] && grep -q '"format":"zkinfer-cost-model"' "$T/cost.json" && ok cost_model_written || bad cost_model_written
expect cost_model_cached 0 '"calibrate_s"' -- "$ZK" cost-model
expect_fail cost_model_bad_sizes 'sizes' -- "$ZK" cost-model --sizes 3:99
expect_fail cost_model_unknown_opt 'unknown|usage' -- "$ZK" cost-model --frobnicate 1

echo "$SUITE: estimate (exact sizes against a real run)"
"$ZK" gen-settings -M "$M" -o "$T/s.json" --scale 5 --act-bits 8 >/dev/null 2>&1 &&
    "$ZK" compile -M "$M" -S "$T/s.json" -o "$T/m.zkc" >/dev/null 2>&1 || bad "compile the test model"
lr=$(json_num "$T/s.json" logrows)
expect estimate_json 0 '"proof_bytes"' -- "$ZK" estimate -C "$T/m.zkc" --json
cp "$T/out" "$T/est.json"
expect estimate_text 0 'proof +[0-9]+ bytes.*exact' -- "$ZK" estimate -M "$M" -S "$T/s.json"
expect estimate_eip170 0 'EIP-170' -- "$ZK" estimate -C "$T/m.zkc"
"$ZK" srs --dev --logrows $((lr + 1)) -o "$T/srs.bin" >/dev/null 2>&1
"$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/pk.bin" --vk "$T/vk.bin" --quiet >/dev/null 2>&1 || bad "setup"
rss=$(peak_rss "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$IN" -o "$T/proof.json" --quiet)
for k in proof:proof.bin vk:vk.bin pk:pk.bin; do
    key=${k%%:*} file=${k#*:}
    want=$(size_of "$T/$file")
    got=$(json_num "$T/est.json" "${key}_bytes")
    [ "$got" = "$want" ] && ok "exact_${key}_bytes ($got)" || bad "exact_${key}_bytes: estimated $got, real $want"
done
got=$(json_num "$T/est.json" logrows)
[ "$got" = "$lr" ] && ok "exact_logrows" || bad "exact_logrows: $got vs $lr"
est=$(json_num "$T/est.json" prove_peak_bytes)
case $SUITE in
*asan*) rss=skip ;; # the sanitizers' shadow memory is not the prover's
esac
if [ "$rss" = skip ]; then
    ok "prove_memory_within_40pct (skipped under the sanitizers)"
elif [ "${rss:--1}" -gt 0 ] && python3 -c "import sys; e, m = float(sys.argv[1]), float(sys.argv[2]) * 1024; sys.exit(0 if abs(e - m) <= 0.4 * m else 1)" "$est" "$rss"; then
    ok "prove_memory_within_40pct (est $est B, measured ${rss} KiB)"
else
    bad "prove_memory_within_40pct: est $est B, measured ${rss} KiB"
fi
expect verify_real 0 '^accept' -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/proof.json"

echo "$SUITE: --max-memory"
expect_fail setup_tiny_limit 'max-memory.*(smaller --scale|--width)' -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/pk2.bin" --vk "$T/vk2.bin" --max-memory 1M
[ ! -e "$T/pk2.bin" ] && ok setup_tiny_limit_wrote_nothing || bad setup_tiny_limit_wrote_nothing
expect_fail prove_tiny_limit 'needs about [0-9]+ MiB.*over --max-memory' -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$IN" -o "$T/p2.json" --max-memory 2000000
[ ! -e "$T/p2.json" ] && ok prove_tiny_limit_wrote_nothing || bad prove_tiny_limit_wrote_nothing
expect prove_generous_limit 0 '"proof_bytes"' -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$IN" -o "$T/p3.json" --max-memory 4G --quiet
expect verify_generous 0 '^accept' -- "$ZK" verify --vk "$T/vk.bin" --proof "$T/p3.json"
expect setup_generous_limit 0 '"vk_bytes"' -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --pk "$T/pk3.bin" --vk "$T/vk3.bin" --max-memory 2GiB --quiet
expect_fail max_memory_garbage 'max-memory' -- "$ZK" prove -C "$T/m.zkc" --pk "$T/pk.bin" -D "$IN" --max-memory 12parsecs
expect_fail max_memory_zero 'max-memory' -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --max-memory 0
expect_fail max_memory_overflow 'max-memory' -- "$ZK" setup -C "$T/m.zkc" --srs "$T/srs.bin" --max-memory 99999999999999999999G

echo "$SUITE: optimize"
cp "$T/s.json" "$T/o.json"
expect optimize_time 0 'chosen: width [0-9]+' -- "$ZK" optimize -M "$M" -S "$T/o.json"
n=$(grep -cE '^ +[0-9]+ +(on|off) +(on|off) +[0-9]+ ' "$T/out")
[ "$n" -ge 6 ] && ok "optimize_candidates ($n)" || bad "optimize_candidates: $n rows"
w=$(json_num "$T/o.json" width)
grep -q "chosen: width $w " "$T/out" && ok "optimize_wrote_width ($w)" || bad "optimize_wrote_width: settings say $w"
"$ZK" compile -M "$M" -S "$T/o.json" -o "$T/o.zkc" >/dev/null 2>&1 &&
    "$ZK" estimate -C "$T/o.zkc" --json >"$T/oest.json" 2>/dev/null &&
    "$ZK" srs --dev --logrows "$(json_num "$T/oest.json" srs_logrows)" -o "$T/srs2.bin" >/dev/null 2>&1 &&
    "$ZK" setup -C "$T/o.zkc" --srs "$T/srs2.bin" --pk "$T/opk.bin" --vk "$T/ovk.bin" --quiet >/dev/null 2>&1 &&
    "$ZK" prove -C "$T/o.zkc" --pk "$T/opk.bin" -D "$IN" -o "$T/op.json" --quiet >/dev/null 2>&1 &&
    "$ZK" verify --vk "$T/ovk.bin" --proof "$T/op.json" >/dev/null 2>&1 && ok optimize_choice_proves || bad optimize_choice_proves
expect optimize_size_json 0 '"chosen_width"' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/o2.json" --objective size --json
c=$(grep -c '"chosen":true' "$T/out")
[ "$c" = 1 ] && ok optimize_one_chosen || bad "optimize_one_chosen: $c"
expect optimize_gas 0 'chosen: width' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/o3.json" --objective gas

echo "$SUITE: Freivalds-checked convolutions"
# a CNN with settings.freivalds: the estimate's exact sizes hold for a circuit with late
# columns and a challenge, its proof verifies; the optimizer weighs freivalds on and off
# per width (MLP above: off only) and writes its choice
C=tests/onnx/models/cnn.onnx
CIN=tests/onnx/models/cnn.input.json
"$ZK" gen-settings -M "$C" -o "$T/fs.json" --scale 5 --act-bits 8 --freivalds on >/dev/null 2>&1 &&
    "$ZK" compile -M "$C" -S "$T/fs.json" -o "$T/f.zkc" >/dev/null 2>&1 || bad "compile the CNN with freivalds"
grep -q '"freivalds":true' "$T/fs.json" && ok settings_freivalds_on || bad settings_freivalds_on
expect estimate_freivalds_json 0 '"proof_bytes"' -- "$ZK" estimate -C "$T/f.zkc" --json
cp "$T/out" "$T/fest.json"
flr=$(json_num "$T/fs.json" logrows)
"$ZK" srs --dev --logrows $((flr + 1)) -o "$T/fsrs.bin" >/dev/null 2>&1
"$ZK" setup -C "$T/f.zkc" --srs "$T/fsrs.bin" --pk "$T/fpk.bin" --vk "$T/fvk.bin" --quiet >/dev/null 2>&1 || bad "setup (freivalds)"
expect prove_freivalds 0 '"proof_bytes"' -- "$ZK" prove -C "$T/f.zkc" --pk "$T/fpk.bin" -D "$CIN" -o "$T/fp.json" --quiet
for k in proof:fp.bin vk:fvk.bin pk:fpk.bin; do
    key=${k%%:*} file=${k#*:}
    want=$(size_of "$T/$file")
    got=$(json_num "$T/fest.json" "${key}_bytes")
    [ "$got" = "$want" ] && ok "freivalds_exact_${key}_bytes ($got)" || bad "freivalds_exact_${key}_bytes: estimated $got, real $want"
done
expect verify_freivalds 0 '^accept' -- "$ZK" verify --vk "$T/fvk.bin" --proof "$T/fp.json"
cp "$T/fs.json" "$T/fo.json"
expect optimize_freivalds 0 'chosen: width [0-9]+ \(freivalds (on|off)' -- "$ZK" optimize -M "$C" -S "$T/fo.json"
non=$(grep -cE '^ +[0-9]+ +on +(on|off) +[0-9]+ ' "$T/out")
noff=$(grep -cE '^ +[0-9]+ +off +(on|off) +[0-9]+ ' "$T/out")
[ "$non" -ge 6 ] && [ "$noff" -ge 6 ] && ok "optimize_freivalds_candidates ($non on, $noff off)" ||
    bad "optimize_freivalds_candidates: $non on, $noff off"
fc=$(sed -n 's/.*chosen: width [0-9]* (freivalds \([a-z]*\),.*/\1/p' "$T/out")
fw=$(sed -n 's/.*"freivalds": *\([a-z]*\).*/\1/p' "$T/fo.json")
{ [ "$fc" = on ] && [ "$fw" = true ]; } || { [ "$fc" = off ] && [ "$fw" = false ]; } &&
    ok "optimize_wrote_freivalds ($fc)" || bad "optimize_wrote_freivalds: chose '$fc', settings say '$fw'"

echo "$SUITE: four-input max rows"
# the same CNN (a MaxPool) with settings.max4 too: the exact sizes hold with the extra
# fixed column, gate and two lookups, the proof verifies; the optimizer weighs max4 on
# and off per width and writes its choice ("max4" only when on)
"$ZK" gen-settings -M "$C" -o "$T/ms.json" --scale 5 --act-bits 8 --freivalds on --max4 on >/dev/null 2>&1 &&
    "$ZK" compile -M "$C" -S "$T/ms.json" -o "$T/m4.zkc" >/dev/null 2>&1 || bad "compile the CNN with max4"
grep -q '"max4":true' "$T/ms.json" && ok settings_max4_on || bad settings_max4_on
expect estimate_max4_json 0 '"proof_bytes"' -- "$ZK" estimate -C "$T/m4.zkc" --json
cp "$T/out" "$T/mest.json"
mlr=$(json_num "$T/ms.json" logrows)
"$ZK" srs --dev --logrows $((mlr + 1)) -o "$T/msrs.bin" >/dev/null 2>&1
"$ZK" setup -C "$T/m4.zkc" --srs "$T/msrs.bin" --pk "$T/mpk.bin" --vk "$T/mvk.bin" --quiet >/dev/null 2>&1 || bad "setup (max4)"
expect prove_max4 0 '"proof_bytes"' -- "$ZK" prove -C "$T/m4.zkc" --pk "$T/mpk.bin" -D "$CIN" -o "$T/mp.json" --quiet
for k in proof:mp.bin vk:mvk.bin pk:mpk.bin; do
    key=${k%%:*} file=${k#*:}
    want=$(size_of "$T/$file")
    got=$(json_num "$T/mest.json" "${key}_bytes")
    [ "$got" = "$want" ] && ok "max4_exact_${key}_bytes ($got)" || bad "max4_exact_${key}_bytes: estimated $got, real $want"
done
# one fixed column and two lookups more than the freivalds-only circuit
fx=$(json_num "$T/fest.json" fixed_columns) mx=$(json_num "$T/mest.json" fixed_columns)
fl=$(json_num "$T/fest.json" lookups) ml=$(json_num "$T/mest.json" lookups)
[ "$mx" = $((fx + 1)) ] && [ "$ml" = $((fl + 2)) ] && ok "max4_columns ($fx -> $mx fixed, $fl -> $ml lookups)" ||
    bad "max4_columns: fixed $fx -> $mx, lookups $fl -> $ml"
expect verify_max4 0 '^accept' -- "$ZK" verify --vk "$T/mvk.bin" --proof "$T/mp.json"
cp "$T/fs.json" "$T/mo.json"
expect optimize_max4 0 'chosen: width [0-9]+ \(freivalds (on|off), max4 (on|off)' -- "$ZK" optimize -M "$C" -S "$T/mo.json" --objective size
mon=$(grep -cE '^ +[0-9]+ +(on|off) +on +[0-9]+ ' "$T/out")
moff=$(grep -cE '^ +[0-9]+ +(on|off) +off +[0-9]+ ' "$T/out")
[ "$mon" -ge 12 ] && [ "$moff" -ge 12 ] && ok "optimize_max4_candidates ($mon on, $moff off)" ||
    bad "optimize_max4_candidates: $mon on, $moff off"
mc=$(sed -n 's/.*chosen: width [0-9]* (freivalds [a-z]*, max4 \([a-z]*\),.*/\1/p' "$T/out")
{ [ "$mc" = on ] && grep -q '"max4":true' "$T/mo.json"; } || { [ "$mc" = off ] && ! grep -q '"max4"' "$T/mo.json"; } &&
    ok "optimize_wrote_max4 ($mc)" || bad "optimize_wrote_max4: chose '$mc'"
# the MLP (no max) has no max4 candidate
"$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/o4.json" >"$T/out" 2>&1
[ "$(grep -cE '^ +[0-9]+ +(on|off) +on +[0-9]+ ' "$T/out")" = 0 ] && ok optimize_mlp_no_max4 || bad optimize_mlp_no_max4

echo "$SUITE: SHPLONK opening (settings \"shplonk\")"
# the MLP with packs of at most 4 and of everything: the estimate's exact sizes and SRS
# hold for v3 keys and proofs, the proof verifies, the EVM count is K + 2 ecMul as in the
# generated contract; the optimizer weighs the schemes and writes its pick; bad values
# give one line and exit 2
for P in 4 256; do
    "$ZK" gen-settings -M "$M" -o "$T/sh$P.json" --scale 5 --act-bits 8 --shplonk $P >/dev/null 2>&1 &&
        "$ZK" compile -M "$M" -S "$T/sh$P.json" -o "$T/sh$P.zkc" >/dev/null 2>&1 || bad "compile with --shplonk $P"
    grep -q "\"shplonk\":$P" "$T/sh$P.json" && ok "settings_shplonk_$P" || bad "settings_shplonk_$P"
    expect "estimate_shplonk_$P" 0 '"shplonk":'$P -- "$ZK" estimate -C "$T/sh$P.zkc" --json
    cp "$T/out" "$T/sh$P.est"
    slr=$(json_num "$T/sh$P.est" srs_logrows)
    [ "$slr" -gt "$lr" ] && ok "shplonk_${P}_srs_larger ($slr > $lr)" || bad "shplonk_${P}_srs_larger: $slr vs $lr"
    "$ZK" srs --dev --logrows "$slr" -o "$T/shsrs$P.bin" >/dev/null 2>&1
    expect "setup_shplonk_$P" 0 '"vk_bytes"' -- "$ZK" setup -C "$T/sh$P.zkc" --srs "$T/shsrs$P.bin" --pk "$T/shpk$P.bin" --vk "$T/shvk$P.bin" --quiet
    expect "prove_shplonk_$P" 0 '"proof_bytes"' -- "$ZK" prove -C "$T/sh$P.zkc" --pk "$T/shpk$P.bin" -D "$IN" -o "$T/shp$P.json" --quiet
    for k in proof:shp$P.bin vk:shvk$P.bin pk:shpk$P.bin; do
        key=${k%%:*} file=${k#*:}
        want=$(size_of "$T/$file")
        got=$(json_num "$T/sh$P.est" "${key}_bytes")
        [ "$got" = "$want" ] && ok "shplonk_${P}_exact_${key}_bytes ($got)" || bad "shplonk_${P}_exact_${key}_bytes: estimated $got, real $want"
    done
    expect "verify_shplonk_$P" 0 '^accept' -- "$ZK" verify --vk "$T/shvk$P.bin" --proof "$T/shp$P.json"
    # K + 2 ecMul: the estimate's count, the layout's K and the generated contract agree
    "$ZK" create-evm-verifier --vk "$T/shvk$P.bin" -o "$T/sh$P.sol" >/dev/null 2>&1
    src=$(($(grep -o 'mulAcc(' "$T/sh$P.sol" | wc -l) - 1 + $(grep -o 'mulTo(' "$T/sh$P.sol" | wc -l) - 1))
    k=$(json_num "$T/sh$P.est" opened_polynomials) em=$(json_num "$T/sh$P.est" evm_ecmul)
    [ "$em" = $((k + 2)) ] && [ "$em" = "$src" ] && ok "shplonk_${P}_ecmul ($em = K + 2, source $src)" ||
        bad "shplonk_${P}_ecmul: estimate $em, K $k, source $src"
done
# fewer ecMul and less gas than GWC; packing everything: no more than packs of 4
g0=$(json_num "$T/est.json" evm_exec_gas) g4=$(json_num "$T/sh4.est" evm_exec_gas) g256=$(json_num "$T/sh256.est" evm_exec_gas)
python3 -c "import sys; a, b, c = map(float, sys.argv[1:]); sys.exit(0 if c <= b < a else 1)" "$g0" "$g4" "$g256" &&
    ok "shplonk_gas_order ($g0 > $g4 >= $g256)" || bad "shplonk_gas_order: $g0, $g4, $g256"
# a GWC SRS is too short for a v3 circuit: one line naming the --logrows to use
expect_fail setup_shplonk_short_srs 'needs [0-9]+: make one with zkinfer srs --dev --logrows [0-9]+' -- "$ZK" setup -C "$T/sh256.zkc" --srs "$T/srs.bin" --pk "$T/x.bin" --vk "$T/xv.bin"
for v in -1 257 1.5 on; do
    expect "gen_settings_bad_shplonk ($v)" 2 'shplonk must be off or a pack limit 1..256' -- "$ZK" gen-settings -M "$M" -o "$T/x.json" --shplonk "$v"
done
sed 's/"shplonk":4/"shplonk":300/' "$T/sh4.json" >"$T/bad_sh.json"
expect_fail estimate_settings_shplonk_over 'shplonk.*out of range' -- "$ZK" estimate -M "$M" -S "$T/bad_sh.json"
sed 's/"shplonk":4/"shplonk":"4"/' "$T/sh4.json" >"$T/bad_sh2.json"
expect_fail compile_settings_shplonk_string 'shplonk.*must be an integer' -- "$ZK" compile -M "$M" -S "$T/bad_sh2.json" -o "$T/x.zkc"
# optimize: gas weighs GWC and SHPLONK per layout and picks SHPLONK (far fewer ecMul)
expect optimize_gas_shplonk 0 'chosen: width [0-9]+ .*opening P=[0-9]+' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/og.json" --objective gas
ng=$(grep -cE '^ +[0-9]+ +(on|off) +(on|off) +[0-9]+ +gwc ' "$T/out")
np=$(grep -cE '^ +[0-9]+ +(on|off) +(on|off) +[0-9]+ +P=[0-9]+ ' "$T/out")
[ "$ng" -ge 6 ] && [ "$np" -ge 6 ] && ok "optimize_schemes ($ng gwc, $np shplonk)" || bad "optimize_schemes: $ng gwc, $np shplonk"
cp=$(sed -n 's/.*chosen: width [0-9]* (.*opening P=\([0-9]*\),.*/\1/p' "$T/out")
[ -n "$cp" ] && grep -q "\"shplonk\":$cp" "$T/og.json" && ok "optimize_wrote_shplonk ($cp)" || bad "optimize_wrote_shplonk: chose '$cp'"
expect optimize_gas_json 0 '"chosen_shplonk":[1-9]' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/og2.json" --objective gas --json

# optimize --max-gas: the fastest layout whose EVM verifier fits the cap
expect optimize_max_gas_wide 0 '"chosen_width"' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/mg0.json" --max-gas 1000000000 --json
gmin=$(sed -n 's/.*"exec_gas":\([0-9.e+]*\).*/\1/p' "$T/out" | sort -g | head -1)
gmax=$(sed -n 's/.*"exec_gas":\([0-9.e+]*\).*/\1/p' "$T/out" | sort -g | tail -1)
cap=$(awk -v a="$gmin" 'BEGIN { printf "%.0f", a + 1 }')
expect optimize_max_gas_tight 0 '"chosen_width"' -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/mg1.json" --max-gas "$cap" --json
chosen_gas=$(awk '/"exec_gas"/ { g = $0; sub(/.*"exec_gas":/, "", g); sub(/,.*/, "", g) } /"chosen":true/ { print g }' "$T/out")
nover=$(grep -c '"over_max_gas":true' "$T/out")
awk -v g="$chosen_gas" -v c="$cap" 'BEGIN { exit !(g != "" && g + 0 <= c + 0) }' && [ "$nover" -ge 1 ] &&
    ok "optimize_max_gas_respected (chose $chosen_gas <= $cap of $gmin..$gmax; $nover over)" ||
    bad "optimize_max_gas_respected: chose '$chosen_gas', cap $cap, $nover over"
expect_fail optimize_max_gas_impossible "no layout's EVM verifier fits --max-gas 1000" -- "$ZK" optimize -M "$M" -S "$T/s.json" -o "$T/mg2.json" --max-gas 1000
[ ! -e "$T/mg2.json" ] && ok optimize_max_gas_impossible_writes_nothing || bad optimize_max_gas_impossible_writes_nothing
for v in 0 -5 abc 1e99; do
    expect "optimize_max_gas_bad ($v)" 2 'max-gas must be a positive number' -- "$ZK" optimize -M "$M" -S "$T/s.json" --max-gas "$v"
done

echo "$SUITE: bad input"
expect_fail estimate_no_args 'needs -C' -- "$ZK" estimate
expect_fail estimate_both 'needs -C' -- "$ZK" estimate -C "$T/m.zkc" -M "$M" -S "$T/s.json"
expect_fail estimate_missing_zkc 'nope.zkc' -- "$ZK" estimate -C "$T/nope.zkc"
printf 'garbage' >"$T/junk.zkc"
expect_fail estimate_junk_zkc 'junk.zkc|zkc' -- "$ZK" estimate -C "$T/junk.zkc"
expect_fail estimate_settings_not_json 'json|settings|JSON' -- "$ZK" estimate -M "$M" -S "$IN"
expect_fail estimate_model_not_onnx '.' -- "$ZK" estimate -M "$IN" -S "$T/s.json"
expect_fail optimize_bad_objective 'objective' -- "$ZK" optimize -M "$M" -S "$T/s.json" --objective fast
expect_fail optimize_no_settings 'needs -M' -- "$ZK" optimize -M "$M"
# a damaged cache is measured again, not an error
printf '{"format": "zkinfer-cost-model", "version": "x"}' >"$T/cost.json"
expect estimate_damaged_cache 0 '"proof_bytes"' -- "$ZK" estimate -C "$T/m.zkc" --json
grep -q '"ntt_ns"' "$T/cost.json" && ok damaged_cache_rewritten || bad damaged_cache_rewritten

echo "$SUITE: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
