/* zki_g2: the BN254 group G2, the order-r subgroup of the sextic D-type twist
 *     E': y^2 = x^3 + b',  b' = 3/ξ,  ξ = 9 + u,  over Fq2
 * (EIP-197). The twist's group E'(Fq2) has order r·c with cofactor c = 2p − r, so,
 * unlike G1, a point on the curve need not be in G2: decoding checks both.
 *
 * zki_g2_aff  affine (x, y); infinity is (0, 0), which is not on E' (b' != 0).
 * zki_g2      Jacobian (X, Y, Z) meaning (X/Z^2, Y/Z^3); infinity has Z = 0.
 * Formulas: the Explicit-Formulas Database for a = 0 (dbl-2009-l, add-2007-bl,
 * madd-2007-bl); exceptional cases (infinity, equal or opposite points) branch.
 *
 * ψ, the untwist–Frobenius–twist endomorphism: (x, y) ↦ (conj(x)·γ12, conj(y)·γ13)
 * with γ1j = ξ^(j(p − 1)/6) (fq12.h). It acts on G2 as multiplication by p, and
 * satisfies ψ^2 − t·ψ + p = 0 on all of E'(Fq2) (t = 6x^2 + 1, the trace of E/Fq,
 * x the BN parameter). Subgroup test (El Housni, Guillevic, Piellard, "Co-factor
 * clearing and subgroup membership testing on pairing-friendly curves",
 * AFRICACRYPT 2022): Q is in G2 iff ψ(Q) = [6x^2]Q. Why it is sufficient: if
 * ψ(Q) = [t − 1]Q then 0 = (ψ^2 − tψ + p)(Q) = [(t − 1)^2 − t(t − 1) + p]Q
 * = [p + 1 − t]Q = [r]Q. It costs a 127-bit multiplication instead of a 254-bit one.
 *
 * Byte format (EVM, EIP-197): 128 bytes x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, each a 32-byte
 * big-endian integer (the imaginary part first); infinity is 128 zero bytes.
 */
#ifndef ZKI_G2_H
#define ZKI_G2_H

#include "fq2.h"
#include "fr.h"

typedef struct { zki_fq2 x, y; } zki_g2_aff;
typedef struct { zki_fq2 x, y, z; } zki_g2;

/* b' = 3/ξ, the twist's constant (Montgomery form). */
extern const zki_fq2 zki_g2_b;

/* r = the EIP-197 generator of G2. */
void zki_g2_generator(zki_g2_aff *r);
void zki_g2_set_inf(zki_g2 *r);
int zki_g2_is_inf(const zki_g2 *a);
int zki_g2_aff_is_inf(const zki_g2_aff *a);
/* Returns: 1 if a is infinity or satisfies the twist's equation. */
int zki_g2_aff_is_on_curve(const zki_g2_aff *a);
/* Returns: 1 if a is in G2 (infinity is), by ψ(a) == [6x^2]a. a must be on the
 * curve (the answer is meaningless otherwise). The sequence of operations depends
 * only on the public constant 6x^2 apart from exceptional-case branches. */
int zki_g2_aff_in_subgroup(const zki_g2_aff *a);

void zki_g2_from_aff(zki_g2 *r, const zki_g2_aff *a);
void zki_g2_to_aff(zki_g2_aff *r, const zki_g2 *a);
/* Batch conversion with one field inversion; r and a must not overlap. */
void zki_g2s_to_aff(zki_g2_aff *r, const zki_g2 *a, size_t n);

void zki_g2_dbl(zki_g2 *r, const zki_g2 *a);
void zki_g2_add(zki_g2 *r, const zki_g2 *a, const zki_g2 *b);
/* Mixed addition r = a + b with b affine (cheaper). */
void zki_g2_add_aff(zki_g2 *r, const zki_g2 *a, const zki_g2_aff *b);
void zki_g2_neg(zki_g2 *r, const zki_g2 *a);
void zki_g2_aff_neg(zki_g2_aff *r, const zki_g2_aff *a);
/* Returns: 1 if a and b are the same group element (any Jacobian representatives). */
int zki_g2_eq(const zki_g2 *a, const zki_g2 *b);

/* r = ψ(a) (see above); works on Jacobian coordinates directly. */
void zki_g2_psi(zki_g2 *r, const zki_g2 *a);
void zki_g2_aff_psi(zki_g2_aff *r, const zki_g2_aff *a);

/* r = k·a, fixed 4-bit windows (the sequence of group operations does not depend
 * on k, though table look-ups and exceptional cases are not constant time). */
void zki_g2_mul(zki_g2 *r, const zki_g2 *a, const zki_fr *k);
/* r = k·a for k given as plain little-endian limbs (any 256-bit integer, e.g. r). */
void zki_g2_mul_limbs(zki_g2 *r, const zki_g2 *a, const uint64_t k[4]);

/* EVM encoding. from_bytes Returns: ZKI_OK, ZKI_ERR_NONCANONICAL (a coordinate
 * >= p), ZKI_ERR_NOT_ON_CURVE or ZKI_ERR_NOT_IN_SUBGROUP, checked in that order;
 * r is only written on success. */
zki_status zki_g2_aff_from_bytes(zki_g2_aff *r, const uint8_t in[128]);
void zki_g2_aff_to_bytes(uint8_t out[128], const zki_g2_aff *a);

#endif
