/* Test runner: see tests/test.h. */
#include "test.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ZT_MAX_CASES 4096

struct zt_case {
    const char *name, *file;
    zt_fn fn;
};

static struct zt_case cases[ZT_MAX_CASES];
static size_t n_cases;
static int cur_failed;
static const char *cur_name;
static uint64_t run_seed;
static uint64_t rng[4];
static int quick;

void zt_register(const char *name, const char *file, zt_fn fn) {
    if (n_cases == ZT_MAX_CASES) {
        fprintf(stderr, "too many test cases\n");
        exit(2);
    }
    cases[n_cases].name = name;
    cases[n_cases].file = file;
    cases[n_cases].fn = fn;
    n_cases++;
}

void zt_fail(const char *file, int line, const char *expr) {
    if (cur_failed < 10) fprintf(stderr, "  FAIL %s (%s:%d): %s\n", cur_name, file, line, expr);
    cur_failed++;
}

void zt_fail_int(const char *file, int line, const char *ea, long long a, const char *eb, long long b) {
    if (cur_failed < 10)
        fprintf(stderr, "  FAIL %s (%s:%d): %s == %s (%lld vs %lld)\n", cur_name, file, line, ea, eb, a, b);
    cur_failed++;
}

int zt_case_failed(void) { return cur_failed != 0; }
uint64_t zt_seed(void) { return run_seed; }
unsigned zt_iters(unsigned full) { return quick ? (full / 10 ? full / 10 : 1) : full; }

/* xoshiro256** (Blackman, Vigna), seeded through splitmix64. */
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t zt_rand_u64(void) {
    uint64_t res = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;
    rng[2] ^= rng[0];
    rng[3] ^= rng[1];
    rng[1] ^= rng[2];
    rng[0] ^= rng[3];
    rng[2] ^= t;
    rng[3] = rotl(rng[3], 45);
    return res;
}

int zt_ctr_rng_fn(void *ctx, uint8_t *out, size_t len) {
    zt_ctr_rng *r = ctx;
    for (size_t i = 0; i < len; i++) {
        r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = (uint8_t)(r->s >> 56);
    }
    return 1;
}

void zt_rand_bytes(uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)zt_rand_u64();
}

static void reseed(const char *name) {
    uint64_t x = run_seed;
    for (const char *c = name; *c; c++) x = (x ^ (uint8_t)*c) * 0x100000001b3ULL;
    for (int i = 0; i < 4; i++) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        rng[i] = z ^ (z >> 31);
    }
}

uint8_t *zt_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2 + 1);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = 0;
    *len = n;
    return buf;
}

static int selected(const char *name, int argc, char **argv) {
    int any_filter = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            if (!strcmp(argv[i], "--seed")) i++;
            continue;
        }
        any_filter = 1;
        if (strstr(name, argv[i])) return 1;
    }
    return !any_filter;
}

int main(int argc, char **argv) {
    const char *suite = "tests";
    run_seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
    if (getenv("ZT_QUICK")) quick = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc) run_seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < n_cases; k++) printf("%s\n", cases[k].name);
            return 0;
        } else if (!strncmp(argv[i], "--suite=", 8)) suite = argv[i] + 8;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [--seed N] [--quick] [--list] [--suite=NAME] [filter...]\n", argv[0]);
            return 2;
        }
    }
    printf("%s: seed %" PRIu64 " (rerun with --seed %" PRIu64 ")\n", suite, run_seed, run_seed);
    unsigned passed = 0, failed = 0;
    for (size_t k = 0; k < n_cases; k++) {
        if (!selected(cases[k].name, argc, argv)) continue;
        cur_name = cases[k].name;
        cur_failed = 0;
        reseed(cases[k].name);
        clock_t t0 = clock();
        cases[k].fn();
        double ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
        if (cur_failed) {
            failed++;
            printf("  FAIL %-40s %8.1f ms (%d checks failed)\n", cases[k].name, ms, cur_failed);
        } else {
            passed++;
            printf("  ok   %-40s %8.1f ms\n", cases[k].name, ms);
        }
        fflush(stdout);
    }
    printf("%s: %u passed, %u failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}
