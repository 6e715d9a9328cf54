/* The full verifier (see prove.h and docs/PROTOCOL.md, "Proof system").
 *
 * Order: parse and validate every word of the proof and the public inputs before the
 * transcript starts; replay the transcript; compute the Lagrange selectors and the
 * instance values at ζ; derive the quotient's value T(ζ) = C(ζ)/Z_H(ζ) from the combined
 * constraint; then one two-pairing check for all openings, which opens
 * Σ_i ζ^(n·i)·T'_i at ζ to that value (GWC, §4.5), or SHPLONK's check of every opened
 * polynomial, [T] included, with [W] and [W'] (§4.7, zki_shplonk_check). */
#include <stdlib.h>
#include <string.h>

#include "msm.h"
#include "pairing.h"
#include "prove.h"
#include "shplonk.h"
#include "transcript.h"


static void rotate(zki_fr *out, const zki_fr *z, int32_t rot, const zki_fr *omega, const zki_fr *omega_inv) {
    zki_fr w;
    uint64_t e[4] = {(uint64_t)(rot < 0 ? -(int64_t)rot : rot), 0, 0, 0};
    zki_fr_pow(&w, rot < 0 ? omega_inv : omega, e);
    zki_fr_mul(out, z, &w);
}

zki_status zki_verify(const zki_vk *vk, const zki_fr *pub, size_t n_public, const uint8_t *proof,
                      size_t proof_len) {
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    size_t n = cs->n, u = L->usable;
    if (n_public != L->n_public || proof_len != zki_plonk_proof_size(L, cs)) return ZKI_ERR_SIZE;
    if (n_public && !pub) return ZKI_ERR_ARG;

    size_t n_adv = cs->n_advice, n_lk = cs->n_lookups;
    /* SHPLONK (§4.7): one commitment per witness pack, one quotient commitment [T] and
     * two witnesses [W], [W'] */
    size_t n_tc = L->shplonk ? 1 : L->n_t, n_w = L->shplonk ? 2 : L->n_points;
    size_t n_wit = L->shplonk ? L->n_wpacks : n_adv + 2 * n_lk + L->n_z, n_comm = n_wit + n_tc;
    zki_g1_aff *comm = malloc((n_comm + n_w + 1) * sizeof(zki_g1_aff));
    zki_fr *evals = malloc((L->n_queries + 1) * sizeof(zki_fr));
    zki_fr *scratch = malloc((cs->n_nodes + 1) * sizeof(zki_fr));
    zki_fr *dpow = malloc((cs->n_perm_cols + 1) * sizeof(zki_fr));
    size_t n_lag = 2 + (n - u - 1) + L->n_public;
    zki_fr *lag_den = malloc((n_lag + 1) * sizeof(zki_fr)), *lag_inv = malloc((n_lag + 1) * sizeof(zki_fr));
    size_t n_msm = n_comm + cs->n_fixed + cs->n_perm_cols + n_w + 1;
    zki_g1_aff *mp = malloc(n_msm * sizeof(zki_g1_aff));
    zki_fr *ms = malloc(n_msm * sizeof(zki_fr));
    zki_status st = ZKI_ERR_NOMEM;
    if (!comm || !evals || !scratch || !dpow || !lag_den || !lag_inv || !mp || !ms) goto out;

    /* 1. parse: every point on the curve, every scalar canonical */
    const uint8_t *p = proof;
    zki_g1_aff *W = comm + n_comm;
    for (size_t k = 0; k < n_comm; k++, p += 64)
        if ((st = zki_g1_aff_from_bytes(&comm[k], p)) != ZKI_OK) goto out;
    for (size_t q = 0; q < L->n_queries; q++, p += 32)
        if ((st = zki_fr_from_bytes(&evals[q], p)) != ZKI_OK) goto out;
    for (size_t k = 0; k < n_w; k++, p += 64)
        if ((st = zki_g1_aff_from_bytes(&W[k], p)) != ZKI_OK) goto out;
    const zki_g1_aff *C_t = comm + n_wit;
    /* the commitments of the three transcript steps: early advice; late advice and m
     * (after the circuit's challenges, absorbed with step 1 without late columns); z, φ.
     * SHPLONK: the witness packs of S1, S2, S3 (§4.7). */
    size_t end1 = n_adv - cs->n_advice_late, end2 = n_adv + n_lk;
    if (L->shplonk) {
        end1 = L->wpack_seq_end[0];
        end2 = L->wpack_seq_end[1];
    }

    /* 2. transcript */
    zki_transcript tr;
    zki_plonk_challenges ch;
    zki_fr zeta, v, uu;
    const char *label = zki_plonk_label(L);
    if ((st = zki_transcript_init(&tr, (const uint8_t *)label, strlen(label))) != ZKI_OK) goto out;
    zki_transcript_absorb_word(&tr, vk->digest);
    for (size_t i = 0; i < n_public; i++) zki_transcript_absorb_fr(&tr, &pub[i]);
    /* early advice, the circuit's challenges (only with late columns), late advice, m */
    for (size_t k = 0; k < end1; k++) zki_transcript_absorb_g1(&tr, &comm[k]);
    for (uint32_t i = 0; i < cs->n_challenges && cs->n_advice_late; i++) zki_transcript_squeeze_fr(&tr, &ch.c[i]);
    for (size_t k = end1; k < end2; k++) zki_transcript_absorb_g1(&tr, &comm[k]);
    zki_transcript_squeeze_fr(&tr, &ch.theta);
    zki_transcript_squeeze_fr(&tr, &ch.beta);
    zki_transcript_squeeze_fr(&tr, &ch.gamma);
    zki_transcript_squeeze_fr(&tr, &ch.lambda);
    for (size_t k = end2; k < n_wit; k++) zki_transcript_absorb_g1(&tr, &comm[k]);
    zki_transcript_squeeze_fr(&tr, &ch.y);
    for (size_t k = 0; k < n_tc; k++) zki_transcript_absorb_g1(&tr, &C_t[k]);
    zki_transcript_squeeze_fr(&tr, &zeta);
    for (size_t q = 0; q < L->n_queries; q++) zki_transcript_absorb_fr(&tr, &evals[q]);
    zki_transcript_squeeze_fr(&tr, &v);
    /* GWC: every W_p, then u; SHPLONK: [W], then x ([W'] is not absorbed) */
    for (size_t k = 0; k < (L->shplonk ? 1 : n_w); k++) zki_transcript_absorb_g1(&tr, &W[k]);
    zki_transcript_squeeze_fr(&tr, &uu);

    /* 3. Lagrange values L_i(ζ) = ω^i (ζ^n - 1) / (n (ζ - ω^i)) for i = 0, u, u+1..n-1 and
     * the public rows; rows listed: [0, u, u+1 .. n-1, public rows of each column] */
    zki_fr omega, omega_inv, zn, zh, one, nfr;
    zki_fr_root_of_unity(&omega, cs->log_n);
    zki_fr_inv(&omega_inv, &omega);
    zki_fr_set_one(&one);
    uint64_t en[4] = {n, 0, 0, 0};
    zki_fr_pow(&zn, &zeta, en);
    zki_fr_sub(&zh, &zn, &one);
    zki_fr_set_u64(&nfr, n);
    /* rows whose Lagrange value is needed: 0..P-1 (P = max(1, public rows per column)),
     * then u..n-1; lag_inv[k] ends up as L_row(k)(ζ) */
    size_t pub_rows = 1;
    for (uint32_t j = 0; j < cs->n_instance; j++)
        if (L->public_per_col[j] > pub_rows) pub_rows = L->public_per_col[j];
    n_lag = pub_rows + (n - u);
    {
        zki_fr w;
        zki_fr_set_one(&w);
        for (size_t k = 0; k < n_lag; k++) {
            if (k == pub_rows) {
                uint64_t eu[4] = {u, 0, 0, 0};
                zki_fr_pow(&w, &omega, eu);
            }
            zki_fr_sub(&lag_den[k], &zeta, &w);
            zki_fr_mul(&lag_den[k], &lag_den[k], &nfr);
            lag_inv[k] = w; /* numerator ω^i, kept until the inversion */
            zki_fr_mul(&w, &w, &omega);
        }
    }
    /* lag_den[k] = n(ζ - ω^i) ≠ 0 unless ζ ∈ H (probability n/r); treat as reject */
    for (size_t k = 0; k < n_lag; k++)
        if (zki_fr_is_zero(&lag_den[k])) {
            st = ZKI_REJECT;
            goto out;
        }
    {
        zki_fr *num = malloc(n_lag * sizeof(zki_fr));
        if (!num) goto out;
        memcpy(num, lag_inv, n_lag * sizeof(zki_fr));
        zki_fr_batch_inv(lag_inv, lag_den, n_lag);
        for (size_t k = 0; k < n_lag; k++) {
            zki_fr_mul(&lag_inv[k], &lag_inv[k], &num[k]);
            zki_fr_mul(&lag_inv[k], &lag_inv[k], &zh);
        }
        free(num);
    }
    const zki_fr *lag_u = &lag_inv[pub_rows];
    zki_fr l0 = lag_inv[0], llast = lag_u[0], lblind;
    zki_fr_set_zero(&lblind);
    for (size_t i = 1; i < n - u; i++) zki_fr_add(&lblind, &lblind, &lag_u[i]);
    zki_fr inst[64];
    {
        size_t pi = 0;
        for (uint32_t j = 0; j < cs->n_instance; j++) {
            zki_fr_set_zero(&inst[j]);
            for (uint32_t r = 0; r < L->public_per_col[j]; r++, pi++) {
                zki_fr t;
                zki_fr_mul(&t, &pub[pi], &lag_inv[r]);
                zki_fr_add(&inst[j], &inst[j], &t);
            }
        }
    }

    /* 4. the quotient's value at ζ, derived: T(ζ) = C(ζ)/Z_H(ζ). Z_H(ζ) = 0 (ζ ∈ H,
     * probability n/r) rejects, as a zero Lagrange denominator does. */
    zki_fr delta, lhs, tz, zh_inv;
    zki_plonk_delta(&delta);
    zki_fr_set_one(&dpow[0]);
    for (uint32_t k = 1; k < cs->n_perm_cols; k++) zki_fr_mul(&dpow[k], &dpow[k - 1], &delta);
    zki_plonk_claimed ec = {L, evals, inst, ch.c};
    zki_plonk_eval_constraints(cs, L, &ch, dpow, &zeta, &l0, &llast, &lblind, zki_plonk_claimed_get, &ec, scratch,
                               &lhs);
    if (zki_fr_is_zero(&zh)) {
        st = ZKI_REJECT;
        goto out;
    }
    zki_fr_inv(&zh_inv, &zh);
    zki_fr_mul(&tz, &lhs, &zh_inv);
    if (L->shplonk) {
        st = zki_shplonk_check(vk, comm, evals, &tz, &zeta, &v, &uu, W);
        goto out;
    }

    /* 5. openings: e(Σ_p u^p (F_p - y_p·G + z_p·W_p), [1]) · e(-Σ_p u^p W_p, [τ]) = 1,
     * where ζ's F_p ends with v^t_vpow·Σ_i ζ^(n·i)·T'_i, claimed to be T(ζ) = tz: the
     * pairing then proves C(ζ) = T(ζ)·Z_H(ζ) (docs/PROTOCOL.md §4.5) */
    {
        size_t k = 0;
        zki_fr up, ysum;
        zki_fr_set_one(&up);
        zki_fr_set_zero(&ysum);
        /* one scalar per commitment, accumulated over the points it is opened at */
        size_t base_fixed = n_comm, base_sigma = n_comm + cs->n_fixed;
        for (size_t i = 0; i < n_comm; i++) mp[i] = comm[i];
        for (size_t i = 0; i < cs->n_fixed; i++) mp[base_fixed + i] = vk->fixed_comm[i];
        for (size_t i = 0; i < cs->n_perm_cols; i++) mp[base_sigma + i] = vk->sigma_comm[i];
        size_t n_base = base_sigma + cs->n_perm_cols;
        for (size_t i = 0; i < n_msm; i++) zki_fr_set_zero(&ms[i]);
        zki_g1 right, acc_w;
        zki_g1_set_inf(&right);
        for (uint32_t pt = 0; pt < L->n_points; pt++) {
            zki_fr vp, t, zp;
            zki_fr_set_one(&vp);
            zki_fr y;
            zki_fr_set_zero(&y);
            for (uint32_t q = 0; q < L->n_queries; q++) {
                const zki_query *Q = &L->queries[q];
                if (Q->rot != L->points[pt]) continue;
                size_t slot;
                switch (Q->kind) {
                case ZKI_P_ADVICE: slot = Q->index; break;
                case ZKI_P_M: slot = n_adv + Q->index; break;
                case ZKI_P_Z: slot = n_adv + n_lk + Q->index; break;
                case ZKI_P_PHI: slot = n_adv + n_lk + L->n_z + Q->index; break;
                case ZKI_P_FIXED: slot = base_fixed + Q->index; break;
                default: slot = base_sigma + Q->index; break;
                }
                zki_fr_mul(&t, &up, &vp);
                zki_fr_add(&ms[slot], &ms[slot], &t);
                zki_fr_mul(&t, &vp, &evals[q]);
                zki_fr_add(&y, &y, &t);
                zki_fr_mul(&vp, &vp, &v);
            }
            if (L->points[pt] == 0) {
                /* the combined quotient: chunk i gets u^p·v^t_vpow·ζ^(n·i); its value tz */
                size_t slot_t = n_adv + 2 * n_lk + L->n_z;
                zki_fr w;
                zki_fr_mul(&w, &up, &vp);
                for (uint32_t i = 0; i < L->n_t; i++) {
                    zki_fr_add(&ms[slot_t + i], &ms[slot_t + i], &w);
                    zki_fr_mul(&w, &w, &zn);
                }
                zki_fr_mul(&t, &vp, &tz);
                zki_fr_add(&y, &y, &t);
            }
            /* - u^p y_p on G, + u^p z_p on W_p */
            zki_fr_mul(&t, &up, &y);
            zki_fr_add(&ysum, &ysum, &t);
            rotate(&zp, &zeta, L->points[pt], &omega, &omega_inv);
            mp[n_base + pt] = W[pt];
            zki_fr_mul(&ms[n_base + pt], &up, &zp);
            zki_g1 wj, tmpg;
            zki_g1_from_aff(&wj, &W[pt]);
            zki_g1_mul(&tmpg, &wj, &up);
            zki_g1_add(&right, &right, &tmpg);
            zki_fr_mul(&up, &up, &uu);
            k++;
        }
        mp[n_base + L->n_points] = vk->g1;
        zki_fr_neg(&ms[n_base + L->n_points], &ysum);
        zki_g1 left;
        if ((st = zki_g1s_msm(&left, mp, ms, n_base + L->n_points + 1, 1)) != ZKI_OK) goto out;
        zki_g1_neg(&acc_w, &right);
        zki_g1_aff pa[2];
        zki_g2_aff qa[2] = {vk->g2[0], vk->g2[1]};
        zki_g1_to_aff(&pa[0], &left);
        zki_g1_to_aff(&pa[1], &acc_w);
        st = zki_pairing_check(pa, qa, 2) ? ZKI_OK : ZKI_REJECT;
    }
out:
    free(comm);
    free(evals);
    free(scratch);
    free(dpow);
    free(lag_den);
    free(lag_inv);
    free(mp);
    free(ms);
    return st;
}

zki_status zki_verify_bytes(const zki_vk *vk, const uint8_t *public_inputs, size_t n_public,
                            const uint8_t *proof, size_t proof_len) {
    if (n_public != vk->L.n_public) return ZKI_ERR_SIZE;
    zki_fr *pub = malloc((n_public + 1) * sizeof(zki_fr));
    if (!pub) return ZKI_ERR_NOMEM;
    zki_status st = ZKI_OK;
    for (size_t i = 0; i < n_public && st == ZKI_OK; i++) st = zki_fr_from_bytes(&pub[i], public_inputs + 32 * i);
    if (st == ZKI_OK) st = zki_verify(vk, pub, n_public, proof, proof_len);
    free(pub);
    return st;
}
