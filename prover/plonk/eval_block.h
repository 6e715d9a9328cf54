/* zki_plonk_eval_block: the combined constraint of zki_plonk_eval_constraints (plonk.h)
 * at a block of consecutive rows of one evaluation domain at once — the prover's
 * quotient loop.
 *
 * The single-point evaluator interprets the expression DAG once per row, with a getter
 * call per cell and a function call per field operation; here every node and every
 * constraint term is one loop over up to ZKI_PLONK_BLOCK rows through the element-wise
 * field operations (zki_fr_vmul, ...), and cells at rotation ρ point straight into the
 * column's values (copied only where the block wraps around the end of the domain).
 * Field arithmetic is exact, so the results equal the single-point evaluator's at every
 * row, bit for bit; a test pins that down on random values.
 */
#ifndef ZKI_PLONK_EVAL_BLOCK_H
#define ZKI_PLONK_EVAL_BLOCK_H

#include <stddef.h>

#include "plonk.h"

/* Rows per block: large enough to amortise the dispatch, small enough that a block's
 * node values stay in the core's cache. */
#define ZKI_PLONK_BLOCK 64

/* The n values of polynomial (kind, index) on the domain the block walks: row i at
 * index i (rotations are resolved modulo n by the evaluator). Instance columns too. */
typedef const zki_fr *(*zki_plonk_column_fn)(void *ctx, unsigned kind, uint32_t index);

/* Per-thread working memory (node values of one block and pointers to them). */
typedef struct {
    zki_fr *buf;       /* (n_nodes + ZKI_PLONK_BLOCK_TEMPS) · ZKI_PLONK_BLOCK */
    const zki_fr **vp; /* n_nodes: where node i's block of values is */
    uint32_t n_nodes;
} zki_plonk_block;

#define ZKI_PLONK_BLOCK_TEMPS 8

/* Returns: ZKI_OK, ZKI_ERR_NOMEM. Free with zki_plonk_block_free (also after a failure). */
zki_status zki_plonk_block_init(zki_plonk_block *b, const zki_cs *cs) __attribute__((warn_unused_result));
void zki_plonk_block_free(zki_plonk_block *b);

/* out[r] = the combined constraint (as zki_plonk_eval_constraints) at rows row + r of a
 * domain of cs->n points, r < count <= ZKI_PLONK_BLOCK, row + count <= cs->n.
 * x[r]: the point of row row + r; l0, llast, lblind: the selectors there (count each);
 * column(ctx, kind, index): the values of every polynomial the constraint reads.
 * delta_pows: δ^k for k < n_perm_cols. */
void zki_plonk_eval_block(const zki_cs *cs, const zki_plonk_layout *L, const zki_plonk_challenges *ch,
                          const zki_fr *delta_pows, zki_plonk_column_fn column, void *ctx, const zki_fr *x,
                          const zki_fr *l0, const zki_fr *llast, const zki_fr *lblind, size_t row, size_t count,
                          zki_plonk_block *b, zki_fr *out);

#endif
