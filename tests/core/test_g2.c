/* G2: constants, group laws, scalar multiplication against a textbook affine
 * oracle (Fq2 inversions, no shared formulas), the endomorphism ψ, the subgroup
 * test against [r]Q on points of the whole twist E'(Fq2) (random x, no cofactor
 * clearing, and points of the cofactor part), and the EIP-197 byte format with its
 * three rejections. */
#include <gmp.h>
#include <string.h>

#include "fq12.h"
#include "g2.h"
#include "test.h"

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static void rand_fq2(zki_fq2 *r) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fq_from_bytes_reduce(&r->c0, b);
    zt_rand_bytes(b, 32);
    zki_fq_from_bytes_reduce(&r->c1, b);
}

static void rand_g2(zki_g2_aff *r) {
    zki_g2_aff g;
    zki_g2 t;
    zki_fr k;
    zki_g2_generator(&g);
    zki_g2_from_aff(&t, &g);
    rand_fr(&k);
    zki_g2_mul(&t, &t, &k);
    zki_g2_to_aff(r, &t);
}

/* A uniformly random point of E'(Fq2): try x until x^3 + b' is a square. Almost
 * never in G2 (probability 1/c). */
static void rand_twist_point(zki_g2_aff *r) {
    for (;;) {
        zki_fq2 x, y, rhs;
        rand_fq2(&x);
        zki_fq2_sqr(&rhs, &x);
        zki_fq2_mul(&rhs, &rhs, &x);
        zki_fq2_add(&rhs, &rhs, &zki_g2_b);
        if (zki_fq2_sqrt_var(&y, &rhs)) {
            r->x = x;
            r->y = y;
            return;
        }
    }
}

static void limbs_of(uint64_t l[4], const mpz_t z) {
    size_t n = 0;
    memset(l, 0, 4 * sizeof l[0]);
    mpz_export(l, &n, -1, 8, 0, 0, z);
}

/* [r]a == O, the definition of membership. */
static int order_divides_r(const zki_g2_aff *a) {
    zki_g2 t;
    zki_g2_from_aff(&t, a);
    zki_g2_mul_limbs(&t, &t, zki_fr_modulus);
    return zki_g2_is_inf(&t);
}

/* ---- oracle: affine chord-and-tangent with a field inversion per step ---- */
typedef struct { zki_fq2 x, y; int inf; } opt;

static void o_add(opt *r, const opt *a, const opt *b) {
    if (a->inf) { *r = *b; return; }
    if (b->inf) { *r = *a; return; }
    zki_fq2 l, t, x3, y3;
    if (zki_fq2_eq(&a->x, &b->x)) {
        zki_fq2_add(&t, &a->y, &b->y);
        if (zki_fq2_is_zero(&t)) { r->inf = 1; return; }
        zki_fq2_sqr(&l, &a->x);
        zki_fq2_add(&t, &l, &l);
        zki_fq2_add(&l, &t, &l);
        zki_fq2_dbl(&t, &a->y);
    } else {
        zki_fq2_sub(&l, &b->y, &a->y);
        zki_fq2_sub(&t, &b->x, &a->x);
    }
    zki_fq2_inv(&t, &t);
    zki_fq2_mul(&l, &l, &t);
    zki_fq2_sqr(&x3, &l);
    zki_fq2_sub(&x3, &x3, &a->x);
    zki_fq2_sub(&x3, &x3, &b->x);
    zki_fq2_sub(&t, &a->x, &x3);
    zki_fq2_mul(&y3, &l, &t);
    zki_fq2_sub(&y3, &y3, &a->y);
    r->x = x3;
    r->y = y3;
    r->inf = 0;
}

static void o_mul(opt *r, const opt *a, const uint64_t k[4]) {
    opt acc = {.inf = 1};
    for (int i = 255; i >= 0; i--) {
        o_add(&acc, &acc, &acc);
        if ((k[i / 64] >> (i % 64)) & 1) o_add(&acc, &acc, a);
    }
    *r = acc;
}

static int o_eq_aff(const opt *o, const zki_g2_aff *a) {
    if (o->inf) return zki_g2_aff_is_inf(a);
    return zki_fq2_eq(&o->x, &a->x) && zki_fq2_eq(&o->y, &a->y);
}

CASE(g2_constants_and_generator) {
    /* b' = 3/ξ */
    zki_fq2 x, b;
    zki_fq_set_u64(&x.c0, 9);
    zki_fq_set_u64(&x.c1, 1);
    REQUIRE(zki_fq2_inv(&b, &x));
    zki_fq2 three;
    zki_fq2_set_zero(&three);
    zki_fq_set_u64(&three.c0, 3);
    zki_fq2_mul(&b, &b, &three);
    CHECK(zki_fq2_eq(&b, &zki_g2_b));

    zki_g2_aff g;
    zki_g2_generator(&g);
    CHECK(!zki_g2_aff_is_inf(&g));
    CHECK(zki_g2_aff_is_on_curve(&g));
    CHECK(zki_g2_aff_in_subgroup(&g));
    CHECK(order_divides_r(&g));
    /* the x-coordinate's imaginary part, as printed in EIP-197 */
    uint8_t enc[128];
    zki_g2_aff_to_bytes(enc, &g);
    CHECK(enc[0] == 0x19 && enc[1] == 0x8e && enc[31] == 0xc2 && enc[127] == 0xaa);
    /* the infinity point */
    zki_g2_aff inf;
    zki_fq2_set_zero(&inf.x);
    zki_fq2_set_zero(&inf.y);
    CHECK(zki_g2_aff_is_on_curve(&inf) && zki_g2_aff_in_subgroup(&inf));
}

CASE(g2_order_and_scalar_edges) {
    zki_g2_aff g;
    zki_g2 G, t, u;
    zki_g2_generator(&g);
    zki_g2_from_aff(&G, &g);
    uint64_t k[4];
    memcpy(k, zki_fr_modulus, sizeof k);
    zki_g2_mul_limbs(&t, &G, k);
    CHECK(zki_g2_is_inf(&t));
    k[0] -= 1; /* r − 1: −G */
    zki_g2_mul_limbs(&t, &G, k);
    zki_g2_neg(&u, &G);
    CHECK(zki_g2_eq(&t, &u));
    k[0] += 2; /* r + 1: G */
    zki_g2_mul_limbs(&t, &G, k);
    CHECK(zki_g2_eq(&t, &G));
    zki_fr z;
    zki_fr_set_zero(&z);
    zki_g2_mul(&t, &G, &z);
    CHECK(zki_g2_is_inf(&t));
    zki_fr_set_one(&z);
    zki_g2_mul(&t, &G, &z);
    CHECK(zki_g2_eq(&t, &G));
}

CASE(g2_group_laws) {
    for (unsigned it = 0; it < zt_iters(20); it++) {
        zki_g2_aff a, b, c;
        rand_g2(&a);
        rand_g2(&b);
        rand_g2(&c);
        CHECK(zki_g2_aff_is_on_curve(&a));
        zki_g2 A, B, C, l, r, t, inf;
        zki_g2_from_aff(&A, &a);
        zki_g2_from_aff(&B, &b);
        zki_g2_from_aff(&C, &c);
        /* make representatives with Z != 1 */
        zki_g2_dbl(&A, &A);
        zki_g2_dbl(&B, &B);
        zki_g2_to_aff(&a, &A);
        zki_g2_to_aff(&b, &B);
        /* a + a = 2a, through every addition entry point */
        zki_g2_add(&l, &A, &A);
        zki_g2_dbl(&r, &A);
        CHECK(zki_g2_eq(&l, &r));
        zki_g2_add_aff(&l, &A, &a);
        CHECK(zki_g2_eq(&l, &r));
        /* commutativity, associativity, mixed = full */
        zki_g2_add(&l, &A, &B);
        zki_g2_add(&r, &B, &A);
        CHECK(zki_g2_eq(&l, &r));
        zki_g2_add_aff(&r, &A, &b);
        CHECK(zki_g2_eq(&l, &r));
        zki_g2_add(&l, &l, &C);
        zki_g2_add(&t, &B, &C);
        zki_g2_add(&r, &A, &t);
        CHECK(zki_g2_eq(&l, &r));
        /* a − a = O, a + O = a, O + a = a */
        zki_g2_neg(&t, &A);
        zki_g2_add(&l, &A, &t);
        CHECK(zki_g2_is_inf(&l));
        zki_g2_aff na;
        zki_g2_aff_neg(&na, &a);
        zki_g2_add_aff(&l, &A, &na);
        CHECK(zki_g2_is_inf(&l));
        zki_g2_set_inf(&inf);
        zki_g2_add(&l, &A, &inf);
        CHECK(zki_g2_eq(&l, &A));
        zki_g2_add(&l, &inf, &A);
        CHECK(zki_g2_eq(&l, &A));
        zki_g2_add_aff(&l, &inf, &a);
        CHECK(zki_g2_eq(&l, &A));
        zki_g2_dbl(&l, &inf);
        CHECK(zki_g2_is_inf(&l));
        CHECK(!zki_g2_eq(&A, &inf) && !zki_g2_eq(&A, &B));
        /* affine round trips, single and batched (with an infinity in the batch) */
        zki_g2 pts[3] = {A, inf, B};
        zki_g2_aff out[3];
        zki_g2s_to_aff(out, pts, 3);
        CHECK(zki_fq2_eq(&out[0].x, &a.x) && zki_fq2_eq(&out[0].y, &a.y));
        CHECK(zki_g2_aff_is_inf(&out[1]));
        CHECK(zki_fq2_eq(&out[2].x, &b.x) && zki_fq2_eq(&out[2].y, &b.y));
    }
}

CASE(g2_scalar_mul_matches_affine_oracle) {
    zki_g2_aff g;
    zki_g2_generator(&g);
    for (unsigned it = 0; it < zt_iters(5) + 1; it++) {
        zki_fr k1, k2, ks;
        rand_fr(&k1);
        rand_fr(&k2);
        if (it == 0) zki_fr_set_u64(&k1, 15); /* one full window */
        uint64_t l[4];
        zki_fr_to_limbs(l, &k1);
        zki_g2 G, t;
        zki_g2_from_aff(&G, &g);
        zki_g2_mul(&t, &G, &k1);
        zki_g2_aff ta;
        zki_g2_to_aff(&ta, &t);
        opt o, og = {g.x, g.y, 0};
        o_mul(&o, &og, l);
        CHECK(o_eq_aff(&o, &ta));
        /* linearity: [k1]G + [k2]G = [k1 + k2]G and [k1]([k2]G) = [k1 k2]G */
        zki_g2 t2, s;
        zki_g2_mul(&t2, &G, &k2);
        zki_g2_add(&s, &t, &t2);
        zki_fr_add(&ks, &k1, &k2);
        zki_g2_mul(&t2, &G, &ks);
        CHECK(zki_g2_eq(&s, &t2));
        zki_g2_mul(&t2, &G, &k2);
        zki_g2_mul(&t2, &t2, &k1);
        zki_fr_mul(&ks, &k1, &k2);
        zki_g2_mul(&s, &G, &ks);
        CHECK(zki_g2_eq(&s, &t2));
    }
}

CASE(g2_psi_acts_as_p_on_g2) {
    /* ψ(Q) = [p mod r]Q = [6x^2]Q on G2; ψ^2 − tψ + p = 0 on every twist point. */
    mpz_t p, rr, e;
    mpz_inits(p, rr, e, NULL);
    mpz_import(p, 4, -1, 8, 0, 0, zki_fq_modulus);
    mpz_import(rr, 4, -1, 8, 0, 0, zki_fr_modulus);
    mpz_mod(e, p, rr);
    uint64_t pm[4], pl[4], tl[4];
    limbs_of(pm, e);
    limbs_of(pl, p);
    mpz_add_ui(e, p, 1);
    mpz_sub(e, e, rr); /* t = p + 1 − r */
    limbs_of(tl, e);
    for (unsigned it = 0; it < zt_iters(5) + 1; it++) {
        zki_g2_aff q, pa;
        zki_g2 Q, l, r;
        rand_g2(&q);
        zki_g2_from_aff(&Q, &q);
        zki_g2_psi(&l, &Q);
        zki_g2_mul_limbs(&r, &Q, pm);
        CHECK(zki_g2_eq(&l, &r));
        zki_g2_aff_psi(&pa, &q);
        zki_g2_from_aff(&r, &pa);
        CHECK(zki_g2_eq(&l, &r));

        rand_twist_point(&q);
        zki_g2_from_aff(&Q, &q);
        zki_g2 s1, s2, s3;
        zki_g2_psi(&s1, &Q);
        zki_g2_psi(&s1, &s1);             /* ψ^2 Q */
        zki_g2_psi(&s2, &Q);
        zki_g2_mul_limbs(&s2, &s2, tl);   /* t ψ Q */
        zki_g2_neg(&s2, &s2);
        zki_g2_mul_limbs(&s3, &Q, pl);    /* p Q */
        zki_g2_add(&s1, &s1, &s2);
        zki_g2_add(&s1, &s1, &s3);
        CHECK(zki_g2_is_inf(&s1));
    }
    mpz_clears(p, rr, e, NULL);
}

CASE(g2_subgroup_check_matches_order_r) {
    mpz_t p, rr, c;
    mpz_inits(p, rr, c, NULL);
    mpz_import(p, 4, -1, 8, 0, 0, zki_fq_modulus);
    mpz_import(rr, 4, -1, 8, 0, 0, zki_fr_modulus);
    mpz_mul_ui(c, p, 2);
    mpz_sub(c, c, rr); /* the cofactor 2p − r */
    uint64_t cl[4];
    limbs_of(cl, c);
    unsigned outside = 0;
    for (unsigned it = 0; it < zt_iters(20) + 2; it++) {
        zki_g2_aff q, g;
        zki_g2 Q, t;
        rand_twist_point(&q);
        REQUIRE(zki_g2_aff_is_on_curve(&q));
        int in = order_divides_r(&q);
        CHECK(zki_g2_aff_in_subgroup(&q) == in);
        outside += !in;

        /* [r]q: a point of the cofactor part (order dividing c), never in G2 unless O */
        zki_g2_from_aff(&Q, &q);
        zki_g2_mul_limbs(&t, &Q, zki_fr_modulus);
        zki_g2_aff h;
        zki_g2_to_aff(&h, &t);
        CHECK(zki_g2_aff_is_on_curve(&h));
        CHECK(zki_g2_aff_in_subgroup(&h) == order_divides_r(&h));
        CHECK(zki_g2_aff_is_inf(&h) || !zki_g2_aff_in_subgroup(&h));

        /* G2 point + cofactor-part point: outside */
        rand_g2(&g);
        zki_g2_add_aff(&t, &t, &g);
        zki_g2_to_aff(&h, &t);
        CHECK(zki_g2_aff_in_subgroup(&h) == order_divides_r(&h));

        /* [c]q: cofactor cleared, inside */
        zki_g2_mul_limbs(&t, &Q, cl);
        zki_g2_to_aff(&h, &t);
        CHECK(zki_g2_aff_in_subgroup(&h));
        CHECK(order_divides_r(&h));
    }
    CHECK(outside > 0);
    mpz_clears(p, rr, c, NULL);
}

CASE(g2_encoding_round_trip_and_rejections) {
    uint8_t enc[128], zero[128] = {0};
    zki_g2_aff a, b, keep;
    /* infinity: 128 zero bytes */
    REQUIRE(zki_g2_aff_from_bytes(&a, zero) == ZKI_OK);
    CHECK(zki_g2_aff_is_inf(&a));
    zki_g2_aff_to_bytes(enc, &a);
    CHECK(memcmp(enc, zero, 128) == 0);
    for (unsigned it = 0; it < zt_iters(10) + 1; it++) {
        rand_g2(&a);
        zki_g2_aff_to_bytes(enc, &a);
        REQUIRE(zki_g2_aff_from_bytes(&b, enc) == ZKI_OK);
        CHECK(zki_fq2_eq(&a.x, &b.x) && zki_fq2_eq(&a.y, &b.y));
    }
    zki_g2_generator(&keep);
    /* a coordinate >= p in each of the four slots: p itself and 2^256 − 1 */
    uint8_t pbytes[32];
    for (int i = 0; i < 32; i++) pbytes[i] = (uint8_t)(zki_fq_modulus[3 - i / 8] >> (56 - 8 * (i % 8)));
    rand_g2(&a);
    zki_g2_aff_to_bytes(enc, &a);
    for (int slot = 0; slot < 4; slot++) {
        uint8_t bad[128];
        memcpy(bad, enc, 128);
        memcpy(bad + 32 * slot, pbytes, 32);
        b = keep;
        CHECK(zki_g2_aff_from_bytes(&b, bad) == ZKI_ERR_NONCANONICAL);
        CHECK(zki_fq2_eq(&b.x, &keep.x) && zki_fq2_eq(&b.y, &keep.y)); /* untouched */
        memset(bad + 32 * slot, 0xff, 32);
        CHECK(zki_g2_aff_from_bytes(&b, bad) == ZKI_ERR_NONCANONICAL);
    }
    /* off the curve: a changed y; also (0, 1) and the all-zero x with y = 1 */
    uint8_t bad[128];
    memcpy(bad, enc, 128);
    bad[127] ^= 1;
    b = keep;
    CHECK(zki_g2_aff_from_bytes(&b, bad) == ZKI_ERR_NOT_ON_CURVE);
    CHECK(zki_fq2_eq(&b.x, &keep.x));
    memset(bad, 0, 128);
    bad[127] = 1;
    CHECK(zki_g2_aff_from_bytes(&b, bad) == ZKI_ERR_NOT_ON_CURVE);
    /* on the curve, outside G2 */
    for (unsigned it = 0; it < 3; it++) {
        rand_twist_point(&a);
        if (order_divides_r(&a)) continue;
        zki_g2_aff_to_bytes(bad, &a);
        b = keep;
        CHECK(zki_g2_aff_from_bytes(&b, bad) == ZKI_ERR_NOT_IN_SUBGROUP);
        CHECK(zki_fq2_eq(&b.x, &keep.x) && zki_fq2_eq(&b.y, &keep.y));
    }
}
