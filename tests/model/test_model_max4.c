/* Maxima on four-input max rows (settings.max4): every model with a max (MaxPool with
 * padding, ceil mode and dilation, GlobalMaxPool, ReduceMax, Softmax, ArgMax, a CNN)
 * gives exactly the outputs of the two-input layout in no more rows, and the mock prover
 * accepts; the MNIST example (with Freivalds-checked convolutions) gives the same outputs
 * on held-out digits with exactly 3,504 rows fewer, 2^14 instead of 2^15 rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "input_json.h"
#include "mnist_set.h"
#include "mock.h"
#include "model.h"
#include "model/model_built.h"
#include "test.h"

/* The mock prover's verdict (late columns filled for challenge 7 when there are any). */
static zki_status mock(zt_built *b, const char *name) {
    zki_fr d;
    zki_fr_set_u64(&d, 7);
    if (zki_nn_has_late(b->nn) && zki_nn_late(b->nn, &d, b->adv) != ZKI_OK) return ZKI_ERR_ARG;
    zki_witness w = {b->adv, b->inst, &d};
    zki_mock_failure f;
    zki_status st = zki_mock_prove(&b->cs, &w, &f);
    if (st != ZKI_OK) {
        char m[160];
        zki_mock_failure_str(m, sizeof m, &f);
        fprintf(stderr, "  %s: mock prover: %s\n", name, m);
    }
    return st;
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

CASE(model_max4_maxima_equal_in_fewer_rows_and_satisfy_circuit) {
    static const struct {
        const char *name;
        int fewer; /* a max over 3 or more values: strictly fewer rows */
    } models[] = {{"maxpool_basic", 1},  {"maxpool_ceil", 1},  {"maxpool_ceil_pads", 1}, {"maxpool_dil", 1},
                  {"global_maxpool", 1}, {"reducemax_op13", 1}, {"reducemax_op18", 1},   {"softmax_op13", 1},
                  {"softmax_last_op18", 1}, {"argmax_axis1", 1}, {"argmax_last", 1},     {"cnn", 1}};
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        zki_graph g;
        float *in = NULL;
        REQUIRE(load(models[i].name, &g, &in));
        zki_model_settings s = {6, 12, 4, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 0, 0};
        zt_built off, on;
        zki_status s0 = zt_built_make(&off, &g, in, &s, 1);
        s.max4 = 1;
        zki_status s1 = zt_built_make(&on, &g, in, &s, 1);
        CHECK(s0 == ZKI_OK && s1 == ZKI_OK);
        if (s0 == ZKI_OK && s1 == ZKI_OK) {
            CHECK(on.res.n_out == off.res.n_out);
            for (size_t j = 0; j < on.res.n_out && j < off.res.n_out; j++) CHECK_EQ_INT(on.res.out_q[j], off.res.out_q[j]);
            CHECK(models[i].fewer ? on.rows < off.rows : on.rows == off.rows);
            CHECK_EQ_INT(on.cs.n_fixed, off.cs.n_fixed + 1);
            CHECK_EQ_INT(on.cs.n_lookups, off.cs.n_lookups + 2);
            CHECK(mock(&on, models[i].name) == ZKI_OK);
        }
        zt_built_free(&off);
        zt_built_free(&on);
        free(in);
        zki_graph_free(&g);
    }
    /* a max4 value other than 0/1 is refused */
    zki_graph g;
    float *in = NULL;
    REQUIRE(load("maxpool_basic", &g, &in));
    zki_model_settings s = {6, 12, 4, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 0, 2, 0};
    zt_built b;
    CHECK(zt_built_make(&b, &g, in, &s, 0) == ZKI_ERR_ARG);
    CHECK(strstr(zki_model_last_error(), "max4 0/1") != NULL);
    zt_built_free(&b);
    free(in);
    zki_graph_free(&g);
}

/* MNIST (examples/mnist) with Freivalds convolutions at width 8: its two MaxPools (2x2)
 * take one row per output instead of three, so 3,504 rows fewer and 2^14 rows; the
 * outputs are those of the two-input layout on held-out digits; the mock prover accepts. */
CASE(model_max4_mnist_same_outputs_half_the_rows) {
    zki_graph g;
    REQUIRE(zki_onnx_load(&g, "examples/mnist/model.onnx") == ZKI_OK);
    zki_mnist_set set;
    REQUIRE(zki_mnist_set_read(&set, "examples/mnist/heldout.bin") == ZKI_OK);
    unsigned n = zt_iters(40) < 40 ? 5 : 40;
    float img[784];
    zki_model_settings s = {7, 12, 8, ZKI_VIS_PRIVATE, ZKI_VIS_PUBLIC, ZKI_PARAMS_FIXED, 1, 0, 0};
    for (unsigned k = 0; k < n; k++) {
        for (int i = 0; i < 784; i++) img[i] = (float)set.pixels[(size_t)k * 784 + i] / 255.0f;
        zt_built off, on;
        int first = k == 0;
        s.max4 = 0;
        zki_status s0 = zt_built_make(&off, &g, img, &s, first);
        s.max4 = 1;
        zki_status s1 = zt_built_make(&on, &g, img, &s, first);
        CHECK(s0 == ZKI_OK && s1 == ZKI_OK);
        if (s0 == ZKI_OK && s1 == ZKI_OK) {
            REQUIRE(on.res.n_out == 10 && off.res.n_out == 10);
            for (size_t j = 0; j < 10; j++) CHECK_EQ_INT(on.res.out_q[j], off.res.out_q[j]);
        }
        if (first && s0 == ZKI_OK && s1 == ZKI_OK) {
            CHECK_EQ_INT(off.rows - on.rows, 3504); /* (8·13·13 + 16·5·5)·(3 − 1) */
            CHECK_EQ_INT(off.cs.log_n, 15);
            CHECK_EQ_INT(on.cs.log_n, 14);
            CHECK(mock(&on, "mnist") == ZKI_OK);
        }
        zt_built_free(&off);
        zt_built_free(&on);
    }
    zki_mnist_set_free(&set);
    zki_graph_free(&g);
}
