/* zki_graph: the graph IR that an ONNX model is imported into, the one thing the
 * reference engines (infer_float.h, infer_quant.h) and the circuit read.
 *
 * What it represents: a straight-line program over tensors with static shapes.
 * Tensors are the graph's one runtime input, constants (initializers, Constant nodes,
 * and shape arithmetic folded at import), and the values the nodes compute. Nodes
 * carry one of the supported operators (zki_op) with their attributes already parsed,
 * validated and normalised (pads resolved from auto_pad, Reshape's target shape
 * resolved into the output tensor's dims).
 *
 * Invariants of every zki_graph that zki_onnx_load returned with ZKI_OK:
 *   - nodes are in topological order: every node's inputs are the graph input, a
 *     constant, or the output of an earlier node; every tensor has one producer;
 *   - every shape is static: rank <= ZKI_ONNX_MAX_RANK, every dim >= 1 except that a
 *     constant may have a 0 dim, size = product of dims; a symbolic or unknown dim of
 *     the graph input (a dynamic batch) was resolved to 1;
 *   - node inputs of compute ops are FLOAT tensors (int64 constants only feed shape
 *     arithmetic, which is folded away at import);
 *   - the shape of every node output is the one ONNX's semantics give (shape.c) and
 *     matches the model's declared output shape where that is static;
 *   - exactly one runtime input and one output, both FLOAT tensors in the IR (the
 *     model may declare the output int64 when an ArgMax produces it).
 *
 * Spec followed: onnx/docs/Operators.md (ai.onnx domain, opsets 7 to 23), and
 * onnx/docs/Broadcasting.md for Add (multidirectional) and Gemm's C (unidirectional).
 *
 * Memory: everything is malloc'd by the loader and released by zki_graph_free.
 */
#ifndef ZKI_ONNX_GRAPH_H
#define ZKI_ONNX_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define ZKI_ONNX_MAX_RANK 8
/* Inputs of one node (Sum, Mean, Concat are variadic up to this count). */
#define ZKI_ONNX_MAX_INPUTS 16
/* No tensor of an imported graph holds more elements than this (2^26): shapes are
 * checked against it before anything is allocated, so a hostile file cannot make the
 * importer or the engines allocate more than 2^26 · 8 bytes per tensor. */
#define ZKI_ONNX_MAX_ELEMENTS ((int64_t)1 << 26)
/* Work done at import on constants, per graph, refused (ZKI_ERR_LIMIT) before it is
 * allocated or computed: the elements of all folded and pre-computed constants together,
 * and the multiply-adds of operators evaluated on constants (a MatMul of two constants). */
#define ZKI_ONNX_MAX_CONST_ELEMENTS ((int64_t)1 << 25)
#define ZKI_ONNX_MAX_CONST_WORK ((int64_t)1 << 28)
/* Imported models must declare an ai.onnx opset in this range. */
#define ZKI_ONNX_MIN_OPSET 7
#define ZKI_ONNX_MAX_OPSET 23

typedef enum { ZKI_DT_FLOAT = 1, ZKI_DT_INT64 = 7 } zki_dtype; /* ONNX TensorProto codes */

typedef enum {
    ZKI_TENSOR_INPUT, /* the graph's runtime input */
    ZKI_TENSOR_CONST, /* known at import: fdata (FLOAT) or idata (INT64) */
    ZKI_TENSOR_VALUE  /* computed by node `producer` */
} zki_tensor_kind;

typedef struct {
    char *name;
    zki_tensor_kind kind;
    zki_dtype dtype;
    int rank;
    int64_t dims[ZKI_ONNX_MAX_RANK];
    size_t size;    /* product of dims (1 for a scalar) */
    float *fdata;   /* CONST FLOAT: size values, row-major */
    int64_t *idata; /* CONST INT64: size values, row-major */
    int producer;   /* VALUE: index of the producing node; -1 otherwise */
} zki_tensor;

typedef enum {
    ZKI_OP_CONV,
    ZKI_OP_GEMM,
    ZKI_OP_MATMUL,
    ZKI_OP_RELU,
    ZKI_OP_MAXPOOL,
    ZKI_OP_ADD,
    ZKI_OP_RESHAPE,
    ZKI_OP_FLATTEN,
    ZKI_OP_IDENTITY,
    /* Operators below: inputs[] hold only the tensors listed; operands that ONNX passes
     * as int64 inputs in some opsets and as attributes in others (axes, pads, starts,
     * scales, ...) are resolved at import into the attributes named. "x" is inputs[0].
     * Unless said otherwise the output has x's shape. */
    ZKI_OP_LEAKY_RELU,     /* x >= 0 ? x : alpha·x (alpha default 0.01) */
    ZKI_OP_PRELU,          /* x >= 0 ? x : slope·x; inputs[1] the CONST FLOAT slope, broadcast
                              unidirectionally to x */
    ZKI_OP_ELU,            /* x >= 0 ? x : alpha·(e^x − 1) (alpha default 1) */
    ZKI_OP_SIGMOID,        /* 1 / (1 + e^−x) */
    ZKI_OP_TANH,           /* tanh x */
    ZKI_OP_EXP,            /* e^x */
    ZKI_OP_CLIP,           /* min(max(x, lo), hi); inputs[1], inputs[2]: CONST FLOAT scalars lo, hi
                              or -1 when absent (opset < 11 attributes become such constants);
                              the same bounds in at.clip_min/clip_max (±INFINITY when absent) */
    ZKI_OP_HARD_SIGMOID,   /* max(0, min(1, alpha·x + beta)) (alpha 0.2, beta 0.5) */
    ZKI_OP_HARD_SWISH,     /* x · max(0, min(1, x/6 + 1/2)) */
    ZKI_OP_ERF,            /* erf x */
    ZKI_OP_GELU,           /* at.gelu_tanh = 0: x/2 · (1 + erf(x/√2)); 1: the tanh approximation
                              x/2 · (1 + tanh(√(2/π)·(x + 0.044715·x³))) */
    ZKI_OP_SOFTMAX,        /* exp(x − max) / Σ exp(x − max) over the axes at.axes[0..n_axes)
                              (one axis from opset 13; axis..rank−1 flattened before) */
    ZKI_OP_AVGPOOL,        /* 2-D NCHW: kernel, strides, pads (resolved), ceil_mode, dilations as
                              Conv; mean over the window's cells, divided by the number of
                              cells inside the input (count_include_pad = 0) or by the
                              kernel size (count_include_pad = 1): zki_avgpool_count */
    ZKI_OP_GLOBAL_AVGPOOL, /* rank >= 3, N C D1..Dk: mean over D1..Dk, output N C 1..1 */
    ZKI_OP_GLOBAL_MAXPOOL, /* as GLOBAL_AVGPOOL with max */
    ZKI_OP_PAD,            /* pads at.pads_nd (begin by axis, then end by axis, all >= 0), mode
                              at.pad_mode (ZKI_PAD_*); inputs[1]: the CONST FLOAT scalar pad value
                              (0 when the model gives none) */
    ZKI_OP_SUB,            /* inputs[0] − inputs[1], multidirectional broadcasting */
    ZKI_OP_MUL,            /* inputs[0] · inputs[1], multidirectional broadcasting */
    ZKI_OP_DIV,            /* inputs[0] / inputs[1], multidirectional broadcasting */
    ZKI_OP_NEG,            /* −x */
    ZKI_OP_ABS,            /* |x| */
    ZKI_OP_SUM,            /* Σ inputs[0..n_inputs), multidirectional broadcasting */
    ZKI_OP_MEAN,           /* (Σ inputs) / n_inputs, multidirectional broadcasting */
    ZKI_OP_REDUCE_SUM,     /* Σ over at.axes[0..n_axes) (sorted, distinct, resolved; all axes when
                              ONNX says "all"; n_axes = 0 only for noop_with_empty_axes: a copy);
                              at.keepdims keeps them as 1s */
    ZKI_OP_REDUCE_MEAN,    /* as REDUCE_SUM, divided by the number of reduced cells */
    ZKI_OP_REDUCE_MAX,     /* as REDUCE_SUM with max */
    ZKI_OP_BATCHNORM,      /* inference form, normalised: inputs[1] = a, inputs[2] = b, CONST
                              FLOAT [C] with a = gamma / sqrt(var + eps), b = beta − mean·a
                              (computed in double at import); y = x·a_c + b_c on channel c =
                              axis 1. A BN whose input is a Conv, or a Gemm with constant B,
                              used by nothing else is folded into it at import and never seen */
    ZKI_OP_TRANSPOSE,      /* output axis i is input axis at.perm[i] (a checked permutation) */
    ZKI_OP_SQUEEZE,        /* removes the size-1 axes at.axes[0..n_axes) (resolved) */
    ZKI_OP_UNSQUEEZE,      /* inserts size-1 axes at output positions at.axes[0..n_axes) */
    ZKI_OP_CONCAT,         /* inputs[0..n_inputs) joined along at.axis (resolved, 0 <= axis < rank);
                              any input may be a CONST FLOAT */
    ZKI_OP_SLICE,          /* per axis i of x: output index j reads x index at.starts[i] +
                              j·at.steps[i] (starts clamped; an axis not sliced has start 0,
                              step 1); the output dims are the counts */
    ZKI_OP_GATHER,         /* inputs[1]: CONST INT64 indices (negatives resolved, all in range)
                              along at.axis; output rank = rank(x) − 1 + rank(indices) */
    ZKI_OP_RESIZE,         /* nearest neighbour: output index j on axis i reads x index
                              zki_resize_src(n, i, j, in_dim, out_dim) (at.resize_* modes) */
    ZKI_OP_ARGMAX          /* index of the first (at.select_last_index: last) maximum along
                              at.axis, as a FLOAT tensor of integers; at.keepdims */
} zki_op;

/* Pad modes (ZKI_OP_PAD). */
enum { ZKI_PAD_CONSTANT, ZKI_PAD_REFLECT, ZKI_PAD_EDGE };
/* Resize coordinate_transformation_mode and nearest_mode (ZKI_OP_RESIZE). */
enum {
    ZKI_RESIZE_HALF_PIXEL,
    ZKI_RESIZE_ASYMMETRIC,
    ZKI_RESIZE_ALIGN_CORNERS,
    ZKI_RESIZE_PYTORCH_HALF_PIXEL,
    ZKI_RESIZE_TF_HALF_PIXEL_FOR_NN
};
enum { ZKI_NEAREST_ROUND_PREFER_FLOOR, ZKI_NEAREST_ROUND_PREFER_CEIL, ZKI_NEAREST_FLOOR, ZKI_NEAREST_CEIL };

enum { ZKI_AUTO_PAD_NOTSET, ZKI_AUTO_PAD_SAME_UPPER, ZKI_AUTO_PAD_SAME_LOWER, ZKI_AUTO_PAD_VALID };

/* Parsed attributes; only the fields of the node's op are meaningful. */
typedef struct {
    /* Conv, MaxPool (2-D, NCHW). pads = {top, left, bottom, right} (ONNX order
     * x1_begin, x2_begin, x1_end, x2_end), already resolved from auto_pad. */
    int64_t kernel[2], strides[2], dilations[2], pads[4];
    int64_t group;  /* Conv */
    int auto_pad;   /* ZKI_AUTO_PAD_* as imported (pads above are already resolved) */
    int ceil_mode;  /* MaxPool (only used for the output shape) */
    int allowzero;  /* Reshape (opset 14): a 0 in the shape means 0, not "copy" */
    /* Gemm: Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A, likewise B'. */
    float alpha, beta;
    int trans_a, trans_b;
    /* Flatten, normalised to 0 <= axis <= rank; Softmax, Concat, Gather, ArgMax:
     * 0 <= axis < rank of x. */
    int64_t axis;
    /* LeakyRelu, Elu, HardSigmoid use alpha (and beta), with their ONNX defaults. */
    float clip_min, clip_max; /* Clip: ±INFINITY where absent */
    int gelu_tanh;            /* Gelu approximate = "tanh" */
    int count_include_pad;    /* AveragePool */
    /* ReduceSum/Mean/Max, Softmax, Squeeze, Unsqueeze: sorted distinct resolved axes. */
    int n_axes;
    int64_t axes[ZKI_ONNX_MAX_RANK];
    int keepdims;             /* Reduce*, ArgMax (default 1) */
    int select_last_index;    /* ArgMax */
    int64_t perm[ZKI_ONNX_MAX_RANK];                 /* Transpose */
    int64_t starts[ZKI_ONNX_MAX_RANK], steps[ZKI_ONNX_MAX_RANK]; /* Slice, every axis */
    int64_t out_dims[ZKI_ONNX_MAX_RANK]; /* Slice, Resize: the output dims (as the output tensor's) */
    int64_t pads_nd[2 * ZKI_ONNX_MAX_RANK];          /* Pad: begins for axes 0..r-1, then ends */
    int pad_mode;                                    /* ZKI_PAD_* */
    int resize_coord, resize_nearest;                /* ZKI_RESIZE_*, ZKI_NEAREST_* */
    float resize_scale[ZKI_ONNX_MAX_RANK];           /* output/input per axis, as ONNX uses it */
} zki_node_attrs;

typedef struct {
    char *name;     /* the ONNX node name, or "<op_type>_<index>" when it had none */
    zki_op op;
    int n_inputs;
    int inputs[ZKI_ONNX_MAX_INPUTS]; /* tensor indices; -1 for an omitted optional input */
    int output;                      /* tensor index */
    zki_node_attrs at;
} zki_node;

typedef struct {
    zki_tensor *tensors;
    size_t n_tensors;
    zki_node *nodes; /* topological order */
    size_t n_nodes;
    int input, output; /* tensor indices */
    int64_t opset;     /* the model's ai.onnx opset */
    int64_t ir_version;
    size_t folded;     /* elements of all constants made at import (<= ZKI_ONNX_MAX_CONST_ELEMENTS) */
    int64_t const_work; /* multiply-adds spent on constants at import (<= ZKI_ONNX_MAX_CONST_WORK) */
} zki_graph;

/* Imports an ONNX model file (ModelProto, protobuf binary) into g.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL); ZKI_ERR_IO (cannot open or read path);
 *          ZKI_ERR_ENCODING (not a ModelProto, or an inconsistent graph: undefined or
 *          twice-defined tensor, cycle, bad tensor data, missing graph or opset);
 *          ZKI_ERR_VERSION (unsupported operator, attribute, data type, opset or
 *          domain: the model is valid ONNX that this importer does not handle);
 *          ZKI_ERR_SIZE (shapes that do not fit the operator); ZKI_ERR_NOMEM.
 *          On failure g is left empty and zki_onnx_last_error() says why, e.g.
 *          "node 'conv2' op 'LSTM' (opset 13) is not supported".
 * Out: g     the imported graph; release with zki_graph_free.
 * In:  path. */
zki_status zki_onnx_load(zki_graph *g, const char *path) __attribute__((warn_unused_result));

/* As zki_onnx_load, from the bytes of a model in memory. */
zki_status zki_onnx_load_mem(zki_graph *g, const uint8_t *buf, size_t len)
    __attribute__((warn_unused_result));

/* Releases what g holds and leaves it empty; g may be empty or NULL. */
void zki_graph_free(zki_graph *g);

/* Returns: the message of the last failed zki_onnx_ / zki_infer_ / zki_input_json_
 * call in this thread ("" if none). The text stays valid until the next such call. */
const char *zki_onnx_last_error(void);

/* Returns: the ONNX op_type of op ("Conv", ...). Never NULL. */
const char *zki_op_name(zki_op op);

/* Returns: the x index that output index j (0 <= j < out_dim) of axis `axis` of a
 * Resize node reads (nearest mode, ONNX's formula for the node's modes), clamped to
 * 0..in_dim-1. */
int64_t zki_resize_src(const zki_node *n, int axis, int64_t j, int64_t in_dim, int64_t out_dim);

/* Returns: the divisor AveragePool uses for the window of output cell (oh, ow) of
 * node n (AVGPOOL) over an input of H x W: the window's cells inside the input, or,
 * with count_include_pad, kernel[0]·kernel[1] (onnxruntime's rule, also for ceil_mode
 * windows that run past the explicit pads). */
int64_t zki_avgpool_count(const zki_node *n, int64_t oh, int64_t ow, int64_t H, int64_t W);

/* Returns: the index of the tensor called name, or -1. */
int zki_graph_find(const zki_graph *g, const char *name);

/* Returns: the number of floats the graph's input / output holds. */
size_t zki_graph_input_size(const zki_graph *g);
size_t zki_graph_output_size(const zki_graph *g);

#endif
