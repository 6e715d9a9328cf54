/* G1: group laws, scalar multiplication against an independent affine
 * implementation on GMP, and the EVM byte format with its rejections. */
#include <gmp.h>
#include <string.h>

#include "g1.h"
#include "test.h"

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

/* ---- oracle: textbook affine arithmetic with mpz (infinity = NULL flag) ---- */
typedef struct { mpz_t x, y; int inf; } opt;

static mpz_t P;

static void o_init(opt *a) { mpz_inits(a->x, a->y, NULL); a->inf = 1; }
static void o_clear(opt *a) { mpz_clears(a->x, a->y, NULL); }

static void o_add(opt *r, const opt *a, const opt *b) {
    if (a->inf) { mpz_set(r->x, b->x); mpz_set(r->y, b->y); r->inf = b->inf; return; }
    if (b->inf) { mpz_set(r->x, a->x); mpz_set(r->y, a->y); r->inf = a->inf; return; }
    mpz_t l, t, x3;
    mpz_inits(l, t, x3, NULL);
    if (mpz_cmp(a->x, b->x) == 0) {
        mpz_add(t, a->y, b->y);
        mpz_mod(t, t, P);
        if (mpz_sgn(t) == 0) { r->inf = 1; mpz_clears(l, t, x3, NULL); return; }
        mpz_mul(l, a->x, a->x);
        mpz_mul_ui(l, l, 3);
        mpz_mul_ui(t, a->y, 2);
    } else {
        mpz_sub(l, b->y, a->y);
        mpz_sub(t, b->x, a->x);
    }
    mpz_mod(t, t, P);
    mpz_invert(t, t, P);
    mpz_mul(l, l, t);
    mpz_mod(l, l, P);
    mpz_mul(x3, l, l);
    mpz_sub(x3, x3, a->x);
    mpz_sub(x3, x3, b->x);
    mpz_mod(x3, x3, P);
    mpz_sub(t, a->x, x3);
    mpz_mul(t, t, l);
    mpz_sub(t, t, a->y);
    mpz_mod(r->y, t, P);
    mpz_set(r->x, x3);
    r->inf = 0;
    mpz_clears(l, t, x3, NULL);
}

static void o_mul(opt *r, const opt *a, const uint8_t k[32]) {
    opt acc;
    o_init(&acc);
    for (int i = 0; i < 256; i++) {
        o_add(&acc, &acc, &acc);
        if ((k[i / 8] >> (7 - i % 8)) & 1) o_add(&acc, &acc, a);
    }
    mpz_set(r->x, acc.x);
    mpz_set(r->y, acc.y);
    r->inf = acc.inf;
    o_clear(&acc);
}

static void o_to_bytes(uint8_t out[64], const opt *a) {
    memset(out, 0, 64);
    if (a->inf) return;
    size_t n;
    uint8_t t[32];
    mpz_export(t, &n, 1, 1, 1, 0, a->x);
    memcpy(out + 32 - n, t, n);
    mpz_export(t, &n, 1, 1, 1, 0, a->y);
    memcpy(out + 64 - n, t, n);
}

static void to_bytes(uint8_t out[64], const zki_g1 *a) {
    zki_g1_aff t;
    zki_g1_to_aff(&t, a);
    zki_g1_aff_to_bytes(out, &t);
}

CASE(g1_scalar_mul_matches_affine_gmp_oracle) {
    mpz_init(P);
    mpz_import(P, 4, -1, 8, 0, 0, zki_fq_modulus);
    opt g, want;
    o_init(&g);
    o_init(&want);
    mpz_set_ui(g.x, 1);
    mpz_set_ui(g.y, 2);
    g.inf = 0;
    zki_g1_aff ga;
    zki_g1 G, R;
    zki_g1_generator(&ga);
    zki_g1_from_aff(&G, &ga);
    for (unsigned i = 0; i < zt_iters(40); i++) {
        zki_fr k;
        uint8_t kb[32], got[64], exp[64];
        rand_fr(&k);
        if (i == 0) zki_fr_set_u64(&k, 1);
        if (i == 1) zki_fr_set_u64(&k, 2);
        if (i == 2) zki_fr_set_zero(&k);
        zki_fr_to_bytes(kb, &k);
        zki_g1_mul(&R, &G, &k);
        to_bytes(got, &R);
        o_mul(&want, &g, kb);
        o_to_bytes(exp, &want);
        CHECK(memcmp(got, exp, 64) == 0);
        /* and the oracle's point is then a base for the next round */
        if (!want.inf) {
            mpz_set(g.x, want.x);
            mpz_set(g.y, want.y);
            zki_g1_aff_from_bytes(&ga, exp);
            zki_g1_from_aff(&G, &ga);
        }
    }
    o_clear(&g);
    o_clear(&want);
    mpz_clear(P);
}

CASE(g1_group_laws) {
    zki_g1_aff ga;
    zki_g1 G, A, B, C, S1, S2, T;
    zki_g1_generator(&ga);
    CHECK(zki_g1_aff_is_on_curve(&ga));
    zki_g1_from_aff(&G, &ga);
    /* r·G = O and (r-1)·G = -G */
    zki_g1_mul_limbs(&T, &G, zki_fr_modulus);
    CHECK(zki_g1_is_inf(&T));
    uint64_t rm1[4];
    memcpy(rm1, zki_fr_modulus, sizeof rm1);
    rm1[0] -= 1;
    zki_g1_mul_limbs(&T, &G, rm1);
    zki_g1_neg(&A, &G);
    CHECK(zki_g1_eq(&T, &A));
    for (unsigned i = 0; i < zt_iters(30); i++) {
        zki_fr a, b, c;
        rand_fr(&a);
        rand_fr(&b);
        zki_fr_add(&c, &a, &b);
        zki_g1_mul(&A, &G, &a);
        zki_g1_mul(&B, &G, &b);
        zki_g1_mul(&C, &G, &c);
        zki_g1_add(&S1, &A, &B);
        CHECK(zki_g1_eq(&S1, &C));
        zki_g1_add(&S2, &B, &A);
        CHECK(zki_g1_eq(&S1, &S2));
        /* mixed addition agrees with full addition */
        zki_g1_aff ba;
        zki_g1_to_aff(&ba, &B);
        CHECK(zki_g1_aff_is_on_curve(&ba));
        zki_g1_add_aff(&S2, &A, &ba);
        CHECK(zki_g1_eq(&S1, &S2));
        /* doubling through add and dbl, in place */
        zki_g1_add(&S1, &A, &A);
        S2 = A;
        zki_g1_dbl(&S2, &S2);
        CHECK(zki_g1_eq(&S1, &S2));
        zki_g1_add_aff(&S1, &B, &ba);
        zki_g1_dbl(&S2, &B);
        CHECK(zki_g1_eq(&S1, &S2));
        /* P + (-P) = O, both paths */
        zki_g1_neg(&T, &A);
        zki_g1_add(&S1, &A, &T);
        CHECK(zki_g1_is_inf(&S1));
        zki_g1_aff na;
        zki_g1_aff_neg(&na, &ba);
        zki_g1_add_aff(&S1, &B, &na);
        CHECK(zki_g1_is_inf(&S1));
        /* infinity is neutral */
        zki_g1_set_inf(&T);
        zki_g1_add(&S1, &A, &T);
        CHECK(zki_g1_eq(&S1, &A));
        zki_g1_add(&S1, &T, &A);
        CHECK(zki_g1_eq(&S1, &A));
    }
}

CASE(g1_batch_to_affine_matches_single) {
    enum { N = 19 };
    zki_g1 pts[N];
    zki_g1_aff one[N], batch[N];
    zki_g1_aff ga;
    zki_g1 G;
    zki_g1_generator(&ga);
    zki_g1_from_aff(&G, &ga);
    for (int i = 0; i < N; i++) {
        zki_fr k;
        rand_fr(&k);
        if (i % 7 == 3) zki_fr_set_zero(&k); /* some infinities */
        zki_g1_mul(&pts[i], &G, &k);
        zki_g1_to_aff(&one[i], &pts[i]);
    }
    zki_g1s_to_aff(batch, pts, N);
    CHECK(memcmp(one, batch, sizeof one) == 0);
    for (int i = 0; i < N; i++) CHECK(zki_g1_aff_is_on_curve(&batch[i]));
}

CASE(g1_encoding_round_trip_and_rejections) {
    zki_g1_aff ga, out, keep;
    zki_g1 G, A;
    uint8_t b[64], b2[64];
    zki_g1_generator(&ga);
    zki_g1_from_aff(&G, &ga);
    /* generator encodes as (1, 2) */
    zki_g1_aff_to_bytes(b, &ga);
    uint8_t want[64] = {0};
    want[31] = 1;
    want[63] = 2;
    CHECK(memcmp(b, want, 64) == 0);
    /* infinity is all zeros, both ways */
    memset(b, 0, 64);
    CHECK(zki_g1_aff_from_bytes(&out, b) == ZKI_OK);
    CHECK(zki_g1_aff_is_inf(&out));
    for (unsigned i = 0; i < zt_iters(50); i++) {
        zki_fr k;
        rand_fr(&k);
        zki_g1_mul(&A, &G, &k);
        zki_g1_to_aff(&ga, &A);
        zki_g1_aff_to_bytes(b, &ga);
        REQUIRE(zki_g1_aff_from_bytes(&out, b) == ZKI_OK);
        zki_g1_aff_to_bytes(b2, &out);
        CHECK(memcmp(b, b2, 64) == 0);
        /* flipping any bit of the encoding is rejected or gives another valid point,
         * never a crash; a flipped low bit of y is always off the curve */
        memcpy(b2, b, 64);
        b2[63] ^= 1;
        memcpy(&keep, &out, sizeof keep);
        CHECK(zki_g1_aff_from_bytes(&out, b2) == ZKI_ERR_NOT_ON_CURVE);
        CHECK(memcmp(&keep, &out, sizeof keep) == 0);
        /* y + p (non-canonical but "on the curve" mod p) is rejected */
        {
            mpz_t y, p;
            mpz_inits(y, p, NULL);
            mpz_import(p, 4, -1, 8, 0, 0, zki_fq_modulus);
            mpz_import(y, 32, 1, 1, 1, 0, b + 32);
            mpz_add(y, y, p);
            if (mpz_sizeinbase(y, 2) <= 256) {
                size_t n;
                uint8_t t[32];
                memcpy(b2, b, 64);
                memset(b2 + 32, 0, 32);
                mpz_export(t, &n, 1, 1, 1, 0, y);
                memcpy(b2 + 64 - n, t, n);
                CHECK(zki_g1_aff_from_bytes(&out, b2) == ZKI_ERR_NONCANONICAL);
            }
            mpz_clears(y, p, NULL);
        }
    }
    /* x = p is non-canonical; (0, 0) except as all-zero infinity: (0, y) off curve */
    memset(b, 0, 64);
    zki_fq_to_bytes(b, &ga.x);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (uint8_t)(zki_fq_modulus[i] >> (56 - 8 * j));
    CHECK(zki_g1_aff_from_bytes(&out, b) == ZKI_ERR_NONCANONICAL);
    memset(b, 0, 64);
    b[63] = 1;
    CHECK(zki_g1_aff_from_bytes(&out, b) == ZKI_ERR_NOT_ON_CURVE);
    memset(b, 0xff, 64);
    CHECK(zki_g1_aff_from_bytes(&out, b) == ZKI_ERR_NONCANONICAL);
}
