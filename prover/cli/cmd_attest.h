/* `zkinfer attest`: a data provider's keys and EIP-712 attestations (prover/attest,
 * docs/PROTOCOL.md §8.3). Returns the process exit code: 0 ok, 1 signature rejected
 * (verify), 2 usage, 3 bad input, 4 internal error.
 *
 *   zkinfer attest keygen -o key.json
 *   zkinfer attest sign --key key.json --chain-id N --contract 0x.. --borrower 0x..
 *                       --input-hash 0x.. --vk-digest 0x.. --nonce N --expiry T -o att.json
 *   zkinfer attest verify --att att.json --signer 0x..
 *   zkinfer attest input-hash -C model.zkc -D input.json   (hashed input: public input 0)
 *   zkinfer attest calldata --proof proof.json --att att.json [-o tx.hex]
 *       CreditGate.requestCredit calldata (prover/attest/gate_abi.h); refuses an
 *       attestation whose vkDigest or inputHash is not the proof's
 */
#ifndef ZKI_CMD_ATTEST_H
#define ZKI_CMD_ATTEST_H

int zki_cmd_attest(int argc, char **argv);

#endif
