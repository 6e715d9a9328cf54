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

/* MaxPool and AveragePool (the mean over the window's counted cells, zki_avgpool_count). */
static void pool(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *y = &g->tensors[n->output];
    const float *xd = v[n->inputs[0]];
    float *yd = v[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t H = x->dims[2], W = x->dims[3], OH = y->dims[2], OW = y->dims[3];
    for (int64_t p = 0; p < y->dims[0] * y->dims[1]; p++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                float best = -INFINITY;
                double sum = 0;
                for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                    int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                    if (ih < 0 || ih >= H) continue;
                    for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                        int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                        if (iw < 0 || iw >= W) continue;
                        float t = xd[(p * H + ih) * W + iw];
                        if (t > best) best = t;
                        sum += t;
                    }
                }
                yd[(p * OH + oh) * OW + ow] =
                    n->op == ZKI_OP_MAXPOOL ? best : (float)(sum / (double)zki_avgpool_count(n, oh, ow, H, W));
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

/* Add, Sub, Mul, Div, Sum, Mean, PRelu: elementwise over broadcast operands, in float
 * as onnxruntime (Sum/Mean accumulate in double). */
static void nary(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *Y = &g->tensors[n->output];
    int64_t st[ZKI_ONNX_MAX_INPUTS][ZKI_ONNX_MAX_RANK];
    for (int k = 0; k < n->n_inputs; k++) {
        const zki_tensor *T = &g->tensors[n->inputs[k]];
        zki_bcast_strides(st[k], T->rank, T->dims, Y->rank, Y->dims);
    }
    for (size_t i = 0; i < Y->size; i++) {
        float a = v[n->inputs[0]][zki_bcast_offset(i, Y->rank, Y->dims, st[0])], r;
        float b = n->n_inputs > 1 ? v[n->inputs[1]][zki_bcast_offset(i, Y->rank, Y->dims, st[1])] : 0.0f;
        switch (n->op) {
        case ZKI_OP_ADD: r = a + b; break;
        case ZKI_OP_SUB: r = a - b; break;
        case ZKI_OP_MUL: r = a * b; break;
        case ZKI_OP_DIV: r = a / b; break;
        case ZKI_OP_PRELU: r = a >= 0 ? a : a * b; break;
        default: { /* Sum, Mean */
            double s = a;
            for (int k = 1; k < n->n_inputs; k++) s += v[n->inputs[k]][zki_bcast_offset(i, Y->rank, Y->dims, st[k])];
            r = (float)(n->op == ZKI_OP_MEAN ? s / n->n_inputs : s);
        }
        }
        v[n->output][i] = r;
    }
}

/* The elementwise functions, evaluated in double (the float engine rounds the result
 * once to float; the fixed-point engine quantizes it). */
double zki_unary_f(const zki_node *n, double x) {
    const zki_node_attrs *a = &n->at;
    switch (n->op) {
    case ZKI_OP_RELU: return x > 0 ? x : 0;
    case ZKI_OP_LEAKY_RELU: return x >= 0 ? x : a->alpha * x;
    case ZKI_OP_ELU: return x >= 0 ? x : a->alpha * expm1(x);
    case ZKI_OP_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case ZKI_OP_TANH: return tanh(x);
    case ZKI_OP_EXP: return exp(x);
    case ZKI_OP_CLIP: return fmin(fmax(x, a->clip_min), a->clip_max);
    case ZKI_OP_HARD_SIGMOID: return fmax(0.0, fmin(1.0, (double)a->alpha * x + a->beta));
    case ZKI_OP_HARD_SWISH: return x * fmax(0.0, fmin(1.0, x / 6.0 + 0.5));
    case ZKI_OP_ERF: return erf(x);
    case ZKI_OP_GELU:
        if (a->gelu_tanh) return 0.5 * x * (1.0 + tanh(0.79788456080286535588 /* sqrt(2/pi) */ * (x + 0.044715 * x * x * x)));
        return 0.5 * x * (1.0 + erf(x / sqrt(2.0)));
    case ZKI_OP_NEG: return -x;
    case ZKI_OP_ABS: return fabs(x);
    default: return x;
    }
}

/* Output-group index of input element i when the axes in red[] are collapsed (the
 * keepdims shape of a reduction): groups share every index but the reduced ones. */
static size_t group_of(size_t i, const zki_tensor *x, const int *red) {
    size_t gi = 0, mul = 1;
    for (int k = x->rank - 1; k >= 0; k--) {
        size_t d = (size_t)x->dims[k], c = i % d;
        i /= d;
        if (!red[k]) {
            gi += c * mul;
            mul *= d;
        }
    }
    return gi;
}

/* ReduceSum/Mean/Max, Softmax, ArgMax, GlobalAverage/MaxPool: reductions over a set
 * of axes, in double. */
static zki_status reduce(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *y = &g->tensors[n->output];
    const float *xd = v[n->inputs[0]];
    float *yd = v[n->output];
    int red[ZKI_ONNX_MAX_RANK] = {0};
    if (n->op == ZKI_OP_GLOBAL_AVGPOOL || n->op == ZKI_OP_GLOBAL_MAXPOOL)
        for (int k = 2; k < x->rank; k++) red[k] = 1;
    else if (n->op == ZKI_OP_ARGMAX) red[n->at.axis] = 1;
    else
        for (int k = 0; k < n->at.n_axes; k++) red[n->at.axes[k]] = 1;
    size_t ng = 1, cnt = 1;
    for (int k = 0; k < x->rank; k++) {
        if (red[k]) cnt *= (size_t)x->dims[k];
        else ng *= (size_t)x->dims[k];
    }
    double *acc = calloc(ng ? ng : 1, sizeof *acc), *mx = malloc((ng ? ng : 1) * sizeof *mx);
    if (!acc || !mx) {
        free(acc);
        free(mx);
        return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    }
    for (size_t j = 0; j < ng; j++) mx[j] = -INFINITY;
    int is_max = n->op == ZKI_OP_REDUCE_MAX || n->op == ZKI_OP_GLOBAL_MAXPOOL || n->op == ZKI_OP_SOFTMAX;
    if (n->op == ZKI_OP_ARGMAX) {
        /* scan along the axis: position within it = (i / inner) % dim */
        size_t inner = 1;
        for (int k = (int)n->at.axis + 1; k < x->rank; k++) inner *= (size_t)x->dims[k];
        size_t d = (size_t)x->dims[n->at.axis];
        for (size_t i = 0; i < x->size; i++) {
            size_t j = group_of(i, x, red);
            double t = xd[i];
            size_t pos = (i / inner) % d;
            if (pos == 0 || t > mx[j] || (n->at.select_last_index && t == mx[j])) {
                mx[j] = t;
                acc[j] = (double)pos;
            }
        }
        for (size_t j = 0; j < ng; j++) yd[j] = (float)acc[j];
    } else if (is_max && n->op != ZKI_OP_SOFTMAX) {
        for (size_t i = 0; i < x->size; i++) {
            size_t j = group_of(i, x, red);
            if (xd[i] > mx[j]) mx[j] = xd[i];
        }
        for (size_t j = 0; j < ng; j++) yd[j] = (float)mx[j];
    } else if (n->op == ZKI_OP_SOFTMAX) {
        for (size_t i = 0; i < x->size; i++) {
            size_t j = group_of(i, x, red);
            if (xd[i] > mx[j]) mx[j] = xd[i];
        }
        for (size_t i = 0; i < x->size; i++) acc[group_of(i, x, red)] += exp((double)xd[i] - mx[group_of(i, x, red)]);
        for (size_t i = 0; i < x->size; i++) {
            size_t j = group_of(i, x, red);
            yd[i] = (float)(exp((double)xd[i] - mx[j]) / acc[j]);
        }
    } else {
        for (size_t i = 0; i < x->size; i++) acc[group_of(i, x, red)] += xd[i];
        int mean = n->op == ZKI_OP_REDUCE_MEAN || n->op == ZKI_OP_GLOBAL_AVGPOOL;
        for (size_t j = 0; j < ng; j++) yd[j] = (float)(mean ? acc[j] / (double)cnt : acc[j]);
    }
    (void)y;
    free(acc);
    free(mx);
    return ZKI_OK;
}

static zki_status node(const zki_graph *g, const zki_node *n, float *const *v) {
    const zki_tensor *y = &g->tensors[n->output];
    const float *x = v[n->inputs[0]];
    if (zki_op_is_move(n->op)) {
        const void *src[ZKI_ONNX_MAX_INPUTS];
        for (int k = 0; k < n->n_inputs; k++) src[k] = n->inputs[k] >= 0 ? v[n->inputs[k]] : NULL;
        float pad = n->op == ZKI_OP_PAD ? v[n->inputs[1]][0] : 0.0f;
        zki_onnx_move(g, n, src, v[n->output], sizeof(float), &pad);
        return ZKI_OK;
    }
    switch (n->op) {
    case ZKI_OP_CONV: conv(g, n, v); break;
    case ZKI_OP_MAXPOOL:
    case ZKI_OP_AVGPOOL: pool(g, n, v); break;
    case ZKI_OP_GEMM:
    case ZKI_OP_MATMUL: matmul(g, n, v); break;
    case ZKI_OP_ADD:
    case ZKI_OP_SUB:
    case ZKI_OP_MUL:
    case ZKI_OP_DIV:
    case ZKI_OP_SUM:
    case ZKI_OP_MEAN:
    case ZKI_OP_PRELU: nary(g, n, v); break;
    case ZKI_OP_REDUCE_SUM:
    case ZKI_OP_REDUCE_MEAN:
    case ZKI_OP_REDUCE_MAX:
    case ZKI_OP_SOFTMAX:
    case ZKI_OP_ARGMAX:
    case ZKI_OP_GLOBAL_AVGPOOL:
    case ZKI_OP_GLOBAL_MAXPOOL: return reduce(g, n, v);
    case ZKI_OP_BATCHNORM: {
        const float *a = v[n->inputs[1]], *b = v[n->inputs[2]];
        size_t inner = 1, C = (size_t)g->tensors[n->inputs[0]].dims[1];
        for (int k = 2; k < y->rank; k++) inner *= (size_t)y->dims[k];
        for (size_t i = 0; i < y->size; i++) {
            size_t c = (i / inner) % C;
            v[n->output][i] = (float)((double)x[i] * a[c] + b[c]);
        }
        break;
    }
    default:
        for (size_t k = 0; k < y->size; k++) v[n->output][k] = (float)zki_unary_f(n, x[k]);
    }
    return ZKI_OK;
}

zki_status zki_float_node(const zki_graph *g, const zki_node *n, float *const *v) { return node(g, n, v); }

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
    for (size_t i = 0; i < g->n_nodes && st == ZKI_OK; i++) st = node(g, &g->nodes[i], v);
    if (st == ZKI_OK) memcpy(output, v[g->output], g->tensors[g->output].size * sizeof(float));
    for (size_t t = 0; t < g->n_tensors; t++)
        if (g->tensors[t].kind == ZKI_TENSOR_VALUE) free(v[t]);
    free(v);
    return st;
}
