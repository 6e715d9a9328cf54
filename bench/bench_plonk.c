/* Proof-system figures: keygen, prove and verify time, proof size and peak memory for a
 * circuit of 2^16 rows with 16 advice columns, a multiply-accumulate gate over the row,
 * two range lookups and copy constraints (issue: "the proof system"). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "lagrange.h"
#include "prove.h"

enum { ADV = 16, LOG_N = 16 };

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_u64(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int bench_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    bench_rand_bytes(out, len);
    return 1;
}

/* gate:   q · (Σ_{j<7} a_{2j}·a_{2j+1} + a14 − a15) = 0
 * lookup: q · a0 ∈ T and q · a1 ∈ T, T = 0..255
 * copies: a15[r] = a14[r+1] on every row (chaining the accumulators) */
static int build(zki_cs *cs, zki_fr **adv_out) {
    if (zki_cs_init(cs, LOG_N, ADV, 2, 0) != ZKI_OK) return 0;
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

struct prove_state {
    zki_pk *pk;
    zki_fr *adv;
    uint8_t *proof;
    size_t len;
    unsigned threads;
    int ok;
};

static void prove_once(void *arg) {
    struct prove_state *s = arg;
    s->ok &= zki_prove(s->pk, s->adv, NULL, s->proof, s->len, bench_rng, NULL, s->threads) == ZKI_OK;
}

static void verify_once(void *arg) {
    struct prove_state *s = arg;
    for (int i = 0; i < 10; i++) s->ok &= zki_verify(&s->pk->vk, NULL, 0, s->proof, s->len) == ZKI_OK;
}

BENCH(plonk_2e16) {
    zki_cs cs;
    zki_fr *adv = NULL;
    zki_srs srs;
    zki_pk pk;
    if (!build(&cs, &adv)) return;
    if (zki_srs_dev(&srs, LOG_N + 1, (const uint8_t *)"bench", 5) != ZKI_OK) return;
    /* the dev SRS's Lagrange basis by its fast path (zki_keygen would run the G1
     * inverse NTT, timed in bench_lagrange.c); keygen checks it against the SRS */
    zki_g1_aff *lag = malloc(((size_t)1 << LOG_N) * sizeof *lag);
    if (!lag || zki_srs_dev_lagrange(lag, LOG_N, (const uint8_t *)"bench", 5) != ZKI_OK) return;
    double t0 = bench_now();
    if (zki_keygen_ex(&pk, &cs, NULL, &srs, lag, 0) != ZKI_OK) return;
    bench_record("plonk_2e16_keygen_ms", "PLONK 2^16x16 keygen, Lagrange basis given (ms, all cores)",
                 (bench_now() - t0) * 1e3);
    free(lag);
    struct prove_state s = {&pk, adv, NULL, zki_plonk_proof_size(&pk.vk.L, &pk.vk.cs), 0, 1};
    s.proof = malloc(s.len);
    if (!s.proof) return;
    s.threads = 1;
    bench_time("plonk_2e16_prove_1t_ms", "PLONK 2^16x16 prove, 1 thread (ms)", prove_once, &s, 1, 3, 1e3);
    s.threads = 2;
    bench_time("plonk_2e16_prove_2t_ms", "PLONK 2^16x16 prove, 2 threads (ms)", prove_once, &s, 1, 3, 1e3);
    bench_time("plonk_2e16_verify_ms", "PLONK 2^16x16 full verify (ms)", verify_once, &s, 10, 5, 1e3);
    bench_record("plonk_2e16_proof_bytes", "PLONK 2^16x16 proof size (bytes)", (double)s.len);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    bench_record("plonk_2e16_peak_rss_kib", "PLONK 2^16x16 peak RSS so far (KiB)", (double)ru.ru_maxrss);
    if (!s.ok) bench_record("plonk_2e16_FAILED", "PLONK bench: a proof failed to verify", 1);
    free(s.proof);
    free(adv);
    zki_pk_free(&pk);
    zki_srs_free(&srs);
    zki_cs_free(&cs);
}
