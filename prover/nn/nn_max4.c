/* The maximum of four values on one row (zki_nn_max4, see nn.h), and maxima of n
 * values as chains of such rows (zki_nn_max_n).
 *
 * Layout: x_0..x_3 copy the inputs a, b, c, d; out holds m (a new wire); the fixed
 * selector q_m4 is 1. One gate and four range checks into t_d (0..2^b − 1):
 *   max4:    q_m4·(m − a)·(m − b)·(m − c)·(m − d) = 0          (degree 5)
 *   diff-a:  … + q_m4·(m − a) ∈ t_d     diff-b:  … + q_m4·(m − b) ∈ t_d
 *   diff-c:  q_m4·(m − c) ∈ t_d         diff-d:  q_m4·(m − d) ∈ t_d
 * diff-a and diff-b are the lookups of the two-input max and of division: their
 * selectors q_max, q_div and q_m4 are never 1 on the same row, so on a max4 row they
 * read only our term. Degree: the gate's 5 is the circuit's degree already (the
 * lookups' and Poseidon's), so D does not grow.
 *
 * Soundness: a, b, c, d are activations, integers in [−2^(b−1), 2^(b−1)) in every
 * witness (the caller's contract, as for zki_nn_max). The gate makes m equal to one of
 * them (a product of field elements vanishes only if a factor does), so m is an
 * activation too; each difference m − x is then an integer in (−2^b, 2^b), and the
 * lookups put it in [0, 2^b) (the field is far larger than 2^(b+1), so a negative
 * difference, r − |m − x| as a field element, is not in the table): m >= a, b, c, d.
 * One of them and at least each: m is their maximum.
 *
 * Why no other gate reads into these rows: every other selector is 0 on a max4 row,
 * and the gates that read the next row (mac, pmac, the Freivalds chains, the Poseidon
 * rounds) are switched on only on rows whose next row belongs to the same gadget (a
 * dot product's last row has q_end / q_pend, a chain's last row q_fe, a Poseidon
 * state's last row no selector, and all of these read rotation 0). The max4 gate reads
 * rotation 0 only. m is read elsewhere only through copies of its cell.
 */
#include "nn.h"
#include "nn_internal.h"

static const zki_wire NONE = {0, UINT32_MAX};

zki_wire zki_nn_max4(zki_nn *nn, zki_wire a, zki_wire b, zki_wire c, zki_wire d) {
    if (zki_nn_status(nn) != ZKI_OK) return NONE;
    if (!zki_nn_i_max4(nn)) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "a max of four needs a builder made with max4 = 1");
        return NONE;
    }
    const zki_wire in[4] = {a, b, c, d};
    int64_t half = (int64_t)1 << (zki_nn_i_act_bits(nn) - 1), m = INT64_MIN;
    for (int i = 0; i < 4; i++) {
        int64_t v = zki_nn_value(nn, in[i]);
        if (v < -half || v >= half) {
            zki_nn_i_fail_range(nn, "max input", v, -half, half);
            return NONE;
        }
        if (v > m) m = v;
    }
    uint32_t r = zki_nn_i_new_row(nn);
    if (r == UINT32_MAX) return NONE;
    uint32_t W = zki_nn_i_width(nn);
    for (uint32_t i = 0; i < 4; i++) zki_nn_i_use(nn, in[i], i, r);
    zki_nn_i_set_adv(nn, r, W + 1, m);
    zki_nn_i_set_fixed(nn, r, zki_nn_i_col_qm4(nn), 1);
    zki_nn_i_count_max4(nn);
    zki_wire y = {W + 1, r};
    return y;
}

uint64_t zki_nn_max_n_rows(int max4, size_t n) {
    if (n <= 1) return 0;
    return max4 ? ((uint64_t)n - 1 + 2) / 3 : (uint64_t)n - 1;
}

zki_wire zki_nn_max_n(zki_nn *nn, const zki_wire *x, size_t n) {
    if (n == 0) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "a max of no values");
        return NONE;
    }
    zki_wire m = x[0];
    size_t i = 1;
    if (zki_nn_i_max4(nn))
        for (; i + 1 < n; i += 3) {
            /* three new values, or two with the last repeated (still one row) */
            zki_wire c = x[i + 1], d = i + 2 < n ? x[i + 2] : x[i + 1];
            m = zki_nn_max4(nn, m, x[i], c, d);
        }
    for (; i < n; i++) m = zki_nn_max(nn, m, x[i]);
    return m;
}

/* m − x_i on the current row */
static zki_expr diff(const zki_nn *nn, zki_cs *cs, uint32_t i) {
    uint32_t W = zki_nn_i_width(nn);
    return zki_cs_sub(cs, zki_cs_cell(cs, ZKI_COL_ADVICE, W + 1, 0), zki_cs_cell(cs, ZKI_COL_ADVICE, i, 0));
}

void zki_nn_max4_extend(const zki_nn *nn, zki_cs *cs, uint32_t col, zki_expr *in_a, zki_expr *in_b) {
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, col, 0);
    *in_a = zki_cs_add(cs, *in_a, zki_cs_mul(cs, q, diff(nn, cs, 0)));
    *in_b = zki_cs_add(cs, *in_b, zki_cs_mul(cs, q, diff(nn, cs, 1)));
}

void zki_nn_max4_finish(const zki_nn *nn, zki_cs *cs, uint32_t col, zki_expr td) {
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, col, 0);
    zki_expr g = q;
    for (uint32_t i = 0; i < 4; i++) g = zki_cs_mul(cs, g, diff(nn, cs, i));
    zki_cs_gate(cs, "max4", g);
    zki_expr in_c = zki_cs_mul(cs, q, diff(nn, cs, 2)), in_d = zki_cs_mul(cs, q, diff(nn, cs, 3));
    zki_cs_lookup(cs, "diff-c", 1, &in_c, &td);
    zki_cs_lookup(cs, "diff-d", 1, &in_d, &td);
}
