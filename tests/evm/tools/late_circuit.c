/* Writes the vk.bin / proof.bin / public.bin of a small circuit with late advice columns
 * (docs/PROTOCOL.md §4.1) whose shape the EVM suite chooses, for the edges the example's
 * variant 2 (two late columns, two challenges) does not reach: every advice column late
 * (the transcript's chunk 0 then holds no commitment), one challenge (its squeeze starts
 * the late chunk itself), four challenges (three squeezes of the state alone).
 *   columns  advice a0, a1, a2 (the last NLATE late), fixed q, one instance column
 *   gate     q·(a2 − s·a0 − a1) = 0 with s = Σ_i (i+1)·c_i over the NC challenges
 *   copy     a0[0] = x0, the public input
 * a2 depends on the challenges, so a proof made for other challenges fails; a late a0 or
 * a1 holds values fixed in advance (the copy to x0 needs a0[0] before the transcript).
 * With a fourth argument FILE it also writes into DIR/FILE a proof whose late columns were
 * filled for other challenges (each c_i + 1; the prover's checks skipped), which every
 * verifier must reject.
 * Usage: evm-late-circuit NLATE NC DIR [FILE]   (2^5 rows; INSECURE development SRS) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prove.h"

#define LOG_N 5
#define N_ADV 3

typedef struct {
    uint32_t n, usable, n_late, n_c;
    int other; /* 1: fill for c_i + 1 instead of c_i */
} late_ctx;

/* the values of a0 and a1 on row r, known before any challenge */
static void base_values(zki_fr *a0, zki_fr *a1, uint32_t r) {
    zki_fr_set_u64(a0, 1000 + 17 * (uint64_t)r);
    zki_fr_set_u64(a1, 3 + 7 * (uint64_t)r);
}

/* s = Σ_i (i+1)·c_i: each challenge with its own weight, so a mixed-up order shows */
static void weighted_sum(zki_fr *s, const zki_fr *ch, uint32_t n_c) {
    zki_fr_set_zero(s);
    for (uint32_t i = 0; i < n_c; i++) {
        zki_fr w, t;
        zki_fr_set_u64(&w, i + 1);
        zki_fr_mul(&t, &w, &ch[i]);
        zki_fr_add(s, s, &t);
    }
}

/* zki_late_fn: the late columns' usable rows once the challenges are known */
static zki_status fill_late(void *vctx, const zki_fr *ch, zki_fr *A) {
    const late_ctx *c = vctx;
    zki_fr s, moved[ZKI_CS_MAX_CHALLENGES], one;
    zki_fr_set_one(&one);
    for (uint32_t i = 0; i < c->n_c; i++) {
        moved[i] = ch[i];
        if (c->other) zki_fr_add(&moved[i], &ch[i], &one);
    }
    weighted_sum(&s, moved, c->n_c);
    for (uint32_t r = 0; r < c->usable; r++) {
        zki_fr a0, a1, t;
        base_values(&a0, &a1, r);
        if (c->n_late >= 3) A[0 * c->n + r] = a0;
        if (c->n_late >= 2) A[1 * c->n + r] = a1;
        zki_fr_mul(&t, &s, &a0);
        zki_fr_add(&A[2 * c->n + r], &t, &a1);
    }
    return ZKI_OK;
}

static int build(zki_cs *cs, zki_fr **adv_out, zki_fr *pub, uint32_t n_late, uint32_t n_c) {
    if (zki_cs_init(cs, LOG_N, N_ADV, 1, 1) != ZKI_OK) return 0;
    if (zki_cs_set_late(cs, n_late, n_c) != ZKI_OK) return 0;
    zki_expr q = zki_cs_cell(cs, ZKI_COL_FIXED, 0, 0);
    zki_expr a0 = zki_cs_cell(cs, ZKI_COL_ADVICE, 0, 0), a1 = zki_cs_cell(cs, ZKI_COL_ADVICE, 1, 0);
    zki_expr a2 = zki_cs_cell(cs, ZKI_COL_ADVICE, 2, 0);
    zki_expr s = zki_cs_challenge(cs, 0);
    for (uint32_t i = 1; i < n_c; i++)
        s = zki_cs_add(cs, s, zki_cs_mul(cs, zki_cs_const_i64(cs, (int64_t)i + 1), zki_cs_challenge(cs, i)));
    zki_cs_gate(cs, "late_lin", zki_cs_mul(cs, q, zki_cs_sub(cs, a2, zki_cs_add(cs, zki_cs_mul(cs, s, a0), a1))));
    zki_cs_enable_equality(cs, ZKI_COL_ADVICE, 0);
    zki_cs_enable_equality(cs, ZKI_COL_INSTANCE, 0);
    zki_cs_copy(cs, (zki_cell){ZKI_COL_ADVICE, 0, 0}, (zki_cell){ZKI_COL_INSTANCE, 0, 0});
    uint32_t n = cs->n, u = zki_cs_usable_rows(cs);
    zki_fr one;
    zki_fr_set_one(&one);
    for (uint32_t r = 0; r < u; r++)
        if (zki_cs_set_fixed(cs, 0, r, &one) != ZKI_OK) return 0;
    zki_fr *A = calloc((size_t)N_ADV * n, sizeof *A);
    if (!A || zki_cs_validate(cs) != ZKI_OK) {
        free(A);
        return 0;
    }
    for (uint32_t r = 0; r < u; r++) base_values(&A[r], &A[n + r], r); /* the early ones; late ones: fill_late */
    base_values(pub, &one, 0);
    *adv_out = A;
    return 1;
}

static int put(const char *dir, const char *name, const void *b, size_t n) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) return 0;
    int ok = fwrite(b, 1, n, f) == n;
    return (fclose(f) == 0) && ok;
}

int main(int argc, char **argv) {
    int args_ok = argc == 4 || argc == 5;
    uint32_t n_late = args_ok ? (uint32_t)atoi(argv[1]) : 0, n_c = args_ok ? (uint32_t)atoi(argv[2]) : 0;
    if (!args_ok || n_late < 1 || n_late > N_ADV || n_c < 1 || n_c > ZKI_CS_MAX_CHALLENGES) {
        fprintf(stderr, "usage: evm-late-circuit NLATE NC DIR [FILE]   (1 <= NLATE <= %d, 1 <= NC <= %d)\n", N_ADV,
                ZKI_CS_MAX_CHALLENGES);
        return 2;
    }
    const char *dir = argv[3];
    zki_cs cs;
    zki_fr *adv = NULL, pub;
    zki_srs srs;
    zki_pk pk;
    uint32_t npub[1] = {1};
    if (!build(&cs, &adv, &pub, n_late, n_c) || zki_srs_dev(&srs, LOG_N + 1, (const uint8_t *)"late", 4) != ZKI_OK ||
        zki_keygen(&pk, &cs, npub, &srs, 0) != ZKI_OK) {
        fprintf(stderr, "evm-late-circuit: keygen failed\n");
        return 4;
    }
    late_ctx lc = {cs.n, zki_cs_usable_rows(&cs), n_late, n_c, 0};
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), vlen = 0;
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *proof = malloc(plen), *vk = malloc(vlen), pub_bytes[32];
    zki_status st = ZKI_ERR_NOMEM;
    if (proof && vk && zki_vk_encode(&pk.vk, vk, vlen, &vlen) == ZKI_OK)
        st = zki_prove_late(&pk, adv, fill_late, &lc, &pub, proof, plen, NULL, NULL, 0, 0);
    if (st != ZKI_OK) {
        fprintf(stderr, "evm-late-circuit: prove failed: %s\n", zki_status_str(st));
        return 4;
    }
    zki_fr_to_bytes(pub_bytes, &pub);
    int ok = put(dir, "vk.bin", vk, vlen) && put(dir, "proof.bin", proof, plen) && put(dir, "public.bin", pub_bytes, 32);
    if (ok && argc == 5) {
        lc.other = 1;
        st = zki_prove_late(&pk, adv, fill_late, &lc, &pub, proof, plen, NULL, NULL, 0, ZKI_PROVE_UNCHECKED);
        if (st != ZKI_OK) {
            fprintf(stderr, "evm-late-circuit: prove (other challenges) failed: %s\n", zki_status_str(st));
            return 4;
        }
        ok = put(dir, argv[4], proof, plen);
    }
    free(proof);
    free(vk);
    free(adv);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zki_cs_free(&cs);
    if (!ok) fprintf(stderr, "evm-late-circuit: cannot write into %s\n", dir);
    return ok ? 0 : 4;
}
