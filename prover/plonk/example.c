/* The example circuit (see example.h). */
#include "example.h"

#include <stdlib.h>

static uint64_t next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

zki_status zki_example_circuit(zki_cs *cs, zki_fr **advice, zki_fr pub[ZKI_EXAMPLE_PUBLIC],
                               uint32_t npub[1], uint32_t log_n, int variant, uint64_t seed) {
    *advice = NULL;
    if (log_n < 4 || log_n > 24 || variant < 0 || variant > 2) return ZKI_ERR_ARG;
    uint32_t n_adv = variant == 2 ? 7 : 5;
    zki_status st = zki_cs_init(cs, log_n, n_adv, 4, 1);
    if (st != ZKI_OK) return st;
    zki_expr a[5];
    for (int j = 0; j < 5; j++) a[j] = zki_cs_cell(cs, ZKI_COL_ADVICE, (uint32_t)j, 0);
    zki_expr a3n = zki_cs_cell(cs, ZKI_COL_ADVICE, 3, 1);
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, 0, 0), ql = zki_cs_cell(cs, ZKI_COL_FIXED, 1, 0);
    zki_expr T = zki_cs_cell(cs, ZKI_COL_FIXED, 2, 0), T2 = zki_cs_cell(cs, ZKI_COL_FIXED, 3, 0);
    zki_expr mac = zki_cs_sub(cs, zki_cs_add(cs, zki_cs_mul(cs, a[0], a[1]), a[2]), a3n);
    zki_cs_gate(cs, "mac", zki_cs_mul(cs, q, mac));
    zki_expr in0 = zki_cs_mul(cs, ql, a[0]);
    zki_cs_lookup(cs, "range", 1, &in0, &T);
    zki_expr in2[2] = {zki_cs_mul(cs, ql, a[1]), zki_cs_mul(cs, ql, a[4])}, tb2[2] = {T, T2};
    zki_cs_lookup(cs, "square", 2, in2, tb2);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 2);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 3);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 0);
    zki_cs_enable_equality(cs, ZKI_COL_INSTANCE, 0);
    if (variant == 2) {
        /* late columns a5, a6 and challenges c0, c1 */
        zki_cs_set_late(cs, 2, 2);
        zki_expr c0 = zki_cs_challenge(cs, 0), c1 = zki_cs_challenge(cs, 1);
        zki_expr a5 = zki_cs_cell(cs, ZKI_COL_ADVICE, 5, 0), a6 = zki_cs_cell(cs, ZKI_COL_ADVICE, 6, 0);
        zki_expr a6n = zki_cs_cell(cs, ZKI_COL_ADVICE, 6, 1), c0a0 = zki_cs_mul(cs, c0, a[0]);
        zki_cs_gate(cs, "late_prod", zki_cs_mul(cs, ql, zki_cs_sub(cs, a5, zki_cs_add(cs, c0a0, a[1]))));
        zki_expr rlc = zki_cs_sub(cs, a6n, zki_cs_add(cs, zki_cs_mul(cs, a6, c1), a5));
        zki_cs_gate(cs, "late_rlc", zki_cs_mul(cs, q, rlc));
        zki_expr in5 = zki_cs_mul(cs, ql, zki_cs_sub(cs, a5, c0a0));
        zki_cs_lookup(cs, "late_range", 1, &in5, &T);
        zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 6);
    }
    uint32_t u = zki_cs_usable_rows(cs), K = u < 64 ? u : 64;
    zki_fr one, v;
    zki_fr_set_one(&one);
    for (uint32_t r = 0; r < u; r++) {
        if (r + 1 < u && !(variant == 1 && r == 0)) zki_cs_set_fixed(cs, 0, r, &one);
        zki_cs_set_fixed(cs, 1, r, &one);
        zki_fr_set_u64(&v, r < K ? r : 0);
        zki_cs_set_fixed(cs, 2, r, &v);
        zki_fr_set_u64(&v, r < K ? (uint64_t)r * r : 0);
        zki_cs_set_fixed(cs, 3, r, &v);
    }
    for (uint32_t r = 0; r + 2 < u; r += 3) {
        zki_cell x = {ZKI_COL_ADVICE, 3, r}, y = {ZKI_COL_ADVICE, 2, r + 1};
        zki_cs_copy(cs, x, y);
    }
    zki_cell o = {ZKI_COL_ADVICE, 3, u - 1}, x0 = {ZKI_COL_INSTANCE, 0, 0};
    zki_cell i0 = {ZKI_COL_ADVICE, 0, 0}, x1 = {ZKI_COL_INSTANCE, 0, 1};
    zki_cs_copy(cs, x0, o);
    zki_cs_copy(cs, x1, i0);
    if (variant == 2) {
        zki_cell l0 = {ZKI_COL_ADVICE, 6, 0};
        zki_cs_copy(cs, l0, i0);
    }
    npub[0] = ZKI_EXAMPLE_PUBLIC;
    if ((st = zki_cs_validate(cs)) != ZKI_OK) {
        zki_cs_free(cs);
        return st;
    }

    size_t n = cs->n;
    zki_fr *A = calloc(n_adv * n, sizeof(zki_fr));
    if (!A) {
        zki_cs_free(cs);
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t r = 0; r < u; r++) {
        uint64_t x = next(&seed) % K, y = next(&seed) % K;
        zki_fr_set_u64(&A[0 * n + r], x);
        zki_fr_set_u64(&A[1 * n + r], y);
        zki_fr_set_u64(&A[4 * n + r], y * y);
        zki_fr_set_i64(&A[2 * n + r], (int64_t)(next(&seed) % 1000) - 500);
    }
    zki_fr_set_u64(&A[3 * n + 0], 7);
    for (uint32_t r = 0; r + 1 < u; r++) {
        if (r % 3 == 1) A[2 * n + r] = A[3 * n + r - 1]; /* the copy a2[r] = a3[r-1] */
        zki_fr t;
        zki_fr_mul(&t, &A[0 * n + r], &A[1 * n + r]);
        zki_fr_add(&A[3 * n + r + 1], &t, &A[2 * n + r]);
    }
    pub[0] = A[3 * n + u - 1];
    pub[1] = A[0 * n + 0];
    *advice = A;
    return ZKI_OK;
}

zki_status zki_example_late(void *ctx, const zki_fr *ch, zki_fr *A) {
    const zki_cs *cs = ctx;
    size_t n = cs->n, u = zki_cs_usable_rows(cs);
    if (cs->n_advice != 7 || cs->n_advice_late != 2 || cs->n_challenges != 2) return ZKI_ERR_ARG;
    for (size_t r = 0; r < u; r++) {
        zki_fr_mul(&A[5 * n + r], &ch[0], &A[0 * n + r]);
        zki_fr_add(&A[5 * n + r], &A[5 * n + r], &A[1 * n + r]);
    }
    A[6 * n] = A[0]; /* the copy a6[0] = a0[0] */
    for (size_t r = 0; r + 1 < u; r++) {
        zki_fr_mul(&A[6 * n + r + 1], &A[6 * n + r], &ch[1]);
        zki_fr_add(&A[6 * n + r + 1], &A[6 * n + r + 1], &A[5 * n + r]);
    }
    return ZKI_OK;
}

zki_status zki_bench_circuit(zki_cs *cs, zki_fr **advice, uint32_t log_n, uint64_t seed) {
    enum { ADV = 16 };
    *advice = NULL;
    if (log_n < 9 || log_n > 24) return ZKI_ERR_ARG;
    zki_status st = zki_cs_init(cs, log_n, ADV, 2, 0);
    if (st != ZKI_OK) return st;
    zki_expr a[ADV];
    for (int j = 0; j < ADV; j++) a[j] = zki_cs_cell(cs, ZKI_COL_ADVICE, (uint32_t)j, 0);
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, 0, 0), T = zki_cs_cell(cs, ZKI_COL_FIXED, 1, 0);
    zki_expr sum = a[14];
    for (int j = 0; j < 7; j++) sum = zki_cs_add(cs, sum, zki_cs_mul(cs, a[2 * j], a[2 * j + 1]));
    zki_cs_gate(cs, "mac", zki_cs_mul(cs, q, zki_cs_sub(cs, sum, a[15])));
    zki_expr in0 = zki_cs_mul(cs, q, a[0]), in1 = zki_cs_mul(cs, q, a[1]);
    zki_cs_lookup(cs, "range0", 1, &in0, &T);
    zki_cs_lookup(cs, "range1", 1, &in1, &T);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 14);
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 15);
    uint32_t n = cs->n, u = zki_cs_usable_rows(cs);
    zki_fr one, v;
    zki_fr_set_one(&one);
    for (uint32_t r = 0; r < u; r++) {
        zki_cs_set_fixed(cs, 0, r, &one);
        zki_fr_set_u64(&v, r < 256 ? r : 0);
        zki_cs_set_fixed(cs, 1, r, &v);
        if (r + 1 < u) {
            zki_cell x = {ZKI_COL_ADVICE, 15, r}, y = {ZKI_COL_ADVICE, 14, r + 1};
            zki_cs_copy(cs, x, y);
        }
    }
    if ((st = zki_cs_validate(cs)) != ZKI_OK) {
        zki_cs_free(cs);
        return st;
    }
    zki_fr *A = calloc((size_t)ADV * n, sizeof(zki_fr));
    if (!A) {
        zki_cs_free(cs);
        return ZKI_ERR_NOMEM;
    }
    zki_fr acc;
    zki_fr_set_zero(&acc);
    for (uint32_t r = 0; r < u; r++) {
        A[14 * (size_t)n + r] = acc;
        for (int j = 0; j < 14; j++) zki_fr_set_u64(&A[(size_t)j * n + r], next(&seed) & 255);
        for (int j = 0; j < 7; j++) {
            zki_fr t;
            zki_fr_mul(&t, &A[(size_t)(2 * j) * n + r], &A[(size_t)(2 * j + 1) * n + r]);
            zki_fr_add(&acc, &acc, &t);
        }
        A[15 * (size_t)n + r] = acc;
    }
    *advice = A;
    return ZKI_OK;
}
