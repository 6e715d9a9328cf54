/* zki_srs: a universal structured reference string ("powers of tau") for KZG
 * commitments on BN254: g1[i] = [τ^i]₁ for i < n_g1, g2[0] = [1]₂, g2[1] = [τ]₂.
 *
 * What it represents: the public parameters of the KZG polynomial commitment
 * (Kate, Zaverucha, Goldberg, "Constant-Size Commitments to Polynomials and Their
 * Applications", ASIACRYPT 2010), in the size-independent form PLONK uses
 * (Gabizon, Williamson, Ciobotaru, ePrint 2019/953, section 3.1): one SRS serves
 * every circuit whose polynomials have fewer than n_g1 coefficients, and a circuit
 * that needs fewer points uses a prefix.
 *
 * Invariants of every zki_srs that a zki_ function returned with ZKI_OK:
 *   - n_g1 >= 2 and log_n = floor(log2(n_g1));
 *   - g1[0] and g2[0] are the standard generators (1, 2) and the EIP-197 G2 generator;
 *   - every point is on its curve, and the G2 points are in the order-r subgroup;
 *   - the powers are consistent: e([τ]₁,[1]₂) = e([1]₁,[τ]₂) and g1[i+1] = τ·g1[i]
 *     for all i (checked with a random linear combination, see zki_srs_check);
 *   - τ ∉ {0, 1} (an SRS with τ = 1, e.g. a snarkjs file nobody contributed to,
 *     hides nothing and is refused).
 *
 * Where an SRS comes from:
 *   - zki_srs_dev: a local, INSECURE development SRS whose τ anyone holding the seed
 *     can recompute (and so forge any opening). Tests, benchmarks, demos only.
 *   - zki_ptau_read (ptau.h): import from a snarkjs powers-of-tau ceremony file.
 *   - zki_srs_read: this library's own file format (below), written by zki_srs_write.
 *
 * File format ("ZKISRS", version 1). Integers little-endian; points in the
 * Ethereum precompile encodings, so a file can be checked with any EVM tooling:
 *     offset  size        field
 *     0       6           magic "ZKISRS"
 *     6       4           u32 version = 1
 *     10      4           u32 log_n  = floor(log2(n_g1))
 *     14      8           u64 n_g1   (2 <= n_g1 <= ZKI_SRS_MAX_G1)
 *     22      4           u32 source (ZKI_SRS_SOURCE_DEV = 0, ZKI_SRS_SOURCE_PTAU = 1)
 *     26      2 * 128     [1]₂, [τ]₂ (EIP-197: x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, 32-byte BE each)
 *     282     n_g1 * 64   [τ^i]₁ (EIP-196: x ‖ y, 32-byte BE each)
 *     282+64n 32          Keccak-256 of every byte before it
 * The file's length must be exactly 314 + 64·n_g1.
 *
 * Memory: g1 is malloc'd by the functions that fill an SRS and released by
 * zki_srs_free; the struct itself belongs to the caller.
 */
#ifndef ZKI_SRS_H
#define ZKI_SRS_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "g1.h"
#include "g2.h"
#include "status.h"

#define ZKI_SRS_VERSION 1
/* The largest SRS this library accepts: 2^29 G1 points (32 GiB in memory), which
 * covers the largest published ceremony (power 28, 2^29 - 1 G1 powers). */
#define ZKI_SRS_MAX_G1 ((uint64_t)1 << 29)
#define ZKI_SRS_HEADER_BYTES 26
#define ZKI_SRS_G2_BYTES 128
#define ZKI_SRS_G1_BYTES 64

enum { ZKI_SRS_SOURCE_DEV = 0, ZKI_SRS_SOURCE_PTAU = 1 };

typedef struct {
    size_t n_g1;       /* number of G1 powers */
    unsigned log_n;    /* floor(log2(n_g1)): the largest radix-2 domain it covers */
    uint32_t source;   /* ZKI_SRS_SOURCE_* */
    zki_g1_aff *g1;    /* g1[i] = [τ^i]₁, n_g1 entries, malloc'd */
    zki_g2_aff g2[2];  /* [1]₂, [τ]₂ */
} zki_srs;

/* Derives the development τ from a seed: τ = keccak256("zkinfer insecure dev srs v1" ‖
 * seed) as a big-endian integer mod r, rehashed (the 32-byte digest alone) while τ is
 * 0 or 1. Exposed so tests can recompute [τ^i]₁ independently.
 * Out: tau   the secret of zki_srs_dev(., ., seed, seed_len).
 * In:  seed  seed_len bytes (may be NULL when seed_len == 0). */
void zki_srs_dev_tau(zki_fr *tau, const uint8_t *seed, size_t seed_len);

/* Builds an INSECURE development SRS with 2^log_n G1 powers of the τ above.
 * Anyone who knows the seed knows τ and can open any commitment to any value: never
 * use it for proofs that anybody else must trust. G1 powers are computed with a
 * fixed-base windowed table and batched affine additions on all online CPUs.
 * Returns: ZKI_OK; ZKI_ERR_ARG (srs NULL, or seed NULL with seed_len > 0);
 *          ZKI_ERR_SIZE if log_n < 1 or 2^log_n > ZKI_SRS_MAX_G1; ZKI_ERR_NOMEM.
 *          On failure *srs is left empty (n_g1 = 0, g1 = NULL).
 * Out: srs   a valid SRS with source ZKI_SRS_SOURCE_DEV; release with zki_srs_free.
 * In:  log_n, seed, seed_len. */
zki_status zki_srs_dev(zki_srs *srs, unsigned log_n, const uint8_t *seed, size_t seed_len)
    __attribute__((warn_unused_result));

/* Checks every invariant listed at the top except on-curve/in-subgroup of the points,
 * which decoding established: n_g1 and log_n, the generators, τ ∉ {0, 1},
 * e([τ]₁,[1]₂) = e([1]₁,[τ]₂), and the ratio check
 *     e(Σ ρ^i [τ^{i+1}]₁, [1]₂) = e(Σ ρ^i [τ^i]₁, [τ]₂),   i = 0 .. n_g1 − 2,
 * whose ρ = keccak256(tag ‖ keccak256(all points) ‖ 32 bytes of /dev/urandom) mod r.
 * If some g1[i+1] ≠ τ·g1[i], the check passes with probability at most n_g1/r over
 * ρ. Should /dev/urandom be unreadable, ρ is still a Fiat–Shamir challenge bound to
 * the points, and a forger would need about r/n_g1 hash evaluations. (For n_g1 = 2
 * the first pairing check is the whole ratio check.)
 * One MSM of n_g1 − 1 points (the right-hand sum follows from the left-hand one by
 * two scalar multiplications) and two 2-pairing checks.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL); ZKI_ERR_SIZE (n_g1 or log_n wrong);
 *          ZKI_REJECT (a generator is wrong, τ ∈ {0, 1}, or a pairing check fails);
 *          ZKI_ERR_NOMEM.
 * In: srs        the SRS to check (points already on curve / in subgroup);
 *     n_threads  threads for the MSMs (0 = online CPUs). */
zki_status zki_srs_check(const zki_srs *srs, unsigned n_threads)
    __attribute__((warn_unused_result));

/* Writes srs in the format above (creating or truncating path).
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL, or an SRS whose n_g1 is out of range);
 *          ZKI_ERR_IO (open, write or close failed; a partial file may remain).
 * In: srs, path. */
zki_status zki_srs_write(const zki_srs *srs, const char *path) __attribute__((warn_unused_result));

/* Reads and fully validates an SRS file, keeping the first min(n_g1, max_n) powers.
 * The digest always covers the whole file, so the whole file is read, but only the
 * kept prefix is decoded and checked. Checks, in this order (the first failure wins):
 *   file shorter than the header             ZKI_ERR_SIZE
 *   wrong magic                              ZKI_ERR_ENCODING
 *   version != 1                             ZKI_ERR_VERSION
 *   source flag unknown                      ZKI_ERR_ENCODING
 *   n_g1 > ZKI_SRS_MAX_G1                    ZKI_ERR_LIMIT  (before any allocation)
 *   n_g1 < 2, log_n not floor(log2(n_g1)),
 *   file length wrong                        ZKI_ERR_SIZE   (before any allocation)
 *   Keccak digest mismatch                   ZKI_ERR_ENCODING
 *   a coordinate >= p                        ZKI_ERR_NONCANONICAL
 *   a point off its curve                    ZKI_ERR_NOT_ON_CURVE
 *   a G2 point outside the subgroup          ZKI_ERR_NOT_IN_SUBGROUP
 *   zki_srs_check on the kept prefix         ZKI_REJECT / ZKI_ERR_SIZE
 * Returns: ZKI_OK or the status above; ZKI_ERR_ARG (NULL, or max_n == 1);
 *          ZKI_ERR_IO (cannot open/read); ZKI_ERR_NOMEM. On failure *srs is empty.
 * Out: srs    the SRS (release with zki_srs_free).
 * In:  path;  max_n  the most G1 powers wanted (0 = all; else >= 2). */
zki_status zki_srs_read(zki_srs *srs, const char *path, size_t max_n)
    __attribute__((warn_unused_result));

/* Releases srs->g1 and empties *srs. Safe on an empty or NULL srs. */
void zki_srs_free(zki_srs *srs);

/* Returns: floor(log2(n)) for n >= 1, 0 for n == 0. */
unsigned zki_srs_log2_floor(uint64_t n);

#endif
