/* The EVM side of `zkinfer estimate`: the gas of verifyProof and the size of the
 * verifier's bytecode, predicted from the Solidity the generator writes for a VK of the
 * circuit's shape (zki_estimate_shape_vk), without compiling it.
 *
 * Gas = the precompiles the generated contract calls (counted in its straight-line
 * source): 2-pair pairing 45,000 + 2·34,000, ecMul 6,000, ecAdd 150, modexp (the field
 * inversions) 1,349 each (for a SHPLONK VK, docs/PROTOCOL.md §4.7, the ecMul count is
 * the protocol's K + 2, K the opened polynomials — the witness packs with a rotation,
 * the preprocessed packs and T — which the generated contract meets);
 * plus an overhead per scaled commitment and a constant, fitted
 * to contracts measured in @ethereumjs/evm (bench/layout/run.py; the figures are in
 * docs/BENCHMARKS.md "Estimates vs measured"). Calldata: 16 gas per nonzero byte, 4 per
 * zero byte of the ABI encoding (proof words are taken as random bytes, public inputs as
 * half zero bytes).
 * Bytecode = a constant + a rate per byte of generated source (comments and indentation
 * removed), fitted likewise; EIP-170 limits deployed code to 24,576 bytes.
 */
#ifndef ZKI_EVM_ESTIMATE_H
#define ZKI_EVM_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define ZKI_EIP170_LIMIT 24576

typedef struct {
    uint32_t ecmul, ecadd, modexp; /* precompile calls of one verifyProof */
    size_t source_bytes;           /* generated Solidity, comments and indentation removed */
    double exec_gas;               /* verifyProof's execution gas */
    double calldata_gas;           /* the transaction's calldata */
    size_t calldata_bytes;
    double bytecode_bytes;         /* deployed runtime code */
} zki_evm_estimate;

/* Predicts the EVM figures of vk's verifier (a shape VK will do: the points do not change
 * the code). Returns: ZKI_OK, the generator's errors (ZKI_ERR_NOMEM, ZKI_ERR_SIZE). */
zki_status zki_evm_estimate_vk(zki_evm_estimate *out, const zki_vk *vk, size_t proof_bytes);

#endif
