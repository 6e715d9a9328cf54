// Gas of a verifier that may be too large to deploy on Ethereum (bench/models/ only).
//
//   node bench/models/evm_gas.mjs DIR
//
// DIR holds Verifier.sol and calldata.hex (0x-prefixed ABI calldata for its verify
// function). Compiles with the same pinned solc and settings as tests/evm/evm.mjs, deploys
// in @ethereumjs/evm (Prague) with the EIP-170 (24,576 B runtime) and EIP-3860
// (49,152 B initcode) limits lifted, calls once and prints a JSON object: accepted,
// execution gas, calldata gas, the whole transaction's gas, runtime and initcode sizes and
// whether each size is within its mainnet limit. The side-by-side benchmark uses it for
// EZKL's generated verifier, which exceeds those limits for the models measured;
// zkinfer's verifiers go through tests/evm/evm.mjs, which keeps the limits.
import fs from 'node:fs';
import path from 'node:path';
import solc from 'solc';
import { createEVM } from '@ethereumjs/evm';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';
import { hexToBytes, bytesToHex } from '@ethereumjs/util';

// as tests/evm/evm.mjs (not imported: that module runs its command line on import)
const SOLC_SETTINGS = {
    optimizer: { enabled: true, runs: 1000000 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

const EIP170 = 24576, EIP3860 = 49152;

function compile(file) {
    const input = {
        language: 'Solidity',
        sources: { [path.basename(file)]: { content: fs.readFileSync(file, 'utf8') } },
        settings: SOLC_SETTINGS,
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors || []).filter((e) => e.severity === 'error');
    if (errors.length) throw new Error('solc: ' + errors[0].formattedMessage);
    const all = Object.values(out.contracts || {}).flatMap((src) => Object.entries(src));
    // the contract with the most code is the verifier (EZKL's file may hold helpers)
    all.sort((a, b) => b[1].evm.bytecode.object.length - a[1].evm.bytecode.object.length);
    if (!all.length) throw new Error('solc: no contract in ' + file);
    const [name, c] = all[0];
    return { name, creation: hexToBytes('0x' + c.evm.bytecode.object), version: solc.version() };
}

function calldataGas(data) {
    let g = 0;
    for (const b of data) g += b ? 16 : 4;
    return g;
}

function txGas(data, execution) {
    let tokens = 0;
    for (const b of data) tokens += b ? 4 : 1;
    return 21000 + Math.max(calldataGas(data) + execution, 10 * tokens);
}

const dir = process.argv[2];
if (!dir) {
    console.error('usage: node bench/models/evm_gas.mjs DIR   (DIR: Verifier.sol, calldata.hex)');
    process.exit(2);
}
try {
    const calldata = hexToBytes(fs.readFileSync(path.join(dir, 'calldata.hex'), 'utf8').trim());
    const comp = compile(path.join(dir, 'Verifier.sol'));
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const evm = await createEVM({ common, allowUnlimitedContractSize: true, allowUnlimitedInitCodeSize: true });
    const d = await evm.runCall({ data: comp.creation, gasLimit: 100_000_000n });
    if (d.execResult.exceptionError) throw new Error('deploy failed: ' + d.execResult.exceptionError.error);
    const addr = d.createdAddress;
    const runtime = (await evm.stateManager.getCode(addr)).length;
    for (const [a] of evm.precompiles.entries()) evm.journal.addAlwaysWarmAddress(a);
    evm.journal.addAlwaysWarmAddress(bytesToHex(addr.bytes).slice(2));
    const r = await evm.runCall({ to: addr, data: calldata, gasLimit: 30_000_000n });
    const rv = r.execResult.returnValue;
    const accepted = !r.execResult.exceptionError && rv.length === 32 && BigInt(bytesToHex(rv)) === 1n;
    const gas = Number(r.execResult.executionGasUsed);
    console.log(JSON.stringify({
        contract: comp.name, accepted, execution_gas: gas, calldata_gas: calldataGas(calldata),
        calldata_bytes: calldata.length, tx_gas: txGas(calldata, gas), bytecode_bytes: runtime,
        initcode_bytes: comp.creation.length, within_eip170: runtime <= EIP170,
        within_eip3860: comp.creation.length <= EIP3860, deploy_gas: Number(d.execResult.executionGasUsed),
        solc: comp.version,
    }));
} catch (e) {
    console.error('evm_gas: ' + e.message);
    process.exit(1);
}
