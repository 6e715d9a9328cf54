/* zki_g1_xyzz: BN254 G1 points in extended Jacobian ("XYZZ") coordinates, the
 * bucket and running-sum representation of the MSM.
 *
 * What it represents: (X, Y, ZZ, ZZZ) stands for the affine point (X/ZZ, Y/ZZZ).
 * Invariant: ZZ^3 = ZZZ^2 (ZZ = Z^2, ZZZ = Z^3 for some Z, never stored), which
 * every formula below preserves. Infinity is ZZ = 0 (and ZZZ = 0); the all-zero
 * struct is infinity, so a memset-0 bucket array starts empty.
 *
 * Why: a mixed addition costs 8M + 2S here against 7M + 4S in Jacobian, and a
 * full addition 12M + 2S against 11M + 5S; the formulas also never need the
 * doubled-Z squarings of add-2007-bl. Formulas (short Weierstrass, a = 0) from the
 * Explicit-Formulas Database, "g1p/auto-shortw-xyzz": madd-2008-s, add-2008-s,
 * dbl-2008-s-1 and mdbl-2008-s-1. Exceptional inputs (infinity, equal or opposite
 * points) are detected and handled, so every function is complete. Variable time.
 *
 * Outputs come first and may alias inputs.
 */
#ifndef ZKI_G1_XYZZ_H
#define ZKI_G1_XYZZ_H

#include "g1.h"

typedef struct { zki_fq x, y, zz, zzz; } zki_g1_xyzz;

void zki_g1_xyzz_set_inf(zki_g1_xyzz *r);
/* Returns: 1 if a is the point at infinity. */
int zki_g1_xyzz_is_inf(const zki_g1_xyzz *a);
/* r = a (affine; (0,0) is infinity). */
void zki_g1_xyzz_from_aff(zki_g1_xyzz *r, const zki_g1_aff *a);
/* r = a in Jacobian coordinates: Z = ZZZ, X = X·ZZ^2, Y = Y·ZZZ^2 (no inversion). */
void zki_g1_xyzz_to_jac(zki_g1 *r, const zki_g1_xyzz *a);

/* r = 2a. */
void zki_g1_xyzz_dbl(zki_g1_xyzz *r, const zki_g1_xyzz *a);
/* r = a + b, b affine (madd-2008-s). */
void zki_g1_xyzz_add_aff(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_aff *b);
/* r = a - b, b affine (the same formula on (x, -y); the negation is free). */
void zki_g1_xyzz_sub_aff(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_aff *b);
/* r = a + b (add-2008-s). */
void zki_g1_xyzz_add(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_xyzz *b);

#endif
