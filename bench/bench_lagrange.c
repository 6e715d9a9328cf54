/* Lagrange-basis figures (prover/pcs/lagrange.h): the basis of 2^10 .. 2^16 points by
 * the G1 inverse NTT of an SRS's monomial powers, the development fast path and the
 * consistency check at 2^16, and one 2^16-point commitment to 8-bit values in the
 * Lagrange basis (small-scalar MSM) against the same commitment from coefficients. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "keys.h"
#include "lagrange.h"
#include "ntt.h"

#define TOP_LOG 16

static const uint8_t seed[] = "zkinfer bench lagrange";

struct lag_state {
    zki_srs srs;
    zki_g1_aff *out;
    unsigned log_n;
    zki_fr *vals, *coeffs;
    zki_g1_aff C;
};

static void intt_run(void *arg) {
    struct lag_state *s = arg;
    if (zki_g1s_intt(s->out, s->srs.g1, s->log_n, 0) != ZKI_OK) abort();
}

static void dev_run(void *arg) {
    struct lag_state *s = arg;
    if (zki_srs_dev_lagrange(s->out, s->log_n, seed, sizeof seed - 1) != ZKI_OK) abort();
}

static void check_run(void *arg) {
    struct lag_state *s = arg;
    if (zki_lagrange_check(s->out, s->srs.g1, s->log_n, 0) != ZKI_OK) abort();
}

static void commit_values_run(void *arg) {
    struct lag_state *s = arg;
    size_t n = (size_t)1 << s->log_n;
    if (zki_plonk_commit_values(&s->C, s->out, s->vals, n, 0) != ZKI_OK) abort();
    BENCH_KEEP(s->C);
}

static void commit_coeffs_run(void *arg) {
    struct lag_state *s = arg;
    size_t n = (size_t)1 << s->log_n;
    if (zki_plonk_commit(&s->C, s->srs.g1, s->coeffs, n, 0) != ZKI_OK) abort();
    BENCH_KEEP(s->C);
}

BENCH(lagrange) {
    struct lag_state s;
    size_t N = (size_t)1 << TOP_LOG;
    if (zki_srs_dev(&s.srs, TOP_LOG, seed, sizeof seed - 1) != ZKI_OK) abort();
    s.out = malloc(N * sizeof *s.out);
    s.vals = malloc(N * sizeof *s.vals);
    s.coeffs = malloc(N * sizeof *s.coeffs);
    if (!s.out || !s.vals || !s.coeffs) abort();

    static const struct { unsigned log_n, runs; const char *key, *label; } sizes[] = {
        {10, 5, "lagrange_intt_2e10_ms", "Lagrange basis 2^10 by G1 iNTT (ms, all cores)"},
        {12, 3, "lagrange_intt_2e12_ms", "Lagrange basis 2^12 by G1 iNTT (ms, all cores)"},
        {14, 1, "lagrange_intt_2e14_ms", "Lagrange basis 2^14 by G1 iNTT (ms, all cores)"},
        {16, 1, "lagrange_intt_2e16_ms", "Lagrange basis 2^16 by G1 iNTT (ms, all cores)"},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        s.log_n = sizes[i].log_n;
        bench_time(sizes[i].key, sizes[i].label, intt_run, &s, 1, sizes[i].runs, 1e3);
    }
    s.log_n = TOP_LOG;
    bench_time("lagrange_dev_2e16_ms", "Lagrange basis 2^16, dev fast path (ms)", dev_run, &s, 1, 3, 1e3);
    bench_time("lagrange_check_2e16_ms", "Lagrange basis 2^16 consistency check (ms)", check_run, &s, 1, 3, 1e3);

    /* 8-bit signed values with the last 6 rows random, like a blinded advice column */
    zki_ntt_domain d;
    if (zki_ntt_domain_init(&d, TOP_LOG, 0) != ZKI_OK) abort();
    for (size_t i = 0; i < N; i++) {
        uint8_t b[32];
        bench_rand_bytes(b, 32);
        if (i + 6 < N) zki_fr_set_i64(&s.vals[i], (int64_t)(int8_t)b[0]);
        else zki_fr_from_bytes_reduce(&s.vals[i], b);
        s.coeffs[i] = s.vals[i];
    }
    if (zki_ntt_inv(s.coeffs, N, &d, 0) != ZKI_OK) abort();
    bench_time("commit_lagrange_i8_2e16_ms", "commit 2^16 int8 values, Lagrange basis (ms)", commit_values_run, &s,
               1, 5, 1e3);
    bench_time("commit_monomial_i8_2e16_ms", "commit the same from coefficients (ms)", commit_coeffs_run, &s, 1, 5,
               1e3);
    zki_ntt_domain_free(&d);
    free(s.out);
    free(s.vals);
    free(s.coeffs);
    zki_srs_free(&s.srs);
}
