/* Pairing figures: Fq2/Fq12 arithmetic, Miller loop, final exponentiation, a single
 * pairing, the 2-pairing check of KZG verification, G2 scalar multiplication and
 * the G2 subgroup test. Inputs are random multiples of the generators. */
#include <string.h>

#include "bench.h"
#include "pairing.h"

enum { CHAIN = 1 << 16 };

struct pstate {
    zki_fq2 a2[2];
    zki_fq12 a12[2];
    zki_g1_aff p[2];
    zki_g2_aff q[2];
    zki_g2 qj;
    zki_fr k;
    int ok;
};

static void rand_fr(zki_fr *k) {
    uint8_t b[32];
    bench_rand_bytes(b, 32);
    zki_fr_from_bytes_reduce(k, b);
}

static void fq2_mul_chain(void *arg) {
    struct pstate *s = arg;
    zki_fq2 x = s->a2[0];
    for (int i = 0; i < CHAIN; i++) zki_fq2_mul(&x, &x, &s->a2[1]);
    s->a2[0] = x;
}

static void fq2_sqr_chain(void *arg) {
    struct pstate *s = arg;
    zki_fq2 x = s->a2[0];
    for (int i = 0; i < CHAIN; i++) zki_fq2_sqr(&x, &x);
    s->a2[0] = x;
}

static void fq12_mul_chain(void *arg) {
    struct pstate *s = arg;
    for (int i = 0; i < CHAIN / 64; i++) zki_fq12_mul(&s->a12[0], &s->a12[0], &s->a12[1]);
}

static void fq12_sqr_chain(void *arg) {
    struct pstate *s = arg;
    for (int i = 0; i < CHAIN / 64; i++) zki_fq12_sqr(&s->a12[0], &s->a12[0]);
}

static void fq12_cyc_sqr_chain(void *arg) {
    struct pstate *s = arg;
    for (int i = 0; i < CHAIN / 64; i++) zki_fq12_cyclotomic_sqr(&s->a12[1], &s->a12[1]);
}

static void fq12_inv_loop(void *arg) {
    struct pstate *s = arg;
    for (int i = 0; i < 100; i++) zki_fq12_inv(&s->a12[0], &s->a12[0]);
}

static void miller_once(void *arg) {
    struct pstate *s = arg;
    zki_miller_loop(&s->a12[0], &s->p[0], &s->q[0]);
}

static void miller2_once(void *arg) {
    struct pstate *s = arg;
    zki_miller_loop_multi(&s->a12[0], s->p, s->q, 2);
}

static void final_exp_once(void *arg) {
    struct pstate *s = arg;
    zki_final_exp(&s->a12[1], &s->a12[0]);
}

static void pairing_once(void *arg) {
    struct pstate *s = arg;
    zki_pairing(&s->a12[1], &s->p[0], &s->q[0]);
}

static void check2_once(void *arg) {
    struct pstate *s = arg;
    s->ok = zki_pairing_check(s->p, s->q, 2);
}

static void g2_mul_once(void *arg) {
    struct pstate *s = arg;
    zki_g2_mul(&s->qj, &s->qj, &s->k);
}

static void g2_subgroup_once(void *arg) {
    struct pstate *s = arg;
    s->ok = zki_g2_aff_in_subgroup(&s->q[0]);
}

static void g2_order_r_once(void *arg) {
    struct pstate *s = arg;
    zki_g2 t;
    zki_g2_from_aff(&t, &s->q[0]);
    zki_g2_mul_limbs(&t, &t, zki_fr_modulus);
    s->ok = zki_g2_is_inf(&t);
}

BENCH(pairing) {
    static struct pstate s;
    uint8_t b[32];
    for (int i = 0; i < 2; i++) {
        bench_rand_bytes(b, 32);
        zki_fq_from_bytes_reduce(&s.a2[i].c0, b);
        bench_rand_bytes(b, 32);
        zki_fq_from_bytes_reduce(&s.a2[i].c1, b);
    }
    zki_g1_aff g1;
    zki_g2_aff g2;
    zki_g1_generator(&g1);
    zki_g2_generator(&g2);
    /* a KZG-shaped check: e(aP, Q) · e(−aP, Q) = 1 with random a, Q = bG2 */
    zki_fr a;
    rand_fr(&a);
    zki_g1 t1;
    zki_g1_from_aff(&t1, &g1);
    zki_g1_mul(&t1, &t1, &a);
    zki_g1_to_aff(&s.p[0], &t1);
    zki_g1_aff_neg(&s.p[1], &s.p[0]);
    rand_fr(&a);
    zki_g2_from_aff(&s.qj, &g2);
    zki_g2_mul(&s.qj, &s.qj, &a);
    zki_g2_to_aff(&s.q[0], &s.qj);
    s.q[1] = s.q[0];
    rand_fr(&s.k);
    zki_pairing(&s.a12[1], &s.p[0], &s.q[0]); /* a GT element for the cyclotomic squaring */
    zki_miller_loop(&s.a12[0], &s.p[0], &s.q[0]);

    bench_time("fq2_mul_ns", "Fq2 mul (ns)", fq2_mul_chain, &s, CHAIN, 9, 1e9);
    bench_time("fq2_sqr_ns", "Fq2 square (ns)", fq2_sqr_chain, &s, CHAIN, 9, 1e9);
    bench_time("fq12_mul_ns", "Fq12 mul (ns)", fq12_mul_chain, &s, CHAIN / 64, 9, 1e9);
    bench_time("fq12_sqr_ns", "Fq12 square (ns)", fq12_sqr_chain, &s, CHAIN / 64, 9, 1e9);
    bench_time("fq12_cyc_sqr_ns", "Fq12 cyclotomic square (ns)", fq12_cyc_sqr_chain, &s, CHAIN / 64, 9, 1e9);
    bench_time("fq12_inv_us", "Fq12 inverse (us)", fq12_inv_loop, &s, 100, 9, 1e6);
    zki_miller_loop(&s.a12[0], &s.p[0], &s.q[0]);
    bench_time("miller_loop_us", "Miller loop, 1 pair (us)", miller_once, &s, 1, 31, 1e6);
    bench_time("miller_loop2_us", "Miller loop, 2 pairs shared (us)", miller2_once, &s, 1, 31, 1e6);
    bench_time("final_exp_us", "final exponentiation (us)", final_exp_once, &s, 1, 31, 1e6);
    bench_time("pairing_us", "pairing e(P, Q) (us)", pairing_once, &s, 1, 31, 1e6);
    bench_time("pairing_check2_us", "2-pairing check (us)", check2_once, &s, 1, 31, 1e6);
    bench_record("pairing_check2_result", "2-pairing check verdict (must be 1)", s.ok);
    bench_time("g2_mul_us", "G2 scalar mul (us)", g2_mul_once, &s, 1, 15, 1e6);
    bench_time("g2_subgroup_us", "G2 subgroup check, psi (us)", g2_subgroup_once, &s, 1, 31, 1e6);
    bench_time("g2_order_r_check_us", "G2 [r]Q == O check, for comparison (us)", g2_order_r_once, &s, 1, 15, 1e6);
    BENCH_KEEP(s);
}
