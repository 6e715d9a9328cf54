/* The constraint-system builder and the mock prover: a satisfied circuit passes, and
 * each kind of broken witness is reported with the right constraint, row and cells. */
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "test.h"

/* Columns: advice a, b, c; fixed q_mul, q_add, q_lk, table; instance x.
 * Gates: q_mul·(a·b − c), q_add·(a + b − c(next row)). Lookup: q_lk·a ∈ table (0..15).
 * Copies: c[0] = a[1], instance x[0] = a[0]. */
enum { A, B, C };
enum { QMUL, QADD, QLK, TAB };

struct circ {
    zki_cs cs;
    zki_fr *adv, *inst;
    zki_witness w;
};

static void set(zki_fr *col, uint32_t n, uint32_t c, uint32_t r, int64_t v) { zki_fr_set_i64(&col[(size_t)c * n + r], v); }

static int build(struct circ *k) {
    zki_cs *cs = &k->cs;
    if (zki_cs_init(cs, 5, 3, 4, 1) != ZKI_OK) return 0;
    zki_expr a = zki_cs_cell(cs, ZKI_COL_ADVICE, A, 0), b = zki_cs_cell(cs, ZKI_COL_ADVICE, B, 0);
    zki_expr c = zki_cs_cell(cs, ZKI_COL_ADVICE, C, 0), cn = zki_cs_cell(cs, ZKI_COL_ADVICE, C, 1);
    zki_expr qm = zki_cs_cell(cs, ZKI_COL_FIXED, QMUL, 0), qa = zki_cs_cell(cs, ZKI_COL_FIXED, QADD, 0);
    zki_expr ql = zki_cs_cell(cs, ZKI_COL_FIXED, QLK, 0), t = zki_cs_cell(cs, ZKI_COL_FIXED, TAB, 0);
    zki_cs_gate(cs, "mul", zki_cs_mul(cs, qm, zki_cs_sub(cs, zki_cs_mul(cs, a, b), c)));
    zki_cs_gate(cs, "add-next", zki_cs_mul(cs, qa, zki_cs_sub(cs, zki_cs_add(cs, a, b), cn)));
    zki_expr in = zki_cs_mul(cs, ql, a);
    zki_cs_lookup(cs, "range4", 1, &in, &t);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, A);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, C);
    zki_cs_enable_equality(cs, ZKI_COL_INSTANCE, 0);
    zki_cell c0 = {ZKI_COL_ADVICE, C, 0}, a1 = {ZKI_COL_ADVICE, A, 1};
    zki_cell x0 = {ZKI_COL_INSTANCE, 0, 0}, a0 = {ZKI_COL_ADVICE, A, 0};
    zki_cs_copy(cs, c0, a1);
    zki_cs_copy(cs, x0, a0);
    uint32_t n = cs->n, u = zki_cs_usable_rows(cs);
    zki_fr one;
    zki_fr_set_one(&one);
    for (uint32_t r = 0; r < 16 && r < u; r++) {
        zki_fr v;
        zki_fr_set_u64(&v, r);
        zki_cs_set_fixed(cs, TAB, r, &v);
    }
    /* rows 0..3: mul, add-next, mul, (end) */
    zki_cs_set_fixed(cs, QMUL, 0, &one);
    zki_cs_set_fixed(cs, QADD, 1, &one);
    zki_cs_set_fixed(cs, QMUL, 2, &one);
    zki_cs_set_fixed(cs, QLK, 0, &one);
    zki_cs_set_fixed(cs, QLK, 1, &one);
    k->adv = calloc((size_t)3 * n, sizeof(zki_fr));
    k->inst = calloc(n, sizeof(zki_fr));
    if (!k->adv || !k->inst) return 0;
    /* row 0: 3·4 = 12; row 1: a = 12 (copy), 12 + 1 = 13 → c[2]; row 2: 13·... */
    set(k->adv, n, A, 0, 3); set(k->adv, n, B, 0, 4); set(k->adv, n, C, 0, 12);
    set(k->adv, n, A, 1, 12); set(k->adv, n, B, 1, 1);
    set(k->adv, n, A, 2, 2); set(k->adv, n, B, 2, 7); set(k->adv, n, C, 2, 13);
    /* row 2's mul gate: 2·7 = 14 ≠ 13; fix by making the add produce c[2] and mul use row 3 */
    zki_fr zero;
    zki_fr_set_zero(&zero);
    zki_cs_set_fixed(cs, QMUL, 2, &zero);
    zki_cs_set_fixed(cs, QMUL, 3, &one);
    set(k->adv, n, A, 3, -2); set(k->adv, n, B, 3, 7); set(k->adv, n, C, 3, -14);
    set(k->inst, n, 0, 0, 3);
    k->w.advice = k->adv;
    k->w.instance = k->inst;
    return zki_cs_validate(cs) == ZKI_OK;
}

static void destroy(struct circ *k) {
    zki_cs_free(&k->cs);
    free(k->adv);
    free(k->inst);
}

CASE(mock_accepts_satisfied_circuit) {
    struct circ k;
    REQUIRE(build(&k));
    zki_mock_failure f;
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_OK);
    CHECK(zki_cs_check_gates_gated(&k.cs, &f) == ZKI_OK);
    CHECK(zki_cs_expr_degree(&k.cs, k.cs.gates[0].root) == 3);
    CHECK(zki_cs_expr_degree(&k.cs, k.cs.gates[1].root) == 2);
    destroy(&k);
}

CASE(mock_names_failing_gate_lookup_and_copy) {
    struct circ k;
    REQUIRE(build(&k));
    uint32_t n = k.cs.n;
    zki_mock_failure f;
    char msg[128];
    /* gate: change c[3] */
    set(k.adv, n, C, 3, -13);
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_GATE && f.index == 0 && f.row == 3);
    zki_mock_failure_str(msg, sizeof msg, &f);
    CHECK(strstr(msg, "mul") != NULL && strstr(msg, "row 3") != NULL);
    set(k.adv, n, C, 3, -14);
    /* next-row gate: change c[2] */
    set(k.adv, n, C, 2, 14);
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_GATE && f.index == 1 && f.row == 1);
    set(k.adv, n, C, 2, 13);
    /* lookup: a[1] = 12 is in 0..15; 16 is not (and keep gates and copies satisfied) */
    set(k.adv, n, A, 0, 4); set(k.adv, n, C, 0, 16); set(k.adv, n, A, 1, 16);
    set(k.adv, n, B, 1, -3); set(k.inst, n, 0, 0, 4);
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_LOOKUP && f.index == 0 && f.row == 1);
    set(k.adv, n, A, 0, 3); set(k.adv, n, C, 0, 12); set(k.adv, n, A, 1, 12);
    set(k.adv, n, B, 1, 1); set(k.inst, n, 0, 0, 3);
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_OK);
    /* copy: the public input disagrees with a[0] */
    set(k.inst, n, 0, 0, 5);
    CHECK(zki_mock_prove(&k.cs, &k.w, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_COPY && f.index == 1);
    CHECK(f.a.kind == ZKI_COL_INSTANCE && f.b.kind == ZKI_COL_ADVICE && f.b.row == 0);
    zki_mock_failure_str(msg, sizeof msg, &f);
    CHECK(strstr(msg, "instance column 0 row 0") != NULL);
    destroy(&k);
}

CASE(mock_rejects_ungated_gate_and_bad_descriptions) {
    zki_cs cs;
    REQUIRE(zki_cs_init(&cs, 4, 2, 1, 0) == ZKI_OK);
    zki_expr a = zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0), b = zki_cs_cell(&cs, ZKI_COL_ADVICE, 1, 0);
    zki_cs_gate(&cs, "ungated", zki_cs_sub(&cs, a, b));
    zki_mock_failure f;
    CHECK(zki_cs_check_gates_gated(&cs, &f) == ZKI_REJECT);
    CHECK(f.kind == ZKI_MOCK_UNGATED && f.index == 0);
    /* out-of-range column, instance rotation, lookup table on advice, copy on a
     * column without equality, fixed value outside the usable rows */
    zki_cs_cell(&cs, ZKI_COL_ADVICE, 7, 0);
    CHECK(zki_cs_validate(&cs) == ZKI_ERR_ARG);
    zki_cs_free(&cs);

    REQUIRE(zki_cs_init(&cs, 4, 2, 1, 1) == ZKI_OK);
    zki_cs_cell(&cs, ZKI_COL_INSTANCE, 0, 1);
    CHECK(zki_cs_validate(&cs) == ZKI_ERR_ARG);
    zki_cs_free(&cs);

    REQUIRE(zki_cs_init(&cs, 4, 2, 1, 1) == ZKI_OK);
    a = zki_cs_cell(&cs, ZKI_COL_ADVICE, 0, 0);
    CHECK(zki_cs_lookup(&cs, "bad", 1, &a, &a) == ZKI_OK);
    CHECK(zki_cs_validate(&cs) == ZKI_ERR_ARG);
    zki_cell c1 = {ZKI_COL_ADVICE, 0, 0}, c2 = {ZKI_COL_ADVICE, 1, 0};
    CHECK(zki_cs_copy(&cs, c1, c2) == ZKI_ERR_ARG);
    zki_fr one;
    zki_fr_set_one(&one);
    CHECK(zki_cs_set_fixed(&cs, 0, zki_cs_usable_rows(&cs), &one) == ZKI_ERR_ARG);
    CHECK(zki_cs_set_fixed(&cs, 1, 0, &one) == ZKI_ERR_ARG);
    zki_cs_free(&cs);

    CHECK(zki_cs_init(&cs, 2, 1, 1, 0) == ZKI_ERR_ARG);
    CHECK(zki_cs_init(&cs, 27, 1, 1, 0) == ZKI_ERR_ARG);
}
