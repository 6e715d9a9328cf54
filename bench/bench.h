/* Benchmark registry and timing harness for `make bench`.
 *
 *   BENCH(fr_mul) {
 *       bench_time("fr_mul_ns", "Fr mul", op_fn, &state, 1000000, 1e9 / 1e6);
 *   }
 *
 * A bench body measures one or more figures. bench_time() runs fn(arg) `runs`
 * times (each run does its own inner loop of `per_run` operations), and records
 * min/median/max of the per-operation time in the unit given by `scale`
 * (ns: 1e9, us: 1e6, ms: 1e3). Figures are printed as a table and written to a
 * flat JSON object (build/bench.json) keyed by the figure's key, value = median.
 * Other numbers (sizes, counts, gas) go through bench_record().
 */
#ifndef ZKB_BENCH_H
#define ZKB_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef void (*bench_fn)(void);
void bench_register(const char *name, bench_fn fn);

#define BENCH(name)                                                   \
    static void zkb_bench_##name(void);                               \
    __attribute__((constructor)) static void zkb_reg_##name(void) {  \
        bench_register(#name, zkb_bench_##name);                      \
    }                                                                 \
    static void zkb_bench_##name(void)

/* fn(arg) performs `per_run` operations; the harness times it `runs` times.
 * key: JSON key (with unit suffix, e.g. "fr_mul_ns"); label: table text;
 * scale: 1e9 for ns, 1e6 for us, 1e3 for ms. Returns the median per op. */
double bench_time(const char *key, const char *label, void (*fn)(void *), void *arg,
                  unsigned per_run, unsigned runs, double scale);

/* Records a single measured value (no timing) under key. */
void bench_record(const char *key, const char *label, double value);

/* Monotonic wall clock in seconds. */
double bench_now(void);

/* Deterministic pseudo-random bytes for inputs (not for keys). */
void bench_rand_bytes(uint8_t *out, size_t n);

/* Keeps the compiler from discarding a computed value. */
#define BENCH_KEEP(x) __asm__ volatile("" : : "g"(&(x)) : "memory")

#endif
