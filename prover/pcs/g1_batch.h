/* zki_g1_batch: many independent G1 scalar multiplications k_i·P_i at once, for
 * transforms whose every step multiplies a whole vector of points by known scalars
 * (the G1 inverse NTT of lagrange.c).
 *
 * Method:
 *   - GLV (Gallant, Lambert, Vanstone, "Faster point multiplication on elliptic
 *     curves with efficient endomorphisms", CRYPTO 2001). BN254 G1 has the
 *     endomorphism φ(x, y) = (β·x, y), β a cube root of unity in Fq, which acts as
 *     multiplication by λ, a cube root of unity in Fr (β and λ paired so that
 *     φ(G) = λ·G; checked by tests/pcs/test_lagrange.c). A scalar k is split as
 *     k ≡ k1 + k2·λ (mod r) with |k1|, |k2| < 2^128 by rounding against a short
 *     basis of the lattice {(a, b) : a + b·λ ≡ 0 (mod r)}, found by the extended
 *     Euclidean algorithm on (r, λ) (GLV §4). With the basis
 *         v1 = (a1, b1), v2 = (a2, b2),  a1·b2 − a2·b1 = r,
 *     c1 = ⌊k·g1 / 2^256⌋, c2 = ⌊k·g2 / 2^256⌋ with g1 = ⌊2^256·b2 / r⌋ and
 *     g2 = ⌊2^256·(−b1) / r⌋ undershoot the exact quotients by less than 1.25, so
 *     (k1, k2) = (k, 0) − c1·v1 − c2·v2 has |k_i| < 1.25·(2^64 + 2^127) < 2^128.
 *   - Each half is recoded in width-5 NAF (digits ±1, ±3, .., ±15), so
 *     k·P = Σ over ≤ 129 positions of 2·acc + d1·T[|d1|] + d2·φ(T[|d2|]) with
 *     T = {P, 3P, .., 15P}: 128 doublings and about 43 additions per point.
 *   - Lockstep affine arithmetic: all points of a batch take the same sequence of
 *     steps (double everybody, add the first halves' digits, add the second
 *     halves'), and each step inverts all its denominators with one field
 *     inversion (Montgomery's trick). An affine addition then costs about 6
 *     multiplications and a doubling about 7, against 11 and 7 in Jacobian
 *     coordinates: about 1300 multiplications per k·P in all (33 us on the 2-core
 *     EPYC, three quarters of it in the Montgomery multiply). Exceptional inputs
 *     (infinity, equal or opposite points) go to a Jacobian slow path, so every
 *     function here is complete.
 *
 * Workspace: one zki_g1_batch_ws per thread, of `cap` points (about 1.2 KiB each),
 * allocated by zki_g1_batch_ws_init. Variable time: for public scalars only.
 */
#ifndef ZKI_G1_BATCH_H
#define ZKI_G1_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "g1.h"
#include "status.h"

/* wNAF digits per half: magnitudes < 2^128 give at most 129. */
#define ZKI_GLV_DIGITS 130
/* Odd multiples P, 3P, .., 15P kept per point (window 5). */
#define ZKI_GLV_TABLE 8

/* k ≡ (−1)^neg[0]·mag[0] + (−1)^neg[1]·mag[1]·λ (mod r), each mag < 2^128 as two
 * little-endian limbs. */
typedef struct {
    uint64_t mag[2][2];
    uint8_t neg[2];
} zki_glv_scalar;

/* Splits k for the GLV method (exact; see the top of this file). */
void zki_glv_split(zki_glv_scalar *out, const zki_fr *k);

/* Returns: 1 if s represents k, both magnitudes < 2^128. For tests. */
int zki_glv_check(const zki_glv_scalar *s, const zki_fr *k);

/* r = φ(a) = (β·x, y) = λ·a; infinity stays infinity. */
void zki_g1_aff_endo(zki_g1_aff *r, const zki_g1_aff *a);

/* The constant λ ∈ Fr with φ(P) = λ·P. */
void zki_glv_lambda(zki_fr *lambda);

/* Per-thread scratch for up to cap points. */
typedef struct {
    size_t cap;
    zki_g1_aff *acc;                  /* accumulators; (0,0) = nothing yet */
    zki_g1_aff (*tab)[ZKI_GLV_TABLE]; /* odd multiples of each point */
    zki_fq (*tab_bx)[ZKI_GLV_TABLE];  /* β·x of each table entry (φ keeps y) */
    int8_t (*dig)[2][ZKI_GLV_DIGITS]; /* wNAF digits of both halves, signs applied */
    uint8_t *len;                     /* digits used per point */
    zki_g1_aff *pend;                 /* the operand of each pending addition */
    zki_fq *den, *inv;                /* denominators and their inverses */
    uint32_t *idx;                    /* which accumulator each pending step updates */
    uint32_t *act;                    /* the points with work to do */
} zki_g1_batch_ws;

/* Returns: ZKI_OK or ZKI_ERR_NOMEM (ws is then empty). cap >= 1. */
zki_status zki_g1_batch_ws_init(zki_g1_batch_ws *ws, size_t cap) __attribute__((warn_unused_result));
/* Releases ws; safe on an empty one. */
void zki_g1_batch_ws_free(zki_g1_batch_ws *ws);

/* out[i] = k[i]·p[i] for i < n (n <= ws->cap). k[i] == NULL means the scalar 1.
 * Points may be infinity. out may alias p. */
void zki_g1s_mul_glv(zki_g1_aff *out, const zki_g1_aff *p, const zki_glv_scalar *const *k, size_t n,
                     zki_g1_batch_ws *ws);

/* sum[i] = a[i] + b[i] and dif[i] = a[i] − b[i] for i < n (n <= ws->cap), the two
 * sharing one inverted denominator. Outputs may alias the inputs element-wise
 * (sum == a and dif == b is the in-place butterfly). */
void zki_g1s_add_sub(zki_g1_aff *sum, zki_g1_aff *dif, const zki_g1_aff *a, const zki_g1_aff *b, size_t n,
                     zki_g1_batch_ws *ws);

#endif
