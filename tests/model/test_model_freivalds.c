/* Convolutions as Freivalds-checked products (settings.freivalds): the quantized
 * outputs are exactly those of the dot-product layout, the circuit never has more rows,
 * the mock prover accepts the witness with the late columns filled; a small CNN proves
 * and verifies, and a changed convolution result whose every downstream cell is changed
 * consistently (the rescale row's input and remainder) is refused by the prover and its
 * unchecked proof rejected by the verifier: only the Freivalds check sees it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "input_json.h"
#include "lagrange.h"
#include "mock.h"
#include "model.h"
#include "prove.h"
#include "model/model_built.h"
#include "test.h"

/* Builds model `name` (its test input) at width 4, scale 6, act_bits 12. */
static zki_status build(zt_built *b, const zki_graph *g, const float *in, int freivalds) {
    zki_model_settings s = {6, 12, 4, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, freivalds, 0, 0};
    return zt_built_make(b, g, in, &s, 1);
}

static int load(const char *name, zki_graph *g, float **in) {
    char path[256], ipath[256];
    snprintf(path, sizeof path, "tests/onnx/models/%s.onnx", name);
    snprintf(ipath, sizeof ipath, "tests/onnx/models/%s.input.json", name);
    size_t n_in = 0;
    if (zki_onnx_load(g, path) != ZKI_OK) return 0;
    if (zki_input_json_read(ipath, in, &n_in) != ZKI_OK) {
        zki_graph_free(g);
        return 0;
    }
    return 1;
}

static void rand_fr(zki_fr *r) {
    uint8_t bytes[32];
    zt_rand_bytes(bytes, 32);
    zki_fr_from_bytes_reduce(r, bytes);
}

CASE(model_freivalds_convs_equal_dot_products_and_satisfy_circuit) {
    /* padding (same/valid), stride and dilation, groups, depthwise, BatchNorm folded, a whole CNN */
    static const char *models[] = {"conv_basic", "conv_autopad_same_upper", "conv_autopad_valid", "conv_stride_dil",
                                   "conv_groups", "conv_depthwise", "bn_after_conv", "cnn"};
    unsigned used = 0;
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        zki_graph g;
        float *in = NULL;
        REQUIRE(load(models[i], &g, &in));
        zt_built off, on;
        zki_status s0 = build(&off, &g, in, 0), s1 = build(&on, &g, in, 1);
        CHECK(s0 == ZKI_OK && s1 == ZKI_OK);
        if (s0 == ZKI_OK && s1 == ZKI_OK) {
            CHECK(on.res.n_out == off.res.n_out);
            for (size_t j = 0; j < on.res.n_out && j < off.res.n_out; j++) CHECK_EQ_INT(on.res.out_q[j], off.res.out_q[j]);
            CHECK(on.rows <= off.rows);
            CHECK(zki_nn_has_late(on.nn) == (on.rows < off.rows));
            CHECK_EQ_INT(off.cs.n_advice_late, 0);
            used += zki_nn_has_late(on.nn);
            zki_fr d;
            rand_fr(&d);
            if (zki_nn_has_late(on.nn)) CHECK(zki_nn_late(on.nn, &d, on.adv) == ZKI_OK);
            zki_witness w = {on.adv, on.inst, &d};
            zki_mock_failure f;
            zki_status ms = zki_mock_prove(&on.cs, &w, &f);
            if (ms != ZKI_OK) {
                char m[160];
                zki_mock_failure_str(m, sizeof m, &f);
                fprintf(stderr, "  %s: mock prover: %s\n", models[i], m);
            }
            CHECK(ms == ZKI_OK);
        }
        zt_built_free(&off);
        zt_built_free(&on);
        free(in);
        zki_graph_free(&g);
    }
    CHECK(used >= 4); /* most of these convolutions take fewer rows by Freivalds */
}

static int test_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

/* The rescale row reading result cell y (its x_0 copies y): UINT32_MAX if none. */
static uint32_t rescale_row_of(const zki_cs *cs, zki_cell y) {
    for (uint32_t c = 0; c < cs->n_copies; c += 2) {
        const zki_cell *a = &cs->copies[c], *b = &cs->copies[c + 1];
        if (a->kind == ZKI_COL_ADVICE && a->col == y.col && a->row == y.row && b->kind == ZKI_COL_ADVICE && b->col == 0)
            return b->row;
        if (b->kind == ZKI_COL_ADVICE && b->col == y.col && b->row == y.row && a->kind == ZKI_COL_ADVICE && a->col == 0)
            return a->row;
    }
    return UINT32_MAX;
}

CASE(model_freivalds_cnn_proves_and_a_consistent_forgery_is_rejected) {
    zki_graph g;
    float *in = NULL;
    REQUIRE(load("cnn", &g, &in));
    zt_built b;
    REQUIRE(build(&b, &g, in, 1) == ZKI_OK);
    REQUIRE(zki_nn_has_late(b.nn));
    CHECK_EQ_INT(b.cs.n_advice_late, 2);
    zki_srs srs;
    zki_pk pk;
    uint32_t npub[1] = {b.np};
    zki_g1_aff *lag = malloc(b.cs.n * sizeof *lag);
    REQUIRE(lag && zki_srs_dev(&srs, b.cs.log_n + 1, (const uint8_t *)"frei", 4) == ZKI_OK);
    REQUIRE(zki_srs_dev_lagrange(lag, b.cs.log_n, (const uint8_t *)"frei", 4) == ZKI_OK);
    REQUIRE(zki_keygen_ex(&pk, &b.cs, npub, &srs, lag, 0) == ZKI_OK);
    free(lag);
    size_t len = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs);
    uint8_t *proof = malloc(len);
    REQUIRE(proof);
    CHECK(zki_prove_late(&pk, b.adv, zki_nn_late_fn, b.nn, b.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_OK);
    CHECK(zki_verify(&pk.vk, b.pub, b.np, proof, len) == ZKI_OK);
    /* a result cell of the first product (row: a q_fm row; x_0 is a Y value when the
     * rescale reading it is found) whose rescale remainder has room: Y + 1, the
     * rescale's input + 1, its remainder + 1 (the rounded value unchanged) */
    uint32_t qfm = b.cs.n_fixed - 2, found = 0, s = 6;
    for (uint32_t r = 0; r < zki_cs_usable_rows(&b.cs) && !found; r++) {
        if (zki_fr_is_zero(&b.cs.fixed[(size_t)qfm * b.cs.n + r])) continue;
        zki_cell y = {ZKI_COL_ADVICE, 0, r};
        uint32_t rr = rescale_row_of(&b.cs, y);
        if (rr == UINT32_MAX) continue;
        zki_fr lim;
        zki_fr_set_u64(&lim, ((uint64_t)1 << s) - 1);
        if (zki_fr_eq(&b.adv[(size_t)2 * b.cs.n + rr], &lim)) continue;
        zki_fr one;
        zki_fr_set_one(&one);
        zki_fr *cells[3] = {&b.adv[r], &b.adv[rr], &b.adv[(size_t)2 * b.cs.n + rr]};
        for (int k = 0; k < 3; k++) zki_fr_add(cells[k], cells[k], &one);
        found = 1;
    }
    REQUIRE(found);
    CHECK(zki_prove_late(&pk, b.adv, zki_nn_late_fn, b.nn, b.pub, proof, len, test_rng, NULL, 0, 0) == ZKI_ERR_ARG);
    CHECK(zki_prove_late(&pk, b.adv, zki_nn_late_fn, b.nn, b.pub, proof, len, test_rng, NULL, 0, ZKI_PROVE_UNCHECKED) ==
          ZKI_OK);
    CHECK(zki_verify(&pk.vk, b.pub, b.np, proof, len) == ZKI_REJECT);
    /* the mock prover names the Freivalds copy (late column A), nothing else */
    zki_fr d;
    rand_fr(&d);
    CHECK(zki_nn_late(b.nn, &d, b.adv) == ZKI_OK);
    zki_witness w = {b.adv, b.inst, &d};
    zki_mock_failure f;
    CHECK(zki_mock_prove(&b.cs, &w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_COPY && f.a.col == b.cs.n_advice - 1 && f.b.col == b.cs.n_advice - 1);
    free(proof);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zt_built_free(&b);
    free(in);
    zki_graph_free(&g);
}
