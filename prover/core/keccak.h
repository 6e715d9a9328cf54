/* Keccak-f[1600] and a 256-bit-output sponge: Keccak-256 (Ethereum) and SHA3-256.
 *
 * Spec: FIPS 202 (the permutation, sections 3.2-3.4; the sponge, section 4) and the
 * Keccak reference (Bertoni, Daemen, Peeters, Van Assche), whose original padding
 * Ethereum's keccak256 keeps. Both hashes here use the same sponge with capacity
 * 512 bits, rate 136 bytes and 32 bytes of output; they differ only in the first
 * padding byte: 0x01 for Keccak-256, 0x06 for SHA3-256 (the "01" domain suffix
 * followed by the first pad bit). The last byte of the block gets 0x80 in both.
 *
 * State: 25 lanes of 64 bits, lane (x, y) at index x + 5y. Bytes enter the state
 * little-endian within each lane (byte i of the block is bits 8(i mod 8) .. of lane
 * i / 8); the code composes lanes from bytes with shifts, so it is correct on any
 * host byte order.
 *
 * Memory: nothing is allocated; a context is a plain struct owned by the caller.
 * Timing: no branches or table lookups depend on the data, only on lengths.
 */
#ifndef ZKI_KECCAK_H
#define ZKI_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#define ZKI_KECCAK256_RATE 136 /* bytes absorbed per permutation: (1600 - 2*256) / 8 */
#define ZKI_KECCAK256_OUT 32

/* An incremental hash. Invariant: 0 <= pos < ZKI_KECCAK256_RATE, the number of bytes
 * of the current block already XORed into st. Fields are private to keccak.c. */
typedef struct {
    uint64_t st[25];
    size_t pos;
    uint8_t dsbyte; /* first padding byte: 0x01 Keccak, 0x06 SHA3 */
} zki_keccak_ctx;

/* Applies the 24-round Keccak-f[1600] permutation to st in place. */
void zki_keccak_f1600(uint64_t st[25]);

/* Starts a Keccak-256 (original padding, as Ethereum's keccak256) / SHA3-256 hash.
 * Out: ctx  an empty hash of the chosen kind. */
void zki_keccak256_init(zki_keccak_ctx *ctx);
void zki_sha3_256_init(zki_keccak_ctx *ctx);

/* Absorbs len bytes; any split of a message into updates gives the same digest.
 * Args: ctx   an initialised, not yet finalised hash.
 * In:   data  len bytes (may be NULL when len == 0). */
void zki_keccak_update(zki_keccak_ctx *ctx, const uint8_t *data, size_t len);

/* Pads, permutes and writes the 32-byte digest. ctx is spent afterwards: call an
 * _init function before reusing it.
 * Out: out  the digest. */
void zki_keccak_final(zki_keccak_ctx *ctx, uint8_t out[32]);

/* One-shot Keccak-256: out = keccak256(data[0..len)). data may be NULL when len == 0;
 * out may overlap data (the input is read completely before out is written). */
void zki_keccak256(uint8_t out[32], const uint8_t *data, size_t len);

#endif
