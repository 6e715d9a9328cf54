/* The PLONKish prover (see prove.h and docs/PROTOCOL.md, "Proof system").
 *
 * Rounds: (1) advice and lookup multiplicities, (2) challenges θ, β, γ, λ,
 * (3) permutation products and logUp sums, (4) challenge y, quotient on the extended
 * coset, split into blinded chunks, (5) challenge ζ, evaluations of the queries (not of
 * the quotient, whose value the verifier derives), (6) challenge v, one opening witness
 * per distinct point, the combined quotient opened in ζ's batch.
 *
 * Advice columns and lookup multiplicities are committed from their values on H in
 * the Lagrange basis (small witness values make a cheap MSM; keys.h); the other
 * columns from their coefficients. The coefficient forms are kept for evaluations and
 * the quotient either way. SHPLONK (§4.7) commits per witness pack instead: a pack of
 * one as above, a larger one from its members' interleaved coefficients (t·n points);
 * without late columns m is computed before round 1's packs are committed, and z and φ
 * are both computed before round 3's. */
#include "prove.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "eval_block.h"
#include "shplonk.h"
#include "tuple_index.h"
#include "vec.h"
#include "parallel.h"
#include "transcript.h"

/* ---- phase timing: ZKI_TRACE=1 in the environment prints each phase on stderr ---- */

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The resident set size now, in MiB (Linux /proc; 0 where it cannot be read). */
static double rss_mib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, res = 0;
    if (!f) return 0;
    int ok = fscanf(f, "%lu %lu", &size, &res) == 2;
    fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    return ok && page > 0 ? (double)res * (double)page / 1048576.0 : 0;
}

/* Prints the wall time and the process CPU time (all threads) since the last call (on a
 * busy machine the CPU time still shows where the work is) and the resident memory at the
 * end of the phase (buffers of a phase are still held then, so the largest figure is
 * close to the prover's peak). */
static void trace(double t[2], const char *phase) {
    static int on = -1;
    if (on < 0) on = getenv("ZKI_TRACE") != NULL;
    double w = clock_s(CLOCK_MONOTONIC), c = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (on && phase)
        fprintf(stderr, "zki_prove: %-28s %8.1f ms wall %8.1f ms cpu %7.0f MiB rss\n", phase, (w - t[0]) * 1e3,
                (c - t[1]) * 1e3, rss_mib());
    t[0] = w;
    t[1] = c;
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
    case ZKI_P_FIXED: return &P->pk->fixed_values[(size_t)P->pk->fixed_slot[index] * P->n + i];
    case ZKI_P_CHALLENGE: return &P->ch.c[index];
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

static const zki_fr *poly_coeffs(prover *P, unsigned kind, uint32_t index, size_t *len);

/* SHPLONK (§4.7): commits to witness packs w_begin .. w_end−1 and absorbs them. A pack
 * of one is its member, committed as in GWC (advice and m from their values, z and φ
 * from their coefficients); a larger one from its t·n interleaved coefficients
 * F(X) = Σ_i p_i(X^t)·X^i, an MSM over t·n powers. */
static zki_status commit_wpacks(prover *P, zki_transcript *tr, uint32_t w_begin, uint32_t w_end, uint8_t **out) {
    const zki_plonk_layout *L = P->L;
    size_t n = P->n, len;
    zki_fr *buf = NULL;
    const zki_fr **mem = malloc(((size_t)L->pack_max_t + 1) * sizeof *mem);
    zki_status st = mem ? ZKI_OK : ZKI_ERR_NOMEM;
    for (uint32_t w = w_begin; w < w_end && st == ZKI_OK; w++) {
        const zki_plonk_open *o = &L->wpacks[w];
        const zki_plonk_member *m0 = &L->pack_members[o->member_first];
        if (o->t == 1) {
            const zki_fr *c = poly_coeffs(P, m0->kind, m0->index, &len);
            if (m0->kind == ZKI_P_ADVICE || m0->kind == ZKI_P_M) {
                const zki_fr *vals = (m0->kind == ZKI_P_ADVICE ? P->adv_v : P->m_v) + (size_t)m0->index * n;
                st = commit_absorb_values(P, tr, vals, c, 1, out);
            } else {
                st = commit_absorb(P, tr, c, 1, n, n, out);
            }
            continue;
        }
        if (!buf && !(buf = alloc_fr((size_t)L->pack_max_t * n))) {
            st = ZKI_ERR_NOMEM;
            break;
        }
        for (uint32_t m = 0; m < o->t; m++) {
            const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
            mem[m] = poly_coeffs(P, pm->kind, pm->index, &len);
        }
        zki_shplonk_pack_coeffs(buf, mem, o->t, n);
        st = commit_absorb(P, tr, buf, 1, 0, (size_t)o->t * n, out);
    }
    free(buf);
    free(mem);
    return st;
}

/* One polynomial to transform, a whole column per worker (each NTT on one thread): no
 * synchronisation inside a transform, and a column's scaling and NTT share the core's
 * cache. dst <- src on the coset s·H, or, without a shift, dst's values on H to its
 * coefficients in place. */
typedef struct {
    zki_fr *dst;
    const zki_fr *src;
} coset_col;

typedef struct {
    const prover *P;
    const coset_col *cols;
    const zki_fr *s;    /* the coset's shift; NULL: inverse NTT in place */
    zki_status *st;     /* one per worker */
} coset_job;

static void coset_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    coset_job *J = vctx;
    size_t n = J->P->n;
    for (size_t c = begin; c < end; c++) {
        zki_status st = J->s ? zki_ntt_shift_fwd(J->cols[c].dst, J->cols[c].src, n, J->s, &J->P->pk->dom, 1)
                             : zki_ntt_inv(J->cols[c].dst, n, &J->P->pk->dom, 1);
        if (st != ZKI_OK) J->st[thread] = st;
    }
}

/* Every column of cols (count) transformed as coset_job says. */
static zki_status columns_ntt(prover *P, const coset_col *cols, size_t count, const zki_fr *s) {
    unsigned nt = zki_parallel_threads(P->threads);
    zki_status *st = malloc(nt * sizeof *st), r = ZKI_OK;
    if (!st) return ZKI_ERR_NOMEM;
    for (unsigned t = 0; t < nt; t++) st[t] = ZKI_OK;
    coset_job J = {P, cols, s, st};
    zki_parallel_for(count, P->threads, coset_range, &J);
    for (unsigned t = 0; t < nt; t++)
        if (st[t] != ZKI_OK) r = st[t];
    free(st);
    return r;
}

/* Random values on the blinding rows (u+1..n-1, and row u when with_last), then the
 * coefficients of each column: several columns one whole inverse NTT per worker at a
 * time, a single column a threaded one. */
static zki_status blind_interpolate(prover *P, rng_t *rng, zki_fr *vals, zki_fr *coeffs, size_t count,
                                    int with_last) {
    size_t n = P->n, from = P->L->usable + (with_last ? 0 : 1);
    for (size_t k = 0; k < count; k++) {
        for (size_t i = from; i < n; i++) rand_fr(rng, &vals[k * n + i]);
        memcpy(coeffs + k * n, vals + k * n, n * sizeof(zki_fr));
    }
    if (count < 2 || zki_parallel_threads(P->threads) < 2) {
        for (size_t k = 0; k < count; k++) {
            zki_status st = zki_ntt_inv(coeffs + k * n, n, &P->pk->dom, P->threads);
            if (st != ZKI_OK) return st;
        }
        return ZKI_OK;
    }
    coset_col *cols = malloc(count * sizeof *cols);
    if (!cols) return ZKI_ERR_NOMEM;
    for (size_t k = 0; k < count; k++) cols[k] = (coset_col){coeffs + k * n, coeffs + k * n};
    zki_status st = columns_ntt(P, cols, count, NULL);
    free(cols);
    return st;
}

/* ---- helpers for the row loops of rounds 1 and 3 ---- */

/* Per-thread expression scratch (n_nodes + 1 entries each). Returns: NULL on failure. */
static zki_fr **scratch_alloc(const prover *P, unsigned *nt) {
    *nt = zki_parallel_threads(P->threads);
    zki_fr **s = calloc(*nt, sizeof *s);
    if (!s) return NULL;
    for (unsigned t = 0; t < *nt; t++)
        if (!(s[t] = alloc_fr(P->cs->n_nodes + 1))) {
            for (unsigned k = 0; k < t; k++) free(s[k]);
            free(s);
            return NULL;
        }
    return s;
}

static void scratch_free(zki_fr **s, unsigned nt) {
    if (!s) return;
    for (unsigned t = 0; t < nt; t++) free(s[t]);
    free(s);
}

typedef struct {
    zki_fr *out;
    const zki_fr *in;
} inv_job;

static void batch_inv_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    inv_job *J = vctx;
    (void)thread;
    zki_fr_batch_inv(J->out + begin, J->in + begin, end - begin);
}

/* out[i] = 1/in[i] (0 for 0), one batch inversion per thread's range. */
static void par_batch_inv(zki_fr *out, const zki_fr *in, size_t count, unsigned threads) {
    inv_job J = {out, in};
    zki_parallel_for(count, threads, batch_inv_range, &J);
}

/* ---- round 1: lookup multiplicities ---- */

/* The nodes one side of a lookup needs (zki_plonk_node_list), evaluated per row. */
typedef struct {
    uint32_t *list;
    uint32_t count;
} node_plan;

static void eval_tuple(prover *P, const node_plan *np, const zki_expr *es, uint32_t w, size_t row, zki_fr *scratch,
                       zki_fr *out) {
    row_ctx c = {P, row};
    zki_plonk_eval_nodes(P->cs, np->list, np->count, get_row, &c, scratch);
    for (uint32_t j = 0; j < w; j++) out[j] = scratch[es[j]];
}

typedef struct {
    prover *P;
    const zki_lookup *lk;
    zki_fr *tab;
    zki_tuple_row *idx;
    uint64_t *count;
    zki_fr **scratch;
    node_plan in, tab_plan;
    int missing; /* set (never cleared) when an input tuple is not in the table */
} mult_job;

static void mult_tables(void *vctx, size_t begin, size_t end, unsigned thread) {
    mult_job *J = vctx;
    uint32_t w = J->lk->width;
    for (size_t r = begin; r < end; r++) {
        eval_tuple(J->P, &J->tab_plan, J->lk->tables, w, r, J->scratch[thread], &J->tab[r * w]);
        J->idx[r].h = zki_tuple_hash(&J->tab[r * w], w);
        J->idx[r].row = (uint32_t)r;
    }
}

static void mult_inputs(void *vctx, size_t begin, size_t end, unsigned thread) {
    mult_job *J = vctx;
    size_t u = J->P->L->usable, w = J->lk->width;
    zki_fr in[16];
    for (size_t r = begin; r < end; r++) {
        eval_tuple(J->P, &J->in, J->lk->inputs, J->lk->width, r, J->scratch[thread], in);
        int64_t row = zki_tuple_index_find(J->idx, u, J->tab, (uint32_t)w, in, zki_tuple_hash(in, (uint32_t)w));
        if (row >= 0) __atomic_fetch_add(&J->count[row], 1, __ATOMIC_RELAXED);
        else __atomic_store_n(&J->missing, 1, __ATOMIC_RELAXED);
    }
}

/* m(ω^i) = how many usable rows look up the tuple of table row i; repeated table rows
 * get the whole count on their first occurrence. Rows are split over the threads; the
 * counts are atomic, so the result does not depend on the split. */
static zki_status multiplicities(prover *P, const zki_lookup *lk, zki_fr *m, zki_fr **scratch) {
    size_t u = P->L->usable, w = lk->width;
    if (w > 16) return ZKI_ERR_SIZE;
    mult_job J = {P, lk, alloc_fr(u * w), malloc(u * sizeof(zki_tuple_row)), calloc(u, sizeof(uint64_t)), scratch,
                  {NULL, 0}, {NULL, 0}, 0};
    zki_status st = zki_plonk_node_list(P->cs, lk->inputs, lk->width, &J.in.list, &J.in.count);
    if (st == ZKI_OK) st = zki_plonk_node_list(P->cs, lk->tables, lk->width, &J.tab_plan.list, &J.tab_plan.count);
    if (st != ZKI_OK) goto out;
    st = ZKI_ERR_NOMEM;
    if (!J.tab || !J.idx || !J.count) goto out;
    zki_parallel_for(u, P->threads, mult_tables, &J);
    zki_tuple_index_sort(J.idx, u);
    zki_parallel_for(u, P->threads, mult_inputs, &J);
    st = J.missing && !P->unchecked ? ZKI_ERR_ARG : ZKI_OK; /* an input not in the table */
    for (size_t r = 0; r < u; r++) zki_fr_set_u64(&m[r], J.count[r]);
out:
    free(J.tab);
    free(J.idx);
    free(J.count);
    free(J.in.list);
    free(J.tab_plan.list);
    return st;
}

/* ---- round 3: permutation products and logUp sums ---- */

typedef struct {
    prover *P;
    uint32_t j;      /* the z column */
    zki_fr *num, *den;
} perm_job;

/* num[i], den[i]: the products over chunk j of (v + β·δ^k·ω^i + γ) and (v + β·σ_k(ω^i) + γ). */
static void perm_rows(void *vctx, size_t begin, size_t end, unsigned thread) {
    perm_job *J = vctx;
    prover *P = J->P;
    const zki_cs *cs = P->cs;
    const zki_plonk_layout *L = P->L;
    size_t n = P->n;
    (void)thread;
    zki_fr x;
    uint64_t eb[4] = {begin, 0, 0, 0};
    zki_fr_pow(&x, &P->pk->dom.omega, eb);
    for (size_t i = begin; i < end; i++) {
        zki_fr nu, de, t, bx;
        zki_fr_set_one(&nu);
        zki_fr_set_one(&de);
        zki_fr_mul(&bx, &P->ch.beta, &x);
        for (uint32_t k = J->j * L->chunk; k < cs->n_perm_cols && k < (J->j + 1) * L->chunk; k++) {
            const zki_cell *pc = &cs->perm_cols[k];
            row_ctx c = {P, i};
            const zki_fr *v = get_row(&c, pc->kind, pc->col, 0);
            zki_fr_mul(&t, &bx, &P->dpow[k]);
            zki_fr_add(&t, &t, v);
            zki_fr_add(&t, &t, &P->ch.gamma);
            zki_fr_mul(&nu, &nu, &t);
            zki_pk_sigma_value(P->pk, k * n + i, &t);
            zki_fr_mul(&t, &P->ch.beta, &t);
            zki_fr_add(&t, &t, v);
            zki_fr_add(&t, &t, &P->ch.gamma);
            zki_fr_mul(&de, &de, &t);
        }
        J->num[i] = nu;
        J->den[i] = de;
        zki_fr_mul(&x, &x, &P->pk->dom.omega);
    }
}

typedef struct {
    zki_fr *a;
    const zki_fr *b;
} mul_job;

static void mul_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    mul_job *J = vctx;
    (void)thread;
    for (size_t i = begin; i < end; i++) zki_fr_mul(&J->a[i], &J->a[i], &J->b[i]);
}

/* scratch_den: 2n entries (den, then num); scratch_inv: n entries. */
static zki_status permutation_products(prover *P, zki_fr *scratch_den, zki_fr *scratch_inv) {
    const zki_plonk_layout *L = P->L;
    size_t n = P->n, u = L->usable;
    for (uint32_t j = 0; j < L->n_z; j++) {
        zki_fr *z = &P->z_v[j * n];
        perm_job J = {P, j, scratch_den + n, scratch_den};
        zki_parallel_for(u, P->threads, perm_rows, &J);
        par_batch_inv(scratch_inv, J.den, u, P->threads);
        for (size_t i = 0; i < u; i++)
            if (zki_fr_is_zero(&scratch_inv[i])) return ZKI_ERR_ARG; /* negligible: retry */
        mul_job M = {J.num, scratch_inv};
        zki_parallel_for(u, P->threads, mul_range, &M); /* num[i] / den[i] */
        if (j == 0) zki_fr_set_one(&z[0]);
        else z[0] = P->z_v[(j - 1) * n + u];
        for (size_t i = 0; i < u; i++) zki_fr_mul(&z[i + 1], &z[i], &J.num[i]);
    }
    if (L->n_z) {
        zki_fr one;
        zki_fr_set_one(&one);
        if (!zki_fr_eq(&P->z_v[(L->n_z - 1) * n + u], &one) && !P->unchecked) return ZKI_ERR_ARG; /* copies fail */
    }
    return ZKI_OK;
}

typedef struct {
    prover *P;
    const zki_lookup *lk;
    zki_fr *f, *t;     /* compressed input and table tuples, + λ */
    const zki_fr *inv; /* 1/f then 1/t (u each) */
    const zki_fr *m;
    zki_fr *d;         /* m/t - 1/f */
    zki_fr **scratch;
    node_plan both;    /* the nodes of both sides */
} logup_job;

static void logup_rows(void *vctx, size_t begin, size_t end, unsigned thread) {
    logup_job *J = vctx;
    prover *P = J->P;
    const zki_lookup *lk = J->lk;
    for (size_t i = begin; i < end; i++) {
        zki_fr tin[16], ttab[16];
        eval_tuple(P, &J->both, lk->inputs, lk->width, i, J->scratch[thread], tin);
        for (uint32_t j = 0; j < lk->width; j++) ttab[j] = J->scratch[thread][lk->tables[j]];
        zki_fr a, b;
        zki_fr_set_zero(&a);
        zki_fr_set_zero(&b);
        for (uint32_t j = 0; j < lk->width; j++) {
            zki_fr_mul(&a, &a, &P->ch.theta);
            zki_fr_add(&a, &a, &tin[j]);
            zki_fr_mul(&b, &b, &P->ch.theta);
            zki_fr_add(&b, &b, &ttab[j]);
        }
        zki_fr_add(&J->f[i], &a, &P->ch.lambda);
        zki_fr_add(&J->t[i], &b, &P->ch.lambda);
    }
}

static void logup_terms(void *vctx, size_t begin, size_t end, unsigned thread) {
    logup_job *J = vctx;
    size_t u = J->P->L->usable;
    (void)thread;
    for (size_t i = begin; i < end; i++) {
        zki_fr_mul(&J->d[i], &J->m[i], &J->inv[u + i]);
        zki_fr_sub(&J->d[i], &J->d[i], &J->inv[i]);
    }
}

/* fs: 2u entries (f, then t; reused for the terms); inv: 2u entries. */
static zki_status logup_sums(prover *P, zki_fr *fs, zki_fr *inv, zki_fr **scratch) {
    const zki_cs *cs = P->cs;
    size_t n = P->n, u = P->L->usable;
    for (uint32_t l = 0; l < cs->n_lookups; l++) {
        const zki_lookup *lk = &cs->lookups[l];
        if (lk->width > 16) return ZKI_ERR_SIZE;
        logup_job J = {P, lk, fs, fs + u, inv, &P->m_v[l * n], fs, scratch, {NULL, 0}};
        zki_expr roots[32];
        for (uint32_t j = 0; j < lk->width; j++) {
            roots[j] = lk->inputs[j];
            roots[lk->width + j] = lk->tables[j];
        }
        zki_status st = zki_plonk_node_list(cs, roots, 2 * lk->width, &J.both.list, &J.both.count);
        if (st != ZKI_OK) return st;
        zki_parallel_for(u, P->threads, logup_rows, &J);
        free(J.both.list);
        par_batch_inv(inv, fs, 2 * u, P->threads);
        for (size_t i = 0; i < 2 * u; i++)
            if (zki_fr_is_zero(&inv[i])) return ZKI_ERR_ARG;
        zki_parallel_for(u, P->threads, logup_terms, &J); /* overwrites f: read through inv only */
        zki_fr *phi = &P->phi_v[l * n];
        zki_fr_set_zero(&phi[0]);
        for (size_t i = 0; i < u; i++) zki_fr_add(&phi[i + 1], &phi[i], &J.d[i]);
        if (!zki_fr_is_zero(&phi[u]) && !P->unchecked) return ZKI_ERR_ARG; /* an input is not in the table */
    }
    return ZKI_OK;
}

/* ---- round 4: the quotient on the extended coset ----
 *
 * The extended coset g·<ω_N> (N = E·n) is the union of the E cosets s_k·H with
 * s_k = g·ω_N^k, k < E: the point g·ω_N^(k + E·i) is s_k·ω^i. The numerator is
 * evaluated one coset at a time, so every column is held on n points, not N (E times
 * less memory), and on each coset a rotation by ω^rot is a shift by rot rows and
 * Z_H(s_k·ω^i) = s_k^n - 1 is one constant. */

typedef struct {
    prover *P;
    const zki_fr *x0;   /* s_k */
    zki_fr zh_inv;      /* 1 / (s_k^n - 1) */
    unsigned k;         /* the coset */
    zki_plonk_block *blk; /* one per thread */
} quot_job;

/* The values of a polynomial on the current coset (row i at index i). */
static const zki_fr *ext_column(void *vctx, unsigned kind, uint32_t index) {
    prover *P = vctx;
    size_t o = (size_t)index * P->n;
    switch (kind) {
    case ZKI_P_ADVICE: return &P->adv_e[o];
    case ZKI_P_FIXED: return &P->fix_e[o];
    case ZKI_P_INSTANCE: return &P->inst_e[o];
    case ZKI_P_SIGMA: return &P->sig_e[o];
    case ZKI_P_Z: return &P->z_e[o];
    case ZKI_P_M: return &P->m_e[o];
    default: return &P->phi_e[o];
    }
}

static void quotient_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    quot_job *J = vctx;
    prover *P = J->P;
    size_t n = P->n;
    zki_fr x, xs[ZKI_PLONK_BLOCK], outb[ZKI_PLONK_BLOCK];
    uint64_t eb[4] = {begin, 0, 0, 0};
    zki_fr_pow(&x, &P->pk->dom.omega, eb);
    zki_fr_mul(&x, &x, J->x0);
    for (size_t i = begin; i < end; i += ZKI_PLONK_BLOCK) {
        size_t cnt = end - i < ZKI_PLONK_BLOCK ? end - i : ZKI_PLONK_BLOCK;
        for (size_t r = 0; r < cnt; r++) {
            xs[r] = x;
            zki_fr_mul(&x, &x, &P->pk->dom.omega);
        }
        zki_plonk_eval_block(P->cs, P->L, &P->ch, P->dpow, ext_column, P, xs, &P->sel_e[i], &P->sel_e[n + i],
                             &P->sel_e[2 * n + i], i, cnt, &J->blk[thread], outb);
        zki_fr_vmul_s(outb, outb, &J->zh_inv, cnt);
        for (size_t r = 0; r < cnt; r++) P->quot[J->k + (size_t)P->E * (i + r)] = outb[r];
    }
}

/* Appends the count columns of a block (stride values apart) to cols. */
static size_t add_cols(coset_col *cols, size_t at, zki_fr *dst, const zki_fr *src, size_t count, size_t n) {
    for (size_t k = 0; k < count; k++) cols[at + k] = (coset_col){dst + k * n, src + k * n};
    return at + count;
}

static zki_status quotient(prover *P) {
    const zki_cs *cs = P->cs;
    size_t n = P->n, N = P->N;
    zki_status st = ZKI_ERR_NOMEM;
    P->adv_e = alloc_fr(cs->n_advice * n);
    P->fix_e = alloc_fr(cs->n_fixed * n);
    P->inst_e = alloc_fr(cs->n_instance * n);
    P->sig_e = alloc_fr(cs->n_perm_cols * n);
    P->z_e = alloc_fr(P->L->n_z * n);
    P->m_e = alloc_fr(cs->n_lookups * n);
    P->phi_e = alloc_fr(cs->n_lookups * n);
    P->sel_e = alloc_fr(3 * n);
    P->quot = alloc_fr(N);
    zki_fr *sel_c = alloc_fr(3 * n);
    unsigned nt = zki_parallel_threads(P->threads);
    size_t n_cols = 3 + cs->n_advice + cs->n_fixed + cs->n_instance + cs->n_perm_cols + P->L->n_z + 2 * cs->n_lookups;
    coset_col *cols = malloc(n_cols * sizeof *cols);
    quot_job J = {P, NULL, {{0}}, 0, calloc(nt, sizeof(zki_plonk_block))};
    int blk_ok = J.blk != NULL;
    for (unsigned t = 0; t < nt && blk_ok; t++) blk_ok = zki_plonk_block_init(&J.blk[t], cs) == ZKI_OK;
    if (!P->adv_e || !P->fix_e || !P->inst_e || !P->sig_e || !P->z_e || !P->m_e || !P->phi_e ||
        !P->sel_e || !P->quot || !sel_c || !blk_ok || !cols)
        goto out;
    {
        size_t c = add_cols(cols, 0, P->sel_e, sel_c, 3, n);
        c = add_cols(cols, c, P->adv_e, P->adv_c, cs->n_advice, n);
        c = add_cols(cols, c, P->fix_e, P->pk->fixed_coeffs, cs->n_fixed, n);
        c = add_cols(cols, c, P->inst_e, P->inst_c, cs->n_instance, n);
        c = add_cols(cols, c, P->sig_e, P->pk->sigma_coeffs, cs->n_perm_cols, n);
        c = add_cols(cols, c, P->z_e, P->z_c, P->L->n_z, n);
        c = add_cols(cols, c, P->m_e, P->m_c, cs->n_lookups, n);
        add_cols(cols, c, P->phi_e, P->phi_c, cs->n_lookups, n);
    }
    /* the selectors l0, llast, lblind as polynomials */
    size_t u = P->L->usable;
    zki_fr_set_one(&sel_c[0]);
    zki_fr_set_one(&sel_c[n + u]);
    for (size_t i = u + 1; i < n; i++) zki_fr_set_one(&sel_c[2 * n + i]);
    st = ZKI_OK;
    for (int k = 0; k < 3 && st == ZKI_OK; k++) st = zki_ntt_inv(sel_c + k * n, n, &P->pk->dom, P->threads);
    double tq[2] = {0, 0};
    trace(tq, NULL);
    double t_ext = 0, t_eval = 0;
    for (unsigned k = 0; k < P->E && st == ZKI_OK; k++) {
        /* s_k = g·ω_N^k */
        zki_fr sk, skn, one;
        uint64_t ek[4] = {k, 0, 0, 0}, en[4] = {n, 0, 0, 0};
        zki_fr_pow(&sk, &P->pk->ext.omega, ek);
        zki_fr_mul(&sk, &sk, &P->pk->ext.gen);
        if (st == ZKI_OK) st = columns_ntt(P, cols, n_cols, &sk);
        if (st != ZKI_OK) break;
        double t0[2] = {tq[0], tq[1]};
        trace(tq, NULL);
        t_ext += tq[1] - t0[1];
        /* Z_H(s_k·ω^i) = s_k^n - 1, never 0 on a coset disjoint from H */
        zki_fr_pow(&skn, &sk, en);
        zki_fr_set_one(&one);
        zki_fr_sub(&skn, &skn, &one);
        zki_fr_inv(&J.zh_inv, &skn);
        J.x0 = &sk;
        J.k = k;
        zki_parallel_for(n, P->threads, quotient_range, &J);
        t0[0] = tq[0];
        t0[1] = tq[1];
        trace(tq, NULL);
        t_eval += tq[1] - t0[1];
    }
    if (st != ZKI_OK) goto out;
    if (getenv("ZKI_TRACE"))
        fprintf(stderr, "zki_prove:   coset values %.1f ms cpu, constraint evaluation %.1f ms cpu\n", t_ext * 1e3,
                t_eval * 1e3);
    st = zki_ntt_coset_inv(P->quot, N, &P->pk->ext, P->threads);
    if (st != ZKI_OK) goto out;
    /* a satisfied circuit gives a quotient of degree < n_t·n */
    for (size_t k = (size_t)P->L->n_t * n; k < N; k++)
        if (!zki_fr_is_zero(&P->quot[k]) && !P->unchecked) {
            st = ZKI_ERR_ARG;
            goto out;
        }
out:
    if (J.blk)
        for (unsigned t = 0; t < nt; t++) zki_plonk_block_free(&J.blk[t]);
    free(J.blk);
    free(cols);
    /* the coset values are not needed after the quotient */
    zki_fr **ext[] = {&P->adv_e, &P->fix_e, &P->inst_e, &P->sig_e, &P->z_e, &P->m_e, &P->phi_e, &P->sel_e};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        free(*ext[i]);
        *ext[i] = NULL;
    }
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

/* Round 5: evals[q] = P_q(ζ·ω^rot_q), one Horner per query, the queries split over the
 * threads (each value is computed whole by one thread: the same bytes for any split). */
typedef struct {
    prover *P;
    const zki_fr *zeta;
    zki_fr *evals;
} eval_job;

static void eval_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    eval_job *J = vctx;
    (void)thread;
    for (size_t q = begin; q < end; q++) {
        const zki_query *Q = &J->P->L->queries[q];
        size_t len;
        const zki_fr *c = poly_coeffs(J->P, Q->kind, Q->index, &len);
        zki_fr pt;
        rotate(&pt, J->zeta, Q->rot, &J->P->pk->dom);
        horner(&J->evals[q], c, len, &pt);
    }
}

/* The prover's own check of the gates (the quotient's degree tests nothing when the
 * extended domain is exactly (D - 1)·n, e.g. D = 5): the verifier's identity
 * C(ζ) = T(ζ)·Z_H(ζ) at ζ, from the claimed evaluations, the instance and Lagrange
 * values at ζ and T(ζ) = Σ_i ζ^(n·i)·T'_i(ζ). A satisfied circuit always passes; one
 * whose C is not divisible by Z_H fails except with probability ~deg/r.
 * Returns: 1 if it holds, 0 if not, -1 when out of memory. */
static int check_at_zeta(prover *P, const zki_fr *zeta, const zki_fr *evals) {
    const zki_cs *cs = P->cs;
    const zki_plonk_layout *L = P->L;
    size_t n = P->n, u = L->usable;
    zki_fr *inst = alloc_fr(cs->n_instance), *scratch = alloc_fr((size_t)cs->n_nodes + 1);
    if (!inst || !scratch) {
        free(inst);
        free(scratch);
        return -1;
    }
    for (uint32_t j = 0; j < cs->n_instance; j++) horner(&inst[j], P->inst_c + (size_t)j * n, n, zeta);
    /* L_i(ζ) = ω^i·(ζ^n − 1)/(n·(ζ − ω^i)) for i = 0, u, u+1 .. n−1 */
    zki_fr one, zn, zh, nf, l0, llast, lblind, w, t;
    zki_fr_set_one(&one);
    uint64_t en[4] = {n, 0, 0, 0}, eu[4] = {u, 0, 0, 0};
    zki_fr_pow(&zn, zeta, en);
    zki_fr_sub(&zh, &zn, &one);
    zki_fr_set_u64(&nf, n);
    zki_fr_set_zero(&lblind);
    int ok = !zki_fr_is_zero(&zh);
    zki_fr_pow(&w, &P->pk->dom.omega, eu);
    for (size_t i = 0; ok && i <= n - u; i++) {
        /* i = 0: row 0; i >= 1: row u + i − 1 */
        zki_fr wi = i == 0 ? one : w, d;
        zki_fr_sub(&d, zeta, &wi);
        zki_fr_mul(&d, &d, &nf);
        if (zki_fr_is_zero(&d)) {
            ok = 0;
            break;
        }
        zki_fr_inv(&d, &d);
        zki_fr_mul(&t, &wi, &zh);
        zki_fr_mul(&t, &t, &d);
        if (i == 0) l0 = t;
        else if (i == 1) llast = t;
        else zki_fr_add(&lblind, &lblind, &t);
        if (i >= 1) zki_fr_mul(&w, &w, &P->pk->dom.omega);
    }
    if (ok) {
        zki_plonk_claimed zc = {L, evals, inst, P->ch.c};
        zki_fr c, tz, ti, zni;
        zki_plonk_eval_constraints(cs, L, &P->ch, P->dpow, zeta, &l0, &llast, &lblind, zki_plonk_claimed_get, &zc,
                                   scratch, &c);
        zki_fr_set_zero(&tz);
        zki_fr_set_one(&zni);
        if (L->shplonk) horner(&tz, P->quot, (size_t)L->n_t * n, zeta); /* T whole */
        for (uint32_t i = 0; i < L->n_t && !L->shplonk; i++) {
            horner(&ti, &P->t_c[i * (n + 1)], n + 1, zeta);
            zki_fr_mul(&ti, &ti, &zni);
            zki_fr_add(&tz, &tz, &ti);
            zki_fr_mul(&zni, &zni, &zn);
        }
        zki_fr_mul(&tz, &tz, &zh);
        ok = zki_fr_eq(&c, &tz);
    }
    free(inst);
    free(scratch);
    return ok;
}

/* Round 6: F = Σ_j w_j·P_j over the polynomials of one opening point, the coefficient
 * range split over the threads (every coefficient is summed in term order by one
 * thread, so the bytes do not depend on the split). */
typedef struct {
    zki_fr *F;               /* n + 1 coefficients, zeroed by the caller */
    const zki_fr **coeffs;   /* per term */
    const size_t *lens;      /* per term: n or n + 1 */
    const zki_fr *weights;   /* per term */
    size_t n_terms;
} combine_job;

static void combine_range(void *vctx, size_t begin, size_t end, unsigned thread) {
    combine_job *J = vctx;
    (void)thread;
    zki_fr t[256];
    for (size_t j = 0; j < J->n_terms; j++) {
        const zki_fr *c = J->coeffs[j], *w = &J->weights[j];
        size_t e = end < J->lens[j] ? end : J->lens[j];
        for (size_t k = begin; k < e; k += 256) {
            size_t len = e - k < 256 ? e - k : 256;
            zki_vec_mul_s(t, &c[k], w, len);
            zki_fr_vadd(&J->F[k], &J->F[k], t, len);
        }
    }
}

/* SHPLONK round 6 (§4.7): the opened polynomials in layout order for zki_shplonk_open,
 * packs by their members' coefficients (never built), T as the whole quotient. */
static zki_status open_shplonk(prover *P, const zki_fr *zeta, zki_transcript *tr, uint8_t *out) {
    const zki_plonk_layout *L = P->L;
    zki_shplonk_poly *polys = calloc(L->n_opens + 1, sizeof *polys);
    uint32_t n_members = 0; /* members[] is indexed like L->pack_members */
    for (uint32_t i = 0; i < L->n_opens; i++)
        if (L->opens[i].kind != ZKI_P_T && L->opens[i].member_first + L->opens[i].t > n_members)
            n_members = L->opens[i].member_first + L->opens[i].t;
    const zki_fr **members = malloc(((size_t)n_members + 1) * sizeof *members);
    if (!polys || !members) {
        free(polys);
        free(members);
        return ZKI_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < L->n_opens; i++) {
        const zki_plonk_open *o = &L->opens[i];
        zki_shplonk_poly *p = &polys[i];
        p->t = o->t;
        if (o->kind == ZKI_P_T) {
            p->c = P->quot;
            p->len = (size_t)L->n_t * P->n;
            continue;
        }
        /* a preprocessed pack's members from the key, a witness pack's from the rounds */
        for (uint32_t m = 0; m < o->t; m++) {
            const zki_plonk_member *pm = &L->pack_members[o->member_first + m];
            size_t len;
            members[o->member_first + m] = o->kind == ZKI_P_PACK ? zki_pk_member_coeffs(P->pk, pm)
                                                                 : poly_coeffs(P, pm->kind, pm->index, &len);
        }
        p->members = &members[o->member_first];
        p->c = o->t == 1 ? p->members[0] : NULL; /* a pack of one is its member */
        p->len = (size_t)o->t * P->n;
    }
    zki_status st = zki_shplonk_open(P->pk, polys, zeta, tr, out, P->threads);
    free(polys);
    free(members);
    return st;
}

/* Round 1's multiplicities m_l (usable rows counted, blinding rows random) and their
 * coefficients; not yet committed. */
static zki_status lookup_multiplicities(prover *P, rng_t *rng, zki_fr **scratch) {
    const zki_cs *cs = P->cs;
    zki_status st;
    for (uint32_t l = 0; l < cs->n_lookups; l++)
        if ((st = multiplicities(P, &cs->lookups[l], P->m_v + l * P->n, scratch)) != ZKI_OK) return st;
    return blind_interpolate(P, rng, P->m_v, P->m_c, cs->n_lookups, 1);
}

zki_status zki_prove(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                     uint8_t *proof, size_t proof_cap, zki_rng_fn rng, void *rng_ctx, unsigned n_threads) {
    return zki_prove_ex(pk, advice, public_inputs, proof, proof_cap, rng, rng_ctx, n_threads, 0);
}

zki_status zki_prove_ex(const zki_pk *pk, const zki_fr *advice, const zki_fr *public_inputs,
                        uint8_t *proof, size_t proof_cap, zki_rng_fn rngf, void *rng_ctx,
                        unsigned n_threads, unsigned flags) {
    return zki_prove_late(pk, advice, NULL, NULL, public_inputs, proof, proof_cap, rngf, rng_ctx, n_threads, flags);
}

zki_status zki_prove_late(const zki_pk *pk, const zki_fr *advice, zki_late_fn late, void *late_ctx,
                          const zki_fr *public_inputs, uint8_t *proof, size_t proof_cap, zki_rng_fn rngf,
                          void *rng_ctx, unsigned n_threads, unsigned flags) {
    const zki_vk *vk = &pk->vk;
    const zki_cs *cs = &vk->cs;
    const zki_plonk_layout *L = &vk->L;
    size_t proof_len = zki_plonk_proof_size(L, cs);
    if (proof_cap < proof_len) return ZKI_ERR_BUFFER;
    if (!advice || (!public_inputs && L->n_public) || (cs->n_advice_late && !late)) return ZKI_ERR_ARG;
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
    unsigned nts = 0;
    zki_fr **tscratch = scratch_alloc(&P, &nts), *tmp = alloc_fr(4 * n + 4);

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
    P.t_c = alloc_fr(L->shplonk ? 0 : L->n_t * (n + 1)); /* SHPLONK: the quotient stays whole in P.quot */
    P.dpow = alloc_fr(cs->n_perm_cols + 1);
    if (!tscratch || !tmp || !P.adv_v || !P.adv_c || !P.inst_v || !P.inst_c || !P.m_v || !P.m_c ||
        !P.z_v || !P.z_c || !P.phi_v || !P.phi_c || !P.t_c || !P.dpow)
        goto out;
    {
        zki_fr delta;
        zki_plonk_delta(&delta);
        zki_fr_set_one(&P.dpow[0]);
        for (uint32_t k = 1; k < cs->n_perm_cols; k++) zki_fr_mul(&P.dpow[k], &P.dpow[k - 1], &delta);
    }

    double tt[2] = {0, 0};
    trace(tt, NULL);
    /* transcript: label, VK digest, public inputs */
    const char *label = zki_plonk_label(L);
    if ((st = zki_transcript_init(&tr, (const uint8_t *)label, strlen(label))) != ZKI_OK) goto out;
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

    /* round 1: advice (usable rows from the caller, the rest random), multiplicities;
     * with late columns: the early ones, the circuit's challenges, then the late ones
     * (filled by the caller's function now that the challenges are known) */
    {
        uint32_t early = cs->n_advice - cs->n_advice_late;
        for (uint32_t j = 0; j < early; j++) memcpy(P.adv_v + j * n, advice + j * n, u * sizeof(zki_fr));
        if ((st = blind_interpolate(&P, &rng, P.adv_v, P.adv_c, early, 1)) != ZKI_OK) goto out;
        trace(tt, "advice interpolation");
        /* SHPLONK (§4.7): witness packs; S1 holds m too when there are no late columns */
        if (L->shplonk && !cs->n_advice_late) {
            if ((st = lookup_multiplicities(&P, &rng, tscratch)) != ZKI_OK) goto out;
            trace(tt, "lookup multiplicities");
        }
        if (L->shplonk) st = commit_wpacks(&P, &tr, 0, L->wpack_seq_end[0], &out);
        else st = commit_absorb_values(&P, &tr, P.adv_v, P.adv_c, early, &out);
        if (st != ZKI_OK) goto out;
        trace(tt, "advice commitments");
        if (cs->n_advice_late) {
            for (uint32_t i = 0; i < cs->n_challenges; i++) zki_transcript_squeeze_fr(&tr, &P.ch.c[i]);
            if ((st = late(late_ctx, P.ch.c, P.adv_v)) != ZKI_OK) goto out;
            zki_fr *lv = P.adv_v + (size_t)early * n, *lc = P.adv_c + (size_t)early * n;
            if ((st = blind_interpolate(&P, &rng, lv, lc, cs->n_advice_late, 1)) != ZKI_OK) goto out;
            if (!L->shplonk && (st = commit_absorb_values(&P, &tr, lv, lc, cs->n_advice_late, &out)) != ZKI_OK)
                goto out;
            trace(tt, "late advice");
        }
    }
    if (!L->shplonk || cs->n_advice_late) {
        if ((st = lookup_multiplicities(&P, &rng, tscratch)) != ZKI_OK) goto out;
        if (L->shplonk) st = commit_wpacks(&P, &tr, L->wpack_seq_end[0], L->wpack_seq_end[1], &out);
        else st = commit_absorb_values(&P, &tr, P.m_v, P.m_c, cs->n_lookups, &out);
        if (st != ZKI_OK) goto out;
        trace(tt, "lookup multiplicities");
    }

    /* round 2 */
    zki_transcript_squeeze_fr(&tr, &P.ch.theta);
    zki_transcript_squeeze_fr(&tr, &P.ch.beta);
    zki_transcript_squeeze_fr(&tr, &P.ch.gamma);
    zki_transcript_squeeze_fr(&tr, &P.ch.lambda);

    /* round 3: permutation products (row u is computed, not random), logUp sums */
    if ((st = permutation_products(&P, tmp, tmp + 2 * n)) != ZKI_OK) goto out;
    trace(tt, "permutation products");
    if ((st = blind_interpolate(&P, &rng, P.z_v, P.z_c, L->n_z, 0)) != ZKI_OK) goto out;
    if (!L->shplonk && (st = commit_absorb(&P, &tr, P.z_c, L->n_z, n, n, &out)) != ZKI_OK) goto out;
    trace(tt, "permutation commitments");
    if ((st = logup_sums(&P, tmp, tmp + 2 * n, tscratch)) != ZKI_OK) goto out;
    trace(tt, "logUp sums");
    if ((st = blind_interpolate(&P, &rng, P.phi_v, P.phi_c, cs->n_lookups, 0)) != ZKI_OK) goto out;
    /* SHPLONK (§4.7): S3's witness packs, z then φ */
    if (L->shplonk) st = commit_wpacks(&P, &tr, L->wpack_seq_end[1], L->n_wpacks, &out);
    else st = commit_absorb(&P, &tr, P.phi_c, cs->n_lookups, n, n, &out);
    if (st != ZKI_OK) goto out;
    trace(tt, "logUp commitments");

    /* round 4: quotient, split into chunks t_i + b_i X^n - b_{i-1} */
    zki_transcript_squeeze_fr(&tr, &P.ch.y);
    /* the values on H are not read again (the quotient works on coset values, the
     * evaluations and openings on coefficients): free them before the peak */
    {
        zki_fr **vals[] = {&P.adv_v, &P.inst_v, &P.m_v, &P.z_v, &P.phi_v};
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
            free(*vals[i]);
            *vals[i] = NULL;
        }
    }
    if ((st = quotient(&P)) != ZKI_OK) goto out;
    trace(tt, "quotient");
    if (L->shplonk) {
        /* SHPLONK: [T] over all n_t·n coefficients, no chunk blinding (§4.7) */
        if ((st = commit_absorb(&P, &tr, P.quot, 1, 0, (size_t)L->n_t * n, &out)) != ZKI_OK) goto out;
    } else {
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
    if (!L->shplonk && (st = commit_absorb(&P, &tr, P.t_c, L->n_t, n + 1, n + 1, &out)) != ZKI_OK) goto out;
    trace(tt, "quotient commitments");
    if (rng.failed) {
        st = ZKI_ERR_IO;
        goto out;
    }

    /* round 5: evaluations at ζ·ω^rot of every query; the quotient chunks are not
     * evaluated (the verifier derives T(ζ) = C(ζ)/Z_H(ζ)) */
    zki_fr zeta;
    zki_transcript_squeeze_fr(&tr, &zeta);
    zki_fr *evals = tmp; /* n_queries <= 4n here is ample; checked below */
    if (L->n_queries > 4 * n) {
        st = ZKI_ERR_SIZE;
        goto out;
    }
    {
        eval_job EJ = {&P, &zeta, evals};
        zki_parallel_for(L->n_queries, n_threads, eval_range, &EJ);
    }
    for (uint32_t q = 0; q < L->n_queries; q++) {
        zki_transcript_absorb_fr(&tr, &evals[q]);
        zki_fr_to_bytes(out, &evals[q]);
        out += 32;
    }

    if (!P.unchecked) {
        /* a gate the witness fails (the copies and lookups were checked before) */
        int ok = check_at_zeta(&P, &zeta, evals);
        if (ok <= 0) {
            st = ok < 0 ? ZKI_ERR_NOMEM : ZKI_ERR_ARG;
            goto out;
        }
    }
    trace(tt, "evaluations");
    if (L->shplonk) {
        st = open_shplonk(&P, &zeta, &tr, out);
        if (st != ZKI_OK) goto out;
        out += 128;
        trace(tt, "opening witnesses W, W'");
        st = (size_t)(out - proof) == proof_len ? ZKI_OK : ZKI_ERR_SIZE;
        goto out;
    }
    /* round 6: one witness per point for F = Σ v^i P_i over the queries at that point;
     * at ζ, after its queries, the combined quotient Σ_i ζ^(n·i)·T'_i with weight
     * v^t_vpow (docs/PROTOCOL.md §4.5) */
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
        size_t max_terms = (size_t)L->n_queries + L->n_t;
        const zki_fr **tc = malloc(max_terms * sizeof *tc);
        size_t *tl = malloc(max_terms * sizeof *tl);
        zki_fr *tw = alloc_fr(max_terms);
        if (!tc || !tl || !tw) {
            free(tc);
            free(tl);
            free(tw);
            st = ZKI_ERR_NOMEM;
            goto out;
        }
        for (uint32_t p = 0; p < L->n_points && st == ZKI_OK; p++) {
            combine_job CJ = {F, tc, tl, tw, 0};
            zki_fr vp;
            zki_fr_set_one(&vp);
            for (uint32_t q = 0; q < L->n_queries; q++) {
                if (L->queries[q].rot != L->points[p]) continue;
                tc[CJ.n_terms] = poly_coeffs(&P, L->queries[q].kind, L->queries[q].index, &tl[CJ.n_terms]);
                tw[CJ.n_terms++] = vp;
                zki_fr_mul(&vp, &vp, &v);
            }
            if (L->points[p] == 0) {
                /* vp = v^t_vpow here; chunk i gets v^t_vpow·ζ^(n·i) */
                zki_fr zn;
                uint64_t en[4] = {n, 0, 0, 0};
                zki_fr_pow(&zn, &zeta, en);
                for (uint32_t i = 0; i < L->n_t; i++) {
                    tc[CJ.n_terms] = poly_coeffs(&P, ZKI_P_T, i, &tl[CJ.n_terms]);
                    tw[CJ.n_terms++] = vp;
                    zki_fr_mul(&vp, &vp, &zn);
                }
            }
            memset(F, 0, (n + 1) * sizeof(zki_fr));
            zki_parallel_for(n + 1, n_threads, combine_range, &CJ);
            zki_fr pt, carry, t;
            rotate(&pt, &zeta, L->points[p], &pk->dom);
            /* synthetic division by (X - pt): W has n coefficients (the remainder, F(pt),
             * is the claimed combined value and is not needed) */
            zki_fr_set_zero(&carry);
            for (size_t k = n; k >= 1; k--) {
                zki_fr_mul(&t, &carry, &pt);
                zki_fr_add(&carry, &F[k], &t);
                W[k - 1] = carry;
            }
            zki_g1_aff wc;
            if ((st = zki_plonk_commit(&wc, pk->srs_g1, W, n, n_threads)) != ZKI_OK) break;
            zki_g1_aff_to_bytes(out, &wc);
            out += 64;
        }
        free(tc);
        free(tl);
        free(tw);
        if (st != ZKI_OK) goto out;
    }
    trace(tt, "opening witnesses");
    st = (size_t)(out - proof) == proof_len ? ZKI_OK : ZKI_ERR_SIZE;
out:
    scratch_free(tscratch, nts);
    free(tmp);
    prover_free(&P);
    return st;
}
