/* Constraint-system builder, validation and row evaluation (see cs.h). */
#include "cs.h"

#include <stdlib.h>
#include <string.h>

/* Grows an array to hold one more element; sets cs->oom on failure. */
static int grow(zki_cs *cs, void **arr, uint32_t *cap, uint32_t len, size_t elem) {
    if (len < *cap) return 1;
    uint32_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, (size_t)nc * elem);
    if (!p) {
        cs->oom = 1;
        return 0;
    }
    *arr = p;
    *cap = nc;
    return 1;
}

zki_status zki_cs_init(zki_cs *cs, uint32_t log_n, uint32_t n_advice, uint32_t n_fixed,
                       uint32_t n_instance) {
    memset(cs, 0, sizeof *cs);
    if (log_n < 3 || log_n > 26) return ZKI_ERR_ARG;
    if (n_advice > 4096 || n_fixed > 4096 || n_instance > 64) return ZKI_ERR_ARG;
    cs->log_n = log_n;
    cs->n = 1u << log_n;
    cs->n_advice = n_advice;
    cs->n_fixed = n_fixed;
    cs->n_instance = n_instance;
    if (n_fixed) {
        cs->fixed = calloc((size_t)n_fixed * cs->n, sizeof(zki_fr));
        if (!cs->fixed) return ZKI_ERR_NOMEM;
    }
    /* node 0 is the constant 0, so a failed builder call (returning 0) stays harmless */
    zki_fr zero;
    zki_fr_set_zero(&zero);
    zki_cs_const(cs, &zero);
    return cs->oom ? ZKI_ERR_NOMEM : ZKI_OK;
}

void zki_cs_free(zki_cs *cs) {
    for (uint32_t i = 0; i < cs->n_lookups; i++) {
        free(cs->lookups[i].inputs);
        free(cs->lookups[i].tables);
    }
    free(cs->nodes);
    free(cs->consts);
    free(cs->gates);
    free(cs->lookups);
    free(cs->perm_cols);
    free(cs->copies);
    free(cs->fixed);
    memset(cs, 0, sizeof *cs);
}

uint32_t zki_cs_usable_rows(const zki_cs *cs) { return cs->n - ZKI_CS_BLIND_ROWS - 1; }

static zki_expr push_node(zki_cs *cs, zki_expr_node nd) {
    if (!grow(cs, (void **)&cs->nodes, &cs->cap_nodes, cs->n_nodes, sizeof nd)) return 0;
    cs->nodes[cs->n_nodes] = nd;
    return cs->n_nodes++;
}

zki_expr zki_cs_const(zki_cs *cs, const zki_fr *c) {
    /* reuse an equal constant: gates repeat small constants a lot */
    for (uint32_t i = 0; i < cs->n_nodes; i++)
        if (cs->nodes[i].op == ZKI_EXPR_CONST && zki_fr_eq(&cs->consts[cs->nodes[i].a], c)) return i;
    if (!grow(cs, (void **)&cs->consts, &cs->cap_consts, cs->n_consts, sizeof *c)) return 0;
    cs->consts[cs->n_consts] = *c;
    zki_expr_node nd = {ZKI_EXPR_CONST, 0, 0, cs->n_consts, 0};
    zki_expr e = push_node(cs, nd);
    if (!cs->oom) cs->n_consts++;
    return e;
}

zki_expr zki_cs_const_i64(zki_cs *cs, int64_t c) {
    zki_fr v;
    zki_fr_set_i64(&v, c);
    return zki_cs_const(cs, &v);
}

zki_expr zki_cs_cell(zki_cs *cs, zki_col_kind kind, uint32_t col, int rot) {
    for (uint32_t i = 0; i < cs->n_nodes; i++) {
        const zki_expr_node *o = &cs->nodes[i];
        if (o->op == ZKI_EXPR_CELL && o->kind == kind && o->a == col && o->rot == rot) return i;
    }
    zki_expr_node nd = {ZKI_EXPR_CELL, (uint8_t)kind, (int16_t)rot, col, 0};
    if (rot < -64 || rot > 64) cs->oom = 2; /* reported as a bad argument by validate */
    return push_node(cs, nd);
}

static zki_expr binop(zki_cs *cs, zki_expr_op op, zki_expr a, zki_expr b) {
    zki_expr_node nd = {(uint8_t)op, 0, 0, a, b};
    return push_node(cs, nd);
}

zki_expr zki_cs_add(zki_cs *cs, zki_expr a, zki_expr b) { return binop(cs, ZKI_EXPR_ADD, a, b); }
zki_expr zki_cs_sub(zki_cs *cs, zki_expr a, zki_expr b) { return binop(cs, ZKI_EXPR_SUB, a, b); }
zki_expr zki_cs_mul(zki_cs *cs, zki_expr a, zki_expr b) { return binop(cs, ZKI_EXPR_MUL, a, b); }
zki_expr zki_cs_neg(zki_cs *cs, zki_expr a) { return binop(cs, ZKI_EXPR_NEG, a, 0); }

zki_expr zki_cs_challenge(zki_cs *cs, uint32_t i) {
    for (uint32_t k = 0; k < cs->n_nodes; k++)
        if (cs->nodes[k].op == ZKI_EXPR_CHALLENGE && cs->nodes[k].a == i) return k;
    zki_expr_node nd = {ZKI_EXPR_CHALLENGE, 0, 0, i, 0};
    return push_node(cs, nd);
}

zki_status zki_cs_set_late(zki_cs *cs, uint32_t n_late, uint32_t n_challenges) {
    if (n_late > cs->n_advice || n_challenges > ZKI_CS_MAX_CHALLENGES || (n_late == 0) != (n_challenges == 0))
        return ZKI_ERR_ARG;
    cs->n_advice_late = n_late;
    cs->n_challenges = n_challenges;
    return ZKI_OK;
}

zki_status zki_cs_set_shplonk(zki_cs *cs, uint32_t pack) {
    if (pack > ZKI_CS_MAX_PACK) return ZKI_ERR_ARG;
    cs->shplonk = pack;
    return ZKI_OK;
}

static void copy_name(char dst[32], const char *src) {
    size_t n = src ? strlen(src) : 0;
    if (n > 31) n = 31;
    if (n) memcpy(dst, src, n);
    dst[n] = 0;
}

zki_status zki_cs_gate(zki_cs *cs, const char *name, zki_expr root) {
    if (root >= cs->n_nodes) return ZKI_ERR_ARG;
    if (!grow(cs, (void **)&cs->gates, &cs->cap_gates, cs->n_gates, sizeof *cs->gates)) return ZKI_ERR_NOMEM;
    copy_name(cs->gates[cs->n_gates].name, name);
    cs->gates[cs->n_gates].root = root;
    cs->n_gates++;
    return ZKI_OK;
}

zki_status zki_cs_lookup(zki_cs *cs, const char *name, uint32_t width, const zki_expr *inputs,
                         const zki_expr *tables) {
    if (width == 0 || width > 16) return ZKI_ERR_ARG;
    if (!grow(cs, (void **)&cs->lookups, &cs->cap_lookups, cs->n_lookups, sizeof *cs->lookups))
        return ZKI_ERR_NOMEM;
    zki_lookup *l = &cs->lookups[cs->n_lookups];
    memset(l, 0, sizeof *l);
    copy_name(l->name, name);
    l->width = width;
    l->inputs = malloc(width * sizeof(zki_expr));
    l->tables = malloc(width * sizeof(zki_expr));
    if (!l->inputs || !l->tables) {
        free(l->inputs);
        free(l->tables);
        return ZKI_ERR_NOMEM;
    }
    memcpy(l->inputs, inputs, width * sizeof(zki_expr));
    memcpy(l->tables, tables, width * sizeof(zki_expr));
    cs->n_lookups++;
    return ZKI_OK;
}

static int col_in_range(const zki_cs *cs, unsigned kind, uint32_t col) {
    switch (kind) {
    case ZKI_COL_ADVICE: return col < cs->n_advice;
    case ZKI_COL_FIXED: return col < cs->n_fixed;
    case ZKI_COL_INSTANCE: return col < cs->n_instance;
    }
    return 0;
}

static int perm_index(const zki_cs *cs, unsigned kind, uint32_t col) {
    for (uint32_t i = 0; i < cs->n_perm_cols; i++)
        if (cs->perm_cols[i].kind == kind && cs->perm_cols[i].col == col) return (int)i;
    return -1;
}

zki_status zki_cs_enable_equality(zki_cs *cs, zki_col_kind kind, uint32_t col) {
    if (!col_in_range(cs, kind, col)) return ZKI_ERR_ARG;
    if (perm_index(cs, kind, col) >= 0) return ZKI_OK;
    if (!grow(cs, (void **)&cs->perm_cols, &cs->cap_perm_cols, cs->n_perm_cols, sizeof(zki_cell)))
        return ZKI_ERR_NOMEM;
    zki_cell c = {(uint8_t)kind, col, 0};
    cs->perm_cols[cs->n_perm_cols++] = c;
    /* the column's value at ζ must be an opening query: make sure a node reads it */
    if (kind != ZKI_COL_INSTANCE) zki_cs_cell(cs, kind, col, 0);
    return cs->oom ? ZKI_ERR_NOMEM : ZKI_OK;
}

zki_status zki_cs_copy(zki_cs *cs, zki_cell a, zki_cell b) {
    uint32_t u = zki_cs_usable_rows(cs);
    if (perm_index(cs, a.kind, a.col) < 0 || perm_index(cs, b.kind, b.col) < 0) return ZKI_ERR_ARG;
    if (a.row >= u || b.row >= u) return ZKI_ERR_ARG;
    if (cs->cap_copies < cs->n_copies + 2) {
        if (!grow(cs, (void **)&cs->copies, &cs->cap_copies, cs->n_copies + 1, sizeof(zki_cell)))
            return ZKI_ERR_NOMEM;
    }
    cs->copies[cs->n_copies++] = a;
    cs->copies[cs->n_copies++] = b;
    return ZKI_OK;
}

zki_status zki_cs_set_fixed(zki_cs *cs, uint32_t col, uint32_t row, const zki_fr *v) {
    if (col >= cs->n_fixed || row >= zki_cs_usable_rows(cs)) return ZKI_ERR_ARG;
    cs->fixed[(size_t)col * cs->n + row] = *v;
    return ZKI_OK;
}

unsigned zki_cs_expr_degree(const zki_cs *cs, zki_expr e) {
    const zki_expr_node *nd = &cs->nodes[e];
    switch (nd->op) {
    case ZKI_EXPR_CONST:
    case ZKI_EXPR_CHALLENGE: return 0;
    case ZKI_EXPR_CELL: return 1;
    case ZKI_EXPR_NEG: return zki_cs_expr_degree(cs, nd->a);
    case ZKI_EXPR_MUL: return zki_cs_expr_degree(cs, nd->a) + zki_cs_expr_degree(cs, nd->b);
    default: {
        unsigned da = zki_cs_expr_degree(cs, nd->a), db = zki_cs_expr_degree(cs, nd->b);
        return da > db ? da : db;
    }
    }
}

/* Table expressions may only read fixed columns at rotation 0. */
static int fixed_only(const zki_cs *cs, zki_expr e) {
    const zki_expr_node *nd = &cs->nodes[e];
    switch (nd->op) {
    case ZKI_EXPR_CONST: return 1;
    case ZKI_EXPR_CHALLENGE: return 0;
    case ZKI_EXPR_CELL: return nd->kind == ZKI_COL_FIXED && nd->rot == 0;
    case ZKI_EXPR_NEG: return fixed_only(cs, nd->a);
    default: return fixed_only(cs, nd->a) && fixed_only(cs, nd->b);
    }
}

zki_status zki_cs_validate(const zki_cs *cs) {
    if (cs->oom == 1) return ZKI_ERR_NOMEM;
    if (cs->oom) return ZKI_ERR_ARG;
    if (cs->n_advice_late > cs->n_advice || cs->n_challenges > ZKI_CS_MAX_CHALLENGES || cs->shplonk > ZKI_CS_MAX_PACK ||
        (cs->n_advice_late == 0) != (cs->n_challenges == 0))
        return ZKI_ERR_ARG;
    for (uint32_t i = 0; i < cs->n_nodes; i++) {
        const zki_expr_node *nd = &cs->nodes[i];
        switch (nd->op) {
        case ZKI_EXPR_CONST:
            if (nd->a >= cs->n_consts) return ZKI_ERR_ARG;
            break;
        case ZKI_EXPR_CELL:
            if (!col_in_range(cs, nd->kind, nd->a)) return ZKI_ERR_ARG;
            if (nd->kind == ZKI_COL_INSTANCE && nd->rot != 0) return ZKI_ERR_ARG;
            if (nd->rot < -64 || nd->rot > 64) return ZKI_ERR_ARG;
            break;
        case ZKI_EXPR_ADD:
        case ZKI_EXPR_SUB:
        case ZKI_EXPR_MUL:
            if (nd->a >= i || nd->b >= i) return ZKI_ERR_ARG;
            break;
        case ZKI_EXPR_NEG:
            if (nd->a >= i) return ZKI_ERR_ARG;
            break;
        case ZKI_EXPR_CHALLENGE:
            if (nd->a >= cs->n_challenges || nd->b != 0 || nd->kind != 0 || nd->rot != 0) return ZKI_ERR_ARG;
            break;
        default: return ZKI_ERR_ARG;
        }
    }
    for (uint32_t g = 0; g < cs->n_gates; g++)
        if (cs->gates[g].root >= cs->n_nodes) return ZKI_ERR_ARG;
    for (uint32_t l = 0; l < cs->n_lookups; l++)
        for (uint32_t j = 0; j < cs->lookups[l].width; j++) {
            if (cs->lookups[l].inputs[j] >= cs->n_nodes) return ZKI_ERR_ARG;
            if (cs->lookups[l].tables[j] >= cs->n_nodes) return ZKI_ERR_ARG;
            if (!fixed_only(cs, cs->lookups[l].tables[j])) return ZKI_ERR_ARG;
        }
    return ZKI_OK;
}

void zki_cs_eval_row(const zki_cs *cs, zki_expr e, uint32_t row, zki_cell_getter get, void *ctx,
                     zki_fr *scratch, zki_fr *out) {
    uint32_t mask = cs->n - 1;
    for (uint32_t i = 0; i <= e; i++) {
        const zki_expr_node *nd = &cs->nodes[i];
        switch (nd->op) {
        case ZKI_EXPR_CONST: scratch[i] = cs->consts[nd->a]; break;
        case ZKI_EXPR_CELL:
            scratch[i] = *get(ctx, (zki_col_kind)nd->kind, nd->a, (row + (uint32_t)(int32_t)nd->rot) & mask);
            break;
        case ZKI_EXPR_ADD: zki_fr_add(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
        case ZKI_EXPR_SUB: zki_fr_sub(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
        case ZKI_EXPR_MUL: zki_fr_mul(&scratch[i], &scratch[nd->a], &scratch[nd->b]); break;
        case ZKI_EXPR_NEG: zki_fr_neg(&scratch[i], &scratch[nd->a]); break;
        case ZKI_EXPR_CHALLENGE: scratch[i] = *get(ctx, ZKI_COL_CHALLENGE, nd->a, 0); break;
        }
    }
    *out = scratch[e];
}

static void *dup(const void *p, size_t n) {
    if (n == 0) return NULL;
    void *q = malloc(n);
    if (q) memcpy(q, p, n);
    return q;
}

zki_status zki_cs_clone_desc(zki_cs *dst, const zki_cs *src) {
    memset(dst, 0, sizeof *dst);
    dst->log_n = src->log_n;
    dst->n = src->n;
    dst->n_advice = src->n_advice;
    dst->n_fixed = src->n_fixed;
    dst->n_instance = src->n_instance;
    dst->n_advice_late = src->n_advice_late;
    dst->n_challenges = src->n_challenges;
    dst->shplonk = src->shplonk;
    dst->n_nodes = dst->cap_nodes = src->n_nodes;
    dst->n_consts = dst->cap_consts = src->n_consts;
    dst->n_gates = dst->cap_gates = src->n_gates;
    dst->n_perm_cols = dst->cap_perm_cols = src->n_perm_cols;
    dst->nodes = dup(src->nodes, src->n_nodes * sizeof *src->nodes);
    dst->consts = dup(src->consts, src->n_consts * sizeof *src->consts);
    dst->gates = dup(src->gates, src->n_gates * sizeof *src->gates);
    dst->perm_cols = dup(src->perm_cols, src->n_perm_cols * sizeof *src->perm_cols);
    int ok = (dst->nodes || !src->n_nodes) && (dst->consts || !src->n_consts) &&
             (dst->gates || !src->n_gates) && (dst->perm_cols || !src->n_perm_cols);
    if (ok && src->n_lookups) {
        dst->lookups = calloc(src->n_lookups, sizeof *dst->lookups);
        ok = dst->lookups != NULL;
        for (uint32_t l = 0; ok && l < src->n_lookups; l++) {
            const zki_lookup *s = &src->lookups[l];
            zki_lookup *d = &dst->lookups[l];
            memcpy(d->name, s->name, sizeof d->name);
            d->width = s->width;
            d->inputs = dup(s->inputs, s->width * sizeof(zki_expr));
            d->tables = dup(s->tables, s->width * sizeof(zki_expr));
            dst->n_lookups = dst->cap_lookups = l + 1;
            ok = d->inputs && d->tables;
        }
    }
    if (!ok) {
        zki_cs_free(dst);
        return ZKI_ERR_NOMEM;
    }
    return ZKI_OK;
}
