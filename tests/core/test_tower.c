/* The extension tower Fq2 ⊂ Fq6 ⊂ Fq12: ring laws on random elements, inverses,
 * the special products (sparse, by a non-residue, squarings) against the generic
 * ones, the Frobenius maps against a^(p^k) computed by plain exponentiation, and
 * the embedded Frobenius constants recomputed from ξ^(j(p^k − 1)/6) with GMP
 * supplying the exponents. */
#include <gmp.h>
#include <string.h>

#include "fq12.h"
#include "test.h"

static void rand_fq(zki_fq *r) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fq_from_bytes_reduce(r, b);
}

static void rand_fq2(zki_fq2 *r) {
    rand_fq(&r->c0);
    rand_fq(&r->c1);
}

static void rand_fq6(zki_fq6 *r) {
    rand_fq2(&r->c0);
    rand_fq2(&r->c1);
    rand_fq2(&r->c2);
}

static void rand_fq12(zki_fq12 *r) {
    rand_fq6(&r->c0);
    rand_fq6(&r->c1);
}

/* e = z as little-endian limbs; returns the limb count (at most cap). */
static size_t mpz_to_limbs(uint64_t *e, size_t cap, const mpz_t z) {
    size_t n = 0;
    memset(e, 0, cap * sizeof *e);
    mpz_export(e, &n, -1, 8, 0, 0, z);
    return n ? n : 1;
}

static void mpz_p(mpz_t p) { mpz_import(p, 4, -1, 8, 0, 0, zki_fq_modulus); }

static void xi(zki_fq2 *r) {
    zki_fq_set_u64(&r->c0, 9);
    zki_fq_set_u64(&r->c1, 1);
}

CASE(fq2_ring_laws_and_inverse) {
    for (unsigned it = 0; it < zt_iters(200); it++) {
        zki_fq2 a, b, c, l, r, t;
        rand_fq2(&a);
        rand_fq2(&b);
        rand_fq2(&c);
        zki_fq2_mul(&l, &a, &b);
        zki_fq2_mul(&r, &b, &a);
        CHECK(zki_fq2_eq(&l, &r));
        zki_fq2_mul(&l, &l, &c);
        zki_fq2_mul(&r, &b, &c);
        zki_fq2_mul(&r, &a, &r);
        CHECK(zki_fq2_eq(&l, &r));
        zki_fq2_add(&t, &b, &c);
        zki_fq2_mul(&l, &a, &t);
        zki_fq2_mul(&r, &a, &b);
        zki_fq2_mul(&t, &a, &c);
        zki_fq2_add(&r, &r, &t);
        CHECK(zki_fq2_eq(&l, &r));
        zki_fq2_sqr(&l, &a);
        zki_fq2_mul(&r, &a, &a);
        CHECK(zki_fq2_eq(&l, &r));
        zki_fq2_sub(&t, &a, &b);
        zki_fq2_add(&t, &t, &b);
        CHECK(zki_fq2_eq(&t, &a));
        zki_fq2_neg(&t, &a);
        zki_fq2_add(&t, &t, &a);
        CHECK(zki_fq2_is_zero(&t));
        zki_fq2_half(&t, &a);
        zki_fq2_dbl(&t, &t);
        CHECK(zki_fq2_eq(&t, &a));
        REQUIRE(zki_fq2_inv(&t, &a) == 1);
        zki_fq2_mul(&t, &t, &a);
        CHECK(zki_fq2_is_one(&t));
        /* aliasing: r == a */
        t = a;
        zki_fq2_mul(&t, &t, &b);
        zki_fq2_mul(&l, &a, &b);
        CHECK(zki_fq2_eq(&t, &l));
        /* mul_fq agrees with the generic product by (k, 0) */
        zki_fq2 k2;
        rand_fq(&k2.c0);
        zki_fq_set_zero(&k2.c1);
        zki_fq2_mul_fq(&l, &a, &k2.c0);
        zki_fq2_mul(&r, &a, &k2);
        CHECK(zki_fq2_eq(&l, &r));
        /* ξ·a */
        zki_fq2 x;
        xi(&x);
        zki_fq2_mul_by_nonresidue(&l, &a);
        zki_fq2_mul(&r, &a, &x);
        CHECK(zki_fq2_eq(&l, &r));
    }
    zki_fq2 z, t, u;
    zki_fq2_set_zero(&z);
    CHECK(zki_fq2_inv(&t, &z) == 0);
    CHECK(zki_fq2_is_zero(&t));
    /* u^2 = −1 */
    zki_fq_set_zero(&u.c0);
    zki_fq_set_one(&u.c1);
    zki_fq2_sqr(&t, &u);
    zki_fq2_neg(&t, &t);
    CHECK(zki_fq2_is_one(&t));
}

CASE(fq2_conjugate_is_frobenius_and_sqrt) {
    mpz_t p;
    mpz_init(p);
    mpz_p(p);
    uint64_t e[4];
    size_t n = mpz_to_limbs(e, 4, p);
    for (unsigned it = 0; it < zt_iters(20); it++) {
        zki_fq2 a, l, r;
        rand_fq2(&a);
        zki_fq2_conj(&l, &a);
        zki_fq2_pow_var(&r, &a, e, n);
        CHECK(zki_fq2_eq(&l, &r));
    }
    unsigned squares = 0, nonsquares = 0;
    for (unsigned it = 0; it < zt_iters(100); it++) {
        zki_fq2 a, s, t;
        rand_fq2(&a);
        if (it % 10 == 1) zki_fq_set_zero(&a.c1); /* the Fq special case */
        int leg = zki_fq2_legendre_var(&a);
        int ok = zki_fq2_sqrt_var(&s, &a);
        CHECK(ok == (leg == 1));
        if (ok) {
            squares++;
            zki_fq2_sqr(&t, &s);
            CHECK(zki_fq2_eq(&t, &a));
        } else {
            nonsquares++;
        }
        /* a^2 is always a square, with root ±a */
        zki_fq2_sqr(&t, &a);
        REQUIRE(zki_fq2_sqrt_var(&s, &t) == 1);
        zki_fq2 na;
        zki_fq2_neg(&na, &a);
        CHECK(zki_fq2_eq(&s, &a) || zki_fq2_eq(&s, &na));
    }
    CHECK(squares > 0 && nonsquares > 0);
    /* ξ is a non-square (needed for the tower) */
    zki_fq2 x, s;
    xi(&x);
    CHECK(zki_fq2_legendre_var(&x) == -1);
    CHECK(zki_fq2_sqrt_var(&s, &x) == 0);
    mpz_clear(p);
}

CASE(fq6_ring_laws_inverse_and_sparse_products) {
    for (unsigned it = 0; it < zt_iters(100); it++) {
        zki_fq6 a, b, c, l, r, t;
        rand_fq6(&a);
        rand_fq6(&b);
        rand_fq6(&c);
        zki_fq6_mul(&l, &a, &b);
        zki_fq6_mul(&r, &b, &a);
        CHECK(zki_fq6_eq(&l, &r));
        zki_fq6_mul(&l, &l, &c);
        zki_fq6_mul(&r, &b, &c);
        zki_fq6_mul(&r, &a, &r);
        CHECK(zki_fq6_eq(&l, &r));
        zki_fq6_add(&t, &b, &c);
        zki_fq6_mul(&l, &a, &t);
        zki_fq6_mul(&r, &a, &b);
        zki_fq6_mul(&t, &a, &c);
        zki_fq6_add(&r, &r, &t);
        CHECK(zki_fq6_eq(&l, &r));
        zki_fq6_sqr(&l, &a);
        zki_fq6_mul(&r, &a, &a);
        CHECK(zki_fq6_eq(&l, &r));
        REQUIRE(zki_fq6_inv(&t, &a) == 1);
        zki_fq6_mul(&t, &t, &a);
        CHECK(zki_fq6_is_one(&t));
        /* sparse (b0 + b1 v) */
        zki_fq6 s = b;
        zki_fq2_set_zero(&s.c2);
        zki_fq6_mul_by_01(&l, &a, &s.c0, &s.c1);
        zki_fq6_mul(&r, &a, &s);
        CHECK(zki_fq6_eq(&l, &r));
        /* scalar in Fq2 */
        s = b;
        zki_fq2_set_zero(&s.c1);
        zki_fq2_set_zero(&s.c2);
        zki_fq6_mul_fq2(&l, &a, &s.c0);
        zki_fq6_mul(&r, &a, &s);
        CHECK(zki_fq6_eq(&l, &r));
        /* by v */
        zki_fq6 v;
        zki_fq6_set_zero(&v);
        zki_fq2_set_one(&v.c1);
        zki_fq6_mul_by_nonresidue(&l, &a);
        zki_fq6_mul(&r, &a, &v);
        CHECK(zki_fq6_eq(&l, &r));
        zki_fq6_sub(&t, &a, &b);
        zki_fq6_add(&t, &t, &b);
        CHECK(zki_fq6_eq(&t, &a));
        zki_fq6_neg(&t, &a);
        zki_fq6_add(&t, &t, &a);
        CHECK(zki_fq6_is_zero(&t));
    }
    /* v^3 = ξ */
    zki_fq6 v, t;
    zki_fq6_set_zero(&v);
    zki_fq2_set_one(&v.c1);
    zki_fq6_sqr(&t, &v);
    zki_fq6_mul(&t, &t, &v);
    zki_fq2 x;
    xi(&x);
    CHECK(zki_fq2_eq(&t.c0, &x) && zki_fq2_is_zero(&t.c1) && zki_fq2_is_zero(&t.c2));
    zki_fq6_set_zero(&v);
    CHECK(zki_fq6_inv(&t, &v) == 0);
}

CASE(fq12_ring_laws_inverse_and_sparse_products) {
    for (unsigned it = 0; it < zt_iters(50); it++) {
        zki_fq12 a, b, c, l, r, t;
        rand_fq12(&a);
        rand_fq12(&b);
        rand_fq12(&c);
        zki_fq12_mul(&l, &a, &b);
        zki_fq12_mul(&r, &b, &a);
        CHECK(zki_fq12_eq(&l, &r));
        zki_fq12_mul(&l, &l, &c);
        zki_fq12_mul(&r, &b, &c);
        zki_fq12_mul(&r, &a, &r);
        CHECK(zki_fq12_eq(&l, &r));
        zki_fq12_add(&t, &b, &c);
        zki_fq12_mul(&l, &a, &t);
        zki_fq12_mul(&r, &a, &b);
        zki_fq12_mul(&t, &a, &c);
        zki_fq12_add(&r, &r, &t);
        CHECK(zki_fq12_eq(&l, &r));
        zki_fq12_sqr(&l, &a);
        zki_fq12_mul(&r, &a, &a);
        CHECK(zki_fq12_eq(&l, &r));
        REQUIRE(zki_fq12_inv(&t, &a) == 1);
        zki_fq12_mul(&t, &t, &a);
        CHECK(zki_fq12_is_one(&t));
        /* a line value l0 + l3 w + l4 v w */
        zki_fq12 s;
        zki_fq12_set_zero(&s);
        rand_fq2(&s.c0.c0);
        rand_fq2(&s.c1.c0);
        rand_fq2(&s.c1.c1);
        zki_fq12_mul_by_034(&l, &a, &s.c0.c0, &s.c1.c0, &s.c1.c1);
        zki_fq12_mul(&r, &a, &s);
        CHECK(zki_fq12_eq(&l, &r));
        t = a; /* aliasing */
        zki_fq12_mul_by_034(&t, &t, &s.c0.c0, &s.c1.c0, &s.c1.c1);
        CHECK(zki_fq12_eq(&t, &r));
        /* two line values multiplied together, then into a */
        zki_fq12 s2, ll;
        zki_fq12_set_zero(&s2);
        rand_fq2(&s2.c0.c0);
        rand_fq2(&s2.c1.c0);
        rand_fq2(&s2.c1.c1);
        zki_fq12_mul_034_by_034(&ll, &s.c0.c0, &s.c1.c0, &s.c1.c1, &s2.c0.c0, &s2.c1.c0, &s2.c1.c1);
        zki_fq12_mul(&r, &s, &s2);
        CHECK(zki_fq12_eq(&ll, &r));
        CHECK(zki_fq2_is_zero(&ll.c1.c2));
        zki_fq12_mul_by_01234(&l, &a, &ll);
        zki_fq12_mul(&r, &a, &ll);
        CHECK(zki_fq12_eq(&l, &r));
        t = a;
        zki_fq12_mul_by_01234(&t, &t, &ll);
        CHECK(zki_fq12_eq(&t, &r));
        zki_fq12_sub(&t, &a, &b);
        zki_fq12_add(&t, &t, &b);
        CHECK(zki_fq12_eq(&t, &a));
        zki_fq12_neg(&t, &a);
        zki_fq12_add(&t, &t, &a);
        CHECK(zki_fq12_is_zero(&t));
    }
    /* w^2 = v */
    zki_fq12 w, t;
    zki_fq12_set_zero(&w);
    zki_fq2_set_one(&w.c1.c0);
    zki_fq12_sqr(&t, &w);
    CHECK(zki_fq6_is_zero(&t.c1) && zki_fq2_is_zero(&t.c0.c0) && zki_fq2_is_one(&t.c0.c1) &&
          zki_fq2_is_zero(&t.c0.c2));
    zki_fq12_set_zero(&w);
    CHECK(zki_fq12_inv(&t, &w) == 0);
}

CASE(fq12_frobenius_is_pth_power_and_conjugation) {
    mpz_t p, pk;
    mpz_inits(p, pk, NULL);
    mpz_p(p);
    mpz_set_ui(pk, 1);
    uint64_t e[80];
    for (unsigned k = 1; k <= 3; k++) {
        mpz_mul(pk, pk, p);
        size_t n = mpz_to_limbs(e, 80, pk);
        for (unsigned it = 0; it < zt_iters(4) + 1; it++) {
            zki_fq12 a, l, r;
            rand_fq12(&a);
            zki_fq12_frobenius(&l, &a, k);
            zki_fq12_pow_var(&r, &a, e, n);
            CHECK(zki_fq12_eq(&l, &r));
            zki_fq12_frobenius(&a, &a, k); /* aliasing */
            CHECK(zki_fq12_eq(&a, &r));
        }
    }
    /* conj = p^6-power; frobenius composes; frobenius^12 = identity */
    for (unsigned it = 0; it < zt_iters(10); it++) {
        zki_fq12 a, l, r, t;
        rand_fq12(&a);
        zki_fq12_conj(&l, &a);
        zki_fq12_frobenius(&r, &a, 6);
        CHECK(zki_fq12_eq(&l, &r));
        zki_fq12_frobenius(&t, &a, 1);
        zki_fq12_frobenius(&t, &t, 1);
        zki_fq12_frobenius(&r, &a, 2);
        CHECK(zki_fq12_eq(&t, &r));
        zki_fq12_frobenius(&t, &a, 7);
        zki_fq12_frobenius(&t, &t, 5);
        CHECK(zki_fq12_eq(&t, &a));
        /* Frobenius is a ring homomorphism */
        zki_fq12 b;
        rand_fq12(&b);
        zki_fq12_mul(&t, &a, &b);
        zki_fq12_frobenius(&t, &t, 1);
        zki_fq12_frobenius(&l, &a, 1);
        zki_fq12_frobenius(&r, &b, 1);
        zki_fq12_mul(&l, &l, &r);
        CHECK(zki_fq12_eq(&t, &l));
    }
    mpz_clears(p, pk, NULL);
}

CASE(fq12_frobenius_constants) {
    /* gamma[k−1][j] = ξ^(j (p^k − 1)/6), recomputed here with the exponent from GMP */
    mpz_t p, pk, ex;
    mpz_inits(p, pk, ex, NULL);
    mpz_p(p);
    mpz_set_ui(pk, 1);
    zki_fq2 x;
    xi(&x);
    uint64_t e[16];
    for (unsigned k = 1; k <= 3; k++) {
        mpz_mul(pk, pk, p);
        for (unsigned j = 0; j < 6; j++) {
            mpz_sub_ui(ex, pk, 1);
            REQUIRE(mpz_divisible_ui_p(ex, 6));
            mpz_divexact_ui(ex, ex, 6);
            mpz_mul_ui(ex, ex, j);
            size_t n = mpz_to_limbs(e, 16, ex);
            zki_fq2 g;
            zki_fq2_pow_var(&g, &x, e, n);
            CHECK(zki_fq2_eq(&g, &zki_fq12_frob_gamma[k - 1][j]));
        }
        if (k == 2)
            for (unsigned j = 0; j < 6; j++) CHECK(zki_fq_is_zero(&zki_fq12_frob_gamma[1][j].c1));
    }
    zki_fq2 m1;
    zki_fq2_set_one(&m1);
    zki_fq2_neg(&m1, &m1);
    CHECK(zki_fq2_eq(&zki_fq12_frob_gamma[1][3], &m1));
    mpz_clears(p, pk, ex, NULL);
}

CASE(fq12_cyclotomic_squaring) {
    for (unsigned it = 0; it < zt_iters(20); it++) {
        zki_fq12 a, t, l, r;
        rand_fq12(&a);
        /* a^((p^6 − 1)(p^2 + 1)) lies in the cyclotomic subgroup */
        REQUIRE(zki_fq12_inv(&t, &a));
        zki_fq12_conj(&a, &a);
        zki_fq12_mul(&a, &a, &t);
        zki_fq12_frobenius(&t, &a, 2);
        zki_fq12_mul(&a, &a, &t);
        zki_fq12_cyclotomic_sqr(&l, &a);
        zki_fq12_sqr(&r, &a);
        CHECK(zki_fq12_eq(&l, &r));
        /* conj is the inverse there */
        zki_fq12_conj(&t, &a);
        zki_fq12_mul(&t, &t, &a);
        CHECK(zki_fq12_is_one(&t));
        zki_fq12_cyclotomic_sqr(&a, &a); /* aliasing */
        CHECK(zki_fq12_eq(&a, &r));
    }
}
