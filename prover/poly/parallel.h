/* zki_parallel_for: split a range of independent work items over POSIX threads.
 *
 * What it represents: the one fork-join primitive of the prover. [0, n_items) is
 * cut into at most n_threads contiguous ranges of near-equal size (the first
 * n_items % t ranges get one item more); range i goes to worker i, worker 0 being
 * the calling thread. The call returns once every range is done (a full barrier),
 * so a multi-phase algorithm (NTT layers, MSM windows) is a sequence of calls.
 *
 * Invariants callers can rely on:
 *   - the split depends only on (n_items, resolved thread count), never on timing;
 *   - fn is called at most once per worker index, and calls with the same index
 *     never overlap, so per-index scratch (ctx->scratch[thread]) needs no locking;
 *   - it never fails: if a thread cannot be created, the caller runs that range
 *     itself after its own. Results must therefore not depend on which OS thread
 *     ran a range (they cannot, for exact field arithmetic).
 *
 * Threads are created per call (no pool); that costs tens of microseconds, so use
 * it for phases of at least ~100 us of work. A persistent pool is a later step.
 */
#ifndef ZKI_PARALLEL_H
#define ZKI_PARALLEL_H

#include <stddef.h>

/* Hard cap on workers per call (bounds the on-stack bookkeeping). */
#define ZKI_PARALLEL_MAX_THREADS 256

/* Work on items [begin, end) as worker `thread` (0 <= thread < resolved count). */
typedef void (*zki_parallel_fn)(void *ctx, size_t begin, size_t end, unsigned thread);

/* Returns: the thread count a call with n_threads would use before clamping to
 * n_items: n_threads itself, or the number of online CPUs when n_threads == 0
 * (1 if that cannot be read); at most ZKI_PARALLEL_MAX_THREADS, at least 1. */
unsigned zki_parallel_threads(unsigned n_threads);

/* Runs fn over [0, n_items) on min(zki_parallel_threads(n_threads), n_items)
 * workers and waits for all of them. n_items == 0 calls nothing.
 * Args: n_items   number of independent items,
 *       n_threads requested workers (0 = online CPUs),
 *       fn, ctx   the work and its shared context. */
void zki_parallel_for(size_t n_items, unsigned n_threads, zki_parallel_fn fn, void *ctx);

#endif
