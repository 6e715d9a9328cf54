/* Fq12 = Fq6[w]/(w^2 − v): see fq12.h for the representation, the Frobenius
 * constants and the sources of the squaring formulas. */
#include "fq12.h"

/* ξ^(j(p^k − 1)/6), generated offline (Python, exact integers) and converted to
 * Montgomery limbs; recomputed from ξ by the test fq12_frobenius_constants. */
const zki_fq2 zki_fq12_frob_gamma[3][6] = {
    {   /* k = 1 */
        {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0xaf9ba69633144907ULL, 0xca6b1d7387afb78aULL, 0x11bded5ef08a2087ULL, 0x02f34d751a1f3a7cULL}},
         {{0xa222ae234c492d72ULL, 0xd00f02a4565de15bULL, 0xdc2ff3a253dfc926ULL, 0x10a75716b3899551ULL}}},
        {{{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}},
         {{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL}}},
        {{{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}},
         {{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL}}},
        {{{0x7361d77f843abe92ULL, 0xa5bb2bd3273411fbULL, 0x9c941f314b3e2399ULL, 0x15df9cddbb9fd3ecULL}},
         {{0x5dddfd154bd8c949ULL, 0x62cb29a5a4445b60ULL, 0x37bc870a0c7dd2b9ULL, 0x24830a9d3171f0fdULL}}},
        {{{0xc970692f41690fe7ULL, 0xe240342127694b0bULL, 0x32bee66b83c459e8ULL, 0x12aabced0ab08841ULL}},
         {{0x0d485d2340aebfa9ULL, 0x05193418ab2fcc57ULL, 0xd3b0a40b8a4910f5ULL, 0x2f21ebb535d2925aULL}}},
    },
    {   /* k = 2 */
        {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0xca8d800500fa1bf2ULL, 0xf0c5d61468b39769ULL, 0x0e201271ad0d4418ULL, 0x04290f65bad856e6ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0x68c3488912edefaaULL, 0x8d087f6872aabf4fULL, 0x51e1a24709081231ULL, 0x2259d6b14729c0faULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0x08cfc388c494f1abULL, 0x19b315148d1373d4ULL, 0x584e90fdcb6c0213ULL, 0x09e1685bdf2f8849ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
    },
    {   /* k = 3 */
        {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}},
        {{{0x365316184e46d97dULL, 0x0af7129ed4c96d9fULL, 0x659da72fca1009b5ULL, 0x08116d8983a20d23ULL}},
         {{0xb1df4af7c39c1939ULL, 0x3d9f02878a73bf7fULL, 0x9b2220928caf0ae0ULL, 0x26684515eff054a6ULL}}},
        {{{0xc9af22f716ad6badULL, 0xb311782a4aa662b2ULL, 0x19eeaf64e248c7f4ULL, 0x20273e77e3439f82ULL}},
         {{0xacc02860f7ce93acULL, 0x3933d5817ba76b4cULL, 0x69e6188b446c8467ULL, 0x0a46036d4417cc55ULL}}},
        {{{0x5764af0aaf46471eULL, 0xdc50792e873e0fc1ULL, 0x86a673ff881d04f6ULL, 0x0b2eddb43c30a74cULL}},
         {{0x9a490f32787e8580ULL, 0x8fd16d7ff04af8b1ULL, 0x4b39888ec6027bf2ULL, 0x03dd2e705b52a15dULL}}},
        {{{0x448a93a57b6762dfULL, 0xbfd62df528fdeadfULL, 0xd858f5d00e9bd47aULL, 0x06b03d4d3476ec58ULL}},
         {{0x2b19daf4bcc936d1ULL, 0xa1a54e7a56f4299fULL, 0xb533eee05adeaef1ULL, 0x170c812b84dda0b2ULL}}},
        {{{0xe0bc4b2275cf559fULL, 0xc238b945c154e60fULL, 0x803982a5929a7d5eULL, 0x15ce052df7e4a37eULL}},
         {{0x2d28efbdbf3799a7ULL, 0x9b097e3c1ad60773ULL, 0x982d4113af4a535bULL, 0x24e18991e3056063ULL}}},
    },
};

void zki_fq12_set_zero(zki_fq12 *r) {
    zki_fq6_set_zero(&r->c0);
    zki_fq6_set_zero(&r->c1);
}

void zki_fq12_set_one(zki_fq12 *r) {
    zki_fq6_set_one(&r->c0);
    zki_fq6_set_zero(&r->c1);
}

int zki_fq12_is_zero(const zki_fq12 *a) { return zki_fq6_is_zero(&a->c0) & zki_fq6_is_zero(&a->c1); }
int zki_fq12_is_one(const zki_fq12 *a) { return zki_fq6_is_one(&a->c0) & zki_fq6_is_zero(&a->c1); }
int zki_fq12_eq(const zki_fq12 *a, const zki_fq12 *b) {
    return zki_fq6_eq(&a->c0, &b->c0) & zki_fq6_eq(&a->c1, &b->c1);
}

void zki_fq12_add(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b) {
    zki_fq6_add(&r->c0, &a->c0, &b->c0);
    zki_fq6_add(&r->c1, &a->c1, &b->c1);
}

void zki_fq12_sub(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b) {
    zki_fq6_sub(&r->c0, &a->c0, &b->c0);
    zki_fq6_sub(&r->c1, &a->c1, &b->c1);
}

void zki_fq12_neg(zki_fq12 *r, const zki_fq12 *a) {
    zki_fq6_neg(&r->c0, &a->c0);
    zki_fq6_neg(&r->c1, &a->c1);
}

void zki_fq12_mul(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b) {
    /* (a0 + a1 w)(b0 + b1 w) = a0b0 + v a1b1 + ((a0 + a1)(b0 + b1) − a0b0 − a1b1) w */
    zki_fq6 t0, t1, s, u;
    zki_fq6_mul(&t0, &a->c0, &b->c0);
    zki_fq6_mul(&t1, &a->c1, &b->c1);
    zki_fq6_add(&s, &a->c0, &a->c1);
    zki_fq6_add(&u, &b->c0, &b->c1);
    zki_fq6_mul(&s, &s, &u);
    zki_fq6_sub(&s, &s, &t0);
    zki_fq6_sub(&r->c1, &s, &t1);
    zki_fq6_mul_by_nonresidue(&t1, &t1);
    zki_fq6_add(&r->c0, &t0, &t1);
}

void zki_fq12_sqr(zki_fq12 *r, const zki_fq12 *a) {
    /* with t = a0 a1: c0 = (a0 + a1)(a0 + v a1) − t − v t, c1 = 2t */
    zki_fq6 t, s, u;
    zki_fq6_mul(&t, &a->c0, &a->c1);
    zki_fq6_add(&s, &a->c0, &a->c1);
    zki_fq6_mul_by_nonresidue(&u, &a->c1);
    zki_fq6_add(&u, &u, &a->c0);
    zki_fq6_mul(&s, &s, &u);
    zki_fq6_sub(&s, &s, &t);
    zki_fq6_dbl(&r->c1, &t);
    zki_fq6_mul_by_nonresidue(&t, &t);
    zki_fq6_sub(&r->c0, &s, &t);
}

void zki_fq12_conj(zki_fq12 *r, const zki_fq12 *a) {
    r->c0 = a->c0;
    zki_fq6_neg(&r->c1, &a->c1);
}

int zki_fq12_inv(zki_fq12 *r, const zki_fq12 *a) {
    zki_fq6 t0, t1;
    zki_fq6_sqr(&t0, &a->c0);
    zki_fq6_sqr(&t1, &a->c1);
    zki_fq6_mul_by_nonresidue(&t1, &t1);
    zki_fq6_sub(&t0, &t0, &t1);
    int ok = zki_fq6_inv(&t0, &t0);
    zki_fq6_mul(&r->c0, &a->c0, &t0);
    zki_fq6_mul(&t1, &a->c1, &t0);
    zki_fq6_neg(&r->c1, &t1);
    return ok;
}

void zki_fq12_frobenius(zki_fq12 *r, const zki_fq12 *a, unsigned k) {
    k %= 12;
    if (k == 0) {
        *r = *a;
        return;
    }
    if (k > 3) {
        zki_fq12 t;
        zki_fq12_frobenius(&t, a, 3);
        zki_fq12_frobenius(r, &t, k - 3);
        return;
    }
    const zki_fq2 *g = zki_fq12_frob_gamma[k - 1];
    /* slot j of the six Fq2 coefficients, in the order of the powers of w */
    const zki_fq2 *in[6] = {&a->c0.c0, &a->c1.c0, &a->c0.c1, &a->c1.c1, &a->c0.c2, &a->c1.c2};
    zki_fq2 out[6];
    for (int j = 0; j < 6; j++) {
        if (k & 1) zki_fq2_conj(&out[j], in[j]);
        else out[j] = *in[j];
        if (j == 0) continue;
        if (k == 2) zki_fq2_mul_fq(&out[j], &out[j], &g[j].c0); /* row 2 lies in Fq */
        else zki_fq2_mul(&out[j], &out[j], &g[j]);
    }
    r->c0.c0 = out[0];
    r->c1.c0 = out[1];
    r->c0.c1 = out[2];
    r->c1.c1 = out[3];
    r->c0.c2 = out[4];
    r->c1.c2 = out[5];
}

/* (x + y s)^2 in Fq4 = Fq2[s]/(s^2 − ξ): x^2 + ξ y^2 + ((x + y)^2 − x^2 − y^2) s. */
static void fq4_sqr(zki_fq2 *r0, zki_fq2 *r1, const zki_fq2 *x, const zki_fq2 *y) {
    zki_fq2 t0, t1, t;
    zki_fq2_sqr(&t0, x);
    zki_fq2_sqr(&t1, y);
    zki_fq2_add(&t, x, y);
    zki_fq2_sqr(&t, &t);
    zki_fq2_sub(&t, &t, &t0);
    zki_fq2_sub(r1, &t, &t1);
    zki_fq2_mul_by_nonresidue(&t1, &t1);
    zki_fq2_add(r0, &t0, &t1);
}

/* r = 3t − 2g (sign −1) or 3t + 2g (sign +1), as 2(t ∓ g) + t. */
static void gs_combine(zki_fq2 *r, const zki_fq2 *t, const zki_fq2 *g, int plus) {
    zki_fq2 s;
    if (plus) zki_fq2_add(&s, t, g);
    else zki_fq2_sub(&s, t, g);
    zki_fq2_dbl(&s, &s);
    zki_fq2_add(r, &s, t);
}

void zki_fq12_cyclotomic_sqr(zki_fq12 *r, const zki_fq12 *a) {
    /* Over Fq4 the element is A0 + A1 w + A2 w^2 with A0 = g0 + g3 s, A1 = g1 + g4 s,
     * A2 = g2 + g5 s, and its square is
     *   (3 A0^2 − 2 conj(A0)) + (3 s A2^2 + 2 conj(A1)) w + (3 A1^2 − 2 conj(A2)) w^2
     * where conj(x + y s) = x − y s. */
    zki_fq2 t0, t1, u0, u1, q0, q1;
    fq4_sqr(&t0, &t1, &a->c0.c0, &a->c1.c1); /* A0^2 */
    fq4_sqr(&q0, &q1, &a->c1.c0, &a->c0.c2); /* A1^2 */
    fq4_sqr(&u0, &u1, &a->c0.c1, &a->c1.c2); /* A2^2 */
    zki_fq2_mul_by_nonresidue(&u1, &u1);     /* s·A2^2 = ξ u1 + u0 s */
    gs_combine(&r->c0.c0, &t0, &a->c0.c0, 0);
    gs_combine(&r->c1.c1, &t1, &a->c1.c1, 1);
    gs_combine(&r->c1.c0, &u1, &a->c1.c0, 1);
    gs_combine(&r->c0.c2, &u0, &a->c0.c2, 0);
    gs_combine(&r->c0.c1, &q0, &a->c0.c1, 0);
    gs_combine(&r->c1.c2, &q1, &a->c1.c2, 1);
}

void zki_fq12_mul_by_034(zki_fq12 *r, const zki_fq12 *a, const zki_fq2 *l0, const zki_fq2 *l3,
                         const zki_fq2 *l4) {
    /* With L0 = l0 and L1 = l3 + l4 v: a·L = a0 L0 + v a1 L1 + ((a0 + a1)(L0 + L1) − a0 L0 − a1 L1) w */
    zki_fq6 t0, t1, s;
    zki_fq2 m;
    zki_fq6_mul_fq2(&t0, &a->c0, l0);
    zki_fq6_mul_by_01(&t1, &a->c1, l3, l4);
    zki_fq6_add(&s, &a->c0, &a->c1);
    zki_fq2_add(&m, l0, l3);
    zki_fq6_mul_by_01(&s, &s, &m, l4);
    zki_fq6_sub(&s, &s, &t0);
    zki_fq6_sub(&r->c1, &s, &t1);
    zki_fq6_mul_by_nonresidue(&t1, &t1);
    zki_fq6_add(&r->c0, &t0, &t1);
}

void zki_fq12_pow_var(zki_fq12 *r, const zki_fq12 *a, const uint64_t *e, size_t n) {
    zki_fq12 acc, base = *a;
    zki_fq12_set_one(&acc);
    for (size_t i = n * 64; i-- > 0;) {
        zki_fq12_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) zki_fq12_mul(&acc, &acc, &base);
    }
    *r = acc;
}

void zki_fq12_mul_034_by_034(zki_fq12 *r, const zki_fq2 *l0, const zki_fq2 *l3, const zki_fq2 *l4,
                             const zki_fq2 *m0, const zki_fq2 *m3, const zki_fq2 *m4) {
    /* slots by powers of w (w^6 = ξ): w^0: l0m0 + ξ l4m4, w^1: l0m3 + l3m0, w^2: l3m3,
     * w^3: l0m4 + l4m0, w^4: l3m4 + l4m3, w^5: 0; the cross terms by Karatsuba. */
    zki_fq2 t0, t3, t4, s, u, x;
    zki_fq2_mul(&t0, l0, m0);
    zki_fq2_mul(&t3, l3, m3);
    zki_fq2_mul(&t4, l4, m4);
    zki_fq12 o;
    zki_fq2_add(&s, l0, l3);
    zki_fq2_add(&u, m0, m3);
    zki_fq2_mul(&x, &s, &u);
    zki_fq2_sub(&x, &x, &t0);
    zki_fq2_sub(&o.c1.c0, &x, &t3);
    zki_fq2_add(&s, l0, l4);
    zki_fq2_add(&u, m0, m4);
    zki_fq2_mul(&x, &s, &u);
    zki_fq2_sub(&x, &x, &t0);
    zki_fq2_sub(&o.c1.c1, &x, &t4);
    zki_fq2_add(&s, l3, l4);
    zki_fq2_add(&u, m3, m4);
    zki_fq2_mul(&x, &s, &u);
    zki_fq2_sub(&x, &x, &t3);
    zki_fq2_sub(&o.c0.c2, &x, &t4);
    zki_fq2_mul_by_nonresidue(&x, &t4);
    zki_fq2_add(&o.c0.c0, &t0, &x);
    o.c0.c1 = t3;
    zki_fq2_set_zero(&o.c1.c2);
    *r = o;
}

void zki_fq12_mul_by_01234(zki_fq12 *r, const zki_fq12 *a, const zki_fq12 *b) {
    /* Karatsuba over Fq6 as in zki_fq12_mul, with b1 = b.c1 sparse (b1.c2 = 0) */
    zki_fq6 t0, t1, s, u;
    zki_fq6_mul(&t0, &a->c0, &b->c0);
    zki_fq6_mul_by_01(&t1, &a->c1, &b->c1.c0, &b->c1.c1);
    zki_fq6_add(&s, &a->c0, &a->c1);
    zki_fq6_add(&u, &b->c0, &b->c1);
    zki_fq6_mul(&s, &s, &u);
    zki_fq6_sub(&s, &s, &t0);
    zki_fq6_sub(&r->c1, &s, &t1);
    zki_fq6_mul_by_nonresidue(&t1, &t1);
    zki_fq6_add(&r->c0, &t0, &t1);
}
