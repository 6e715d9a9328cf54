/* Layout derivation and the combined constraint (see plonk.h). */
#include "plonk.h"

#include <stdlib.h>
#include <string.h>

#define ZKI_PLONK_MAX_DEGREE 9

static unsigned lookup_degree(const zki_cs *cs, const zki_lookup *l) {
    unsigned df = 0, dt = 0;
    for (uint32_t j = 0; j < l->width; j++) {
        unsigned a = zki_cs_expr_degree(cs, l->inputs[j]), b = zki_cs_expr_degree(cs, l->tables[j]);
        if (a > df) df = a;
        if (b > dt) dt = b;
    }
    return 2 + df + dt; /* lactive · (φ(ωx) - φ(x)) · (λ + f) · (λ + t) */
}

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Collects the sorted distinct rotations at which column (kind, col) is read. */
static uint32_t column_rotations(const zki_cs *cs, unsigned kind, uint32_t col, int32_t *rots) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < cs->n_nodes; i++) {
        const zki_expr_node *nd = &cs->nodes[i];
        if (nd->op != ZKI_EXPR_CELL || nd->kind != kind || nd->a != col) continue;
        int seen = 0;
        for (uint32_t k = 0; k < n; k++) seen |= rots[k] == nd->rot;
        if (!seen) rots[n++] = nd->rot;
    }
    qsort(rots, n, sizeof *rots, cmp_i32);
    return n;
}

static int push_query(zki_plonk_layout *L, uint32_t *cap, unsigned kind, uint32_t index, int32_t rot) {
    if (L->n_queries == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 64;
        zki_query *q = realloc(L->queries, nc * sizeof *q);
        if (!q) return 0;
        L->queries = q;
        *cap = nc;
    }
    zki_query q = {(uint8_t)kind, index, rot};
    L->queries[L->n_queries++] = q;
    return 1;
}

/* The rotations of (kind, index) among the queries (ascending, as the queries are). */
static uint32_t query_rots(const zki_plonk_layout *L, unsigned kind, uint32_t index, int32_t *rots) {
    uint32_t n = 0;
    for (uint32_t q = 0; q < L->n_queries; q++)
        if (L->queries[q].kind == kind && L->queries[q].index == index) rots[n++] = L->queries[q].rot;
    return n;
}

static int same_rots(const int32_t *a, uint32_t na, const int32_t *b, uint32_t nb) {
    if (na != nb) return 0;
    for (uint32_t k = 0; k < na; k++)
        if (a[k] != b[k]) return 0;
    return 1;
}

/* Appends an opened polynomial with rotation set rots[0..nr) (SHPLONK). */
static void push_open(zki_plonk_layout *L, unsigned kind, uint32_t index, uint32_t t, const int32_t *rots,
                      uint32_t nr, uint32_t member_first, uint32_t *n_rots_used) {
    zki_plonk_open *o = &L->opens[L->n_opens++];
    o->kind = (uint8_t)kind;
    o->index = index;
    o->t = t;
    o->n_rot = nr;
    o->rot_first = *n_rots_used;
    o->member_first = member_first;
    memcpy(&L->open_rots[*n_rots_used], rots, nr * sizeof *rots);
    *n_rots_used += nr;
}

/* out = a ∪ b (both ascending, distinct), ascending; returns its size. */
static uint32_t union_rots(int32_t *out, const int32_t *a, uint32_t na, const int32_t *b, uint32_t nb) {
    uint32_t i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        if (j == nb || (i < na && a[i] < b[j])) out[n++] = a[i++];
        else if (i == na || b[j] < a[i]) out[n++] = b[j++];
        else {
            out[n++] = a[i++];
            j++;
        }
    }
    return n;
}

/* The slot of a witness polynomial (the GWC proof's commitment order: advice, m, z, φ). */
static uint32_t witness_slot(const zki_plonk_layout *L, const zki_cs *cs, unsigned kind, uint32_t index) {
    switch (kind) {
    case ZKI_P_ADVICE: return index;
    case ZKI_P_M: return cs->n_advice + index;
    case ZKI_P_Z: return cs->n_advice + cs->n_lookups + index;
    default: return cs->n_advice + cs->n_lookups + L->n_z + index;
    }
}

/* Ends witness pack cur: its rotation set U[0..nu) goes to open_rots at *used. */
static void close_pack(zki_plonk_layout *L, zki_plonk_open *cur, const int32_t *U, uint32_t nu, uint32_t *used) {
    cur->n_rot = nu;
    cur->rot_first = *used;
    memcpy(&L->open_rots[*used], U, nu * sizeof *U);
    *used += nu;
}

/* Witness packs (§4.7): cuts the sequences S1 (early advice, then m when there are no
 * late columns), S2 (late advice, then m; only with late columns) and S3 (z, then φ)
 * greedily into packs of at most P members whose rotation sets' union U has at most
 * ZKI_CS_BLIND_ROWS − 1 rotations. Base rotation sets come from the §4.5 queries in L.
 * Fills L->wpacks (U at open_rots from *used, ascending), L->wpack_seq_end, the witness
 * members at the front of L->pack_members, and wp_of[slot] = the pack of each witness
 * polynomial. */
static zki_status witness_packs(zki_plonk_layout *L, const zki_cs *cs, uint32_t *wp_of, uint32_t *used) {
    uint32_t n_adv = cs->n_advice, n_lk = cs->n_lookups, early = n_adv - cs->n_advice_late;
    uint32_t n_wit = n_adv + 2 * n_lk + L->n_z;
    zki_plonk_member *seq = malloc(((size_t)n_wit + 1) * sizeof *seq);
    int32_t *R = malloc(((size_t)L->n_queries + 1) * sizeof *R);
    if (!seq || !R) {
        free(seq);
        free(R);
        return ZKI_ERR_NOMEM;
    }
    /* the three sequences one after the other; ends[s] closes sequence s */
    uint32_t len = 0, ends[3];
    for (uint32_t j = 0; j < early; j++) seq[len++] = (zki_plonk_member){ZKI_P_ADVICE, j};
    if (!cs->n_advice_late)
        for (uint32_t l = 0; l < n_lk; l++) seq[len++] = (zki_plonk_member){ZKI_P_M, l};
    ends[0] = len;
    for (uint32_t j = early; j < n_adv; j++) seq[len++] = (zki_plonk_member){ZKI_P_ADVICE, j};
    if (cs->n_advice_late)
        for (uint32_t l = 0; l < n_lk; l++) seq[len++] = (zki_plonk_member){ZKI_P_M, l};
    ends[1] = len;
    for (uint32_t j = 0; j < L->n_z; j++) seq[len++] = (zki_plonk_member){ZKI_P_Z, j};
    for (uint32_t l = 0; l < n_lk; l++) seq[len++] = (zki_plonk_member){ZKI_P_PHI, l};
    ends[2] = len;

    const uint32_t max_rots = ZKI_CS_BLIND_ROWS - 1;
    int32_t U[2 * ZKI_CS_BLIND_ROWS], U2[2 * ZKI_CS_BLIND_ROWS];
    uint32_t nu = 0, s = 0;
    zki_plonk_open *cur = NULL;
    zki_status st = ZKI_OK;
    for (uint32_t k = 0; k <= len; k++) {
        /* a sequence's end closes the current pack */
        while (s < 3 && k == ends[s]) {
            if (cur) close_pack(L, cur, U, nu, used);
            cur = NULL;
            L->wpack_seq_end[s++] = L->n_wpacks;
        }
        if (k == len) break;
        const zki_plonk_member *p = &seq[k];
        uint32_t nr = query_rots(L, p->kind, p->index, R);
        if (nr > max_rots) { /* the layout refuses such advice earlier; z, m, φ have at most 3 */
            st = ZKI_ERR_ARG;
            break;
        }
        qsort(R, nr, sizeof *R, cmp_i32); /* z_j's queries are in the order 0, 1, −(B+1) */
        uint32_t n2 = cur ? union_rots(U2, U, nu, R, nr) : 0;
        if (!cur || cur->t == L->shplonk || n2 > max_rots) {
            if (cur) close_pack(L, cur, U, nu, used);
            cur = &L->wpacks[L->n_wpacks];
            *cur = (zki_plonk_open){ZKI_P_WPACK, L->n_wpacks, 0, 0, 0, k};
            L->n_wpacks++;
            n2 = union_rots(U2, NULL, 0, R, nr);
        }
        memcpy(U, U2, n2 * sizeof *U);
        nu = n2;
        L->pack_members[k] = *p;
        wp_of[witness_slot(L, cs, p->kind, p->index)] = cur->index;
        if (++cur->t > L->pack_max_t) L->pack_max_t = cur->t;
    }
    free(seq);
    free(R);
    return st;
}

/* SHPLONK (docs/PROTOCOL.md §4.7). First the witness packs, then the queries rebuilt:
 * every witness polynomial at every rotation of its pack's set (kinds and indices in the
 * §4.5 order, rotations ascending; fixed and σ queries unchanged). Then the opened
 * polynomials in order: the witness packs of S1 and S2 with a nonempty set, the
 * preprocessed packs, those of S3, T. Preprocessed packs: the fixed columns with a query
 * (column order) then the σ_k, grouped by equal rotation sets (groups in order of their
 * first member, members in list order), each group cut into consecutive packs of at
 * most P. */
static zki_status shplonk_layout(zki_plonk_layout *L, const zki_cs *cs) {
    uint32_t n_pre = cs->n_fixed + cs->n_perm_cols;
    uint32_t n_wit = cs->n_advice + 2 * cs->n_lookups + L->n_z;
    const uint32_t max_rots = ZKI_CS_BLIND_ROWS - 1;
    L->shplonk = cs->shplonk;
    L->n_queries_gwc = L->n_queries;
    /* open_rots: the witness packs' sets (each at most the pack's new queries), the
     * preprocessed packs' (at most their queries), T's */
    size_t rot_cap = (size_t)L->n_queries + (size_t)n_wit * max_rots + 1;
    L->open_rots = malloc(rot_cap * sizeof(int32_t));
    L->wpacks = calloc((size_t)n_wit + 1, sizeof *L->wpacks);
    L->pack_members = malloc(((size_t)n_wit + n_pre + 1) * sizeof *L->pack_members);
    uint32_t *wp_of = malloc(((size_t)n_wit + 1) * sizeof *wp_of);
    zki_query *nq = malloc(((size_t)L->n_queries + (size_t)n_wit * max_rots + 1) * sizeof *nq);
    zki_plonk_member *pre = malloc(((size_t)n_pre + 1) * sizeof *pre);
    uint32_t *pre_first = malloc(((size_t)n_pre + 1) * sizeof *pre_first), *pre_nr = malloc(((size_t)n_pre + 1) * sizeof *pre_nr);
    uint8_t *taken = calloc((size_t)n_pre + 1, 1);
    int32_t *pre_rots = malloc(((size_t)L->n_queries + 1) * sizeof(int32_t));
    zki_status st = ZKI_ERR_NOMEM;
    if (!L->open_rots || !L->wpacks || !L->pack_members || !wp_of || !nq || !pre || !pre_first || !pre_nr || !taken ||
        !pre_rots)
        goto out;
    uint32_t used = 0, nr;
    if ((st = witness_packs(L, cs, wp_of, &used)) != ZKI_OK) goto out;
    /* the queries again, witness polynomials at their packs' rotations */
    {
        uint32_t n = 0;
        static const uint8_t order[6] = {ZKI_P_ADVICE, ZKI_P_FIXED, ZKI_P_SIGMA, ZKI_P_Z, ZKI_P_M, ZKI_P_PHI};
        for (int o = 0; o < 6; o++) {
            unsigned kind = order[o];
            if (kind == ZKI_P_FIXED || kind == ZKI_P_SIGMA) {
                for (uint32_t q = 0; q < L->n_queries; q++)
                    if (L->queries[q].kind == kind) nq[n++] = L->queries[q];
                continue;
            }
            uint32_t count = kind == ZKI_P_ADVICE ? cs->n_advice : kind == ZKI_P_Z ? L->n_z : cs->n_lookups;
            for (uint32_t i = 0; i < count; i++) {
                const zki_plonk_open *w = &L->wpacks[wp_of[witness_slot(L, cs, kind, i)]];
                for (uint32_t k = 0; k < w->n_rot; k++)
                    nq[n++] = (zki_query){(uint8_t)kind, i, L->open_rots[w->rot_first + k]};
            }
        }
        free(L->queries);
        L->queries = nq;
        L->n_queries = n;
        nq = NULL;
    }
    size_t max_opens = (size_t)L->n_wpacks + n_pre + 1;
    L->opens = calloc(max_opens + 1, sizeof *L->opens);
    if (!L->opens) {
        st = ZKI_ERR_NOMEM;
        goto out;
    }
    for (uint32_t w = 0; w < L->wpack_seq_end[1]; w++)
        if (L->wpacks[w].n_rot) L->opens[L->n_opens++] = L->wpacks[w];
    /* the preprocessed polynomials with a query, their rotation sets side by side */
    uint32_t np = 0, pr_used = 0;
    for (uint32_t j = 0; j < n_pre; j++) {
        unsigned kind = j < cs->n_fixed ? ZKI_P_FIXED : ZKI_P_SIGMA;
        uint32_t idx = j < cs->n_fixed ? j : j - cs->n_fixed;
        if ((nr = query_rots(L, kind, idx, pre_rots + pr_used)) == 0) continue;
        pre[np] = (zki_plonk_member){(uint8_t)kind, idx};
        pre_first[np] = pr_used;
        pre_nr[np++] = nr;
        pr_used += nr;
    }
    uint32_t n_members = n_wit;
    for (uint32_t a = 0; a < np; a++) {
        if (taken[a]) continue;
        /* the group of a: every untaken b >= a with a's rotation set, cut into packs */
        uint32_t first = n_members, t = 0;
        for (uint32_t b = a; b < np; b++) {
            if (taken[b] || !same_rots(pre_rots + pre_first[a], pre_nr[a], pre_rots + pre_first[b], pre_nr[b])) continue;
            taken[b] = 1;
            L->pack_members[n_members++] = pre[b];
            if (++t == cs->shplonk) {
                push_open(L, ZKI_P_PACK, L->n_packs++, t, pre_rots + pre_first[a], pre_nr[a], first, &used);
                if (t > L->pack_max_t) L->pack_max_t = t;
                first = n_members;
                t = 0;
            }
        }
        if (t) {
            push_open(L, ZKI_P_PACK, L->n_packs++, t, pre_rots + pre_first[a], pre_nr[a], first, &used);
            if (t > L->pack_max_t) L->pack_max_t = t;
        }
    }
    for (uint32_t w = L->wpack_seq_end[1]; w < L->n_wpacks; w++)
        if (L->wpacks[w].n_rot) L->opens[L->n_opens++] = L->wpacks[w];
    {
        int32_t zero = 0; /* the quotient at ζ */
        push_open(L, ZKI_P_T, 0, 1, &zero, 1, 0, &used);
    }
    /* two rotations of one opening set that are congruent mod n name the same point
     * ζ·ω^ρ: Z would have a double root and the remainder's CRT formula a zero
     * denominator (only possible for tiny n: |ρ| <= 64) */
    st = ZKI_ERR_ARG;
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const int32_t *R = &L->open_rots[L->opens[i].rot_first];
        for (uint32_t a = 0; a < L->opens[i].n_rot; a++)
            for (uint32_t b = a + 1; b < L->opens[i].n_rot; b++)
                if ((((uint32_t)R[a] - (uint32_t)R[b]) & (L->n - 1)) == 0) goto out;
    }
    st = ZKI_OK;
out:
    free(wp_of);
    free(nq);
    free(pre);
    free(pre_first);
    free(pre_nr);
    free(taken);
    free(pre_rots);
    return st;
}

int zki_plonk_same_open_set(const zki_plonk_layout *L, const zki_plonk_open *a, const zki_plonk_open *b) {
    if (a->t != b->t || a->n_rot != b->n_rot) return 0;
    return memcmp(&L->open_rots[a->rot_first], &L->open_rots[b->rot_first], a->n_rot * sizeof(int32_t)) == 0;
}

size_t zki_plonk_srs_need(const zki_plonk_layout *L) {
    if (!L->shplonk) return (size_t)L->n + 1;
    size_t t = L->pack_max_t > L->n_t ? L->pack_max_t : L->n_t;
    return t * L->n + 1;
}

zki_status zki_plonk_layout_init(zki_plonk_layout *L, const zki_cs *cs, const uint32_t *public_per_col) {
    memset(L, 0, sizeof *L);
    zki_status st = zki_cs_validate(cs);
    if (st != ZKI_OK) return st;
    L->log_n = cs->log_n;
    L->n = cs->n;
    L->usable = zki_cs_usable_rows(cs);
    L->blind = ZKI_CS_BLIND_ROWS;
    L->rot_last = -(int32_t)(ZKI_CS_BLIND_ROWS + 1);

    unsigned d = 3;
    for (uint32_t g = 0; g < cs->n_gates; g++) {
        unsigned dg = zki_cs_expr_degree(cs, cs->gates[g].root);
        if (dg > d) d = dg;
    }
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        unsigned dl = lookup_degree(cs, &cs->lookups[l]);
        if (dl > d) d = dl;
    }
    if (d > ZKI_PLONK_MAX_DEGREE) return ZKI_ERR_ARG;
    /* every advice/fixed equality column is read at rotation 0 by some node, so its
     * value at ζ is among the queries (zki_cs_enable_equality adds that node) */
    for (uint32_t k = 0; k < cs->n_perm_cols; k++) {
        const zki_cell *pc = &cs->perm_cols[k];
        if (pc->kind == ZKI_COL_INSTANCE) continue;
        int found = 0;
        for (uint32_t i = 0; i < cs->n_nodes && !found; i++) {
            const zki_expr_node *nd = &cs->nodes[i];
            found = nd->op == ZKI_EXPR_CELL && nd->kind == pc->kind && nd->a == pc->col && nd->rot == 0;
        }
        if (!found) return ZKI_ERR_ARG;
    }
    L->degree = d;
    L->ext_log = 0;
    while ((1u << L->ext_log) < d - 1) L->ext_log++;
    L->chunk = d - 2;
    L->n_z = (cs->n_perm_cols + L->chunk - 1) / L->chunk;
    L->n_t = d - 1;

    L->public_per_col = calloc(cs->n_instance + 1, sizeof(uint32_t));
    if (!L->public_per_col) return ZKI_ERR_NOMEM;
    for (uint32_t j = 0; j < cs->n_instance; j++) {
        uint32_t np = public_per_col ? public_per_col[j] : 0;
        if (np > L->usable) {
            zki_plonk_layout_free(L);
            return ZKI_ERR_ARG;
        }
        L->public_per_col[j] = np;
        L->n_public += np;
    }

    uint32_t cap = 0;
    int32_t *rots = malloc(((size_t)cs->n_nodes + 1) * sizeof(int32_t));
    int ok = rots != NULL;
    for (unsigned kind = ZKI_COL_ADVICE; ok && kind <= ZKI_COL_FIXED; kind++) {
        uint32_t ncol = kind == ZKI_COL_ADVICE ? cs->n_advice : cs->n_fixed;
        for (uint32_t c = 0; ok && c < ncol; c++) {
            uint32_t nr = column_rotations(cs, kind, c, rots);
            /* zero knowledge: B random rows hide at most B - 1 openings of a column */
            if (kind == ZKI_COL_ADVICE && nr > ZKI_CS_BLIND_ROWS - 1) {
                free(rots);
                zki_plonk_layout_free(L);
                return ZKI_ERR_ARG;
            }
            for (uint32_t k = 0; ok && k < nr; k++) ok = push_query(L, &cap, kind, c, rots[k]);
        }
    }
    free(rots);
    for (uint32_t k = 0; ok && k < cs->n_perm_cols; k++) ok = push_query(L, &cap, ZKI_P_SIGMA, k, 0);
    for (uint32_t j = 0; ok && j < L->n_z; j++) {
        ok = push_query(L, &cap, ZKI_P_Z, j, 0) && push_query(L, &cap, ZKI_P_Z, j, 1);
        if (ok && j + 1 < L->n_z) ok = push_query(L, &cap, ZKI_P_Z, j, L->rot_last);
    }
    for (uint32_t l = 0; ok && l < cs->n_lookups; l++) ok = push_query(L, &cap, ZKI_P_M, l, 0);
    for (uint32_t l = 0; ok && l < cs->n_lookups; l++)
        ok = push_query(L, &cap, ZKI_P_PHI, l, 0) && push_query(L, &cap, ZKI_P_PHI, l, 1);
    if (!ok) {
        zki_plonk_layout_free(L);
        return ZKI_ERR_NOMEM;
    }

    if (cs->shplonk && (st = shplonk_layout(L, cs)) != ZKI_OK) {
        zki_plonk_layout_free(L);
        return st;
    }
    L->points = malloc((L->n_queries + 1) * sizeof(int32_t));
    if (!L->points) {
        zki_plonk_layout_free(L);
        return ZKI_ERR_NOMEM;
    }
    L->points[L->n_points++] = 0; /* ζ: the quotient is opened there */
    for (uint32_t q = 0; q < L->n_queries; q++) {
        int seen = 0;
        for (uint32_t k = 0; k < L->n_points; k++) seen |= L->points[k] == L->queries[q].rot;
        if (!seen) L->points[L->n_points++] = L->queries[q].rot;
        L->t_vpow += L->queries[q].rot == 0;
    }
    qsort(L->points, L->n_points, sizeof(int32_t), cmp_i32);
    return ZKI_OK;
}

void zki_plonk_layout_free(zki_plonk_layout *L) {
    free(L->queries);
    free(L->points);
    free(L->public_per_col);
    free(L->opens);
    free(L->pack_members);
    free(L->open_rots);
    free(L->wpacks);
    memset(L, 0, sizeof *L);
}

int zki_plonk_query_index(const zki_plonk_layout *L, unsigned kind, uint32_t index, int32_t rot) {
    for (uint32_t q = 0; q < L->n_queries; q++)
        if (L->queries[q].kind == kind && L->queries[q].index == index && L->queries[q].rot == rot)
            return (int)q;
    return -1;
}

int zki_plonk_point_index(const zki_plonk_layout *L, int32_t rot) {
    for (uint32_t k = 0; k < L->n_points; k++)
        if (L->points[k] == rot) return (int)k;
    return -1;
}

size_t zki_plonk_proof_size(const zki_plonk_layout *L, const zki_cs *cs) {
    if (L->shplonk) return ((size_t)L->n_wpacks + 3) * 64 + (size_t)L->n_queries * 32;
    size_t n_comm = (size_t)cs->n_advice + 2 * (size_t)cs->n_lookups + L->n_z + L->n_t + L->n_points;
    return n_comm * 64 + (size_t)L->n_queries * 32;
}

int zki_plonk_is_other_scheme_proof_size(const zki_plonk_layout *L, const zki_cs *cs, size_t len) {
    if (len == zki_plonk_proof_size(L, cs)) return 0;
    size_t base = (size_t)cs->n_advice + 2 * (size_t)cs->n_lookups + L->n_z;
    if (L->shplonk) /* GWC's queries are §4.5's; the opening points are the same in both */
        return len == (base + L->n_t + L->n_points) * 64 + (size_t)L->n_queries_gwc * 32;
    /* a GWC layout: a v3 proof's size depends on P through the witness packs; limits
     * beyond the number of witness polynomials pack them as that one does */
    zki_cs c = *cs; /* read only: zki_plonk_layout_init does not write the description */
    for (uint32_t P = 1; P <= ZKI_CS_MAX_PACK && P <= base; P++) {
        zki_plonk_layout L3;
        c.shplonk = P;
        if (zki_plonk_layout_init(&L3, &c, L->public_per_col) != ZKI_OK) return 0;
        size_t size = zki_plonk_proof_size(&L3, cs);
        zki_plonk_layout_free(&L3);
        if (len == size) return 1;
    }
    return 0;
}

int zki_plonk_is_v1_proof_size(const zki_plonk_layout *L, const zki_cs *cs, size_t len) {
    if (L->shplonk) return 0;
    return len == zki_plonk_proof_size(L, cs) + 32 * (size_t)L->n_t;
}

void zki_plonk_delta(zki_fr *delta) {
    /* δ = 5^(2^28): of odd order, so δ^k·H are distinct cosets, none equal to H */
    zki_fr_generator(delta);
    for (int i = 0; i < ZKI_FR_TWO_ADICITY; i++) zki_fr_sqr(delta, delta);
}

static inline void eval_node(const zki_cs *cs, uint32_t i, zki_plonk_getter get, void *ctx, zki_fr *scratch) {
    const zki_expr_node *nd = &cs->nodes[i];
    switch (nd->op) {
    case ZKI_EXPR_CONST: scratch[i] = cs->consts[nd->a]; break;
    case ZKI_EXPR_CELL: scratch[i] = *get(ctx, nd->kind, nd->a, nd->rot); break;
    case ZKI_EXPR_ADD: zki_fr_add(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
    case ZKI_EXPR_SUB: zki_fr_sub(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
    case ZKI_EXPR_MUL: zki_fr_mul(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
    case ZKI_EXPR_NEG: zki_fr_neg(&scratch[i], &scratch[nd->a]); break;
    case ZKI_EXPR_CHALLENGE: scratch[i] = *get(ctx, ZKI_P_CHALLENGE, nd->a, 0); break;
    }
}

const zki_fr *zki_plonk_claimed_get(void *vctx, unsigned kind, uint32_t index, int32_t rot) {
    const zki_plonk_claimed *c = vctx;
    if (kind == ZKI_P_INSTANCE) return &c->inst[index];
    if (kind == ZKI_P_CHALLENGE) return &c->chal[index];
    int q = zki_plonk_query_index(c->L, kind, index, rot);
    /* every read is a query: expressions by construction, equality columns because the
     * layout refuses a circuit whose equality column no node reads at rotation 0 */
    return &c->evals[q < 0 ? 0 : q];
}

void zki_plonk_eval_expr(const zki_cs *cs, zki_expr e, zki_plonk_getter get, void *ctx,
                         zki_fr *scratch, zki_fr *out) {
    for (uint32_t i = 0; i <= e; i++) eval_node(cs, i, get, ctx, scratch);
    *out = scratch[e];
}

zki_status zki_plonk_node_list(const zki_cs *cs, const zki_expr *roots, uint32_t n_roots, uint32_t **list,
                               uint32_t *count) {
    *list = NULL;
    *count = 0;
    uint32_t top = 0;
    for (uint32_t j = 0; j < n_roots; j++) {
        if (roots[j] >= cs->n_nodes) return ZKI_ERR_ARG;
        if (roots[j] > top) top = roots[j];
    }
    uint8_t *need = calloc((size_t)top + 1, 1);
    uint32_t *out = malloc(((size_t)top + 1) * sizeof *out);
    if (!need || !out) {
        free(need);
        free(out);
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t j = 0; j < n_roots; j++) need[roots[j]] = 1;
    /* children have smaller indices than their parents: one downward sweep marks them */
    for (uint32_t i = top + 1; i-- > 0;) {
        if (!need[i]) continue;
        const zki_expr_node *nd = &cs->nodes[i];
        if (nd->op == ZKI_EXPR_ADD || nd->op == ZKI_EXPR_SUB || nd->op == ZKI_EXPR_MUL) {
            need[nd->a] = need[nd->b] = 1;
        } else if (nd->op == ZKI_EXPR_NEG) {
            need[nd->a] = 1;
        }
    }
    uint32_t c = 0;
    for (uint32_t i = 0; i <= top; i++)
        if (need[i]) out[c++] = i;
    free(need);
    *list = out;
    *count = c;
    return ZKI_OK;
}

void zki_plonk_eval_nodes(const zki_cs *cs, const uint32_t *list, uint32_t count, zki_plonk_getter get, void *ctx,
                          zki_fr *scratch) {
    for (uint32_t k = 0; k < count; k++) eval_node(cs, list[k], get, ctx, scratch);
}

/* acc = acc·y + c: Horner over the constraints, so the first constraint gets the highest
 * power of y. Equivalent to Σ y^i C_i with the order reversed; both sides use this. */
static void fold(zki_fr *acc, const zki_fr *y, const zki_fr *c) {
    zki_fr_mul(acc, acc, y);
    zki_fr_add(acc, acc, c);
}

/* Σ_j θ^(w-1-j) e_j for the expressions of a lookup side (Horner), from evaluated nodes. */
static void compress(const zki_expr *es, uint32_t w, const zki_fr *theta, const zki_fr *nodes, zki_fr *out) {
    zki_fr acc;
    zki_fr_set_zero(&acc);
    for (uint32_t j = 0; j < w; j++) {
        zki_fr_mul(&acc, &acc, theta);
        zki_fr_add(&acc, &acc, &nodes[es[j]]);
    }
    *out = acc;
}

void zki_plonk_eval_constraints(const zki_cs *cs, const zki_plonk_layout *L,
                                const zki_plonk_challenges *ch, const zki_fr *delta_pows,
                                const zki_fr *x, const zki_fr *l0, const zki_fr *llast,
                                const zki_fr *lblind, zki_plonk_getter get, void *ctx,
                                zki_fr *scratch, zki_fr *out) {
    zki_fr acc, c, t1, t2, one, lactive;
    zki_fr_set_zero(&acc);
    zki_fr_set_one(&one);
    zki_fr_sub(&lactive, &one, llast);
    zki_fr_sub(&lactive, &lactive, lblind);

    /* every node once; gates and lookup sides then read their roots */
    if (cs->n_nodes) zki_plonk_eval_expr(cs, cs->n_nodes - 1, get, ctx, scratch, &c);
    for (uint32_t g = 0; g < cs->n_gates; g++) fold(&acc, &ch->y, &scratch[cs->gates[g].root]);

    if (L->n_z) {
        /* l0 · (1 - z_0) */
        zki_fr_sub(&c, &one, get(ctx, ZKI_P_Z, 0, 0));
        zki_fr_mul(&c, &c, l0);
        fold(&acc, &ch->y, &c);
        /* llast · (z_last² - z_last) */
        const zki_fr *zl = get(ctx, ZKI_P_Z, L->n_z - 1, 0);
        zki_fr_sqr(&c, zl);
        zki_fr_sub(&c, &c, zl);
        zki_fr_mul(&c, &c, llast);
        fold(&acc, &ch->y, &c);
        /* l0 · (z_j - z_{j-1}(ω^u x)) */
        for (uint32_t j = 1; j < L->n_z; j++) {
            zki_fr_sub(&c, get(ctx, ZKI_P_Z, j, 0), get(ctx, ZKI_P_Z, j - 1, L->rot_last));
            zki_fr_mul(&c, &c, l0);
            fold(&acc, &ch->y, &c);
        }
        /* lactive · (z_j(ωx) Π(v + βσ + γ) - z_j(x) Π(v + βδ^k x + γ)) */
        zki_fr bx;
        zki_fr_mul(&bx, &ch->beta, x);
        for (uint32_t j = 0; j < L->n_z; j++) {
            zki_fr left = *get(ctx, ZKI_P_Z, j, 1), right = *get(ctx, ZKI_P_Z, j, 0);
            for (uint32_t k = j * L->chunk; k < cs->n_perm_cols && k < (j + 1) * L->chunk; k++) {
                const zki_cell *pc = &cs->perm_cols[k];
                const zki_fr *v = get(ctx, pc->kind, pc->col, 0);
                zki_fr_mul(&t1, &ch->beta, get(ctx, ZKI_P_SIGMA, k, 0));
                zki_fr_add(&t1, &t1, v);
                zki_fr_add(&t1, &t1, &ch->gamma);
                zki_fr_mul(&left, &left, &t1);
                zki_fr_mul(&t2, &bx, &delta_pows[k]);
                zki_fr_add(&t2, &t2, v);
                zki_fr_add(&t2, &t2, &ch->gamma);
                zki_fr_mul(&right, &right, &t2);
            }
            zki_fr_sub(&c, &left, &right);
            zki_fr_mul(&c, &c, &lactive);
            fold(&acc, &ch->y, &c);
        }
    }

    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        const zki_fr *phi = get(ctx, ZKI_P_PHI, l, 0), *phin = get(ctx, ZKI_P_PHI, l, 1);
        const zki_fr *m = get(ctx, ZKI_P_M, l, 0);
        zki_fr_mul(&c, l0, phi);
        fold(&acc, &ch->y, &c);
        zki_fr_mul(&c, llast, phi);
        fold(&acc, &ch->y, &c);
        zki_fr f, t;
        compress(lk->inputs, lk->width, &ch->theta, scratch, &f);
        compress(lk->tables, lk->width, &ch->theta, scratch, &t);
        zki_fr_add(&f, &f, &ch->lambda);
        zki_fr_add(&t, &t, &ch->lambda);
        zki_fr_sub(&c, phin, phi);
        zki_fr_mul(&c, &c, &f);
        zki_fr_mul(&c, &c, &t);
        zki_fr_mul(&t1, m, &f);
        zki_fr_sub(&c, &c, &t1);
        zki_fr_add(&c, &c, &t);
        zki_fr_mul(&c, &c, &lactive);
        fold(&acc, &ch->y, &c);
    }
    *out = acc;
}
