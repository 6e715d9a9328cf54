/* The MSM driver (see msm.h): scalar preparation, planning, the worker threads
 * and the final Horner combination of window sums.
 *
 * Phases, each a set of independent tasks claimed through an atomic counter by
 * n_threads workers (the calling thread is worker 0):
 *   1. prepare: scalars -> sign + magnitude (zki_msm_scalar), and the largest
 *      magnitude of each block of MSM_PREP_BLOCK scalars;
 *   2. windows: task t = (window t / chunks, chunk t % chunks), each writing its
 *      own slot of a result array;
 *   3. combine (calling thread): r = Σ_j 2^(jc) Σ_k part[j][k], in a fixed order.
 * Since neither the plan nor the combination order depends on the thread count,
 * the Jacobian result is bit-identical for every n_threads.
 */
#define _DEFAULT_SOURCE /* sysconf(_SC_NPROCESSORS_ONLN) */

#include "msm.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msm_internal.h"

#define MSM_PREP_BLOCK ((size_t)1 << 14)
#define MSM_MAX_THREADS 256

/* ---- a minimal fork-join over dynamically claimed tasks ---- */

typedef void (*msm_task_fn)(void *ctx, size_t task, unsigned worker);

typedef struct {
    atomic_size_t next;
    size_t n_tasks;
    msm_task_fn fn;
    void *ctx;
} msm_pool;

typedef struct {
    msm_pool *pool;
    unsigned worker;
} msm_worker;

static void *msm_work(void *arg) {
    msm_worker *w = arg;
    msm_pool *p = w->pool;
    for (;;) {
        size_t t = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
        if (t >= p->n_tasks) break;
        p->fn(p->ctx, t, w->worker);
    }
    return NULL;
}

static unsigned msm_threads(unsigned n_threads, size_t n_tasks) {
    if (n_threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n_threads = c > 0 ? (unsigned)c : 1;
    }
    if (n_threads > MSM_MAX_THREADS) n_threads = MSM_MAX_THREADS;
    if (n_threads > n_tasks) n_threads = (unsigned)n_tasks;
    return n_threads ? n_threads : 1;
}

/* Runs fn over tasks [0, n_tasks) on `workers` workers (already clamped). A worker
 * whose thread cannot be created simply does not exist; the others take its share. */
static void msm_parallel(unsigned workers, size_t n_tasks, msm_task_fn fn, void *ctx) {
    msm_pool pool = {.n_tasks = n_tasks, .fn = fn, .ctx = ctx};
    atomic_init(&pool.next, 0);
    pthread_t tid[MSM_MAX_THREADS];
    msm_worker w[MSM_MAX_THREADS];
    int started[MSM_MAX_THREADS] = {0};
    for (unsigned i = 0; i < workers; i++) {
        w[i].pool = &pool;
        w[i].worker = i;
    }
    for (unsigned i = 1; i < workers; i++) started[i] = pthread_create(&tid[i], NULL, msm_work, &w[i]) == 0;
    msm_work(&w[0]);
    for (unsigned i = 1; i < workers; i++)
        if (started[i]) pthread_join(tid[i], NULL);
}

/* ---- phase 1: scalar preparation ---- */

typedef struct {
    const zki_fr *fr;     /* one of fr / i64 is set */
    const int64_t *i64;
    zki_msm_scalar *out;
    uint64_t (*max_part)[4]; /* per block */
    size_t n;
    uint64_t half[4];     /* (r - 1) / 2 */
} msm_prep;

static int limbs_gt(const uint64_t a[4], const uint64_t b[4]) {
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return 0;
}

/* a > b for magnitudes (sign bits ignored). */
static int mag_gt(const uint64_t a[4], const uint64_t b[4]) {
    uint64_t a3 = a[3] & ~ZKI_MSM_NEG, b3 = b[3] & ~ZKI_MSM_NEG;
    if (a3 != b3) return a3 > b3;
    for (int i = 2; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return 0;
}

static void prep_task(void *vctx, size_t task, unsigned worker) {
    (void)worker;
    msm_prep *c = vctx;
    size_t lo = task * MSM_PREP_BLOCK, hi = lo + MSM_PREP_BLOCK < c->n ? lo + MSM_PREP_BLOCK : c->n;
    uint64_t *mx = c->max_part[task];
    mx[0] = mx[1] = mx[2] = mx[3] = 0;
    for (size_t i = lo; i < hi; i++) {
        uint64_t *m = c->out[i].m;
        if (c->fr) {
            zki_fr_to_limbs(m, &c->fr[i]);
            if (limbs_gt(m, c->half)) { /* v > r/2 stands for -(r - v) */
                unsigned char borrow = 0;
                for (int k = 0; k < 4; k++) {
                    uint64_t d = zki_fr_modulus[k] - m[k] - borrow;
                    borrow = (unsigned char)(zki_fr_modulus[k] < m[k] || (zki_fr_modulus[k] == m[k] && borrow));
                    m[k] = d;
                }
                m[3] |= ZKI_MSM_NEG;
            }
        } else {
            int64_t v = c->i64[i];
            m[0] = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            m[1] = m[2] = 0;
            m[3] = v < 0 ? ZKI_MSM_NEG : 0;
        }
        if (mag_gt(m, mx)) {
            memcpy(mx, m, 4 * sizeof *m);
            mx[3] &= ~ZKI_MSM_NEG;
        }
    }
}

/* ---- phase 2: windows ---- */

typedef struct {
    const zki_g1_aff *points;
    const zki_msm_scalar *scalars;
    size_t n;
    const zki_msm_plan *plan;
    zki_msm_scratch *scratch; /* one per worker */
    zki_g1 *part;             /* one per task */
} msm_job;

static void window_task(void *vctx, size_t task, unsigned worker) {
    msm_job *c = vctx;
    const zki_msm_plan *p = c->plan;
    unsigned j = (unsigned)(task / p->chunks);
    size_t k = task % p->chunks, lo = k * p->chunk_len, hi = lo + p->chunk_len < c->n ? lo + p->chunk_len : c->n;
    if (p->method == ZKI_MSM_XYZZ)
        zki_msm_window_xyzz(&c->part[task], c->points, c->scalars, lo, hi, j, p, &c->scratch[worker]);
    else
        zki_msm_window_affine(&c->part[task], c->points, c->scalars, lo, hi, j, p, &c->scratch[worker]);
}

/* ---- the common entry ---- */

static zki_status msm_run(zki_g1 *r, const zki_g1_aff *points, const zki_fr *fr, const int64_t *i64,
                          size_t n, unsigned n_threads, const zki_msm_opts *opts) {
    if (!r || (n && (!points || (!fr && !i64)))) return ZKI_ERR_ARG;
    if (opts && (opts->window_bits > ZKI_MSM_MAX_WINDOW || (unsigned)opts->method > ZKI_MSM_BATCH_AFFINE))
        return ZKI_ERR_ARG;
    if (n == 0) {
        zki_g1_set_inf(r);
        return ZKI_OK;
    }
    zki_status st = ZKI_ERR_NOMEM;
    size_t n_blocks = (n + MSM_PREP_BLOCK - 1) / MSM_PREP_BLOCK;
    zki_msm_scalar *sc = malloc(n * sizeof *sc);
    uint64_t (*max_part)[4] = malloc(n_blocks * sizeof *max_part);
    zki_msm_scratch *scratch = NULL;
    zki_g1 *part = NULL;
    unsigned workers = 0;
    if (!sc || !max_part) goto done;

    msm_prep prep = {.fr = fr, .i64 = i64, .out = sc, .max_part = max_part, .n = n};
    for (int k = 0; k < 4; k++)
        prep.half[k] = (zki_fr_modulus[k] >> 1) | (k < 3 ? zki_fr_modulus[k + 1] << 63 : 0);
    msm_parallel(msm_threads(n_threads, n_blocks), n_blocks, prep_task, &prep);
    uint64_t max_mag[4] = {0, 0, 0, 0};
    for (size_t b = 0; b < n_blocks; b++)
        if (mag_gt(max_part[b], max_mag)) memcpy(max_mag, max_part[b], sizeof max_mag);

    zki_msm_plan plan;
    zki_msm_plan_make(&plan, n, max_mag, opts);
    if (plan.windows == 0) { /* every scalar is zero */
        zki_g1_set_inf(r);
        st = ZKI_OK;
        goto done;
    }
    size_t n_tasks = (size_t)plan.windows * plan.chunks;
    workers = msm_threads(n_threads, n_tasks);
    part = malloc(n_tasks * sizeof *part);
    scratch = calloc(workers, sizeof *scratch);
    if (!part || !scratch) goto done;
    for (unsigned w = 0; w < workers; w++)
        if (zki_msm_scratch_alloc(&scratch[w], &plan) != ZKI_OK) goto done;

    msm_job job = {.points = points, .scalars = sc, .n = n, .plan = &plan, .scratch = scratch, .part = part};
    msm_parallel(workers, n_tasks, window_task, &job);

    zki_g1 acc;
    zki_g1_set_inf(&acc);
    for (unsigned j = plan.windows; j-- > 0;) {
        if (j + 1 < plan.windows)
            for (unsigned b = 0; b < plan.c; b++) zki_g1_dbl(&acc, &acc);
        for (size_t k = 0; k < plan.chunks; k++) zki_g1_add(&acc, &acc, &part[(size_t)j * plan.chunks + k]);
    }
    *r = acc;
    st = ZKI_OK;
done:
    if (scratch)
        for (unsigned w = 0; w < workers; w++) zki_msm_scratch_free(&scratch[w]);
    free(scratch);
    free(part);
    free(max_part);
    free(sc);
    return st;
}

zki_status zki_g1s_msm(zki_g1 *r, const zki_g1_aff *points, const zki_fr *scalars, size_t n,
                       unsigned n_threads) {
    return msm_run(r, points, scalars, NULL, n, n_threads, NULL);
}

zki_status zki_g1s_msm_small(zki_g1 *r, const zki_g1_aff *points, const int64_t *scalars, size_t n,
                             unsigned n_threads) {
    return msm_run(r, points, NULL, scalars, n, n_threads, NULL);
}

zki_status zki_g1s_msm_opts(zki_g1 *r, const zki_g1_aff *points, const zki_fr *scalars, size_t n,
                            unsigned n_threads, const zki_msm_opts *opts) {
    return msm_run(r, points, scalars, NULL, n, n_threads, opts);
}

zki_status zki_g1s_msm_small_opts(zki_g1 *r, const zki_g1_aff *points, const int64_t *scalars,
                                  size_t n, unsigned n_threads, const zki_msm_opts *opts) {
    return msm_run(r, points, NULL, scalars, n, n_threads, opts);
}
