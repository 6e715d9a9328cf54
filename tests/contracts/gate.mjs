// The EVM tests of contracts/CreditGate.sol, and the check of `zkinfer attest` against
// ethers. The gate is compiled with the real Solidity compiler (npm `solc`, pinned) and
// run in @ethereumjs/evm (Prague); the trusted provider's attestations are signed by the
// C CLI (`zkinfer attest sign`), other signers by ethers.
//
//   node tests/contracts/gate.mjs check --zkinfer BIN [--verifier-dir DIR [--other-dir DIR2]]
//       one "  ok   NAME" / "  FAIL NAME" line per case, then "CASES p f"
//   node tests/contracts/gate.mjs gas --zkinfer BIN [--verifier-dir DIR]
//       JSON: the happy path's execution, calldata and transaction gas
//
// The proof source. Without --verifier-dir the gate calls tests/contracts/MockVerifier.sol,
// which accepts exactly the (proof, instances) pairs registered with it; the public inputs
// follow the layout of `input_visibility: hashed` (docs/PROTOCOL.md §8.2): [input hash,
// score]. With --verifier-dir DIR (the one switch to the real thing) the gate calls the
// generated verifier DIR/Verifier.sol on DIR/proof.json (its instances and vk_digest), i.e.
// the credit model proved with hashed input visibility; every case below stays the same.
// --other-dir DIR2 holds a proof of the credit model compiled with other settings (another
// VK): the "different model" cases then use that real proof. The happy path sends the
// calldata `zkinfer attest calldata` printed (checked equal to ethers' encoding).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { createEVM } from '@ethereumjs/evm';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';
import { createAddressFromString, createZeroAddress, hexToBytes, bytesToHex } from '@ethereumjs/util';
import { Interface, AbiCoder, Wallet, TypedDataEncoder, Signature, getAddress, keccak256, toBeHex, zeroPadValue } from 'ethers';
import { buildPoseidonReference } from 'circomlibjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const CHAIN_ID = 1n; // @ethereumjs/common Mainnet
const NOW = 1_900_000_000n; // block timestamp of every call
const TYPES = {
    Attestation: [
        { name: 'borrower', type: 'address' },
        { name: 'inputHash', type: 'bytes32' },
        { name: 'vkDigest', type: 'bytes32' },
        { name: 'nonce', type: 'uint256' },
        { name: 'expiry', type: 'uint256' },
    ],
};

function parseArgs(argv) {
    const o = { _: [] };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i].startsWith('--')) o[argv[i].slice(2)] = argv[++i];
        else o._.push(argv[i]);
    }
    return o;
}

// ---- solc and the EVM ----

function compile(files) {
    const sources = {};
    for (const f of files) sources[path.basename(f)] = { content: fs.readFileSync(f, 'utf8') };
    const input = {
        language: 'Solidity',
        sources,
        settings: {
            optimizer: { enabled: true, runs: 1000000 },
            evmVersion: 'cancun',
            outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
        },
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors || []).filter((e) => e.severity === 'error');
    const warnings = (out.errors || []).filter((e) => e.severity !== 'error');
    const contracts = {};
    for (const src of Object.values(out.contracts || {}))
        for (const [name, c] of Object.entries(src))
            contracts[name] = { abi: c.abi, iface: new Interface(c.abi), creation: c.evm.bytecode.object, runtimeSize: c.evm.deployedBytecode.object.length / 2 };
    return { errors, warnings, contracts };
}

class Chain {
    static async create() {
        const c = new Chain();
        c.evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) });
        return c;
    }
    block(timestamp) {
        return {
            header: {
                number: 1n, coinbase: createZeroAddress(), timestamp, difficulty: 0n, prevRandao: new Uint8Array(32),
                gasLimit: 30_000_000n, baseFeePerGas: undefined, slotNumber: 0n, getBlobGasPrice: () => undefined,
            },
        };
    }
    async deploy(contract, args = [], from = '0x' + '0d'.repeat(20)) {
        const data = contract.creation + contract.iface.encodeDeploy(args).slice(2);
        const r = await this.evm.runCall({ caller: createAddressFromString(from), data: hexToBytes('0x' + data), gasLimit: 30_000_000n, block: this.block(NOW) });
        if (r.execResult.exceptionError) throw new Error('deploy failed: ' + r.execResult.exceptionError.error);
        return r.createdAddress.toString();
    }
    // a transaction-like call: the callee and the precompiles warm (EIP-2929), as in runTx
    async call(to, data, from, timestamp = NOW) {
        for (const [a] of this.evm.precompiles.entries()) this.evm.journal.addAlwaysWarmAddress(a);
        this.evm.journal.addAlwaysWarmAddress(to.slice(2).toLowerCase());
        const r = await this.evm.runCall({
            caller: createAddressFromString(from), to: createAddressFromString(to), data: hexToBytes(data),
            gasLimit: 10_000_000n, block: this.block(timestamp),
        });
        return { reverted: !!r.execResult.exceptionError, ret: bytesToHex(r.execResult.returnValue), gas: r.execResult.executionGasUsed, logs: r.execResult.logs || [] };
    }
}

function calldataGas(hex) {
    let g = 0;
    for (const b of hexToBytes(hex)) g += b ? 16 : 4;
    return g;
}

// Prague: 21000 + max(calldata + execution, EIP-7623 floor)
function txGas(hex, execution) {
    let tokens = 0;
    for (const b of hexToBytes(hex)) tokens += b ? 4 : 1;
    return 21000 + Math.max(calldataGas(hex) + Number(execution), 10 * tokens);
}

function rng(seed) {
    let s = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 1n);
    return () => {
        s ^= s << 13n; s = BigInt.asUintN(64, s);
        s ^= s >> 7n;
        s ^= s << 17n; s = BigInt.asUintN(64, s);
        return s;
    };
}
const randBytes = (next, n) => '0x' + Array.from({ length: n }, () => Number(next() & 0xffn).toString(16).padStart(2, '0')).join('');
const fieldEncode = (v) => ((v % R) + R) % R;

// ---- the zkinfer CLI ----

function zk(bin, args) {
    const r = spawnSync(bin, args, { encoding: 'utf8' });
    return { status: r.status, out: ((r.stdout || '') + (r.stderr || '')).split('\n')[0], stdout: r.stdout || '' };
}

// signs with `zkinfer attest sign`; returns the parsed att.json
function cliSign(bin, tmp, keyPath, domain, msg) {
    const out = path.join(tmp, `att-${Math.random().toString(36).slice(2)}.json`);
    const r = zk(bin, ['attest', 'sign', '--key', keyPath, '--chain-id', domain.chainId.toString(), '--contract', domain.verifyingContract,
        '--borrower', msg.borrower, '--input-hash', msg.inputHash, '--vk-digest', msg.vkDigest, '--nonce', msg.nonce.toString(),
        '--expiry', msg.expiry.toString(), '-o', out]);
    if (r.status !== 0) throw new Error('zkinfer attest sign failed: ' + r.out);
    return { ...JSON.parse(fs.readFileSync(out, 'utf8')), path: out };
}

// ---- proof sources ----

// a vector hash over quantized features, written from its definition on circomlibjs
async function sampleInputHash(features) {
    const p = await buildPoseidonReference();
    const h = (xs) => BigInt(p.F.toString(p(xs.map(fieldEncode))));
    if (features.length <= 15) return h(features);
    let a = h(features.slice(0, 15));
    for (let i = 15; i < features.length; i += 14) a = h([a, ...features.slice(i, i + 14)]);
    return a;
}

async function mockSource(chain, comp, next, tmp) {
    const mock = comp.contracts.MockVerifier;
    const addr = await chain.deploy(mock);
    const features = [37n, -3n, 120n, 0n, 5n, 64n, -128n, 90n, 12n, 7n, 255n, -40n];
    const inputHash = await sampleInputHash(features);
    const score = 211n; // a signed fixed-point integer at the output scale
    const proof = randBytes(next, 1600);
    const instances = [inputHash, fieldEncode(score)];
    // another model's proof: its own VK digest, registered as valid as well
    const otherProof = randBytes(next, 1600);
    const register = async (p, x) => {
        const r = await chain.call(addr, mock.iface.encodeFunctionData('setValid', [p, x, true]), '0x' + '0d'.repeat(20));
        if (r.reverted) throw new Error('setValid reverted');
    };
    await register(proof, instances);
    await register(otherProof, instances);
    const vkDigest = keccak256('0x' + Buffer.from('credit model vk').toString('hex'));
    const proofJson = path.join(tmp, 'mock-proof.json');
    fs.writeFileSync(proofJson, JSON.stringify({ format: 'zkinfer-proof-v2', vk_digest: vkDigest, proof, instances: instances.map((x) => toBeHex(x, 32)) }));
    return {
        kind: 'mock', verifier: addr, hashIndex: 0, scoreIndex: 1, proof, instances, score, vkDigest, proofJson,
        other: { proof: otherProof, instances, vkDigest: keccak256('0x' + Buffer.from('another model vk').toString('hex')) },
    };
}

async function realSource(chain, dir, otherDir) {
    const comp = compile([path.join(dir, 'Verifier.sol')]);
    if (comp.errors.length) throw new Error('Verifier.sol: ' + comp.errors.map((e) => e.formattedMessage).join('\n'));
    const name = Object.keys(comp.contracts).find((n) => !n.endsWith('Key'));
    const addr = await chain.deploy(comp.contracts[name]);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'proof.json'), 'utf8'));
    const settings = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    const instances = pj.instances.map((x) => BigInt(x));
    const digest = pj.vk_digest;
    // layout of `input_visibility: hashed`: the input hash first, the score (the model's
    // one output) last
    const hashIndex = 0, scoreIndex = instances.length - 1;
    const v = instances[scoreIndex];
    const score = v > R / 2n ? v - R : v;
    // another model: a real proof of the credit model compiled with other settings (its
    // own VK), or without --other-dir the same proof attested for a different VK digest
    let other = { proof: pj.proof, instances, vkDigest: keccak256(digest) };
    if (otherDir) {
        const po = JSON.parse(fs.readFileSync(path.join(otherDir, 'proof.json'), 'utf8'));
        other = { proof: po.proof, instances: po.instances.map((x) => BigInt(x)), vkDigest: po.vk_digest, real: true };
    }
    return { kind: `generated (${path.basename(dir)})`, verifier: addr, proof: pj.proof, instances, score, vkDigest: digest, other, hashIndex, scoreIndex,
        proofJson: path.join(dir, 'proof.json'), zkc: /"input_visibility":\s*"hashed"/.test(settings) ? path.join(dir, 'model.zkc') : null };
}

// ---- the cases ----

async function run(opt) {
    let pass = 0, fail = 0;
    const res = (name, ok, detail = '') => {
        console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
        ok ? pass++ : fail++;
    };
    const bin = opt.zkinfer;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zkgate-'));
    const next = rng(opt.seed || 7);
    const figures = {};
    try {
        // ---- zkinfer attest against ethers ----
        const keyPath = path.join(tmp, 'provider.json');
        let r = zk(bin, ['attest', 'keygen', '-o', keyPath]);
        res('cli_keygen', r.status === 0, r.out.trim());
        const key = JSON.parse(fs.readFileSync(keyPath, 'utf8'));
        const provider = new Wallet(key.secret_key);
        res('cli_keygen_address_matches_ethers', provider.address === key.address, `${provider.address} vs ${key.address}`);
        res('cli_keygen_file_mode_0600', (fs.statSync(keyPath).mode & 0o777) === 0o600);
        r = zk(bin, ['attest', 'keygen', '-o', keyPath]);
        res('cli_keygen_refuses_to_overwrite', r.status === 3, r.out.trim());
        for (let k = 0; k < 6; k++) {
            const domain = { name: 'zkinfer CreditGate', version: '1', chainId: k === 0 ? 1n : next() % 100000n, verifyingContract: getAddress(randBytes(next, 20)) };
            const msg = {
                borrower: getAddress(randBytes(next, 20)), inputHash: randBytes(next, 32), vkDigest: randBytes(next, 32),
                nonce: k === 1 ? (1n << 256n) - 1n : next(), expiry: k === 2 ? 0n : next() << 64n | next(),
            };
            const att = cliSign(bin, tmp, keyPath, domain, msg);
            const want = TypedDataEncoder.hash(domain, TYPES, msg);
            res(`attest_digest_matches_ethers_${k}`, att.digest === want, `${att.digest} vs ${want}`);
            const sig = await provider.signTypedData(domain, TYPES, msg);
            res(`attest_signature_matches_ethers_${k}`, att.signature === sig, `${att.signature} vs ${sig}`);
        }
        // verify: accept, reject, malformed
        const d0 = { name: 'zkinfer CreditGate', version: '1', chainId: 5n, verifyingContract: getAddress(randBytes(next, 20)) };
        const m0 = { borrower: getAddress(randBytes(next, 20)), inputHash: randBytes(next, 32), vkDigest: randBytes(next, 32), nonce: 1n, expiry: 2n };
        const att0 = cliSign(bin, tmp, keyPath, d0, m0);
        const attPath = path.join(tmp, 'att0.json');
        const writeAtt = (a) => fs.writeFileSync(attPath, JSON.stringify(a));
        writeAtt(att0);
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_accepts', r.status === 0 && /accept/.test(r.out), r.out.trim());
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', getAddress(randBytes(next, 20))]);
        res('cli_verify_rejects_other_signer', r.status === 1 && /reject: signed by/.test(r.out), r.out.trim());
        const ethersSig = await Wallet.createRandom().signTypedData(d0, TYPES, m0);
        writeAtt({ ...att0, signature: ethersSig });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_rejects_ethers_signature_of_other_key', r.status === 1, r.out.trim());
        writeAtt({ ...att0, message: { ...att0.message, nonce: '2' } });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_refuses_stale_digest', r.status === 3 && /digest/.test(r.out), r.out.trim());
        const { digest: _d, ...noDigest } = att0;
        writeAtt({ ...noDigest, message: { ...att0.message, nonce: '2' } });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_rejects_changed_message', r.status === 1, r.out.trim());
        const s0 = Signature.from(att0.signature);
        const highS = '0x' + s0.r.slice(2) + toBeHex(N - BigInt(s0.s), 32).slice(2) + (s0.v === 27 ? '1c' : '1b');
        writeAtt({ ...att0, signature: highS });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_refuses_high_s', r.status === 3 && /malformed signature/.test(r.out), r.out.trim());
        writeAtt({ ...att0, signature: att0.signature.slice(0, -2) + '01' });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_refuses_bad_v', r.status === 3 && /bad v/.test(r.out), r.out.trim());
        writeAtt({ ...att0, domain: { ...att0.domain, name: 'other' } });
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_refuses_other_domain_name', r.status === 3, r.out.trim());
        fs.writeFileSync(attPath, '{"domain": ');
        r = zk(bin, ['attest', 'verify', '--att', attPath, '--signer', key.address]);
        res('cli_verify_refuses_truncated_json', r.status === 6, r.out.trim()); // malformed file
        r = zk(bin, ['attest', 'verify', '--att', path.join(tmp, 'missing.json'), '--signer', key.address]);
        res('cli_verify_missing_file', r.status === 5, r.out.trim()); // missing file
        const signArgs = ['--key', keyPath, '--chain-id', '1', '--contract', m0.borrower, '--borrower', m0.borrower, '--input-hash', m0.inputHash,
            '--vk-digest', m0.vkDigest, '--nonce', '1', '--expiry', '2', '-o', path.join(tmp, 'x.json')];
        const badSign = (name, i, v, pat, code = 3) => {
            const a = [...signArgs];
            a[i] = v;
            const rr = zk(bin, ['attest', 'sign', ...a]);
            res(name, rr.status === code && pat.test(rr.out), rr.out.trim());
        };
        badSign('cli_sign_bad_checksum', 5, '0x5fbDB2315678afecb367f032d93F642f64180aa3', /EIP-55/);
        badSign('cli_sign_short_input_hash', 9, '0x1234', /--input-hash/);
        badSign('cli_sign_nonce_too_large', 13, '1' + '0'.repeat(78), /--nonce/);
        badSign('cli_sign_missing_key_file', 1, path.join(tmp, 'nokey.json'), /nokey/, 5);
        r = zk(bin, ['attest', 'sign', ...signArgs.slice(2)]);
        res('cli_sign_missing_option_is_usage', r.status === 2 && /missing --key/.test(r.out), r.out.trim());
        r = zk(bin, ['attest', 'frobnicate']);
        res('cli_unknown_subcommand_is_usage', r.status === 2, r.out.trim());

        // ---- the gate ----
        const comp = compile([path.join(ROOT, 'contracts/CreditGate.sol'), path.join(ROOT, 'tests/contracts/MockVerifier.sol')]);
        res('solc_compiles', comp.errors.length === 0, comp.errors.map((e) => e.formattedMessage).join('\n').slice(0, 2000));
        res('solc_no_warnings', comp.warnings.length === 0, comp.warnings.map((e) => e.formattedMessage).join('\n').slice(0, 2000));
        if (comp.errors.length) return { pass, fail };
        const chain = await Chain.create();
        const src = opt['verifier-dir'] ? await realSource(chain, opt['verifier-dir'], opt['other-dir']) : await mockSource(chain, comp, next, tmp);
        console.log(`  (verifier: ${src.kind}; score ${src.score})`);
        if (src.zkc) {
            // the provider's side: the hash of the features it saw, as the circuit exposes it
            const ih = zk(bin, ['attest', 'input-hash', '-C', src.zkc, '-D', path.join(ROOT, 'examples/credit-score/input.json')]);
            res('cli_input_hash_equals_proof_public_input', ih.status === 0 && BigInt(ih.stdout.trim()) === src.instances[src.hashIndex],
                `${ih.stdout.trim() || ih.out} vs ${toBeHex(src.instances[src.hashIndex], 32)}`);
        }
        const G = comp.contracts.CreditGate;
        const threshold = src.score - 10n;
        const amount = 5_000n * 10n ** 18n;
        const gate = await chain.deploy(G, [src.verifier, key.address, threshold, src.vkDigest, src.hashIndex, src.scoreIndex, amount]);
        const strictGate = await chain.deploy(G, [src.verifier, key.address, src.score + 1n, src.vkDigest, src.hashIndex, src.scoreIndex, amount]);
        res('gate_runtime_size', G.runtimeSize <= 24576, `${G.runtimeSize} bytes`);
        const alice = getAddress(randBytes(next, 20)), mallory = getAddress(randBytes(next, 20));
        const inputHash = toBeHex(src.instances[src.hashIndex], 32);
        let nonce = 100n;
        const domainOf = (g) => ({ name: 'zkinfer CreditGate', version: '1', chainId: CHAIN_ID, verifyingContract: getAddress(g) });
        const message = (over = {}) => ({ borrower: alice, inputHash, vkDigest: src.vkDigest, nonce: nonce++, expiry: NOW + 3600n, ...over });
        const attest = (msg, g = gate) => cliSign(bin, tmp, keyPath, domainOf(g), msg);
        const calldata = (att, proof = src.proof, instances = src.instances, sig = att.signature) => {
            const m = att.message;
            return G.iface.encodeFunctionData('requestCredit', [proof, instances, [m.borrower, m.inputHash, m.vkDigest, m.nonce, m.expiry], sig]);
        };
        const errorName = (ret) => {
            try { return G.iface.parseError(ret)?.name || `unknown revert ${ret.slice(0, 10)}`; } catch { return `undecodable revert ${ret.slice(0, 10)}`; }
        };
        // one case: a call that must end exactly with `want` ('success' or an error name)
        const expect = async (name, to, data, from, want, timestamp) => {
            const c = await chain.call(to, data, from, timestamp);
            const got = c.reverted ? errorName(c.ret) : 'success';
            res(name, got === want, got === want ? `${c.gas} gas` : `got ${got}, want ${want}`);
            return c;
        };

        // the contract's digest is the one zkinfer signs
        const mA = message();
        const attA = attest(mA);
        const onchain = await chain.call(gate, G.iface.encodeFunctionData('attestationDigest', [[mA.borrower, mA.inputHash, mA.vkDigest, mA.nonce, mA.expiry]]), alice);
        res('gate_digest_equals_zkinfer_digest', onchain.ret === attA.digest, `${onchain.ret} vs ${attA.digest}`);

        // happy path with the calldata `zkinfer attest calldata` printed, then the same
        // attestation again
        const cd = zk(bin, ['attest', 'calldata', '--proof', src.proofJson, '--att', attA.path]);
        const happyData = cd.status === 0 ? cd.stdout.trim() : calldata(attA); // ethers' bytes if the CLI failed (reported below)
        res('cli_calldata_equals_ethers_encoding', cd.status === 0 && happyData === calldata(attA), cd.status ? cd.out : `${happyData.length / 2 - 1} bytes`);
        const cdOther = zk(bin, ['attest', 'calldata', '--proof', src.proofJson, '--att', attest(message({ vkDigest: src.other.vkDigest })).path]);
        res('cli_calldata_refuses_attestation_for_other_vk', cdOther.status === 3 && /vkDigest/.test(cdOther.out), cdOther.out);
        const cdHash = zk(bin, ['attest', 'calldata', '--proof', src.proofJson, '--att',
            attest(message({ inputHash: toBeHex(fieldEncode(src.instances[src.hashIndex] + 1n), 32) })).path]);
        res('cli_calldata_refuses_attestation_for_other_input', cdHash.status === 3 && /inputHash/.test(cdHash.out), cdHash.out);
        const cdMissing = zk(bin, ['attest', 'calldata', '--proof', path.join(tmp, 'missing.json'), '--att', attA.path]);
        res('cli_calldata_missing_proof_file', cdMissing.status === 5, cdMissing.out);
        const happy = await expect('happy_path_credit_approved', gate, happyData, alice, 'success');
        figures.exec = happy.gas;
        figures.calldata = calldataGas(happyData);
        figures.tx = txGas(happyData, happy.gas);
        figures.calldata_bytes = hexToBytes(happyData).length;
        const ev = happy.logs.map((l) => { try { return G.iface.parseLog({ topics: l[1].map((t) => bytesToHex(t)), data: bytesToHex(l[2]) }); } catch { return null; } }).find((e) => e && e.name === 'CreditApproved');
        res('happy_path_event', !!ev && ev.args.borrower === alice && ev.args.score === src.score && ev.args.amount === amount && ev.args.inputHash === inputHash,
            ev ? `${ev.args.borrower} ${ev.args.score} ${ev.args.amount}` : 'no CreditApproved log');
        const line = await chain.call(gate, G.iface.encodeFunctionData('creditLines', [alice]), alice);
        const lineVals = G.iface.decodeFunctionResult('creditLines', line.ret);
        res('happy_path_credit_line_recorded', lineVals.amount === amount && lineVals.score === src.score && lineVals.grantedAt === NOW);
        await expect('replayed_nonce', gate, happyData, alice, 'NonceUsed');

        // signer, sender, time
        const stranger = Wallet.createRandom();
        const mW = message();
        const wrongSig = await stranger.signTypedData(domainOf(gate), TYPES, mW);
        await expect('wrong_attester', gate, calldata({ message: mW, signature: wrongSig }), alice, 'UntrustedAttester');
        const attOtherGate = attest(message(), strictGate);
        await expect('attestation_for_another_gate', gate, calldata(attOtherGate), alice, 'UntrustedAttester');
        const mF = message();
        await expect('front_run_by_another_sender', gate, calldata(attest(mF)), mallory, 'WrongBorrower');
        await expect('expired', gate, calldata(attest(message({ expiry: NOW - 1n }))), alice, 'AttestationExpired');
        await expect('expiry_is_inclusive', gate, calldata(attest(message({ expiry: NOW }))), alice, 'success');

        // bindings: model, input, proof, score
        await expect('different_model_vk', gate, calldata(attest(message({ vkDigest: src.other.vkDigest })), src.other.proof, src.other.instances), alice, 'VkDigestMismatch');
        if (src.other.real) {
            // the other model's real proof, attested as if it were this model's: the verifier refuses it
            const oh = toBeHex(src.other.instances[src.hashIndex], 32);
            await expect('different_model_proof_under_this_vk', gate, calldata(attest(message({ inputHash: oh })), src.other.proof, src.other.instances), alice, 'InvalidProof');
        }
        await expect('input_hash_not_attested', gate, calldata(attest(message({ inputHash: toBeHex(fieldEncode(src.instances[src.hashIndex] + 1n), 32) }))), alice, 'InputHashMismatch');
        const tampered = hexToBytes(src.proof);
        tampered[Number(next() % BigInt(tampered.length))] ^= 1 << Number(next() % 8n);
        await expect('tampered_proof', gate, calldata(attest(message()), bytesToHex(tampered)), alice, 'InvalidProof');
        const otherInputs = [...src.instances];
        otherInputs[src.scoreIndex] = fieldEncode(src.score + 1000n);
        await expect('tampered_score_input', gate, calldata(attest(message()), src.proof, otherInputs), alice, 'InvalidProof');
        await expect('score_below_threshold', strictGate, calldata(attest(message(), strictGate)), alice, 'ScoreBelowThreshold');
        await expect('too_few_public_inputs', gate, calldata(attest(message()), src.proof, src.instances.slice(0, src.scoreIndex)), alice, 'BadPublicInputs');

        // malformed signatures
        const attM = attest(message());
        const sM = Signature.from(attM.signature);
        const twin = '0x' + sM.r.slice(2) + toBeHex(N - BigInt(sM.s), 32).slice(2) + (sM.v === 27 ? '1c' : '1b');
        await expect('malleable_high_s_signature', gate, calldata(attM, src.proof, src.instances, twin), alice, 'InvalidSignature');
        await expect('signature_bad_v', gate, calldata(attM, src.proof, src.instances, attM.signature.slice(0, -2) + '00'), alice, 'InvalidSignature');
        await expect('signature_64_bytes', gate, calldata(attM, src.proof, src.instances, attM.signature.slice(0, -2)), alice, 'InvalidSignature');
        await expect('malformed_attestation_still_unused', gate, calldata(attM), alice, 'success');

        // negative scores decode as negative
        const dec = await chain.call(gate, G.iface.encodeFunctionData('decodeSigned', [R - 5n]), alice);
        res('decode_signed_negative', !dec.reverted && G.iface.decodeFunctionResult('decodeSigned', dec.ret)[0] === -5n);
        const dec2 = await chain.call(gate, G.iface.encodeFunctionData('decodeSigned', [(R - 1n) / 2n]), alice);
        res('decode_signed_largest_positive', !dec2.reverted && G.iface.decodeFunctionResult('decodeSigned', dec2.ret)[0] === (R - 1n) / 2n);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return { pass, fail, figures };
}

const opt = parseArgs(process.argv.slice(2));
const mode = opt._[0];
if ((mode !== 'check' && mode !== 'gas') || !opt.zkinfer) {
    console.error('usage: node tests/contracts/gate.mjs check|gas --zkinfer BIN [--verifier-dir DIR [--other-dir DIR2]] [--seed S]');
    process.exit(2);
}
if (mode === 'check') {
    const { pass, fail } = await run(opt);
    console.log(`CASES ${pass} ${fail}`);
} else {
    const origLog = console.log;
    const lines = [];
    console.log = (l) => lines.push(l);
    const { fail, figures } = await run(opt);
    console.log = origLog;
    if (fail) {
        console.error(lines.filter((l) => /FAIL/.test(l)).join('\n'));
        process.exit(1);
    }
    console.log(JSON.stringify({ verifier: opt['verifier-dir'] ? 'generated' : 'mock', happy_path_execution_gas: Number(figures.exec),
        calldata_gas: figures.calldata, calldata_bytes: figures.calldata_bytes, tx_gas: figures.tx }));
}
