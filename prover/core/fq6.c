/* Fq6 = Fq2[v]/(v^3 − ξ): see fq6.h for the formulas' sources. */
#include "fq6.h"

void zki_fq6_set_zero(zki_fq6 *r) {
    zki_fq2_set_zero(&r->c0);
    zki_fq2_set_zero(&r->c1);
    zki_fq2_set_zero(&r->c2);
}

void zki_fq6_set_one(zki_fq6 *r) {
    zki_fq2_set_one(&r->c0);
    zki_fq2_set_zero(&r->c1);
    zki_fq2_set_zero(&r->c2);
}

int zki_fq6_is_zero(const zki_fq6 *a) {
    return zki_fq2_is_zero(&a->c0) & zki_fq2_is_zero(&a->c1) & zki_fq2_is_zero(&a->c2);
}

int zki_fq6_is_one(const zki_fq6 *a) {
    return zki_fq2_is_one(&a->c0) & zki_fq2_is_zero(&a->c1) & zki_fq2_is_zero(&a->c2);
}

int zki_fq6_eq(const zki_fq6 *a, const zki_fq6 *b) {
    return zki_fq2_eq(&a->c0, &b->c0) & zki_fq2_eq(&a->c1, &b->c1) & zki_fq2_eq(&a->c2, &b->c2);
}

void zki_fq6_add(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b) {
    zki_fq2_add(&r->c0, &a->c0, &b->c0);
    zki_fq2_add(&r->c1, &a->c1, &b->c1);
    zki_fq2_add(&r->c2, &a->c2, &b->c2);
}

void zki_fq6_sub(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b) {
    zki_fq2_sub(&r->c0, &a->c0, &b->c0);
    zki_fq2_sub(&r->c1, &a->c1, &b->c1);
    zki_fq2_sub(&r->c2, &a->c2, &b->c2);
}

void zki_fq6_neg(zki_fq6 *r, const zki_fq6 *a) {
    zki_fq2_neg(&r->c0, &a->c0);
    zki_fq2_neg(&r->c1, &a->c1);
    zki_fq2_neg(&r->c2, &a->c2);
}

void zki_fq6_dbl(zki_fq6 *r, const zki_fq6 *a) {
    zki_fq2_dbl(&r->c0, &a->c0);
    zki_fq2_dbl(&r->c1, &a->c1);
    zki_fq2_dbl(&r->c2, &a->c2);
}

void zki_fq6_mul(zki_fq6 *r, const zki_fq6 *a, const zki_fq6 *b) {
    /* c0 = a0b0 + ξ((a1 + a2)(b1 + b2) − a1b1 − a2b2)
     * c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1 + ξ a2b2
     * c2 = (a0 + a2)(b0 + b2) − a0b0 − a2b2 + a1b1 */
    zki_fq2 t0, t1, t2, s, u, c0, c1, c2;
    zki_fq2_mul(&t0, &a->c0, &b->c0);
    zki_fq2_mul(&t1, &a->c1, &b->c1);
    zki_fq2_mul(&t2, &a->c2, &b->c2);

    zki_fq2_add(&s, &a->c1, &a->c2);
    zki_fq2_add(&u, &b->c1, &b->c2);
    zki_fq2_mul(&c0, &s, &u);
    zki_fq2_sub(&c0, &c0, &t1);
    zki_fq2_sub(&c0, &c0, &t2);
    zki_fq2_mul_by_nonresidue(&c0, &c0);
    zki_fq2_add(&c0, &c0, &t0);

    zki_fq2_add(&s, &a->c0, &a->c1);
    zki_fq2_add(&u, &b->c0, &b->c1);
    zki_fq2_mul(&c1, &s, &u);
    zki_fq2_sub(&c1, &c1, &t0);
    zki_fq2_sub(&c1, &c1, &t1);
    zki_fq2_mul_by_nonresidue(&s, &t2);
    zki_fq2_add(&c1, &c1, &s);

    zki_fq2_add(&s, &a->c0, &a->c2);
    zki_fq2_add(&u, &b->c0, &b->c2);
    zki_fq2_mul(&c2, &s, &u);
    zki_fq2_sub(&c2, &c2, &t0);
    zki_fq2_sub(&c2, &c2, &t2);
    zki_fq2_add(&c2, &c2, &t1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

void zki_fq6_sqr(zki_fq6 *r, const zki_fq6 *a) {
    /* Chung–Hasan SQR2: s0 = a0^2, s1 = 2a0a1, s2 = (a0 − a1 + a2)^2, s3 = 2a1a2,
     * s4 = a2^2; c0 = s0 + ξ s3, c1 = s1 + ξ s4, c2 = s1 + s2 + s3 − s0 − s4. */
    zki_fq2 s0, s1, s2, s3, s4, t;
    zki_fq2_sqr(&s0, &a->c0);
    zki_fq2_mul(&s1, &a->c0, &a->c1);
    zki_fq2_dbl(&s1, &s1);
    zki_fq2_sub(&s2, &a->c0, &a->c1);
    zki_fq2_add(&s2, &s2, &a->c2);
    zki_fq2_sqr(&s2, &s2);
    zki_fq2_mul(&s3, &a->c1, &a->c2);
    zki_fq2_dbl(&s3, &s3);
    zki_fq2_sqr(&s4, &a->c2);

    zki_fq2_add(&t, &s1, &s2);
    zki_fq2_add(&t, &t, &s3);
    zki_fq2_sub(&t, &t, &s0);
    zki_fq2_sub(&r->c2, &t, &s4);
    zki_fq2_mul_by_nonresidue(&t, &s3);
    zki_fq2_add(&r->c0, &s0, &t);
    zki_fq2_mul_by_nonresidue(&t, &s4);
    zki_fq2_add(&r->c1, &s1, &t);
}

void zki_fq6_mul_fq2(zki_fq6 *r, const zki_fq6 *a, const zki_fq2 *k) {
    zki_fq2_mul(&r->c0, &a->c0, k);
    zki_fq2_mul(&r->c1, &a->c1, k);
    zki_fq2_mul(&r->c2, &a->c2, k);
}

void zki_fq6_mul_by_01(zki_fq6 *r, const zki_fq6 *a, const zki_fq2 *b0, const zki_fq2 *b1) {
    /* (a0 + a1 v + a2 v^2)(b0 + b1 v):
     * c0 = a0b0 + ξ a2b1, c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1, c2 = a1b1 + a2b0 */
    zki_fq2 t0, t1, s, u, c0, c1, c2;
    zki_fq2_mul(&t0, &a->c0, b0);
    zki_fq2_mul(&t1, &a->c1, b1);

    zki_fq2_mul(&c0, &a->c2, b1);
    zki_fq2_mul_by_nonresidue(&c0, &c0);
    zki_fq2_add(&c0, &c0, &t0);

    zki_fq2_add(&s, &a->c0, &a->c1);
    zki_fq2_add(&u, b0, b1);
    zki_fq2_mul(&c1, &s, &u);
    zki_fq2_sub(&c1, &c1, &t0);
    zki_fq2_sub(&c1, &c1, &t1);

    zki_fq2_mul(&c2, &a->c2, b0);
    zki_fq2_add(&c2, &c2, &t1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

void zki_fq6_mul_by_nonresidue(zki_fq6 *r, const zki_fq6 *a) {
    zki_fq2 t;
    zki_fq2_mul_by_nonresidue(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

int zki_fq6_inv(zki_fq6 *r, const zki_fq6 *a) {
    /* A = a0^2 − ξ a1a2, B = ξ a2^2 − a0a1, C = a1^2 − a0a2,
     * F = a0 A + ξ (a2 B + a1 C) in Fq2; 1/a = (A + B v + C v^2) / F. */
    zki_fq2 A, B, C, F, t;
    zki_fq2_sqr(&A, &a->c0);
    zki_fq2_mul(&t, &a->c1, &a->c2);
    zki_fq2_mul_by_nonresidue(&t, &t);
    zki_fq2_sub(&A, &A, &t);

    zki_fq2_sqr(&B, &a->c2);
    zki_fq2_mul_by_nonresidue(&B, &B);
    zki_fq2_mul(&t, &a->c0, &a->c1);
    zki_fq2_sub(&B, &B, &t);

    zki_fq2_sqr(&C, &a->c1);
    zki_fq2_mul(&t, &a->c0, &a->c2);
    zki_fq2_sub(&C, &C, &t);

    zki_fq2_mul(&F, &a->c2, &B);
    zki_fq2_mul(&t, &a->c1, &C);
    zki_fq2_add(&F, &F, &t);
    zki_fq2_mul_by_nonresidue(&F, &F);
    zki_fq2_mul(&t, &a->c0, &A);
    zki_fq2_add(&F, &F, &t);

    int ok = zki_fq2_inv(&F, &F);
    zki_fq2_mul(&r->c0, &A, &F);
    zki_fq2_mul(&r->c1, &B, &F);
    zki_fq2_mul(&r->c2, &C, &F);
    return ok;
}
