/* Internals of the importer that see the protobuf-c structs generated from Debian's
 * onnx.proto (proto2, package onnx) into build/gen/onnx.pb-c.h at build time. Only the
 * importer's .c files include this; the IR (graph.h) never exposes protobuf types. */
#ifndef ZKI_ONNX_PROTO_H
#define ZKI_ONNX_PROTO_H

#include "onnx.pb-c.h"
#include "onnx_internal.h"

/* Appends a CONST tensor named name holding tp's data (FLOAT, DOUBLE -> FLOAT;
 * INT64, INT32 -> INT64). Returns: ZKI_OK; ZKI_ERR_ENCODING (value count or raw
 * length disagrees with dims); ZKI_ERR_VERSION (other data type, external data);
 * ZKI_ERR_SIZE; ZKI_ERR_NOMEM. */
zki_status zki_onnx_const_from_proto(zki_graph *g, int *idx, const Onnx__TensorProto *tp,
                                     const char *name);

/* Evaluates a shape-arithmetic node (Shape, Gather, Unsqueeze, Squeeze, Concat,
 * Identity on a constant) at import, appending its output as a CONST tensor.
 * in[i] are the node's input tensor indices (-1 if omitted); opset is the model's.
 * Returns: ZKI_OK; ZKI_ERR_VERSION (an input is not constant, or an attribute is not
 * supported); ZKI_ERR_SIZE (indices/axes out of range, shapes that do not concat);
 * ZKI_ERR_NOMEM. */
zki_status zki_onnx_fold(zki_graph *g, const Onnx__NodeProto *np, const char *node_name,
                         const int *in, int64_t opset);

/* True for the op types zki_onnx_fold evaluates. */
int zki_onnx_is_fold_op(const char *op_type);

/* Parses node n's attributes and parameter inputs (attrs.c) for the model's opset into
 * n->at, rewriting n->inputs to the normalised form graph.h documents. in[] are the
 * raw input tensor indices (n->inputs already holds them). Returns: ZKI_OK;
 * ZKI_ERR_VERSION (unsupported attribute or value, non-constant parameter);
 * ZKI_ERR_ENCODING (malformed attribute); ZKI_ERR_SIZE; ZKI_ERR_NOMEM. */
zki_status zki_onnx_parse_attrs(zki_graph *g, zki_node *n, const Onnx__NodeProto *np, const int *in, int64_t opset);

#endif
