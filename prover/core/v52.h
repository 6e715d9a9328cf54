/* zki_v52: eight elements of a prime field below 2^254 as five 8-lane AVX-512 vectors
 * of 52-bit limbs, and the AVX-512 IFMA arithmetic shared by the NTT over Fr
 * (prover/poly/ntt_ifma.c) and the MSM's batched additions over Fq
 * (prover/msm/msm_ifma.c); the modulus is a parameter. Layout, the Montgomery product at
 * R' = 2^260, its bounds and why results equal the scalar path's are explained at the
 * top of ntt_ifma.c. Header-only, static inline with per-function target attributes,
 * so only x86-64 GNU C builds see it and no file needs AVX-512 flags; callers check
 * zki_cpu_ifma (cpu.h) first. */
#ifndef ZKI_V52_H
#define ZKI_V52_H

#if defined(__x86_64__) && defined(__GNUC__)
#define ZKI_HAVE_V52 1
#include <immintrin.h>
#include <stdint.h>

#define ZKI_V52_FN static inline __attribute__((always_inline, target("avx512f,avx512ifma")))
#define ZKI_V52_MASK 0xfffffffffffffULL

/* lane j of l[k] = bits 52k .. 52k+51 of element j */
typedef struct {
    __m512i l[5];
} zki_v52;

/* o = a·b/2^260 mod m, below a·b/2^260 + m, normalized; a, b normalized (a < 2^260),
 * m the modulus in 52-bit limbs, minv = -m^-1 mod 2^52. o may alias a or b. */
ZKI_V52_FN void zki_v52_mont(zki_v52 *o, const zki_v52 *a, const zki_v52 *b, const uint64_t m[5], uint64_t minv) {
    const __m512i z = _mm512_setzero_si512();
    const __m512i mask = _mm512_set1_epi64((long long)ZKI_V52_MASK), minv_v = _mm512_set1_epi64((long long)minv);
    const __m512i p0 = _mm512_set1_epi64((long long)m[0]), p1 = _mm512_set1_epi64((long long)m[1]),
                  p2 = _mm512_set1_epi64((long long)m[2]), p3 = _mm512_set1_epi64((long long)m[3]),
                  p4 = _mm512_set1_epi64((long long)m[4]);
    const __m512i a0 = a->l[0], a1 = a->l[1], a2 = a->l[2], a3 = a->l[3], a4 = a->l[4];
    __m512i t0 = z, t1 = z, t2 = z, t3 = z, t4 = z, t5;
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        const __m512i bi = b->l[i];
        t0 = _mm512_madd52lo_epu64(t0, a0, bi);
        t1 = _mm512_madd52lo_epu64(t1, a1, bi);
        t2 = _mm512_madd52lo_epu64(t2, a2, bi);
        t3 = _mm512_madd52lo_epu64(t3, a3, bi);
        t4 = _mm512_madd52lo_epu64(t4, a4, bi);
        t1 = _mm512_madd52hi_epu64(t1, a0, bi);
        t2 = _mm512_madd52hi_epu64(t2, a1, bi);
        t3 = _mm512_madd52hi_epu64(t3, a2, bi);
        t4 = _mm512_madd52hi_epu64(t4, a3, bi);
        t5 = _mm512_madd52hi_epu64(z, a4, bi);
        const __m512i m = _mm512_madd52lo_epu64(z, t0, minv_v);
        t0 = _mm512_madd52lo_epu64(t0, m, p0);
        t1 = _mm512_madd52lo_epu64(t1, m, p1);
        t2 = _mm512_madd52lo_epu64(t2, m, p2);
        t3 = _mm512_madd52lo_epu64(t3, m, p3);
        t4 = _mm512_madd52lo_epu64(t4, m, p4);
        t1 = _mm512_madd52hi_epu64(t1, m, p0);
        t2 = _mm512_madd52hi_epu64(t2, m, p1);
        t3 = _mm512_madd52hi_epu64(t3, m, p2);
        t4 = _mm512_madd52hi_epu64(t4, m, p3);
        t5 = _mm512_madd52hi_epu64(t5, m, p4);
        /* the low 52 bits of t0 are now zero */
        t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
        t1 = t2;
        t2 = t3;
        t3 = t4;
        t4 = t5;
    }
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52));
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52));
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52));
    o->l[0] = _mm512_and_si512(t0, mask);
    o->l[1] = _mm512_and_si512(t1, mask);
    o->l[2] = _mm512_and_si512(t2, mask);
    o->l[3] = _mm512_and_si512(t3, mask);
    o->l[4] = t4;
}

/* x <- x - m if x >= m, for normalized x < 2^260 and m in 52-bit limbs. */
ZKI_V52_FN void zki_v52_csub(zki_v52 *x, const uint64_t m[5]) {
    const __m512i mask = _mm512_set1_epi64((long long)ZKI_V52_MASK);
    __m512i d0 = _mm512_sub_epi64(x->l[0], _mm512_set1_epi64((long long)m[0]));
    __m512i d1 = _mm512_sub_epi64(x->l[1], _mm512_set1_epi64((long long)m[1]));
    __m512i d2 = _mm512_sub_epi64(x->l[2], _mm512_set1_epi64((long long)m[2]));
    __m512i d3 = _mm512_sub_epi64(x->l[3], _mm512_set1_epi64((long long)m[3]));
    __m512i d4 = _mm512_sub_epi64(x->l[4], _mm512_set1_epi64((long long)m[4]));
    d1 = _mm512_add_epi64(d1, _mm512_srai_epi64(d0, 52));
    d2 = _mm512_add_epi64(d2, _mm512_srai_epi64(d1, 52));
    d3 = _mm512_add_epi64(d3, _mm512_srai_epi64(d2, 52));
    d4 = _mm512_add_epi64(d4, _mm512_srai_epi64(d3, 52));
    __mmask8 ge = _mm512_cmpge_epi64_mask(d4, _mm512_setzero_si512());
    x->l[0] = _mm512_mask_blend_epi64(ge, x->l[0], _mm512_and_si512(d0, mask));
    x->l[1] = _mm512_mask_blend_epi64(ge, x->l[1], _mm512_and_si512(d1, mask));
    x->l[2] = _mm512_mask_blend_epi64(ge, x->l[2], _mm512_and_si512(d2, mask));
    x->l[3] = _mm512_mask_blend_epi64(ge, x->l[3], _mm512_and_si512(d3, mask));
    x->l[4] = _mm512_mask_blend_epi64(ge, x->l[4], d4);
}

/* o = 16·x without reduction: x < 2^256 becomes < 2^260, still five normalized limbs
 * (so zki_v52_mont(16·a, b) is a·b/2^256, the usual Montgomery product). o may be x. */
ZKI_V52_FN void zki_v52_shl4(zki_v52 *o, const zki_v52 *x) {
    const __m512i mask = _mm512_set1_epi64((long long)ZKI_V52_MASK);
    o->l[4] = _mm512_or_si512(_mm512_slli_epi64(x->l[4], 4), _mm512_srli_epi64(x->l[3], 48));
    o->l[3] = _mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(x->l[3], 4), mask), _mm512_srli_epi64(x->l[2], 48));
    o->l[2] = _mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(x->l[2], 4), mask), _mm512_srli_epi64(x->l[1], 48));
    o->l[1] = _mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(x->l[1], 4), mask), _mm512_srli_epi64(x->l[0], 48));
    o->l[0] = _mm512_and_si512(_mm512_slli_epi64(x->l[0], 4), mask);
}

/* Eight consecutive elements of 4 little-endian 64-bit limbs (values < 2^256: zki_fr or
 * zki_fq) -> zki_v52, normalized: a 4×8 transpose and shifts, values unchanged. */
ZKI_V52_FN void zki_v52_load(zki_v52 *o, const void *src_) {
    const uint64_t *src = src_;
    const __m512i ia = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0), ib = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
    const __m512i ic = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0), id = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    const __m512i mask = _mm512_set1_epi64((long long)ZKI_V52_MASK);
    const __m512i z0 = _mm512_loadu_si512((const void *)(src + 0)), z1 = _mm512_loadu_si512((const void *)(src + 8));
    const __m512i z2 = _mm512_loadu_si512((const void *)(src + 16)), z3 = _mm512_loadu_si512((const void *)(src + 24));
    /* t0: limbs 0, 1 of elements 0..3; t1: limbs 2, 3 of 0..3; t2, t3: of 4..7 */
    const __m512i t0 = _mm512_permutex2var_epi64(z0, ia, z1), t1 = _mm512_permutex2var_epi64(z0, ib, z1);
    const __m512i t2 = _mm512_permutex2var_epi64(z2, ia, z3), t3 = _mm512_permutex2var_epi64(z2, ib, z3);
    const __m512i q0 = _mm512_permutex2var_epi64(t0, ic, t2), q1 = _mm512_permutex2var_epi64(t0, id, t2);
    const __m512i q2 = _mm512_permutex2var_epi64(t1, ic, t3), q3 = _mm512_permutex2var_epi64(t1, id, t3);
    o->l[0] = _mm512_and_si512(q0, mask);
    o->l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(q0, 52), _mm512_slli_epi64(q1, 12)), mask);
    o->l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(q1, 40), _mm512_slli_epi64(q2, 24)), mask);
    o->l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(q2, 28), _mm512_slli_epi64(q3, 36)), mask);
    o->l[4] = _mm512_srli_epi64(q3, 16);
}

/* zki_v52 (normalized, values < 2^256) -> eight consecutive 4×64-bit elements. */
ZKI_V52_FN void zki_v52_store(void *dst_, const zki_v52 *x) {
    uint64_t *dst = dst_;
    const __m512i ia = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0), ib = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
    const __m512i ic = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0), id = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    const __m512i q0 = _mm512_or_si512(x->l[0], _mm512_slli_epi64(x->l[1], 52));
    const __m512i q1 = _mm512_or_si512(_mm512_srli_epi64(x->l[1], 12), _mm512_slli_epi64(x->l[2], 40));
    const __m512i q2 = _mm512_or_si512(_mm512_srli_epi64(x->l[2], 24), _mm512_slli_epi64(x->l[3], 28));
    const __m512i q3 = _mm512_or_si512(_mm512_srli_epi64(x->l[3], 36), _mm512_slli_epi64(x->l[4], 16));
    const __m512i t0 = _mm512_permutex2var_epi64(q0, ic, q1), t2 = _mm512_permutex2var_epi64(q0, id, q1);
    const __m512i t1 = _mm512_permutex2var_epi64(q2, ic, q3), t3 = _mm512_permutex2var_epi64(q2, id, q3);
    _mm512_storeu_si512((void *)(dst + 0), _mm512_permutex2var_epi64(t0, ia, t1));
    _mm512_storeu_si512((void *)(dst + 8), _mm512_permutex2var_epi64(t0, ib, t1));
    _mm512_storeu_si512((void *)(dst + 16), _mm512_permutex2var_epi64(t2, ia, t3));
    _mm512_storeu_si512((void *)(dst + 24), _mm512_permutex2var_epi64(t2, ib, t3));
}

#endif
#endif
