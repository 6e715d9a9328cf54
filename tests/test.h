/* A small test registry.
 *
 *   CASE(fr_mul_matches_gmp) { ... CHECK(cond); CHECK_EQ_INT(a, b); ... }
 *
 * Each CASE registers itself at load time (a constructor), so a test file only
 * has to be linked in. The runner (tests/test_main.c) takes --seed N and name
 * filters (substring match), runs every selected case, and prints one closing
 * line "N passed, N failed". A case fails if any CHECK in it fails; CHECKs keep
 * going after a failure so one run shows all of them (REQUIRE stops the case).
 *
 * Randomness: zt_rand_u64() is a deterministic PRNG reseeded from the run's seed
 * and the case name before each case, so a failing case reproduces with --seed.
 */
#ifndef ZT_TEST_H
#define ZT_TEST_H

#include <stddef.h>
#include <stdint.h>

typedef void (*zt_fn)(void);
void zt_register(const char *name, const char *file, zt_fn fn);
void zt_fail(const char *file, int line, const char *expr);
int zt_case_failed(void);

uint64_t zt_rand_u64(void);
void zt_rand_bytes(uint8_t *out, size_t n);
/* A counter-based byte generator for zki_prove's rng argument: the same seed gives the
 * same bytes whatever else draws from the test RNG, so proofs made with it can be
 * compared byte for byte. ctx is a zt_ctr_rng holding the seed. Returns: 1. */
typedef struct {
    uint64_t s;
} zt_ctr_rng;
int zt_ctr_rng_fn(void *ctx, uint8_t *out, size_t len);

/* The run's seed, for tests that want to print it with a finding. */
uint64_t zt_seed(void);
/* Iteration count scaled by --quick / ZT_QUICK (sanitizer runs use fewer). */
unsigned zt_iters(unsigned full);

#define ZT_CAT2(a, b) a##b
#define ZT_CAT(a, b) ZT_CAT2(a, b)

#define CASE(name)                                                        \
    static void zt_case_##name(void);                                     \
    __attribute__((constructor)) static void zt_reg_##name(void) {       \
        zt_register(#name, __FILE__, zt_case_##name);                     \
    }                                                                     \
    static void zt_case_##name(void)

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond)) zt_fail(__FILE__, __LINE__, #cond);                  \
    } while (0)

#define REQUIRE(cond)                                                     \
    do {                                                                  \
        if (!(cond)) { zt_fail(__FILE__, __LINE__, #cond); return; }      \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                \
    do {                                                                  \
        long long zt_a_ = (long long)(a), zt_b_ = (long long)(b);        \
        if (zt_a_ != zt_b_) zt_fail_int(__FILE__, __LINE__, #a, zt_a_, #b, zt_b_); \
    } while (0)

void zt_fail_int(const char *file, int line, const char *ea, long long a, const char *eb, long long b);

/* Reads a whole file relative to the repository root (tests run from there).
 * Returns a malloc'd buffer (NUL-terminated) and its length, or NULL. */
uint8_t *zt_read_file(const char *path, size_t *len);

#endif
