/* BN254 G2 on the D-type twist over Fq2, Jacobian coordinates: see g2.h for the
 * curve, the endomorphism ψ and the reason the subgroup test is sound. */
#include "g2.h"

#include "fq12.h"

/* 3/ξ, computed offline and checked by the test g2_constants. */
const zki_fq2 zki_g2_b = {
    {{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}},
    {{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}},
};

/* 6x^2 for the BN parameter x = 4965661367192848881 (127 bits), little-endian. */
static const uint64_t six_x_sq[2] = {0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL};

/* The EIP-197 generator, as its 128-byte encoding x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0. */
static const uint8_t generator_bytes[128] = {
    0x19, 0x8e, 0x93, 0x93, 0x92, 0x0d, 0x48, 0x3a, 0x72, 0x60, 0xbf, 0xb7, 0x31, 0xfb, 0x5d, 0x25,
    0xf1, 0xaa, 0x49, 0x33, 0x35, 0xa9, 0xe7, 0x12, 0x97, 0xe4, 0x85, 0xb7, 0xae, 0xf3, 0x12, 0xc2,
    0x18, 0x00, 0xde, 0xef, 0x12, 0x1f, 0x1e, 0x76, 0x42, 0x6a, 0x00, 0x66, 0x5e, 0x5c, 0x44, 0x79,
    0x67, 0x43, 0x22, 0xd4, 0xf7, 0x5e, 0xda, 0xdd, 0x46, 0xde, 0xbd, 0x5c, 0xd9, 0x92, 0xf6, 0xed,
    0x09, 0x06, 0x89, 0xd0, 0x58, 0x5f, 0xf0, 0x75, 0xec, 0x9e, 0x99, 0xad, 0x69, 0x0c, 0x33, 0x95,
    0xbc, 0x4b, 0x31, 0x33, 0x70, 0xb3, 0x8e, 0xf3, 0x55, 0xac, 0xda, 0xdc, 0xd1, 0x22, 0x97, 0x5b,
    0x12, 0xc8, 0x5e, 0xa5, 0xdb, 0x8c, 0x6d, 0xeb, 0x4a, 0xab, 0x71, 0x80, 0x8d, 0xcb, 0x40, 0x8f,
    0xe3, 0xd1, 0xe7, 0x69, 0x0c, 0x43, 0xd3, 0x7b, 0x4c, 0xe6, 0xcc, 0x01, 0x66, 0xfa, 0x7d, 0xaa,
};

/* The four coordinates without any curve check. Returns ZKI_ERR_NONCANONICAL if one is >= p. */
static zki_status decode_coords(zki_g2_aff *r, const uint8_t in[128]) {
    zki_status s;
    if ((s = zki_fq_from_bytes(&r->x.c1, in)) != ZKI_OK) return s;
    if ((s = zki_fq_from_bytes(&r->x.c0, in + 32)) != ZKI_OK) return s;
    if ((s = zki_fq_from_bytes(&r->y.c1, in + 64)) != ZKI_OK) return s;
    return zki_fq_from_bytes(&r->y.c0, in + 96);
}

void zki_g2_generator(zki_g2_aff *r) { (void)decode_coords(r, generator_bytes); }

void zki_g2_set_inf(zki_g2 *r) {
    zki_fq2_set_one(&r->x);
    zki_fq2_set_one(&r->y);
    zki_fq2_set_zero(&r->z);
}

int zki_g2_is_inf(const zki_g2 *a) { return zki_fq2_is_zero(&a->z); }

int zki_g2_aff_is_inf(const zki_g2_aff *a) { return zki_fq2_is_zero(&a->x) && zki_fq2_is_zero(&a->y); }

int zki_g2_aff_is_on_curve(const zki_g2_aff *a) {
    if (zki_g2_aff_is_inf(a)) return 1;
    zki_fq2 l, r;
    zki_fq2_sqr(&l, &a->y);
    zki_fq2_sqr(&r, &a->x);
    zki_fq2_mul(&r, &r, &a->x);
    zki_fq2_add(&r, &r, &zki_g2_b);
    return zki_fq2_eq(&l, &r);
}

void zki_g2_from_aff(zki_g2 *r, const zki_g2_aff *a) {
    if (zki_g2_aff_is_inf(a)) {
        zki_g2_set_inf(r);
        return;
    }
    r->x = a->x;
    r->y = a->y;
    zki_fq2_set_one(&r->z);
}

void zki_g2_to_aff(zki_g2_aff *r, const zki_g2 *a) {
    if (zki_g2_is_inf(a)) {
        zki_fq2_set_zero(&r->x);
        zki_fq2_set_zero(&r->y);
        return;
    }
    zki_fq2 zi, zi2;
    zki_fq2_inv(&zi, &a->z);
    zki_fq2_sqr(&zi2, &zi);
    zki_fq2_mul(&r->x, &a->x, &zi2);
    zki_fq2_mul(&zi2, &zi2, &zi);
    zki_fq2_mul(&r->y, &a->y, &zi2);
}

void zki_g2s_to_aff(zki_g2_aff *r, const zki_g2 *a, size_t n) {
    /* Montgomery's trick over the Z coordinates; prefix products kept in r[i].x. */
    zki_fq2 acc, t;
    zki_fq2_set_one(&acc);
    for (size_t i = 0; i < n; i++) {
        r[i].x = acc;
        if (!zki_g2_is_inf(&a[i])) zki_fq2_mul(&acc, &acc, &a[i].z);
    }
    zki_fq2_inv(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (zki_g2_is_inf(&a[i])) {
            zki_fq2_set_zero(&r[i].x);
            zki_fq2_set_zero(&r[i].y);
            continue;
        }
        zki_fq2 zi, zi2;
        zki_fq2_mul(&zi, &r[i].x, &acc);
        zki_fq2_mul(&acc, &acc, &a[i].z);
        zki_fq2_sqr(&zi2, &zi);
        zki_fq2_mul(&r[i].x, &a[i].x, &zi2);
        zki_fq2_mul(&t, &zi2, &zi);
        zki_fq2_mul(&r[i].y, &a[i].y, &t);
    }
}

void zki_g2_dbl(zki_g2 *r, const zki_g2 *a) {
    /* dbl-2009-l: A = X^2, B = Y^2, C = B^2, D = 2((X + B)^2 − A − C), E = 3A,
     * X3 = E^2 − 2D, Y3 = E(D − X3) − 8C, Z3 = 2YZ */
    if (zki_g2_is_inf(a)) {
        *r = *a;
        return;
    }
    zki_fq2 A, B, C, D, E, F, t;
    zki_fq2_sqr(&A, &a->x);
    zki_fq2_sqr(&B, &a->y);
    zki_fq2_sqr(&C, &B);
    zki_fq2_add(&D, &a->x, &B);
    zki_fq2_sqr(&D, &D);
    zki_fq2_sub(&D, &D, &A);
    zki_fq2_sub(&D, &D, &C);
    zki_fq2_dbl(&D, &D);
    zki_fq2_dbl(&E, &A);
    zki_fq2_add(&E, &E, &A);
    zki_fq2_sqr(&F, &E);
    zki_fq2_mul(&t, &a->y, &a->z); /* before r->y is written (r may alias a) */
    zki_fq2_dbl(&r->z, &t);
    zki_fq2_dbl(&t, &D);
    zki_fq2_sub(&r->x, &F, &t);
    zki_fq2_sub(&t, &D, &r->x);
    zki_fq2_mul(&t, &E, &t);
    zki_fq2_dbl(&C, &C);
    zki_fq2_dbl(&C, &C);
    zki_fq2_dbl(&C, &C);
    zki_fq2_sub(&r->y, &t, &C);
}

void zki_g2_add(zki_g2 *r, const zki_g2 *a, const zki_g2 *b) {
    /* add-2007-bl */
    if (zki_g2_is_inf(a)) { *r = *b; return; }
    if (zki_g2_is_inf(b)) { *r = *a; return; }
    zki_fq2 z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    zki_fq2_sqr(&z1z1, &a->z);
    zki_fq2_sqr(&z2z2, &b->z);
    zki_fq2_mul(&u1, &a->x, &z2z2);
    zki_fq2_mul(&u2, &b->x, &z1z1);
    zki_fq2_mul(&s1, &a->y, &b->z);
    zki_fq2_mul(&s1, &s1, &z2z2);
    zki_fq2_mul(&s2, &b->y, &a->z);
    zki_fq2_mul(&s2, &s2, &z1z1);
    zki_fq2_sub(&h, &u2, &u1);
    zki_fq2_sub(&rr, &s2, &s1);
    if (zki_fq2_is_zero(&h)) {
        if (zki_fq2_is_zero(&rr)) zki_g2_dbl(r, a);
        else zki_g2_set_inf(r);
        return;
    }
    zki_fq2_dbl(&i, &h);
    zki_fq2_sqr(&i, &i);
    zki_fq2_mul(&j, &h, &i);
    zki_fq2_dbl(&rr, &rr);
    zki_fq2_mul(&v, &u1, &i);
    zki_fq2_add(&t, &a->z, &b->z);
    zki_fq2_sqr(&t, &t);
    zki_fq2_sub(&t, &t, &z1z1);
    zki_fq2_sub(&t, &t, &z2z2);
    zki_fq2_mul(&r->z, &t, &h);
    zki_fq2_sqr(&r->x, &rr);
    zki_fq2_sub(&r->x, &r->x, &j);
    zki_fq2_sub(&r->x, &r->x, &v);
    zki_fq2_sub(&r->x, &r->x, &v);
    zki_fq2_sub(&t, &v, &r->x);
    zki_fq2_mul(&t, &rr, &t);
    zki_fq2_mul(&s1, &s1, &j);
    zki_fq2_dbl(&s1, &s1);
    zki_fq2_sub(&r->y, &t, &s1);
}

void zki_g2_add_aff(zki_g2 *r, const zki_g2 *a, const zki_g2_aff *b) {
    /* madd-2007-bl */
    if (zki_g2_aff_is_inf(b)) { *r = *a; return; }
    if (zki_g2_is_inf(a)) { zki_g2_from_aff(r, b); return; }
    zki_fq2 z1z1, u2, s2, h, hh, i, j, rr, v, t, y1j;
    zki_fq2_sqr(&z1z1, &a->z);
    zki_fq2_mul(&u2, &b->x, &z1z1);
    zki_fq2_mul(&s2, &b->y, &a->z);
    zki_fq2_mul(&s2, &s2, &z1z1);
    zki_fq2_sub(&h, &u2, &a->x);
    zki_fq2_sub(&rr, &s2, &a->y);
    if (zki_fq2_is_zero(&h)) {
        if (zki_fq2_is_zero(&rr)) zki_g2_dbl(r, a);
        else zki_g2_set_inf(r);
        return;
    }
    zki_fq2_sqr(&hh, &h);
    zki_fq2_dbl(&i, &hh);
    zki_fq2_dbl(&i, &i);
    zki_fq2_mul(&j, &h, &i);
    zki_fq2_dbl(&rr, &rr);
    zki_fq2_mul(&v, &a->x, &i);
    zki_fq2_mul(&y1j, &a->y, &j);
    zki_fq2_add(&t, &a->z, &h);
    zki_fq2_sqr(&t, &t);
    zki_fq2_sub(&t, &t, &z1z1);
    zki_fq2_sub(&r->z, &t, &hh);
    zki_fq2_sqr(&r->x, &rr);
    zki_fq2_sub(&r->x, &r->x, &j);
    zki_fq2_sub(&r->x, &r->x, &v);
    zki_fq2_sub(&r->x, &r->x, &v);
    zki_fq2_sub(&t, &v, &r->x);
    zki_fq2_mul(&t, &rr, &t);
    zki_fq2_dbl(&y1j, &y1j);
    zki_fq2_sub(&r->y, &t, &y1j);
}

void zki_g2_neg(zki_g2 *r, const zki_g2 *a) {
    r->x = a->x;
    zki_fq2_neg(&r->y, &a->y);
    r->z = a->z;
}

void zki_g2_aff_neg(zki_g2_aff *r, const zki_g2_aff *a) {
    r->x = a->x;
    zki_fq2_neg(&r->y, &a->y); /* infinity (0,0) stays (0,0) */
}

int zki_g2_eq(const zki_g2 *a, const zki_g2 *b) {
    int ia = zki_g2_is_inf(a), ib = zki_g2_is_inf(b);
    if (ia || ib) return ia && ib;
    /* X1·Z2^2 = X2·Z1^2 and Y1·Z2^3 = Y2·Z1^3 */
    zki_fq2 z1z1, z2z2, l, r;
    zki_fq2_sqr(&z1z1, &a->z);
    zki_fq2_sqr(&z2z2, &b->z);
    zki_fq2_mul(&l, &a->x, &z2z2);
    zki_fq2_mul(&r, &b->x, &z1z1);
    if (!zki_fq2_eq(&l, &r)) return 0;
    zki_fq2_mul(&l, &a->y, &z2z2);
    zki_fq2_mul(&l, &l, &b->z);
    zki_fq2_mul(&r, &b->y, &z1z1);
    zki_fq2_mul(&r, &r, &a->z);
    return zki_fq2_eq(&l, &r);
}

void zki_g2_psi(zki_g2 *r, const zki_g2 *a) {
    /* conj is a field automorphism, so (X/Z^2)^p = conj(X)/conj(Z)^2: keep Z conjugated. */
    zki_fq2_conj(&r->x, &a->x);
    zki_fq2_mul(&r->x, &r->x, &zki_fq12_frob_gamma[0][2]);
    zki_fq2_conj(&r->y, &a->y);
    zki_fq2_mul(&r->y, &r->y, &zki_fq12_frob_gamma[0][3]);
    zki_fq2_conj(&r->z, &a->z);
}

void zki_g2_aff_psi(zki_g2_aff *r, const zki_g2_aff *a) {
    zki_fq2_conj(&r->x, &a->x);
    zki_fq2_mul(&r->x, &r->x, &zki_fq12_frob_gamma[0][2]);
    zki_fq2_conj(&r->y, &a->y);
    zki_fq2_mul(&r->y, &r->y, &zki_fq12_frob_gamma[0][3]);
}

int zki_g2_aff_in_subgroup(const zki_g2_aff *a) {
    if (zki_g2_aff_is_inf(a)) return 1;
    /* [6x^2]a by the non-adjacent form of 6x^2 (128 digits, 40 non-zero). */
    signed char naf[130];
    int len = 0;
    unsigned __int128 k = ((unsigned __int128)six_x_sq[1] << 64) | six_x_sq[0];
    while (k) {
        int d = 0;
        if (k & 1) {
            d = 2 - (int)(k & 3); /* ±1, making k − d divisible by 4 */
            k = d > 0 ? k - 1 : k + 1;
        }
        naf[len++] = (signed char)d;
        k >>= 1;
    }
    zki_g2_aff na;
    zki_g2_aff_neg(&na, a);
    zki_g2 acc, ps;
    zki_g2_set_inf(&acc);
    for (int i = len - 1; i >= 0; i--) {
        zki_g2_dbl(&acc, &acc);
        if (naf[i] > 0) zki_g2_add_aff(&acc, &acc, a);
        else if (naf[i] < 0) zki_g2_add_aff(&acc, &acc, &na);
    }
    zki_g2_from_aff(&ps, a);
    zki_g2_psi(&ps, &ps);
    return zki_g2_eq(&acc, &ps);
}

void zki_g2_mul_limbs(zki_g2 *r, const zki_g2 *a, const uint64_t k[4]) {
    zki_g2 table[16], acc;
    zki_g2_set_inf(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++) {
        if (i % 2 == 0) zki_g2_dbl(&table[i], &table[i / 2]);
        else zki_g2_add(&table[i], &table[i - 1], a);
    }
    zki_g2_set_inf(&acc);
    for (int w = 63; w >= 0; w--) {
        for (int d = 0; d < 4; d++) zki_g2_dbl(&acc, &acc);
        unsigned nib = (unsigned)(k[w / 16] >> (4 * (w % 16))) & 15;
        zki_g2_add(&acc, &acc, &table[nib]);
    }
    *r = acc;
}

void zki_g2_mul(zki_g2 *r, const zki_g2 *a, const zki_fr *k) {
    uint64_t l[4];
    zki_fr_to_limbs(l, k);
    zki_g2_mul_limbs(r, a, l);
}

zki_status zki_g2_aff_from_bytes(zki_g2_aff *r, const uint8_t in[128]) {
    zki_g2_aff t;
    zki_status s = decode_coords(&t, in);
    if (s != ZKI_OK) return s;
    if (!zki_g2_aff_is_on_curve(&t)) return ZKI_ERR_NOT_ON_CURVE;
    if (!zki_g2_aff_in_subgroup(&t)) return ZKI_ERR_NOT_IN_SUBGROUP;
    *r = t;
    return ZKI_OK;
}

void zki_g2_aff_to_bytes(uint8_t out[128], const zki_g2_aff *a) {
    zki_fq_to_bytes(out, &a->x.c1);
    zki_fq_to_bytes(out + 32, &a->x.c0);
    zki_fq_to_bytes(out + 64, &a->y.c1);
    zki_fq_to_bytes(out + 96, &a->y.c0);
}
