/* The float32 reference engine (infer_float.h): one kernel per operator, run over the
 * nodes in their topological order, each value tensor in its own buffer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_float.h"
#include "onnx_internal.h"

static void conv(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *w = &g->tensors[n->inputs[1]], *y = &g->tensors[n->output];
    const float *xd = v[n->inputs[0]], *wd = v[n->inputs[1]], *bd = n->inputs[2] >= 0 ? v[n->inputs[2]] : NULL;
    const zki_node_attrs *a = &n->at;
    int64_t C = x->dims[1], H = x->dims[2], W = x->dims[3];
    int64_t M = y->dims[1], OH = y->dims[2], OW = y->dims[3], Cg = w->dims[1], Mg = M / a->group;
    float *yd = v[n->output];
    for (int64_t b = 0; b < y->dims[0]; b++)
        for (int64_t m = 0; m < M; m++)
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    double acc = bd ? bd[m] : 0.0;
                    int64_t c0 = (m / Mg) * Cg;
                    for (int64_t c = 0; c < Cg; c++)
                        for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                            int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                            if (ih < 0 || ih >= H) continue;
                            for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                                int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                                if (iw < 0 || iw >= W) continue;
                                acc += (double)xd[((b * C + c0 + c) * H + ih) * W + iw] *
                                       wd[((m * Cg + c) * a->kernel[0] + kh) * a->kernel[1] + kw];
                            }
                        }
                    yd[((b * M + m) * OH + oh) * OW + ow] = (float)acc;
                }
}

static void maxpool(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *y = &g->tensors[n->output];
    const float *xd = v[n->inputs[0]];
    float *yd = v[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t H = x->dims[2], W = x->dims[3], OH = y->dims[2], OW = y->dims[3];
    for (int64_t p = 0; p < y->dims[0] * y->dims[1]; p++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                float best = -INFINITY;
                for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                    int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                    if (ih < 0 || ih >= H) continue;
                    for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                        int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                        if (iw < 0 || iw >= W) continue;
                        float t = xd[(p * H + ih) * W + iw];
                        if (t > best) best = t;
                    }
                }
                yd[(p * OH + oh) * OW + ow] = best;
            }
}

/* Y = alpha * A' B' + beta * C (Gemm) or A B with numpy batch broadcasting (MatMul). */
static void matmul(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *A = &g->tensors[n->inputs[0]], *B = &g->tensors[n->inputs[1]], *Y = &g->tensors[n->output];
    const float *ad = v[n->inputs[0]], *bd = v[n->inputs[1]];
    float *yd = v[n->output];
    int gemm = n->op == ZKI_OP_GEMM;
    int64_t M, K, N, sam, sak, sbk, sbn; /* strides of A along m, k and of B along k, n */
    if (gemm) {
        M = Y->dims[0];
        N = Y->dims[1];
        K = n->at.trans_a ? A->dims[0] : A->dims[1];
        sam = n->at.trans_a ? 1 : K;
        sak = n->at.trans_a ? M : 1;
        sbk = n->at.trans_b ? 1 : N;
        sbn = n->at.trans_b ? K : 1;
    } else {
        K = A->dims[A->rank - 1];
        M = A->rank >= 2 ? A->dims[A->rank - 2] : 1;
        N = B->rank >= 2 ? B->dims[B->rank - 1] : 1;
        sam = K;
        sak = 1;
        sbk = N;
        sbn = 1;
    }
    /* batch dims of the output: everything but the trailing M/N dims */
    int yb = Y->rank - (A->rank >= 2 && !gemm) - (B->rank >= 2 && !gemm);
    if (gemm) yb = 0;
    int ab = A->rank > 2 ? A->rank - 2 : 0, bb = B->rank > 2 ? B->rank - 2 : 0;
    int64_t ast[ZKI_ONNX_MAX_RANK], bst[ZKI_ONNX_MAX_RANK];
    zki_bcast_strides(ast, ab, A->dims, yb, Y->dims);
    zki_bcast_strides(bst, bb, B->dims, yb, Y->dims);
    size_t batches = 1;
    for (int i = 0; i < yb; i++) batches *= (size_t)Y->dims[i];
    const float *cd = NULL;
    int64_t cst[2] = {0, 0};
    int64_t mn[2] = {M, N};
    if (gemm && n->inputs[2] >= 0) {
        const zki_tensor *C = &g->tensors[n->inputs[2]];
        cd = v[n->inputs[2]];
        zki_bcast_strides(cst, C->rank, C->dims, 2, mn);
    }
    for (size_t bt = 0; bt < batches; bt++) {
        const float *ap = ad + zki_bcast_offset(bt, yb, Y->dims, ast) * (size_t)(M * K);
        const float *bp = bd + zki_bcast_offset(bt, yb, Y->dims, bst) * (size_t)(K * N);
        float *yp = yd + bt * (size_t)(M * N);
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) {
                double acc = 0.0;
                for (int64_t k = 0; k < K; k++) acc += (double)ap[i * sam + k * sak] * bp[k * sbk + j * sbn];
                if (gemm) {
                    acc *= n->at.alpha;
                    if (cd) acc += (double)n->at.beta * cd[i * cst[0] + j * cst[1]];
                }
                yp[i * N + j] = (float)acc;
            }
    }
}

static void add(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *A = &g->tensors[n->inputs[0]], *B = &g->tensors[n->inputs[1]], *Y = &g->tensors[n->output];
    int64_t ast[ZKI_ONNX_MAX_RANK], bst[ZKI_ONNX_MAX_RANK];
    zki_bcast_strides(ast, A->rank, A->dims, Y->rank, Y->dims);
    zki_bcast_strides(bst, B->rank, B->dims, Y->rank, Y->dims);
    for (size_t i = 0; i < Y->size; i++)
        v[n->output][i] = v[n->inputs[0]][zki_bcast_offset(i, Y->rank, Y->dims, ast)] +
                          v[n->inputs[1]][zki_bcast_offset(i, Y->rank, Y->dims, bst)];
}

zki_status zki_infer_float(const zki_graph *g, const float *input, float *output) {
    zki_onnx_clear_error();
    if (!g || !input || !output || !g->tensors) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    float **v = calloc(g->n_tensors, sizeof *v);
    if (!v) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    zki_status st = ZKI_OK;
    for (size_t t = 0; t < g->n_tensors && st == ZKI_OK; t++) {
        const zki_tensor *T = &g->tensors[t];
        if (T->kind == ZKI_TENSOR_CONST) v[t] = T->fdata;
        else if (T->kind == ZKI_TENSOR_INPUT) v[t] = (float *)input;
        else if (!(v[t] = malloc((T->size ? T->size : 1) * sizeof(float))))
            st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_nodes && st == ZKI_OK; i++) {
        const zki_node *n = &g->nodes[i];
        const zki_tensor *y = &g->tensors[n->output];
        const float *x = v[n->inputs[0]];
        switch (n->op) {
        case ZKI_OP_CONV: conv(g, n, v); break;
        case ZKI_OP_MAXPOOL: maxpool(g, n, v); break;
        case ZKI_OP_GEMM:
        case ZKI_OP_MATMUL: matmul(g, n, v); break;
        case ZKI_OP_ADD: add(g, n, v); break;
        case ZKI_OP_RELU:
            for (size_t k = 0; k < y->size; k++) v[n->output][k] = x[k] > 0.0f ? x[k] : 0.0f;
            break;
        case ZKI_OP_RESHAPE:
        case ZKI_OP_FLATTEN:
        case ZKI_OP_IDENTITY: memcpy(v[n->output], x, y->size * sizeof(float)); break;
        }
    }
    if (st == ZKI_OK) memcpy(output, v[g->output], g->tensors[g->output].size * sizeof(float));
    for (size_t t = 0; t < g->n_tensors; t++)
        if (g->tensors[t].kind == ZKI_TENSOR_VALUE) free(v[t]);
    free(v);
    return st;
}
