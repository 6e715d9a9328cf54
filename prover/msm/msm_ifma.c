/* The AVX-512 IFMA back end of the batched affine additions: eight pairs at a time.
 *
 * Representation (as prover/poly/ntt_ifma.c does for Fr): a vector "qv" holds
 * eight Fq elements as five 8-lane vectors l[0..4]; lane j of l[k] holds bits
 * 52k .. 52k+51 of element j. "Normalized" means every limb is below 2^52.
 * Loading eight zki_fq is a 4×8 transpose (VPERMT2Q) and shifts, storing the
 * reverse; values keep zki_fq's Montgomery form x·2^256 mod p.
 *
 * Multiplication (qv_mul): Montgomery's product with R' = 2^260 in five rounds
 * of 52 bits, carries deferred (each limb stays below 2^57) and one carry chain
 * at the end; the result is (a·b + M·p)/2^260 < a·b/2^260 + p. It is always
 * called as qv_mulm(a, b) = qv_mul(16·a, b) (qv_shl4: a < 2^256 becomes < 2^260
 * without reduction), which is a·b·2^-256 mod p, the product of the Montgomery
 * forms. For a, b < 2p: 16·a·b/2^260 = a·b/2^256 < 4p·p/2^256 < p (p < 2^254),
 * so the product is below 2p again. Every value here lies in [0, 2p) and is
 * brought to [0, p) by one conditional subtraction where a canonical value is
 * needed (subtractions and the stores to zki_fq).
 *
 * Schedule of one batch (m pairs, nv = ceil(m/8) vectors; the scalar caller has
 * classified the pairs and put 1 as the denominator of every non-ADD/DBL pair):
 *  1. forward: acc_0 = 1, pre_v = acc_v, acc_(v+1) = acc_v·D_v, with D_v the
 *     denominators of pairs 8v .. 8v+7 (lane-wise chains);
 *  2. the eight lane totals are inverted together in scalar code (Montgomery's
 *     trick again: 21 multiplications and one inversion);
 *  3. backward: for v = nv-1 .. 0, inv_v = I·pre_v (lane j: 1/den(8v+j)),
 *     I = I·D_v; inv_v overwrites pre_v;
 *  4. results, group by group in increasing order: gather a.x, a.y, b.x and λ's
 *     numerator (y2 - y1, or 3·x1^2 for a doubling, computed in scalar code) of
 *     the group's eight pairs, then λ = num·inv, x3 = λ^2 - x1 - x2,
 *     y3 = λ(x1 - x3) - y1 lane-wise, and write each pair's dst in order. An
 *     exceptional pair's result (a copy of a or b, or infinity) is captured in
 *     the gather, before any write of the group.
 * Six vector products per eight pairs, as the scalar path's six per pair.
 *
 * Why the results equal the scalar path's: both compute the same field elements
 * (every step is exact arithmetic mod p on representatives kept in range), and
 * the stored values are canonical, which have one encoding.
 *
 * Stack slots: buffers whose address is taken are declared at function scope,
 * never inside a loop body (a gcc 12 -O3 stack-slot-sharing bug, see
 * prover/poly/ntt_ifma.c).
 */
#include "msm_ifma.h"

#ifdef ZKI_MSM_HAVE_IFMA
#include <immintrin.h>
#include <string.h>

#include "msm_fq.h"
#include "v52.h"

#define QV_FN static inline __attribute__((always_inline, target("avx512f,avx512ifma")))
#define QV_TARGET __attribute__((target("avx512f,avx512ifma")))

#define M52 0xfffffffffffffULL

/* p in 52-bit limbs and -p^-1 mod 2^52 */
static const uint64_t qv_p[5] = {0x8c16d87cfd47ULL, 0x916871ca8d3c2ULL, 0x181585d97816aULL, 0xa029b85045b68ULL,
                                 0x30644e72e131ULL};
static const uint64_t qv_pinv = 0x20782e4866389ULL;

/* the shared 52-bit-limb arithmetic (v52.h) with p's constants */
typedef zki_v52 qv;

/* o = a·b/2^260 mod p below a·b/2^260 + p; o = 16·x unreduced; x - p if x >= p */
QV_FN void qv_mul(qv *o, const qv *a, const qv *b) { zki_v52_mont(o, a, b, qv_p, qv_pinv); }
QV_FN void qv_shl4(qv *o, const qv *x) { zki_v52_shl4(o, x); }
QV_FN void qv_csub(qv *x) { zki_v52_csub(x, qv_p); }
/* eight consecutive zki_fq <-> qv */
QV_FN void qv_load(qv *o, const zki_fq *src) { zki_v52_load(o, src); }
QV_FN void qv_store(zki_fq *dst, const qv *x) { zki_v52_store(dst, x); }

/* o = a·b·2^-256 mod p in [0, 2p) for a, b in [0, 2p); o may alias a or b. */
QV_FN void qv_mulm(qv *o, const qv *a, const qv *b) {
    qv a16;
    qv_shl4(&a16, a);
    qv_mul(o, &a16, b);
}

/* o = a - b mod p in [0, p) for a, b in [0, p); o may alias a or b. */
QV_FN void qv_sub(qv *o, const qv *a, const qv *b) {
    const __m512i mask = _mm512_set1_epi64((long long)M52);
    __m512i d[5];
#pragma GCC unroll 5
    for (int k = 0; k < 5; k++)
        d[k] = _mm512_add_epi64(_mm512_sub_epi64(a->l[k], b->l[k]), _mm512_set1_epi64((long long)qv_p[k]));
    /* a - b + p in (0, 2p): limbs may be negative while the total is positive */
#pragma GCC unroll 4
    for (int k = 0; k < 4; k++) {
        d[k + 1] = _mm512_add_epi64(d[k + 1], _mm512_srai_epi64(d[k], 52));
        o->l[k] = _mm512_and_si512(d[k], mask);
    }
    o->l[4] = d[4];
    qv_csub(o);
}

/* The vector form kept in s->pre: five 64-byte limb vectors per group of eight. */
QV_FN void qv_put(void *slot, const qv *x) {
    __m512i *w = slot;
#pragma GCC unroll 5
    for (int k = 0; k < 5; k++) _mm512_storeu_si512((void *)(w + k), x->l[k]);
}

QV_FN void qv_get(qv *x, const void *slot) {
    const __m512i *w = slot;
#pragma GCC unroll 5
    for (int k = 0; k < 5; k++) x->l[k] = _mm512_loadu_si512((const void *)(w + k));
}


/* Inverts t[0..8) in place (all non-zero, canonical): one inversion. */
static void invert8(zki_fq t[8]) {
    zki_fq c[8], inv, u;
    c[0] = t[0];
    for (int j = 1; j < 8; j++) zki_fq_mul(&c[j], &c[j - 1], &t[j]);
    zki_fq_inv(&inv, &c[7]);
    for (int j = 7; j > 0; j--) {
        zki_fq_mul(&u, &inv, &c[j - 1]);
        zki_fq_mul(&inv, &inv, &t[j]);
        t[j] = u;
    }
    t[0] = inv;
}

QV_TARGET void zki_msm_ifma_batch_finish(zki_msm_scratch *s, size_t m) {
    const zki_msm_pair *pr = s->pair;
    const uint8_t *kind = s->kind;
    uint8_t *pre = (uint8_t *)s->pre; /* 320 bytes per group of eight */
    size_t nv = (m + 7) / 8;
    /* function scope: see "Stack slots" above */
    zki_fq tot[8], ax[8], ay[8], bx[8], num[8], rx[8], ry[8];
    qv acc, D, I, P, A, B, Y, N, L, T;

    /* 1. forward: lane-wise prefix products of the denominators */
    zki_fq_set_one(&tot[0]);
    for (int j = 1; j < 8; j++) tot[j] = tot[0];
    qv_load(&acc, tot);
    for (size_t v = 0; v < nv; v++) {
        qv_put(pre + 320 * v, &acc);
        qv_load(&D, s->den + 8 * v);
        qv_mulm(&acc, &acc, &D);
    }
    /* 2. the eight lane totals */
    qv_csub(&acc);
    qv_store(tot, &acc);
    invert8(tot);
    qv_load(&I, tot);
    /* 3. backward: pre_v becomes the lanes' 1/den */
    for (size_t v = nv; v-- > 0;) {
        qv_get(&P, pre + 320 * v);
        qv_load(&D, s->den + 8 * v);
        qv_mulm(&P, &I, &P);
        qv_mulm(&I, &I, &D);
        qv_put(pre + 320 * v, &P);
    }
    /* 4. results, group by group */
    for (size_t v = 0; v < nv; v++) {
        size_t e0 = 8 * v, cnt = m - e0 < 8 ? m - e0 : 8;
        for (size_t k = 0; k < 8; k++) {
            const zki_msm_pair *p = &pr[e0 + k];
            uint8_t kd = k < cnt ? kind[e0 + k] : ZKI_MSM_PAIR_INF;
            if (k < cnt && e0 + 8 + k < m) {
                __builtin_prefetch(pr[e0 + 8 + k].a);
                __builtin_prefetch(pr[e0 + 8 + k].b);
            }
            if (kd <= ZKI_MSM_PAIR_DBL) {
                ax[k] = p->a->x;
                ay[k] = p->a->y;
                bx[k] = kd == ZKI_MSM_PAIR_ADD ? p->b->x : p->a->x;
                zki_msm_lambda_num(&num[k], p, kd);
                continue;
            }
            /* exceptional or padding: the result goes to (ax, ay) now, lanes unused */
            if (kd == ZKI_MSM_PAIR_COPY_A) {
                ax[k] = p->a->x;
                ay[k] = p->a->y;
            } else if (kd == ZKI_MSM_PAIR_COPY_B) {
                ax[k] = p->b->x;
                ay[k] = p->b->y;
            } else {
                memset(&ax[k], 0, sizeof ax[k]);
                memset(&ay[k], 0, sizeof ay[k]);
            }
            bx[k] = ax[k];
            memset(&num[k], 0, sizeof num[k]);
        }
        qv_get(&I, pre + 320 * v);
        qv_load(&N, num);
        qv_load(&A, ax);
        qv_load(&B, bx);
        qv_mulm(&L, &N, &I); /* λ in [0, 2p) */
        qv_mulm(&T, &L, &L);
        qv_csub(&T);
        qv_sub(&T, &T, &A);
        qv_sub(&T, &T, &B); /* x3 */
        qv_store(rx, &T);
        qv_sub(&T, &A, &T);
        qv_mulm(&T, &L, &T);
        qv_csub(&T);
        qv_load(&Y, ay);
        qv_sub(&T, &T, &Y); /* y3 */
        qv_store(ry, &T);
        for (size_t k = 0; k < cnt; k++) {
            zki_g1_aff *d = pr[e0 + k].dst;
            if (kind[e0 + k] <= ZKI_MSM_PAIR_DBL) {
                d->x = rx[k];
                d->y = ry[k];
            } else if (kind[e0 + k] != ZKI_MSM_PAIR_COPY_A || d != pr[e0 + k].a) {
                d->x = ax[k];
                d->y = ay[k];
            }
        }
    }
}
#endif
