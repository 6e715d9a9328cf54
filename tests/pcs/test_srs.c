/* SRS: the development generator against τ^i·G computed by plain scalar
 * multiplication, the consistency check and what it refuses, and the ZKISRS file
 * format: round trip, prefix reads, and each kind of corruption with its status. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keccak.h"
#include "srs.h"
#include "test.h"

static const uint8_t seed[] = "zkinfer tests";

static int g1_same(const zki_g1_aff *a, const zki_g1_aff *b) {
    return zki_fq_eq(&a->x, &b->x) && zki_fq_eq(&a->y, &b->y);
}
static int g2_same(const zki_g2_aff *a, const zki_g2_aff *b) {
    return zki_fq2_eq(&a->x, &b->x) && zki_fq2_eq(&a->y, &b->y);
}

/* [k]₁ by the plain windowed scalar multiplication of g1.c. */
static void g1_times(zki_g1_aff *r, const zki_fr *k) {
    zki_g1_aff g;
    zki_g1 j;
    zki_g1_generator(&g);
    zki_g1_from_aff(&j, &g);
    zki_g1_mul(&j, &j, k);
    zki_g1_to_aff(r, &j);
}

static void g2_times(zki_g2_aff *r, const zki_fr *k) {
    zki_g2_aff g;
    zki_g2 j;
    zki_g2_generator(&g);
    zki_g2_from_aff(&j, &g);
    zki_g2_mul(&j, &j, k);
    zki_g2_to_aff(r, &j);
}

/* A scratch path under build/ unique to this process and tag. */
static void tmp_path(char *out, size_t cap, const char *tag) {
    mkdir("build", 0777);
    mkdir("build/test-tmp", 0777);
    snprintf(out, cap, "build/test-tmp/srs-%ld-%s.bin", (long)getpid(), tag);
}

static int write_bytes(const char *path, const uint8_t *b, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(b, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Recomputes the trailing Keccak digest after an edit. */
static void redigest(uint8_t *b, size_t len) { zki_keccak256(b + len - 32, b, len - 32); }

/* Writes b (len bytes) and reads it back as an SRS. */
static zki_status read_variant(const uint8_t *b, size_t len, size_t max_n) {
    char path[256];
    tmp_path(path, sizeof path, "variant");
    if (!write_bytes(path, b, len)) return ZKI_ERR_IO;
    zki_srs s;
    zki_status st = zki_srs_read(&s, path, max_n);
    zki_srs_free(&s);
    remove(path);
    return st;
}

CASE(srs_dev_powers_are_tau_powers) {
    zki_srs s;
    REQUIRE(zki_srs_dev(&s, 5, seed, sizeof seed - 1) == ZKI_OK);
    CHECK_EQ_INT(s.n_g1, 32);
    CHECK_EQ_INT(s.log_n, 5);
    CHECK_EQ_INT(s.source, ZKI_SRS_SOURCE_DEV);
    zki_fr tau, t;
    zki_srs_dev_tau(&tau, seed, sizeof seed - 1);
    CHECK(!zki_fr_is_zero(&tau) && !zki_fr_is_one(&tau));
    zki_fr_set_one(&t);
    for (size_t i = 0; i < s.n_g1; i++) {
        zki_g1_aff want;
        g1_times(&want, &t);
        CHECK(g1_same(&s.g1[i], &want));
        zki_fr_mul(&t, &t, &tau);
    }
    zki_g2_aff g2, tg2;
    zki_g2_generator(&g2);
    g2_times(&tg2, &tau);
    CHECK(g2_same(&s.g2[0], &g2));
    CHECK(g2_same(&s.g2[1], &tg2));
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_OK);
    CHECK_EQ_INT(zki_srs_check(&s, 1), ZKI_OK);
    zki_srs_free(&s);
    CHECK(s.g1 == NULL && s.n_g1 == 0);
    zki_srs_free(&s);
}

CASE(srs_dev_seed_determines_tau) {
    zki_fr a, b, c;
    zki_srs_dev_tau(&a, seed, sizeof seed - 1);
    zki_srs_dev_tau(&b, seed, sizeof seed - 1);
    zki_srs_dev_tau(&c, (const uint8_t *)"other", 5);
    CHECK(zki_fr_eq(&a, &b));
    CHECK(!zki_fr_eq(&a, &c));
    zki_srs_dev_tau(&c, NULL, 0);
    CHECK(!zki_fr_eq(&a, &c));

    zki_srs s1, s2;
    REQUIRE(zki_srs_dev(&s1, 3, seed, sizeof seed - 1) == ZKI_OK);
    REQUIRE(zki_srs_dev(&s2, 3, seed, sizeof seed - 1) == ZKI_OK);
    for (size_t i = 0; i < 8; i++) CHECK(g1_same(&s1.g1[i], &s2.g1[i]));
    zki_srs_free(&s1);
    zki_srs_free(&s2);
}

/* Sizes from one point per worker to many blocks of DEV_BLOCK per worker; the last
 * power and random ones checked against scalar multiplication. */
CASE(srs_dev_larger_sizes) {
    unsigned logs[] = {1, 2, 10, 14};
    for (size_t li = 0; li < sizeof logs / sizeof logs[0]; li++) {
        zki_srs s;
        REQUIRE(zki_srs_dev(&s, logs[li], seed, sizeof seed - 1) == ZKI_OK);
        CHECK_EQ_INT(s.n_g1, (size_t)1 << logs[li]);
        zki_fr tau;
        zki_srs_dev_tau(&tau, seed, sizeof seed - 1);
        for (int k = 0; k < 8; k++) {
            size_t i = (size_t)(zt_rand_u64() % s.n_g1);
            if (k == 0) i = s.n_g1 - 1;
            uint64_t e[4] = {i, 0, 0, 0};
            zki_fr t;
            zki_fr_pow(&t, &tau, e);
            zki_g1_aff want;
            g1_times(&want, &t);
            CHECK(g1_same(&s.g1[i], &want));
        }
        CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_OK);
        zki_srs_free(&s);
    }
}

CASE(srs_dev_arguments) {
    zki_srs s;
    CHECK_EQ_INT(zki_srs_dev(&s, 0, seed, 1), ZKI_ERR_SIZE);
    CHECK(s.g1 == NULL);
    CHECK_EQ_INT(zki_srs_dev(&s, 40, seed, 1), ZKI_ERR_SIZE);
    CHECK_EQ_INT(zki_srs_dev(&s, 4, NULL, 3), ZKI_ERR_ARG);
    CHECK_EQ_INT(zki_srs_dev(NULL, 4, seed, 1), ZKI_ERR_ARG);
}

CASE(srs_check_rejects_inconsistent_powers) {
    zki_srs s;
    REQUIRE(zki_srs_dev(&s, 6, seed, sizeof seed - 1) == ZKI_OK);
    size_t n = s.n_g1;
    zki_g1_aff keep;

    /* Any single power replaced by another (valid) point. */
    for (int k = 0; k < 4; k++) {
        size_t i = 2 + (size_t)(zt_rand_u64() % (n - 2));
        keep = s.g1[i];
        s.g1[i] = s.g1[(i + 1) % n];
        CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
        s.g1[i] = keep;
    }
    /* The last power, which only the ratio check's last term touches. */
    keep = s.g1[n - 1];
    zki_g1_aff_neg(&s.g1[n - 1], &keep);
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    s.g1[n - 1] = keep;
    /* [τ]₁ wrong: the first pairing check. */
    keep = s.g1[1];
    s.g1[1] = s.g1[2];
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    s.g1[1] = keep;
    /* [1]₁ not the generator. */
    keep = s.g1[0];
    zki_g1_aff_neg(&s.g1[0], &keep);
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    s.g1[0] = keep;
    /* [τ]₂ of another τ, and [1]₂ not the generator. */
    zki_g2_aff keep2 = s.g2[1];
    zki_fr other;
    zki_fr_set_u64(&other, 12345);
    g2_times(&s.g2[1], &other);
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    s.g2[1] = keep2;
    keep2 = s.g2[0];
    zki_g2_aff_neg(&s.g2[0], &keep2);
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    s.g2[0] = keep2;
    /* Size fields. */
    s.log_n = 5;
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_ERR_SIZE);
    s.log_n = 6;
    s.n_g1 = 1;
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_ERR_SIZE);
    s.n_g1 = n;
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_OK);
    zki_srs_free(&s);
}

/* τ = 1 (every power the generator, as in a snarkjs file without contributions) and
 * τ = 0 are consistent but hide nothing: refused. */
CASE(srs_check_rejects_trivial_tau) {
    zki_srs s;
    REQUIRE(zki_srs_dev(&s, 3, seed, sizeof seed - 1) == ZKI_OK);
    zki_g1_aff g;
    zki_g1_generator(&g);
    for (size_t i = 0; i < s.n_g1; i++) s.g1[i] = g;
    s.g2[1] = s.g2[0];
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    for (size_t i = 1; i < s.n_g1; i++) memset(&s.g1[i], 0, sizeof s.g1[i]);
    memset(&s.g2[1], 0, sizeof s.g2[1]);
    CHECK_EQ_INT(zki_srs_check(&s, 0), ZKI_REJECT);
    zki_srs_free(&s);
}

CASE(srs_file_round_trip_and_prefix) {
    zki_srs s, r;
    REQUIRE(zki_srs_dev(&s, 6, seed, sizeof seed - 1) == ZKI_OK);
    char path[256];
    tmp_path(path, sizeof path, "rt");
    REQUIRE(zki_srs_write(&s, path) == ZKI_OK);
    size_t len;
    uint8_t *b = zt_read_file(path, &len);
    REQUIRE(b != NULL);
    CHECK_EQ_INT(len, 314 + 64 * s.n_g1);
    CHECK(memcmp(b, "ZKISRS", 6) == 0);
    uint8_t d[32];
    zki_keccak256(d, b, len - 32);
    CHECK(memcmp(d, b + len - 32, 32) == 0);
    /* Points are in the EVM encodings. */
    uint8_t e1[64], e2[128];
    zki_g1_aff_to_bytes(e1, &s.g1[3]);
    CHECK(memcmp(b + 282 + 3 * 64, e1, 64) == 0);
    zki_g2_aff_to_bytes(e2, &s.g2[1]);
    CHECK(memcmp(b + 26 + 128, e2, 128) == 0);
    free(b);

    size_t maxes[] = {0, 64, 1000, 2, 5, 33};
    for (size_t k = 0; k < sizeof maxes / sizeof maxes[0]; k++) {
        REQUIRE(zki_srs_read(&r, path, maxes[k]) == ZKI_OK);
        size_t want = maxes[k] && maxes[k] < s.n_g1 ? maxes[k] : s.n_g1;
        CHECK_EQ_INT(r.n_g1, want);
        CHECK_EQ_INT(r.log_n, zki_srs_log2_floor(want));
        CHECK_EQ_INT(r.source, ZKI_SRS_SOURCE_DEV);
        for (size_t i = 0; i < r.n_g1; i++) CHECK(g1_same(&r.g1[i], &s.g1[i]));
        CHECK(g2_same(&r.g2[0], &s.g2[0]) && g2_same(&r.g2[1], &s.g2[1]));
        zki_srs_free(&r);
    }
    CHECK_EQ_INT(zki_srs_read(&r, path, 1), ZKI_ERR_ARG);
    CHECK(r.g1 == NULL);
    remove(path);
    CHECK_EQ_INT(zki_srs_read(&r, path, 0), ZKI_ERR_IO);
    CHECK_EQ_INT(zki_srs_write(&s, "build/test-tmp/no-such-dir/x.srs"), ZKI_ERR_IO);
    zki_srs_free(&s);
}

/* A twist point that is on E' but (almost surely) not in G2: a random x with
 * x^3 + b' a square. The cofactor is about 2^254, so a random point lies in G2 with
 * negligible probability; the test checks that it does not. */
static void g2_outside_subgroup(zki_g2_aff *r) {
    for (;;) {
        uint8_t b[64];
        zt_rand_bytes(b, 64);
        zki_fq2 x, rhs, y;
        zki_fq_from_bytes_reduce(&x.c0, b);
        zki_fq_from_bytes_reduce(&x.c1, b + 32);
        zki_fq2_sqr(&rhs, &x);
        zki_fq2_mul(&rhs, &rhs, &x);
        zki_fq2_add(&rhs, &rhs, &zki_g2_b);
        if (!zki_fq2_sqrt_var(&y, &rhs)) continue;
        r->x = x;
        r->y = y;
        if (!zki_g2_aff_in_subgroup(r)) return;
    }
}

CASE(srs_file_corruptions) {
    zki_srs s;
    REQUIRE(zki_srs_dev(&s, 4, seed, sizeof seed - 1) == ZKI_OK);
    char path[256];
    tmp_path(path, sizeof path, "orig");
    REQUIRE(zki_srs_write(&s, path) == ZKI_OK);
    size_t len;
    uint8_t *orig = zt_read_file(path, &len);
    REQUIRE(orig != NULL);
    remove(path);
    uint8_t *b = malloc(len + 1);
    REQUIRE(b != NULL);
    const size_t g2_at = 26, g1_at = 26 + 256;
#define RESET() memcpy(b, orig, len)

    RESET();
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_OK);
    /* Header. */
    RESET(); b[0] ^= 1;
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_ENCODING);
    RESET(); b[6] = 2;
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_VERSION);
    RESET(); b[22] = 7;
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_ENCODING);
    RESET(); b[10] = 5; /* log_n != floor(log2 n_g1) */
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_SIZE);
    RESET(); b[14] = 17; /* n_g1 disagrees with the length */
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_SIZE);
    RESET(); b[14] = 0; b[19] = 1; b[10] = 40; /* n_g1 = 2^40: over the limit, refused before allocating */
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_LIMIT);
    RESET(); b[14] = 1; b[10] = 0;
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_SIZE);
    /* Length. */
    RESET();
    CHECK_EQ_INT(read_variant(b, len - 1, 0), ZKI_ERR_SIZE);
    CHECK_EQ_INT(read_variant(b, len - 64, 0), ZKI_ERR_SIZE);
    CHECK_EQ_INT(read_variant(b, 20, 0), ZKI_ERR_SIZE);
    CHECK_EQ_INT(read_variant(b, 0, 0), ZKI_ERR_SIZE);
    b[len] = 0;
    CHECK_EQ_INT(read_variant(b, len + 1, 0), ZKI_ERR_SIZE);
    /* Digest: any flipped byte without a new digest. */
    for (int k = 0; k < 8; k++) {
        RESET();
        size_t at = 26 + (size_t)(zt_rand_u64() % (len - 26));
        b[at] ^= (uint8_t)(1 + zt_rand_u64() % 255);
        CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_ENCODING);
    }
    /* With a recomputed digest, the point checks. */
    RESET(); /* G1 x = p */
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[g1_at + 5 * 64 + 31 - 8 * i - j] = (uint8_t)(zki_fq_modulus[i] >> (8 * j));
    redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NONCANONICAL);
    RESET(); b[g1_at + 7 * 64 + 63] ^= 1; redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NOT_ON_CURVE);
    RESET(); b[g2_at + 128 + 127] ^= 1; redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NOT_ON_CURVE);
    RESET(); b[g2_at] = 0xff; redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NONCANONICAL);
    zki_g2_aff bad2;
    g2_outside_subgroup(&bad2);
    RESET(); zki_g2_aff_to_bytes(b + g2_at + 128, &bad2); redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NOT_IN_SUBGROUP);
    /* Valid points in the wrong place: the consistency check. */
    RESET(); memcpy(b + g1_at + 9 * 64, b + g1_at + 10 * 64, 64); redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_REJECT);
    RESET(); memcpy(b + g2_at + 128, b + g2_at, 128); redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_REJECT);
    /* A prefix read decodes only the prefix: a bad point past it goes unnoticed,
     * but a bad point inside it does not. */
    RESET(); b[g1_at + 15 * 64 + 63] ^= 1; redigest(b, len);
    CHECK_EQ_INT(read_variant(b, len, 8), ZKI_OK);
    CHECK_EQ_INT(read_variant(b, len, 0), ZKI_ERR_NOT_ON_CURVE);
#undef RESET
    free(b);
    free(orig);
    zki_srs_free(&s);
}
