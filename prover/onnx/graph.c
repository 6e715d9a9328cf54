/* zki_graph housekeeping: tensor table, lookups, release (see graph.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_internal.h"

/* in zki_op order */
static const char *const op_names[] = {
    "Conv", "Gemm", "MatMul", "Relu", "MaxPool", "Add", "Reshape", "Flatten", "Identity", "LeakyRelu", "PRelu",
    "Elu", "Sigmoid", "Tanh", "Exp", "Clip", "HardSigmoid", "HardSwish", "Erf", "Gelu", "Softmax", "AveragePool",
    "GlobalAveragePool", "GlobalMaxPool", "Pad", "Sub", "Mul", "Div", "Neg", "Abs", "Sum", "Mean", "ReduceSum",
    "ReduceMean", "ReduceMax", "BatchNormalization", "Transpose", "Squeeze", "Unsqueeze", "Concat", "Slice",
    "Gather", "Resize", "ArgMax"};
_Static_assert(sizeof op_names / sizeof op_names[0] == ZKI_OP_ARGMAX + 1, "op_names follows zki_op");

char *zki_onnx_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

const char *zki_op_name(zki_op op) {
    if ((unsigned)op < sizeof op_names / sizeof op_names[0]) return op_names[op];
    return "?";
}

int64_t zki_resize_src(const zki_node *n, int axis, int64_t j, int64_t in_dim, int64_t out_dim) {
    /* float arithmetic as onnxruntime does it, so ties round the same way */
    float sc = n->at.resize_scale[axis], x = (float)j, src;
    switch (n->at.resize_coord) {
    case ZKI_RESIZE_ASYMMETRIC: src = x / sc; break;
    case ZKI_RESIZE_ALIGN_CORNERS: src = out_dim == 1 ? 0.0f : x * (float)(in_dim - 1) / (float)(out_dim - 1); break;
    case ZKI_RESIZE_PYTORCH_HALF_PIXEL: src = out_dim > 1 ? (x + 0.5f) / sc - 0.5f : 0.0f; break;
    case ZKI_RESIZE_TF_HALF_PIXEL_FOR_NN: src = (x + 0.5f) / sc; break;
    default: src = (x + 0.5f) / sc - 0.5f; break; /* half_pixel */
    }
    float r;
    switch (n->at.resize_nearest) {
    case ZKI_NEAREST_FLOOR: r = floorf(src); break;
    case ZKI_NEAREST_CEIL: r = ceilf(src); break;
    case ZKI_NEAREST_ROUND_PREFER_CEIL: r = roundf(src); break;
    default: r = (src == (float)(int64_t)src + 0.5f) ? floorf(src) : roundf(src); break;
    }
    int64_t k = (int64_t)r;
    return k < 0 ? 0 : k >= in_dim ? in_dim - 1 : k;
}

int64_t zki_avgpool_count(const zki_node *n, int64_t oh, int64_t ow, int64_t H, int64_t W) {
    const zki_node_attrs *a = &n->at;
    /* count_include_pad: the whole kernel, also where a ceil_mode window runs past the
     * explicit pads (onnxruntime's divisor) */
    if (a->count_include_pad) return a->kernel[0] * a->kernel[1];
    int64_t pos[2] = {oh, ow}, len[2] = {H, W}, cnt = 1;
    for (int i = 0; i < 2; i++) {
        int64_t c = 0;
        for (int64_t k = 0; k < a->kernel[i]; k++) {
            int64_t p = pos[i] * a->strides[i] - a->pads[i] + k * a->dilations[i];
            c += p >= 0 && p < len[i];
        }
        cnt *= c;
    }
    return cnt;
}

int zki_graph_find(const zki_graph *g, const char *name) {
    for (size_t i = 0; i < g->n_tensors; i++)
        if (strcmp(g->tensors[i].name, name) == 0) return (int)i;
    return -1;
}

size_t zki_graph_input_size(const zki_graph *g) { return g->tensors[g->input].size; }
size_t zki_graph_output_size(const zki_graph *g) { return g->tensors[g->output].size; }

zki_status zki_graph_add_tensor(zki_graph *g, int *idx, const char *name, zki_tensor_kind kind,
                                zki_dtype dtype) {
    size_t n = g->n_tensors;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        /* capacity: 8, then doubled each time the count reaches a power of two */
        size_t cap = n ? 2 * n : 8;
        zki_tensor *t = realloc(g->tensors, cap * sizeof *t);
        if (!t) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
        g->tensors = t;
    }
    zki_tensor *t = &g->tensors[g->n_tensors];
    memset(t, 0, sizeof *t);
    t->name = zki_onnx_strdup(name);
    if (!t->name) return zki_onnx_fail(ZKI_ERR_NOMEM, "out of memory");
    t->kind = kind;
    t->dtype = dtype;
    t->size = 1;
    t->producer = -1;
    *idx = (int)g->n_tensors++;
    return ZKI_OK;
}

zki_status zki_tensor_set_shape(zki_tensor *t, int rank, const int64_t *dims) {
    if (rank < 0 || rank > ZKI_ONNX_MAX_RANK)
        return zki_onnx_fail(ZKI_ERR_SIZE, "tensor '%s': rank %d exceeds %d", t->name, rank,
                             ZKI_ONNX_MAX_RANK);
    uint64_t size = 1;
    for (int i = 0; i < rank; i++) {
        if (dims[i] < 0 || dims[i] > ZKI_ONNX_MAX_ELEMENTS) /* refused before any allocation of that size */
            return zki_onnx_fail(dims[i] < 0 ? ZKI_ERR_SIZE : ZKI_ERR_LIMIT, "tensor '%s': dim %d is %lld (limit 0..2^26)", t->name, i,
                                 (long long)dims[i]);
        size *= (uint64_t)dims[i]; /* both factors <= 2^26: no overflow */
        if (size > (uint64_t)ZKI_ONNX_MAX_ELEMENTS)
            return zki_onnx_fail(ZKI_ERR_LIMIT, "tensor '%s' has more than 2^26 elements", t->name);
    }
    t->rank = rank;
    for (int i = 0; i < rank; i++) t->dims[i] = dims[i];
    t->size = (size_t)size;
    return ZKI_OK;
}

void zki_shape_strides(int64_t *strides, int rank, const int64_t *dims) {
    int64_t s = 1;
    for (int i = rank - 1; i >= 0; i--) {
        strides[i] = s;
        s *= dims[i];
    }
}

void zki_bcast_strides(int64_t *st, int rank_in, const int64_t *dims_in, int rank_out, const int64_t *dims_out) {
    int64_t in_st[ZKI_ONNX_MAX_RANK];
    zki_shape_strides(in_st, rank_in, dims_in);
    for (int i = 0; i < rank_out; i++) {
        int k = i - (rank_out - rank_in);
        st[i] = (k < 0 || dims_in[k] == 1 || dims_out[i] == 1) ? 0 : in_st[k];
    }
}

size_t zki_bcast_offset(size_t flat, int rank_out, const int64_t *dims_out, const int64_t *st) {
    size_t off = 0;
    for (int i = rank_out - 1; i >= 0; i--) {
        size_t d = (size_t)dims_out[i];
        off += (flat % d) * (size_t)st[i];
        flat /= d;
    }
    return off;
}

void zki_graph_free(zki_graph *g) {
    if (!g) return;
    for (size_t i = 0; i < g->n_tensors; i++) {
        free(g->tensors[i].name);
        free(g->tensors[i].fdata);
        free(g->tensors[i].idata);
    }
    for (size_t i = 0; i < g->n_nodes; i++) free(g->nodes[i].name);
    free(g->tensors);
    free(g->nodes);
    memset(g, 0, sizeof *g);
}
