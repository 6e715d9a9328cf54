/* PCS figures at 2^16: development SRS generation, SRS file read + full validation
 * (digest, decoding, two MSMs and two pairing checks), and one KZG commitment. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "kzg.h"

#define LOG_N 16
#define SRS_PATH "build/bench-srs-2p16.srs"

static const uint8_t seed[] = "zkinfer bench";

static void dev_run(void *arg) {
    zki_srs s;
    if (zki_srs_dev(&s, LOG_N, seed, sizeof seed - 1) != ZKI_OK) abort();
    zki_srs_free(&s);
    (void)arg;
}

static void read_run(void *arg) {
    zki_srs s;
    if (zki_srs_read(&s, SRS_PATH, 0) != ZKI_OK) abort();
    zki_srs_free(&s);
    (void)arg;
}

struct commit_state {
    zki_srs srs;
    zki_fr *coeffs;
    zki_g1_aff C;
};

static void commit_run(void *arg) {
    struct commit_state *st = arg;
    if (zki_kzg_commit(&st->C, &st->srs, st->coeffs, st->srs.n_g1, 0) != ZKI_OK) abort();
    BENCH_KEEP(st->C);
}

BENCH(kzg) {
    bench_time("srs_dev_2p16_ms", "dev SRS 2^16 (ms)", dev_run, NULL, 1, 5, 1e3);

    struct commit_state st;
    if (zki_srs_dev(&st.srs, LOG_N, seed, sizeof seed - 1) != ZKI_OK) abort();
    if (zki_srs_write(&st.srs, SRS_PATH) != ZKI_OK) {
        fprintf(stderr, "bench_kzg: cannot write %s\n", SRS_PATH);
        abort();
    }
    bench_time("srs_read_2p16_ms", "SRS file read+validate 2^16 (ms)", read_run, NULL, 1, 5, 1e3);
    remove(SRS_PATH);

    st.coeffs = malloc(st.srs.n_g1 * sizeof *st.coeffs);
    if (!st.coeffs) abort();
    for (size_t i = 0; i < st.srs.n_g1; i++) {
        uint8_t b[32];
        bench_rand_bytes(b, 32);
        zki_fr_from_bytes_reduce(&st.coeffs[i], b);
    }
    bench_time("kzg_commit_2p16_ms", "KZG commit 2^16 (ms)", commit_run, &st, 1, 7, 1e3);
    free(st.coeffs);
    zki_srs_free(&st.srs);
}
