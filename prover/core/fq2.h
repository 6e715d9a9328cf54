/* zki_fq2: the quadratic extension Fq2 = Fq[u]/(u^2 + 1) of the BN254 base field,
 * the first level of the pairing tower Fq2 ⊂ Fq6 ⊂ Fq12 and the coordinate field
 * of G2. An element is c0 + c1·u with c0, c1 in Fq (Montgomery form, reduced).
 *
 * Conventions (EIP-197, the Ethereum precompiles): u^2 = −1, which works because
 * p ≡ 3 (mod 4) makes −1 a non-square in Fq. The non-residue that builds the next
 * levels is ξ = 9 + u (neither a square nor a cube in Fq2). In byte encodings
 * EIP-197 writes c1 before c0; that ordering lives in g2.c, not here.
 *
 * Multiplication is Karatsuba (3 Fq multiplications), squaring the "complex"
 * method (a0 + a1)(a0 − a1), 2·a0·a1 (2 multiplications); see Devegili,
 * Ó hÉigeartaigh, Scott, Dahab, "Multiplication and Squaring on Pairing-Friendly
 * Fields" (ePrint 2006/471), sections 3 and 4. Outputs come first and may alias
 * inputs. Functions whose running time depends on the values carry _var.
 */
#ifndef ZKI_FQ2_H
#define ZKI_FQ2_H

#include "fq.h"

typedef struct { zki_fq c0, c1; } zki_fq2;

void zki_fq2_set_zero(zki_fq2 *r);
void zki_fq2_set_one(zki_fq2 *r);
/* r = c0 + c1·u from two Fq elements. */
void zki_fq2_set(zki_fq2 *r, const zki_fq *c0, const zki_fq *c1);

/* Returns: 1 if a == 0 / a == 1 / a == b, else 0. */
int zki_fq2_is_zero(const zki_fq2 *a);
int zki_fq2_is_one(const zki_fq2 *a);
int zki_fq2_eq(const zki_fq2 *a, const zki_fq2 *b);

void zki_fq2_add(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b);
void zki_fq2_sub(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b);
void zki_fq2_neg(zki_fq2 *r, const zki_fq2 *a);
void zki_fq2_dbl(zki_fq2 *r, const zki_fq2 *a);
/* r = a / 2. */
void zki_fq2_half(zki_fq2 *r, const zki_fq2 *a);
void zki_fq2_mul(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b);
void zki_fq2_sqr(zki_fq2 *r, const zki_fq2 *a);
/* r = a·k for k in Fq (2 Fq multiplications). */
void zki_fq2_mul_fq(zki_fq2 *r, const zki_fq2 *a, const zki_fq *k);
/* r = a·ξ with ξ = 9 + u: (9·a0 − a1) + (a0 + 9·a1)·u, additions only. */
void zki_fq2_mul_by_nonresidue(zki_fq2 *r, const zki_fq2 *a);

/* r = conjugate of a = c0 − c1·u, which is also the Frobenius map a^p. */
void zki_fq2_conj(zki_fq2 *r, const zki_fq2 *a);

/* r = 1/a = conj(a) / (a0^2 + a1^2), one Fq inversion.
 * Returns: 1 on success, 0 if a == 0 (then r = 0). */
int zki_fq2_inv(zki_fq2 *r, const zki_fq2 *a);

/* r = a^e, e given as n little-endian 64-bit limbs (any length, e.g. (p^2−1)/6).
 * Square-and-multiply; the time depends on e (meant for public exponents). */
void zki_fq2_pow_var(zki_fq2 *r, const zki_fq2 *a, const uint64_t *e, size_t n);

/* Returns: 1 if a is a non-zero square, −1 if a non-square, 0 if a == 0. An element
 * of Fq2 is a square iff its norm a0^2 + a1^2 is a square in Fq. Variable time. */
int zki_fq2_legendre_var(const zki_fq2 *a);

/* r = a square root of a (either one). Uses the norm: with n = sqrt(a0^2 + a1^2),
 * one of d = (a0 ± n)/2 is a square in Fq and r = sqrt(d) + a1/(2·sqrt(d))·u.
 * Returns: 1 if a is a square (r set), else 0 (r untouched). Variable time. */
int zki_fq2_sqrt_var(zki_fq2 *r, const zki_fq2 *a);

/* r = a if flag == 1, b if flag == 0 (flag must be 0 or 1); no branch on flag. */
void zki_fq2_select(zki_fq2 *r, int flag, const zki_fq2 *a, const zki_fq2 *b);

#endif
