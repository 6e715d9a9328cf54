/* zki_nn: a circuit builder for quantized neural-network layers.
 *
 * Layers are written as operations on "wires" (advice cells holding integers); the
 * builder appends rows as it goes, computes the witness at the same time, and at the
 * end chooses n = 2^k for the rows used and emits a zki_cs plus its advice columns.
 *
 * Columns (W = width, chosen at init):
 *   advice  x_0..x_{W-1}      inputs of multiply-accumulate rows / generic slots
 *           acc, out          running sum in, result out
 *   fixed   w_0..w_{W-1}      weights of the row (model parameters live in the VK)
 *           q_mac, q_end      selectors: continue a dot product / finish it
 *           q_rs, q_max       rescale row, max row
 *           q_fn, q_div       function-application row, division row
 *           tag               the function table a q_rs / q_fn row uses (0: ReLU)
 *           k, h              2^s and 2^(s-1) for the rescale row
 *           c                 constants (biases), equality-enabled
 *           t_r               range table 0..2^s-1;  t_d  range table 0..2^b-1
 *           t_tag, t_in, t_out  the function tables: for each tag (0 = ReLU, then every
 *                             table registered with zki_nn_table) and each t in
 *                             [-2^(b-1), 2^(b-1)): (tag, t, f_tag(t))
 * Gates:
 *   mac:  q_mac·(acc[+1] − acc − Σ x_j·w_j) = 0
 *   end:  q_end·(out − acc − Σ x_j·w_j) = 0
 *   rs:   q_rs·(x_0 + h − x_1·k − x_2) = 0         x_0 = a, x_1 = d, x_2 = r, x_3 = f(d)
 *   max:  q_max·(x_2 − x_0)·(x_2 − x_1) = 0          x_2 = max(x_0, x_1)
 *   div:  q_div·(x_0 − x_1·x_2 − x_3) = 0            num, den, quotient, remainder
 *   with products (params.products), fixed q_pmac, q_pend after the others:
 *   pmac: q_pmac·(acc[+1] − acc − Σ_{j<W/2} x_2j·x_2j+1) = 0
 *   pend: q_pend·(out − acc − Σ_{j<W/2} x_2j·x_2j+1) = 0
 *   with Freivalds products (params.freivalds, used by zki_nn_matmul): late advice S, A
 *   (the last two advice columns, filled by zki_nn_late once the challenge d = c_0 is
 *   drawn), fixed q_fm, q_fe, q_fd (the last three fixed columns but q_m4); h = x_0 + d·(x_1 +
 *   d·(… + d·x_{W−1})):
 *   frei_mac:  q_fm·(A − A[+1] − S·h) = 0
 *   frei_step: q_fm·(S[+1] − S·d^W) = 0
 *   frei_end:  q_fe·(A − S·h) = 0
 *   frei_dot:  q_fd·(A − A[+1] − w_0·S) = 0
 *   A circuit in which no zki_nn_matmul was laid out has none of these columns, gates
 *   or the challenge, whatever params.freivalds says.
 *   with the four-input max (params.max4, used by zki_nn_max4): fixed q_m4 (the last
 *   fixed column), x_0..x_3 = a, b, c, d, out = m:
 *   max4: q_m4·(out − x_0)·(out − x_1)·(out − x_2)·(out − x_3) = 0   (degree 5)
 *   A circuit without a max4 row has neither q_m4, nor this gate, nor the q_m4 terms of
 *   diff-a / diff-b, nor diff-c / diff-d, whatever params.max4 says.
 * Lookups:
 *   remainder: q_rs·x_2 ∈ t_r                         (0 <= r < 2^s)
 *   function:  (tag, q_rs·x_1 + q_fn·x_0 + q_div·x_2, q_rs·x_3 + q_fn·x_1 + q_div·x_2)
 *              ∈ (t_tag, t_in, t_out): the rescaled value is in range and x_3 = f(d); an
 *              applied function's input is in range and x_1 = f(x_0); a quotient q has
 *              (0, q, q) in the ReLU table, so 0 <= q < 2^(b-1)
 *   diff-a:    q_max·(x_2 − x_0) + q_div·x_3 [+ q_m4·(out − x_0)] ∈ t_d
 *   diff-b:    q_max·(x_2 − x_1) + q_div·(x_1 − 1 − x_3) [+ q_m4·(out − x_1)] ∈ t_d
 *              (max: both differences in [0, 2^b), and the max is one of them by the gate;
 *              division: 0 <= r < den, so den >= 1 and the quotient is exact)
 *   with max4 rows:  diff-c: q_m4·(out − x_2) ∈ t_d,  diff-d: q_m4·(out − x_3) ∈ t_d
 *              (the soundness argument: prover/nn/nn_max4.c)
 * Copies tie every wire use to the cell that produced it.
 *
 * Rounding: y = floor((a + 2^(s-1)) / 2^s), i.e. round half up, on exact integers; the
 * reference engine must use the same rule bit for bit.
 */
#ifndef ZKI_NN_H
#define ZKI_NN_H

#include <stdint.h>

#include "cs.h"

typedef struct {
    uint32_t col; /* advice column */
    uint32_t row;
} zki_wire;

typedef struct zki_nn zki_nn;

typedef struct {
    uint32_t width;     /* W: multiply-accumulates per row (1..64) */
    uint32_t scale;     /* s: fixed-point bits of activations and parameters (1..16) */
    uint32_t act_bits;  /* b: activations after rescale lie in [-2^(b-1), 2^(b-1)) */
    int products;       /* 1: enable zki_nn_dot_wires (two more fixed columns, two gates) */
    int freivalds;      /* 1: enable zki_nn_matmul (two late advice columns, three fixed columns,
                         * four gates and one challenge, emitted only if a matmul is laid out) */
    int max4;           /* 1: enable zki_nn_max4 (one fixed column, a gate and two lookups,
                         * emitted only if a max4 row is laid out); needs width >= 4 */
} zki_nn_params;

/* Creates a builder. Returns: NULL on bad parameters or no memory. */
zki_nn *zki_nn_new(const zki_nn_params *p);
void zki_nn_free(zki_nn *nn);

/* A public input wire (its value is a public input of the proof) or a private one. */
zki_wire zki_nn_input(zki_nn *nn, int64_t value, int is_public);

/* y = bias + Σ x_i·w_i over n terms (wires x, constant weights w, constant bias), at
 * scale 2s; the result wire is not rescaled. */
zki_wire zki_nn_dot(zki_nn *nn, const zki_wire *x, const int64_t *w, uint32_t n, int64_t bias);

/* y = bias + Σ x_i·w_i over n terms where both x and w are wires (private parameters,
 * or products of activations); bias is a wire or NULL (0). Needs params.products.
 * W/2 products per row (the x columns in pairs). The result is not rescaled. */
zki_wire zki_nn_dot_wires(zki_nn *nn, const zki_wire *x, const zki_wire *w, uint32_t n, const zki_wire *bias);

/* Y = W·X + b checked by Freivalds' method (needs params.freivalds): X is a k × p
 * matrix of wires (x[i·p + j]; padding: zki_nn_zero), W a c_out × k matrix of constant
 * weights (w[o·k + i]), b c_out constant biases (NULL: none). Out: y[o·p + j], the
 * c_out × p results at scale 2s, not rescaled (as zki_nn_dot's). The results are new
 * wires; with one challenge d drawn after them and X, the circuit checks for every o
 *   H_o = Σ_j d^j·Y_oj  ==  Σ_{i<k+1} W'_oi·G_i,   G_i = Σ_j d^j·X'_ij
 * (X' = X with a row of ones appended, W' = W with b as that row's weights), which a
 * wrong Y_o passes with probability below p/r. Rows: zki_nn_matmul_rows_in (before
 * the call). Layout: prover/nn/nn_matmul.c.
 * Returns: ZKI_OK; ZKI_ERR_ARG (no params.freivalds, a zero dimension, a result that
 * overflows 64 bits); ZKI_ERR_NOMEM; ZKI_ERR_SIZE (over 2^24 rows); or the builder's
 * earlier error. The builder records the failure as any other call does. */
zki_status zki_nn_matmul(zki_nn *nn, const zki_wire *x, const int64_t *w, const int64_t *b, uint32_t c_out,
                         uint32_t k, uint32_t p, zki_wire *y) __attribute__((warn_unused_result));

/* Returns: the rows zki_nn_matmul lays out at width W for these sizes in a builder
 * that has made a product (so its constants 0 and 1) but none over p columns:
 *   (c_out + k + 1)·⌈p/W⌉ + c_out·(k + 1), or UINT64_MAX for a zero argument.
 * (Products over the same p share the row of ones: k instead of k + 1 chains.) */
uint64_t zki_nn_matmul_rows(uint32_t width, uint32_t c_out, uint32_t k, uint32_t p);

/* Returns: exactly the rows zki_nn_matmul(nn, ..., c_out, k, p, ...) would add now (its
 * chains, a ones chain if none over p exists, the constants not made yet), or
 * UINT64_MAX for a zero argument. */
uint64_t zki_nn_matmul_rows_in(const zki_nn *nn, uint32_t c_out, uint32_t k, uint32_t p);

/* The wire of the constant 0 (made on first use, one row; the padding of zki_nn_matmul). */
zki_wire zki_nn_zero(zki_nn *nn);

/* Fills the late advice columns S, A of `advice` (as zki_nn_finish returned it: n_advice
 * columns of n values, column-major; the early columns are read, as zki_prove_late
 * passes them) for the challenges c_0.. (only c_0 = d is used): every row of every
 * zki_nn_matmul region. Call after zki_nn_finish.
 * Returns: ZKI_OK; ZKI_ERR_ARG (not finished, or a circuit without late columns). */
zki_status zki_nn_late(const zki_nn *nn, const zki_fr *challenges, zki_fr *advice) __attribute__((warn_unused_result));

/* zki_nn_late in the shape of zki_late_fn (prover/plonk/prove.h): ctx is the builder. */
zki_status zki_nn_late_fn(void *ctx, const zki_fr *challenges, zki_fr *advice);

/* Returns: 1 if the circuit zki_nn_finish emits has late columns (a matmul was laid out). */
int zki_nn_has_late(const zki_nn *nn);

/* y = relu?(round(a / 2^s)) (relu = 1) or round(a / 2^s) (relu = 0). */
zki_wire zki_nn_rescale(zki_nn *nn, zki_wire a, int relu);

/* y = f_tag(round(a / 2^s)) (tag 0: ReLU), one row. */
zki_wire zki_nn_rescale_fn(zki_nn *nn, zki_wire a, uint32_t tag);

/* Registers a function table: values[i] = f(i − 2^(b−1)) for i in [0, 2^b) (copied);
 * ZKI_NN_ABSENT leaves an input out of the table (f does not fit there): applying f to
 * it fails the build, and no proof can claim a value for it.
 * Returns: its tag (>= 1), or 0 after a failure (zki_nn_status says why). */
#define ZKI_NN_ABSENT INT64_MIN
uint32_t zki_nn_table(zki_nn *nn, const int64_t *values);

/* y = f_tag(x) for x in [-2^(b-1), 2^(b-1)) (a value outside fails the build), one row. */
zki_wire zki_nn_apply(zki_nn *nn, zki_wire x, uint32_t tag);

/* y = floor(num / den) for num >= 0 and 1 <= den <= 2^b, with 0 <= y < 2^(b-1), one row. */
zki_wire zki_nn_div(zki_nn *nn, zki_wire num, zki_wire den);

/* A wire holding the constant v (tied to a fixed cell), one row. */
zki_wire zki_nn_const(zki_nn *nn, int64_t v);

/* Declares the Poseidon state widths t (bit t of mask, 2 <= t <= 16 and t <= width) the
 * circuit will use; call before adding any row. Returns: ZKI_OK, ZKI_ERR_ARG. */
zki_status zki_nn_poseidon_widths(zki_nn *nn, uint32_t mask);

/* h = zki_poseidon_hash_vec of the n wires (prover/core/poseidon.h: circomlib's
 * Poseidon, chunks of 15 then 14), proved round by round: one row per round holds the
 * state in x_0..x_{t-1}, the round constants in w_0..w_{t-1}, and for each width t a
 * full-round and a partial-round selector; the gate (degree 6) is
 *   (q_f + q_p)·x_j[+1] = Σ_k M_jk·S_k,  S_0 = (q_f + q_p)·(x_0 + w_0)^5,
 *   S_k = q_f·(x_k + w_k)^5 + q_p·(x_k + w_k)  (k >= 1),  for every j < t.
 * The widths used must have been declared. Returns the wire of h. */
zki_wire zki_nn_poseidon_vec(zki_nn *nn, const zki_wire *x, size_t n);

/* Makes w a public input (placed with the inputs, before the outputs). */
void zki_nn_expose(zki_nn *nn, zki_wire w);

/* The widths zki_nn_poseidon_vec uses for n values (a mask for zki_nn_poseidon_widths). */
uint32_t zki_nn_poseidon_mask(size_t n);

/* y = max(a, b), one row (needs width >= 3). a and b must be activations: values that
 * lie in [-2^(b-1), 2^(b-1)) in every witness (outputs of a rescale, a function table, a
 * max, or range-checked inputs); the proof of the max relies on it. */
zki_wire zki_nn_max(zki_nn *nn, zki_wire a, zki_wire b);

/* m = max(a, b, c, d), one row (needs params.max4). The inputs must be activations as
 * for zki_nn_max; a value outside [-2^(b-1), 2^(b-1)) in this witness fails the build
 * (zki_nn_out_of_range). Repeat an input for a max of two or three. Layout and
 * soundness: prover/nn/nn_max4.c. */
zki_wire zki_nn_max4(zki_nn *nn, zki_wire a, zki_wire b, zki_wire c, zki_wire d);

/* y = max of the n >= 1 wires x (activations, as for zki_nn_max), as a chain: with
 * params.max4, m = max4(m, x_i, x_i+1, x_i+2) takes three new values per row (a last
 * group of two repeats one, a last single value takes a zki_nn_max row); without it one
 * zki_nn_max row per value. Rows: zki_nn_max_n_rows(params.max4, n). n = 1 returns
 * x[0] and adds no row; n = 0 fails the build. */
zki_wire zki_nn_max_n(zki_nn *nn, const zki_wire *x, size_t n);

/* Returns: the rows zki_nn_max_n lays out for n values: ⌈(n − 1)/3⌉ with max4, n − 1
 * without (0 for n <= 1). */
uint64_t zki_nn_max_n_rows(int max4, size_t n);

/* Marks a wire as a public output (a public input of the proof, after the inputs). */
void zki_nn_output(zki_nn *nn, zki_wire y);

/* The value a wire holds in the witness. */
int64_t zki_nn_value(const zki_nn *nn, zki_wire w);

/* Returns: ZKI_OK, or the first error a builder call met (a value outside the range
 * the gadgets can prove gives ZKI_ERR_ARG with zki_nn_error's text naming it). */
zki_status zki_nn_status(const zki_nn *nn);
const char *zki_nn_error(const zki_nn *nn);

/* Returns: 1 if the builder's first error was a value outside the range a gadget can
 * prove (an activation after rescale, a function-table input, a quotient): its text
 * reads "<what> V outside the proven range [lo, hi)"; 0 otherwise. */
int zki_nn_out_of_range(const zki_nn *nn);

/* Number of rows used so far. */
uint32_t zki_nn_rows(const zki_nn *nn);

/* Emits the circuit: chooses log_n, builds cs, the advice columns (n_advice·n,
 * malloc'd, caller frees) and the public inputs (malloc'd; inputs then outputs).
 * With late columns (zki_nn_has_late) their values are left zero: zki_nn_late fills
 * them once the challenge is known (zki_prove_late with zki_nn_late_fn); the builder
 * must then live until the proof is made.
 * Returns: ZKI_OK, ZKI_ERR_NOMEM, ZKI_ERR_SIZE (more than 2^24 rows), or the builder's
 * first error. */
zki_status zki_nn_finish(zki_nn *nn, zki_cs *cs, zki_fr **advice, zki_fr **pub, uint32_t *n_pub);

#endif
