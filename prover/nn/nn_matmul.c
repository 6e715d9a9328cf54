/* Matrix products checked by Freivalds' method (zki_nn_matmul, see nn.h).
 *
 * Y = W·X + b, W constant (c_out × k), X wires (k × p). Rather than c_out·p dot
 * products of k terms (about c_out·p·⌈k/W⌉ rows), the results Y are new advice wires
 * and one random challenge d, drawn after every early advice column (so after Y and X
 * are committed), checks them: with X' = X plus a row of ones and W' = W plus b as that
 * row's weights, for every output o
 *   H_o := Σ_j d^j·Y_oj  must equal  Σ_i W'_oi·G_i,   G_i := Σ_j d^j·X'_ij.
 * A wrong row Y_o makes the difference a non-zero polynomial of degree < p in d, which
 * a random d zeroes with probability below p/r (negligible for BN254's r ~ 2^254).
 *
 * Layout of one region (B = ⌈p/W⌉ rows per chain; late columns S and A). A chain
 * runs down its rows and accumulates upwards, so no row is spent on its result:
 *   Y chains (c_out), X chains (k), and a ones chain (the row of ones, shared by every
 *   product over the same p): B rows whose x_0..x_{W−1} hold the chain's next W values
 *   (a Y chain's x cells are the results Y_o,iW+j; an X chain's copy X_i,iW+j, the ones
 *   chain's the constant 1; slots past p copy the constant 0); S_i = d^(iW) (row 0
 *   copies the constant 1); A_i = S_i·h_i + A_{i+1} (h_i: the row's Horner sum), the
 *   last row's A_i = S_i·h_i. The top row's A is H_o or G_i.
 *     rows but the last: q_fm (frei_mac, frei_step); the last row: q_fe (frei_end).
 *   dot chains (c_out): k + 1 rows, S copying G_i (an X chain's top A, the ones chain's
 *     last); A_i = W'_oi·S_i + A_{i+1} with W'_oi in w_0 (q_fd, frei_dot), and on the
 *     last row (the bias row, q_fe) A = S·h with x_0 copying the fixed constant c = b_o
 *     and x_1.. the constant 0; the top row's A is copied to the Y chain's top A (H_o).
 * Why no other gate interferes: on these rows every other selector is 0; our gates
 * only read rotation +1 from a q_fm / q_fd row, whose next row is in the same chain;
 * the builder's other rotation-reading gates (mac, pmac, the Poseidon rounds) are
 * switched on only on rows whose next row belongs to the same gadget (a dot product's
 * last row has q_end / q_pend, which read rotation 0; a Poseidon state's last row has
 * no selector), so none of them reads into a region; and no other gate reads S or A.
 * S and A are filled by zki_nn_late once d is known (zki_prove_late's second phase).
 */
#include <stdlib.h>
#include <string.h>

#include "nn.h"
#include "nn_internal.h"

/* the late columns: after x_0..x_{W-1}, acc, out */
static uint32_t col_s(const zki_nn *nn) { return zki_nn_i_width(nn) + 2; }
static uint32_t col_a(const zki_nn *nn) { return zki_nn_i_width(nn) + 3; }
/* the selectors: three fixed columns (ZKI_NN_FREI_FIXED), the last but q_m4 */
static uint32_t col_qfm(const zki_nn *nn) { return zki_nn_i_frei_base(nn); }
static uint32_t col_qfe(const zki_nn *nn) { return zki_nn_i_frei_base(nn) + 1; }
static uint32_t col_qfd(const zki_nn *nn) { return zki_nn_i_frei_base(nn) + 2; }

static uint64_t rows_of(uint32_t width, uint32_t c_out, uint32_t k, uint32_t p, int new_ones) {
    uint64_t b = ((uint64_t)p + width - 1) / width;
    return ((uint64_t)c_out + k + (new_ones ? 1 : 0)) * b + (uint64_t)c_out * ((uint64_t)k + 1);
}

uint64_t zki_nn_matmul_rows(uint32_t width, uint32_t c_out, uint32_t k, uint32_t p) {
    if (width == 0 || c_out == 0 || k == 0 || p == 0) return UINT64_MAX;
    return rows_of(width, c_out, k, p, 1);
}

/* The top row of the ones chain over p columns, or UINT32_MAX. */
static uint32_t ones_row(const zki_nn_frei *f, uint32_t p) {
    for (uint32_t i = 0; i < f->n_ones; i++)
        if (f->ones[i].p == p) return f->ones[i].row;
    return UINT32_MAX;
}

uint64_t zki_nn_matmul_rows_in(const zki_nn *nn, uint32_t c_out, uint32_t k, uint32_t p) {
    if (c_out == 0 || k == 0 || p == 0) return UINT64_MAX;
    const zki_nn_frei *f = zki_nn_i_frei_c(nn);
    return rows_of(zki_nn_i_width(nn), c_out, k, p, ones_row(f, p) == UINT32_MAX) + (f->zero.row == UINT32_MAX) +
           (f->one.row == UINT32_MAX);
}

zki_wire zki_nn_zero(zki_nn *nn) {
    zki_nn_frei *f = zki_nn_i_frei(nn);
    if (f->zero.row == UINT32_MAX) f->zero = zki_nn_const(nn, 0);
    return f->zero;
}

static zki_wire one_wire(zki_nn *nn) {
    zki_nn_frei *f = zki_nn_i_frei(nn);
    if (f->one.row == UINT32_MAX) f->one = zki_nn_const(nn, 1);
    return f->one;
}

static void copy_adv(zki_nn *nn, uint32_t col_a_, uint32_t row_a, uint32_t col_b, uint32_t row_b) {
    zki_cell a = {ZKI_COL_ADVICE, col_a_, row_a}, b = {ZKI_COL_ADVICE, col_b, row_b};
    zki_nn_i_copy(nn, a, b);
}

/* Appends n rows; returns the first, or UINT32_MAX after a failure. */
static uint32_t new_rows(zki_nn *nn, uint64_t n) {
    uint32_t first = UINT32_MAX;
    for (uint64_t i = 0; i < n; i++) {
        uint32_t r = zki_nn_i_new_row(nn);
        if (r == UINT32_MAX) return UINT32_MAX;
        if (i == 0) first = r;
    }
    return first;
}

/* The selectors of a chain of b rows from r, and S's start (a copy of 1). */
static void chain_rows(zki_nn *nn, uint32_t r, uint32_t b, zki_wire one) {
    copy_adv(nn, one.col, one.row, col_s(nn), r);
    for (uint32_t i = 0; i < b; i++) zki_nn_i_set_fixed(nn, r + i, i + 1 < b ? col_qfm(nn) : col_qfe(nn), 1);
}

static int grow(void **arr, uint32_t *cap, uint32_t n, size_t elem) {
    if (n < *cap) return 1;
    uint32_t nc = *cap ? 2 * *cap : 16;
    void *m = realloc(*arr, nc * elem);
    if (!m) return 0;
    *arr = m;
    *cap = nc;
    return 1;
}

zki_status zki_nn_matmul(zki_nn *nn, const zki_wire *x, const int64_t *w, const int64_t *b, uint32_t c_out,
                         uint32_t k, uint32_t p, zki_wire *y) {
    if (zki_nn_status(nn) != ZKI_OK) return zki_nn_status(nn);
    uint32_t W = zki_nn_i_width(nn);
    if (!zki_nn_i_freivalds(nn)) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "matrix products by Freivalds' method need a builder made with freivalds = 1");
        return ZKI_ERR_ARG;
    }
    if (c_out == 0 || k == 0 || p == 0) {
        zki_nn_i_fail(nn, ZKI_ERR_ARG, "empty matrix product");
        return ZKI_ERR_ARG;
    }
    if (zki_nn_matmul_rows_in(nn, c_out, k, p) + zki_nn_rows(nn) > (1u << 24)) {
        zki_nn_i_fail(nn, ZKI_ERR_SIZE, "the circuit needs more than 2^24 rows");
        return ZKI_ERR_SIZE;
    }
    zki_nn_frei *f = zki_nn_i_frei(nn);
    /* the results, exactly, before any row: an overflow fails with nothing laid out */
    int64_t *yv = malloc((size_t)c_out * p * sizeof *yv);
    if (!yv) {
        zki_nn_i_fail(nn, ZKI_ERR_NOMEM, "out of memory");
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t o = 0; o < c_out; o++)
        for (uint32_t j = 0; j < p; j++) {
            int64_t acc = b ? b[o] : 0, t;
            for (uint32_t i = 0; i < k; i++)
                if (__builtin_mul_overflow(zki_nn_value(nn, x[(size_t)i * p + j]), w[(size_t)o * k + i], &t) ||
                    __builtin_add_overflow(acc, t, &acc)) {
                    free(yv);
                    zki_nn_i_fail(nn, ZKI_ERR_ARG, "a matrix product overflows 64 bits (lower the scale)");
                    return ZKI_ERR_ARG;
                }
            yv[(size_t)o * p + j] = acc;
        }
    zki_wire zero = zki_nn_zero(nn), one = one_wire(nn);
    if (zki_nn_status(nn) != ZKI_OK || !grow((void **)&f->mm, &f->cap_mm, f->n_mm, sizeof *f->mm) ||
        !grow((void **)&f->ones, &f->cap_ones, f->n_ones, sizeof *f->ones)) {
        free(yv);
        zki_nn_i_fail(nn, ZKI_ERR_NOMEM, "out of memory");
        return zki_nn_status(nn);
    }
    uint32_t B = (p + W - 1) / W, kp = k + 1, orow = ones_row(f, p);
    int own = orow == UINT32_MAX;
    uint32_t row0 = new_rows(nn, rows_of(W, c_out, k, p, own));
    if (row0 == UINT32_MAX) {
        free(yv);
        return zki_nn_status(nn);
    }
    uint32_t qfd = col_qfd(nn), qfe = col_qfe(nn), d_row = row0 + (c_out + k + (uint32_t)own) * B;
    if (own) {
        orow = row0 + (c_out + k) * B;
        f->ones[f->n_ones].p = p;
        f->ones[f->n_ones++].row = orow;
    }
    /* Y chains: the results live in their x cells */
    for (uint32_t o = 0; o < c_out; o++) {
        uint32_t r = row0 + o * B;
        chain_rows(nn, r, B, one);
        for (uint32_t i = 0; i < B; i++)
            for (uint32_t j = 0; j < W; j++) {
                uint32_t q = i * W + j;
                if (q < p) {
                    zki_nn_i_set_adv(nn, r + i, j, yv[(size_t)o * p + q]);
                    y[(size_t)o * p + q] = (zki_wire){j, r + i};
                } else {
                    zki_nn_i_use(nn, zero, j, r + i);
                }
            }
    }
    free(yv);
    /* X chains: copies of the inputs; then the ones chain if this p has none yet */
    for (uint32_t i0 = 0; i0 < k + (uint32_t)own; i0++) {
        uint32_t r = row0 + (c_out + i0) * B;
        chain_rows(nn, r, B, one);
        for (uint32_t i = 0; i < B; i++)
            for (uint32_t j = 0; j < W; j++) {
                uint32_t q = i * W + j;
                zki_nn_i_use(nn, q >= p ? zero : i0 == k ? one : x[(size_t)i0 * p + q], j, r + i);
            }
    }
    /* dot chains: Σ_i W'_oi·G_i accumulated upwards to H_o */
    for (uint32_t o = 0; o < c_out; o++) {
        uint32_t r = d_row + o * kp;
        for (uint32_t i = 0; i < k; i++) {
            zki_nn_i_set_fixed(nn, r + i, qfd, 1);
            zki_nn_i_set_fixed(nn, r + i, 0, w[(size_t)o * k + i]);
            copy_adv(nn, col_a(nn), row0 + (c_out + i) * B, col_s(nn), r + i);
        }
        /* the bias row: A = S·x_0 with x_0 the fixed constant b_o, S = G_ones */
        uint32_t rl = r + k;
        int64_t bo = b ? b[o] : 0;
        zki_nn_i_set_fixed(nn, rl, qfe, 1);
        zki_nn_i_set_fixed(nn, rl, zki_nn_i_col_c(nn), bo);
        zki_nn_i_set_adv(nn, rl, 0, bo);
        zki_cell xc = {ZKI_COL_ADVICE, 0, rl}, cc = {ZKI_COL_FIXED, zki_nn_i_col_c(nn), rl};
        zki_nn_i_copy(nn, xc, cc);
        for (uint32_t j = 1; j < W; j++) zki_nn_i_use(nn, zero, j, rl);
        copy_adv(nn, col_a(nn), orow, col_s(nn), rl);
        copy_adv(nn, col_a(nn), r, col_a(nn), row0 + o * B);
    }
    zki_nn_mm *m = &f->mm[f->n_mm++];
    m->row0 = row0;
    m->d_row = d_row;
    m->ones_row = orow;
    m->c_out = c_out;
    m->k = k;
    m->b = B;
    m->own_ones = own;
    return zki_nn_status(nn);
}

int zki_nn_has_late(const zki_nn *nn) { return zki_nn_i_frei_c(nn)->n_mm > 0; }

zki_status zki_nn_matmul_finish(const zki_nn *nn, zki_cs *cs) {
    uint32_t W = zki_nn_i_width(nn);
    zki_status st = zki_cs_set_late(cs, 2, 1);
    if (st != ZKI_OK) return st;
    zki_expr d = zki_cs_challenge(cs, 0);
    zki_expr s = zki_cs_cell(cs, ZKI_COL_ADVICE, col_s(nn), 0), sn = zki_cs_cell(cs, ZKI_COL_ADVICE, col_s(nn), 1);
    zki_expr a = zki_cs_cell(cs, ZKI_COL_ADVICE, col_a(nn), 0), an = zki_cs_cell(cs, ZKI_COL_ADVICE, col_a(nn), 1);
    zki_expr qfm = zki_cs_cell(cs, ZKI_COL_FIXED, col_qfm(nn), 0), qfe = zki_cs_cell(cs, ZKI_COL_FIXED, col_qfe(nn), 0);
    zki_expr qfd = zki_cs_cell(cs, ZKI_COL_FIXED, col_qfd(nn), 0);
    /* Horner: x_0 + d·(x_1 + d·(… + d·x_{W−1})) */
    zki_expr h = zki_cs_cell(cs, ZKI_COL_ADVICE, W - 1, 0);
    for (uint32_t j = W - 1; j-- > 0;) h = zki_cs_add(cs, zki_cs_cell(cs, ZKI_COL_ADVICE, j, 0), zki_cs_mul(cs, d, h));
    /* d^W by squaring (products of challenge nodes, degree 0) */
    zki_expr dw = 0, sq = d;
    int have = 0;
    for (uint32_t e = W; e; e >>= 1) {
        if (e & 1) {
            dw = have ? zki_cs_mul(cs, dw, sq) : sq;
            have = 1;
        }
        if (e >> 1) sq = zki_cs_mul(cs, sq, sq);
    }
    zki_expr sh = zki_cs_mul(cs, s, h);
    zki_cs_gate(cs, "frei_mac", zki_cs_mul(cs, qfm, zki_cs_sub(cs, zki_cs_sub(cs, a, an), sh)));
    zki_cs_gate(cs, "frei_step", zki_cs_mul(cs, qfm, zki_cs_sub(cs, sn, zki_cs_mul(cs, s, dw))));
    zki_cs_gate(cs, "frei_end", zki_cs_mul(cs, qfe, zki_cs_sub(cs, a, sh)));
    zki_expr w0 = zki_cs_cell(cs, ZKI_COL_FIXED, 0, 0);
    zki_cs_gate(cs, "frei_dot", zki_cs_mul(cs, qfd, zki_cs_sub(cs, zki_cs_sub(cs, a, an), zki_cs_mul(cs, w0, s))));
    return cs->oom ? ZKI_ERR_NOMEM : ZKI_OK;
}

/* The field value of advice cell (col, row). */
static const zki_fr *cell(const zki_fr *advice, uint32_t n, uint32_t col, uint32_t row) {
    return &advice[(size_t)col * n + row];
}

zki_status zki_nn_late(const zki_nn *nn, const zki_fr *challenges, zki_fr *advice) {
    const zki_nn_frei *f = zki_nn_i_frei_c(nn);
    if (!challenges || !advice || f->n == 0 || f->n_mm == 0) return ZKI_ERR_ARG;
    uint32_t W = zki_nn_i_width(nn), n = f->n, cs_ = col_s(nn), ca = col_a(nn);
    zki_fr d = challenges[0], dw, one;
    zki_fr_set_one(&one);
    dw = one;
    for (uint32_t j = 0; j < W; j++) zki_fr_mul(&dw, &dw, &d);
    zki_fr *S = &advice[(size_t)cs_ * n], *A = &advice[(size_t)ca * n];
    /* every usable row is ours to define: zero outside the regions */
    memset(S, 0, (size_t)(n - ZKI_CS_BLIND_ROWS - 1) * sizeof *S);
    memset(A, 0, (size_t)(n - ZKI_CS_BLIND_ROWS - 1) * sizeof *A);
    for (uint32_t mi = 0; mi < f->n_mm; mi++) {
        const zki_nn_mm *m = &f->mm[mi];
        /* Y, X (and a new ones) chains: S_i = d^(iW) from 1, A_i = S_i·h_i + A_{i+1} */
        for (uint32_t c = 0; c < m->c_out + m->k + (uint32_t)m->own_ones; c++) {
            uint32_t r = m->row0 + c * m->b;
            zki_fr s = one;
            for (uint32_t i = 0; i < m->b; i++) {
                S[r + i] = s;
                zki_fr_mul(&s, &s, &dw);
            }
            zki_fr a;
            zki_fr_set_zero(&a);
            for (uint32_t i = m->b; i-- > 0;) {
                zki_fr h = *cell(advice, n, W - 1, r + i), t;
                for (uint32_t j = W - 1; j-- > 0;) {
                    zki_fr_mul(&h, &h, &d);
                    zki_fr_add(&h, &h, cell(advice, n, j, r + i));
                }
                zki_fr_mul(&t, &S[r + i], &h);
                zki_fr_add(&a, &a, &t);
                A[r + i] = a;
            }
        }
        /* dot chains: S_i = G_i, A_i = W'_oi·G_i + A_{i+1}; the bias row's weight is x_0 */
        for (uint32_t o = 0; o < m->c_out; o++) {
            uint32_t r = m->d_row + o * (m->k + 1);
            zki_fr a, t, wv;
            S[r + m->k] = A[m->ones_row];
            zki_fr_mul(&a, cell(advice, n, 0, r + m->k), &S[r + m->k]);
            A[r + m->k] = a;
            for (uint32_t i = m->k; i-- > 0;) {
                S[r + i] = A[m->row0 + (m->c_out + i) * m->b];
                zki_fr_set_i64(&wv, zki_nn_i_fixed(nn, r + i, 0));
                zki_fr_mul(&t, &wv, &S[r + i]);
                zki_fr_add(&a, &a, &t);
                A[r + i] = a;
            }
        }
    }
    return ZKI_OK;
}

zki_status zki_nn_late_fn(void *ctx, const zki_fr *challenges, zki_fr *advice) {
    return zki_nn_late((const zki_nn *)ctx, challenges, advice);
}
