/* zki_g1s_msm: multi-scalar multiplication on BN254 G1, r = Σ s_i·P_i, the
 * prover's polynomial commitments (KZG) and its hottest path.
 *
 * Method: Pippenger's bucket method (see Bernstein, Doumen, Lange, Oosterwijk,
 * "Faster batch forgery identification", 2012, §4) with signed window digits.
 * Each scalar is first read as a signed integer in (-r/2, r/2] (a value v > r/2
 * stands for v - r), so a scalar's magnitude has at most 253 bits and small
 * negative witnesses cost as little as small positive ones. The magnitude is cut
 * into c-bit windows recoded Booth-style to digits in [-2^(c-1), 2^(c-1)]
 * (the top window keeps whatever is left, no carry out); a digit d adds ±P to
 * bucket |d| (negating an affine point is free). Each window's buckets are then
 * reduced with the running sum Σ_k k·B_k = Σ_k Σ_{j>=k} B_j, and the windows are
 * combined by Horner's rule (c doublings between windows).
 *
 * Bucket accumulation, per (window, chunk of points), in one of two ways:
 *   batch affine   points are counting-sorted by bucket, then each bucket's list
 *                  is summed as a balanced tree of affine additions whose
 *                  denominators are inverted together (Montgomery's trick), so an
 *                  addition costs about 6 multiplications instead of 10 (the
 *                  "affine addition with batched inversion" of the ZPrize 2022
 *                  MSM entries and gnark). Sorting first means a bucket never
 *                  appears twice in one batch, whatever the digit distribution.
 *                  The running-sum reduction is batched the same way, over 512
 *                  groups of buckets walked in step.
 *   XYZZ           extended Jacobian buckets and mixed additions (g1_xyzz.h);
 *                  chosen automatically only for inputs too small to amortise a
 *                  field inversion (n < 512).
 *
 * Window size and bucket layout come from a cost model over n and the largest
 * scalar magnitude actually present, so 8-bit witnesses get a single window of
 * 2^7 buckets without a separate code path; zki_g1s_msm_small takes such values
 * as plain int64_t and also skips the Montgomery conversion.
 *
 * Threads: the work is split into (window, chunk of points) tasks, the split
 * depending only on n and the scalars, never on the thread count; tasks are
 * claimed dynamically and combined in a fixed order, so r is bit-identical (same
 * Jacobian representative) for every n_threads. n_threads == 0 means online CPUs.
 *
 * Memory: allocated inside each call with malloc and freed before it returns:
 * 32·n bytes of prepared scalars, plus per worker thread about 68·2^(c-1) bytes of
 * buckets and 1.3 MiB of sort and batch space (3.5 MiB per thread at c = 16, the
 * choice for n = 2^20), plus 96 bytes per task. Failure gives ZKI_ERR_NOMEM and
 * leaves r untouched.
 *
 * Variable time: running time depends on the scalars (zero and repeated digits
 * are cheaper). Commitments to witness polynomials are hiding by the PCS's
 * blinding, not by constant-time MSM; do not use this for secret scalars whose
 * timing matters.
 */
#ifndef ZKI_MSM_H
#define ZKI_MSM_H

#include <stddef.h>
#include <stdint.h>

#include "g1.h"
#include "status.h"

/* r = Σ_{i<n} scalars[i]·points[i].
 * Returns: ZKI_OK; ZKI_ERR_ARG if r is NULL, or points/scalars is NULL while n > 0;
 *          ZKI_ERR_NOMEM if scratch cannot be allocated (r untouched).
 * Args: r          out, Jacobian (infinity when n == 0 or every term vanishes),
 *       points     n affine points, on the curve; (0,0) is infinity and allowed,
 *       scalars    n elements of Fr (Montgomery form, as everywhere),
 *       n          number of terms, may be 0,
 *       n_threads  worker threads (0 = online CPUs). */
zki_status zki_g1s_msm(zki_g1 *r, const zki_g1_aff *points, const zki_fr *scalars, size_t n,
                       unsigned n_threads) __attribute__((warn_unused_result));

/* r = Σ scalars[i]·points[i] for small signed integer scalars (quantised activations,
 * lookup indices, selectors). Any int64_t is accepted, INT64_MIN included; the cost
 * follows the largest |scalars[i]| present: values with |v| <= 2^7 take one
 * window of 128 buckets, about one affine addition per nonzero term.
 * Returns and Args: as zki_g1s_msm. */
zki_status zki_g1s_msm_small(zki_g1 *r, const zki_g1_aff *points, const int64_t *scalars, size_t n,
                             unsigned n_threads) __attribute__((warn_unused_result));

/* Knobs for tests and benchmarks; the zero struct means "choose automatically". */
typedef enum {
    ZKI_MSM_AUTO = 0,
    ZKI_MSM_XYZZ,         /* XYZZ buckets, mixed additions */
    ZKI_MSM_BATCH_AFFINE  /* sorted affine buckets, batched inversions */
} zki_msm_method;

typedef struct {
    unsigned window_bits;  /* c in [1, ZKI_MSM_MAX_WINDOW]; 0 = cost model */
    zki_msm_method method; /* bucket accumulation; ZKI_MSM_AUTO = by size */
    size_t chunk_len;      /* points per task within a window; 0 = automatic */
} zki_msm_opts;

#define ZKI_MSM_MAX_WINDOW 20

/* zki_g1s_msm / zki_g1s_msm_small with explicit knobs (opts may be NULL).
 * Returns: as zki_g1s_msm, and ZKI_ERR_ARG if opts->window_bits > ZKI_MSM_MAX_WINDOW
 *          or opts->method is not a zki_msm_method. */
zki_status zki_g1s_msm_opts(zki_g1 *r, const zki_g1_aff *points, const zki_fr *scalars, size_t n,
                            unsigned n_threads, const zki_msm_opts *opts)
    __attribute__((warn_unused_result));
zki_status zki_g1s_msm_small_opts(zki_g1 *r, const zki_g1_aff *points, const int64_t *scalars,
                                  size_t n, unsigned n_threads, const zki_msm_opts *opts)
    __attribute__((warn_unused_result));

#endif
