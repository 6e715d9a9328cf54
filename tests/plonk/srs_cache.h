/* Test helpers shared by the proof-system suites: the test RNG as a zki_rng_fn and a
 * development SRS per size, made once per test file (each file passes its own seed and
 * always the same one: the cache is keyed by size alone). */
#ifndef ZT_SRS_CACHE_H
#define ZT_SRS_CACHE_H

#include <string.h>

#include "srs.h"
#include "test.h"

/* zki_rng_fn over the suite's seeded generator (zt_rand_bytes). */
static inline int zt_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    zt_rand_bytes(out, len);
    return 1;
}

/* The development SRS of 2^log_n powers from seed, made on first use (NULL on failure). */
static inline zki_srs *zt_srs_cached(unsigned log_n, const char *seed) {
    static zki_srs srs[32];
    static int have[32];
    if (log_n >= 32) return NULL;
    if (!have[log_n]) {
        if (zki_srs_dev(&srs[log_n], log_n, (const uint8_t *)seed, strlen(seed)) != ZKI_OK) return NULL;
        have[log_n] = 1;
    }
    return &srs[log_n];
}

#endif
