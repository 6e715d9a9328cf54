/* Internals of the MSM shared by its files (not a public header).
 *
 * What it represents:
 *   zki_msm_scalar  a scalar prepared for windowing: its magnitude |s| < 2^255 as
 *                   plain little-endian limbs, with the sign in bit 255
 *                   (ZKI_MSM_NEG in m[3]); from Fr, |s| <= (r-1)/2 < 2^253.
 *   zki_msm_plan    the shape of one MSM: window width c, number of windows W,
 *                   how each window's points are cut into tasks, buckets per
 *                   window and the accumulation method. It depends only on n, the
 *                   largest magnitude and the options, never on threads.
 *   zki_msm_scratch one worker's memory, sized from a plan, reused across tasks.
 *
 * Signed digits (Booth recoding of width c): window j's digit is
 *   d_j = w_j + b_(jc-1) - 2^c·b_(jc+c-1),
 * with w_j the c-bit window value and b_k bit k of |s| (b_(-1) = 0). The terms
 * telescope, so Σ d_j 2^(jc) = |s| as long as the top window drops its
 * "- 2^c·b" term (nothing above it to carry into). Hence |d_j| <= 2^(c-1) below
 * the top window, and d_top <= (max|s| >> (W-1)c) + 1. Each digit reads only
 * c + 1 bits of the scalar, so windows are independent and computed on the fly.
 */
#ifndef ZKI_MSM_INTERNAL_H
#define ZKI_MSM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "g1_xyzz.h"
#include "msm.h"

#define ZKI_MSM_NEG (1ULL << 63)

/* Points counting-sorted and tree-summed at a time by the batch-affine method:
 * 2^13 keeps a piece (1 MiB of elem) beside c = 16 buckets (2 MiB) near L2; 2^12..2^14
 * measured within 3% of each other at n = 2^20. */
#ifndef ZKI_MSM_SORT_LOG
#define ZKI_MSM_SORT_LOG 13
#endif
#define ZKI_MSM_SORT_LEN ((size_t)1 << ZKI_MSM_SORT_LOG)
/* Affine additions sharing one field inversion. */
#define ZKI_MSM_BATCH 1024
/* Bucket reduction in batch affine: groups stepping together, and the bucket
 * count from which it beats the XYZZ running sum. */
#define ZKI_MSM_RED_GROUPS 512
#define ZKI_MSM_RED_MIN (4 * ZKI_MSM_RED_GROUPS)
/* Below this many points, auto picks XYZZ (an inversion costs ~420 multiplications). */
#define ZKI_MSM_AFFINE_MIN_N 512

typedef struct { uint64_t m[4]; } zki_msm_scalar;

typedef struct {
    unsigned c;         /* window width in bits */
    unsigned windows;   /* W; 0 when every scalar is zero or n == 0 */
    size_t chunks;      /* tasks per window */
    size_t chunk_len;   /* points per task (the last one may be shorter) */
    uint32_t nb;        /* buckets in windows 0 .. W-2: 2^(c-1) */
    uint32_t nb_top;    /* buckets in window W-1 */
    zki_msm_method method; /* XYZZ or BATCH_AFFINE, never AUTO */
} zki_msm_plan;

/* Fills p for n points whose largest scalar magnitude is max_mag (sign bit ignored).
 * o must be valid (checked by the caller); NULL means defaults. */
void zki_msm_plan_make(zki_msm_plan *p, size_t n, const uint64_t max_mag[4], const zki_msm_opts *o);

static inline uint32_t zki_msm_buckets(const zki_msm_plan *p, unsigned window) {
    return window + 1 == p->windows ? p->nb_top : p->nb;
}

/* Bits [pos, pos + len) of |s|, len <= 32, pos < 256. */
static inline uint64_t zki_msm_bits(const zki_msm_scalar *s, unsigned pos, unsigned len) {
    unsigned w = pos >> 6, o = pos & 63;
    uint64_t v = s->m[w];
    if (w == 3) v &= ~ZKI_MSM_NEG;
    v >>= o;
    if (o + len > 64 && w < 3) {
        uint64_t hi = s->m[w + 1];
        if (w + 1 == 3) hi &= ~ZKI_MSM_NEG;
        v |= hi << (64 - o);
    }
    return v & ((1ULL << len) - 1);
}

/* The signed digit of s in window j (sign of s applied); top = (j == W - 1). */
static inline int32_t zki_msm_digit(const zki_msm_scalar *s, unsigned j, unsigned c, int top) {
    uint64_t v = j ? zki_msm_bits(s, j * c - 1, c + 1) : zki_msm_bits(s, 0, c) << 1;
    int32_t d = (int32_t)((v + 1) >> 1);
    if (!top) d -= (int32_t)((v >> c) & 1) << c;
    return (s->m[3] & ZKI_MSM_NEG) ? -d : d;
}

/* A pending affine addition dst = a + b (see zki_msm_batch_add). */
typedef struct {
    zki_g1_aff *dst;
    const zki_g1_aff *a, *b;
} zki_msm_pair;

/* How zki_msm_batch_add treats a pair: an ordinary addition, a doubling (a = b),
 * or an exceptional pair whose result is a copy of a, of b, or infinity. */
enum { ZKI_MSM_PAIR_ADD, ZKI_MSM_PAIR_DBL, ZKI_MSM_PAIR_COPY_A, ZKI_MSM_PAIR_COPY_B, ZKI_MSM_PAIR_INF };

/* One worker's scratch. */
typedef struct {
    void *block;          /* the single allocation behind every array below */
    zki_g1_aff *bucket;   /* batch affine: buckets, (0,0) = empty */
    zki_g1_xyzz *xbucket; /* XYZZ: buckets */
    uint32_t *count;      /* per bucket: points in this piece, then write cursor */
    uint32_t *touched;    /* buckets hit by this piece, in first-hit order */
    int32_t *digit;       /* per point of the piece */
    zki_g1_aff *elem;     /* the piece's points sorted by bucket, bucket value first */
    uint32_t *seg_start, *seg_len, *seg_bucket, *active;
    zki_msm_pair *pair;   /* ZKI_MSM_BATCH pending additions */
    zki_fq *den;          /* their denominators (ZKI_MSM_BATCH) */
    zki_fq *pre;          /* prefix products: ZKI_MSM_BATCH elements of 40 bytes
                           * (room for the IFMA path's 5×52-bit form) */
    uint8_t *kind;        /* ZKI_MSM_PAIR_* per pair */
    zki_g1_aff *red_run, *red_sum; /* ZKI_MSM_RED_GROUPS each (msm_reduce.c) */
} zki_msm_scratch;

/* Returns: ZKI_OK or ZKI_ERR_NOMEM (s zeroed, freeing it is harmless). */
zki_status zki_msm_scratch_alloc(zki_msm_scratch *s, const zki_msm_plan *p);
void zki_msm_scratch_free(zki_msm_scratch *s);

/* out = Σ_{i in [lo,hi)} d_j(scalars[i])·points[i] bucket-reduced for window j, i.e.
 * Σ_k k·(Σ_{|d|=k} ±P_i); the caller scales by 2^(jc). */
void zki_msm_window_affine(zki_g1 *out, const zki_g1_aff *points, const zki_msm_scalar *scalars,
                           size_t lo, size_t hi, unsigned j, const zki_msm_plan *p, zki_msm_scratch *s);
/* dst = a + b for s->pair[0 .. m), m <= ZKI_MSM_BATCH, one inversion (msm_batch.c).
 * Results are written in pair order, each after reading its own inputs and those of
 * the previous pair: a dst may be its pair's a, or an input of an earlier pair. */
void zki_msm_batch_add(zki_msm_scratch *s, size_t m);

/* λ's numerator for an ADD or DBL pair (ZKI_MSM_PAIR_ADD or _DBL): y2 - y1, or 3·x1^2. */
void zki_msm_lambda_num(zki_fq *num, const zki_msm_pair *pr, uint8_t kind);

/* out = Σ_{k<nb} (k+1)·b_k for affine buckets s->bucket / XYZZ buckets b (msm_reduce.c). */
void zki_msm_reduce_affine(zki_g1 *out, zki_msm_scratch *s, uint32_t nb);
void zki_msm_reduce_xyzz(zki_g1 *out, const zki_g1_xyzz *b, uint32_t nb);

void zki_msm_window_xyzz(zki_g1 *out, const zki_g1_aff *points, const zki_msm_scalar *scalars,
                         size_t lo, size_t hi, unsigned j, const zki_msm_plan *p, zki_msm_scratch *s);

#endif
