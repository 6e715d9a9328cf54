/* BN254 G1 in Jacobian coordinates. Formulas for short Weierstrass curves with
 * a = 0 from the Explicit-Formulas Database: dbl-2009-l, add-2007-bl, madd-2007-bl.
 * Exceptional cases (equal or opposite inputs, infinity) are handled explicitly. */
#include "g1.h"

#include <string.h>

static void fq_b(zki_fq *b) { zki_fq_set_u64(b, 3); }

void zki_g1_generator(zki_g1_aff *r) {
    zki_fq_set_u64(&r->x, 1);
    zki_fq_set_u64(&r->y, 2);
}

void zki_g1_set_inf(zki_g1 *r) {
    zki_fq_set_one(&r->x);
    zki_fq_set_one(&r->y);
    zki_fq_set_zero(&r->z);
}

int zki_g1_is_inf(const zki_g1 *a) { return zki_fq_is_zero(&a->z); }

int zki_g1_aff_is_inf(const zki_g1_aff *a) { return zki_fq_is_zero(&a->x) && zki_fq_is_zero(&a->y); }

int zki_g1_aff_is_on_curve(const zki_g1_aff *a) {
    if (zki_g1_aff_is_inf(a)) return 1;
    zki_fq l, r, b;
    zki_fq_sqr(&l, &a->y);
    zki_fq_sqr(&r, &a->x);
    zki_fq_mul(&r, &r, &a->x);
    fq_b(&b);
    zki_fq_add(&r, &r, &b);
    return zki_fq_eq(&l, &r);
}

void zki_g1_from_aff(zki_g1 *r, const zki_g1_aff *a) {
    if (zki_g1_aff_is_inf(a)) {
        zki_g1_set_inf(r);
        return;
    }
    r->x = a->x;
    r->y = a->y;
    zki_fq_set_one(&r->z);
}

void zki_g1_to_aff(zki_g1_aff *r, const zki_g1 *a) {
    if (zki_g1_is_inf(a)) {
        zki_fq_set_zero(&r->x);
        zki_fq_set_zero(&r->y);
        return;
    }
    zki_fq zi, zi2;
    zki_fq_inv(&zi, &a->z);
    zki_fq_sqr(&zi2, &zi);
    zki_fq_mul(&r->x, &a->x, &zi2);
    zki_fq_mul(&zi2, &zi2, &zi);
    zki_fq_mul(&r->y, &a->y, &zi2);
}

void zki_g1s_to_aff(zki_g1_aff *r, const zki_g1 *a, size_t n) {
    /* Montgomery's trick over the Z coordinates, prefix products kept in r[i].x. */
    zki_fq acc, t;
    zki_fq_set_one(&acc);
    for (size_t i = 0; i < n; i++) {
        r[i].x = acc;
        if (!zki_g1_is_inf(&a[i])) zki_fq_mul(&acc, &acc, &a[i].z);
    }
    zki_fq_inv(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (zki_g1_is_inf(&a[i])) {
            zki_fq_set_zero(&r[i].x);
            zki_fq_set_zero(&r[i].y);
            continue;
        }
        zki_fq zi, zi2;
        zki_fq_mul(&zi, &r[i].x, &acc);
        zki_fq_mul(&acc, &acc, &a[i].z);
        zki_fq_sqr(&zi2, &zi);
        zki_fq_mul(&r[i].x, &a[i].x, &zi2);
        zki_fq_mul(&t, &zi2, &zi);
        zki_fq_mul(&r[i].y, &a[i].y, &t);
    }
}

void zki_g1_dbl(zki_g1 *r, const zki_g1 *a) {
    if (zki_g1_is_inf(a)) {
        *r = *a;
        return;
    }
    zki_fq A, B, C, D, E, F, t;
    zki_fq_sqr(&A, &a->x);
    zki_fq_sqr(&B, &a->y);
    zki_fq_sqr(&C, &B);
    zki_fq_add(&D, &a->x, &B);
    zki_fq_sqr(&D, &D);
    zki_fq_sub(&D, &D, &A);
    zki_fq_sub(&D, &D, &C);
    zki_fq_dbl(&D, &D);
    zki_fq_dbl(&E, &A);
    zki_fq_add(&E, &E, &A);
    zki_fq_sqr(&F, &E);
    zki_fq_mul(&t, &a->y, &a->z); /* before r->y is overwritten (r may alias a) */
    zki_fq_dbl(&r->z, &t);
    zki_fq_dbl(&t, &D);
    zki_fq_sub(&r->x, &F, &t);
    zki_fq_sub(&t, &D, &r->x);
    zki_fq_mul(&t, &E, &t);
    zki_fq_dbl(&C, &C);
    zki_fq_dbl(&C, &C);
    zki_fq_dbl(&C, &C);
    zki_fq_sub(&r->y, &t, &C);
}

void zki_g1_add(zki_g1 *r, const zki_g1 *a, const zki_g1 *b) {
    if (zki_g1_is_inf(a)) { *r = *b; return; }
    if (zki_g1_is_inf(b)) { *r = *a; return; }
    zki_fq z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    zki_fq_sqr(&z1z1, &a->z);
    zki_fq_sqr(&z2z2, &b->z);
    zki_fq_mul(&u1, &a->x, &z2z2);
    zki_fq_mul(&u2, &b->x, &z1z1);
    zki_fq_mul(&s1, &a->y, &b->z);
    zki_fq_mul(&s1, &s1, &z2z2);
    zki_fq_mul(&s2, &b->y, &a->z);
    zki_fq_mul(&s2, &s2, &z1z1);
    zki_fq_sub(&h, &u2, &u1);
    zki_fq_sub(&rr, &s2, &s1);
    if (zki_fq_is_zero(&h)) {
        if (zki_fq_is_zero(&rr)) zki_g1_dbl(r, a);
        else zki_g1_set_inf(r);
        return;
    }
    zki_fq_dbl(&i, &h);
    zki_fq_sqr(&i, &i);
    zki_fq_mul(&j, &h, &i);
    zki_fq_dbl(&rr, &rr);
    zki_fq_mul(&v, &u1, &i);
    zki_fq_add(&t, &a->z, &b->z);
    zki_fq_sqr(&t, &t);
    zki_fq_sub(&t, &t, &z1z1);
    zki_fq_sub(&t, &t, &z2z2);
    zki_fq_mul(&r->z, &t, &h);
    zki_fq_sqr(&r->x, &rr);
    zki_fq_sub(&r->x, &r->x, &j);
    zki_fq_sub(&r->x, &r->x, &v);
    zki_fq_sub(&r->x, &r->x, &v);
    zki_fq_sub(&t, &v, &r->x);
    zki_fq_mul(&t, &rr, &t);
    zki_fq_mul(&s1, &s1, &j);
    zki_fq_dbl(&s1, &s1);
    zki_fq_sub(&r->y, &t, &s1);
}

void zki_g1_add_aff(zki_g1 *r, const zki_g1 *a, const zki_g1_aff *b) {
    if (zki_g1_aff_is_inf(b)) { *r = *a; return; }
    if (zki_g1_is_inf(a)) { zki_g1_from_aff(r, b); return; }
    zki_fq z1z1, u2, s2, h, hh, i, j, rr, v, t;
    zki_fq_sqr(&z1z1, &a->z);
    zki_fq_mul(&u2, &b->x, &z1z1);
    zki_fq_mul(&s2, &b->y, &a->z);
    zki_fq_mul(&s2, &s2, &z1z1);
    zki_fq_sub(&h, &u2, &a->x);
    zki_fq_sub(&rr, &s2, &a->y);
    if (zki_fq_is_zero(&h)) {
        if (zki_fq_is_zero(&rr)) zki_g1_dbl(r, a);
        else zki_g1_set_inf(r);
        return;
    }
    zki_fq_sqr(&hh, &h);
    zki_fq_dbl(&i, &hh);
    zki_fq_dbl(&i, &i);
    zki_fq_mul(&j, &h, &i);
    zki_fq_dbl(&rr, &rr);
    zki_fq_mul(&v, &a->x, &i);
    zki_fq y1j;
    zki_fq_mul(&y1j, &a->y, &j);
    zki_fq_add(&t, &a->z, &h);
    zki_fq_sqr(&t, &t);
    zki_fq_sub(&t, &t, &z1z1);
    zki_fq_sub(&r->z, &t, &hh);
    zki_fq_sqr(&r->x, &rr);
    zki_fq_sub(&r->x, &r->x, &j);
    zki_fq_sub(&r->x, &r->x, &v);
    zki_fq_sub(&r->x, &r->x, &v);
    zki_fq_sub(&t, &v, &r->x);
    zki_fq_mul(&t, &rr, &t);
    zki_fq_dbl(&y1j, &y1j);
    zki_fq_sub(&r->y, &t, &y1j);
}

void zki_g1_neg(zki_g1 *r, const zki_g1 *a) {
    r->x = a->x;
    zki_fq_neg(&r->y, &a->y);
    r->z = a->z;
}

void zki_g1_aff_neg(zki_g1_aff *r, const zki_g1_aff *a) {
    r->x = a->x;
    zki_fq_neg(&r->y, &a->y); /* infinity (0,0) stays (0,0) */
}

int zki_g1_eq(const zki_g1 *a, const zki_g1 *b) {
    int ia = zki_g1_is_inf(a), ib = zki_g1_is_inf(b);
    if (ia || ib) return ia && ib;
    /* X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³ */
    zki_fq z1z1, z2z2, l, r;
    zki_fq_sqr(&z1z1, &a->z);
    zki_fq_sqr(&z2z2, &b->z);
    zki_fq_mul(&l, &a->x, &z2z2);
    zki_fq_mul(&r, &b->x, &z1z1);
    if (!zki_fq_eq(&l, &r)) return 0;
    zki_fq_mul(&l, &a->y, &z2z2);
    zki_fq_mul(&l, &l, &b->z);
    zki_fq_mul(&r, &b->y, &z1z1);
    zki_fq_mul(&r, &r, &a->z);
    return zki_fq_eq(&l, &r);
}

void zki_g1_mul_limbs(zki_g1 *r, const zki_g1 *a, const uint64_t k[4]) {
    zki_g1 table[16], acc;
    zki_g1_set_inf(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++) {
        if (i % 2 == 0) zki_g1_dbl(&table[i], &table[i / 2]);
        else zki_g1_add(&table[i], &table[i - 1], a);
    }
    zki_g1_set_inf(&acc);
    for (int w = 63; w >= 0; w--) {
        for (int d = 0; d < 4; d++) zki_g1_dbl(&acc, &acc);
        unsigned nib = (unsigned)(k[w / 16] >> (4 * (w % 16))) & 15;
        zki_g1_add(&acc, &acc, &table[nib]);
    }
    *r = acc;
}

void zki_g1_mul(zki_g1 *r, const zki_g1 *a, const zki_fr *k) {
    uint64_t l[4];
    zki_fr_to_limbs(l, k);
    zki_g1_mul_limbs(r, a, l);
}

zki_status zki_g1_aff_from_bytes(zki_g1_aff *r, const uint8_t in[64]) {
    zki_g1_aff t;
    zki_status s = zki_fq_from_bytes(&t.x, in);
    if (s != ZKI_OK) return s;
    s = zki_fq_from_bytes(&t.y, in + 32);
    if (s != ZKI_OK) return s;
    if (!zki_g1_aff_is_on_curve(&t)) return ZKI_ERR_NOT_ON_CURVE;
    *r = t;
    return ZKI_OK;
}

void zki_g1_aff_to_bytes(uint8_t out[64], const zki_g1_aff *a) {
    zki_fq_to_bytes(out, &a->x);
    zki_fq_to_bytes(out + 32, &a->y);
}
