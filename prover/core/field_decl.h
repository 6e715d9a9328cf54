/* The API shared by the two BN254 prime fields, Fr (scalars, order r) and Fq
 * (base field, order p). Included by fr.h and fq.h with ZKI_F set to the type
 * name (zki_fr / zki_fq); every function below exists as zki_fr_X and zki_fq_X.
 *
 * Representation: 4 little-endian 64-bit limbs, Montgomery form (a·2^256 mod m),
 * always fully reduced (< m). Both moduli are < 2^254, which the multiplication
 * relies on (the "no-carry" CIOS variant). Outputs come first and may alias inputs.
 * Functions whose running time depends on values carry the suffix _var.
 */
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define ZKI_FN2(t, n) t##_##n
#define ZKI_FN1(t, n) ZKI_FN2(t, n)
#define ZKI_FN(n) ZKI_FN1(ZKI_F, n)

typedef struct { uint64_t v[4]; } ZKI_F;

/* r = 0, 1, an unsigned or a signed small integer (negative -> m - |i|). */
void ZKI_FN(set_zero)(ZKI_F *r);
void ZKI_FN(set_one)(ZKI_F *r);
void ZKI_FN(set_u64)(ZKI_F *r, uint64_t u);
void ZKI_FN(set_i64)(ZKI_F *r, int64_t i);

/* Returns: 1 if a == 0 / a == 1 / a == b, else 0. */
int ZKI_FN(is_zero)(const ZKI_F *a);
int ZKI_FN(is_one)(const ZKI_F *a);
int ZKI_FN(eq)(const ZKI_F *a, const ZKI_F *b);

void ZKI_FN(add)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b);
void ZKI_FN(sub)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b);
void ZKI_FN(neg)(ZKI_F *r, const ZKI_F *a);
void ZKI_FN(dbl)(ZKI_F *r, const ZKI_F *a);
void ZKI_FN(mul)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b);
void ZKI_FN(sqr)(ZKI_F *r, const ZKI_F *a);
/* Element-wise over n elements, without a call per element (the prover's vector loops):
 * r[i] = a[i] + b[i], a[i] - b[i], a[i]·b[i]; the _s forms use one element s for every i.
 * r may be a or b exactly (in place), not a partial overlap. */
void ZKI_FN(vadd)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n);
void ZKI_FN(vsub)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n);
void ZKI_FN(vmul)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n);
void ZKI_FN(vadd_s)(ZKI_F *r, const ZKI_F *a, const ZKI_F *s, size_t n);
void ZKI_FN(vmul_s)(ZKI_F *r, const ZKI_F *a, const ZKI_F *s, size_t n);
/* r = a / 2. */
void ZKI_FN(half)(ZKI_F *r, const ZKI_F *a);

/* r = a^e, e given as 4 little-endian limbs (a plain integer, not Montgomery). */
void ZKI_FN(pow)(ZKI_F *r, const ZKI_F *a, const uint64_t e[4]);

/* r = 1/a by Fermat's little theorem (fixed exponent, no branches on a).
 * Returns: 1 on success, 0 if a == 0 (then r = 0). */
int ZKI_FN(inv)(ZKI_F *r, const ZKI_F *a);

/* Batch inversion (Montgomery's trick): out[i] = 1/in[i], zeros map to zero.
 * One inversion plus 3(n-1) multiplications. out and in must not overlap. */
void ZKI_FN(batch_inv)(ZKI_F *out, const ZKI_F *in, size_t n);

/* r = a square root of a. Returns: 1 if a is a square (r set), else 0. Variable time. */
int ZKI_FN(sqrt_var)(ZKI_F *r, const ZKI_F *a);

/* Returns: 1 if a is a non-zero square, -1 if a non-square, 0 if zero. */
int ZKI_FN(legendre)(const ZKI_F *a);

/* 32-byte big-endian canonical encoding.
 * from_bytes Returns: ZKI_OK, or ZKI_ERR_NONCANONICAL if the integer is >= m (r untouched). */
zki_status ZKI_FN(from_bytes)(ZKI_F *r, const uint8_t in[32]);
void ZKI_FN(to_bytes)(uint8_t out[32], const ZKI_F *a);
/* r = (256-bit big-endian integer) mod m; for hash outputs, never fails. */
void ZKI_FN(from_bytes_reduce)(ZKI_F *r, const uint8_t in[32]);

/* Plain (non-Montgomery) little-endian limbs of a, and back (limbs must be < m). */
void ZKI_FN(to_limbs)(uint64_t out[4], const ZKI_F *a);
zki_status ZKI_FN(from_limbs)(ZKI_F *r, const uint64_t in[4]);

/* r = a if flag == 1, b if flag == 0 (flag must be 0 or 1); no branch on flag. */
void ZKI_FN(select)(ZKI_F *r, int flag, const ZKI_F *a, const ZKI_F *b);

#undef ZKI_FN
#undef ZKI_FN1
#undef ZKI_FN2
