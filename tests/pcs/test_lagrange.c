/* The Lagrange basis of the SRS (prover/pcs/lagrange.h) and its building blocks:
 *   - GLV: φ(P) = λ·P, every split scalar recombines to k with halves < 2^128, and
 *     the lockstep batch multiplication equals zki_g1_mul, exceptional inputs
 *     (infinity, zero scalar, equal and opposite points) included;
 *   - the development basis equals [L_i(τ)]₁ computed from the known τ by the
 *     product formula, and the G1 inverse NTT of the development SRS equals it point
 *     for point;
 *   - the G1 inverse NTT of arbitrary points [x_j]₁ (random, zero, all equal, a
 *     geometric sequence of ratio ω) equals [c_i]₁ for c the inverse DFT of x in Fr;
 *   - snarkjs's section 12 (build/test-ptau/pot8_phase2.ptau, made by
 *     tests/pcs/make-ptau.sh) equals the G1 inverse NTT of the file's own tauG1 for
 *     every log_n <= 8, the top block (built from a truncated power list) is refused,
 *     and tampered files are rejected;
 *   - the consistency check rejects a tampered, swapped or foreign basis;
 *   - commitments in both bases agree for random, small signed and mixed vectors;
 *   - keygen with a supplied basis gives the same VK as with a computed one, and a
 *     wrong basis is refused. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "example.h"
#include "g1_batch.h"
#include "keys.h"
#include "lagrange.h"
#include "prove.h"
#include "ptau.h"
#include "test.h"

static const uint8_t SEED[] = "zkinfer lagrange tests";
#define SEED_LEN (sizeof SEED - 1)

static void rand_fr(zki_fr *r) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(r, b);
}

/* r = k·G in affine form. */
static void mul_gen(zki_g1_aff *r, const zki_fr *k) {
    zki_g1_aff g;
    zki_g1 j;
    zki_g1_generator(&g);
    zki_g1_from_aff(&j, &g);
    zki_g1_mul(&j, &j, k);
    zki_g1_to_aff(r, &j);
}

static int aff_eq(const zki_g1_aff *a, const zki_g1_aff *b) {
    return zki_fq_eq(&a->x, &b->x) && zki_fq_eq(&a->y, &b->y);
}

static int aff_eq_n(const zki_g1_aff *a, const zki_g1_aff *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!aff_eq(&a[i], &b[i])) return 0;
    return 1;
}

/* ---------------------------------------------------------------- GLV */

CASE(glv_endomorphism_and_split) {
    zki_fr lambda, k;
    zki_g1_aff g, phig, lg;
    zki_g1_generator(&g);
    zki_glv_lambda(&lambda);
    zki_g1_aff_endo(&phig, &g);
    mul_gen(&lg, &lambda);
    CHECK(aff_eq(&phig, &lg));
    /* λ^3 = 1, λ != 1 */
    zki_fr l3;
    zki_fr_sqr(&l3, &lambda);
    zki_fr_mul(&l3, &l3, &lambda);
    CHECK(zki_fr_is_one(&l3) && !zki_fr_is_one(&lambda));

    zki_glv_scalar s;
    zki_fr edge[6];
    zki_fr_set_zero(&edge[0]);
    zki_fr_set_one(&edge[1]);
    zki_fr_neg(&edge[2], &edge[1]);
    edge[3] = lambda;
    zki_fr_neg(&edge[4], &lambda);
    zki_fr_half(&edge[5], &edge[1]); /* (r + 1)/2 */
    for (int i = 0; i < 6; i++) {
        zki_glv_split(&s, &edge[i]);
        CHECK(zki_glv_check(&s, &edge[i]));
    }
    for (unsigned it = 0; it < zt_iters(2000); it++) {
        rand_fr(&k);
        zki_glv_split(&s, &k);
        if (!zki_glv_check(&s, &k)) {
            CHECK(0);
            break;
        }
    }
}

CASE(glv_batch_mul_matches_scalar_mul) {
    enum { N = 64 };
    zki_g1_aff p[N], out[N], want[N];
    zki_fr k[N];
    zki_glv_scalar s[N];
    const zki_glv_scalar *ks[N];
    for (int i = 0; i < N; i++) {
        zki_fr x;
        rand_fr(&x);
        mul_gen(&p[i], &x);
        rand_fr(&k[i]);
        ks[i] = &s[i];
    }
    /* exceptional entries: infinity, zero scalar, scalar one, NULL scalar (= 1),
     * equal points and opposite points with equal or opposite scalars */
    memset(&p[0], 0, sizeof p[0]);
    zki_fr_set_zero(&k[1]);
    zki_fr_set_one(&k[2]);
    p[4] = p[3];
    k[4] = k[3];
    zki_g1_aff_neg(&p[6], &p[5]);
    k[6] = k[5];
    zki_fr_neg(&k[7], &k[5]);
    p[7] = p[6];
    zki_fr_set_u64(&k[8], 15);
    zki_fr_neg(&k[9], &k[8]);
    for (int i = 0; i < N; i++) zki_glv_split(&s[i], &k[i]);
    ks[10] = NULL;
    zki_fr_set_one(&k[10]);
    for (int i = 0; i < N; i++) {
        zki_g1 j;
        zki_g1_from_aff(&j, &p[i]);
        zki_g1_mul(&j, &j, &k[i]);
        zki_g1_to_aff(&want[i], &j);
    }
    zki_g1_batch_ws ws;
    REQUIRE(zki_g1_batch_ws_init(&ws, N) == ZKI_OK);
    zki_g1s_mul_glv(out, p, ks, N, &ws);
    for (int i = 0; i < N; i++) CHECK(aff_eq(&out[i], &want[i]));
    /* in place */
    memcpy(out, p, sizeof p);
    zki_g1s_mul_glv(out, out, ks, N, &ws);
    CHECK(aff_eq_n(out, want, N));

    /* add_sub, with a == b, a == −b, infinity on either side */
    zki_g1_aff a[N], b[N], sum[N], dif[N];
    memcpy(a, p, sizeof p);
    memcpy(b, want, sizeof want);
    b[1] = a[1];
    zki_g1_aff_neg(&b[2], &a[2]);
    memset(&b[3], 0, sizeof b[3]);
    memset(&a[5], 0, sizeof a[5]);
    zki_g1s_add_sub(sum, dif, a, b, N, &ws);
    for (int i = 0; i < N; i++) {
        zki_g1 ja, t;
        zki_g1_aff nb, e;
        zki_g1_from_aff(&ja, &a[i]);
        zki_g1_add_aff(&t, &ja, &b[i]);
        zki_g1_to_aff(&e, &t);
        CHECK(aff_eq(&sum[i], &e));
        zki_g1_aff_neg(&nb, &b[i]);
        zki_g1_add_aff(&t, &ja, &nb);
        zki_g1_to_aff(&e, &t);
        CHECK(aff_eq(&dif[i], &e));
    }
    /* the in-place butterfly */
    zki_g1s_add_sub(a, b, a, b, N, &ws);
    CHECK(aff_eq_n(a, sum, N) && aff_eq_n(b, dif, N));
    zki_g1_batch_ws_free(&ws);
}

/* ---------------------------------------------------------------- the basis */

/* L_i(τ) by the product formula Π_{j≠i} (τ − ω^j)/(ω^i − ω^j). */
static void lagrange_at(zki_fr *out, const zki_fr *tau, unsigned log_n, size_t i) {
    size_t n = (size_t)1 << log_n;
    zki_fr w, wi, wj, num, den, t;
    zki_fr_root_of_unity(&w, log_n);
    zki_fr_set_one(&wi);
    for (size_t k = 0; k < i; k++) zki_fr_mul(&wi, &wi, &w);
    zki_fr_set_one(&num);
    zki_fr_set_one(&den);
    zki_fr_set_one(&wj);
    for (size_t j = 0; j < n; j++, zki_fr_mul(&wj, &wj, &w)) {
        if (j == i) continue;
        zki_fr_sub(&t, tau, &wj);
        zki_fr_mul(&num, &num, &t);
        zki_fr_sub(&t, &wi, &wj);
        zki_fr_mul(&den, &den, &t);
    }
    zki_fr_inv(&den, &den);
    zki_fr_mul(out, &num, &den);
}

CASE(lagrange_dev_equals_product_formula) {
    zki_fr tau;
    zki_srs_dev_tau(&tau, SEED, SEED_LEN);
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, 7, SEED, SEED_LEN) == ZKI_OK);
    for (unsigned log_n = 0; log_n <= 6; log_n++) {
        size_t n = (size_t)1 << log_n;
        zki_g1_aff *dev = malloc(n * sizeof *dev), *ntt = malloc(n * sizeof *ntt);
        REQUIRE(dev && ntt);
        REQUIRE(zki_srs_dev_lagrange(dev, log_n, SEED, SEED_LEN) == ZKI_OK);
        REQUIRE(zki_srs_lagrange(ntt, &srs, log_n, 0) == ZKI_OK);
        for (size_t i = 0; i < n; i++) {
            zki_fr l;
            zki_g1_aff want;
            lagrange_at(&l, &tau, log_n, i);
            mul_gen(&want, &l);
            CHECK(aff_eq(&dev[i], &want));
            CHECK(aff_eq(&ntt[i], &want));
        }
        free(dev);
        free(ntt);
    }
    zki_srs_free(&srs);
}

CASE(lagrange_g1_intt_equals_dev_path) {
    unsigned top = zt_iters(10) < 10 ? 8 : 12;
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, top, SEED, SEED_LEN) == ZKI_OK);
    for (unsigned log_n = 1; log_n <= top; log_n++) {
        size_t n = (size_t)1 << log_n;
        zki_g1_aff *dev = malloc(n * sizeof *dev), *ntt = malloc(n * sizeof *ntt);
        REQUIRE(dev && ntt);
        REQUIRE(zki_srs_dev_lagrange(dev, log_n, SEED, SEED_LEN) == ZKI_OK);
        /* thread counts that split levels unevenly must not matter */
        REQUIRE(zki_srs_lagrange(ntt, &srs, log_n, log_n % 3 + 1) == ZKI_OK);
        CHECK(aff_eq_n(dev, ntt, n));
        free(dev);
        free(ntt);
    }
    zki_srs_free(&srs);
}

/* c_i = (1/n) Σ_j ω^{−ij} x_j, directly. */
static void dft_inv(zki_fr *c, const zki_fr *x, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    zki_fr w, winv, ninv, nfr;
    zki_fr_root_of_unity(&w, log_n);
    zki_fr_inv(&winv, &w);
    zki_fr_set_u64(&nfr, n);
    zki_fr_inv(&ninv, &nfr);
    for (size_t i = 0; i < n; i++) {
        zki_fr acc, wi, wij, t;
        uint64_t e[4] = {i, 0, 0, 0};
        zki_fr_pow(&wi, &winv, e);
        zki_fr_set_zero(&acc);
        zki_fr_set_one(&wij);
        for (size_t j = 0; j < n; j++) {
            zki_fr_mul(&t, &x[j], &wij);
            zki_fr_add(&acc, &acc, &t);
            zki_fr_mul(&wij, &wij, &wi);
        }
        zki_fr_mul(&c[i], &acc, &ninv);
    }
}

CASE(lagrange_g1_intt_of_arbitrary_points) {
    for (int kind = 0; kind < 5; kind++) {
        for (unsigned log_n = 0; log_n <= 6; log_n++) {
            size_t n = (size_t)1 << log_n;
            zki_fr x[64], c[64], w;
            zki_g1_aff pts[64], out[64];
            zki_fr_root_of_unity(&w, log_n);
            for (size_t j = 0; j < n; j++) {
                switch (kind) {
                case 0: rand_fr(&x[j]); break;                          /* random */
                case 1: if (j % 3) rand_fr(&x[j]); else zki_fr_set_zero(&x[j]); break; /* infinity inputs */
                case 2: zki_fr_set_u64(&x[j], 7); break;                /* all equal */
                case 3: /* τ = ω: a geometric sequence of ratio ω, the output is one point */
                    if (j == 0) zki_fr_set_one(&x[j]);
                    else zki_fr_mul(&x[j], &x[j - 1], &w);
                    break;
                default: zki_fr_set_u64(&x[j], j & 1); break;           /* alternating */
                }
                mul_gen(&pts[j], &x[j]);
            }
            dft_inv(c, x, log_n);
            REQUIRE(zki_g1s_intt(out, pts, log_n, 2) == ZKI_OK);
            for (size_t i = 0; i < n; i++) {
                zki_g1_aff want;
                mul_gen(&want, &c[i]);
                CHECK(aff_eq(&out[i], &want));
            }
            /* in place */
            REQUIRE(zki_g1s_intt(pts, pts, log_n, 1) == ZKI_OK);
            CHECK(aff_eq_n(pts, out, n));
        }
    }
    CHECK(zki_g1s_intt(NULL, NULL, 3, 1) == ZKI_ERR_ARG);
}

/* ---------------------------------------------------------------- snarkjs section 12 */

#define PTAU_DIR "build/test-ptau/"
#define POT8 PTAU_DIR "pot8.ptau"
#define POT8_PHASE2 PTAU_DIR "pot8_phase2.ptau"

static int have(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  %s missing: run sh tests/pcs/make-ptau.sh (needs node + npm ci)\n", path);
        return 0;
    }
    fclose(f);
    return 1;
}

CASE(lagrange_ptau_section12_equals_g1_intt) {
    REQUIRE(have(POT8_PHASE2));
    zki_srs s;
    REQUIRE(zki_ptau_read(&s, POT8_PHASE2, 0) == ZKI_OK);
    for (unsigned log_n = 0; log_n <= 8; log_n++) {
        size_t n = (size_t)1 << log_n;
        zki_g1_aff *file = malloc(n * sizeof *file), *ntt = malloc(n * sizeof *ntt);
        REQUIRE(file && ntt);
        CHECK(zki_ptau_read_lagrange(file, POT8_PHASE2, log_n) == ZKI_OK);
        REQUIRE(zki_g1s_intt(ntt, s.g1, log_n, 0) == ZKI_OK);
        CHECK(aff_eq_n(file, ntt, n));
        free(file);
        free(ntt);
    }
    zki_srs_free(&s);
    zki_g1_aff *big = malloc(1024 * sizeof *big);
    REQUIRE(big);
    /* the top block (power + 1) is built from a truncated power list: refused */
    CHECK(zki_ptau_read_lagrange(big, POT8_PHASE2, 9) == ZKI_ERR_SIZE);
    CHECK(zki_ptau_read_lagrange(big, POT8_PHASE2, 30) == ZKI_ERR_SIZE);
    /* no section 12 before `prepare phase2` */
    if (have(POT8)) CHECK(zki_ptau_read_lagrange(big, POT8, 4) == ZKI_ERR_ENCODING);
    CHECK(zki_ptau_read_lagrange(big, PTAU_DIR "no-such-file.ptau", 4) == ZKI_ERR_IO);
    CHECK(zki_ptau_read_lagrange(NULL, POT8_PHASE2, 4) == ZKI_ERR_ARG);
    free(big);
}

static uint32_t u32_at(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t u64_at(const uint8_t *p) { return u32_at(p) | (uint64_t)u32_at(p + 4) << 32; }

/* Offset of the payload of section `type`, or 0. */
static size_t section_payload(const uint8_t *b, size_t len, uint32_t type) {
    size_t pos = 12;
    for (uint32_t i = 0; i < u32_at(b + 8) && pos + 12 <= len; i++) {
        if (u32_at(b + pos) == type) return pos + 12;
        pos += 12 + (size_t)u64_at(b + pos + 4);
    }
    return 0;
}

static zki_status read_lagrange_variant(const uint8_t *b, size_t len, unsigned log_n) {
    char path[256];
    mkdir("build", 0777);
    mkdir("build/test-tmp", 0777);
    snprintf(path, sizeof path, "build/test-tmp/lagrange-%ld.ptau", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return ZKI_ERR_IO;
    int ok = fwrite(b, 1, len, f) == len;
    if (fclose(f) != 0 || !ok) return ZKI_ERR_IO;
    zki_g1_aff *out = malloc(((size_t)1 << log_n) * sizeof *out);
    zki_status st = out ? zki_ptau_read_lagrange(out, path, log_n) : ZKI_ERR_NOMEM;
    free(out);
    remove(path);
    return st;
}

CASE(lagrange_ptau_tampered_section12_rejected) {
    REQUIRE(have(POT8_PHASE2));
    size_t len;
    uint8_t *orig = zt_read_file(POT8_PHASE2, &len);
    REQUIRE(orig);
    uint8_t *b = malloc(len);
    REQUIRE(b);
    size_t sec = section_payload(orig, len, 12);
    REQUIRE(sec != 0);
    unsigned log_n = 4;
    size_t blk = sec + ((size_t)1 << log_n) * 64 - 64; /* block of size 16 */
    CHECK(read_lagrange_variant(orig, len, log_n) == ZKI_OK);
    /* two valid points swapped: only the consistency check can tell */
    memcpy(b, orig, len);
    memcpy(b + blk + 3 * 64, orig + blk + 5 * 64, 64);
    memcpy(b + blk + 5 * 64, orig + blk + 3 * 64, 64);
    CHECK(read_lagrange_variant(b, len, log_n) == ZKI_REJECT);
    /* a point of another block (a valid point, the wrong one) */
    memcpy(b, orig, len);
    memcpy(b + blk + 7 * 64, orig + sec + 64, 64);
    CHECK(read_lagrange_variant(b, len, log_n) == ZKI_REJECT);
    /* a bit flipped in a coordinate: off the curve */
    memcpy(b, orig, len);
    b[blk + 2 * 64 + 5] ^= 0x10;
    CHECK(read_lagrange_variant(b, len, log_n) == ZKI_ERR_NOT_ON_CURVE);
    /* a coordinate >= q */
    memcpy(b, orig, len);
    memset(b + blk + 9 * 64, 0xff, 32);
    CHECK(read_lagrange_variant(b, len, log_n) == ZKI_ERR_NONCANONICAL);
    /* a change outside the block read does not matter */
    memcpy(b, orig, len);
    b[blk + 16 * 64 + 5] ^= 0x10;
    CHECK(read_lagrange_variant(b, len, log_n) == ZKI_OK);
    /* section 12 one point short (the file shrinks by as much) */
    memcpy(b, orig, len);
    {
        size_t entry = sec - 12;
        uint64_t size = u64_at(b + entry + 4) - 64;
        for (int i = 0; i < 8; i++) b[entry + 4 + i] = (uint8_t)(size >> (8 * i));
        memmove(b + sec + size, b + sec + size + 64, len - (sec + size + 64));
        CHECK(read_lagrange_variant(b, len - 64, log_n) == ZKI_ERR_SIZE);
    }
    free(b);
    free(orig);
}

/* ---------------------------------------------------------------- the check */

CASE(lagrange_check_rejects_wrong_bases) {
    unsigned log_n = 6;
    size_t n = (size_t)1 << log_n;
    zki_srs srs, other;
    REQUIRE(zki_srs_dev(&srs, log_n, SEED, SEED_LEN) == ZKI_OK);
    REQUIRE(zki_srs_dev(&other, log_n, (const uint8_t *)"another seed", 12) == ZKI_OK);
    zki_g1_aff *lag = malloc(n * sizeof *lag), *bad = malloc(n * sizeof *bad);
    REQUIRE(lag && bad);
    REQUIRE(zki_srs_dev_lagrange(lag, log_n, SEED, SEED_LEN) == ZKI_OK);
    CHECK(zki_lagrange_check(lag, srs.g1, log_n, 0) == ZKI_OK);
    CHECK(zki_lagrange_check(lag, other.g1, log_n, 0) == ZKI_REJECT);
    /* one point moved by G */
    memcpy(bad, lag, n * sizeof *bad);
    {
        zki_g1 j;
        zki_g1_aff g;
        zki_g1_generator(&g);
        zki_g1_from_aff(&j, &bad[13]);
        zki_g1_add_aff(&j, &j, &g);
        zki_g1_to_aff(&bad[13], &j);
    }
    CHECK(zki_lagrange_check(bad, srs.g1, log_n, 0) == ZKI_REJECT);
    /* two points swapped; one point at infinity */
    memcpy(bad, lag, n * sizeof *bad);
    bad[1] = lag[2];
    bad[2] = lag[1];
    CHECK(zki_lagrange_check(bad, srs.g1, log_n, 0) == ZKI_REJECT);
    memcpy(bad, lag, n * sizeof *bad);
    memset(&bad[n - 1], 0, sizeof bad[n - 1]);
    CHECK(zki_lagrange_check(bad, srs.g1, log_n, 0) == ZKI_REJECT);
    /* a basis of the wrong domain size (the first half of the next one) */
    zki_g1_aff *lag2 = malloc(2 * n * sizeof *lag2);
    REQUIRE(lag2);
    REQUIRE(zki_srs_dev_lagrange(lag2, log_n + 1, SEED, SEED_LEN) == ZKI_OK);
    CHECK(zki_lagrange_check(lag2, srs.g1, log_n, 0) == ZKI_REJECT);
    CHECK(zki_lagrange_check(NULL, srs.g1, log_n, 0) == ZKI_ERR_ARG);
    CHECK(zki_srs_lagrange(lag2, &srs, log_n + 1, 0) == ZKI_ERR_SIZE);
    free(lag2);
    free(lag);
    free(bad);
    zki_srs_free(&srs);
    zki_srs_free(&other);
}

/* ---------------------------------------------------------------- commitments */

CASE(lagrange_commitments_equal_monomial_ones) {
    unsigned log_n = 8;
    size_t n = (size_t)1 << log_n;
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, log_n, SEED, SEED_LEN) == ZKI_OK);
    zki_g1_aff *lag = malloc(n * sizeof *lag);
    zki_fr *v = malloc(n * sizeof *v), *c = malloc(n * sizeof *c);
    REQUIRE(lag && v && c);
    REQUIRE(zki_srs_dev_lagrange(lag, log_n, SEED, SEED_LEN) == ZKI_OK);
    for (int kind = 0; kind < 7; kind++) {
        for (size_t i = 0; i < n; i++) {
            int64_t s = (int64_t)(zt_rand_u64() % 256) - 128;
            switch (kind) {
            case 0: rand_fr(&v[i]); break;                         /* full-size values */
            case 1: zki_fr_set_i64(&v[i], s); break;               /* int8 */
            case 2:                                                /* int8, blinded tail */
                if (i + 6 < n) zki_fr_set_i64(&v[i], s);
                else rand_fr(&v[i]);
                break;
            case 3:                                                /* just under half large */
                if (i % 2 == 0 && i + 2 < n) rand_fr(&v[i]);
                else zki_fr_set_i64(&v[i], s);
                break;
            case 4: zki_fr_set_zero(&v[i]); break;
            case 5: { /* the int64 boundaries: ±(2^63 − 1) fit, ±2^63 do not */
                static const int64_t edge[] = {INT64_MAX, -INT64_MAX, 0, 1, -1};
                if (i % 7 < 5) zki_fr_set_i64(&v[i], edge[i % 7]);
                else {
                    zki_fr_set_u64(&v[i], (uint64_t)1 << 63);
                    if (i % 7 == 6) zki_fr_neg(&v[i], &v[i]);
                }
                break;
            }
            default: zki_fr_set_u64(&v[i], zt_rand_u64()); break; /* unsigned 64-bit */
            }
        }
        dft_inv(c, v, log_n);
        zki_g1_aff a, b;
        REQUIRE(zki_plonk_commit_values(&a, lag, v, n, 0) == ZKI_OK);
        REQUIRE(zki_plonk_commit(&b, srs.g1, c, n, 0) == ZKI_OK);
        if (!aff_eq(&a, &b)) fprintf(stderr, "  kind %d differs\n", kind);
        CHECK(aff_eq(&a, &b));
    }
    zki_g1_aff z;
    CHECK(zki_plonk_commit_values(&z, lag, v, 0, 0) == ZKI_OK && zki_g1_aff_is_inf(&z));
    CHECK(zki_plonk_commit_values(NULL, lag, v, n, 0) == ZKI_ERR_ARG);
    free(lag);
    free(v);
    free(c);
    zki_srs_free(&srs);
}

/* ---------------------------------------------------------------- keygen and proofs */

CASE(lagrange_keygen_and_proofs_unchanged) {
    unsigned log_n = 6;
    size_t n = (size_t)1 << log_n;
    zki_cs cs;
    zki_fr *adv, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, log_n, 0, zt_rand_u64()) == ZKI_OK);
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, log_n + 1, SEED, SEED_LEN) == ZKI_OK);
    zki_g1_aff *lag = malloc(n * sizeof *lag);
    REQUIRE(lag);
    REQUIRE(zki_srs_dev_lagrange(lag, log_n, SEED, SEED_LEN) == ZKI_OK);

    /* computed (G1 iNTT) and supplied bases give the same keys */
    zki_pk pk1, pk2, pk3;
    REQUIRE(zki_keygen(&pk1, &cs, npub, &srs, 0) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&pk2, &cs, npub, &srs, lag, 0) == ZKI_OK);
    CHECK(memcmp(pk1.vk.digest, pk2.vk.digest, 32) == 0);
    CHECK(aff_eq_n(pk1.lagrange, pk2.lagrange, n));
    /* a wrong basis is refused */
    zki_g1_aff t = lag[5];
    lag[5] = lag[6];
    CHECK(zki_keygen_ex(&pk3, &cs, npub, &srs, lag, 0) == ZKI_REJECT);
    lag[5] = t;
    REQUIRE(zki_srs_dev_lagrange(lag, log_n, (const uint8_t *)"x", 1) == ZKI_OK);
    CHECK(zki_keygen_ex(&pk3, &cs, npub, &srs, lag, 0) == ZKI_REJECT);

    /* the same randomness gives the same proof bytes with Lagrange and with monomial
     * commitments (pk.lagrange == NULL falls back to the coefficients) */
    size_t len = zki_plonk_proof_size(&pk2.vk.L, &pk2.vk.cs);
    uint8_t *p1 = malloc(len), *p2 = malloc(len);
    REQUIRE(p1 && p2);
    zt_ctr_rng r1 = {42}, r2 = {42};
    REQUIRE(zki_prove(&pk2, adv, pub, p1, len, zt_ctr_rng_fn, &r1, 0) == ZKI_OK);
    zki_g1_aff *keep = pk2.lagrange;
    pk2.lagrange = NULL;
    REQUIRE(zki_prove(&pk2, adv, pub, p2, len, zt_ctr_rng_fn, &r2, 0) == ZKI_OK);
    pk2.lagrange = keep;
    CHECK(memcmp(p1, p2, len) == 0);
    CHECK(zki_verify(&pk1.vk, pub, ZKI_EXAMPLE_PUBLIC, p1, len) == ZKI_OK);
    free(p1);
    free(p2);
    zki_pk_free(&pk1);
    zki_pk_free(&pk2);
    free(lag);
    free(adv);
    zki_cs_free(&cs);
    zki_srs_free(&srs);
}
