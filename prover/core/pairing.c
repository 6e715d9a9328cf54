/* Optimal ate pairing on BN254: Miller loop with projective line formulas and the
 * final exponentiation. See pairing.h for the algorithms and their sources. */
#include "pairing.h"

/* The BN parameter x (p = 36x^4 + 36x^3 + 24x^2 + 6x + 1). */
#define BN_X 4965661367192848881ULL

/* Width-w non-adjacent form of k (w = 2: the NAF), least significant digit first:
 * odd digits in (−2^(w−1), 2^(w−1)), any w consecutive digits at most one non-zero.
 * Returns the length. */
static int wnaf_of(signed char *d, int cap, unsigned __int128 k, int w) {
    int n = 0;
    while (k && n < cap) {
        int z = 0;
        if (k & 1) {
            z = (int)(k & ((1u << w) - 1));
            if (z >= 1 << (w - 1)) z -= 1 << w;
            k = z > 0 ? k - (unsigned)z : k + (unsigned)-z;
        }
        d[n++] = (signed char)z;
        k >>= 1;
    }
    return n;
}

/* ---- Miller loop ---- */

typedef struct {
    zki_fq2 x, y, z;    /* T, homogeneous projective: (x/z, y/z) */
    zki_g2_aff q, nq;   /* Q and −Q */
    zki_fq yp, nxp, nxp3; /* yP, −xP, −3xP */
} pair_state;

typedef struct { zki_fq2 l0, l3, l4; } line;

/* T = 2T, and the tangent at T evaluated at P, scaled by 2YZ (Aranha et al. 2011):
 *   A = XY/2, B = Y^2, C = Z^2, E = 3b'C, F = 3E, G = (B + F)/2, H = 2YZ, J = X^2
 *   X' = A(B − F), Y' = G^2 − 3E^2, Z' = BH
 *   l = H·yP + J·(−3xP)·w + (B − E)·v·w */
static void dbl_step(line *l, pair_state *s, const zki_fq2 *b3) {
    zki_fq2 A, B, C, E, F, G, H, J, t;
    zki_fq2_mul(&A, &s->x, &s->y);
    zki_fq2_half(&A, &A);
    zki_fq2_sqr(&B, &s->y);
    zki_fq2_sqr(&C, &s->z);
    zki_fq2_mul(&E, &C, b3);
    zki_fq2_dbl(&F, &E);
    zki_fq2_add(&F, &F, &E);
    zki_fq2_add(&G, &B, &F);
    zki_fq2_half(&G, &G);
    zki_fq2_add(&H, &s->y, &s->z);
    zki_fq2_sqr(&H, &H);
    zki_fq2_add(&t, &B, &C);
    zki_fq2_sub(&H, &H, &t);
    zki_fq2_sqr(&J, &s->x);

    zki_fq2_sub(&t, &B, &F);
    zki_fq2_mul(&s->x, &A, &t);
    zki_fq2_sqr(&t, &E);
    zki_fq2_dbl(&C, &t);
    zki_fq2_add(&t, &t, &C); /* 3E^2 */
    zki_fq2_sqr(&G, &G);
    zki_fq2_sub(&s->y, &G, &t);
    zki_fq2_mul(&s->z, &B, &H);

    zki_fq2_mul_fq(&l->l0, &H, &s->yp);
    zki_fq2_mul_fq(&l->l3, &J, &s->nxp3);
    zki_fq2_sub(&l->l4, &B, &E);
}

/* T = T + R (R affine, R != ±T), and the line through them at P, scaled by λ:
 *   θ = Y − yR·Z, λ = X − xR·Z, C = θ^2, D = λ^2, E = λD, F = ZC, G = XD,
 *   H = E + F − 2G; X' = λH, Y' = θ(G − H) − YE, Z' = ZE
 *   l = λ·yP + θ·(−xP)·w + (θ·xR − λ·yR)·v·w */
static void add_step(line *l, pair_state *s, const zki_g2_aff *R) {
    zki_fq2 th, la, C, D, E, F, G, H, t;
    zki_fq2_mul(&t, &R->y, &s->z);
    zki_fq2_sub(&th, &s->y, &t);
    zki_fq2_mul(&t, &R->x, &s->z);
    zki_fq2_sub(&la, &s->x, &t);
    zki_fq2_sqr(&C, &th);
    zki_fq2_sqr(&D, &la);
    zki_fq2_mul(&E, &la, &D);
    zki_fq2_mul(&F, &s->z, &C);
    zki_fq2_mul(&G, &s->x, &D);
    zki_fq2_add(&H, &E, &F);
    zki_fq2_sub(&H, &H, &G);
    zki_fq2_sub(&H, &H, &G);

    zki_fq2_mul(&s->x, &la, &H);
    zki_fq2_sub(&t, &G, &H);
    zki_fq2_mul(&t, &th, &t);
    zki_fq2_mul(&G, &s->y, &E);
    zki_fq2_sub(&s->y, &t, &G);
    zki_fq2_mul(&s->z, &s->z, &E);

    zki_fq2_mul(&t, &th, &R->x);
    zki_fq2_mul(&F, &la, &R->y);
    zki_fq2_sub(&l->l4, &t, &F);
    zki_fq2_mul_fq(&l->l0, &la, &s->yp);
    zki_fq2_mul_fq(&l->l3, &th, &s->nxp);
}

/* f = f · Π_k ls[k]. Lines are multiplied together two at a time first (6 + 17
 * Fq2 multiplications per two lines instead of 2 · 13). f_one says f is still 1,
 * in which case the first product replaces it. */
static void mul_lines(zki_fq12 *f, int *f_one, const line *ls, size_t n) {
    size_t k = 0;
    for (; k + 1 < n; k += 2) {
        zki_fq12 ll;
        zki_fq12_mul_034_by_034(&ll, &ls[k].l0, &ls[k].l3, &ls[k].l4, &ls[k + 1].l0, &ls[k + 1].l3,
                                &ls[k + 1].l4);
        if (*f_one) *f = ll;
        else zki_fq12_mul_by_01234(f, f, &ll);
        *f_one = 0;
    }
    if (k < n) {
        if (*f_one) {
            zki_fq12_set_zero(f);
            f->c0.c0 = ls[k].l0;
            f->c1.c0 = ls[k].l3;
            f->c1.c1 = ls[k].l4;
        } else {
            zki_fq12_mul_by_034(f, f, &ls[k].l0, &ls[k].l3, &ls[k].l4);
        }
        *f_one = 0;
    }
}

/* The Miller loop for n <= ZKI_PAIRING_CHUNK pairs, none of them infinity. */
static void miller_chunk(zki_fq12 *f, const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n) {
    pair_state st[ZKI_PAIRING_CHUNK];
    zki_fq2 b3;
    zki_fq2_dbl(&b3, &zki_g2_b);
    zki_fq2_add(&b3, &b3, &zki_g2_b);
    for (size_t i = 0; i < n; i++) {
        pair_state *s = &st[i];
        s->x = qs[i].x;
        s->y = qs[i].y;
        zki_fq2_set_one(&s->z);
        s->q = qs[i];
        zki_g2_aff_neg(&s->nq, &qs[i]);
        s->yp = ps[i].y;
        zki_fq_neg(&s->nxp, &ps[i].x);
        zki_fq_dbl(&s->nxp3, &s->nxp);
        zki_fq_add(&s->nxp3, &s->nxp3, &s->nxp);
    }

    signed char naf[70];
    int len = wnaf_of(naf, 70, (unsigned __int128)6 * BN_X + 2, 2);
    int f_one = 1;
    line ls[ZKI_PAIRING_CHUNK];
    zki_fq12_set_one(f);
    for (int i = len - 2; i >= 0; i--) {
        if (!f_one) zki_fq12_sqr(f, f);
        for (size_t k = 0; k < n; k++) dbl_step(&ls[k], &st[k], &b3);
        mul_lines(f, &f_one, ls, n);
        if (naf[i] == 0) continue;
        for (size_t k = 0; k < n; k++) add_step(&ls[k], &st[k], naf[i] > 0 ? &st[k].q : &st[k].nq);
        mul_lines(f, &f_one, ls, n);
    }
    /* the two extra lines: T + π(Q), then + (−π^2(Q)) */
    zki_g2_aff q2[ZKI_PAIRING_CHUNK];
    for (size_t k = 0; k < n; k++) {
        zki_g2_aff q1;
        zki_g2_aff_psi(&q1, &st[k].q);
        zki_g2_aff_psi(&q2[k], &q1);
        zki_g2_aff_neg(&q2[k], &q2[k]);
        add_step(&ls[k], &st[k], &q1);
    }
    mul_lines(f, &f_one, ls, n);
    for (size_t k = 0; k < n; k++) add_step(&ls[k], &st[k], &q2[k]);
    mul_lines(f, &f_one, ls, n);
}

void zki_miller_loop_multi(zki_fq12 *r, const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n) {
    zki_g1_aff cp[ZKI_PAIRING_CHUNK];
    zki_g2_aff cq[ZKI_PAIRING_CHUNK];
    zki_fq12 acc, f;
    int acc_one = 1;
    zki_fq12_set_one(&acc);
    size_t i = 0;
    while (i < n) {
        size_t m = 0;
        for (; i < n && m < ZKI_PAIRING_CHUNK; i++) {
            if (zki_g1_aff_is_inf(&ps[i]) || zki_g2_aff_is_inf(&qs[i])) continue;
            cp[m] = ps[i];
            cq[m] = qs[i];
            m++;
        }
        if (m == 0) continue;
        miller_chunk(&f, cp, cq, m);
        if (acc_one) acc = f;
        else zki_fq12_mul(&acc, &acc, &f);
        acc_one = 0;
    }
    *r = acc;
}

void zki_miller_loop(zki_fq12 *r, const zki_g1_aff *p, const zki_g2_aff *q) {
    zki_miller_loop_multi(r, p, q, 1);
}

/* ---- final exponentiation ---- */

/* r = a^x for a in the cyclotomic subgroup, by the width-4 NAF of x (63 digits,
 * 14 non-zero): 62 cyclotomic squarings and 16 multiplications, using a^-1 = conj(a). */
static void cyc_exp_x(zki_fq12 *r, const zki_fq12 *a) {
    signed char d[70];
    int len = wnaf_of(d, 70, BN_X, 4);
    zki_fq12 odd[4], a2, acc, t; /* odd[i] = a^(2i + 1) */
    odd[0] = *a;
    zki_fq12_cyclotomic_sqr(&a2, a);
    for (int i = 1; i < 4; i++) zki_fq12_mul(&odd[i], &odd[i - 1], &a2);
    acc = odd[(d[len - 1] - 1) / 2]; /* the top digit of a positive k is positive */
    for (int i = len - 2; i >= 0; i--) {
        zki_fq12_cyclotomic_sqr(&acc, &acc);
        if (d[i] > 0) {
            zki_fq12_mul(&acc, &acc, &odd[(d[i] - 1) / 2]);
        } else if (d[i] < 0) {
            zki_fq12_conj(&t, &odd[(-d[i] - 1) / 2]);
            zki_fq12_mul(&acc, &acc, &t);
        }
    }
    *r = acc;
}

void zki_final_exp(zki_fq12 *r, const zki_fq12 *f) {
    zki_fq12 t, fx, fx2, fx3, y0, y1, y2, y3, y4, y5, y6, T0, T1;
    /* easy part: f^(p^6 − 1) = conj(f)/f, then ^(p^2 + 1) */
    if (!zki_fq12_inv(&t, f)) {
        zki_fq12_set_zero(r);
        return;
    }
    zki_fq12_conj(&T0, f);
    zki_fq12_mul(&T0, &T0, &t);
    zki_fq12_frobenius(&t, &T0, 2);
    zki_fq12_mul(&T0, &T0, &t);
    /* hard part on m = T0: m^(λ0 + λ1 p + λ2 p^2 + p^3) =
     *   y0 · y1^2 · y2^6 · y3^12 · y4^18 · y5^30 · y6^36 with
     *   y0 = m^p m^(p^2) m^(p^3), y1 = 1/m, y2 = (m^(x^2))^(p^2), y3 = 1/(m^x)^p,
     *   y4 = 1/(m^x (m^(x^2))^p), y5 = 1/m^(x^2), y6 = 1/(m^(x^3) (m^(x^3))^p) */
    cyc_exp_x(&fx, &T0);
    cyc_exp_x(&fx2, &fx);
    cyc_exp_x(&fx3, &fx2);

    zki_fq12_frobenius(&y0, &T0, 1);
    zki_fq12_frobenius(&t, &T0, 2);
    zki_fq12_mul(&y0, &y0, &t);
    zki_fq12_frobenius(&t, &T0, 3);
    zki_fq12_mul(&y0, &y0, &t);
    zki_fq12_conj(&y1, &T0);
    zki_fq12_frobenius(&y2, &fx2, 2);
    zki_fq12_frobenius(&y3, &fx, 1);
    zki_fq12_conj(&y3, &y3);
    zki_fq12_frobenius(&y4, &fx2, 1);
    zki_fq12_mul(&y4, &y4, &fx);
    zki_fq12_conj(&y4, &y4);
    zki_fq12_conj(&y5, &fx2);
    zki_fq12_frobenius(&y6, &fx3, 1);
    zki_fq12_mul(&y6, &y6, &fx3);
    zki_fq12_conj(&y6, &y6);

    /* the vectorial addition chain for the exponents (1, 2, 6, 12, 18, 30, 36) */
    zki_fq12_cyclotomic_sqr(&T0, &y6);
    zki_fq12_mul(&T0, &T0, &y4);
    zki_fq12_mul(&T0, &T0, &y5);
    zki_fq12_mul(&T1, &y3, &y5);
    zki_fq12_mul(&T1, &T1, &T0);
    zki_fq12_mul(&T0, &T0, &y2);
    zki_fq12_cyclotomic_sqr(&T1, &T1);
    zki_fq12_mul(&T1, &T1, &T0);
    zki_fq12_cyclotomic_sqr(&T1, &T1);
    zki_fq12_mul(&T0, &T1, &y1);
    zki_fq12_mul(&T1, &T1, &y0);
    zki_fq12_cyclotomic_sqr(&T0, &T0);
    zki_fq12_mul(r, &T0, &T1);
}

void zki_pairing(zki_fq12 *r, const zki_g1_aff *p, const zki_g2_aff *q) {
    zki_fq12 f;
    zki_miller_loop(&f, p, q);
    zki_final_exp(r, &f);
}

void zki_pairings_product(zki_fq12 *r, const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n) {
    zki_fq12 f;
    zki_miller_loop_multi(&f, ps, qs, n);
    zki_final_exp(r, &f);
}

int zki_pairing_check(const zki_g1_aff *ps, const zki_g2_aff *qs, size_t n) {
    zki_fq12 r;
    zki_pairings_product(&r, ps, qs, n);
    return zki_fq12_is_one(&r);
}
