/* Keccak-256 and transcript benchmarks: the hash of 1 KiB (8 permutations) and one
 * transcript round as a PLONK verifier meets it (16 G1 points absorbed, then a
 * squeeze: 32 words plus the state, 8 permutations). */
#include <string.h>

#include "bench.h"
#include "keccak.h"
#include "transcript.h"

/* Short runs (about 0.5 ms), many of them: the minimum stays meaningful on a busy machine. */
enum { KECCAK_PER_RUN = 200, TRANSCRIPT_PER_RUN = 100, N_POINTS = 16, RUNS = 51 };

static void keccak_1kib(void *arg) {
    uint8_t *buf = arg, h[32];
    for (unsigned i = 0; i < KECCAK_PER_RUN; i++) {
        zki_keccak256(h, buf, 1024);
        memcpy(buf, h, 32); /* each input depends on the previous digest */
    }
    BENCH_KEEP(buf[0]);
}

typedef struct {
    zki_transcript t;
    zki_g1_aff pts[N_POINTS];
    zki_fr c;
} transcript_arg;

static void transcript_16g1(void *arg) {
    transcript_arg *a = arg;
    for (unsigned i = 0; i < TRANSCRIPT_PER_RUN; i++) {
        for (unsigned j = 0; j < N_POINTS; j++) zki_transcript_absorb_g1(&a->t, &a->pts[j]);
        zki_transcript_squeeze_fr(&a->t, &a->c);
    }
    BENCH_KEEP(a->c);
}

BENCH(keccak) {
    static uint8_t buf[1024];
    bench_rand_bytes(buf, sizeof buf);
    bench_time("keccak256_1kib_ns", "Keccak-256 of 1 KiB", keccak_1kib, buf, KECCAK_PER_RUN, RUNS, 1e9);

    static transcript_arg ta;
    static const char label[] = "zkinfer-plonk-v1";
    if (zki_transcript_init(&ta.t, (const uint8_t *)label, sizeof label - 1) != ZKI_OK) return;
    for (unsigned j = 0; j < N_POINTS; j++) {
        uint8_t b[32];
        bench_rand_bytes(b, 32);
        zki_fq_from_bytes_reduce(&ta.pts[j].x, b); /* only the encoding is hashed */
        bench_rand_bytes(b, 32);
        zki_fq_from_bytes_reduce(&ta.pts[j].y, b);
    }
    bench_time("transcript_squeeze_16g1_ns", "transcript: absorb 16 G1 + squeeze", transcript_16g1, &ta,
               TRANSCRIPT_PER_RUN, RUNS, 1e9);
}
