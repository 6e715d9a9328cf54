/* Cauchy groups of linear forms in a constraint DAG (cauchy.h). */
#include <stdlib.h>
#include <string.h>

#include "cauchy.h"

/* A term c·X: a multiplication with one constant operand. Returns: 1 and sets *c, *x. */
static int term_of(const zki_cs *cs, uint32_t i, uint32_t *c, uint32_t *x) {
    const zki_expr_node *nd = &cs->nodes[i];
    if (nd->op != ZKI_EXPR_MUL) return 0;
    if (cs->nodes[nd->a].op == ZKI_EXPR_CONST && cs->nodes[nd->b].op != ZKI_EXPR_CONST) {
        *c = cs->nodes[nd->a].a;
        *x = nd->b;
        return 1;
    }
    if (cs->nodes[nd->b].op == ZKI_EXPR_CONST && cs->nodes[nd->a].op != ZKI_EXPR_CONST) {
        *c = cs->nodes[nd->b].a;
        *x = nd->a;
        return 1;
    }
    return 0;
}

/* Parses node i as a linear form: constant indices c[], operands x[] in chain order.
 * Returns: the number of terms (≥ 2), or 0 when i is not a form of at most
 * ZKCG_CAUCHY_MAX_COLS terms. */
static uint32_t parse(const zki_cs *cs, uint32_t i, uint32_t *c, uint32_t *x) {
    uint32_t m = 0, cur = i;
    while (cs->nodes[cur].op == ZKI_EXPR_ADD) {
        if (m == ZKCG_CAUCHY_MAX_COLS || !term_of(cs, cs->nodes[cur].b, &c[m], &x[m])) return 0;
        m++;
        cur = cs->nodes[cur].a;
    }
    if (m == 0 || m == ZKCG_CAUCHY_MAX_COLS || !term_of(cs, cur, &c[m], &x[m])) return 0;
    m++;
    for (uint32_t l = 0, r = m - 1; l < r; l++, r--) { /* chain order is last term first */
        uint32_t t = c[l];
        c[l] = c[r];
        c[r] = t;
        t = x[l];
        x[l] = x[r];
        x[r] = t;
    }
    return m;
}

/* Every chain addition below the root and every term node has exactly one use (its
 * parent in the chain), so dropping them loses nothing. Marks them when mark is set. */
static int chain_private(const zki_cs *cs, uint32_t root, const uint32_t *uses, uint8_t *absorbed, int mark) {
    uint32_t cur = root;
    for (;;) {
        const zki_expr_node *nd = &cs->nodes[cur];
        if (cur != root) {
            if (uses[cur] != 1) return 0;
            if (mark) absorbed[cur] = 1;
        }
        if (nd->op != ZKI_EXPR_ADD) return 1;
        if (uses[nd->b] != 1) return 0;
        if (mark) absorbed[nd->b] = 1;
        cur = nd->a;
    }
}

/* x_j = 1/C[j][0], y_0 = 0, y_k = 1/C[0][k] − x_0, then every C[j][k]·(x_j + y_k) = 1.
 * Returns: 1 when C is Cauchy in this gauge (which it is whenever it is Cauchy at all). */
static int solve(const zki_cs *cs, zkcg_cauchy *g, uint32_t (*cidx)[ZKCG_CAUCHY_MAX_COLS]) {
    for (uint32_t j = 0; j < g->rows; j++)
        if (!zki_fr_inv(&g->x[j], &cs->consts[cidx[j][0]])) return 0;
    zki_fr_set_zero(&g->y[0]);
    for (uint32_t k = 1; k < g->cols; k++) {
        if (!zki_fr_inv(&g->y[k], &cs->consts[cidx[0][k]])) return 0;
        zki_fr_sub(&g->y[k], &g->y[k], &g->x[0]);
    }
    for (uint32_t j = 0; j < g->rows; j++)
        for (uint32_t k = 0; k < g->cols; k++) {
            zki_fr d;
            zki_fr_add(&d, &g->x[j], &g->y[k]);
            zki_fr_mul(&d, &d, &cs->consts[cidx[j][k]]);
            if (!zki_fr_is_one(&d)) return 0;
        }
    return 1;
}

int64_t zkcg_cauchy_find(const zki_cs *cs, const uint32_t *uses, const uint8_t *reach, zkcg_cauchy **groups,
                         int32_t *group_of, uint8_t *absorbed) {
    uint32_t N = cs->n_nodes, n_groups = 0, cap = 0;
    uint8_t *form = calloc(N + 1, 1), *inner = calloc(N + 1, 1), *done = calloc(N + 1, 1);
    uint32_t(*cidx)[ZKCG_CAUCHY_MAX_COLS] = malloc(sizeof *cidx * ZKCG_CAUCHY_MAX_COLS);
    uint32_t c[ZKCG_CAUCHY_MAX_COLS], x[ZKCG_CAUCHY_MAX_COLS];
    zkcg_cauchy *gs = NULL, cand;
    *groups = NULL;
    if (!form || !inner || !done || !cidx) goto oom;
    for (uint32_t i = 0; i < N; i++) {
        group_of[i] = -1;
        absorbed[i] = 0;
        form[i] = reach[i] && parse(cs, i, c, x) > 0;
    }
    /* a form that is the left operand of a longer one is inside that chain */
    for (uint32_t i = 0; i < N; i++)
        if (form[i] && cs->nodes[i].op == ZKI_EXPR_ADD && form[cs->nodes[i].a]) inner[cs->nodes[i].a] = 1;
    for (uint32_t i = 0; i < N; i++) {
        if (!form[i] || inner[i] || done[i]) continue;
        memset(&cand, 0, sizeof cand);
        cand.cols = parse(cs, i, cidx[0], cand.operand);
        cand.rows = 0;
        /* the rows: every later outermost form over the same operands, in node order */
        for (uint32_t r = i; r < N && cand.rows < ZKCG_CAUCHY_MAX_COLS; r++) {
            if (!form[r] || inner[r] || done[r]) continue;
            if (parse(cs, r, c, x) != cand.cols || memcmp(x, cand.operand, cand.cols * sizeof *x)) continue;
            done[r] = 1;
            if (!chain_private(cs, r, uses, absorbed, 0)) continue;
            memcpy(cidx[cand.rows], c, cand.cols * sizeof *c);
            cand.root[cand.rows++] = r;
        }
        if (cand.rows < 2 || cand.rows * cand.cols < ZKCG_CAUCHY_MIN_ENTRIES || !solve(cs, &cand, cidx)) continue;
        if (n_groups == cap) {
            cap = cap ? 2 * cap : 4;
            zkcg_cauchy *ng = realloc(gs, cap * sizeof *gs);
            if (!ng) goto oom;
            gs = ng;
        }
        for (uint32_t j = 0; j < cand.rows; j++) {
            chain_private(cs, cand.root[j], uses, absorbed, 1);
            group_of[cand.root[j]] = (int32_t)n_groups;
        }
        gs[n_groups++] = cand;
    }
    free(form);
    free(inner);
    free(done);
    free(cidx);
    *groups = gs;
    return n_groups;
oom:
    free(form);
    free(inner);
    free(done);
    free(cidx);
    free(gs);
    return -1;
}
