/* Cauchy matrix-vector products in a constraint DAG (internal to codegen/).
 *
 * A linear form is a node of the shape Σ_k c_k·X_k built as a left-deep chain of
 * additions of terms c_k·X_k (a multiplication of a constant node and any node, in either
 * order). Forms over the same ordered operands X_0..X_{m-1} make one group, a matrix-vector
 * product C·X. When C is a Cauchy matrix, C[j][k] = 1/(x_j + y_k) — as Poseidon's MDS
 * matrices are (docs/PROTOCOL.md §8.1) — the generator emits the product as two loops over
 * the 2·m-ish values x, y and one batch inversion instead of one 32-byte literal per
 * entry: the same field values, a fraction of the bytecode. The generator proves the
 * structure on the VK's own constants (every C[j][k]·(x_j + y_k) = 1 in Fr), so the
 * contract computes exactly the DAG's value; any group that fails a check stays inline.
 */
#ifndef ZKCG_CAUCHY_H
#define ZKCG_CAUCHY_H

#include <stdint.h>

#include "fr.h"
#include "cs.h"

/* Groups smaller than this (rows·cols entries) stay inline: the loops do not pay off. */
#define ZKCG_CAUCHY_MIN_ENTRIES 16
/* The longest form recognised (Poseidon in zkinfer has t ≤ 17). */
#define ZKCG_CAUCHY_MAX_COLS 64

typedef struct {
    uint32_t rows, cols;
    uint32_t root[ZKCG_CAUCHY_MAX_COLS];    /* the form's node per row, ascending */
    uint32_t operand[ZKCG_CAUCHY_MAX_COLS]; /* X_0..X_{cols-1} */
    zki_fr x[ZKCG_CAUCHY_MAX_COLS];         /* C[j][k] = 1/(x_j + y_k), y_0 = 0 */
    zki_fr y[ZKCG_CAUCHY_MAX_COLS];
} zkcg_cauchy;

/* Finds the Cauchy groups among the reachable nodes.
 * Returns: the number of groups (0 when none), or -1 on allocation failure.
 * In: cs; uses[i] (how many reachable nodes, gates or lookups read node i), reach[i].
 * Out: *groups (malloc'd, caller frees; NULL when none); group_of[i] = the group whose
 *      row i is, else -1; absorbed[i] = 1 for the chain and term nodes the group's loops
 *      replace (never read elsewhere: each has exactly one use). group_of and absorbed
 *      have cs->n_nodes entries. */
int64_t zkcg_cauchy_find(const zki_cs *cs, const uint32_t *uses, const uint8_t *reach, zkcg_cauchy **groups,
                         int32_t *group_of, uint8_t *absorbed);

#endif
