/* zki_fq: the base field of BN254, p = 0x30644e72...d87cfd47 (254 bits), the
 * coordinate field of G1 (and, through Fq2, of G2). p ≡ 3 (mod 4), so square
 * roots are a^((p+1)/4). API: see field_decl.h (zki_fq_add, zki_fq_mul, ...).
 */
#ifndef ZKI_FQ_H
#define ZKI_FQ_H

#define ZKI_F zki_fq
#include "field_decl.h"
#undef ZKI_F

/* The modulus p as little-endian limbs. */
extern const uint64_t zki_fq_modulus[4];

#endif
