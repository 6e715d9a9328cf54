/* The SHPLONK opening of zkinfer-plonk-v3 (docs/PROTOCOL.md §4.7): the parts the
 * prover, the full verifier and key generation share.
 *
 *   packs        F_g(X) = Σ_{m<t} Q_m(X^t)·X^m: coefficient t·k + m is member m's
 *                coefficient k (zki_shplonk_pack_coeffs);
 *   division     the quotient of a polynomial by X^t − a, from the top down, in place
 *                (zki_shplonk_div): the sparse form of dividing a pack by one factor of
 *                its opening set;
 *   the opening  the prover's witnesses [W] and [W'] (zki_shplonk_open, after the
 *                evaluations are absorbed) and the verifier's single two-pairing check
 *                (zki_shplonk_check).
 *
 * The opened polynomials are L->opens in layout order (the witness packs of S1 and S2,
 * the preprocessed packs, the witness packs of S3, T); the
 * opening of polynomial i gets weight v^i. Polynomials with the same (t, rotation set)
 * share their vanishing polynomial Z(X) = Π_ρ (X^t − ζ·ω^ρ), so the prover divides
 * their v-weighted sum once (the quotient is linear) and the verifier inverts Z(x) once.
 */
#ifndef ZKI_SHPLONK_H
#define ZKI_SHPLONK_H

#include "keys.h"
#include "transcript.h"

/* out[t·k + m] = members[m][k] for k < n, m < t: the coefficients of a pack. */
void zki_shplonk_pack_coeffs(zki_fr *out, const zki_fr *const *members, uint32_t t, size_t n);

/* Divides c (len coefficients, len >= t) by X^t − a in place: afterwards c[0..t) is the
 * remainder and c[t..len) the quotient's len − t coefficients (quotient coefficient j at
 * c[t + j]). */
void zki_shplonk_div(zki_fr *c, size_t len, uint32_t t, const zki_fr *a);

/* out = z·ω^rot (omega_inv = 1/ω for negative rotations). */
void zki_shplonk_point(zki_fr *out, const zki_fr *z, int32_t rot, const zki_fr *omega, const zki_fr *omega_inv);

/* out = Π_{k<nr} (xt − ζ·ω^rots[k]), the vanishing polynomial of an opening set at a
 * point x, given xt = x^t. */
void zki_shplonk_vanishing(zki_fr *out, const zki_fr *xt, const int32_t *rots, uint32_t nr, const zki_fr *zeta,
                           const zki_fr *omega, const zki_fr *omega_inv);

/* One opened polynomial as the prover holds it: dense coefficients (t = 1), or the t
 * members of a pack (each n coefficients; the pack's len is t·n and is never built). */
typedef struct {
    const zki_fr *c;               /* t == 1 */
    const zki_fr *const *members;  /* t > 1: t pointers */
    uint32_t t;
    size_t len;                    /* coefficients: n, t·n for a pack, n_t·n for T */
} zki_shplonk_poly;

/* The prover's opening (steps 9–11 of §4.7 and [W']): squeezes v, computes
 * W = Σ_i v^i·quot(f_i / Z_i), commits and absorbs it, squeezes x, computes
 * W' = quot(L / (X − x)) with L = Σ_i v^i/Z_i(x)·f_i − W, and commits it. The
 * evaluations must already be absorbed. Results do not depend on n_threads.
 * In: polys[L->n_opens] in layout order; zeta.
 * Out: out[0..64) = [W], out[64..128) = [W'].
 * Returns: ZKI_OK; ZKI_ERR_ARG (Z_i(x) = 0: negligible); ZKI_ERR_NOMEM; the MSM's errors. */
zki_status zki_shplonk_open(const zki_pk *pk, const zki_shplonk_poly *polys, const zki_fr *zeta,
                            zki_transcript *tr, uint8_t out[128], unsigned n_threads)
    __attribute__((warn_unused_result));

/* The verifier's check of §4.7:
 *   e(Σ_i s_i·[f_i] − (Σ_i s_i·r_i(x))·[1]₁ − [W] + x·[W'], [1]₂)·e(−[W'], [τ]₂) = 1,
 * s_i = v^i/Z_i(x), r_i(x) by the Chinese remainder formula from the claimed values.
 * In: comm, the proof's commitments in proof order (the witness packs, then [T]); evals,
 * the claimed values of L->queries; tz, the derived value T(ζ); W[0] = [W], W[1] = [W'].
 * Returns: ZKI_OK (accept), ZKI_REJECT (the check fails, or Z_i(x) = 0), ZKI_ERR_NOMEM. */
zki_status zki_shplonk_check(const zki_vk *vk, const zki_g1_aff *comm, const zki_fr *evals, const zki_fr *tz,
                             const zki_fr *zeta, const zki_fr *v, const zki_fr *x, const zki_g1_aff W[2])
    __attribute__((warn_unused_result));

#endif
