/* NTT figures: forward NTT at 2^16 and 2^20 on 1 and 2 threads, inverse and
 * coset NTT at 2^20 on 2 threads, the extended coset evaluation 2^18 -> 2^20,
 * and the domain set-up, in milliseconds per transform, with the default
 * back end (AVX-512 IFMA where the CPU has it). Then forward 2^15 and 2^16 and
 * coset forward 2^15 on 1 and 2 threads with the scalar kernels and with IFMA
 * (keys *_scalar_ms, *_ifma_ms; the IFMA ones only on a CPU that has it), and
 * the scalar/IFMA ratio (key *_ifma_speedup). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "cpu.h"
#include "ntt.h"

typedef struct {
    zki_ntt_domain d;
    zki_fr *a, *src;
    unsigned threads;
    int which; /* 0 fwd, 1 inv, 2 coset fwd, 3 coset ext from n/4 coefficients */
} ntt_state;

static void ntt_once(void *arg) {
    ntt_state *s = arg;
    zki_status st;
    switch (s->which) {
    case 0: st = zki_ntt_fwd(s->a, s->d.n, &s->d, s->threads); break;
    case 1: st = zki_ntt_inv(s->a, s->d.n, &s->d, s->threads); break;
    case 2: st = zki_ntt_coset_fwd(s->a, s->d.n, &s->d, s->threads); break;
    default: st = zki_ntt_coset_ext(s->a, s->d.n, s->src, s->d.n / 4, &s->d, s->threads); break;
    }
    if (st != ZKI_OK) abort();
    BENCH_KEEP(s->a[0]);
}

static void domain_once(void *arg) {
    unsigned *log_n = arg;
    zki_ntt_domain d;
    if (zki_ntt_domain_init(&d, *log_n, 2) != ZKI_OK) abort();
    zki_ntt_domain_free(&d);
}

static void run(unsigned log_n, unsigned threads, int which, unsigned runs, const char *key, const char *label) {
    ntt_state s;
    memset(&s, 0, sizeof s);
    if (zki_ntt_domain_init(&s.d, log_n, 0) != ZKI_OK) abort();
    size_t n = s.d.n;
    s.a = malloc(sizeof(zki_fr) * n);
    s.src = malloc(sizeof(zki_fr) * n);
    if (!s.a || !s.src) abort();
    uint8_t b[32];
    for (size_t i = 0; i < n; i++) {
        bench_rand_bytes(b, sizeof b);
        zki_fr_from_bytes_reduce(&s.a[i], b);
    }
    memcpy(s.src, s.a, sizeof(zki_fr) * n);
    s.threads = threads;
    s.which = which;
    bench_time(key, label, ntt_once, &s, 1, runs, 1e3);
    free(s.a);
    free(s.src);
    zki_ntt_domain_free(&s.d);
}

BENCH(ntt) {
    run(16, 1, 0, 21, "ntt_2e16_1t_ms", "NTT 2^16 forward, 1 thread (ms)");
    run(16, 2, 0, 21, "ntt_2e16_2t_ms", "NTT 2^16 forward, 2 threads (ms)");
    run(20, 1, 0, 7, "ntt_2e20_1t_ms", "NTT 2^20 forward, 1 thread (ms)");
    run(20, 2, 0, 11, "ntt_2e20_2t_ms", "NTT 2^20 forward, 2 threads (ms)");
    run(20, 2, 1, 11, "intt_2e20_2t_ms", "NTT 2^20 inverse, 2 threads (ms)");
    run(20, 2, 2, 11, "coset_ntt_2e20_2t_ms", "coset NTT 2^20 forward, 2 threads (ms)");
    run(20, 2, 3, 11, "coset_ext_2e18_2e20_2t_ms", "coset ext 2^18 -> 2^20, 2 threads (ms)");
    /* scalar vs IFMA, same inputs */
    static const struct {
        unsigned log_n, threads;
        int which;
        const char *key;
    } cmp[] = {
        {15, 1, 0, "ntt_2e15_1t"}, {15, 2, 0, "ntt_2e15_2t"},       {16, 1, 0, "ntt_2e16_1t"},
        {16, 2, 0, "ntt_2e16_2t"}, {15, 1, 2, "coset_ntt_2e15_1t"}, {15, 2, 2, "coset_ntt_2e15_2t"},
    };
    int had = zki_cpu_ifma, ifma = zki_cpu_has_ifma();
    if (!ifma) printf("  (this CPU has no AVX-512 IFMA: scalar figures only)\n");
    for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
        char key[64], label[96];
        double t[2] = {0, 0};
        for (int v = 0; v <= ifma; v++) {
            zki_cpu_use_ifma(v);
            const char *kind = v ? "ifma" : "scalar";
            snprintf(key, sizeof key, "%s_%s_ms", cmp[i].key, kind);
            snprintf(label, sizeof label, "%s 2^%u, %u thread%s, %s (ms)", cmp[i].which ? "coset NTT" : "NTT",
                     cmp[i].log_n, cmp[i].threads, cmp[i].threads > 1 ? "s" : "", kind);
            ntt_state s;
            memset(&s, 0, sizeof s);
            if (zki_ntt_domain_init(&s.d, cmp[i].log_n, 0) != ZKI_OK) abort();
            s.a = malloc(sizeof(zki_fr) * s.d.n);
            if (!s.a) abort();
            for (size_t e = 0; e < s.d.n; e++) {
                uint8_t b[32];
                bench_rand_bytes(b, sizeof b);
                zki_fr_from_bytes_reduce(&s.a[e], b);
            }
            s.threads = cmp[i].threads;
            s.which = cmp[i].which;
            t[v] = bench_time(key, label, ntt_once, &s, 1, 31, 1e3);
            free(s.a);
            zki_ntt_domain_free(&s.d);
        }
        if (ifma) {
            snprintf(key, sizeof key, "%s_ifma_speedup", cmp[i].key);
            snprintf(label, sizeof label, "  scalar / IFMA time");
            bench_record(key, label, t[0] / t[1]);
        }
    }
    zki_cpu_use_ifma(had);
    unsigned log_n = 20;
    bench_time("ntt_domain_2e20_2t_ms", "NTT domain 2^20 set-up, 2 threads (ms)", domain_once, &log_n, 1, 5, 1e3);
}
