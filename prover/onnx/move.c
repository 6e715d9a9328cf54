/* Data-movement operators, written once for any element width so the float engine,
 * the fixed-point engine and import-time folding share them: every output element is
 * a copy of one input element (or of the pad value), found by index arithmetic on the
 * graph's static shapes (graph.h gives each op's rule). */
#include <string.h>

#include "onnx_internal.h"

int zki_op_is_move(zki_op op) {
    switch (op) {
    case ZKI_OP_RESHAPE:
    case ZKI_OP_FLATTEN:
    case ZKI_OP_IDENTITY:
    case ZKI_OP_SQUEEZE:
    case ZKI_OP_UNSQUEEZE:
    case ZKI_OP_TRANSPOSE:
    case ZKI_OP_SLICE:
    case ZKI_OP_GATHER:
    case ZKI_OP_CONCAT:
    case ZKI_OP_RESIZE:
    case ZKI_OP_PAD: return 1;
    default: return 0;
    }
}

/* Row-major multi-index of flat index i over dims. */
static void unravel(int64_t *o, size_t i, int rank, const int64_t *dims) {
    for (int k = rank - 1; k >= 0; k--) {
        o[k] = (int64_t)(i % (size_t)dims[k]);
        i /= (size_t)dims[k];
    }
}

static int64_t ravel(const int64_t *ix, int rank, const int64_t *dims) {
    int64_t f = 0;
    for (int k = 0; k < rank; k++) f = f * dims[k] + ix[k];
    return f;
}

/* Source (input slot, flat offset) of output element i; offset -1 = pad value. */
static int64_t source(const zki_graph *g, const zki_node *n, size_t i, int *slot) {
    const zki_tensor *x = &g->tensors[n->inputs[0]], *y = &g->tensors[n->output];
    const zki_node_attrs *a = &n->at;
    int64_t o[ZKI_ONNX_MAX_RANK] = {0}, s[ZKI_ONNX_MAX_RANK] = {0};
    *slot = 0;
    switch (n->op) {
    case ZKI_OP_TRANSPOSE:
        unravel(o, i, y->rank, y->dims);
        for (int k = 0; k < y->rank; k++) s[a->perm[k]] = o[k];
        return ravel(s, x->rank, x->dims);
    case ZKI_OP_SLICE:
        unravel(o, i, y->rank, y->dims);
        for (int k = 0; k < y->rank; k++) s[k] = a->starts[k] + o[k] * a->steps[k];
        return ravel(s, x->rank, x->dims);
    case ZKI_OP_RESIZE:
        unravel(o, i, y->rank, y->dims);
        for (int k = 0; k < y->rank; k++) s[k] = zki_resize_src(n, k, o[k], x->dims[k], y->dims[k]);
        return ravel(s, x->rank, x->dims);
    case ZKI_OP_PAD:
        unravel(o, i, y->rank, y->dims);
        for (int k = 0; k < y->rank; k++) {
            int64_t j = o[k] - a->pads_nd[k], d = x->dims[k];
            if (j < 0 || j >= d) {
                if (a->pad_mode == ZKI_PAD_CONSTANT) return -1;
                if (a->pad_mode == ZKI_PAD_EDGE) j = j < 0 ? 0 : d - 1;
                else j = j < 0 ? -j : 2 * (d - 1) - j; /* reflect, pads < d checked at import */
            }
            s[k] = j;
        }
        return ravel(s, x->rank, x->dims);
    case ZKI_OP_GATHER: {
        const zki_tensor *ix = &g->tensors[n->inputs[1]];
        int ax = (int)a->axis;
        unravel(o, i, y->rank, y->dims);
        int64_t p = ravel(o + ax, ix->rank, ix->dims);
        for (int k = 0; k < ax; k++) s[k] = o[k];
        s[ax] = ix->idata[p];
        for (int k = ax + 1; k < x->rank; k++) s[k] = o[k - 1 + ix->rank];
        return ravel(s, x->rank, x->dims);
    }
    case ZKI_OP_CONCAT: {
        int ax = (int)a->axis;
        unravel(o, i, y->rank, y->dims);
        int k = 0;
        while (o[ax] >= g->tensors[n->inputs[k]].dims[ax]) o[ax] -= g->tensors[n->inputs[k++]].dims[ax];
        *slot = k;
        return ravel(o, y->rank, g->tensors[n->inputs[k]].dims);
    }
    default: return (int64_t)i; /* Reshape, Flatten, Identity, Squeeze, Unsqueeze */
    }
}

void zki_onnx_move(const zki_graph *g, const zki_node *n, const void *const *src, void *dst, size_t es,
                   const void *pad_value) {
    const zki_tensor *y = &g->tensors[n->output];
    uint8_t *d = dst;
    for (size_t i = 0; i < y->size; i++) {
        int slot;
        int64_t off = source(g, n, i, &slot);
        const uint8_t *from = off < 0 ? (const uint8_t *)pad_value : (const uint8_t *)src[slot] + (size_t)off * es;
        memcpy(d + i * es, from, es);
    }
}
