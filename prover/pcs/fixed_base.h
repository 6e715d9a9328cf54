/* zki_g1s_fixed_base: out[i] = k_i·G for many scalars k_i and the fixed generator G,
 * the engine of the development SRS (srs.c: k_i = τ^i) and of the development
 * Lagrange basis (lagrange.c: k_i = L_i(τ)).
 *
 * Method: one fixed-base table (the fixed-window method of Brickell, Gordon,
 * McCurley, Wilson, "Fast Exponentiation with Precomputation", EUROCRYPT '92, with a
 * full table per window). With c-bit windows the table holds
 * T[w][d−1] = d·2^{cw}·G for d = 1 .. 2^c − 1, and k·G = Σ_w T[w][k_w − 1] over the
 * nonzero c-bit digits k_w of k: ⌈254/c⌉ additions per point and no doublings.
 * Workers take contiguous ranges of i; within a range, blocks of
 * ZKI_FIXED_BASE_BLOCK points are accumulated side by side in affine coordinates so
 * that one field inversion per window serves the whole block.
 *
 * The scalars are produced block by block by a caller's generator, so no array of
 * n scalars is ever held (a 2^29-point SRS would need 16 GiB for it).
 *
 * Memory: the table (512 KiB) and per-thread block scratch (about 250 KiB) are
 * allocated inside the call and freed before it returns. Variable time: for public
 * or development scalars only.
 */
#ifndef ZKI_FIXED_BASE_H
#define ZKI_FIXED_BASE_H

#include <stddef.h>

#include "fr.h"
#include "g1.h"
#include "status.h"

/* The most scalars a generator is asked for at once. */
#define ZKI_FIXED_BASE_BLOCK 1024

/* Writes the scalars k_begin .. k_{begin+count−1} to out[0 .. count). scratch holds
 * count elements the generator may use freely. Called concurrently from several
 * threads on disjoint ranges, so it must not write shared state. */
typedef void (*zki_fixed_base_gen)(void *ctx, zki_fr *out, zki_fr *scratch, size_t begin, size_t count);

/* out[i] = k_i·G for i < n, the k_i coming from gen (k_i = 0 gives infinity).
 * Returns: ZKI_OK; ZKI_ERR_ARG (out or gen NULL with n > 0); ZKI_ERR_NOMEM.
 * Args: out        n affine points, written;
 *       n          number of points (0 does nothing);
 *       gen, ctx   the scalar generator and its context;
 *       n_threads  workers (0 = online CPUs). */
zki_status zki_g1s_fixed_base(zki_g1_aff *out, size_t n, zki_fixed_base_gen gen, void *ctx, unsigned n_threads)
    __attribute__((warn_unused_result));

#endif
