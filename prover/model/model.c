/* The ONNX-graph-to-circuit compiler (see model.h). Each tensor of the graph becomes an
 * array of wires (one per element) with a scale; each node becomes gadget rows. */
#include "model.h"
#include "model_internal.h"
#include "onnx_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[256];

const char *zki_model_last_error(void) { return last_error; }

/* Sets the thread's last error (shared with artifacts.c) and returns st. */
zki_status zki_model_set_error(zki_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define err zki_model_set_error

zki_status zki_model_set_error(zki_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return st;
}

typedef zki_mtensor ctensor;
typedef zki_mctx ctx;
#define quantize zki_m_quantize

static int params_private(const ctx *c) { return c->s->param_vis == ZKI_PARAMS_PRIVATE; }

/* Private parameters: one private advice wire per element of T, holding q(mul·T[i], bits).
 * Returns: the malloc'd wires, or NULL (no memory). */
static zki_wire *param_wires(ctx *c, const zki_tensor *T, double mul, unsigned bits) {
    zki_wire *w = malloc((T->size ? T->size : 1) * sizeof *w);
    if (!w) return NULL;
    for (size_t i = 0; i < T->size; i++) w[i] = zki_nn_input(c->nn, quantize(mul * T->fdata[i], bits), 0);
    return w;
}

/* A dot product with constant weights: fixed weights, or (private parameters) the
 * weights' wires wq[widx[k]] and the bias wire *bw. */
static zki_wire dot_param(ctx *c, const zki_wire *xs, const int64_t *ws, const zki_wire *wq, const size_t *widx,
                          zki_wire *tmp, uint32_t k, int64_t bias, const zki_wire *bw) {
    if (!wq) return zki_nn_dot(c->nn, xs, ws, k, bias);
    for (uint32_t i = 0; i < k; i++) tmp[i] = wq[widx[i]];
    return zki_nn_dot_wires(c->nn, xs, tmp, k, bw);
}

static zki_status need_const(ctx *c, const zki_node *nd, int input, const char *what) {
    int ti = nd->inputs[input];
    if (ti < 0 || c->g->tensors[ti].kind != ZKI_TENSOR_CONST || c->g->tensors[ti].dtype != ZKI_DT_FLOAT)
        return err(ZKI_ERR_VERSION, "node '%s' op '%s': the %s must be a constant (a model parameter)",
                   nd->name, zki_op_name(nd->op), what);
    return ZKI_OK;
}

zki_status zki_m_alloc_out(ctx *c, const zki_node *nd) {
    const zki_tensor *o = &c->g->tensors[nd->output];
    c->t[nd->output].w = calloc(o->size ? o->size : 1, sizeof(zki_wire));
    return c->t[nd->output].w ? ZKI_OK : err(ZKI_ERR_NOMEM, "out of memory");
}

/* The node consuming tensor ti, if it has exactly one consumer and that is a function
 * table op (Relu, Sigmoid, ...): it is fused into the rescale row of the producer. */
static const zki_node *sole_table_op(ctx *c, int ti) {
    if (c->t[ti].consumers != 1 || ti == c->g->output) return NULL;
    for (size_t k = 0; k < c->g->n_nodes; k++) {
        const zki_node *nd = &c->g->nodes[k];
        for (int i = 0; i < nd->n_inputs; i++)
            if (nd->inputs[i] == ti) return zki_m_is_table_op(nd->op) ? nd : NULL;
    }
    return NULL;
}

/* Finishes a linear layer: the dot products in raw (scale 2s) are rescaled to s, with a
 * following function (Relu, ...) fused in, unless the tensor is the graph's output. */
static zki_status finish_linear(ctx *c, const zki_node *nd, zki_wire *raw, size_t n) {
    ctensor *out = &c->t[nd->output];
    const zki_node *fn = sole_table_op(c, nd->output);
    if (nd->output == c->g->output) {
        memcpy(out->w, raw, n * sizeof *raw);
        out->scale = 2 * c->s->scale;
        out->ranged = 0;
        return ZKI_OK;
    }
    uint32_t tag = 0;
    int ranged = 1;
    if (fn) {
        zki_status st = zki_m_table_tag(c, fn, &tag, &ranged);
        if (st != ZKI_OK) return st;
    }
    for (size_t i = 0; i < n; i++) out->w[i] = fn ? zki_nn_rescale_fn(c->nn, raw[i], tag) : zki_nn_rescale(c->nn, raw[i], 0);
    out->scale = c->s->scale;
    out->ranged = fn ? ranged : 1;
    if (fn) { /* the function's node then only passes the wires on */
        ctensor *ro = &c->t[fn->output];
        ro->w = out->w;
        ro->scale = out->scale;
        ro->ranged = out->ranged;
        out->w = NULL; /* owned by the function's tensor now */
        ro->consumers = -ro->consumers - 1; /* marks the node as done (see compile loop) */
    }
    return ZKI_OK;
}

/* Brings a tensor's wires to scale s and into the activation range: a rescale row for
 * a raw accumulator (2s); for a value at scale u <= s (u < s: an integer such as
 * ArgMax's index at 0) a product by 2^(2s−u) and a rescale, which range-checks it. */
zki_status zki_m_ranged_at_s(ctx *c, const zki_node *nd, int ti) {
    ctensor *t = &c->t[ti];
    if (t->ranged && t->scale == c->s->scale) return ZKI_OK;
    if (t->scale > c->s->scale && t->scale != 2 * c->s->scale)
        return err(ZKI_ERR_VERSION, "node '%s' op '%s': input at an unexpected scale", nd->name, zki_op_name(nd->op));
    size_t n = c->g->tensors[ti].size;
    int64_t mul = (int64_t)1 << (2 * c->s->scale - t->scale);
    for (size_t i = 0; i < n; i++)
        t->w[i] = t->scale <= c->s->scale ? zki_nn_rescale(c->nn, zki_nn_dot(c->nn, &t->w[i], &mul, 1, 0), 0)
                                          : zki_nn_rescale(c->nn, t->w[i], 0);
    t->scale = c->s->scale;
    t->ranged = 1;
    if (zki_nn_out_of_range(c->nn)) /* the value comes from the producer of ti (or is the graph's input) */
        return err(zki_nn_status(c->nn), "node '%s' (%s): its input '%s': %s — recalibrate with wider --act-bits or a "
                   "smaller --scale", nd->name, zki_op_name(nd->op), c->g->tensors[ti].name, zki_nn_error(c->nn));
    return ZKI_OK;
}

/* The window of output position (oy, ox) for kernel tap (ky, kx): the input's (iy, ix),
 * or 0 when it falls in the padding. */
static int conv_tap(const zki_node *nd, int64_t H, int64_t Wd, int64_t oy, int64_t ox, int64_t ky, int64_t kx,
                    int64_t *iy, int64_t *ix) {
    *iy = oy * nd->at.strides[0] - nd->at.pads[0] + ky * nd->at.dilations[0];
    *ix = ox * nd->at.strides[1] - nd->at.pads[1] + kx * nd->at.dilations[1];
    return *iy >= 0 && *iy < H && *ix >= 0 && *ix < Wd;
}

/* A Conv with fixed weights as one Freivalds-checked product per group, when that takes
 * fewer rows than its dot products (exact counts of both layouts). *used = 0: not
 * taken (the caller lays out dot products), raw untouched. */
static zki_status conv_freivalds(ctx *c, const zki_node *nd, zki_wire *raw, int *used) {
    *used = 0;
    const zki_graph *g = c->g;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Wt = &g->tensors[nd->inputs[1]], *Y = &g->tensors[nd->output];
    const zki_tensor *B = nd->n_inputs > 2 && nd->inputs[2] >= 0 ? &g->tensors[nd->inputs[2]] : NULL;
    int64_t NB = X->dims[0], C = X->dims[1], H = X->dims[2], Wd = X->dims[3], M = Wt->dims[0], CG = Wt->dims[1];
    int64_t KH = Wt->dims[2], KW = Wt->dims[3], OH = Y->dims[2], OW = Y->dims[3], G = nd->at.group, mg = M / G;
    uint32_t W = c->s->width;
    int64_t K = CG * KH * KW, P = NB * OH * OW;
    if (K > (1 << 24) || P > (1 << 24) || mg > (1 << 24)) return ZKI_OK;
    /* dot products: ⌈taps/W⌉ rows per output (at least one: the bias alone) */
    uint64_t direct = 0;
    for (int64_t oy = 0; oy < OH; oy++)
        for (int64_t ox = 0; ox < OW; ox++) {
            uint64_t taps = 0;
            int64_t iy, ix;
            for (int64_t ky = 0; ky < KH; ky++)
                for (int64_t kx = 0; kx < KW; kx++) taps += (uint64_t)conv_tap(nd, H, Wd, oy, ox, ky, kx, &iy, &ix);
            taps *= (uint64_t)CG;
            direct += taps ? (taps + W - 1) / W : 1;
        }
    direct *= (uint64_t)(NB * M);
    /* the first group's product exactly as the builder stands; the others share its ones chain */
    uint64_t frei = zki_nn_matmul_rows_in(c->nn, (uint32_t)mg, (uint32_t)K, (uint32_t)P) +
                    (uint64_t)(G - 1) * (zki_nn_matmul_rows(W, (uint32_t)mg, (uint32_t)K, (uint32_t)P) - ((uint64_t)P + W - 1) / W);
    if (frei >= direct) return ZKI_OK;
    *used = 1;
    unsigned s = c->s->scale;
    const zki_wire *in = c->t[nd->inputs[0]].w;
    zki_wire *xs = malloc((size_t)(K * P) * sizeof *xs), *ys = malloc((size_t)(mg * P) * sizeof *ys);
    int64_t *ws = malloc((size_t)(mg * K) * sizeof *ws), *bs = malloc((size_t)mg * sizeof *bs);
    zki_status st = xs && ys && ws && bs ? ZKI_OK : err(ZKI_ERR_NOMEM, "out of memory");
    zki_wire zero = zki_nn_zero(c->nn);
    for (int64_t g0 = 0; g0 < G && st == ZKI_OK; g0++) {
        /* X: im2col of the group's channels, k = (cg·KH + ky)·KW + kx, p = (nb·OH + oy)·OW + ox */
        for (int64_t cg = 0; cg < CG; cg++)
            for (int64_t ky = 0; ky < KH; ky++)
                for (int64_t kx = 0; kx < KW; kx++) {
                    int64_t k = (cg * KH + ky) * KW + kx, ci = g0 * CG + cg, iy, ix;
                    for (int64_t nb = 0; nb < NB; nb++)
                        for (int64_t oy = 0; oy < OH; oy++)
                            for (int64_t ox = 0; ox < OW; ox++)
                                xs[k * P + (nb * OH + oy) * OW + ox] =
                                    conv_tap(nd, H, Wd, oy, ox, ky, kx, &iy, &ix) ? in[((nb * C + ci) * H + iy) * Wd + ix] : zero;
                }
        for (int64_t o = 0; o < mg; o++) {
            int64_t m = g0 * mg + o;
            for (int64_t k = 0; k < K; k++) ws[o * K + k] = quantize(Wt->fdata[m * K + k], s);
            bs[o] = B ? quantize(B->fdata[m], 2 * s) : 0;
        }
        st = zki_nn_matmul(c->nn, xs, ws, bs, (uint32_t)mg, (uint32_t)K, (uint32_t)P, ys);
        if (st != ZKI_OK) st = err(st, "node '%s' (Conv): %s", nd->name, zki_nn_error(c->nn));
        for (int64_t o = 0; o < mg && st == ZKI_OK; o++)
            for (int64_t nb = 0; nb < NB; nb++)
                for (int64_t q = 0; q < OH * OW; q++) raw[(nb * M + g0 * mg + o) * OH * OW + q] = ys[o * P + nb * OH * OW + q];
    }
    free(xs);
    free(ys);
    free(ws);
    free(bs);
    return st == ZKI_OK ? finish_linear(c, nd, raw, Y->size) : st;
}

static zki_status do_conv(ctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    zki_status st = need_const(c, nd, 1, "weight");
    if (st == ZKI_OK && nd->n_inputs > 2 && nd->inputs[2] >= 0) st = need_const(c, nd, 2, "bias");
    if (st != ZKI_OK) return st;
    if ((st = zki_m_ranged_at_s(c, nd, nd->inputs[0])) != ZKI_OK) return st;
    const zki_tensor *X = &g->tensors[nd->inputs[0]], *Wt = &g->tensors[nd->inputs[1]], *Y = &g->tensors[nd->output];
    const zki_tensor *B = nd->n_inputs > 2 && nd->inputs[2] >= 0 ? &g->tensors[nd->inputs[2]] : NULL;
    if (X->rank != 4 || Wt->rank != 4 || Y->rank != 4)
        return err(ZKI_ERR_VERSION, "node '%s' op 'Conv': only 2-D convolutions (NCHW) are supported", nd->name);
    int64_t NB = X->dims[0], C = X->dims[1], H = X->dims[2], Wd = X->dims[3], M = Wt->dims[0], CG = Wt->dims[1];
    int64_t KH = Wt->dims[2], KW = Wt->dims[3], OH = Y->dims[2], OW = Y->dims[3], G = nd->at.group;
    if ((st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    if (c->s->freivalds && !params_private(c)) {
        zki_wire *fr = malloc((size_t)Y->size * sizeof *fr);
        int used = 0;
        if (!fr) return err(ZKI_ERR_NOMEM, "out of memory");
        st = conv_freivalds(c, nd, fr, &used);
        free(fr);
        if (st != ZKI_OK || used) return st;
    }
    zki_wire *in = c->t[nd->inputs[0]].w;
    size_t nterms = (size_t)(CG * KH * KW) + 1;
    unsigned s = c->s->scale;
    zki_wire *xs = malloc(nterms * sizeof *xs), *raw = malloc((size_t)Y->size * sizeof *raw);
    int64_t *ws = malloc(nterms * sizeof *ws);
    size_t *widx = malloc(nterms * sizeof *widx);
    zki_wire *tmp = malloc(nterms * sizeof *tmp), *wq = NULL, *bq = NULL;
    int priv = params_private(c), bad = !xs || !ws || !raw || !widx || !tmp;
    if (!bad && priv) {
        wq = param_wires(c, Wt, 1.0, s);
        bq = B ? param_wires(c, B, 1.0, 2 * s) : NULL;
        bad = !wq || (B && !bq);
    }
    if (bad) {
        free(xs);
        free(ws);
        free(raw);
        free(widx);
        free(tmp);
        free(wq);
        free(bq);
        return err(ZKI_ERR_NOMEM, "out of memory");
    }
    int64_t mg = M / G;
    for (int64_t nb = 0; nb < NB; nb++)
    for (int64_t m = 0; m < M; m++) {
        int64_t bias = B ? quantize(B->fdata[m], 2 * s) : 0, g0 = m / mg;
        for (int64_t oy = 0; oy < OH; oy++)
            for (int64_t ox = 0; ox < OW; ox++) {
                size_t k = 0;
                for (int64_t cg = 0; cg < CG; cg++) {
                    int64_t ci = g0 * CG + cg;
                    for (int64_t ky = 0; ky < KH; ky++) {
                        int64_t iy = oy * nd->at.strides[0] - nd->at.pads[0] + ky * nd->at.dilations[0];
                        if (iy < 0 || iy >= H) continue;
                        for (int64_t kx = 0; kx < KW; kx++) {
                            int64_t ix = ox * nd->at.strides[1] - nd->at.pads[1] + kx * nd->at.dilations[1];
                            if (ix < 0 || ix >= Wd) continue;
                            xs[k] = in[((nb * C + ci) * H + iy) * Wd + ix];
                            widx[k] = (size_t)(((m * CG + cg) * KH + ky) * KW + kx);
                            ws[k] = quantize(Wt->fdata[widx[k]], s);
                            k++;
                        }
                    }
                }
                if (k == 0) { /* a window entirely in the padding: the bias alone */
                    xs[0] = in[nb * C * H * Wd];
                    ws[0] = 0;
                    k = 1;
                    if (wq) { /* a constrained zero (0·x) times any weight */
                        xs[0] = zki_nn_dot(c->nn, xs, ws, 1, 0);
                        widx[0] = 0;
                    }
                }
                raw[((nb * M + m) * OH + oy) * OW + ox] =
                    dot_param(c, xs, ws, wq, widx, tmp, (uint32_t)k, bias, bq ? &bq[m] : NULL);
            }
    }
    st = finish_linear(c, nd, raw, Y->size);
    free(xs);
    free(ws);
    free(raw);
    free(widx);
    free(tmp);
    free(wq);
    free(bq);
    return st;
}

/* Gemm and MatMul with a constant right-hand side: Y[i][j] = Σ_k A[i][k]·B'[k][j] (+ C). */
static zki_status do_matmul(ctx *c, const zki_node *nd) {
    const zki_graph *g = c->g;
    int is_gemm = nd->op == ZKI_OP_GEMM;
    zki_status st = need_const(c, nd, 1, "right-hand matrix");
    if (st == ZKI_OK && is_gemm && nd->n_inputs > 2 && nd->inputs[2] >= 0) st = need_const(c, nd, 2, "bias");
    if (st != ZKI_OK) return st;
    if ((st = zki_m_ranged_at_s(c, nd, nd->inputs[0])) != ZKI_OK) return st;
    const zki_tensor *Ain = &g->tensors[nd->inputs[0]], *Bt = &g->tensors[nd->inputs[1]], *Y = &g->tensors[nd->output];
    const zki_tensor *Ct = is_gemm && nd->n_inputs > 2 && nd->inputs[2] >= 0 ? &g->tensors[nd->inputs[2]] : NULL;
    if (Bt->rank != 2 || (is_gemm && Ain->rank != 2))
        return err(ZKI_ERR_VERSION, "node '%s' op '%s': only A·B with a 2-D constant B is supported",
                   nd->name, zki_op_name(nd->op));
    int ta = is_gemm && nd->at.trans_a;
    int tb = is_gemm && nd->at.trans_b;
    int64_t K = tb ? Bt->dims[1] : Bt->dims[0], N = tb ? Bt->dims[0] : Bt->dims[1];
    int64_t rows = (int64_t)(Ain->size / (size_t)K);
    double alpha = is_gemm ? nd->at.alpha : 1.0, beta = is_gemm ? nd->at.beta : 1.0;
    if ((st = zki_m_alloc_out(c, nd)) != ZKI_OK) return st;
    zki_wire *A = c->t[nd->inputs[0]].w, *raw = malloc((size_t)Y->size * sizeof *raw);
    zki_wire *At = NULL, *wq = NULL, *cq = NULL, *tmp = malloc((size_t)K * sizeof *tmp);
    int64_t *ws = malloc((size_t)K * sizeof *ws);
    size_t *widx = malloc((size_t)K * sizeof *widx);
    unsigned s = c->s->scale;
    if (raw && ws && ta) { /* A is [K, rows]: gather its transpose */
        At = malloc((size_t)(rows * K) * sizeof *At);
        for (int64_t i = 0; At && i < rows; i++)
            for (int64_t k = 0; k < K; k++) At[i * K + k] = A[k * rows + i];
        A = At;
    }
    int bad = !raw || !ws || !tmp || !widx || (ta && !At);
    if (!bad && params_private(c)) {
        wq = param_wires(c, Bt, alpha, s);
        cq = Ct ? param_wires(c, Ct, beta, 2 * s) : NULL;
        bad = !wq || (Ct && !cq);
    }
    if (bad) {
        free(raw);
        free(ws);
        free(At);
        free(tmp);
        free(widx);
        free(wq);
        free(cq);
        return err(ZKI_ERR_NOMEM, "out of memory");
    }
    for (int64_t j = 0; j < N; j++) {
        for (int64_t k = 0; k < K; k++) {
            widx[k] = (size_t)(tb ? j * K + k : k * N + j);
            ws[k] = quantize(alpha * Bt->fdata[widx[k]], s);
        }
        for (int64_t i = 0; i < rows; i++) {
            double cb = 0;
            size_t ci = 0;
            if (Ct) { /* unidirectional broadcast of C (rank <= 2, right-aligned) to [rows, N] */
                int64_t c1 = Ct->rank >= 1 ? Ct->dims[Ct->rank - 1] : 1, c0 = Ct->rank >= 2 ? Ct->dims[Ct->rank - 2] : 1;
                ci = (size_t)((c0 == 1 ? 0 : i) * c1 + (c1 == 1 ? 0 : j));
                cb = beta * Ct->fdata[ci];
            }
            raw[i * N + j] = dot_param(c, &A[i * K], ws, wq, widx, tmp, (uint32_t)K, quantize(cb, 2 * s),
                                       cq ? &cq[ci] : NULL);
        }
    }
    st = finish_linear(c, nd, raw, Y->size);
    free(raw);
    free(ws);
    free(At);
    free(tmp);
    free(widx);
    free(wq);
    free(cq);
    return st;
}

zki_status zki_model_build(zki_nn **nnp, zki_model_result *res, const zki_graph *g,
                           const zki_model_settings *s, const float *input) {
    return zki_model_build_ex(nnp, res, g, s, input, NULL);
}

zki_status zki_model_build_ex(zki_nn **nnp, zki_model_result *res, const zki_graph *g, const zki_model_settings *s,
                              const float *input, zki_model_node_report *rep) {
    memset(res, 0, sizeof *res);
    *nnp = NULL;
    last_error[0] = 0;
    if (s->scale < 1 || s->scale > 16 || s->width < 4 || s->width > 64 || s->act_bits < 4 || s->act_bits > 22 ||
        s->input_vis < ZKI_VIS_PRIVATE || s->input_vis > ZKI_VIS_HASHED || s->output_vis < ZKI_VIS_PRIVATE ||
        s->output_vis > ZKI_VIS_HASHED ||
        (s->param_vis != ZKI_PARAMS_FIXED && s->param_vis != ZKI_PARAMS_PRIVATE) || (s->freivalds != 0 && s->freivalds != 1) ||
        (s->max4 != 0 && s->max4 != 1))
        return err(ZKI_ERR_ARG,
                   "settings out of range (scale 1..16, width 4..64, act_bits 4..22, visibilities, freivalds 0/1, max4 0/1)");
    zki_nn_params p = {s->width, s->scale, s->act_bits, s->param_vis == ZKI_PARAMS_PRIVATE || zki_m_needs_products(g),
                       s->freivalds && s->param_vis == ZKI_PARAMS_FIXED, s->max4};
    ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.s = s;
    c.nn = zki_nn_new(&p);
    c.t = calloc(g->n_tensors, sizeof(ctensor));
    zki_status st = ZKI_OK;
    if (!c.nn || !c.t) {
        st = err(ZKI_ERR_NOMEM, "out of memory");
        goto out;
    }
    {
        uint32_t mask = 0;
        if (s->input_vis == ZKI_VIS_HASHED) mask |= zki_nn_poseidon_mask(g->tensors[g->input].size);
        if (s->output_vis == ZKI_VIS_HASHED) mask |= zki_nn_poseidon_mask(g->tensors[g->output].size);
        if (mask && (mask >> (s->width + 1)) != 0) {
            st = err(ZKI_ERR_ARG, "hashed visibility needs --width >= %u here (Poseidon states of up to 16 cells)",
                     32 - (uint32_t)__builtin_clz(mask) - 1);
            goto out;
        }
        if (mask && zki_nn_poseidon_widths(c.nn, mask) != ZKI_OK) {
            st = err(ZKI_ERR_ARG, "bad Poseidon widths");
            goto out;
        }
    }
    for (size_t k = 0; k < g->n_nodes; k++)
        for (int i = 0; i < g->nodes[k].n_inputs; i++)
            if (g->nodes[k].inputs[i] >= 0) c.t[g->nodes[k].inputs[i]].consumers++;
    /* the input: quantized at scale s, range-checked by an identity rescale so every
     * later gadget may rely on it */
    {
        size_t n = g->tensors[g->input].size;
        c.t[g->input].w = calloc(n ? n : 1, sizeof(zki_wire));
        if (!c.t[g->input].w) {
            st = err(ZKI_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(input[i])) {
                st = err(ZKI_ERR_ARG, "input value %zu is not a finite number", i);
                goto out;
            }
            c.t[g->input].w[i] = zki_nn_input(c.nn, quantize(input[i], s->scale), s->input_vis == ZKI_VIS_PUBLIC);
        }
        c.t[g->input].scale = s->scale;
        c.t[g->input].ranged = 0;
        if (s->input_vis == ZKI_VIS_HASHED) zki_nn_expose(c.nn, zki_nn_poseidon_vec(c.nn, c.t[g->input].w, n));
    }
    for (size_t k = 0; k < g->n_nodes && st == ZKI_OK; k++) {
        const zki_node *nd = &g->nodes[k];
        uint32_t rows0 = zki_nn_rows(c.nn);
        if (rep) rep->rows[k] = 0;
        if (c.t[nd->output].consumers < 0) { /* a function fused into its producer */
            if (rep) rep->scale[k] = c.t[nd->output].scale;
            c.t[nd->output].consumers = -c.t[nd->output].consumers - 1;
            continue;
        }
        switch (nd->op) {
        case ZKI_OP_CONV: st = do_conv(&c, nd); break;
        case ZKI_OP_GEMM:
        case ZKI_OP_MATMUL: st = do_matmul(&c, nd); break;
        case ZKI_OP_MAXPOOL:
        case ZKI_OP_AVGPOOL: st = zki_m_pool(&c, nd); break;
        case ZKI_OP_ADD:
        case ZKI_OP_SUB:
        case ZKI_OP_SUM:
        case ZKI_OP_MEAN: st = zki_m_arith(&c, nd); break;
        case ZKI_OP_MUL:
        case ZKI_OP_DIV: st = zki_m_mul(&c, nd); break;
        case ZKI_OP_NEG: st = zki_m_neg(&c, nd); break;
        case ZKI_OP_PRELU: st = zki_m_prelu(&c, nd); break;
        case ZKI_OP_BATCHNORM: st = zki_m_batchnorm(&c, nd); break;
        case ZKI_OP_REDUCE_SUM:
        case ZKI_OP_REDUCE_MEAN:
        case ZKI_OP_REDUCE_MAX:
        case ZKI_OP_GLOBAL_AVGPOOL:
        case ZKI_OP_GLOBAL_MAXPOOL: st = zki_m_reduce(&c, nd); break;
        case ZKI_OP_SOFTMAX: st = zki_m_softmax(&c, nd); break;
        case ZKI_OP_ARGMAX: st = zki_m_argmax(&c, nd); break;
        default:
            if (zki_m_is_table_op(nd->op)) st = zki_m_table_op(&c, nd);
            else if (zki_op_is_move(nd->op)) st = zki_m_move(&c, nd);
            else st = err(ZKI_ERR_VERSION, "node '%s' op '%s' (opset %lld) has no circuit yet", nd->name,
                          zki_op_name(nd->op), (long long)g->opset);
        }
        if (rep) {
            rep->rows[k] = zki_nn_rows(c.nn) - rows0;
            rep->scale[k] = c.t[nd->output].scale;
        }
        if (st == ZKI_OK && zki_nn_status(c.nn) != ZKI_OK)
            st = err(zki_nn_status(c.nn), "node '%s' (%s): %s%s", nd->name, zki_op_name(nd->op), zki_nn_error(c.nn),
                     zki_nn_out_of_range(c.nn) ? " — recalibrate with wider --act-bits or a smaller --scale" : "");
    }
    if (st != ZKI_OK) goto out;
    {
        const ctensor *o = &c.t[g->output];
        size_t n = g->tensors[g->output].size;
        res->n_out = n;
        res->out_scale = o->scale;
        res->out_q = malloc(n * sizeof(int64_t));
        res->out_f = malloc(n * sizeof(float));
        if (!res->out_q || !res->out_f) {
            st = err(ZKI_ERR_NOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            res->out_q[i] = zki_nn_value(c.nn, o->w[i]);
            res->out_f[i] = (float)ldexp((double)res->out_q[i], -(int)o->scale);
            if (s->output_vis == ZKI_VIS_PUBLIC) zki_nn_output(c.nn, o->w[i]);
        }
        if (s->output_vis == ZKI_VIS_HASHED) zki_nn_output(c.nn, zki_nn_poseidon_vec(c.nn, o->w, n));
        if (zki_nn_status(c.nn) != ZKI_OK) {
            st = err(zki_nn_status(c.nn), "%s", zki_nn_error(c.nn));
            goto out;
        }
    }
out:
    if (c.t)
        for (size_t i = 0; i < g->n_tensors; i++) free(c.t[i].w);
    free(c.t);
    if (st != ZKI_OK) {
        zki_nn_free(c.nn);
        zki_model_result_free(res);
        return st;
    }
    *nnp = c.nn;
    return ZKI_OK;
}

void zki_model_result_free(zki_model_result *res) {
    free(res->out_q);
    free(res->out_f);
    memset(res, 0, sizeof *res);
}
