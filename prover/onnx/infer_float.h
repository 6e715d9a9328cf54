/* zki_infer_float: the float32 reference engine over a zki_graph.
 *
 * What it is for: the yardstick the quantized engine (infer_quant.h) is measured
 * against, and the check that the importer understood the model (tests compare it with
 * onnxruntime within 1e-4 relative). Tensors are float32 as in ONNX; every dot product
 * (Conv, Gemm, MatMul) accumulates in double and rounds once, so results are at least
 * as accurate as onnxruntime's and independent of summation order.
 */
#ifndef ZKI_ONNX_INFER_FLOAT_H
#define ZKI_ONNX_INFER_FLOAT_H

#include "graph.h"

/* Runs g on one input.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL); ZKI_ERR_NOMEM.
 * In:  g      an imported graph;
 *      input  zki_graph_input_size(g) floats, row-major in the input's shape.
 * Out: output zki_graph_output_size(g) floats, row-major in the output's shape. */
zki_status zki_infer_float(const zki_graph *g, const float *input, float *output)
    __attribute__((warn_unused_result));

#endif
