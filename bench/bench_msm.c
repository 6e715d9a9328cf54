/* MSM figures, in ns per point: n = 2^16 and 2^20, random full 254-bit scalars and
 * 8-bit signed scalars (int64 entry and, at 2^20, the same values as Fr through the
 * main entry, which detects them), 1 and 2 threads; the small/full speedups; and
 * the XYZZ-bucket method beside the default batch-affine one; and at 2^16 (full
 * scalars, 1 and 2 threads) the batched affine additions on scalar ADX code
 * against AVX-512 IFMA (keys *_scalar_ns_per_point, *_ifma_ns_per_point, the
 * IFMA ones only on a CPU that has it, and *_ifma_speedup).
 *
 * Inputs: points are G' + i·H (consecutive additions, then one batch conversion to
 * affine per block), which costs one addition per point instead of a scalar
 * multiplication; the MSM cannot tell them from random points.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "cpu.h"
#include "msm.h"

#define MSM_BENCH_MAX_LOG 20
#define GEN_BLOCK 4096

typedef struct {
    const zki_g1_aff *points;
    const zki_fr *fr;
    const int64_t *i64;
    size_t n;
    unsigned threads;
    zki_msm_opts opts;
    zki_g1 out;
} msm_case;

static void run_fr(void *arg) {
    msm_case *c = arg;
    if (zki_g1s_msm_opts(&c->out, c->points, c->fr, c->n, c->threads, &c->opts) != ZKI_OK) abort();
    BENCH_KEEP(c->out);
}

static void run_i64(void *arg) {
    msm_case *c = arg;
    if (zki_g1s_msm_small_opts(&c->out, c->points, c->i64, c->n, c->threads, &c->opts) != ZKI_OK) abort();
    BENCH_KEEP(c->out);
}

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    bench_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static int gen_points(zki_g1_aff *out, size_t n) {
    zki_g1_aff g;
    zki_g1 base, step, *blk = malloc(GEN_BLOCK * sizeof *blk);
    zki_fr k;
    if (!blk) return 0;
    zki_g1_generator(&g);
    zki_g1_from_aff(&base, &g);
    rand_fr(&k);
    zki_g1_mul(&step, &base, &k);
    rand_fr(&k);
    zki_g1_mul(&base, &base, &k);
    for (size_t i = 0; i < n; i += GEN_BLOCK) {
        size_t m = n - i < GEN_BLOCK ? n - i : GEN_BLOCK;
        for (size_t j = 0; j < m; j++) {
            blk[j] = base;
            zki_g1_add(&base, &base, &step);
        }
        zki_g1s_to_aff(out + i, blk, m);
    }
    free(blk);
    return 1;
}

BENCH(msm) {
    size_t nmax = (size_t)1 << MSM_BENCH_MAX_LOG;
    zki_g1_aff *pts = malloc(nmax * sizeof *pts);
    zki_fr *full = malloc(nmax * sizeof *full), *i8fr = malloc(nmax * sizeof *i8fr);
    int64_t *i8 = malloc(nmax * sizeof *i8);
    if (!pts || !full || !i8fr || !i8 || !gen_points(pts, nmax)) {
        fprintf(stderr, "bench msm: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < nmax; i++) {
        uint8_t b;
        rand_fr(&full[i]);
        bench_rand_bytes(&b, 1);
        i8[i] = (int8_t)b;
        zki_fr_set_i64(&i8fr[i], i8[i]);
    }
    static const unsigned logs[] = {16, MSM_BENCH_MAX_LOG};
    for (size_t l = 0; l < 2; l++) {
        size_t n = (size_t)1 << logs[l];
        unsigned runs = logs[l] >= 20 ? 3 : 7;
        for (unsigned t = 1; t <= 2; t++) {
            char key[64], label[64];
            msm_case c = {.points = pts, .fr = full, .i64 = i8, .n = n, .threads = t};
            snprintf(key, sizeof key, "msm_2e%u_full_%ut_ns_per_point", logs[l], t);
            snprintf(label, sizeof label, "MSM 2^%u full scalars, %u thr (ns/pt)", logs[l], t);
            double tf = bench_time(key, label, run_fr, &c, (unsigned)n, runs, 1e9);
            snprintf(key, sizeof key, "msm_2e%u_i8_%ut_ns_per_point", logs[l], t);
            snprintf(label, sizeof label, "MSM 2^%u int8 scalars, %u thr (ns/pt)", logs[l], t);
            double ts = bench_time(key, label, run_i64, &c, (unsigned)n, runs, 1e9);
            snprintf(key, sizeof key, "msm_2e%u_i8_%ut_speedup", logs[l], t);
            snprintf(label, sizeof label, "  speedup int8 / full, 2^%u, %u thr (x)", logs[l], t);
            bench_record(key, label, tf / ts);
        }
    }
    /* 2^20, 2 threads: int8 values as Fr (detected by the main entry), and the
     * XYZZ-bucket method against batch affine. */
    msm_case c = {.points = pts, .fr = i8fr, .n = nmax, .threads = 2};
    bench_time("msm_2e20_i8fr_2t_ns_per_point", "MSM 2^20 int8 as Fr, 2 thr (ns/pt)", run_fr, &c,
               (unsigned)nmax, 3, 1e9);
    c.fr = full;
    c.opts.method = ZKI_MSM_XYZZ;
    bench_time("msm_2e20_full_xyzz_2t_ns_per_point", "MSM 2^20 full, XYZZ buckets, 2 thr (ns/pt)", run_fr,
               &c, (unsigned)nmax, 1, 1e9);
    c.opts.method = ZKI_MSM_XYZZ;
    c.i64 = i8;
    bench_time("msm_2e20_i8_xyzz_2t_ns_per_point", "MSM 2^20 int8, XYZZ buckets, 2 thr (ns/pt)", run_i64,
               &c, (unsigned)nmax, 3, 1e9);
    /* 2^16 full scalars: scalar against IFMA batched affine additions */
    int had = zki_cpu_ifma, ifma = zki_cpu_has_ifma();
    if (!ifma) printf("  (this CPU has no AVX-512 IFMA: scalar figures only)\n");
    c.opts.method = ZKI_MSM_AUTO;
    c.n = (size_t)1 << 16;
    for (unsigned t = 1; t <= 2; t++) {
        double tv[2] = {0, 0};
        char key[80], label[80];
        c.threads = t;
        for (int v = 0; v <= ifma; v++) {
            zki_cpu_use_ifma(v);
            const char *kind = v ? "ifma" : "scalar";
            snprintf(key, sizeof key, "msm_2e16_full_%ut_%s_ns_per_point", t, kind);
            snprintf(label, sizeof label, "MSM 2^16 full, %u thr, %s additions (ns/pt)", t, kind);
            tv[v] = bench_time(key, label, run_fr, &c, (unsigned)c.n, 7, 1e9);
        }
        if (ifma) {
            snprintf(key, sizeof key, "msm_2e16_full_%ut_ifma_speedup", t);
            snprintf(label, sizeof label, "  speedup IFMA / scalar, 2^16 full, %u thr (x)", t);
            bench_record(key, label, tv[0] / tv[1]);
        }
    }
    zki_cpu_use_ifma(had);
    free(pts);
    free(full);
    free(i8fr);
    free(i8);
}
