// Cross-checks zkinfer's native Poseidon (prover/core/poseidon) with the reference
// implementation circomlibjs (npm, pinned in package.json): every round constant and
// MDS entry of t = 2..17, Poseidon of 1..16 inputs, and the vector hash of `hashed`
// visibility (docs/PROTOCOL.md) on seeded random vectors of lengths 1..40.
//
//   node tests/poseidon/circomlib.mjs TOOL [--seed S]
// TOOL is the poseidon-tool binary (tests/poseidon/tools/poseidon_tool.c). Prints one
// "  ok   NAME" / "  FAIL NAME" line per case and a last line "CASES p f".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPoseidonReference } from 'circomlibjs';

const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const here = path.dirname(fileURLToPath(import.meta.url));
const tool = process.argv[2];
const seedArg = process.argv.indexOf('--seed');
let s = BigInt(seedArg > 0 ? process.argv[seedArg + 1] : 1) * 0x9e3779b97f4a7c15n + 1n;
const rand64 = () => {
    s = BigInt.asUintN(64, s ^ (s << 13n)); s ^= s >> 7n; s = BigInt.asUintN(64, s ^ (s << 17n));
    return s;
};

let pass = 0, fail = 0;
const res = (name, ok, detail = '') => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
    ok ? pass++ : fail++;
};

function runTool(args, input) {
    const r = spawnSync(tool, args, { input, maxBuffer: 1 << 28, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    return r.stdout;
}

const poseidon = await buildPoseidonReference();
const F = poseidon.F;
const ref = (xs) => BigInt(F.toString(poseidon(xs.map((x) => ((x % R) + R) % R))));

// the vector hash, written from its definition on top of circomlibjs
function refVec(xs) {
    if (xs.length <= 15) return ref(xs);
    let h = ref(xs.slice(0, 15));
    for (let i = 15; i < xs.length; i += 14) h = ref([h, ...xs.slice(i, i + 14)]);
    return h;
}

// constants: the tool's derivation against circomlibjs's table
const consts = JSON.parse(runTool(['consts'], ''));
const table = JSON.parse(fs.readFileSync(path.join(here, '../../node_modules/circomlibjs/src/poseidon_constants.json'), 'utf8'));
const RP = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
for (let t = 2; t <= 17; t++) {
    const c = consts[t], C = table.C[t - 2], M = table.M[t - 2];
    res(`consts_t${t}_rounds`, c.rf === 8 && c.rp === RP[t - 2], `rf ${c.rf} rp ${c.rp}`);
    const rcOk = c.rc.length === C.length && c.rc.every((x, i) => BigInt(x) === BigInt(C[i]));
    res(`consts_t${t}_round_constants_${C.length}`, rcOk);
    const mOk = c.mds.length === t && c.mds.every((row, i) => row.every((x, j) => BigInt(x) === BigInt(M[i][j])));
    res(`consts_t${t}_mds`, mOk);
}

// values: small signed integers (quantized features), int64 extremes, field elements
function value() {
    const k = rand64() % 8n;
    if (k === 0n) return BigInt.asIntN(16, rand64());
    if (k === 1n) return -(rand64() % 1000n);
    if (k === 2n) return [0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n][Number(rand64() % 5n)];
    if (k === 3n) return R - 1n;
    return (rand64() << 192n | rand64() << 128n | rand64() << 64n | rand64()) % R;
}
const fmt = (v) => (v >= 0n && v > 9223372036854775807n ? '0x' + v.toString(16) : v.toString());

const lines = [], want = [], names = [];
for (let n = 1; n <= 16; n++) {
    const xs = Array.from({ length: n }, value);
    lines.push('p ' + xs.map(fmt).join(' ')); want.push(ref(xs)); names.push(`poseidon_${n}_inputs`);
}
const lengths = Array.from({ length: 40 }, (_, i) => i + 1);
for (const n of lengths)
    for (let k = 0; k < 2; k++) {
        const xs = Array.from({ length: n }, value);
        lines.push('vec ' + xs.map(fmt).join(' ')); want.push(refVec(xs)); names.push(`hash_vec_len${n}_${k}`);
    }
// known values that anyone can check with circomlibjs by hand
lines.push('p 1 2'); want.push(7853200120776062878684798364095072458815029376092732009249414926327459813530n); names.push('poseidon_1_2_published');
const got = runTool(['hash'], lines.join('\n') + '\n').trim().split('\n');
for (let i = 0; i < lines.length; i++)
    res(names[i], got[i] !== undefined && BigInt(got[i]) === want[i], got[i] === undefined ? 'no output' : BigInt(got[i]) === want[i] ? '' : `tool ${got[i]}, circomlibjs 0x${want[i].toString(16)}`);

// the tool must refuse what the API refuses
const bad = spawnSync(tool, ['hash'], { input: 'p ' + Array(17).fill('1').join(' ') + '\n', encoding: 'utf8' });
res('poseidon_17_inputs_refused', bad.status === 2);
const bad2 = spawnSync(tool, ['hash'], { input: 'vec\n', encoding: 'utf8' });
res('hash_vec_empty_refused', bad2.status === 2);
console.log(`CASES ${pass} ${fail}`);
