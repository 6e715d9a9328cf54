/* Fq2 = Fq[u]/(u^2 + 1): see fq2.h for the conventions and the formulas' source. */
#include "fq2.h"

void zki_fq2_set_zero(zki_fq2 *r) {
    zki_fq_set_zero(&r->c0);
    zki_fq_set_zero(&r->c1);
}

void zki_fq2_set_one(zki_fq2 *r) {
    zki_fq_set_one(&r->c0);
    zki_fq_set_zero(&r->c1);
}

void zki_fq2_set(zki_fq2 *r, const zki_fq *c0, const zki_fq *c1) {
    r->c0 = *c0;
    r->c1 = *c1;
}

int zki_fq2_is_zero(const zki_fq2 *a) { return zki_fq_is_zero(&a->c0) & zki_fq_is_zero(&a->c1); }
int zki_fq2_is_one(const zki_fq2 *a) { return zki_fq_is_one(&a->c0) & zki_fq_is_zero(&a->c1); }
int zki_fq2_eq(const zki_fq2 *a, const zki_fq2 *b) {
    return zki_fq_eq(&a->c0, &b->c0) & zki_fq_eq(&a->c1, &b->c1);
}

void zki_fq2_add(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b) {
    zki_fq_add(&r->c0, &a->c0, &b->c0);
    zki_fq_add(&r->c1, &a->c1, &b->c1);
}

void zki_fq2_sub(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b) {
    zki_fq_sub(&r->c0, &a->c0, &b->c0);
    zki_fq_sub(&r->c1, &a->c1, &b->c1);
}

void zki_fq2_neg(zki_fq2 *r, const zki_fq2 *a) {
    zki_fq_neg(&r->c0, &a->c0);
    zki_fq_neg(&r->c1, &a->c1);
}

void zki_fq2_dbl(zki_fq2 *r, const zki_fq2 *a) {
    zki_fq_dbl(&r->c0, &a->c0);
    zki_fq_dbl(&r->c1, &a->c1);
}

void zki_fq2_half(zki_fq2 *r, const zki_fq2 *a) {
    zki_fq_half(&r->c0, &a->c0);
    zki_fq_half(&r->c1, &a->c1);
}

void zki_fq2_mul(zki_fq2 *r, const zki_fq2 *a, const zki_fq2 *b) {
    /* (a0 + a1 u)(b0 + b1 u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1) u */
    zki_fq t0, t1, s0, s1;
    zki_fq_mul(&t0, &a->c0, &b->c0);
    zki_fq_mul(&t1, &a->c1, &b->c1);
    zki_fq_add(&s0, &a->c0, &a->c1);
    zki_fq_add(&s1, &b->c0, &b->c1);
    zki_fq_mul(&s0, &s0, &s1);
    zki_fq_sub(&r->c0, &t0, &t1);
    zki_fq_add(&t0, &t0, &t1);
    zki_fq_sub(&r->c1, &s0, &t0);
}

void zki_fq2_sqr(zki_fq2 *r, const zki_fq2 *a) {
    /* (a0 + a1 u)^2 = (a0 + a1)(a0 − a1) + 2 a0 a1 u */
    zki_fq s, d, m;
    zki_fq_add(&s, &a->c0, &a->c1);
    zki_fq_sub(&d, &a->c0, &a->c1);
    zki_fq_mul(&m, &a->c0, &a->c1);
    zki_fq_mul(&r->c0, &s, &d);
    zki_fq_dbl(&r->c1, &m);
}

void zki_fq2_mul_fq(zki_fq2 *r, const zki_fq2 *a, const zki_fq *k) {
    zki_fq_mul(&r->c0, &a->c0, k);
    zki_fq_mul(&r->c1, &a->c1, k);
}

void zki_fq2_mul_by_nonresidue(zki_fq2 *r, const zki_fq2 *a) {
    zki_fq n0, n1;
    /* n = 8a + a = 9a, coefficient-wise */
    zki_fq_dbl(&n0, &a->c0);
    zki_fq_dbl(&n1, &a->c1);
    zki_fq_dbl(&n0, &n0);
    zki_fq_dbl(&n1, &n1);
    zki_fq_dbl(&n0, &n0);
    zki_fq_dbl(&n1, &n1);
    zki_fq_add(&n0, &n0, &a->c0);
    zki_fq_add(&n1, &n1, &a->c1);
    zki_fq a0 = a->c0;
    zki_fq_sub(&r->c0, &n0, &a->c1);
    zki_fq_add(&r->c1, &n1, &a0);
}

void zki_fq2_conj(zki_fq2 *r, const zki_fq2 *a) {
    r->c0 = a->c0;
    zki_fq_neg(&r->c1, &a->c1);
}

int zki_fq2_inv(zki_fq2 *r, const zki_fq2 *a) {
    /* 1/(a0 + a1 u) = (a0 − a1 u) / (a0^2 + a1^2); the norm is 0 only for a = 0
     * because −1 is not a square in Fq. */
    zki_fq n, t;
    zki_fq_sqr(&n, &a->c0);
    zki_fq_sqr(&t, &a->c1);
    zki_fq_add(&n, &n, &t);
    int ok = zki_fq_inv(&n, &n);
    zki_fq_mul(&r->c0, &a->c0, &n);
    zki_fq_mul(&t, &a->c1, &n);
    zki_fq_neg(&r->c1, &t);
    return ok;
}

void zki_fq2_pow_var(zki_fq2 *r, const zki_fq2 *a, const uint64_t *e, size_t n) {
    zki_fq2 acc, base = *a;
    zki_fq2_set_one(&acc);
    for (size_t i = n * 64; i-- > 0;) {
        zki_fq2_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) zki_fq2_mul(&acc, &acc, &base);
    }
    *r = acc;
}

int zki_fq2_legendre_var(const zki_fq2 *a) {
    zki_fq n, t;
    zki_fq_sqr(&n, &a->c0);
    zki_fq_sqr(&t, &a->c1);
    zki_fq_add(&n, &n, &t);
    return zki_fq_legendre(&n);
}

int zki_fq2_sqrt_var(zki_fq2 *r, const zki_fq2 *a) {
    zki_fq2 x;
    if (zki_fq_is_zero(&a->c1)) {
        /* a in Fq: sqrt(a0) if a0 is a square, else sqrt(−a0)·u since u^2 = −1. */
        zki_fq t;
        if (zki_fq_sqrt_var(&t, &a->c0)) {
            x.c0 = t;
            zki_fq_set_zero(&x.c1);
        } else {
            zki_fq_neg(&t, &a->c0);
            if (!zki_fq_sqrt_var(&x.c1, &t)) return 0; /* unreachable: one of ±a0 is a square */
            zki_fq_set_zero(&x.c0);
        }
        *r = x;
        return 1;
    }
    zki_fq n, t, d;
    zki_fq_sqr(&n, &a->c0);
    zki_fq_sqr(&t, &a->c1);
    zki_fq_add(&n, &n, &t);
    if (!zki_fq_sqrt_var(&n, &n)) return 0; /* the norm is a non-square: so is a */
    /* (a0 + n)/2 · (a0 − n)/2 = −a1^2/4, a non-square, so exactly one factor is a
     * square, and it is non-zero because a1 != 0. */
    zki_fq_add(&d, &a->c0, &n);
    zki_fq_half(&d, &d);
    if (zki_fq_legendre(&d) != 1) {
        zki_fq_sub(&d, &a->c0, &n);
        zki_fq_half(&d, &d);
    }
    if (!zki_fq_sqrt_var(&x.c0, &d)) return 0;
    zki_fq_dbl(&t, &x.c0);
    if (!zki_fq_inv(&t, &t)) return 0;
    zki_fq_mul(&x.c1, &a->c1, &t);
    zki_fq2 chk;
    zki_fq2_sqr(&chk, &x);
    if (!zki_fq2_eq(&chk, a)) return 0;
    *r = x;
    return 1;
}

void zki_fq2_select(zki_fq2 *r, int flag, const zki_fq2 *a, const zki_fq2 *b) {
    zki_fq_select(&r->c0, flag, &a->c0, &b->c0);
    zki_fq_select(&r->c1, flag, &a->c1, &b->c1);
}
