/* zki_fq12: the top of the BN254 pairing tower, Fq12 = Fq6[w]/(w^2 − v) (EIP-197
 * convention), where pairing values live. An element is c0 + c1·w with c0, c1 in
 * Fq6. Since w^2 = v and v^3 = ξ, w^6 = ξ, and every element is also
 * Σ g_j w^j (j = 0..5, g_j in Fq2) with
 *     g0 = c0.c0, g2 = c0.c1, g4 = c0.c2, g1 = c1.c0, g3 = c1.c1, g5 = c1.c2.
 *
 * Frobenius: (g w^j)^(p^k) = g^(p^k) · ξ^(j(p^k − 1)/6) · w^j, so the p^k-power map
 * conjugates every g_j when k is odd and multiplies it by zki_fq12_frob_gamma[k−1][j].
 * The constants were computed offline; tests/core/test_tower.c recomputes them.
 *
 * Cyclotomic squaring: after the "easy part" of the final exponentiation the value
 * has order dividing p^4 − p^2 + 1, and Granger–Scott ("Faster Squaring in the
 * Cyclotomic Subgroup of Sixth Degree Extensions", PKC 2010, section 3.2) square it
 * with 9 Fq2 squarings by viewing Fq12 as Fq4[w]/(w^3 − s), Fq4 = Fq2[s]/(s^2 − ξ),
 * s = w^3. Its inverse there is the conjugate.
 *
 * Sparse multiplication: a Miller-loop line on the D-type twist evaluates to
 * l0 + (l3 + l4·v)·w (coefficients of w^0, w^1, w^3: "034" in the six-slot order
 * 1, v, v^2, w, vw, v^2w); zki_fq12_mul_by_034 multiplies by it in 13 Fq2
 * multiplications instead of 18.
 *
 * Outputs come first and may alias inputs.
 */
#ifndef ZKI_FQ12_H
#define ZKI_FQ12_H

#include "fq6.h"

typedef struct { zki_fq6 c0, c1; } zki_fq12;

/* zki_fq12_frob_gamma[k−1][j] = ξ^(j·(p^k − 1)/6) for k = 1, 2, 3 and j = 0..5
 * (Montgomery form). Row k = 2 lies in Fq (c1 = 0); [1][3] = −1. */
extern const zki_fq2 zki_fq12_frob_gamma[3][6];

void zki_fq12_set_zero(zki_fq12 *r);
void zki_fq12_set_one(zki_fq12 *r);

/* Returns: 1 if a == 0 / a == 1 / a == b, else 0. */
int zki_fq12_is_zero(const zki_fq12 *a);
int zki_fq12_is_one(const zki_fq12 *a);
int zki_fq12_eq(const zki_fq12 *a, const zki_fq12 *b);

void zki_fq12_add(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b);
void zki_fq12_sub(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b);
void zki_fq12_neg(zki_fq12 *r, const zki_fq12 *a);
/* Karatsuba over Fq6: 18 Fq2 multiplications. */
void zki_fq12_mul(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b);
/* Complex squaring over Fq6: 12 Fq2 multiplications. */
void zki_fq12_sqr(zki_fq12 *r, const zki_fq12 *a);

/* r = conj(a) = c0 − c1·w = a^(p^6); the inverse on the cyclotomic subgroup. */
void zki_fq12_conj(zki_fq12 *r, const zki_fq12 *a);

/* r = 1/a = conj(a) / (c0^2 − v·c1^2). Returns: 1 on success, 0 if a == 0 (r = 0). */
int zki_fq12_inv(zki_fq12 *r, const zki_fq12 *a);

/* r = a^(p^k) for k = 1, 2 or 3 (other k: r = a^(p^(k mod 12)) by repetition). */
void zki_fq12_frobenius(zki_fq12 *r, const zki_fq12 *a, unsigned k);

/* r = a^2 for a in the cyclotomic subgroup (a^(p^4 − p^2 + 1) = 1, e.g. any output
 * of the easy part of the final exponentiation); wrong for other a. */
void zki_fq12_cyclotomic_sqr(zki_fq12 *r, const zki_fq12 *a);

/* r = a · (l0 + l3·w + l4·v·w), the sparse value of a line function. */
void zki_fq12_mul_by_034(zki_fq12 *r, const zki_fq12 *a, const zki_fq2 *l0, const zki_fq2 *l3,
                         const zki_fq2 *l4);

/* r = (l0 + l3·w + l4·v·w)(m0 + m3·w + m4·v·w), the product of two line values
 * (6 Fq2 multiplications); the result has c1.c2 = 0. */
void zki_fq12_mul_034_by_034(zki_fq12 *r, const zki_fq2 *l0, const zki_fq2 *l3, const zki_fq2 *l4,
                             const zki_fq2 *m0, const zki_fq2 *m3, const zki_fq2 *m4);

/* r = a·b for b with b.c1.c2 = 0, e.g. a product of two lines (17 Fq2
 * multiplications instead of 18 + fewer additions than two line products). */
void zki_fq12_mul_by_01234(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b);

/* r = a^e, e given as n little-endian 64-bit limbs. Square-and-multiply with
 * generic squaring; the time depends on e (public exponents, tests). */
void zki_fq12_pow_var(zki_fq12 *r, const zki_fq12 *a, const uint64_t *e, size_t n);

#endif
