/* MSM planning: the window width, task split and accumulation method from a cost
 * model, and the per-worker scratch a plan needs.
 *
 * Cost model, in field multiplications (M), measured on this code base:
 *   batch-affine bucket addition  ~8 M (6 M + subtractions + sorting)
 *   XYZZ mixed addition           ~12 M
 *   bucket reduction, per bucket  ~16 M batch affine (>= ZKI_MSM_RED_MIN buckets),
 *                                 ~27 M affine buckets in XYZZ, ~31 M XYZZ buckets
 *   field inversion               ~420 M (Fermat), a few per sorted piece plus one per batch
 * Total for width c, W = ceil(bits/c) windows and `chunks` tasks per window:
 *   W·n·add + chunks·(Σ buckets)·reduce + inversions.
 * Every window is cut into max(1, floor(16/W)) chunks (of >= MSM_MIN_CHUNK points), so
 * that small-W MSMs (small scalars) still give 16 tasks to spread over threads; the
 * extra reductions this costs are in the model, which then prefers narrower
 * windows. Everything here depends on (n, max magnitude, options) only, never on
 * the thread count.
 */
#include "msm_internal.h"

#include <stdlib.h>
#include <string.h>

/* Tasks per MSM the split aims for: enough to balance 16 threads. */
#define MSM_TASK_TARGET 16
/* Windows are cut into chunks no shorter than this (an inversion per batch must pay). */
#define MSM_MIN_CHUNK 2048

static unsigned bitlen256(const uint64_t a[4]) {
    for (int w = 3; w >= 0; w--) {
        uint64_t v = a[w];
        if (w == 3) v &= ~ZKI_MSM_NEG;
        if (v) return (unsigned)(64 * w + 64 - __builtin_clzll(v));
    }
    return 0;
}

/* Low 64 bits of a >> k (sign bit ignored). */
static uint64_t shr256_lo(const uint64_t a[4], unsigned k) {
    unsigned w = k >> 6, o = k & 63;
    if (w > 3) return 0;
    uint64_t lo = a[w], hi = w < 3 ? a[w + 1] : 0;
    if (w == 3) lo &= ~ZKI_MSM_NEG;
    if (w + 1 == 3) hi &= ~ZKI_MSM_NEG;
    return o ? (lo >> o) | (hi << (64 - o)) : lo;
}

/* Reduction cost of nbx buckets, in M. */
static double reduce_cost(zki_msm_method method, double nbx) {
    if (method != ZKI_MSM_BATCH_AFFINE) return 31.0 * nbx;
    return (nbx >= ZKI_MSM_RED_MIN ? 16.0 : 27.0) * nbx;
}

static void plan_for_width(zki_msm_plan *p, size_t n, unsigned bits, const uint64_t max_mag[4],
                           unsigned c, zki_msm_method method, size_t chunk_len, double *cost) {
    const double add = method == ZKI_MSM_BATCH_AFFINE ? 8.0 : 12.0;
    const double inv = 420.0;
    unsigned W = (bits + c - 1) / c;
    uint32_t nb = (uint32_t)1 << (c - 1);
    uint32_t nbt = (uint32_t)shr256_lo(max_mag, (W - 1) * c) + (W > 1);
    double reduce = (double)(W - 1) * reduce_cost(method, nb) + reduce_cost(method, nbt);
    size_t chunks;
    if (chunk_len) {
        chunks = (n + chunk_len - 1) / chunk_len;
    } else {
        chunks = MSM_TASK_TARGET / W; /* W = 15 stays one chunk: 15 tasks balance well */
        if (chunks > n / MSM_MIN_CHUNK) chunks = n / MSM_MIN_CHUNK;
        if (chunks == 0) chunks = 1;
        chunk_len = (n + chunks - 1) / chunks;
        chunks = (n + chunk_len - 1) / chunk_len;
    }
    double c_total = (double)W * (double)n * add + (double)chunks * reduce;
    if (method == ZKI_MSM_BATCH_AFFINE) {
        double pieces = (double)chunks * (double)((chunk_len + ZKI_MSM_SORT_LEN - 1) / ZKI_MSM_SORT_LEN);
        c_total += (double)W * (pieces * 4.0 + (double)n / ZKI_MSM_BATCH) * inv;
    }
    p->c = c;
    p->windows = W;
    p->chunks = chunks;
    p->chunk_len = chunk_len;
    p->nb = nb;
    p->nb_top = nbt;
    p->method = method;
    *cost = c_total;
}

void zki_msm_plan_make(zki_msm_plan *p, size_t n, const uint64_t max_mag[4], const zki_msm_opts *o) {
    static const zki_msm_opts none;
    if (!o) o = &none;
    memset(p, 0, sizeof *p);
    unsigned bits = bitlen256(max_mag);
    if (n == 0 || bits == 0) return;
    zki_msm_method method = o->method;
    if (method == ZKI_MSM_AUTO) method = n >= ZKI_MSM_AFFINE_MIN_N ? ZKI_MSM_BATCH_AFFINE : ZKI_MSM_XYZZ;
    unsigned lo = o->window_bits ? o->window_bits : 1, hi = o->window_bits ? o->window_bits : ZKI_MSM_MAX_WINDOW;
    double best = 0;
    for (unsigned c = lo; c <= hi; c++) {
        zki_msm_plan q;
        double cost;
        plan_for_width(&q, n, bits, max_mag, c, method, o->chunk_len, &cost);
        if (c == lo || cost < best) {
            best = cost;
            *p = q;
        }
    }
}

/* ---- scratch ---- */

static size_t round64(size_t x) { return (x + 63) & ~(size_t)63; }

zki_status zki_msm_scratch_alloc(zki_msm_scratch *s, const zki_msm_plan *p) {
    memset(s, 0, sizeof *s);
    if (p->windows == 0) return ZKI_OK;
    size_t nbm = p->nb_top;
    if (p->windows > 1 && p->nb > nbm) nbm = p->nb;
    size_t sizes[15] = {0};
    if (p->method == ZKI_MSM_XYZZ) {
        sizes[0] = round64(nbm * sizeof(zki_g1_xyzz));
    } else {
        size_t piece = p->chunk_len < ZKI_MSM_SORT_LEN ? p->chunk_len : ZKI_MSM_SORT_LEN;
        size_t segs = piece < nbm ? piece : nbm;
        sizes[0] = round64(nbm * sizeof(zki_g1_aff));    /* bucket */
        sizes[1] = round64(nbm * sizeof(uint32_t));      /* count */
        sizes[2] = round64(segs * sizeof(uint32_t));     /* touched */
        sizes[3] = round64(piece * sizeof(int32_t));     /* digit */
        sizes[4] = round64((piece + segs) * sizeof(zki_g1_aff)); /* elem */
        for (int i = 5; i < 9; i++) sizes[i] = round64(segs * sizeof(uint32_t));
        sizes[9] = round64(ZKI_MSM_BATCH * sizeof(zki_msm_pair));
        sizes[10] = round64(ZKI_MSM_BATCH * sizeof(zki_fq));
        sizes[11] = round64(ZKI_MSM_BATCH * 40); /* pre: also the IFMA form (msm_ifma.c) */
        sizes[12] = round64(ZKI_MSM_BATCH);
        sizes[13] = round64(ZKI_MSM_RED_GROUPS * sizeof(zki_g1_aff));
        sizes[14] = round64(ZKI_MSM_RED_GROUPS * sizeof(zki_g1_aff));
    }
    size_t total = 0;
    for (int i = 0; i < 15; i++) total += sizes[i];
    uint8_t *b = aligned_alloc(64, total);
    if (!b) return ZKI_ERR_NOMEM;
    s->block = b;
    if (p->method == ZKI_MSM_XYZZ) {
        s->xbucket = (zki_g1_xyzz *)b;
        return ZKI_OK;
    }
    void *ptr[15];
    for (int i = 0; i < 15; i++) {
        ptr[i] = b;
        b += sizes[i];
    }
    s->bucket = ptr[0];
    s->count = ptr[1];
    s->touched = ptr[2];
    s->digit = ptr[3];
    s->elem = ptr[4];
    s->seg_start = ptr[5];
    s->seg_len = ptr[6];
    s->seg_bucket = ptr[7];
    s->active = ptr[8];
    s->pair = ptr[9];
    s->den = ptr[10];
    s->pre = ptr[11];
    s->kind = ptr[12];
    s->red_run = ptr[13];
    s->red_sum = ptr[14];
    /* count is kept all-zero between pieces (only touched entries are reset). */
    memset(s->count, 0, nbm * sizeof(uint32_t));
    return ZKI_OK;
}

void zki_msm_scratch_free(zki_msm_scratch *s) {
    free(s->block);
    memset(s, 0, sizeof *s);
}
