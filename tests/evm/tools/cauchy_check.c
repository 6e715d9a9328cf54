/* Unit checks of codegen/cauchy.c, the finder of Cauchy matrix-vector products that the
 * Solidity generator emits as loops: a Cauchy group is found (rows, operands, x and y
 * reproducing every constant), and anything else stays inline — a perturbed entry, a
 * group below the size threshold, a chain node read elsewhere. Prints one line per check;
 * exit 0 when all pass. Usage: evm-cauchy-check */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cauchy.h"
#include "poseidon.h"

static int fails;

static void check(int ok, const char *name) {
    printf("  %s %s\n", ok ? "ok  " : "FAIL", name);
    fails += !ok;
}

/* uses and reach as solidity.c counts them (gates only here) */
static void count(const zki_cs *cs, uint32_t *uses, uint8_t *reach) {
    memset(uses, 0, cs->n_nodes * sizeof *uses);
    memset(reach, 0, cs->n_nodes);
    for (uint32_t g = 0; g < cs->n_gates; g++) uses[cs->gates[g].root]++;
    for (uint32_t i = cs->n_nodes; i-- > 0;) {
        if (!uses[i]) continue;
        reach[i] = 1;
        const zki_expr_node *nd = &cs->nodes[i];
        if (nd->op >= ZKI_EXPR_ADD && nd->op <= ZKI_EXPR_MUL) {
            uses[nd->a]++;
            uses[nd->b]++;
        } else if (nd->op == ZKI_EXPR_NEG)
            uses[nd->a]++;
    }
}

/* t gates a_j(ω) − Σ_k c[j][k]·a_k, the shape of nn_poseidon.c's; c row-major t×t.
 * share_row >= 0: that row's first partial sum is also a gate of its own. */
static void build(zki_cs *cs, const zki_fr *c, uint32_t t, int share_row) {
    zki_cs_init(cs, 5, t, 1, 0);
    zki_expr S[16];
    for (uint32_t k = 0; k < t; k++) S[k] = zki_cs_cell(cs, ZKI_COL_ADVICE, k, 0);
    for (uint32_t j = 0; j < t; j++) {
        zki_expr sum = zki_cs_mul(cs, zki_cs_const(cs, &c[j * t]), S[0]), first = 0;
        for (uint32_t k = 1; k < t; k++) {
            sum = zki_cs_add(cs, sum, zki_cs_mul(cs, zki_cs_const(cs, &c[j * t + k]), S[k]));
            if (k == 1) first = sum;
        }
        zki_cs_gate(cs, "row", zki_cs_sub(cs, zki_cs_cell(cs, ZKI_COL_ADVICE, j, 1), sum));
        if ((int)j == share_row) zki_cs_gate(cs, "shared", first);
    }
}

static int64_t find(const zki_cs *cs, zkcg_cauchy **g, int32_t *group_of, uint8_t *absorbed) {
    uint32_t uses[4096];
    uint8_t reach[4096];
    count(cs, uses, reach);
    return zkcg_cauchy_find(cs, uses, reach, g, group_of, absorbed);
}

/* every constant of group g equals 1/(x_j + y_k) */
static int reproduces(const zkcg_cauchy *g, const zki_fr *c, uint32_t t) {
    for (uint32_t j = 0; j < g->rows; j++)
        for (uint32_t k = 0; k < g->cols; k++) {
            zki_fr d;
            zki_fr_add(&d, &g->x[j], &g->y[k]);
            zki_fr_mul(&d, &d, &c[j * t + k]);
            if (!zki_fr_is_one(&d)) return 0;
        }
    return 1;
}

int main(void) {
    zki_fr c[17 * 17];
    int32_t group_of[4096];
    uint8_t absorbed[4096];
    zkcg_cauchy *g = NULL;
    zki_cs cs;
    int64_t n;

    /* circomlib's MDS at t = 13, as the credit model's hashed input uses it */
    const zki_poseidon_consts *pc = zki_poseidon_params(13);
    memcpy(c, pc->mds, 169 * sizeof(zki_fr));
    build(&cs, c, 13, -1);
    n = find(&cs, &g, group_of, absorbed);
    check(n == 1 && g[0].rows == 13 && g[0].cols == 13, "poseidon_t13_is_one_13x13_group");
    check(n == 1 && reproduces(&g[0], c, 13), "poseidon_t13_x_y_reproduce_every_entry");
    uint32_t absorbed_n = 0, rows_n = 0;
    for (uint32_t i = 0; i < cs.n_nodes; i++) {
        absorbed_n += absorbed[i];
        rows_n += group_of[i] == 0;
    }
    /* per row: 11 chain additions below the root and 13 term products */
    check(absorbed_n == 13 * 24 && rows_n == 13, "poseidon_t13_absorbs_chains_and_terms");
    free(g);
    zki_cs_free(&cs);

    /* one entry off by one: not Cauchy, stays inline */
    zki_fr one;
    zki_fr_set_one(&one);
    zki_fr_add(&c[3 * 13 + 7], &c[3 * 13 + 7], &one);
    build(&cs, c, 13, -1);
    n = find(&cs, &g, group_of, absorbed);
    check(n == 0, "perturbed_entry_stays_inline");
    free(g);
    zki_cs_free(&cs);

    /* 3×3 (9 entries < ZKCG_CAUCHY_MIN_ENTRIES): stays inline */
    pc = zki_poseidon_params(3);
    memcpy(c, pc->mds, 9 * sizeof(zki_fr));
    build(&cs, c, 3, -1);
    n = find(&cs, &g, group_of, absorbed);
    check(n == 0, "small_group_stays_inline");
    free(g);
    zki_cs_free(&cs);

    /* t = 5 with row 2's first partial sum read by another gate: rows 0, 1, 3, 4 form
     * the group, row 2 stays inline and nothing of its chain is absorbed */
    pc = zki_poseidon_params(5);
    memcpy(c, pc->mds, 25 * sizeof(zki_fr));
    build(&cs, c, 5, 2);
    n = find(&cs, &g, group_of, absorbed);
    zki_expr row2 = cs.nodes[cs.gates[2].root].b; /* gate 2 is a_2(ω) − row 2's sum */
    absorbed_n = 0;
    for (uint32_t i = 0; i < cs.n_nodes; i++) absorbed_n += absorbed[i];
    check(n == 1 && g[0].rows == 4 && group_of[row2] == -1 && !absorbed[cs.nodes[row2].a] && absorbed_n == 4 * 8,
          "shared_chain_node_keeps_its_row_inline");
    free(g);
    zki_cs_free(&cs);

    printf("cauchy: %s\n", fails ? "FAILED" : "all passed");
    return fails != 0;
}
