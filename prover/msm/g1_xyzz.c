/* XYZZ arithmetic for BN254 G1 (see g1_xyzz.h). The formulas follow the
 * Explicit-Formulas Database's xyzz pages for a = 0; the variable names (U, S, P,
 * R, PP, PPP, Q, V, W, M) are the EFD's, so each function can be checked line by
 * line against its page. */
#include "g1_xyzz.h"

#include <string.h>

void zki_g1_xyzz_set_inf(zki_g1_xyzz *r) { memset(r, 0, sizeof *r); }

int zki_g1_xyzz_is_inf(const zki_g1_xyzz *a) { return zki_fq_is_zero(&a->zz); }

void zki_g1_xyzz_from_aff(zki_g1_xyzz *r, const zki_g1_aff *a) {
    if (zki_g1_aff_is_inf(a)) {
        zki_g1_xyzz_set_inf(r);
        return;
    }
    r->x = a->x;
    r->y = a->y;
    zki_fq_set_one(&r->zz);
    zki_fq_set_one(&r->zzz);
}

void zki_g1_xyzz_to_jac(zki_g1 *r, const zki_g1_xyzz *a) {
    if (zki_g1_xyzz_is_inf(a)) {
        zki_g1_set_inf(r);
        return;
    }
    /* With ZZ = Z^2, ZZZ = Z^3, take Z' = ZZZ = Z·Z^2: X' = x·Z'^2 = X·ZZ^2 and
     * Y' = y·Z'^3 = Y·ZZZ^2 (using ZZZ^2 = ZZ^3). */
    zki_fq t, zzz = a->zzz;
    zki_fq_sqr(&t, &a->zz);
    zki_fq_mul(&r->x, &a->x, &t);
    zki_fq_sqr(&t, &zzz);
    zki_fq_mul(&r->y, &a->y, &t);
    r->z = zzz;
}

/* r = 2·(x, y) for an affine point (mdbl-2008-s-1); y != 0 since G1 has odd order. */
static void xyzz_dbl_aff(zki_g1_xyzz *r, const zki_fq *x1, const zki_fq *y1) {
    zki_fq U, V, W, S, M, t;
    zki_fq_dbl(&U, y1);
    zki_fq_sqr(&V, &U);
    zki_fq_mul(&W, &U, &V);
    zki_fq_mul(&S, x1, &V);
    zki_fq_sqr(&M, x1);
    zki_fq_dbl(&t, &M);
    zki_fq_add(&M, &M, &t);
    zki_fq_mul(&t, &W, y1); /* before r->y may overwrite y1 */
    zki_fq_sqr(&r->x, &M);
    zki_fq_sub(&r->x, &r->x, &S);
    zki_fq_sub(&r->x, &r->x, &S);
    zki_fq_sub(&S, &S, &r->x);
    zki_fq_mul(&S, &M, &S);
    zki_fq_sub(&r->y, &S, &t);
    r->zz = V;
    r->zzz = W;
}

void zki_g1_xyzz_dbl(zki_g1_xyzz *r, const zki_g1_xyzz *a) {
    if (zki_g1_xyzz_is_inf(a)) {
        zki_g1_xyzz_set_inf(r);
        return;
    }
    /* dbl-2008-s-1 with a = 0 */
    zki_fq U, V, W, S, M, t;
    zki_fq_dbl(&U, &a->y);
    zki_fq_sqr(&V, &U);
    zki_fq_mul(&W, &U, &V);
    zki_fq_mul(&S, &a->x, &V);
    zki_fq_sqr(&M, &a->x);
    zki_fq_dbl(&t, &M);
    zki_fq_add(&M, &M, &t);
    zki_fq_mul(&r->zz, &V, &a->zz);
    zki_fq_mul(&t, &W, &a->y);
    zki_fq_mul(&r->zzz, &W, &a->zzz);
    zki_fq_sqr(&r->x, &M);
    zki_fq_sub(&r->x, &r->x, &S);
    zki_fq_sub(&r->x, &r->x, &S);
    zki_fq_sub(&S, &S, &r->x);
    zki_fq_mul(&S, &M, &S);
    zki_fq_sub(&r->y, &S, &t);
}

/* madd-2008-s on (x2, neg ? -y2 : y2); b is not infinity. */
static void xyzz_madd(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_aff *b, int neg) {
    zki_fq y2 = b->y;
    if (neg) zki_fq_neg(&y2, &y2);
    if (zki_g1_xyzz_is_inf(a)) {
        r->x = b->x;
        r->y = y2;
        zki_fq_set_one(&r->zz);
        zki_fq_set_one(&r->zzz);
        return;
    }
    zki_fq U2, S2, P, R, PP, PPP, Q, t;
    zki_fq_mul(&U2, &b->x, &a->zz);
    zki_fq_mul(&S2, &y2, &a->zzz);
    zki_fq_sub(&P, &U2, &a->x);
    zki_fq_sub(&R, &S2, &a->y);
    if (zki_fq_is_zero(&P)) {
        if (zki_fq_is_zero(&R)) xyzz_dbl_aff(r, &b->x, &y2); /* a == b */
        else zki_g1_xyzz_set_inf(r);                       /* a == -b */
        return;
    }
    zki_fq_sqr(&PP, &P);
    zki_fq_mul(&PPP, &P, &PP);
    zki_fq_mul(&Q, &a->x, &PP);
    zki_fq_mul(&t, &a->y, &PPP); /* Y1·PPP, before r->y overwrites Y1 */
    zki_fq_mul(&r->zz, &a->zz, &PP);
    zki_fq_mul(&r->zzz, &a->zzz, &PPP);
    zki_fq_sqr(&r->x, &R);
    zki_fq_sub(&r->x, &r->x, &PPP);
    zki_fq_sub(&r->x, &r->x, &Q);
    zki_fq_sub(&r->x, &r->x, &Q);
    zki_fq_sub(&Q, &Q, &r->x);
    zki_fq_mul(&Q, &R, &Q);
    zki_fq_sub(&r->y, &Q, &t);
}

void zki_g1_xyzz_add_aff(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_aff *b) {
    if (zki_g1_aff_is_inf(b)) {
        *r = *a;
        return;
    }
    xyzz_madd(r, a, b, 0);
}

void zki_g1_xyzz_sub_aff(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_aff *b) {
    if (zki_g1_aff_is_inf(b)) {
        *r = *a;
        return;
    }
    xyzz_madd(r, a, b, 1);
}

void zki_g1_xyzz_add(zki_g1_xyzz *r, const zki_g1_xyzz *a, const zki_g1_xyzz *b) {
    if (zki_g1_xyzz_is_inf(a)) {
        *r = *b;
        return;
    }
    if (zki_g1_xyzz_is_inf(b)) {
        *r = *a;
        return;
    }
    zki_fq U1, U2, S1, S2, P, R, PP, PPP, Q, t;
    zki_fq_mul(&U1, &a->x, &b->zz);
    zki_fq_mul(&U2, &b->x, &a->zz);
    zki_fq_mul(&S1, &a->y, &b->zzz);
    zki_fq_mul(&S2, &b->y, &a->zzz);
    zki_fq_sub(&P, &U2, &U1);
    zki_fq_sub(&R, &S2, &S1);
    if (zki_fq_is_zero(&P)) {
        if (zki_fq_is_zero(&R)) zki_g1_xyzz_dbl(r, a);
        else zki_g1_xyzz_set_inf(r);
        return;
    }
    zki_fq_sqr(&PP, &P);
    zki_fq_mul(&PPP, &P, &PP);
    zki_fq_mul(&Q, &U1, &PP);
    zki_fq_mul(&t, &a->zz, &b->zz);
    zki_fq_mul(&r->zz, &t, &PP);
    zki_fq_mul(&t, &a->zzz, &b->zzz);
    zki_fq_mul(&r->zzz, &t, &PPP);
    zki_fq_mul(&S1, &S1, &PPP);
    zki_fq_sqr(&r->x, &R);
    zki_fq_sub(&r->x, &r->x, &PPP);
    zki_fq_sub(&r->x, &r->x, &Q);
    zki_fq_sub(&r->x, &r->x, &Q);
    zki_fq_sub(&Q, &Q, &r->x);
    zki_fq_mul(&Q, &R, &Q);
    zki_fq_sub(&r->y, &Q, &S1);
}
