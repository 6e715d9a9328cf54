/* Between the builder (nn.c) and its gadgets in other files (nn_poseidon.c,
 * nn_matmul.c). Not public. */
#ifndef ZKI_NN_INTERNAL_H
#define ZKI_NN_INTERNAL_H

#include "nn.h"

/* A row whose advice cells hold field elements (not small integers): x_0..x_{W-1}. */
typedef struct {
    uint32_t row;
    uint32_t t;     /* Poseidon width of the row */
    uint32_t round; /* the round this row starts (UINT32_MAX: the final state) */
    zki_fr v[64];
} zki_nn_frow;

uint32_t zki_nn_i_new_row(zki_nn *nn);
uint32_t zki_nn_i_width(const zki_nn *nn);
uint32_t zki_nn_i_act_bits(const zki_nn *nn);
void zki_nn_i_fail(zki_nn *nn, zki_status st, const char *msg);
void zki_nn_i_copy(zki_nn *nn, zki_cell a, zki_cell b);
void zki_nn_i_set_fixed(zki_nn *nn, uint32_t row, uint32_t col, int64_t v);
/* The first fixed column after the builder's own (the Poseidon selectors start here). */
uint32_t zki_nn_i_fixed_base(const zki_nn *nn);
uint32_t zki_nn_i_col_c(const zki_nn *nn);
void zki_nn_i_push_public(zki_nn *nn, zki_wire w);
/* The field row for row (created, zeroed, on first use; rows must come in ascending
 * order). Returns NULL after a failure. */
zki_nn_frow *zki_nn_i_frow(zki_nn *nn, uint32_t row);
const zki_nn_frow *zki_nn_i_find_frow(const zki_nn *nn, uint32_t row);
uint32_t zki_nn_i_mask(const zki_nn *nn);

/* Advice and fixed cells of the rows being built (integers). */
void zki_nn_i_set_adv(zki_nn *nn, uint32_t row, uint32_t col, int64_t v);
int64_t zki_nn_i_fixed(const zki_nn *nn, uint32_t row, uint32_t col);
/* Places wire w's value into advice (col, row) and ties the two cells together. */
void zki_nn_i_use(zki_nn *nn, zki_wire w, uint32_t col, uint32_t row);
/* The first of the Freivalds selectors (the last three fixed columns but q_m4). */
uint32_t zki_nn_i_frei_base(const zki_nn *nn);
/* 1 if the builder was made with params.freivalds. */
int zki_nn_i_freivalds(const zki_nn *nn);

/* The Freivalds selectors: the last fixed columns (q_fm, q_fe, q_fd). */
#define ZKI_NN_FREI_FIXED 3

/* One zki_nn_matmul region: c_out Y chains then k X chains (and the ones chain when the
 * region made it), each b = ⌈p/W⌉ rows (chain i starts at row0 + i·b), then c_out dot
 * chains of k + 1 rows from d_row; ones_row: the top row of the ones chain it uses. */
typedef struct {
    uint32_t row0, d_row, ones_row;
    uint32_t c_out, k, b;
    int own_ones;
} zki_nn_mm;

/* A ones chain for products over p columns (shared by every product of that p). */
typedef struct {
    uint32_t p, row;
} zki_nn_ones;

/* The Freivalds state of a builder: its regions and the constant wires they copy. */
typedef struct {
    zki_nn_mm *mm;
    uint32_t n_mm, cap_mm;
    zki_nn_ones *ones;
    uint32_t n_ones, cap_ones;
    zki_wire one, zero; /* row UINT32_MAX: not made yet */
    uint32_t n;         /* rows of the emitted circuit (set by zki_nn_finish), 0 before */
} zki_nn_frei;

zki_nn_frei *zki_nn_i_frei(zki_nn *nn);
const zki_nn_frei *zki_nn_i_frei_c(const zki_nn *nn);

/* nn_matmul.c: declares the late columns and the challenge and adds the Freivalds
 * gates (zki_nn_finish calls it when a region was laid out). */
zki_status zki_nn_matmul_finish(const zki_nn *nn, zki_cs *cs);

/* max4 (nn_max4.c): the builder's column of q_m4 (its last fixed column; the circuit's
 * last too, which is the column zki_nn_finish passes below), whether params.max4 is
 * set, and the count of max4 rows (zki_nn_finish emits q_m4 only when it is > 0). */
uint32_t zki_nn_i_col_qm4(const zki_nn *nn);
int zki_nn_i_max4(const zki_nn *nn);
void zki_nn_i_count_max4(zki_nn *nn);
/* Fails with "<what> V outside the proven range [lo, hi)" (zki_nn_out_of_range). */
void zki_nn_i_fail_range(zki_nn *nn, const char *what, int64_t v, int64_t lo, int64_t hi);
/* Adds q_m4·(out − x_0) to *in_a and q_m4·(out − x_1) to *in_b (diff-a, diff-b's inputs);
 * col: q_m4's column in cs. */
void zki_nn_max4_extend(const zki_nn *nn, zki_cs *cs, uint32_t col, zki_expr *in_a, zki_expr *in_b);
/* Adds the max4 gate and the lookups diff-c, diff-d into t_d (the expression td). */
void zki_nn_max4_finish(const zki_nn *nn, zki_cs *cs, uint32_t col, zki_expr td);

/* nn_poseidon.c: the fixed round constants of the Poseidon rows (zki_nn_finish calls it
 * after the builder's own fixed values) and the gates. */
zki_status zki_nn_poseidon_finish(const zki_nn *nn, zki_cs *cs);
zki_status zki_nn_poseidon_constants(const zki_nn *nn, zki_cs *cs, const zki_nn_frow *rows, uint32_t n_rows);

#endif
