/* SHPLONK (v3): pack coefficients, sparse division, and the full verifier's opening
 * check (see shplonk.h and docs/PROTOCOL.md §4.7). */
#include "shplonk.h"

#include <stdlib.h>
#include <string.h>

#include "msm.h"
#include "pairing.h"

void zki_shplonk_pack_coeffs(zki_fr *out, const zki_fr *const *members, uint32_t t, size_t n) {
    for (uint32_t m = 0; m < t; m++)
        for (size_t k = 0; k < n; k++) out[(size_t)t * k + m] = members[m][k];
}

void zki_shplonk_div(zki_fr *c, size_t len, uint32_t t, const zki_fr *a) {
    /* c = q·(X^t − a) + r: from the top, q_j = c_{j+t} + a·q_{j+t}, and r_j = c_j + a·q_j
     * for j < t. Quotient coefficient j is kept at index j + t, so every step reads the
     * input coefficient at its own index and the quotient t places above it. */
    if (len <= t) return;
    zki_fr s;
    for (size_t i = len - t; i-- > 0;) {
        zki_fr_mul(&s, a, &c[i + t]);
        zki_fr_add(&c[i], &c[i], &s);
    }
}

void zki_shplonk_point(zki_fr *out, const zki_fr *z, int32_t rot, const zki_fr *omega, const zki_fr *omega_inv) {
    zki_fr w;
    uint64_t e[4] = {(uint64_t)(rot < 0 ? -(int64_t)rot : rot), 0, 0, 0};
    zki_fr_pow(&w, rot < 0 ? omega_inv : omega, e);
    zki_fr_mul(out, z, &w);
}

void zki_shplonk_vanishing(zki_fr *out, const zki_fr *xt, const int32_t *rots, uint32_t nr, const zki_fr *zeta,
                           const zki_fr *omega, const zki_fr *omega_inv) {
    zki_fr acc, a, d;
    zki_fr_set_one(&acc);
    for (uint32_t k = 0; k < nr; k++) {
        zki_shplonk_point(&a, zeta, rots[k], omega, omega_inv);
        zki_fr_sub(&d, xt, &a);
        zki_fr_mul(&acc, &acc, &d);
    }
    *out = acc;
}

/* The claimed value of member m of opened polynomial o at rotation rot: a query's
 * evaluation, or tz for the quotient. Returns: NULL if the layout has no such query. */
static const zki_fr *claimed(const zki_plonk_layout *L, const zki_plonk_open *o, uint32_t m, int32_t rot,
                             const zki_fr *evals, const zki_fr *tz) {
    if (o->kind == ZKI_P_T) return tz;
    unsigned kind = o->kind;
    uint32_t index = o->index;
    if (o->kind == ZKI_P_PACK || o->kind == ZKI_P_WPACK) {
        kind = L->pack_members[o->member_first + m].kind;
        index = L->pack_members[o->member_first + m].index;
    }
    int q = zki_plonk_query_index(L, kind, index, rot);
    return q < 0 ? NULL : &evals[q];
}

/* r(x) of §4.7 for opened polynomial o: Σ_ρ (Σ_m y_{m,ρ}·x^m)·Π_{ρ'≠ρ} (x^t − a_ρ')/(a_ρ − a_ρ'),
 * a_ρ = ζ·ω^ρ; xpow[m] = x^m for m <= t. Returns: ZKI_OK, ZKI_REJECT (two points of the
 * set coincide), ZKI_ERR_ARG (a value the layout does not claim). */
static zki_status remainder_at(zki_fr *out, const zki_plonk_layout *L, const zki_plonk_open *o, const zki_fr *xpow,
                               const zki_fr *evals, const zki_fr *tz, const zki_fr *zeta, const zki_fr *omega,
                               const zki_fr *omega_inv) {
    const int32_t *R = &L->open_rots[o->rot_first];
    zki_fr r, a_k, a_j, num, den, d, y, t;
    zki_fr_set_zero(&r);
    for (uint32_t k = 0; k < o->n_rot; k++) {
        zki_fr_set_zero(&y);
        for (uint32_t m = o->t; m-- > 0;) {
            const zki_fr *ym = claimed(L, o, m, R[k], evals, tz);
            if (!ym) return ZKI_ERR_ARG;
            zki_fr_mul(&t, ym, &xpow[m]);
            zki_fr_add(&y, &y, &t);
        }
        zki_shplonk_point(&a_k, zeta, R[k], omega, omega_inv);
        zki_fr_set_one(&num);
        zki_fr_set_one(&den);
        for (uint32_t j = 0; j < o->n_rot; j++) {
            if (j == k) continue;
            zki_shplonk_point(&a_j, zeta, R[j], omega, omega_inv);
            zki_fr_sub(&d, &xpow[o->t], &a_j);
            zki_fr_mul(&num, &num, &d);
            zki_fr_sub(&d, &a_k, &a_j);
            zki_fr_mul(&den, &den, &d);
        }
        if (zki_fr_is_zero(&den)) return ZKI_REJECT;
        zki_fr_inv(&den, &den);
        zki_fr_mul(&num, &num, &den);
        zki_fr_mul(&t, &y, &num);
        zki_fr_add(&r, &r, &t);
    }
    *out = r;
    return ZKI_OK;
}

zki_status zki_shplonk_check(const zki_vk *vk, const zki_g1_aff *comm, const zki_fr *evals, const zki_fr *tz,
                             const zki_fr *zeta, const zki_fr *v, const zki_fr *x, const zki_g1_aff W[2]) {
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    size_t K = L->n_opens;
    uint32_t tmax = L->pack_max_t > 1 ? L->pack_max_t : 1;
    zki_g1_aff *mp = malloc((K + 3) * sizeof *mp);
    zki_fr *ms = malloc((K + 3) * sizeof *ms), *zx = malloc((K + 1) * sizeof *zx);
    zki_fr *zinv = malloc((K + 1) * sizeof *zinv), *xpow = malloc(((size_t)tmax + 1) * sizeof *xpow);
    zki_status st = ZKI_ERR_NOMEM;
    if (!mp || !ms || !zx || !zinv || !xpow) goto out;
    zki_fr omega, omega_inv;
    zki_fr_root_of_unity(&omega, cs->log_n);
    zki_fr_inv(&omega_inv, &omega);
    zki_fr_set_one(&xpow[0]);
    for (uint32_t m = 1; m <= tmax; m++) zki_fr_mul(&xpow[m], &xpow[m - 1], x);
    /* Z_i(x) for every opened polynomial, one batch inversion; a zero rejects */
    st = ZKI_REJECT;
    for (size_t i = 0; i < K; i++) {
        const zki_plonk_open *o = &L->opens[i];
        zki_shplonk_vanishing(&zx[i], &xpow[o->t], &L->open_rots[o->rot_first], o->n_rot, zeta, &omega, &omega_inv);
        if (zki_fr_is_zero(&zx[i])) goto out;
    }
    zki_fr_batch_inv(zinv, zx, K);
    zki_fr vi, rsum, t, r;
    zki_fr_set_one(&vi);
    zki_fr_set_zero(&rsum);
    for (size_t i = 0; i < K; i++) {
        const zki_plonk_open *o = &L->opens[i];
        switch (o->kind) {
        case ZKI_P_WPACK: mp[i] = comm[o->index]; break;
        case ZKI_P_PACK: mp[i] = vk->pack_comm[o->index]; break;
        default: mp[i] = comm[L->n_wpacks]; break; /* [T] */
        }
        zki_fr_mul(&ms[i], &vi, &zinv[i]); /* s_i */
        if ((st = remainder_at(&r, L, o, xpow, evals, tz, zeta, &omega, &omega_inv)) != ZKI_OK) goto out;
        zki_fr_mul(&t, &ms[i], &r);
        zki_fr_add(&rsum, &rsum, &t);
        zki_fr_mul(&vi, &vi, v);
    }
    mp[K] = vk->g1;
    zki_fr_neg(&ms[K], &rsum);
    mp[K + 1] = W[0];
    zki_fr_set_one(&t);
    zki_fr_neg(&ms[K + 1], &t);
    mp[K + 2] = W[1];
    ms[K + 2] = *x;
    zki_g1 left, w2;
    if ((st = zki_g1s_msm(&left, mp, ms, K + 3, 1)) != ZKI_OK) goto out;
    zki_g1_from_aff(&w2, &W[1]);
    zki_g1_neg(&w2, &w2);
    zki_g1_aff pa[2];
    zki_g2_aff qa[2] = {vk->g2[0], vk->g2[1]};
    zki_g1_to_aff(&pa[0], &left);
    zki_g1_to_aff(&pa[1], &w2);
    st = zki_pairing_check(pa, qa, 2) ? ZKI_OK : ZKI_REJECT;
out:
    free(mp);
    free(ms);
    free(zx);
    free(zinv);
    free(xpow);
    return st;
}
