/* The Fiat-Shamir transcript (prover/core/transcript.c) against its specification
 * (docs/PROTOCOL.md section 3), recomputed here from explicit byte strings with
 * the one-shot zki_keccak256, and GMP for the reduction mod r. The golden vector
 * was computed once from the spec with an independent Keccak (pycryptodome) and
 * Python integers; it pins the transcript so refactors cannot change it silently.
 */
#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "g1.h"
#include "keccak.h"
#include "test.h"
#include "transcript.h"

#define LABEL "zkinfer-plonk-v1"

static int hex_eq(const uint8_t got[32], const char *hex) {
    char s[65];
    for (int i = 0; i < 32; i++) snprintf(s + 2 * i, 3, "%02x", got[i]);
    if (strcmp(s, hex) != 0) {
        fprintf(stderr, "    got %s\n    exp %s\n", s, hex);
        return 0;
    }
    return 1;
}

static void init_label(zki_transcript *t) {
    zki_status st = zki_transcript_init(t, (const uint8_t *)LABEL, strlen(LABEL));
    CHECK(st == ZKI_OK);
}

/* The spec as a byte-string model: buf holds state || pending words. */
typedef struct {
    uint8_t buf[32 + 64 * 32];
    size_t len;
    uint64_t absorbed, squeezed;
} model;

static void model_init(model *m, const char *label) {
    zki_keccak256(m->buf, (const uint8_t *)label, strlen(label));
    m->len = 32;
    m->absorbed = m->squeezed = 0;
}

static void model_word(model *m, const uint8_t w[32]) {
    memcpy(m->buf + m->len, w, 32);
    m->len += 32;
    m->absorbed++;
}

/* h = keccak256(buf); buf = h; out = h (raw, before reduction). */
static void model_squeeze(model *m, uint8_t h[32]) {
    zki_keccak256(h, m->buf, m->len);
    memcpy(m->buf, h, 32);
    m->len = 32;
    m->squeezed++;
}

/* Returns 1 if c encodes (h as a big-endian integer) mod r and is < r. */
static int is_h_mod_r(const zki_fr *c, const uint8_t h[32]) {
    uint8_t cb[32];
    zki_fr_to_bytes(cb, c);
    mpz_t hz, cz, rz;
    mpz_inits(hz, cz, rz, NULL);
    mpz_import(hz, 32, 1, 1, 1, 0, h);
    mpz_import(cz, 32, 1, 1, 1, 0, cb);
    mpz_import(rz, 4, -1, 8, 0, 0, zki_fr_modulus);
    mpz_mod(hz, hz, rz);
    int ok = mpz_cmp(hz, cz) == 0 && mpz_cmp(cz, rz) < 0;
    mpz_clears(hz, cz, rz, NULL);
    return ok;
}

static void rand_fr(zki_fr *a) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(a, b);
}

/* A random group element k·G, or infinity one time in eight. */
static void rand_g1(zki_g1_aff *p) {
    if (zt_rand_u64() % 8 == 0) {
        zki_fq_set_zero(&p->x);
        zki_fq_set_zero(&p->y);
        return;
    }
    zki_g1_aff g;
    zki_g1 gj, kg;
    zki_fr k;
    zki_g1_generator(&g);
    zki_g1_from_aff(&gj, &g);
    rand_fr(&k);
    zki_g1_mul(&kg, &gj, &k);
    zki_g1_to_aff(p, &kg);
}

/* Random interleavings of every absorb kind and squeezes (runs of several squeezes
 * included) give the challenge the spec gives, with matching counters. */
CASE(transcript_matches_spec_random_patterns) {
    for (unsigned it = 0; it < zt_iters(200); it++) {
        zki_transcript t;
        model m;
        init_label(&t);
        model_init(&m, LABEL);
        unsigned nops = 1 + (unsigned)(zt_rand_u64() % 40);
        for (unsigned op = 0; op < nops; op++) {
            uint64_t kind = zt_rand_u64() % 5;
            if (m.len + 64 > sizeof m.buf) kind = 4; /* model buffer full: squeeze */
            if (kind == 0) {
                uint8_t w[32];
                zt_rand_bytes(w, 32);
                zki_transcript_absorb_word(&t, w);
                model_word(&m, w);
            } else if (kind == 1) {
                zki_fr a;
                uint8_t w[32];
                rand_fr(&a);
                zki_transcript_absorb_fr(&t, &a);
                zki_fr_to_bytes(w, &a);
                model_word(&m, w);
            } else if (kind == 2) {
                zki_g1_aff p;
                uint8_t xy[64];
                rand_g1(&p);
                zki_transcript_absorb_g1(&t, &p);
                zki_fq_to_bytes(xy, &p.x);
                zki_fq_to_bytes(xy + 32, &p.y);
                model_word(&m, xy);
                model_word(&m, xy + 32);
            } else {
                zki_fr c;
                uint8_t h[32];
                CHECK_EQ_INT(t.n_pending, (m.len - 32) / 32);
                zki_transcript_squeeze_fr(&t, &c);
                model_squeeze(&m, h);
                CHECK(is_h_mod_r(&c, h));
                CHECK(memcmp(t.state, h, 32) == 0);
                CHECK_EQ_INT(t.n_pending, 0);
            }
            CHECK_EQ_INT(t.n_absorbed, m.absorbed);
            CHECK_EQ_INT(t.n_squeezed, m.squeezed);
        }
    }
}

/* Fixed patterns spelled out: a squeeze right after init, two in a row, and a
 * point at infinity, each against keccak256 of the concatenation written out. */
CASE(transcript_matches_spec_fixed_patterns) {
    zki_transcript t;
    zki_fr c;
    uint8_t s0[32], h1[32], h2[32], h3[32], buf[32 * 4];

    init_label(&t);
    zki_keccak256(s0, (const uint8_t *)LABEL, strlen(LABEL));
    CHECK(memcmp(t.state, s0, 32) == 0);

    /* squeeze with nothing pending: keccak256(state0) */
    zki_transcript_squeeze_fr(&t, &c);
    zki_keccak256(h1, s0, 32);
    CHECK(is_h_mod_r(&c, h1));

    /* and again: keccak256(h1), a different challenge */
    zki_fr c2;
    zki_transcript_squeeze_fr(&t, &c2);
    zki_keccak256(h2, h1, 32);
    CHECK(is_h_mod_r(&c2, h2));
    CHECK(!zki_fr_eq(&c, &c2));

    /* infinity then the scalar 1: keccak256(h2 || 0^32 || 0^32 || 0^31 01) */
    zki_g1_aff inf;
    zki_fr one;
    zki_fq_set_zero(&inf.x);
    zki_fq_set_zero(&inf.y);
    zki_fr_set_one(&one);
    zki_transcript_absorb_g1(&t, &inf);
    zki_transcript_absorb_fr(&t, &one);
    CHECK_EQ_INT(t.n_pending, 3);
    memset(buf, 0, sizeof buf);
    memcpy(buf, h2, 32);
    buf[32 * 4 - 1] = 1;
    zki_transcript_squeeze_fr(&t, &c);
    zki_keccak256(h3, buf, sizeof buf);
    CHECK(is_h_mod_r(&c, h3));
    CHECK_EQ_INT(t.n_absorbed, 3);
    CHECK_EQ_INT(t.n_squeezed, 3);
}

CASE(transcript_infinity_is_two_zero_words) {
    zki_transcript a, b;
    zki_g1_aff inf;
    zki_fr ca, cb;
    uint8_t zero[32] = {0};
    zki_fq_set_zero(&inf.x);
    zki_fq_set_zero(&inf.y);
    init_label(&a);
    init_label(&b);
    zki_transcript_absorb_g1(&a, &inf);
    zki_transcript_absorb_word(&b, zero);
    zki_transcript_absorb_word(&b, zero);
    zki_transcript_squeeze_fr(&a, &ca);
    zki_transcript_squeeze_fr(&b, &cb);
    CHECK(zki_fr_eq(&ca, &cb));
}

/* The challenges of a transcript over label and words[0..n), one squeeze after
 * word `split` and one at the end. */
static void run_words(zki_fr c[2], const char *label, uint8_t words[][32], size_t n, size_t split) {
    zki_transcript t;
    CHECK(zki_transcript_init(&t, (const uint8_t *)label, strlen(label)) == ZKI_OK);
    for (size_t i = 0; i < n; i++) {
        zki_transcript_absorb_word(&t, words[i]);
        if (i + 1 == split) zki_transcript_squeeze_fr(&t, &c[0]);
    }
    zki_transcript_squeeze_fr(&t, &c[1]);
}

/* Flipping any bit of any absorbed byte, of the label, swapping two words, or
 * moving the squeeze changes the challenges. */
CASE(transcript_any_change_changes_challenge) {
    enum { N = 6, SPLIT = 2 };
    uint8_t w[N][32];
    zki_fr base[2], c[2];
    zt_rand_bytes(&w[0][0], sizeof w);
    run_words(base, LABEL, w, N, SPLIT);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < 32; j++) {
            uint8_t bit = (uint8_t)(1u << (zt_rand_u64() % 8));
            w[i][j] ^= bit;
            run_words(c, LABEL, w, N, SPLIT);
            CHECK(!zki_fr_eq(&c[1], &base[1]));
            /* words before the first squeeze also change the first challenge */
            if (i < SPLIT) CHECK(!zki_fr_eq(&c[0], &base[0]));
            else CHECK(zki_fr_eq(&c[0], &base[0]));
            w[i][j] ^= bit;
        }
    char label[] = LABEL;
    for (size_t j = 0; j < strlen(label); j++) {
        label[j] ^= 0x20;
        run_words(c, label, w, N, SPLIT);
        CHECK(!zki_fr_eq(&c[0], &base[0]) && !zki_fr_eq(&c[1], &base[1]));
        label[j] ^= 0x20;
    }
    uint8_t tmp[32];
    memcpy(tmp, w[3], 32);
    memcpy(w[3], w[4], 32);
    memcpy(w[4], tmp, 32);
    run_words(c, LABEL, w, N, SPLIT);
    CHECK(!zki_fr_eq(&c[1], &base[1]));
    memcpy(w[4], w[3], 32);
    memcpy(w[3], tmp, 32);
    run_words(c, LABEL, w, N, SPLIT + 1);
    CHECK(!zki_fr_eq(&c[1], &base[1]));
}

/* Challenges are reduced: < r, and equal to the raw hash mod r. A raw hash >= r
 * appears about 4 times in 5, so both branches of the reduction are exercised. */
CASE(transcript_challenge_below_r) {
    zki_transcript t;
    zki_fr c;
    unsigned reduced = 0, n = zt_iters(500);
    init_label(&t);
    for (unsigned i = 0; i < n; i++) {
        uint8_t w[32], cb[32];
        zt_rand_bytes(w, 32);
        zki_transcript_absorb_word(&t, w);
        zki_transcript_squeeze_fr(&t, &c);
        CHECK(is_h_mod_r(&c, t.state));
        zki_fr_to_bytes(cb, &c);
        reduced += memcmp(cb, t.state, 32) != 0;
    }
    CHECK(reduced > 0 && reduced < n);
}

CASE(transcript_init_rejects_bad_args) {
    zki_transcript t;
    memset(&t, 0xab, sizeof t);
    CHECK(zki_transcript_init(NULL, (const uint8_t *)"x", 1) == ZKI_ERR_ARG);
    CHECK(zki_transcript_init(&t, NULL, 1) == ZKI_ERR_ARG);
    CHECK(zki_transcript_init(&t, (const uint8_t *)"x", 0) == ZKI_ERR_ARG);
    CHECK(t.n_absorbed == 0xababababababababULL); /* untouched on error */
}

/* Golden vector (docs/PROTOCOL.md section 3.3):
 *   label "zkinfer-plonk-v1"; absorb word keccak256("zkinfer test vk"), Fr 7,
 *   G1 (1, 2), G1 infinity; squeeze c1; absorb Fr r-1, G1 (1, p-2); squeeze c2;
 *   squeeze c3. */
CASE(transcript_golden_vector) {
    zki_transcript t;
    uint8_t vk[32], out[32];
    zki_fr a, c1, c2, c3;
    zki_g1_aff g, inf, neg_g;

    init_label(&t);
    CHECK(hex_eq(t.state, "a68f39cbf91cee8f96cecd9a5f28910cbf28016dea27271328042e4b90bdf77c"));
    zki_keccak256(vk, (const uint8_t *)"zkinfer test vk", 15);
    CHECK(hex_eq(vk, "ecbfb1326e894c4f83db499e37c2ae5e99a8d0a9aa87f3af1ccb9d5da25cc0ad"));
    zki_transcript_absorb_word(&t, vk);
    zki_fr_set_u64(&a, 7);
    zki_transcript_absorb_fr(&t, &a);
    zki_fq_set_u64(&g.x, 1);
    zki_fq_set_u64(&g.y, 2);
    zki_transcript_absorb_g1(&t, &g);
    zki_fq_set_zero(&inf.x);
    zki_fq_set_zero(&inf.y);
    zki_transcript_absorb_g1(&t, &inf);
    zki_transcript_squeeze_fr(&t, &c1);
    zki_fr_to_bytes(out, &c1);
    CHECK(hex_eq(out, "100c0028ab7093aa66a45e125923ee2fa89b72b3517e731f5afb9d2bcddf2cd4"));

    zki_fr_set_i64(&a, -1);
    zki_transcript_absorb_fr(&t, &a);
    neg_g.x = g.x;
    zki_fq_neg(&neg_g.y, &g.y);
    zki_transcript_absorb_g1(&t, &neg_g);
    zki_transcript_squeeze_fr(&t, &c2);
    zki_fr_to_bytes(out, &c2);
    CHECK(hex_eq(out, "1db182cd8d2c888bfa08217352630d1f57186474a4ec2b8b6339bb488ea867a1"));
    CHECK(hex_eq(t.state, "4e15d1406e5e28b5b2586729d3e4657c7f4c4cbd1ea59c1ca71bb0dc7ea867a2"));

    zki_transcript_squeeze_fr(&t, &c3);
    zki_fr_to_bytes(out, &c3);
    CHECK(hex_eq(out, "05554ef8e6bbbbabf12eedae4c3944e108b0d0e3d44fd3744f63d0918d6f208a"));
    CHECK(hex_eq(t.state, "c6e688c46b823c52d2700488523ea655a9807205bb3595b95eeba6e14d6f208e"));
    CHECK_EQ_INT(t.n_absorbed, 9);
    CHECK_EQ_INT(t.n_squeezed, 3);
}
