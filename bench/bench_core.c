/* Core arithmetic figures: Fr/Fq mul and inverse, G1 mixed add and scalar mul. */
#include "bench.h"
#include "g1.h"

enum { CHAIN = 1 << 20 };

static void fr_mul_chain(void *arg) {
    zki_fr *a = arg, x = a[0];
    for (int i = 0; i < CHAIN; i++) zki_fr_mul(&x, &x, &a[1]);
    a[0] = x;
}

static void fq_mul_chain(void *arg) {
    zki_fq *a = arg, x = a[0];
    for (int i = 0; i < CHAIN; i++) zki_fq_mul(&x, &x, &a[1]);
    a[0] = x;
}

static void fq_sqr_chain(void *arg) {
    zki_fq *a = arg, x = a[0];
    for (int i = 0; i < CHAIN; i++) zki_fq_sqr(&x, &x);
    a[0] = x;
}

static void fq_add_chain(void *arg) {
    zki_fq *a = arg, x = a[0];
    for (int i = 0; i < CHAIN; i++) zki_fq_add(&x, &x, &a[1]);
    a[0] = x;
}

static void fq_inv_loop(void *arg) {
    zki_fq *a = arg;
    for (int i = 0; i < 1000; i++) zki_fq_inv(&a[0], &a[0]);
}

BENCH(fields) {
    uint8_t b[64];
    bench_rand_bytes(b, sizeof b);
    zki_fr r[2];
    zki_fq q[2];
    zki_fr_from_bytes_reduce(&r[0], b);
    zki_fr_from_bytes_reduce(&r[1], b + 32);
    zki_fq_from_bytes_reduce(&q[0], b);
    zki_fq_from_bytes_reduce(&q[1], b + 32);
    bench_time("fr_mul_ns", "Fr mul (ns)", fr_mul_chain, r, CHAIN, 9, 1e9);
    bench_time("fq_mul_ns", "Fq mul (ns)", fq_mul_chain, q, CHAIN, 9, 1e9);
    bench_time("fq_sqr_ns", "Fq square (ns)", fq_sqr_chain, q, CHAIN, 9, 1e9);
    bench_time("fq_add_ns", "Fq add (ns)", fq_add_chain, q, CHAIN, 9, 1e9);
    bench_time("fq_inv_us", "Fq inverse (us)", fq_inv_loop, q, 1000, 5, 1e6);
    BENCH_KEEP(r);
    BENCH_KEEP(q);
}

struct g1_state {
    zki_g1 acc;
    zki_g1_aff pts[64];
    zki_fr k;
};

static void g1_madd_loop(void *arg) {
    struct g1_state *s = arg;
    for (int i = 0; i < 100000; i++) zki_g1_add_aff(&s->acc, &s->acc, &s->pts[i & 63]);
}

static void g1_dbl_loop(void *arg) {
    struct g1_state *s = arg;
    for (int i = 0; i < 100000; i++) zki_g1_dbl(&s->acc, &s->acc);
}

static void g1_mul_loop(void *arg) {
    struct g1_state *s = arg;
    zki_g1 g;
    zki_g1_from_aff(&g, &s->pts[0]);
    for (int i = 0; i < 100; i++) zki_g1_mul(&s->acc, &g, &s->k);
}

BENCH(g1) {
    static struct g1_state s;
    zki_g1 g, p[64];
    zki_g1_aff ga;
    uint8_t b[32];
    zki_g1_generator(&ga);
    zki_g1_from_aff(&g, &ga);
    for (int i = 0; i < 64; i++) {
        bench_rand_bytes(b, 32);
        zki_fr_from_bytes_reduce(&s.k, b);
        zki_g1_mul(&p[i], &g, &s.k);
    }
    zki_g1s_to_aff(s.pts, p, 64);
    s.acc = g;
    bench_time("g1_madd_ns", "G1 mixed add (ns)", g1_madd_loop, &s, 100000, 7, 1e9);
    bench_time("g1_dbl_ns", "G1 double (ns)", g1_dbl_loop, &s, 100000, 7, 1e9);
    bench_time("g1_mul_us", "G1 scalar mul, 254-bit (us)", g1_mul_loop, &s, 100, 7, 1e6);
    BENCH_KEEP(s);
}
