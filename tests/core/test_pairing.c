/* The optimal ate pairing: non-degeneracy, order r, bilinearity on random scalars,
 * infinity and negation, multi-pairing = product of single pairings, the final
 * exponentiation against plain exponentiation by (p^12 − 1)/r, and the EIP-197
 * precompile vectors shipped by go-ethereum (tests/vectors/eip197_pairing.txt),
 * decoded with the G1/G2 decoders and checked byte-for-byte, plus inputs that must be
 * rejected (tests/vectors/eip197_pairing_invalid.txt, generated with an independent
 * Python model, and mutations of random valid inputs). */
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairing.h"
#include "test.h"

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static void g1_mul_aff(zki_g1_aff *r, const zki_g1_aff *a, const zki_fr *k) {
    zki_g1 t;
    zki_g1_from_aff(&t, a);
    zki_g1_mul(&t, &t, k);
    zki_g1_to_aff(r, &t);
}

static void g2_mul_aff(zki_g2_aff *r, const zki_g2_aff *a, const zki_fr *k) {
    zki_g2 t;
    zki_g2_from_aff(&t, a);
    zki_g2_mul(&t, &t, k);
    zki_g2_to_aff(r, &t);
}

static void fq12_pow_fr(zki_fq12 *r, const zki_fq12 *a, const zki_fr *k) {
    uint64_t l[4];
    zki_fr_to_limbs(l, k);
    zki_fq12_pow_var(r, a, l, 4);
}

static void rand_points(zki_g1_aff *p, zki_g2_aff *q) {
    zki_g1_aff g1;
    zki_g2_aff g2;
    zki_fr a, b;
    zki_g1_generator(&g1);
    zki_g2_generator(&g2);
    rand_fr(&a);
    rand_fr(&b);
    g1_mul_aff(p, &g1, &a);
    g2_mul_aff(q, &g2, &b);
}

CASE(pairing_generators_nondegenerate_and_order_r) {
    zki_g1_aff p;
    zki_g2_aff q;
    zki_fq12 e, t;
    zki_g1_generator(&p);
    zki_g2_generator(&q);
    zki_pairing(&e, &p, &q);
    CHECK(!zki_fq12_is_one(&e));
    zki_fq12_pow_var(&t, &e, zki_fr_modulus, 4);
    CHECK(zki_fq12_is_one(&t));
    /* GT lies in the cyclotomic subgroup: conj is the inverse */
    zki_fq12_conj(&t, &e);
    zki_fq12_mul(&t, &t, &e);
    CHECK(zki_fq12_is_one(&t));
}

CASE(pairing_final_exp_matches_plain_exponentiation) {
    /* f^((p^12 − 1)/r) with the exponent from GMP and generic square-and-multiply */
    mpz_t p, r, e;
    mpz_inits(p, r, e, NULL);
    mpz_import(p, 4, -1, 8, 0, 0, zki_fq_modulus);
    mpz_import(r, 4, -1, 8, 0, 0, zki_fr_modulus);
    mpz_pow_ui(e, p, 12);
    mpz_sub_ui(e, e, 1);
    REQUIRE(mpz_divisible_p(e, r));
    mpz_divexact(e, e, r);
    uint64_t el[64];
    size_t n = 0;
    memset(el, 0, sizeof el);
    REQUIRE(mpz_sizeinbase(e, 2) <= 64 * 64);
    mpz_export(el, &n, -1, 8, 0, 0, e);
    zki_g1_aff a;
    zki_g2_aff b;
    rand_points(&a, &b);
    zki_fq12 f, l, rr;
    zki_miller_loop(&f, &a, &b);
    zki_final_exp(&l, &f);
    zki_fq12_pow_var(&rr, &f, el, n);
    CHECK(zki_fq12_eq(&l, &rr));
    mpz_clears(p, r, e, NULL);
}

CASE(pairing_bilinearity) {
    zki_g1_aff g1, ap, abp;
    zki_g2_aff g2, bq;
    zki_g1_generator(&g1);
    zki_g2_generator(&g2);
    zki_fq12 e, l, r;
    zki_pairing(&e, &g1, &g2);
    for (unsigned it = 0; it < zt_iters(3) + 1; it++) {
        zki_fr a, b, ab;
        rand_fr(&a);
        rand_fr(&b);
        zki_fr_mul(&ab, &a, &b);
        g1_mul_aff(&ap, &g1, &a);
        g2_mul_aff(&bq, &g2, &b);
        g1_mul_aff(&abp, &g1, &ab);
        zki_pairing(&l, &ap, &bq);     /* e(aP, bQ) */
        fq12_pow_fr(&r, &e, &ab);      /* e(P, Q)^(ab) */
        CHECK(zki_fq12_eq(&l, &r));
        zki_pairing(&r, &abp, &g2);    /* e(abP, Q) */
        CHECK(zki_fq12_eq(&l, &r));
        zki_g2_aff abq;
        g2_mul_aff(&abq, &g2, &ab);
        zki_pairing(&r, &g1, &abq);    /* e(P, abQ) */
        CHECK(zki_fq12_eq(&l, &r));
        /* linearity in each argument: e(P1 + P2, Q) = e(P1, Q) e(P2, Q) */
        zki_g1 s;
        zki_g1_aff p2, p12;
        rand_points(&p2, &bq);
        zki_g1_from_aff(&s, &ap);
        zki_g1_add_aff(&s, &s, &p2);
        zki_g1_to_aff(&p12, &s);
        zki_fq12 e1, e2;
        zki_pairing(&l, &p12, &bq);
        zki_pairing(&e1, &ap, &bq);
        zki_pairing(&e2, &p2, &bq);
        zki_fq12_mul(&r, &e1, &e2);
        CHECK(zki_fq12_eq(&l, &r));
    }
}

CASE(pairing_negation_and_infinity) {
    zki_g1_aff p, np, inf1;
    zki_g2_aff q, nq, inf2;
    rand_points(&p, &q);
    zki_g1_aff_neg(&np, &p);
    zki_g2_aff_neg(&nq, &q);
    memset(&inf1, 0, sizeof inf1);
    memset(&inf2, 0, sizeof inf2);
    zki_fq12 a, b, t;
    zki_pairing(&a, &p, &q);
    zki_pairing(&b, &p, &nq);
    zki_fq12_mul(&t, &a, &b);
    CHECK(zki_fq12_is_one(&t));
    zki_pairing(&b, &np, &q);
    zki_fq12_mul(&t, &a, &b);
    CHECK(zki_fq12_is_one(&t));
    zki_pairing(&b, &np, &nq);
    CHECK(zki_fq12_eq(&a, &b));
    /* infinity on either side gives 1, in the loop and after exponentiation */
    zki_miller_loop(&t, &inf1, &q);
    CHECK(zki_fq12_is_one(&t));
    zki_pairing(&t, &p, &inf2);
    CHECK(zki_fq12_is_one(&t));
    zki_pairing(&t, &inf1, &inf2);
    CHECK(zki_fq12_is_one(&t));
    /* pairing checks */
    zki_g1_aff ps[4] = {p, p, inf1, p};
    zki_g2_aff qs[4] = {q, nq, q, inf2};
    CHECK(zki_pairing_check(ps, qs, 2) == 1);
    CHECK(zki_pairing_check(ps, qs, 4) == 1);
    CHECK(zki_pairing_check(ps, qs, 1) == 0);
    CHECK(zki_pairing_check(ps, qs, 0) == 1);
    CHECK(zki_pairing_check(ps + 2, qs + 2, 2) == 1);
}

CASE(pairing_multi_equals_product_of_singles) {
    /* n = 3 (one chunk) and n = ZKI_PAIRING_CHUNK + 3 (two chunks), with infinities */
    enum { N = ZKI_PAIRING_CHUNK + 3 };
    zki_g1_aff ps[N];
    zki_g2_aff qs[N];
    size_t sizes[2] = {3, zt_iters(N) >= N ? N : 5};
    for (size_t i = 0; i < N; i++) rand_points(&ps[i], &qs[i]);
    memset(&ps[4], 0, sizeof ps[4]);
    memset(&qs[7], 0, sizeof qs[7]);
    for (int s = 0; s < 2; s++) {
        size_t n = sizes[s];
        zki_fq12 prod, multi, e, fm, fp;
        zki_fq12_set_one(&prod);
        zki_fq12_set_one(&fp);
        for (size_t i = 0; i < n; i++) {
            zki_pairing(&e, &ps[i], &qs[i]);
            zki_fq12_mul(&prod, &prod, &e);
            zki_miller_loop(&e, &ps[i], &qs[i]);
            zki_fq12_mul(&fp, &fp, &e);
        }
        zki_pairings_product(&multi, ps, qs, n);
        CHECK(zki_fq12_eq(&prod, &multi));
        /* the multi-Miller loop is the product of the single loops exactly */
        zki_miller_loop_multi(&fm, ps, qs, n);
        CHECK(zki_fq12_eq(&fm, &fp));
    }
}

/* ---- EIP-197 vectors ---- */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes len hex digits at s into out; returns the byte count or -1. */
static long unhex(uint8_t *out, const char *s, size_t len) {
    if (len % 2) return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int h = hexval(s[2 * i]), l = hexval(s[2 * i + 1]);
        if (h < 0 || l < 0) return -1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return (long)(len / 2);
}

/* The precompile: k × 192 bytes → 32-byte 0/1, or ZKI_ERR_* for a bad input. */
static zki_status eip197_pairing(uint8_t out[32], const uint8_t *in, size_t len) {
    enum { MAXK = 16 };
    zki_g1_aff ps[MAXK];
    zki_g2_aff qs[MAXK];
    if (len % 192 || len / 192 > MAXK) return ZKI_ERR_SIZE;
    size_t k = len / 192;
    for (size_t i = 0; i < k; i++) {
        zki_status s = zki_g1_aff_from_bytes(&ps[i], in + 192 * i);
        if (s != ZKI_OK) return s;
        s = zki_g2_aff_from_bytes(&qs[i], in + 192 * i + 64);
        if (s != ZKI_OK) return s;
    }
    memset(out, 0, 32);
    out[31] = (uint8_t)zki_pairing_check(ps, qs, k);
    return ZKI_OK;
}

/* Calls fn(name, input, input_len, expected_token) for every vector line of a file
 * "name input_hex expected" ('-' = empty input). Returns the count, or -1. */
typedef void (*vector_fn)(const char *name, const uint8_t *in, size_t len, const char *expected);

static long for_each_vector(const char *path, vector_fn fn) {
    size_t flen;
    char *text = (char *)zt_read_file(path, &flen);
    if (!text) return -1;
    uint8_t *in = malloc(flen / 2 + 1);
    long count = 0;
    for (char *line = strtok(text, "\n"); in && line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || line[0] == 0) continue;
        char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        if (!sp2) { count = -1; break; }
        *sp1 = *sp2 = 0;
        char *hin = sp1 + 1, *exp = sp2 + 1;
        exp[strcspn(exp, " \r")] = 0;
        long n = strcmp(hin, "-") == 0 ? 0 : unhex(in, hin, strlen(hin));
        if (n < 0) { count = -1; break; }
        fn(line, in, (size_t)n, exp);
        count++;
    }
    free(in);
    free(text);
    return count;
}

static unsigned valid_ones;

static void check_valid_vector(const char *name, const uint8_t *in, size_t len, const char *expected) {
    uint8_t exp[32], got[32];
    int ok = strlen(expected) == 64 && unhex(exp, expected, 64) == 32;
    CHECK(ok);
    if (!ok) return;
    zki_status s = eip197_pairing(got, in, len);
    if (s != ZKI_OK || memcmp(got, exp, 32) != 0) fprintf(stderr, "  eip197 vector %s: status %d\n", name, (int)s);
    CHECK(s == ZKI_OK);
    CHECK(memcmp(got, exp, 32) == 0);
    valid_ones += exp[31];
}

CASE(pairing_eip197_vectors) {
    valid_ones = 0;
    long count = for_each_vector("tests/vectors/eip197_pairing.txt", check_valid_vector);
    CHECK(count == 14); /* go-ethereum's bn256Pairing.json has 14 entries */
    CHECK(valid_ones >= 1 && valid_ones < count);
}

static unsigned invalid_seen[4];

static void check_invalid_vector(const char *name, const uint8_t *in, size_t len, const char *expected) {
    static const struct { const char *tok; zki_status st; } map[4] = {
        {"size", ZKI_ERR_SIZE},
        {"noncanonical", ZKI_ERR_NONCANONICAL},
        {"not_on_curve", ZKI_ERR_NOT_ON_CURVE},
        {"not_in_subgroup", ZKI_ERR_NOT_IN_SUBGROUP},
    };
    int k = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(expected, map[i].tok)) k = i;
    CHECK(k >= 0);
    if (k < 0) return;
    uint8_t out[32];
    zki_status s = eip197_pairing(out, in, len);
    if (s != map[k].st) fprintf(stderr, "  eip197 invalid vector %s: status %d, want %s\n", name, (int)s, expected);
    CHECK(s == map[k].st);
    invalid_seen[k]++;
}

CASE(pairing_eip197_invalid_vectors) {
    memset(invalid_seen, 0, sizeof invalid_seen);
    long count = for_each_vector("tests/vectors/eip197_pairing_invalid.txt", check_invalid_vector);
    CHECK(count == 18);
    for (int i = 0; i < 4; i++) CHECK(invalid_seen[i] > 0);
}

CASE(pairing_eip197_decode_rejections) {
    /* Start from a valid 2-pair input (P, Q), (−P, Q) and break one field at a time. */
    zki_g1_aff p, np;
    zki_g2_aff q;
    rand_points(&p, &q);
    zki_g1_aff_neg(&np, &p);
    uint8_t good[384], bad[384], out[32];
    zki_g1_aff_to_bytes(good, &p);
    zki_g2_aff_to_bytes(good + 64, &q);
    zki_g1_aff_to_bytes(good + 192, &np);
    zki_g2_aff_to_bytes(good + 256, &q);
    REQUIRE(eip197_pairing(out, good, 384) == ZKI_OK);
    CHECK(out[31] == 1);
    /* G1 off the curve */
    memcpy(bad, good, 384);
    bad[63] ^= 1;
    CHECK(eip197_pairing(out, bad, 384) == ZKI_ERR_NOT_ON_CURVE);
    /* G2 off the curve */
    memcpy(bad, good, 384);
    bad[192 + 64 + 127] ^= 1;
    CHECK(eip197_pairing(out, bad, 384) == ZKI_ERR_NOT_ON_CURVE);
    /* G2 coordinate = p */
    memcpy(bad, good, 384);
    for (int i = 0; i < 32; i++) bad[64 + 32 + i] = (uint8_t)(zki_fq_modulus[3 - i / 8] >> (56 - 8 * (i % 8)));
    CHECK(eip197_pairing(out, bad, 384) == ZKI_ERR_NONCANONICAL);
    /* G2 on the twist but outside G2: x = 1 gives 1 + b', try x = 1, 2, ... */
    zki_g2_aff t;
    for (uint64_t xi = 1;; xi++) {
        zki_fq2 rhs;
        zki_fq2_set_zero(&t.x);
        zki_fq_set_u64(&t.x.c0, xi);
        zki_fq2_sqr(&rhs, &t.x);
        zki_fq2_mul(&rhs, &rhs, &t.x);
        zki_fq2_add(&rhs, &rhs, &zki_g2_b);
        if (zki_fq2_sqrt_var(&t.y, &rhs)) break;
    }
    REQUIRE(zki_g2_aff_is_on_curve(&t));
    memcpy(bad, good, 384);
    zki_g2_aff_to_bytes(bad + 64, &t);
    CHECK(eip197_pairing(out, bad, 384) == ZKI_ERR_NOT_IN_SUBGROUP);
    /* a length that is not a multiple of 192 */
    CHECK(eip197_pairing(out, good, 383) == ZKI_ERR_SIZE);
}
