/* The AVX-512 IFMA batched affine additions (prover/msm/msm_ifma.c) against the
 * scalar path and an independent Jacobian oracle: zki_msm_batch_add on crafted
 * batches (every pair kind, every remainder mod 8, dst aliasing an input as the
 * tree sum does), and whole MSMs with IFMA on and off giving the same affine
 * point, at sizes 1 .. 2^12 and 2^16, full and small scalars, with points at
 * infinity, repeated points and P, -P pairs. On a CPU without IFMA both runs take
 * the scalar path and the cases still check it against the oracle. */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "msm.h"
#include "msm_internal.h"
#include "test.h"

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

/* n points: a random start plus multiples of a random step. */
static void rand_points(zki_g1_aff *out, size_t n) {
    zki_g1 *j = malloc(n * sizeof *j), step;
    zki_g1_aff g;
    zki_fr k;
    REQUIRE(j != NULL);
    zki_g1_generator(&g);
    zki_g1_from_aff(&step, &g);
    rand_fr(&k);
    zki_g1_mul(&j[0], &step, &k);
    rand_fr(&k);
    zki_g1_mul(&step, &step, &k);
    for (size_t i = 1; i < n; i++) zki_g1_add(&j[i], &j[i - 1], &step);
    zki_g1s_to_aff(out, j, n);
    free(j);
}

/* Rewrites some of pts (count n) into the exceptional inputs: infinity, copies of
 * an earlier point (doublings, hot buckets) and negations of one (cancellation). */
static void sprinkle(zki_g1_aff *pts, size_t n) {
    for (size_t i = 1; i < n; i++) {
        unsigned r = (unsigned)(zt_rand_u64() % 16);
        size_t src = (size_t)(zt_rand_u64() % i);
        if (r == 0) memset(&pts[i], 0, sizeof pts[i]);
        else if (r == 1) pts[i] = pts[src];
        else if (r == 2) zki_g1_aff_neg(&pts[i], &pts[src]);
        else if (r == 3) pts[i] = pts[i - 1];
        else if (r == 4) zki_g1_aff_neg(&pts[i], &pts[i - 1]);
    }
}

/* A batch as the tree sum makes it: pair k adds el[2k] and el[2k+1] into el[k]
 * (so dst aliases pair 0's a, and later dsts are inputs of earlier pairs). */
static void run_batch(zki_g1_aff *el, size_t m, int ifma, zki_msm_scratch *s) {
    zki_cpu_use_ifma(ifma);
    for (size_t k = 0; k < m; k++) {
        s->pair[k].dst = &el[k];
        s->pair[k].a = &el[2 * k];
        s->pair[k].b = &el[2 * k + 1];
    }
    zki_msm_batch_add(s, m);
}

CASE(msm_ifma_batch_add_matches_scalar_and_oracle) {
    int was = zki_cpu_ifma, has = zki_cpu_has_ifma();
    zki_msm_scratch s;
    memset(&s, 0, sizeof s);
    s.pair = malloc(ZKI_MSM_BATCH * sizeof *s.pair);
    s.den = malloc(ZKI_MSM_BATCH * sizeof *s.den);
    s.pre = malloc(ZKI_MSM_BATCH * 40);
    s.kind = malloc(ZKI_MSM_BATCH);
    size_t cap = 2 * ZKI_MSM_BATCH;
    zki_g1_aff *in = malloc(cap * sizeof *in), *e0 = malloc(cap * sizeof *e0), *e1 = malloc(cap * sizeof *e1);
    zki_g1_aff *want = malloc(ZKI_MSM_BATCH * sizeof *want);
    REQUIRE(s.pair && s.den && s.pre && s.kind && in && e0 && e1 && want);
    static const size_t big[] = {127, 128, 129, 511, 1000, 1023, ZKI_MSM_BATCH};
    size_t n_small = zt_iters(1000) < 300 ? 48 : 80;
    for (size_t t = 0; t < n_small + sizeof big / sizeof big[0]; t++) {
        size_t m = t < n_small ? t + 1 : big[t - n_small];
        rand_points(in, 2 * m);
        sprinkle(in, 2 * m);
        /* pair kinds for sure: a doubling, a cancellation, each operand at infinity */
        if (m > 40) {
            in[1] = in[0];
            zki_g1_aff_neg(&in[3], &in[2]);
            memset(&in[4], 0, sizeof in[4]);
            memset(&in[7], 0, sizeof in[7]);
            memset(&in[8], 0, sizeof in[8]);
            memset(&in[9], 0, sizeof in[9]);
        }
        for (size_t k = 0; k < m; k++) { /* the oracle: Jacobian additions */
            zki_g1 a, b;
            zki_g1_from_aff(&a, &in[2 * k]);
            zki_g1_from_aff(&b, &in[2 * k + 1]);
            zki_g1_add(&a, &a, &b);
            zki_g1_to_aff(&want[k], &a);
        }
        memcpy(e0, in, 2 * m * sizeof *in);
        memcpy(e1, in, 2 * m * sizeof *in);
        run_batch(e0, m, 0, &s);
        run_batch(e1, m, has, &s);
        CHECK(memcmp(e0, want, m * sizeof *want) == 0);
        CHECK(memcmp(e1, want, m * sizeof *want) == 0);
        /* the upper half is only read */
        CHECK(memcmp(e1 + m, in + m, m * sizeof *in) == 0);
    }
    zki_cpu_use_ifma(was);
    free(s.pair);
    free(s.den);
    free(s.pre);
    free(s.kind);
    free(in);
    free(e0);
    free(e1);
    free(want);
}

/* The MSM with IFMA off and on: the same affine point. */
static void msm_on_off(const zki_g1_aff *p, const zki_fr *s, const int64_t *small, size_t n, unsigned threads,
                       zki_msm_method method) {
    int has = zki_cpu_has_ifma();
    zki_g1 r[2];
    zki_g1_aff a[2];
    zki_msm_opts o = {.method = method};
    for (int v = 0; v < 2; v++) {
        zki_cpu_use_ifma(v && has);
        zki_status st = small ? zki_g1s_msm_small_opts(&r[v], p, small, n, threads, &o)
                              : zki_g1s_msm_opts(&r[v], p, s, n, threads, &o);
        REQUIRE(st == ZKI_OK);
        zki_g1_to_aff(&a[v], &r[v]);
    }
    CHECK(memcmp(&a[0], &a[1], sizeof a[0]) == 0);
}

CASE(msm_ifma_on_off_same_point) {
    int was = zki_cpu_ifma;
    int quick = zt_iters(1000) < 300;
    static const size_t sizes[] = {1, 2, 7, 8, 33, 100, 257, 1000, 4096, 1 << 16};
    size_t nmax = (size_t)1 << 16;
    zki_g1_aff *p = malloc(nmax * sizeof *p);
    zki_fr *s = malloc(nmax * sizeof *s);
    int64_t *small = malloc(nmax * sizeof *small);
    REQUIRE(p && s && small);
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        if (quick && n > 4096) continue;
        rand_points(p, n);
        sprinkle(p, n);
        for (size_t i = 0; i < n; i++) {
            rand_fr(&s[i]);
            small[i] = (int64_t)(zt_rand_u64() % 255) - 127;
        }
        msm_on_off(p, s, NULL, n, 2, ZKI_MSM_BATCH_AFFINE);
        msm_on_off(p, NULL, small, n, 2, ZKI_MSM_BATCH_AFFINE);
        if (n <= 4096) {
            msm_on_off(p, s, NULL, n, 1, ZKI_MSM_AUTO);
            /* equal scalars: one hot bucket, many doublings */
            for (size_t i = 0; i < n; i++) small[i] = 5;
            msm_on_off(p, NULL, small, n, 1, ZKI_MSM_BATCH_AFFINE);
        }
    }
    zki_cpu_use_ifma(was);
    free(p);
    free(s);
    free(small);
}
