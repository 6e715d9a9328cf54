/* zki_fq6: the cubic extension Fq6 = Fq2[v]/(v^3 − ξ), ξ = 9 + u, the middle level of
 * the BN254 pairing tower (EIP-197 convention). An element is c0 + c1·v + c2·v^2
 * with c0, c1, c2 in Fq2.
 *
 * Multiplication is the Karatsuba form (6 Fq2 multiplications) and squaring
 * Chung–Hasan's SQR2 (2 multiplications, 3 squarings), both from Devegili,
 * Ó hÉigeartaigh, Scott, Dahab, "Multiplication and Squaring on Pairing-Friendly
 * Fields" (ePrint 2006/471), section 4; inversion is the adjugate formula of
 * Scott's "Implementing cryptographic pairings" (2007), section 3.2. The sparse
 * product zki_fq6_mul_by_01 serves the Miller loop's line functions (pairing.c).
 * Outputs come first and may alias inputs.
 */
#ifndef ZKI_FQ6_H
#define ZKI_FQ6_H

#include "fq2.h"

typedef struct { zki_fq2 c0, c1, c2; } zki_fq6;

void zki_fq6_set_zero(zki_fq6 *r);
void zki_fq6_set_one(zki_fq6 *r);

/* Returns: 1 if a == 0 / a == 1 / a == b, else 0. */
int zki_fq6_is_zero(const zki_fq6 *a);
int zki_fq6_is_one(const zki_fq6 *a);
int zki_fq6_eq(const zki_fq6 *a, const zki_fq6 *b);

void zki_fq6_add(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b);
void zki_fq6_sub(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b);
void zki_fq6_neg(zki_fq6 *r, const zki_fq6 *a);
void zki_fq6_dbl(zki_fq6 *r, const zki_fq6 *a);
void zki_fq6_mul(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b);
void zki_fq6_sqr(zki_fq6 *r, const zki_fq6 *a);
/* r = a·k for k in Fq2 (3 Fq2 multiplications). */
void zki_fq6_mul_fq2(zki_fq6 *r, const zki_fq6 *a, const zki_fq2 *k);
/* r = a·(b0 + b1·v), a sparse operand (5 Fq2 multiplications). */
void zki_fq6_mul_by_01(zki_fq6 *r, const zki_fq6 *a, const zki_fq2 *b0, const zki_fq2 *b1);
/* r = a·v = ξ·c2 + c0·v + c1·v^2 (the non-residue that builds Fq12). */
void zki_fq6_mul_by_nonresidue(zki_fq6 *r, const zki_fq6 *a);

/* r = 1/a. Returns: 1 on success, 0 if a == 0 (then r = 0). */
int zki_fq6_inv(zki_fq6 *r, const zki_fq6 *a);

#endif
