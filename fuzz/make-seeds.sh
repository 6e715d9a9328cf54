#!/bin/sh
# Makes the seed corpora of the libFuzzer harnesses from real artifacts, into
# build/fuzz/seeds/NAME/ (one directory per harness; input formats in fuzz/README.md):
#   - example-circuit VKs and proofs (`zkinfer example`, 2^4 rows with several witness
#     seeds, 2^5 rows variants 1 and 2, two with the SHPLONK opening: VK version 3) and a small model's (tests/onnx/models/relu.onnx through
#     gen-settings, compile, setup, prove): VK, proof, public inputs, pk.bin, model.zkc,
#     settings.json;
#   - development SRS files (2 and 8 powers);
#   - snarkjs .ptau files of power 2 (new, contributed, after prepare phase2);
#   - every ONNX model and input file of tests/onnx/models and examples/.
# Usage: sh fuzz/make-seeds.sh PATH/TO/zkinfer. Does nothing when the seeds are newer
# than zkinfer and this script. Exits non-zero if a seed cannot be made.
set -eu
ZK=$1
cd "$(dirname "$0")/.."
OUT=build/fuzz/seeds
STAMP=$OUT/.stamp
if [ -f "$STAMP" ] && [ "$STAMP" -nt "$ZK" ] && [ "$STAMP" -nt fuzz/make-seeds.sh ]; then
    exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
T=$(mktemp -d "$OUT/../tmp-seeds.XXXXXX")
trap 'rm -rf "$T"' EXIT
for h in zkv zkv_proof proof vk pk zkc srs ptau onnx input_json settings; do mkdir -p "$OUT/$h"; done

# u16le N: two bytes, little-endian
u16le() { printf "\\$(printf '%03o' $(($1 & 255)))\\$(printf '%03o' $(($1 >> 8 & 255)))"; }
size() { wc -c <"$1" | tr -d ' '; }
# mode byte 0 (digest recomputed; see fuzz_common.h) and 1 (as is) before a file
with_mode() { printf '\000' >"$2"; cat "$1" >>"$2"; printf '\001' >"$3"; cat "$1" >>"$3"; }
# a zkv seed: mode, vk_len, proof_len, vk, proof, public inputs
zkv_seed() {
    { printf '\000'; u16le "$(size "$1")"; u16le "$(size "$2")"; cat "$1" "$2" "$3"; } >"$4"
}

# example circuit: one VK (the harnesses' fixed one, tests/evm/golden/example-k4.vk.bin)
# and several witnesses; then 2^5 rows, variant 1
for s in 1 2 3; do
    "$ZK" example --logrows 4 --seed "$s" -o "$T/ex4-$s" >/dev/null 2>&1
    cat "$T/ex4-$s/proof.bin" "$T/ex4-$s/public.bin" >"$OUT/proof/ex4-s$s"
    cp "$OUT/proof/ex4-s$s" "$OUT/zkv_proof/ex4-s$s"
done
if ! cmp -s "$T/ex4-1/vk.bin" tests/evm/golden/example-k4.vk.bin; then
    echo "make-seeds: zkinfer example --logrows 4 no longer gives tests/evm/golden/example-k4.vk.bin" >&2
    echo "make-seeds: the harnesses' fixed VK must match the proofs: regenerate the golden VK" >&2
    exit 1
fi
"$ZK" example --logrows 5 --variant 1 --seed 4 -o "$T/ex5" >/dev/null 2>&1
# variant 2: late advice columns and challenges (a version-2 VK)
"$ZK" example --logrows 5 --variant 2 --seed 5 -o "$T/ex5l" >/dev/null 2>&1
# version 3 (SHPLONK opening): packs of at most 2; one pack of everything with late columns
"$ZK" example --logrows 4 --shplonk 2 --seed 6 -o "$T/ex4s" >/dev/null 2>&1
"$ZK" example --logrows 5 --variant 2 --shplonk 256 --seed 7 -o "$T/ex5s" >/dev/null 2>&1
zkv_seed "$T/ex4s/vk.bin" "$T/ex4s/proof.bin" "$T/ex4s/public.bin" "$OUT/zkv/ex4v3"
zkv_seed "$T/ex5s/vk.bin" "$T/ex5s/proof.bin" "$T/ex5s/public.bin" "$OUT/zkv/ex5v3"
with_mode "$T/ex4s/vk.bin" "$OUT/vk/ex4v3" "$OUT/vk/ex4v3-raw"
with_mode "$T/ex5s/vk.bin" "$OUT/vk/ex5v3" "$OUT/vk/ex5v3-raw"
zkv_seed "$T/ex4-1/vk.bin" "$T/ex4-1/proof.bin" "$T/ex4-1/public.bin" "$OUT/zkv/ex4"
zkv_seed "$T/ex5/vk.bin" "$T/ex5/proof.bin" "$T/ex5/public.bin" "$OUT/zkv/ex5v1"
zkv_seed "$T/ex5l/vk.bin" "$T/ex5l/proof.bin" "$T/ex5l/public.bin" "$OUT/zkv/ex5v2"
with_mode "$T/ex4-1/vk.bin" "$OUT/vk/ex4" "$OUT/vk/ex4-raw"
with_mode "$T/ex5/vk.bin" "$OUT/vk/ex5v1" "$OUT/vk/ex5v1-raw"
with_mode "$T/ex5l/vk.bin" "$OUT/vk/ex5v2" "$OUT/vk/ex5v2-raw"

# a small model through the whole flow
M=tests/onnx/models
"$ZK" gen-settings -M $M/relu.onnx -o "$T/relu.json" --scale 2 --act-bits 4 --width 4 >/dev/null
"$ZK" compile -M $M/relu.onnx -S "$T/relu.json" -o "$T/relu.zkc" >/dev/null
"$ZK" gen-settings -M $M/mlp.onnx -o "$T/mlp.json" --scale 3 --act-bits 6 --width 8 --input-visibility public >/dev/null
"$ZK" compile -M $M/mlp.onnx -S "$T/mlp.json" -o "$T/mlp.zkc" >/dev/null
lr=$(sed -n 's/.*"logrows": *\([0-9]*\).*/\1/p' "$T/relu.json")
"$ZK" srs --dev --logrows $((lr + 1)) -o "$T/srs.bin" >/dev/null 2>&1
"$ZK" setup -C "$T/relu.zkc" --srs "$T/srs.bin" --pk "$T/pk.bin" --vk "$T/vk.bin" --quiet >/dev/null
"$ZK" prove -C "$T/relu.zkc" --pk "$T/pk.bin" -D $M/relu.input.json -o "$T/proof.json" --quiet >/dev/null
zkv_seed "$T/vk.bin" "$T/proof.bin" "$T/proof.public.bin" "$OUT/zkv/relu"
with_mode "$T/vk.bin" "$OUT/vk/relu" "$OUT/vk/relu-raw"
with_mode "$T/pk.bin" "$OUT/pk/relu" "$OUT/pk/relu-raw"
with_mode "$T/relu.zkc" "$OUT/zkc/relu" "$OUT/zkc/relu-raw"
with_mode "$T/mlp.zkc" "$OUT/zkc/mlp" "$OUT/zkc/mlp-raw"
cp "$T/relu.json" "$OUT/settings/relu.json"
cp "$T/mlp.json" "$OUT/settings/mlp.json"

# SRS files: 2 powers (mode 0, and mode 2: keep 2) and 8 powers
"$ZK" srs --dev --logrows 1 -o "$T/srs1.bin" >/dev/null 2>&1
"$ZK" srs --dev --logrows 3 -o "$T/srs3.bin" >/dev/null 2>&1
with_mode "$T/srs1.bin" "$OUT/srs/dev1" "$OUT/srs/dev1-raw"
with_mode "$T/srs3.bin" "$OUT/srs/dev3" "$OUT/srs/dev3-raw"
{ printf '\002'; cat "$T/srs3.bin"; } >"$OUT/srs/dev3-keep2"

# .ptau of power 2 from snarkjs: control byte 0 (all powers, Lagrange of size 1),
# 0x81 (keep 3 powers, size 2), 0x02 (size 4)
SNARKJS=node_modules/.bin/snarkjs
if ! command -v node >/dev/null 2>&1 || [ ! -x "$SNARKJS" ]; then
    echo "make-seeds: node or $SNARKJS missing; run: sh scripts/install-deps.sh" >&2
    exit 1
fi
"$SNARKJS" powersoftau new bn128 2 "$T/p0.ptau" >/dev/null
"$SNARKJS" powersoftau contribute "$T/p0.ptau" "$T/p1.ptau" --name=zkinfer-fuzz -e="zkinfer fuzz seed" >/dev/null
"$SNARKJS" powersoftau prepare phase2 "$T/p1.ptau" "$T/p2.ptau" >/dev/null
for f in p0 p1 p2; do
    { printf '\000'; cat "$T/$f.ptau"; } >"$OUT/ptau/$f"
    { printf '\201'; cat "$T/$f.ptau"; } >"$OUT/ptau/$f-keep3"
done
{ printf '\002'; cat "$T/p2.ptau"; } >"$OUT/ptau/p2-lagrange4"

# ONNX models and input files
for f in $M/*.onnx examples/*/model.onnx; do
    cp "$f" "$OUT/onnx/$(echo "$f" | tr '/' '_')"
done
for f in $M/*.input.json examples/*/input.json; do
    cp "$f" "$OUT/input_json/$(echo "$f" | tr '/' '_')"
done
printf '{"input_data": [[1, -2.5, 3e-3, [4, [5]]]]}' >"$OUT/input_json/nested.json"

n=$(find "$OUT" -type f | wc -l)
echo "make-seeds: $n seed files in $OUT"
touch "$STAMP"
