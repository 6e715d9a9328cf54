/* Ethereum-style secp256k1 keys and recoverable ECDSA signatures (libsecp256k1).
 *
 * Spec: SEC 1 v2 §4.1 (ECDSA), libsecp256k1's recovery module, and Ethereum's
 * conventions (yellow paper appendix F): a signature is 65 bytes r || s || v with
 * 0 < r, s < n, s <= n/2 ("low s", the only form ecrecover-based contracts should
 * accept) and v = 27 + the recovery id (0 or 1); an address is the last 20 bytes of
 * keccak256(x || y) of the uncompressed public key.
 *
 * Signing is deterministic (RFC 6979 nonces, as ethers), so the same key and digest
 * give the same bytes as ethers' Wallet. Secret keys are 32 big-endian bytes in
 * [1, n); this module wipes its own copies of secrets and allocates only inside
 * libsecp256k1 (a context per call).
 */
#ifndef ZKI_SECP_H
#define ZKI_SECP_H

#include <stdint.h>

#include "status.h"

/* A fresh secret key from OpenSSL's RAND_bytes (redrawn until valid).
 * Returns: ZKI_OK, ZKI_ERR_IO if the random generator fails, ZKI_ERR_NOMEM. */
zki_status zki_secp_keygen(uint8_t seckey[32]);

/* The Ethereum address of a secret key.
 * Returns: ZKI_OK, ZKI_ERR_ARG if seckey is 0 or >= n, ZKI_ERR_NOMEM. */
zki_status zki_secp_address(uint8_t addr[20], const uint8_t seckey[32]);

/* Signs a 32-byte digest: sig = r || s || v, low s, v in {27, 28}.
 * Returns: ZKI_OK, ZKI_ERR_ARG for an invalid key (or, with probability ~2^-128, a
 *          recovery id above 1, which Ethereum cannot express), ZKI_ERR_NOMEM, ZKI_ERR_IO. */
zki_status zki_secp_sign(uint8_t sig[65], const uint8_t digest[32], const uint8_t seckey[32]);

/* The address whose key signed digest (what a contract's ecrecover returns, with the
 * malleability check contracts should add).
 * Returns: ZKI_OK (addr set);
 *          ZKI_ERR_ENCODING if v is not 27 or 28;
 *          ZKI_ERR_NONCANONICAL if r or s is 0 or >= n, or s > n/2 (malleable form);
 *          ZKI_REJECT if no public key recovers from (r, s, v) for this digest;
 *          ZKI_ERR_NOMEM. */
zki_status zki_secp_recover(uint8_t addr[20], const uint8_t digest[32], const uint8_t sig[65]);

#endif
