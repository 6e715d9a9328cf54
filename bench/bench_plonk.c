/* Proof-system figures: keygen, prove and verify time, proof size and peak memory for a
 * circuit of 2^16 rows with 16 advice columns, a multiply-accumulate gate over the row,
 * two range lookups and copy constraints (issue: "the proof system"). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "lagrange.h"
#include "example.h"
#include "prove.h"

enum { LOG_N = 16 };

static int bench_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    bench_rand_bytes(out, len);
    return 1;
}

/* the circuit: zki_bench_circuit (prover/plonk/example.h) */
static int build(zki_cs *cs, zki_fr **adv_out) { return zki_bench_circuit(cs, adv_out, LOG_N, 1) == ZKI_OK; }

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

/* GWC (zkinfer-plonk-v2) against SHPLONK (v3, packs of at most 4: the bench circuit's
 * fixed and σ polynomials in one pack) on the same 2^16 circuit, 2 threads: the proofs
 * alternate (v2, v3, v2, ...) so that a busy machine slows both alike; medians. */
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

BENCH(plonk_shplonk_2e16) {
    enum { RUNS = 5 };
    zki_cs cs[2];
    zki_fr *adv[2] = {NULL, NULL};
    zki_pk pk[2];
    zki_srs srs;
    for (int s = 0; s < 2; s++)
        if (!build(&cs[s], &adv[s])) return;
    if (zki_cs_set_shplonk(&cs[1], 4) != ZKI_OK) return;
    zki_plonk_layout L;
    if (zki_plonk_layout_init(&L, &cs[1], NULL) != ZKI_OK) return;
    unsigned lg = 0;
    while (((size_t)1 << lg) < zki_plonk_srs_need(&L)) lg++;
    zki_plonk_layout_free(&L);
    if (zki_srs_dev(&srs, lg, (const uint8_t *)"bench", 5) != ZKI_OK) return;
    zki_g1_aff *lag = malloc(((size_t)1 << LOG_N) * sizeof *lag);
    if (!lag || zki_srs_dev_lagrange(lag, LOG_N, (const uint8_t *)"bench", 5) != ZKI_OK) return;
    for (int s = 0; s < 2; s++)
        if (zki_keygen_ex(&pk[s], &cs[s], NULL, &srs, lag, 0) != ZKI_OK) return;
    free(lag);
    struct prove_state st[2];
    double t[2][RUNS], tv[2][RUNS];
    for (int s = 0; s < 2; s++) {
        st[s] = (struct prove_state){&pk[s], adv[s], NULL, zki_plonk_proof_size(&pk[s].vk.L, &pk[s].vk.cs), 2, 1};
        if (!(st[s].proof = malloc(st[s].len))) return;
    }
    for (int r = 0; r < RUNS; r++)
        for (int s = 0; s < 2; s++) {
            double t0 = bench_now();
            prove_once(&st[s]);
            t[s][r] = (bench_now() - t0) * 1e3;
            t0 = bench_now();
            st[s].ok &= zki_verify(&pk[s].vk, NULL, 0, st[s].proof, st[s].len) == ZKI_OK;
            tv[s][r] = (bench_now() - t0) * 1e3;
        }
    static const char *key[2][3] = {{"plonk_v2_2e16_prove_2t_ms", "plonk_v2_2e16_verify_ms", "plonk_v2_2e16_proof_bytes"},
                                    {"plonk_v3_2e16_prove_2t_ms", "plonk_v3_2e16_verify_ms", "plonk_v3_2e16_proof_bytes"}};
    static const char *lab[2][3] = {
        {"PLONK 2^16x16 GWC (v2) prove, 2 threads, alternating (median ms)", "PLONK 2^16x16 GWC (v2) full verify (median ms)",
         "PLONK 2^16x16 GWC (v2) proof size (bytes)"},
        {"PLONK 2^16x16 SHPLONK P=4 (v3) prove, 2 threads, alternating (median ms)",
         "PLONK 2^16x16 SHPLONK P=4 (v3) full verify (median ms)", "PLONK 2^16x16 SHPLONK P=4 (v3) proof size (bytes)"}};
    for (int s = 0; s < 2; s++) {
        qsort(t[s], RUNS, sizeof(double), cmp_double);
        qsort(tv[s], RUNS, sizeof(double), cmp_double);
        bench_record(key[s][0], lab[s][0], t[s][RUNS / 2]);
        bench_record(key[s][1], lab[s][1], tv[s][RUNS / 2]);
        bench_record(key[s][2], lab[s][2], (double)st[s].len);
        if (!st[s].ok) bench_record("plonk_shplonk_FAILED", "PLONK v2/v3 bench: a proof failed to verify", 1);
        free(st[s].proof);
        free(adv[s]);
        zki_pk_free(&pk[s]);
        zki_cs_free(&cs[s]);
    }
    zki_srs_free(&srs);
}
