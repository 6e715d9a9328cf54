/* ONNX front end, fixed-point engine: the rounding rules of quant.h, the quantized
 * engine against the float engine on every test model, the trace (the circuit's
 * witness) being self-consistent, and overflow detection.
 *
 * Tolerance, quantized vs float engine, with input_scale = param_scale = s:
 *   |dequant - float| <= k * 2^-s * max(1, max|float output|)
 * on every model for s = 8, 12, 16, with k = 8 for HALF_UP and HALF_AWAY and k = 64
 * for FLOOR (its bias accumulates over layers). Measured maxima (2026-11, these
 * models): k = 4.1 for both half policies (avgpool_ceil_incl_pad at s = 8: q(1/9, 8)
 * is 1/9 within 2^-9), k = 22 for floor (cnn); the case prints them. The float engine itself matches onnxruntime (test_onnx.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "infer_float.h"
#include "infer_quant.h"
#include "input_json.h"
#include "test.h"

#define MODELS "tests/onnx/models/"

static const char *const qmodels[] = {
    "conv_basic", "conv_stride_dil", "conv_groups", "conv_depthwise", "conv_autopad_same_upper",
    "conv_autopad_same_lower", "conv_autopad_valid", "gemm_trans", "gemm_bcast_col", "gemm_noc", "gemm_act_b",
    "matmul_2d", "matmul_batched", "matmul_bcast", "matmul_vec", "matmul_vec_right", "relu", "add_bcast",
    "add_bcast_both", "add_scalar", "add_residual", "maxpool_basic", "maxpool_ceil", "maxpool_dil", "reshape",
    "flatten_axis2", "flatten_axis0", "constant_identity", "shape_chain", "cnn", "mlp",
    /* issue 7 */
    "leaky_relu", "leaky_relu_default", "prelu_channel", "prelu_scalar", "elu", "sigmoid", "tanh", "exp", "erf",
    "clip_op11", "clip_max_only", "clip_relu6_op18", "clip_attr_op10", "hard_sigmoid", "hard_swish", "gelu_op20",
    "gelu_tanh_op20", "gelu_erf_pattern", "softmax_op13", "softmax_op11", "softmax_last_op18", "neg", "abs",
    "avgpool_pads", "avgpool_incl_pad", "avgpool_ceil", "avgpool_ceil_incl_pad", "avgpool_same", "maxpool_ceil_pads",
    "global_avgpool", "global_maxpool", "pad_constant_op11", "pad_reflect_op13", "pad_edge_axes_op18",
    "pad_attr_op10", "sub_bcast", "sub_const_left", "sub_runtime", "mul_const_bcast", "mul_scalar", "mul_runtime",
    "div_const", "sum3", "sum1", "mean2", "reducesum_op11", "reducesum_op13", "reducesum_all", "reducemean_op13",
    "reducemean_op18", "reducemax_op13", "reducemax_op18", "bn_standalone", "bn_2d_op9", "bn_after_conv",
    "bn_after_gemm", "bn_conv_shared", "transpose_perm", "transpose_default", "squeeze_op11", "squeeze_op13",
    "squeeze_all", "unsqueeze_op11", "unsqueeze_op13", "concat_axis1", "concat_neg_axis", "slice_op13",
    "slice_neg_step", "slice_op11_noaxes", "slice_attr_op9", "gather_axis0", "gather_axis1_2d", "gather_scalar",
    "resize_scales_op13", "resize_sizes_op11", "resize_align_op18", "resize_op10", "argmax_axis1", "argmax_last",
    "argmax_first_keep", "argmax_last_keep", "argmax_first_neg_axis", "argmax_last_axis0", "div_runtime",
    "div_runtime_bcast", "div_runtime_const_num", "fold_chain_op13", "fold_cast_runtime_op18", "lenet5", "resnet_cifar", "mlp_sigmoid", "torch_ops_op11",
    "torch_ops_op13", "torch_ops_op18"};
#define N_QMODELS (sizeof qmodels / sizeof qmodels[0])

static int load(const char *name, zki_graph *g, float **x) {
    char path[256];
    snprintf(path, sizeof path, MODELS "%s.onnx", name);
    if (zki_onnx_load(g, path) != ZKI_OK) return 0;
    snprintf(path, sizeof path, MODELS "%s.input.json", name);
    size_t n = zki_graph_input_size(g);
    if (zki_input_json_read(path, x, &n) != ZKI_OK) {
        zki_graph_free(g);
        return 0;
    }
    return 1;
}

CASE(onnx_quant_rounding_rules) {
    for (int r = 0; r <= 5; r++)
        for (int64_t a = -200; a <= 200; a++) {
            double t = ldexp((double)a, -r);
            int64_t q;
            CHECK(zki_rescale(&q, a, r, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == (int64_t)floor(t + 0.5));
            CHECK(zki_rescale(&q, a, r, ZKI_RESCALE_HALF_AWAY) == ZKI_OK &&
                  q == (int64_t)(t < 0 ? -floor(-t + 0.5) : floor(t + 0.5)));
            CHECK(zki_rescale(&q, a, r, ZKI_RESCALE_FLOOR) == ZKI_OK && q == (int64_t)floor(t));
        }
    int64_t q;
    /* ties: 0.5 -> 1, -0.5 -> 0 (half up) / -1 (half away) / -1 (floor) */
    CHECK(zki_quantize(&q, 0.5, 0, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == 1);
    CHECK(zki_quantize(&q, -0.5, 0, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == 0);
    CHECK(zki_quantize(&q, -0.5, 0, ZKI_RESCALE_HALF_AWAY) == ZKI_OK && q == -1);
    CHECK(zki_quantize(&q, -0.5, 0, ZKI_RESCALE_FLOOR) == ZKI_OK && q == -1);
    CHECK(zki_quantize(&q, -1.5, 1, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == -3);
    CHECK(zki_quantize(&q, 0.3f, 8, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == 77); /* 76.8000030517578125 */
    CHECK(zki_rescale(&q, -6, 2, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == -1);     /* -1.5 -> -1 */
    CHECK(zki_rescale(&q, -6, 2, ZKI_RESCALE_HALF_AWAY) == ZKI_OK && q == -2);
    CHECK(zki_rescale(&q, -5, 2, ZKI_RESCALE_FLOOR) == ZKI_OK && q == -2);
    CHECK(zki_rescale(&q, INT64_MAX, 3, ZKI_RESCALE_HALF_UP) == ZKI_ERR_SIZE);
    CHECK(zki_rescale(&q, INT64_MIN, 3, ZKI_RESCALE_HALF_AWAY) == ZKI_ERR_SIZE);
    CHECK(zki_rescale(&q, INT64_MIN, 3, ZKI_RESCALE_FLOOR) == ZKI_OK && q == INT64_MIN / 8);
    CHECK(zki_rescale(&q, 1, 63, ZKI_RESCALE_FLOOR) == ZKI_ERR_ARG);
    CHECK(zki_quantize(&q, NAN, 4, ZKI_RESCALE_HALF_UP) == ZKI_ERR_SIZE);
    CHECK(zki_quantize(&q, INFINITY, 4, ZKI_RESCALE_HALF_UP) == ZKI_ERR_SIZE);
    CHECK(zki_quantize(&q, ldexp(1, 40), 12, ZKI_RESCALE_HALF_UP) == ZKI_ERR_SIZE);
    CHECK(zki_quantize(&q, 1.0, 63, ZKI_RESCALE_HALF_UP) == ZKI_ERR_ARG);
    CHECK(zki_quantize(&q, 0.25, 50, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == (int64_t)1 << 48);
    CHECK(zki_dequantize(-384, 8) == -1.5f);
}

CASE(onnx_quant_close_to_float) {
    static const int scales[] = {8, 12, 16};
    for (int p = 0; p <= 2; p++)
        for (size_t si = 0; si < 3; si++) {
            int s = scales[si];
            zki_quant_settings qs = {s, s, (zki_rescale_policy)p, 0};
            double worst = 0;
            const char *worst_model = "";
            int fails = 0;
            for (size_t m = 0; m < N_QMODELS; m++) {
                zki_graph g;
                float *x = NULL;
                REQUIRE(load(qmodels[m], &g, &x));
                size_t n = zki_graph_output_size(&g);
                float *yf = calloc(n, sizeof *yf), *yq = calloc(n, sizeof *yq);
                int64_t *yi = calloc(n, sizeof *yi);
                REQUIRE(yf && yq && yi);
                CHECK(zki_infer_float(&g, x, yf) == ZKI_OK);
                zki_status st = zki_infer_quant(&g, &qs, x, yi, yq, NULL);
                if (st != ZKI_OK) fprintf(stderr, "  %s: %s\n", qmodels[m], zki_onnx_last_error());
                CHECK(st == ZKI_OK);
                double mag = 1;
                for (size_t i = 0; i < n; i++) mag = fmax(mag, fabs(yf[i]));
                for (size_t i = 0; i < n; i++) {
                    double err = fabs((double)yq[i] - yf[i]) * ldexp(1, s) / mag;
                    CHECK(yq[i] == zki_dequantize(yi[i], s));
                    double k = p == ZKI_RESCALE_FLOOR ? 64 : 8;
                    if (err > k && fails++ < 3) fprintf(stderr, "  %s s=%d policy %d [%zu]: %g vs %g\n", qmodels[m], s, p, i, yq[i], yf[i]);
                    CHECK(err <= k);
                    if (err > worst) {
                        worst = err;
                        worst_model = qmodels[m];
                    }
                }
                free(yf);
                free(yq);
                free(yi);
                free(x);
                zki_graph_free(&g);
            }
            printf("  onnx quant vs float: policy %d, s=%d: max |err| = %.2f * 2^-s * max(1,|y|max) (%s)\n", p, s,
                   worst, worst_model);
        }
}

CASE(onnx_quant_trace_is_the_witness) {
    zki_graph g;
    float *x = NULL;
    REQUIRE(load("cnn", &g, &x));
    zki_quant_settings qs = {10, 9, ZKI_RESCALE_HALF_UP, 0};
    zki_quant_trace tr = {0};
    int64_t out[10];
    REQUIRE(zki_infer_quant(&g, &qs, x, out, NULL, &tr) == ZKI_OK);
    /* INPUT, then per node: CONST operands, ACC (dot ops), VALUE */
    REQUIRE(tr.n > 0);
    CHECK(tr.entries[0].kind == ZKI_TRACE_INPUT && tr.entries[0].scale == 10 && tr.entries[0].size == 256);
    size_t n_const = 0, n_acc = 0, n_val = 0;
    const zki_trace_entry *prev_val = &tr.entries[0];
    for (size_t i = 1; i < tr.n; i++) {
        const zki_trace_entry *e = &tr.entries[i];
        if (e->kind == ZKI_TRACE_CONST) {
            n_const++;
            /* weights at param scale, biases at the accumulator's scale */
            CHECK(e->scale == (e->operand == 1 ? 9 : 19));
        } else if (e->kind == ZKI_TRACE_ACC) {
            n_acc++;
            CHECK(e->scale == 19);
            REQUIRE(i + 1 < tr.n && tr.entries[i + 1].kind == ZKI_TRACE_VALUE);
            const zki_trace_entry *v = &tr.entries[i + 1];
            CHECK(v->scale == 10 && v->size == e->size);
            for (size_t k = 0; k < e->size; k++) {
                int64_t q;
                CHECK(zki_rescale(&q, e->data[k], 9, ZKI_RESCALE_HALF_UP) == ZKI_OK && q == v->data[k]);
            }
        } else if (e->kind == ZKI_TRACE_VALUE) {
            n_val++;
            const zki_node *nd = &g.nodes[e->node];
            if (nd->op == ZKI_OP_RELU) {
                CHECK(prev_val->size == e->size);
                for (size_t k = 0; k < e->size; k++) CHECK(e->data[k] == (prev_val->data[k] > 0 ? prev_val->data[k] : 0));
            }
            prev_val = e;
        }
    }
    CHECK_EQ_INT(n_const, 6);
    CHECK_EQ_INT(n_acc, 3);
    CHECK_EQ_INT(n_val, g.n_nodes);
    CHECK(memcmp(tr.entries[tr.n - 1].data, out, sizeof out) == 0);
    zki_quant_trace_free(&tr);
    CHECK(tr.n == 0 && tr.entries == NULL);
    free(x);
    zki_graph_free(&g);
}

CASE(onnx_quant_rejects_bad_settings_and_overflow) {
    zki_graph g;
    float *x = NULL;
    REQUIRE(load("cnn", &g, &x));
    int64_t out[10];
    zki_quant_settings bad = {31, 8, ZKI_RESCALE_HALF_UP, 0};
    CHECK(zki_infer_quant(&g, &bad, x, out, NULL, NULL) == ZKI_ERR_ARG);
    bad = (zki_quant_settings){8, 8, (zki_rescale_policy)7, 0};
    CHECK(zki_infer_quant(&g, &bad, x, out, NULL, NULL) == ZKI_ERR_ARG);
    /* a bias at scale 60 does not fit below 2^52 */
    zki_quant_settings big = {30, 30, ZKI_RESCALE_HALF_UP, 0};
    zki_quant_trace tr = {0};
    CHECK(zki_infer_quant(&g, &big, x, out, NULL, &tr) == ZKI_ERR_SIZE);
    CHECK(strstr(zki_onnx_last_error(), "node 'conv1': constant 'b1'[0]") != NULL);
    zki_quant_trace_free(&tr);
    /* 2^50 · 2^30 products overflow int64: refused, not wrapped */
    zki_graph mm;
    float *xm = NULL;
    REQUIRE(load("matmul_2d", &mm, &xm));
    for (int i = 0; i < 15; i++) xm[i] = 1e6f;
    int64_t om[12];
    CHECK(zki_infer_quant(&mm, &big, xm, om, NULL, NULL) == ZKI_ERR_SIZE);
    CHECK(strstr(zki_onnx_last_error(), "node 'mm': int64 overflow") != NULL);
    free(xm);
    zki_graph_free(&mm);
    x[3] = NAN;
    zki_quant_settings ok = {8, 8, ZKI_RESCALE_HALF_UP, 0};
    CHECK(zki_infer_quant(&g, &ok, x, out, NULL, NULL) == ZKI_ERR_SIZE);
    CHECK(strstr(zki_onnx_last_error(), "input[3]") != NULL);
    free(x);
    zki_graph_free(&g);
}

/* The issue-7 rules of infer_quant.h, recomputed from the engine's own trace. */
static int64_t q_at(double v, int s) { return (int64_t)floor(ldexp(v, s) + 0.5); }
static int64_t rnd(int64_t a, int s) {
    int64_t q;
    return zki_rescale(&q, a, s, ZKI_RESCALE_HALF_UP) == ZKI_OK ? q : INT64_MIN;
}

CASE(onnx_quant_issue7_rules) {
    const int s = 10;
    zki_quant_settings qs = {s, s, ZKI_RESCALE_HALF_UP, 0};
    static const char *const names[] = {"softmax_op13", "prelu_channel", "mean2", "bn_standalone", "div_const",
                                        "sigmoid", "avgpool_pads", "argmax_last", "pad_constant_op11"};
    for (size_t m = 0; m < sizeof names / sizeof names[0]; m++) {
        zki_graph g;
        float *x = NULL;
        REQUIRE(load(names[m], &g, &x));
        zki_quant_trace tr = {0};
        size_t no = zki_graph_output_size(&g);
        int64_t *out = calloc(no, sizeof *out);
        REQUIRE(out && zki_infer_quant(&g, &qs, x, out, NULL, &tr) == ZKI_OK);
        const zki_trace_entry *in = &tr.entries[0], *last = NULL;
        for (size_t i = 0; i < tr.n; i++) /* the last node's own output, before any final alignment */
            if (tr.entries[i].kind == ZKI_TRACE_VALUE && tr.entries[i].node == (int)g.n_nodes - 1) last = &tr.entries[i];
        REQUIRE(last != NULL);
        const zki_node *nd = &g.nodes[g.n_nodes - 1];
        int bad = 0;
        if (nd->op == ZKI_OP_SOFTMAX) { /* [2,3,4], axis 1 */
            for (int b = 0; b < 2; b++)
                for (int k = 0; k < 4; k++) {
                    int64_t mx = INT64_MIN, e[3], S = 0;
                    for (int c = 0; c < 3; c++) mx = in->data[b * 12 + c * 4 + k] > mx ? in->data[b * 12 + c * 4 + k] : mx;
                    for (int c = 0; c < 3; c++) S += e[c] = q_at(exp(ldexp((double)(in->data[b * 12 + c * 4 + k] - mx), -s)), s);
                    for (int c = 0; c < 3; c++) bad += last->data[b * 12 + c * 4 + k] != (e[c] * (2 << s) + S) / (2 * S);
                }
        } else if (nd->op == ZKI_OP_PRELU) { /* [1,3,4,4], slope [3,1,1] */
            const float *sl = g.tensors[nd->inputs[1]].fdata;
            for (size_t i = 0; i < in->size; i++) {
                int64_t v = in->data[i], r = v > 0 ? v : 0;
                bad += last->data[i] != rnd(r * (1 << s) + q_at(sl[i / 16], s) * (v - r), s);
            }
        } else if (nd->op == ZKI_OP_MEAN) { /* mean(x [2,1,4], c [3,1], -x) */
            const float *cv = g.tensors[nd->inputs[1]].fdata;
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 3; b++)
                    for (int k = 0; k < 4; k++) {
                        int64_t xv = in->data[a * 4 + k], sum = xv + q_at(cv[b], s) - xv;
                        bad += last->data[(a * 3 + b) * 4 + k] != rnd(sum * q_at(1.0 / 3, s), s);
                    }
        } else if (nd->op == ZKI_OP_BATCHNORM) {
            const float *A = g.tensors[nd->inputs[1]].fdata, *B = g.tensors[nd->inputs[2]].fdata;
            for (size_t i = 0; i < in->size; i++)
                bad += last->data[i] != rnd(in->data[i] * q_at(A[(i / 16) % 3], s) + q_at(B[(i / 16) % 3], 2 * s), s);
        } else if (nd->op == ZKI_OP_DIV) { /* x [2,3,4] / c [3,1] */
            const float *cv = g.tensors[nd->inputs[1]].fdata;
            for (size_t i = 0; i < in->size; i++)
                bad += last->data[i] != rnd(in->data[i] * q_at(1.0 / cv[(i / 4) % 3], s), s);
        } else if (nd->op == ZKI_OP_SIGMOID) {
            for (size_t i = 0; i < in->size; i++)
                bad += last->data[i] != q_at(1 / (1 + exp(-ldexp((double)in->data[i], -s))), s);
        } else if (nd->op == ZKI_OP_AVGPOOL) { /* [1,2,7,6] k3 s2 p1, exclude pad: corner window has 4 cells */
            int64_t sum = in->data[0] + in->data[1] + in->data[6] + in->data[7];
            bad += last->data[0] != rnd(sum * q_at(1.0 / 4, s), s);
        } else if (nd->op == ZKI_OP_ARGMAX) { /* [3,6], last maximal index, scale 0 */
            CHECK_EQ_INT(last->scale, 0);
            for (int r = 0; r < 3; r++) {
                int best = 0;
                for (int k = 1; k < 6; k++)
                    if (in->data[r * 6 + k] >= in->data[r * 6 + best]) best = k;
                bad += last->data[r] != best;
            }
        } else if (nd->op == ZKI_OP_PAD) { /* [1,2,3,3] -> [1,2,6,5]: (0,0) is the pad value 0.5 */
            bad += last->data[0] != q_at(0.5, s);
            bad += last->data[1 * 5 + 2] != in->data[0]; /* row 1 (pad 1), col 2 (pad 2) */
        }
        if (bad) fprintf(stderr, "  %s: %d values differ from the documented rule\n", names[m], bad);
        CHECK_EQ_INT(bad, 0);
        zki_quant_trace_free(&tr);
        free(out);
        free(x);
        zki_graph_free(&g);
    }
    /* division by a run-time tensor: floor((a·2^(s+1) + b) / (2b)) (div_runtime: x / (|x| + 1));
     * a divisor <= 0 is refused, naming the node */
    zki_graph g;
    float *x = NULL;
    REQUIRE(load("div_runtime", &g, &x));
    int64_t out[10];
    REQUIRE(zki_infer_quant(&g, &qs, x, out, NULL, NULL) == ZKI_OK);
    for (int i = 0; i < 10; i++) {
        int64_t a = q_at(x[i], s), b = llabs(a) + q_at(1, s), num = a * (2 << s) + b;
        int64_t want = num >= 0 ? num / (2 * b) : -((-num + 2 * b - 1) / (2 * b));
        CHECK(out[i] == want);
    }
    for (int i = 0; i < 10; i++) x[i] = -1 - (float)i; /* b = |x| + 1 still >= 1: fine */
    CHECK(zki_infer_quant(&g, &qs, x, out, NULL, NULL) == ZKI_OK);
    free(x);
    zki_graph_free(&g);
    /* a divisor <= 0: div_runtime_bcast divides by max(x) + 3.25, negative for x = -4 */
    REQUIRE(load("div_runtime_bcast", &g, &x));
    size_t nx = zki_graph_input_size(&g);
    for (size_t i = 0; i < nx; i++) x[i] = -4.0f;
    int64_t *o2 = calloc(zki_graph_output_size(&g), sizeof *o2);
    REQUIRE(o2);
    CHECK(zki_infer_quant(&g, &qs, x, o2, NULL, NULL) == ZKI_ERR_ARG);
    CHECK(strstr(zki_onnx_last_error(), "node 'div' op 'Div'") != NULL);
    CHECK(strstr(zki_onnx_last_error(), "not positive") != NULL);
    free(o2);
    free(x);
    zki_graph_free(&g);
}
