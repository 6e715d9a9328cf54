/* zki_msm_ifma: the AVX-512 IFMA back end of the MSM's batched affine additions
 * (internal to prover/msm; msm_batch.c is its only caller).
 *
 * What it represents: eight Fq elements at a time as five 8-lane vectors of
 * 52-bit limbs, multiplied with VPMADD52LUQ/VPMADD52HUQ (Montgomery, R' = 2^260,
 * one operand shifted left by 4 bits first so the product is the usual
 * a·b·2^-256). Eight pending additions run side by side: lane j of vector v is
 * pair 8v + j, so lane j carries the prefix-product chain of pairs j, j + 8, ...
 * The method and its bounds are in the comment at the top of msm_ifma.c.
 *
 * Availability: compiled on x86-64 with a GNU C compiler only, with per-function
 * target attributes, so the rest of the build needs no AVX-512 flags.
 * ZKI_MSM_HAVE_IFMA says whether the function below exists; callers must also
 * check zki_cpu_ifma (cpu.h).
 */
#ifndef ZKI_MSM_IFMA_H
#define ZKI_MSM_IFMA_H

#include <stddef.h>

#include "msm_internal.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define ZKI_MSM_HAVE_IFMA 1

/* Finishes zki_msm_batch_add for s->pair[0 .. m) once classified:
 * s->kind[e] holds each pair's ZKI_MSM_PAIR_* kind and s->den[e] its denominator
 * (x2 - x1, or 2·y1 for a doubling) for ADD and DBL pairs, the Montgomery one
 * for every other pair and for the padding entries m .. round8(m) - 1 (so
 * m <= ZKI_MSM_BATCH and s->den holds round8(m) entries). s->pre must have room
 * for ZKI_MSM_BATCH elements of 40 bytes. Writes every dst in increasing pair
 * order, each group of eight after reading all the group's inputs, so the
 * contract of zki_msm_batch_add holds. Results equal the scalar path's bit for
 * bit. Requires an IFMA-capable CPU (zki_cpu_has_ifma). */
void zki_msm_ifma_batch_finish(zki_msm_scratch *s, size_t m);
#endif

#endif
