/* Batch-affine bucket accumulation for one (window, chunk) task of the MSM.
 *
 * What it does: the chunk's points are taken in pieces of ZKI_MSM_SORT_LEN. A
 * piece is counting-sorted by bucket into `elem`, each bucket's run preceded by
 * the bucket's current value, and every run is then summed as a balanced tree:
 * level by level, elements 2k and 2k+1 of a run are added into element k. All
 * additions of a level are independent, so they are done in batches of
 * ZKI_MSM_BATCH affine additions sharing one inversion (Montgomery's trick:
 * prefix products, one inversion, a backward pass), 6 multiplications each:
 *   λ = (y2 - y1)/(x2 - x1)   (or 3x1^2 / 2y1 when doubling)
 *   x3 = λ^2 - x1 - x2,   y3 = λ(x1 - x3) - y1.
 * Sorting first is what keeps a bucket out of the same batch twice, so skewed
 * digit distributions (all scalars equal, one hot bucket) cost the same as
 * uniform ones. Finally the buckets are reduced with the running sum in XYZZ.
 *
 * Invariants: buckets hold affine points with (0,0) for "empty"; a run's result
 * lands in its first slot; results are applied in increasing slot order within a
 * level, since slot k is read (as 2k', 2k'+1 with k' = k/2) by an earlier pair only.
 * Exceptional additions (infinity operand, P + P, P + (-P)) go through the same
 * batch with a denominator of 1 or 2y.
 */
#include <string.h>

/* GCC's SLP vectoriser turns the 4-limb copies and carry chains into AVX shuffles
 * through the stack here (as in field_impl.h); keep them scalar. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif

#include "msm_fq.h"
#include "msm_internal.h"

/* How many buckets ahead the gather and write-back loops prefetch. */
#define MSM_PREFETCH 8

typedef struct {
    zki_g1_aff *dst;
    const zki_g1_aff *a, *b;
} msm_pair;

enum { PAIR_ADD, PAIR_DBL, PAIR_COPY_A, PAIR_COPY_B, PAIR_INF };

/* λ's numerator for an ADD or DBL pair: y2 - y1, or 3·x1^2. */
static void lambda_num(zki_fq *num, const msm_pair *pr, uint8_t kind) {
    if (kind == PAIR_ADD) {
        msm_fq_sub(num, &pr->b->y, &pr->a->y);
    } else {
        zki_fq t;
        zki_fq_sqr(&t, &pr->a->x);
        zki_fq_dbl(num, &t);
        zki_fq_add(num, num, &t);
    }
}

/* Applies an exceptional pair (copy or infinity). */
static void apply_special(const msm_pair *pr, uint8_t kind) {
    if (kind == PAIR_COPY_A) {
        if (pr->dst != pr->a) *pr->dst = *pr->a;
    } else if (kind == PAIR_COPY_B) {
        *pr->dst = *pr->b;
    } else {
        memset(pr->dst, 0, sizeof *pr->dst);
    }
}

/* Applies one pair whose inverse denominator is *inv. */
static void apply_one(const msm_pair *p0, uint8_t kind, const zki_fq *inv) {
    if (kind > PAIR_DBL) {
        apply_special(p0, kind);
        return;
    }
    zki_fq l0, x0, t0;
    lambda_num(&l0, p0, kind);
    zki_fq_mul(&l0, &l0, inv);
    zki_fq_sqr(&x0, &l0);
    msm_fq_sub(&x0, &x0, &p0->a->x);
    msm_fq_sub(&x0, &x0, &p0->b->x);
    msm_fq_sub(&t0, &p0->a->x, &x0);
    zki_fq_mul(&t0, &l0, &t0);
    msm_fq_sub(&p0->dst->y, &t0, &p0->a->y); /* dst may alias a: a->y read last here */
    p0->dst->x = x0;
}

/* Runs the m pending pairs: dst = a + b for each.
 * Two independent product chains (even and odd entries) and results computed two
 * at a time give the out-of-order core independent multiplications to overlap. */
static void batch_run(zki_msm_scratch *s, size_t m) {
    msm_pair *pr = s->pair;
    zki_fq *den = s->den, *pre = s->pre, acc[2], t;
    uint8_t *kind = s->kind;
    zki_fq_set_one(&acc[0]);
    zki_fq_set_one(&acc[1]);
    for (size_t e = 0; e < m; e++) {
        const zki_g1_aff *a = pr[e].a, *b = pr[e].b;
        if (e + 4 < m) {
            __builtin_prefetch(pr[e + 4].a);
            __builtin_prefetch(pr[e + 4].b);
        }
        zki_fq *ac = &acc[e & 1];
        pre[e] = *ac;
        if (msm_aff_is_inf(a)) {
            kind[e] = PAIR_COPY_B;
            continue;
        }
        if (msm_aff_is_inf(b)) {
            kind[e] = PAIR_COPY_A;
            continue;
        }
        msm_fq_sub(&den[e], &b->x, &a->x);
        if (msm_fq_is_zero(&den[e])) {
            if (msm_fq_eq(&a->y, &b->y)) {
                kind[e] = PAIR_DBL;
                zki_fq_dbl(&den[e], &a->y);
            } else {
                kind[e] = PAIR_INF;
                continue;
            }
        } else {
            kind[e] = PAIR_ADD;
        }
        zki_fq_mul(ac, ac, &den[e]);
    }
    /* 1/acc0 = acc1/(acc0·acc1) and 1/acc1 = acc0/(acc0·acc1): one inversion */
    zki_fq inv[2];
    zki_fq_mul(&t, &acc[0], &acc[1]);
    zki_fq_inv(&t, &t);
    zki_fq_mul(&inv[0], &t, &acc[1]);
    zki_fq_mul(&inv[1], &t, &acc[0]);
    for (size_t e = m; e-- > 0;) {
        if (kind[e] > PAIR_DBL) continue;
        zki_fq *iv = &inv[e & 1];
        zki_fq_mul(&t, iv, &pre[e]);
        zki_fq_mul(iv, iv, &den[e]);
        den[e] = t; /* now 1 / denominator */
    }
    for (size_t e = 0; e < m;) {
        if (e + 1 == m || kind[e] > PAIR_DBL || kind[e + 1] > PAIR_DBL) {
            apply_one(&pr[e], kind[e], &den[e]);
            e++;
            continue;
        }
        /* both read before either is written: pair e+1's dst may be pair e's input */
        const msm_pair *p0 = &pr[e], *p1 = &pr[e + 1];
        zki_fq l0, l1, x0, x1, t0, t1;
        lambda_num(&l0, p0, kind[e]);
        lambda_num(&l1, p1, kind[e + 1]);
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

/* Sums every run of the piece (n_seg runs) into its first slot. */
static void tree_sum(zki_msm_scratch *s, size_t n_seg) {
    msm_pair *pr = s->pair;
    zki_g1_aff *el = s->elem;
    size_t n_act = 0;
    for (size_t g = 0; g < n_seg; g++)
        if (s->seg_len[g] >= 2) s->active[n_act++] = (uint32_t)g;
    while (n_act) {
        size_t m = 0;
        for (size_t a = 0; a < n_act; a++) {
            uint32_t g = s->active[a], st = s->seg_start[g], half = s->seg_len[g] / 2;
            for (uint32_t k = 0; k < half; k++) {
                pr[m].dst = &el[st + k];
                pr[m].a = &el[st + 2 * k];
                pr[m].b = &el[st + 2 * k + 1];
                if (++m == ZKI_MSM_BATCH) {
                    batch_run(s, m);
                    m = 0;
                }
            }
        }
        if (m) batch_run(s, m);
        size_t keep = 0;
        for (size_t a = 0; a < n_act; a++) {
            uint32_t g = s->active[a], st = s->seg_start[g], len = s->seg_len[g];
            if (len & 1) el[st + len / 2] = el[st + len - 1];
            len = (len + 1) / 2;
            s->seg_len[g] = len;
            if (len >= 2) s->active[keep++] = g;
        }
        n_act = keep;
    }
}

/* Adds the piece [lo, hi) (hi - lo <= ZKI_MSM_SORT_LEN) into the buckets. */
static void add_piece(const zki_g1_aff *points, const zki_msm_scalar *scalars, size_t lo, size_t hi,
                      unsigned j, const zki_msm_plan *p, zki_msm_scratch *s) {
    const unsigned c = p->c;
    const int top = j + 1 == p->windows;
    uint32_t *count = s->count, *touched = s->touched;
    int32_t *dig = s->digit;
    size_t m = hi - lo, n_touch = 0;

    for (size_t i = 0; i < m; i++) {
        int32_t d = zki_msm_digit(&scalars[lo + i], j, c, top);
        dig[i] = d;
        if (!d) continue;
        uint32_t b = (uint32_t)(d < 0 ? -d : d) - 1;
        if (count[b]++ == 0) touched[n_touch++] = b;
    }

    /* Runs in first-hit order; each starts with the bucket's value if it has one. */
    size_t pos = 0;
    for (size_t g = 0; g < n_touch; g++) {
        uint32_t b = touched[g];
        if (g + MSM_PREFETCH < n_touch) __builtin_prefetch(&s->bucket[touched[g + MSM_PREFETCH]]);
        s->seg_start[g] = (uint32_t)pos;
        s->seg_bucket[g] = b;
        uint32_t len = count[b];
        if (!msm_aff_is_inf(&s->bucket[b])) {
            s->elem[pos++] = s->bucket[b];
            len++;
        }
        s->seg_len[g] = len;
        count[b] = (uint32_t)pos; /* write cursor for the scatter */
        pos = s->seg_start[g] + len;
    }

    for (size_t i = 0; i < m; i++) {
        int32_t d = dig[i];
        if (!d) continue;
        uint32_t b = (uint32_t)(d < 0 ? -d : d) - 1;
        zki_g1_aff *e = &s->elem[count[b]++];
        const zki_g1_aff *src = &points[lo + i];
        e->x = src->x;
        if (d < 0) msm_fq_neg(&e->y, &src->y); /* from the source: no reload of the fresh store */
        else e->y = src->y;
    }

    tree_sum(s, n_touch);

    for (size_t g = 0; g < n_touch; g++) {
        uint32_t b = s->seg_bucket[g];
        if (g + MSM_PREFETCH < n_touch) __builtin_prefetch(&s->bucket[s->seg_bucket[g + MSM_PREFETCH]], 1);
        s->bucket[b] = s->elem[s->seg_start[g]];
        count[b] = 0;
    }
}

void zki_msm_window_affine(zki_g1 *out, const zki_g1_aff *points, const zki_msm_scalar *scalars,
                           size_t lo, size_t hi, unsigned j, const zki_msm_plan *p, zki_msm_scratch *s) {
    uint32_t nb = zki_msm_buckets(p, j);
    memset(s->bucket, 0, nb * sizeof *s->bucket);
    for (size_t i = lo; i < hi; i += ZKI_MSM_SORT_LEN) {
        size_t e = hi - i < ZKI_MSM_SORT_LEN ? hi : i + ZKI_MSM_SORT_LEN;
        add_piece(points, scalars, i, e, j, p, s);
    }
    /* Σ_k (k+1)·bucket[k] as the running sum from the top bucket down. */
    zki_g1_xyzz run, sum;
    zki_g1_xyzz_set_inf(&run);
    zki_g1_xyzz_set_inf(&sum);
    for (uint32_t k = nb; k-- > 0;) {
        zki_g1_xyzz_add_aff(&run, &run, &s->bucket[k]);
        if (!zki_g1_xyzz_is_inf(&run)) zki_g1_xyzz_add(&sum, &sum, &run);
    }
    zki_g1_xyzz_to_jac(out, &sum);
}
