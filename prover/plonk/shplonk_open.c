/* The prover's SHPLONK opening (see shplonk.h and docs/PROTOCOL.md §4.7).
 *
 * W: the opened polynomials are grouped by (t, rotation set); each group's v-weighted
 * sum is built once and divided by the group's factors X^t − ζ·ω^ρ in turn (the
 * remainders dropped), and the quotients are added up. W': L = Σ_i s_i·f_i − W built in
 * one pass over all polynomials, then divided by X − x. Sums are split over the threads
 * by coefficient range, each coefficient summed in the same term order by one thread,
 * and the divisions are sequential: the bytes do not depend on the thread count. */
#include <stdlib.h>
#include <string.h>

#include "parallel.h"
#include "shplonk.h"
#include "vec.h"

typedef struct {
    const zki_shplonk_poly *p;
    zki_fr w;
} term;

/* acc[k] += Σ_j w_j·coefficient k of term j, for k in a range. */
typedef struct {
    zki_fr *acc;
    const term *terms;
    size_t n_terms;
} sum_job;

#define CHUNK 256

static void sum_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    sum_job *J = vctx;
    zki_fr tmp[CHUNK];
    (void)thread;
    for (size_t j = 0; j < J->n_terms; j++) {
        const zki_shplonk_poly *p = J->terms[j].p;
        size_t e = end < p->len ? end : p->len;
        for (size_t k = begin; k < e; k += CHUNK) {
            size_t len = e - k < CHUNK ? e - k : CHUNK;
            if (p->t <= 1) {
                zki_vec_mul_s(tmp, &p->c[k], &J->terms[j].w, len);
            } else {
                /* a pack's coefficient k + i is member (k + i) mod t's coefficient (k + i) / t */
                for (size_t i = 0; i < len; i++) tmp[i] = p->members[(k + i) % p->t][(k + i) / p->t];
                zki_vec_mul_s(tmp, tmp, &J->terms[j].w, len);
            }
            zki_fr_vadd(&J->acc[k], &J->acc[k], tmp, len);
        }
    }
}

static void sum_terms(zki_fr *acc, size_t len, const term *terms, size_t n_terms, unsigned n_threads) {
    memset(acc, 0, len * sizeof *acc);
    sum_job J = {acc, terms, n_terms};
    zki_parallel_for(len, n_threads, sum_range, &J);
}

static zki_status commit_absorb(zki_transcript *tr, const zki_pk *pk, const zki_fr *c, size_t len, uint8_t *out,
                                unsigned n_threads) {
    zki_g1_aff a;
    zki_status st = zki_plonk_commit(&a, pk->srs_g1, c, len, n_threads);
    if (st != ZKI_OK) return st;
    zki_g1_aff_to_bytes(out, &a);
    if (tr) zki_transcript_absorb_g1(tr, &a);
    return ZKI_OK;
}

zki_status zki_shplonk_open(const zki_pk *pk, const zki_shplonk_poly *polys, const zki_fr *zeta,
                            zki_transcript *tr, uint8_t out[128], unsigned n_threads) {
    const zki_plonk_layout *L = &pk->vk.L;
    size_t K = L->n_opens, maxlen = 2;
    for (size_t i = 0; i < K; i++)
        if (polys[i].len > maxlen) maxlen = polys[i].len;
    if (maxlen + 1 > zki_plonk_srs_need(L)) return ZKI_ERR_SIZE;
    uint32_t *group = malloc((K + 1) * sizeof *group), n_groups = 0;
    uint32_t *leader = malloc((K + 1) * sizeof *leader); /* the first polynomial of each group */
    term *terms = malloc((K + 1) * sizeof *terms);
    zki_fr *vpow = malloc((K + 1) * sizeof *vpow), *zx = malloc((K + 1) * sizeof *zx);
    zki_fr *W = malloc(maxlen * sizeof *W), *buf = malloc(maxlen * sizeof *buf);
    zki_status st = ZKI_ERR_NOMEM;
    if (!group || !leader || !terms || !vpow || !zx || !W || !buf) goto out;
    for (size_t i = 0; i < K; i++) {
        uint32_t g = 0;
        while (g < n_groups && !zki_plonk_same_open_set(L, &L->opens[leader[g]], &L->opens[i])) g++;
        if (g == n_groups) leader[n_groups++] = (uint32_t)i;
        group[i] = g;
    }
    zki_fr v, x, omega_inv;
    zki_fr_inv(&omega_inv, &pk->dom.omega);
    zki_transcript_squeeze_fr(tr, &v);
    zki_fr_set_one(&vpow[0]);
    for (size_t i = 1; i < K; i++) zki_fr_mul(&vpow[i], &vpow[i - 1], &v);

    /* W = Σ_groups quot(Σ_{i in group} v^i·f_i, Z_group) */
    memset(W, 0, maxlen * sizeof *W);
    size_t wlen = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        size_t nt = 0, len = 0;
        for (size_t i = 0; i < K; i++) {
            if (group[i] != g) continue;
            terms[nt++] = (term){&polys[i], vpow[i]};
            if (polys[i].len > len) len = polys[i].len;
        }
        sum_terms(buf, len, terms, nt, n_threads);
        const zki_plonk_open *o = &L->opens[leader[g]];
        zki_fr *q = buf;
        for (uint32_t k = 0; k < o->n_rot && len > o->t; k++) {
            zki_fr a;
            zki_shplonk_point(&a, zeta, L->open_rots[o->rot_first + k], &pk->dom.omega, &omega_inv);
            zki_shplonk_div(q, len, o->t, &a);
            q += o->t;
            len -= o->t;
        }
        zki_fr_vadd(W, W, q, len);
        if (len > wlen) wlen = len;
    }
    if ((st = commit_absorb(tr, pk, W, wlen ? wlen : 1, out, n_threads)) != ZKI_OK) goto out;
    zki_transcript_squeeze_fr(tr, &x);

    /* s_i = v^i / Z_i(x), one Z per group */
    {
        zki_fr xt;
        for (uint32_t g = 0; g < n_groups; g++) {
            const zki_plonk_open *o = &L->opens[leader[g]];
            uint64_t e[4] = {o->t, 0, 0, 0};
            zki_fr_pow(&xt, &x, e);
            zki_shplonk_vanishing(&zx[g], &xt, &L->open_rots[o->rot_first], o->n_rot, zeta, &pk->dom.omega,
                                  &omega_inv);
            if (zki_fr_is_zero(&zx[g])) {
                st = ZKI_ERR_ARG;
                goto out;
            }
        }
        for (uint32_t g = 0; g < n_groups; g++) zki_fr_inv(&zx[g], &zx[g]);
    }
    for (size_t i = 0; i < K; i++) {
        terms[i].p = &polys[i];
        zki_fr_mul(&terms[i].w, &vpow[i], &zx[group[i]]);
    }
    /* L = Σ_i s_i·f_i − W, then W' = quot(L, X − x) */
    sum_terms(buf, maxlen, terms, K, n_threads);
    zki_fr_vsub(buf, buf, W, wlen);
    zki_shplonk_div(buf, maxlen, 1, &x);
    st = commit_absorb(NULL, pk, buf + 1, maxlen - 1, out + 64, n_threads);
out:
    free(group);
    free(leader);
    free(terms);
    free(vpow);
    free(zx);
    free(W);
    free(buf);
    return st;
}
