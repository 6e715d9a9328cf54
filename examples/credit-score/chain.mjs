// The on-chain half of examples/credit-score/run.sh: deploys the generated verifier and
// contracts/CreditGate.sol in a local EVM (@ethereumjs/evm, Prague); the data provider
// signs the input hash it computed from the features it saw (`zkinfer attest input-hash`,
// passed in as --input-hash) with `zkinfer attest sign`; the borrower's requestCredit
// transaction carries exactly the calldata `zkinfer attest calldata` printed (no encoding
// here: this script only deploys, and sends bytes).
//
//   node examples/credit-score/chain.mjs --zkinfer BIN --dir DIR --key provider.json --input-hash 0x.. [--threshold 6.0]
// DIR holds Verifier.sol and proof.json (from `zkinfer prove` with hashed input).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { createEVM } from '@ethereumjs/evm';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';
import { createAddressFromString, createZeroAddress, hexToBytes, bytesToHex } from '@ethereumjs/util';
import { Interface, toBeHex } from 'ethers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const arg = (k, d) => { const i = process.argv.indexOf('--' + k); return i > 0 ? process.argv[i + 1] : d; };
const zk = arg('zkinfer'), dir = arg('dir'), keyPath = arg('key'), inputHash = arg('input-hash'), thresholdF = Number(arg('threshold', '6.0'));
const NOW = BigInt(Math.floor(Date.now() / 1000));
const DEPLOYER = '0x' + '0d'.repeat(20), BORROWER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function compile(files) {
    const sources = Object.fromEntries(files.map((f) => [path.basename(f), { content: fs.readFileSync(f, 'utf8') }]));
    const out = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: {
        optimizer: { enabled: true, runs: 1000000 }, evmVersion: 'cancun',
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } })));
    const errs = (out.errors || []).filter((e) => e.severity === 'error');
    if (errs.length) throw new Error(errs.map((e) => e.formattedMessage).join('\n'));
    const c = {};
    for (const s of Object.values(out.contracts)) for (const [n, v] of Object.entries(s)) c[n] = { iface: new Interface(v.abi), bin: v.evm.bytecode.object };
    return c;
}

const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) });
const block = { header: { number: 1n, coinbase: createZeroAddress(), timestamp: NOW, difficulty: 0n, prevRandao: new Uint8Array(32),
    gasLimit: 30_000_000n, baseFeePerGas: undefined, slotNumber: 0n, getBlobGasPrice: () => undefined } };
async function send(from, to, data) {
    if (to) for (const a of [...evm.precompiles.keys(), to.slice(2).toLowerCase()]) evm.journal.addAlwaysWarmAddress(a);
    const r = await evm.runCall({ caller: createAddressFromString(from), to: to ? createAddressFromString(to) : undefined,
        data: hexToBytes(data), gasLimit: 30_000_000n, block });
    return { r, ok: !r.execResult.exceptionError };
}

const proof = JSON.parse(fs.readFileSync(path.join(dir, 'proof.json'), 'utf8'));
const key = JSON.parse(fs.readFileSync(keyPath, 'utf8'));
const instances = proof.instances.map((x) => BigInt(x));
const hashIndex = 0, scoreIndex = instances.length - 1;
const threshold = BigInt(Math.round(thresholdF * 2 ** proof.output_scale));

const V = compile([path.join(dir, 'Verifier.sol')]);
const G = compile([path.join(ROOT, 'contracts/CreditGate.sol')]).CreditGate;
const vName = Object.keys(V).find((n) => !n.endsWith('Key'));
let d = await send(DEPLOYER, null, '0x' + V[vName].bin);
const verifier = d.r.createdAddress.toString();
d = await send(DEPLOYER, null, '0x' + G.bin + G.iface.encodeDeploy([verifier, key.address, threshold, proof.vk_digest, hashIndex, scoreIndex, 5000n * 10n ** 18n]).slice(2));
const gate = d.r.createdAddress.toString();
console.log(`deployed: verifier ${verifier}, CreditGate ${gate} (provider ${key.address}, threshold ${thresholdF} = ${threshold} at scale 2^${proof.output_scale})`);

// the provider signs (borrower, input hash, VK digest, nonce, expiry) for this chain and
// gate; the input hash is the one it computed from the features, not read from the proof
const att = path.join(dir, 'att.json');
const inProof = toBeHex(instances[hashIndex], 32);
console.log(`input hash: provider ${inputHash}, proof ${inProof}${inputHash === inProof ? ' (equal)' : ' (DIFFERENT)'}`);
const s = spawnSync(zk, ['attest', 'sign', '--key', keyPath, '--chain-id', '1', '--contract', gate, '--borrower', BORROWER,
    '--input-hash', inputHash, '--vk-digest', proof.vk_digest, '--nonce', '1', '--expiry', String(NOW + 3600n), '-o', att], { encoding: 'utf8' });
if (s.status !== 0) { console.error(s.stderr); process.exit(1); }
const a = JSON.parse(fs.readFileSync(att, 'utf8'));
console.log(`attestation: ${att} (signer ${a.signer})`);

// the borrower's transaction: the calldata zkinfer printed for proof.json and att.json
const txPath = path.join(dir, 'tx.hex');
const c = spawnSync(zk, ['attest', 'calldata', '--proof', path.join(dir, 'proof.json'), '--att', att, '-o', txPath], { encoding: 'utf8' });
if (c.status !== 0) { console.error(c.stderr); process.exit(1); }
const data = fs.readFileSync(txPath, 'utf8').trim();
console.log(`calldata: ${txPath} (${(data.length - 2) / 2} bytes, from zkinfer attest calldata)`);
const t = await send(BORROWER, gate, data);
if (!t.ok) {
    let why = 'revert';
    try { why = G.iface.parseError(bytesToHex(t.r.execResult.returnValue)).name; } catch {}
    console.log(`requestCredit from ${BORROWER}: REVERTED with ${why}`);
    process.exit(1);
}
const log = t.r.execResult.logs.map((l) => G.iface.parseLog({ topics: l[1].map(bytesToHex), data: bytesToHex(l[2]) })).find((e) => e?.name === 'CreditApproved');
const score = Number(log.args.score) / 2 ** proof.output_scale;
console.log(`requestCredit from ${BORROWER}: approved, credit line ${log.args.amount / 10n ** 18n} (score ${score.toFixed(3)} >= ${thresholdF}), ${t.r.execResult.executionGasUsed} gas`);
