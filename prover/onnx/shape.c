/* Shape inference for the supported operators (onnx/docs/Operators.md), run once per
 * node at import. It also validates what the engines rely on (ranks, channel counts,
 * broadcastability) so the engines never see an inconsistent node, and resolves
 * auto_pad into explicit pads. */
#include <string.h>

#include "onnx_internal.h"

#define SIZE_ERR(n, ...) zki_onnx_fail(ZKI_ERR_SIZE, "node '%s' op '%s': " __VA_ARGS__)

zki_status zki_broadcast_shape(int *out_rank, int64_t *out, int ra, const int64_t *a, int rb,
                               const int64_t *b) {
    int r = ra > rb ? ra : rb;
    for (int i = 0; i < r; i++) {
        int ia = i - (r - ra), ib = i - (r - rb);
        int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
        if (da != db && da != 1 && db != 1) return ZKI_ERR_SIZE;
        out[i] = da == 1 ? db : da;
    }
    *out_rank = r;
    return ZKI_OK;
}

/* One spatial axis of Conv/MaxPool: resolves pads from auto_pad and returns the
 * output length (< 1 when the window does not fit). */
static int64_t window_out(int64_t in, int64_t k, int64_t s, int64_t d, int auto_pad, int ceil_mode,
                          int64_t *pb, int64_t *pe) {
    int64_t ek = (k - 1) * d + 1;
    if (auto_pad == ZKI_AUTO_PAD_SAME_UPPER || auto_pad == ZKI_AUTO_PAD_SAME_LOWER) {
        int64_t out = (in + s - 1) / s;
        int64_t total = (out - 1) * s + ek - in;
        if (total < 0) total = 0;
        *pb = auto_pad == ZKI_AUTO_PAD_SAME_UPPER ? total / 2 : total - total / 2;
        *pe = total - *pb;
        return out;
    }
    if (auto_pad == ZKI_AUTO_PAD_VALID) *pb = *pe = 0;
    int64_t span = in + *pb + *pe - ek;
    if (span < 0) return 0;
    if (!ceil_mode) return span / s + 1;
    int64_t out = (span + s - 1) / s + 1;
    /* the last window must start inside the input or its leading padding */
    if ((out - 1) * s >= in + *pb) out--;
    return out;
}

static zki_status shape_window(zki_graph *g, zki_node *n, int is_conv) {
    const char *on = zki_op_name(n->op);
    zki_tensor *x = &g->tensors[n->inputs[0]];
    if (x->rank != 4) return SIZE_ERR(n, "input '%s' must be 4-D NCHW (rank %d)", n->name, on, x->name, x->rank);
    int64_t dims[4] = {x->dims[0], x->dims[1], 0, 0};
    if (is_conv) {
        zki_tensor *w = &g->tensors[n->inputs[1]];
        if (w->rank != 4) return SIZE_ERR(n, "weight '%s' must be 4-D (rank %d)", n->name, on, w->name, w->rank);
        int64_t grp = n->at.group;
        if (grp < 1 || x->dims[1] % grp != 0 || w->dims[0] % grp != 0 || w->dims[1] * grp != x->dims[1])
            return SIZE_ERR(n, "%lld input channels, weight %lldx%lld, group %lld do not fit", n->name, on,
                            (long long)x->dims[1], (long long)w->dims[0], (long long)w->dims[1],
                            (long long)grp);
        for (int i = 0; i < 2; i++) {
            if (n->at.kernel[i] == 0) n->at.kernel[i] = w->dims[2 + i];
            if (n->at.kernel[i] != w->dims[2 + i])
                return SIZE_ERR(n, "kernel_shape does not match the weight", n->name, on);
        }
        if (n->inputs[2] >= 0) {
            zki_tensor *b = &g->tensors[n->inputs[2]];
            if (b->rank != 1 || b->dims[0] != w->dims[0])
                return SIZE_ERR(n, "bias '%s' must have shape [%lld]", n->name, on, b->name, (long long)w->dims[0]);
        }
        dims[1] = w->dims[0];
    }
    for (int i = 0; i < 2; i++) {
        if (n->at.kernel[i] < 1 || n->at.strides[i] < 1 || n->at.dilations[i] < 1 || n->at.pads[i] < 0 ||
            n->at.pads[i + 2] < 0)
            return SIZE_ERR(n, "kernel, strides, dilations must be >= 1 and pads >= 0", n->name, on);
        dims[2 + i] = window_out(x->dims[2 + i], n->at.kernel[i], n->at.strides[i], n->at.dilations[i],
                                 n->at.auto_pad, n->at.ceil_mode, &n->at.pads[i], &n->at.pads[i + 2]);
        if (dims[2 + i] < 1) return SIZE_ERR(n, "the window does not fit the input", n->name, on);
        int64_t ek = (n->at.kernel[i] - 1) * n->at.dilations[i] + 1;
        if (!is_conv && (n->at.pads[i] >= ek || n->at.pads[i + 2] >= ek))
            return SIZE_ERR(n, "pads must be smaller than the kernel", n->name, on);
    }
    return zki_tensor_set_shape(&g->tensors[n->output], 4, dims);
}

static zki_status shape_gemm(zki_graph *g, zki_node *n) {
    zki_tensor *a = &g->tensors[n->inputs[0]], *b = &g->tensors[n->inputs[1]];
    if (a->rank != 2 || b->rank != 2) return SIZE_ERR(n, "A and B must be 2-D", n->name, "Gemm");
    int64_t m = n->at.trans_a ? a->dims[1] : a->dims[0], k = n->at.trans_a ? a->dims[0] : a->dims[1];
    int64_t kb = n->at.trans_b ? b->dims[1] : b->dims[0], nn = n->at.trans_b ? b->dims[0] : b->dims[1];
    if (k != kb) return SIZE_ERR(n, "inner dims %lld and %lld differ", n->name, "Gemm", (long long)k, (long long)kb);
    int64_t dims[2] = {m, nn};
    if (n->inputs[2] >= 0) {
        zki_tensor *c = &g->tensors[n->inputs[2]];
        int r;
        int64_t bd[ZKI_ONNX_MAX_RANK];
        /* unidirectional: C broadcasts to [M, N], never the other way */
        if (c->rank > 2 || zki_broadcast_shape(&r, bd, 2, dims, c->rank, c->dims) != ZKI_OK ||
            bd[0] != m || bd[1] != nn)
            return SIZE_ERR(n, "C '%s' does not broadcast to [%lld, %lld]", n->name, "Gemm", c->name,
                            (long long)m, (long long)nn);
    }
    return zki_tensor_set_shape(&g->tensors[n->output], 2, dims);
}

static zki_status shape_matmul(zki_graph *g, zki_node *n) {
    zki_tensor *a = &g->tensors[n->inputs[0]], *b = &g->tensors[n->inputs[1]];
    if (a->rank < 1 || b->rank < 1) return SIZE_ERR(n, "inputs must have rank >= 1", n->name, "MatMul");
    int64_t ka = a->dims[a->rank - 1], kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
    if (ka != kb) return SIZE_ERR(n, "inner dims %lld and %lld differ", n->name, "MatMul", (long long)ka, (long long)kb);
    int ra = a->rank > 2 ? a->rank - 2 : 0, rb = b->rank > 2 ? b->rank - 2 : 0, r;
    int64_t dims[ZKI_ONNX_MAX_RANK + 2];
    if (zki_broadcast_shape(&r, dims, ra, a->dims, rb, b->dims) != ZKI_OK)
        return SIZE_ERR(n, "batch dims do not broadcast", n->name, "MatMul");
    if (a->rank >= 2) dims[r++] = a->dims[a->rank - 2];
    if (b->rank >= 2) dims[r++] = b->dims[b->rank - 1];
    return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
}

static zki_status shape_reshape(zki_graph *g, zki_node *n) {
    zki_tensor *x = &g->tensors[n->inputs[0]], *s = &g->tensors[n->inputs[1]];
    if (s->rank != 1 || s->dims[0] > ZKI_ONNX_MAX_RANK || s->kind != ZKI_TENSOR_CONST || s->dtype != ZKI_DT_INT64 ||
        (s->dims[0] > 0 && !s->idata))
        return SIZE_ERR(n, "shape '%s' must be a 1-D int64 constant of <= %d values", n->name, "Reshape", s->name,
                        ZKI_ONNX_MAX_RANK);
    int r = (int)s->dims[0], minus = -1;
    int64_t dims[ZKI_ONNX_MAX_RANK], known = 1;
    for (int i = 0; i < r; i++) {
        int64_t v = s->idata[i];
        if (v == 0 && !n->at.allowzero) {
            if (i >= x->rank) return SIZE_ERR(n, "0 at position %d copies a missing dim", n->name, "Reshape", i);
            v = x->dims[i];
        }
        if (v == -1) {
            if (minus >= 0) return SIZE_ERR(n, "more than one -1", n->name, "Reshape");
            minus = i;
            dims[i] = 1;
            continue;
        }
        if (v < 0) return SIZE_ERR(n, "dim %lld", n->name, "Reshape", (long long)v);
        if (v > 0 && known > INT64_MAX / v) return SIZE_ERR(n, "dim %lld is too large", n->name, "Reshape", (long long)v);
        dims[i] = v;
        known *= v;
    }
    if (minus >= 0) {
        if (known == 0 || (int64_t)x->size % known != 0)
            return SIZE_ERR(n, "cannot infer -1 for %zu elements", n->name, "Reshape", x->size);
        dims[minus] = (int64_t)x->size / known;
        known *= dims[minus];
    }
    if (known != (int64_t)x->size)
        return SIZE_ERR(n, "%zu elements cannot take the target shape", n->name, "Reshape", x->size);
    return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
}

/* Multidirectional broadcast of every input (Add, Sub, Mul, Div, Sum, Mean). */
static zki_status shape_bcast(zki_graph *g, zki_node *n) {
    zki_tensor *x = &g->tensors[n->inputs[0]];
    int r = x->rank;
    int64_t dims[ZKI_ONNX_MAX_RANK];
    memcpy(dims, x->dims, sizeof dims);
    for (int i = 1; i < n->n_inputs; i++) {
        zki_tensor *y = &g->tensors[n->inputs[i]];
        int64_t nd[ZKI_ONNX_MAX_RANK];
        if (zki_broadcast_shape(&r, nd, r, dims, y->rank, y->dims) != ZKI_OK)
            return SIZE_ERR(n, "shapes of '%s' and '%s' do not broadcast", n->name, zki_op_name(n->op), x->name, y->name);
        memcpy(dims, nd, sizeof dims);
    }
    return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
}

static zki_status shape_reduce(zki_graph *g, zki_node *n, const int64_t *axes, int na, int keep) {
    zki_tensor *x = &g->tensors[n->inputs[0]];
    int64_t dims[ZKI_ONNX_MAX_RANK];
    int r = 0;
    for (int i = 0; i < x->rank; i++) {
        int red = 0;
        for (int k = 0; k < na; k++) red |= axes[k] == i;
        if (red && x->dims[i] == 0) return SIZE_ERR(n, "reduction over an empty axis", n->name, zki_op_name(n->op));
        if (!red) dims[r++] = x->dims[i];
        else if (keep) dims[r++] = 1;
    }
    return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
}

zki_status zki_onnx_infer_shape(zki_graph *g, zki_node *n) {
    zki_tensor *x = &g->tensors[n->inputs[0]];
    const char *on = zki_op_name(n->op);
    int64_t dims[ZKI_ONNX_MAX_RANK];
    switch (n->op) {
    case ZKI_OP_CONV: return shape_window(g, n, 1);
    case ZKI_OP_MAXPOOL:
    case ZKI_OP_AVGPOOL: return shape_window(g, n, 0);
    case ZKI_OP_GEMM: return shape_gemm(g, n);
    case ZKI_OP_MATMUL: return shape_matmul(g, n);
    case ZKI_OP_RESHAPE: return shape_reshape(g, n);
    case ZKI_OP_RELU:
    case ZKI_OP_IDENTITY:
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
    case ZKI_OP_SOFTMAX:
    case ZKI_OP_NEG:
    case ZKI_OP_ABS:
    case ZKI_OP_BATCHNORM: return zki_tensor_set_shape(&g->tensors[n->output], x->rank, x->dims);
    case ZKI_OP_PRELU: {
        zki_tensor *sl = &g->tensors[n->inputs[1]];
        int r;
        /* unidirectional: the slope broadcasts to x, never the other way */
        if (zki_broadcast_shape(&r, dims, x->rank, x->dims, sl->rank, sl->dims) != ZKI_OK || r != x->rank ||
            memcmp(dims, x->dims, (size_t)r * sizeof dims[0]) != 0)
            return SIZE_ERR(n, "slope '%s' does not broadcast to x", n->name, on, sl->name);
        return zki_tensor_set_shape(&g->tensors[n->output], x->rank, x->dims);
    }
    case ZKI_OP_ADD:
    case ZKI_OP_SUB:
    case ZKI_OP_MUL:
    case ZKI_OP_DIV:
    case ZKI_OP_SUM:
    case ZKI_OP_MEAN: return shape_bcast(g, n);
    case ZKI_OP_FLATTEN: {
        if (n->at.axis < 0) n->at.axis += x->rank;
        if (n->at.axis < 0 || n->at.axis > x->rank)
            return SIZE_ERR(n, "axis out of range for rank %d", n->name, "Flatten", x->rank);
        int64_t d2[2] = {1, 1};
        for (int i = 0; i < x->rank; i++) d2[i >= n->at.axis] *= x->dims[i];
        return zki_tensor_set_shape(&g->tensors[n->output], 2, d2);
    }
    case ZKI_OP_GLOBAL_AVGPOOL:
    case ZKI_OP_GLOBAL_MAXPOOL:
        if (x->rank < 3) return SIZE_ERR(n, "input '%s' must have rank >= 3 (N, C, spatial...)", n->name, on, x->name);
        for (int i = 0; i < x->rank; i++) {
            if (i >= 2 && x->dims[i] == 0) return SIZE_ERR(n, "empty spatial axis", n->name, on);
            dims[i] = i < 2 ? x->dims[i] : 1;
        }
        return zki_tensor_set_shape(&g->tensors[n->output], x->rank, dims);
    case ZKI_OP_PAD:
        for (int i = 0; i < x->rank; i++) dims[i] = x->dims[i] + n->at.pads_nd[i] + n->at.pads_nd[x->rank + i];
        return zki_tensor_set_shape(&g->tensors[n->output], x->rank, dims);
    case ZKI_OP_REDUCE_SUM:
    case ZKI_OP_REDUCE_MEAN:
    case ZKI_OP_REDUCE_MAX: return shape_reduce(g, n, n->at.axes, n->at.n_axes, n->at.keepdims);
    case ZKI_OP_ARGMAX: {
        if (x->dims[n->at.axis] == 0) return SIZE_ERR(n, "empty axis", n->name, on);
        return shape_reduce(g, n, &n->at.axis, 1, n->at.keepdims);
    }
    case ZKI_OP_TRANSPOSE:
        for (int i = 0; i < x->rank; i++) dims[i] = x->dims[n->at.perm[i]];
        return zki_tensor_set_shape(&g->tensors[n->output], x->rank, dims);
    case ZKI_OP_SQUEEZE: return shape_reduce(g, n, n->at.axes, n->at.n_axes, 0);
    case ZKI_OP_UNSQUEEZE: {
        int r = x->rank + n->at.n_axes, j = 0, k = 0;
        for (int i = 0; i < r; i++) dims[i] = (k < n->at.n_axes && n->at.axes[k] == i) ? (k++, 1) : x->dims[j++];
        return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
    }
    case ZKI_OP_CONCAT: {
        int64_t ax = n->at.axis;
        memcpy(dims, x->dims, sizeof dims);
        for (int i = 1; i < n->n_inputs; i++) {
            zki_tensor *t = &g->tensors[n->inputs[i]];
            int same = t->rank == x->rank;
            for (int k = 0; same && k < x->rank; k++) same = k == ax || t->dims[k] == x->dims[k];
            if (!same) return SIZE_ERR(n, "'%s' does not concatenate with '%s' on axis %lld", n->name, on, t->name,
                                       x->name, (long long)ax);
            dims[ax] += t->dims[ax];
        }
        return zki_tensor_set_shape(&g->tensors[n->output], x->rank, dims);
    }
    case ZKI_OP_SLICE:
    case ZKI_OP_RESIZE: return zki_tensor_set_shape(&g->tensors[n->output], x->rank, n->at.out_dims);
    case ZKI_OP_GATHER: {
        const zki_tensor *ix = &g->tensors[n->inputs[1]];
        int r = 0, ax = (int)n->at.axis;
        if (x->rank - 1 + ix->rank > ZKI_ONNX_MAX_RANK) return SIZE_ERR(n, "rank too large", n->name, on);
        for (int i = 0; i < ax; i++) dims[r++] = x->dims[i];
        for (int i = 0; i < ix->rank; i++) dims[r++] = ix->dims[i];
        for (int i = ax + 1; i < x->rank; i++) dims[r++] = x->dims[i];
        return zki_tensor_set_shape(&g->tensors[n->output], r, dims);
    }
    }
    return zki_onnx_fail(ZKI_ERR_VERSION, "node '%s': unknown op", n->name);
}
