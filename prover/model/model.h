/* zki_model: compiles an imported ONNX graph (prover/onnx/graph.h) into a circuit with
 * the zki_nn gadgets, and computes its witness for one input at the same time.
 *
 * Fixed point: every activation tensor carries a scale 2^s (settings.scale); weights
 * are quantized to floor(w·2^s + 1/2) (half up, the rule of prover/onnx/quant.h) and biases of linear layers to
 * round(b·2^2s), so a dot product is exact at scale 2s. A linear layer (Conv, Gemm,
 * MatMul) is rescaled back to s by the rescale gadget, with a following Relu fused into
 * it; the graph's output is left at the scale it has (2s when it is a linear layer, so
 * logits keep their precision; 0 for ArgMax's integer index). Rounding: floor((a + 2^(s-1)) / 2^s), exactly as the
 * gadget proves it.
 *
 * The circuit's structure depends only on the graph and the settings, never on the
 * input values: the same model compiles to the same VK for every input.
 */
#ifndef ZKI_MODEL_H
#define ZKI_MODEL_H

#include "graph.h"
#include "nn.h"

/* Visibility of the input and of the output: PRIVATE (witness only), PUBLIC (every
 * quantized value a public input), HASHED (private, bound by one public input: the
 * Poseidon vector hash of the quantized values, prover/core/poseidon.h, computed in the
 * circuit; the input's hash comes before the outputs' public inputs or hash). */
enum { ZKI_VIS_PRIVATE = 0, ZKI_VIS_PUBLIC = 1, ZKI_VIS_HASHED = 2 };
/* Visibility of the parameters (weights, biases, other constants of the graph):
 *   FIXED    baked into fixed columns, so into the VK: the proof shows this very model ran;
 *   PRIVATE  advice cells the prover fills in: the VK depends only on the architecture
 *            and the proof shows that *some* parameters give the public output (bind them
 *            with a commitment, e.g. a hashed visibility, when the verifier cares which). */
enum { ZKI_PARAMS_FIXED = 0, ZKI_PARAMS_PRIVATE = 1 };

typedef struct {
    uint32_t scale;    /* s: fixed-point bits (1..16) */
    uint32_t act_bits; /* activations after rescale lie in [-2^(b-1), 2^(b-1)) */
    uint32_t width;    /* multiply-accumulates per row (4..64) */
    int input_vis;     /* ZKI_VIS_* of the quantized input */
    int output_vis;    /* ZKI_VIS_* of the quantized output */
    int param_vis;     /* ZKI_PARAMS_* (0, fixed, in a zeroed struct) */
    int freivalds;     /* 1: each Conv whose matrix product takes fewer rows checked by
                        * Freivalds' method (zki_nn_matmul) than as dot products uses it
                        * (fixed parameters only); the circuit then has late columns and a
                        * challenge. 0 (a zeroed struct): dot products only */
    int max4;          /* 1: every max over n >= 3 values (MaxPool windows, ReduceMax,
                        * GlobalMaxPool, the max of Softmax and ArgMax) as a chain of
                        * four-input max rows (zki_nn_max_n: ⌈(n−1)/3⌉ rows instead of n − 1;
                        * a max of two takes one zki_nn_max row either way); the circuit then
                        * has one more fixed column, a gate and two lookups. 0: max rows */
    uint32_t shplonk;  /* the opening scheme (docs/PROTOCOL.md §4.7): 0 (a zeroed struct)
                        * GWC batching (zkinfer-plonk-v2); P in 1..ZKI_CS_MAX_PACK the
                        * SHPLONK opening with the fixed and σ polynomials folded into
                        * packs of at most P (zkinfer-plonk-v3, VK version 3): a verifier
                        * with fewer scalar multiplications, a larger SRS. It does not
                        * change the layout (rows, columns), only the keys and the proof */
} zki_model_settings;

typedef struct {
    size_t n_out;
    int64_t *out_q;       /* quantized outputs (malloc'd) */
    float *out_f;         /* dequantized outputs (malloc'd) */
    uint32_t out_scale;   /* the outputs' scale exponent */
} zki_model_result;

/* Builds the circuit of g for one input (graph input order, g's input size floats).
 * Out: *nn   the builder holding circuit and witness (zki_nn_finish it; zki_nn_free);
 *      res   the quantized and dequantized outputs (zki_model_result_free).
 * Returns: ZKI_OK; ZKI_ERR_ARG (bad settings, NaN/Inf input, a value outside the
 * proven range: zki_model_last_error() names the node); ZKI_ERR_VERSION (an operator
 * or attribute the circuit cannot express, named likewise); ZKI_ERR_NOMEM. */
zki_status zki_model_build(zki_nn **nn, zki_model_result *res, const zki_graph *g,
                           const zki_model_settings *s, const float *input)
    __attribute__((warn_unused_result));

void zki_model_result_free(zki_model_result *res);

/* What zki_model_build_ex reports per graph node (index = node index): the circuit
 * rows the node added (0 for a node fused into its producer or pure data movement),
 * and its output tensor's scale exponent. Arrays of g->n_nodes, caller-owned. */
typedef struct {
    uint32_t *rows;
    uint32_t *scale;
} zki_model_node_report;

/* As zki_model_build, also filling *rep (may be NULL). */
zki_status zki_model_build_ex(zki_nn **nn, zki_model_result *res, const zki_graph *g, const zki_model_settings *s,
                              const float *input, zki_model_node_report *rep) __attribute__((warn_unused_result));

/* Returns: the message of the last failed zki_model_ call in this thread ("" if none). */
const char *zki_model_last_error(void);

#endif
