/* The Lagrange basis of the SRS: [L_i(τ)]₁ for the radix-2 domain H = ⟨ω⟩ of size
 * n = 2^log_n, ω = zki_fr_root_of_unity(log_n), where
 *     L_i(X) = Π_{j≠i} (X − ω^j)/(ω^i − ω^j) = (1/n) Σ_j ω^{−ij} X^j
 *            = ω^i (X^n − 1) / (n (X − ω^i)).
 *
 * Why: a polynomial given by its values a_i = p(ω^i) has the KZG commitment
 *     [p(τ)]₁ = Σ_i a_i [L_i(τ)]₁,
 * the same point as Σ_j c_j [τ^j]₁ over its coefficients, but the scalars are the
 * values themselves. Witness columns of quantised models hold small integers, so
 * the MSM can take the small-scalar path (zki_g1s_msm_small) and no
 * interpolation is needed before committing (KZG and the Lagrange form as in
 * PLONK, Gabizon, Williamson, Ciobotaru, ePrint 2019/953, section 3; the basis
 * change is what snarkjs's `powersoftau prepare phase2` stores as section 12).
 *
 * Sources, by cost:
 *   - zki_srs_dev_lagrange: the development SRS's τ is known, so each L_i(τ) is
 *     computed in Fr (one batch inversion of τ − ω^i) and multiplied into G by the
 *     fixed-base engine of the development SRS (fixed_base.h). As insecure as
 *     zki_srs_dev; about the cost of zki_srs_dev for the same size.
 *   - zki_ptau_read_lagrange (ptau.h): read from a prepared snarkjs file.
 *   - zki_srs_lagrange: from any SRS's monomial powers by an inverse NTT over G1
 *     (zki_g1s_intt): (n/2)·log2(n) scalar multiplications by roots of unity, the
 *     slow path (seconds at 2^16 on 2 cores; see `make bench`, lagrange_*).
 *
 * Consistency (zki_lagrange_check): for the challenge ρ below, the commitment
 * Σ ρ^i [L_i(τ)]₁ must equal Σ_j c_j [τ^j]₁ where c_j = (1 − ρ^n) / (n (1 − ρ ω^{−j}))
 * are the coefficients of the polynomial that takes the value ρ^i at ω^i. If any
 * given point differs from [L_i(τ)]₁, the two sides differ unless ρ is a root of a
 * nonzero polynomial of degree < n, probability at most n/r over ρ. ρ is
 * keccak256(tag ‖ all points ‖ 32 bytes of /dev/urandom) mod r, as in
 * zki_srs_check: without the entropy it remains a Fiat–Shamir challenge bound to
 * the points.
 *
 * Memory: outputs are caller-allocated (n points); scratch is malloc'd inside each
 * call and freed before it returns.
 */
#ifndef ZKI_LAGRANGE_H
#define ZKI_LAGRANGE_H

#include <stddef.h>
#include <stdint.h>

#include "g1.h"
#include "srs.h"
#include "status.h"

/* Largest log_n: the two-adicity of Fr. */
#define ZKI_LAGRANGE_MAX_LOG ZKI_FR_TWO_ADICITY

/* G1 inverse NTT on H: out[i] = (1/n) Σ_j ω^{−ij} in[j] for i < n = 2^log_n.
 * Method: the radix-2 "twiddle per block" butterflies (natural input,
 * bit-reversed output, then a permutation), run on the points with
 * zki_g1s_mul_glv and zki_g1s_add_sub (g1_batch.h); the factor 1/n is folded into
 * the last level's multiplications (n of them instead of n/2 plus n). Each level
 * is split over the threads in batches of points that share their field inversions.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL); ZKI_ERR_SIZE (log_n > ZKI_LAGRANGE_MAX_LOG);
 *          ZKI_ERR_NOMEM.
 * Args: out        n points, written (may equal in);
 *       in         n points (infinity allowed);
 *       log_n, n_threads (0 = online CPUs). */
zki_status zki_g1s_intt(zki_g1_aff *out, const zki_g1_aff *in, unsigned log_n, unsigned n_threads)
    __attribute__((warn_unused_result));

/* The Lagrange basis of H from the SRS's monomial powers: zki_g1s_intt of
 * srs->g1[0 .. n), then zki_lagrange_check.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL); ZKI_ERR_SIZE (log_n too large, or the SRS
 *          has fewer than n powers); ZKI_REJECT (the check failed: a fault);
 *          ZKI_ERR_NOMEM.
 * Out: out  n = 2^log_n points [L_i(τ)]₁.
 * In:  srs, log_n, n_threads (0 = online CPUs). */
zki_status zki_srs_lagrange(zki_g1_aff *out, const zki_srs *srs, unsigned log_n, unsigned n_threads)
    __attribute__((warn_unused_result));

/* The Lagrange basis of the INSECURE development SRS of zki_srs_dev(., ., seed,
 * seed_len), computed from its τ (zki_srs_dev_tau). Equal, point for point, to
 * zki_srs_lagrange of that SRS. Not checked here: zki_keygen_ex checks it against
 * the SRS it is given.
 * Returns: ZKI_OK; ZKI_ERR_ARG (out NULL, or seed NULL with seed_len > 0);
 *          ZKI_ERR_SIZE (log_n > ZKI_LAGRANGE_MAX_LOG); ZKI_ERR_NOMEM.
 * Out: out  2^log_n points.
 * In:  log_n, seed, seed_len. */
zki_status zki_srs_dev_lagrange(zki_g1_aff *out, unsigned log_n, const uint8_t *seed, size_t seed_len)
    __attribute__((warn_unused_result));

/* The consistency check described at the top: one MSM over each basis.
 * Returns: ZKI_OK; ZKI_REJECT (some lagrange[i] ≠ [L_i(τ)]₁ for the τ of g1);
 *          ZKI_ERR_ARG (NULL); ZKI_ERR_SIZE (log_n too large); ZKI_ERR_NOMEM.
 * In: lagrange  n = 2^log_n points to check;
 *     g1        n monomial powers [τ^j]₁;
 *     log_n, n_threads (0 = online CPUs). */
zki_status zki_lagrange_check(const zki_g1_aff *lagrange, const zki_g1_aff *g1, unsigned log_n,
                              unsigned n_threads) __attribute__((warn_unused_result));

#endif
