/* KZG commit / open / verify and GWC19 batched verification (see kzg.h). */
#include "kzg.h"

#include <stdlib.h>
#include <string.h>

#include "msm.h"
#include "pairing.h"

void zki_kzg_vk_from_srs(zki_kzg_vk *vk, const zki_srs *srs) {
    vk->g2[0] = srs->g2[0];
    vk->g2[1] = srs->g2[1];
}

static void g1_set_inf_aff(zki_g1_aff *r) {
    zki_fq_set_zero(&r->x);
    zki_fq_set_zero(&r->y);
}

zki_status zki_kzg_commit(zki_g1_aff *C, const zki_srs *srs, const zki_fr *coeffs, size_t n,
                          unsigned n_threads) {
    if (!C || !srs || (n && (!coeffs || !srs->g1))) return ZKI_ERR_ARG;
    if (n > srs->n_g1) return ZKI_ERR_SIZE;
    if (n == 0) { g1_set_inf_aff(C); return ZKI_OK; }
    zki_g1 r;
    zki_status st = zki_g1s_msm(&r, srs->g1, coeffs, n, n_threads);
    if (st != ZKI_OK) return st;
    zki_g1_to_aff(C, &r);
    return ZKI_OK;
}

/* Ruffini's rule from the top: q_{n−2} = a_{n−1}, q_{i−1} = a_i + z·q_i, y = a_0 + z·q_0. */
void zki_kzg_divide(zki_fr *q, zki_fr *y, const zki_fr *coeffs, size_t n, const zki_fr *z) {
    if (n == 0) { zki_fr_set_zero(y); return; }
    zki_fr acc = coeffs[n - 1];
    for (size_t i = n - 1; i > 0; i--) {
        q[i - 1] = acc;
        zki_fr_mul(&acc, &acc, z);
        zki_fr_add(&acc, &acc, &coeffs[i - 1]);
    }
    *y = acc;
}

zki_status zki_kzg_open(zki_fr *y, zki_g1_aff *W, const zki_srs *srs, const zki_fr *coeffs, size_t n,
                        const zki_fr *z, unsigned n_threads) {
    if (!y || !W || !srs || !z || (n && !coeffs)) return ZKI_ERR_ARG;
    if (n > srs->n_g1) return ZKI_ERR_SIZE;
    if (n <= 1) {
        if (n) *y = coeffs[0]; else zki_fr_set_zero(y);
        g1_set_inf_aff(W);
        return ZKI_OK;
    }
    zki_fr *q = malloc((n - 1) * sizeof *q);
    if (!q) return ZKI_ERR_NOMEM;
    zki_kzg_divide(q, y, coeffs, n, z);
    zki_status st = zki_kzg_commit(W, srs, q, n - 1, n_threads);
    free(q);
    return st;
}

/* Returns: 1 iff e(lhs, [1]₂) · e(−rhs, [τ]₂) = 1. */
static int pair_check(const zki_kzg_vk *vk, const zki_g1 *lhs, const zki_g1 *rhs) {
    zki_g1 nr;
    zki_g1_neg(&nr, rhs);
    zki_g1 j[2] = {*lhs, nr};
    zki_g1_aff ps[2];
    zki_g1s_to_aff(ps, j, 2);
    return zki_pairing_check(ps, vk->g2, 2);
}

zki_status zki_kzg_verify(const zki_kzg_vk *vk, const zki_g1_aff *C, const zki_fr *z, const zki_fr *y,
                          const zki_g1_aff *W) {
    if (!vk || !C || !z || !y || !W) return ZKI_ERR_ARG;
    zki_g1_aff g;
    zki_g1_generator(&g);
    zki_g1 gj, wj, t, lhs;
    zki_fr ny;
    zki_fr_neg(&ny, y);
    zki_g1_from_aff(&gj, &g);
    zki_g1_mul(&t, &gj, &ny);
    zki_g1_from_aff(&lhs, C);
    zki_g1_add(&lhs, &lhs, &t);
    zki_g1_from_aff(&wj, W);
    zki_g1_mul(&t, &wj, z);
    zki_g1_add(&lhs, &lhs, &t);
    return pair_check(vk, &lhs, &wj) ? ZKI_OK : ZKI_REJECT;
}

zki_status zki_kzg_open_multi(zki_fr *ys, zki_g1_aff *W, const zki_srs *srs, const zki_fr *const *polys,
                              const size_t *lens, size_t n_polys, const zki_fr *z, const zki_fr *gamma,
                              unsigned n_threads) {
    if (!ys || !W || !srs || !polys || !lens || !n_polys || !z || !gamma) return ZKI_ERR_ARG;
    size_t n = 0;
    for (size_t k = 0; k < n_polys; k++) {
        if (lens[k] && !polys[k]) return ZKI_ERR_ARG;
        if (lens[k] > srs->n_g1) return ZKI_ERR_SIZE;
        if (lens[k] > n) n = lens[k];
    }
    zki_fr *f = calloc(n ? n : 1, sizeof *f);
    if (!f) return ZKI_ERR_NOMEM;
    zki_fr gk, t, y_f;
    zki_fr_set_one(&gk);
    for (size_t k = 0; k < n_polys; k++) {
        for (size_t i = 0; i < lens[k]; i++) {
            zki_fr_mul(&t, &polys[k][i], &gk);
            zki_fr_add(&f[i], &f[i], &t);
        }
        /* The claim itself, by Horner on p_k. */
        zki_fr acc;
        zki_fr_set_zero(&acc);
        for (size_t i = lens[k]; i > 0; i--) {
            zki_fr_mul(&acc, &acc, z);
            zki_fr_add(&acc, &acc, &polys[k][i - 1]);
        }
        ys[k] = acc;
        zki_fr_mul(&gk, &gk, gamma);
    }
    zki_status st = zki_kzg_open(&y_f, W, srs, f, n, z, n_threads);
    free(f);
    return st;
}

zki_status zki_kzg_batch_verify(const zki_kzg_vk *vk, const zki_kzg_claims *claims, size_t m,
                                const zki_fr *gamma, const zki_fr *u) {
    if (!vk || !claims || !m || !gamma || !u) return ZKI_ERR_ARG;
    size_t total = 0;
    for (size_t j = 0; j < m; j++) {
        if (!claims[j].n || !claims[j].C || !claims[j].y) return ZKI_ERR_ARG;
        total += claims[j].n;
    }
    /* Left: every C_{j,k} with u^j γ^k, every W_j with u^j z_j, and G with −Σ u^j v_j.
     * Right: every W_j with u^j. */
    size_t nl = total + m + 1;
    zki_g1_aff *pts = malloc((nl + m) * sizeof *pts);
    zki_fr *sc = malloc((nl + m) * sizeof *sc);
    if (!pts || !sc) { free(pts); free(sc); return ZKI_ERR_NOMEM; }

    zki_fr uj, gk, s, v, sum_v;
    zki_fr_set_one(&uj);
    zki_fr_set_zero(&sum_v);
    size_t at = 0;
    for (size_t j = 0; j < m; j++) {
        const zki_kzg_claims *c = &claims[j];
        zki_fr_set_zero(&v);
        zki_fr_set_one(&gk);
        for (size_t k = 0; k < c->n; k++) {
            pts[at] = c->C[k];
            zki_fr_mul(&sc[at++], &uj, &gk);
            zki_fr_mul(&s, &gk, &c->y[k]);
            zki_fr_add(&v, &v, &s);
            zki_fr_mul(&gk, &gk, gamma);
        }
        zki_fr_mul(&s, &uj, &v);
        zki_fr_add(&sum_v, &sum_v, &s);
        pts[at] = c->W;
        zki_fr_mul(&sc[at++], &uj, &c->z);
        pts[nl + j] = c->W;
        sc[nl + j] = uj;
        zki_fr_mul(&uj, &uj, u);
    }
    zki_g1_generator(&pts[at]);
    zki_fr_neg(&sc[at++], &sum_v);

    zki_g1 lhs, rhs;
    zki_status st = zki_g1s_msm(&lhs, pts, sc, nl, 1);
    if (st == ZKI_OK) st = zki_g1s_msm(&rhs, pts + nl, sc + nl, m, 1);
    free(pts);
    free(sc);
    if (st != ZKI_OK) return st;
    return pair_check(vk, &lhs, &rhs) ? ZKI_OK : ZKI_REJECT;
}
