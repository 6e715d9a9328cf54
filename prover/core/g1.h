/* zki_g1: the BN254 G1 group, y^2 = x^3 + 3 over Fq, of prime order r (cofactor 1,
 * so every point on the curve is in the group). Generator (1, 2).
 *
 * zki_g1_aff  affine (x, y); the point at infinity is (0, 0), which is not on the
 *             curve, so the representation is unambiguous (the EVM's convention too).
 * zki_g1      Jacobian (X, Y, Z) meaning (X/Z^2, Y/Z^3); infinity has Z = 0.
 *
 * Byte format (EVM, EIP-196): 64 bytes, x ‖ y as 32-byte big-endian integers;
 * infinity is 64 zero bytes. Decoding checks each coordinate is < p and the point
 * is on the curve; those are the only checks G1 needs.
 */
#ifndef ZKI_G1_H
#define ZKI_G1_H

#include "fq.h"
#include "fr.h"

typedef struct { zki_fq x, y; } zki_g1_aff;
typedef struct { zki_fq x, y, z; } zki_g1;

void zki_g1_generator(zki_g1_aff *r);
void zki_g1_set_inf(zki_g1 *r);
int zki_g1_is_inf(const zki_g1 *a);
int zki_g1_aff_is_inf(const zki_g1_aff *a);
/* Returns: 1 if a is infinity or satisfies the curve equation. */
int zki_g1_aff_is_on_curve(const zki_g1_aff *a);

void zki_g1_from_aff(zki_g1 *r, const zki_g1_aff *a);
void zki_g1_to_aff(zki_g1_aff *r, const zki_g1 *a);
/* Batch conversion with one field inversion; r and a must not overlap. */
void zki_g1s_to_aff(zki_g1_aff *r, const zki_g1 *a, size_t n);

void zki_g1_dbl(zki_g1 *r, const zki_g1 *a);
void zki_g1_add(zki_g1 *r, const zki_g1 *a, const zki_g1 *b);
/* Mixed addition r = a + b with b affine (cheaper). */
void zki_g1_add_aff(zki_g1 *r, const zki_g1 *a, const zki_g1_aff *b);
void zki_g1_neg(zki_g1 *r, const zki_g1 *a);
void zki_g1_aff_neg(zki_g1_aff *r, const zki_g1_aff *a);
/* Returns: 1 if a and b are the same group element (any Jacobian representatives). */
int zki_g1_eq(const zki_g1 *a, const zki_g1 *b);

/* r = k·a with fixed 4-bit windows. Variable time (branches on infinity); not for secret k
 * where timing matters. */
void zki_g1_mul(zki_g1 *r, const zki_g1 *a, const zki_fr *k);
/* r = k·a for k given as plain little-endian limbs (any 256-bit integer, e.g. r itself). */
void zki_g1_mul_limbs(zki_g1 *r, const zki_g1 *a, const uint64_t k[4]);

/* EVM encoding. from_bytes Returns: ZKI_OK, ZKI_ERR_NONCANONICAL (coordinate >= p) or
 * ZKI_ERR_NOT_ON_CURVE; r is only written on success. */
zki_status zki_g1_aff_from_bytes(zki_g1_aff *r, const uint8_t in[64]);
void zki_g1_aff_to_bytes(uint8_t out[64], const zki_g1_aff *a);

#endif
