/* Batch-affine bucket accumulation for one (window, chunk) task of the MSM.
 *
 * What it does: the chunk's points are taken in pieces of ZKI_MSM_SORT_LEN. A
 * piece is counting-sorted by bucket into `elem`, each bucket's run preceded by
 * the bucket's current value, and every run is then summed as a balanced tree:
 * level by level, elements 2k and 2k+1 of a run are added into element k. All
 * additions of a level are independent, so they go through zki_msm_batch_add in
 * batches of ZKI_MSM_BATCH sharing one inversion (msm_batch.c). Sorting first is
 * what keeps a bucket out of the same batch twice, so skewed digit distributions
 * (all scalars equal, one hot bucket) cost the same as uniform ones. Finally the
 * buckets are reduced (msm_reduce.c).
 *
 * Invariants: buckets hold affine points with (0,0) for "empty"; a run's result
 * lands in its first slot; slot k is read (as 2k', 2k'+1 with k' = k/2) only by
 * an earlier pair of the level, which zki_msm_batch_add's in-order writes allow;
 * the odd leftovers move down once the whole level is done.
 */
#include <string.h>

/* GCC's SLP vectoriser turns the 4-limb copies into AVX shuffles through the
 * stack (as in field_impl.h); keep them scalar. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif

#include "msm_fq.h"
#include "msm_internal.h"

/* How many buckets ahead the gather and write-back loops prefetch. */
#define MSM_PREFETCH 16

/* Sums every run of the piece (n_seg runs) into its first slot. */
static void tree_sum(zki_msm_scratch *s, size_t n_seg) {
    zki_msm_pair *pr = s->pair;
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
                    zki_msm_batch_add(s, m);
                    m = 0;
                }
            }
        }
        if (m) zki_msm_batch_add(s, m);
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
        if (count[b]++ == 0) {
            touched[n_touch++] = b;
            __builtin_prefetch(&s->bucket[b]); /* gathered below, after the whole piece */
        }
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
    zki_msm_reduce_affine(out, s, nb);
}
