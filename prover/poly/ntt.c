/* Radix-2 NTT over Fr: domain set-up, the blocked Cooley–Tukey engine and the
 * forward / inverse / coset / extended-coset entry points. See ntt.h for the
 * conventions and the method.
 *
 * Engine invariant ("twiddle per block"): level l (0 <= l < k) splits the array
 * into 2^l blocks of size n >> l. Block b holds the remainder of the input
 * polynomial modulo X^(n>>l) - ω^(bitrev_l(b)·(n>>l)), coefficients in natural
 * order. Z[b] = ω^bitrev_(k-1)(b) squares to that modulus' constant, so the
 * butterflies t = Z[b]·hi, (lo, hi) <- (lo + t, lo - t) split the block into the
 * remainders modulo X^h - Z[b] (block 2b of level l+1) and X^h + Z[b] (block
 * 2b+1), h = n >> (l+1); these are again of the invariant's form. After k levels
 * block p is p(ω^bitrev_k(p)), so one bit-reversal permutation finishes. Level l
 * reads Z[0 .. 2^l) in order, and Z[0] = 1 (butterflies without a product).
 *
 * Schedule: the k levels are cut into a top part, done in groups of at most
 * NTT_GROUP_MAX levels on panels of NTT_COLS adjacent columns gathered into a
 * per-thread buffer (rows are 2^-(group levels) of a block apart, a power-of-two
 * stride that would alias in cache if processed in place), and a bottom part of
 * NTT_LOG_CHUNK levels done chunk by chunk in place. Each part is one pass over
 * memory; work items of a pass are independent, hence the thread split.
 */
#include "ntt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntt_ifma.h"
#include "parallel.h"

enum {
    NTT_LOG_CHUNK = 12, /* bottom levels per in-place chunk: 2^12 · 32 B = 128 KiB */
    NTT_GROUP_MAX = 8,  /* top levels per panel pass */
    NTT_COLS = 16,      /* columns per panel: 16 · 32 B = 512 B contiguous per row */
    NTT_POW_RUN = 32,   /* powers r^i computed per run from one base (ntt_pow_work) */
};

/* ---------------------------------------------------------------- helpers */

static uint64_t ntt_rev64(uint64_t x) {
    x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
    x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
    return __builtin_bswap64(x);
}

/* The low `bits` bits of x, reversed. */
static size_t ntt_bitrev(size_t x, unsigned bits) {
    return bits ? (size_t)(ntt_rev64((uint64_t)x) >> (64 - bits)) : 0;
}

static void ntt_pow_u64(zki_fr *r, const zki_fr *a, uint64_t e) {
    const uint64_t limbs[4] = {e, 0, 0, 0};
    zki_fr_pow(r, a, limbs);
}

/* ------------------------------------------------- butterfly arithmetic
 *
 * Two kernels compute the same butterfly (lo, hi) <- (lo + w·hi, lo - w·hi):
 *
 * - generic: zki_fr_mul/add/sub, every value canonical (< r);
 * - x86-64 with BMI2+ADX (chosen at run time through zki_cpu_adx, like the
 *   field's own multiplication): one inline-assembly block per butterfly that
 *   keeps values only partially reduced, in [0, 4r), as in Harvey, "Faster
 *   arithmetic for number-theoretic transforms" (J. Symb. Comp. 2014). Since
 *   r < 2^254, 4r < 2^256 fits the four limbs; w·hi is a Montgomery product
 *   (CIOS, MULX with ADCX/ADOX carry chains) without its final subtraction, in
 *   [0, 2r); lo is brought to [0, 2r) by one conditional subtraction of 2r; then
 *   lo + t < 4r and lo + 2r - t < 4r. Three reductions become one, and the field
 *   operations are not calls into fr.c (a call per operation was ~40% of the time).
 *
 * - x86-64 with AVX-512 IFMA (zki_cpu_ifma, and the domain's vector twiddle
 *   table): ntt_ifma.c runs whole chunks and panels eight butterflies at a time
 *   with the same [0, 4r) bounds between passes; its last pass writes canonical
 *   values, so the bit reversal is then a plain permutation. The scalings of the
 *   inverse and coset transforms use its vector products too.
 *
 * Otherwise every transform ends with ntt_norm_to on each element (fused into the
 * bit-reversal pass), so callers only ever see canonical elements, bit-identical
 * across kernels and thread counts. Both kernels use zki_fr's documented
 * representation: 4 little-endian limbs, Montgomery form with R = 2^256.
 */
#include "cpu.h"
#if defined(__x86_64__) && defined(__GNUC__)
#define NTT_X86_ASM 1 /* MULX/ADCX/ADOX blocks run only if zki_cpu_adx; the rest is baseline */
#endif

static const uint64_t ntt_r[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                                  0x30644e72e131a029ULL};
static const uint64_t ntt_2r[4] = {0x87c3eb27e0000002ULL, 0x5067d090f372e122ULL, 0x70a08b6d0302b0baULL,
                                   0x60c89ce5c2634053ULL};

static inline void ntt_bfly_gen(zki_fr *lo, zki_fr *hi, const zki_fr *w) {
    zki_fr t;
    zki_fr_mul(&t, hi, w);
    zki_fr_sub(hi, lo, &t);
    zki_fr_add(lo, lo, &t);
}

static inline void ntt_bfly1_gen(zki_fr *lo, zki_fr *hi) {
    zki_fr t = *hi;
    zki_fr_sub(hi, lo, &t);
    zki_fr_add(lo, lo, &t);
}

#ifdef NTT_X86_ASM
static const uint64_t ntt_rinv = 0xc2e1f593efffffffULL; /* -r^-1 mod 2^64 */

/* One CIOS word step: (T0..T4) = (T0..T3 + a·b_k + m·r) with T4 the carry word,
 * m = T0·(-r^-1); afterwards T0 is 0 and the value sits in T1..T4. The callers
 * rotate the five registers r8..r12 so no shifting moves are needed. Bounds: the
 * running value stays below a + r < 5r < 2^256 and each sum below 2^320, so T4
 * never overflows (a < 4r, b < r), and neither do the partial sums into it. */
#define NTT_CIOS_REDUCE(T0, T1, T2, T3, T4)                                          \
    "movq %%" T0 ", %%rdx\n\t"                                                       \
    "imulq %[rinv], %%rdx\n\t"                                                       \
    "xorl %%eax, %%eax\n\t" /* CF = OF = 0 */                                        \
    "mulxq %[r], %%rax, %%rcx\n\t"                                                   \
    "adcxq %%rax, %%" T0 "\n\t"                                                      \
    "adoxq %%rcx, %%" T1 "\n\t"                                                      \
    "mulxq 8+%[r], %%rax, %%rcx\n\t"                                                 \
    "adcxq %%rax, %%" T1 "\n\t"                                                      \
    "adoxq %%rcx, %%" T2 "\n\t"                                                      \
    "mulxq 16+%[r], %%rax, %%rcx\n\t"                                                \
    "adcxq %%rax, %%" T2 "\n\t"                                                      \
    "adoxq %%rcx, %%" T3 "\n\t"                                                      \
    "mulxq 24+%[r], %%rax, %%rcx\n\t"                                                \
    "adcxq %%rax, %%" T3 "\n\t"                                                      \
    "adoxq %%rcx, %%" T4 "\n\t"                                                      \
    "adcq $0, %%" T4 "\n\t"

#define NTT_CIOS(K, T0, T1, T2, T3, T4)                                              \
    "movq " #K "(%[w]), %%rdx\n\t"                                                   \
    "xorl %%" T4 "d, %%" T4 "d\n\t" /* T4 = 0, CF = OF = 0 */                        \
    "mulxq 0(%[hi]), %%rax, %%rcx\n\t"                                               \
    "adcxq %%rax, %%" T0 "\n\t"                                                      \
    "adoxq %%rcx, %%" T1 "\n\t"                                                      \
    "mulxq 8(%[hi]), %%rax, %%rcx\n\t"                                               \
    "adcxq %%rax, %%" T1 "\n\t"                                                      \
    "adoxq %%rcx, %%" T2 "\n\t"                                                      \
    "mulxq 16(%[hi]), %%rax, %%rcx\n\t"                                              \
    "adcxq %%rax, %%" T2 "\n\t"                                                      \
    "adoxq %%rcx, %%" T3 "\n\t"                                                      \
    "mulxq 24(%[hi]), %%rax, %%rcx\n\t"                                              \
    "adcxq %%rax, %%" T3 "\n\t"                                                      \
    "adoxq %%rcx, %%" T4 "\n\t"                                                      \
    "adcq $0, %%" T4 "\n\t"                                                          \
    NTT_CIOS_REDUCE(T0, T1, T2, T3, T4)

/* The first word step, where T0..T3 start at 0: a·b_0 goes straight in. */
#define NTT_CIOS_FIRST(T0, T1, T2, T3, T4)                                           \
    "movq 0(%[w]), %%rdx\n\t"                                                        \
    "mulxq 0(%[hi]), %%" T0 ", %%" T1 "\n\t"                                         \
    "mulxq 8(%[hi]), %%rax, %%" T2 "\n\t"                                            \
    "addq %%rax, %%" T1 "\n\t"                                                       \
    "mulxq 16(%[hi]), %%rax, %%" T3 "\n\t"                                           \
    "adcq %%rax, %%" T2 "\n\t"                                                       \
    "mulxq 24(%[hi]), %%rax, %%" T4 "\n\t"                                           \
    "adcq %%rax, %%" T3 "\n\t"                                                       \
    "adcq $0, %%" T4 "\n\t"                                                          \
    NTT_CIOS_REDUCE(T0, T1, T2, T3, T4)

/* t = a·b in (r12, r8, r9, r10), a at [hi], b at [w]. */
#define NTT_MONT_MUL                                                                 \
    NTT_CIOS_FIRST("r8", "r9", "r10", "r11", "r12")                                  \
    NTT_CIOS(8, "r9", "r10", "r11", "r12", "r8")                                     \
    NTT_CIOS(16, "r10", "r11", "r12", "r8", "r9")                                    \
    NTT_CIOS(24, "r11", "r12", "r8", "r9", "r10")

/* X0..X3 (loaded from [P]) <- X - 2r if X >= 2r (X < 4r): subtract, and where
 * that borrowed reload the original limbs (CMOV from memory, no spare register). */
#define NTT_LOAD_CSUB2R(P, X0, X1, X2, X3)                                           \
    "movq 0(%[" P "]), %%" X0 "\n\t"                                                 \
    "movq 8(%[" P "]), %%" X1 "\n\t"                                                 \
    "movq 16(%[" P "]), %%" X2 "\n\t"                                                \
    "movq 24(%[" P "]), %%" X3 "\n\t"                                                \
    "subq %[r2], %%" X0 "\n\t"                                                       \
    "sbbq 8+%[r2], %%" X1 "\n\t"                                                     \
    "sbbq 16+%[r2], %%" X2 "\n\t"                                                    \
    "sbbq 24+%[r2], %%" X3 "\n\t"                                                    \
    "cmovcq 0(%[" P "]), %%" X0 "\n\t"                                               \
    "cmovcq 8(%[" P "]), %%" X1 "\n\t"                                               \
    "cmovcq 16(%[" P "]), %%" X2 "\n\t"                                              \
    "cmovcq 24(%[" P "]), %%" X3 "\n\t"

/* With x = (rax, rcx, rdx, r11) in [0, 2r) and t = (T0..T3) in [0, 2r):
 * lo <- x + t, hi <- x - t + 2r (computed mod 2^256; the true value is < 4r). */
#define NTT_OUT(T0, T1, T2, T3)                                                      \
    "movq %%rax, %%r13\n\t"                                                          \
    "addq %%" T0 ", %%r13\n\t"                                                       \
    "movq %%r13, 0(%[lo])\n\t"                                                       \
    "movq %%rcx, %%r13\n\t"                                                          \
    "adcq %%" T1 ", %%r13\n\t"                                                       \
    "movq %%r13, 8(%[lo])\n\t"                                                       \
    "movq %%rdx, %%r13\n\t"                                                          \
    "adcq %%" T2 ", %%r13\n\t"                                                       \
    "movq %%r13, 16(%[lo])\n\t"                                                      \
    "movq %%r11, %%r13\n\t"                                                          \
    "adcq %%" T3 ", %%r13\n\t"                                                       \
    "movq %%r13, 24(%[lo])\n\t"                                                      \
    "subq %%" T0 ", %%rax\n\t"                                                       \
    "sbbq %%" T1 ", %%rcx\n\t"                                                       \
    "sbbq %%" T2 ", %%rdx\n\t"                                                       \
    "sbbq %%" T3 ", %%r11\n\t"                                                       \
    "addq %[r2], %%rax\n\t"                                                          \
    "adcq 8+%[r2], %%rcx\n\t"                                                        \
    "adcq 16+%[r2], %%rdx\n\t"                                                       \
    "adcq 24+%[r2], %%r11\n\t"                                                       \
    "movq %%rax, 0(%[hi])\n\t"                                                       \
    "movq %%rcx, 8(%[hi])\n\t"                                                       \
    "movq %%rdx, 16(%[hi])\n\t"                                                      \
    "movq %%r11, 24(%[hi])\n\t"

/* Butterfly with lo, hi in [0, 4r), w < r (lo, hi distinct, w may be anywhere). */
static inline void ntt_bfly_adx(zki_fr *lo, zki_fr *hi, const zki_fr *w) {
    __asm__ volatile(
        NTT_MONT_MUL
        NTT_LOAD_CSUB2R("lo", "rax", "rcx", "rdx", "r11")
        NTT_OUT("r12", "r8", "r9", "r10")
        :
        : [lo] "r"(lo->v), [hi] "r"(hi->v), [w] "r"(w->v), [r] "m"(*(const uint64_t(*)[4])ntt_r),
          [r2] "m"(*(const uint64_t(*)[4])ntt_2r), [rinv] "m"(ntt_rinv)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "cc", "memory");
}

/* The same with w = 1: t = hi reduced to [0, 2r). */
static inline void ntt_bfly1_adx(zki_fr *lo, zki_fr *hi) {
    __asm__ volatile(
        NTT_LOAD_CSUB2R("hi", "r12", "r8", "r9", "r10")
        NTT_LOAD_CSUB2R("lo", "rax", "rcx", "rdx", "r11")
        NTT_OUT("r12", "r8", "r9", "r10")
        :
        : [lo] "r"(lo->v), [hi] "r"(hi->v), [r2] "m"(*(const uint64_t(*)[4])ntt_2r)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "cc", "memory");
}

/* r = a·b/2^256 mod r in [0, 2r), for a < 4r and b < r; r may alias a or b. */
static inline void ntt_mul_adx(zki_fr *r, const zki_fr *a, const zki_fr *b) {
    __asm__ volatile(
        NTT_MONT_MUL
        "movq %%r12, 0(%[lo])\n\t"
        "movq %%r8, 8(%[lo])\n\t"
        "movq %%r9, 16(%[lo])\n\t"
        "movq %%r10, 24(%[lo])\n\t"
        :
        : [lo] "r"(r->v), [hi] "r"(a->v), [w] "r"(b->v), [r] "m"(*(const uint64_t(*)[4])ntt_r),
          [rinv] "m"(ntt_rinv)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
}
/* (D0..D3) <- X - r if X >= r else X, X in (X0..X3) < 2r; then D -> [dst]. */
#define NTT_CSUB_R_STORE(X0, X1, X2, X3, D0, D1, D2, D3)                             \
    "movq %%" X0 ", %%" D0 "\n\t"                                                    \
    "movq %%" X1 ", %%" D1 "\n\t"                                                    \
    "movq %%" X2 ", %%" D2 "\n\t"                                                    \
    "movq %%" X3 ", %%" D3 "\n\t"                                                    \
    "subq %[r], %%" D0 "\n\t"                                                        \
    "sbbq 8+%[r], %%" D1 "\n\t"                                                      \
    "sbbq 16+%[r], %%" D2 "\n\t"                                                     \
    "sbbq 24+%[r], %%" D3 "\n\t"                                                     \
    "cmovcq %%" X0 ", %%" D0 "\n\t"                                                  \
    "cmovcq %%" X1 ", %%" D1 "\n\t"                                                  \
    "cmovcq %%" X2 ", %%" D2 "\n\t"                                                  \
    "cmovcq %%" X3 ", %%" D3 "\n\t"                                                  \
    "movq %%" D0 ", 0(%[lo])\n\t"                                                    \
    "movq %%" D1 ", 8(%[lo])\n\t"                                                    \
    "movq %%" D2 ", 16(%[lo])\n\t"                                                   \
    "movq %%" D3 ", 24(%[lo])\n\t"

/* r = a·b/2^256 mod r, canonical, for a < 4r and b < r; r may alias a or b. */
static inline void ntt_mul_canon_adx(zki_fr *r, const zki_fr *a, const zki_fr *b) {
    __asm__ volatile(
        NTT_MONT_MUL
        NTT_CSUB_R_STORE("r12", "r8", "r9", "r10", "rax", "rcx", "rdx", "r11")
        :
        : [lo] "r"(r->v), [hi] "r"(a->v), [w] "r"(b->v), [r] "m"(*(const uint64_t(*)[4])ntt_r),
          [rinv] "m"(ntt_rinv)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
}

/* dst = src mod r for src < 4r (baseline x86-64: no ADX needed); dst may be src.
 * Scalar 8-byte accesses, so it also reads fresh 8-byte stores without stalling
 * (the vectorised C form failed store forwarding after the assembly blocks). */
static inline void ntt_norm_to_x86(zki_fr *dst, const zki_fr *src) {
    __asm__ volatile(
        NTT_LOAD_CSUB2R("hi", "rax", "rcx", "rdx", "r11")
        NTT_CSUB_R_STORE("rax", "rcx", "rdx", "r11", "r8", "r9", "r10", "r12")
        :
        : [lo] "r"(dst->v), [hi] "r"(src->v), [r] "m"(*(const uint64_t(*)[4])ntt_r),
          [r2] "m"(*(const uint64_t(*)[4])ntt_2r)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
}
#undef NTT_CSUB_R_STORE
#undef NTT_CIOS_REDUCE
#undef NTT_CIOS
#undef NTT_CIOS_FIRST
#undef NTT_MONT_MUL
#undef NTT_LOAD_CSUB2R
#undef NTT_OUT
#endif

/* Runs n_lev levels on x[0..len): at local level t the blocks have size len >> t
 * and local block q is global block (base << t) + q of the whole transform.
 * Instantiated once per kernel so the butterflies inline into the loops. */
#define NTT_DEFINE_LEVELS(NAME, BFLY, BFLY1)                                         \
    static void NAME(zki_fr *x, size_t len, unsigned n_lev, size_t base, const zki_fr *tw) { \
        for (unsigned t = 0; t < n_lev; t++) {                                       \
            size_t bs = len >> t, h = bs >> 1, n_blk = (size_t)1 << t;               \
            for (size_t q = 0; q < n_blk; q++) {                                     \
                size_t b = (base << t) + q;                                          \
                zki_fr *lo = x + q * bs, *hi = lo + h;                               \
                if (b == 0) {                                                        \
                    for (size_t k = 0; k < h; k++) BFLY1(&lo[k], &hi[k]);            \
                } else {                                                             \
                    const zki_fr *w = &tw[b];                                        \
                    for (size_t k = 0; k < h; k++) BFLY(&lo[k], &hi[k], w);          \
                }                                                                    \
            }                                                                        \
        }                                                                            \
    }

NTT_DEFINE_LEVELS(ntt_levels_gen, ntt_bfly_gen, ntt_bfly1_gen)
#ifdef NTT_X86_ASM
NTT_DEFINE_LEVELS(ntt_levels_adx, ntt_bfly_adx, ntt_bfly1_adx)
#endif
#undef NTT_DEFINE_LEVELS

/* r ≡ a·b (Montgomery), for a < 4r and b < r; r < 2r on the ADX path, < r on
 * the generic one (only as an input to a transform or before ntt_norm_to). */
static inline void ntt_mul(zki_fr *r, const zki_fr *a, const zki_fr *b) {
#ifdef NTT_X86_ASM
    if (zki_cpu_adx) {
        ntt_mul_adx(r, a, b);
        return;
    }
#endif
    zki_fr_mul(r, a, b);
}

/* The same, canonical output. */
static inline void ntt_mul_canon(zki_fr *r, const zki_fr *a, const zki_fr *b) {
#ifdef NTT_X86_ASM
    if (zki_cpu_adx) {
        ntt_mul_canon_adx(r, a, b);
        return;
    }
#endif
    zki_fr_mul(r, a, b);
}

#ifndef NTT_X86_ASM
/* x <- x - m if x >= m (m = r or 2r), for x < 2^256. */
static inline void ntt_csub(uint64_t x[4], const uint64_t m[4]) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t t = x[i] - m[i];
        uint64_t b1 = x[i] < m[i];
        d[i] = t - borrow;
        borrow = b1 | (t < borrow);
    }
    uint64_t keep = 0 - borrow; /* all ones if x < m */
    for (int i = 0; i < 4; i++) x[i] = (x[i] & keep) | (d[i] & ~keep);
}
#endif

/* dst = src mod r for src < 4r: [0, 4r) -> [0, r). dst may equal src. */
static inline void ntt_norm_to(zki_fr *dst, const zki_fr *src) {
#ifdef NTT_X86_ASM
    ntt_norm_to_x86(dst, src);
#else
    zki_fr v = *src;
    ntt_csub(v.v, ntt_2r);
    ntt_csub(v.v, ntt_r);
    *dst = v;
#endif
}

static void ntt_levels(zki_fr *x, size_t len, unsigned n_lev, size_t base, const zki_fr *tw) {
#ifdef NTT_X86_ASM
    if (zki_cpu_adx) {
        ntt_levels_adx(x, len, n_lev, base, tw);
        return;
    }
#endif
    ntt_levels_gen(x, len, n_lev, base, tw);
}

/* ---------------------------------------------------------------- passes */

typedef struct {
    zki_fr *a;
    const zki_fr *tw;
    unsigned log_n;
    /* top pass: superblocks of sb_size, n_lev levels, row stride = sb_size >> n_lev */
    size_t sb_size, stride, panels_per_sb;
    unsigned n_lev;
    zki_fr *panels; /* NTT_COLS << NTT_GROUP_MAX elements per worker */
    /* IFMA back end (NULL: the scalar kernels): the vector twiddles and per-worker
     * scratch of soa_bytes each */
    const uint64_t *tw52;
    unsigned char *soa;
    size_t soa_bytes;
    /* bottom pass */
    size_t chunk;
    unsigned chunk_log;
    int canon; /* bit reversal: the values are canonical already */
} ntt_job;

static void ntt_top_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_job *j = ctx;
    size_t rows = (size_t)1 << j->n_lev;
    for (size_t it = begin; it < end; it++) {
        size_t sb = it / j->panels_per_sb, col = (it % j->panels_per_sb) * NTT_COLS;
        zki_fr *src = j->a + sb * j->sb_size + col;
#ifdef ZKI_NTT_HAVE_IFMA
        if (j->soa) { /* gathers the rows straight into its vector scratch */
            zki_ntt_ifma_levels(src, rows, NTT_COLS, j->stride, j->n_lev, sb, j->tw52, j->soa + thread * j->soa_bytes,
                                0);
            continue;
        }
#endif
        zki_fr *panel = j->panels + ((size_t)thread << NTT_GROUP_MAX) * NTT_COLS;
        for (size_t m = 0; m < rows; m++) memcpy(panel + m * NTT_COLS, src + m * j->stride, sizeof(zki_fr) * NTT_COLS);
        ntt_levels(panel, rows * NTT_COLS, j->n_lev, sb, j->tw);
        for (size_t m = 0; m < rows; m++) memcpy(src + m * j->stride, panel + m * NTT_COLS, sizeof(zki_fr) * NTT_COLS);
    }
}

static void ntt_chunk_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_job *j = ctx;
#ifdef ZKI_NTT_HAVE_IFMA
    if (j->soa) {
        for (size_t c = begin; c < end; c++)
            zki_ntt_ifma_levels(j->a + c * j->chunk, 1, j->chunk, j->chunk, j->chunk_log, c, j->tw52,
                                j->soa + thread * j->soa_bytes, 1); /* the last pass: canonical */
        return;
    }
#endif
    (void)thread;
    for (size_t c = begin; c < end; c++) ntt_levels(j->a + c * j->chunk, j->chunk, j->chunk_log, c, j->tw);
}

/* Bit-reversal permutation fused with ntt_norm_to. Small sizes: the plain loop,
 * swapping i and bitrev(i) once. From 2^(2·NTT_BR_BITS) on, the cache-blocked
 * form of Carter and Gatlin ("Towards an optimal bit-reversal permutation
 * program", FOCS 1998): write an index as (hi, mid, lo) with hi and lo of
 * NTT_BR_BITS bits; bitrev maps (hi, mid, lo) to (rev lo, rev mid, rev hi), so
 * for each mid the tile {(hi, mid, lo)}, whose rows are runs of 2^NTT_BR_BITS
 * adjacent elements, is exchanged transposed with the tile of rev mid. One work
 * item per pair {mid, rev mid}; the two tiles (16 KiB) are copied to the stack. */
enum { NTT_BR_BITS = 4, NTT_BR_SIDE = 1 << NTT_BR_BITS };

/* dst = src mod r (src < 4r), or a plain copy when the values are known to be
 * canonical already (the IFMA path normalizes in its last pass). */
static inline void ntt_put(zki_fr *dst, const zki_fr *src, int canon) {
    if (canon) *dst = *src;
    else ntt_norm_to(dst, src);
}

static void ntt_bitrev_small(zki_fr *a, unsigned log_n, int canon) {
    size_t n = (size_t)1 << log_n;
    for (size_t i = 0; i < n; i++) {
        size_t r = ntt_bitrev(i, log_n);
        if (i < r) {
            zki_fr t = a[i];
            ntt_put(&a[i], &a[r], canon);
            ntt_put(&a[r], &t, canon);
        } else if (i == r) {
            ntt_put(&a[i], &a[i], canon);
        }
    }
}

static void ntt_bitrev_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_job *j = ctx;
    (void)thread;
    unsigned mid_bits = j->log_n - 2 * NTT_BR_BITS;
    size_t row = (size_t)1 << (NTT_BR_BITS + mid_bits); /* distance between tile rows */
    zki_fr ta[NTT_BR_SIDE * NTT_BR_SIDE], tb[NTT_BR_SIDE * NTT_BR_SIDE];
    unsigned char rev[NTT_BR_SIDE];
    for (unsigned i = 0; i < NTT_BR_SIDE; i++) rev[i] = (unsigned char)ntt_bitrev(i, NTT_BR_BITS);
    for (size_t m = begin; m < end; m++) {
        size_t mr = ntt_bitrev(m, mid_bits);
        if (mr < m) continue;
        zki_fr *A = j->a + (m << NTT_BR_BITS), *B = j->a + (mr << NTT_BR_BITS);
        for (size_t h = 0; h < NTT_BR_SIDE; h++) {
            memcpy(ta + h * NTT_BR_SIDE, A + h * row, sizeof ta / NTT_BR_SIDE);
            if (mr != m) memcpy(tb + h * NTT_BR_SIDE, B + h * row, sizeof tb / NTT_BR_SIDE);
        }
        const zki_fr *src_for_a = mr != m ? tb : ta;
        for (size_t h = 0; h < NTT_BR_SIDE; h++)
            for (size_t l = 0; l < NTT_BR_SIDE; l++) {
                ntt_put(&A[h * row + l], &src_for_a[rev[l] * NTT_BR_SIDE + rev[h]], j->canon);
                if (mr != m) ntt_put(&B[h * row + l], &ta[rev[l] * NTT_BR_SIDE + rev[h]], j->canon);
            }
    }
}

static void ntt_bitrev_norm(zki_fr *a, unsigned log_n, int canon, unsigned n_threads) {
    if (log_n < 2 * NTT_BR_BITS) {
        ntt_bitrev_small(a, log_n, canon);
        return;
    }
    ntt_job j;
    memset(&j, 0, sizeof j);
    j.a = a;
    j.log_n = log_n;
    j.canon = canon;
    zki_parallel_for((size_t)1 << (log_n - 2 * NTT_BR_BITS), log_n < 12 ? 1 : n_threads, ntt_bitrev_work, &j);
}

/* The per-worker buffers of a transform of size 2^log_n from level_from:
 * panels for the scalar top pass (NULL if it has no top pass), or, on the IFMA
 * path, one vector scratch per worker for both passes. Allocated before any pass
 * runs, so a transform that reports ZKI_ERR_NOMEM has not touched its input. */
typedef struct {
    zki_fr *panels;
    unsigned char *soa;
    size_t soa_bytes;
} ntt_bufs;

static unsigned ntt_top_workers(unsigned log_n, unsigned n_threads) {
    size_t items = ((size_t)1 << log_n) >> (NTT_GROUP_MAX + 4); /* fewest panels a group has */
    size_t w = zki_parallel_threads(n_threads);
    return (unsigned)(w < items ? w : items > 0 ? items : 1);
}

/* The IFMA path runs if selected, the domain has its vector twiddles, and the
 * chunks have at least 16 elements (two vectors, see ntt_ifma.h). */
static int ntt_use_ifma(const zki_ntt_domain *d, unsigned level_from) {
#ifdef ZKI_NTT_HAVE_IFMA
    return zki_cpu_ifma && d->tw_ifma && d->log_n - level_from >= 4;
#else
    (void)d;
    (void)level_from;
    return 0;
#endif
}

static zki_status ntt_alloc_bufs(ntt_bufs *b, const zki_ntt_domain *d, unsigned level_from, unsigned n_threads) {
    unsigned log_n = d->log_n, todo = log_n - level_from;
    memset(b, 0, sizeof *b);
#ifdef ZKI_NTT_HAVE_IFMA
    if (ntt_use_ifma(d, level_from)) {
        size_t len = (size_t)1 << (todo < NTT_LOG_CHUNK ? todo : NTT_LOG_CHUNK); /* panels have <= 2^12 too */
        b->soa_bytes = ZKI_NTT_IFMA_SCRATCH(len);
        b->soa = aligned_alloc(64, b->soa_bytes * zki_parallel_threads(n_threads));
        return b->soa ? ZKI_OK : ZKI_ERR_NOMEM;
    }
#endif
    if (todo <= NTT_LOG_CHUNK) return ZKI_OK;
    size_t workers = ntt_top_workers(log_n, n_threads);
    b->panels = malloc(sizeof(zki_fr) * NTT_COLS * (workers << NTT_GROUP_MAX));
    return b->panels ? ZKI_OK : ZKI_ERR_NOMEM;
}

static void ntt_free_bufs(ntt_bufs *b) {
    free(b->panels);
    free(b->soa);
}

/* Levels level_from .. log_n-1 of the engine, then the bit-reversal permutation
 * (which also brings every element back to [0, r)):
 * on entry a holds 2^level_from blocks in the state the engine invariant
 * describes for that level (for level_from = 0: the coefficients). */
static void ntt_run(zki_fr *a, const zki_ntt_domain *d, unsigned level_from, const ntt_bufs *bufs,
                    unsigned n_threads) {
    unsigned log_n = d->log_n;
    size_t n = (size_t)1 << log_n;
    unsigned todo = log_n - level_from;
    unsigned chunk_log = todo < NTT_LOG_CHUNK ? todo : NTT_LOG_CHUNK;
    unsigned top = todo - chunk_log;
    ntt_job j;
    memset(&j, 0, sizeof j);
    j.a = a;
    j.tw = d->twiddles;
    j.log_n = log_n;
    j.panels = bufs->panels;
    j.soa = bufs->soa;
    j.soa_bytes = bufs->soa_bytes;
#ifdef ZKI_NTT_HAVE_IFMA
    j.tw52 = d->tw_ifma;
#endif
    if (top > 0) {
        unsigned n_groups = (top + NTT_GROUP_MAX - 1) / NTT_GROUP_MAX;
        unsigned l = level_from;
        for (unsigned g = 0; g < n_groups; g++) {
            /* spread the top levels evenly over the groups */
            unsigned lev = (top - (l - level_from) + (n_groups - g) - 1) / (n_groups - g);
            j.n_lev = lev;
            j.sb_size = n >> l;
            j.stride = j.sb_size >> lev;
            j.panels_per_sb = j.stride / NTT_COLS;
            zki_parallel_for(((size_t)1 << l) * j.panels_per_sb, ntt_top_workers(log_n, n_threads), ntt_top_work, &j);
            l += lev;
        }
    }
    j.chunk_log = chunk_log;
    j.chunk = (size_t)1 << chunk_log;
    if (chunk_log > 0) zki_parallel_for(n >> chunk_log, n_threads, ntt_chunk_work, &j);
    ntt_bitrev_norm(a, log_n, bufs->soa != NULL, n_threads);
}

/* a[i] <- s·a[(n-i) mod n] (s applied only if scale is set). */
typedef struct {
    zki_fr *a;
    size_t n;
    zki_fr s;
    int scale;
} ntt_rev_job;

static void ntt_rev_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_rev_job *j = ctx;
    (void)thread;
    for (size_t i = begin; i < end; i++) {
        if (i == 0 || 2 * i == j->n) {
            if (j->scale) ntt_mul(&j->a[i], &j->a[i], &j->s);
            continue;
        }
        zki_fr *x = &j->a[i], *y = &j->a[j->n - i], t = *x;
        if (j->scale) {
            ntt_mul(x, y, &j->s);
            ntt_mul(y, &t, &j->s);
        } else {
            *x = *y;
            *y = t;
        }
    }
}

static void ntt_scale_powers(zki_fr *dst, const zki_fr *src, size_t n, size_t n_src, size_t copies,
                             const zki_fr *c, const zki_fr *r, int norm, unsigned n_threads);

static void ntt_reverse(zki_fr *a, size_t n, const zki_fr *s, unsigned n_threads) {
#ifdef ZKI_NTT_HAVE_IFMA
    if (zki_cpu_ifma && s) { /* swap, then one vector pass for the scale */
        zki_fr one;
        zki_fr_set_one(&one);
        ntt_reverse(a, n, NULL, n_threads);
        ntt_scale_powers(a, a, n, n, 1, s, &one, 0, n_threads);
        return;
    }
#endif
    ntt_rev_job j = {a, n, {{0}}, s != NULL};
    if (s) j.s = *s;
    zki_parallel_for(n / 2 + 1, n < 4096 ? 1 : n_threads, ntt_rev_work, &j);
}

/* dst[i] <- c·r^i·src[i] for i < n_src, dst[i] <- 0 for n_src <= i < n; then, if
 * copies > 1, dst[i + m·n] <- dst[i] for 0 < m < copies. dst may equal src;
 * src[i], c and r must be canonical. */
typedef struct {
    zki_fr *dst;
    const zki_fr *src;
    size_t n, n_src, copies;
    zki_fr c, r;
    int norm; /* bring outputs to [0, r) (else they may be < 2r: transform inputs only) */
} ntt_pow_job;

static void ntt_pow_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_pow_job *j = ctx;
    (void)thread;
    /* r^i = base·small[i mod NTT_POW_RUN], base advancing by r^NTT_POW_RUN once per
     * run: the products within a run are independent (a running p <- p·r would
     * chain every multiplication's latency). */
    zki_fr small[NTT_POW_RUN], base, step, p, zero;
    zki_fr_set_one(&small[0]);
    for (size_t t = 1; t < NTT_POW_RUN; t++) zki_fr_mul(&small[t], &small[t - 1], &j->r);
    zki_fr_mul(&step, &small[NTT_POW_RUN - 1], &j->r);
    ntt_pow_u64(&base, &j->r, begin);
    zki_fr_mul(&base, &base, &j->c);
    size_t stop = end < j->n_src ? end : j->n_src;
#ifdef ZKI_NTT_HAVE_IFMA
    if (zki_cpu_ifma && stop > begin) {
        zki_ntt_ifma_mul_powers(j->dst + begin, j->src + begin, stop - begin, &base, &j->r, j->norm);
        for (size_t m = 1; m < j->copies; m++) memcpy(j->dst + begin + m * j->n, j->dst + begin, sizeof(zki_fr) * (stop - begin));
        begin = stop;
    }
#endif
    for (size_t i0 = begin; i0 < stop; i0 += NTT_POW_RUN) {
        size_t run = stop - i0 < NTT_POW_RUN ? stop - i0 : NTT_POW_RUN;
        /* results go straight to dst: a 32-byte copy of a just-written
         * element would read across four 8-byte stores (no store forwarding) */
        for (size_t t = 0; t < run; t++) {
            ntt_mul(&p, &base, &small[t]);
            if (j->norm) ntt_mul_canon(&j->dst[i0 + t], &p, &j->src[i0 + t]);
            else ntt_mul(&j->dst[i0 + t], &p, &j->src[i0 + t]);
        }
        for (size_t m = 1; m < j->copies; m++) memcpy(j->dst + i0 + m * j->n, j->dst + i0, sizeof(zki_fr) * run);
        ntt_mul(&base, &base, &step);
    }
    zki_fr_set_zero(&zero);
    for (size_t i = stop > begin ? stop : begin; i < end; i++)
        for (size_t m = 0; m < j->copies; m++) j->dst[i + m * j->n] = zero;
}

static void ntt_scale_powers(zki_fr *dst, const zki_fr *src, size_t n, size_t n_src, size_t copies,
                             const zki_fr *c, const zki_fr *r, int norm, unsigned n_threads) {
    ntt_pow_job j = {dst, src, n, n_src, copies, *c, *r, norm};
    zki_parallel_for(n, n < 4096 ? 1 : n_threads, ntt_pow_work, &j);
}

/* ---------------------------------------------------------------- domain */

typedef struct {
    zki_fr *tw;
    zki_fr omega;
    unsigned bits;
} ntt_tw_job;

static void ntt_tw_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_tw_job *j = ctx;
    (void)thread;
    /* as in ntt_pow_work: independent products base·ω^t within each run */
    zki_fr small[NTT_POW_RUN], base, step;
    zki_fr_set_one(&small[0]);
    for (size_t t = 1; t < NTT_POW_RUN; t++) zki_fr_mul(&small[t], &small[t - 1], &j->omega);
    zki_fr_mul(&step, &small[NTT_POW_RUN - 1], &j->omega);
    ntt_pow_u64(&base, &j->omega, begin);
    for (size_t i0 = begin; i0 < end; i0 += NTT_POW_RUN) {
        size_t run = end - i0 < NTT_POW_RUN ? end - i0 : NTT_POW_RUN;
        for (size_t t = 0; t < run; t++) {
            ntt_mul_canon(&j->tw[ntt_bitrev(i0 + t, j->bits)], &base, &small[t]); /* canonical: b operands */
        }
        ntt_mul(&base, &base, &step);
    }
}

#ifdef ZKI_NTT_HAVE_IFMA
typedef struct {
    uint64_t *tw52;
    const zki_fr *tw;
    size_t count;
} ntt_tw52_job;

static void ntt_tw52_work(void *ctx, size_t begin, size_t end, unsigned thread) {
    const ntt_tw52_job *j = ctx;
    (void)thread;
    size_t stop = end * 8 < j->count ? end * 8 : j->count;
    zki_ntt_ifma_tw_fill(j->tw52, j->tw, begin * 8, stop);
}
#endif

zki_status zki_ntt_domain_init(zki_ntt_domain *d, unsigned log_n, unsigned n_threads) {
    if (!d) return ZKI_ERR_ARG;
    memset(d, 0, sizeof *d);
    if (log_n > ZKI_NTT_MAX_LOG) return ZKI_ERR_SIZE;
    size_t n = (size_t)1 << log_n;
    if (n > 1) {
        size_t bytes = sizeof(zki_fr) * (n / 2);
        bytes = (bytes + 63) & ~(size_t)63; /* aligned_alloc wants a multiple */
        d->twiddles = aligned_alloc(64, bytes);
        if (!d->twiddles) return ZKI_ERR_NOMEM;
    }
#ifdef ZKI_NTT_HAVE_IFMA
    /* the vector table whenever the CPU could use it (tests switch paths on one
     * domain); domains below 16 elements always run the scalar kernels */
    size_t words = zki_ntt_ifma_tw_words(n / 2);
    if (log_n >= 4 && zki_cpu_has_ifma()) {
        d->tw_ifma = aligned_alloc(64, sizeof(uint64_t) * words); /* 320 B per group: a multiple of 64 */
        if (!d->tw_ifma) {
            free(d->twiddles);
            memset(d, 0, sizeof *d);
            return ZKI_ERR_NOMEM;
        }
    }
#endif
    d->log_n = log_n;
    d->n = n;
    (void)zki_fr_root_of_unity(&d->omega, log_n); /* log_n <= 26 < 28: cannot fail */
    (void)zki_fr_inv(&d->omega_inv, &d->omega);
    zki_fr_set_u64(&d->n_inv, (uint64_t)n);
    (void)zki_fr_inv(&d->n_inv, &d->n_inv);
    zki_fr_generator(&d->gen);
    (void)zki_fr_inv(&d->gen_inv, &d->gen);
    if (n > 1) {
        ntt_tw_job j = {d->twiddles, d->omega, log_n - 1};
        zki_parallel_for(n / 2, n < 8192 ? 1 : n_threads, ntt_tw_work, &j);
    }
#ifdef ZKI_NTT_HAVE_IFMA
    if (d->tw_ifma) {
        ntt_tw52_job j = {d->tw_ifma, d->twiddles, n / 2};
        zki_parallel_for(words / 40, n < 8192 ? 1 : n_threads, ntt_tw52_work, &j);
    }
#endif
    return ZKI_OK;
}

void zki_ntt_domain_free(zki_ntt_domain *d) {
    if (!d) return;
    free(d->twiddles);
    free(d->tw_ifma);
    memset(d, 0, sizeof *d);
}

/* ---------------------------------------------------------------- API */

static zki_status ntt_check(const zki_fr *a, size_t n, const zki_ntt_domain *d) {
    if (!a || !d || d->n == 0) return ZKI_ERR_ARG;
    if (d->log_n > ZKI_NTT_MAX_LOG || d->n != (size_t)1 << d->log_n) return ZKI_ERR_ARG;
    if (d->n > 1 && !d->twiddles) return ZKI_ERR_ARG;
    if (n != d->n) return ZKI_ERR_SIZE;
    return ZKI_OK;
}

zki_status zki_ntt_fwd(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads) {
    ntt_bufs bufs;
    zki_status s = ntt_check(a, n, d);
    if (s == ZKI_OK) s = ntt_alloc_bufs(&bufs, d, 0, n_threads);
    if (s != ZKI_OK) return s;
    ntt_run(a, d, 0, &bufs, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}

zki_status zki_ntt_inv(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads) {
    ntt_bufs bufs;
    zki_status s = ntt_check(a, n, d);
    if (s == ZKI_OK) s = ntt_alloc_bufs(&bufs, d, 0, n_threads);
    if (s != ZKI_OK) return s;
    ntt_reverse(a, n, &d->n_inv, n_threads);
    ntt_run(a, d, 0, &bufs, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}

zki_status zki_ntt_coset_fwd(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads) {
    ntt_bufs bufs;
    zki_fr one;
    zki_status s = ntt_check(a, n, d);
    if (s == ZKI_OK) s = ntt_alloc_bufs(&bufs, d, 0, n_threads);
    if (s != ZKI_OK) return s;
    zki_fr_set_one(&one);
    ntt_scale_powers(a, a, n, n, 1, &one, &d->gen, 0, n_threads);
    ntt_run(a, d, 0, &bufs, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}

zki_status zki_ntt_coset_inv(zki_fr *a, size_t n, const zki_ntt_domain *d, unsigned n_threads) {
    ntt_bufs bufs;
    zki_status s = ntt_check(a, n, d);
    if (s == ZKI_OK) s = ntt_alloc_bufs(&bufs, d, 0, n_threads);
    if (s != ZKI_OK) return s;
    ntt_reverse(a, n, NULL, n_threads);
    ntt_run(a, d, 0, &bufs, n_threads);
    ntt_scale_powers(a, a, n, n, 1, &d->n_inv, &d->gen_inv, 1, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}

zki_status zki_ntt_shift_fwd(zki_fr *out, const zki_fr *coeffs, size_t n, const zki_fr *shift,
                             const zki_ntt_domain *d, unsigned n_threads) {
    zki_status s = ntt_check(out, n, d);
    if (s != ZKI_OK) return s;
    if (!coeffs || !shift) return ZKI_ERR_ARG;
    uintptr_t o0 = (uintptr_t)out, o1 = (uintptr_t)(out + n);
    uintptr_t c0 = (uintptr_t)coeffs, c1 = (uintptr_t)(coeffs + n);
    if (out != coeffs && o0 < c1 && c0 < o1) return ZKI_ERR_ARG;
    ntt_bufs bufs;
    zki_fr one;
    s = ntt_alloc_bufs(&bufs, d, 0, n_threads);
    if (s != ZKI_OK) return s;
    zki_fr_set_one(&one);
    ntt_scale_powers(out, coeffs, n, n, 1, &one, shift, 0, n_threads);
    ntt_run(out, d, 0, &bufs, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}

zki_status zki_ntt_coset_ext(zki_fr *out, size_t n_out, const zki_fr *coeffs, size_t n_coeffs,
                             const zki_ntt_domain *big, unsigned n_threads) {
    zki_status s = ntt_check(out, n_out, big);
    if (s != ZKI_OK) return s;
    if (!coeffs) return ZKI_ERR_ARG;
    if (n_coeffs == 0 || n_coeffs > n_out) return ZKI_ERR_SIZE;
    uintptr_t o0 = (uintptr_t)out, o1 = (uintptr_t)(out + n_out);
    uintptr_t c0 = (uintptr_t)coeffs, c1 = (uintptr_t)(coeffs + n_coeffs);
    if (o0 < c1 && c0 < o1) return ZKI_ERR_ARG;
    unsigned ls = 0;
    while (((size_t)1 << ls) < n_coeffs) ls++;
    unsigned e = big->log_n - ls;
    ntt_bufs bufs;
    zki_fr one;
    s = ntt_alloc_bufs(&bufs, big, e, n_threads);
    if (s != ZKI_OK) return s;
    zki_fr_set_one(&one);
    /* Levels 0..e-1 map a polynomial of degree < 2^ls to 2^e copies of itself. */
    ntt_scale_powers(out, coeffs, (size_t)1 << ls, n_coeffs, (size_t)1 << e, &one, &big->gen, 0, n_threads);
    ntt_run(out, big, e, &bufs, n_threads);
    ntt_free_bufs(&bufs);
    return ZKI_OK;
}
