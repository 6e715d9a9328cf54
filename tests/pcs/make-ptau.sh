#!/bin/sh
# Generates the snarkjs reference files that tests/pcs/test_ptau.c reads, into
# build/test-ptau/ (power 8: 511 G1 powers, a few seconds):
#   pot8_0.ptau       `snarkjs powersoftau new bn128 8`: sections 1-7, tau = 1
#                     (nobody contributed; zki_ptau_read must refuse it)
#   pot8.ptau         one contribution on top of it: sections 1-7
#   pot8_phase2.ptau  `powersoftau prepare phase2` of pot8.ptau: sections 1-7, 12-15
#   pot8.points       the first 16 tauG1 and 2 tauG2 points of pot8.ptau decoded by
#                     snarkjs's own library (ffjavascript G1/G2.fromRprLEM + toAffine),
#                     an oracle independent of prover/pcs/ptau.c: lines
#                     "g1 i x y" and "g2 i x.c0 x.c1 y.c0 y.c1", 64 hex digits each.
# Needs node and the packages pinned in package-lock.json (`npm ci` in the repo root,
# done by scripts/install-deps.sh). Does nothing when the files are newer than
# package-lock.json and this script. Exits non-zero if they cannot be made.
set -eu
cd "$(dirname "$0")/../.."
SELF=tests/pcs/make-ptau.sh
OUT=build/test-ptau
SNARKJS=node_modules/.bin/snarkjs

fresh=1
for f in pot8_0.ptau pot8.ptau pot8_phase2.ptau pot8.points; do
    if [ ! -s "$OUT/$f" ] || [ package-lock.json -nt "$OUT/$f" ] || [ "$SELF" -nt "$OUT/$f" ]; then
        fresh=0
    fi
done
[ "$fresh" = 1 ] && exit 0

if ! command -v node >/dev/null 2>&1 || [ ! -x "$SNARKJS" ]; then
    echo "make-ptau: node or $SNARKJS missing; run: sh scripts/install-deps.sh" >&2
    exit 1
fi

mkdir -p "$OUT"
TMP=$(mktemp -d "$OUT/tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

"$SNARKJS" powersoftau new bn128 8 "$TMP/pot8_0.ptau" >/dev/null
"$SNARKJS" powersoftau contribute "$TMP/pot8_0.ptau" "$TMP/pot8.ptau" \
    --name=zkinfer-test -e="zkinfer test entropy $(date +%s)" >/dev/null
"$SNARKJS" powersoftau prepare phase2 "$TMP/pot8.ptau" "$TMP/pot8_phase2.ptau" >/dev/null

# The oracle lives under the repo root, so node finds the pinned packages in the
# repo's node_modules by walking up from the script's directory.
cat >"$TMP/points.mjs" <<'EOF'
import { buildBn128 } from "ffjavascript";
import { readBinFile } from "@iden3/binfileutils";
const [file, nG1] = process.argv.slice(2);
const { fd, sections } = await readBinFile(file, "ptau", 1);
const curve = await buildBn128(true);
const hex = (v) => v.toString(16).padStart(64, "0");
const lines = [];
for (let i = 0; i < Number(nG1); i++) {
    const b = await fd.read(64, sections[2][0].p + 64 * i);
    const [x, y] = curve.G1.toObject(curve.G1.toAffine(curve.G1.fromRprLEM(b, 0)));
    lines.push(`g1 ${i} ${hex(x)} ${hex(y)}`);
}
for (let i = 0; i < 2; i++) {
    const b = await fd.read(128, sections[3][0].p + 128 * i);
    const [x, y] = curve.G2.toObject(curve.G2.toAffine(curve.G2.fromRprLEM(b, 0)));
    lines.push(`g2 ${i} ${hex(x[0])} ${hex(x[1])} ${hex(y[0])} ${hex(y[1])}`);
}
await fd.close();
await curve.terminate();
console.log(lines.join("\n"));
EOF
node "$TMP/points.mjs" "$TMP/pot8.ptau" 16 >"$TMP/pot8.points"

for f in pot8_0.ptau pot8.ptau pot8_phase2.ptau pot8.points; do mv "$TMP/$f" "$OUT/$f"; done
echo "make-ptau: wrote $OUT/pot8_0.ptau pot8.ptau pot8_phase2.ptau pot8.points"
