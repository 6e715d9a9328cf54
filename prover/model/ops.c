/* The compiler's element-wise, arithmetic, reduction, Softmax and data-movement
 * operators (model_internal.h). Every rule here is the fixed-point semantics of
 * prover/onnx/infer_quant.h, proved with the gadgets of prover/nn/nn.h:
 *   - a function f (Sigmoid, Tanh, Exp, Erf, Gelu, Elu, LeakyRelu, Clip, HardSigmoid,
 *     HardSwish, Abs, Relu) is a table over the activation range: y = q(f(x/2^s), s),
 *     fused into the rescale row of a linear layer when it is that layer's only user;
 *   - sums are dot products with weights ±1 (exact); a mean, an average pool, a product
 *     with a constant and BatchNormalization are dot products with quantized weights,
 *     rescaled once; a product of two tensors is a product row, rescaled once;
 *   - Div by a run-time tensor: one division row per value (div_runtime below);
 *   - a max over n values (MaxPool, ReduceMax, GlobalMaxPool, Softmax's and ArgMax's
 *     max): zki_nn_max_n, n − 1 max rows, or ⌈(n − 1)/3⌉ max4 rows with settings.max4;
 *   - Softmax: max, differences, exp by table, a sum and one division row per value;
 *   - ArgMax: max, an "is the maximum" table, a running max of the flags, a sum
 *     (zki_m_argmax below);
 *   - data movement only renames wires (no rows), padding with a constant wire. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "onnx_internal.h"

#define err zki_model_set_error
#define OOM err(ZKI_ERR_NOMEM, "out of memory")

int zki_m_is_table_op(zki_op op) {
    switch (op) {
    case ZKI_OP_RELU:
    case ZKI_OP_LEAKY_RELU:
    case ZKI_OP_ELU:
    case ZKI_OP_SIGMOID:
    case ZKI_OP_TANH:
    case ZKI_OP_EXP:
    case ZKI_OP_CLIP:
    case ZKI_OP_HARD_SIGMOID:
    case ZKI_OP_HARD_SWISH:
    case ZKI_OP_ERF:
    case ZKI_OP_GELU:
    case ZKI_OP_ABS: return 1;
    default: return 0;
    }
}

static double fn_eval(const zki_mtable *t, double x) {
    switch (t->op) {
    case ZKI_OP_LEAKY_RELU: return x >= 0 ? x : (double)t->alpha * x;
    case ZKI_OP_ELU: return x >= 0 ? x : (double)t->alpha * (exp(x) - 1);
    case ZKI_OP_SIGMOID: return 1 / (1 + exp(-x));
    case ZKI_OP_TANH: return tanh(x);
    case ZKI_OP_EXP: return exp(x);
    case ZKI_OP_CLIP: return fmin(fmax(x, (double)t->lo), (double)t->hi);
    case ZKI_OP_HARD_SIGMOID: return fmax(0, fmin(1, (double)t->alpha * x + (double)t->beta));
    case ZKI_OP_HARD_SWISH: return x * fmax(0, fmin(1, x / 6 + 0.5));
    case ZKI_OP_ERF: return erf(x);
    case ZKI_OP_GELU:
        return t->gelu_tanh ? 0.5 * x * (1 + tanh(sqrt(2 / 3.14159265358979323846) * (x + 0.044715 * x * x * x)))
                            : 0.5 * x * (1 + erf(x / sqrt(2.0)));
    case ZKI_OP_ABS: return fabs(x);
    default: return x > 0 ? x : 0;
    }
}

/* Registers (or finds) table t; fills t->tag and t->ranged. */
static zki_status table_for(zki_mctx *c, const char *node, zki_mtable *t) {
    for (int i = 0; i < c->n_tables; i++) {
        const zki_mtable *o = &c->tables[i];
        if (o->op == t->op && o->alpha == t->alpha && o->beta == t->beta && o->lo == t->lo && o->hi == t->hi &&
            o->gelu_tanh == t->gelu_tanh) {
            *t = *o;
            return ZKI_OK;
        }
    }
    if (c->n_tables == (int)(sizeof c->tables / sizeof c->tables[0]))
        return err(ZKI_ERR_SIZE, "node '%s': more than %d distinct function tables", node, c->n_tables);
    unsigned s = c->s->scale, b = c->s->act_bits;
    int64_t half = (int64_t)1 << (b - 1), n = (int64_t)1 << b;
    int64_t *v = malloc((size_t)n * sizeof *v);
    if (!v) return OOM;
    t->ranged = 1;
    for (int64_t i = 0; i < n; i++) {
        double y = fn_eval(t, ldexp((double)(i - half), -(int)s));
        double q = floor(ldexp(y, (int)s) + 0.5);
        if (!isfinite(q) || fabs(q) >= 0x1p40) { /* out of the table: using it there fails */
            v[i] = ZKI_NN_ABSENT;
            continue;
        }
        v[i] = (int64_t)q;
        if (v[i] < -half || v[i] >= half) t->ranged = 0;
    }
    t->tag = zki_nn_table(c->nn, v);
    free(v);
    if (t->tag == 0) return err(zki_nn_status(c->nn), "node '%s': %s", node, zki_nn_error(c->nn));
    c->tables[c->n_tables++] = *t;
    return ZKI_OK;
}

zki_status zki_m_table_tag(zki_mctx *c, const zki_node *nd, uint32_t *tag, int *ranged) {
    if (nd->op == ZKI_OP_RELU) {
        *tag = 0;
        *ranged = 1;
        return ZKI_OK;
    }
    zki_mtable t;
    memset(&t, 0, sizeof t);
    t.op = nd->op;
    switch (nd->op) {
    case ZKI_OP_LEAKY_RELU:
    case ZKI_OP_ELU: t.alpha = nd->at.alpha; break;
    case ZKI_OP_HARD_SIGMOID:
        t.alpha = nd->at.alpha;
        t.beta = nd->at.beta;
        break;
    case ZKI_OP_CLIP:
        t.lo = nd->at.clip_min;
        t.hi = nd->at.clip_max;
        break;
    case ZKI_OP_GELU: t.gelu_tanh = nd->at.gelu_tanh; break;
    default: break;
    }
    zki_status st = table_for(c, nd->name, &t);
    *tag = t.tag;
    *ranged = t.ranged;
    return st;
}

zki_status zki_m_table_op(zki_mctx *c, const zki_node *nd) {
    uint32_t tag;
    int ranged;
    zki_status st = zki_m_table_tag(c, nd, &tag, &ranged);
    if (st != ZKI_OK) return st;
    zki_mtensor *x = &c->t[nd->inputs[0]];
    int raw = x->scale == 2 * c->s->scale && !x->ranged;
    if (!raw && (st = zki_m_ranged_at_s(c, nd, nd->inputs[0])) != ZKI_OK) return st;
    if ((st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    size_t n = c->g->tensors[nd->output].size;
    for (size_t i = 0; i < n; i++)
        c->t[nd->output].w[i] = raw ? zki_nn_rescale_fn(c->nn, x->w[i], tag) : zki_nn_apply(c->nn, x->w[i], tag);
    c->t[nd->output].scale = c->s->scale;
    c->t[nd->output].ranged = ranged;
    return ZKI_OK;
}

/* Broadcast source offsets: off[k][o] for input k of nd and output element o. */
static size_t bcast_src(const zki_graph *g, const zki_node *nd, int k, size_t o) {
    const zki_tensor *Y = &g->tensors[nd->output], *X = &g->tensors[nd->inputs[k]];
    int64_t st[ZKI_ONNX_MAX_RANK];
    zki_bcast_strides(st, X->rank, X->dims, Y->rank, Y->dims);
    return zki_bcast_offset(o, Y->rank, Y->dims, st);
}

zki_status zki_m_arith(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    int n_in = nd->n_inputs, n_rt = 0;
    zki_status st;
    for (int k = 0; k < n_in; k++) {
        if (g->tensors[nd->inputs[k]].kind == ZKI_TENSOR_CONST) continue;
        n_rt++;
        if ((st = zki_m_ranged_at_s(c, nd, nd->inputs[k])) != ZKI_OK) return st;
    }
    if (n_rt == 0) return err(ZKI_ERR_VERSION, "node '%s' op '%s': only constants (should have been folded)", nd->name,
                              zki_op_name(nd->op));
    int mean = nd->op == ZKI_OP_MEAN, priv = c->s->param_vis == ZKI_PARAMS_PRIVATE && !mean;
    int64_t wmean = zki_m_quantize(1.0 / n_in, s);
    /* private parameters: the constants' wires */
    zki_wire *pw[ZKI_ONNX_MAX_INPUTS] = {0};
    for (int k = 0; k < n_in && priv; k++) {
        const zki_tensor *T = &g->tensors[nd->inputs[k]];
        if (T->kind != ZKI_TENSOR_CONST) continue;
        if (!(pw[k] = malloc(T->size * sizeof(zki_wire)))) st = OOM;
        for (size_t i = 0; pw[k] && i < T->size; i++) pw[k][i] = zki_nn_input(c->nn, zki_m_quantize(T->fdata[i], s), 0);
    }
    if ((st = zki_m_alloc_out(c, nd)) != ZKI_OK) goto out;
    const zki_tensor *Y = &g->tensors[nd->output];
    for (size_t o = 0; o < Y->size; o++) {
        zki_wire xs[ZKI_ONNX_MAX_INPUTS];
        int64_t ws[ZKI_ONNX_MAX_INPUTS], bias = 0;
        uint32_t nx = 0;
        for (int k = 0; k < n_in; k++) {
            const zki_tensor *T = &g->tensors[nd->inputs[k]];
            size_t off = bcast_src(g, nd, k, o);
            int64_t sign = nd->op == ZKI_OP_SUB && k == 1 ? -1 : 1;
            if (T->kind == ZKI_TENSOR_CONST && !pw[k]) {
                int64_t q = zki_m_quantize(T->fdata[off], s);
                bias += mean ? q * wmean : sign * q;
                continue;
            }
            xs[nx] = pw[k] ? pw[k][off] : c->t[nd->inputs[k]].w[off];
            ws[nx++] = mean ? wmean : sign;
        }
        zki_wire y = zki_nn_dot(c->nn, xs, ws, nx, bias);
        c->t[nd->output].w[o] = mean ? zki_nn_rescale(c->nn, y, 0) : y;
    }
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = mean;
out:
    for (int k = 0; k < n_in; k++) free(pw[k]);
    return st;
}

static zki_status div_runtime(zki_mctx *c, const zki_node *nd);

zki_status zki_m_mul(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    int ia = nd->inputs[0], ib = nd->inputs[1];
    int ca = g->tensors[ia].kind == ZKI_TENSOR_CONST, cb = g->tensors[ib].kind == ZKI_TENSOR_CONST;
    int is_div = nd->op == ZKI_OP_DIV;
    if (is_div && !cb) return div_runtime(c, nd);
    if (ca && cb) return err(ZKI_ERR_VERSION, "node '%s' op '%s': two constants (should have been folded)", nd->name,
                             zki_op_name(nd->op));
    zki_status st;
    if (!ca && (st = zki_m_ranged_at_s(c, nd, ia)) != ZKI_OK) return st;
    if (!cb && (st = zki_m_ranged_at_s(c, nd, ib)) != ZKI_OK) return st;
    if ((st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    const zki_tensor *Y = &g->tensors[nd->output];
    for (size_t o = 0; o < Y->size; o++) {
        size_t oa = bcast_src(g, nd, 0, o), ob = bcast_src(g, nd, 1, o);
        zki_wire y;
        if (ca || cb) {
            double v = ca ? g->tensors[ia].fdata[oa] : g->tensors[ib].fdata[ob];
            if (is_div && v == 0) return err(ZKI_ERR_ARG, "node '%s' op 'Div': division by zero", nd->name);
            int64_t w = zki_m_quantize(is_div ? 1.0 / v : v, s);
            zki_wire x = ca ? c->t[ib].w[ob] : c->t[ia].w[oa];
            y = zki_nn_dot(c->nn, &x, &w, 1, 0);
        } else {
            y = zki_nn_dot_wires(c->nn, &c->t[ia].w[oa], &c->t[ib].w[ob], 1, NULL);
        }
        c->t[nd->output].w[o] = zki_nn_rescale(c->nn, y, 0);
    }
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return ZKI_OK;
}

int zki_m_needs_products(const zki_graph *g) {
    for (size_t k = 0; k < g->n_nodes; k++) {
        const zki_node *nd = &g->nodes[k];
        if (nd->op == ZKI_OP_MUL && g->tensors[nd->inputs[0]].kind != ZKI_TENSOR_CONST &&
            g->tensors[nd->inputs[1]].kind != ZKI_TENSOR_CONST)
            return 1;
    }
    return 0;
}

zki_status zki_m_neg(zki_mctx *c, const zki_node *nd) {
    zki_status st = zki_m_alloc_out(c, nd);
    if (st != ZKI_OK) return st;
    zki_mtensor *x = &c->t[nd->inputs[0]];
    int64_t m1 = -1;
    for (size_t i = 0; i < c->g->tensors[nd->output].size; i++) c->t[nd->output].w[i] = zki_nn_dot(c->nn, &x->w[i], &m1, 1, 0);
    c->t[nd->output].scale = x->scale;
    c->t[nd->output].ranged = 0;
    return ZKI_OK;
}

zki_status zki_m_prelu(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    if (g->tensors[nd->inputs[1]].kind != ZKI_TENSOR_CONST)
        return err(ZKI_ERR_VERSION, "node '%s' op 'PRelu': the slope must be a constant", nd->name);
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    const zki_tensor *Y = &g->tensors[nd->output], *S = &g->tensors[nd->inputs[1]];
    for (size_t o = 0; o < Y->size; o++) {
        int64_t q = zki_m_quantize(S->fdata[bcast_src(g, nd, 1, o)], s);
        zki_wire x = c->t[nd->inputs[0]].w[o], xs[2];
        xs[0] = zki_nn_apply(c->nn, x, 0); /* relu(x) */
        xs[1] = x;
        int64_t ws[2] = {((int64_t)1 << s) - q, q}; /* 2^s·r + q·(x − r) */
        c->t[nd->output].w[o] = zki_nn_rescale(c->nn, zki_nn_dot(c->nn, xs, ws, 2, 0), 0);
    }
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return ZKI_OK;
}

zki_status zki_m_batchnorm(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Ta = &g->tensors[nd->inputs[1]], *Tb = &g->tensors[nd->inputs[2]];
    size_t C = X->rank >= 2 ? (size_t)X->dims[1] : 1, inner = 1;
    for (int d = 2; d < X->rank; d++) inner *= (size_t)X->dims[d];
    for (size_t i = 0; i < X->size; i++) {
        size_t ch = (i / inner) % C;
        int64_t w = zki_m_quantize(Ta->fdata[ch], s);
        zki_wire y = zki_nn_dot(c->nn, &c->t[nd->inputs[0]].w[i], &w, 1, zki_m_quantize(Tb->fdata[ch], 2 * s));
        c->t[nd->output].w[i] = zki_nn_rescale(c->nn, y, 0);
    }
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return ZKI_OK;
}

/* Groups of a reduction: for each output element, the flat input indices reduced into
 * it (idx[o·per + k]); axes marked in red[]. Returns NULL on no memory. */
static size_t *reduce_groups(const zki_tensor *X, const int *red, size_t n_out, size_t *per) {
    *per = n_out ? X->size / n_out : 0;
    size_t *idx = malloc((X->size ? X->size : 1) * sizeof *idx), *fill = calloc(n_out ? n_out : 1, sizeof *fill);
    if (!idx || !fill) {
        free(idx);
        free(fill);
        return NULL;
    }
    for (size_t i = 0; i < X->size; i++) {
        size_t rem = i, o = 0, mul = 1;
        for (int d = X->rank - 1; d >= 0; d--) {
            size_t coord = rem % (size_t)X->dims[d];
            rem /= (size_t)X->dims[d];
            if (red[d]) continue;
            o += coord * mul;
            mul *= (size_t)X->dims[d];
        }
        idx[o * *per + fill[o]++] = i;
    }
    free(fill);
    return idx;
}

/* The reduced axes of a reduction, Softmax or global pooling node. */
static void reduced_axes(const zki_graph *g, const zki_node *nd, int *red) {
    const zki_tensor *X = &g->tensors[nd->inputs[0]];
    memset(red, 0, ZKI_ONNX_MAX_RANK * sizeof *red);
    if (nd->op == ZKI_OP_GLOBAL_AVGPOOL || nd->op == ZKI_OP_GLOBAL_MAXPOOL) {
        for (int d = 2; d < X->rank; d++) red[d] = 1;
        return;
    }
    for (int k = 0; k < nd->at.n_axes; k++) red[nd->at.axes[k]] = 1;
}

/* max of w[ix[0..n)] by zki_nn_max_n (max4 rows with settings.max4), fed in pieces of
 * 63 new values: a multiple of 3, so the chain and its rows are those of one call. */
static zki_wire max_of(zki_mctx *c, const zki_wire *w, const size_t *ix, size_t n) {
    zki_wire buf[64], m = w[ix[0]];
    for (size_t k = 1; k < n;) {
        size_t take = n - k < 63 ? n - k : 63;
        buf[0] = m;
        for (size_t j = 0; j < take; j++) buf[1 + j] = w[ix[k + j]];
        m = zki_nn_max_n(c->nn, buf, take + 1);
        k += take;
    }
    return m;
}

zki_status zki_m_reduce(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Y = &g->tensors[nd->output];
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    int red[ZKI_ONNX_MAX_RANK];
    reduced_axes(g, nd, red);
    if ((nd->op == ZKI_OP_REDUCE_SUM || nd->op == ZKI_OP_REDUCE_MEAN || nd->op == ZKI_OP_REDUCE_MAX) && nd->at.n_axes == 0) {
        memcpy(c->t[nd->output].w, c->t[nd->inputs[0]].w, Y->size * sizeof(zki_wire)); /* noop_with_empty_axes */
        c->t[nd->output].scale = s;
        c->t[nd->output].ranged = 1;
        return ZKI_OK;
    }
    size_t per, *idx = reduce_groups(X, red, Y->size, &per);
    zki_wire *xs = malloc((per ? per : 1) * sizeof *xs);
    int64_t *ws = malloc((per ? per : 1) * sizeof *ws);
    if (!idx || !xs || !ws) {
        free(idx);
        free(xs);
        free(ws);
        return OOM;
    }
    int is_max = nd->op == ZKI_OP_REDUCE_MAX || nd->op == ZKI_OP_GLOBAL_MAXPOOL;
    int is_mean = nd->op == ZKI_OP_REDUCE_MEAN || nd->op == ZKI_OP_GLOBAL_AVGPOOL;
    const zki_wire *in = c->t[nd->inputs[0]].w;
    for (size_t o = 0; o < Y->size; o++) {
        const size_t *ix = &idx[o * per];
        if (is_max) {
            c->t[nd->output].w[o] = max_of(c, in, ix, per);
            continue;
        }
        for (size_t k = 0; k < per; k++) {
            xs[k] = in[ix[k]];
            ws[k] = is_mean ? zki_m_quantize(1.0 / (double)per, s) : 1;
        }
        zki_wire y = zki_nn_dot(c->nn, xs, ws, (uint32_t)per, 0);
        c->t[nd->output].w[o] = is_mean ? zki_nn_rescale(c->nn, y, 0) : y;
    }
    free(idx);
    free(xs);
    free(ws);
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = is_max || is_mean;
    return ZKI_OK;
}

/* MaxPool (zki_nn_max_n: a chain of max rows, or of max4 rows with settings.max4) and AveragePool (one dot product with weights
 * q(1/count, s), rescaled) over the in-bounds cells of each 2-D window. */
zki_status zki_m_pool(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    int is_max = nd->op == ZKI_OP_MAXPOOL;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Y = &g->tensors[nd->output];
    if (X->rank != 4)
        return err(ZKI_ERR_VERSION, "node '%s' op '%s': only 2-D pooling is supported", nd->name, zki_op_name(nd->op));
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    /* batch and channels together: planes of H x W */
    int64_t C = X->dims[0] * X->dims[1], H = X->dims[2], Wd = X->dims[3], OH = Y->dims[2], OW = Y->dims[3];
    size_t kmax = (size_t)(nd->at.kernel[0] * nd->at.kernel[1]);
    zki_wire *xs = malloc(kmax * sizeof *xs), *in = c->t[nd->inputs[0]].w;
    int64_t *ws = malloc(kmax * sizeof *ws);
    if (!xs || !ws) {
        free(xs);
        free(ws);
        return OOM;
    }
    for (int64_t ch = 0; ch < C && st == ZKI_OK; ch++)
        for (int64_t oy = 0; oy < OH && st == ZKI_OK; oy++)
            for (int64_t ox = 0; ox < OW; ox++) {
                uint32_t k = 0;
                for (int64_t ky = 0; ky < nd->at.kernel[0]; ky++) {
                    int64_t iy = oy * nd->at.strides[0] - nd->at.pads[0] + ky * nd->at.dilations[0];
                    if (iy < 0 || iy >= H) continue;
                    for (int64_t kx = 0; kx < nd->at.kernel[1]; kx++) {
                        int64_t ix = ox * nd->at.strides[1] - nd->at.pads[1] + kx * nd->at.dilations[1];
                        if (ix < 0 || ix >= Wd) continue;
                        xs[k++] = in[(ch * H + iy) * Wd + ix];
                    }
                }
                int64_t cnt = is_max ? 1 : zki_avgpool_count(nd, oy, ox, H, Wd);
                if (k == 0 || cnt <= 0) {
                    st = err(ZKI_ERR_VERSION, "node '%s' op '%s': a window lies entirely in the padding", nd->name,
                             zki_op_name(nd->op));
                    break;
                }
                zki_wire y = xs[0];
                if (is_max) {
                    y = zki_nn_max_n(c->nn, xs, k);
                } else {
                    int64_t w = zki_m_quantize(1.0 / (double)cnt, s);
                    for (uint32_t j = 0; j < k; j++) ws[j] = w;
                    y = zki_nn_rescale(c->nn, zki_nn_dot(c->nn, xs, ws, k, 0), 0);
                }
                c->t[nd->output].w[(ch * OH + oy) * OW + ox] = y;
            }
    free(xs);
    free(ws);
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return st;
}

/* Softmax along the reduced axes: m = max, d = max(x − m, −2^(b−1)), e = q(exp(d/2^s), s)
 * by table, S = Σe, y = floor((e·2^(s+1) + S) / (2S)) (round half up of e·2^s/S). */
zki_status zki_m_softmax(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale, b = c->s->act_bits;
    const zki_tensor *X = &g->tensors[nd->inputs[0]];
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    int red[ZKI_ONNX_MAX_RANK];
    reduced_axes(g, nd, red);
    size_t n_groups = 1;
    for (int d = 0; d < X->rank; d++)
        if (!red[d]) n_groups *= (size_t)X->dims[d];
    size_t per = n_groups ? X->size / n_groups : 0;
    if (per == 0 || (double)per * ldexp(1.0, (int)s + 1) > ldexp(1.0, (int)b) || s + 1 >= b)
        return err(ZKI_ERR_ARG, "node '%s' op 'Softmax': %zu values at scale %u need --act-bits >= %d", nd->name, per, s,
                   (int)ceil(log2((double)(per ? per : 1))) + (int)s + 1);
    zki_mtable t;
    memset(&t, 0, sizeof t);
    t.op = ZKI_OP_EXP;
    if ((st = table_for(c, nd->name, &t)) != ZKI_OK) return st;
    size_t *idx = reduce_groups(X, red, n_groups, &per);
    zki_wire *e = malloc(per * sizeof *e);
    int64_t *ones = malloc(per * sizeof *ones);
    if (!idx || !e || !ones) {
        free(idx);
        free(e);
        free(ones);
        return OOM;
    }
    for (size_t k = 0; k < per; k++) ones[k] = 1;
    const zki_wire *in = c->t[nd->inputs[0]].w;
    zki_wire floor_w = zki_nn_const(c->nn, -((int64_t)1 << (b - 1)));
    for (size_t gi = 0; gi < n_groups; gi++) {
        const size_t *ix = &idx[gi * per];
        zki_wire m = max_of(c, in, ix, per);
        for (size_t k = 0; k < per; k++) {
            zki_wire xm[2] = {in[ix[k]], m};
            int64_t w[2] = {1, -1};
            zki_wire d = zki_nn_max(c->nn, zki_nn_dot(c->nn, xm, w, 2, 0), floor_w);
            e[k] = zki_nn_apply(c->nn, d, t.tag);
        }
        zki_wire S = zki_nn_dot(c->nn, e, ones, (uint32_t)per, 0);
        int64_t two = 2;
        zki_wire den = zki_nn_dot(c->nn, &S, &two, 1, 0);
        for (size_t k = 0; k < per; k++) {
            zki_wire es[2] = {e[k], S};
            int64_t w[2] = {(int64_t)1 << (s + 1), 1};
            c->t[nd->output].w[ix[k]] = zki_nn_div(c->nn, zki_nn_dot(c->nn, es, w, 2, 0), den);
        }
    }
    free(idx);
    free(e);
    free(ones);
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return ZKI_OK;
}

zki_status zki_m_move(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale;
    int multi = nd->op == ZKI_OP_CONCAT;
    int n_data = multi ? nd->n_inputs : 1;
    zki_status st = ZKI_OK;
    const void *src[ZKI_ONNX_MAX_INPUTS] = {0};
    zki_wire *owned[ZKI_ONNX_MAX_INPUTS] = {0};
    zki_wire pad = {0, 0};
    int ranged = 1;
    uint32_t scale = c->t[nd->inputs[0]].scale;
    int need_s = multi || (nd->op == ZKI_OP_PAD && nd->at.pad_mode == ZKI_PAD_CONSTANT);
    for (int k = 0; k < n_data && st == ZKI_OK; k++) {
        int ti = nd->inputs[k];
        const zki_tensor *T = &g->tensors[ti];
        if (T->kind == ZKI_TENSOR_CONST) { /* a constant joined in: constant wires at s */
            if (!(owned[k] = malloc((T->size ? T->size : 1) * sizeof(zki_wire)))) {
                st = OOM;
                break;
            }
            for (size_t i = 0; i < T->size; i++) owned[k][i] = zki_nn_const(c->nn, zki_m_quantize(T->fdata[i], s));
            src[k] = owned[k];
            ranged = 0;
            continue;
        }
        if (need_s && (st = zki_m_ranged_at_s(c, nd, ti)) != ZKI_OK) break;
        src[k] = c->t[ti].w;
        ranged = ranged && c->t[ti].ranged;
        if (!need_s) scale = c->t[ti].scale;
    }
    if (need_s) scale = s;
    if (st == ZKI_OK && nd->op == ZKI_OP_PAD && nd->at.pad_mode == ZKI_PAD_CONSTANT) {
        int64_t v = nd->n_inputs > 1 && nd->inputs[1] >= 0 ? zki_m_quantize(g->tensors[nd->inputs[1]].fdata[0], s) : 0;
        pad = zki_nn_const(c->nn, v);
        int64_t half = (int64_t)1 << (c->s->act_bits - 1);
        if (v < -half || v >= half) ranged = 0;
    }
    if (st == ZKI_OK && (st = zki_m_alloc_out(c, nd)) == ZKI_OK) {
        zki_onnx_move(g, nd, src, c->t[nd->output].w, sizeof(zki_wire), &pad);
        c->t[nd->output].scale = scale;
        c->t[nd->output].ranged = ranged;
    }
    for (int k = 0; k < n_data; k++) free(owned[k]);
    return st;
}

/* ArgMax along at.axis, per group of n values x_0..x_{n-1} (ranged at s):
 *   m = max_j x_j (a chain of max rows: m >= every x_j and m is one of them);
 *   t_j = max(x_j − m, −2^(b−1)) (in the table range, and t_j = 0 iff x_j = m);
 *   z_j = [t_j = 0] by a table (a boolean: 1 exactly at the maxima);
 *   first index: p_j = max(p_{j−1}, z_j) (0 before the first maximum, 1 from it on),
 *     i = n − Σ p_j;  last index: p_j = max(p_{j+1}, z_j) from the end, i = Σ p_j − 1.
 * Every value is fixed by x, so the index is sound. The output is an integer (scale 0),
 * in the activation range when n <= 2^(b−1). About 5n rows per group. */
zki_status zki_m_argmax(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned b = c->s->act_bits;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Y = &g->tensors[nd->output];
    zki_status st = zki_m_ranged_at_s(c, nd, nd->inputs[0]);
    if (st != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    int red[ZKI_ONNX_MAX_RANK] = {0};
    red[nd->at.axis] = 1;
    int64_t half = (int64_t)1 << (b - 1);
    /* the "is zero" table (1 at 0, 0 elsewhere), shared by every ArgMax node */
    uint32_t tag = 0;
    for (int i = 0; i < c->n_tables && !tag; i++)
        if (c->tables[i].op == ZKI_OP_ARGMAX) tag = c->tables[i].tag;
    if (!tag) {
        if (c->n_tables == (int)(sizeof c->tables / sizeof c->tables[0]))
            return err(ZKI_ERR_SIZE, "node '%s': more than %d distinct function tables", nd->name, c->n_tables);
        int64_t *v = malloc((size_t)(2 * half) * sizeof *v);
        if (!v) return OOM;
        for (int64_t i = 0; i < 2 * half; i++) v[i] = i == half;
        tag = zki_nn_table(c->nn, v);
        free(v);
        if (tag == 0) return err(zki_nn_status(c->nn), "node '%s': %s", nd->name, zki_nn_error(c->nn));
        zki_mtable t;
        memset(&t, 0, sizeof t);
        t.op = ZKI_OP_ARGMAX;
        t.tag = tag;
        t.ranged = 1;
        c->tables[c->n_tables++] = t;
    }
    size_t per, *idx = reduce_groups(X, red, Y->size, &per);
    zki_wire *p = malloc((per ? per : 1) * sizeof *p);
    int64_t *w = malloc((per ? per : 1) * sizeof *w);
    if (!idx || !p || !w) {
        free(idx);
        free(p);
        free(w);
        return OOM;
    }
    int last = nd->at.select_last_index;
    const zki_wire *in = c->t[nd->inputs[0]].w;
    zki_wire floor_w = zki_nn_const(c->nn, -half);
    for (size_t o = 0; o < Y->size; o++) {
        const size_t *ix = &idx[o * per]; /* ascending flat index = ascending position on the axis */
        zki_wire m = max_of(c, in, ix, per);
        for (size_t k = 0; k < per; k++) {
            size_t j = last ? per - 1 - k : k;
            zki_wire xm[2] = {in[ix[j]], m};
            int64_t d[2] = {1, -1};
            zki_wire t = zki_nn_max(c->nn, zki_nn_dot(c->nn, xm, d, 2, 0), floor_w);
            zki_wire z = zki_nn_apply(c->nn, t, tag);
            p[k] = k == 0 ? z : zki_nn_max(c->nn, p[k - 1], z);
            w[k] = last ? 1 : -1;
        }
        c->t[nd->output].w[o] = zki_nn_dot(c->nn, p, w, (uint32_t)per, last ? -1 : (int64_t)per);
    }
    free(idx);
    free(p);
    free(w);
    c->t[nd->output].scale = 0;
    c->t[nd->output].ranged = (int64_t)per <= half;
    return ZKI_OK;
}

/* Div by a run-time tensor b (a run-time or constant numerator a, both at s, ranged,
 * broadcast): y = floor((a·2^(s+1) + b) / (2b)), i.e. a·2^s/b rounded half up, for
 * b >= 1 (a positive divisor of at least 2^-s; 0 or a negative divisor fails naming the
 * node). With H = 2^(b−2) the division row proves q = floor(N / (2b)) for
 * N = a·2^(s+1) + b·(1 + 2H) = (a·2^(s+1) + b) + 2b·H >= 0, so q = y + H; the row's
 * quotient check 0 <= q < 2^(b−1) makes the output range [−2^(b−2), 2^(b−2)) (half the
 * activation range). Four rows per value. */
static zki_status div_runtime(zki_mctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    unsigned s = c->s->scale, bits = c->s->act_bits;
    int ia = nd->inputs[0], ib = nd->inputs[1];
    int ca = g->tensors[ia].kind == ZKI_TENSOR_CONST;
    if (s + 2 > bits)
        return err(ZKI_ERR_ARG, "node '%s' (Div): division by a run-time tensor at scale %u needs --act-bits >= %u",
                   nd->name, s, s + 2);
    zki_status st;
    if (!ca && (st = zki_m_ranged_at_s(c, nd, ia)) != ZKI_OK) return st;
    if ((st = zki_m_ranged_at_s(c, nd, ib)) != ZKI_OK || (st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    const zki_tensor *Y = &g->tensors[nd->output];
    int64_t H = (int64_t)1 << (bits - 2), two = 2;
    for (size_t o = 0; o < Y->size; o++) {
        size_t oa = bcast_src(g, nd, 0, o), ob = bcast_src(g, nd, 1, o);
        zki_wire den_in = c->t[ib].w[ob];
        int64_t bv = zki_nn_value(c->nn, den_in);
        if (bv < 1)
            return err(ZKI_ERR_ARG, "node '%s' (Div): divisor %lld at element %zu is not positive (a run-time divisor "
                       "must be >= 2^-%u)", nd->name, (long long)bv, o, s);
        int64_t av;
        if (ca) {
            double fa = ldexp(g->tensors[ia].fdata[oa], (int)s);
            if (!(fabs(fa) < ldexp(1.0, (int)bits - 1)))
                return err(ZKI_ERR_ARG, "node '%s' (Div): the constant numerator %g is outside the activation range",
                           nd->name, (double)g->tensors[ia].fdata[oa]);
            av = zki_m_quantize(g->tensors[ia].fdata[oa], s);
        } else av = zki_nn_value(c->nn, c->t[ia].w[oa]);
        int64_t num = av * ((int64_t)1 << (s + 1)) + bv, y = num >= 0 ? num / (2 * bv) : -((-num + 2 * bv - 1) / (2 * bv));
        if (y < -H || y >= H)
            return err(ZKI_ERR_ARG, "node '%s' (Div): quotient %lld outside the proven range [%lld, %lld) — recalibrate "
                       "with wider --act-bits or a smaller --scale", nd->name, (long long)y, (long long)-H, (long long)H);
        zki_wire xs[2];
        int64_t ws[2];
        uint32_t nx = 0;
        int64_t bias = 0;
        if (ca) bias = av * ((int64_t)1 << (s + 1));
        else {
            xs[nx] = c->t[ia].w[oa];
            ws[nx++] = (int64_t)1 << (s + 1);
        }
        xs[nx] = den_in;
        ws[nx++] = 1 + 2 * H;
        zki_wire N = zki_nn_dot(c->nn, xs, ws, nx, bias);
        zki_wire q = zki_nn_div(c->nn, N, zki_nn_dot(c->nn, &den_in, &two, 1, 0));
        int64_t one = 1;
        c->t[nd->output].w[o] = zki_nn_dot(c->nn, &q, &one, 1, -H);
    }
    c->t[nd->output].scale = s;
    c->t[nd->output].ranged = 1;
    return ZKI_OK;
}
