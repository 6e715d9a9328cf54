/* Writes the vk.bin / proof.bin / public.bin of the proof-system benchmark circuit
 * (bench/bench_plonk.c: 2^16 rows, 16 advice columns, a multiply-accumulate gate, two
 * range lookups, copy constraints, no public inputs) for the EVM gas benchmark
 * (tests/evm/bench_evm.sh). The circuit is rebuilt here as bench_plonk.c builds it.
 * Usage: evm-bench-circuit [LOGN] DIR   (default LOGN 16; INSECURE development SRS) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prove.h"

enum { ADV = 16 };

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_u64(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* gate:   q · (Σ_{j<7} a_{2j}·a_{2j+1} + a14 − a15) = 0
 * lookup: q · a0 ∈ T and q · a1 ∈ T, T = 0..255
 * copies: a15[r] = a14[r+1] on every row */
static int build(zki_cs *cs, zki_fr **adv_out, uint32_t log_n) {
    if (zki_cs_init(cs, log_n, ADV, 2, 0) != ZKI_OK) return 0;
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
    zki_fr *A = calloc((size_t)ADV * n, sizeof(zki_fr));
    if (!A) return 0;
    zki_fr acc;
    zki_fr_set_zero(&acc);
    for (uint32_t r = 0; r < u; r++) {
        A[14 * n + r] = acc;
        for (int j = 0; j < 14; j++) zki_fr_set_u64(&A[(size_t)j * n + r], next_u64() & 255);
        for (int j = 0; j < 7; j++) {
            zki_fr t;
            zki_fr_mul(&t, &A[(size_t)(2 * j) * n + r], &A[(size_t)(2 * j + 1) * n + r]);
            zki_fr_add(&acc, &acc, &t);
        }
        A[15 * n + r] = acc;
    }
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
    uint32_t log_n = argc > 2 ? (uint32_t)atoi(argv[1]) : 16;
    const char *dir = argv[argc - 1];
    if (argc < 2 || log_n < 4 || log_n > 20) {
        fprintf(stderr, "usage: evm-bench-circuit [LOGN] DIR\n");
        return 2;
    }
    zki_cs cs;
    zki_fr *adv = NULL;
    zki_srs srs;
    zki_pk pk;
    if (!build(&cs, &adv, log_n) || zki_srs_dev(&srs, log_n + 1, (const uint8_t *)"bench", 5) != ZKI_OK ||
        zki_keygen(&pk, &cs, NULL, &srs, 0) != ZKI_OK) {
        fprintf(stderr, "evm-bench-circuit: keygen failed\n");
        return 4;
    }
    size_t plen = zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), vlen = 0;
    zki_vk_encode(&pk.vk, NULL, 0, &vlen);
    uint8_t *proof = malloc(plen), *vk = malloc(vlen);
    if (!proof || !vk || zki_vk_encode(&pk.vk, vk, vlen, &vlen) != ZKI_OK ||
        zki_prove(&pk, adv, NULL, proof, plen, NULL, NULL, 0) != ZKI_OK) {
        fprintf(stderr, "evm-bench-circuit: prove failed\n");
        return 4;
    }
    int ok = put(dir, "vk.bin", vk, vlen) && put(dir, "proof.bin", proof, plen) && put(dir, "public.bin", "", 0);
    free(proof);
    free(vk);
    free(adv);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zki_cs_free(&cs);
    if (!ok) fprintf(stderr, "evm-bench-circuit: cannot write into %s\n", dir);
    return ok ? 0 : 4;
}
