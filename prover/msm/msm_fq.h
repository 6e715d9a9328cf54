/* Inline forms of Fq's cheapest operations for the MSM inner loops.
 *
 * What it represents: subtraction, negation and zero tests on zki_fq exactly as
 * fq.h defines them (Montgomery form, always fully reduced below p), written
 * inline because in the batch-affine loop a call to zki_fq_sub costs as much as the
 * subtraction itself and these run six times per bucket addition. Multiplication
 * stays with fq.h. tests/msm/test_msm.c checks each against its fq.h twin.
 */
#ifndef ZKI_MSM_FQ_H
#define ZKI_MSM_FQ_H

#include <stdint.h>

#include "g1.h"

static inline int msm_fq_is_zero(const zki_fq *a) { return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0; }

static inline int msm_fq_eq(const zki_fq *a, const zki_fq *b) {
    return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3])) == 0;
}

/* (0,0) is the point at infinity (g1.h). */
static inline int msm_aff_is_inf(const zki_g1_aff *a) {
    return (a->x.v[0] | a->x.v[1] | a->x.v[2] | a->x.v[3] | a->y.v[0] | a->y.v[1] | a->y.v[2] | a->y.v[3]) == 0;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <x86intrin.h>
#define MSM_SBB(c, a, b, out) _subborrow_u64((c), (a), (b), (unsigned long long *)(out))
#define MSM_ADC(c, a, b, out) _addcarry_u64((c), (a), (b), (unsigned long long *)(out))
#else
static inline unsigned char msm_sbb(unsigned char c, uint64_t a, uint64_t b, uint64_t *out) {
    unsigned __int128 d = (unsigned __int128)a - b - c;
    *out = (uint64_t)d;
    return (unsigned char)((d >> 64) & 1);
}
static inline unsigned char msm_adc(unsigned char c, uint64_t a, uint64_t b, uint64_t *out) {
    unsigned __int128 s = (unsigned __int128)a + b + c;
    *out = (uint64_t)s;
    return (unsigned char)(s >> 64);
}
#define MSM_SBB(c, a, b, out) msm_sbb((c), (a), (b), (out))
#define MSM_ADC(c, a, b, out) msm_adc((c), (a), (b), (out))
#endif

/* r = a - b mod p; r may alias a or b. */
static inline void msm_fq_sub(zki_fq *r, const zki_fq *a, const zki_fq *b) {
    uint64_t t0, t1, t2, t3;
    unsigned char c = MSM_SBB(0, a->v[0], b->v[0], &t0);
    c = MSM_SBB(c, a->v[1], b->v[1], &t1);
    c = MSM_SBB(c, a->v[2], b->v[2], &t2);
    c = MSM_SBB(c, a->v[3], b->v[3], &t3);
    uint64_t mask = 0 - (uint64_t)c; /* add p back on borrow */
    c = MSM_ADC(0, t0, zki_fq_modulus[0] & mask, &r->v[0]);
    c = MSM_ADC(c, t1, zki_fq_modulus[1] & mask, &r->v[1]);
    c = MSM_ADC(c, t2, zki_fq_modulus[2] & mask, &r->v[2]);
    (void)MSM_ADC(c, t3, zki_fq_modulus[3] & mask, &r->v[3]);
}

/* r = -a mod p (0 stays 0); r may alias a. */
static inline void msm_fq_neg(zki_fq *r, const zki_fq *a) {
    uint64_t nz = 0 - (uint64_t)!msm_fq_is_zero(a), t0, t1, t2, t3;
    unsigned char c = MSM_SBB(0, zki_fq_modulus[0], a->v[0], &t0);
    c = MSM_SBB(c, zki_fq_modulus[1], a->v[1], &t1);
    c = MSM_SBB(c, zki_fq_modulus[2], a->v[2], &t2);
    (void)MSM_SBB(c, zki_fq_modulus[3], a->v[3], &t3);
    r->v[0] = t0 & nz;
    r->v[1] = t1 & nz;
    r->v[2] = t2 & nz;
    r->v[3] = t3 & nz;
}

#endif
