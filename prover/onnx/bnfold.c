/* Import-time folding of inference BatchNormalization into the linear op before it,
 * and the removal of tensors nothing uses any more.
 *
 * A BN node (normalised by attrs.c to y = x·a_c + b_c) whose x is the output of a
 * Conv with constant W (and constant or no bias), or of a Gemm with constant B (and
 * constant or no C), and is read by nothing else, disappears: the linear op gets
 *   Conv:  W'[m,...] = W[m,...]·a_m,   bias'_m = bias_m·a_m + b_m
 *   Gemm:  B' column n scaled by a_n,  C' = beta·C·a_n + b_n (beta' = 1)
 * (products in double, rounded once to float) and writes the BN's output tensor.
 * Otherwise the BN stays a node. */
#include <stdlib.h>
#include <string.h>

#include "onnx_internal.h"

static int uses(const zki_graph *g, int t) {
    int c = t == g->output;
    for (size_t i = 0; i < g->n_nodes; i++)
        for (int k = 0; k < g->nodes[i].n_inputs; k++) c += g->nodes[i].inputs[k] == t;
    return c;
}

static int is_const(const zki_graph *g, int t) { return t >= 0 && g->tensors[t].kind == ZKI_TENSOR_CONST; }

static zki_status fold_one(zki_graph *g, size_t bi, int *folded) {
    zki_node *bn = &g->nodes[bi];
    int x = bn->inputs[0];
    *folded = 0;
    int pi = g->tensors[x].producer;
    if (pi < 0 || uses(g, x) != 1) return ZKI_OK;
    zki_node *p = &g->nodes[pi];
    int has_bias = p->n_inputs > 2 && p->inputs[2] >= 0;
    if (!(p->op == ZKI_OP_CONV || p->op == ZKI_OP_GEMM) || !is_const(g, p->inputs[1]) ||
        (has_bias && !is_const(g, p->inputs[2])) || is_const(g, p->inputs[0]))
        return ZKI_OK;
    const float *a = g->tensors[bn->inputs[1]].fdata, *b = g->tensors[bn->inputs[2]].fdata;
    const zki_tensor *W = &g->tensors[p->inputs[1]], *Y = &g->tensors[p->output];
    int64_t C = Y->dims[1];
    double *w = malloc((W->size ? W->size : 1) * sizeof *w);
    size_t nb = (size_t)C;
    int64_t bdims[2] = {C, 0};
    int brank = 1;
    if (p->op == ZKI_OP_GEMM && has_bias) {
        const zki_tensor *Ct = &g->tensors[p->inputs[2]];
        /* a C that varies along rows keeps the full [M, N] shape */
        int rows = Ct->rank == 2 && Ct->dims[0] > 1;
        if (rows) {
            nb = Y->size;
            bdims[0] = Y->dims[0];
            bdims[1] = C;
            brank = 2;
        }
    }
    double *bias = malloc(nb * sizeof *bias);
    if (!w || !bias) {
        free(w);
        free(bias);
        return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    }
    if (p->op == ZKI_OP_CONV) {
        size_t per = W->size / (size_t)C;
        for (size_t i = 0; i < W->size; i++) w[i] = (double)W->fdata[i] * a[i / per];
        for (int64_t m = 0; m < C; m++) bias[m] = (has_bias ? (double)g->tensors[p->inputs[2]].fdata[m] * a[m] : 0.0) + b[m];
    } else {
        int64_t K = p->at.trans_b ? W->dims[1] : W->dims[0];
        for (int64_t k = 0; k < K; k++)
            for (int64_t n = 0; n < C; n++) {
                size_t off = p->at.trans_b ? (size_t)(n * K + k) : (size_t)(k * C + n);
                w[off] = (double)W->fdata[off] * a[n];
            }
        int64_t st[2] = {0, 0};
        const zki_tensor *Ct = has_bias ? &g->tensors[p->inputs[2]] : NULL;
        if (Ct) zki_bcast_strides(st, Ct->rank, Ct->dims, brank, bdims);
        for (size_t i = 0; i < nb; i++) {
            size_t n = i % (size_t)C;
            double c = Ct ? (double)p->at.beta * Ct->fdata[zki_bcast_offset(i, brank, bdims, st)] : 0.0;
            bias[i] = c * a[n] + b[n];
        }
        p->at.beta = 1.0f;
    }
    int iw, ib;
    zki_status st = zki_onnx_new_const_f(g, &iw, p->name, "bn_folded_W", W->rank, W->dims, w);
    if (st == ZKI_OK) st = zki_onnx_new_const_f(g, &ib, p->name, "bn_folded_bias", brank, bdims, bias);
    free(w);
    free(bias);
    if (st != ZKI_OK) return st;
    p = &g->nodes[pi];
    bn = &g->nodes[bi];
    p->inputs[1] = iw;
    p->inputs[2] = ib;
    p->n_inputs = 3;
    p->output = bn->output;
    g->tensors[p->output].producer = pi;
    g->tensors[x].producer = -1;
    free(bn->name);
    memmove(bn, bn + 1, (g->n_nodes - bi - 1) * sizeof *bn);
    g->n_nodes--;
    for (size_t i = 0; i < g->n_nodes; i++) g->tensors[g->nodes[i].output].producer = (int)i;
    *folded = 1;
    return ZKI_OK;
}

/* Drops every tensor that no node reads or writes and that is not the graph's input
 * or output, renumbering the rest in order. */
static zki_status compact(zki_graph *g) {
    int *map = malloc((g->n_tensors ? g->n_tensors : 1) * sizeof *map);
    if (!map) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < g->n_tensors; t++) map[t] = 0;
    map[g->input] = map[g->output] = 1;
    for (size_t i = 0; i < g->n_nodes; i++) {
        map[g->nodes[i].output] = 1;
        for (int k = 0; k < g->nodes[i].n_inputs; k++)
            if (g->nodes[i].inputs[k] >= 0) map[g->nodes[i].inputs[k]] = 1;
    }
    size_t n = 0;
    for (size_t t = 0; t < g->n_tensors; t++) {
        if (!map[t]) {
            free(g->tensors[t].name);
            free(g->tensors[t].fdata);
            free(g->tensors[t].idata);
            map[t] = -1;
            continue;
        }
        if (n != t) g->tensors[n] = g->tensors[t];
        map[t] = (int)n++;
    }
    g->n_tensors = n;
    for (size_t i = 0; i < g->n_nodes; i++) {
        zki_node *nd = &g->nodes[i];
        nd->output = map[nd->output];
        for (int k = 0; k < nd->n_inputs; k++)
            if (nd->inputs[k] >= 0) nd->inputs[k] = map[nd->inputs[k]];
    }
    g->input = map[g->input];
    g->output = map[g->output];
    free(map);
    return ZKI_OK;
}

zki_status zki_onnx_fold_batchnorm(zki_graph *g) {
    int any = 0;
    for (size_t i = 0; i < g->n_nodes;) {
        int folded = 0;
        if (g->nodes[i].op == ZKI_OP_BATCHNORM) {
            zki_status st = fold_one(g, i, &folded);
            if (st != ZKI_OK) return st;
        }
        any |= folded;
        if (!folded) i++;
    }
    return any ? compact(g) : ZKI_OK;
}
