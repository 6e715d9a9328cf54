/* The quantized-layer circuit builder (see nn.h). Rows are recorded as integers while
 * layers are added; zki_nn_finish turns them into a zki_cs and its witness. */
#include "nn.h"
#include "nn_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fixed column indices after the W weight columns */
enum { F_QMAC, F_QEND, F_QRS, F_QMAX, F_QFN, F_QDIV, F_TAG, F_K, F_H, F_C, F_TR, F_TD, F_TT, F_TIN, F_TOUT, F_COUNT };
/* with products enabled (zki_nn_params.products), two more selectors follow */
enum { F_QPMAC = F_COUNT, F_QPEND, F_COUNT_PRODUCTS };

struct zki_nn {
    zki_nn_params p;
    uint32_t n_adv, n_fix; /* W + 2, W + F_COUNT */
    uint32_t rows, cap;
    int64_t *adv;          /* rows × n_adv, row-major while building */
    int64_t *fix;          /* rows × n_fix */
    zki_cell *copies;      /* pairs */
    uint32_t n_copies, cap_copies;
    zki_wire *pub;         /* public wires: inputs first, then outputs (kept in order) */
    uint8_t *pub_is_out;
    uint32_t n_pub, cap_pub;
    uint32_t in_row, in_used; /* the open input row (UINT32_MAX: none) and its used slots */
    int64_t **tables;         /* function tables 1..n_tables (tag 0 is ReLU): 2^b values each */
    int64_t *present;         /* per table, one input whose value is present */
    zki_nn_frow *frows;       /* rows holding field elements (Poseidon), ascending */
    uint32_t n_frows, cap_frows;
    uint32_t pos_mask;        /* Poseidon widths t used (bit t) */
    uint32_t n_tables;
    zki_nn_frei frei;         /* Freivalds regions (nn_matmul.c) */
    uint32_t n_max4;          /* max4 rows laid out (nn_max4.c) */
    zki_status st;
    int out_of_range;         /* the first error was a value outside a proven range */
    char err[160];
};

/* ---- access for nn_poseidon.c (nn_internal.h) ---- */
uint32_t zki_nn_i_new_row(zki_nn *nn);
uint32_t zki_nn_i_width(const zki_nn *nn) { return nn->p.width; }
uint32_t zki_nn_i_act_bits(const zki_nn *nn) { return nn->p.act_bits; }
void zki_nn_i_fail(zki_nn *nn, zki_status st, const char *msg);
void zki_nn_i_copy(zki_nn *nn, zki_cell a, zki_cell b);
void zki_nn_i_set_fixed(zki_nn *nn, uint32_t row, uint32_t col, int64_t v);
uint32_t zki_nn_i_fixed_base(const zki_nn *nn) { return nn->p.width + (nn->p.products ? F_COUNT_PRODUCTS : F_COUNT); }
uint32_t zki_nn_i_col_c(const zki_nn *nn) { return nn->p.width + F_C; }
void zki_nn_i_push_public(zki_nn *nn, zki_wire w);
zki_nn_frow *zki_nn_i_frow(zki_nn *nn, uint32_t row);
const zki_nn_frow *zki_nn_i_find_frow(const zki_nn *nn, uint32_t row);
uint32_t zki_nn_i_mask(const zki_nn *nn) { return nn->pos_mask; }
void zki_nn_i_set_adv(zki_nn *nn, uint32_t row, uint32_t col, int64_t v) { nn->adv[(size_t)row * nn->n_adv + col] = v; }
int64_t zki_nn_i_fixed(const zki_nn *nn, uint32_t row, uint32_t col) { return nn->fix[(size_t)row * nn->n_fix + col]; }
uint32_t zki_nn_i_frei_base(const zki_nn *nn) { return nn->n_fix - ZKI_NN_FREI_FIXED - (uint32_t)nn->p.max4; }
uint32_t zki_nn_i_col_qm4(const zki_nn *nn) { return nn->n_fix - 1; }
int zki_nn_i_max4(const zki_nn *nn) { return nn->p.max4; }
void zki_nn_i_count_max4(zki_nn *nn) { nn->n_max4++; }
int zki_nn_i_freivalds(const zki_nn *nn) { return nn->p.freivalds; }
zki_nn_frei *zki_nn_i_frei(zki_nn *nn) { return &nn->frei; }
const zki_nn_frei *zki_nn_i_frei_c(const zki_nn *nn) { return &nn->frei; }

static void push_pub(zki_nn *nn, zki_wire w, int is_out);

static uint32_t col_acc(const zki_nn *nn) { return nn->p.width; }
static uint32_t col_out(const zki_nn *nn) { return nn->p.width + 1; }

static void fail(zki_nn *nn, zki_status st, const char *msg);
static void fail(zki_nn *nn, zki_status st, const char *msg) {
    if (nn->st != ZKI_OK) return;
    nn->st = st;
    snprintf(nn->err, sizeof nn->err, "%s", msg);
}

zki_nn *zki_nn_new(const zki_nn_params *p) {
    if (p->width < 1 || p->width > 64 || p->scale < 1 || p->scale > 16 || p->act_bits < 2 ||
        p->act_bits > 22 || (p->products && p->width < 2) || (p->max4 && p->width < 4))
        return NULL;
    zki_nn *nn = calloc(1, sizeof *nn);
    if (!nn) return NULL;
    nn->p = *p;
    nn->p.freivalds = p->freivalds != 0;
    nn->p.max4 = p->max4 != 0;
    nn->n_adv = p->width + 2 + 2 * (uint32_t)nn->p.freivalds;
    /* the optional selectors go last: the Freivalds three, then q_m4 */
    nn->n_fix = p->width + (p->products ? F_COUNT_PRODUCTS : F_COUNT) + ZKI_NN_FREI_FIXED * (uint32_t)nn->p.freivalds +
                (uint32_t)nn->p.max4;
    nn->in_row = UINT32_MAX;
    nn->frei.one.row = nn->frei.zero.row = UINT32_MAX;
    return nn;
}

void zki_nn_free(zki_nn *nn) {
    if (!nn) return;
    free(nn->adv);
    free(nn->fix);
    free(nn->copies);
    free(nn->pub);
    free(nn->pub_is_out);
    for (uint32_t i = 0; i < nn->n_tables; i++) free(nn->tables[i]);
    free(nn->tables);
    free(nn->present);
    free(nn->frows);
    free(nn->frei.mm);
    free(nn->frei.ones);
    free(nn);
}

zki_status zki_nn_poseidon_widths(zki_nn *nn, uint32_t mask) {
    if (nn->rows > 0 || (mask & ~0x3fffcu)) return ZKI_ERR_ARG; /* widths 2..17, before any row */
    nn->pos_mask = mask;
    nn->n_fix = nn->p.width + (nn->p.products ? F_COUNT_PRODUCTS : F_COUNT) + 2 * (uint32_t)__builtin_popcount(mask) +
                ZKI_NN_FREI_FIXED * (uint32_t)nn->p.freivalds + (uint32_t)nn->p.max4;
    return ZKI_OK;
}

void zki_nn_i_fail(zki_nn *nn, zki_status st, const char *msg) { fail(nn, st, msg); }
void zki_nn_i_set_fixed(zki_nn *nn, uint32_t row, uint32_t col, int64_t v) {
    nn->fix[(size_t)row * nn->n_fix + col] = v;
}
void zki_nn_i_push_public(zki_nn *nn, zki_wire w) { push_pub(nn, w, 0); }

zki_nn_frow *zki_nn_i_frow(zki_nn *nn, uint32_t row) {
    if (nn->st != ZKI_OK) return NULL;
    if (nn->n_frows && nn->frows[nn->n_frows - 1].row == row) return &nn->frows[nn->n_frows - 1];
    if (nn->n_frows == nn->cap_frows) {
        uint32_t nc = nn->cap_frows ? 2 * nn->cap_frows : 64;
        zki_nn_frow *f = realloc(nn->frows, nc * sizeof *f);
        if (!f) {
            fail(nn, ZKI_ERR_NOMEM, "out of memory");
            return NULL;
        }
        nn->frows = f;
        nn->cap_frows = nc;
    }
    zki_nn_frow *f = &nn->frows[nn->n_frows++];
    memset(f, 0, sizeof *f);
    f->row = row;
    return f;
}

const zki_nn_frow *zki_nn_i_find_frow(const zki_nn *nn, uint32_t row) {
    uint32_t lo = 0, hi = nn->n_frows;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (nn->frows[mid].row < row) lo = mid + 1;
        else hi = mid;
    }
    return lo < nn->n_frows && nn->frows[lo].row == row ? &nn->frows[lo] : NULL;
}

zki_status zki_nn_status(const zki_nn *nn) { return nn->st; }
int zki_nn_out_of_range(const zki_nn *nn) { return nn->st != ZKI_OK && nn->out_of_range; }

/* Fails with a value outside a proven range: "<what> V outside the proven range [lo, hi)". */
static void fail_range(zki_nn *nn, const char *what, int64_t v, int64_t lo, int64_t hi) {
    if (nn->st != ZKI_OK) return;
    char msg[160];
    snprintf(msg, sizeof msg, "%s %lld outside the proven range [%lld, %lld)", what, (long long)v, (long long)lo,
             (long long)hi);
    fail(nn, ZKI_ERR_ARG, msg);
    nn->out_of_range = 1;
}
void zki_nn_i_fail_range(zki_nn *nn, const char *what, int64_t v, int64_t lo, int64_t hi) { fail_range(nn, what, v, lo, hi); }
const char *zki_nn_error(const zki_nn *nn) { return nn->st == ZKI_OK ? "" : nn->err; }
uint32_t zki_nn_rows(const zki_nn *nn) { return nn->rows; }

/* Appends a zeroed row; returns its index (or UINT32_MAX after a failure). */
static uint32_t new_row(zki_nn *nn) {
    if (nn->st != ZKI_OK) return UINT32_MAX;
    if (nn->rows == nn->cap) {
        uint32_t nc = nn->cap ? nn->cap * 2 : 1024;
        int64_t *a = realloc(nn->adv, (size_t)nc * nn->n_adv * sizeof(int64_t));
        if (a) nn->adv = a;
        int64_t *f = a ? realloc(nn->fix, (size_t)nc * nn->n_fix * sizeof(int64_t)) : NULL;
        if (f) nn->fix = f;
        if (!a || !f || nc > (1u << 24)) {
            fail(nn, a && f ? ZKI_ERR_SIZE : ZKI_ERR_NOMEM, "the circuit needs more than 2^24 rows");
            return UINT32_MAX;
        }
        nn->cap = nc;
    }
    uint32_t r = nn->rows++;
    memset(&nn->adv[(size_t)r * nn->n_adv], 0, nn->n_adv * sizeof(int64_t));
    memset(&nn->fix[(size_t)r * nn->n_fix], 0, nn->n_fix * sizeof(int64_t));
    return r;
}

static int64_t *A(zki_nn *nn, uint32_t row, uint32_t col) { return &nn->adv[(size_t)row * nn->n_adv + col]; }
static int64_t *F(zki_nn *nn, uint32_t row, uint32_t col) { return &nn->fix[(size_t)row * nn->n_fix + col]; }

int64_t zki_nn_value(const zki_nn *nn, zki_wire w) {
    if (w.row >= nn->rows) return 0;
    return nn->adv[(size_t)w.row * nn->n_adv + w.col];
}

static void copy(zki_nn *nn, zki_cell a, zki_cell b) {
    if (nn->st != ZKI_OK) return;
    if (nn->n_copies + 2 > nn->cap_copies) {
        uint32_t nc = nn->cap_copies ? nn->cap_copies * 2 : 1024;
        zki_cell *c = realloc(nn->copies, nc * sizeof *c);
        if (!c) {
            fail(nn, ZKI_ERR_NOMEM, "out of memory");
            return;
        }
        nn->copies = c;
        nn->cap_copies = nc;
    }
    nn->copies[nn->n_copies++] = a;
    nn->copies[nn->n_copies++] = b;
}

/* Places wire w's value into (col, row) and ties the two cells together. */
static void use(zki_nn *nn, zki_wire w, uint32_t col, uint32_t row) {
    *A(nn, row, col) = zki_nn_value(nn, w);
    zki_cell a = {ZKI_COL_ADVICE, w.col, w.row}, b = {ZKI_COL_ADVICE, col, row};
    copy(nn, a, b);
}

void zki_nn_i_use(zki_nn *nn, zki_wire w, uint32_t col, uint32_t row) { use(nn, w, col, row); }

static void push_pub(zki_nn *nn, zki_wire w, int is_out) {
    if (nn->st != ZKI_OK) return;
    if (nn->n_pub == nn->cap_pub) {
        uint32_t nc = nn->cap_pub ? nn->cap_pub * 2 : 64;
        zki_wire *p = realloc(nn->pub, nc * sizeof *p);
        if (p) nn->pub = p;
        uint8_t *o = p ? realloc(nn->pub_is_out, nc) : NULL;
        if (o) nn->pub_is_out = o;
        if (!p || !o) {
            fail(nn, ZKI_ERR_NOMEM, "out of memory");
            return;
        }
        nn->cap_pub = nc;
    }
    nn->pub[nn->n_pub] = w;
    nn->pub_is_out[nn->n_pub] = (uint8_t)is_out;
    nn->n_pub++;
}

/* Inputs are packed W per row in the x columns of rows no gate is active on; a row
 * stays open for more inputs while it is the last row. */
zki_wire zki_nn_input(zki_nn *nn, int64_t value, int is_public) {
    static const zki_wire none = {0, UINT32_MAX};
    if (nn->in_row == UINT32_MAX || nn->in_row + 1 != nn->rows || nn->in_used == nn->p.width) {
        uint32_t r = new_row(nn);
        if (r == UINT32_MAX) return none;
        nn->in_row = r;
        nn->in_used = 0;
    }
    zki_wire w = {nn->in_used++, nn->in_row};
    *A(nn, w.row, w.col) = value;
    if (is_public) push_pub(nn, w, 0);
    return w;
}

zki_wire zki_nn_dot(zki_nn *nn, const zki_wire *x, const int64_t *w, uint32_t n, int64_t bias) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t W = nn->p.width;
    if (n == 0) {
        fail(nn, ZKI_ERR_ARG, "empty dot product");
        return none;
    }
    int64_t acc = bias;
    uint32_t first = UINT32_MAX, r = 0;
    for (uint32_t i = 0; i < n; i += W) {
        r = new_row(nn);
        if (r == UINT32_MAX) return none;
        if (first == UINT32_MAX) {
            first = r;
            /* acc at the first row is the bias, tied to a constant cell of the same row */
            *F(nn, r, W + F_C) = bias;
            *A(nn, r, col_acc(nn)) = bias;
            zki_cell a = {ZKI_COL_ADVICE, col_acc(nn), r}, c = {ZKI_COL_FIXED, W + F_C, r};
            copy(nn, a, c);
        } else {
            *A(nn, r, col_acc(nn)) = acc;
        }
        for (uint32_t j = 0; j < W && i + j < n; j++) {
            use(nn, x[i + j], j, r);
            *F(nn, r, j) = w[i + j];
            int64_t ab;
            if (__builtin_mul_overflow(zki_nn_value(nn, x[i + j]), w[i + j], &ab) || __builtin_add_overflow(acc, ab, &acc)) {
                fail(nn, ZKI_ERR_ARG, "a dot product overflows 64 bits (lower the scale)");
                return none;
            }
        }
        *F(nn, r, W + (i + W < n ? F_QMAC : F_QEND)) = 1;
    }
    *A(nn, r, col_out(nn)) = acc;
    zki_wire y = {col_out(nn), r};
    return y;
}

zki_wire zki_nn_dot_wires(zki_nn *nn, const zki_wire *x, const zki_wire *w, uint32_t n, const zki_wire *bias) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t W = nn->p.width, P = W / 2;
    if (!nn->p.products) {
        fail(nn, ZKI_ERR_ARG, "products of two wires need a builder made with products = 1");
        return none;
    }
    if (n == 0) {
        fail(nn, ZKI_ERR_ARG, "empty dot product");
        return none;
    }
    int64_t acc = bias ? zki_nn_value(nn, *bias) : 0;
    uint32_t first = UINT32_MAX, r = 0;
    for (uint32_t i = 0; i < n; i += P) {
        r = new_row(nn);
        if (r == UINT32_MAX) return none;
        if (first == UINT32_MAX) {
            /* acc at the first row: the bias wire, or a constant 0 cell of the row */
            first = r;
            if (bias) {
                use(nn, *bias, col_acc(nn), r);
            } else {
                *A(nn, r, col_acc(nn)) = 0;
                zki_cell a = {ZKI_COL_ADVICE, col_acc(nn), r}, c = {ZKI_COL_FIXED, W + F_C, r};
                copy(nn, a, c);
            }
        } else {
            *A(nn, r, col_acc(nn)) = acc;
        }
        for (uint32_t j = 0; j < P && i + j < n; j++) {
            use(nn, x[i + j], 2 * j, r);
            use(nn, w[i + j], 2 * j + 1, r);
            int64_t a = zki_nn_value(nn, x[i + j]), b = zki_nn_value(nn, w[i + j]), ab;
            if (__builtin_mul_overflow(a, b, &ab) || __builtin_add_overflow(acc, ab, &acc)) {
                fail(nn, ZKI_ERR_ARG, "a product of two wires overflows 64 bits (lower the scale)");
                return none;
            }
        }
        *F(nn, r, W + (i + P < n ? F_QPMAC : F_QPEND)) = 1;
    }
    *A(nn, r, col_out(nn)) = acc;
    zki_wire y = {col_out(nn), r};
    return y;
}

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

/* f_tag(t) for t in the activation range (tag 0: ReLU). */
static int64_t table_value(const zki_nn *nn, uint32_t tag, int64_t t) {
    if (tag == 0) return t > 0 ? t : 0;
    return nn->tables[tag - 1][t + ((int64_t)1 << (nn->p.act_bits - 1))];
}

static int bad_tag(zki_nn *nn, uint32_t tag) {
    if (tag <= nn->n_tables) return 0;
    fail(nn, ZKI_ERR_ARG, "unknown function table");
    return 1;
}

/* One rescale row: x0 = a, x1 = d = round(a / 2^s), x2 = the remainder, x3 = f_tag(d). */
static uint32_t rescale_row(zki_nn *nn, zki_wire a, uint32_t tag) {
    uint32_t W = nn->p.width;
    if (W < 4) {
        fail(nn, ZKI_ERR_ARG, "rescale needs a width of at least 4");
        return UINT32_MAX;
    }
    if (bad_tag(nn, tag)) return UINT32_MAX;
    int64_t k = (int64_t)1 << nn->p.scale, h = k / 2, half = (int64_t)1 << (nn->p.act_bits - 1);
    int64_t av = zki_nn_value(nn, a);
    int64_t d = floor_div(av + h, k), rem = av + h - d * k;
    if (d < -half || d >= half) {
        fail_range(nn, "activation", d, -half, half);
        return UINT32_MAX;
    }
    uint32_t r = new_row(nn);
    if (r == UINT32_MAX) return r;
    use(nn, a, 0, r);
    *A(nn, r, 1) = d;
    *A(nn, r, 2) = rem;
    if ((*A(nn, r, 3) = table_value(nn, tag, d)) == ZKI_NN_ABSENT) {
        char msg[160];
        snprintf(msg, sizeof msg, "value %lld is outside the function table's domain", (long long)d);
        fail(nn, ZKI_ERR_ARG, msg);
        return UINT32_MAX;
    }
    *F(nn, r, W + F_QRS) = 1;
    *F(nn, r, W + F_TAG) = tag;
    *F(nn, r, W + F_K) = k;
    *F(nn, r, W + F_H) = h;
    return r;
}

zki_wire zki_nn_rescale(zki_nn *nn, zki_wire a, int relu) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t r = rescale_row(nn, a, 0);
    if (r == UINT32_MAX) return none;
    zki_wire y = {relu ? 3u : 1u, r};
    return y;
}

zki_wire zki_nn_rescale_fn(zki_nn *nn, zki_wire a, uint32_t tag) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t r = rescale_row(nn, a, tag);
    if (r == UINT32_MAX) return none;
    zki_wire y = {3, r};
    return y;
}

uint32_t zki_nn_table(zki_nn *nn, const int64_t *values) {
    if (nn->st != ZKI_OK) return 0;
    size_t n = (size_t)1 << nn->p.act_bits;
    size_t first = 0;
    while (first < n && values[first] == ZKI_NN_ABSENT) first++;
    if (first == n) {
        fail(nn, ZKI_ERR_ARG, "a function table without any value");
        return 0;
    }
    int64_t **t = realloc(nn->tables, (nn->n_tables + 1) * sizeof *t);
    if (t) nn->tables = t;
    int64_t *pr = t ? realloc(nn->present, (nn->n_tables + 1) * sizeof *pr) : NULL;
    if (pr) nn->present = pr;
    int64_t *v = pr ? malloc(n * sizeof *v) : NULL;
    if (!v) {
        fail(nn, ZKI_ERR_NOMEM, "out of memory");
        return 0;
    }
    memcpy(v, values, n * sizeof *v);
    nn->present[nn->n_tables] = (int64_t)first - ((int64_t)1 << (nn->p.act_bits - 1));
    nn->tables[nn->n_tables++] = v;
    return nn->n_tables;
}

zki_wire zki_nn_apply(zki_nn *nn, zki_wire x, uint32_t tag) {
    static const zki_wire none = {0, UINT32_MAX};
    if (bad_tag(nn, tag)) return none;
    int64_t half = (int64_t)1 << (nn->p.act_bits - 1), xv = zki_nn_value(nn, x);
    if (xv < -half || xv >= half) {
        fail_range(nn, "function input", xv, -half, half);
        return none;
    }
    if (table_value(nn, tag, xv) == ZKI_NN_ABSENT) {
        char msg[160];
        snprintf(msg, sizeof msg, "value %lld is outside the function table's domain", (long long)xv);
        fail(nn, ZKI_ERR_ARG, msg);
        return none;
    }
    uint32_t r = new_row(nn);
    if (r == UINT32_MAX) return none;
    use(nn, x, 0, r);
    *A(nn, r, 1) = table_value(nn, tag, xv);
    *F(nn, r, nn->p.width + F_QFN) = 1;
    *F(nn, r, nn->p.width + F_TAG) = tag;
    zki_wire y = {1, r};
    return y;
}

zki_wire zki_nn_div(zki_nn *nn, zki_wire num, zki_wire den) {
    static const zki_wire none = {0, UINT32_MAX};
    if (nn->p.width < 4) {
        fail(nn, ZKI_ERR_ARG, "division needs a width of at least 4");
        return none;
    }
    int64_t nv = zki_nn_value(nn, num), dv = zki_nn_value(nn, den), lim = (int64_t)1 << nn->p.act_bits;
    if (dv < 1 || dv > lim || nv < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "division %lld / %lld at row %u: the divisor must lie in [1, 2^%u] and the dividend be >= 0",
                 (long long)nv, (long long)dv, num.row, nn->p.act_bits);
        fail(nn, ZKI_ERR_ARG, msg);
        return none;
    }
    int64_t q = nv / dv, rem = nv % dv;
    if (q >= lim / 2) {
        fail_range(nn, "quotient", q, 0, lim / 2);
        return none;
    }
    uint32_t r = new_row(nn);
    if (r == UINT32_MAX) return none;
    use(nn, num, 0, r);
    use(nn, den, 1, r);
    *A(nn, r, 2) = q;
    *A(nn, r, 3) = rem;
    *F(nn, r, nn->p.width + F_QDIV) = 1;
    zki_wire y = {2, r};
    return y;
}

zki_wire zki_nn_const(zki_nn *nn, int64_t v) {
    static const zki_wire none = {0, UINT32_MAX};
    uint32_t r = new_row(nn);
    if (r == UINT32_MAX) return none;
    uint32_t W = nn->p.width;
    *A(nn, r, col_acc(nn)) = v;
    *F(nn, r, W + F_C) = v;
    zki_cell a = {ZKI_COL_ADVICE, col_acc(nn), r}, c = {ZKI_COL_FIXED, W + F_C, r};
    copy(nn, a, c);
    zki_wire y = {col_acc(nn), r};
    return y;
}

zki_wire zki_nn_max(zki_nn *nn, zki_wire a, zki_wire b) {
    static const zki_wire none = {0, UINT32_MAX};
    if (nn->p.width < 3) {
        fail(nn, ZKI_ERR_ARG, "max needs a width of at least 3");
        return none;
    }
    uint32_t r = new_row(nn);
    if (r == UINT32_MAX) return none;
    int64_t va = zki_nn_value(nn, a), vb = zki_nn_value(nn, b);
    use(nn, a, 0, r);
    use(nn, b, 1, r);
    *A(nn, r, 2) = va > vb ? va : vb;
    *F(nn, r, nn->p.width + F_QMAX) = 1;
    zki_wire y = {2, r};
    return y;
}

void zki_nn_output(zki_nn *nn, zki_wire y) { push_pub(nn, y, 1); }

zki_status zki_nn_finish(zki_nn *nn, zki_cs *cs, zki_fr **advice, zki_fr **pub, uint32_t *n_pub) {
    *advice = NULL;
    *pub = NULL;
    *n_pub = 0;
    if (nn->st != ZKI_OK) return nn->st;
    uint32_t W = nn->p.width, s = nn->p.scale, b = nn->p.act_bits;
    uint64_t need = nn->rows;
    if (need < ((uint64_t)1 << s)) need = (uint64_t)1 << s;
    if (need < ((uint64_t)(1 + nn->n_tables) << b)) need = (uint64_t)(1 + nn->n_tables) << b;
    if (need < nn->n_pub) need = nn->n_pub;
    need += ZKI_CS_BLIND_ROWS + 1;
    uint32_t log_n = 3;
    while (((uint64_t)1 << log_n) < need) log_n++;
    if (log_n > 24) return ZKI_ERR_SIZE;
    /* the Freivalds columns (the last two advice, the last three fixed before q_m4) only
     * when a matmul used them; q_m4 (the last fixed) only when a max4 row did */
    int drop = nn->p.freivalds && nn->frei.n_mm == 0, drop_m4 = nn->p.max4 && nn->n_max4 == 0;
    uint32_t n_adv = nn->n_adv - (drop ? 2 : 0);
    uint32_t n_fix = nn->n_fix - (drop ? ZKI_NN_FREI_FIXED : 0) - (drop_m4 ? 1 : 0);
    zki_status st = zki_cs_init(cs, log_n, n_adv, n_fix, 1);
    if (st != ZKI_OK) return st;

    /* expressions */
    zki_expr x[64], wf[64];
    for (uint32_t j = 0; j < W; j++) {
        x[j] = zki_cs_cell(cs, ZKI_COL_ADVICE, j, 0);
        wf[j] = zki_cs_cell(cs, ZKI_COL_FIXED, j, 0);
    }
    zki_expr acc = zki_cs_cell(cs, ZKI_COL_ADVICE, W, 0), accn = zki_cs_cell(cs, ZKI_COL_ADVICE, W, 1);
    zki_expr out = zki_cs_cell(cs, ZKI_COL_ADVICE, W + 1, 0);
    zki_expr fq[F_COUNT];
    for (uint32_t k = 0; k < F_COUNT; k++) fq[k] = zki_cs_cell(cs, ZKI_COL_FIXED, W + k, 0);
    zki_expr dot = zki_cs_mul(cs, x[0], wf[0]);
    for (uint32_t j = 1; j < W; j++) dot = zki_cs_add(cs, dot, zki_cs_mul(cs, x[j], wf[j]));
    zki_expr sum = zki_cs_add(cs, acc, dot);
    zki_cs_gate(cs, "mac", zki_cs_mul(cs, fq[F_QMAC], zki_cs_sub(cs, accn, sum)));
    zki_cs_gate(cs, "dot-end", zki_cs_mul(cs, fq[F_QEND], zki_cs_sub(cs, out, sum)));
    /* rescale: a + h - d·k - r = 0 */
    zki_expr rs = zki_cs_sub(cs, zki_cs_sub(cs, zki_cs_add(cs, x[0], fq[F_H]), zki_cs_mul(cs, x[1], fq[F_K])), x[2]);
    zki_cs_gate(cs, "rescale", zki_cs_mul(cs, fq[F_QRS], rs));
    zki_expr mx = zki_cs_mul(cs, zki_cs_sub(cs, x[2], x[0]), zki_cs_sub(cs, x[2], x[1]));
    zki_cs_gate(cs, "max", zki_cs_mul(cs, fq[F_QMAX], mx));
    if (nn->p.products) {
        /* products: the x columns in pairs, x_{2j}·x_{2j+1} */
        zki_expr pf[2] = {zki_cs_cell(cs, ZKI_COL_FIXED, W + F_QPMAC, 0), zki_cs_cell(cs, ZKI_COL_FIXED, W + F_QPEND, 0)};
        zki_expr pd = zki_cs_mul(cs, x[0], x[1]);
        for (uint32_t j = 1; j < W / 2; j++) pd = zki_cs_add(cs, pd, zki_cs_mul(cs, x[2 * j], x[2 * j + 1]));
        zki_expr psum = zki_cs_add(cs, acc, pd);
        zki_cs_gate(cs, "pmac", zki_cs_mul(cs, pf[0], zki_cs_sub(cs, accn, psum)));
        zki_cs_gate(cs, "pdot-end", zki_cs_mul(cs, pf[1], zki_cs_sub(cs, out, psum)));
    }
    /* division: num = den·q + r */
    zki_cs_gate(cs, "div", zki_cs_mul(cs, fq[F_QDIV], zki_cs_sub(cs, zki_cs_sub(cs, x[0], zki_cs_mul(cs, x[1], x[2])), x[3])));
    zki_expr in_r = zki_cs_mul(cs, fq[F_QRS], x[2]);
    zki_cs_lookup(cs, "rescale-remainder", 1, &in_r, &fq[F_TR]);
    /* functions (tag 0: ReLU): rescale rows (d, f(d)), apply rows (x0, x1), and the
     * division's quotient (q, q) under tag 0, which proves 0 <= q < 2^(b-1) */
    zki_expr fin = zki_cs_add(cs, zki_cs_add(cs, zki_cs_mul(cs, fq[F_QRS], x[1]), zki_cs_mul(cs, fq[F_QFN], x[0])),
                              zki_cs_mul(cs, fq[F_QDIV], x[2]));
    zki_expr fout = zki_cs_add(cs, zki_cs_add(cs, zki_cs_mul(cs, fq[F_QRS], x[3]), zki_cs_mul(cs, fq[F_QFN], x[1])),
                               zki_cs_mul(cs, fq[F_QDIV], x[2]));
    zki_expr in_fn[3] = {fq[F_TAG], fin, fout};
    zki_expr tb_fn[3] = {fq[F_TT], fq[F_TIN], fq[F_TOUT]};
    zki_cs_lookup(cs, "function", 3, in_fn, tb_fn);
    /* differences in [0, 2^b): max rows (c - a, c - b), division rows (r, den - 1 - r) */
    zki_expr in_ma = zki_cs_add(cs, zki_cs_mul(cs, fq[F_QMAX], zki_cs_sub(cs, x[2], x[0])), zki_cs_mul(cs, fq[F_QDIV], x[3]));
    zki_expr in_mb = zki_cs_add(cs, zki_cs_mul(cs, fq[F_QMAX], zki_cs_sub(cs, x[2], x[1])),
                                zki_cs_sub(cs, zki_cs_mul(cs, fq[F_QDIV], zki_cs_sub(cs, x[1], x[3])), fq[F_QDIV]));
    /* max4 rows (the circuit's last fixed column q_m4): their first two differences
     * join diff-a / diff-b, the other two get lookups of their own */
    if (nn->n_max4) zki_nn_max4_extend(nn, cs, n_fix - 1, &in_ma, &in_mb);
    zki_cs_lookup(cs, "diff-a", 1, &in_ma, &fq[F_TD]);
    zki_cs_lookup(cs, "diff-b", 1, &in_mb, &fq[F_TD]);
    if (nn->n_max4) zki_nn_max4_finish(nn, cs, n_fix - 1, fq[F_TD]);
    if (nn->pos_mask && ((st = zki_nn_poseidon_finish(nn, cs)) != ZKI_OK ||
                         (st = zki_nn_poseidon_constants(nn, cs, nn->frows, nn->n_frows)) != ZKI_OK)) {
        zki_cs_free(cs);
        return st;
    }
    if (nn->frei.n_mm && (st = zki_nn_matmul_finish(nn, cs)) != ZKI_OK) {
        zki_cs_free(cs);
        return st;
    }
    for (uint32_t j = 0; j < n_adv; j++) zki_cs_enable_equality(cs, ZKI_COL_ADVICE, j);
    zki_cs_enable_equality(cs, ZKI_COL_FIXED, W + F_C);
    zki_cs_enable_equality(cs, ZKI_COL_INSTANCE, 0);

    /* fixed values: the rows, then the tables */
    zki_fr v;
    /* a dropped column holds only zeros; q_m4 moves down over dropped Freivalds columns */
    for (uint32_t r = 0; r < nn->rows; r++)
        for (uint32_t k = 0; k < nn->n_fix; k++) {
            int64_t f = nn->fix[(size_t)r * nn->n_fix + k];
            if (f == 0) continue;
            zki_fr_set_i64(&v, f);
            zki_cs_set_fixed(cs, drop && k == nn->n_fix - 1 && nn->p.max4 ? k - ZKI_NN_FREI_FIXED : k, r, &v);
        }
    uint64_t half = (uint64_t)1 << (b - 1);
    for (uint64_t i = 0; i < ((uint64_t)1 << s); i++) {
        zki_fr_set_u64(&v, i);
        zki_cs_set_fixed(cs, W + F_TR, (uint32_t)i, &v);
    }
    for (uint64_t i = 0; i < ((uint64_t)1 << b); i++) {
        zki_fr_set_u64(&v, i);
        zki_cs_set_fixed(cs, W + F_TD, (uint32_t)i, &v);
    }
    for (uint32_t tag = 0; tag <= nn->n_tables; tag++)
        for (uint64_t i = 0; i < ((uint64_t)1 << b); i++) {
            int64_t t = (int64_t)i - (int64_t)half;
            if (table_value(nn, tag, t) == ZKI_NN_ABSENT) t = nn->present[tag - 1]; /* a repeat: t has no row */
            uint32_t row = (uint32_t)(((uint64_t)tag << b) + i);
            zki_fr_set_u64(&v, tag);
            zki_cs_set_fixed(cs, W + F_TT, row, &v);
            zki_fr_set_i64(&v, t);
            zki_cs_set_fixed(cs, W + F_TIN, row, &v);
            zki_fr_set_i64(&v, table_value(nn, tag, t));
            zki_cs_set_fixed(cs, W + F_TOUT, row, &v);
        }
    for (uint32_t c = 0; c + 1 < nn->n_copies; c += 2) zki_cs_copy(cs, nn->copies[c], nn->copies[c + 1]);

    /* public values: instance rows 0.., inputs first then outputs, each tied to its wire */
    size_t n = cs->n;
    zki_fr *P = calloc(nn->n_pub + 1, sizeof(zki_fr));
    zki_fr *adv = calloc((size_t)n_adv * n, sizeof(zki_fr));
    if (!P || !adv) {
        free(P);
        free(adv);
        zki_cs_free(cs);
        return ZKI_ERR_NOMEM;
    }
    uint32_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < nn->n_pub; i++) {
            if (nn->pub_is_out[i] != pass) continue;
            zki_wire w = nn->pub[i];
            const zki_nn_frow *fr = zki_nn_i_find_frow(nn, w.row);
            if (fr) P[k] = fr->v[w.col];
            else zki_fr_set_i64(&P[k], zki_nn_value(nn, w));
            zki_cell inst = {ZKI_COL_INSTANCE, 0, k}, cell = {ZKI_COL_ADVICE, w.col, w.row};
            zki_cs_copy(cs, inst, cell);
            k++;
        }
    /* advice values, column-major */
    for (uint32_t r = 0; r < nn->rows; r++)
        for (uint32_t j = 0; j < n_adv; j++) zki_fr_set_i64(&adv[(size_t)j * n + r], nn->adv[(size_t)r * nn->n_adv + j]);
    for (uint32_t i = 0; i < nn->n_frows; i++)
        for (uint32_t j = 0; j < W; j++) adv[(size_t)j * n + nn->frows[i].row] = nn->frows[i].v[j];
    st = cs->oom ? ZKI_ERR_NOMEM : zki_cs_validate(cs);
    if (st != ZKI_OK) {
        free(P);
        free(adv);
        zki_cs_free(cs);
        return st;
    }
    *advice = adv;
    *pub = P;
    *n_pub = nn->n_pub;
    nn->frei.n = nn->frei.n_mm ? cs->n : 0;
    return ZKI_OK;
}

uint32_t zki_nn_i_new_row(zki_nn *nn) { return new_row(nn); }
void zki_nn_i_copy(zki_nn *nn, zki_cell a, zki_cell b) { copy(nn, a, b); }
