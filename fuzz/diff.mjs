// The differential fuzzer: valid proofs with random mutations through the three verifiers
// (the full C verifier `zkinfer verify-raw`, the light verifier `zkv-verify`, and the
// generated Solidity verifier in @ethereumjs/evm). Any disagreement is a bug, and so is a
// mutated input that a verifier accepts.
//
//   node fuzz/diff.mjs --zkinfer BIN --light BIN --cases N --seed S --save DIR CIRCUIT...
//
// Each CIRCUIT directory holds vk.bin, Verifier.sol and valid pairs proof-K.bin /
// public-K.bin (K = 0, 1, ...). A case takes one pair and applies one to three mutations:
// a bit flip; an evaluation or public input plus r, set to r - 1 / r / 0, or changed by
// one; a coordinate plus p; a point replaced by another valid point (the generator, a
// random multiple of it, another point of the proof, its own negation, infinity) or moved
// off the curve; two words swapped; the proof or public inputs a word shorter or longer.
// Verdicts: accept / reject / malformed from the C verifiers (exit 0 / 1 / 2-3), accept /
// reject from the EVM (a revert counts as reject); the two C verifiers must give the same
// class and the EVM the same answer with malformed read as reject. Failing cases are
// written to the --save directory. Prints "  ok"/"  FAIL" lines and ends with
// "CASES pass fail".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import solc from 'solc';
import { createEVM } from '@ethereumjs/evm';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';
import { hexToBytes, bytesToHex } from '@ethereumjs/util';

const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;

function args(argv) {
    const o = { _: [] };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i].startsWith('--')) o[argv[i].slice(2)] = argv[++i];
        else o._.push(argv[i]);
    }
    return o;
}

// xorshift64*: reproducible from --seed
function prng(seed) {
    let s = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x2545f4914f6cdd1dn);
    const next = () => {
        s ^= s >> 12n; s ^= BigInt.asUintN(64, s << 25n); s ^= s >> 27n;
        return BigInt.asUintN(64, s * 0x2545f4914f6cdd1dn);
    };
    return { int: (n) => Number(next() % BigInt(n)), big: () => (next() << 192n) | (next() << 128n) | (next() << 64n) | next() };
}

const toWord = (n) => hexToBytes('0x' + BigInt.asUintN(256, n).toString(16).padStart(64, '0'));
const fromWord = (b, off) => BigInt(bytesToHex(b.subarray(off, off + 32)));

// affine G1 arithmetic mod P (for "another valid point"); null is infinity
const md = (a) => ((a % P) + P) % P;
const inv = (a) => {
    let r = 1n, b = md(a), e = P - 2n;
    for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
    return r;
};
function add(p, q) {
    if (!p) return q;
    if (!q) return p;
    if (p[0] === q[0] && md(p[1] + q[1]) === 0n) return null;
    const l = p[0] === q[0] ? md(3n * p[0] * p[0] * inv(2n * p[1])) : md((q[1] - p[1]) * inv(q[0] - p[0]));
    const x = md(l * l - p[0] - q[0]);
    return [x, md(l * (p[0] - x) - p[1])];
}
function mul(k, p) {
    let r = null;
    for (; k > 0n; k >>= 1n, p = add(p, p)) if (k & 1n) r = add(r, p);
    return r;
}

// the Solidity verifier deployed in a fresh EVM (Prague), as tests/evm does it
async function evmVerifier(sol) {
    const input = {
        language: 'Solidity',
        sources: { 'Verifier.sol': { content: fs.readFileSync(sol, 'utf8') } },
        settings: { optimizer: { enabled: true, runs: 1000000 }, evmVersion: 'cancun',
            outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.methodIdentifiers'] } } },
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errs = (out.errors || []).filter((e) => e.severity === 'error');
    if (errs.length) throw new Error(errs[0].formattedMessage);
    const cs = out.contracts['Verifier.sol'];
    const name = Object.keys(cs).find((n) => !n.endsWith('Key'));
    if (Object.keys(cs).length !== 1) throw new Error('diff.mjs: one contract per Verifier.sol expected');
    const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) });
    const dep = await evm.runCall({ data: hexToBytes('0x' + cs[name].evm.bytecode.object), gasLimit: 30_000_000n });
    if (dep.execResult.exceptionError) throw new Error('deploy failed');
    const addr = dep.createdAddress;
    const sel = hexToBytes('0x' + cs[name].evm.methodIdentifiers['verifyProof(bytes,uint256[])']);
    for (const [a] of evm.precompiles.entries()) evm.journal.addAlwaysWarmAddress(a);
    evm.journal.addAlwaysWarmAddress(bytesToHex(addr.bytes).slice(2));
    return async (proof, pub) => {
        // verifyProof(bytes proof, uint256[] instances), standard ABI encoding
        const pad = (proof.length + 31) & ~31;
        const data = new Uint8Array(4 + 96 + pad + 32 + pub.length);
        data.set(sel, 0);
        data.set(toWord(0x40n), 4);
        data.set(toWord(BigInt(0x60 + pad)), 36);
        data.set(toWord(BigInt(proof.length)), 68);
        data.set(proof, 100);
        data.set(toWord(BigInt(pub.length >> 5)), 100 + pad);
        data.set(pub, 132 + pad);
        const r = await evm.runCall({ to: addr, data, gasLimit: 10_000_000n });
        const rv = r.execResult.returnValue;
        return !r.execResult.exceptionError && rv.length === 32 && rv[31] === 1 && rv.subarray(0, 31).every((x) => !x)
            ? 'accept' : 'reject';
    };
}

function cVerdict(cmd, tmp, proof, pub) {
    const pp = path.join(tmp, 'proof.bin'), xp = path.join(tmp, 'public.bin');
    fs.writeFileSync(pp, proof);
    fs.writeFileSync(xp, pub);
    const r = spawnSync(cmd[0], cmd.slice(1).concat(cmd.tail(pp, xp)), { stdio: 'pipe' });
    if (r.status === null) return `signal ${r.signal}`;
    // zkv-verify: 2 malformed; zkinfer verify-raw: 3, 6 or 7 (prover/cli/cli_util.h)
    return { 0: 'accept', 1: 'reject', 2: 'malformed', 3: 'malformed', 6: 'malformed', 7: 'malformed' }[r.status] || `exit ${r.status}`;
}

// the proof's layout from the contract's offset table (PROOF_EVALS, PROOF_W), else a guess
function layout(sol, proofLen) {
    const src = fs.readFileSync(sol, 'utf8');
    const ev = /PROOF_EVALS = (0x[0-9a-f]+);/.exec(src), w = /PROOF_W[A-Z_]* = (0x[0-9a-f]+);/.exec(src);
    const evals = ev ? Number(ev[1]) : 0, wit = w ? Number(w[1]) : proofLen;
    return { evals, wit: wit > evals ? wit : proofLen, len: proofLen };
}

function mutate(rnd, proof, pub, L, names) {
    let pr = proof.slice(), px = pub.slice();
    const nComm = L.evals >> 6, nEval = (L.wit - L.evals) >> 5, nW = (proof.length - L.wit) >> 6;
    const pointOff = (k) => (k < nComm ? 64 * k : L.wit + 64 * (k - nComm));
    const nPts = nComm + nW;
    // after a length change the layout no longer applies: only layout-free mutations
    const kinds = pr.length === L.len ? ['flip', 'eval', 'pub', 'point', 'coord', 'swap', 'length']
        : ['flip', 'pub', 'swap', 'length'];
    const k = kinds[rnd.int(kinds.length)];
    switch (k) {
    case 'flip': {
        const onPub = px.length && (rnd.int(4) === 0 || !pr.length), b = onPub ? px : pr;
        if (!b.length) break;
        const i = rnd.int(b.length * 8);
        b[i >> 3] ^= 1 << (i & 7);
        names.push(`flip ${onPub ? 'public' : 'proof'} bit ${i}`);
        break;
    }
    case 'eval':
    case 'pub': {
        const isPub = k === 'pub' && px.length >= 32;
        const b = isPub ? px : pr, n = isPub ? px.length >> 5 : nEval;
        if (!n) break;
        const off = (isPub ? 0 : L.evals) + 32 * rnd.int(n), x = fromWord(b, off);
        const choices = [x + R, R - 1n, R, 0n, (x + 1n) % R, rnd.big() % R, x + P];
        const c = rnd.int(choices.length);
        b.set(toWord(choices[c]), off);
        names.push(`${isPub ? 'public' : 'evaluation'} @${off} -> choice ${c}`);
        break;
    }
    case 'point': {
        const off = pointOff(rnd.int(nPts)), x = fromWord(pr, off), y = fromWord(pr, off + 32);
        const c = rnd.int(6);
        let q;
        if (c === 0) q = null;
        else if (c === 1) q = [1n, 2n];
        else if (c === 2) q = mul(1n + (rnd.big() % (R - 1n)), [1n, 2n]);
        else if (c === 3) q = x === 0n && y === 0n ? null : [x, md(-y)];
        else if (c === 4) { const o = pointOff(rnd.int(nPts)); q = [fromWord(pr, o), fromWord(pr, o + 32)]; }
        else q = [x, md(y + 1n)]; // off the curve (unless infinity)
        pr.set(toWord(q ? q[0] : 0n), off);
        pr.set(toWord(q ? q[1] : 0n), off + 32);
        names.push(`point @${off} -> choice ${c}`);
        break;
    }
    case 'coord': {
        const off = pointOff(rnd.int(nPts)) + 32 * rnd.int(2);
        pr.set(toWord(fromWord(pr, off) + P), off);
        names.push(`coordinate @${off} + p`);
        break;
    }
    case 'swap': {
        const all = new Uint8Array(pr.length + px.length);
        all.set(pr);
        all.set(px, pr.length);
        const n = all.length >> 5;
        if (n < 2) break;
        const a = rnd.int(n), b = rnd.int(n);
        const t = all.slice(32 * a, 32 * a + 32);
        all.copyWithin(32 * a, 32 * b, 32 * b + 32);
        all.set(t, 32 * b);
        pr = all.slice(0, pr.length);
        px = all.slice(pr.length);
        names.push(`swap words ${a} ${b}`);
        break;
    }
    default: {
        const c = rnd.int(5);
        if (c === 0) pr = pr.slice(0, pr.length - 32);
        else if (c === 1) { const t = new Uint8Array(pr.length + 32); t.set(pr); pr = t; }
        else if (c === 2) px = px.slice(0, Math.max(0, px.length - 32));
        else if (c === 3) { const t = new Uint8Array(px.length + 32); t.set(px); px = t; }
        else pr = new Uint8Array(0);
        names.push(`length choice ${c}`);
    }
    }
    return [pr, px];
}

const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const o = args(process.argv.slice(2));
const cases = Number(o.cases || 200), rnd = prng(o.seed || 1);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zki-diff-'));
const circuits = [];
for (const dir of o._) {
    const vk = path.join(dir, 'vk.bin'), sol = path.join(dir, 'Verifier.sol');
    const pairs = [];
    for (let k = 0; fs.existsSync(path.join(dir, `proof-${k}.bin`)); k++)
        pairs.push([new Uint8Array(fs.readFileSync(path.join(dir, `proof-${k}.bin`))),
            new Uint8Array(fs.readFileSync(path.join(dir, `public-${k}.bin`)))]);
    const full = [o.zkinfer, 'verify-raw', '--vk', vk];
    full.tail = (p, x) => ['--proof', p, '--public', x];
    const light = [o.light, vk];
    light.tail = (p, x) => [p, x];
    circuits.push({ dir, vk, pairs, evm: await evmVerifier(sol), L: layout(sol, pairs[0][0].length), full, light });
}

let pass = 0, fail = 0, saved = 0;
const tally = { accept: 0, reject: 0, malformed: 0 };
const report = (ok, name, detail) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
    ok ? pass++ : fail++;
};
// the valid pairs first: every verifier accepts
for (const c of circuits)
    for (const [i, [pr, px]] of c.pairs.entries()) {
        const v = [cVerdict(c.full, tmp, pr, px), cVerdict(c.light, tmp, pr, px), await c.evm(pr, px)];
        report(v.every((x) => x === 'accept'), `${path.basename(c.dir)}_valid_${i}`, `full ${v[0]}, light ${v[1]}, evm ${v[2]}`);
    }
let bad = [];
for (let i = 0; i < cases; i++) {
    const c = circuits[rnd.int(circuits.length)], [proof, pub] = c.pairs[rnd.int(c.pairs.length)];
    let pr = proof, px = pub;
    const names = [];
    for (let m = 1 + rnd.int(3); m > 0; m--) [pr, px] = mutate(rnd, pr, px, c.L, names);
    const changed = !eq(pr, proof) || !eq(px, pub);
    const full = cVerdict(c.full, tmp, pr, px), light = cVerdict(c.light, tmp, pr, px), evm = await c.evm(pr, px);
    tally[full] = (tally[full] || 0) + 1;
    const norm = (v) => (v === 'malformed' ? 'reject' : v);
    const agree = full === light && norm(full) === evm;
    const sound = !changed || full !== 'accept';
    if (!agree || !sound) {
        const where = o.save ? path.join(o.save, `case-${o.seed || 1}-${i}`) : null;
        if (where && saved++ < 20) {
            fs.mkdirSync(where, { recursive: true });
            fs.copyFileSync(c.vk, path.join(where, 'vk.bin'));
            fs.writeFileSync(path.join(where, 'proof.bin'), pr);
            fs.writeFileSync(path.join(where, 'public.bin'), px);
        }
        bad.push(`case ${i} (${path.basename(c.dir)}; ${names.join(', ')}): full ${full}, light ${light}, evm ${evm}` +
            `${sound ? '' : ' (a changed input accepted)'}${where ? ', saved in ' + where : ''}`);
    }
}
report(bad.length === 0, `mutations_${cases}_seed_${o.seed || 1}`,
    bad.length ? bad.slice(0, 10).join('\n       ') : `full verifier: ${tally.accept} accept, ${tally.reject} reject, ${tally.malformed} malformed`);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`CASES ${pass} ${fail}`);
