// The EVM test harness for generated verifiers: compiles a Verifier.sol with the real
// Solidity compiler (npm `solc`, pinned), deploys it in a real EVM (@ethereumjs/evm,
// Prague: BN254 precompiles at EIP-1108 prices), calls verifyProof with the calldata from
// `zkinfer encode-calldata`, and compares the EVM's verdict with the C verifiers'.
//
//   node tests/evm/evm.mjs check DIR --zkinfer BIN [--light BIN] [--corrupt N] [--seed S]
//                                    [--v1-proof FILE] [--reject-proof FILE]
//       DIR holds vk.bin proof.bin public.bin Verifier.sol calldata.hex; --reject-proof
//       names a proof of the same length that every verifier must reject. Prints one
//       "  ok   NAME" / "  FAIL NAME" line per case and a last line "CASES p f".
//   node tests/evm/evm.mjs gas DIR [--debug-sol FILE]
//       prints a JSON object: execution gas, calldata gas, bytecode size and, with a
//       debug build (create-evm-verifier --debug-phases), the gas of each phase.
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
const EIP170 = 24576;
export const SOLC_SETTINGS = {
    optimizer: { enabled: true, runs: 1000000 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] } },
};

function compile(file) {
    const input = {
        language: 'Solidity',
        sources: { [path.basename(file)]: { content: fs.readFileSync(file, 'utf8') } },
        settings: SOLC_SETTINGS,
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors || []).filter((e) => e.severity === 'error');
    const warnings = (out.errors || []).filter((e) => e.severity !== 'error');
    const contracts = {};
    for (const src of Object.values(out.contracts || {}))
        for (const [name, c] of Object.entries(src))
            contracts[name] = {
                creation: hexToBytes('0x' + c.evm.bytecode.object),
                runtimeSize: c.evm.deployedBytecode.object.length / 2,
                methods: c.evm.methodIdentifiers,
            };
    return { errors, warnings, contracts, version: solc.version() };
}

async function newEvm() {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    return createEVM({ common });
}

async function deploy(evm, creation) {
    const r = await evm.runCall({ data: creation, gasLimit: 30_000_000n });
    if (r.execResult.exceptionError) throw new Error('deploy failed: ' + r.execResult.exceptionError.error);
    return r.createdAddress;
}

// the verifier (and, for --separate-vk builds, its VK contract first)
async function deployVerifier(evm, comp) {
    const names = Object.keys(comp.contracts);
    const key = names.find((n) => n.endsWith('Key'));
    const main = names.find((n) => !n.endsWith('Key'));
    let creation = comp.contracts[main].creation, keyAddr = null;
    if (key) {
        keyAddr = await deploy(evm, comp.contracts[key].creation);
        const arg = new Uint8Array(32);
        arg.set(keyAddr.bytes, 12);
        const c = new Uint8Array(creation.length + 32);
        c.set(creation);
        c.set(arg, creation.length);
        creation = c;
    }
    const addr = await deploy(evm, creation);
    // sizes of the code actually deployed (a VK data contract returns its own code)
    const sizes = { [main]: (await evm.stateManager.getCode(addr)).length };
    if (key) sizes[key] = (await evm.stateManager.getCode(keyAddr)).length;
    return { addr, main, key, sizes };
}

// verdict of one call: 'accept' only for a 32-byte 1; a revert or false is 'reject'
// As in a transaction (EIP-2929, what @ethereumjs/vm's runTx does): the precompiles and
// the called contract are warm from the start.
function warm(evm, to) {
    for (const [a] of evm.precompiles.entries()) evm.journal.addAlwaysWarmAddress(a);
    evm.journal.addAlwaysWarmAddress(bytesToHex(to.bytes).slice(2));
}

async function call(evm, to, data, gasLimit = 10_000_000n) {
    warm(evm, to);
    const r = await evm.runCall({ to, data, gasLimit });
    const rv = r.execResult.returnValue;
    const ok = !r.execResult.exceptionError && rv.length === 32 && BigInt(bytesToHex(rv)) === 1n;
    return { verdict: ok ? 'accept' : 'reject', gas: r.execResult.executionGasUsed, reverted: !!r.execResult.exceptionError };
}

function calldataGas(data) {
    let g = 0;
    for (const b of data) g += b ? 16 : 4;
    return g;
}

// gas of the whole transaction under Prague: 21000 + max(calldata + execution, EIP-7623 floor)
function txGas(data, execution) {
    let tokens = 0;
    for (const b of data) tokens += b ? 4 : 1;
    return 21000 + Math.max(calldataGas(data) + execution, 10 * tokens);
}

function word(n) {
    return hexToBytes('0x' + n.toString(16).padStart(64, '0'));
}

function readWord(buf, off) {
    return BigInt(bytesToHex(buf.subarray(off, off + 32)));
}

// ABI encoding of verifyProof(bytes,uint256[]) from the standard encoding's parts
function encode(selector, proof, pub) {
    const pad = (proof.length + 31) & ~31;
    const out = new Uint8Array(4 + 64 + 32 + pad + 32 + pub.length);
    out.set(selector, 0);
    out.set(word(0x40n), 4);
    out.set(word(BigInt(0x40 + 32 + pad)), 36);
    out.set(word(BigInt(proof.length)), 68);
    out.set(proof, 100);
    out.set(word(BigInt(pub.length / 32)), 100 + pad);
    out.set(pub, 132 + pad);
    return out;
}

function rng(seed) {
    let s = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 1n);
    return () => {
        s ^= s << 13n; s = BigInt.asUintN(64, s);
        s ^= s >> 7n;
        s ^= s << 17n; s = BigInt.asUintN(64, s);
        return Number(s >> 11n) / 2 ** 53;
    };
}

// verdicts of the C verifiers: 'accept' (exit 0), 'reject' (1), 'malformed' (zkinfer: 3, 6 or 7,
// prover/cli/cli_util.h; zkv-verify: 2)
function cVerdict(bin, args, tmp, proof, pub) {
    fs.writeFileSync(path.join(tmp, 'p.bin'), proof);
    fs.writeFileSync(path.join(tmp, 'x.bin'), pub);
    const r = spawnSync(bin, args(path.join(tmp, 'p.bin'), path.join(tmp, 'x.bin')), { stdio: 'pipe' });
    if (r.status === null) return `signal ${r.signal}`;
    return r.status === 0 ? 'accept' : r.status === 1 ? 'reject' : [2, 3, 6, 7].includes(r.status) ? 'malformed' : `exit ${r.status}`;
}

function parseArgs(argv) {
    const o = { _: [] };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i].startsWith('--')) {
            const k = argv[i].slice(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o[k] = argv[++i];
            else o[k] = true;
        } else o._.push(argv[i]);
    }
    return o;
}

async function check(dir, opt) {
    let pass = 0, fail = 0;
    const res = (name, ok, detail = '') => {
        console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
        ok ? pass++ : fail++;
    };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkevm-'));
    const vk = path.join(dir, 'vk.bin');
    const proof = new Uint8Array(fs.readFileSync(path.join(dir, 'proof.bin')));
    const pub = new Uint8Array(fs.readFileSync(path.join(dir, 'public.bin')));
    const calldata = hexToBytes(fs.readFileSync(path.join(dir, 'calldata.hex'), 'utf8').trim());
    const comp = compile(path.join(dir, 'Verifier.sol'));
    res('solc_compiles', comp.errors.length === 0, comp.errors.map((e) => e.formattedMessage).join('\n').slice(0, 2000));
    res('solc_no_warnings', comp.warnings.length === 0, comp.warnings.map((e) => e.formattedMessage).join('\n').slice(0, 2000));
    if (comp.errors.length) {
        console.log(`CASES ${pass} ${fail}`);
        return;
    }
    const names = Object.keys(comp.contracts);
    const evm = await newEvm();
    const { addr, sizes } = await deployVerifier(evm, comp);
    for (const n of names) res(`eip170_deployed_size_${n}`, sizes[n] <= EIP170, `${sizes[n]} bytes`);
    const selector = calldata.subarray(0, 4);
    const main = names.find((n) => !n.endsWith('Key'));
    res('calldata_selector_matches_solc', comp.contracts[main].methods['verifyProof(bytes,uint256[])'] === bytesToHex(selector).slice(2),
        `solc ${comp.contracts[main].methods['verifyProof(bytes,uint256[])']}, calldata ${bytesToHex(selector)}`);
    res('calldata_matches_abi_encoding', bytesToHex(calldata) === bytesToHex(encode(selector, proof, pub)));

    const verifiers = [['full', opt.zkinfer, (p, x) => ['verify-raw', '--vk', vk, '--proof', p, '--public', x]]];
    if (opt.light) verifiers.push(['light', opt.light, (p, x) => [vk, p, x]]);
    // one differential case: EVM and every C verifier give `want` (reject also matches malformed)
    const agree = async (name, pr, px, want, data) => {
        const e = await call(evm, addr, data || encode(selector, pr, px));
        const vs = verifiers.map(([vn, bin, args]) => [vn, cVerdict(bin, args, tmp, pr, px)]);
        const norm = (v) => (v === 'malformed' ? 'reject' : v);
        const ok = e.verdict === want && vs.every(([, v]) => norm(v) === want);
        return { ok, detail: `evm ${e.verdict}${e.reverted ? ' (revert)' : ''}, ` + vs.map(([n, v]) => `${n} ${v}`).join(', '), gas: e.gas };
    };

    const valid = await agree('valid', proof, pub, 'accept', calldata);
    res('valid_proof_accepted_by_evm_and_c', valid.ok, `${valid.detail}, gas ${valid.gas}`);

    // a proof of the older zkinfer-plonk-v1 for this VK (it carried the quotient chunks'
    // evaluations): every verifier refuses it
    if (opt['v1-proof']) {
        const old = new Uint8Array(fs.readFileSync(opt['v1-proof']));
        const r = await agree('v1', old, pub, 'reject');
        res('zkinfer_plonk_v1_proof_rejected', r.ok && old.length > proof.length, `${old.length} bytes (v2: ${proof.length}); ${r.detail}`);
    }

    // proof offsets as the generator wrote them into the contract (-1: not named)
    const src = fs.readFileSync(path.join(dir, 'Verifier.sol'), 'utf8');
    const off = (name) => { const m = new RegExp(`${name} = (0x[0-9a-f]+);`).exec(src); return m ? Number(m[1]) : -1; };

    // a proof the caller made wrong on purpose (e.g. late columns filled for other
    // challenges): every verifier rejects it
    if (opt['reject-proof']) {
        const pr = new Uint8Array(fs.readFileSync(opt['reject-proof']));
        const r = await agree('wrong', pr, pub, 'reject');
        res(`proof_${path.basename(opt['reject-proof'], '.bin')}_rejected`, r.ok && pr.length === proof.length,
            `${pr.length} bytes; ${r.detail}`);
    }

    // the quotient's value is derived (T(ζ) = C(ζ)/Z_H(ζ)): a changed evaluation changes it,
    // a changed quotient commitment changes what is opened; both must be rejected
    {
        const ev = off('PROOF_EVALS'), t = off('PROOF_T'), nt = (ev - t) / 64;
        if (ev >= 0 && t >= 0 && nt >= 1) {
            for (const [name, o] of [['first', ev], ['last', off('PROOF_W') - 32]]) {
                const pr = proof.slice();
                pr.set(word((readWord(proof, o) + 1n) % R), o);
                const r = await agree('eval+1', pr, pub, 'reject');
                res(`${name}_evaluation_plus_one_rejected`, r.ok, r.detail);
            }
            let pr = proof.slice();
            pr.set(word(1n), t);
            pr.set(word(2n), t + 32);
            let r = await agree('T0=G', pr, pub, 'reject');
            res('quotient_chunk_0_replaced_by_generator_rejected', r.ok, r.detail);
            if (nt >= 2) {
                pr = proof.slice();
                pr.set(proof.subarray(t + 64 * (nt - 1), t + 64 * nt), t);
                pr.set(proof.subarray(t, t + 64), t + 64 * (nt - 1));
                r = await agree('T swap', pr, pub, 'reject');
                res('quotient_chunks_first_and_last_swapped_rejected', r.ok, r.detail);
            }
        } else res('contract_names_quotient_offsets', false, `PROOF_T ${t}, PROOF_EVALS ${ev}`);
    }

    // late advice columns (a second phase, docs/PROTOCOL.md §4.4 step 2): the contract names
    // PROOF_ADVICE_LATE. Each commitment is replaced by another valid point (the generator
    // G, or its own negation), so only the transcript and the opening can notice: an early
    // one feeds the circuit's challenges, a late one θ and everything after. Swapping the
    // last early and the first late commitment keeps the set of words, only their order
    // (which side of the challenges) changes.
    // SHPLONK (v3): the same with witness packs, PROOF_WPACKS_S2 (the late advice and [m])
    // up to PROOF_WPACKS_S3
    const v3late = off('PROOF_WPACKS_S2') >= 0;
    const late = v3late ? off('PROOF_WPACKS_S2') : off('PROOF_ADVICE_LATE');
    if (late >= 0) {
        const [endName, what] = v3late ? ['PROOF_WPACKS_S3', 'witness_pack'] : ['PROOF_M', 'advice'];
        const m = off(endName), G = new Uint8Array(64);
        G.set(word(1n), 0);
        G.set(word(2n), 32);
        const targets = [['first_late', late], ['last_late', m - 64]];
        if (late > 0) targets.push(['first_early', 0], ['last_early', late - 64]);
        res(`contract_names_late_${what}_offsets`, m > late && (m - late) % 64 === 0, `late ${late}, ${endName} ${m}`);
        for (const [name, o] of targets) {
            let pr = proof.slice();
            pr.set(G, o);
            let r = await agree('G', pr, pub, 'reject');
            res(`${name}_${what}_commitment_replaced_by_generator_rejected`, r.ok, r.detail);
            pr = proof.slice();
            const y = readWord(proof, o + 32);
            pr.set(word((P - y) % P), o + 32);
            r = await agree('neg', pr, pub, 'reject');
            res(`${name}_${what}_commitment_negated_rejected`, r.ok, r.detail);
        }
        if (late > 0) {
            const pr = proof.slice();
            pr.set(proof.subarray(late, late + 64), late - 64);
            pr.set(proof.subarray(late - 64, late), late);
            const r = await agree('swap', pr, pub, 'reject');
            res(`last_early_and_first_late_${what}_swapped_rejected`, r.ok, r.detail);
        }
    }

    // SHPLONK (zkinfer-plonk-v3, docs/PROTOCOL.md §4.7): every commitment of the proof
    // (the witness packs', [T]) and both witnesses [W], [W'] replaced by another valid
    // point (the generator G, its own negation), every evaluation + 1 (the witness packs'
    // added ones too: they are opened though no constraint reads them), and [W], [W']
    // swapped: each changes what one opening term claims, and every verifier rejects
    if (/keccak256\("zkinfer-plonk-v3"\)/.test(src)) {
        const ev = off('PROOF_EVALS'), w = off('PROOF_W'), G = new Uint8Array(64);
        G.set(word(1n), 0);
        G.set(word(2n), 32);
        const points = [];
        for (let o = 0; o < ev; o += 64) points.push([`commitment_at_${o}`, o]);
        points.push(['w', w], ['w_prime', w + 64]);
        res('v3_proof_ends_with_two_witnesses', w >= 0 && w + 128 === proof.length, `PROOF_W ${w}, ${proof.length} bytes`);
        const badG = [], badNeg = [], badEval = [];
        for (const [name, o] of points) {
            let pr = proof.slice();
            pr.set(G, o);
            // the generator itself is no change for a commitment that is G (never in practice)
            if (bytesToHex(proof.subarray(o, o + 64)) !== bytesToHex(G)) {
                const r = await agree('G', pr, pub, 'reject');
                if (!r.ok) badG.push(`${name}: ${r.detail}`);
            }
            pr = proof.slice();
            const y = readWord(proof, o + 32);
            if (y === 0n) continue; // the point at infinity is its own negation
            pr.set(word(P - y), o + 32);
            const r = await agree('neg', pr, pub, 'reject');
            if (!r.ok) badNeg.push(`${name}: ${r.detail}`);
        }
        res(`v3_every_commitment_and_witness_replaced_by_generator_rejected_${points.length}`, badG.length === 0, badG.slice(0, 3).join('; '));
        res(`v3_every_commitment_and_witness_negated_rejected_${points.length}`, badNeg.length === 0, badNeg.slice(0, 3).join('; '));
        for (let o = ev; o < w; o += 32) {
            const pr = proof.slice();
            pr.set(word((readWord(proof, o) + 1n) % R), o);
            const r = await agree('eval+1', pr, pub, 'reject');
            if (!r.ok) badEval.push(`evaluation ${(o - ev) / 32}: ${r.detail}`);
        }
        res(`v3_every_evaluation_plus_one_rejected_${(w - ev) / 32}`, badEval.length === 0, badEval.slice(0, 3).join('; '));
        const pr = proof.slice();
        pr.set(proof.subarray(w + 64, w + 128), w);
        pr.set(proof.subarray(w, w + 64), w + 64);
        const r = await agree('swap', pr, pub, 'reject');
        res('v3_w_and_w_prime_swapped_rejected', r.ok, r.detail);
    }

    // random single-byte corruptions of the proof: every verifier rejects
    const n = Number(opt.corrupt || 300), seed = Number(opt.seed || 1), rnd = rng(seed);
    let bad = [];
    for (let i = 0; i < n; i++) {
        const pos = Math.floor(rnd() * proof.length), x = 1 + Math.floor(rnd() * 255);
        const pr = proof.slice();
        pr[pos] ^= x;
        const r = await agree('corrupt', pr, pub, 'reject');
        if (!r.ok) bad.push(`byte ${pos} ^= ${x}: ${r.detail}`);
    }
    res(`proof_byte_corruptions_rejected_${n}_seed_${seed}`, bad.length === 0, bad.slice(0, 5).join('; '));
    // random single-byte corruptions anywhere in the calldata (ABI head, lengths, inputs)
    bad = [];
    for (let i = 0; i < 100; i++) {
        const pos = Math.floor(rnd() * calldata.length), x = 1 + Math.floor(rnd() * 255);
        const cd = calldata.slice();
        cd[pos] ^= x;
        const e = await call(evm, addr, cd);
        if (e.verdict !== 'reject') bad.push(`calldata byte ${pos} ^= ${x}`);
    }
    res('calldata_byte_corruptions_rejected_100', bad.length === 0, bad.slice(0, 5).join('; '));

    // public inputs: changed (+1 mod r), non-canonical (+ r), wrong count
    for (let i = 0; i < pub.length / 32; i++) {
        const x = readWord(pub, 32 * i);
        const px = pub.slice();
        px.set(word((x + 1n) % R), 32 * i);
        const r1 = await agree('pub', proof, px, 'reject');
        res(`changed_public_input_${i}_rejected`, r1.ok, r1.detail);
        px.set(word(x + R), 32 * i);
        const r2 = await agree('pub', proof, px, 'reject');
        res(`public_input_${i}_plus_r_rejected`, r2.ok, r2.detail);
    }
    if (pub.length) {
        const r = await agree('fewer', proof, pub.slice(0, pub.length - 32), 'reject');
        res('one_instance_fewer_rejected', r.ok, r.detail);
    }
    {
        const px = new Uint8Array(pub.length + 32);
        px.set(pub);
        const r = await agree('more', proof, px, 'reject');
        res('one_instance_more_rejected', r.ok, r.detail);
    }
    // proof length
    {
        const r1 = await agree('short', proof.slice(0, proof.length - 32), pub, 'reject');
        res('proof_one_word_short_rejected', r1.ok, r1.detail);
        const pr = new Uint8Array(proof.length + 32);
        pr.set(proof);
        const r2 = await agree('long', pr, pub, 'reject');
        res('proof_one_word_long_rejected', r2.ok, r2.detail);
        const r3 = await agree('empty', new Uint8Array(0), pub, 'reject');
        res('empty_proof_rejected', r3.ok, r3.detail);
    }
    // encodings: a scalar >= r, a coordinate >= p (same point mod p), a point off the curve,
    // and the point at infinity in place of the first commitment
    {
        // the proof offsets come from the generator's table, as written into the contract
        const m = /PROOF_EVALS = (0x[0-9a-f]+);/.exec(fs.readFileSync(path.join(dir, 'Verifier.sol'), 'utf8'));
        const evalOff = m ? Number(m[1]) : -1;
        res('contract_names_proof_offsets', evalOff >= 0);
        if (evalOff >= 0) {
            const pr = proof.slice();
            pr.set(word(readWord(proof, evalOff) + R), evalOff);
            const r = await agree('eval+r', pr, pub, 'reject');
            res('evaluation_plus_r_rejected', r.ok, r.detail);
        }
        let pr = proof.slice();
        pr.set(word(readWord(proof, 0) + P), 0);
        let r = await agree('x+p', pr, pub, 'reject');
        res('commitment_x_plus_p_rejected', r.ok, r.detail);
        pr = proof.slice();
        pr.set(word((readWord(proof, 32) + 1n) % P), 32);
        r = await agree('offcurve', pr, pub, 'reject');
        res('commitment_off_curve_rejected', r.ok, r.detail);
        pr = proof.slice();
        pr.fill(0, 0, 64);
        r = await agree('infinity', pr, pub, 'reject');
        res('commitment_at_infinity_rejected', r.ok, r.detail);
        pr = proof.slice();
        pr.set(word(readWord(proof, proof.length - 32) + P), proof.length - 32);
        r = await agree('w.y+p', pr, pub, 'reject');
        res('opening_witness_y_plus_p_rejected', r.ok, r.detail);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`gas: execution ${valid.gas}, calldata ${calldataGas(calldata)} (${calldata.length} bytes), ` +
        names.map((k) => `${k} ${sizes[k]} bytes`).join(', '));
    console.log(`CASES ${pass} ${fail}`);
}

const PHASES = ['abi decode + dispatch', 'checks + copy', 'transcript', 'lagrange + instances', 'constraints',
    'msm (scalars + ecMul/ecAdd)', 'pairing'];

async function gas(dir, opt) {
    const calldata = hexToBytes(fs.readFileSync(path.join(dir, 'calldata.hex'), 'utf8').trim());
    const comp = compile(path.join(dir, 'Verifier.sol'));
    if (comp.errors.length) throw new Error(comp.errors[0].formattedMessage);
    const evm = await newEvm();
    const { addr, main, key, sizes } = await deployVerifier(evm, comp);
    const r = await call(evm, addr, calldata);
    const out = {
        accepted: r.verdict === 'accept', execution_gas: Number(r.gas), calldata_gas: calldataGas(calldata),
        calldata_bytes: calldata.length, tx_gas: txGas(calldata, Number(r.gas)), bytecode_bytes: sizes[main], solc: comp.version,
    };
    if (key) out.vk_contract_bytes = sizes[key];
    if (opt['debug-sol']) {
        const dc = compile(opt['debug-sol']);
        if (dc.errors.length) throw new Error(dc.errors[0].formattedMessage);
        const devm = await newEvm();
        const d = await deployVerifier(devm, dc);
        const phases = PHASES.map((name) => ({ name, gas: 0, precompiles: {} }));
        let cur = 0, prev = null, total = 0;
        devm.events.on('step', (s, resolve) => {
            if (s.depth === 0) {
                if (prev) {
                    const cost = Number(prev.gasLeft - s.gasLeft);
                    total += cost;
                    if (prev.op !== 'LOG1') {
                        phases[prev.phase].gas += cost;
                        if (process.env.ZKI_OPS) {
                            const o = (phases[prev.phase].ops = phases[prev.phase].ops || {});
                            o[prev.op] = (o[prev.op] || 0) + cost;
                        }
                        if (prev.op === 'STATICCALL') {
                            const pc = phases[prev.phase].precompiles;
                            const k = '0x0' + prev.addr.toString(16);
                            pc[k] = pc[k] || { calls: 0, gas: 0 };
                            pc[k].calls++;
                            pc[k].gas += cost;
                        }
                    }
                }
                const st = s.stack;
                if (s.opcode.name === 'LOG1') cur = Number(st[st.length - 3]);
                prev = { gasLeft: s.gasLeft, op: s.opcode.name, phase: cur, addr: s.opcode.name === 'STATICCALL' ? st[st.length - 2] : 0n };
            }
            if (resolve) resolve();
        });
        const dr = await call(devm, d.addr, calldata);
        const rest = Number(dr.gas) - total; // the last step (RETURN) has no successor
        phases[prev.phase].gas += rest;
        const markers = Number(dr.gas) - phases.reduce((a, p) => a + p.gas, 0);
        out.debug_accepted = dr.verdict === 'accept';
        out.debug_execution_gas = Number(dr.gas);
        out.phase_markers_gas = markers;
        out.phases = phases;
    }
    console.log(JSON.stringify(out, null, 1));
}

const args = parseArgs(process.argv.slice(2));
const [cmd, dir] = args._;
if (cmd === 'check') await check(dir, args);
else if (cmd === 'gas') await gas(dir, args);
else {
    console.error('usage: node tests/evm/evm.mjs check DIR --zkinfer BIN [--light BIN] [--corrupt N] [--seed S] | gas DIR [--debug-sol FILE]');
    process.exit(2);
}
