/* zki_plonk_eval_block (the prover's block-at-a-time constraint evaluation) equals the
 * single-point evaluator zki_plonk_eval_constraints that the verifiers use, row by row,
 * on random values for every polynomial, including blocks that wrap around the domain
 * (rotation 1 at the last rows, the permutation's rotation −(B+1) at the first rows). */
#include <stdlib.h>
#include <string.h>

#include "eval_block.h"
#include "example.h"
#include "test.h"

typedef struct {
    size_t n;
    zki_fr *col[8]; /* by polynomial kind: advice, fixed, instance, sigma, z, m, phi */
    size_t row;     /* the single-point getter's current row */
} polys;

static unsigned slot(unsigned kind) {
    switch (kind) {
    case ZKI_P_ADVICE: return 0;
    case ZKI_P_FIXED: return 1;
    case ZKI_P_INSTANCE: return 2;
    case ZKI_P_SIGMA: return 3;
    case ZKI_P_Z: return 4;
    case ZKI_P_M: return 5;
    default: return 6;
    }
}

static const zki_fr *column(void *ctx, unsigned kind, uint32_t index) {
    polys *p = ctx;
    return &p->col[slot(kind)][(size_t)index * p->n];
}

/* the challenges of the comparison under way (challenge nodes) */
static const zki_plonk_challenges *cur_ch;

static const zki_fr *point(void *ctx, unsigned kind, uint32_t index, int32_t rot) {
    polys *p = ctx;
    if (kind == ZKI_P_CHALLENGE) return &cur_ch->c[index];
    size_t i = (p->row + p->n + (size_t)(int64_t)rot) & (p->n - 1);
    return &p->col[slot(kind)][(size_t)index * p->n + i];
}

static void rand_fr(zki_fr *x) {
    uint8_t b[32];
    zt_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(x, b);
}

static zki_fr *rand_cols(size_t count) {
    zki_fr *c = malloc((count ? count : 1) * sizeof(zki_fr));
    for (size_t i = 0; c && i < count; i++) rand_fr(&c[i]);
    return c;
}

/* Every block start in starts[] with every count in counts[] agrees with the point
 * evaluator; returns the number of rows compared. */
static size_t compare(const zki_cs *cs, uint32_t npub) {
    zki_plonk_layout L;
    uint32_t pp[1] = {npub};
    if (zki_plonk_layout_init(&L, cs, pp) != ZKI_OK) return 0;
    size_t n = cs->n, rows = 0;
    polys p = {n, {0}, 0};
    size_t counts[8] = {cs->n_advice, cs->n_fixed, cs->n_instance, cs->n_perm_cols, L.n_z, cs->n_lookups,
                        cs->n_lookups, 0};
    for (int k = 0; k < 7; k++) p.col[k] = rand_cols(counts[k] * n);
    zki_fr *x = rand_cols(n), *sel = rand_cols(3 * n), *dpow = rand_cols(cs->n_perm_cols + 1);
    zki_fr *scratch = malloc(((size_t)cs->n_nodes + 1) * sizeof(zki_fr)), out[ZKI_PLONK_BLOCK];
    zki_plonk_challenges ch;
    rand_fr(&ch.theta);
    rand_fr(&ch.beta);
    rand_fr(&ch.gamma);
    rand_fr(&ch.lambda);
    rand_fr(&ch.y);
    for (int i = 0; i < ZKI_CS_MAX_CHALLENGES; i++) rand_fr(&ch.c[i]);
    cur_ch = &ch;
    zki_plonk_block b;
    int ok = zki_plonk_block_init(&b, cs) == ZKI_OK && scratch && x && sel && dpow;
    for (int k = 0; k < 7; k++) ok = ok && p.col[k];
    const size_t starts[] = {0, 1, 7, n / 2 - 3, n - ZKI_PLONK_BLOCK, n - 9, n - 1};
    const size_t cnts[] = {1, 5, 17, ZKI_PLONK_BLOCK};
    for (size_t s = 0; ok && s < sizeof starts / sizeof starts[0]; s++)
        for (size_t c = 0; ok && c < sizeof cnts / sizeof cnts[0]; c++) {
            size_t row = starts[s], cnt = cnts[c];
            if (row + cnt > n) cnt = n - row;
            zki_plonk_eval_block(cs, &L, &ch, dpow, column, &p, &x[row], &sel[row], &sel[n + row],
                                 &sel[2 * n + row], row, cnt, &b, out);
            for (size_t r = 0; r < cnt; r++) {
                zki_fr want;
                p.row = row + r;
                zki_plonk_eval_constraints(cs, &L, &ch, dpow, &x[row + r], &sel[row + r], &sel[n + row + r],
                                           &sel[2 * n + row + r], point, &p, scratch, &want);
                CHECK(zki_fr_eq(&out[r], &want));
                rows++;
            }
        }
    /* a changed value changes the result (the comparison is not vacuous) */
    if (ok) {
        zki_fr before;
        zki_plonk_eval_block(cs, &L, &ch, dpow, column, &p, &x[3], &sel[3], &sel[n + 3], &sel[2 * n + 3], 3, 1,
                             &b, &before);
        zki_fr_add(&p.col[4][3], &p.col[4][3], &ch.y); /* z_0 at row 3 */
        zki_plonk_eval_block(cs, &L, &ch, dpow, column, &p, &x[3], &sel[3], &sel[n + 3], &sel[2 * n + 3], 3, 1,
                             &b, out);
        CHECK(!zki_fr_eq(&out[0], &before));
    }
    CHECK(ok);
    zki_plonk_block_free(&b);
    for (int k = 0; k < 7; k++) free(p.col[k]);
    free(x);
    free(sel);
    free(dpow);
    free(scratch);
    zki_plonk_layout_free(&L);
    return rows;
}

CASE(plonk_eval_block_matches_point_evaluator) {
    zki_cs cs;
    zki_fr *adv = NULL, pub[ZKI_EXAMPLE_PUBLIC];
    uint32_t npub[1];
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 7, 0, 11) == ZKI_OK);
    CHECK(compare(&cs, npub[0]) > 100);
    zki_cs_free(&cs);
    free(adv);
    /* late columns: challenge nodes in gates and a lookup input */
    REQUIRE(zki_example_circuit(&cs, &adv, pub, npub, 7, 2, 11) == ZKI_OK);
    CHECK(compare(&cs, npub[0]) > 100);
    zki_cs_free(&cs);
    free(adv);
    /* 16 advice columns: several permutation chunks, two lookups */
    REQUIRE(zki_bench_circuit(&cs, &adv, 9, 5) == ZKI_OK);
    CHECK(compare(&cs, 0) > 100);
    zki_cs_free(&cs);
    free(adv);
}
