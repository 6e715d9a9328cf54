/* Fixed-base scalar multiplication by the G1 generator for generated scalars
 * (method: fixed_base.h). Moved out of srs.c so the development SRS and the
 * development Lagrange basis share it. */
#include "fixed_base.h"

#include <stdlib.h>
#include <string.h>

#include "parallel.h"

/* Scalars are < r < 2^254. */
#define FB_SCALAR_BITS 254
/* Window bits: 32 windows × 255 points (512 KiB of table). 10- and 12-bit windows
 * (26 and 22 additions per point, 1.7 and 5.8 MiB of table) measured no faster at
 * 2^16 and 2^18 on a 2-core machine: the saved additions went to cache misses. */
#define FB_WINDOW_BITS 8
#define FB_BLOCK ZKI_FIXED_BASE_BLOCK

/* Per-worker scratch for one block. */
typedef struct {
    zki_fr *fr, *fr_tmp; /* the block's scalars from the generator, and its scratch */
    uint64_t (*k)[4];    /* the same scalars as plain limbs */
    zki_g1_aff *acc;     /* running sums (affine; (0,0) = nothing added yet) */
    zki_fq *den, *inv;   /* denominators of the pending additions and their inverses */
    uint32_t *idx;       /* which accumulator each pending addition belongs to */
} fb_scratch;

typedef struct {
    unsigned c, n_win;     /* window bits, number of windows */
    size_t per_win;        /* 2^c − 1 table entries per window */
    zki_g1_aff *table;     /* n_win · per_win affine points */
    zki_g1 *jac;           /* n_win · per_win Jacobian points (table build only) */
    zki_fixed_base_gen gen;
    void *gen_ctx;
    zki_g1_aff *out;
    fb_scratch *scratch;   /* one per worker */
} fb_ctx;

/* Bits [pos, pos + c) of the 256-bit little-endian integer k (c <= 16). */
static unsigned digit(const uint64_t k[4], unsigned pos, unsigned c) {
    unsigned limb = pos / 64, sh = pos % 64;
    uint64_t v = k[limb] >> sh;
    if (sh + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - sh);
    return (unsigned)(v & ((1u << c) - 1));
}

/* Worker for windows [begin, end): T[w][d−1] = d·2^{cw}·G. */
static void table_worker(void *vctx, size_t begin, size_t end, unsigned thread) {
    fb_ctx *ctx = vctx;
    (void)thread;
    zki_g1_aff g;
    zki_g1_generator(&g);
    for (size_t w = begin; w < end; w++) {
        zki_g1 base;
        zki_g1_from_aff(&base, &g);
        for (size_t j = 0; j < (size_t)ctx->c * w; j++) zki_g1_dbl(&base, &base);
        zki_g1_aff base_aff;
        zki_g1_to_aff(&base_aff, &base);
        zki_g1 *row = ctx->jac + w * ctx->per_win;
        zki_g1_from_aff(&row[0], &base_aff);
        for (size_t d = 1; d < ctx->per_win; d++) zki_g1_add_aff(&row[d], &row[d - 1], &base_aff);
        zki_g1s_to_aff(ctx->table + w * ctx->per_win, row, ctx->per_win);
    }
}

/* acc = acc + p when acc.x == p.x: a doubling or infinity. Never happens for random
 * scalars (it needs two partial sums of digits to collide), so it may be slow. */
static void add_same_x(zki_g1_aff *acc, const zki_g1_aff *p) {
    zki_g1 j;
    zki_g1_from_aff(&j, acc);
    zki_g1_add_aff(&j, &j, p);
    zki_g1_to_aff(acc, &j);
}

/* out[0..cnt) = k_j·G for the block's scalars, by affine additions whose slopes'
 * denominators are inverted together per window (Montgomery's trick): about 6
 * multiplications per addition instead of the 11 of a mixed Jacobian one. */
static void fb_block(const fb_ctx *ctx, fb_scratch *s, zki_g1_aff *out, size_t cnt) {
    for (size_t j = 0; j < cnt; j++) memset(&s->acc[j], 0, sizeof s->acc[j]);
    for (unsigned w = 0; w < ctx->n_win; w++) {
        const zki_g1_aff *row = ctx->table + w * ctx->per_win;
        size_t m = 0;
        for (size_t j = 0; j < cnt; j++) {
            unsigned d = digit(s->k[j], w * ctx->c, ctx->c);
            if (!d) continue;
            const zki_g1_aff *p = &row[d - 1];
            if (zki_g1_aff_is_inf(&s->acc[j])) { s->acc[j] = *p; continue; }
            zki_fq_sub(&s->den[m], &p->x, &s->acc[j].x);
            if (zki_fq_is_zero(&s->den[m])) { add_same_x(&s->acc[j], p); continue; }
            s->idx[m++] = (uint32_t)j;
        }
        zki_fq_batch_inv(s->inv, s->den, m);
        for (size_t t = 0; t < m; t++) {
            size_t j = s->idx[t];
            zki_g1_aff *a = &s->acc[j];
            const zki_g1_aff *p = &row[digit(s->k[j], w * ctx->c, ctx->c) - 1];
            zki_fq l, x3, y3;
            zki_fq_sub(&l, &p->y, &a->y);
            zki_fq_mul(&l, &l, &s->inv[t]);
            zki_fq_sqr(&x3, &l);
            zki_fq_sub(&x3, &x3, &a->x);
            zki_fq_sub(&x3, &x3, &p->x);
            zki_fq_sub(&y3, &a->x, &x3);
            zki_fq_mul(&y3, &y3, &l);
            zki_fq_sub(&a->y, &y3, &a->y);
            a->x = x3;
        }
    }
    memcpy(out, s->acc, cnt * sizeof *out);
}

/* Worker for points [begin, end). */
static void points_worker(void *vctx, size_t begin, size_t end, unsigned thread) {
    fb_ctx *ctx = vctx;
    fb_scratch *s = &ctx->scratch[thread];
    for (size_t i = begin; i < end; i += FB_BLOCK) {
        size_t cnt = end - i < FB_BLOCK ? end - i : FB_BLOCK;
        ctx->gen(ctx->gen_ctx, s->fr, s->fr_tmp, i, cnt);
        for (size_t j = 0; j < cnt; j++) zki_fr_to_limbs(s->k[j], &s->fr[j]);
        fb_block(ctx, s, ctx->out + i, cnt);
    }
}

static void scratch_free(fb_scratch *s, unsigned n) {
    for (unsigned i = 0; s && i < n; i++) {
        free(s[i].fr);
        free(s[i].fr_tmp);
        free(s[i].k);
        free(s[i].acc);
        free(s[i].den);
        free(s[i].inv);
        free(s[i].idx);
    }
    free(s);
}

static fb_scratch *scratch_new(unsigned n) {
    fb_scratch *s = calloc(n, sizeof *s);
    if (!s) return NULL;
    for (unsigned i = 0; i < n; i++) {
        s[i].fr = malloc(FB_BLOCK * sizeof *s[i].fr);
        s[i].fr_tmp = malloc(FB_BLOCK * sizeof *s[i].fr_tmp);
        s[i].k = malloc(FB_BLOCK * sizeof *s[i].k);
        s[i].acc = malloc(FB_BLOCK * sizeof *s[i].acc);
        s[i].den = malloc(FB_BLOCK * sizeof *s[i].den);
        s[i].inv = malloc(FB_BLOCK * sizeof *s[i].inv);
        s[i].idx = malloc(FB_BLOCK * sizeof *s[i].idx);
        if (!s[i].fr || !s[i].fr_tmp || !s[i].k || !s[i].acc || !s[i].den || !s[i].inv || !s[i].idx) {
            scratch_free(s, n);
            return NULL;
        }
    }
    return s;
}

zki_status zki_g1s_fixed_base(zki_g1_aff *out, size_t n, zki_fixed_base_gen gen, void *gen_ctx,
                              unsigned n_threads) {
    if (n == 0) return ZKI_OK;
    if (!out || !gen) return ZKI_ERR_ARG;
    fb_ctx ctx;
    ctx.c = FB_WINDOW_BITS;
    ctx.n_win = (FB_SCALAR_BITS + ctx.c - 1) / ctx.c;
    ctx.per_win = ((size_t)1 << ctx.c) - 1;
    ctx.gen = gen;
    ctx.gen_ctx = gen_ctx;
    ctx.out = out;
    unsigned nt = zki_parallel_threads(n_threads);
    ctx.table = malloc(ctx.n_win * ctx.per_win * sizeof *ctx.table);
    ctx.jac = malloc(ctx.n_win * ctx.per_win * sizeof *ctx.jac);
    ctx.scratch = scratch_new(nt);
    if (!ctx.table || !ctx.jac || !ctx.scratch) {
        free(ctx.table);
        free(ctx.jac);
        scratch_free(ctx.scratch, nt);
        return ZKI_ERR_NOMEM;
    }
    zki_parallel_for(ctx.n_win, nt, table_worker, &ctx);
    free(ctx.jac);
    zki_parallel_for(n, nt, points_worker, &ctx);
    free(ctx.table);
    scratch_free(ctx.scratch, nt);
    return ZKI_OK;
}
