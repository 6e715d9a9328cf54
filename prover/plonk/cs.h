/* zki_cs: a PLONKish constraint system (circuit description) over Fr.
 *
 * A circuit has n = 2^log_n rows and three kinds of columns:
 *   advice    witness values, committed per proof;
 *   fixed     selectors, constants, lookup tables, model weights; committed once (VK);
 *   instance  public inputs, known to the verifier.
 * and three kinds of constraints:
 *   gates     polynomial expressions over cells (column, rotation) that must vanish on
 *             every usable row;
 *   lookups   tuples of input expressions that must appear among the rows of a tuple of
 *             table expressions over fixed columns (proved with logUp);
 *   copies    equalities between any two cells of equality-enabled columns (proved
 *             with a permutation argument).
 *
 * Expressions form a DAG stored as a flat array of small nodes, each referring only to
 * earlier nodes, plus a table of constants. The same data drives the prover, the full
 * verifier, the light verifier (which interprets it from the VK) and the Solidity
 * generator (which compiles it), so it is plain data with no pointers.
 *
 * Late advice and challenges (a second phase, docs/PROTOCOL.md §4.1): the last
 * n_advice_late advice columns are committed only after n_challenges challenges have
 * been drawn from the transcript, so their values may depend on the challenges, which
 * expressions read as ZKI_EXPR_CHALLENGE nodes (degree 0). Both counts are zero, or
 * both positive (zki_cs_set_late).
 *
 * Usable rows: the last ZKI_CS_BLIND_ROWS + 1 rows are reserved (random advice for zero
 * knowledge, and the row where the permutation and lookup accumulators are checked), so
 * rows 0 .. zki_cs_usable_rows(cs) - 1 hold the circuit. Fixed columns are zero on the
 * reserved rows, and every gate must vanish when all fixed columns are zero (it must be
 * switched on by a selector); zki_cs_check_gates_gated() tests that property.
 */
#ifndef ZKI_CS_H
#define ZKI_CS_H

#include <stddef.h>
#include <stdint.h>

#include "fr.h"
#include "status.h"

/* Rows reserved for blinding at the end of the trace (plus one "last" row). Covers
 * the number of distinct points any advice polynomial is opened at, with margin. */
#define ZKI_CS_BLIND_ROWS 5

typedef enum {
    ZKI_COL_ADVICE = 0,
    ZKI_COL_FIXED = 1,
    ZKI_COL_INSTANCE = 2,
    /* not a column: the kind a zki_cell_getter is asked for to read challenge `col`
     * (row ignored) when it evaluates a ZKI_EXPR_CHALLENGE node */
    ZKI_COL_CHALLENGE = 3
} zki_col_kind;

/* At most this many challenges (docs/PROTOCOL.md §5). */
#define ZKI_CS_MAX_CHALLENGES 4

typedef enum {
    ZKI_EXPR_CONST = 0, /* consts[a] */
    ZKI_EXPR_CELL = 1,  /* column (kind, a) at rotation rot */
    ZKI_EXPR_ADD = 2,   /* node a + node b */
    ZKI_EXPR_SUB = 3,   /* node a - node b */
    ZKI_EXPR_MUL = 4,   /* node a * node b */
    ZKI_EXPR_NEG = 5,   /* -node a */
    ZKI_EXPR_CHALLENGE = 6 /* challenge a (a < n_challenges): degree 0, known to both sides */
} zki_expr_op;

/* One expression node: 12 bytes, the same layout in the VK. */
typedef struct {
    uint8_t op;   /* zki_expr_op */
    uint8_t kind; /* zki_col_kind, for ZKI_EXPR_CELL */
    int16_t rot;  /* rotation in rows, for ZKI_EXPR_CELL */
    uint32_t a, b;
} zki_expr_node;

typedef uint32_t zki_expr; /* index of a node */

typedef struct {
    uint8_t kind; /* zki_col_kind */
    uint32_t col;
    uint32_t row;
} zki_cell;

typedef struct {
    char name[32];
    uint32_t width;     /* number of columns in the tuple */
    zki_expr *inputs;   /* width input expressions */
    zki_expr *tables;   /* width table expressions (fixed columns, rotation 0) */
} zki_lookup;

typedef struct {
    char name[32];
    zki_expr root;
} zki_gate;

typedef struct {
    uint32_t log_n, n;
    uint32_t n_advice, n_fixed, n_instance;
    /* the last n_advice_late advice columns are late (second phase); n_challenges
     * challenges are drawn before them. Both zero, or both positive. */
    uint32_t n_advice_late, n_challenges;
    /* the opening scheme (docs/PROTOCOL.md §4.7): 0 = GWC multi-point batching
     * (zkinfer-plonk-v2, VK versions 1 and 2); P >= 1 = SHPLONK with the preprocessed
     * polynomials folded into packs of at most P (zkinfer-plonk-v3, VK version 3) */
    uint32_t shplonk;

    zki_expr_node *nodes;
    uint32_t n_nodes, cap_nodes;
    zki_fr *consts;
    uint32_t n_consts, cap_consts;

    zki_gate *gates;
    uint32_t n_gates, cap_gates;
    zki_lookup *lookups;
    uint32_t n_lookups, cap_lookups;

    /* equality-enabled columns, in the order they enter the permutation argument */
    zki_cell *perm_cols; /* row unused */
    uint32_t n_perm_cols, cap_perm_cols;
    /* copy constraints as pairs of cells */
    zki_cell *copies;
    uint32_t n_copies, cap_copies;

    /* fixed column values, n_fixed arrays of n values (zero-initialised) */
    zki_fr *fixed;
    /* set when an allocation failed inside a builder call; checked by validate */
    int oom;
} zki_cs;

/* Creates an empty circuit. Returns: ZKI_OK, ZKI_ERR_ARG (log_n < 3 or > 26), ZKI_ERR_NOMEM. */
zki_status zki_cs_init(zki_cs *cs, uint32_t log_n, uint32_t n_advice, uint32_t n_fixed,
                       uint32_t n_instance);
void zki_cs_free(zki_cs *cs);

/* Returns: the number of rows the circuit may use (n - ZKI_CS_BLIND_ROWS - 1). */
uint32_t zki_cs_usable_rows(const zki_cs *cs);

/* Expression builders. Each returns the new node's index; on allocation failure they
 * return 0 and set cs->oom (reported by zki_cs_validate). */
zki_expr zki_cs_const(zki_cs *cs, const zki_fr *c);
zki_expr zki_cs_const_i64(zki_cs *cs, int64_t c);
zki_expr zki_cs_cell(zki_cs *cs, zki_col_kind kind, uint32_t col, int rot);
zki_expr zki_cs_add(zki_cs *cs, zki_expr a, zki_expr b);
zki_expr zki_cs_sub(zki_cs *cs, zki_expr a, zki_expr b);
zki_expr zki_cs_mul(zki_cs *cs, zki_expr a, zki_expr b);
zki_expr zki_cs_neg(zki_cs *cs, zki_expr a);
/* The value of challenge i (call zki_cs_set_late first; i < n_challenges, else the
 * node is invalid and zki_cs_validate reports ZKI_ERR_ARG). */
zki_expr zki_cs_challenge(zki_cs *cs, uint32_t i);

/* Declares the last n_late advice columns late and n_challenges challenges drawn before
 * them (both zero: a one-phase circuit). Returns: ZKI_OK; ZKI_ERR_ARG (n_late >
 * n_advice, n_challenges > ZKI_CS_MAX_CHALLENGES, or one count zero and not the other). */
zki_status zki_cs_set_late(zki_cs *cs, uint32_t n_late, uint32_t n_challenges);

/* At most this many preprocessed polynomials per pack (docs/PROTOCOL.md §4.7). */
#define ZKI_CS_MAX_PACK 256

/* Selects the opening scheme: pack = 0 GWC (the default), 1 <= pack <= ZKI_CS_MAX_PACK
 * SHPLONK with packs of at most `pack` preprocessed polynomials.
 * Returns: ZKI_OK; ZKI_ERR_ARG (pack too large). */
zki_status zki_cs_set_shplonk(zki_cs *cs, uint32_t pack);

/* Constraints. name is copied (truncated to 31 bytes). */
zki_status zki_cs_gate(zki_cs *cs, const char *name, zki_expr root);
zki_status zki_cs_lookup(zki_cs *cs, const char *name, uint32_t width, const zki_expr *inputs,
                         const zki_expr *tables);
/* Enables copy constraints on a column (idempotent). */
zki_status zki_cs_enable_equality(zki_cs *cs, zki_col_kind kind, uint32_t col);
/* Requires cell a == cell b; both columns must be equality-enabled. */
zki_status zki_cs_copy(zki_cs *cs, zki_cell a, zki_cell b);
/* Sets a fixed cell. Returns: ZKI_ERR_ARG outside the usable rows. */
zki_status zki_cs_set_fixed(zki_cs *cs, uint32_t col, uint32_t row, const zki_fr *v);

/* Copies the description of src (sizes, expressions, gates, lookups, equality columns)
 * into dst without fixed values or copy constraints: what a verifying key holds.
 * Returns: ZKI_OK, ZKI_ERR_NOMEM (dst is then freed). */
zki_status zki_cs_clone_desc(zki_cs *dst, const zki_cs *src);

/* Returns: the degree of expression e in the column polynomials (cells count 1). */
unsigned zki_cs_expr_degree(const zki_cs *cs, zki_expr e);

/* Checks the description is well formed: node operands refer to earlier nodes, columns
 * and rotations in range, challenges declared, lookup tables use fixed columns at
 * rotation 0 only (no challenges), copies on enabled columns in usable rows, no earlier
 * allocation failure.
 * Returns: ZKI_OK, ZKI_ERR_ARG, ZKI_ERR_NOMEM. */
zki_status zki_cs_validate(const zki_cs *cs);

/* Gathers the cell values an expression needs and evaluates it at one row.
 * get(ctx, kind, col, row) returns a pointer to the cell's value; rows wrap mod n.
 * A challenge node asks get(ctx, ZKI_COL_CHALLENGE, i, 0). */
typedef const zki_fr *(*zki_cell_getter)(void *ctx, zki_col_kind kind, uint32_t col, uint32_t row);
/* Evaluates every node up to and including e at `row` into scratch (>= e + 1 entries),
 * returns the value of e in *out. */
void zki_cs_eval_row(const zki_cs *cs, zki_expr e, uint32_t row, zki_cell_getter get, void *ctx,
                     zki_fr *scratch, zki_fr *out);

#endif
