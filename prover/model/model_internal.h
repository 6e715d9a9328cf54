/* Shared between the compiler's files (model.c: linear layers, pooling by max and the
 * build loop; ops.c: element-wise functions, arithmetic, reductions, Softmax, data
 * movement). Not a public interface. */
#ifndef ZKI_MODEL_INTERNAL_H
#define ZKI_MODEL_INTERNAL_H

#include <math.h>

#include "model.h"

/* The circuit's view of a tensor: wires, scale exponent, whether every value is known
 * to lie in the activation range (what max and function tables need), and the number
 * of consumers (negative: the consumer was fused into the producer). */
typedef struct {
    zki_wire *w;
    uint32_t scale;
    int ranged;
    int consumers;
} zki_mtensor;

/* A function table already registered with the builder (so nodes computing the same
 * function share it). */
typedef struct {
    zki_op op;
    float alpha, beta, lo, hi;
    int gelu_tanh;
    uint32_t tag;
    int ranged; /* every table value lies in the activation range */
} zki_mtable;

typedef struct {
    const zki_graph *g;
    const zki_model_settings *s;
    zki_nn *nn;
    zki_mtensor *t;
    zki_mtable tables[32];
    int n_tables;
} zki_mctx;

zki_status zki_model_set_error(zki_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* round(v·2^bits) half up, the one rounding rule of the pipeline (prover/onnx/quant.h) */
static inline int64_t zki_m_quantize(double v, unsigned bits) { return (int64_t)floor(ldexp(v, (int)bits) + 0.5); }

/* Allocates the wires of nd's output. Returns: ZKI_OK, ZKI_ERR_NOMEM. */
zki_status zki_m_alloc_out(zki_mctx *c, const zki_node *nd);
/* Brings tensor ti to scale s, every value in the activation range. */
zki_status zki_m_ranged_at_s(zki_mctx *c, const zki_node *nd, int ti);

/* 1 if op is computed by a function table (ReLU included). */
int zki_m_is_table_op(zki_op op);
/* The tag of nd's function table (0 for Relu), registering it on first use.
 * Returns: ZKI_OK, or an error naming the node (a value that does not fit). */
zki_status zki_m_table_tag(zki_mctx *c, const zki_node *nd, uint32_t *tag, int *ranged);

/* The ops of ops.c; each returns ZKI_OK or an error naming the node. */
zki_status zki_m_table_op(zki_mctx *c, const zki_node *nd);
zki_status zki_m_arith(zki_mctx *c, const zki_node *nd);   /* Add, Sub, Sum, Mean */
zki_status zki_m_mul(zki_mctx *c, const zki_node *nd);     /* Mul, Div (by a constant or a run-time tensor) */
zki_status zki_m_neg(zki_mctx *c, const zki_node *nd);
zki_status zki_m_prelu(zki_mctx *c, const zki_node *nd);
zki_status zki_m_batchnorm(zki_mctx *c, const zki_node *nd);
zki_status zki_m_reduce(zki_mctx *c, const zki_node *nd);  /* Reduce*, Global*Pool */
zki_status zki_m_pool(zki_mctx *c, const zki_node *nd);    /* MaxPool, AveragePool */
zki_status zki_m_softmax(zki_mctx *c, const zki_node *nd);
zki_status zki_m_argmax(zki_mctx *c, const zki_node *nd);  /* the index at scale 0 */
zki_status zki_m_move(zki_mctx *c, const zki_node *nd);    /* data movement */

/* 1 if the graph needs products of two run-time values (Mul of two tensors). */
int zki_m_needs_products(const zki_graph *g);

#endif
