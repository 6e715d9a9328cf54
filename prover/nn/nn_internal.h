/* Between the builder (nn.c) and its Poseidon gadget (nn_poseidon.c). Not public. */
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

/* nn_poseidon.c: the fixed round constants of the Poseidon rows (zki_nn_finish calls it
 * after the builder's own fixed values) and the gates. */
zki_status zki_nn_poseidon_finish(const zki_nn *nn, zki_cs *cs);
zki_status zki_nn_poseidon_constants(const zki_nn *nn, zki_cs *cs, const zki_nn_frow *rows, uint32_t n_rows);

#endif
