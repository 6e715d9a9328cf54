/* The AVX-512 IFMA back end of the NTT: eight butterflies at a time.
 *
 * Representation. A vector "fv" holds eight elements of Fr as five 8-lane
 * vectors l[0..4]; lane j of l[k] holds bits 52k .. 52k+51 of element j, so an
 * element is Σ l[k]·2^(52k), up to 260 bits. "Normalized" means every limb is
 * below 2^52 (VPMADD52* read only the low 52 bits of their factors). Loading
 * eight zki_fr (4×64-bit limbs each, 256 bytes) is a 4×8 transpose with
 * VPERMT2Q followed by shifts; storing is the reverse. Values are never changed
 * by the repacking, only their layout, so the data stay in zki_fr's Montgomery
 * form x·2^256 mod r.
 *
 * Multiplication (fv_mul): Montgomery's product with R' = 2^260, operand scanning
 * in five rounds of 52 bits. Round i adds a·b_i (low and high halves of the
 * 52×52-bit products go to adjacent limbs), then m = t_0·(-r^-1) mod 2^52 (one
 * VPMADD52LUQ, which keeps exactly the low 52 bits) and m·r, after which the low
 * 52 bits of t_0 are zero; its carry moves into t_1 and the limbs shift down by
 * one. Carries are not propagated inside the rounds: a limb receives at most four
 * terms below 2^52 per round over at most five rounds plus one carry, so it stays
 * below 2^57 and cannot overflow 64 bits; a final carry chain normalizes. The
 * result is (a·b + M·r)/2^260 with M < 2^260, so for a < 2^260 (any normalized
 * input) and b < r it is below a·b/2^260 + r < 2r. With a = x·2^256 (data) and
 * b = w·2^260 (a twiddle as stored here) it is x·w·2^256, the usual form: the
 * stored twiddles are the domain's canonical twiddles doubled four times mod r.
 *
 * Butterflies with lazy reduction, as the ADX kernel of ntt.c (Harvey 2014):
 * inputs lo, hi in [0, 4r) (4r < 2^256, so they also fit zki_fr between passes);
 * t = hi·w in [0, 2r); lo reduced to [0, 2r) by one conditional subtraction of 2r;
 * lo' = lo + t < 4r and hi' = lo - t + 2r in (0, 4r). Additions are limb-wise
 * then normalized by a carry chain (arithmetic shifts for the difference, whose
 * limbs may be negative while the total is positive). Block 0's twiddle is 1:
 * its butterflies use t = hi reduced to [0, 2r) without a product.
 *
 * Schedule: the caller's block (a chunk or a panel of rows) is loaded once into
 * the scratch in vector form, all its levels run there, and it is stored back.
 * Vector v holds elements 8v .. 8v+7 (row-major), so at levels whose half-block
 * h is at least 8 a butterfly pairs vector k with vector k + h/8, and all eight
 * lanes share the block's twiddle (one broadcast per block). The last three
 * levels (h = 4, 2, 1) pair lanes inside a vector: two adjacent vectors A, B are
 * permuted into L (the eight "lo" lanes) and H (the eight "hi" lanes), one vector
 * butterfly runs with a per-lane twiddle vector, and the inverse permutation
 * restores A, B. The twiddle table is stored in groups of eight entries, limb by
 * limb, so those per-lane twiddles (up to eight consecutive entries, which at
 * these levels always lie in one group) are one VPERMQ per limb.
 *
 * Why the results are bit-identical to the scalar path: every operation is exact
 * arithmetic modulo r on representatives (each product is congruent to the true
 * product, each bound above keeps the representatives in range), and the final
 * normalization in ntt.c maps a representative in [0, 4r) to the unique canonical
 * value. So both paths compute the same field elements, and canonical elements
 * have one encoding.
 *
 * Stack slots. Buffers whose address is taken (the tmp groups below) are
 * declared at function scope, never inside a loop body: gcc 12 at -O3 can hoist
 * the address of a loop-scoped array out of the loop and then, treating the
 * array as dead after the end of the first iteration's scope, give its stack
 * slot to another variable that is live at the same time (a known gcc
 * stack-slot-sharing bug; it miscompiled the mul8 test, whose expected values
 * shared a slot with a byte buffer).
 */
#include "ntt_ifma.h"

#ifdef ZKI_NTT_HAVE_IFMA
#include <immintrin.h>
#include <string.h>

#include "v52.h"

#define IF_FN static inline __attribute__((always_inline, target("avx512f,avx512ifma")))
#define IF_TARGET __attribute__((target("avx512f,avx512ifma")))

#define M52 0xfffffffffffffULL

static const uint64_t if_p[5] = {0x1f593f0000001ULL, 0x4879b9709143eULL, 0x181585d2833e8ULL, 0xa029b85045b68ULL,
                                 0x30644e72e131ULL};
static const uint64_t if_2p[5] = {0x3eb27e0000002ULL, 0x90f372e12287cULL, 0x302b0ba5067d0ULL, 0x405370a08b6d0ULL,
                                  0x60c89ce5c263ULL};
static const uint64_t if_rinv = 0x1f593efffffffULL; /* -r^-1 mod 2^52 */

/* the shared 52-bit-limb arithmetic (v52.h) with r's constants */
typedef zki_v52 fv;

/* o = a·b/2^260 mod r in [0, 2r) (see v52.h); x - m if x >= m; 16·x in place */
IF_FN void fv_mul(fv *o, const fv *a, const fv *b) { zki_v52_mont(o, a, b, if_p, if_rinv); }
IF_FN void fv_csub(fv *x, const uint64_t m[5]) { zki_v52_csub(x, m); }
IF_FN void fv_shl4(fv *x) { zki_v52_shl4(x, x); }
/* eight consecutive zki_fr <-> fv */
IF_FN void fv_load(fv *o, const zki_fr *src) { zki_v52_load(o, src); }
IF_FN void fv_store(zki_fr *dst, const fv *x) { zki_v52_store(dst, x); }

/* ---------------------------------------------------------------- arithmetic */

/* lo, hi <- x + t, x - t + 2r, normalized; x, t normalized in [0, 2r). */
IF_FN void fv_addsub(fv *lo, fv *hi, const fv *x, const fv *t) {
    const __m512i mask = _mm512_set1_epi64((long long)M52);
    __m512i s[5], d[5];
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        s[k] = _mm512_add_epi64(x->l[k], t->l[k]);
        d[k] = _mm512_add_epi64(_mm512_sub_epi64(x->l[k], t->l[k]), _mm512_set1_epi64((long long)if_2p[k]));
    }
    #pragma GCC unroll 5
    for (int k = 0; k < 4; k++) {
        s[k + 1] = _mm512_add_epi64(s[k + 1], _mm512_srli_epi64(s[k], 52));
        d[k + 1] = _mm512_add_epi64(d[k + 1], _mm512_srai_epi64(d[k], 52));
        lo->l[k] = _mm512_and_si512(s[k], mask);
        hi->l[k] = _mm512_and_si512(d[k], mask);
    }
    lo->l[4] = s[4];
    hi->l[4] = d[4];
}

/* (lo, hi) <- (lo + w·hi, lo - w·hi), representatives in [0, 4r); w < r in the
 * 2^260 form. lo and hi must not alias. */
IF_FN void fv_bfly(fv *lo, fv *hi, const fv *w) {
    fv t, x = *lo;
    fv_mul(&t, hi, w);
    fv_csub(&x, if_2p);
    fv_addsub(lo, hi, &x, &t);
}

/* The same for w = 1. */
IF_FN void fv_bfly1(fv *lo, fv *hi) {
    fv t = *hi, x = *lo;
    fv_csub(&t, if_2p);
    fv_csub(&x, if_2p);
    fv_addsub(lo, hi, &x, &t);
}

/* ---------------------------------------------------------------- layout */

/* ---------------------------------------------------------------- twiddles */

/* u (canonical, 2^256 form) -> its 2^260 form split into five 52-bit limbs. */
static void if_to260(uint64_t out[5], const zki_fr *u) {
    zki_fr w = *u;
    for (int i = 0; i < 4; i++) zki_fr_dbl(&w, &w);
    out[0] = w.v[0] & M52;
    out[1] = (w.v[0] >> 52 | w.v[1] << 12) & M52;
    out[2] = (w.v[1] >> 40 | w.v[2] << 24) & M52;
    out[3] = (w.v[2] >> 28 | w.v[3] << 36) & M52;
    out[4] = w.v[3] >> 16;
}

size_t zki_ntt_ifma_tw_words(size_t count) { return (count + 7) / 8 * 40; }

/* 2^264 mod r in limbs: the 2^260 form of 16, so fv_mul(x·2^256, it) = x·2^260. */
static const uint64_t if_16[5] = {0x31f8c9ffffab6ULL, 0xac31329faef6eULL, 0x9e2a3495d7570ULL, 0xe357276f48b70ULL,
                                  0xd791464ef86ULL};

IF_TARGET void zki_ntt_ifma_tw_fill(uint64_t *tw52, const zki_fr *tw, size_t begin, size_t end) {
    /* a group's fv is already the table's layout: lane j of limb k = word 8k + j */
    fv X, C;
    zki_fr tmp[8]; /* function scope: see "Stack slots" above */
#pragma GCC unroll 5
    for (int k = 0; k < 5; k++) C.l[k] = _mm512_set1_epi64((long long)if_16[k]);
    for (size_t i = begin; i < end; i += 8) {
        const zki_fr *in = tw + i;
        if (end - i < 8) { /* the last, partial group: zero lanes */
            memset(tmp, 0, sizeof tmp);
            memcpy(tmp, in, sizeof(zki_fr) * (end - i));
            in = tmp;
        }
        fv_load(&X, in);
        fv_mul(&X, &X, &C);
        fv_csub(&X, if_p);
        for (int k = 0; k < 5; k++) _mm512_store_si512((void *)(tw52 + i / 8 * 40 + (size_t)k * 8), X.l[k]);
    }
}

/* All lanes: entry b. */
IF_FN void fv_tw_bcast(fv *w, const uint64_t *tw52, size_t b) {
    const uint64_t *g = tw52 + b / 8 * 40 + b % 8;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) w->l[k] = _mm512_set1_epi64((long long)g[8 * k]);
}

/* Lane j: entry b + off[j], all within b's group of eight. */
IF_FN void fv_tw_lanes(fv *w, const uint64_t *tw52, size_t b, __m512i off) {
    const uint64_t *g = tw52 + b / 8 * 40;
    const __m512i idx = _mm512_add_epi64(off, _mm512_set1_epi64((long long)(b % 8)));
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) w->l[k] = _mm512_permutexvar_epi64(idx, _mm512_load_si512((const void *)(g + 8 * k)));
}

/* ---------------------------------------------------------------- levels */

/* One of the last three levels (half-block h = 4, 2 or 1) on the adjacent
 * vectors A, B, whose first block at this level is global block b. */
IF_FN void fv_small_level(fv *A, fv *B, unsigned h, size_t b, const uint64_t *tw52) {
    __m512i ilo, ihi, ia, ib, off;
    if (h == 4) { /* blocks of 8: lanes j, j+4 */
        ilo = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
        ihi = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
        ia = ilo;
        ib = ihi;
        off = _mm512_set_epi64(1, 1, 1, 1, 0, 0, 0, 0);
    } else if (h == 2) { /* blocks of 4: lanes j, j+2 */
        ilo = _mm512_set_epi64(13, 12, 9, 8, 5, 4, 1, 0);
        ihi = _mm512_set_epi64(15, 14, 11, 10, 7, 6, 3, 2);
        ia = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
        ib = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
        off = _mm512_set_epi64(3, 3, 2, 2, 1, 1, 0, 0);
    } else { /* blocks of 2: lanes j, j+1 */
        ilo = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
        ihi = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
        ia = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
        ib = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
        off = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    }
    fv L, H, W;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        L.l[k] = _mm512_permutex2var_epi64(A->l[k], ilo, B->l[k]);
        H.l[k] = _mm512_permutex2var_epi64(A->l[k], ihi, B->l[k]);
    }
    fv_tw_lanes(&W, tw52, b, off); /* entry 0 is 1 in the 2^260 form: exact too */
    fv_bfly(&L, &H, &W);
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) {
        A->l[k] = _mm512_permutex2var_epi64(L.l[k], ia, H.l[k]);
        B->l[k] = _mm512_permutex2var_epi64(L.l[k], ib, H.l[k]);
    }
}

IF_TARGET void zki_ntt_ifma_levels(zki_fr *x, size_t rows, size_t cols, size_t stride, unsigned n_lev, size_t base,
                                   const uint64_t *tw52, void *scratch, int canon) {
    fv *S = scratch;
    size_t cv = cols / 8, nv = rows * cv, len = rows * cols;
    for (size_t m = 0; m < rows; m++)
        for (size_t c = 0; c < cv; c++) fv_load(&S[m * cv + c], x + m * stride + 8 * c);
    for (unsigned t = 0; t < n_lev; t++) {
        size_t bs = len >> t, h = bs >> 1, n_blk = (size_t)1 << t;
        if (h >= 8) {
            size_t hv = h / 8, bv = bs / 8;
            for (size_t q = 0; q < n_blk; q++) {
                size_t b = (base << t) + q;
                fv *lo = S + q * bv, *hi = lo + hv;
                if (b == 0) {
                    for (size_t k = 0; k < hv; k++) fv_bfly1(&lo[k], &hi[k]);
                } else {
                    fv w;
                    fv_tw_bcast(&w, tw52, b);
                    for (size_t k = 0; k < hv; k++) fv_bfly(&lo[k], &hi[k], &w);
                }
            }
        } else {
            /* one loop per h, so each has its permutations as constants */
            size_t b0 = base << t;
            if (h == 4)
                for (size_t v = 0; v < nv; v += 2) fv_small_level(&S[v], &S[v + 1], 4, b0 + v, tw52);
            else if (h == 2)
                for (size_t v = 0; v < nv; v += 2) fv_small_level(&S[v], &S[v + 1], 2, b0 + 2 * v, tw52);
            else
                for (size_t v = 0; v < nv; v += 2) fv_small_level(&S[v], &S[v + 1], 1, b0 + 4 * v, tw52);
        }
    }
    for (size_t m = 0; m < rows; m++)
        for (size_t c = 0; c < cv; c++) {
            fv *v = &S[m * cv + c];
            if (canon) { /* [0, 4r) -> [0, r) */
                fv_csub(v, if_2p);
                fv_csub(v, if_p);
            }
            fv_store(x + m * stride + 8 * c, v);
        }
}

/* ---------------------------------------------------------------- scaling */

/* All lanes of w: the limbs l. */
IF_FN void fv_set(fv *w, const uint64_t l[5]) {
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) w->l[k] = _mm512_set1_epi64((long long)l[k]);
}

IF_TARGET void zki_ntt_ifma_mul_powers(zki_fr *dst, const zki_fr *src, size_t count, const zki_fr *start,
                                       const zki_fr *step, int canon) {
    /* P holds start·step^(i+j) in lane j (2^260 form), S8 = step^8 (2^260 form).
     * P is refreshed by P·S8 < 2r: then P·S8/2^260 < 2r·r/2^260 < 2^249, so the
     * bound of fv_mul becomes below r + 2^249 < 2r, and the data products
     * src·P/2^260 (src < r) likewise stay below 2r. */
    zki_fr p[8], s8 = *step;
    uint64_t lanes[5][8] __attribute__((aligned(64))), l[5];
    p[0] = *start;
    for (int j = 1; j < 8; j++) zki_fr_mul(&p[j], &p[j - 1], step);
    for (int j = 0; j < 3; j++) zki_fr_sqr(&s8, &s8);
    for (int j = 0; j < 8; j++) {
        if_to260(l, &p[j]);
        #pragma GCC unroll 5
        for (int k = 0; k < 5; k++) lanes[k][j] = l[k];
    }
    fv P, S8, X, Y;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) P.l[k] = _mm512_load_si512((const void *)lanes[k]);
    if_to260(l, &s8);
    fv_set(&S8, l);
    zki_fr tmp[8]; /* function scope: see "Stack slots" above */
    for (size_t i = 0; i < count; i += 8) {
        size_t run = count - i < 8 ? count - i : 8;
        const zki_fr *in = src + i;
        if (run < 8) {
            memset(tmp, 0, sizeof tmp);
            memcpy(tmp, in, sizeof(zki_fr) * run);
            in = tmp;
        }
        fv_load(&X, in);
        fv_mul(&Y, &X, &P);
        if (canon) fv_csub(&Y, if_p);
        if (run < 8) {
            fv_store(tmp, &Y);
            memcpy(dst + i, tmp, sizeof(zki_fr) * run);
        } else {
            fv_store(dst + i, &Y);
        }
        fv_mul(&P, &P, &S8);
    }
}

/* Products of canonical a and b: fv_mul(16·a, b) = a·b·2^-256 + M·r/2^260 with
 * 16·a·b/2^260 < r/4, so below 1.25·r: one conditional subtraction makes it
 * canonical, the value zki_fr_mul gives. */
IF_TARGET void zki_ntt_ifma_vmul(zki_fr *r, const zki_fr *a, const zki_fr *b, size_t n) {
    size_t i = 0;
    fv A, B, R;
    for (; i + 8 <= n; i += 8) {
        fv_load(&A, a + i);
        fv_load(&B, b + i);
        fv_shl4(&A);
        fv_mul(&R, &A, &B);
        fv_csub(&R, if_p);
        fv_store(r + i, &R);
    }
    for (; i < n; i++) zki_fr_mul(&r[i], &a[i], &b[i]);
}

IF_TARGET void zki_ntt_ifma_vmul_s(zki_fr *r, const zki_fr *a, const zki_fr *s, size_t n) {
    size_t i = 0;
    zki_fr c = *s, cs[8];
    fv A, B, R;
    for (int j = 0; j < 8; j++) cs[j] = c;
    fv_load(&B, cs);
    for (; i + 8 <= n; i += 8) {
        fv_load(&A, a + i);
        fv_shl4(&A);
        fv_mul(&R, &A, &B);
        fv_csub(&R, if_p);
        fv_store(r + i, &R);
    }
    for (; i < n; i++) zki_fr_mul(&r[i], &a[i], &c);
}

IF_TARGET void zki_ntt_ifma_mul8(zki_fr r[8], const zki_fr a[8], const zki_fr b[8]) {
    uint64_t lanes[5][8] __attribute__((aligned(64))), l[5];
    for (int j = 0; j < 8; j++) {
        if_to260(l, &b[j]);
        #pragma GCC unroll 5
        for (int k = 0; k < 5; k++) lanes[k][j] = l[k];
    }
    fv A, B, R;
    #pragma GCC unroll 5
    for (int k = 0; k < 5; k++) B.l[k] = _mm512_load_si512((const void *)lanes[k]);
    fv_load(&A, a);
    fv_mul(&R, &A, &B);
    fv_csub(&R, if_p);
    fv_store(r, &R);
}
#endif
