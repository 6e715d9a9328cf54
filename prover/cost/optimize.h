/* zki_layout_optimize: the layout optimizer, after ZKML (Chen et al., EuroSys '24),
 * Algorithm 1, adapted to this compiler.
 *
 * ZKML enumerates gadget implementations per layer and column counts, simulates the
 * exact layout of each candidate and prices it with a cost model measured on the
 * machine. Here the layout choices the compiler exposes are the number of
 * multiply-accumulates per row (settings.width): it sets the advice columns (W + 2 and
 * more), the rows every dot product takes (⌈len/W⌉), hence n = 2^k, and every cost that
 * follows; the gadget of convolutions (settings.freivalds: dot products, or a
 * Freivalds-checked product per Conv where that takes fewer rows, which adds two late
 * advice columns, three fixed columns, their equality columns and a challenge); and the
 * gadget of maxima (settings.max4: a max of n values in ⌈(n−1)/3⌉ four-input rows
 * rather than n − 1 two-input ones, which adds a fixed column, a gate and two lookups).
 * The candidates are width × freivalds {off, on} × max4 {off, on}; freivalds "on" only
 * for a graph with a Conv and fixed parameters, max4 "on" only for one with a MaxPool,
 * GlobalMaxPool, ReduceMax, Softmax or ArgMax (elsewhere they lay out the same circuit as
 * "off"), and an "on" candidate whose layout uses no Freivalds product (no max4 row) is
 * dropped as a duplicate. Each layout is then tried with every opening scheme
 * (settings.shplonk, docs/PROTOCOL.md §4.7): GWC, and SHPLONK with packs of at most 2,
 * 4, D − 1 (no pack longer than the quotient: the SRS and the opening MSMs keep their
 * length), 8, 16, all (ZKI_CS_MAX_PACK) and the base settings' own P; a pack limit that
 * packs exactly as a smaller one (preprocessed and witness packs) is dropped. The scheme
 * changes neither rows nor columns: SHPLONK trades prover work (one (D−1)·n-point
 * quotient MSM, a full t·n-point MSM per witness pack of t > 1 instead of small-scalar
 * column commitments, two opening MSMs of the longest opened polynomial, the divisions)
 * for a verifier with K + 2 ecMul instead of one per commitment, and a proof with one
 * commitment per witness pack and [T], [W], [W'] instead of one per column and
 * (D − 1) + #points. For each
 * candidate the circuit is built without any key (the model
 * builder lays out every row; zki_model_build with a zero input), its exact shape goes
 * to zki_estimate_circuit, and the candidate with the smallest objective wins:
 *   ZKI_OBJ_TIME  estimated prove time (the default),
 *   ZKI_OBJ_SIZE  proof bytes (ties: time),
 *   ZKI_OBJ_GAS   a caller's price (the EVM gas model lives with the Solidity generator,
 *                 outside the library): zki_layout_cost_fn.
 * Candidates that fail to build (a width too small for hashed visibility, more than
 * 2^24 rows) are kept in the table with their status and never chosen.
 */
#ifndef ZKI_OPTIMIZE_H
#define ZKI_OPTIMIZE_H

#include "estimate.h"
#include "graph.h"
#include "model.h"

typedef enum { ZKI_OBJ_TIME = 0, ZKI_OBJ_SIZE, ZKI_OBJ_GAS } zki_objective;

/* A caller's objective for ZKI_OBJ_GAS: the price of the circuit cs (smaller wins). */
typedef double (*zki_layout_cost_fn)(void *ctx, const zki_cs *cs, uint32_t n_public, const zki_estimate *e);

typedef struct {
    uint32_t width;
    int freivalds;       /* settings.freivalds of the candidate */
    int max4;            /* settings.max4 of the candidate */
    uint32_t shplonk;    /* settings.shplonk of the candidate: 0 GWC, else the pack limit */
    zki_status status;   /* ZKI_OK, or why the candidate was not built */
    uint32_t rows;       /* rows the layout fills (of est.usable) */
    zki_estimate est;    /* valid when status == ZKI_OK */
    double objective;    /* the objective's value (seconds, bytes, or the caller's unit) */
    double capped;       /* with a cap: the capped quantity (e.g. EVM execution gas) */
    int over_cap;        /* with a cap: 1 when capped > the cap (never chosen) */
} zki_layout_candidate;

/* An upper bound on a second quantity, whatever the objective: candidates whose
 * fn(ctx, ...) exceeds max are never chosen (e.g. "the fastest layout whose EVM
 * verifier costs at most 300,000 gas"). */
typedef struct {
    zki_layout_cost_fn fn;
    void *ctx;
    double max;
} zki_layout_cap;

/* The candidate widths tried, ascending; *count receives their number. */
const uint32_t *zki_layout_widths(size_t *count);

/* Builds the circuit of g under settings s (a zero input) and returns its description.
 * Out: cs (zki_cs_free), *n_public, *rows_used (the rows the layout fills; may be NULL).
 * A circuit with Freivalds products has cs->n_advice_late > 0.
 * Returns: as zki_model_build and zki_nn_finish. */
zki_status zki_layout_build(zki_cs *cs, uint32_t *n_public, uint32_t *rows_used, const zki_graph *g,
                            const zki_model_settings *s) __attribute__((warn_unused_result));

/* The most candidates zki_layout_optimize fills: four layouts (freivalds, max4) times
 * eight opening schemes per width of zki_layout_widths. */
size_t zki_layout_max_candidates(void);

/* Tries every width of zki_layout_widths, each with freivalds and max4 off and (where
 * they can change the circuit) on, each layout with the opening schemes above, the rest
 * of base unchanged.
 * Out: cand (caller's array of at least zki_layout_max_candidates()), *n_cand, *best
 *      (index of the chosen candidate; ties go to the earlier: the smaller width, then
 *      freivalds off, then max4 off, then GWC, then the smaller pack limit).
 * cap: NULL, or a bound on a second quantity (see zki_layout_cap).
 * Returns: ZKI_OK; ZKI_ERR_ARG (bad arguments, or ZKI_OBJ_GAS without cost_fn); the
 *          first candidate's error when none builds; ZKI_ERR_SIZE when candidates build
 *          but none is within the cap (*best is then the one with the smallest capped
 *          value, and the table is filled). */
zki_status zki_layout_optimize(zki_layout_candidate *cand, size_t *n_cand, size_t *best, const zki_graph *g,
                               const zki_model_settings *base, const zki_cost_model *m, zki_objective obj,
                               zki_layout_cost_fn cost_fn, void *cost_ctx, const zki_layout_cap *cap)
    __attribute__((warn_unused_result));

#endif
