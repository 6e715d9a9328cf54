/* zki_vec: element-wise products over Fr on the fastest path this CPU has: eight
 * at a time on AVX-512 IFMA (ntt_ifma.h) where zki_cpu_ifma is set, else the
 * scalar loops of zki_fr_vmul / zki_fr_vmul_s (field_decl.h). Same results either
 * way (canonical, equal to zki_fr_mul element by element); r may be a or b
 * exactly. The prover's block evaluation of the constraints (plonk/eval_block.c)
 * spends most of its time here. */
#ifndef ZKI_VEC_H
#define ZKI_VEC_H

#include <stddef.h>

#include "fr.h"

/* r[i] = a[i]·b[i] for i < n (canonical inputs). */
void zki_vec_mul(zki_fr *r, const zki_fr *a, const zki_fr *b, size_t n);
/* r[i] = a[i]·s for i < n (canonical inputs). */
void zki_vec_mul_s(zki_fr *r, const zki_fr *a, const zki_fr *s, size_t n);

#endif
