/* zki_fr: the scalar field of BN254, r = 0x30644e72...f0000001 (254 bits).
 * Elements of Fr are circuit values, polynomial coefficients and scalars of G1/G2.
 * API: see field_decl.h (zki_fr_add, zki_fr_mul, zki_fr_inv, zki_fr_from_bytes, ...).
 * r - 1 = 2^28 · t, so radix-2 NTT domains go up to 2^28.
 */
#ifndef ZKI_FR_H
#define ZKI_FR_H

#define ZKI_F zki_fr
#include "field_decl.h"
#undef ZKI_F

#define ZKI_FR_TWO_ADICITY 28

/* The modulus r as little-endian limbs. */
extern const uint64_t zki_fr_modulus[4];

/* r = a primitive 2^log_n-th root of unity (generator 5 raised to (r-1)/2^log_n).
 * Returns: 1, or 0 if log_n > ZKI_FR_TWO_ADICITY. */
int zki_fr_root_of_unity(zki_fr *r, unsigned log_n);

/* r = 5, the multiplicative generator used for roots of unity and cosets. */
void zki_fr_generator(zki_fr *r);

#endif
