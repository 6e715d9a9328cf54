/* The mock prover (see mock.h). */
#include "mock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct getter_ctx {
    const zki_cs *cs;
    const zki_witness *w;
    const zki_fr *fixed; /* cs->fixed, or all zeros */
    const zki_fr *rand;  /* for the gating check: one value per (kind, col) */
};

static const zki_fr *get_cell(void *vctx, zki_col_kind kind, uint32_t col, uint32_t row) {
    struct getter_ctx *c = vctx;
    size_t n = c->cs->n;
    switch (kind) {
    case ZKI_COL_ADVICE: return &c->w->advice[col * n + row];
    case ZKI_COL_FIXED: return &c->fixed[col * n + row];
    case ZKI_COL_CHALLENGE: return &c->w->challenges[col]; /* present: checked on entry */
    default: return &c->w->instance[col * n + row];
    }
}

static uint64_t tuple_hash(const zki_fr *t, uint32_t width) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (uint32_t j = 0; j < width; j++)
        for (int k = 0; k < 4; k++) h = (h ^ t[j].v[k]) * 0x100000001b3ULL + (h >> 29);
    return h;
}

struct hrow {
    uint64_t h;
    uint32_t row;
};

static int cmp_hrow(const void *a, const void *b) {
    const struct hrow *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

/* Checks lookup l; returns 1 and the failing row in *row if an input is missing. */
static zki_status check_lookup(const zki_cs *cs, const zki_lookup *l, struct getter_ctx *ctx,
                               zki_fr *scratch, uint32_t *bad_row) {
    uint32_t u = zki_cs_usable_rows(cs), w = l->width;
    zki_fr *tab = malloc((size_t)u * w * sizeof(zki_fr));
    struct hrow *idx = malloc((size_t)u * sizeof *idx);
    if (!tab || !idx) {
        free(tab);
        free(idx);
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t r = 0; r < u; r++) {
        for (uint32_t j = 0; j < w; j++) zki_cs_eval_row(cs, l->tables[j], r, get_cell, ctx, scratch, &tab[(size_t)r * w + j]);
        idx[r].h = tuple_hash(&tab[(size_t)r * w], w);
        idx[r].row = r;
    }
    qsort(idx, u, sizeof *idx, cmp_hrow);
    zki_fr in[16];
    zki_status st = ZKI_OK;
    for (uint32_t r = 0; r < u && st == ZKI_OK; r++) {
        for (uint32_t j = 0; j < w; j++) zki_cs_eval_row(cs, l->inputs[j], r, get_cell, ctx, scratch, &in[j]);
        uint64_t h = tuple_hash(in, w);
        size_t lo = 0, hi = u;
        while (lo < hi) { /* first entry with hash >= h */
            size_t mid = (lo + hi) / 2;
            if (idx[mid].h < h) lo = mid + 1;
            else hi = mid;
        }
        int found = 0;
        for (size_t k = lo; k < u && idx[k].h == h && !found; k++)
            found = memcmp(&tab[(size_t)idx[k].row * w], in, w * sizeof(zki_fr)) == 0;
        if (!found) {
            *bad_row = r;
            st = ZKI_REJECT;
        }
    }
    free(tab);
    free(idx);
    return st;
}

zki_status zki_mock_prove(const zki_cs *cs, const zki_witness *w, zki_mock_failure *fail) {
    zki_status st = zki_cs_validate(cs);
    if (st != ZKI_OK) return st;
    if (cs->n_challenges && !w->challenges) return ZKI_ERR_ARG;
    memset(fail, 0, sizeof *fail);
    zki_fr *scratch = malloc(((size_t)cs->n_nodes + 1) * sizeof(zki_fr));
    if (!scratch) return ZKI_ERR_NOMEM;
    struct getter_ctx ctx = {cs, w, cs->fixed, NULL};
    uint32_t u = zki_cs_usable_rows(cs);
    zki_fr v;

    for (uint32_t g = 0; g < cs->n_gates && st == ZKI_OK; g++)
        for (uint32_t r = 0; r < u; r++) {
            zki_cs_eval_row(cs, cs->gates[g].root, r, get_cell, &ctx, scratch, &v);
            if (!zki_fr_is_zero(&v)) {
                fail->kind = ZKI_MOCK_GATE;
                fail->index = g;
                fail->row = r;
                memcpy(fail->name, cs->gates[g].name, sizeof fail->name);
                st = ZKI_REJECT;
                break;
            }
        }

    for (uint32_t l = 0; l < cs->n_lookups && st == ZKI_OK; l++) {
        uint32_t row = 0;
        st = check_lookup(cs, &cs->lookups[l], &ctx, scratch, &row);
        if (st == ZKI_REJECT) {
            fail->kind = ZKI_MOCK_LOOKUP;
            fail->index = l;
            fail->row = row;
            memcpy(fail->name, cs->lookups[l].name, sizeof fail->name);
        }
    }

    for (uint32_t c = 0; c + 1 < cs->n_copies && st == ZKI_OK; c += 2) {
        zki_cell a = cs->copies[c], b = cs->copies[c + 1];
        const zki_fr *va = get_cell(&ctx, (zki_col_kind)a.kind, a.col, a.row);
        const zki_fr *vb = get_cell(&ctx, (zki_col_kind)b.kind, b.col, b.row);
        if (!zki_fr_eq(va, vb)) {
            fail->kind = ZKI_MOCK_COPY;
            fail->index = c / 2;
            fail->row = a.row;
            fail->a = a;
            fail->b = b;
            snprintf(fail->name, sizeof fail->name, "copy");
            st = ZKI_REJECT;
        }
    }
    free(scratch);
    return st;
}

static const zki_fr *get_gating(void *vctx, zki_col_kind kind, uint32_t col, uint32_t row) {
    struct getter_ctx *c = vctx;
    static const zki_fr zero = {{0, 0, 0, 0}};
    (void)row;
    if (kind == ZKI_COL_FIXED) return &zero;
    /* challenges: pseudo-random values after the cells' */
    if (kind == ZKI_COL_CHALLENGE) return &c->rand[((size_t)c->cs->n_advice + c->cs->n_instance) * 8 + col];
    /* distinct pseudo-random values per advice/instance cell and rotation bucket */
    uint32_t k = (kind == ZKI_COL_ADVICE ? col : c->cs->n_advice + col) * 8 + (row & 7);
    return &c->rand[k];
}

zki_status zki_cs_check_gates_gated(const zki_cs *cs, zki_mock_failure *fail) {
    zki_status st = zki_cs_validate(cs);
    if (st != ZKI_OK) return st;
    memset(fail, 0, sizeof *fail);
    size_t nr = ((size_t)cs->n_advice + cs->n_instance) * 8 + ZKI_CS_MAX_CHALLENGES;
    zki_fr *rand = malloc((nr + 1) * sizeof(zki_fr));
    zki_fr *scratch = malloc(((size_t)cs->n_nodes + 1) * sizeof(zki_fr));
    if (!rand || !scratch) {
        free(rand);
        free(scratch);
        return ZKI_ERR_NOMEM;
    }
    uint64_t x = 0x2545f4914f6cdd1dULL;
    for (size_t i = 0; i < nr; i++) {
        uint8_t b[32];
        for (int k = 0; k < 32; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b[k] = (uint8_t)x;
        }
        zki_fr_from_bytes_reduce(&rand[i], b);
    }
    struct getter_ctx ctx = {cs, NULL, NULL, rand};
    for (uint32_t g = 0; g < cs->n_gates && st == ZKI_OK; g++)
        for (uint32_t r = 0; r < 8; r++) {
            zki_fr v;
            zki_cs_eval_row(cs, cs->gates[g].root, r, get_gating, &ctx, scratch, &v);
            if (!zki_fr_is_zero(&v)) {
                fail->kind = ZKI_MOCK_UNGATED;
                fail->index = g;
                memcpy(fail->name, cs->gates[g].name, sizeof fail->name);
                st = ZKI_REJECT;
                break;
            }
        }
    free(rand);
    free(scratch);
    return st;
}

static const char *kind_name(unsigned k) {
    return k == ZKI_COL_ADVICE ? "advice" : k == ZKI_COL_FIXED ? "fixed" : "instance";
}

void zki_mock_failure_str(char *buf, size_t len, const zki_mock_failure *f) {
    switch (f->kind) {
    case ZKI_MOCK_GATE:
        snprintf(buf, len, "gate %u '%s' is not satisfied at row %u", f->index, f->name, f->row);
        break;
    case ZKI_MOCK_LOOKUP:
        snprintf(buf, len, "lookup %u '%s': input at row %u is not in the table", f->index, f->name, f->row);
        break;
    case ZKI_MOCK_COPY:
        snprintf(buf, len, "copy %u: %s column %u row %u != %s column %u row %u", f->index,
                 kind_name(f->a.kind), f->a.col, f->a.row, kind_name(f->b.kind), f->b.col, f->b.row);
        break;
    case ZKI_MOCK_UNGATED:
        snprintf(buf, len, "gate %u '%s' does not vanish when its selectors are off", f->index, f->name);
        break;
    default: snprintf(buf, len, "no failure"); break;
    }
}
