/* Batched G1 scalar multiplication with the GLV endomorphism and lockstep affine
 * arithmetic (method, constants and bounds: g1_batch.h). */
#include "g1_batch.h"

#include <stdlib.h>
#include <string.h>

/* Cube roots of unity paired so that (β·x, y) = λ·(x, y) on G1, and the short lattice
 * basis v1 = (A1, −B1N), v2 = (A2, B2) of {(a, b) : a + b·λ ≡ 0 mod r}, with
 * A1·B2 + A2·B1N = r; G1C = ⌊2^256·B2/r⌋, G2C = ⌊2^256·B1N/r⌋. Plain little-endian
 * integers, derived with the extended Euclidean algorithm on (r, λ). */
static const uint64_t GLV_BETA[4] = {0x5763473177fffffeULL, 0xd4f263f1acdb5c4fULL, 0x59e26bcea0d48bacULL, 0};
static const uint64_t GLV_LAMBDA[4] = {0x8b17ea66b99c90ddULL, 0x5bfc41088d8daaa7ULL, 0xb3c4d79d41a91758ULL, 0};
static const uint64_t GLV_A1[4] = {0x89d3256894d213e3ULL, 0, 0, 0};
static const uint64_t GLV_B1N[4] = {0x8211bbeb7d4f1128ULL, 0x6f4d8248eeb859fcULL, 0, 0};
static const uint64_t GLV_A2[4] = {0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, 0, 0};
static const uint64_t GLV_B2[4] = {0x89d3256894d213e3ULL, 0, 0, 0};
static const uint64_t GLV_G1C[3] = {0xd91d232ec7e0b3d7ULL, 0x2ULL, 0};
static const uint64_t GLV_G2C[3] = {0x7a7bd9d4391eb18dULL, 0x4ccef014a773d2cfULL, 0x2ULL};

void zki_glv_lambda(zki_fr *lambda) { (void)zki_fr_from_limbs(lambda, GLV_LAMBDA); }

void zki_g1_aff_endo(zki_g1_aff *r, const zki_g1_aff *a) {
    zki_fq beta;
    (void)zki_fq_from_limbs(&beta, GLV_BETA);
    zki_fq_mul(&r->x, &a->x, &beta);
    r->y = a->y;
}

/* ⌊k·g / 2^256⌋ for k < 2^256 and g < 2^192 (< 2^131 here, so the result fits Fr). */
static void mul_shift256(uint64_t out[4], const uint64_t k[4], const uint64_t g[3]) {
    uint64_t t[7] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 3; j++) {
            unsigned __int128 p = (unsigned __int128)k[i] * g[j] + t[i + j] + carry;
            t[i + j] = (uint64_t)p;
            carry = (uint64_t)(p >> 64);
        }
        t[i + 3] = carry;
    }
    out[0] = t[4];
    out[1] = t[5];
    out[2] = t[6];
    out[3] = 0;
}

static int limbs_gt(const uint64_t a[4], const uint64_t b[4]) {
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return 0;
}

/* An element of Fr read as a signed integer in (−r/2, r/2): magnitude and sign. */
static void signed_of(uint64_t mag[4], uint8_t *neg, const zki_fr *a) {
    static const uint64_t half[4] = {0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL, 0xdc2822db40c0ac2eULL,
                                     0x183227397098d014ULL}; /* (r − 1)/2 */
    zki_fr_to_limbs(mag, a);
    *neg = (uint8_t)limbs_gt(mag, half);
    if (*neg) {
        zki_fr t;
        zki_fr_neg(&t, a);
        zki_fr_to_limbs(mag, &t);
    }
}

void zki_glv_split(zki_glv_scalar *out, const zki_fr *k) {
    uint64_t kl[4], c[4];
    zki_fr c1, c2, a1, b1n, a2, b2, k1, k2, t;
    zki_fr_to_limbs(kl, k);
    mul_shift256(c, kl, GLV_G1C);
    (void)zki_fr_from_limbs(&c1, c);
    mul_shift256(c, kl, GLV_G2C);
    (void)zki_fr_from_limbs(&c2, c);
    (void)zki_fr_from_limbs(&a1, GLV_A1);
    (void)zki_fr_from_limbs(&b1n, GLV_B1N);
    (void)zki_fr_from_limbs(&a2, GLV_A2);
    (void)zki_fr_from_limbs(&b2, GLV_B2);
    /* (k1, k2) = (k, 0) − c1·(A1, −B1N) − c2·(A2, B2), computed mod r; the true values
     * are below 2^128 in magnitude, so the signed reading recovers them */
    zki_fr_mul(&t, &c1, &a1);
    zki_fr_sub(&k1, k, &t);
    zki_fr_mul(&t, &c2, &a2);
    zki_fr_sub(&k1, &k1, &t);
    zki_fr_mul(&k2, &c1, &b1n);
    zki_fr_mul(&t, &c2, &b2);
    zki_fr_sub(&k2, &k2, &t);
    uint64_t m[4];
    signed_of(m, &out->neg[0], &k1);
    out->mag[0][0] = m[0];
    out->mag[0][1] = m[1];
    signed_of(m, &out->neg[1], &k2);
    out->mag[1][0] = m[0];
    out->mag[1][1] = m[1];
}

int zki_glv_check(const zki_glv_scalar *s, const zki_fr *k) {
    zki_fr h[2], lambda, t;
    for (int i = 0; i < 2; i++) {
        uint64_t l[4] = {s->mag[i][0], s->mag[i][1], 0, 0};
        if (zki_fr_from_limbs(&h[i], l) != ZKI_OK) return 0;
        if (s->neg[i]) zki_fr_neg(&h[i], &h[i]);
    }
    zki_glv_lambda(&lambda);
    zki_fr_mul(&t, &h[1], &lambda);
    zki_fr_add(&t, &t, &h[0]);
    return zki_fr_eq(&t, k);
}

/* Width-5 NAF of the 128-bit magnitude m, digits negated when neg: d[0..len) least
 * significant first, the rest of d zeroed. Returns: len (<= 129). */
static unsigned wnaf5(int8_t d[ZKI_GLV_DIGITS], const uint64_t m[2], int neg) {
    uint64_t v[3] = {m[0], m[1], 0}; /* m − digit can reach 2^128 + 15 */
    unsigned len = 0;
    memset(d, 0, ZKI_GLV_DIGITS);
    while (v[0] | v[1] | v[2]) {
        int dig = 0;
        if (v[0] & 1) {
            dig = (int)(v[0] & 31);
            if (dig > 16) dig -= 32;
            if (dig > 0) {
                uint64_t b = v[0] < (uint64_t)dig;
                v[0] -= (uint64_t)dig;
                uint64_t b1 = v[1] < b;
                v[1] -= b;
                v[2] -= b1;
            } else {
                uint64_t s = v[0] + (uint64_t)(-dig);
                uint64_t c = s < v[0];
                v[0] = s;
                v[1] += c;
                v[2] += (c && v[1] == 0);
            }
        }
        d[len++] = (int8_t)(neg ? -dig : dig);
        v[0] = (v[0] >> 1) | (v[1] << 63);
        v[1] = (v[1] >> 1) | (v[2] << 63);
        v[2] >>= 1;
    }
    return len;
}

/* ---------------------------------------------------------------- workspace */

void zki_g1_batch_ws_free(zki_g1_batch_ws *ws) {
    if (!ws) return;
    free(ws->acc);
    free(ws->tab);
    free(ws->tab_bx);
    free(ws->dig);
    free(ws->len);
    free(ws->pend);
    free(ws->den);
    free(ws->inv);
    free(ws->idx);
    free(ws->act);
    memset(ws, 0, sizeof *ws);
}

zki_status zki_g1_batch_ws_init(zki_g1_batch_ws *ws, size_t cap) {
    memset(ws, 0, sizeof *ws);
    if (cap == 0 || cap > UINT32_MAX) return ZKI_ERR_ARG;
    ws->cap = cap;
    ws->acc = malloc(cap * sizeof *ws->acc);
    ws->tab = malloc(cap * sizeof *ws->tab);
    ws->tab_bx = malloc(cap * sizeof *ws->tab_bx);
    ws->dig = malloc(cap * sizeof *ws->dig);
    ws->len = malloc(cap * sizeof *ws->len);
    ws->pend = malloc(cap * sizeof *ws->pend);
    ws->den = malloc(cap * sizeof *ws->den);
    ws->inv = malloc(cap * sizeof *ws->inv);
    ws->idx = malloc(cap * sizeof *ws->idx);
    ws->act = malloc(cap * sizeof *ws->act);
    if (!ws->acc || !ws->tab || !ws->tab_bx || !ws->dig || !ws->len || !ws->pend || !ws->den || !ws->inv ||
        !ws->idx || !ws->act) {
        zki_g1_batch_ws_free(ws);
        return ZKI_ERR_NOMEM;
    }
    return ZKI_OK;
}

/* ---------------------------------------------------------------- lockstep steps */

/* *a = *a + *b for the exceptional cases of the affine formula (infinity, equal x). */
static void slow_add(zki_g1_aff *a, const zki_g1_aff *b) {
    zki_g1 j;
    zki_g1_from_aff(&j, a);
    zki_g1_add_aff(&j, &j, b);
    zki_g1_to_aff(a, &j);
}

/* base[sel[t]·stride] += add[t] for t < m; the targets are distinct. sel and add are
 * compacted in place (clobbered). */
static void batch_add(zki_g1_aff *base, size_t stride, uint32_t *sel, zki_g1_aff *add, size_t m,
                      zki_g1_batch_ws *ws) {
    size_t w = 0;
    for (size_t t = 0; t < m; t++) {
        zki_g1_aff *a = &base[sel[t] * stride];
        if (zki_g1_aff_is_inf(&add[t])) continue;
        if (zki_g1_aff_is_inf(a)) {
            *a = add[t];
            continue;
        }
        zki_fq_sub(&ws->den[w], &add[t].x, &a->x);
        if (zki_fq_is_zero(&ws->den[w])) {
            slow_add(a, &add[t]);
            continue;
        }
        sel[w] = sel[t];
        add[w] = add[t];
        w++;
    }
    if (w == 0) return;
    zki_fq_batch_inv(ws->inv, ws->den, w);
    for (size_t t = 0; t < w; t++) {
        zki_g1_aff *a = &base[sel[t] * stride];
        const zki_g1_aff *p = &add[t];
        zki_fq l, x3;
        zki_fq_sub(&l, &p->y, &a->y);
        zki_fq_mul(&l, &l, &ws->inv[t]);
        zki_fq_sqr(&x3, &l);
        zki_fq_sub(&x3, &x3, &a->x);
        zki_fq_sub(&x3, &x3, &p->x);
        zki_fq_sub(&a->x, &a->x, &x3);
        zki_fq_mul(&a->x, &a->x, &l);
        zki_fq_sub(&a->y, &a->x, &a->y);
        a->x = x3;
    }
}

/* pts[sel[t]] = 2·pts[sel[t]] for t < m. sel is compacted in place (clobbered). */
static void batch_dbl(zki_g1_aff *pts, uint32_t *sel, size_t m, zki_g1_batch_ws *ws) {
    size_t w = 0;
    for (size_t t = 0; t < m; t++) {
        zki_g1_aff *a = &pts[sel[t]];
        if (zki_g1_aff_is_inf(a)) continue;
        if (zki_fq_is_zero(&a->y)) { /* a point of order 2: none on G1, but stay complete */
            memset(a, 0, sizeof *a);
            continue;
        }
        zki_fq_dbl(&ws->den[w], &a->y);
        sel[w++] = sel[t];
    }
    if (w == 0) return;
    zki_fq_batch_inv(ws->inv, ws->den, w);
    for (size_t t = 0; t < w; t++) {
        zki_g1_aff *a = &pts[sel[t]];
        zki_fq l, x3, t3;
        zki_fq_sqr(&l, &a->x);
        zki_fq_dbl(&t3, &l);
        zki_fq_add(&l, &l, &t3);
        zki_fq_mul(&l, &l, &ws->inv[t]);
        zki_fq_sqr(&x3, &l);
        zki_fq_sub(&x3, &x3, &a->x);
        zki_fq_sub(&x3, &x3, &a->x);
        zki_fq_sub(&a->x, &a->x, &x3);
        zki_fq_mul(&a->x, &a->x, &l);
        zki_fq_sub(&a->y, &a->x, &a->y);
        a->x = x3;
    }
}

void zki_g1s_mul_glv(zki_g1_aff *out, const zki_g1_aff *p, const zki_glv_scalar *const *k, size_t n,
                     zki_g1_batch_ws *ws) {
    size_t m = 0;
    unsigned maxlen = 0;
    /* classify; every result lands in acc first, so out may alias p */
    for (size_t e = 0; e < n; e++) {
        if (!k[e]) {
            ws->acc[e] = p[e];
            continue;
        }
        memset(&ws->acc[e], 0, sizeof ws->acc[e]);
        if (zki_g1_aff_is_inf(&p[e])) continue;
        unsigned l0 = wnaf5(ws->dig[e][0], k[e]->mag[0], k[e]->neg[0]);
        unsigned l1 = wnaf5(ws->dig[e][1], k[e]->mag[1], k[e]->neg[1]);
        ws->len[e] = (uint8_t)(l0 > l1 ? l0 : l1);
        if (ws->len[e] == 0) continue; /* k ≡ 0 */
        if (ws->len[e] > maxlen) maxlen = ws->len[e];
        ws->tab[e][0] = p[e];
        ws->acc[e] = p[e];
        ws->act[m++] = (uint32_t)e;
    }
    if (m == 0) goto done;

    /* tables: D = 2P in acc, then T[i] = T[i−1] + D */
    memcpy(ws->idx, ws->act, m * sizeof *ws->idx);
    batch_dbl(ws->acc, ws->idx, m, ws);
    for (unsigned i = 1; i < ZKI_GLV_TABLE; i++) {
        for (size_t t = 0; t < m; t++) {
            uint32_t e = ws->act[t];
            ws->tab[e][i] = ws->tab[e][i - 1];
            ws->idx[t] = e;
            ws->pend[t] = ws->acc[e];
        }
        batch_add(&ws->tab[0][i], ZKI_GLV_TABLE, ws->idx, ws->pend, m, ws);
    }
    zki_fq beta;
    (void)zki_fq_from_limbs(&beta, GLV_BETA);
    for (size_t t = 0; t < m; t++) {
        uint32_t e = ws->act[t];
        memset(&ws->acc[e], 0, sizeof ws->acc[e]);
        for (unsigned i = 0; i < ZKI_GLV_TABLE; i++) zki_fq_mul(&ws->tab_bx[e][i], &ws->tab[e][i].x, &beta);
    }

    /* acc = 2·acc + d1·T[|d1|] + d2·φ(T[|d2|]), most significant position first */
    for (unsigned pos = maxlen; pos-- > 0;) {
        memcpy(ws->idx, ws->act, m * sizeof *ws->idx);
        batch_dbl(ws->acc, ws->idx, m, ws);
        for (int half = 0; half < 2; half++) {
            size_t c = 0;
            for (size_t t = 0; t < m; t++) {
                uint32_t e = ws->act[t];
                int d = ws->dig[e][half][pos];
                if (!d) continue;
                unsigned j = (unsigned)(d < 0 ? -d : d) >> 1;
                const zki_g1_aff *T = &ws->tab[e][j];
                ws->pend[c].x = half ? ws->tab_bx[e][j] : T->x;
                if (d < 0) zki_fq_neg(&ws->pend[c].y, &T->y);
                else ws->pend[c].y = T->y;
                ws->idx[c++] = e;
            }
            batch_add(ws->acc, 1, ws->idx, ws->pend, c, ws);
        }
    }
done:
    memcpy(out, ws->acc, n * sizeof *out);
}

void zki_g1s_add_sub(zki_g1_aff *sum, zki_g1_aff *dif, const zki_g1_aff *a, const zki_g1_aff *b, size_t n,
                     zki_g1_batch_ws *ws) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        int exceptional = zki_g1_aff_is_inf(&a[i]) || zki_g1_aff_is_inf(&b[i]);
        if (!exceptional) {
            zki_fq_sub(&ws->den[w], &b[i].x, &a[i].x);
            exceptional = zki_fq_is_zero(&ws->den[w]);
        }
        if (!exceptional) {
            ws->idx[w++] = (uint32_t)i;
            continue;
        }
        zki_g1_aff ai = a[i], bi = b[i], nb;
        zki_g1_aff_neg(&nb, &bi);
        sum[i] = ai;
        slow_add(&sum[i], &bi);
        dif[i] = ai;
        slow_add(&dif[i], &nb);
    }
    if (w == 0) return;
    zki_fq_batch_inv(ws->inv, ws->den, w);
    for (size_t t = 0; t < w; t++) {
        size_t i = ws->idx[t];
        zki_g1_aff ai = a[i], bi = b[i];
        zki_fq xs, l, u, ny;
        zki_fq_add(&xs, &ai.x, &bi.x);
        /* a + b: λ = (yb − ya)/(xb − xa) */
        zki_fq_sub(&l, &bi.y, &ai.y);
        zki_fq_mul(&l, &l, &ws->inv[t]);
        zki_fq_sqr(&sum[i].x, &l);
        zki_fq_sub(&sum[i].x, &sum[i].x, &xs);
        zki_fq_sub(&u, &ai.x, &sum[i].x);
        zki_fq_mul(&u, &u, &l);
        zki_fq_sub(&sum[i].y, &u, &ai.y);
        /* a − b: λ = (−yb − ya)/(xb − xa) */
        zki_fq_add(&ny, &bi.y, &ai.y);
        zki_fq_neg(&ny, &ny);
        zki_fq_mul(&l, &ny, &ws->inv[t]);
        zki_fq_sqr(&dif[i].x, &l);
        zki_fq_sub(&dif[i].x, &dif[i].x, &xs);
        zki_fq_sub(&u, &ai.x, &dif[i].x);
        zki_fq_mul(&u, &u, &l);
        zki_fq_sub(&dif[i].y, &u, &ai.y);
    }
}
