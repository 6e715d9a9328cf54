/* Key generation: permutation polynomials from the copy constraints, fixed and σ
 * polynomials, the Lagrange basis, the commitments and the VK digest (see keys.h). */
#include "keys.h"

#include <stdlib.h>
#include <string.h>

#include "keccak.h"
#include "lagrange.h"
#include "msm.h"
#include "mock.h"
#include "shplonk.h"

zki_status zki_plonk_commit(zki_g1_aff *out, const zki_g1_aff *g1, const zki_fr *coeffs, size_t len,
                            unsigned n_threads) {
    zki_g1 r;
    zki_status st = zki_g1s_msm(&r, g1, coeffs, len, n_threads);
    if (st != ZKI_OK) return st;
    zki_g1_to_aff(out, &r);
    return ZKI_OK;
}

/* Reads a as a signed integer v in (−r/2, r/2). Returns: 1 and *out = v if |v| < 2^63. */
static int fr_to_i64(int64_t *out, const zki_fr *a) {
    uint64_t l[4];
    zki_fr_to_limbs(l, a);
    if (!(l[1] | l[2] | l[3]) && l[0] >> 63 == 0) {
        *out = (int64_t)l[0];
        return 1;
    }
    zki_fr t;
    zki_fr_neg(&t, a);
    zki_fr_to_limbs(l, &t);
    if (!(l[1] | l[2] | l[3]) && l[0] >> 63 == 0) {
        *out = -(int64_t)l[0];
        return 1;
    }
    return 0;
}

zki_status zki_plonk_commit_values(zki_g1_aff *out, const zki_g1_aff *lagrange, const zki_fr *values, size_t n,
                                   unsigned n_threads) {
    if (!out || (n && (!lagrange || !values))) return ZKI_ERR_ARG;
    size_t max_big = n / 2, n_big = 0;
    int64_t *small = calloc(n ? n : 1, sizeof *small);
    size_t *big = malloc((max_big + 1) * sizeof *big);
    zki_g1_aff *bp = NULL;
    zki_fr *bs = NULL;
    zki_status st = ZKI_ERR_NOMEM;
    if (!small || !big) goto out;
    for (size_t i = 0; i < n; i++) {
        if (fr_to_i64(&small[i], &values[i])) continue;
        small[i] = 0;
        if (n_big == max_big) { /* mostly large values: one full-scalar MSM */
            free(small);
            free(big);
            return zki_plonk_commit(out, lagrange, values, n, n_threads);
        }
        big[n_big++] = i;
    }
    zki_g1 r, rb;
    if ((st = zki_g1s_msm_small(&r, lagrange, small, n, n_threads)) != ZKI_OK) goto out;
    if (n_big) {
        st = ZKI_ERR_NOMEM;
        bp = malloc(n_big * sizeof *bp);
        bs = malloc(n_big * sizeof *bs);
        if (!bp || !bs) goto out;
        for (size_t k = 0; k < n_big; k++) {
            bp[k] = lagrange[big[k]];
            bs[k] = values[big[k]];
        }
        if ((st = zki_g1s_msm(&rb, bp, bs, n_big, n_threads)) != ZKI_OK) goto out;
        zki_g1_add(&r, &r, &rb);
    }
    zki_g1_to_aff(out, &r);
    st = ZKI_OK;
out:
    free(small);
    free(big);
    free(bp);
    free(bs);
    return st;
}

/* Union–find over cells k·n + i of the equality columns, with cycles kept in `next`:
 * merging two classes swaps the successors of one member of each, which splices the
 * two cycles into one (the construction of the PLONK paper, section 5). */
static uint32_t uf_find(uint32_t *parent, uint32_t a) {
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

static int perm_col_index(const zki_cs *cs, unsigned kind, uint32_t col) {
    for (uint32_t k = 0; k < cs->n_perm_cols; k++)
        if (cs->perm_cols[k].kind == kind && cs->perm_cols[k].col == col) return (int)k;
    return -1;
}

/* The permutation: sigma_next from the copy cycles, σ's coefficients, and the digest of
 * σ's values (which are not kept) into k. */
static zki_status build_sigma(zki_pk *pk, const zki_cs *cs, zki_keccak_ctx *k, unsigned n_threads) {
    size_t n = cs->n, m = cs->n_perm_cols, cells = m * n;
    if (m == 0) return ZKI_OK;
    if (cells > UINT32_MAX) return ZKI_ERR_SIZE;
    uint32_t *parent = malloc(cells * sizeof(uint32_t)), *next = malloc(cells * sizeof(uint32_t));
    pk->sigma_coeffs = malloc(cells * sizeof(zki_fr));
    pk->omega_pows = malloc(n * sizeof(zki_fr));
    pk->delta_pows = malloc(m * sizeof(zki_fr));
    zki_status st = ZKI_ERR_NOMEM;
    if (!parent || !next || !pk->sigma_coeffs || !pk->omega_pows || !pk->delta_pows) goto out;
    for (size_t c = 0; c < cells; c++) parent[c] = next[c] = (uint32_t)c;
    for (uint32_t e = 0; e + 1 < cs->n_copies; e += 2) {
        const zki_cell *a = &cs->copies[e], *b = &cs->copies[e + 1];
        uint32_t ca = (uint32_t)perm_col_index(cs, a->kind, a->col) * (uint32_t)n + a->row;
        uint32_t cb = (uint32_t)perm_col_index(cs, b->kind, b->col) * (uint32_t)n + b->row;
        uint32_t ra = uf_find(parent, ca), rb = uf_find(parent, cb);
        if (ra == rb) continue;
        parent[ra] = rb;
        uint32_t t = next[ca];
        next[ca] = next[cb];
        next[cb] = t;
    }
    free(parent);
    parent = NULL;
    pk->sigma_next = next;
    next = NULL;
    zki_fr_set_one(&pk->omega_pows[0]);
    for (size_t i = 1; i < n; i++) zki_fr_mul(&pk->omega_pows[i], &pk->omega_pows[i - 1], &pk->dom.omega);
    zki_fr delta;
    zki_plonk_delta(&delta);
    zki_fr_set_one(&pk->delta_pows[0]);
    for (size_t j = 1; j < m; j++) zki_fr_mul(&pk->delta_pows[j], &pk->delta_pows[j - 1], &delta);
    uint8_t w[32];
    for (size_t c = 0; c < cells; c++) {
        zki_pk_sigma_value(pk, c, &pk->sigma_coeffs[c]);
        zki_fr_to_bytes(w, &pk->sigma_coeffs[c]);
        zki_keccak_update(k, w, 32);
    }
    st = ZKI_OK;
    for (size_t j = 0; j < m && st == ZKI_OK; j++)
        st = zki_ntt_inv(pk->sigma_coeffs + j * n, n, &pk->dom, n_threads);
out:
    free(parent);
    free(next);
    return st;
}

/* Marks the fixed columns the prover reads on H: cells of lookup expressions and
 * equality-enabled fixed columns. Returns: the number marked, or -1 (no memory). */
static long fixed_read_on_rows(const zki_cs *cs, uint8_t *mark);

long zki_pk_fixed_kept(const zki_cs *cs) {
    uint8_t *mark = malloc(cs->n_fixed ? cs->n_fixed : 1);
    long c = mark ? fixed_read_on_rows(cs, mark) : -1;
    free(mark);
    return c;
}

static long fixed_read_on_rows(const zki_cs *cs, uint8_t *mark) {
    memset(mark, 0, cs->n_fixed);
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        for (int side = 0; side < 2; side++) {
            uint32_t *list, count;
            if (zki_plonk_node_list(cs, side ? lk->tables : lk->inputs, lk->width, &list, &count) != ZKI_OK)
                return -1;
            for (uint32_t i = 0; i < count; i++) {
                const zki_expr_node *nd = &cs->nodes[list[i]];
                if (nd->op == ZKI_EXPR_CELL && nd->kind == ZKI_COL_FIXED && nd->a < cs->n_fixed) mark[nd->a] = 1;
            }
            free(list);
        }
    }
    for (uint32_t k = 0; k < cs->n_perm_cols; k++)
        if (cs->perm_cols[k].kind == ZKI_COL_FIXED && cs->perm_cols[k].col < cs->n_fixed) mark[cs->perm_cols[k].col] = 1;
    long c = 0;
    for (uint32_t j = 0; j < cs->n_fixed; j++) c += mark[j];
    return c;
}

/* SHPLONK (docs/PROTOCOL.md §4.7): the VK's pack commitments [F_g], F_g(X) =
 * Σ_m Q_m(X^t)·X^m from the members' coefficients. A pack of one fixed column is
 * committed from its values (the same point as the GWC fixed commitment). */
static zki_status commit_packs(zki_pk *pk, const zki_cs *cs, unsigned n_threads) {
    zki_vk *vk = &pk->vk;
    const zki_plonk_layout *L = &vk->L;
    size_t n = vk->cs.n;
    vk->pack_comm = malloc((L->n_packs + 1) * sizeof(zki_g1_aff));
    zki_fr *buf = malloc(((size_t)(L->pack_max_t ? L->pack_max_t : 1) * n) * sizeof(zki_fr));
    const zki_fr **mem = malloc(((size_t)L->pack_max_t + 1) * sizeof *mem);
    zki_status st = ZKI_ERR_NOMEM;
    if (!vk->pack_comm || !buf || !mem) goto out;
    st = ZKI_OK;
    for (uint32_t i = 0; i < L->n_opens && st == ZKI_OK; i++) {
        const zki_plonk_open *o = &L->opens[i];
        if (o->kind != ZKI_P_PACK) continue;
        const zki_plonk_member *m0 = &L->pack_members[o->member_first];
        if (o->t == 1 && m0->kind == ZKI_P_FIXED) {
            st = zki_plonk_commit_values(&vk->pack_comm[o->index], pk->lagrange, cs->fixed + (size_t)m0->index * n, n,
                                         n_threads);
            continue;
        }
        for (uint32_t m = 0; m < o->t; m++) mem[m] = zki_pk_member_coeffs(pk, &L->pack_members[o->member_first + m]);
        zki_shplonk_pack_coeffs(buf, mem, o->t, n);
        st = zki_plonk_commit(&vk->pack_comm[o->index], pk->srs_g1, buf, (size_t)o->t * n, n_threads);
    }
out:
    free(buf);
    free(mem);
    return st;
}

zki_status zki_keygen(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col,
                      const zki_srs *srs, unsigned n_threads) {
    return zki_keygen_ex(pk, cs, public_per_col, srs, NULL, n_threads);
}

/* The body of every key generation. With commit = 0 (the prover's own keys from a VK
 * made earlier) the supplied Lagrange basis is trusted and no commitment is computed:
 * vk->fixed_comm / sigma_comm stay NULL for the caller to fill. */
static zki_status keygen_core(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col, const zki_srs *srs,
                              const zki_g1_aff *lagrange, int commit, unsigned n_threads) {
    memset(pk, 0, sizeof *pk);
    zki_vk *vk = &pk->vk;
    zki_mock_failure f;
    zki_status st = zki_cs_check_gates_gated(cs, &f);
    if (st == ZKI_REJECT) return ZKI_ERR_ARG;
    if (st != ZKI_OK) return st;
    size_t n = cs->n;
    if (srs->n_g1 < n + 1) return ZKI_ERR_SIZE;
    /* public inputs sit in rows 0..np-1 of each instance column; other instance cells are
     * zero and fixed, so copies to them would be meaningless */
    for (uint32_t e = 0; e < cs->n_copies; e++) {
        const zki_cell *c = &cs->copies[e];
        if (c->kind == ZKI_COL_INSTANCE && (!public_per_col || c->row >= public_per_col[c->col]))
            return ZKI_ERR_ARG;
    }
    st = zki_cs_clone_desc(&vk->cs, cs);
    if (st == ZKI_OK) st = zki_plonk_layout_init(&vk->L, cs, public_per_col);
    if (st == ZKI_OK) st = zki_ntt_domain_init(&pk->dom, cs->log_n, n_threads);
    if (st == ZKI_OK) st = zki_ntt_domain_init(&pk->ext, cs->log_n + vk->L.ext_log, n_threads);
    if (st != ZKI_OK) goto fail;
    /* SHPLONK commits to packs and to the whole quotient: more powers than n + 1 */
    size_t need = zki_plonk_srs_need(&vk->L);
    st = ZKI_ERR_SIZE;
    if (srs->n_g1 < need) goto fail;

    st = ZKI_ERR_NOMEM;
    pk->srs_g1 = malloc(need * sizeof(zki_g1_aff));
    if (!pk->srs_g1) goto fail;
    memcpy(pk->srs_g1, srs->g1, need * sizeof(zki_g1_aff));
    pk->lagrange = malloc(n * sizeof(zki_g1_aff));
    if (!pk->lagrange) goto fail;
    if (lagrange) {
        st = commit ? zki_lagrange_check(lagrange, srs->g1, cs->log_n, n_threads) : ZKI_OK;
        if (st == ZKI_OK) memcpy(pk->lagrange, lagrange, n * sizeof(zki_g1_aff));
    } else if (!commit) {
        st = ZKI_ERR_ARG;
    } else {
        st = zki_srs_lagrange(pk->lagrange, srs, cs->log_n, n_threads);
    }
    if (st != ZKI_OK) goto fail;
    st = ZKI_ERR_NOMEM;
    vk->g1 = srs->g1[0];
    vk->g2[0] = srs->g2[0];
    vk->g2[1] = srs->g2[1];

    zki_keccak_ctx kd;
    zki_keccak256_init(&kd);
    if (cs->n_fixed) {
        uint8_t *mark = malloc(cs->n_fixed);
        long kept = mark ? fixed_read_on_rows(cs, mark) : -1;
        pk->fixed_slot = malloc(cs->n_fixed * sizeof(uint32_t));
        pk->fixed_values = malloc((kept > 0 ? (size_t)kept * n : 1) * sizeof(zki_fr));
        pk->fixed_coeffs = malloc(cs->n_fixed * n * sizeof(zki_fr));
        int commit_fixed = commit && !cs->shplonk; /* SHPLONK: in packs, below */
        vk->fixed_comm = commit_fixed ? malloc(cs->n_fixed * sizeof(zki_g1_aff)) : NULL;
        if (kept < 0 || !pk->fixed_slot || !pk->fixed_values || !pk->fixed_coeffs || (commit_fixed && !vk->fixed_comm)) {
            free(mark);
            goto fail;
        }
        uint32_t slot = 0;
        for (uint32_t j = 0; j < cs->n_fixed; j++) {
            pk->fixed_slot[j] = mark[j] ? slot++ : UINT32_MAX;
            if (mark[j]) memcpy(pk->fixed_values + (size_t)pk->fixed_slot[j] * n, cs->fixed + (size_t)j * n, n * sizeof(zki_fr));
        }
        free(mark);
        uint8_t w[32];
        for (size_t i = 0; i < (size_t)cs->n_fixed * n; i++) {
            zki_fr_to_bytes(w, &cs->fixed[i]);
            zki_keccak_update(&kd, w, 32);
        }
        memcpy(pk->fixed_coeffs, cs->fixed, cs->n_fixed * n * sizeof(zki_fr));
        for (uint32_t j = 0; j < cs->n_fixed; j++) {
            st = zki_ntt_inv(pk->fixed_coeffs + j * n, n, &pk->dom, n_threads);
            if (st == ZKI_OK && commit_fixed)
                st = zki_plonk_commit_values(&vk->fixed_comm[j], pk->lagrange, cs->fixed + (size_t)j * n, n, n_threads);
            if (st != ZKI_OK) goto fail;
        }
    }
    st = build_sigma(pk, cs, &kd, n_threads);
    if (st != ZKI_OK) goto fail;
    zki_keccak_final(&kd, pk->circuit_digest);
    if (!commit) return ZKI_OK;
    if (cs->shplonk) {
        if ((st = commit_packs(pk, cs, n_threads)) != ZKI_OK) goto fail;
    } else if (cs->n_perm_cols) {
        st = ZKI_ERR_NOMEM;
        vk->sigma_comm = malloc(cs->n_perm_cols * sizeof(zki_g1_aff));
        if (!vk->sigma_comm) goto fail;
        for (uint32_t k = 0; k < cs->n_perm_cols; k++) {
            st = zki_plonk_commit(&vk->sigma_comm[k], pk->srs_g1, pk->sigma_coeffs + k * n, n, n_threads);
            if (st != ZKI_OK) goto fail;
        }
    }
    /* the digest covers the whole encoding before it */
    size_t len = 0;
    zki_vk_encode(vk, NULL, 0, &len);
    uint8_t *buf = malloc(len);
    st = ZKI_ERR_NOMEM;
    if (!buf) goto fail;
    st = zki_vk_encode(vk, buf, len, &len);
    if (st == ZKI_OK) memcpy(vk->digest, buf + len - 32, 32);
    free(buf);
    if (st != ZKI_OK) goto fail;
    return ZKI_OK;
fail:
    zki_pk_free(pk);
    return st;
}

zki_status zki_keygen_ex(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col,
                         const zki_srs *srs, const zki_g1_aff *lagrange, unsigned n_threads) {
    return keygen_core(pk, cs, public_per_col, srs, lagrange, 1, n_threads);
}

void zki_pk_circuit_digest(const zki_pk *pk, uint8_t out[32]) { memcpy(out, pk->circuit_digest, 32); }

/* The SRS points a VK carries agree ([1]₁, [1]₂, [τ]₂). */
static int vk_same_srs(const zki_vk *a, const zki_vk *b) {
    uint8_t x[128], y[128];
    zki_g1_aff_to_bytes(x, &a->g1);
    zki_g1_aff_to_bytes(y, &b->g1);
    if (memcmp(x, y, 64)) return 0;
    for (int i = 0; i < 2; i++) {
        zki_g2_aff_to_bytes(x, &a->g2[i]);
        zki_g2_aff_to_bytes(y, &b->g2[i]);
        if (memcmp(x, y, 128)) return 0;
    }
    return 1;
}

/* The parts of two descriptions a VK fixes besides its commitments. */
static int same_description(const zki_cs *a, const zki_plonk_layout *la, const zki_cs *b, const zki_plonk_layout *lb) {
    if (a->log_n != b->log_n || a->n_advice != b->n_advice || a->n_fixed != b->n_fixed ||
        a->n_instance != b->n_instance || a->n_nodes != b->n_nodes || a->n_consts != b->n_consts ||
        a->n_gates != b->n_gates || a->n_lookups != b->n_lookups || a->n_perm_cols != b->n_perm_cols ||
        a->n_advice_late != b->n_advice_late || a->n_challenges != b->n_challenges || a->shplonk != b->shplonk ||
        la->degree != lb->degree ||
        la->n_public != lb->n_public)
        return 0;
    for (uint32_t j = 0; j < a->n_instance; j++)
        if (la->public_per_col[j] != lb->public_per_col[j]) return 0;
    for (uint32_t i = 0; i < a->n_nodes; i++) {
        const zki_expr_node *x = &a->nodes[i], *y = &b->nodes[i];
        if (x->op != y->op || x->kind != y->kind || x->rot != y->rot || x->a != y->a || x->b != y->b) return 0;
    }
    for (uint32_t i = 0; i < a->n_consts; i++)
        if (!zki_fr_eq(&a->consts[i], &b->consts[i])) return 0;
    for (uint32_t g = 0; g < a->n_gates; g++)
        if (a->gates[g].root != b->gates[g].root) return 0;
    for (uint32_t l = 0; l < a->n_lookups; l++) {
        const zki_lookup *x = &a->lookups[l], *y = &b->lookups[l];
        if (x->width != y->width || memcmp(x->inputs, y->inputs, x->width * sizeof(zki_expr)) ||
            memcmp(x->tables, y->tables, x->width * sizeof(zki_expr)))
            return 0;
    }
    for (uint32_t k = 0; k < a->n_perm_cols; k++)
        if (a->perm_cols[k].kind != b->perm_cols[k].kind || a->perm_cols[k].col != b->perm_cols[k].col) return 0;
    return 1;
}

zki_status zki_keygen_prover(zki_pk *pk, const zki_cs *cs, const uint32_t *public_per_col, const zki_srs *srs,
                             const zki_g1_aff *lagrange, const uint8_t *vk_bytes, size_t vk_len,
                             const uint8_t circuit_digest[32], unsigned n_threads) {
    zki_vk vk;
    zki_status st = zki_vk_decode(&vk, vk_bytes, vk_len);
    if (st != ZKI_OK) return st;
    st = keygen_core(pk, cs, public_per_col, srs, lagrange, 0, n_threads);
    if (st != ZKI_OK) {
        zki_vk_free(&vk);
        return st;
    }
    uint8_t d[32];
    zki_pk_circuit_digest(pk, d);
    if (!same_description(&pk->vk.cs, &pk->vk.L, &vk.cs, &vk.L) || memcmp(d, circuit_digest, 32) != 0 ||
        !vk_same_srs(&pk->vk, &vk)) {
        zki_vk_free(&vk);
        zki_pk_free(pk);
        return ZKI_ERR_ARG;
    }
    zki_vk_free(&pk->vk);
    pk->vk = vk; /* the VK of the setup, commitments and digest included */
    return ZKI_OK;
}

void zki_vk_free(zki_vk *vk) {
    zki_cs_free(&vk->cs);
    zki_plonk_layout_free(&vk->L);
    free(vk->fixed_comm);
    free(vk->sigma_comm);
    free(vk->pack_comm);
    memset(vk, 0, sizeof *vk);
}

void zki_pk_free(zki_pk *pk) {
    zki_vk_free(&pk->vk);
    free(pk->fixed_coeffs);
    free(pk->fixed_values);
    free(pk->fixed_slot);
    free(pk->sigma_coeffs);
    free(pk->sigma_next);
    free(pk->omega_pows);
    free(pk->delta_pows);
    free(pk->srs_g1);
    free(pk->lagrange);
    zki_ntt_domain_free(&pk->dom);
    zki_ntt_domain_free(&pk->ext);
    memset(pk, 0, sizeof *pk);
}
