/* The PLONKish prover (see prove.h and docs/PROTOCOL.md, "Proof system").
 *
 * Rounds: (1) advice and lookup multiplicities, (2) challenges θ, β, γ, λ,
 * (3) permutation products and logUp sums, (4) challenge y, quotient on the extended
 * coset, split into blinded chunks, (5) challenge ζ, evaluations, (6) challenge v,
 * one opening witness per distinct point.
 *
 * Advice columns and lookup multiplicities are committed from their values on H in
 * the Lagrange basis (small witness values make a cheap MSM; keys.h); the other
 * columns from their coefficients. The coefficient forms are kept for evaluations and
 * the quotient either way. */
#include "prove.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>

#include "parallel.h"
#include "transcript.h"

/* ---- phase timing: ZKI_TRACE=1 in the environment prints each phase on stderr ---- */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void trace(double *t, const char *phase) {
    static int on = -1;
    if (on < 0) on = getenv("ZKI_TRACE") != NULL;
    double t1 = now_s();
    if (on && phase) fprintf(stderr, "zki_prove: %-28s %8.1f ms\n", phase, (t1 - *t) * 1e3);
    *t = t1;
}

/* ---- randomness ---- */

static int os_rng(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    while (len > 0) {
        ssize_t got = getrandom(out, len, 0);
        if (got <= 0) return 0;
        out += got;
        len -= (size_t)got;
    }
    return 1;
}

typedef struct {
    zki_rng_fn fn;
    void *ctx;
    int failed;
} rng_t;

/* A uniform element of Fr from 64 random bytes: (hi·2^256 + lo) mod r. */
static void rand_fr(rng_t *r, zki_fr *out) {
    uint8_t b[64];
    if (!r->fn(r->ctx, b, sizeof b)) r->failed = 1;
    zki_fr lo, hi, two256;
    const uint64_t two128[4] = {0, 0, 1, 0};
    zki_fr_from_limbs(&two256, two128);
    zki_fr_sqr(&two256, &two256);
    zki_fr_from_bytes_reduce(&hi, b);
    zki_fr_from_bytes_reduce(&lo, b + 32);
    zki_fr_mul(out, &hi, &two256);
    zki_fr_add(out, out, &lo);
}

/* ---- the prover's polynomials ---- */

typedef struct {
    const zki_pk *pk;
    const zki_cs *cs;
    const zki_plonk_layout *L;
    size_t n, N;
    unsigned E; /* N / n */
    unsigned threads;
    /* values on H (n each) */
    zki_fr *adv_v, *inst_v, *m_v, *z_v, *phi_v;
    /* coefficients (n each; t chunks n + 1 each) */
    zki_fr *adv_c, *inst_c, *m_c, *z_c, *phi_c, *t_c;
    /* evaluations on the extended coset (N each) */
    zki_fr *adv_e, *fix_e, *inst_e, *sig_e, *z_e, *m_e, *phi_e, *sel_e;
    zki_fr *quot;
    zki_plonk_challenges ch;
    zki_fr delta_pows[1]; /* placeholder; the real array is below */
    zki_fr *dpow;
    int unchecked;
} prover;

static void prover_free(prover *P) {
    zki_fr **bufs[] = {&P->adv_v, &P->inst_v, &P->m_v, &P->z_v, &P->phi_v, &P->adv_c, &P->inst_c,
                       &P->m_c, &P->z_c, &P->phi_c, &P->t_c, &P->adv_e, &P->fix_e, &P->inst_e,
                       &P->sig_e, &P->z_e, &P->m_e, &P->phi_e, &P->sel_e, &P->quot, &P->dpow};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        free(*bufs[i]);
        *bufs[i] = NULL;
    }
}

static zki_fr *alloc_fr(size_t count) { return count ? calloc(count, sizeof(zki_fr)) : malloc(sizeof(zki_fr)); }

/* values on H at a row: the getter used for lookups while building m and φ */
typedef struct {
    prover *P;
    size_t row;
} row_ctx;

static const zki_fr *get_row(void *vctx, unsigned kind, uint32_t index, int32_t rot) {
    row_ctx *c = vctx;
    prover *P = c->P;
    size_t i = (c->row + P->n + (size_t)(int64_t)rot) & (P->n - 1);
    switch (kind) {
    case ZKI_P_ADVICE: return &P->adv_v[index * P->n + i];
    case ZKI_P_FIXED: return &P->pk->fixed_values[index * P->n + i];
    default: return &P->inst_v[index * P->n + i];
    }
}

/* Commits to `count` polynomials of len coefficients each and absorbs them. */
static zki_status commit_absorb(prover *P, zki_transcript *tr, const zki_fr *coeffs, size_t count,
                                size_t stride, size_t len, uint8_t **out) {
    for (size_t k = 0; k < count; k++) {
        zki_g1_aff c;
        zki_status st = zki_plonk_commit(&c, P->pk->srs_g1, coeffs + k * stride, len, P->threads);
        if (st != ZKI_OK) return st;
        zki_transcript_absorb_g1(tr, &c);
        zki_g1_aff_to_bytes(*out, &c);
        *out += 64;
    }
    return ZKI_OK;
}

/* Commits to `count` columns given by their n values on H (Lagrange basis, small
 * scalars where the values allow: zki_plonk_commit_values) and absorbs them; the
 * points equal the monomial commitments of the interpolated columns. Falls back to
 * the coefficients when the key has no Lagrange basis. */
static zki_status commit_absorb_values(prover *P, zki_transcript *tr, const zki_fr *vals, const zki_fr *coeffs,
                                       size_t count, uint8_t **out) {
    if (!P->pk->lagrange) return commit_absorb(P, tr, coeffs, count, P->n, P->n, out);
    for (size_t k = 0; k < count; k++) {
        zki_g1_aff c;
        zki_status st = zki_plonk_commit_values(&c, P->pk->lagrange, vals + k * P->n, P->n, P->threads);
        if (st != ZKI_OK) return st;
        zki_transcript_absorb_g1(tr, &c);
        zki_g1_aff_to_bytes(*out, &c);
        *out += 64;
    }
    return ZKI_OK;
}

/* Fills rows u+1..n-1 (and row u when with_last) of each column with randomness, copies
 * values to coefficients and interpolates. */
static zki_status blind_interpolate(prover *P, rng_t *rng, zki_fr *vals, zki_fr *coeffs, size_t count,
                                    int with_last) {
    size_t n = P->n, from = P->L->usable + (with_last ? 0 : 1);
    for (size_t k = 0; k < count; k++) {
        for (size_t i = from; i < n; i++) rand_fr(rng, &vals[k * n + i]);
        memcpy(coeffs + k * n, vals + k * n, n * sizeof(zki_fr));
        zki_status st = zki_ntt_inv(coeffs + k * n, n, &P->pk->dom, P->threads);
        if (st != ZKI_OK) return st;
    }
    return ZKI_OK;
}

/* ---- round 1: lookup multiplicities ---- */

static uint64_t tuple_hash(const zki_fr *t, uint32_t w) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint32_t j = 0; j < w; j++)
        for (int k = 0; k < 4; k++) h = (h ^ t[j].v[k]) * 0x100000001b3ULL + (h >> 31);
    return h;
}

typedef struct {
    uint64_t h;
    uint32_t row;
} hrow;

static int cmp_hrow(const void *a, const void *b) {
    const hrow *x = a, *y = b;
    if (x->h != y->h) return (x->h > y->h) - (x->h < y->h);
    return (x->row > y->row) - (x->row < y->row);
}

static zki_status eval_tuple(prover *P, const zki_expr *es, uint32_t w, size_t row, zki_fr *scratch, zki_fr *out) {
    row_ctx c = {P, row};
    for (uint32_t j = 0; j < w; j++) zki_plonk_eval_expr(P->cs, es[j], get_row, &c, scratch, &out[j]);
    return ZKI_OK;
}

/* m(ω^i) = how many usable rows look up the tuple of table row i; repeated table rows
 * get the whole count on their first occurrence. */
static zki_status multiplicities(prover *P, const zki_lookup *lk, zki_fr *m, zki_fr *scratch) {
    size_t u = P->L->usable, w = lk->width;
    zki_fr *tab = alloc_fr(u * w);
    hrow *idx = malloc(u * sizeof *idx);
    uint64_t *count = calloc(u, sizeof *count);
    zki_status st = ZKI_ERR_NOMEM;
    if (!tab || !idx || !count) goto out;
    for (size_t r = 0; r < u; r++) {
        eval_tuple(P, lk->tables, lk->width, r, scratch, &tab[r * w]);
        idx[r].h = tuple_hash(&tab[r * w], lk->width);
        idx[r].row = (uint32_t)r;
    }
    qsort(idx, u, sizeof *idx, cmp_hrow);
    st = ZKI_OK;
    zki_fr in[16];
    for (size_t r = 0; r < u && st == ZKI_OK; r++) {
        eval_tuple(P, lk->inputs, lk->width, r, scratch, in);
        uint64_t h = tuple_hash(in, lk->width);
        size_t lo = 0, hi = u;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (idx[mid].h < h) lo = mid + 1;
            else hi = mid;
        }
        /* entries with equal hash are sorted by row: the first equal tuple is the first row */
        size_t k = lo;
        while (k < u && idx[k].h == h && memcmp(&tab[idx[k].row * w], in, w * sizeof(zki_fr)) != 0) k++;
        if (k < u && idx[k].h == h) count[idx[k].row]++;
        else if (!P->unchecked) st = ZKI_ERR_ARG; /* input not in table */
    }
    for (size_t r = 0; r < u; r++) zki_fr_set_u64(&m[r], count[r]);
out:
    free(tab);
    free(idx);
    free(count);
    return st;
}

/* ---- round 3: permutation products and logUp sums ---- */

static zki_status permutation_products(prover *P, zki_fr *scratch_den, zki_fr *scratch_inv) {
    const zki_cs *cs = P->cs;
    const zki_plonk_layout *L = P->L;
    size_t n = P->n, u = L->usable;
    zki_fr *omega_pow = scratch_inv; /* reuse: filled and consumed before the inversion */
    (void)omega_pow;
    for (uint32_t j = 0; j < L->n_z; j++) {
        zki_fr *z = &P->z_v[j * n];
        zki_fr *num = scratch_den + n; /* n entries after den */
        zki_fr *den = scratch_den;
        zki_fr x;
        zki_fr_set_one(&x);
        for (size_t i = 0; i < u; i++) {
            zki_fr nu, de, t, bx;
            zki_fr_set_one(&nu);
            zki_fr_set_one(&de);
            zki_fr_mul(&bx, &P->ch.beta, &x);
            for (uint32_t k = j * L->chunk; k < cs->n_perm_cols && k < (j + 1) * L->chunk; k++) {
                const zki_cell *pc = &cs->perm_cols[k];
                row_ctx c = {P, i};
                const zki_fr *v = get_row(&c, pc->kind, pc->col, 0);
                zki_fr_mul(&t, &bx, &P->dpow[k]);
                zki_fr_add(&t, &t, v);
                zki_fr_add(&t, &t, &P->ch.gamma);
                zki_fr_mul(&nu, &nu, &t);
                zki_fr_mul(&t, &P->ch.beta, &P->pk->sigma_values[k * n + i]);
                zki_fr_add(&t, &t, v);
                zki_fr_add(&t, &t, &P->ch.gamma);
                zki_fr_mul(&de, &de, &t);
            }
            num[i] = nu;
            den[i] = de;
            zki_fr_mul(&x, &x, &P->pk->dom.omega);
        }
        zki_fr_batch_inv(scratch_inv, den, u);
        if (j == 0) zki_fr_set_one(&z[0]);
        else z[0] = P->z_v[(j - 1) * n + u];
        for (size_t i = 0; i < u; i++) {
            if (zki_fr_is_zero(&scratch_inv[i])) return ZKI_ERR_ARG; /* negligible: retry */
            zki_fr_mul(&z[i + 1], &z[i], &num[i]);
            zki_fr_mul(&z[i + 1], &z[i + 1], &scratch_inv[i]);
        }
    }
    if (L->n_z) {
        zki_fr one;
        zki_fr_set_one(&one);
        if (!zki_fr_eq(&P->z_v[(L->n_z - 1) * n + u], &one) && !P->unchecked) return ZKI_ERR_ARG; /* copies fail */
    }
    return ZKI_OK;
}

static zki_status logup_sums(prover *P, zki_fr *fs, zki_fr *inv, zki_fr *scratch) {
    const zki_cs *cs = P->cs;
    size_t n = P->n, u = P->L->usable;
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        zki_fr *f = fs, *t = fs + u;
        for (size_t i = 0; i < u; i++) {
            zki_fr tin[16], ttab[16];
            eval_tuple(P, lk->inputs, lk->width, i, scratch, tin);
            eval_tuple(P, lk->tables, lk->width, i, scratch, ttab);
            zki_fr a, b;
            zki_fr_set_zero(&a);
            zki_fr_set_zero(&b);
            for (uint32_t j = 0; j < lk->width; j++) {
                zki_fr_mul(&a, &a, &P->ch.theta);
                zki_fr_add(&a, &a, &tin[j]);
                zki_fr_mul(&b, &b, &P->ch.theta);
                zki_fr_add(&b, &b, &ttab[j]);
            }
            zki_fr_add(&f[i], &a, &P->ch.lambda);
            zki_fr_add(&t[i], &b, &P->ch.lambda);
        }
        zki_fr_batch_inv(inv, fs, 2 * u);
        zki_fr *phi = &P->phi_v[l * n];
        const zki_fr *m = &P->m_v[l * n];
        zki_fr_set_zero(&phi[0]);
        for (size_t i = 0; i < u; i++) {
            zki_fr d;
            if (zki_fr_is_zero(&inv[i]) || zki_fr_is_zero(&inv[u + i])) return ZKI_ERR_ARG;
            zki_fr_mul(&d, &m[i], &inv[u + i]);
            zki_fr_sub(&d, &d, &inv[i]);
            zki_fr_add(&phi[i + 1], &phi[i], &d);
        }
        if (!zki_fr_is_zero(&phi[u]) && !P->unchecked) return ZKI_ERR_ARG; /* an input is not in the table */
    }
    return ZKI_OK;
}

/* ---- round 4: the quotient on the extended coset ---- */

typedef struct {
    prover *P;
    size_t i;
} ext_ctx;

static const zki_fr *get_ext(void *vctx, unsigned kind, uint32_t index, int32_t rot) {
    ext_ctx *c = vctx;
    prover *P = c->P;
    size_t N = P->N;
    size_t i = (c->i + N + (size_t)((int64_t)rot * P->E)) & (N - 1);
    switch (kind) {
    case ZKI_P_ADVICE: return &P->adv_e[index * N + i];
    case ZKI_P_FIXED: return &P->fix_e[index * N + i];
    case ZKI_P_INSTANCE: return &P->inst_e[index * N + i];
    case ZKI_P_SIGMA: return &P->sig_e[index * N + i];
    case ZKI_P_Z: return &P->z_e[index * N + i];
    case ZKI_P_M: return &P->m_e[index * N + i];
    default: return &P->phi_e[index * N + i];
    }
}

typedef struct {
    prover *P;
    zki_fr zh_inv[16]; /* 1 / Z_H on the coset: depends on i mod E only */
    zki_fr **scratch;
} quot_job;

static void quotient_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    quot_job *J = vctx;
    prover *P = J->P;
    const zki_ntt_domain *ext = &P->pk->ext;
    zki_fr x, e[4];
    size_t N = P->N;
    /* x = g·ω_N^begin */
    uint64_t eb[4] = {begin, 0, 0, 0};
    zki_fr_pow(&x, &ext->omega, eb);
    zki_fr_mul(&x, &x, &ext->gen);
    ext_ctx c = {P, 0};
    for (size_t i = begin; i < end; i++) {
        c.i = i;
        zki_fr out;
        zki_plonk_eval_constraints(P->cs, P->L, &P->ch, P->dpow, &x, &P->sel_e[i], &P->sel_e[N + i],
                                   &P->sel_e[2 * N + i], get_ext, &c, J->scratch[thread], &out);
        zki_fr_mul(&P->quot[i], &out, &J->zh_inv[i % P->E]);
        zki_fr_mul(&x, &x, &ext->omega);
    }
    (void)e;
}

static zki_status extend(prover *P, zki_fr *dst, const zki_fr *coeffs, size_t count) {
    for (size_t k = 0; k < count; k++) {
        zki_status st = zki_ntt_coset_ext(dst + k * P->N, P->N, coeffs + k * P->n, P->n, &P->pk->ext, P->threads);
        if (st != ZKI_OK) return st;
    }
    return ZKI_OK;
}

static zki_status quotient(prover *P) {
    const zki_cs *cs = P->cs;
    size_t n = P->n, N = P->N;
    zki_status st = ZKI_ERR_NOMEM;
    P->adv_e = alloc_fr(cs->n_advice * N);
    P->fix_e = alloc_fr(cs->n_fixed * N);
    P->inst_e = alloc_fr(cs->n_instance * N);
    P->sig_e = alloc_fr(cs->n_perm_cols * N);
    P->z_e = alloc_fr(P->L->n_z * N);
    P->m_e = alloc_fr(cs->n_lookups * N);
    P->phi_e = alloc_fr(cs->n_lookups * N);
    P->sel_e = alloc_fr(3 * N);
    P->quot = alloc_fr(N);
    zki_fr *sel_c = alloc_fr(3 * n);
    unsigned nt = zki_parallel_threads(P->threads);
    quot_job J = {P, {{{0}}}, calloc(nt, sizeof(zki_fr *))};
    if (!P->adv_e || !P->fix_e || !P->inst_e || !P->sig_e || !P->z_e || !P->m_e || !P->phi_e ||
        !P->sel_e || !P->quot || !sel_c || !J.scratch)
        goto out;
    for (unsigned t = 0; t < nt; t++)
        if (!(J.scratch[t] = alloc_fr(cs->n_nodes + 1))) goto out;
    /* the selectors l0, llast, lblind as polynomials */
    size_t u = P->L->usable;
    zki_fr_set_one(&sel_c[0]);
    zki_fr_set_one(&sel_c[n + u]);
    for (size_t i = u + 1; i < n; i++) zki_fr_set_one(&sel_c[2 * n + i]);
    st = ZKI_OK;
    for (int k = 0; k < 3 && st == ZKI_OK; k++) st = zki_ntt_inv(sel_c + k * n, n, &P->pk->dom, P->threads);
    if (st == ZKI_OK) st = extend(P, P->sel_e, sel_c, 3);
    if (st == ZKI_OK) st = extend(P, P->adv_e, P->adv_c, cs->n_advice);
    if (st == ZKI_OK) st = extend(P, P->fix_e, P->pk->fixed_coeffs, cs->n_fixed);
    if (st == ZKI_OK) st = extend(P, P->inst_e, P->inst_c, cs->n_instance);
    if (st == ZKI_OK) st = extend(P, P->sig_e, P->pk->sigma_coeffs, cs->n_perm_cols);
    if (st == ZKI_OK) st = extend(P, P->z_e, P->z_c, P->L->n_z);
    if (st == ZKI_OK) st = extend(P, P->m_e, P->m_c, cs->n_lookups);
    if (st == ZKI_OK) st = extend(P, P->phi_e, P->phi_c, cs->n_lookups);
    if (st != ZKI_OK) goto out;
    /* Z_H(g·ω_N^i) = g^n·(ω_N^n)^i - 1 */
    {
        zki_fr gn, wn, acc, one;
        uint64_t en[4] = {n, 0, 0, 0};
        zki_fr_pow(&gn, &P->pk->ext.gen, en);
        zki_fr_pow(&wn, &P->pk->ext.omega, en);
        zki_fr_set_one(&one);
        acc = gn;
        zki_fr zh[16];
        for (unsigned k = 0; k < P->E; k++) {
            zki_fr_sub(&zh[k], &acc, &one);
            zki_fr_mul(&acc, &acc, &wn);
        }
        zki_fr_batch_inv(J.zh_inv, zh, P->E);
    }
    zki_parallel_for(N, P->threads, quotient_range, &J);
    st = zki_ntt_coset_inv(P->quot, N, &P->pk->ext, P->threads);
    if (st != ZKI_OK) goto out;
    /* a satisfied circuit gives a quotient of degree < n_t·n */
    for (size_t k = (size_t)P->L->n_t * n; k < N; k++)
        if (!zki_fr_is_zero(&P->quot[k]) && !P->unchecked) {
            st = ZKI_ERR_ARG;
            goto out;
        }
out:
    if (J.scratch)
        for (unsigned t = 0; t < nt; t++) free(J.scratch[t]);
    free(J.scratch);
    free(sel_c);
    return st;
}

/* ---- evaluation and opening ---- */

static const zki_fr *poly_coeffs(prover *P, unsigned kind, uint32_t index, size_t *len) {
    size_t n = P->n;
    *len = n;
    switch (kind) {
    case ZKI_P_ADVICE: return &P->adv_c[index * n];
    case ZKI_P_FIXED: return &P->pk->fixed_coeffs[index * n];
    case ZKI_P_SIGMA: return &P->pk->sigma_coeffs[index * n];
    case ZKI_P_Z: return &P->z_c[index * n];
    case ZKI_P_M: return &P->m_c[index * n];
    case ZKI_P_PHI: return &P->phi_c[index * n];
    default: *len = n + 1; return &P->t_c[index * (n + 1)];
    }
}

static void horner(zki_fr *out, const zki_fr *c, size_t len, const zki_fr *z) {
    zki_fr acc;
    zki_fr_set_zero(&acc);
    for (size_t k = len; k-- > 0;) {
        zki_fr_mul(&acc, &acc, z);
        zki_fr_add(&acc, &acc, &c[k]);
    }
    *out = acc;
}

/* z·ω^rot */
static void rotate(zki_fr *out, const zki_fr *z, int32_t rot, const zki_ntt_domain *dom) {
    zki_fr w;
    uint64_t e[4] = {(uint64_t)(rot < 0 ? -(int64_t)rot : rot), 0, 0, 0};
    zki_fr_pow(&w, rot < 0 ? &dom->omega_inv : &dom->omega, e);
    zki_fr_mul(out, z, &w);
}

zki_status zki_prove(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                     uint8_t *proof, size_t proof_cap, zki_rng_fn rng, void *rng_ctx, unsigned n_threads) {
    return zki_prove_ex(pk, advice, public_inputs, proof, proof_cap, rng, rng_ctx, n_threads, 0);
}

zki_status zki_prove_ex(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                        uint8_t *proof, size_t proof_cap, zki_rng_fn rngf, void *rng_ctx,
                        unsigned n_threads, unsigned flags) {
    const zki_vk *vk = &pk->vk;
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    size_t proof_len = zki_plonk_proof_size(L, cs);
    if (proof_cap < proof_len) return ZKI_ERR_BUFFER;
    if (!advice || (!public_inputs && L->n_public)) return ZKI_ERR_ARG;
    prover P;
    memset(&P, 0, sizeof P);
    P.pk = pk;
    P.cs = cs;
    P.L = L;
    P.n = cs->n;
    P.E = 1u << L->ext_log;
    P.N = P.n * P.E;
    P.threads = n_threads;
    P.unchecked = (flags & ZKI_PROVE_UNCHECKED) != 0;
    size_t n = P.n, u = L->usable;
    rng_t rng = {rngf ? rngf : os_rng, rng_ctx, 0};
    uint8_t *out = proof;
    zki_transcript tr;
    zki_status st = ZKI_ERR_NOMEM;
    zki_fr *scratch = alloc_fr(cs->n_nodes + 1), *tmp = alloc_fr(4 * n + 4);

    P.adv_v = alloc_fr(cs->n_advice * n);
    P.adv_c = alloc_fr(cs->n_advice * n);
    P.inst_v = alloc_fr(cs->n_instance * n);
    P.inst_c = alloc_fr(cs->n_instance * n);
    P.m_v = alloc_fr(cs->n_lookups * n);
    P.m_c = alloc_fr(cs->n_lookups * n);
    P.z_v = alloc_fr(L->n_z * n);
    P.z_c = alloc_fr(L->n_z * n);
    P.phi_v = alloc_fr(cs->n_lookups * n);
    P.phi_c = alloc_fr(cs->n_lookups * n);
    P.t_c = alloc_fr(L->n_t * (n + 1));
    P.dpow = alloc_fr(cs->n_perm_cols + 1);
    if (!scratch || !tmp || !P.adv_v || !P.adv_c || !P.inst_v || !P.inst_c || !P.m_v || !P.m_c ||
        !P.z_v || !P.z_c || !P.phi_v || !P.phi_c || !P.t_c || !P.dpow)
        goto out;
    {
        zki_fr delta;
        zki_plonk_delta(&delta);
        zki_fr_set_one(&P.dpow[0]);
        for (uint32_t k = 1; k < cs->n_perm_cols; k++) zki_fr_mul(&P.dpow[k], &P.dpow[k - 1], &delta);
    }

    double tt = 0;
    trace(&tt, NULL);
    /* transcript: label, VK digest, public inputs */
    if ((st = zki_transcript_init(&tr, (const uint8_t *)ZKI_PLONK_LABEL, strlen(ZKI_PLONK_LABEL))) != ZKI_OK) goto out;
    zki_transcript_absorb_word(&tr, vk->digest);
    {
        size_t p = 0;
        for (uint32_t j = 0; j < cs->n_instance; j++)
            for (uint32_t r = 0; r < L->public_per_col[j]; r++, p++) {
                P.inst_v[j * n + r] = public_inputs[p];
                zki_transcript_absorb_fr(&tr, &public_inputs[p]);
            }
        memcpy(P.inst_c, P.inst_v, cs->n_instance * n * sizeof(zki_fr));
        for (uint32_t j = 0; j < cs->n_instance; j++)
            if ((st = zki_ntt_inv(P.inst_c + j * n, n, &pk->dom, n_threads)) != ZKI_OK) goto out;
    }

    /* round 1: advice (usable rows from the caller, the rest random), multiplicities */
    for (uint32_t j = 0; j < cs->n_advice; j++) memcpy(P.adv_v + j * n, advice + j * n, u * sizeof(zki_fr));
    if ((st = blind_interpolate(&P, &rng, P.adv_v, P.adv_c, cs->n_advice, 1)) != ZKI_OK) goto out;
    trace(&tt, "advice interpolation");
    if ((st = commit_absorb_values(&P, &tr, P.adv_v, P.adv_c, cs->n_advice, &out)) != ZKI_OK) goto out;
    trace(&tt, "advice commitments");
    for (uint32_t l = 0; l < cs->n_lookups; l++)
        if ((st = multiplicities(&P, &cs->lookups[l], P.m_v + l * n, scratch)) != ZKI_OK) goto out;
    if ((st = blind_interpolate(&P, &rng, P.m_v, P.m_c, cs->n_lookups, 1)) != ZKI_OK) goto out;
    if ((st = commit_absorb_values(&P, &tr, P.m_v, P.m_c, cs->n_lookups, &out)) != ZKI_OK) goto out;
    trace(&tt, "lookup multiplicities");

    /* round 2 */
    zki_transcript_squeeze_fr(&tr, &P.ch.theta);
    zki_transcript_squeeze_fr(&tr, &P.ch.beta);
    zki_transcript_squeeze_fr(&tr, &P.ch.gamma);
    zki_transcript_squeeze_fr(&tr, &P.ch.lambda);

    /* round 3: permutation products (row u is computed, not random), logUp sums */
    if ((st = permutation_products(&P, tmp, tmp + 2 * n)) != ZKI_OK) goto out;
    if ((st = blind_interpolate(&P, &rng, P.z_v, P.z_c, L->n_z, 0)) != ZKI_OK) goto out;
    if ((st = commit_absorb(&P, &tr, P.z_c, L->n_z, n, n, &out)) != ZKI_OK) goto out;
    if ((st = logup_sums(&P, tmp, tmp + 2 * n, scratch)) != ZKI_OK) goto out;
    if ((st = blind_interpolate(&P, &rng, P.phi_v, P.phi_c, cs->n_lookups, 0)) != ZKI_OK) goto out;
    if ((st = commit_absorb(&P, &tr, P.phi_c, cs->n_lookups, n, n, &out)) != ZKI_OK) goto out;
    trace(&tt, "permutation and logUp");

    /* round 4: quotient, split into chunks t_i + b_i X^n - b_{i-1} */
    zki_transcript_squeeze_fr(&tr, &P.ch.y);
    if ((st = quotient(&P)) != ZKI_OK) goto out;
    trace(&tt, "quotient");
    {
        zki_fr prev;
        zki_fr_set_zero(&prev);
        for (uint32_t i = 0; i < L->n_t; i++) {
            zki_fr *c = &P.t_c[i * (n + 1)];
            memcpy(c, &P.quot[i * n], n * sizeof(zki_fr));
            zki_fr_sub(&c[0], &c[0], &prev);
            if (i + 1 < L->n_t) {
                rand_fr(&rng, &c[n]);
                prev = c[n];
            } else {
                zki_fr_set_zero(&c[n]);
            }
        }
    }
    if ((st = commit_absorb(&P, &tr, P.t_c, L->n_t, n + 1, n + 1, &out)) != ZKI_OK) goto out;
    trace(&tt, "quotient commitments");
    if (rng.failed) {
        st = ZKI_ERR_IO;
        goto out;
    }

    /* round 5: evaluations at ζ·ω^rot */
    zki_fr zeta;
    zki_transcript_squeeze_fr(&tr, &zeta);
    zki_fr *evals = tmp; /* n_queries <= 4n here is ample; checked below */
    if (L->n_queries > 4 * n) {
        st = ZKI_ERR_SIZE;
        goto out;
    }
    for (uint32_t q = 0; q < L->n_queries; q++) {
        const zki_query *Q = &L->queries[q];
        size_t len;
        const zki_fr *c = poly_coeffs(&P, Q->kind, Q->index, &len);
        zki_fr pt;
        rotate(&pt, &zeta, Q->rot, &pk->dom);
        horner(&evals[q], c, len, &pt);
        zki_transcript_absorb_fr(&tr, &evals[q]);
        zki_fr_to_bytes(out, &evals[q]);
        out += 32;
    }

    trace(&tt, "evaluations");
    /* round 6: one witness per point for F = Σ v^i P_i over the queries at that point */
    zki_fr v;
    zki_transcript_squeeze_fr(&tr, &v);
    {
        zki_fr *F = P.quot; /* N >= n + 1 entries, no longer needed */
        zki_fr *W = P.quot + n + 1;
        if (P.N < 2 * n + 2) {
            free(P.quot);
            P.quot = alloc_fr(2 * n + 2);
            if (!P.quot) {
                st = ZKI_ERR_NOMEM;
                goto out;
            }
            F = P.quot;
            W = P.quot + n + 1;
        }
        for (uint32_t p = 0; p < L->n_points; p++) {
            memset(F, 0, (n + 1) * sizeof(zki_fr));
            zki_fr vp, t;
            zki_fr_set_one(&vp);
            for (uint32_t q = 0; q < L->n_queries; q++) {
                if (L->queries[q].rot != L->points[p]) continue;
                size_t len;
                const zki_fr *c = poly_coeffs(&P, L->queries[q].kind, L->queries[q].index, &len);
                for (size_t k = 0; k < len; k++) {
                    zki_fr_mul(&t, &c[k], &vp);
                    zki_fr_add(&F[k], &F[k], &t);
                }
                zki_fr_mul(&vp, &vp, &v);
            }
            zki_fr pt, carry;
            rotate(&pt, &zeta, L->points[p], &pk->dom);
            /* synthetic division by (X - pt): W has n coefficients */
            zki_fr_set_zero(&carry);
            for (size_t k = n; k >= 1; k--) {
                zki_fr_mul(&t, &carry, &pt);
                zki_fr_add(&carry, &F[k], &t);
                W[k - 1] = carry;
            }
            zki_g1_aff wc;
            if ((st = zki_plonk_commit(&wc, pk->srs_g1, W, n, n_threads)) != ZKI_OK) goto out;
            zki_g1_aff_to_bytes(out, &wc);
            out += 64;
        }
    }
    trace(&tt, "opening witnesses");
    st = (size_t)(out - proof) == proof_len ? ZKI_OK : ZKI_ERR_SIZE;
out:
    free(scratch);
    free(tmp);
    prover_free(&P);
    return st;
}
