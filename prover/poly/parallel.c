/* zki_parallel_for over pthreads: one thread per range, the caller runs range 0.
 * See parallel.h for the contract. */
#define _POSIX_C_SOURCE 200809L

#include "parallel.h"

#include <pthread.h>
#include <unistd.h>

typedef struct {
    zki_parallel_fn fn;
    void *ctx;
    size_t begin, end;
    unsigned thread;
} par_range;

static void *par_run(void *arg) {
    par_range *r = arg;
    r->fn(r->ctx, r->begin, r->end, r->thread);
    return NULL;
}

unsigned zki_parallel_threads(unsigned n_threads) {
    if (n_threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n_threads = c > 0 ? (unsigned)(c < ZKI_PARALLEL_MAX_THREADS ? c : ZKI_PARALLEL_MAX_THREADS) : 1;
    }
    return n_threads < ZKI_PARALLEL_MAX_THREADS ? n_threads : ZKI_PARALLEL_MAX_THREADS;
}

void zki_parallel_for(size_t n_items, unsigned n_threads, zki_parallel_fn fn, void *ctx) {
    if (n_items == 0) return;
    size_t t = zki_parallel_threads(n_threads);
    if (t > n_items) t = n_items;
    if (t == 1) {
        fn(ctx, 0, n_items, 0);
        return;
    }
    par_range rs[ZKI_PARALLEL_MAX_THREADS];
    pthread_t tids[ZKI_PARALLEL_MAX_THREADS];
    unsigned char started[ZKI_PARALLEL_MAX_THREADS];
    size_t q = n_items / t, rem = n_items % t;
    for (size_t i = 0; i < t; i++) {
        rs[i].fn = fn;
        rs[i].ctx = ctx;
        rs[i].begin = i * q + (i < rem ? i : rem);
        rs[i].end = rs[i].begin + q + (i < rem);
        rs[i].thread = (unsigned)i;
    }
    for (size_t i = 1; i < t; i++) started[i] = pthread_create(&tids[i], NULL, par_run, &rs[i]) == 0;
    par_run(&rs[0]);
    for (size_t i = 1; i < t; i++) {
        if (started[i]) pthread_join(tids[i], NULL);
        else par_run(&rs[i]);
    }
}
