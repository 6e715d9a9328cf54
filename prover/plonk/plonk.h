/* The zkinfer PLONKish argument: what the prover, the full verifier, the light verifier
 * and the Solidity generator must agree on (docs/PROTOCOL.md, "Proof system").
 *
 *   zki_plonk_layout   derived from a circuit description alone: the constraint degree
 *                      D, the extended-domain factor, the number of permutation chunks,
 *                      the canonical list of opening queries (polynomial, rotation) and
 *                      the distinct opening points, hence the proof's exact shape.
 *                      The quotient is not a query: its value at ζ is derived by the
 *                      verifier, T(ζ) = C(ζ)/Z_H(ζ), and the combination
 *                      T = Σ_i ζ^(n·i)·T'_i is opened at ζ as the last term of ζ's batch
 *                      (docs/PROTOCOL.md §4.5).
 *   zki_plonk_eval_constraints
 *                      the one definition of the combined constraint Σ y^i C_i(x). The
 *                      verifier calls it once at ζ with opened values; the prover calls
 *                      it at every point of the extended coset. Keeping one function is
 *                      what keeps the two in step.
 *
 * Rows (n = 2^k): 0..u-1 usable (u = n - B - 1, B = ZKI_CS_BLIND_ROWS), row u "last",
 * rows u+1..n-1 random blinding. Selectors: l0 = L_0, llast = L_u, lblind = Σ_{i>u} L_i,
 * lactive = 1 - llast - lblind.
 */
#ifndef ZKI_PLONK_H
#define ZKI_PLONK_H

#include "cs.h"

/* Kinds of polynomials that appear in queries and commitments. */
typedef enum {
    ZKI_P_ADVICE = 0,
    ZKI_P_FIXED = 1,
    ZKI_P_INSTANCE = 2, /* never opened: the verifier computes it from public inputs */
    ZKI_P_SIGMA = 3,    /* permutation polynomial of equality column k */
    ZKI_P_Z = 4,        /* permutation grand-product chunk j */
    ZKI_P_M = 5,        /* logUp multiplicities of lookup l */
    ZKI_P_PHI = 6,      /* logUp running sum of lookup l */
    ZKI_P_T = 7,        /* quotient chunk i: committed, never a query (see t_vpow) */
    ZKI_P_CHALLENGE = 8, /* not a polynomial: the kind a zki_plonk_getter is asked for to
                          * read challenge `index` (rotation 0) for a challenge node */
    ZKI_P_PACK = 9,      /* SHPLONK (v3) only: preprocessed pack g, committed in the VK,
                          * never a query itself (its members are) */
    ZKI_P_WPACK = 10     /* SHPLONK (v3) only: witness pack w, committed in the proof,
                          * never a query itself (its members are) */
} zki_poly_kind;

/* SHPLONK (v3) only: a pack, and one committed polynomial of the opening, in the order
 * of docs/PROTOCOL.md §4.7 (the witness packs of S1 and S2 with a nonempty set, the
 * preprocessed packs, the witness packs of S3, then the quotient T). Its opening set is
 * Z(X) = Π_{ρ in rots} (X^t − ζ·ω^ρ); a pack's members are
 * L->pack_members[member_first .. member_first + t): fixed columns and σ's for
 * ZKI_P_PACK, advice, m, z and φ for ZKI_P_WPACK. A pack of one member is that member. */
typedef struct {
    uint8_t kind;          /* ZKI_P_WPACK, ZKI_P_PACK, ZKI_P_T */
    uint32_t index;        /* pack w or g; 0 for T */
    uint32_t t;            /* members (1 for T) */
    uint32_t n_rot;        /* rotations, ascending, at L->open_rots[rot_first ..]; a
                            * witness pack no constraint reads has none (not opened) */
    uint32_t rot_first;
    uint32_t member_first; /* packs: first member in L->pack_members */
} zki_plonk_open;

/* A member of a pack: a fixed column (ZKI_P_FIXED) or a σ (ZKI_P_SIGMA) of a
 * preprocessed pack; an advice column, m, z or φ of a witness pack. */
typedef struct {
    uint8_t kind;
    uint32_t index;
} zki_plonk_member;

typedef struct {
    uint8_t kind; /* zki_poly_kind */
    uint32_t index;
    int32_t rot; /* opening point ζ·ω^rot */
} zki_query;

typedef struct {
    uint32_t log_n, n, usable, blind;
    uint32_t degree;        /* D: max degree of any constraint, >= 3 */
    uint32_t ext_log;       /* the quotient is computed on a coset of size n << ext_log */
    uint32_t chunk;         /* equality columns per permutation product: D - 2 */
    uint32_t n_z;           /* permutation products: ceil(n_perm_cols / chunk) */
    uint32_t n_t;           /* quotient chunks: D - 1 */
    int32_t rot_last;       /* rotation of row u from row 0: -(B + 1) */
    zki_query *queries;     /* canonical order, see zki_plonk_layout_init: one claimed
                             * evaluation each in the proof */
    uint32_t n_queries;
    int32_t *points;        /* distinct rotations, ascending; 0 (the point ζ) always */
    uint32_t n_points;
    uint32_t t_vpow;        /* queries at rotation 0: in ζ's batch the combined quotient
                             * Σ_i ζ^(n·i)·T'_i follows them, with weight v^t_vpow */
    uint32_t n_public;      /* public inputs in total (instance rows 0.. of each column) */
    uint32_t *public_per_col;
    /* SHPLONK (cs->shplonk = P > 0, zkinfer-plonk-v3, docs/PROTOCOL.md §4.7); all zero
     * for GWC. The quotient is one commitment [T] of n_t·n coefficients. */
    uint32_t shplonk;       /* P, the pack limit; 0: GWC */
    zki_plonk_open *opens;  /* n_opens: every committed polynomial opened, in order */
    uint32_t n_opens;
    uint32_t n_packs;       /* preprocessed packs g = 0 .. n_packs-1 (VK commitments) */
    uint32_t pack_max_t;    /* the largest pack's member count, preprocessed or witness
                             * (0 without packs) */
    zki_plonk_member *pack_members; /* witness packs' members first (S1, S2, S3 order),
                                     * then the preprocessed packs' */
    int32_t *open_rots;
    /* witness packs w = 0 .. n_wpacks-1, one proof commitment each, in proof order:
     * S1's are [0, wpack_seq_end[0]), S2's [wpack_seq_end[0], wpack_seq_end[1]) (none
     * without late columns), S3's [wpack_seq_end[1], wpack_seq_end[2] = n_wpacks) */
    zki_plonk_open *wpacks;
    uint32_t n_wpacks;
    uint32_t wpack_seq_end[3];
    uint32_t n_queries_gwc; /* the §4.5 queries' count (the queries of GWC): the
                             * witness packs add rotations to it */
} zki_plonk_layout;

/* Derives the layout. Queries, in this order: advice columns (each at every rotation
 * any expression reads it, ascending), fixed columns (likewise), σ_k at 0, z_j at 0 and
 * 1 and, for j < n_z - 1, at rot_last; m_l at 0; φ_l at 0 and 1. The quotient chunks
 * are not queries (see t_vpow); rotation 0 is an opening point even when no query reads
 * it, for the quotient. SHPLONK (§4.7): the witness packs first, then every advice, z,
 * m and φ is queried at each rotation of its pack's set instead, ascending (z_j too:
 * rot_last, 0, 1), in the same kind and index order.
 * public_per_col[j] = number of public inputs in instance column j (copied).
 * Returns: ZKI_OK, ZKI_ERR_ARG (invalid circuit, D too large, or an advice column read at
 * more than ZKI_CS_BLIND_ROWS - 1 rotations, which its blinding rows could not hide),
 * ZKI_ERR_NOMEM. */
zki_status zki_plonk_layout_init(zki_plonk_layout *L, const zki_cs *cs, const uint32_t *public_per_col);
void zki_plonk_layout_free(zki_plonk_layout *L);

/* SHPLONK (v3): the G1 powers an SRS needs for this layout: max(pack_max_t, n_t)·n + 1
 * (commitments to the packs, preprocessed and witness, and to the whole quotient, and
 * the two opening witnesses); n + 1 for GWC. */
size_t zki_plonk_srs_need(const zki_plonk_layout *L);

/* SHPLONK: 1 when opened polynomials a and b of L share (t, rotation set), hence the
 * vanishing polynomial Z of their opening set; else 0. */
int zki_plonk_same_open_set(const zki_plonk_layout *L, const zki_plonk_open *a, const zki_plonk_open *b);

/* Returns: the index of query (kind, index, rot) in L->queries, or -1. */
int zki_plonk_query_index(const zki_plonk_layout *L, unsigned kind, uint32_t index, int32_t rot);
/* Returns: the index of rotation rot in L->points, or -1. */
int zki_plonk_point_index(const zki_plonk_layout *L, int32_t rot);

/* Number of bytes of a proof for this layout: commitments (64 bytes each) for advice,
 * m, z, φ, the D - 1 quotient chunks and the opening witnesses (one per point), and
 * 32 bytes per query (no evaluation of a quotient chunk). SHPLONK (v3): one commitment
 * per witness pack, one quotient commitment and two opening witnesses [W], [W']:
 * 64·(n_wpacks + 3) + 32·n_queries. */
size_t zki_plonk_proof_size(const zki_plonk_layout *L, const zki_cs *cs);

/* Returns: 1 when len is the size a proof of the older zkinfer-plonk-v1 had for this
 * layout (32 bytes more per quotient chunk: the chunks' evaluations), so that callers
 * can refuse it as an old version rather than as a damaged file; else 0. */
int zki_plonk_is_v1_proof_size(const zki_plonk_layout *L, const zki_cs *cs, size_t len);

/* Returns: 1 when len is the size a proof of this circuit has in the other opening
 * scheme (zkinfer-plonk-v2's GWC for a SHPLONK layout; v3's SHPLONK with some pack
 * limit P for a GWC one: a layout per P, up to the number of witness polynomials) and
 * not the size of this one, so that callers can name the mismatch; else 0. */
int zki_plonk_is_other_scheme_proof_size(const zki_plonk_layout *L, const zki_cs *cs, size_t len);

typedef struct {
    zki_fr theta, beta, gamma, lambda, y;
    zki_fr c[ZKI_CS_MAX_CHALLENGES]; /* the circuit's own challenges (cs->n_challenges) */
} zki_plonk_challenges;

/* Returns a pointer to the value of polynomial (kind, index) at rotation rot of the
 * current point (for instance columns, rotation 0 only). */
typedef const zki_fr *(*zki_plonk_getter)(void *ctx, unsigned kind, uint32_t index, int32_t rot);

/* δ, the generator of the cosets δ^k·H that label equality column k. */
void zki_plonk_delta(zki_fr *delta);

/* out = the constraints folded by Horner in y (acc = acc·y + C_i, so with N constraints
 * out = Σ_i y^(N-1-i) C_i(x)), in this order: gates; permutation
 * l0·(1 - z_0), llast·(z_last² - z_last), l0·(z_j - z_{j-1}(ω^u x)) for j >= 1, then for
 * each chunk j: lactive·(z_j(ωx)·Π(v + βσ + γ) - z_j(x)·Π(v + βδ^k x + γ)); then for each
 * lookup: l0·φ, llast·φ, lactive·((φ(ωx) - φ(x))(λ + f)(λ + t) - m(λ + f) + (λ + t))
 * with f = Σ θ^j f_j, t = Σ θ^j t_j.
 * scratch: at least cs->n_nodes elements. delta_pows: δ^k for k < n_perm_cols. */
void zki_plonk_eval_constraints(const zki_cs *cs, const zki_plonk_layout *L,
                                const zki_plonk_challenges *ch, const zki_fr *delta_pows,
                                const zki_fr *x, const zki_fr *l0, const zki_fr *llast,
                                const zki_fr *lblind, zki_plonk_getter get, void *ctx,
                                zki_fr *scratch, zki_fr *out);

/* The values at ζ a verifier reads (and the prover's own check at ζ): the claimed
 * evaluations (one per query of L), the instance columns' values at ζ and the circuit's
 * challenges. zki_plonk_claimed_get is the zki_plonk_getter over them (ctx: this). */
typedef struct {
    const zki_plonk_layout *L;
    const zki_fr *evals; /* L->n_queries, layout order */
    const zki_fr *inst;  /* one per instance column */
    const zki_fr *chal;  /* cs->n_challenges */
} zki_plonk_claimed;
const zki_fr *zki_plonk_claimed_get(void *ctx, unsigned kind, uint32_t index, int32_t rot);

/* Evaluates expression e of the circuit at the current point through get. */
void zki_plonk_eval_expr(const zki_cs *cs, zki_expr e, zki_plonk_getter get, void *ctx,
                         zki_fr *scratch, zki_fr *out);

/* The nodes that the expressions roots[0..n_roots) depend on (themselves included), in
 * increasing order (an order in which every node follows its operands).
 * Returns: ZKI_OK and *list (caller frees) with *count entries; ZKI_ERR_ARG for a root
 * that is not a node; ZKI_ERR_NOMEM. */
zki_status zki_plonk_node_list(const zki_cs *cs, const zki_expr *roots, uint32_t n_roots, uint32_t **list,
                               uint32_t *count);

/* Evaluates the listed nodes (from zki_plonk_node_list) into scratch[node]. */
void zki_plonk_eval_nodes(const zki_cs *cs, const uint32_t *list, uint32_t count, zki_plonk_getter get, void *ctx,
                          zki_fr *scratch);

#endif
