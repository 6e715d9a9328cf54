/* zki_infer_quant: the fixed-point reference engine. Its integers are the witness the
 * circuit proves, so every rule here is exact and documented for the circuit to copy.
 *
 * Scales (quant.h for the rounding rules):
 *   - the graph input is quantized at s_act = settings.input_scale;
 *   - a constant operand is quantized where it is used: Conv W and the constant
 *     operand of Gemm/MatMul at settings.param_scale (Gemm's alpha is folded in first:
 *     alpha·B, or alpha·A when only A is constant, each float product exact in double);
 *     a bias (Conv B, Gemm beta·C) at s_x + s_w, the scale of the accumulator, so it is
 *     added exactly before rescaling; an Add operand at the other operand's scale;
 *     any other constant at param_scale;
 *   - Conv, Gemm, MatMul accumulate exact int64 dot products at scale s_a + s_b (the
 *     "ACC" tensor), then rescale by r = s_a + s_b - s_act with the policy's rounding,
 *     so their outputs are at s_act (r < 0 would multiply by 2^-r instead);
 *   - Add aligns both operands to the larger scale by exact multiplication by 2^d and
 *     adds; a run-time Gemm C is aligned likewise to the accumulator's scale;
 *   - Relu (max(q, 0)), MaxPool (integer max over the window, padding ignored), Reshape,
 *     Flatten and Identity keep their input's scale and integers;
 *   - the output is brought to s_act (a no-op for every model whose output depends on
 *     its input) and dequantized as q / 2^s_act.
 *
 * The issue-7 operators (the circuit sets input_scale = param_scale = s; rounding as
 * settings.rescale, HALF_UP below). rnd_k(a) = floor((a + 2^(k-1)) / 2^k);
 * q(v, k) = floor(v·2^k + 1/2) computed in double (zki_quantize). "At s": integers
 * standing for reals · 2^s. A run-time operand at another scale is first brought to s
 * (rnd from above, exact ·2^d from below, e.g. ArgMax's scale 0); a constant operand
 * is q(c, s) unless said otherwise. Outputs are at s unless said otherwise.
 *   - LeakyRelu, Elu, Sigmoid, Tanh, Exp, Erf, Gelu (both forms), HardSigmoid,
 *     HardSwish, Clip (constant bounds): y = q(f(x / 2^s), s), f in double as the float
 *     engine evaluates it (zki_unary_f). Abs: |x| (the same value, exactly).
 *   - PRelu: y = rnd_s(2^s·relu(x) + q(slope, s)·(x − relu(x))), slope broadcast.
 *   - Neg: −x (the input's scale kept). Sub: a − b. Sum: Σ inputs, exact.
 *     Mean: rnd_s((Σ inputs)·q(1/n, s)).
 *   - Mul: rnd_s(a·b) (a constant operand is q(c, s)). Div by a constant c:
 *     rnd_s(a·q(1/c, s)) with 1/c in double. Div by a run-time tensor b (a run-time
 *     or constant numerator a, both at s, broadcast): y = floor((a·2^(s+1) + b) / (2b)),
 *     a·2^s/b rounded half up, for b >= 1 only: a divisor <= 0 gives ZKI_ERR_ARG naming
 *     the node (the circuit proves the same with one division row, and also refuses
 *     b <= 0, and a quotient outside [-2^(B-2), 2^(B-2)) for act_bits B).
 *   - ReduceSum: Σ exact. ReduceMean, GlobalAveragePool: rnd_s(Σ·q(1/cnt, s)), cnt the
 *     reduced cells. AveragePool: rnd_s((Σ_window x)·q(1/cnt, s)), cnt =
 *     zki_avgpool_count (graph.h). ReduceMax, GlobalMaxPool, MaxPool: integer max.
 *   - BatchNormalization (when not folded at import): rnd_s(x·q(a_c, s) + q(b_c, 2s)).
 *   - Softmax over its axes: m = max; d_i = max(x_i − m, −2^(b−1)) with b =
 *     settings.act_bits (no clamp when it is 0); e_i = q(exp(d_i / 2^s), s); S = Σ e_i;
 *     y_i = floor((e_i·2^(s+1) + S) / (2S)) (e_i·2^s/S rounded half up), exactly what
 *     the circuit proves.
 *   - ArgMax: the index (first maximum, or last with select_last_index) of the
 *     integers at s (values closer than 2^-s may tie), at scale 0.
 *   - Pad, Concat: every input brought to s, Pad's value as q(v, s); Transpose,
 *     Squeeze, Unsqueeze, Slice, Gather, Resize (as Reshape, Flatten, Identity) move
 *     the integers of their input and keep its scale.
 * The trace records, per node, its quantized constants (CONST; Div's is q(1/c, s),
 * Pad's its value) and its output (VALUE).
 * Every int64 operation is overflow-checked (ZKI_ERR_SIZE names the node); the circuit's
 * field is far larger, so any result this engine returns is also the field result.
 *
 * Accuracy (tests/onnx/test_quant.c, input_scale = param_scale = s in {8, 12, 16}):
 * |dequantized - float| <= k·2^-s·max(1, max|output|) on every test model (119, with
 * LeNet-5, the small ResNet and every issue-7 operator), measured k <= 4.1 with
 * HALF_UP / HALF_AWAY (AveragePool's q(1/9, 8)) and k <= 22 with FLOOR (tested
 * against 8 and 64).
 */
#ifndef ZKI_ONNX_INFER_QUANT_H
#define ZKI_ONNX_INFER_QUANT_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "quant.h"

typedef enum {
    ZKI_TRACE_INPUT, /* the quantized graph input */
    ZKI_TRACE_CONST, /* a constant operand as node `node` used it (input slot `operand`) */
    ZKI_TRACE_ACC,   /* Conv/Gemm/MatMul: the exact accumulator before rescaling */
    ZKI_TRACE_VALUE  /* a node's output (after rescaling) */
} zki_trace_kind;

typedef struct {
    zki_trace_kind kind;
    int node;    /* the consuming (CONST) or producing (ACC, VALUE) node; -1 for INPUT and
                    for a final output alignment */
    int tensor;  /* graph tensor index (ACC: the node's output tensor) */
    int operand; /* CONST: the node input slot; -1 otherwise */
    int scale;   /* the integers stand for reals times 2^scale */
    int rank;
    int64_t dims[ZKI_ONNX_MAX_RANK];
    size_t size;
    int64_t *data;
} zki_trace_entry;

/* Entries in execution order; zero-initialise before use, release with zki_quant_trace_free. */
typedef struct {
    zki_trace_entry *entries;
    size_t n, cap;
} zki_quant_trace;

void zki_quant_trace_free(zki_quant_trace *t);

/* Runs g in fixed point on one float input.
 * Returns: ZKI_OK; ZKI_ERR_ARG (NULL g/settings/input, scales outside
 *          0..ZKI_QUANT_MAX_SCALE, unknown policy); ZKI_ERR_SIZE (a value that does not
 *          fit: |x·2^s| >= 2^52 when quantizing, NaN/Inf, or an int64 overflow);
 *          ZKI_ERR_VERSION (a Gemm with alpha != 1 and no constant operand, beta != 1
 *          with a run-time C, a Div by a run-time tensor); ZKI_ERR_NOMEM. zki_onnx_last_error() says where.
 * In:  g, settings;
 *      input         zki_graph_input_size(g) floats.
 * Out: output_int    zki_graph_output_size(g) integers at scale settings->input_scale (or NULL);
 *      output_float  the same, dequantized (or NULL);
 *      trace         if not NULL, every integer tensor of the run is appended (the caller
 *                    frees it with zki_quant_trace_free, also after a failure). */
zki_status zki_infer_quant(const zki_graph *g, const zki_quant_settings *settings, const float *input,
                           int64_t *output_int, float *output_float, zki_quant_trace *trace)
    __attribute__((warn_unused_result));

#endif
