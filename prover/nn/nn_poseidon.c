/* The Poseidon gadget of the builder (nn.h: zki_nn_poseidon_vec): circomlib's Poseidon
 * (prover/core/poseidon.h), one row per round, the vector hash's chunking. */
#include <stdio.h>
#include <string.h>

#include "nn_internal.h"
#include "poseidon.h"

uint32_t zki_nn_poseidon_mask(size_t n) {
    uint32_t mask = 0;
    if (n == 0) return 0;
    if (n <= ZKI_POSEIDON_VEC_FIRST) return 1u << (n + 1);
    mask |= 1u << (ZKI_POSEIDON_VEC_FIRST + 1);
    for (size_t i = ZKI_POSEIDON_VEC_FIRST; i < n; i += ZKI_POSEIDON_VEC_NEXT) {
        size_t m = n - i < ZKI_POSEIDON_VEC_NEXT ? n - i : ZKI_POSEIDON_VEC_NEXT;
        mask |= 1u << (m + 2);
    }
    return mask;
}

void zki_nn_expose(zki_nn *nn, zki_wire w) { zki_nn_i_push_public(nn, w); }

/* The selector column of width t (kind 0 full, 1 partial). */
static uint32_t sel_col(const zki_nn *nn, uint32_t t, int kind) {
    uint32_t mask = zki_nn_i_mask(nn), rank = (uint32_t)__builtin_popcount(mask & ((1u << t) - 1));
    return zki_nn_i_fixed_base(nn) + 2 * rank + (uint32_t)kind;
}

/* One Poseidon call on [h (when h is not NULL), in...]: the state row [0, h, in...]
 * (the capacity cell tied to the constant 0), then one row per round. Returns the
 * output wire. */
static zki_wire poseidon_call(zki_nn *nn, const zki_wire *h, const zki_fr *h_v, const zki_wire *in, uint32_t n_in,
                              const zki_fr *in_v) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t off = h ? 2 : 1, t = n_in + off;
    const zki_poseidon_consts *pc = zki_poseidon_params(t);
    if (!pc || !(zki_nn_i_mask(nn) & (1u << t)) || t > zki_nn_i_width(nn)) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "Poseidon width not declared or wider than the rows (hashed visibility needs --width >= 16)");
        return none;
    }
    zki_fr st[ZKI_POSEIDON_MAX_T];
    zki_fr_set_zero(&st[0]);
    if (h) st[1] = *h_v;
    for (uint32_t j = 0; j < n_in; j++) st[j + off] = in_v[j];
    uint32_t rounds = pc->rf + pc->rp, r0 = 0;
    for (uint32_t r = 0; r <= rounds; r++) {
        uint32_t row = zki_nn_i_new_row(nn);
        zki_nn_frow *f = row == UINT32_MAX ? NULL : zki_nn_i_frow(nn, row);
        if (!f) return none;
        f->t = t;
        f->round = r < rounds ? r : UINT32_MAX;
        memcpy(f->v, st, t * sizeof(zki_fr));
        if (r == 0) {
            r0 = row;
            /* the capacity cell is 0: tied to the constant column (0 on this row) */
            zki_cell a = {ZKI_COL_ADVICE, 0, row}, c = {ZKI_COL_FIXED, zki_nn_i_col_c(nn), row};
            zki_nn_i_copy(nn, a, c);
            if (h) {
                zki_cell x = {ZKI_COL_ADVICE, 1, row}, src = {ZKI_COL_ADVICE, h->col, h->row};
                zki_nn_i_copy(nn, x, src);
            }
            for (uint32_t j = 0; j < n_in; j++) {
                zki_cell x = {ZKI_COL_ADVICE, j + off, row}, src = {ZKI_COL_ADVICE, in[j].col, in[j].row};
                zki_nn_i_copy(nn, x, src);
            }
        }
        if (r == rounds) break;
        int full = r < pc->rf / 2 || r >= pc->rf / 2 + pc->rp;
        zki_nn_i_set_fixed(nn, row, sel_col(nn, t, full ? 0 : 1), 1);
        /* the round natively: constants, S-box, MDS */
        zki_fr u[ZKI_POSEIDON_MAX_T], nx[ZKI_POSEIDON_MAX_T];
        for (uint32_t k = 0; k < t; k++) {
            zki_fr_add(&u[k], &st[k], &pc->rc[r * t + k]);
            if (k == 0 || full) {
                zki_fr sq;
                zki_fr_sqr(&sq, &u[k]);
                zki_fr_sqr(&sq, &sq);
                zki_fr_mul(&u[k], &sq, &u[k]);
            }
        }
        for (uint32_t j = 0; j < t; j++) {
            zki_fr_set_zero(&nx[j]);
            for (uint32_t k = 0; k < t; k++) {
                zki_fr m;
                zki_fr_mul(&m, &pc->mds[j * t + k], &u[k]);
                zki_fr_add(&nx[j], &nx[j], &m);
            }
        }
        memcpy(st, nx, t * sizeof(zki_fr));
    }
    (void)r0;
    zki_wire y = {0, zki_nn_rows(nn) - 1};
    return y;
}

zki_wire zki_nn_poseidon_vec(zki_nn *nn, const zki_wire *x, size_t n) {
    static const zki_wire none = {0, UINT32_MAX};
    if (n == 0) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "hash of an empty vector");
        return none;
    }
    zki_fr v[ZKI_POSEIDON_MAX_INPUTS], h;
    size_t first = n < ZKI_POSEIDON_VEC_FIRST ? n : ZKI_POSEIDON_VEC_FIRST;
    for (size_t j = 0; j < first; j++) zki_fr_set_i64(&v[j], zki_nn_value(nn, x[j]));
    zki_wire hw = poseidon_call(nn, NULL, NULL, x, (uint32_t)first, v);
    for (size_t i = first; i < n && zki_nn_status(nn) == ZKI_OK; i += ZKI_POSEIDON_VEC_NEXT) {
        const zki_nn_frow *f = zki_nn_i_find_frow(nn, hw.row);
        h = f->v[0];
        size_t m = n - i < ZKI_POSEIDON_VEC_NEXT ? n - i : ZKI_POSEIDON_VEC_NEXT;
        for (size_t j = 0; j < m; j++) zki_fr_set_i64(&v[j], zki_nn_value(nn, x[i + j]));
        zki_wire prev = hw;
        hw = poseidon_call(nn, &prev, &h, &x[i], (uint32_t)m, v);
    }
    return zki_nn_status(nn) == ZKI_OK ? hw : none;
}

zki_status zki_nn_poseidon_finish(const zki_nn *nn, zki_cs *cs) {
    uint32_t mask = zki_nn_i_mask(nn);
    /* gates, one family per width */
    for (uint32_t t = 2; t <= ZKI_POSEIDON_MAX_T; t++) {
        if (!(mask & (1u << t))) continue;
        const zki_poseidon_consts *pc = zki_poseidon_params(t);
        if (!pc) return ZKI_ERR_ARG;
        zki_expr qf = zki_cs_cell(cs, ZKI_COL_FIXED, sel_col(nn, t, 0), 0);
        zki_expr qp = zki_cs_cell(cs, ZKI_COL_FIXED, sel_col(nn, t, 1), 0);
        zki_expr q = zki_cs_add(cs, qf, qp), S[ZKI_POSEIDON_MAX_T];
        for (uint32_t k = 0; k < t; k++) {
            zki_expr u = zki_cs_add(cs, zki_cs_cell(cs, ZKI_COL_ADVICE, k, 0), zki_cs_cell(cs, ZKI_COL_FIXED, k, 0));
            zki_expr u2 = zki_cs_mul(cs, u, u), u5 = zki_cs_mul(cs, zki_cs_mul(cs, u2, u2), u);
            S[k] = k == 0 ? zki_cs_mul(cs, q, u5) : zki_cs_add(cs, zki_cs_mul(cs, qf, u5), zki_cs_mul(cs, qp, u));
        }
        for (uint32_t j = 0; j < t; j++) {
            zki_expr sum = zki_cs_mul(cs, zki_cs_const(cs, &pc->mds[j * t]), S[0]);
            for (uint32_t k = 1; k < t; k++) sum = zki_cs_add(cs, sum, zki_cs_mul(cs, zki_cs_const(cs, &pc->mds[j * t + k]), S[k]));
            char name[32];
            snprintf(name, sizeof name, "poseidon-t%u-%u", t, j);
            zki_cs_gate(cs, name, zki_cs_sub(cs, zki_cs_mul(cs, q, zki_cs_cell(cs, ZKI_COL_ADVICE, j, 1)), sum));
        }
    }
    return ZKI_OK;
}

/* The round constants of every Poseidon row (field elements: set here, not through the
 * builder's integer fixed values). */
zki_status zki_nn_poseidon_constants(const zki_nn *nn, zki_cs *cs, const zki_nn_frow *rows, uint32_t n_rows) {
    (void)nn;
    for (uint32_t i = 0; i < n_rows; i++) {
        const zki_nn_frow *f = &rows[i];
        if (f->round == UINT32_MAX) continue;
        const zki_poseidon_consts *pc = zki_poseidon_params(f->t);
        for (uint32_t k = 0; k < f->t; k++) {
            zki_status st = zki_cs_set_fixed(cs, k, f->row, &pc->rc[f->round * f->t + k]);
            if (st != ZKI_OK) return st;
        }
    }
    return ZKI_OK;
}
