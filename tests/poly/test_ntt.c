/* NTT tests: transforms against naive evaluation (Horner at ω^i and g·ω^i),
 * inverse ∘ forward = identity, polynomial products against schoolbook
 * multiplication, the extended-coset helper against naive evaluation and against
 * zero-padding, bit-identical results for every thread count and for both
 * butterfly kernels (ADX assembly on partially reduced values vs zki_fr calls),
 * inputs at the top of the range, argument checks, and zki_parallel_for's split. Sizes above 2^12 exercise the blocked schedule
 * (top panel pass + bottom chunk pass); 2^21 (full runs only) exercises two
 * top groups. */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "fr.h"
#include "ntt.h"
#include "parallel.h"
#include "test.h"

static int quick_run(void) { return zt_iters(10) < 10; }

static void rand_fr(zki_fr *r) {
    uint8_t b[32];
    zt_rand_bytes(b, sizeof b);
    zki_fr_from_bytes_reduce(r, b);
}

static zki_fr *rand_vec(size_t n) {
    zki_fr *v = malloc(sizeof(zki_fr) * (n ? n : 1));
    if (v)
        for (size_t i = 0; i < n; i++) rand_fr(&v[i]);
    return v;
}

static zki_fr *copy_vec(const zki_fr *a, size_t n) {
    zki_fr *v = malloc(sizeof(zki_fr) * (n ? n : 1));
    if (v) memcpy(v, a, sizeof(zki_fr) * n);
    return v;
}

static int vec_eq(const zki_fr *a, const zki_fr *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!zki_fr_eq(&a[i], &b[i])) return 0;
    return 1;
}

/* p(x) for p = Σ c[i] X^i, by Horner. */
static void horner(zki_fr *r, const zki_fr *c, size_t n, const zki_fr *x) {
    zki_fr acc;
    zki_fr_set_zero(&acc);
    for (size_t i = n; i-- > 0;) {
        zki_fr_mul(&acc, &acc, x);
        zki_fr_add(&acc, &acc, &c[i]);
    }
    *r = acc;
}

/* Checks vals[i] = p(shift·ω^i) for every i (naive, O(n·n_c)). */
static int matches_naive(const zki_fr *vals, size_t n, const zki_fr *c, size_t n_c, const zki_fr *omega,
                         const zki_fr *shift) {
    zki_fr x = *shift, v;
    for (size_t i = 0; i < n; i++) {
        horner(&v, c, n_c, &x);
        if (!zki_fr_eq(&v, &vals[i])) return 0;
        zki_fr_mul(&x, &x, omega);
    }
    return 1;
}

/* Checks vals[i] = p(shift·ω^i) at `count` random indices (for large n). */
static int matches_sampled(const zki_fr *vals, size_t n, const zki_fr *c, size_t n_c, const zki_ntt_domain *d,
                           const zki_fr *shift, unsigned count) {
    for (unsigned t = 0; t < count; t++) {
        size_t i = t == 0 ? 0 : t == 1 ? n - 1 : (size_t)(zt_rand_u64() % n);
        const uint64_t e[4] = {i, 0, 0, 0};
        zki_fr x, v;
        zki_fr_pow(&x, &d->omega, e);
        zki_fr_mul(&x, &x, shift);
        horner(&v, c, n_c, &x);
        if (!zki_fr_eq(&v, &vals[i])) return 0;
    }
    return 1;
}

CASE(ntt_domain_constants) {
    for (unsigned k = 0; k <= 16; k++) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 0) == ZKI_OK);
        CHECK(d.n == (size_t)1 << k && d.log_n == k);
        zki_fr t, one, five;
        zki_fr_set_one(&one);
        zki_fr_set_u64(&five, 5);
        const uint64_t e_n[4] = {d.n, 0, 0, 0}, e_half[4] = {d.n / 2, 0, 0, 0};
        zki_fr_pow(&t, &d.omega, e_n);
        CHECK(zki_fr_is_one(&t));
        if (k > 0) { /* primitive: ω^(n/2) = -1 */
            zki_fr_pow(&t, &d.omega, e_half);
            zki_fr_add(&t, &t, &one);
            CHECK(zki_fr_is_zero(&t));
        }
        zki_fr_mul(&t, &d.omega, &d.omega_inv);
        CHECK(zki_fr_is_one(&t));
        zki_fr_set_u64(&t, d.n);
        zki_fr_mul(&t, &t, &d.n_inv);
        CHECK(zki_fr_is_one(&t));
        CHECK(zki_fr_eq(&d.gen, &five));
        zki_fr_mul(&t, &d.gen, &d.gen_inv);
        CHECK(zki_fr_is_one(&t));
        /* twiddles[b] = ω^bitrev(b): twiddles[1] = ω^(n/4) and twiddles[0] = 1 */
        if (k >= 1) CHECK(zki_fr_is_one(&d.twiddles[0]));
        if (k >= 2) {
            const uint64_t e_q[4] = {d.n / 4, 0, 0, 0};
            zki_fr_pow(&t, &d.omega, e_q);
            CHECK(zki_fr_eq(&t, &d.twiddles[1]));
        }
        zki_ntt_domain_free(&d);
        CHECK(d.twiddles == NULL && d.n == 0);
    }
}

CASE(ntt_fwd_matches_naive) {
    zki_fr one;
    zki_fr_set_one(&one);
    for (unsigned k = 0; k <= 8; k++) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 1) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = rand_vec(n), *a = copy_vec(c, n);
        REQUIRE(c && a);
        REQUIRE(zki_ntt_fwd(a, n, &d, 1) == ZKI_OK);
        CHECK(matches_naive(a, n, c, n, &d.omega, &one));
        /* the inverse maps the naive values back to the coefficients */
        REQUIRE(zki_ntt_inv(a, n, &d, 1) == ZKI_OK);
        CHECK(vec_eq(a, c, n));
        free(c);
        free(a);
        zki_ntt_domain_free(&d);
    }
}

CASE(ntt_coset_matches_naive) {
    for (unsigned k = 0; k <= 8; k++) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 1) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = rand_vec(n), *a = copy_vec(c, n);
        REQUIRE(c && a);
        REQUIRE(zki_ntt_coset_fwd(a, n, &d, 2) == ZKI_OK);
        CHECK(matches_naive(a, n, c, n, &d.omega, &d.gen));
        REQUIRE(zki_ntt_coset_inv(a, n, &d, 2) == ZKI_OK);
        CHECK(vec_eq(a, c, n));
        free(c);
        free(a);
        zki_ntt_domain_free(&d);
    }
}

/* A few known transforms: the constant 1 and the monomial X. */
CASE(ntt_known_vectors) {
    zki_ntt_domain d;
    REQUIRE(zki_ntt_domain_init(&d, 13, 0) == ZKI_OK);
    size_t n = d.n;
    zki_fr *a = calloc(n, sizeof(zki_fr)), x;
    REQUIRE(a);
    zki_fr_set_one(&a[0]); /* p = 1: all ones */
    REQUIRE(zki_ntt_fwd(a, n, &d, 0) == ZKI_OK);
    int ok = 1;
    for (size_t i = 0; i < n; i++) ok &= zki_fr_is_one(&a[i]);
    CHECK(ok);
    memset(a, 0, sizeof(zki_fr) * n);
    zki_fr_set_one(&a[1]); /* p = X: a[i] = ω^i */
    REQUIRE(zki_ntt_fwd(a, n, &d, 0) == ZKI_OK);
    zki_fr_set_one(&x);
    ok = 1;
    for (size_t i = 0; i < n; i++) {
        ok &= zki_fr_eq(&a[i], &x);
        zki_fr_mul(&x, &x, &d.omega);
    }
    CHECK(ok);
    free(a);
    zki_ntt_domain_free(&d);
}

CASE(ntt_roundtrip) {
    unsigned max_k = quick_run() ? 13 : 16;
    for (unsigned k = 0; k <= max_k; k++) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 0) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = rand_vec(n), *a = copy_vec(c, n);
        REQUIRE(c && a);
        REQUIRE(zki_ntt_fwd(a, n, &d, 0) == ZKI_OK);
        if (k >= 9) { /* too big for the O(n^2) check: sample */
            zki_fr one;
            zki_fr_set_one(&one);
            CHECK(matches_sampled(a, n, c, n, &d, &one, 4));
        }
        REQUIRE(zki_ntt_inv(a, n, &d, 0) == ZKI_OK);
        CHECK(vec_eq(a, c, n));
        /* the other way round: values -> coefficients -> values */
        REQUIRE(zki_ntt_inv(a, n, &d, 0) == ZKI_OK);
        REQUIRE(zki_ntt_fwd(a, n, &d, 0) == ZKI_OK);
        CHECK(vec_eq(a, c, n));
        REQUIRE(zki_ntt_coset_fwd(a, n, &d, 0) == ZKI_OK);
        REQUIRE(zki_ntt_coset_inv(a, n, &d, 0) == ZKI_OK);
        CHECK(vec_eq(a, c, n));
        free(c);
        free(a);
        zki_ntt_domain_free(&d);
    }
}

/* A size with two top groups (ntt.c: more than NTT_LOG_CHUNK + NTT_GROUP_MAX
 * = 20 levels); full runs only. */
CASE(ntt_large_two_top_groups) {
    if (quick_run()) return;
    zki_ntt_domain d;
    REQUIRE(zki_ntt_domain_init(&d, 21, 0) == ZKI_OK);
    size_t n = d.n;
    zki_fr *c = rand_vec(n), *a = copy_vec(c, n), one;
    REQUIRE(c && a);
    zki_fr_set_one(&one);
    REQUIRE(zki_ntt_fwd(a, n, &d, 0) == ZKI_OK);
    CHECK(matches_sampled(a, n, c, n, &d, &one, 3));
    REQUIRE(zki_ntt_inv(a, n, &d, 0) == ZKI_OK);
    CHECK(vec_eq(a, c, n));
    REQUIRE(zki_ntt_coset_fwd(a, n, &d, 0) == ZKI_OK);
    CHECK(matches_sampled(a, n, c, n, &d, &d.gen, 3));
    free(c);
    free(a);
    zki_ntt_domain_free(&d);
}

/* a·b through the NTT equals the schoolbook product, for several size pairs. */
CASE(ntt_poly_mul_schoolbook) {
    static const size_t sizes[][2] = {{1, 1}, {1, 7}, {2, 3}, {5, 4}, {17, 16}, {33, 64}, {100, 29}, {128, 129}, {300, 213}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t na = sizes[s][0], nb = sizes[s][1], nr = na + nb - 1;
        unsigned k = 0;
        while (((size_t)1 << k) < nr) k++;
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 0) == ZKI_OK);
        size_t n = d.n;
        zki_fr *a = calloc(n, sizeof(zki_fr)), *b = calloc(n, sizeof(zki_fr)), *want = calloc(n, sizeof(zki_fr));
        REQUIRE(a && b && want);
        for (size_t i = 0; i < na; i++) rand_fr(&a[i]);
        for (size_t i = 0; i < nb; i++) rand_fr(&b[i]);
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++) {
                zki_fr t;
                zki_fr_mul(&t, &a[i], &b[j]);
                zki_fr_add(&want[i + j], &want[i + j], &t);
            }
        /* once on H, once on the coset g·H: both must give the same product */
        for (int coset = 0; coset < 2; coset++) {
            zki_fr *x = copy_vec(a, n), *y = copy_vec(b, n);
            REQUIRE(x && y);
            if (coset) {
                REQUIRE(zki_ntt_coset_fwd(x, n, &d, 2) == ZKI_OK);
                REQUIRE(zki_ntt_coset_fwd(y, n, &d, 2) == ZKI_OK);
            } else {
                REQUIRE(zki_ntt_fwd(x, n, &d, 2) == ZKI_OK);
                REQUIRE(zki_ntt_fwd(y, n, &d, 2) == ZKI_OK);
            }
            for (size_t i = 0; i < n; i++) zki_fr_mul(&x[i], &x[i], &y[i]);
            REQUIRE((coset ? zki_ntt_coset_inv(x, n, &d, 2) : zki_ntt_inv(x, n, &d, 2)) == ZKI_OK);
            CHECK(vec_eq(x, want, n));
            free(x);
            free(y);
        }
        free(a);
        free(b);
        free(want);
        zki_ntt_domain_free(&d);
    }
}

/* coset_ext against naive evaluation (small) and against zero-padding followed
 * by coset_fwd on the big domain (sizes with a top pass starting at level e). */
CASE(ntt_coset_ext) {
    /* {log N, n_coeffs} */
    static const size_t small[][2] = {{0, 1}, {1, 1}, {2, 1}, {3, 3}, {4, 4}, {5, 4}, {6, 8}, {7, 16}, {8, 32}, {8, 255}, {8, 256}, {9, 13}};
    for (size_t s = 0; s < sizeof small / sizeof small[0]; s++) {
        zki_ntt_domain big;
        REQUIRE(zki_ntt_domain_init(&big, (unsigned)small[s][0], 0) == ZKI_OK);
        size_t nc = small[s][1];
        zki_fr *c = rand_vec(nc), *out = malloc(sizeof(zki_fr) * big.n);
        REQUIRE(c && out);
        REQUIRE(zki_ntt_coset_ext(out, big.n, c, nc, &big, 2) == ZKI_OK);
        CHECK(matches_naive(out, big.n, c, nc, &big.omega, &big.gen));
        free(c);
        free(out);
        zki_ntt_domain_free(&big);
    }
    /* {log N, log n}: e = 1, 2, 3 with and without a top pass after level e */
    static const unsigned large[][2] = {{13, 12}, {14, 12}, {15, 12}, {15, 13}, {16, 14}, {16, 13}, {17, 14}};
    size_t n_large = quick_run() ? 4 : sizeof large / sizeof large[0];
    for (size_t s = 0; s < n_large; s++) {
        zki_ntt_domain big;
        REQUIRE(zki_ntt_domain_init(&big, large[s][0], 0) == ZKI_OK);
        size_t N = big.n, nc = (size_t)1 << large[s][1];
        if (s % 2) nc -= 5; /* not a power of two */
        zki_fr *c = rand_vec(nc), *out = malloc(sizeof(zki_fr) * N), *pad = calloc(N, sizeof(zki_fr));
        REQUIRE(c && out && pad);
        memcpy(pad, c, sizeof(zki_fr) * nc);
        REQUIRE(zki_ntt_coset_ext(out, N, c, nc, &big, 3) == ZKI_OK);
        REQUIRE(zki_ntt_coset_fwd(pad, N, &big, 1) == ZKI_OK);
        CHECK(vec_eq(out, pad, N));
        CHECK(matches_sampled(out, N, c, nc, &big, &big.gen, 3));
        free(c);
        free(out);
        free(pad);
        zki_ntt_domain_free(&big);
    }
}

/* Every transform gives the same bits for 1, 2, 3 threads and "all CPUs". */
CASE(ntt_thread_count_invariant) {
    static const unsigned logs[] = {3, 12, 13, 14, 16};
    static const unsigned threads[] = {2, 3, 0, 7};
    size_t n_logs = quick_run() ? 4 : sizeof logs / sizeof logs[0];
    for (size_t s = 0; s < n_logs; s++) {
        zki_ntt_domain d, half;
        REQUIRE(zki_ntt_domain_init(&d, logs[s], 3) == ZKI_OK);
        REQUIRE(zki_ntt_domain_init(&half, logs[s] - 2, 1) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = rand_vec(n), *ref[5], *got = malloc(sizeof(zki_fr) * n);
        REQUIRE(c && got);
        for (int op = 0; op < 5; op++) {
            ref[op] = copy_vec(c, n);
            REQUIRE(ref[op]);
        }
        REQUIRE(zki_ntt_fwd(ref[0], n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_inv(ref[1], n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_coset_fwd(ref[2], n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_coset_inv(ref[3], n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_coset_ext(ref[4], n, c, half.n, &d, 1) == ZKI_OK);
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            for (int op = 0; op < 5; op++) {
                memcpy(got, c, sizeof(zki_fr) * n);
                zki_status st;
                switch (op) {
                case 0: st = zki_ntt_fwd(got, n, &d, threads[t]); break;
                case 1: st = zki_ntt_inv(got, n, &d, threads[t]); break;
                case 2: st = zki_ntt_coset_fwd(got, n, &d, threads[t]); break;
                case 3: st = zki_ntt_coset_inv(got, n, &d, threads[t]); break;
                default: st = zki_ntt_coset_ext(got, n, c, half.n, &d, threads[t]); break;
                }
                CHECK(st == ZKI_OK);
                CHECK(memcmp(got, ref[op], sizeof(zki_fr) * n) == 0);
            }
        }
        for (int op = 0; op < 5; op++) free(ref[op]);
        free(c);
        free(got);
        zki_ntt_domain_free(&d);
        zki_ntt_domain_free(&half);
    }
}

/* The ADX kernel (partially reduced values) and the generic one (zki_fr calls)
 * give the same bits; on machines without ADX both runs use the generic one. */
CASE(ntt_kernels_agree) {
    static const unsigned logs[] = {1, 5, 9, 13, 14};
    int was = zki_cpu_adx;
    for (size_t s = 0; s < sizeof logs / sizeof logs[0]; s++) {
        zki_ntt_domain d, half;
        REQUIRE(zki_ntt_domain_init(&d, logs[s], 0) == ZKI_OK);
        REQUIRE(zki_ntt_domain_init(&half, logs[s] - 1, 0) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = rand_vec(n), *x = malloc(sizeof(zki_fr) * n), *y = malloc(sizeof(zki_fr) * n);
        REQUIRE(c && x && y);
        /* include edge values: 0, 1, r - 1 */
        zki_fr_set_zero(&c[0]);
        zki_fr_set_i64(&c[n - 1], -1);
        if (n > 2) zki_fr_set_one(&c[1]);
        for (int op = 0; op < 5; op++) {
            zki_fr *out[2] = {x, y};
            for (int adx = 0; adx < 2; adx++) {
                zki_cpu_use_adx(adx);
                memcpy(out[adx], c, sizeof(zki_fr) * n);
                zki_status st;
                switch (op) {
                case 0: st = zki_ntt_fwd(out[adx], n, &d, 2); break;
                case 1: st = zki_ntt_inv(out[adx], n, &d, 2); break;
                case 2: st = zki_ntt_coset_fwd(out[adx], n, &d, 2); break;
                case 3: st = zki_ntt_coset_inv(out[adx], n, &d, 2); break;
                default: st = zki_ntt_coset_ext(out[adx], n, c, half.n, &d, 2); break;
                }
                CHECK(st == ZKI_OK);
            }
            CHECK(memcmp(x, y, sizeof(zki_fr) * n) == 0);
        }
        zki_cpu_use_adx(was);
        free(c);
        free(x);
        free(y);
        zki_ntt_domain_free(&d);
        zki_ntt_domain_free(&half);
    }
    zki_cpu_use_adx(was);
}

/* Inputs at the top of the range (r - 1 everywhere) keep the partially reduced
 * values near their bounds; the results must still match the naive ones. */
CASE(ntt_extreme_inputs) {
    zki_fr one;
    zki_fr_set_one(&one);
    for (unsigned k = 1; k <= 8; k++) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, k, 1) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = malloc(sizeof(zki_fr) * n), *a = malloc(sizeof(zki_fr) * n);
        REQUIRE(c && a);
        for (int pattern = 0; pattern < 3; pattern++) {
            for (size_t i = 0; i < n; i++) zki_fr_set_i64(&c[i], pattern == 0 ? -1 : pattern == 1 ? (i & 1 ? -1 : 0) : -(int64_t)i);
            memcpy(a, c, sizeof(zki_fr) * n);
            REQUIRE(zki_ntt_fwd(a, n, &d, 1) == ZKI_OK);
            CHECK(matches_naive(a, n, c, n, &d.omega, &one));
            REQUIRE(zki_ntt_inv(a, n, &d, 1) == ZKI_OK);
            CHECK(vec_eq(a, c, n));
        }
        free(c);
        free(a);
        zki_ntt_domain_free(&d);
    }
}

CASE(ntt_rejects_bad_args) {
    zki_ntt_domain d, z;
    CHECK(zki_ntt_domain_init(NULL, 4, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_domain_init(&d, ZKI_NTT_MAX_LOG + 1, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_domain_init(&d, 40, 1) == ZKI_ERR_SIZE);
    CHECK(d.twiddles == NULL);
    zki_ntt_domain_free(&d); /* harmless after a failed init */
    zki_ntt_domain_free(NULL);
    REQUIRE(zki_ntt_domain_init(&d, 4, 1) == ZKI_OK);
    memset(&z, 0, sizeof z); /* never initialised */
    zki_fr a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    CHECK(zki_ntt_fwd(NULL, 16, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_fwd(a, 16, NULL, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_fwd(a, 16, &z, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_fwd(a, 8, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_inv(a, 32, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_coset_fwd(a, 0, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_coset_inv(NULL, 16, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_coset_ext(a, 16, NULL, 4, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_coset_ext(NULL, 16, b, 4, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_coset_ext(a, 16, b, 0, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_coset_ext(a, 16, b, 17, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_coset_ext(a, 8, b, 4, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_coset_ext(a, 16, a + 8, 4, &d, 1) == ZKI_ERR_ARG); /* overlap */
    CHECK(zki_ntt_coset_ext(a + 4, 16, a, 8, &d, 1) == ZKI_ERR_ARG);
    /* rejected calls left the arrays untouched */
    int zero = 1;
    for (size_t i = 0; i < 32; i++) zero &= zki_fr_is_zero(&a[i]) && zki_fr_is_zero(&b[i]);
    CHECK(zero);
    zki_fr_set_one(&a[16]);
    CHECK(zki_ntt_coset_ext(a, 16, a + 16, 1, &d, 1) == ZKI_OK); /* adjacent is fine */
    int ones = 1;
    for (size_t i = 0; i < 16; i++) ones &= zki_fr_is_one(&a[i]);
    CHECK(ones);
    zki_ntt_domain_free(&d);
}

/* zki_parallel_for: every item exactly once, contiguous near-equal ranges, worker
 * indices below the clamped thread count. */
typedef struct {
    unsigned char *seen;
    size_t n;
    unsigned threads;
    size_t begins[64], ends[64];
    int bad;
} par_probe;

static void par_probe_fn(void *ctx, size_t begin, size_t end, unsigned thread) {
    par_probe *p = ctx;
    if (thread >= p->threads || begin >= end || end > p->n) {
        p->bad = 1; /* only ever set, never cleared: a benign race at worst */
        return;
    }
    p->begins[thread] = begin;
    p->ends[thread] = end;
    for (size_t i = begin; i < end; i++) p->seen[i]++;
}

CASE(parallel_for_split) {
    static const size_t items[] = {1, 2, 3, 5, 64, 1000, 4097};
    static const unsigned threads[] = {1, 2, 3, 4, 7, 64};
    CHECK(zki_parallel_threads(0) >= 1);
    CHECK(zki_parallel_threads(5) == 5);
    CHECK(zki_parallel_threads(100000) == ZKI_PARALLEL_MAX_THREADS);
    for (size_t a = 0; a < sizeof items / sizeof items[0]; a++)
        for (size_t b = 0; b < sizeof threads / sizeof threads[0]; b++) {
            par_probe p;
            memset(&p, 0, sizeof p);
            p.n = items[a];
            p.threads = threads[b] < p.n ? threads[b] : (unsigned)p.n;
            p.seen = calloc(p.n, 1);
            REQUIRE(p.seen);
            zki_parallel_for(p.n, threads[b], par_probe_fn, &p);
            CHECK(!p.bad);
            int once = 1;
            for (size_t i = 0; i < p.n; i++) once &= p.seen[i] == 1;
            CHECK(once);
            size_t lo = p.n / p.threads;
            for (unsigned t = 0; t < p.threads; t++) {
                size_t len = p.ends[t] - p.begins[t];
                CHECK(len == lo || len == lo + 1);
                if (t > 0) CHECK(p.begins[t] == p.ends[t - 1]);
            }
            free(p.seen);
        }
    zki_parallel_for(0, 4, par_probe_fn, NULL); /* no items: fn never called */
}
