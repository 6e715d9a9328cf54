/* Batched affine additions: the MSM's workhorse, shared by bucket accumulation
 * (msm_affine.c) and bucket reduction (msm_reduce.c).
 *
 * What it does: for m pending pairs (dst, a, b) in scratch, dst = a + b, with one
 * field inversion for all of them (Montgomery's trick: prefix products of the
 * denominators, one inversion, a backward pass giving each inverse), so an
 * addition costs 6 multiplications (3 for its share of the inversion, then
 *   λ = (y2 - y1)/(x2 - x1)   or 3x1^2 / 2y1 when doubling,
 *   x3 = λ^2 - x1 - x2,   y3 = λ(x1 - x3) - y1)
 * against 10 for an XYZZ mixed addition.
 *
 * Exceptional pairs (an operand at infinity, a = b, a = -b) are classified first
 * and use a denominator of 1 (no share of the product) or 2y.
 * On a CPU with AVX-512 IFMA (zki_cpu_ifma) and from ZKI_MSM_IFMA_MIN pairs, the
 * classification stays here and the products run eight pairs at a time in
 * msm_ifma.c (lane j of vector v is pair 8v + j); the results are the same field
 * elements, canonical, so bit-identical.
 * Contract: results are written in increasing pair order, after every input of
 * the pair and of the one before it has been read; so dst of a pair may be its own
 * a, or an input of an earlier pair, but not an input of a later pair.
 */
#include <string.h>

/* GCC's SLP vectoriser turns the 4-limb copies and carry chains into AVX shuffles
 * through the stack here (as in field_impl.h); keep them scalar. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif

#include "cpu.h"
#include "msm_fq.h"
#include "msm_ifma.h"
#include "msm_internal.h"

/* From this many pairs the IFMA path wins: below, the 21 extra multiplications
 * of its eight-lane inversion and the partly empty vectors cost more. */
#ifndef ZKI_MSM_IFMA_MIN
#define ZKI_MSM_IFMA_MIN 32
#endif

void zki_msm_lambda_num(zki_fq *num, const zki_msm_pair *pr, uint8_t kind) {
    if (kind == ZKI_MSM_PAIR_ADD) {
        msm_fq_sub(num, &pr->b->y, &pr->a->y);
    } else {
        zki_fq t;
        zki_fq_sqr(&t, &pr->a->x);
        zki_fq_dbl(num, &t);
        zki_fq_add(num, num, &t);
    }
}

/* Applies an exceptional pair (copy or infinity). */
static void apply_special(const zki_msm_pair *pr, uint8_t kind) {
    if (kind == ZKI_MSM_PAIR_COPY_A) {
        if (pr->dst != pr->a) *pr->dst = *pr->a;
    } else if (kind == ZKI_MSM_PAIR_COPY_B) {
        *pr->dst = *pr->b;
    } else {
        memset(pr->dst, 0, sizeof *pr->dst);
    }
}

/* Applies one pair whose inverse denominator is *inv. */
static void apply_one(const zki_msm_pair *p0, uint8_t kind, const zki_fq *inv) {
    if (kind > ZKI_MSM_PAIR_DBL) {
        apply_special(p0, kind);
        return;
    }
    zki_fq l0, x0, t0;
    zki_msm_lambda_num(&l0, p0, kind);
    zki_fq_mul(&l0, &l0, inv);
    zki_fq_sqr(&x0, &l0);
    msm_fq_sub(&x0, &x0, &p0->a->x);
    msm_fq_sub(&x0, &x0, &p0->b->x);
    msm_fq_sub(&t0, &p0->a->x, &x0);
    zki_fq_mul(&t0, &l0, &t0);
    msm_fq_sub(&p0->dst->y, &t0, &p0->a->y); /* dst may alias a: a->y read last here */
    p0->dst->x = x0;
}

/* The kind of pair pr; for ADD and DBL also its denominator x2 - x1 or 2·y1. */
static inline uint8_t classify(const zki_msm_pair *pr, zki_fq *den) {
    const zki_g1_aff *a = pr->a, *b = pr->b;
    if (msm_aff_is_inf(a)) return ZKI_MSM_PAIR_COPY_B;
    if (msm_aff_is_inf(b)) return ZKI_MSM_PAIR_COPY_A;
    msm_fq_sub(den, &b->x, &a->x);
    if (!msm_fq_is_zero(den)) return ZKI_MSM_PAIR_ADD;
    if (!msm_fq_eq(&a->y, &b->y)) return ZKI_MSM_PAIR_INF;
    zki_fq_dbl(den, &a->y);
    return ZKI_MSM_PAIR_DBL;
}

#ifdef ZKI_MSM_HAVE_IFMA
/* The IFMA path: classification here, the products eight pairs at a time. */
static void batch_add_ifma(zki_msm_scratch *s, size_t m) {
    zki_msm_pair *pr = s->pair;
    zki_fq one;
    zki_fq_set_one(&one);
    for (size_t e = 0; e < m; e++) {
        if (e + 4 < m) {
            __builtin_prefetch(pr[e + 4].a);
            __builtin_prefetch(pr[e + 4].b);
        }
        s->kind[e] = classify(&pr[e], &s->den[e]);
        if (s->kind[e] > ZKI_MSM_PAIR_DBL) s->den[e] = one;
    }
    for (size_t e = m; e % 8; e++) s->den[e] = one;
    zki_msm_ifma_batch_finish(s, m);
}
#endif

/* Two independent product chains (even and odd entries) and results computed two
 * at a time give the out-of-order core independent multiplications to overlap. */
void zki_msm_batch_add(zki_msm_scratch *s, size_t m) {
#ifdef ZKI_MSM_HAVE_IFMA
    if (zki_cpu_ifma && m >= ZKI_MSM_IFMA_MIN) {
        batch_add_ifma(s, m);
        return;
    }
#endif
    zki_msm_pair *pr = s->pair;
    zki_fq *den = s->den, *pre = s->pre, acc[2], t;
    uint8_t *kind = s->kind;
    zki_fq_set_one(&acc[0]);
    zki_fq_set_one(&acc[1]);
    for (size_t e = 0; e < m; e++) {
        if (e + 4 < m) {
            __builtin_prefetch(pr[e + 4].a);
            __builtin_prefetch(pr[e + 4].b);
        }
        zki_fq *ac = &acc[e & 1];
        pre[e] = *ac;
        kind[e] = classify(&pr[e], &den[e]);
        if (kind[e] <= ZKI_MSM_PAIR_DBL) zki_fq_mul(ac, ac, &den[e]);
    }
    /* 1/acc0 = acc1/(acc0·acc1) and 1/acc1 = acc0/(acc0·acc1): one inversion */
    zki_fq inv[2];
    zki_fq_mul(&t, &acc[0], &acc[1]);
    zki_fq_inv(&t, &t);
    zki_fq_mul(&inv[0], &t, &acc[1]);
    zki_fq_mul(&inv[1], &t, &acc[0]);
    for (size_t e = m; e-- > 0;) {
        if (kind[e] > ZKI_MSM_PAIR_DBL) continue;
        zki_fq *iv = &inv[e & 1];
        zki_fq_mul(&t, iv, &pre[e]);
        zki_fq_mul(iv, iv, &den[e]);
        den[e] = t; /* now 1 / denominator */
    }
    for (size_t e = 0; e < m;) {
        if (e + 1 == m || kind[e] > ZKI_MSM_PAIR_DBL || kind[e + 1] > ZKI_MSM_PAIR_DBL) {
            apply_one(&pr[e], kind[e], &den[e]);
            e++;
            continue;
        }
        /* both read before either is written: pair e+1's dst may be pair e's input */
        const zki_msm_pair *p0 = &pr[e], *p1 = &pr[e + 1];
        zki_fq l0, l1, x0, x1, t0, t1;
        zki_msm_lambda_num(&l0, p0, kind[e]);
        zki_msm_lambda_num(&l1, p1, kind[e + 1]);
        zki_fq_mul(&l0, &l0, &den[e]);
        zki_fq_mul(&l1, &l1, &den[e + 1]);
        zki_fq_sqr(&x0, &l0);
        zki_fq_sqr(&x1, &l1);
        msm_fq_sub(&x0, &x0, &p0->a->x);
        msm_fq_sub(&x1, &x1, &p1->a->x);
        msm_fq_sub(&x0, &x0, &p0->b->x);
        msm_fq_sub(&x1, &x1, &p1->b->x);
        msm_fq_sub(&t0, &p0->a->x, &x0);
        msm_fq_sub(&t1, &p1->a->x, &x1);
        zki_fq_mul(&t0, &l0, &t0);
        zki_fq_mul(&t1, &l1, &t1);
        msm_fq_sub(&t0, &t0, &p0->a->y);
        msm_fq_sub(&t1, &t1, &p1->a->y);
        p0->dst->x = x0;
        p0->dst->y = t0;
        p1->dst->x = x1;
        p1->dst->y = t1;
        e += 2;
    }
}
