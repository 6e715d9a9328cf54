/* The fixed-point reference engine (infer_quant.h): the float engine's kernels over
 * checked int64 arithmetic, with the scale bookkeeping of infer_quant.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_quant.h"
#include "onnx_internal.h"

typedef struct {
    const zki_graph *g;
    const zki_quant_settings *qs;
    int64_t **v; /* INPUT/VALUE tensors */
    int *sc;     /* their scales */
    zki_quant_trace *trace;
} ctx;

typedef struct {
    const int64_t *d;
    int s;
    int64_t *owned;
} operand;

#define OVF(n) zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': int64 overflow (lower the scales)", (n)->name)

void zki_quant_trace_free(zki_quant_trace *t) {
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) free(t->entries[i].data);
    free(t->entries);
    memset(t, 0, sizeof *t);
}

static zki_status record(ctx *c, zki_trace_kind kind, int node, int tensor, int slot, int scale,
                         const int64_t *data) {
    zki_quant_trace *t = c->trace;
    if (!t) return ZKI_OK;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        zki_trace_entry *e = realloc(t->entries, cap * sizeof *e);
        if (!e) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        t->entries = e;
        t->cap = cap;
    }
    const zki_tensor *T = &c->g->tensors[tensor];
    zki_trace_entry *e = &t->entries[t->n];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->node = node;
    e->tensor = tensor;
    e->operand = slot;
    e->scale = scale;
    e->rank = T->rank;
    memcpy(e->dims, T->dims, sizeof e->dims);
    e->size = T->size;
    if (!(e->data = malloc((T->size ? T->size : 1) * sizeof(int64_t)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    memcpy(e->data, data, T->size * sizeof(int64_t));
    t->n++;
    return ZKI_OK;
}

/* Input `slot` of node ni: a run-time tensor as is, or a constant quantized at scale
 * cs after multiplying by mul (exact: float times float in double). */
static zki_status get_operand(ctx *c, int ni, int slot, int cs, float mul, operand *o) {
    const zki_node *n = &c->g->nodes[ni];
    int t = n->inputs[slot];
    const zki_tensor *T = &c->g->tensors[t];
    o->owned = NULL;
    if (T->kind != ZKI_TENSOR_CONST) {
        o->d = c->v[t];
        o->s = c->sc[t];
        return ZKI_OK;
    }
    if (!(o->owned = malloc((T->size ? T->size : 1) * sizeof(int64_t)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < T->size; i++)
        if (zki_quantize(&o->owned[i], (double)mul * (double)T->fdata[i], cs, c->qs->rescale) != ZKI_OK)
            return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': constant '%s'[%zu] = %g does not fit at scale %d", n->name,
                                 T->name, i, (double)T->fdata[i], cs);
    o->d = o->owned;
    o->s = cs;
    return record(c, ZKI_TRACE_CONST, ni, t, slot, cs, o->d);
}

/* dst = src brought from scale from to scale to (exact multiply, or rescale). */
static zki_status align(const ctx *c, const zki_node *n, int64_t *dst, const int64_t *src, size_t len, int from, int to) {
    for (size_t i = 0; i < len; i++) {
        if (to >= from) {
            if (to - from > 62 || __builtin_mul_overflow(src[i], (int64_t)1 << (to - from), &dst[i])) return OVF(n);
        } else if (zki_rescale(&dst[i], src[i], from - to, c->qs->rescale) != ZKI_OK)
            return OVF(n);
    }
    return ZKI_OK;
}

static int mac(int64_t *acc, int64_t a, int64_t b) {
    int64_t p;
    return !__builtin_mul_overflow(a, b, &p) && !__builtin_add_overflow(*acc, p, acc);
}

static zki_status conv(ctx *c, int ni, const operand *x, const operand *w, const operand *b, int64_t *acc) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *X = &g->tensors[n->inputs[0]], *Wt = &g->tensors[n->inputs[1]], *Y = &g->tensors[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t C = X->dims[1], H = X->dims[2], W = X->dims[3];
    int64_t M = Y->dims[1], OH = Y->dims[2], OW = Y->dims[3], Cg = Wt->dims[1], Mg = M / a->group;
    for (int64_t bt = 0; bt < Y->dims[0]; bt++)
        for (int64_t m = 0; m < M; m++)
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    int64_t s = b ? b->d[m] : 0, c0 = (m / Mg) * Cg;
                    for (int64_t ci = 0; ci < Cg; ci++)
                        for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                            int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                            if (ih < 0 || ih >= H) continue;
                            for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                                int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                                if (iw < 0 || iw >= W) continue;
                                if (!mac(&s, x->d[((bt * C + c0 + ci) * H + ih) * W + iw],
                                         w->d[((m * Cg + ci) * a->kernel[0] + kh) * a->kernel[1] + kw]))
                                    return OVF(n);
                            }
                        }
                    acc[((bt * M + m) * OH + oh) * OW + ow] = s;
                }
    return ZKI_OK;
}

/* Gemm (without alpha, folded into an operand) or MatMul; cq is C aligned to the
 * accumulator scale (NULL if none). */
static zki_status matmul(ctx *c, int ni, const operand *A_, const operand *B_, const int64_t *cq, int64_t *acc) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *A = &g->tensors[n->inputs[0]], *B = &g->tensors[n->inputs[1]], *Y = &g->tensors[n->output];
    int gemm = n->op == ZKI_OP_GEMM;
    int64_t M, K, N, sam, sak, sbk, sbn;
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
    int yb = gemm ? 0 : Y->rank - (A->rank >= 2) - (B->rank >= 2);
    int ab = A->rank > 2 ? A->rank - 2 : 0, bb = B->rank > 2 ? B->rank - 2 : 0;
    int64_t ast[ZKI_ONNX_MAX_RANK], bst[ZKI_ONNX_MAX_RANK], cst[2] = {0, 0}, mn[2] = {M, N};
    zki_bcast_strides(ast, ab, A->dims, yb, Y->dims);
    zki_bcast_strides(bst, bb, B->dims, yb, Y->dims);
    if (cq) {
        const zki_tensor *Ct = &g->tensors[n->inputs[2]];
        zki_bcast_strides(cst, Ct->rank, Ct->dims, 2, mn);
    }
    size_t batches = 1;
    for (int i = 0; i < yb; i++) batches *= (size_t)Y->dims[i];
    for (size_t bt = 0; bt < batches; bt++) {
        const int64_t *ap = A_->d + zki_bcast_offset(bt, yb, Y->dims, ast) * (size_t)(M * K);
        const int64_t *bp = B_->d + zki_bcast_offset(bt, yb, Y->dims, bst) * (size_t)(K * N);
        int64_t *yp = acc + bt * (size_t)(M * N);
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) {
                int64_t s = cq ? cq[i * cst[0] + j * cst[1]] : 0;
                for (int64_t k = 0; k < K; k++)
                    if (!mac(&s, ap[i * sam + k * sak], bp[k * sbk + j * sbn])) return OVF(n);
                yp[i * N + j] = s;
            }
    }
    return ZKI_OK;
}

static void maxpool(const zki_graph *g, const zki_node *n, const int64_t *xd, int64_t *yd) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *y = &g->tensors[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t H = x->dims[2], W = x->dims[3], OH = y->dims[2], OW = y->dims[3];
    for (int64_t p = 0; p < y->dims[0] * y->dims[1]; p++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                int64_t best = INT64_MIN;
                for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                    int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                    if (ih < 0 || ih >= H) continue;
                    for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                        int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                        if (iw < 0 || iw >= W) continue;
                        int64_t t = xd[(p * H + ih) * W + iw];
                        if (t > best) best = t;
                    }
                }
                yd[(p * OH + oh) * OW + ow] = best;
            }
}

/* Conv, Gemm, MatMul: operands, exact accumulator, rescale to s_act. */
static zki_status run_dot(ctx *c, int ni, operand *ops, int64_t *y, int *ys) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *Y = &g->tensors[n->output];
    const int ps = c->qs->param_scale, sa = c->qs->input_scale;
    int const0 = g->tensors[n->inputs[0]].kind == ZKI_TENSOR_CONST;
    int const1 = g->tensors[n->inputs[1]].kind == ZKI_TENSOR_CONST;
    float alpha = n->op == ZKI_OP_GEMM ? n->at.alpha : 1.0f, beta = n->op == ZKI_OP_GEMM ? n->at.beta : 1.0f;
    if (alpha != 1.0f && !const0 && !const1)
        return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': Gemm alpha != 1 needs a constant operand in the quantized engine",
                             n->name);
    zki_status st;
    if ((st = get_operand(c, ni, 0, ps, (alpha != 1.0f && !const1) ? alpha : 1.0f, &ops[0])) != ZKI_OK) return st;
    if ((st = get_operand(c, ni, 1, ps, const1 ? alpha : 1.0f, &ops[1])) != ZKI_OK) return st;
    int s_acc = ops[0].s + ops[1].s;
    int64_t *acc = malloc((Y->size ? Y->size : 1) * sizeof *acc), *cq = NULL;
    if (!acc) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    if (n->n_inputs > 2 && n->inputs[2] >= 0) {
        const zki_tensor *Ct = &g->tensors[n->inputs[2]];
        if (Ct->kind != ZKI_TENSOR_CONST && beta != 1.0f)
            st = zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': beta != 1 with a run-time C is not supported in the "
                               "quantized engine", n->name);
        if (st == ZKI_OK && n->op == ZKI_OP_CONV && Ct->kind != ZKI_TENSOR_CONST)
            st = zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': a run-time Conv bias is not supported", n->name);
        if (st == ZKI_OK) st = get_operand(c, ni, 2, s_acc, beta, &ops[2]);
        if (st == ZKI_OK && !(cq = malloc((Ct->size ? Ct->size : 1) * sizeof *cq)))
            st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        if (st == ZKI_OK) st = align(c, n, cq, ops[2].d, Ct->size, ops[2].s, s_acc);
    }
    if (st == ZKI_OK)
        st = n->op == ZKI_OP_CONV ? conv(c, ni, &ops[0], &ops[1], cq ? &(operand){cq, s_acc, NULL} : NULL, acc)
                                  : matmul(c, ni, &ops[0], &ops[1], cq, acc);
    if (st == ZKI_OK) st = record(c, ZKI_TRACE_ACC, ni, n->output, -1, s_acc, acc);
    if (st == ZKI_OK) st = align(c, n, y, acc, Y->size, s_acc, sa);
    *ys = sa;
    free(acc);
    free(cq);
    return st;
}

static zki_status run_add(ctx *c, int ni, operand *ops, int64_t *y, int *ys) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *A = &g->tensors[n->inputs[0]], *B = &g->tensors[n->inputs[1]], *Y = &g->tensors[n->output];
    int ca = A->kind == ZKI_TENSOR_CONST, cb = B->kind == ZKI_TENSOR_CONST, ps = c->qs->param_scale;
    zki_status st;
    /* a constant takes the other operand's scale */
    int sa0 = ca ? (cb ? ps : c->sc[n->inputs[1]]) : 0, sb0 = cb ? (ca ? ps : c->sc[n->inputs[0]]) : 0;
    if ((st = get_operand(c, ni, 0, sa0, 1.0f, &ops[0])) != ZKI_OK) return st;
    if ((st = get_operand(c, ni, 1, sb0, 1.0f, &ops[1])) != ZKI_OK) return st;
    int s = ops[0].s > ops[1].s ? ops[0].s : ops[1].s;
    int64_t ast[ZKI_ONNX_MAX_RANK], bst[ZKI_ONNX_MAX_RANK];
    zki_bcast_strides(ast, A->rank, A->dims, Y->rank, Y->dims);
    zki_bcast_strides(bst, B->rank, B->dims, Y->rank, Y->dims);
    for (size_t i = 0; i < Y->size; i++) {
        int64_t p, q;
        if (align(c, n, &p, &ops[0].d[zki_bcast_offset(i, Y->rank, Y->dims, ast)], 1, ops[0].s, s) != ZKI_OK ||
            align(c, n, &q, &ops[1].d[zki_bcast_offset(i, Y->rank, Y->dims, bst)], 1, ops[1].s, s) != ZKI_OK ||
            __builtin_add_overflow(p, q, &y[i]))
            return OVF(n);
    }
    *ys = s;
    return ZKI_OK;
}

/* ---- issue 7 operators: every run-time operand is first brought to s = input_scale
 * (exact multiply from a lower scale, rnd from a higher one), every constant is
 * quantized at s; infer_quant.h lists the rule of each op. ---- */

/* Input `slot` of node ni at scale s (see above); o->owned set when a copy was made. */
static zki_status at_s(ctx *c, int ni, int slot, operand *o) {
    const int s = c->qs->input_scale;
    zki_status st = get_operand(c, ni, slot, s, 1.0f, o);
    if (st != ZKI_OK || o->s == s) return st;
    const zki_tensor *T = &c->g->tensors[c->g->nodes[ni].inputs[slot]];
    int64_t *d = malloc((T->size ? T->size : 1) * sizeof *d);
    if (!d) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    if ((st = align(c, &c->g->nodes[ni], d, o->d, T->size, o->s, s)) != ZKI_OK) {
        free(d);
        return st;
    }
    free(o->owned);
    o->owned = d;
    o->d = d;
    o->s = s;
    return ZKI_OK;
}

/* q(v, k): v quantized at scale k with the policy's rounding (HALF_UP: floor(v·2^k + 1/2)). */
static zki_status qv(const ctx *c, const zki_node *n, double v, int k, int64_t *q) {
    if (zki_quantize(q, v, k, c->qs->rescale) != ZKI_OK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': value %g does not fit at scale %d", n->name, v, k);
    return ZKI_OK;
}

/* rnd_s(a·m) with overflow checks. */
static zki_status mul_rnd(const ctx *c, const zki_node *n, int64_t a, int64_t m, int64_t *y) {
    int64_t p;
    if (__builtin_mul_overflow(a, m, &p) || zki_rescale(y, p, c->qs->input_scale, c->qs->rescale) != ZKI_OK)
        return OVF(n);
    return ZKI_OK;
}

static size_t group_of(size_t i, const zki_tensor *x, const int *red) {
    size_t gi = 0, mul = 1;
    for (int k = x->rank - 1; k >= 0; k--) {
        size_t d = (size_t)x->dims[k], cc = i % d;
        i /= d;
        if (!red[k]) {
            gi += cc * mul;
            mul *= d;
        }
    }
    return gi;
}

/* LeakyRelu, Elu, Sigmoid, Tanh, Exp, Erf, Gelu, HardSigmoid, HardSwish, Clip, Abs:
 * y = q(f(x / 2^s), s). */
static zki_status run_table(ctx *c, int ni, const operand *x, int64_t *y) {
    const zki_node *n = &c->g->nodes[ni];
    const int s = c->qs->input_scale;
    size_t len = c->g->tensors[n->output].size;
    for (size_t i = 0; i < len; i++) {
        zki_status st;
        if (n->op == ZKI_OP_ABS) {
            if (x->d[i] == INT64_MIN) return OVF(n);
            y[i] = x->d[i] < 0 ? -x->d[i] : x->d[i];
        } else if ((st = qv(c, n, zki_unary_f(n, ldexp((double)x->d[i], -s)), s, &y[i])) != ZKI_OK)
            return st;
    }
    return ZKI_OK;
}

/* Sub, Mul, Div, PRelu, Sum, Mean over broadcast operands at s. */
static zki_status run_nary(ctx *c, int ni, operand *ops, int64_t *y) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *Y = &g->tensors[n->output];
    const int s = c->qs->input_scale;
    zki_status st;
    int64_t stv[ZKI_ONNX_MAX_INPUTS][ZKI_ONNX_MAX_RANK];
    int div_rt = n->op == ZKI_OP_DIV && g->tensors[n->inputs[1]].kind != ZKI_TENSOR_CONST;
    if (n->op == ZKI_OP_DIV && !div_rt) {
        const zki_tensor *B = &g->tensors[n->inputs[1]];
        if (g->tensors[n->inputs[0]].kind == ZKI_TENSOR_CONST)
            return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op 'Div': two constants (should have been folded)", n->name);
        if ((st = at_s(c, ni, 0, &ops[0])) != ZKI_OK) return st;
        /* the divisor as q(1/c, s) */
        if (!(ops[1].owned = malloc((B->size ? B->size : 1) * sizeof(int64_t)))) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < B->size; i++) {
            if (B->fdata[i] == 0.0f) return zki_onnx_fail(ZKI_ERR_SIZE, "node '%s': division by zero", n->name);
            if ((st = qv(c, n, 1.0 / (double)B->fdata[i], s, &ops[1].owned[i])) != ZKI_OK) return st;
        }
        ops[1].d = ops[1].owned;
        ops[1].s = s;
        if ((st = record(c, ZKI_TRACE_CONST, ni, n->inputs[1], 1, s, ops[1].d)) != ZKI_OK) return st;
    } else
        for (int k = 0; k < n->n_inputs; k++)
            if ((st = at_s(c, ni, k, &ops[k])) != ZKI_OK) return st;
    for (int k = 0; k < n->n_inputs; k++) {
        const zki_tensor *T = &g->tensors[n->inputs[k]];
        zki_bcast_strides(stv[k], T->rank, T->dims, Y->rank, Y->dims);
    }
    int64_t inv_n = 0;
    if (n->op == ZKI_OP_MEAN && (st = qv(c, n, 1.0 / n->n_inputs, s, &inv_n)) != ZKI_OK) return st;
    for (size_t i = 0; i < Y->size; i++) {
        int64_t a = ops[0].d[zki_bcast_offset(i, Y->rank, Y->dims, stv[0])];
        int64_t b = n->n_inputs > 1 ? ops[1].d[zki_bcast_offset(i, Y->rank, Y->dims, stv[1])] : 0;
        switch (n->op) {
        case ZKI_OP_SUB:
            if (__builtin_sub_overflow(a, b, &y[i])) return OVF(n);
            break;
        case ZKI_OP_MUL:
        case ZKI_OP_DIV:
            if (div_rt) { /* floor((a·2^(s+1) + b) / (2b)) for b >= 1 */
                int64_t num, b2;
                if (b < 1)
                    return zki_onnx_fail(ZKI_ERR_ARG, "node '%s' op 'Div': run-time divisor %lld is not positive",
                                         n->name, (long long)b);
                if (s + 1 > 62 || __builtin_mul_overflow(a, (int64_t)1 << (s + 1), &num) ||
                    __builtin_add_overflow(num, b, &num) || __builtin_mul_overflow(b, 2, &b2))
                    return OVF(n);
                y[i] = num / b2 - (num % b2 < 0);
            } else if ((st = mul_rnd(c, n, a, b, &y[i])) != ZKI_OK)
                return st;
            break;
        case ZKI_OP_PRELU: {
            /* rnd_s(2^s·relu(x) + q(slope, s)·(x − relu(x))) */
            int64_t r = a > 0 ? a : 0, t1, t2, sum;
            if (__builtin_mul_overflow(r, (int64_t)1 << s, &t1) || __builtin_mul_overflow(b, a - r, &t2) ||
                __builtin_add_overflow(t1, t2, &sum) || zki_rescale(&y[i], sum, s, c->qs->rescale) != ZKI_OK)
                return OVF(n);
            break;
        }
        default: { /* Sum, Mean */
            int64_t acc = a;
            for (int k = 1; k < n->n_inputs; k++)
                if (__builtin_add_overflow(acc, ops[k].d[zki_bcast_offset(i, Y->rank, Y->dims, stv[k])], &acc))
                    return OVF(n);
            if (n->op == ZKI_OP_MEAN) {
                if ((st = mul_rnd(c, n, acc, inv_n, &y[i])) != ZKI_OK) return st;
            } else y[i] = acc;
        }
        }
    }
    return ZKI_OK;
}

/* ReduceSum/Mean/Max, GlobalAverage/MaxPool, Softmax, ArgMax. */
static zki_status run_reduce(ctx *c, int ni, const operand *x, int64_t *y, int *ys) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *X = &g->tensors[n->inputs[0]];
    const int s = c->qs->input_scale;
    int red[ZKI_ONNX_MAX_RANK] = {0};
    if (n->op == ZKI_OP_GLOBAL_AVGPOOL || n->op == ZKI_OP_GLOBAL_MAXPOOL)
        for (int k = 2; k < X->rank; k++) red[k] = 1;
    else if (n->op == ZKI_OP_ARGMAX) red[n->at.axis] = 1;
    else
        for (int k = 0; k < n->at.n_axes; k++) red[n->at.axes[k]] = 1;
    size_t ng = 1, cnt = 1;
    for (int k = 0; k < X->rank; k++) {
        if (red[k]) cnt *= (size_t)X->dims[k];
        else ng *= (size_t)X->dims[k];
    }
    int64_t *acc = calloc(ng ? ng : 1, sizeof *acc), *mx = malloc((ng ? ng : 1) * sizeof *mx);
    zki_status st = ZKI_OK;
    if (!acc || !mx) st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (size_t j = 0; st == ZKI_OK && j < ng; j++) mx[j] = INT64_MIN;
    *ys = s;
    if (st != ZKI_OK) {
    } else if (n->op == ZKI_OP_ARGMAX) {
        size_t inner = 1, d = (size_t)X->dims[n->at.axis];
        for (int k = (int)n->at.axis + 1; k < X->rank; k++) inner *= (size_t)X->dims[k];
        for (size_t i = 0; i < X->size; i++) {
            size_t j = group_of(i, X, red), pos = (i / inner) % d;
            if (pos == 0 || x->d[i] > mx[j] || (n->at.select_last_index && x->d[i] == mx[j])) {
                mx[j] = x->d[i];
                acc[j] = (int64_t)pos;
            }
        }
        memcpy(y, acc, ng * sizeof *y);
        *ys = 0;
    } else if (n->op == ZKI_OP_REDUCE_MAX || n->op == ZKI_OP_GLOBAL_MAXPOOL || n->op == ZKI_OP_SOFTMAX) {
        for (size_t i = 0; i < X->size; i++) {
            size_t j = group_of(i, X, red);
            if (x->d[i] > mx[j]) mx[j] = x->d[i];
        }
        if (n->op != ZKI_OP_SOFTMAX) memcpy(y, mx, ng * sizeof *y);
        else {
            /* d_i = max(x_i − m, −2^(b−1)) (no clamp when act_bits is 0); e_i = q(exp(d_i/2^s), s);
             * S = Σ e_i; y_i = floor((e_i·2^(s+1) + S) / (2S)), as the circuit proves it */
            int64_t lo = c->qs->act_bits > 0 ? -((int64_t)1 << (c->qs->act_bits - 1)) : INT64_MIN;
            for (size_t i = 0; st == ZKI_OK && i < X->size; i++) {
                size_t j = group_of(i, X, red);
                int64_t d = x->d[i] - mx[j]; /* <= 0; no overflow: both come from quantized values */
                if (d < lo) d = lo;
                st = qv(c, n, exp(ldexp((double)d, -s)), s, &y[i]);
                if (st == ZKI_OK && __builtin_add_overflow(acc[j], y[i], &acc[j])) st = OVF(n);
            }
            for (size_t i = 0; st == ZKI_OK && i < X->size; i++) {
                int64_t S = acc[group_of(i, X, red)], num, S2;
                if (s + 1 > 62 || __builtin_mul_overflow(y[i], (int64_t)1 << (s + 1), &num) ||
                    __builtin_add_overflow(num, S, &num) || __builtin_mul_overflow(S, 2, &S2))
                    st = OVF(n);
                else y[i] = num / S2; /* num >= 0, S >= 1 (the maximum's e is q(1, s) >= 1) */
            }
        }
    } else {
        for (size_t i = 0; st == ZKI_OK && i < X->size; i++) {
            size_t j = group_of(i, X, red);
            if (__builtin_add_overflow(acc[j], x->d[i], &acc[j])) st = OVF(n);
        }
        int64_t inv = 1;
        int mean = n->op == ZKI_OP_REDUCE_MEAN || n->op == ZKI_OP_GLOBAL_AVGPOOL;
        if (st == ZKI_OK && mean) st = qv(c, n, 1.0 / (double)cnt, s, &inv);
        for (size_t j = 0; st == ZKI_OK && j < ng; j++) {
            if (mean) st = mul_rnd(c, n, acc[j], inv, &y[j]);
            else y[j] = acc[j];
        }
    }
    free(acc);
    free(mx);
    return st;
}

/* AveragePool: rnd_s((Σ_window x)·q(1/cnt, s)). */
static zki_status run_avgpool(ctx *c, int ni, const operand *x, int64_t *y) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *X = &g->tensors[n->inputs[0]], *Y = &g->tensors[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t H = X->dims[2], W = X->dims[3], OH = Y->dims[2], OW = Y->dims[3];
    for (int64_t p = 0; p < Y->dims[0] * Y->dims[1]; p++)
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                int64_t sum = 0, inv;
                for (int64_t kh = 0; kh < a->kernel[0]; kh++) {
                    int64_t ih = oh * a->strides[0] - a->pads[0] + kh * a->dilations[0];
                    if (ih < 0 || ih >= H) continue;
                    for (int64_t kw = 0; kw < a->kernel[1]; kw++) {
                        int64_t iw = ow * a->strides[1] - a->pads[1] + kw * a->dilations[1];
                        if (iw < 0 || iw >= W) continue;
                        if (__builtin_add_overflow(sum, x->d[(p * H + ih) * W + iw], &sum)) return OVF(n);
                    }
                }
                zki_status st = qv(c, n, 1.0 / (double)zki_avgpool_count(n, oh, ow, H, W), c->qs->input_scale, &inv);
                if (st == ZKI_OK) st = mul_rnd(c, n, sum, inv, &y[(p * OH + oh) * OW + ow]);
                if (st != ZKI_OK) return st;
            }
    return ZKI_OK;
}

/* Standalone BatchNormalization: rnd_s(x·q(a_c, s) + q(b_c, 2s)). */
static zki_status run_bn(ctx *c, int ni, operand *ops, int64_t *y) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *Y = &g->tensors[n->output];
    const int s = c->qs->input_scale;
    zki_status st;
    if ((st = at_s(c, ni, 0, &ops[0])) != ZKI_OK || (st = get_operand(c, ni, 1, s, 1.0f, &ops[1])) != ZKI_OK ||
        (st = get_operand(c, ni, 2, 2 * s, 1.0f, &ops[2])) != ZKI_OK)
        return st;
    size_t inner = 1, C = (size_t)Y->dims[1];
    for (int k = 2; k < Y->rank; k++) inner *= (size_t)Y->dims[k];
    for (size_t i = 0; i < Y->size; i++) {
        size_t ch = (i / inner) % C;
        int64_t p, t;
        if (__builtin_mul_overflow(ops[0].d[i], ops[1].d[ch], &p) || __builtin_add_overflow(p, ops[2].d[ch], &t) ||
            zki_rescale(&y[i], t, s, c->qs->rescale) != ZKI_OK)
            return OVF(n);
    }
    return ZKI_OK;
}

/* Data movement: Pad and Concat bring every input to s (Pad's value as q(v, s));
 * the others move the integers of their one input at its scale. */
static zki_status run_move(ctx *c, int ni, operand *ops, int64_t *y, int *ys) {
    const zki_node *n = &c->g->nodes[ni];
    zki_status st;
    const void *src[ZKI_ONNX_MAX_INPUTS] = {0};
    int64_t pad = 0;
    if (n->op == ZKI_OP_CONCAT || n->op == ZKI_OP_PAD) {
        int cnt = n->op == ZKI_OP_PAD ? 1 : n->n_inputs;
        for (int k = 0; k < cnt; k++) {
            if ((st = at_s(c, ni, k, &ops[k])) != ZKI_OK) return st;
            src[k] = ops[k].d;
        }
        if (n->op == ZKI_OP_PAD) {
            const zki_tensor *V = &c->g->tensors[n->inputs[1]];
            if ((st = qv(c, n, V->fdata[0], c->qs->input_scale, &pad)) != ZKI_OK) return st;
            if ((st = record(c, ZKI_TRACE_CONST, ni, n->inputs[1], 1, c->qs->input_scale, &pad)) != ZKI_OK) return st;
        }
        *ys = c->qs->input_scale;
    } else {
        if ((st = get_operand(c, ni, 0, c->qs->input_scale, 1.0f, &ops[0])) != ZKI_OK) return st;
        src[0] = ops[0].d;
        *ys = ops[0].s;
    }
    zki_onnx_move(c->g, n, src, y, sizeof *y, &pad);
    return ZKI_OK;
}

static zki_status run_node(ctx *c, int ni) {
    const zki_graph *g = c->g;
    const zki_node *n = &g->nodes[ni];
    const zki_tensor *Y = &g->tensors[n->output];
    int64_t *y = malloc((Y->size ? Y->size : 1) * sizeof *y);
    if (!y) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    c->v[n->output] = y;
    operand ops[ZKI_ONNX_MAX_INPUTS] = {{0}};
    zki_status st = ZKI_OK;
    int ys = 0;
    switch (n->op) {
    case ZKI_OP_CONV:
    case ZKI_OP_GEMM:
    case ZKI_OP_MATMUL: st = run_dot(c, ni, ops, y, &ys); break;
    case ZKI_OP_ADD: st = run_add(c, ni, ops, y, &ys); break;
    case ZKI_OP_LEAKY_RELU:
    case ZKI_OP_ELU:
    case ZKI_OP_SIGMOID:
    case ZKI_OP_TANH:
    case ZKI_OP_EXP:
    case ZKI_OP_ERF:
    case ZKI_OP_GELU:
    case ZKI_OP_HARD_SIGMOID:
    case ZKI_OP_HARD_SWISH:
    case ZKI_OP_CLIP:
    case ZKI_OP_ABS:
        if ((st = at_s(c, ni, 0, &ops[0])) == ZKI_OK) st = run_table(c, ni, &ops[0], y);
        ys = c->qs->input_scale;
        break;
    case ZKI_OP_NEG:
        if ((st = get_operand(c, ni, 0, c->qs->input_scale, 1.0f, &ops[0])) != ZKI_OK) break;
        ys = ops[0].s;
        for (size_t i = 0; i < Y->size && st == ZKI_OK; i++) {
            if (ops[0].d[i] == INT64_MIN) st = OVF(n);
            else y[i] = -ops[0].d[i];
        }
        break;
    case ZKI_OP_SUB:
    case ZKI_OP_MUL:
    case ZKI_OP_DIV:
    case ZKI_OP_PRELU:
    case ZKI_OP_SUM:
    case ZKI_OP_MEAN:
        st = run_nary(c, ni, ops, y);
        ys = c->qs->input_scale;
        break;
    case ZKI_OP_REDUCE_SUM:
    case ZKI_OP_REDUCE_MEAN:
    case ZKI_OP_REDUCE_MAX:
    case ZKI_OP_GLOBAL_AVGPOOL:
    case ZKI_OP_GLOBAL_MAXPOOL:
    case ZKI_OP_SOFTMAX:
    case ZKI_OP_ARGMAX:
        if ((st = at_s(c, ni, 0, &ops[0])) == ZKI_OK) st = run_reduce(c, ni, &ops[0], y, &ys);
        break;
    case ZKI_OP_AVGPOOL:
        if ((st = at_s(c, ni, 0, &ops[0])) == ZKI_OK) st = run_avgpool(c, ni, &ops[0], y);
        ys = c->qs->input_scale;
        break;
    case ZKI_OP_BATCHNORM:
        st = run_bn(c, ni, ops, y);
        ys = c->qs->input_scale;
        break;
    case ZKI_OP_SQUEEZE:
    case ZKI_OP_UNSQUEEZE:
    case ZKI_OP_TRANSPOSE:
    case ZKI_OP_SLICE:
    case ZKI_OP_GATHER:
    case ZKI_OP_RESIZE:
    case ZKI_OP_CONCAT:
    case ZKI_OP_PAD: st = run_move(c, ni, ops, y, &ys); break;
    case ZKI_OP_MAXPOOL:
    case ZKI_OP_RELU:
    case ZKI_OP_RESHAPE:
    case ZKI_OP_FLATTEN:
    case ZKI_OP_IDENTITY:
        if ((st = get_operand(c, ni, 0, c->qs->param_scale, 1.0f, &ops[0])) != ZKI_OK) break;
        ys = ops[0].s;
        if (n->op == ZKI_OP_MAXPOOL) maxpool(g, n, ops[0].d, y);
        else if (n->op == ZKI_OP_RELU)
            for (size_t i = 0; i < Y->size; i++) y[i] = ops[0].d[i] > 0 ? ops[0].d[i] : 0;
        else memcpy(y, ops[0].d, Y->size * sizeof *y);
        break;
    default:
        st = zki_onnx_fail(ZKI_ERR_VERSION, "node '%s' op '%s' is not supported by the fixed-point engine", n->name,
                           zki_op_name(n->op));
    }
    for (int i = 0; i < ZKI_ONNX_MAX_INPUTS; i++) free(ops[i].owned);
    c->sc[n->output] = ys;
    if (st == ZKI_OK) st = record(c, ZKI_TRACE_VALUE, ni, n->output, -1, ys, y);
    return st;
}

zki_status zki_infer_quant(const zki_graph *g, const zki_quant_settings *qs, const float *input,
                           int64_t *output_int, float *output_float, zki_quant_trace *trace) {
    zki_onnx_clear_error();
    if (!g || !qs || !input || !g->tensors) return zki_onnx_fail(ZKI_ERR_ARG, "NULL argument");
    if (qs->input_scale < 0 || qs->input_scale > ZKI_QUANT_MAX_SCALE || qs->param_scale < 0 ||
        qs->param_scale > ZKI_QUANT_MAX_SCALE || (unsigned)qs->rescale > ZKI_RESCALE_FLOOR)
        return zki_onnx_fail(ZKI_ERR_ARG, "quantization settings out of range (scales 0..%d)", ZKI_QUANT_MAX_SCALE);
    ctx c = {g, qs, calloc(g->n_tensors, sizeof(int64_t *)), calloc(g->n_tensors, sizeof(int)), trace};
    zki_status st = ZKI_OK;
    const zki_tensor *X = &g->tensors[g->input], *Y = &g->tensors[g->output];
    int64_t *out = NULL;
    if (!c.v || !c.sc || !(c.v[g->input] = malloc((X->size ? X->size : 1) * sizeof(int64_t))) ||
        !(out = malloc((Y->size ? Y->size : 1) * sizeof(int64_t))))
        st = zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == ZKI_OK && i < X->size; i++)
        if (zki_quantize(&c.v[g->input][i], input[i], qs->input_scale, qs->rescale) != ZKI_OK)
            st = zki_onnx_fail(ZKI_ERR_SIZE, "input[%zu] = %g does not fit at scale %d", i, (double)input[i],
                               qs->input_scale);
    if (st == ZKI_OK) {
        c.sc[g->input] = qs->input_scale;
        st = record(&c, ZKI_TRACE_INPUT, -1, g->input, -1, qs->input_scale, c.v[g->input]);
    }
    for (size_t i = 0; i < g->n_nodes && st == ZKI_OK; i++) st = run_node(&c, (int)i);
    if (st == ZKI_OK) {
        int s = c.sc[g->output];
        st = align(&c, &g->nodes[g->n_nodes ? g->n_nodes - 1 : 0], out, c.v[g->output], Y->size, s, qs->input_scale);
        if (st == ZKI_OK && s != qs->input_scale) st = record(&c, ZKI_TRACE_VALUE, -1, g->output, -1, qs->input_scale, out);
    }
    if (st == ZKI_OK) {
        if (output_int) memcpy(output_int, out, Y->size * sizeof *out);
        if (output_float)
            for (size_t i = 0; i < Y->size; i++) output_float[i] = zki_dequantize(out[i], qs->input_scale);
    }
    if (c.v)
        for (size_t t = 0; t < g->n_tensors; t++) free(c.v[t]);
    free(c.v);
    free(c.sc);
    free(out);
    return st;
}
