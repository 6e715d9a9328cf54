/* MSM: zki_g1s_msm and zki_g1s_msm_small against the naive Σ zki_g1_mul(P_i, s_i),
 * over sizes, thread counts, window widths and both bucket methods, with the
 * inputs that reach the exceptional branches: zero, one, r - 1 and the sign
 * boundary (r ± 1)/2, points at infinity, equal points (bucket doublings),
 * P next to -P (cancellation to infinity inside a bucket), equal scalars (one
 * hot bucket), and small signed integers. Also the XYZZ formulas and the inline
 * field helpers on their own. */
#include <stdlib.h>
#include <string.h>

#include "g1_xyzz.h"
#include "msm.h"
#include "msm_fq.h"
#include "test.h"

/* ---- inputs ---- */

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static void rand_point(zki_g1 *p) {
    zki_g1_aff g;
    zki_g1 gj;
    zki_fr k;
    zki_g1_generator(&g);
    zki_g1_from_aff(&gj, &g);
    rand_fr(&k);
    zki_g1_mul(p, &gj, &k);
}

/* n distinct-looking points: a random start plus multiples of a random step. */
static void rand_points(zki_g1_aff *out, size_t n) {
    if (!n) return;
    zki_g1 *j = malloc(n * sizeof *j), step;
    rand_point(&j[0]);
    rand_point(&step);
    for (size_t i = 1; i < n; i++) zki_g1_add(&j[i], &j[i - 1], &step);
    zki_g1s_to_aff(out, j, n);
    free(j);
}

/* r - 1 - k as an Fr element, i.e. -(k+1). */
static void fr_minus(zki_fr *r, int64_t k) { zki_fr_set_i64(r, -k - 1); }

static void fr_from_limbs_or_die(zki_fr *r, const uint64_t l[4]) {
    zki_status st = zki_fr_from_limbs(r, l);
    REQUIRE(st == ZKI_OK);
}

/* ---- oracle ---- */

static void naive(zki_g1 *r, const zki_g1_aff *p, const zki_fr *s, size_t n) {
    zki_g1 acc, t, pj;
    zki_g1_set_inf(&acc);
    for (size_t i = 0; i < n; i++) {
        zki_g1_from_aff(&pj, &p[i]);
        zki_g1_mul(&t, &pj, &s[i]);
        zki_g1_add(&acc, &acc, &t);
    }
    *r = acc;
}

static int msm_ok(const zki_g1 *want, const zki_g1_aff *p, const zki_fr *s, size_t n, unsigned threads,
                  const zki_msm_opts *o) {
    zki_g1 got;
    if (zki_g1s_msm_opts(&got, p, s, n, threads, o) != ZKI_OK) return 0;
    return zki_g1_eq(&got, want);
}

/* ---- XYZZ formulas ---- */

CASE(msm_xyzz_formulas_match_jacobian) {
    unsigned iters = zt_iters(50);
    for (unsigned it = 0; it < iters; it++) {
        zki_g1 pj, qj, want, got;
        zki_g1_aff pq[2];
        zki_g1 pqj[2];
        rand_point(&pqj[0]);
        rand_point(&pqj[1]);
        zki_g1s_to_aff(pq, pqj, 2);
        zki_g1_from_aff(&pj, &pq[0]);
        zki_g1_from_aff(&qj, &pq[1]);
        zki_g1_xyzz a, b, r;
        /* a = P + Q built through madd so its ZZ, ZZZ are non-trivial */
        zki_g1_xyzz_from_aff(&a, &pq[0]);
        zki_g1_xyzz_add_aff(&a, &a, &pq[1]);
        zki_g1_add(&want, &pj, &qj);
        zki_g1_xyzz_to_jac(&got, &a);
        CHECK(zki_g1_eq(&got, &want));
        /* 2a, a + a (add's doubling branch), a + P, a - P, a - a */
        zki_g1_dbl(&want, &want);
        zki_g1_xyzz_dbl(&r, &a);
        zki_g1_xyzz_to_jac(&got, &r);
        CHECK(zki_g1_eq(&got, &want));
        b = a;
        zki_g1_xyzz_add(&r, &a, &b);
        zki_g1_xyzz_to_jac(&got, &r);
        CHECK(zki_g1_eq(&got, &want));
        zki_g1_add(&want, &pj, &qj);
        zki_g1_add(&want, &want, &pj);
        zki_g1_xyzz_add_aff(&r, &a, &pq[0]);
        zki_g1_xyzz_to_jac(&got, &r);
        CHECK(zki_g1_eq(&got, &want));
        zki_g1_xyzz_sub_aff(&r, &a, &pq[0]);
        zki_g1_xyzz_to_jac(&got, &r);
        CHECK(zki_g1_eq(&got, &qj));
        zki_g1_xyzz from_p, sum;
        zki_g1_xyzz_from_aff(&from_p, &pq[0]);
        zki_g1_xyzz_sub_aff(&r, &from_p, &pq[0]); /* P - P */
        CHECK(zki_g1_xyzz_is_inf(&r));
        zki_g1_xyzz_add_aff(&r, &from_p, &pq[0]); /* P + P through madd */
        zki_g1_dbl(&want, &pj);
        zki_g1_xyzz_to_jac(&got, &r);
        CHECK(zki_g1_eq(&got, &want));
        zki_g1_xyzz_add(&sum, &a, &r); /* (P+Q) + 2P, both non-affine */
        zki_g1_add(&want, &want, &pj);
        zki_g1_add(&want, &want, &qj);
        zki_g1_xyzz_to_jac(&got, &sum);
        CHECK(zki_g1_eq(&got, &want));
        zki_g1_xyzz inf;
        zki_g1_xyzz_set_inf(&inf);
        zki_g1_xyzz_add(&r, &inf, &a);
        zki_g1_xyzz_to_jac(&got, &r);
        zki_g1_add(&want, &pj, &qj);
        CHECK(zki_g1_eq(&got, &want));
        zki_g1_xyzz_dbl(&r, &inf);
        CHECK(zki_g1_xyzz_is_inf(&r));
    }
}

/* ---- MSM against the oracle ---- */

CASE(msm_random_matches_naive) {
    static const size_t sizes[] = {0, 1, 2, 3, 17, 100, 1000};
    size_t cap = zt_iters(1000);
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        if (n > cap) continue;
        zki_g1_aff *p = malloc((n + 1) * sizeof *p);
        zki_fr *s = malloc((n + 1) * sizeof *s);
        rand_points(p, n);
        for (size_t i = 0; i < n; i++) rand_fr(&s[i]);
        zki_g1 want;
        naive(&want, p, s, n);
        for (unsigned th = 1; th <= 3; th++) CHECK(msm_ok(&want, p, s, n, th, NULL));
        zki_msm_opts xyzz = {.method = ZKI_MSM_XYZZ}, aff = {.method = ZKI_MSM_BATCH_AFFINE};
        CHECK(msm_ok(&want, p, s, n, 2, &xyzz));
        CHECK(msm_ok(&want, p, s, n, 2, &aff));
        free(p);
        free(s);
    }
}

/* Every window width and both methods, with tiny chunks so one window has many
 * tasks and the sorted pieces are cut at odd places. */
CASE(msm_window_widths_and_methods) {
    size_t n = zt_iters(1000) < 300 ? 40 : 150;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s);
    rand_points(p, n);
    for (size_t i = 0; i < n; i++) rand_fr(&s[i]);
    zki_g1 want;
    naive(&want, p, s, n);
    /* wide windows cost 2^(c-1) bucket reductions per task: keep them few */
    static const unsigned widths[] = {1, 2, 3, 4, 5, 6, 7, 9, 12, 16};
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        unsigned c = widths[w];
        if (c > 12 && zt_iters(1000) < 300) continue;
        for (int m = ZKI_MSM_XYZZ; m <= ZKI_MSM_BATCH_AFFINE; m++) {
            zki_msm_opts o = {.window_bits = c, .method = (zki_msm_method)m};
            CHECK(msm_ok(&want, p, s, n, 2, &o));
            if (c > 9) continue;
            o.chunk_len = 7;
            CHECK(msm_ok(&want, p, s, n, 3, &o));
        }
    }
    free(p);
    free(s);
}

/* Scalars 0, 1, 2, r-1, r-2, (r-1)/2, (r+1)/2, 2^252, small negatives; points at
 * infinity; the same point many times; P beside -P. */
CASE(msm_edge_scalars_and_points) {
    enum { N = 64 };
    zki_g1_aff p[N], q[8];
    zki_fr s[N];
    rand_points(q, 8);
    uint64_t half[4], halfp1[4], big[4] = {0, 0, 0, 1ULL << 60};
    for (int k = 0; k < 4; k++)
        half[k] = (zki_fr_modulus[k] >> 1) | (k < 3 ? zki_fr_modulus[k + 1] << 63 : 0);
    memcpy(halfp1, half, sizeof half);
    halfp1[0] += 1; /* (r+1)/2: half ends in ...0 (r - 1 = 2^28·t) */
    for (int i = 0; i < N; i++) {
        switch (i % 12) {
        case 0: zki_fr_set_zero(&s[i]); break;
        case 1: zki_fr_set_one(&s[i]); break;
        case 2: zki_fr_set_u64(&s[i], 2); break;
        case 3: fr_minus(&s[i], 0); break; /* r - 1 */
        case 4: fr_minus(&s[i], 1); break; /* r - 2 */
        case 5: fr_from_limbs_or_die(&s[i], half); break;
        case 6: fr_from_limbs_or_die(&s[i], halfp1); break;
        case 7: fr_from_limbs_or_die(&s[i], big); break;
        case 8: zki_fr_set_i64(&s[i], -5); break;
        case 9: zki_fr_set_i64(&s[i], -128); break;
        case 10: zki_fr_set_i64(&s[i], 127); break;
        default: rand_fr(&s[i]); break;
        }
        switch (i % 5) {
        case 0: memset(&p[i], 0, sizeof p[i]); break; /* infinity */
        case 1: p[i] = q[0]; break;                   /* repeated point */
        case 2: zki_g1_aff_neg(&p[i], &q[0]); break;  /* its negation */
        default: p[i] = q[1 + i % 7]; break;
        }
    }
    zki_g1 want;
    naive(&want, p, s, N);
    for (unsigned th = 1; th <= 3; th++) CHECK(msm_ok(&want, p, s, N, th, NULL));
    for (unsigned c = 1; c <= 16; c += 3)
        for (int m = ZKI_MSM_XYZZ; m <= ZKI_MSM_BATCH_AFFINE; m++) {
            zki_msm_opts o = {.window_bits = c, .method = (zki_msm_method)m};
            CHECK(msm_ok(&want, p, s, N, 2, &o));
        }
}

/* Repeated P and -P with repeated scalars: in one bucket the sorted run holds P, P,
 * -P, -P, ... so the tree hits P + P, P + (-P) = O, O + O and O + X. */
CASE(msm_bucket_doubling_and_cancellation) {
    size_t n = zt_iters(1000) < 300 ? 200 : 2000;
    zki_g1_aff *p = malloc(n * sizeof *p), q[2];
    zki_fr *s = malloc(n * sizeof *s);
    rand_points(q, 2);
    for (size_t pattern = 0; pattern < 4; pattern++) {
        int64_t coef[2] = {0, 0}; /* the oracle: want = coef[0]·q0 + coef[1]·q1 */
        for (size_t i = 0; i < n; i++) {
            int neg = pattern == 0 ? (int)(i & 1) : pattern == 1 ? (int)((i >> 1) & 1) : (int)(i % 3 == 0);
            int64_t k = pattern == 3 ? 1 + (int64_t)(i % 3) : 77;
            if (pattern == 3) neg = 0;
            p[i] = pattern == 3 ? q[i & 1] : q[0];
            if (neg) zki_g1_aff_neg(&p[i], &p[i]);
            zki_fr_set_i64(&s[i], k);
            coef[pattern == 3 ? (i & 1) : 0] += neg ? -k : k;
        }
        zki_g1 want, t, qj;
        zki_fr k;
        zki_g1_set_inf(&want);
        for (int b = 0; b < 2; b++) {
            zki_g1_from_aff(&qj, &q[b]);
            zki_fr_set_i64(&k, coef[b]);
            zki_g1_mul(&t, &qj, &k);
            zki_g1_add(&want, &want, &t);
        }
        for (int m = ZKI_MSM_XYZZ; m <= ZKI_MSM_BATCH_AFFINE; m++) {
            zki_msm_opts o = {.method = (zki_msm_method)m};
            CHECK(msm_ok(&want, p, s, n, 2, &o));
            o.window_bits = 3;
            CHECK(msm_ok(&want, p, s, n, 1, &o));
        }
        CHECK(msm_ok(&want, p, s, n, 2, NULL));
    }
    free(p);
    free(s);
}

/* All scalars equal to k: the MSM is k·Σ P_i. */
CASE(msm_equal_scalars_is_multiple_of_sum) {
    size_t n = zt_iters(1000) < 300 ? 300 : 3000;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s), k;
    rand_points(p, n);
    for (int round = 0; round < 3; round++) {
        if (round == 0) rand_fr(&k);
        else if (round == 1) zki_fr_set_i64(&k, -3);
        else zki_fr_set_u64(&k, 1);
        for (size_t i = 0; i < n; i++) s[i] = k;
        zki_g1 sum, pj, want, got;
        zki_g1_set_inf(&sum);
        for (size_t i = 0; i < n; i++) {
            zki_g1_from_aff(&pj, &p[i]);
            zki_g1_add(&sum, &sum, &pj);
        }
        zki_g1_mul(&want, &sum, &k);
        for (unsigned th = 1; th <= 2; th++) {
            REQUIRE(zki_g1s_msm(&got, p, s, n, th) == ZKI_OK);
            CHECK(zki_g1_eq(&got, &want));
        }
    }
    free(p);
    free(s);
}

/* The representation (not just the group element) is the same for 1, 2, 3, 5 threads. */
CASE(msm_threads_bit_identical) {
    size_t n = zt_iters(1000) < 300 ? 600 : 5000;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s);
    int64_t *v = malloc(n * sizeof *v);
    rand_points(p, n);
    for (size_t i = 0; i < n; i++) {
        rand_fr(&s[i]);
        v[i] = (int64_t)(zt_rand_u64() % 255) - 127;
    }
    zki_g1 r1, r, q1, q;
    REQUIRE(zki_g1s_msm(&r1, p, s, n, 1) == ZKI_OK);
    REQUIRE(zki_g1s_msm_small(&q1, p, v, n, 1) == ZKI_OK);
    static const unsigned th[] = {2, 3, 5, 0};
    for (size_t t = 0; t < 4; t++) {
        REQUIRE(zki_g1s_msm(&r, p, s, n, th[t]) == ZKI_OK);
        CHECK(memcmp(&r, &r1, sizeof r) == 0);
        REQUIRE(zki_g1s_msm_small(&q, p, v, n, th[t]) == ZKI_OK);
        CHECK(memcmp(&q, &q1, sizeof q) == 0);
    }
    free(p);
    free(s);
    free(v);
}

/* zki_g1s_msm_small equals the full path on the same values as Fr elements,
 * for 8-bit, 16-bit, 40-bit and full-range int64 scalars (INT64_MIN included). */
CASE(msm_small_matches_full) {
    size_t n = zt_iters(1000) < 300 ? 700 : 3000;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s);
    int64_t *v = malloc(n * sizeof *v);
    rand_points(p, n);
    static const unsigned bits[] = {1, 8, 16, 40, 64};
    for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t u = zt_rand_u64();
            if (bits[b] == 64) v[i] = (int64_t)u;
            else v[i] = (int64_t)(u % (2ULL << (bits[b] - 1))) - (int64_t)(1ULL << (bits[b] - 1));
            if (i % 97 == 5) v[i] = 0;
        }
        if (bits[b] == 64) {
            v[0] = INT64_MIN;
            v[1] = INT64_MAX;
        }
        for (size_t i = 0; i < n; i++) zki_fr_set_i64(&s[i], v[i]);
        zki_g1 full, small;
        REQUIRE(zki_g1s_msm(&full, p, s, n, 2) == ZKI_OK);
        REQUIRE(zki_g1s_msm_small(&small, p, v, n, 2) == ZKI_OK);
        CHECK(zki_g1_eq(&full, &small));
        zki_msm_opts xyzz = {.method = ZKI_MSM_XYZZ};
        REQUIRE(zki_g1s_msm_small_opts(&small, p, v, n, 3, &xyzz) == ZKI_OK);
        CHECK(zki_g1_eq(&full, &small));
        if (b < 2) { /* small enough for the oracle at this size */
            zki_g1 want;
            size_t m = n < 200 ? n : 200;
            naive(&want, p, s, m);
            REQUIRE(zki_g1s_msm_small(&small, p, v, m, 2) == ZKI_OK);
            CHECK(zki_g1_eq(&small, &want));
        }
    }
    free(p);
    free(s);
    free(v);
}

/* A larger input through the automatic batch-affine path, against the oracle. */
CASE(msm_auto_affine_matches_naive) {
    size_t n = zt_iters(1000) < 300 ? 600 : 2500;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s);
    rand_points(p, n);
    for (size_t i = 0; i < n; i++) {
        rand_fr(&s[i]);
        if (i % 11 == 0) s[i] = s[i / 2]; /* some repeated scalars too */
    }
    zki_g1 want;
    naive(&want, p, s, n);
    CHECK(msm_ok(&want, p, s, n, 2, NULL));
    zki_msm_opts o = {.chunk_len = 100};
    CHECK(msm_ok(&want, p, s, n, 3, &o));
    free(p);
    free(s);
}

CASE(msm_rejects_bad_arguments) {
    zki_g1_aff p[1];
    zki_fr s[1];
    int64_t v[1] = {3};
    zki_g1 r;
    rand_points(p, 1);
    zki_fr_set_one(&s[0]);
    CHECK(zki_g1s_msm(NULL, p, s, 1, 1) == ZKI_ERR_ARG);
    CHECK(zki_g1s_msm(&r, NULL, s, 1, 1) == ZKI_ERR_ARG);
    CHECK(zki_g1s_msm(&r, p, NULL, 1, 1) == ZKI_ERR_ARG);
    CHECK(zki_g1s_msm_small(&r, p, NULL, 1, 1) == ZKI_ERR_ARG);
    zki_msm_opts bad = {.window_bits = ZKI_MSM_MAX_WINDOW + 1};
    CHECK(zki_g1s_msm_opts(&r, p, s, 1, 1, &bad) == ZKI_ERR_ARG);
    bad.window_bits = 0;
    bad.method = (zki_msm_method)7;
    CHECK(zki_g1s_msm_opts(&r, p, s, 1, 1, &bad) == ZKI_ERR_ARG);
    /* n == 0 with NULL arrays is fine: the empty sum */
    REQUIRE(zki_g1s_msm(&r, NULL, NULL, 0, 1) == ZKI_OK);
    CHECK(zki_g1_is_inf(&r));
    REQUIRE(zki_g1s_msm_small(&r, p, v, 1, 1) == ZKI_OK);
    zki_g1 pj, want;
    zki_g1_from_aff(&pj, &p[0]);
    zki_fr_set_u64(&s[0], 3);
    zki_g1_mul(&want, &pj, &s[0]);
    CHECK(zki_g1_eq(&r, &want));
}

/* msm_fq.h's inline subtraction, negation and tests agree with fq.h's functions. */
CASE(msm_fq_inline_matches_fq) {
    unsigned iters = zt_iters(2000);
    for (unsigned it = 0; it < iters; it++) {
        zki_fq a, b, r1, r2;
        uint8_t buf[64];
        zt_rand_bytes(buf, 64);
        zki_fq_from_bytes_reduce(&a, buf);
        zki_fq_from_bytes_reduce(&b, buf + 32);
        if (it % 7 == 0) b = a;
        if (it % 11 == 0) zki_fq_set_zero(&a);
        if (it % 13 == 0) zki_fq_set_zero(&b);
        zki_fq_sub(&r1, &a, &b);
        msm_fq_sub(&r2, &a, &b);
        CHECK(zki_fq_eq(&r1, &r2));
        zki_fq_neg(&r1, &a);
        msm_fq_neg(&r2, &a);
        CHECK(zki_fq_eq(&r1, &r2));
        CHECK(msm_fq_is_zero(&a) == zki_fq_is_zero(&a));
        CHECK(msm_fq_eq(&a, &b) == zki_fq_eq(&a, &b));
        zki_g1_aff p = {a, b};
        CHECK(msm_aff_is_inf(&p) == zki_g1_aff_is_inf(&p));
        r2 = a; /* aliasing: r = a - r */
        msm_fq_sub(&r2, &a, &r2);
        CHECK(zki_fq_is_zero(&r2));
    }
}

/* Beyond one sorted piece (ZKI_MSM_SORT_LEN points): batch affine with a single
 * chunk per window, and with the default split, against the XYZZ method (an
 * independent accumulation), for random and for skewed scalars. */
CASE(msm_methods_agree_beyond_one_piece) {
    size_t n = zt_iters(1000) < 300 ? 9000 : 20000;
    zki_g1_aff *p = malloc(n * sizeof *p);
    zki_fr *s = malloc(n * sizeof *s);
    rand_points(p, n);
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < n; i++) {
            if (round == 0) rand_fr(&s[i]);
            else zki_fr_set_i64(&s[i], (int64_t)(i % 5) - 2); /* five hot buckets */
        }
        zki_g1 ref, got;
        zki_msm_opts xyzz = {.method = ZKI_MSM_XYZZ};
        REQUIRE(zki_g1s_msm_opts(&ref, p, s, n, 2, &xyzz) == ZKI_OK);
        zki_msm_opts one = {.method = ZKI_MSM_BATCH_AFFINE, .chunk_len = n};
        REQUIRE(zki_g1s_msm_opts(&got, p, s, n, 2, &one) == ZKI_OK);
        CHECK(zki_g1_eq(&got, &ref));
        REQUIRE(zki_g1s_msm(&got, p, s, n, 2) == ZKI_OK);
        CHECK(zki_g1_eq(&got, &ref));
    }
    free(p);
    free(s);
}
