/* The optimal ate pairing on BN254, e: G1 × G2 → GT ⊂ Fq12*, as used by KZG
 * verification and the EVM precompile 0x08 (EIP-197).
 *
 * Miller loop (Vercauteren, "Optimal pairings", IEEE Trans. IT 2010; Beuchat,
 * González-Díaz, Mitsunari, Okamoto, Rodríguez-Henríquez, Teruya, "High-speed
 * software implementation of the optimal ate pairing over Barreto–Naehrig curves",
 * Pairing 2010, Algorithm 1): f = f_{6x+2,Q}(P) · l_{T,π(Q)}(P) · l_{T',−π²(Q)}(P),
 * x = 4965661367192848881, the loop running over the non-adjacent form of 6x + 2
 * (66 digits, 22 non-zero). T is kept in homogeneous projective coordinates on the
 * twist and the lines are the formulas of Costello, Lange, Naehrig ("Faster pairing
 * computations on curves with high-degree twists", PKC 2010) in the form given for
 * D-type twists by Aranha, Karabina, Longa, Gebotys, López ("Faster explicit
 * formulas for computing pairings over ordinary curves", Eurocrypt 2011, section 4):
 * no inversions, and each line is a sparse Fq12 element l0 + l3·w + l4·v·w
 * (fq12.h). With several pairs the lines of one step are first multiplied together
 * two at a time (zki_fq12_mul_034_by_034), and one Fq12 squaring per step serves
 * all pairs. Lines are scaled by factors in Fq2, which the final exponentiation
 * removes, so a Miller-loop value is only defined up to such factors.
 *
 * Final exponentiation f^((p^12 − 1)/r): the easy part (p^6 − 1)(p^2 + 1) with one
 * inversion and Frobenius maps, then the hard part (p^4 − p^2 + 1)/r =
 * λ0 + λ1 p + λ2 p^2 + λ3 p^3 (λ3 = 1, λ2 = 6x^2 + 1, λ1 = −36x^3 − 18x^2 − 12x + 1,
 * λ0 = −36x^3 − 30x^2 − 18x − 2) by the vectorial addition chain of Scott, Benger,
 * Charlemagne, Domínguez Pérez, Kachisa ("On the final exponentiation for
 * calculating pairings on ordinary elliptic curves", Pairing 2009): three
 * exponentiations by x (width-4 NAF, 16 multiplications each) with Granger–Scott
 * cyclotomic squarings. The result is the exact reduced optimal ate pairing, not a
 * fixed power of it (as the faster multiple-of-the-exponent chains would give), so
 * GT values are comparable with other exact implementations.
 *
 * Inputs are validated points (G1 on the curve, G2 in the subgroup: decode them
 * with zki_g1_aff_from_bytes / zki_g2_aff_from_bytes). A pair in which either point
 * is infinity contributes 1. No allocation: the multi-pairing processes pairs in
 * chunks of ZKI_PAIRING_CHUNK with a fixed-size stack state (about 19 KiB at -O3,
 * measured with -fstack-usage; the final exponentiation needs about 8 KiB).
 * Running time depends only on n and on which points are infinity.
 */
#ifndef ZKI_PAIRING_H
#define ZKI_PAIRING_H

#include "fq12.h"
#include "g1.h"
#include "g2.h"

/* Pairs sharing one Miller loop's squarings; larger n is split into chunks. */
#define ZKI_PAIRING_CHUNK 16

/* r = the Miller-loop value f_{P,Q} (before the final exponentiation); 1 if P or Q
 * is infinity. */
void zki_miller_loop(zki_fq12 *r, const zki_g1_aff *p, const zki_g2_aff *q);

/* r = Π_i f_{P_i,Q_i}, the Fq12 squarings shared among the pairs. n may be 0 (r = 1). */
void zki_miller_loop_multi(zki_fq12 *r, const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n);

/* r = f^((p^12 − 1)/r). f must be non-zero (Miller-loop outputs are); r = 0 if f = 0. */
void zki_final_exp(zki_fq12 *r, const zki_fq12 *f);

/* r = e(P, Q). */
void zki_pairing(zki_fq12 *r, const zki_g1_aff *p, const zki_g2_aff *q);

/* r = Π_i e(P_i, Q_i), with a single final exponentiation. */
void zki_pairings_product(zki_fq12 *r, const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n);

/* Returns: 1 if Π_i e(P_i, Q_i) = 1 (also for n = 0), else 0 — the EIP-197 check. */
int zki_pairing_check(const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n);

#endif
