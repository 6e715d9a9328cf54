/* EIP-712 typed data of zkinfer's credit attestations: the digest a data provider signs.
 *
 * Spec: EIP-712 (typed structured data hashing and signing). The domain is
 *   EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 * with name "zkinfer CreditGate" and version "1", so a signature is valid for one chain
 * and one gate contract; the message is
 *   Attestation(address borrower,bytes32 inputHash,bytes32 vkDigest,uint256 nonce,uint256 expiry)
 * and the digest keccak256(0x19 0x01 || domainSeparator || hashStruct(message)), the value
 * ethers' TypedDataEncoder.hash and contracts/CreditGate.sol compute (docs/PROTOCOL.md §8.3).
 *
 * uint256 fields are 32-byte big-endian integers, addresses 20 bytes; nothing is
 * validated here (every byte string is a valid value of its type). No allocation.
 */
#ifndef ZKI_EIP712_H
#define ZKI_EIP712_H

#include <stdint.h>

#define ZKI_ATTEST_DOMAIN_NAME "zkinfer CreditGate"
#define ZKI_ATTEST_DOMAIN_VERSION "1"

typedef struct {
    uint8_t chain_id[32];           /* uint256 */
    uint8_t verifying_contract[20]; /* the gate contract */
} zki_attest_domain;

typedef struct {
    uint8_t borrower[20];   /* the only sender the gate accepts the proof from */
    uint8_t input_hash[32]; /* Poseidon vector hash of the quantized features (public input) */
    uint8_t vk_digest[32];  /* the model's verifying-key digest */
    uint8_t nonce[32];      /* uint256: one use per (borrower, nonce) */
    uint8_t expiry[32];     /* uint256: last valid block timestamp, in seconds */
} zki_attestation;

/* Out: out  the domain separator, hashStruct(EIP712Domain). */
void zki_attest_domain_separator(uint8_t out[32], const zki_attest_domain *d);

/* Out: out  hashStruct(Attestation) of a. */
void zki_attest_struct_hash(uint8_t out[32], const zki_attestation *a);

/* Out: out  the EIP-712 digest to sign: keccak256(0x1901 || separator || structHash). */
void zki_attest_digest(uint8_t out[32], const zki_attest_domain *d, const zki_attestation *a);

#endif
