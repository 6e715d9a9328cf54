/* zki_kzg: the KZG polynomial commitment on BN254 over a powers-of-tau SRS (srs.h).
 *
 * What it represents (Kate, Zaverucha, Goldberg, ASIACRYPT 2010, section 3.2):
 *   commit   C = [p(τ)]₁ = Σ a_i·[τ^i]₁ for p(X) = Σ_{i<n} a_i X^i, n <= srs.n_g1;
 *   open     y = p(z) and the witness W = [q(τ)]₁, q(X) = (p(X) − y)/(X − z);
 *   verify   p(τ) − y = q(τ)(τ − z), checked in the exponent as
 *                e(C − [y]₁ + z·W, [1]₂) · e(−W, [τ]₂) = 1.
 * Batched openings at several points follow GWC19 (Gabizon, Williamson, Ciobotaru,
 * "PLONK", ePrint 2019/953, section 3.1, extended to t points): at each point z_j
 * the polynomials p_{j,k} are folded with powers of one challenge γ into
 * f_j = Σ_k γ^k p_{j,k}, opened with a single witness W_j; the verifier folds the
 * commitments and values the same way, F_j = Σ_k γ^k C_{j,k}, v_j = Σ_k γ^k y_{j,k},
 * and with a second challenge u does one 2-pairing check
 *     e(Σ_j u^j (F_j − [v_j]₁ + z_j·W_j), [1]₂) = e(Σ_j u^j W_j, [τ]₂).
 * Soundness needs γ drawn after every C and y is fixed and u after every W_j (the
 * proof system's transcript does that); this file takes both as arguments.
 *
 * Memory: commit uses the MSM's own memory; opening allocates one quotient
 * (n − 1 scalars; zki_kzg_divide is the allocation-free core); batched verification
 * allocates its MSM inputs. Verification never reads the SRS's G1 powers: it needs
 * only a zki_kzg_vk ([1]₂, [τ]₂; [1]₁ is the standard generator).
 */
#ifndef ZKI_KZG_H
#define ZKI_KZG_H

#include <stddef.h>

#include "fr.h"
#include "g1.h"
#include "g2.h"
#include "srs.h"
#include "status.h"

/* The verifier's part of an SRS. */
typedef struct {
    zki_g2_aff g2[2]; /* [1]₂, [τ]₂ */
} zki_kzg_vk;

/* The openings claimed at one point z for a batched verification. */
typedef struct {
    zki_fr z;              /* the point */
    size_t n;              /* number of polynomials opened at z, >= 1 */
    const zki_g1_aff *C;   /* their n commitments */
    const zki_fr *y;       /* their n claimed values p_k(z) */
    zki_g1_aff W;          /* the witness for f = Σ_k γ^k p_k at z (zki_kzg_open_multi) */
} zki_kzg_claims;

/* Out: vk  [1]₂ and [τ]₂ of srs.   In: srs  a valid SRS. */
void zki_kzg_vk_from_srs(zki_kzg_vk *vk, const zki_srs *srs);

/* Commits to p(X) = Σ_{i<n} coeffs[i] X^i.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL with n > 0); ZKI_ERR_SIZE if n > srs->n_g1;
 *          ZKI_ERR_NOMEM (from the MSM).
 * Out: C          [p(τ)]₁ (infinity for n == 0 or the zero polynomial).
 * In:  srs, coeffs (n scalars, coefficient form, lowest degree first), n;
 *      n_threads  MSM threads (0 = online CPUs). */
zki_status zki_kzg_commit(zki_g1_aff *C, const zki_srs *srs, const zki_fr *coeffs, size_t n,
                          unsigned n_threads) __attribute__((warn_unused_result));

/* Synthetic division by (X − z): p(X) = q(X)(X − z) + y. No allocation.
 * Out: q  n − 1 quotient coefficients (nothing written when n <= 1); must not
 *         overlap coeffs;
 *      y  p(z) (0 for n == 0).
 * In:  coeffs, n, z. */
void zki_kzg_divide(zki_fr *q, zki_fr *y, const zki_fr *coeffs, size_t n, const zki_fr *z);

/* Opens p at z.
 * Returns: ZKI_OK; ZKI_ERR_ARG; ZKI_ERR_SIZE if n > srs->n_g1; ZKI_ERR_NOMEM.
 * Out: y  p(z);  W  [(p(X) − y)/(X − z)]₁ at τ (infinity when n <= 1).
 * In:  srs, coeffs, n, z, n_threads as for zki_kzg_commit. */
zki_status zki_kzg_open(zki_fr *y, zki_g1_aff *W, const zki_srs *srs, const zki_fr *coeffs, size_t n,
                        const zki_fr *z, unsigned n_threads) __attribute__((warn_unused_result));

/* Verifies one opening: e(C − [y]₁ + z·W, [1]₂) · e(−W, [τ]₂) = 1.
 * Returns: ZKI_OK if it holds, ZKI_REJECT if not, ZKI_ERR_ARG (NULL).
 * In: vk; C, W decoded (on-curve) points; z, y. */
zki_status zki_kzg_verify(const zki_kzg_vk *vk, const zki_g1_aff *C, const zki_fr *z, const zki_fr *y,
                          const zki_g1_aff *W) __attribute__((warn_unused_result));

/* Prover side of the batch: opens n_polys polynomials at one point with one witness.
 * Out: ys  the n_polys values p_k(z) (the claims to send);
 *      W   the witness for f = Σ_k γ^k p_k at z.
 * In:  srs; polys[k] with lens[k] coefficients each (lens[k] <= srs->n_g1); n_polys >= 1;
 *      z; gamma (the folding challenge); n_threads as for zki_kzg_commit.
 * Returns: ZKI_OK; ZKI_ERR_ARG; ZKI_ERR_SIZE; ZKI_ERR_NOMEM. */
zki_status zki_kzg_open_multi(zki_fr *ys, zki_g1_aff *W, const zki_srs *srs, const zki_fr *const *polys,
                              const size_t *lens, size_t n_polys, const zki_fr *z, const zki_fr *gamma,
                              unsigned n_threads) __attribute__((warn_unused_result));

/* Verifies openings at m points with one 2-pairing check (GWC19, see above).
 * Returns: ZKI_OK if every claim holds (up to soundness error), ZKI_REJECT if the
 *          check fails, ZKI_ERR_ARG (NULL, m == 0, a claim with n == 0),
 *          ZKI_ERR_NOMEM.
 * In: vk; claims[0..m); gamma (folding, same for every point); u (point separation);
 *     both from the transcript as described at the top. */
zki_status zki_kzg_batch_verify(const zki_kzg_vk *vk, const zki_kzg_claims *claims, size_t m,
                                const zki_fr *gamma, const zki_fr *u)
    __attribute__((warn_unused_result));

#endif
