/* ABI calldata of contracts/CreditGate.sol's
 *   requestCredit(bytes proof, uint256[] publicInputs, Attestation att, bytes signature)
 * with Attestation = (address borrower, bytes32 inputHash, bytes32 vkDigest, uint256 nonce,
 * uint256 expiry), so a dApp sends exactly the bytes `zkinfer attest calldata` printed.
 *
 * Layout (Solidity ABI, head then tails): the 4-byte selector of
 * "requestCredit(bytes,uint256[],(address,bytes32,bytes32,uint256,uint256),bytes)"; the
 * head: offset of proof, offset of publicInputs, the five attestation words in place (a
 * static tuple), offset of signature; then proof (length, bytes zero-padded to 32),
 * publicInputs (count, words), signature (length 65, bytes zero-padded to 96).
 * No validation beyond sizes; no allocation.
 */
#ifndef ZKI_GATE_ABI_H
#define ZKI_GATE_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "eip712.h"

/* Returns: the calldata size for a proof of proof_len bytes and n_public public inputs. */
size_t zki_gate_calldata_size(size_t proof_len, size_t n_public);

/* Out: sel  the 4-byte function selector of requestCredit. */
void zki_gate_selector(uint8_t sel[4]);

/* Writes requestCredit's calldata.
 * Returns: the bytes written (zki_gate_calldata_size(proof_len, n_public)).
 * Out: out   at least zki_gate_calldata_size(proof_len, n_public) bytes.
 * In:  proof (proof_len bytes), pub (n_public 32-byte big-endian words), a, sig (r ‖ s ‖ v). */
size_t zki_gate_calldata(uint8_t *out, const uint8_t *proof, size_t proof_len, const uint8_t *pub, size_t n_public,
                         const zki_attestation *a, const uint8_t sig[65]);

#endif
