/* The Lagrange basis of the SRS: G1 inverse NTT, the development fast path and the
 * consistency check (lagrange.h). */
#include "lagrange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixed_base.h"
#include "g1_batch.h"
#include "keccak.h"
#include "msm.h"
#include "parallel.h"

/* Points per lockstep batch of a thread: each of the ~390 steps of a batch costs one
 * field inversion (about 350 multiplications), so batches must be large. Measured
 * per multiplication (2-core EPYC, one thread): 40 us at 256, 35 at 512, 33 from
 * 1024 to 8192; 2048 points use about 2.7 MiB of scratch per thread. */
#define INTT_BATCH 2048

static size_t bitrev(size_t x, unsigned bits) {
    size_t r = 0;
    for (unsigned i = 0; i < bits; i++, x >>= 1) r = (r << 1) | (x & 1);
    return r;
}

/* ---------------------------------------------------------------- G1 inverse NTT */

typedef struct {
    zki_g1_batch_ws ws;
    zki_g1_aff *buf;              /* 2·batch gathered points: lo then hi */
    const zki_glv_scalar **k;     /* batch scalar pointers */
} intt_thread;

typedef struct {
    zki_g1_aff *a;
    size_t n, h;                  /* size; half-size of the current level's blocks */
    unsigned h_log;
    int last;                     /* the last level: both halves scaled by 1/n */
    size_t batch;
    zki_fr *z;                    /* twiddles Z[b] = ω^{−bitrev(b)}, b < n/2 */
    zki_glv_scalar *tw, *tw_last; /* split Z[b] and Z[b]/n */
    zki_glv_scalar ninv;          /* split 1/n */
    zki_fr ninv_fr;
    intt_thread *thr;
} intt_ctx;

static void split_worker(void *vctx, size_t begin, size_t end, unsigned thread) {
    intt_ctx *c = vctx;
    (void)thread;
    for (size_t b = begin; b < end; b++) {
        zki_fr t;
        zki_glv_split(&c->tw[b], &c->z[b]);
        zki_fr_mul(&t, &c->z[b], &c->ninv_fr);
        zki_glv_split(&c->tw_last[b], &t);
    }
}

/* Butterflies [begin, end) of the current level: q = b·h + j is the j-th butterfly
 * of block b, on points 2hb + j and 2hb + j + h:
 *     (x, y) -> (x + Z[b]·y, x − Z[b]·y),  both halves times 1/n on the last level. */
static void level_worker(void *vctx, size_t begin, size_t end, unsigned thread) {
    intt_ctx *c = vctx;
    intt_thread *T = &c->thr[thread];
    size_t per = c->last ? c->batch / 2 : c->batch;
    for (size_t q0 = begin; q0 < end; q0 += per) {
        size_t cnt = end - q0 < per ? end - q0 : per;
        zki_g1_aff *lo = T->buf, *hi = T->buf + cnt;
        for (size_t t = 0; t < cnt; t++) {
            size_t q = q0 + t, b = q >> c->h_log, j = q & (c->h - 1), li = 2 * c->h * b + j;
            lo[t] = c->a[li];
            hi[t] = c->a[li + c->h];
            if (c->last) {
                T->k[t] = &c->ninv;
                T->k[cnt + t] = &c->tw_last[b];
            } else {
                T->k[t] = b ? &c->tw[b] : NULL; /* Z[0] = 1 */
            }
        }
        if (c->last) zki_g1s_mul_glv(lo, lo, T->k, 2 * cnt, &T->ws);
        else zki_g1s_mul_glv(hi, hi, T->k, cnt, &T->ws);
        zki_g1s_add_sub(lo, hi, lo, hi, cnt, &T->ws);
        for (size_t t = 0; t < cnt; t++) {
            size_t q = q0 + t, b = q >> c->h_log, j = q & (c->h - 1), li = 2 * c->h * b + j;
            c->a[li] = lo[t];
            c->a[li + c->h] = hi[t];
        }
    }
}

zki_status zki_g1s_intt(zki_g1_aff *out, const zki_g1_aff *in, unsigned log_n, unsigned n_threads) {
    if (!out || !in) return ZKI_ERR_ARG;
    if (log_n > ZKI_LAGRANGE_MAX_LOG) return ZKI_ERR_SIZE;
    size_t n = (size_t)1 << log_n;
    if (out != in) memmove(out, in, n * sizeof *out);
    if (n == 1) return ZKI_OK; /* L_0 = 1 */

    intt_ctx c;
    memset(&c, 0, sizeof c);
    c.a = out;
    c.n = n;
    c.batch = n < INTT_BATCH ? n : INTT_BATCH;
    unsigned nt = zki_parallel_threads(n_threads);
    if (nt > n / 2) nt = (unsigned)(n / 2);
    zki_status st = ZKI_ERR_NOMEM;
    c.z = malloc(n / 2 * sizeof *c.z);
    c.tw = malloc(n / 2 * sizeof *c.tw);
    c.tw_last = malloc(n / 2 * sizeof *c.tw_last);
    c.thr = calloc(nt, sizeof *c.thr);
    if (!c.z || !c.tw || !c.tw_last || !c.thr) goto out;
    for (unsigned t = 0; t < nt; t++) {
        if (zki_g1_batch_ws_init(&c.thr[t].ws, c.batch) != ZKI_OK) goto out;
        c.thr[t].buf = malloc(2 * c.batch * sizeof *c.thr[t].buf);
        c.thr[t].k = malloc(c.batch * sizeof *c.thr[t].k);
        if (!c.thr[t].buf || !c.thr[t].k) goto out;
    }

    /* twiddles: powers of ω^{−1} placed at their bit-reversed indices */
    zki_fr w, winv, p, nfr;
    zki_fr_root_of_unity(&w, log_n);
    zki_fr_inv(&winv, &w);
    zki_fr_set_one(&p);
    for (size_t e = 0; e < n / 2; e++) {
        c.z[bitrev(e, log_n - 1)] = p;
        zki_fr_mul(&p, &p, &winv);
    }
    zki_fr_set_u64(&nfr, n);
    zki_fr_inv(&c.ninv_fr, &nfr);
    zki_glv_split(&c.ninv, &c.ninv_fr);
    zki_parallel_for(n / 2, nt, split_worker, &c);

    for (unsigned l = 0; l < log_n; l++) {
        c.h_log = log_n - 1 - l;
        c.h = (size_t)1 << c.h_log;
        c.last = l + 1 == log_n;
        zki_parallel_for(n / 2, nt, level_worker, &c);
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = bitrev(i, log_n);
        if (j > i) {
            zki_g1_aff t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
    st = ZKI_OK;
out:
    if (c.thr)
        for (unsigned t = 0; t < nt; t++) {
            zki_g1_batch_ws_free(&c.thr[t].ws);
            free(c.thr[t].buf);
            free(c.thr[t].k);
        }
    free(c.thr);
    free(c.z);
    free(c.tw);
    free(c.tw_last);
    return st;
}

/* ---------------------------------------------------------------- check */

/* 32 bytes from the OS; zeros if /dev/urandom cannot be read (the challenge stays
 * bound to the points through the hash). */
static void os_entropy(uint8_t out[32]) {
    memset(out, 0, 32);
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f) return;
    if (fread(out, 1, 32, f) != 32) memset(out, 0, 32);
    fclose(f);
}

/* ρ: keccak256(tag ‖ keccak256(points) ‖ entropy) mod r, rehashed while ρ^n = 1 (the
 * closed form of the coefficients needs ρ ∉ H). The points are hashed in their
 * in-memory form: ρ never leaves this process. */
static void check_challenge(zki_fr *rho, const zki_g1_aff *lag, const zki_g1_aff *g1, size_t n) {
    static const char tag[] = "zkinfer lagrange basis check v1";
    uint8_t h[32], ent[32];
    zki_keccak_ctx k;
    zki_keccak256_init(&k);
    zki_keccak_update(&k, (const uint8_t *)lag, n * sizeof *lag);
    zki_keccak_update(&k, (const uint8_t *)g1, n * sizeof *g1);
    zki_keccak_final(&k, h);
    os_entropy(ent);
    zki_keccak256_init(&k);
    zki_keccak_update(&k, (const uint8_t *)tag, sizeof tag - 1);
    zki_keccak_update(&k, h, 32);
    zki_keccak_update(&k, ent, 32);
    zki_keccak_final(&k, h);
    for (;;) {
        zki_fr_from_bytes_reduce(rho, h);
        zki_fr t;
        uint64_t e[4] = {n, 0, 0, 0};
        zki_fr_pow(&t, rho, e);
        if (!zki_fr_is_one(&t)) return;
        zki_keccak256(h, h, 32);
    }
}

zki_status zki_lagrange_check(const zki_g1_aff *lagrange, const zki_g1_aff *g1, unsigned log_n,
                              unsigned n_threads) {
    if (!lagrange || !g1) return ZKI_ERR_ARG;
    if (log_n > ZKI_LAGRANGE_MAX_LOG) return ZKI_ERR_SIZE;
    size_t n = (size_t)1 << log_n;
    zki_fr *vals = malloc(n * sizeof *vals), *coef = malloc(n * sizeof *coef), *den = malloc(n * sizeof *den);
    zki_status st = ZKI_ERR_NOMEM;
    if (!vals || !coef || !den) goto out;

    /* values ρ^i on H; coefficients c_j = (1 − ρ^n) / (n (1 − ρ ω^{−j})) */
    zki_fr rho, w, winv, one, num, nfr, t;
    check_challenge(&rho, lagrange, g1, n);
    zki_fr_set_one(&one);
    zki_fr_set_one(&vals[0]);
    for (size_t i = 1; i < n; i++) zki_fr_mul(&vals[i], &vals[i - 1], &rho);
    zki_fr_mul(&num, &vals[n - 1], &rho);
    zki_fr_sub(&num, &one, &num);
    zki_fr_set_u64(&nfr, n);
    zki_fr_root_of_unity(&w, log_n);
    zki_fr_inv(&winv, &w);
    t = rho;
    for (size_t j = 0; j < n; j++) {
        zki_fr_sub(&den[j], &one, &t);
        zki_fr_mul(&den[j], &den[j], &nfr);
        zki_fr_mul(&t, &t, &winv);
    }
    zki_fr_batch_inv(coef, den, n);
    for (size_t j = 0; j < n; j++) zki_fr_mul(&coef[j], &coef[j], &num);

    zki_g1 a, b;
    if ((st = zki_g1s_msm(&a, lagrange, vals, n, n_threads)) != ZKI_OK) goto out;
    if ((st = zki_g1s_msm(&b, g1, coef, n, n_threads)) != ZKI_OK) goto out;
    st = zki_g1_eq(&a, &b) ? ZKI_OK : ZKI_REJECT;
out:
    free(vals);
    free(coef);
    free(den);
    return st;
}

zki_status zki_srs_lagrange(zki_g1_aff *out, const zki_srs *srs, unsigned log_n, unsigned n_threads) {
    if (!out || !srs || !srs->g1) return ZKI_ERR_ARG;
    if (log_n > ZKI_LAGRANGE_MAX_LOG || ((size_t)1 << log_n) > srs->n_g1) return ZKI_ERR_SIZE;
    zki_status st = zki_g1s_intt(out, srs->g1, log_n, n_threads);
    if (st == ZKI_OK) st = zki_lagrange_check(out, srs->g1, log_n, n_threads);
    return st;
}

/* ---------------------------------------------------------------- development path */

typedef struct {
    zki_fr tau, omega, c; /* c = (τ^n − 1)/n */
    int in_domain;        /* τ^n = 1: then L_i(τ) = [τ = ω^i] */
} dev_lag_ctx;

/* k_i = L_i(τ) = ω^i·c / (τ − ω^i) for i in [begin, begin + count). */
static void dev_lagrange_gen(void *vctx, zki_fr *out, zki_fr *scratch, size_t begin, size_t count) {
    const dev_lag_ctx *ctx = vctx;
    zki_fr w;
    uint64_t e[4] = {begin, 0, 0, 0};
    zki_fr_pow(&w, &ctx->omega, e);
    if (ctx->in_domain) {
        for (size_t j = 0; j < count; j++) {
            if (zki_fr_eq(&w, &ctx->tau)) zki_fr_set_one(&out[j]);
            else zki_fr_set_zero(&out[j]);
            zki_fr_mul(&w, &w, &ctx->omega);
        }
        return;
    }
    zki_fr wb = w;
    for (size_t j = 0; j < count; j++) {
        zki_fr_sub(&scratch[j], &ctx->tau, &w);
        zki_fr_mul(&w, &w, &ctx->omega);
    }
    zki_fr_batch_inv(out, scratch, count);
    zki_fr_mul(&w, &wb, &ctx->c);
    for (size_t j = 0; j < count; j++) {
        zki_fr_mul(&out[j], &out[j], &w);
        zki_fr_mul(&w, &w, &ctx->omega);
    }
}

zki_status zki_srs_dev_lagrange(zki_g1_aff *out, unsigned log_n, const uint8_t *seed, size_t seed_len) {
    if (!out || (!seed && seed_len)) return ZKI_ERR_ARG;
    if (log_n > ZKI_LAGRANGE_MAX_LOG) return ZKI_ERR_SIZE;
    size_t n = (size_t)1 << log_n;
    dev_lag_ctx ctx;
    zki_fr one, nfr, ninv;
    zki_srs_dev_tau(&ctx.tau, seed, seed_len);
    zki_fr_root_of_unity(&ctx.omega, log_n);
    uint64_t e[4] = {n, 0, 0, 0};
    zki_fr_pow(&ctx.c, &ctx.tau, e);
    zki_fr_set_one(&one);
    zki_fr_sub(&ctx.c, &ctx.c, &one);
    ctx.in_domain = zki_fr_is_zero(&ctx.c);
    zki_fr_set_u64(&nfr, n);
    zki_fr_inv(&ninv, &nfr);
    zki_fr_mul(&ctx.c, &ctx.c, &ninv);
    return zki_g1s_fixed_base(out, n, dev_lagrange_gen, &ctx, 0);
}
