/* Internals shared by the ONNX importer's files (not part of the public API): the
 * per-thread error text, tensor-table helpers, and shape inference.
 *
 * Every failing internal function records its message with zki_onnx_fail and returns
 * the status, so the first failure's text is what zki_onnx_last_error() shows.
 */
#ifndef ZKI_ONNX_INTERNAL_H
#define ZKI_ONNX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"

/* Records a printf-style message as the thread's last error; returns s. */
zki_status zki_onnx_fail(zki_status s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Clears the thread's last error (called at the start of each public entry point). */
void zki_onnx_clear_error(void);

/* Appends an empty tensor named name (copied) to g; *idx receives its index.
 * Returns: ZKI_OK, ZKI_ERR_NOMEM. */
zki_status zki_graph_add_tensor(zki_graph *g, int *idx, const char *name, zki_tensor_kind kind,
                                zki_dtype dtype);

/* Sets t's rank, dims and size. Returns: ZKI_OK; ZKI_ERR_SIZE (rank too large, a
 * negative dim, or more than ZKI_ONNX_MAX_ELEMENTS elements). */
zki_status zki_tensor_set_shape(zki_tensor *t, int rank, const int64_t *dims);

/* Multidirectional (numpy) broadcasting of two shapes into out (rank *out_rank).
 * Returns: ZKI_OK; ZKI_ERR_SIZE when a dim pair is neither equal nor has a 1. */
zki_status zki_broadcast_shape(int *out_rank, int64_t *out, int ra, const int64_t *a, int rb,
                               const int64_t *b);

/* Computes node n's output shape into g->tensors[n->output] from its inputs and
 * attributes (shape.c), validating them. Returns: ZKI_OK, ZKI_ERR_SIZE, ZKI_ERR_VERSION. */
zki_status zki_onnx_infer_shape(zki_graph *g, zki_node *n);

/* strdup (not in C11). Returns: a malloc'd copy of s, or NULL. */
char *zki_onnx_strdup(const char *s);

/* Strides of a row-major shape (elements). */
void zki_shape_strides(int64_t *strides, int rank, const int64_t *dims);

/* Broadcast strides: st[i] is the element stride of the input along output axis i
 * (0 where the input is missing or has dim 1), for an input of shape (rank_in,
 * dims_in) broadcast to (rank_out, dims_out). */
void zki_bcast_strides(int64_t *st, int rank_in, const int64_t *dims_in, int rank_out, const int64_t *dims_out);

/* The input element offset of output element `flat` (row-major over dims_out). */
size_t zki_bcast_offset(size_t flat, int rank_out, const int64_t *dims_out, const int64_t *st);

/* Appends a CONST FLOAT tensor of the given shape holding vals (rounded to float),
 * named "<node>/<what>" (made unique). Returns: ZKI_OK, ZKI_ERR_SIZE, ZKI_ERR_NOMEM. */
zki_status zki_onnx_new_const_f(zki_graph *g, int *idx, const char *node, const char *what, int rank,
                                const int64_t *dims, const double *vals);

/* True for the ops that only move elements (Reshape, Flatten, Identity, Squeeze,
 * Unsqueeze, Transpose, Slice, Gather, Concat, Resize, Pad): zki_onnx_move runs them. */
int zki_op_is_move(zki_op op);

/* Runs a data-movement node on elements of es bytes: src[i] is the buffer of
 * n->inputs[i] (data inputs only; Gather's indices are read from the graph), dst the
 * output's; pad_value (es bytes) fills constant padding. Shapes are the graph's. */
void zki_onnx_move(const zki_graph *g, const zki_node *n, const void *const *src, void *dst, size_t es,
                   const void *pad_value);

/* The float engine's kernel for node n over per-tensor buffers v (infer_float.c).
 * Returns: ZKI_OK, ZKI_ERR_NOMEM. */
zki_status zki_float_node(const zki_graph *g, const zki_node *n, float *const *v);

/* f(x) in double for the elementwise ops (Relu, LeakyRelu, Elu, Sigmoid, Tanh, Exp,
 * Clip with at.clip_min/max, HardSigmoid, HardSwish, Erf, Gelu, Neg, Abs). */
double zki_unary_f(const zki_node *n, double x);

/* Folds BatchNormalization into the Conv/Gemm before it where allowed, then drops
 * tensors no node uses (bnfold.c). Returns: ZKI_OK, ZKI_ERR_NOMEM, ZKI_ERR_SIZE. */
zki_status zki_onnx_fold_batchnorm(zki_graph *g);

#endif
