/* KZG over a development SRS whose τ the test knows, which gives an independent
 * oracle: C must equal p(τ)·G and W must equal ((p(τ) − p(z))/(τ − z))·G, computed by
 * plain scalar multiplication. Then verification: honest openings accepted, a wrong
 * value, witness, point or commitment rejected; batched openings at 2 and 3 points
 * accepted and rejected when any one claimed value (or witness, point, commitment,
 * challenge) changes. */
#include <stdlib.h>
#include <string.h>

#include "kzg.h"
#include "test.h"

static const uint8_t seed[] = "zkinfer kzg tests";

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static void eval(zki_fr *y, const zki_fr *a, size_t n, const zki_fr *x) {
    zki_fr_set_zero(y);
    for (size_t i = n; i > 0; i--) {
        zki_fr_mul(y, y, x);
        zki_fr_add(y, y, &a[i - 1]);
    }
}

static void g1_times(zki_g1_aff *r, const zki_fr *k) {
    zki_g1_aff g;
    zki_g1 j;
    zki_g1_generator(&g);
    zki_g1_from_aff(&j, &g);
    zki_g1_mul(&j, &j, k);
    zki_g1_to_aff(r, &j);
}

static int g1_same(const zki_g1_aff *a, const zki_g1_aff *b) {
    return zki_fq_eq(&a->x, &b->x) && zki_fq_eq(&a->y, &b->y);
}

/* r = a + G (a different, valid point). */
static void g1_bump(zki_g1_aff *r, const zki_g1_aff *a) {
    zki_g1_aff g;
    zki_g1 j;
    zki_g1_generator(&g);
    zki_g1_from_aff(&j, a);
    zki_g1_add_aff(&j, &j, &g);
    zki_g1_to_aff(r, &j);
}

CASE(kzg_divide_identity) {
    for (unsigned it = 0; it < zt_iters(50); it++) {
        size_t n = 1 + (size_t)(zt_rand_u64() % 40);
        zki_fr a[40], q[40], z, y, x, px, qx, t;
        for (size_t i = 0; i < n; i++) rand_fr(&a[i]);
        rand_fr(&z);
        rand_fr(&x);
        zki_kzg_divide(q, &y, a, n, &z);
        eval(&t, a, n, &z);
        CHECK(zki_fr_eq(&t, &y));
        /* p(x) = q(x)(x − z) + y */
        eval(&px, a, n, &x);
        eval(&qx, q, n - 1, &x);
        zki_fr_sub(&t, &x, &z);
        zki_fr_mul(&t, &t, &qx);
        zki_fr_add(&t, &t, &y);
        CHECK(zki_fr_eq(&t, &px));
    }
}

CASE(kzg_commit_open_verify) {
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, 9, seed, sizeof seed - 1) == ZKI_OK);
    zki_kzg_vk vk;
    zki_kzg_vk_from_srs(&vk, &srs);
    zki_fr tau;
    zki_srs_dev_tau(&tau, seed, sizeof seed - 1);
    zki_fr *a = malloc(301 * sizeof *a);
    REQUIRE(a != NULL);

    unsigned iters = zt_iters(40);
    for (unsigned it = 0; it < iters; it++) {
        /* Degrees 0..12 first, then random up to 300, and 300 itself. */
        size_t n = it <= 12 ? it + 1 : it == iters - 1 ? 301 : 1 + (size_t)(zt_rand_u64() % 301);
        for (size_t i = 0; i < n; i++) rand_fr(&a[i]);
        zki_fr z, y, ptau, t, d;
        rand_fr(&z);
        zki_g1_aff C, W, want, bad;
        REQUIRE(zki_kzg_commit(&C, &srs, a, n, 0) == ZKI_OK);
        eval(&ptau, a, n, &tau);
        g1_times(&want, &ptau);
        CHECK(g1_same(&C, &want));

        REQUIRE(zki_kzg_open(&y, &W, &srs, a, n, &z, it % 3) == ZKI_OK);
        eval(&t, a, n, &z);
        CHECK(zki_fr_eq(&y, &t));
        zki_fr_sub(&t, &ptau, &y);
        zki_fr_sub(&d, &tau, &z);
        zki_fr_inv(&d, &d);
        zki_fr_mul(&t, &t, &d);
        g1_times(&want, &t);
        CHECK(g1_same(&W, &want));

        CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y, &W), ZKI_OK);
        zki_fr one, y2, z2;
        zki_fr_set_one(&one);
        zki_fr_add(&y2, &y, &one);
        CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y2, &W), ZKI_REJECT);
        zki_fr_add(&z2, &z, &one);
        /* A constant polynomial has the same value everywhere: only then may z move. */
        CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z2, &y, &W), n == 1 ? ZKI_OK : ZKI_REJECT);
        g1_bump(&bad, &W);
        CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y, &bad), ZKI_REJECT);
        g1_bump(&bad, &C);
        CHECK_EQ_INT(zki_kzg_verify(&vk, &bad, &z, &y, &W), ZKI_REJECT);
        /* The witness for another point does not open at z (for degree >= 2: a linear
         * polynomial's quotient is its constant slope, the same at every point). */
        zki_g1_aff W2;
        zki_fr y3;
        REQUIRE(zki_kzg_open(&y3, &W2, &srs, a, n, &z2, 1) == ZKI_OK);
        if (n > 2) CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y, &W2), ZKI_REJECT);
        CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z2, &y3, &W2), ZKI_OK);
    }
    free(a);
    zki_srs_free(&srs);
}

CASE(kzg_edge_cases) {
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, 3, seed, sizeof seed - 1) == ZKI_OK);
    zki_kzg_vk vk;
    zki_kzg_vk_from_srs(&vk, &srs);
    zki_fr a[9], z, y;
    for (int i = 0; i < 9; i++) rand_fr(&a[i]);
    rand_fr(&z);
    zki_g1_aff C, W;
    /* Sizes: up to n_g1 coefficients. */
    CHECK_EQ_INT(zki_kzg_commit(&C, &srs, a, 8, 1), ZKI_OK);
    CHECK_EQ_INT(zki_kzg_commit(&C, &srs, a, 9, 1), ZKI_ERR_SIZE);
    CHECK_EQ_INT(zki_kzg_open(&y, &W, &srs, a, 9, &z, 1), ZKI_ERR_SIZE);
    CHECK_EQ_INT(zki_kzg_commit(&C, &srs, NULL, 3, 1), ZKI_ERR_ARG);
    /* The empty (zero) polynomial: C and W at infinity, value 0. */
    REQUIRE(zki_kzg_commit(&C, &srs, a, 0, 1) == ZKI_OK);
    CHECK(zki_g1_aff_is_inf(&C));
    REQUIRE(zki_kzg_open(&y, &W, &srs, a, 0, &z, 1) == ZKI_OK);
    CHECK(zki_fr_is_zero(&y) && zki_g1_aff_is_inf(&W));
    CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y, &W), ZKI_OK);
    /* All-zero coefficients commit to infinity too. */
    zki_fr zero[4];
    memset(zero, 0, sizeof zero);
    for (int i = 0; i < 4; i++) zki_fr_set_zero(&zero[i]);
    REQUIRE(zki_kzg_commit(&C, &srs, zero, 4, 1) == ZKI_OK);
    CHECK(zki_g1_aff_is_inf(&C));
    /* Opening at a root: value 0, still verifies. p(X) = X − z. */
    zki_fr lin[2];
    zki_fr_neg(&lin[0], &z);
    zki_fr_set_one(&lin[1]);
    REQUIRE(zki_kzg_commit(&C, &srs, lin, 2, 1) == ZKI_OK);
    REQUIRE(zki_kzg_open(&y, &W, &srs, lin, 2, &z, 1) == ZKI_OK);
    CHECK(zki_fr_is_zero(&y));
    CHECK_EQ_INT(zki_kzg_verify(&vk, &C, &z, &y, &W), ZKI_OK);
    zki_srs_free(&srs);
}

/* m points; at point j, 1 + (j + extra) % 3 polynomials of assorted lengths. */
typedef struct {
    size_t m, n[3], len[3][3];
    zki_fr coeffs[3][3][40];
    zki_g1_aff C[3][3];
    zki_fr y[3][3];
    zki_kzg_claims claims[3];
} batch;

static int batch_make(batch *b, const zki_srs *srs, size_t m, const zki_fr *gamma) {
    b->m = m;
    for (size_t j = 0; j < m; j++) {
        b->n[j] = 1 + (j + (size_t)(zt_rand_u64() % 3)) % 3;
        const zki_fr *polys[3];
        for (size_t k = 0; k < b->n[j]; k++) {
            b->len[j][k] = 2 + (size_t)(zt_rand_u64() % 39);
            for (size_t i = 0; i < b->len[j][k]; i++) rand_fr(&b->coeffs[j][k][i]);
            if (zki_kzg_commit(&b->C[j][k], srs, b->coeffs[j][k], b->len[j][k], 1) != ZKI_OK) return 0;
            polys[k] = b->coeffs[j][k];
        }
        zki_kzg_claims *c = &b->claims[j];
        rand_fr(&c->z);
        c->n = b->n[j];
        c->C = b->C[j];
        c->y = b->y[j];
        if (zki_kzg_open_multi(b->y[j], &c->W, srs, polys, b->len[j], b->n[j], &c->z, gamma, 1) != ZKI_OK)
            return 0;
    }
    return 1;
}

CASE(kzg_batch_two_and_three_points) {
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, 6, seed, sizeof seed - 1) == ZKI_OK);
    zki_kzg_vk vk;
    zki_kzg_vk_from_srs(&vk, &srs);
    batch *b = malloc(sizeof *b);
    REQUIRE(b != NULL);
    zki_fr one;
    zki_fr_set_one(&one);

    for (unsigned it = 0; it < zt_iters(6); it++) {
        size_t m = 1 + it % 3;
        zki_fr gamma, u, t;
        rand_fr(&gamma);
        rand_fr(&u);
        REQUIRE(batch_make(b, &srs, m, &gamma));
        /* The claimed values are the polynomials' values. */
        for (size_t j = 0; j < m; j++)
            for (size_t k = 0; k < b->n[j]; k++) {
                eval(&t, b->coeffs[j][k], b->len[j][k], &b->claims[j].z);
                CHECK(zki_fr_eq(&t, &b->y[j][k]));
            }
        CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_OK);

        /* Each claimed value changed in turn. */
        for (size_t j = 0; j < m; j++)
            for (size_t k = 0; k < b->n[j]; k++) {
                zki_fr keep = b->y[j][k];
                zki_fr_add(&b->y[j][k], &keep, &one);
                CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_REJECT);
                b->y[j][k] = keep;
            }
        for (size_t j = 0; j < m; j++) {
            zki_kzg_claims keep = b->claims[j];
            g1_bump(&b->claims[j].W, &keep.W);
            CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_REJECT);
            b->claims[j] = keep;
            zki_fr_add(&b->claims[j].z, &keep.z, &one);
            CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_REJECT);
            b->claims[j] = keep;
            zki_g1_aff keepc = b->C[j][0];
            g1_bump(&b->C[j][0], &keepc);
            CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_REJECT);
            b->C[j][0] = keepc;
        }
        /* A verifier folding with another γ; dropping a point; any u works. */
        zki_fr g2;
        zki_fr_add(&g2, &gamma, &one);
        int multi = 0;
        for (size_t j = 0; j < m; j++) multi |= b->n[j] > 1;
        if (multi) CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &g2, &u), ZKI_REJECT);
        if (m > 1) CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m - 1, &gamma, &u), ZKI_OK);
        rand_fr(&u);
        CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_OK);
        /* Two witnesses swapped between points. */
        if (m > 1) {
            zki_g1_aff w0 = b->claims[0].W;
            b->claims[0].W = b->claims[1].W;
            b->claims[1].W = w0;
            CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, m, &gamma, &u), ZKI_REJECT);
        }
    }
    CHECK_EQ_INT(zki_kzg_batch_verify(&vk, b->claims, 0, &one, &one), ZKI_ERR_ARG);
    free(b);
    zki_srs_free(&srs);
}

/* A single-polynomial claim through the batch API agrees with zki_kzg_verify. */
CASE(kzg_batch_single_matches_verify) {
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, 5, seed, sizeof seed - 1) == ZKI_OK);
    zki_kzg_vk vk;
    zki_kzg_vk_from_srs(&vk, &srs);
    zki_fr a[20], z, y, gamma, u;
    for (int i = 0; i < 20; i++) rand_fr(&a[i]);
    rand_fr(&z);
    rand_fr(&gamma);
    rand_fr(&u);
    zki_g1_aff C, W, W1;
    REQUIRE(zki_kzg_commit(&C, &srs, a, 20, 1) == ZKI_OK);
    REQUIRE(zki_kzg_open(&y, &W, &srs, a, 20, &z, 1) == ZKI_OK);
    const zki_fr *polys[1] = {a};
    size_t lens[1] = {20};
    zki_fr ys[1];
    REQUIRE(zki_kzg_open_multi(ys, &W1, &srs, polys, lens, 1, &z, &gamma, 1) == ZKI_OK);
    CHECK(zki_fr_eq(&ys[0], &y));
    CHECK(g1_same(&W, &W1));
    zki_kzg_claims c = {.z = z, .n = 1, .C = &C, .y = &y, .W = W};
    CHECK_EQ_INT(zki_kzg_batch_verify(&vk, &c, 1, &gamma, &u), ZKI_OK);
    zki_srs_free(&srs);
}
