/* Freivalds-checked matrix products (zki_nn_matmul): the results equal zki_nn_dot's on
 * random small matrices with padding, the row count is exactly zki_nn_matmul_rows, the
 * mock prover accepts with random challenges, and it rejects a changed result (with
 * every cell that copies it changed too, so only the Freivalds check can catch it), a
 * changed X copy, and late columns filled for another challenge; a real proof verifies,
 * and a proof of a changed result made without the prover's checks is rejected. */
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "nn.h"
#include "prove.h"
#include "nn/nn_emitted.h"
#include "test.h"

static void rand_fr(zki_fr *r) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(r, b);
}

static int64_t rand_in(int64_t lo, int64_t hi) { return lo + (int64_t)(zt_rand_u64() % (uint64_t)(hi - lo + 1)); }

/* A random product built twice in one builder: by Freivalds (y) and as dot products
 * (ref). X has a random share of padding (the zero wire). */
typedef struct {
    uint32_t c_out, k, p;
    zki_wire *y, *ref, *xw;
    uint64_t rows; /* rows zki_nn_matmul added */
} mm_case;

static zki_nn *build_case(mm_case *t, uint32_t width, int outputs) {
    zki_nn_params prm = {width, 4, 8, 0, 1, 0};
    zki_nn *nn = zki_nn_new(&prm);
    if (!nn) return NULL;
    uint32_t c = t->c_out, k = t->k, p = t->p;
    t->y = calloc((size_t)c * p, sizeof *t->y);
    t->ref = calloc((size_t)c * p, sizeof *t->ref);
    t->xw = calloc((size_t)k * p, sizeof *t->xw);
    int64_t *w = malloc((size_t)c * k * sizeof *w), *b = malloc(c * sizeof *b);
    zki_wire *col = malloc(k * sizeof *col);
    if (!t->y || !t->ref || !t->xw || !w || !b || !col) {
        free(w);
        free(b);
        free(col);
        zki_nn_free(nn);
        return NULL;
    }
    zki_wire zero = zki_nn_zero(nn);
    for (size_t i = 0; i < (size_t)k * p; i++)
        t->xw[i] = zt_rand_u64() % 4 == 0 ? zero : zki_nn_input(nn, rand_in(-2000, 2000), 0);
    for (size_t i = 0; i < (size_t)c * k; i++) w[i] = rand_in(-300, 300);
    for (uint32_t o = 0; o < c; o++) b[o] = rand_in(-100000, 100000);
    uint32_t r0 = zki_nn_rows(nn);
    /* the first product makes the constant 1 (one row) and a ones chain over 1 column */
    zki_wire y0;
    uint64_t want = zki_nn_matmul_rows_in(nn, 1, 1, 1);
    CHECK_EQ_INT(want, zki_nn_matmul_rows(width, 1, 1, 1) + 1);
    CHECK(zki_nn_matmul(nn, t->xw, w, b, 1, 1, 1, &y0) == ZKI_OK);
    CHECK_EQ_INT(zki_nn_rows(nn) - r0, want);
    r0 = zki_nn_rows(nn);
    want = zki_nn_matmul_rows_in(nn, c, k, p);
    CHECK_EQ_INT(want, zki_nn_matmul_rows(width, c, k, p) - (p == 1 ? 1 : 0)); /* p = 1 shares the ones chain */
    CHECK(zki_nn_matmul(nn, t->xw, w, b, c, k, p, t->y) == ZKI_OK);
    t->rows = zki_nn_rows(nn) - r0;
    CHECK_EQ_INT(t->rows, want);
    for (uint32_t o = 0; o < c; o++)
        for (uint32_t j = 0; j < p; j++) {
            for (uint32_t i = 0; i < k; i++) col[i] = t->xw[(size_t)i * p + j];
            t->ref[(size_t)o * p + j] = zki_nn_dot(nn, col, &w[(size_t)o * k], k, b[o]);
            if (outputs) zki_nn_output(nn, t->y[(size_t)o * p + j]);
        }
    free(w);
    free(b);
    free(col);
    return nn;
}

static void free_case(mm_case *t) {
    free(t->y);
    free(t->ref);
    free(t->xw);
}

/* The mock prover's verdict with late columns filled for fill_d and checked for check_d. */
static zki_status mock_with(zki_nn *nn, zt_emitted *e, const zki_fr *fill_d, const zki_fr *check_d, zki_mock_failure *f) {
    if (zki_nn_late(nn, fill_d, e->adv) != ZKI_OK) return ZKI_ERR_ARG;
    zki_witness w = {e->adv, e->inst, check_d};
    return zki_mock_prove(&e->cs, &w, f);
}

CASE(nn_matmul_equals_dot_products_and_mock_accepts) {
    static const uint32_t widths[] = {4, 5, 8};
    unsigned iters = zt_iters(12);
    for (unsigned it = 0; it < iters; it++) {
        mm_case t = {(uint32_t)rand_in(1, 4), (uint32_t)rand_in(1, 7), (uint32_t)rand_in(1, 19), NULL, NULL, NULL, 0};
        uint32_t width = widths[it % 3];
        zki_nn *nn = build_case(&t, width, 0);
        REQUIRE(nn);
        REQUIRE(zki_nn_status(nn) == ZKI_OK);
        for (size_t i = 0; i < (size_t)t.c_out * t.p; i++) CHECK_EQ_INT(zki_nn_value(nn, t.y[i]), zki_nn_value(nn, t.ref[i]));
        CHECK(zki_nn_has_late(nn));
        zt_emitted e;
        REQUIRE(zt_emit(nn, &e));
        CHECK_EQ_INT(e.cs.n_advice_late, 2);
        CHECK_EQ_INT(e.cs.n_challenges, 1);
        CHECK_EQ_INT(e.cs.n_advice, width + 4);
        zki_fr d, d2;
        rand_fr(&d);
        rand_fr(&d2);
        zki_mock_failure f;
        zki_status st = mock_with(nn, &e, &d, &d, &f);
        if (st != ZKI_OK) {
            char buf[160];
            zki_mock_failure_str(buf, sizeof buf, &f);
            zt_fail(__FILE__, __LINE__, buf);
        }
        /* late columns filled for another d: the chains no longer add up (over one
         * column no power of d appears: the check is then exact for every d) */
        if (t.p > 1) CHECK(mock_with(nn, &e, &d2, &d, &f) == ZKI_REJECT);
        zt_emitted_free(&e);
        free_case(&t);
        zki_nn_free(nn);
    }
}

CASE(nn_matmul_changed_result_or_copy_rejected) {
    unsigned iters = zt_iters(8);
    for (unsigned it = 0; it < iters; it++) {
        mm_case t = {(uint32_t)rand_in(1, 3), (uint32_t)rand_in(1, 6), (uint32_t)rand_in(2, 13), NULL, NULL, NULL, 0};
        zki_nn *nn = build_case(&t, 4, 1);
        REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
        zt_emitted e;
        REQUIRE(zt_emit(nn, &e));
        size_t n = e.cs.n;
        zki_fr d, one;
        rand_fr(&d);
        zki_fr_set_one(&one);
        zki_mock_failure f;
        CHECK(mock_with(nn, &e, &d, &d, &f) == ZKI_OK);
        /* one result Y_oj + 1, and its downstream (the public output copying it): the
         * early columns, the instance and every gate agree; only H_o != Σ W'·G differs */
        size_t q = (size_t)(zt_rand_u64() % ((uint64_t)t.c_out * t.p));
        zki_wire yw = t.y[q];
        zki_fr *cell = &e.adv[(size_t)yw.col * n + yw.row], keep = *cell;
        zki_fr_add(cell, cell, &one);
        zki_fr_add(&e.inst[q], &e.inst[q], &one);
        REQUIRE(mock_with(nn, &e, &d, &d, &f) == ZKI_REJECT);
        CHECK(f.kind == ZKI_MOCK_COPY);
        CHECK(f.a.kind == ZKI_COL_ADVICE && f.a.col == 4 + 3 && f.b.col == 4 + 3); /* the A cells: H_o vs Σ W'·G */
        *cell = keep;
        zki_fr_sub(&e.inst[q], &e.inst[q], &one);
        CHECK(mock_with(nn, &e, &d, &d, &f) == ZKI_OK);
        /* one X copy in an X chain (the first row of the first X chain): x_0 + 1 */
        uint32_t xrow = t.y[0].row + t.c_out * ((t.p + 3) / 4); /* after the c_out Y chains */
        cell = &e.adv[xrow];
        keep = *cell;
        zki_fr_add(cell, cell, &one);
        CHECK(mock_with(nn, &e, &d, &d, &f) == ZKI_REJECT);
        *cell = keep;
        /* another bias for output 0: its weight on the last row of the first dot chain
         * (x_0, tied to the fixed constant: after the Y, X and, for p > 1, its own ones
         * chains, k weight rows) + 1 and every Y_0j (and its public output) + 1: H_0 and
         * Σ W'·G both grow by Σ_j d^j, so only the tie to the fixed bias catches it */
        uint32_t b_rows = (t.p + 3) / 4, brow = t.y[0].row + (t.c_out + t.k + (t.p > 1)) * b_rows + t.k;
        zki_fr_add(&e.adv[brow], &e.adv[brow], &one);
        for (uint32_t j = 0; j < t.p; j++) {
            zki_fr *yc = &e.adv[(size_t)t.y[j].col * n + t.y[j].row];
            zki_fr_add(yc, yc, &one);
            zki_fr_add(&e.inst[j], &e.inst[j], &one);
        }
        CHECK(mock_with(nn, &e, &d, &d, &f) == ZKI_REJECT);
        CHECK(f.kind == ZKI_MOCK_COPY && (f.a.kind == ZKI_COL_FIXED || f.b.kind == ZKI_COL_FIXED));
        zt_emitted_free(&e);
        free_case(&t);
        zki_nn_free(nn);
    }
}

CASE(nn_matmul_refused_without_freivalds_and_for_empty_products) {
    zki_nn_params prm = {4, 4, 12, 0, 0, 0};
    zki_nn *nn = zki_nn_new(&prm);
    REQUIRE(nn);
    zki_wire x = zki_nn_input(nn, 3, 0), y;
    int64_t w = 2;
    CHECK(zki_nn_matmul(nn, &x, &w, NULL, 1, 1, 1, &y) == ZKI_ERR_ARG);
    CHECK(zki_nn_status(nn) == ZKI_ERR_ARG);
    zki_nn_free(nn);
    prm.freivalds = 1;
    nn = zki_nn_new(&prm);
    REQUIRE(nn);
    x = zki_nn_input(nn, 3, 0);
    CHECK(zki_nn_matmul(nn, &x, &w, NULL, 0, 1, 1, &y) == ZKI_ERR_ARG);
    zki_nn_free(nn);
    CHECK(zki_nn_matmul_rows(4, 0, 1, 1) == UINT64_MAX);
    CHECK_EQ_INT(zki_nn_matmul_rows(16, 32, 288, 196), (32 + 289) * 13 + 32 * 289);
    /* overflow of a result: refused, nothing laid out */
    nn = zki_nn_new(&prm);
    REQUIRE(nn);
    x = zki_nn_input(nn, INT64_MAX / 2, 0);
    w = 4;
    CHECK(zki_nn_matmul(nn, &x, &w, NULL, 1, 1, 1, &y) == ZKI_ERR_ARG);
    zki_nn_free(nn);
    /* a builder with freivalds but no product emits exactly the circuit without it */
    zki_nn_params p0 = {4, 4, 12, 0, 0, 0}, p1 = {4, 4, 12, 0, 1, 0};
    zki_nn *a = zki_nn_new(&p0), *b = zki_nn_new(&p1);
    REQUIRE(a && b);
    int64_t ws[3] = {1, -2, 3};
    for (int v = 0; v < 2; v++) {
        zki_nn *m = v ? b : a;
        zki_wire xs[3] = {zki_nn_input(m, 5, 1), zki_nn_input(m, -1, 0), zki_nn_input(m, 7, 0)};
        zki_nn_output(m, zki_nn_rescale(m, zki_nn_dot(m, xs, ws, 3, 9), 1));
    }
    CHECK(!zki_nn_has_late(b));
    zt_emitted ea, eb;
    REQUIRE(zt_emit(a, &ea) && zt_emit(b, &eb));
    CHECK_EQ_INT(ea.cs.n_advice, eb.cs.n_advice);
    CHECK_EQ_INT(ea.cs.n_fixed, eb.cs.n_fixed);
    CHECK_EQ_INT(ea.cs.n_nodes, eb.cs.n_nodes);
    CHECK_EQ_INT(eb.cs.n_advice_late, 0);
    zki_fr d;
    zki_fr_set_one(&d);
    CHECK(zki_nn_late(b, &d, eb.adv) == ZKI_ERR_ARG); /* nothing to fill */
    zt_emitted_free(&ea);
    zt_emitted_free(&eb);
    zki_nn_free(a);
    zki_nn_free(b);
}

static int test_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

CASE(nn_matmul_proves_and_a_changed_result_is_rejected) {
    mm_case t = {3, 5, 7, NULL, NULL, NULL, 0};
    zki_nn *nn = build_case(&t, 4, 1);
    REQUIRE(nn && zki_nn_status(nn) == ZKI_OK);
    zt_emitted e;
    REQUIRE(zt_emit(nn, &e));
    zki_srs srs;
    REQUIRE(zki_srs_dev(&srs, e.cs.log_n + 1, (const uint8_t *)"mm", 2) == ZKI_OK);
    zki_pk pk;
    uint32_t npub[1] = {e.np};
    REQUIRE(zki_keygen(&pk, &e.cs, npub, &srs, 0) == ZKI_OK);
    size_t len = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
    uint8_t *proof = malloc(len);
    REQUIRE(proof);
    CHECK(zki_prove_late(&pk, e.adv, zki_nn_late_fn, nn, e.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_OK);
    CHECK(zki_verify(&pk.vk, e.pub, e.np, proof, len) == ZKI_OK);
    /* a changed result and the public output copying it: the prover refuses, and an
     * unchecked proof is rejected */
    zki_fr one;
    zki_fr_set_one(&one);
    zki_wire yw = t.y[4];
    zki_fr *cell = &e.adv[(size_t)yw.col * e.cs.n + yw.row];
    zki_fr_add(cell, cell, &one);
    zki_fr_add(&e.pub[4], &e.pub[4], &one);
    CHECK(zki_prove_late(&pk, e.adv, zki_nn_late_fn, nn, e.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_ERR_ARG);
    CHECK(zki_prove_late(&pk, e.adv, zki_nn_late_fn, nn, e.pub, proof, len, test_rng, NULL, 0, ZKI_PROVE_UNCHECKED) ==
          ZKI_OK);
    CHECK(zki_verify(&pk.vk, e.pub, e.np, proof, len) == ZKI_REJECT);
    free(proof);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zt_emitted_free(&e);
    free_case(&t);
    zki_nn_free(nn);
}
