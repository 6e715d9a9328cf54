/* The combined constraint on a block of rows (see eval_block.h). Every step mirrors
 * zki_plonk_eval_constraints in plonk.c, term for term and in the same order. */
#include "eval_block.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

#define B ZKI_PLONK_BLOCK

zki_status zki_plonk_block_init(zki_plonk_block *b, const zki_cs *cs) {
    b->n_nodes = cs->n_nodes;
    b->buf = malloc(((size_t)cs->n_nodes + ZKI_PLONK_BLOCK_TEMPS) * B * sizeof(zki_fr));
    b->vp = malloc(((size_t)cs->n_nodes + 1) * sizeof *b->vp);
    return b->buf && b->vp ? ZKI_OK : ZKI_ERR_NOMEM;
}

void zki_plonk_block_free(zki_plonk_block *b) {
    free(b->buf);
    free(b->vp);
    b->buf = NULL;
    b->vp = NULL;
}

/* The block of polynomial (kind, index) at rotation rot: a pointer into its values, or,
 * where the block wraps around the domain, a copy in tmp. */
static const zki_fr *cells(zki_plonk_column_fn column, void *ctx, unsigned kind, uint32_t index, int32_t rot,
                           size_t n, size_t row, size_t count, zki_fr *tmp) {
    const zki_fr *v = column(ctx, kind, index);
    int64_t start = (int64_t)row + rot;
    if (start >= 0 && (size_t)start + count <= n) return v + start;
    for (size_t r = 0; r < count; r++) tmp[r] = v[(size_t)(start + (int64_t)n + (int64_t)r) & (n - 1)];
    return tmp;
}

/* acc = acc·y + c, element-wise */
static void fold(zki_fr *acc, const zki_fr *y, const zki_fr *c, size_t count) {
    zki_vec_mul_s(acc, acc, y, count);
    zki_fr_vadd(acc, acc, c, count);
}

/* out = Σ_j θ^(w-1-j) e_j over the block (Horner), from the node blocks */
static void compress(const zki_expr *es, uint32_t w, const zki_fr *theta, const zki_fr *const *vp, size_t count,
                     zki_fr *out) {
    memset(out, 0, count * sizeof(zki_fr));
    for (uint32_t j = 0; j < w; j++) {
        zki_vec_mul_s(out, out, theta, count);
        zki_fr_vadd(out, out, vp[es[j]], count);
    }
}

void zki_plonk_eval_block(const zki_cs *cs, const zki_plonk_layout *L, const zki_plonk_challenges *ch,
                          const zki_fr *delta_pows, zki_plonk_column_fn column, void *ctx, const zki_fr *x,
                          const zki_fr *l0, const zki_fr *llast, const zki_fr *lblind, size_t row, size_t count,
                          zki_plonk_block *b, zki_fr *out) {
    size_t n = cs->n;
    const zki_fr **vp = b->vp;
    zki_fr *tmp = b->buf + (size_t)cs->n_nodes * B;
    zki_fr *lactive = tmp, *c = tmp + B, *t1 = tmp + 2 * B, *t2 = tmp + 3 * B, *left = tmp + 4 * B,
           *right = tmp + 5 * B, *f = tmp + 6 * B, *t = tmp + 7 * B;
    zki_fr one;
    zki_fr_set_one(&one);
    for (size_t r = 0; r < count; r++) {
        zki_fr_sub(&lactive[r], &one, &llast[r]);
        zki_fr_sub(&lactive[r], &lactive[r], &lblind[r]);
    }
    memset(out, 0, count * sizeof(zki_fr));

    /* every node once, a block at a time */
    for (uint32_t i = 0; i < cs->n_nodes; i++) {
        const zki_expr_node *nd = &cs->nodes[i];
        zki_fr *dst = b->buf + (size_t)i * B;
        switch (nd->op) {
        case ZKI_EXPR_CONST:
            for (size_t r = 0; r < count; r++) dst[r] = cs->consts[nd->a];
            vp[i] = dst;
            break;
        case ZKI_EXPR_CELL: vp[i] = cells(column, ctx, nd->kind, nd->a, nd->rot, n, row, count, dst); break;
        case ZKI_EXPR_ADD:
            zki_fr_vadd(dst, vp[nd->a], vp[nd->b], count);
            vp[i] = dst;
            break;
        case ZKI_EXPR_SUB:
            zki_fr_vsub(dst, vp[nd->a], vp[nd->b], count);
            vp[i] = dst;
            break;
        case ZKI_EXPR_MUL:
            zki_vec_mul(dst, vp[nd->a], vp[nd->b], count);
            vp[i] = dst;
            break;
        case ZKI_EXPR_CHALLENGE:
            for (size_t r = 0; r < count; r++) dst[r] = ch->c[nd->a];
            vp[i] = dst;
            break;
        default: /* ZKI_EXPR_NEG */
            for (size_t r = 0; r < count; r++) zki_fr_neg(&dst[r], &vp[nd->a][r]);
            vp[i] = dst;
            break;
        }
    }
    for (uint32_t g = 0; g < cs->n_gates; g++) fold(out, &ch->y, vp[cs->gates[g].root], count);

    if (L->n_z) {
        /* l0 · (1 - z_0) */
        const zki_fr *z0 = cells(column, ctx, ZKI_P_Z, 0, 0, n, row, count, t1);
        for (size_t r = 0; r < count; r++) zki_fr_sub(&c[r], &one, &z0[r]);
        zki_vec_mul(c, c, l0, count);
        fold(out, &ch->y, c, count);
        /* llast · (z_last² - z_last) */
        const zki_fr *zl = cells(column, ctx, ZKI_P_Z, L->n_z - 1, 0, n, row, count, t1);
        zki_vec_mul(c, zl, zl, count);
        zki_fr_vsub(c, c, zl, count);
        zki_vec_mul(c, c, llast, count);
        fold(out, &ch->y, c, count);
        /* l0 · (z_j - z_{j-1}(ω^u x)) */
        for (uint32_t j = 1; j < L->n_z; j++) {
            const zki_fr *zj = cells(column, ctx, ZKI_P_Z, j, 0, n, row, count, t1);
            const zki_fr *zp = cells(column, ctx, ZKI_P_Z, j - 1, L->rot_last, n, row, count, t2);
            zki_fr_vsub(c, zj, zp, count);
            zki_vec_mul(c, c, l0, count);
            fold(out, &ch->y, c, count);
        }
        /* lactive · (z_j(ωx) Π(v + βσ + γ) - z_j(x) Π(v + βδ^k x + γ)) */
        zki_fr *bx = f;
        zki_vec_mul_s(bx, x, &ch->beta, count);
        for (uint32_t j = 0; j < L->n_z; j++) {
            const zki_fr *zn = cells(column, ctx, ZKI_P_Z, j, 1, n, row, count, t1);
            memcpy(left, zn, count * sizeof(zki_fr));
            const zki_fr *zc = cells(column, ctx, ZKI_P_Z, j, 0, n, row, count, t1);
            memcpy(right, zc, count * sizeof(zki_fr));
            for (uint32_t k = j * L->chunk; k < cs->n_perm_cols && k < (j + 1) * L->chunk; k++) {
                const zki_cell *pc = &cs->perm_cols[k];
                const zki_fr *v = cells(column, ctx, pc->kind, pc->col, 0, n, row, count, t);
                const zki_fr *sg = cells(column, ctx, ZKI_P_SIGMA, k, 0, n, row, count, t1);
                zki_vec_mul_s(t1, sg, &ch->beta, count);
                zki_fr_vadd(t1, t1, v, count);
                zki_fr_vadd_s(t1, t1, &ch->gamma, count);
                zki_vec_mul(left, left, t1, count);
                zki_vec_mul_s(t2, bx, &delta_pows[k], count);
                zki_fr_vadd(t2, t2, v, count);
                zki_fr_vadd_s(t2, t2, &ch->gamma, count);
                zki_vec_mul(right, right, t2, count);
            }
            zki_fr_vsub(c, left, right, count);
            zki_vec_mul(c, c, lactive, count);
            fold(out, &ch->y, c, count);
        }
    }

    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        const zki_fr *phi = cells(column, ctx, ZKI_P_PHI, l, 0, n, row, count, left);
        const zki_fr *phin = cells(column, ctx, ZKI_P_PHI, l, 1, n, row, count, right);
        const zki_fr *m = cells(column, ctx, ZKI_P_M, l, 0, n, row, count, t2);
        zki_vec_mul(c, l0, phi, count);
        fold(out, &ch->y, c, count);
        zki_vec_mul(c, llast, phi, count);
        fold(out, &ch->y, c, count);
        compress(lk->inputs, lk->width, &ch->theta, vp, count, f);
        compress(lk->tables, lk->width, &ch->theta, vp, count, t);
        zki_fr_vadd_s(f, f, &ch->lambda, count);
        zki_fr_vadd_s(t, t, &ch->lambda, count);
        zki_fr_vsub(c, phin, phi, count);
        zki_vec_mul(c, c, f, count);
        zki_vec_mul(c, c, t, count);
        zki_vec_mul(t1, m, f, count);
        zki_fr_vsub(c, c, t1, count);
        zki_fr_vadd(c, c, t, count);
        zki_vec_mul(c, c, lactive, count);
        fold(out, &ch->y, c, count);
    }
}
