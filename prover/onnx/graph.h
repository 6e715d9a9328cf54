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
 *   - exactly one runtime input and one output, both FLOAT.
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
#define ZKI_ONNX_MAX_INPUTS 3
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
    ZKI_OP_IDENTITY
} zki_op;

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
    /* Flatten, normalised to 0 <= axis <= rank. */
    int64_t axis;
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

/* Returns: the index of the tensor called name, or -1. */
int zki_graph_find(const zki_graph *g, const char *name);

/* Returns: the number of floats the graph's input / output holds. */
size_t zki_graph_input_size(const zki_graph *g);
size_t zki_graph_output_size(const zki_graph *g);

#endif
