/* zkv.c: the zkinfer light verifier (see zkv.h and docs/PROTOCOL.md).
 *
 * Sections, bottom-up: limbs and Montgomery fields (Fq, Fr); the tower Fq2/Fq6/Fq12;
 * G1 (Jacobian, mixed additions); G2 decoding and subgroup check; the optimal ate
 * pairing (projective Miller loop on the D-twist, final exponentiation); Keccak-256 and
 * the transcript; the VK parser; the verifier.
 *
 * Conventions: every field element is in Montgomery form (x·2^256 mod m) except where a
 * name says "plain"; functions are output-first and alias-safe (out may equal an input).
 * Nothing here recurses, allocates or keeps state between calls.
 */
#include "zkv.h"

#include <string.h>

/* ---------------------------------------------------------------- limbs */

#ifndef ZKV_LIMB_BITS
#if defined(__SIZEOF_INT128__)
#define ZKV_LIMB_BITS 64
#else
#define ZKV_LIMB_BITS 32
#endif
#endif

#if ZKV_LIMB_BITS == 64
typedef uint64_t limb;
__extension__ typedef unsigned __int128 dlimb;
#define NL 4
#define K(x) (limb)(x##ULL)
#elif ZKV_LIMB_BITS == 32
typedef uint32_t limb;
typedef uint64_t dlimb;
#define NL 8
#define K(x) (limb)(x##ULL), (limb)((x##ULL) >> 32)
#else
#error "ZKV_LIMB_BITS must be 32 or 64"
#endif
#define LB ZKV_LIMB_BITS

/* Big stages stay separate functions so each frame is counted once (-fstack-usage). */
#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#define ZKV_INLINE inline __attribute__((always_inline))
#define ZKV_UNROLL _Pragma("GCC unroll 4") /* full unroll for 4 limbs; partial for 8 (code size) */
#else
#define ZKV_UNROLL
#define NOINLINE
#define ZKV_INLINE inline
#endif
#if defined(__clang__)
#undef ZKV_UNROLL
#define ZKV_UNROLL _Pragma("unroll")
#endif
/* four 64-bit words, least significant first, in either limb size */
#define K4(a, b, c, d) {{K(a), K(b), K(c), K(d)}}

typedef struct {
    limb v[NL];
} fe;

typedef struct {
    fe m;     /* modulus */
    fe r2;    /* 2^512 mod m */
    fe one;   /* 2^256 mod m: 1 in Montgomery form */
    limb inv; /* -m^-1 mod 2^LB */
} field;

static const field FQ = {
    K4(0x3c208c16d87cfd47, 0x97816a916871ca8d, 0xb85045b68181585d, 0x30644e72e131a029),
    K4(0xf32cfc5b538afa89, 0xb5e71911d44501fb, 0x47ab1eff0a417ff6, 0x06d89f71cab8351f),
    K4(0xd35d438dc58f0d9d, 0x0a78eb28f5c70b3d, 0x666ea36f7879462c, 0x0e0a77c19a07df2f),
    (limb)0x87d20782e4866389ULL};
static const field FR = {
    K4(0x43e1f593f0000001, 0x2833e84879b97091, 0xb85045b68181585d, 0x30644e72e131a029),
    K4(0x1bb8e645ae216da7, 0x53fe3ab1e35c59e3, 0x8c49833d53bb8085, 0x0216d0b17f4e44a5),
    K4(0xac96341c4ffffffb, 0x36fc76959f60cd29, 0x666ea36f7879462e, 0x0e0a77c19a07df2f),
    (limb)0xc2e1f593efffffffULL};

static limb add_n(limb *r, const limb *a, const limb *b) {
    limb c = 0;
    ZKV_UNROLL for (int i = 0; i < NL; i++) {
        limb s = a[i] + c;
        c = s < c;
        s += b[i];
        c += s < b[i];
        r[i] = s;
    }
    return c;
}

static limb sub_n(limb *r, const limb *a, const limb *b) {
    limb br = 0;
    ZKV_UNROLL for (int i = 0; i < NL; i++) {
        limb d = a[i] - b[i];
        limb b1 = a[i] < b[i];
        limb d2 = d - br;
        br = b1 | (d < br);
        r[i] = d2;
    }
    return br;
}

/* a >= b as integers */
static int geq_n(const limb *a, const limb *b) {
    for (int i = NL - 1; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return 1;
}

static int fe_is_zero(const fe *a) {
    limb t = 0;
    for (int i = 0; i < NL; i++) t |= a->v[i];
    return t == 0;
}

/* memcmp(...) == 0 without libc's memcmp (the library uses only memcpy and memset) */
static int eq_bytes(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++) d |= x[i] ^ y[i];
    return d == 0;
}

static int fe_eq(const fe *a, const fe *b) { return eq_bytes(a, b, sizeof *a); }

/* both moduli are < 2^254, so a + b < 2^255 fits and one trial subtraction decides */
static ZKV_INLINE void fe_add(fe *r, const fe *a, const fe *b, const field *F) {
    fe s, t;
    add_n(s.v, a->v, b->v);
    *r = sub_n(t.v, s.v, F->m.v) ? s : t;
}

static ZKV_INLINE void fe_sub(fe *r, const fe *a, const fe *b, const field *F) {
    if (sub_n(r->v, a->v, b->v)) add_n(r->v, r->v, F->m.v);
}

static void fe_neg(fe *r, const fe *a, const field *F) {
    if (fe_is_zero(a)) memset(r, 0, sizeof *r);
    else sub_n(r->v, F->m.v, a->v);
}

#if ZKV_LIMB_BITS == 64 && defined(__x86_64__) && defined(__GNUC__) && defined(__ADX__) && defined(__BMI2__)
/* With -madx -mbmi2 (e.g. -march=native on Broadwell/Zen and later): the same no-carry
 * CIOS in MULX/ADCX/ADOX, two carry chains per round; t0..t3 in r8..r11, the round's top
 * word in r12. Compiled in only when the target has the instructions (no run-time test,
 * no libc); verifier/tests/run32.sh requires identical verdicts from this build. */
#define ZKV_ADX 1
#define ZKV_ADX_ROUND(i)                                                     \
    "xorl %%eax, %%eax\n\t"                                                  \
    "movq 8*" #i "(%[b]), %%rdx\n\t"                                         \
    "mulxq 0(%[a]), %%rax, %%rbx\n\t"                                        \
    "adoxq %%rax, %%r8\n\t"                                                  \
    "adcxq %%rbx, %%r9\n\t"                                                  \
    "mulxq 8(%[a]), %%rax, %%rbx\n\t"                                        \
    "adoxq %%rax, %%r9\n\t"                                                  \
    "adcxq %%rbx, %%r10\n\t"                                                 \
    "mulxq 16(%[a]), %%rax, %%rbx\n\t"                                       \
    "adoxq %%rax, %%r10\n\t"                                                 \
    "adcxq %%rbx, %%r11\n\t"                                                 \
    "mulxq 24(%[a]), %%rax, %%r12\n\t"                                       \
    "adoxq %%rax, %%r11\n\t"                                                 \
    "movl $0, %%eax\n\t"                                                     \
    "adcxq %%rax, %%r12\n\t"                                                 \
    "adoxq %%rax, %%r12\n\t"                                                 \
    "movq %%r8, %%rdx\n\t"                                                   \
    "imulq %[inv], %%rdx\n\t"                                                \
    "xorl %%eax, %%eax\n\t"                                                  \
    "mulxq 0(%[q]), %%rax, %%rbx\n\t"                                        \
    "adcxq %%rax, %%r8\n\t"                                                  \
    "adoxq %%rbx, %%r9\n\t"                                                  \
    "mulxq 8(%[q]), %%rax, %%rbx\n\t"                                        \
    "adcxq %%rax, %%r9\n\t"                                                  \
    "adoxq %%rbx, %%r10\n\t"                                                 \
    "mulxq 16(%[q]), %%rax, %%rbx\n\t"                                       \
    "adcxq %%rax, %%r10\n\t"                                                 \
    "adoxq %%rbx, %%r11\n\t"                                                 \
    "mulxq 24(%[q]), %%rax, %%rbx\n\t"                                       \
    "adcxq %%rax, %%r11\n\t"                                                 \
    "movl $0, %%eax\n\t"                                                     \
    "adoxq %%rbx, %%r12\n\t"                                                 \
    "adcxq %%rax, %%r12\n\t"                                                 \
    "movq %%r9, %%r8\n\t"                                                    \
    "movq %%r10, %%r9\n\t"                                                   \
    "movq %%r11, %%r10\n\t"                                                  \
    "movq %%r12, %%r11\n\t"

static ZKV_INLINE void mont_mul_adx(fe *r, const fe *a, const fe *b, const field *F) {
    __asm__("xorl %%r8d, %%r8d\n\t"
            "xorl %%r9d, %%r9d\n\t"
            "xorl %%r10d, %%r10d\n\t"
            "xorl %%r11d, %%r11d\n\t"
            ZKV_ADX_ROUND(0) ZKV_ADX_ROUND(1) ZKV_ADX_ROUND(2) ZKV_ADX_ROUND(3)
            "movq %%r8, %%rax\n\t"
            "movq %%r9, %%rbx\n\t"
            "movq %%r10, %%rdx\n\t"
            "movq %%r11, %%r12\n\t"
            "subq 0(%[q]), %%rax\n\t"
            "sbbq 8(%[q]), %%rbx\n\t"
            "sbbq 16(%[q]), %%rdx\n\t"
            "sbbq 24(%[q]), %%r12\n\t"
            "cmovncq %%rax, %%r8\n\t"
            "cmovncq %%rbx, %%r9\n\t"
            "cmovncq %%rdx, %%r10\n\t"
            "cmovncq %%r12, %%r11\n\t"
            "movq %%r8, 0(%[r])\n\t"
            "movq %%r9, 8(%[r])\n\t"
            "movq %%r10, 16(%[r])\n\t"
            "movq %%r11, 24(%[r])\n\t"
            :
            : [a] "r"(a->v), [b] "r"(b->v), [q] "r"(F->m.v), [inv] "m"(F->inv), [r] "r"(r->v)
            : "rax", "rbx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
}
#undef ZKV_ADX_ROUND
#endif

/* r = a·b·2^-256 mod m (CIOS). Inputs < m; output < m. Inlined into one function per
 * modulus so the modulus words are constants (the hot loop of the pairing and MSM).
 * Both moduli have a spare top bit (top limb < 2^(LB-1) - 1, for 32- and 64-bit limbs),
 * so the running sum needs no extra words ("no-carry" CIOS, as in gnark-crypto's note on
 * such moduli); one trial subtraction finishes. */
static ZKV_INLINE void mont_mul(fe *r, const fe *a, const fe *b, const field *F) {
#ifdef ZKV_ADX
    mont_mul_adx(r, a, b, F);
    return;
#endif
    limb t[NL];
    memset(t, 0, sizeof t);
    ZKV_UNROLL for (int i = 0; i < NL; i++) {
        limb bi = b->v[i];
        dlimb A = (dlimb)a->v[0] * bi + t[0];
        limb m = (limb)A * F->inv;
        dlimb C = (dlimb)m * F->m.v[0] + (limb)A;
        limb ca = (limb)(A >> LB), cc = (limb)(C >> LB);
        ZKV_UNROLL for (int j = 1; j < NL; j++) {
            A = (dlimb)a->v[j] * bi + t[j] + ca;
            ca = (limb)(A >> LB);
            C = (dlimb)m * F->m.v[j] + (limb)A + cc;
            t[j - 1] = (limb)C;
            cc = (limb)(C >> LB);
        }
        t[NL - 1] = ca + cc;
    }
    fe s;
    limb br = sub_n(s.v, t, F->m.v);
    if (!br) *r = s;
    else memcpy(r->v, t, sizeof r->v);
}

static void fq_mul_(fe *r, const fe *a, const fe *b) { mont_mul(r, a, b, &FQ); }
static void fr_mul_(fe *r, const fe *a, const fe *b) { mont_mul(r, a, b, &FR); }
static void fe_mul(fe *r, const fe *a, const fe *b, const field *F) {
    if (F == &FQ) fq_mul_(r, a, b);
    else fr_mul_(r, a, b);
}

static void fe_sqr(fe *r, const fe *a, const field *F) { fe_mul(r, a, a, F); }

/* r = a / 2 */
static void fe_half(fe *r, const fe *a, const field *F) {
    fe t = *a;
    limb c = 0;
    if (t.v[0] & 1) c = add_n(t.v, t.v, F->m.v);
    for (int i = 0; i < NL - 1; i++) t.v[i] = (t.v[i] >> 1) | (t.v[i + 1] << (LB - 1));
    t.v[NL - 1] = (t.v[NL - 1] >> 1) | (c << (LB - 1));
    *r = t;
}

static int bit_n(const limb *e, unsigned i) { return (int)((e[i / LB] >> (i % LB)) & 1); }

/* r = a^e for a plain exponent e of nbits bits */
static void fe_pow(fe *r, const fe *a, const limb *e, unsigned nbits, const field *F) {
    fe acc = F->one, base = *a;
    for (unsigned i = nbits; i-- > 0;) {
        fe_sqr(&acc, &acc, F);
        if (bit_n(e, i)) fe_mul(&acc, &acc, &base, F);
    }
    *r = acc;
}

static void fe_pow_u32(fe *r, const fe *a, uint32_t e, const field *F) {
    limb el[NL];
    memset(el, 0, sizeof el);
    el[0] = e;
    fe_pow(r, a, el, 32, F);
}

/* r = a^(m-2) = 1/a (0 for 0) */
static void fe_inv(fe *r, const fe *a, const field *F) {
    limb e[NL], two[NL];
    memset(two, 0, sizeof two);
    two[0] = 2;
    sub_n(e, F->m.v, two);
    fe_pow(r, a, e, 256, F);
}

/* 32 big-endian bytes -> plain limbs */
static void load_be(limb *v, const uint8_t b[32]) {
    memset(v, 0, NL * sizeof(limb));
    for (int i = 0; i < 32; i++) v[(31 - i) / (LB / 8)] |= (limb)b[i] << (8 * ((31 - i) % (LB / 8)));
}


static void fe_to_mont(fe *r, const fe *plain, const field *F) { fe_mul(r, plain, &F->r2, F); }

static void fe_to_plain(fe *r, const fe *a, const field *F) {
    fe one;
    memset(&one, 0, sizeof one);
    one.v[0] = 1;
    fe_mul(r, a, &one, F);
}

/* Returns: 0 when the 32 bytes are not a canonical element (>= m). */
static int fe_from_bytes(fe *r, const uint8_t b[32], const field *F) {
    fe t;
    load_be(t.v, b);
    if (geq_n(t.v, F->m.v)) return 0;
    fe_to_mont(r, &t, F);
    return 1;
}


/* ---------------------------------------------------------------- Fq2, Fq6, Fq12
 * Fq2 = Fq[u]/(u²+1), Fq6 = Fq2[v]/(v³-ξ) with ξ = 9+u, Fq12 = Fq6[w]/(w²-v). */

typedef struct {
    fe c0, c1;
} fq2;
typedef struct {
    fq2 c0, c1, c2;
} fq6;
typedef struct {
    fq6 c0, c1;
} fq12;

#define fq_add(r, a, b) fe_add(r, a, b, &FQ)
#define fq_sub(r, a, b) fe_sub(r, a, b, &FQ)
#define fq_mul(r, a, b) fq_mul_(r, a, b)
#define fq_sqr(r, a) fq_mul_(r, a, a)
#define fq_neg(r, a) fe_neg(r, a, &FQ)
#define fr_add(r, a, b) fe_add(r, a, b, &FR)
#define fr_sub(r, a, b) fe_sub(r, a, b, &FR)
#define fr_mul(r, a, b) fr_mul_(r, a, b)
#define fr_sqr(r, a) fr_mul_(r, a, a)

static void fq2_add(fq2 *r, const fq2 *a, const fq2 *b) {
    fq_add(&r->c0, &a->c0, &b->c0);
    fq_add(&r->c1, &a->c1, &b->c1);
}
static void fq2_sub(fq2 *r, const fq2 *a, const fq2 *b) {
    fq_sub(&r->c0, &a->c0, &b->c0);
    fq_sub(&r->c1, &a->c1, &b->c1);
}
static void fq2_neg(fq2 *r, const fq2 *a) {
    fq_neg(&r->c0, &a->c0);
    fq_neg(&r->c1, &a->c1);
}
static void fq2_conj(fq2 *r, const fq2 *a) {
    r->c0 = a->c0;
    fq_neg(&r->c1, &a->c1);
}
static void fq2_mul(fq2 *r, const fq2 *a, const fq2 *b) {
    fe t0, t1, s0, s1;
    fq_mul(&t0, &a->c0, &b->c0);
    fq_mul(&t1, &a->c1, &b->c1);
    fq_add(&s0, &a->c0, &a->c1);
    fq_add(&s1, &b->c0, &b->c1);
    fq_mul(&s0, &s0, &s1);
    fq_sub(&r->c0, &t0, &t1);
    fq_sub(&s0, &s0, &t0);
    fq_sub(&r->c1, &s0, &t1);
}
static void fq2_sqr(fq2 *r, const fq2 *a) {
    fe s, d, p;
    fq_add(&s, &a->c0, &a->c1);
    fq_sub(&d, &a->c0, &a->c1);
    fq_mul(&p, &a->c0, &a->c1);
    fq_mul(&r->c0, &s, &d);
    fq_add(&r->c1, &p, &p);
}
static void fq2_mul_fq(fq2 *r, const fq2 *a, const fe *s) {
    fq_mul(&r->c0, &a->c0, s);
    fq_mul(&r->c1, &a->c1, s);
}
/* r = a·(9 + u) */
static void fq2_mul_xi(fq2 *r, const fq2 *a) {
    fe t0 = a->c0, t1 = a->c1;
    for (int i = 0; i < 3; i++) { /* ·8 */
        fq_add(&t0, &t0, &t0);
        fq_add(&t1, &t1, &t1);
    }
    fq_add(&t0, &t0, &a->c0); /* 9·c0 */
    fq_add(&t1, &t1, &a->c1); /* 9·c1 */
    fe c0 = a->c0;
    fq_sub(&r->c0, &t0, &a->c1);
    fq_add(&r->c1, &t1, &c0);
}
static void fq2_inv(fq2 *r, const fq2 *a) {
    fe t, u;
    fq_sqr(&t, &a->c0);
    fq_sqr(&u, &a->c1);
    fq_add(&t, &t, &u);
    fe_inv(&t, &t, &FQ);
    fq_mul(&r->c0, &a->c0, &t);
    fq_mul(&t, &a->c1, &t);
    fq_neg(&r->c1, &t);
}
static int fq2_is_zero(const fq2 *a) { return fe_is_zero(&a->c0) && fe_is_zero(&a->c1); }

static void fq6_add(fq6 *r, const fq6 *a, const fq6 *b) {
    fq2_add(&r->c0, &a->c0, &b->c0);
    fq2_add(&r->c1, &a->c1, &b->c1);
    fq2_add(&r->c2, &a->c2, &b->c2);
}
static void fq6_sub(fq6 *r, const fq6 *a, const fq6 *b) {
    fq2_sub(&r->c0, &a->c0, &b->c0);
    fq2_sub(&r->c1, &a->c1, &b->c1);
    fq2_sub(&r->c2, &a->c2, &b->c2);
}
static void fq6_neg(fq6 *r, const fq6 *a) {
    fq2_neg(&r->c0, &a->c0);
    fq2_neg(&r->c1, &a->c1);
    fq2_neg(&r->c2, &a->c2);
}
/* r = a·v */
static void fq6_mul_v(fq6 *r, const fq6 *a) {
    fq2 t;
    fq2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}
static void fq6_mul(fq6 *r, const fq6 *a, const fq6 *b) {
    fq2 v0, v1, v2, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, &b->c0);
    fq2_mul(&v1, &a->c1, &b->c1);
    fq2_mul(&v2, &a->c2, &b->c2);
    fq2_add(&s, &a->c1, &a->c2);
    fq2_add(&t, &b->c1, &b->c2);
    fq2_mul(&c0, &s, &t);
    fq2_sub(&c0, &c0, &v1);
    fq2_sub(&c0, &c0, &v2);
    fq2_mul_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);
    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, &b->c0, &b->c1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);
    fq2_mul_xi(&t, &v2);
    fq2_add(&c1, &c1, &t);
    fq2_add(&s, &a->c0, &a->c2);
    fq2_add(&t, &b->c0, &b->c2);
    fq2_mul(&c2, &s, &t);
    fq2_sub(&c2, &c2, &v0);
    fq2_sub(&c2, &c2, &v2);
    fq2_add(&c2, &c2, &v1);
    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}
/* r = a·(b0 + b1·v) */
static void fq6_mul_01(fq6 *r, const fq6 *a, const fq2 *b0, const fq2 *b1) {
    fq2 v0, v1, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, b0);
    fq2_mul(&v1, &a->c1, b1);
    fq2_mul(&c0, &a->c2, b1);
    fq2_mul_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);
    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, b0, b1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);
    fq2_mul(&c2, &a->c2, b0);
    fq2_add(&c2, &c2, &v1);
    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}
static void fq6_mul_fq2(fq6 *r, const fq6 *a, const fq2 *b) {
    fq2_mul(&r->c0, &a->c0, b);
    fq2_mul(&r->c1, &a->c1, b);
    fq2_mul(&r->c2, &a->c2, b);
}
static void fq6_inv(fq6 *r, const fq6 *a) {
    fq2 t0, t1, t2, s, d;
    fq2_sqr(&t0, &a->c0);
    fq2_mul(&s, &a->c1, &a->c2);
    fq2_mul_xi(&s, &s);
    fq2_sub(&t0, &t0, &s); /* c0² - ξ c1 c2 */
    fq2_sqr(&t1, &a->c2);
    fq2_mul_xi(&t1, &t1);
    fq2_mul(&s, &a->c0, &a->c1);
    fq2_sub(&t1, &t1, &s); /* ξ c2² - c0 c1 */
    fq2_sqr(&t2, &a->c1);
    fq2_mul(&s, &a->c0, &a->c2);
    fq2_sub(&t2, &t2, &s); /* c1² - c0 c2 */
    fq2_mul(&d, &a->c2, &t1);
    fq2_mul(&s, &a->c1, &t2);
    fq2_add(&d, &d, &s);
    fq2_mul_xi(&d, &d);
    fq2_mul(&s, &a->c0, &t0);
    fq2_add(&d, &d, &s);
    fq2_inv(&d, &d);
    fq2_mul(&r->c0, &t0, &d);
    fq2_mul(&r->c1, &t1, &d);
    fq2_mul(&r->c2, &t2, &d);
}

static void fq12_one(fq12 *r) {
    memset(r, 0, sizeof *r);
    r->c0.c0.c0 = FQ.one;
}
static int fq12_is_one(const fq12 *a) {
    fq12 one;
    fq12_one(&one);
    return eq_bytes(a, &one, sizeof one);
}
static void fq12_mul(fq12 *r, const fq12 *a, const fq12 *b) {
    fq6 t0, t1, s, t;
    fq6_mul(&t0, &a->c0, &b->c0);
    fq6_mul(&t1, &a->c1, &b->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_add(&t, &b->c0, &b->c1);
    fq6_mul(&s, &s, &t);
    fq6_sub(&s, &s, &t0);
    fq6_sub(&r->c1, &s, &t1);
    fq6_mul_v(&t1, &t1);
    fq6_add(&r->c0, &t0, &t1);
}
static void fq12_sqr(fq12 *r, const fq12 *a) {
    fq6 t, s, u;
    fq6_mul(&t, &a->c0, &a->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_mul_v(&u, &a->c1);
    fq6_add(&u, &u, &a->c0);
    fq6_mul(&s, &s, &u);
    fq6_sub(&s, &s, &t);
    fq6_mul_v(&u, &t);
    fq6_sub(&r->c0, &s, &u);
    fq6_add(&r->c1, &t, &t);
}
static void fq12_conj(fq12 *r, const fq12 *a) {
    r->c0 = a->c0;
    fq6_neg(&r->c1, &a->c1);
}
static void fq12_inv(fq12 *r, const fq12 *a) {
    fq6 t0, t1;
    fq6_mul(&t0, &a->c0, &a->c0);
    fq6_mul(&t1, &a->c1, &a->c1);
    fq6_mul_v(&t1, &t1);
    fq6_sub(&t0, &t0, &t1);
    fq6_inv(&t0, &t0);
    fq6_mul(&r->c0, &a->c0, &t0);
    fq6_mul(&t1, &a->c1, &t0);
    fq6_neg(&r->c1, &t1);
}
/* r = a·(l0 + (l1 + l2·v)·w), a Miller-loop line */
static void fq12_mul_line(fq12 *r, const fq12 *a, const fq2 *l0, const fq2 *l1, const fq2 *l2) {
    fq6 t0, t1, s;
    fq2 m;
    fq6_mul_fq2(&t0, &a->c0, l0);
    fq6_mul_01(&t1, &a->c1, l1, l2);
    fq6_add(&s, &a->c0, &a->c1);
    fq2_add(&m, l0, l1);
    fq6_mul_01(&s, &s, &m, l2);
    fq6_sub(&s, &s, &t0);
    fq6_sub(&r->c1, &s, &t1);
    fq6_mul_v(&t1, &t1);
    fq6_add(&r->c0, &t0, &t1);
}

/* Frobenius constants: G1[k-1] = ξ^(k(p-1)/6) for k = 1..5 and G2[k-1] = ξ^(k(p²-1)/6)
 * (in Fq), Montgomery form. Coefficient of w^k is multiplied by the k-th constant. */
static const fq2 FROB1[5] = {
    {K4(0xaf9ba69633144907, 0xca6b1d7387afb78a, 0x11bded5ef08a2087, 0x02f34d751a1f3a7c),
     K4(0xa222ae234c492d72, 0xd00f02a4565de15b, 0xdc2ff3a253dfc926, 0x10a75716b3899551)},
    {K4(0xb5773b104563ab30, 0x347f91c8a9aa6454, 0x7a007127242e0991, 0x1956bcd8118214ec),
     K4(0x6e849f1ea0aa4757, 0xaa1c7b6d89f89141, 0xb6e713cdfae0ca3a, 0x26694fbb4e82ebc3)},
    {K4(0xe4bbdd0c2936b629, 0xbb30f162e133bacb, 0x31a9d1b6f9645366, 0x253570bea500f8dd),
     K4(0xa1d77ce45ffe77c7, 0x07affd117826d1db, 0x6d16bd27bb7edc6b, 0x2c87200285defecc)},
    {K4(0x7361d77f843abe92, 0xa5bb2bd3273411fb, 0x9c941f314b3e2399, 0x15df9cddbb9fd3ec),
     K4(0x5dddfd154bd8c949, 0x62cb29a5a4445b60, 0x37bc870a0c7dd2b9, 0x24830a9d3171f0fd)},
    {K4(0xc970692f41690fe7, 0xe240342127694b0b, 0x32bee66b83c459e8, 0x12aabced0ab08841),
     K4(0x0d485d2340aebfa9, 0x05193418ab2fcc57, 0xd3b0a40b8a4910f5, 0x2f21ebb535d2925a)}};
static const fe FROB2[5] = {
    K4(0xca8d800500fa1bf2, 0xf0c5d61468b39769, 0x0e201271ad0d4418, 0x04290f65bad856e6),
    K4(0x3350c88e13e80b9c, 0x7dce557cdb5e56b9, 0x6001b4b8b615564a, 0x2682e617020217e0),
    K4(0x68c3488912edefaa, 0x8d087f6872aabf4f, 0x51e1a24709081231, 0x2259d6b14729c0fa),
    K4(0x71930c11d782e155, 0xa6bb947cffbe3323, 0xaa303344d4741444, 0x2c3b3f0d26594943),
    K4(0x08cfc388c494f1ab, 0x19b315148d1373d4, 0x584e90fdcb6c0213, 0x09e1685bdf2f8849)};

/* r = a^p. Coefficients: c0 = (w^0, w^2, w^4), c1 = (w^1, w^3, w^5). */
static void fq12_frob(fq12 *r, const fq12 *a) {
    fq2 t;
    fq2_conj(&r->c0.c0, &a->c0.c0);
    fq2_conj(&t, &a->c0.c1);
    fq2_mul(&r->c0.c1, &t, &FROB1[1]);
    fq2_conj(&t, &a->c0.c2);
    fq2_mul(&r->c0.c2, &t, &FROB1[3]);
    fq2_conj(&t, &a->c1.c0);
    fq2_mul(&r->c1.c0, &t, &FROB1[0]);
    fq2_conj(&t, &a->c1.c1);
    fq2_mul(&r->c1.c1, &t, &FROB1[2]);
    fq2_conj(&t, &a->c1.c2);
    fq2_mul(&r->c1.c2, &t, &FROB1[4]);
}
/* r = a^(p²) */
static void fq12_frob2(fq12 *r, const fq12 *a) {
    r->c0.c0 = a->c0.c0;
    fq2_mul_fq(&r->c0.c1, &a->c0.c1, &FROB2[1]);
    fq2_mul_fq(&r->c0.c2, &a->c0.c2, &FROB2[3]);
    fq2_mul_fq(&r->c1.c0, &a->c1.c0, &FROB2[0]);
    fq2_mul_fq(&r->c1.c1, &a->c1.c1, &FROB2[2]);
    fq2_mul_fq(&r->c1.c2, &a->c1.c2, &FROB2[4]);
}

/* ---------------------------------------------------------------- G1
 * y² = x³ + 3. Affine points with (0, 0) standing for infinity; Jacobian (X, Y, Z)
 * with Z = 0 for infinity. */

typedef struct {
    fe x, y;
} g1a;
typedef struct {
    fe x, y, z;
} g1j;

static const fe FQ_B = K4(0x7a17caa950ad28d7, 0x1f6ac17ae15521b9, 0x334bea4e696bd284, 0x2a1f6744ce179d8e);

static int g1a_is_inf(const g1a *p) { return fe_is_zero(&p->x) && fe_is_zero(&p->y); }

/* Decodes 64 bytes x ‖ y. Returns: ZKV_OK, ZKV_ERR_NONCANONICAL, ZKV_ERR_NOT_ON_CURVE. */
static zkv_status g1a_from_bytes(g1a *p, const uint8_t b[64]) {
    if (!fe_from_bytes(&p->x, b, &FQ) || !fe_from_bytes(&p->y, b + 32, &FQ)) return ZKV_ERR_NONCANONICAL;
    if (g1a_is_inf(p)) return ZKV_OK;
    fe l, r;
    fq_sqr(&l, &p->y);
    fq_sqr(&r, &p->x);
    fq_mul(&r, &r, &p->x);
    fq_add(&r, &r, &FQ_B);
    return fe_eq(&l, &r) ? ZKV_OK : ZKV_ERR_NOT_ON_CURVE;
}

static void g1j_dbl(g1j *r, const g1j *p) {
    if (fe_is_zero(&p->z)) {
        *r = *p;
        return;
    }
    fe a, b, c, d, e, f, t;
    fq_sqr(&a, &p->x);
    fq_sqr(&b, &p->y);
    fq_sqr(&c, &b);
    fq_add(&d, &p->x, &b);
    fq_sqr(&d, &d);
    fq_sub(&d, &d, &a);
    fq_sub(&d, &d, &c);
    fq_add(&d, &d, &d);
    fq_add(&e, &a, &a);
    fq_add(&e, &e, &a);
    fq_sqr(&f, &e);
    fq_mul(&t, &p->y, &p->z);
    fq_add(&r->z, &t, &t);
    fq_sub(&r->x, &f, &d);
    fq_sub(&r->x, &r->x, &d);
    fq_sub(&t, &d, &r->x);
    fq_mul(&t, &e, &t);
    fq_add(&c, &c, &c);
    fq_add(&c, &c, &c);
    fq_add(&c, &c, &c);
    fq_sub(&r->y, &t, &c);
}

/* r = p + q, q affine */
static void g1j_add_aff(g1j *r, const g1j *p, const g1a *q) {
    if (g1a_is_inf(q)) {
        *r = *p;
        return;
    }
    if (fe_is_zero(&p->z)) {
        r->x = q->x;
        r->y = q->y;
        r->z = FQ.one;
        return;
    }
    fe z1z1, u2, s2, h, hh, i, j, rr, v, t;
    fq_sqr(&z1z1, &p->z);
    fq_mul(&u2, &q->x, &z1z1);
    fq_mul(&s2, &q->y, &p->z);
    fq_mul(&s2, &s2, &z1z1);
    fq_sub(&h, &u2, &p->x);
    fq_sub(&rr, &s2, &p->y);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&rr)) g1j_dbl(r, p);
        else memset(r, 0, sizeof *r);
        return;
    }
    fq_add(&rr, &rr, &rr);
    fq_sqr(&hh, &h);
    fq_add(&i, &hh, &hh);
    fq_add(&i, &i, &i);
    fq_mul(&j, &h, &i);
    fq_mul(&v, &p->x, &i);
    fe y1 = p->y;
    fq_add(&t, &p->z, &h);
    fq_sqr(&t, &t);
    fq_sub(&t, &t, &z1z1);
    fq_sub(&r->z, &t, &hh);
    fq_sqr(&t, &rr);
    fq_sub(&t, &t, &j);
    fq_sub(&t, &t, &v);
    fq_sub(&r->x, &t, &v);
    fq_sub(&t, &v, &r->x);
    fq_mul(&t, &rr, &t);
    fq_mul(&y1, &y1, &j);
    fq_add(&y1, &y1, &y1);
    fq_sub(&r->y, &t, &y1);
}

static void g1j_to_aff(g1a *r, const g1j *p) {
    if (fe_is_zero(&p->z)) {
        memset(r, 0, sizeof *r);
        return;
    }
    fe zi, zi2;
    fe_inv(&zi, &p->z, &FQ);
    fq_sqr(&zi2, &zi);
    fq_mul(&r->x, &p->x, &zi2);
    fq_mul(&zi2, &zi2, &zi);
    fq_mul(&r->y, &p->y, &zi2);
}

/* r += Σ s_i·P_i by one shared-doubling pass (Straus, 1-bit windows): no tables, so
 * the memory is the caller's arrays only. Scalars plain, < 2^254. */
NOINLINE static void g1_msm_acc(g1j *r, const g1a *pts, const fe *s, size_t n) {
    g1j part;
    g1a pa;
    memset(&part, 0, sizeof part);
    for (unsigned b = 254; b-- > 0;) {
        g1j_dbl(&part, &part);
        for (size_t i = 0; i < n; i++)
            if (bit_n(s[i].v, b)) g1j_add_aff(&part, &part, &pts[i]);
    }
    g1j_to_aff(&pa, &part);
    g1j_add_aff(r, r, &pa);
}

/* ---------------------------------------------------------------- G2 and the pairing
 * The twist y² = x³ + b', b' = 3/ξ; EIP-197 encoding x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0. */

typedef struct {
    fq2 x, y;
} g2a;
typedef struct {
    fq2 x, y, z;
} g2j;

static const fq2 TWIST_B = {
    K4(0x3bf938e377b802a8, 0x020b1b273633535d, 0x26b7edf049755260, 0x2514c6324384a86d),
    K4(0x38e7ecccd1dcff67, 0x65f0b37d93ce0d3e, 0xd749d0dd22ac00aa, 0x0141b9ce4a688d4d)};
static const fq2 TWIST_3B = {
    K4(0x3baa927cb62e0d6a, 0xd71e7c52d1b664fd, 0x03873e63d95d4664, 0x0e75b5b1082ab8f4),
    K4(0xaab7c6667596fe35, 0x31d21a78bb6a27ba, 0x85dd7297680401ff, 0x03c52d6adf39a7e9)};

static int g2a_is_inf(const g2a *p) { return fq2_is_zero(&p->x) && fq2_is_zero(&p->y); }

static void g2j_dbl(g2j *r, const g2j *p) {
    if (fq2_is_zero(&p->z)) {
        *r = *p;
        return;
    }
    fq2 a, b, c, d, e, f, t;
    fq2_sqr(&a, &p->x);
    fq2_sqr(&b, &p->y);
    fq2_sqr(&c, &b);
    fq2_add(&d, &p->x, &b);
    fq2_sqr(&d, &d);
    fq2_sub(&d, &d, &a);
    fq2_sub(&d, &d, &c);
    fq2_add(&d, &d, &d);
    fq2_add(&e, &a, &a);
    fq2_add(&e, &e, &a);
    fq2_sqr(&f, &e);
    fq2_mul(&t, &p->y, &p->z);
    fq2_add(&r->z, &t, &t);
    fq2_sub(&r->x, &f, &d);
    fq2_sub(&r->x, &r->x, &d);
    fq2_sub(&t, &d, &r->x);
    fq2_mul(&t, &e, &t);
    fq2_add(&c, &c, &c);
    fq2_add(&c, &c, &c);
    fq2_add(&c, &c, &c);
    fq2_sub(&r->y, &t, &c);
}

static void g2j_add_aff(g2j *r, const g2j *p, const g2a *q) {
    if (fq2_is_zero(&p->z)) {
        r->x = q->x;
        r->y = q->y;
        memset(&r->z, 0, sizeof r->z);
        r->z.c0 = FQ.one;
        return;
    }
    fq2 z1z1, u2, s2, h, hh, i, j, rr, v, t;
    fq2_sqr(&z1z1, &p->z);
    fq2_mul(&u2, &q->x, &z1z1);
    fq2_mul(&s2, &q->y, &p->z);
    fq2_mul(&s2, &s2, &z1z1);
    fq2_sub(&h, &u2, &p->x);
    fq2_sub(&rr, &s2, &p->y);
    if (fq2_is_zero(&h)) {
        if (fq2_is_zero(&rr)) g2j_dbl(r, p);
        else memset(r, 0, sizeof *r);
        return;
    }
    fq2_add(&rr, &rr, &rr);
    fq2_sqr(&hh, &h);
    fq2_add(&i, &hh, &hh);
    fq2_add(&i, &i, &i);
    fq2_mul(&j, &h, &i);
    fq2_mul(&v, &p->x, &i);
    fq2 y1 = p->y;
    fq2_add(&t, &p->z, &h);
    fq2_sqr(&t, &t);
    fq2_sub(&t, &t, &z1z1);
    fq2_sub(&r->z, &t, &hh);
    fq2_sqr(&t, &rr);
    fq2_sub(&t, &t, &j);
    fq2_sub(&t, &t, &v);
    fq2_sub(&r->x, &t, &v);
    fq2_sub(&t, &v, &r->x);
    fq2_mul(&t, &rr, &t);
    fq2_mul(&y1, &y1, &j);
    fq2_add(&y1, &y1, &y1);
    fq2_sub(&r->y, &t, &y1);
}

/* Decodes 128 bytes; checks canonical and on the twist; with `subgroup`, also in the
 * order-r subgroup ([r]Q = O; the twist's cofactor is not 1). */
NOINLINE static zkv_status g2a_from_bytes(g2a *p, const uint8_t b[128], int subgroup) {
    if (!fe_from_bytes(&p->x.c1, b, &FQ) || !fe_from_bytes(&p->x.c0, b + 32, &FQ) ||
        !fe_from_bytes(&p->y.c1, b + 64, &FQ) || !fe_from_bytes(&p->y.c0, b + 96, &FQ))
        return ZKV_ERR_NONCANONICAL;
    if (g2a_is_inf(p)) return ZKV_OK;
    fq2 l, r;
    fq2_sqr(&l, &p->y);
    fq2_sqr(&r, &p->x);
    fq2_mul(&r, &r, &p->x);
    fq2_add(&r, &r, &TWIST_B);
    if (!eq_bytes(&l, &r, sizeof l)) return ZKV_ERR_NOT_ON_CURVE;
    if (!subgroup) return ZKV_OK;
    g2j acc;
    memset(&acc, 0, sizeof acc);
    for (unsigned i = 254; i-- > 0;) {
        g2j_dbl(&acc, &acc);
        if (bit_n(FR.m.v, i)) g2j_add_aff(&acc, &acc, p);
    }
    return fq2_is_zero(&acc.z) ? ZKV_OK : ZKV_ERR_NOT_IN_SUBGROUP;
}

/* Miller loop state: T in homogeneous projective coordinates (X/Z, Y/Z) on the twist. */
typedef struct {
    fq2 x, y, z;
} g2h;

/* T = 2T; f = f·l_{T,T}(P). Formulas of Costello–Lange–Naehrig (homogeneous, a = 0),
 * the line scaled by an Fq2 factor that the final exponentiation removes:
 * l = -2YZ·yP + 3X²·xP·w + (3b'Z² - Y²)·v·w. */
static void miller_dbl(fq12 *f, g2h *T, const g1a *P) {
    fq2 a, b, c, e, g, h, x2, l0, l1, l2, t;
    fq2_mul(&a, &T->x, &T->y);
    fe_half(&a.c0, &a.c0, &FQ);
    fe_half(&a.c1, &a.c1, &FQ);
    fq2_sqr(&x2, &T->x);
    fq2_sqr(&b, &T->y);
    fq2_sqr(&c, &T->z);
    fq2_mul(&e, &c, &TWIST_3B);
    fq2_add(&t, &e, &e);
    fq2_add(&t, &t, &e); /* F = 3E */
    fq2_add(&h, &T->y, &T->z);
    fq2_sqr(&h, &h);
    fq2_sub(&h, &h, &b);
    fq2_sub(&h, &h, &c); /* H = 2YZ */
    fq2_sub(&g, &b, &t);
    fq2_mul(&T->x, &a, &g); /* X3 = A(B - F) */
    fq2_add(&g, &b, &t);
    fe_half(&g.c0, &g.c0, &FQ);
    fe_half(&g.c1, &g.c1, &FQ);
    fq2_sqr(&g, &g);
    fq2_sqr(&t, &e);
    fq2_sub(&g, &g, &t);
    fq2_sub(&g, &g, &t);
    fq2_sub(&T->y, &g, &t); /* Y3 = G² - 3E² */
    fq2_mul(&T->z, &b, &h); /* Z3 = B·H */
    fq2_mul_fq(&l0, &h, &P->y);
    fq2_neg(&l0, &l0);
    fq2_add(&l1, &x2, &x2);
    fq2_add(&l1, &l1, &x2);
    fq2_mul_fq(&l1, &l1, &P->x);
    fq2_sub(&l2, &e, &b);
    fq12_mul_line(f, f, &l0, &l1, &l2);
}

/* T = T + Q; f = f·l_{T,Q}(P) (Q affine):
 * l = λ·yP - θ·xP·w + (θ·xQ - λ·yQ)·v·w with θ = Y - yQ·Z, λ = X - xQ·Z. */
static void miller_add(fq12 *f, g2h *T, const g2a *Q, const g1a *P) {
    fq2 th, la, c, d, e, ff, g, h, t, l0, l1, l2;
    fq2_mul(&t, &Q->y, &T->z);
    fq2_sub(&th, &T->y, &t);
    fq2_mul(&t, &Q->x, &T->z);
    fq2_sub(&la, &T->x, &t);
    fq2_sqr(&c, &th);
    fq2_sqr(&d, &la);
    fq2_mul(&e, &d, &la);
    fq2_mul(&ff, &T->z, &c);
    fq2_mul(&g, &T->x, &d);
    fq2_add(&h, &e, &ff);
    fq2_sub(&h, &h, &g);
    fq2_sub(&h, &h, &g);
    fq2_mul(&T->x, &la, &h);
    fq2_sub(&t, &g, &h);
    fq2_mul(&t, &th, &t);
    fq2_mul(&g, &T->y, &e);
    fq2_sub(&T->y, &t, &g);
    fq2_mul(&T->z, &T->z, &e);
    fq2_mul_fq(&l0, &la, &P->y);
    fq2_mul_fq(&l1, &th, &P->x);
    fq2_neg(&l1, &l1);
    fq2_mul(&l2, &th, &Q->x);
    fq2_mul(&t, &la, &Q->y);
    fq2_sub(&l2, &l2, &t);
    fq12_mul_line(f, f, &l0, &l1, &l2);
}

/* NAF of 6x + 2 (x = 4965661367192848881), most significant digit first */
static const int8_t ATE_NAF[66] = {1, 0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 0, -1, 0, 1, 0, -1, 0, 0, -1,
                                   0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1, 0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0,
                                   0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, 1, 0, 0, 0};
#define BN_X 0x44e992b44a6909f1ULL

/* f = Π_i f_{6x+2,Q_i}(P_i)·l_{T,π(Q)}·l_{T',−π²(Q)} for two pairs (pairs with a point at
 * infinity contribute 1 and are skipped). */
NOINLINE static void miller_loop2(fq12 *f, const g1a P[2], const g2a Q[2]) {
    g2h T[2];
    int on[2];
    fq12_one(f);
    for (int k = 0; k < 2; k++) {
        on[k] = !g1a_is_inf(&P[k]) && !g2a_is_inf(&Q[k]);
        T[k].x = Q[k].x;
        T[k].y = Q[k].y;
        memset(&T[k].z, 0, sizeof T[k].z);
        T[k].z.c0 = FQ.one;
    }
    for (int i = 1; i < 66; i++) {
        fq12_sqr(f, f);
        for (int k = 0; k < 2; k++) {
            if (!on[k]) continue;
            miller_dbl(f, &T[k], &P[k]);
            if (ATE_NAF[i]) {
                g2a q = Q[k];
                if (ATE_NAF[i] < 0) fq2_neg(&q.y, &q.y);
                miller_add(f, &T[k], &q, &P[k]);
            }
        }
    }
    for (int k = 0; k < 2; k++) {
        if (!on[k]) continue;
        g2a q1, q2;
        fq2_conj(&q1.x, &Q[k].x);
        fq2_mul(&q1.x, &q1.x, &FROB1[1]); /* ξ^((p-1)/3) */
        fq2_conj(&q1.y, &Q[k].y);
        fq2_mul(&q1.y, &q1.y, &FROB1[2]); /* ξ^((p-1)/2) */
        miller_add(f, &T[k], &q1, &P[k]);
        fq2_mul_fq(&q2.x, &Q[k].x, &FROB2[1]); /* ξ^((p²-1)/3); y·ξ^((p²-1)/2) = -y, negated */
        q2.y = Q[k].y;
        miller_add(f, &T[k], &q2, &P[k]);
    }
}

static void fq12_pow_x(fq12 *r, const fq12 *a) {
    fq12 acc = *a;
    for (int i = 61; i >= 0; i--) {
        fq12_sqr(&acc, &acc);
        if ((BN_X >> i) & 1) fq12_mul(&acc, &acc, a);
    }
    *r = acc;
}

/* f^((p^12 - 1)/r): easy part (p^6 - 1)(p^2 + 1), then the hard part by the
 * Devegili–Scott–Dahab chain in powers of x. */
NOINLINE static void final_exp(fq12 *r, const fq12 *f) {
    /* five Fq12 temporaries: the chain is ordered so each intermediate dies early */
    fq12 t1, a, b, c, d;
    fq12_inv(&a, f);
    fq12_conj(&t1, f);
    fq12_mul(&t1, &t1, &a); /* f^(p^6 - 1) */
    fq12_frob2(&a, &t1);
    fq12_mul(&t1, &t1, &a); /* ·^(p^2 + 1) */
    fq12_pow_x(&a, &t1);    /* fu  */
    fq12_pow_x(&b, &a);     /* fu2 */
    fq12_pow_x(&c, &b);     /* fu3 */
    fq12_frob(&d, &c);
    fq12_mul(&c, &c, &d);
    fq12_conj(&c, &c); /* y6 */
    fq12_frob(&d, &b);
    fq12_mul(&d, &a, &d);
    fq12_conj(&d, &d); /* y4 */
    fq12_sqr(&c, &c);
    fq12_mul(&c, &c, &d); /* T0 = y6²·y4 */
    fq12_conj(&d, &b);    /* y5 */
    fq12_mul(&c, &c, &d); /* T0 ·= y5 */
    fq12_frob(&a, &a);
    fq12_conj(&a, &a);    /* y3 */
    fq12_mul(&d, &a, &d); /* T1 = y3·y5 */
    fq12_mul(&d, &d, &c); /* T1 ·= T0 */
    fq12_frob2(&a, &b);   /* y2 */
    fq12_mul(&c, &c, &a); /* T0 ·= y2 */
    fq12_sqr(&d, &d);
    fq12_mul(&d, &d, &c);
    fq12_sqr(&d, &d); /* T1 = (T1²·T0)² */
    fq12_conj(&c, &t1);   /* y1 */
    fq12_mul(&c, &d, &c); /* T0 = T1·y1 */
    fq12_frob(&a, &t1);
    fq12_frob2(&b, &t1);
    fq12_mul(&a, &a, &b);
    fq12_frob(&b, &b);
    fq12_mul(&a, &a, &b); /* y0 = f^p·f^(p²)·f^(p³) */
    fq12_mul(&d, &d, &a); /* T1 ·= y0 */
    fq12_sqr(&c, &c);
    fq12_mul(r, &c, &d);
}

/* Returns: 1 when e(P0, Q0)·e(P1, Q1) = 1. */
NOINLINE static int pairing_check2(const g1a P[2], const g2a Q[2]) {
    fq12 f;
    miller_loop2(&f, P, Q);
    final_exp(&f, &f);
    return fq12_is_one(&f);
}

/* ---------------------------------------------------------------- Keccak-256 and transcript */

typedef struct {
    uint64_t st[25];
    unsigned pos;
} keccak;

static const uint64_t KECCAK_RC[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
static const uint8_t KECCAK_ROT[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                                       27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
static const uint8_t KECCAK_PI[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                                      15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

static uint64_t rotl64(uint64_t x, unsigned n) { return (x << n) | (x >> (64 - n)); }

static void keccak_f(uint64_t s[25]) {
    uint64_t bc[5], t;
    for (int round = 0; round < 24; round++) {
        for (int i = 0; i < 5; i++) bc[i] = s[i] ^ s[i + 5] ^ s[i + 10] ^ s[i + 15] ^ s[i + 20];
        for (int i = 0; i < 5; i++) {
            t = bc[(i + 4) % 5] ^ rotl64(bc[(i + 1) % 5], 1);
            for (int j = 0; j < 25; j += 5) s[j + i] ^= t;
        }
        t = s[1];
        for (int i = 0; i < 24; i++) {
            int j = KECCAK_PI[i];
            uint64_t b = s[j];
            s[j] = rotl64(t, KECCAK_ROT[i]);
            t = b;
        }
        for (int j = 0; j < 25; j += 5) {
            for (int i = 0; i < 5; i++) bc[i] = s[j + i];
            for (int i = 0; i < 5; i++) s[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        s[0] ^= KECCAK_RC[round];
    }
}

#define KECCAK_RATE 136

static void keccak_init(keccak *k) { memset(k, 0, sizeof *k); }

static void keccak_update(keccak *k, const uint8_t *in, size_t len) {
    for (size_t i = 0; i < len; i++) {
        k->st[k->pos / 8] ^= (uint64_t)in[i] << (8 * (k->pos % 8));
        if (++k->pos == KECCAK_RATE) {
            keccak_f(k->st);
            k->pos = 0;
        }
    }
}

static void keccak_final(keccak *k, uint8_t out[32]) {
    k->st[k->pos / 8] ^= (uint64_t)0x01 << (8 * (k->pos % 8));
    k->st[(KECCAK_RATE - 1) / 8] ^= (uint64_t)0x80 << (8 * ((KECCAK_RATE - 1) % 8));
    keccak_f(k->st);
    for (int i = 0; i < 32; i++) out[i] = (uint8_t)(k->st[i / 8] >> (8 * (i % 8)));
}

void zkv_keccak256(uint8_t out[32], const uint8_t *in, size_t len) {
    keccak k;
    keccak_init(&k);
    keccak_update(&k, in, len);
    keccak_final(&k, out);
}

/* PROTOCOL.md §3: the context has absorbed the state S and the pending words. */
typedef struct {
    keccak k;
} transcript;

static void tr_init(transcript *t, const char *label, size_t len) {
    uint8_t s[32];
    zkv_keccak256(s, (const uint8_t *)label, len);
    keccak_init(&t->k);
    keccak_update(&t->k, s, 32);
}

/* absorbs whole 32-byte words given as their encoding (scalars, points x ‖ y, digest) */
static void tr_absorb(transcript *t, const uint8_t *words, size_t n_words) {
    keccak_update(&t->k, words, 32 * n_words);
}

static void tr_squeeze(transcript *t, fe *c) {
    uint8_t h[32];
    keccak_final(&t->k, h);
    keccak_init(&t->k);
    keccak_update(&t->k, h, 32);
    fe x;
    load_be(x.v, h);
    while (geq_n(x.v, FR.m.v)) sub_n(x.v, x.v, FR.m.v);
    fe_to_mont(c, &x, &FR);
}

/* ---------------------------------------------------------------- VK */

#define BLIND_ROWS 5
#define ROT_LAST (-(BLIND_ROWS + 1))
#define MAX_ROT 64
#define VK_HEADER 56    /* version 1: magic, version, 11 counts */
#define VK_HEADER_V2 64 /* version 2: + A_late, n_c */
#define VK_HEADER_V3 68 /* version 3: + P, the pack limit */
#define MAX_CHALLENGES 4
#define MAX_PACK 256

enum { OP_CONST = 0, OP_CELL = 1, OP_ADD = 2, OP_SUB = 3, OP_MUL = 4, OP_NEG = 5, OP_CHALLENGE = 6 };
enum { COL_ADVICE = 0, COL_FIXED = 1, COL_INSTANCE = 2 };

static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

typedef struct {
    uint8_t op, kind;
    int32_t rot;
    uint32_t a, b;
} node;

static node vk_node(const zkv_vk *vk, uint32_t i) {
    const uint8_t *p = vk->buf + vk->off_nodes + 12 * (size_t)i;
    node nd;
    nd.op = p[0];
    nd.kind = p[1];
    nd.rot = (int16_t)(uint16_t)(p[2] | p[3] << 8);
    nd.a = rd32(p + 4);
    nd.b = rd32(p + 8);
    return nd;
}

static int is_af_cell(const node *nd) { return nd->op == OP_CELL && nd->kind <= COL_FIXED; }

/* order of (kind, column, rotation) in the canonical query list */
static uint64_t cell_key(const node *nd) {
    return (uint64_t)nd->kind << 48 | (uint64_t)nd->a << 16 | (uint64_t)(uint16_t)(nd->rot + MAX_ROT);
}

static int same_cell(const node *x, const node *y) {
    return x->kind == y->kind && x->a == y->a && x->rot == y->rot;
}

static void rot_set(zkv_vk *vk, int32_t rot) { vk->rot_bits[(rot + MAX_ROT) / 32] |= 1u << ((rot + MAX_ROT) % 32); }

/* index of rotation rot among the opening points (ascending) */
static uint32_t point_index(const zkv_vk *vk, int32_t rot) {
    uint32_t k = 0;
    for (int32_t r = -MAX_ROT; r < rot; r++) k += (vk->rot_bits[(r + MAX_ROT) / 32] >> ((r + MAX_ROT) % 32)) & 1;
    return k;
}

/* the rotations at which expressions read fixed column col, as a bit set like rot_bits */
static void fixed_rots(const zkv_vk *vk, uint32_t col, uint32_t bits[5]) {
    memset(bits, 0, 5 * sizeof *bits);
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        if (nd.op == OP_CELL && nd.kind == COL_FIXED && nd.a == col)
            bits[(nd.rot + MAX_ROT) / 32] |= 1u << ((nd.rot + MAX_ROT) % 32);
    }
}

static int bits_eq(const uint32_t a[5], const uint32_t b[5]) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] && a[4] == b[4];
}

/* Version 3 (PROTOCOL.md §4.7): n_fq, the fixed columns with a query, and n_packs. The
 * preprocessed list (fixed columns with a query, then every σ, whose rotation set is
 * {0}) is grouped by equal rotation sets, each group cut into packs of at most P: a
 * group of size s gives ceil(s / P) packs. Only the counts are needed here (the VK's
 * length); zkv_verify lays the packs out in its workspace. Time O(fixed² · nodes) in the
 * worst case, with no memory beyond two bit sets. */
static void count_packs(zkv_vk *vk) {
    uint32_t a_bits[5], b_bits[5], zero[5] = {0, 0, 0, 0, 0}, P = vk->pack_limit;
    int sigma_joined = 0;
    zero[MAX_ROT / 32] = 1u << (MAX_ROT % 32);
    for (uint32_t a = 0; a < vk->n_fix; a++) {
        fixed_rots(vk, a, a_bits);
        if (!(a_bits[0] | a_bits[1] | a_bits[2] | a_bits[3] | a_bits[4])) continue;
        vk->n_fq++;
        int leader = 1;
        for (uint32_t b = 0; b < a && leader; b++) {
            fixed_rots(vk, b, b_bits);
            leader = !bits_eq(a_bits, b_bits);
        }
        if (!leader) continue;
        uint32_t size = 1;
        for (uint32_t b = a + 1; b < vk->n_fix; b++) {
            fixed_rots(vk, b, b_bits);
            size += (uint32_t)bits_eq(a_bits, b_bits);
        }
        if (bits_eq(a_bits, zero)) { /* the σ's join the first group read at rotation 0 only */
            size += vk->n_perm;
            sigma_joined = 1;
        }
        vk->n_packs += (size + P - 1) / P;
    }
    if (!sigma_joined) vk->n_packs += (vk->n_perm + P - 1) / P;
}

static uint32_t bits_count(const uint32_t b[5]) {
    uint32_t n = 0;
    for (int i = 0; i < 5; i++)
        for (uint32_t x = b[i]; x; x &= x - 1) n++;
    return n;
}

/* Witness polynomials (PROTOCOL.md §4.7) are numbered w = 0 .. W−1 in this order: the
 * advice columns, m_l, z_j, φ_l. S1, S2 and S3 are consecutive ranges of it: S1 = [0,
 * A − A_late) with late columns, else [0, A + L) (advice then m); S2 = [A − A_late,
 * A + L) (late advice then m; empty without late columns); S3 = [A + L, W) (z then φ).
 * So a witness pack is a range of w, and the proof's pack commitments follow w. */
static uint32_t wit_count(const zkv_vk *vk) { return vk->n_adv + 2 * vk->n_lookups + vk->n_z; }
static uint32_t w_m(const zkv_vk *vk, uint32_t l) { return vk->n_adv + l; }
static uint32_t w_z(const zkv_vk *vk, uint32_t j) { return vk->n_adv + vk->n_lookups + j; }
static uint32_t w_phi(const zkv_vk *vk, uint32_t l) { return vk->n_adv + vk->n_lookups + vk->n_z + l; }

/* R(w), the base rotation set of witness polynomial w as a bit set like rot_bits: an
 * advice column's reads (possibly none), m_l {0}, z_j {0, 1, last} ({0, 1} for the
 * last chunk), φ_l {0, 1} (§4.5) */
static void wit_rots(const zkv_vk *vk, uint32_t w, uint32_t bits[5]) {
    memset(bits, 0, 5 * sizeof *bits);
#define ZKV_BIT(r) bits[((r) + MAX_ROT) / 32] |= 1u << (((r) + MAX_ROT) % 32)
    if (w < vk->n_adv) {
        for (uint32_t i = 0; i < vk->n_nodes; i++) {
            node nd = vk_node(vk, i);
            if (nd.op == OP_CELL && nd.kind == COL_ADVICE && nd.a == w) ZKV_BIT(nd.rot);
        }
        return;
    }
    ZKV_BIT(0);
    if (w >= w_z(vk, 0)) ZKV_BIT(1);
    if (w >= w_z(vk, 0) && w + 1 < w_phi(vk, 0)) ZKV_BIT(ROT_LAST);
#undef ZKV_BIT
}

/* A witness pack's rotation set U (at most 4 rotations, |ρ| <= 64) as one word: byte k
 * the k-th rotation in query order (ascending) as int8, 0x80 for none. */
#define UROT_NONE 0x80808080u
static uint32_t urot_pack(const uint32_t bits[5]) {
    uint32_t u = UROT_NONE, k = 0;
    for (int32_t r = -MAX_ROT; r <= MAX_ROT; r++)
        if ((bits[(r + MAX_ROT) / 32] >> ((r + MAX_ROT) % 32)) & 1) {
            u = (u & ~(0xffu << (8 * k))) | (uint32_t)(uint8_t)(int8_t)r << (8 * k);
            k++;
        }
    return u;
}
static uint32_t urot_len(uint32_t u) {
    uint32_t k = 0;
    while (k < 4 && ((u >> (8 * k)) & 0xff) != 0x80) k++;
    return k;
}
static int32_t urot_get(uint32_t u, uint32_t k) { return (int8_t)(uint8_t)(u >> (8 * k)); }

/* The witness packs' counts (PROTOCOL.md §4.7). */
typedef struct {
    uint32_t packs, open, queries, advq, seq[3];
} wcount;

/* Cuts S1, S2, S3 greedily into witness packs: w joins the current pack unless it has P
 * members or the union of rotation sets would exceed 4 rotations. Counts into wc; with
 * first and urot (n_wpacks + 1 and n_wpacks words) also records pack g's first w and U.
 * Returns: ZKV_OK; ZKV_ERR_ENCODING when an advice column is read at more than 4
 * rotations or a pack's set names one point twice (rotations congruent mod n). */
static zkv_status wpack_walk(const zkv_vk *vk, wcount *wc, uint32_t *first, uint32_t *urot) {
    uint32_t A = vk->n_adv, L = vk->n_lookups, W = wit_count(vk), n = 1u << vk->log_n;
    uint32_t ends[3] = {vk->n_late ? A - vk->n_late : A + L, A + L, W}, start = 0;
    memset(wc, 0, sizeof *wc);
    for (int s = 0; s < 3; s++) {
        uint32_t U[5] = {0, 0, 0, 0, 0}, r[5], t = 0, w0 = start, adv = 0;
        for (uint32_t w = start; w <= ends[s]; w++) {
            int close = w == ends[s];
            if (!close) {
                wit_rots(vk, w, r);
                if (bits_count(r) > 4) return ZKV_ERR_ENCODING;
                uint32_t nu[5];
                for (int i = 0; i < 5; i++) nu[i] = U[i] | r[i];
                close = t && (t == vk->pack_limit || bits_count(nu) > 4);
                if (!close) memcpy(U, nu, sizeof U);
            }
            if (close && t) {
                uint32_t u = urot_pack(U), nr = urot_len(u);
                for (uint32_t a = 0; a < nr; a++)
                    for (uint32_t b = a + 1; b < nr; b++)
                        if ((((uint32_t)urot_get(u, a) - (uint32_t)urot_get(u, b)) & (n - 1)) == 0)
                            return ZKV_ERR_ENCODING;
                if (first) {
                    first[wc->packs] = w0;
                    urot[wc->packs] = u;
                }
                wc->packs++;
                wc->seq[s]++;
                wc->open += nr > 0;
                wc->queries += t * nr;
                wc->advq += adv * nr;
                if (w < ends[s]) memcpy(U, r, sizeof U);
                t = 0;
                adv = 0;
                w0 = w;
            }
            if (w < ends[s]) {
                t++;
                adv += w < A;
            }
        }
        start = ends[s];
    }
    if (first) first[wc->packs] = W;
    return ZKV_OK;
}

zkv_status zkv_vk_parse(zkv_vk *vk, const uint8_t *buf, size_t len) {
    static const uint8_t magic[8] = {'Z', 'K', 'I', 'V', 'K', 'E', 'Y', 0};
    if (!vk) return ZKV_ERR_ARG;
    memset(vk, 0, sizeof *vk);
    if (!buf) return ZKV_ERR_ARG;
    if (len < 8 || !eq_bytes(buf, magic, 8)) return ZKV_ERR_ENCODING;
    if (len < 12) return ZKV_ERR_SIZE;
    uint32_t version = rd32(buf + 8);
    if (version < 1 || version > 3) return ZKV_ERR_VERSION;
    size_t header = version == 1 ? VK_HEADER : version == 2 ? VK_HEADER_V2 : VK_HEADER_V3;
    if (len < header) return ZKV_ERR_SIZE;
    if (len > 0x7fffffffu) return ZKV_ERR_SIZE;
    const uint8_t *h = buf + 12;
    uint32_t log_n = rd32(h), blind = rd32(h + 4);
    vk->n_adv = rd32(h + 8);
    vk->n_fix = rd32(h + 12);
    vk->n_inst = rd32(h + 16);
    vk->n_nodes = rd32(h + 20);
    vk->n_consts = rd32(h + 24);
    vk->n_gates = rd32(h + 28);
    vk->n_lookups = rd32(h + 32);
    vk->n_perm = rd32(h + 36);
    vk->degree = rd32(h + 40);
    size_t left = len - header;
    if (blind != BLIND_ROWS || log_n < 3 || log_n > 26 || vk->n_adv > 4096 || vk->n_fix > 4096 ||
        vk->n_inst > 64 || vk->n_nodes == 0 || vk->n_nodes > left / 12 || vk->n_consts > left / 32 ||
        vk->n_gates > left / 4 || vk->n_lookups > left / 12 || vk->n_perm > left / 8)
        return ZKV_ERR_ENCODING;
    if (vk->degree < 3 || vk->degree > 9) return ZKV_ERR_ENCODING;
    /* version 2 exactly when there are late advice columns (PROTOCOL.md §4.1, §5) */
    if (version == 2) {
        vk->n_late = rd32(h + 44);
        vk->n_chal = rd32(h + 48);
        if (vk->n_late == 0 || vk->n_late > vk->n_adv || vk->n_chal == 0 || vk->n_chal > MAX_CHALLENGES)
            return ZKV_ERR_ENCODING;
    }
    /* version 3 exactly when the circuit uses the SHPLONK opening, with or without late
     * columns (A_late and n_c zero together), PROTOCOL.md §4.7 */
    if (version == 3) {
        vk->n_late = rd32(h + 44);
        vk->n_chal = rd32(h + 48);
        vk->pack_limit = rd32(h + 52);
        if (vk->n_late > vk->n_adv || vk->n_chal > MAX_CHALLENGES || (vk->n_late == 0) != (vk->n_chal == 0) ||
            vk->pack_limit == 0 || vk->pack_limit > MAX_PACK)
            return ZKV_ERR_ENCODING;
    }
    vk->version = version;
    vk->buf = buf;
    vk->len = (uint32_t)len;
    vk->log_n = log_n;
    uint32_t n = 1u << log_n, usable = n - BLIND_ROWS - 1;
    size_t pos = header;
    /* public inputs per instance column */
    if ((size_t)4 * vk->n_inst > len - pos) return ZKV_ERR_SIZE;
    vk->off_pub = (uint32_t)pos;
    vk->max_public_rows = 1;
    for (uint32_t j = 0; j < vk->n_inst; j++) {
        uint32_t np = rd32(buf + pos + 4 * j);
        if (np > usable) return ZKV_ERR_ENCODING;
        vk->n_public += np;
        if (np > vk->max_public_rows) vk->max_public_rows = np;
    }
    pos += 4 * (size_t)vk->n_inst;
    /* expression nodes: operands are earlier nodes, columns and rotations in range */
    if ((size_t)12 * vk->n_nodes > len - pos) return ZKV_ERR_SIZE;
    vk->off_nodes = (uint32_t)pos;
    pos += 12 * (size_t)vk->n_nodes;
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        switch (nd.op) {
        case OP_CONST:
            if (nd.a >= vk->n_consts) return ZKV_ERR_ENCODING;
            break;
        case OP_CELL: {
            uint32_t ncol = nd.kind == COL_ADVICE ? vk->n_adv : nd.kind == COL_FIXED ? vk->n_fix
                                                           : nd.kind == COL_INSTANCE ? vk->n_inst : 0;
            if (nd.a >= ncol || nd.rot < -MAX_ROT || nd.rot > MAX_ROT) return ZKV_ERR_ENCODING;
            if (nd.kind == COL_INSTANCE && nd.rot != 0) return ZKV_ERR_ENCODING;
            break;
        }
        case OP_ADD:
        case OP_SUB:
        case OP_MUL:
            if (nd.a >= i || nd.b >= i) return ZKV_ERR_ENCODING;
            break;
        case OP_NEG:
            if (nd.a >= i) return ZKV_ERR_ENCODING;
            break;
        case OP_CHALLENGE: /* only in version 2 (n_chal = 0 in version 1) */
            if (nd.a >= vk->n_chal || nd.b != 0 || nd.kind != 0 || nd.rot != 0) return ZKV_ERR_ENCODING;
            break;
        default: return ZKV_ERR_ENCODING;
        }
    }
    /* constants */
    if ((size_t)32 * vk->n_consts > len - pos) return ZKV_ERR_SIZE;
    vk->off_consts = (uint32_t)pos;
    for (uint32_t i = 0; i < vk->n_consts; i++, pos += 32) {
        fe c;
        if (!fe_from_bytes(&c, buf + pos, &FR)) return ZKV_ERR_NONCANONICAL;
    }
    /* gates */
    if ((size_t)4 * vk->n_gates > len - pos) return ZKV_ERR_SIZE;
    vk->off_gates = (uint32_t)pos;
    for (uint32_t g = 0; g < vk->n_gates; g++, pos += 4)
        if (rd32(buf + pos) >= vk->n_nodes) return ZKV_ERR_ENCODING;
    /* lookups: width, inputs, tables */
    vk->off_lookups = (uint32_t)pos;
    for (uint32_t l = 0; l < vk->n_lookups; l++) {
        if (4 > len - pos) return ZKV_ERR_SIZE;
        uint32_t w = rd32(buf + pos);
        if (w == 0 || w > 16) return ZKV_ERR_ENCODING;
        pos += 4;
        if ((size_t)8 * w > len - pos) return ZKV_ERR_SIZE;
        for (uint32_t j = 0; j < 2 * w; j++, pos += 4)
            if (rd32(buf + pos) >= vk->n_nodes) return ZKV_ERR_ENCODING;
        vk->lookup_words += 1 + 2 * w;
    }
    /* equality columns */
    if ((size_t)8 * vk->n_perm > len - pos) return ZKV_ERR_SIZE;
    vk->off_perm = (uint32_t)pos;
    for (uint32_t k = 0; k < vk->n_perm; k++, pos += 8) {
        uint32_t kind = rd32(buf + pos), col = rd32(buf + pos + 4);
        uint32_t ncol = kind == COL_ADVICE ? vk->n_adv : kind == COL_FIXED ? vk->n_fix
                                                   : kind == COL_INSTANCE ? vk->n_inst : 0;
        if (col >= ncol) return ZKV_ERR_ENCODING;
        /* an advice/fixed equality column must be read at rotation 0 by some node, so its
         * value at ζ is a query (PROTOCOL.md §4.1) */
        if (kind != COL_INSTANCE) {
            int found = 0;
            for (uint32_t i = 0; i < vk->n_nodes && !found; i++) {
                node nd = vk_node(vk, i);
                found = nd.op == OP_CELL && nd.kind == kind && nd.a == col && nd.rot == 0;
            }
            if (!found) return ZKV_ERR_ENCODING;
        }
    }
    /* the layout (PROTOCOL.md §4.5): distinct advice/fixed (column, rotation) pairs and
     * the opening points */
    uint32_t chunk = vk->degree - 2;
    vk->n_z = (vk->n_perm + chunk - 1) / chunk;
    vk->n_t = vk->degree - 1;
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        if (!is_af_cell(&nd)) continue;
        int dup = 0, col_seen = 0;
        for (uint32_t j = 0; j < i && !dup; j++) {
            node o = vk_node(vk, j);
            dup = is_af_cell(&o) && same_cell(&nd, &o);
            int same_col = is_af_cell(&o) && o.kind == nd.kind && o.a == nd.a;
            col_seen |= same_col;
            /* v3: the rotations of one opening set name distinct points ζω^ρ (PROTOCOL.md
             * §4.7), i.e. no two are congruent mod n (possible only for tiny n) */
            if (version == 3 && same_col && !dup && (((uint32_t)nd.rot - (uint32_t)o.rot) & (n - 1)) == 0)
                return ZKV_ERR_ENCODING;
        }
        if (!dup) {
            vk->n_af++;
            rot_set(vk, nd.rot);
            vk->n_aq += nd.kind == COL_ADVICE;
            vk->n_ao += nd.kind == COL_ADVICE && !col_seen;
        }
    }
    rot_set(vk, 0); /* the quotient (opened at ζ), σ, z, m, φ */
    if (vk->n_z || vk->n_lookups) rot_set(vk, 1);
    if (vk->n_z > 1) rot_set(vk, ROT_LAST);
    for (int i = 0; i < 5; i++)
        for (int b = 0; b < 32; b++) vk->n_points += (vk->rot_bits[i] >> b) & 1;
    /* no query for the quotient chunks: their combination's value is derived */
    vk->n_queries = vk->n_af + vk->n_perm + 2 * vk->n_z + (vk->n_z ? vk->n_z - 1 : 0) + 3 * vk->n_lookups;
    vk->proof_len = 64 * (vk->n_adv + 2 * vk->n_lookups + vk->n_z + vk->n_t + vk->n_points) + 32 * vk->n_queries;
    /* points: v1, v2: fixed, σ, [1]₁; v3: the packs, [1]₁ */
    uint32_t n_vk_g1 = vk->n_fix + vk->n_perm;
    zkv_status st;
    if (version == 3) {
        /* witness packs (§4.7): one commitment per pack; members queried at the pack's
         * rotations, so the advice, m, z and φ queries are counted again */
        wcount wc;
        if ((st = wpack_walk(vk, &wc, NULL, NULL)) != ZKV_OK) return st;
        count_packs(vk);
        vk->n_wpacks = wc.packs;
        vk->n_wopen = wc.open;
        vk->n_wp1 = wc.seq[0];
        vk->n_wp2 = wc.seq[1];
        vk->n_af = vk->n_af - vk->n_aq + wc.advq;
        vk->n_aq = wc.advq;
        vk->n_queries = vk->n_af + vk->n_perm + wc.queries - wc.advq;
        vk->proof_len = 64 * (vk->n_wpacks + 3) + 32 * vk->n_queries;
        n_vk_g1 = vk->n_packs;
    }
    g1a p;
    g2a q;
    if ((size_t)64 * ((size_t)n_vk_g1 + 1) > len - pos) return ZKV_ERR_SIZE;
    vk->off_fixed = (uint32_t)pos;
    vk->off_sigma = version == 3 ? vk->off_fixed + 64 * vk->n_packs : vk->off_fixed + 64 * vk->n_fix;
    vk->off_g1 = vk->off_fixed + 64 * n_vk_g1;
    for (uint32_t i = 0; i < n_vk_g1 + 1; i++, pos += 64)
        if ((st = g1a_from_bytes(&p, buf + pos)) != ZKV_OK) return st;
    if (256 > len - pos) return ZKV_ERR_SIZE;
    vk->off_g2 = (uint32_t)pos;
    for (int i = 0; i < 2; i++, pos += 128)
        if ((st = g2a_from_bytes(&q, buf + pos, 1)) != ZKV_OK) return st;
    if (len - pos != 32) return ZKV_ERR_SIZE;
    vk->off_digest = (uint32_t)pos;
    uint8_t dig[32];
    zkv_keccak256(dig, buf, pos);
    if (!eq_bytes(dig, buf + pos, 32)) return ZKV_ERR_DIGEST;
    return ZKV_OK;
}

size_t zkv_proof_size(const zkv_vk *vk) { return vk->proof_len; }
size_t zkv_public_count(const zkv_vk *vk) { return vk->n_public; }

/* terms of the final MSM: proof commitments, fixed, σ, opening witnesses, [1]₁ */
static size_t n_commitments(const zkv_vk *vk) {
    return (size_t)vk->n_adv + 2 * (size_t)vk->n_lookups + vk->n_z + vk->n_t;
}
static size_t n_msm(const zkv_vk *vk) { return n_commitments(vk) + vk->n_fix + vk->n_perm + vk->n_points + 1; }

/* version 3: the opened polynomials (witness packs with a rotation, preprocessed packs,
 * T) and the preprocessed list the packs are cut from (fixed columns with a query, σ's) */
static size_t n_opens(const zkv_vk *vk) { return (size_t)vk->n_wopen + vk->n_packs + 1; }
static size_t n_pre(const zkv_vk *vk) { return (size_t)vk->n_fq + vk->n_perm; }

/* per node one u32; version 3 adds the fixed query → node map, the packs' member list
 * and the packs' first members, each witness polynomial's first query, the witness
 * packs' first members and rotation sets (u32 each) */
static size_t meta_words(const zkv_vk *vk) {
    size_t w = vk->n_nodes;
    if (vk->version == 3)
        w += (size_t)(vk->n_af - vk->n_aq) + n_pre(vk) + vk->n_packs + 1 + wit_count(vk) + 2 * (size_t)vk->n_wpacks + 1;
    return w;
}
static size_t meta_bytes(const zkv_vk *vk) { return (4 * meta_words(vk) + 7) & ~(size_t)7; }
/* The final MSM decodes its points MSM_CHUNK at a time (one Straus pass per chunk, a
 * few percent more doublings) so that the workspace holds the scalars and one chunk of
 * points, not every point: MNIST's RAM on the M4 model fell from 16.6 to 12.6 KB. */
#define MSM_CHUNK 48

static size_t area_slots(const zkv_vk *vk) {
    size_t m;
    if (vk->version == 3) {
        /* K + 2 scalars, then either K inverses and ζω^ρ per point, or a chunk of points */
        size_t k = n_opens(vk), ch = k + 2 < MSM_CHUNK ? k + 2 : MSM_CHUNK;
        size_t tail = k + vk->n_points > 2 * ch ? k + vk->n_points : 2 * ch;
        m = k + 2 + tail;
    } else {
        size_t nm = n_msm(vk), ch = nm < MSM_CHUNK ? nm : MSM_CHUNK;
        m = nm + vk->n_points + 2 * (ch > vk->n_points ? ch : vk->n_points);
    }
    return m > vk->n_nodes ? m : vk->n_nodes;
}

size_t zkv_workspace_size(const zkv_vk *vk) {
    return meta_bytes(vk) + sizeof(fe) * ((size_t)vk->n_inst + vk->n_chal + area_slots(vk));
}

/* ---------------------------------------------------------------- verifier */

#define META_FIRST 0x80000000u

typedef struct {
    const zkv_vk *vk;
    const uint8_t *proof;
    uint32_t off_evals, off_w;
    uint32_t *meta; /* per node: for advice/fixed cells, query index (| META_FIRST on a first occurrence) */
    uint32_t *qnode;      /* v3: node of fixed query q at qnode[q − n_aq] (n_aq <= q < n_af) */
    uint32_t *mem;        /* v3: first query of each pack member, packs in order */
    uint32_t *pack_first; /* v3: pack g's members are mem[pack_first[g] .. pack_first[g+1]) */
    uint32_t *wq;         /* v3: first query of witness polynomial w (its pack's rotations follow) */
    uint32_t *wfirst;     /* v3: witness pack g is w = wfirst[g] .. wfirst[g+1]−1 */
    uint32_t *wrot;       /* v3: witness pack g's rotation set (urot_pack) */
    fe *inst;       /* I_j(ζ) */
    fe *chal;       /* the circuit's challenges c_0 .. c_{n_c-1} (none in a version-1 VK) */
    fe *area;
} vctx;

/* the claimed evaluation of query q */
static void eval_q(const vctx *c, fe *out, uint32_t q) {
    fe_from_bytes(out, c->proof + c->off_evals + 32 * (size_t)q, &FR); /* checked canonical */
}

/* Checks that need per-node memory: the declared degree and table expressions over fixed
 * columns at rotation 0 only. meta[i] = degree (saturating at 15) | 16 if fixed-only. */
NOINLINE static zkv_status vk_check_nodes(const zkv_vk *vk, uint32_t *meta) {
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        uint32_t d = 0, fx = 16;
        switch (nd.op) {
        case OP_CONST: break;
        case OP_CHALLENGE: fx = 0; break; /* degree 0; not allowed in a table */
        case OP_CELL:
            d = 1;
            fx = nd.kind == COL_FIXED && nd.rot == 0 ? 16 : 0;
            break;
        case OP_NEG: d = meta[nd.a] & 15; fx = meta[nd.a] & 16; break;
        default: {
            uint32_t da = meta[nd.a] & 15, db = meta[nd.b] & 15;
            d = nd.op == OP_MUL ? da + db : (da > db ? da : db);
            if (d > 15) d = 15;
            fx = meta[nd.a] & meta[nd.b] & 16;
        }
        }
        meta[i] = d | fx;
    }
    uint32_t D = 3;
    for (uint32_t g = 0; g < vk->n_gates; g++) {
        uint32_t d = meta[rd32(vk->buf + vk->off_gates + 4 * g)] & 15;
        if (d > D) D = d;
    }
    const uint8_t *p = vk->buf + vk->off_lookups;
    for (uint32_t l = 0; l < vk->n_lookups; l++) {
        uint32_t w = rd32(p), df = 0, dt = 0;
        for (uint32_t j = 0; j < w; j++) {
            uint32_t fi = meta[rd32(p + 4 + 4 * j)], ti = meta[rd32(p + 4 + 4 * (w + j))];
            if (!(ti & 16)) return ZKV_ERR_ENCODING;
            if ((fi & 15) > df) df = fi & 15;
            if ((ti & 15) > dt) dt = ti & 15;
        }
        if (2 + df + dt > D) D = 2 + df + dt;
        p += 4 * (1 + 2 * w);
    }
    if (D > 9) return ZKV_ERR_ENCODING;
    return D == vk->degree ? ZKV_OK : ZKV_ERR_DEGREE;
}

/* meta[i] for advice/fixed cells: the index of its (kind, column, rotation) query
 * (= rank among the distinct pairs), with META_FIRST on the first node of each. */
NOINLINE static void index_cells(const zkv_vk *vk, uint32_t *meta) {
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        meta[i] = 0;
        if (!is_af_cell(&nd)) continue;
        uint32_t j = 0;
        for (; j < i; j++) {
            node o = vk_node(vk, j);
            if (is_af_cell(&o) && same_cell(&nd, &o)) break;
        }
        meta[i] = j < i ? j : META_FIRST; /* earlier twin (itself a first occurrence) */
    }
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        if (!(meta[i] & META_FIRST)) continue;
        node nd = vk_node(vk, i);
        uint64_t key = cell_key(&nd);
        uint32_t rank = 0;
        for (uint32_t j = 0; j < vk->n_nodes; j++) {
            if (!(meta[j] & META_FIRST)) continue;
            node o = vk_node(vk, j);
            rank += cell_key(&o) < key;
        }
        meta[i] = META_FIRST | rank;
    }
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        if (is_af_cell(&nd) && !(meta[i] & META_FIRST)) meta[i] = meta[meta[i]] & ~META_FIRST;
    }
}

/* The query index of (kind, col) at rotation rot, or -1 when no expression reads it. */
static int32_t find_query(const vctx *c, uint32_t kind, uint32_t col, int32_t rot) {
    for (uint32_t i = 0; i < c->vk->n_nodes; i++) {
        if (!(c->meta[i] & META_FIRST)) continue;
        node nd = vk_node(c->vk, i);
        if (nd.kind == kind && nd.a == col && nd.rot == rot) return (int32_t)(c->meta[i] & ~META_FIRST);
    }
    return -1;
}

/* value v_k of equality column k at ζ (the parser guaranteed the rotation-0 query). */
static void perm_value(const vctx *c, fe *out, uint32_t k) {
    const uint8_t *p = c->vk->buf + c->vk->off_perm + 8 * (size_t)k;
    uint32_t kind = rd32(p), col = rd32(p + 4);
    if (kind == COL_INSTANCE) {
        *out = c->inst[col];
        return;
    }
    eval_q(c, out, (uint32_t)find_query(c, kind, col, 0));
}

/* acc = acc·y + v */
static void fold(fe *acc, const fe *y, const fe *v) {
    fr_mul(acc, acc, y);
    fr_add(acc, acc, v);
}

static const fe FR_DELTA = K4(0xb1132acfdd0ede60, 0xbb4b2bd501254442, 0xb3559919ba247a31, 0x1a7adfe2c8b1068c);
static const fe FR_OMEGA28 = K4(0x636e735580d13d9c, 0xa22bf3742445ffd6, 0x56452ac01eb203d8, 0x1860ef942963f9e7);

typedef struct {
    fe theta, beta, gamma, lambda, y, zeta, v, u;
} challenges;

/* Query indices of the fixed-shape part of the list (PROTOCOL.md §4.5). */
static uint32_t q_sigma(const zkv_vk *vk, uint32_t k) { return vk->n_af + k; }
static uint32_t q_z(const zkv_vk *vk, uint32_t j) { return vk->n_af + vk->n_perm + 3 * j; } /* +1: ωζ, +2: last */
static uint32_t q_m(const zkv_vk *vk, uint32_t l) {
    return vk->n_af + vk->n_perm + 2 * vk->n_z + (vk->n_z ? vk->n_z - 1 : 0) + l;
}
static uint32_t q_phi(const zkv_vk *vk, uint32_t l) { return q_m(vk, vk->n_lookups) + 2 * l; } /* +1: ωζ */

/* v3: the witness pack holding witness polynomial w */
static uint32_t wpack_of(const vctx *c, uint32_t w) {
    uint32_t g = 0;
    while (c->wfirst[g + 1] <= w) g++;
    return g;
}

/* The query of witness polynomial w (w_m, w_z, w_phi) at rotation rot, which its set
 * holds: version 3, its first query plus rot's rank in its pack's set (§4.7); versions
 * 1, 2, the fixed shape above (z at 0, 1, last; m at 0; φ at 0, 1). */
static uint32_t q_wit(const vctx *c, uint32_t w, int32_t rot) {
    const zkv_vk *vk = c->vk;
    if (vk->version == 3) {
        uint32_t u = c->wrot[wpack_of(c, w)], k = 0;
        while (k < 3 && urot_get(u, k) != rot) k++;
        return c->wq[w] + k;
    }
    if (w >= w_phi(vk, 0)) return q_phi(vk, w - w_phi(vk, 0)) + (uint32_t)rot;
    if (w >= w_z(vk, 0)) return q_z(vk, w - w_z(vk, 0)) + (rot == 0 ? 0u : rot == 1 ? 1u : 2u);
    return q_m(vk, w - w_m(vk, 0));
}

/* C(ζ) (zki_plonk_eval_constraints): gates, permutation, lookups, folded by Horner in y. */
NOINLINE static void eval_constraints(const vctx *c, const challenges *ch, const fe *l0, const fe *llast,
                             const fe *lblind, fe *out) {
    const zkv_vk *vk = c->vk;
    fe *val = c->area;
    fe acc, t1, t2, one = FR.one, lactive, x;
    memset(&acc, 0, sizeof acc);
    fr_sub(&lactive, &one, llast);
    fr_sub(&lactive, &lactive, lblind);
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        switch (nd.op) {
        case OP_CONST: fe_from_bytes(&val[i], vk->buf + vk->off_consts + 32 * (size_t)nd.a, &FR); break;
        case OP_CELL:
            if (nd.kind == COL_INSTANCE) val[i] = c->inst[nd.a];
            else eval_q(c, &val[i], c->meta[i] & ~META_FIRST);
            break;
        case OP_ADD: fr_add(&val[i], &val[nd.a], &val[nd.b]); break;
        case OP_SUB: fr_sub(&val[i], &val[nd.a], &val[nd.b]); break;
        case OP_MUL: fr_mul(&val[i], &val[nd.a], &val[nd.b]); break;
        case OP_CHALLENGE: val[i] = c->chal[nd.a]; break;
        default: fe_neg(&val[i], &val[nd.a], &FR); break;
        }
    }
    for (uint32_t g = 0; g < vk->n_gates; g++) fold(&acc, &ch->y, &val[rd32(vk->buf + vk->off_gates + 4 * g)]);
    if (vk->n_z) {
        fe z, zl, cc;
        eval_q(c, &z, q_wit(c, w_z(vk, 0), 0));
        fr_sub(&cc, &one, &z);
        fr_mul(&cc, &cc, l0);
        fold(&acc, &ch->y, &cc);
        eval_q(c, &zl, q_wit(c, w_z(vk, vk->n_z - 1), 0));
        fr_sqr(&cc, &zl);
        fr_sub(&cc, &cc, &zl);
        fr_mul(&cc, &cc, llast);
        fold(&acc, &ch->y, &cc);
        for (uint32_t j = 1; j < vk->n_z; j++) {
            eval_q(c, &z, q_wit(c, w_z(vk, j), 0));
            eval_q(c, &zl, q_wit(c, w_z(vk, j - 1), ROT_LAST));
            fr_sub(&cc, &z, &zl);
            fr_mul(&cc, &cc, l0);
            fold(&acc, &ch->y, &cc);
        }
        fe bx, dk = FR.one;
        x = ch->zeta;
        fr_mul(&bx, &ch->beta, &x);
        uint32_t chunk = vk->degree - 2;
        for (uint32_t j = 0; j < vk->n_z; j++) {
            fe left, right, v, s;
            eval_q(c, &left, q_wit(c, w_z(vk, j), 1));
            eval_q(c, &right, q_wit(c, w_z(vk, j), 0));
            for (uint32_t k = j * chunk; k < vk->n_perm && k < (j + 1) * chunk; k++) {
                perm_value(c, &v, k);
                eval_q(c, &s, q_sigma(vk, k));
                fr_mul(&t1, &ch->beta, &s);
                fr_add(&t1, &t1, &v);
                fr_add(&t1, &t1, &ch->gamma);
                fr_mul(&left, &left, &t1);
                fr_mul(&t2, &bx, &dk);
                fr_add(&t2, &t2, &v);
                fr_add(&t2, &t2, &ch->gamma);
                fr_mul(&right, &right, &t2);
                fr_mul(&dk, &dk, &FR_DELTA);
            }
            fr_sub(&cc, &left, &right);
            fr_mul(&cc, &cc, &lactive);
            fold(&acc, &ch->y, &cc);
        }
    }
    const uint8_t *p = vk->buf + vk->off_lookups;
    for (uint32_t l = 0; l < vk->n_lookups; l++) {
        uint32_t w = rd32(p);
        fe phi, phin, m, cc, f, t;
        eval_q(c, &phi, q_wit(c, w_phi(vk, l), 0));
        eval_q(c, &phin, q_wit(c, w_phi(vk, l), 1));
        eval_q(c, &m, q_wit(c, w_m(vk, l), 0));
        fr_mul(&cc, l0, &phi);
        fold(&acc, &ch->y, &cc);
        fr_mul(&cc, llast, &phi);
        fold(&acc, &ch->y, &cc);
        memset(&f, 0, sizeof f);
        memset(&t, 0, sizeof t);
        for (uint32_t j = 0; j < w; j++) {
            fold(&f, &ch->theta, &val[rd32(p + 4 + 4 * j)]);
            fold(&t, &ch->theta, &val[rd32(p + 4 + 4 * (w + j))]);
        }
        fr_add(&f, &f, &ch->lambda);
        fr_add(&t, &t, &ch->lambda);
        fr_sub(&cc, &phin, &phi);
        fr_mul(&cc, &cc, &f);
        fr_mul(&cc, &cc, &t);
        fr_mul(&t1, &m, &f);
        fr_sub(&cc, &cc, &t1);
        fr_add(&cc, &cc, &t);
        fr_mul(&cc, &cc, &lactive);
        fold(&acc, &ch->y, &cc);
        p += 4 * (1 + 2 * w);
    }
    *out = acc;
}

/* Adds weight u^p·v^i (query q at point rotation rot, i-th query of that point) to the
 * MSM scalar of commitment slot, and weight·eval_q to ysum. */
static void add_query(const vctx *c, const challenges *ch, fe *scal, fe *ysum, uint32_t slot, uint32_t q,
                      int32_t rot, uint32_t i) {
    fe w, t, e;
    fe_pow_u32(&w, &ch->u, point_index(c->vk, rot), &FR);
    fe_pow_u32(&t, &ch->v, i, &FR);
    fr_mul(&w, &w, &t);
    fr_add(&scal[slot], &scal[slot], &w);
    eval_q(c, &e, q);
    fr_mul(&t, &w, &e);
    fr_add(ysum, ysum, &t);
}

/* number of distinct advice/fixed queries at rotation rot with (kind, column) before key */
static uint32_t af_before(const vctx *c, int32_t rot, uint64_t key) {
    uint32_t k = 0;
    for (uint32_t j = 0; j < c->vk->n_nodes; j++) {
        if (!(c->meta[j] & META_FIRST)) continue;
        node o = vk_node(c->vk, j);
        k += o.rot == rot && cell_key(&o) < key;
    }
    return k;
}

/* GWC (PROTOCOL.md §4.5): PP = the G1 arguments of
 * e(Σ_p u^p([F_p] - y_p[1] + z_p W_p), [1]₂)·e(-Σ_p u^p W_p, [τ]₂) = 1, ζ's F_p ending with
 * Σ_i ζ^{n·i}·T'_i claimed to be T(ζ) = tz: this proves C(ζ) = T(ζ)·Z_H(ζ).
 * Slots: proof commitments (proof order), fixed, σ, W_p, [1]₁; then u^p for the right side.
 * Returns: ZKV_OK. */
NOINLINE static zkv_status open_gwc(const vctx *c, const challenges *ch, const fe *tz, const fe *zn, const fe *omega,
                                    g1a PP[2]) {
    const zkv_vk *vk = c->vk;
    const uint8_t *proof = c->proof;
    uint32_t n = 1u << vk->log_n;
    size_t n_comm = n_commitments(vk);
    fe t;
    size_t nm = n_msm(vk);
    size_t s_fix = n_comm, s_sig = s_fix + vk->n_fix, s_w = s_sig + vk->n_perm, s_g = s_w + vk->n_points;
    fe *scal = c->area, *scal_r = c->area + nm;
    g1a *pts = (g1a *)(c->area + nm + vk->n_points);
    fe ysum;
    memset(scal, 0, sizeof(fe) * (nm + vk->n_points));
    memset(&ysum, 0, sizeof ysum);
    uint32_t z0 = af_before(c, 0, ~(uint64_t)0), z1 = af_before(c, 1, ~(uint64_t)0);
    uint32_t zlast = af_before(c, ROT_LAST, ~(uint64_t)0);
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        if (!(c->meta[i] & META_FIRST)) continue;
        node nd = vk_node(vk, i);
        uint32_t slot = nd.kind == COL_ADVICE ? nd.a : (uint32_t)s_fix + nd.a;
        add_query(c, ch, scal, &ysum, slot, c->meta[i] & ~META_FIRST, nd.rot, af_before(c, nd.rot, cell_key(&nd)));
    }
    uint32_t s_m = vk->n_adv, s_z = s_m + vk->n_lookups, s_phi = s_z + vk->n_z, s_t = s_phi + vk->n_lookups;
    for (uint32_t k = 0; k < vk->n_perm; k++) add_query(c, ch, scal, &ysum, (uint32_t)s_sig + k, q_sigma(vk, k), 0, z0 + k);
    for (uint32_t j = 0; j < vk->n_z; j++) {
        uint32_t b0 = z0 + vk->n_perm;
        add_query(c, ch, scal, &ysum, s_z + j, q_z(vk, j), 0, b0 + j);
        add_query(c, ch, scal, &ysum, s_z + j, q_z(vk, j) + 1, 1, z1 + j);
        if (j + 1 < vk->n_z) add_query(c, ch, scal, &ysum, s_z + j, q_z(vk, j) + 2, ROT_LAST, zlast + j);
    }
    uint32_t b0 = z0 + vk->n_perm + vk->n_z;
    for (uint32_t l = 0; l < vk->n_lookups; l++) add_query(c, ch, scal, &ysum, s_m + l, q_m(vk, l), 0, b0 + l);
    b0 += vk->n_lookups;
    for (uint32_t l = 0; l < vk->n_lookups; l++) {
        add_query(c, ch, scal, &ysum, s_phi + l, q_phi(vk, l), 0, b0 + l);
        add_query(c, ch, scal, &ysum, s_phi + l, q_phi(vk, l) + 1, 1, z1 + vk->n_z + l);
    }
    b0 += vk->n_lookups;
    {
        /* the combined quotient after the queries at ζ: chunk i gets u^p·v^b0·ζ^{n·i} */
        fe w;
        fe_pow_u32(&w, &ch->u, point_index(vk, 0), &FR);
        fe_pow_u32(&t, &ch->v, b0, &FR);
        fr_mul(&w, &w, &t);
        fr_mul(&t, &w, tz);
        fr_add(&ysum, &ysum, &t);
        for (uint32_t i = 0; i < vk->n_t; i++) {
            fr_add(&scal[s_t + i], &scal[s_t + i], &w);
            fr_mul(&w, &w, zn);
        }
    }
    /* opening witnesses: u^p·z_p on the left, u^p on the right */
    uint32_t pt = 0;
    for (int32_t rot = -MAX_ROT; rot <= MAX_ROT; rot++) {
        if (!((vk->rot_bits[(rot + MAX_ROT) / 32] >> ((rot + MAX_ROT) % 32)) & 1)) continue;
        fe up, w;
        fe_pow_u32(&up, &ch->u, pt, &FR);
        fe_pow_u32(&w, omega, (uint32_t)(rot < 0 ? (int32_t)n + rot : rot), &FR);
        fr_mul(&w, &w, &ch->zeta);
        fr_mul(&scal[s_w + pt], &up, &w);
        scal_r[pt] = up;
        pt++;
    }
    fe_neg(&scal[s_g], &ysum, &FR);
    for (size_t i = 0; i < nm + vk->n_points; i++) fe_to_plain(&scal[i], &scal[i], &FR);
    g1j acc;
    /* slot k's point: proof commitments, then the VK's fixed and σ, the opening
     * witnesses, [1]₁ (stored after σ in the VK); decoded a chunk at a time (every
     * point was checked on the curve in step 1) */
    memset(&acc, 0, sizeof acc);
    for (size_t k0 = 0; k0 < nm; k0 += MSM_CHUNK) {
        size_t cnt = nm - k0 < MSM_CHUNK ? nm - k0 : MSM_CHUNK;
        for (size_t i = 0; i < cnt; i++) {
            size_t k = k0 + i;
            const uint8_t *src = k < s_fix   ? proof + 64 * k
                                 : k < s_w   ? vk->buf + vk->off_fixed + 64 * (k - s_fix)
                                 : k < s_g   ? proof + c->off_w + 64 * (k - s_w)
                                             : vk->buf + vk->off_fixed + 64 * (size_t)(vk->n_fix + vk->n_perm);
            g1a_from_bytes(&pts[i], src);
        }
        g1_msm_acc(&acc, pts, scal + k0, cnt);
    }
    g1j_to_aff(&PP[0], &acc);
    for (uint32_t k = 0; k < vk->n_points; k++) g1a_from_bytes(&pts[k], proof + c->off_w + 64 * (size_t)k);
    memset(&acc, 0, sizeof acc);
    g1_msm_acc(&acc, pts, scal_r, vk->n_points);
    g1j_to_aff(&PP[1], &acc);
    fq_neg(&PP[1].y, &PP[1].y);
    return ZKV_OK;
}

/* ---------------------------------------------------------------- SHPLONK (version 3)
 * PROTOCOL.md §4.7: the opened polynomials f_i (the witness packs of S1 and S2 with a
 * rotation, the packs F_g of the VK, the witness packs of S3, the quotient T; a witness
 * pack's commitment is in the proof), each with t_i members and a rotation
 * set R_i; the check
 *   e(Σ_i s_i·[f_i] − (Σ_i s_i·r_i(x))·[1]₁ − [W] + x·[W'], [1]₂)·e(−[W'], [τ]₂) = 1,
 *   s_i = v^i / Z_i(x),  Z_i(x) = Π_{ρ∈R_i} (x^{t_i} − ζω^ρ),
 * with r_i(x) from the claimed evaluations by the Chinese remainder theorem. */

/* the rotation of preprocessed query q: a fixed column's (n_aq <= q < n_af), or a σ's 0 */
static int32_t query_rot(const vctx *c, uint32_t q) {
    return q < c->vk->n_af ? vk_node(c->vk, c->qnode[q - c->vk->n_aq]).rot : 0;
}

/* the number of queries of the preprocessed polynomial whose first query is q: a fixed
 * column's rotations (consecutive queries), 1 for a σ */
static uint32_t pre_len(const vctx *c, uint32_t q) {
    const zkv_vk *vk = c->vk;
    uint32_t n = 1;
    if (q < vk->n_af) {
        node nd = vk_node(vk, c->qnode[q - vk->n_aq]), o;
        while (q + n < vk->n_af && (o = vk_node(vk, c->qnode[q + n - vk->n_aq]), o.a == nd.a)) n++;
    }
    return n;
}

static int same_rots(const vctx *c, uint32_t qa, uint32_t na, uint32_t qb, uint32_t nb) {
    if (na != nb) return 0;
    for (uint32_t k = 0; k < na; k++)
        if (query_rot(c, qa + k) != query_rot(c, qb + k)) return 0;
    return 1;
}

/* The witness packs (wpack_walk again, into the workspace), each witness polynomial's
 * first query (the list of §4.5: advice, fixed, σ, z, m, φ, each member at its pack's
 * rotations), and the cells' query indices: meta, which index_cells left as ranks among
 * the distinct advice/fixed cells, becomes the query index (META_FIRST kept), and qnode
 * maps the fixed queries to their first nodes.
 * Returns: ZKV_OK; ZKV_ERR_ENCODING when the counts differ from the parser's (never for
 * a parsed VK). */
NOINLINE static zkv_status witness_layout(const vctx *c) {
    const zkv_vk *vk = c->vk;
    wcount wc;
    zkv_status st = wpack_walk(vk, &wc, c->wfirst, c->wrot);
    if (st != ZKV_OK) return st;
    if (wc.packs != vk->n_wpacks || wc.open != vk->n_wopen || wc.advq != vk->n_aq) return ZKV_ERR_ENCODING;
    uint32_t W = wit_count(vk), q = 0, g = 0;
    uint32_t A = vk->n_adv, L = vk->n_lookups, Z = vk->n_z;
    for (uint32_t p = 0; p < W; p++) { /* p: position in the query order (advice, z, m, φ) */
        uint32_t v = p < A ? p : p < A + Z ? p + L : p < A + Z + L ? p - Z : p;
        if (p == A) q = vk->n_af + vk->n_perm; /* after the fixed and σ queries */
        g = wpack_of(c, v);
        c->wq[v] = q;
        q += urot_len(c->wrot[g]);
    }
    if (q != vk->n_queries) return ZKV_ERR_ENCODING;
    uint32_t n_adq = 0;
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        n_adq += (c->meta[i] & META_FIRST) && nd.kind == COL_ADVICE;
    }
    for (uint32_t i = 0; i < vk->n_nodes; i++) {
        node nd = vk_node(vk, i);
        if (!is_af_cell(&nd)) continue;
        uint32_t first = c->meta[i] & META_FIRST, r = c->meta[i] & ~META_FIRST;
        if (nd.kind == COL_ADVICE) r = q_wit(c, nd.a, nd.rot);
        else {
            if (first) c->qnode[r - n_adq] = i;
            r = r - n_adq + vk->n_aq;
        }
        c->meta[i] = first | r;
    }
    return ZKV_OK;
}

/* Fills the preprocessed packs: the preprocessed list (fixed columns with a query, then
 * σ_0 .. σ_{m−1}) grouped by equal rotation sets (groups in the order of their first
 * member, members in list order), each group cut into packs of at most P. A member is
 * kept as its first query: its value at the k-th rotation of the pack's set is query
 * mem[.] + k. Returns: ZKV_OK; ZKV_ERR_ENCODING when the count differs from the parser's
 * (zkv_vk_parse counts the same packs another way; never for a parsed VK). */
NOINLINE static zkv_status shplonk_layout(const vctx *c) {
    const zkv_vk *vk = c->vk;
    uint32_t end = vk->n_af + vk->n_perm, cnt = 0, g = 0, na, nb;
    c->pack_first[0] = 0;
    for (uint32_t qa = vk->n_aq; qa < end; qa += na) {
        na = pre_len(c, qa);
        int leader = 1;
        for (uint32_t qb = vk->n_aq; qb < qa && leader; qb += nb) {
            nb = pre_len(c, qb);
            leader = !same_rots(c, qa, na, qb, nb);
        }
        if (!leader) continue;
        uint32_t t = 0;
        for (uint32_t qb = qa; qb < end; qb += nb) {
            nb = pre_len(c, qb);
            if (!same_rots(c, qa, na, qb, nb)) continue;
            if (cnt == n_pre(vk)) return ZKV_ERR_ENCODING;
            c->mem[cnt++] = qb;
            if (++t == vk->pack_limit) {
                if (g == vk->n_packs) return ZKV_ERR_ENCODING;
                c->pack_first[++g] = cnt;
                t = 0;
            }
        }
        if (t) {
            if (g == vk->n_packs) return ZKV_ERR_ENCODING;
            c->pack_first[++g] = cnt;
        }
    }
    return g == vk->n_packs && cnt == n_pre(vk) ? ZKV_OK : ZKV_ERR_ENCODING;
}

/* One opened polynomial: member m's claimed value at the k-th rotation of its set is
 * query mq[m] + k, or tz for the quotient. */
typedef struct {
    uint32_t t, nr;     /* members, rotations */
    const uint32_t *mq; /* the members' first queries */
    uint32_t urot;      /* witness packs: the rotation set (urot_pack); else UROT_NONE */
    int quotient;       /* T: one value (the derived T(ζ)) at rotation 0 */
    const uint8_t *pt;  /* its commitment (proof or VK) */
} opening;

typedef struct {
    uint32_t stage, i;
} open_iter;

/* The next opened polynomial in the order of PROTOCOL.md §4.7 (the v^i order): the
 * witness packs of S1 and S2 with a rotation, the preprocessed packs, the witness packs
 * of S3, T. Returns: 0 after the last one. */
static int next_opening(const vctx *c, open_iter *it, opening *o) {
    const zkv_vk *vk = c->vk;
    uint32_t s12 = vk->n_wp1 + vk->n_wp2;
    memset(o, 0, sizeof *o);
    o->t = 1;
    o->nr = 1;
    o->urot = UROT_NONE;
    for (;; it->stage++, it->i = 0) {
        switch (it->stage) {
        case 0: /* witness packs of S1, S2; then of S3 */
        case 2:
            if (it->stage == 2 && it->i < s12) it->i = s12;
            while (it->i < (it->stage ? vk->n_wpacks : s12)) {
                uint32_t g = it->i++;
                o->urot = c->wrot[g];
                o->nr = urot_len(o->urot);
                if (!o->nr) continue; /* committed, not opened */
                o->mq = c->wq + c->wfirst[g];
                o->t = c->wfirst[g + 1] - c->wfirst[g];
                o->pt = c->proof + 64 * (size_t)g;
                return 1;
            }
            break;
        case 1: /* preprocessed packs */
            if (it->i < vk->n_packs) {
                o->mq = c->mem + c->pack_first[it->i];
                o->t = c->pack_first[it->i + 1] - c->pack_first[it->i];
                o->nr = pre_len(c, o->mq[0]);
                o->pt = vk->buf + vk->off_fixed + 64 * (size_t)it->i++;
                return 1;
            }
            break;
        case 3: /* the quotient at ζ */
            memset(o, 0, sizeof *o);
            o->t = 1;
            o->nr = 1;
            o->urot = UROT_NONE;
            o->quotient = 1;
            o->pt = c->proof + 64 * (size_t)vk->n_wpacks;
            it->stage = 4;
            return 1;
        default: return 0;
        }
    }
}

/* the rotation of the k-th element of o's set, and ζω^that (zw: per opening point) */
static const fe *opening_point(const vctx *c, const opening *o, uint32_t k, const fe *zw) {
    int32_t rot = o->quotient ? 0 : o->urot != UROT_NONE ? urot_get(o->urot, k) : query_rot(c, o->mq[0] + k);
    return &zw[point_index(c->vk, rot)];
}

/* For o at x: Z = Π_ρ (x^t − ζω^ρ) and the remainder r(x) = num/den (the CRT sum
 * Σ_ρ A_ρ(x)·Π_{ρ'≠ρ} (x^t − ζω^ρ')/(ζω^ρ − ζω^ρ'), A_ρ(x) = Σ_m y_{m,ρ}·x^m, accumulated
 * as one fraction: den = Π_ρ Π_{ρ'≠ρ} (ζω^ρ − ζω^ρ')). */
static void opening_eval(const vctx *c, const opening *o, const fe *x, const fe *zw, const fe *tz, fe *Z, fe *num,
                         fe *den) {
    fe xt, d, nk, a, y, t;
    fe_pow_u32(&xt, x, o->t, &FR);
    *Z = FR.one;
    *den = FR.one;
    memset(num, 0, sizeof *num);
    for (uint32_t k = 0; k < o->nr; k++) {
        const fe *p = opening_point(c, o, k, zw);
        fr_sub(&t, &xt, p);
        fr_mul(Z, Z, &t);
        d = FR.one;
        nk = FR.one;
        for (uint32_t k2 = 0; k2 < o->nr; k2++) {
            if (k2 == k) continue;
            const fe *p2 = opening_point(c, o, k2, zw);
            fr_sub(&t, p, p2);
            fr_mul(&d, &d, &t);
            fr_sub(&t, &xt, p2);
            fr_mul(&nk, &nk, &t);
        }
        memset(&a, 0, sizeof a);
        for (uint32_t m = o->t; m-- > 0;) {
            if (o->quotient) y = *tz;
            else eval_q(c, &y, o->mq[m] + k);
            fr_mul(&a, &a, x);
            fr_add(&a, &a, &y);
        }
        fr_mul(num, num, &d);
        fr_mul(&t, &a, &nk);
        fr_mul(&t, &t, den);
        fr_add(num, num, &t);
        fr_mul(den, den, &d);
    }
}

/* SHPLONK (PROTOCOL.md §4.7): PP = the G1 arguments of the check above. Two passes over
 * the openings around one batch inversion of Z_i(x)·den_i, a third for the MSM (K + 2
 * scalars: the f_i, [1]₁, [W'] at x; [W] is added with coefficient −1).
 * Returns: ZKV_OK; ZKV_REJECT when some Z_i(x) = 0 or two rotations of one opening set
 * name the same point (ζω^ρ = ζω^ρ'); ZKV_ERR_ENCODING (see shplonk_layout). */
NOINLINE static zkv_status open_shplonk(const vctx *c, const challenges *ch, const fe *tz, const fe *omega,
                                        g1a PP[2]) {
    const zkv_vk *vk = c->vk;
    zkv_status st = shplonk_layout(c);
    if (st != ZKV_OK) return st;
    size_t K = n_opens(vk), i;
    fe *scal = c->area, *inv = c->area + K + 2, *zw = inv + K;
    g1a *pts = (g1a *)(c->area + K + 2);
    const fe *x = &ch->u;
    uint32_t n = 1u << vk->log_n, pt = 0;
    fe Z, num, den, acc = FR.one, t;
    for (int32_t rot = -MAX_ROT; rot <= MAX_ROT; rot++) {
        if (!((vk->rot_bits[(rot + MAX_ROT) / 32] >> ((rot + MAX_ROT) % 32)) & 1)) continue;
        fe_pow_u32(&t, omega, (uint32_t)(rot < 0 ? (int32_t)n + rot : rot), &FR);
        fr_mul(&zw[pt++], &t, &ch->zeta);
    }
    /* pass 1: a_i = Z_i(x)·den_i in scal, prefix products in inv */
    open_iter it;
    opening o;
    memset(&it, 0, sizeof it);
    for (i = 0; next_opening(c, &it, &o); i++) {
        opening_eval(c, &o, x, zw, tz, &Z, &num, &den);
        fr_mul(&scal[i], &Z, &den);
        fr_mul(&acc, &acc, &scal[i]);
        inv[i] = acc;
    }
    if (fe_is_zero(&acc)) return ZKV_REJECT;
    fe_inv(&acc, &acc, &FR);
    for (i = K; i-- > 0;) {
        t = acc;
        if (i) fr_mul(&t, &acc, &inv[i - 1]); /* 1/a_i */
        fr_mul(&acc, &acc, &scal[i]);
        inv[i] = t;
    }
    /* pass 2: s_i = v^i·den_i/a_i = v^i/Z_i(x); s_i·r_i(x) = v^i·num_i/a_i */
    fe vp = FR.one, ysum;
    memset(&ysum, 0, sizeof ysum);
    memset(&it, 0, sizeof it);
    for (i = 0; next_opening(c, &it, &o); i++) {
        opening_eval(c, &o, x, zw, tz, &Z, &num, &den);
        fr_mul(&t, &vp, &inv[i]);
        fr_mul(&scal[i], &t, &den);
        fr_mul(&num, &num, &t);
        fr_add(&ysum, &ysum, &num);
        fr_mul(&vp, &vp, &ch->v);
    }
    fe_neg(&scal[K], &ysum, &FR);
    scal[K + 1] = *x;
    for (i = 0; i < K + 2; i++) fe_to_plain(&scal[i], &scal[i], &FR);
    /* pass 3: the MSM, its points decoded a chunk at a time (all checked in step 1) */
    g1j sum;
    memset(&sum, 0, sizeof sum);
    memset(&it, 0, sizeof it);
    size_t k0 = 0, cnt = 0;
    for (i = 0; i < K + 2; i++) {
        const uint8_t *src = i == K ? vk->buf + vk->off_g1 : c->proof + c->off_w + 64;
        if (i < K) {
            next_opening(c, &it, &o);
            src = o.pt;
        }
        g1a_from_bytes(&pts[cnt++], src);
        if (cnt == MSM_CHUNK || i == K + 1) {
            g1_msm_acc(&sum, pts, scal + k0, cnt);
            k0 += cnt;
            cnt = 0;
        }
    }
    g1a w;
    g1a_from_bytes(&w, c->proof + c->off_w); /* − [W] */
    fq_neg(&w.y, &w.y);
    g1j_add_aff(&sum, &sum, &w);
    g1j_to_aff(&PP[0], &sum);
    g1a_from_bytes(&PP[1], c->proof + c->off_w + 64); /* − [W'] against [τ]₂ */
    fq_neg(&PP[1].y, &PP[1].y);
    return ZKV_OK;
}

zkv_status zkv_verify(const zkv_vk *vk, const uint8_t *proof, size_t proof_len, const uint8_t (*pub)[32],
                      size_t n_pub, void *work, size_t work_size) {
    if (!vk || !vk->buf || !work || ((uintptr_t)work & 7) != 0) return ZKV_ERR_ARG;
    if (work_size < zkv_workspace_size(vk)) return ZKV_ERR_WORKSPACE;
    if (n_pub != vk->n_public) return ZKV_ERR_SIZE;
    if ((n_pub && !pub) || !proof) return ZKV_ERR_ARG;
    vctx c;
    c.vk = vk;
    c.proof = proof;
    c.meta = (uint32_t *)work;
    c.qnode = c.mem = c.pack_first = c.wq = c.wfirst = c.wrot = NULL;
    if (vk->version == 3) { /* after meta: the SHPLONK layout (meta_words) */
        c.qnode = c.meta + vk->n_nodes;
        c.mem = c.qnode + (vk->n_af - vk->n_aq);
        c.pack_first = c.mem + n_pre(vk);
        c.wq = c.pack_first + vk->n_packs + 1;
        c.wfirst = c.wq + wit_count(vk);
        c.wrot = c.wfirst + vk->n_wpacks + 1;
    }
    c.inst = (fe *)((uint8_t *)work + meta_bytes(vk));
    c.chal = c.inst + vk->n_inst;
    c.area = c.chal + vk->n_chal;
    zkv_status st = vk_check_nodes(vk, c.meta);
    if (st != ZKV_OK) return st;

    /* 1. every input decoded before any hashing */
    fe x;
    for (size_t i = 0; i < n_pub; i++)
        if (!fe_from_bytes(&x, pub[i], &FR)) return ZKV_ERR_NONCANONICAL;
    if (proof_len != vk->proof_len) return ZKV_ERR_SIZE;
    /* v3 (PROTOCOL.md §4.7): one quotient commitment [T] and two witnesses [W], [W'] */
    int v3 = vk->version == 3;
    size_t n_tc = v3 ? 1 : vk->n_t, n_wc = v3 ? 2 : vk->n_points;
    size_t n_comm = (v3 ? vk->n_wpacks : (size_t)vk->n_adv + 2 * (size_t)vk->n_lookups + vk->n_z) + n_tc;
    c.off_evals = (uint32_t)(64 * n_comm);
    c.off_w = c.off_evals + 32 * vk->n_queries;
    g1a P;
    for (size_t k = 0; k < n_comm; k++)
        if ((st = g1a_from_bytes(&P, proof + 64 * k)) != ZKV_OK) return st;
    for (uint32_t q = 0; q < vk->n_queries; q++)
        if (!fe_from_bytes(&x, proof + c.off_evals + 32 * (size_t)q, &FR)) return ZKV_ERR_NONCANONICAL;
    for (size_t k = 0; k < n_wc; k++)
        if ((st = g1a_from_bytes(&P, proof + c.off_w + 64 * k)) != ZKV_OK) return st;

    /* 2. transcript (PROTOCOL.md §4.4) */
    challenges ch;
    transcript tr;
    tr_init(&tr, v3 ? "zkinfer-plonk-v3" : "zkinfer-plonk-v2", 16);
    tr_absorb(&tr, vk->buf + vk->off_digest, 1);
    if (n_pub) tr_absorb(&tr, pub[0], n_pub);
    /* early advice; with late columns the challenges, then the late advice; then m_l.
     * v3: S1's witness packs; the challenges, S2's packs (§4.7) */
    size_t n_early = v3 ? vk->n_wp1 : vk->n_adv - vk->n_late;
    size_t n_al = v3 ? (size_t)vk->n_wp1 + vk->n_wp2 : (size_t)vk->n_adv + vk->n_lookups;
    size_t n_zp = v3 ? vk->n_wpacks - n_al : (size_t)vk->n_z + vk->n_lookups; /* v3: S3's packs */
    tr_absorb(&tr, proof, 2 * n_early);
    for (uint32_t i = 0; i < vk->n_chal; i++) tr_squeeze(&tr, &c.chal[i]);
    tr_absorb(&tr, proof + 64 * n_early, 2 * (n_al - n_early));
    tr_squeeze(&tr, &ch.theta);
    tr_squeeze(&tr, &ch.beta);
    tr_squeeze(&tr, &ch.gamma);
    tr_squeeze(&tr, &ch.lambda);
    tr_absorb(&tr, proof + 64 * n_al, 2 * n_zp);
    tr_squeeze(&tr, &ch.y);
    tr_absorb(&tr, proof + 64 * (n_al + n_zp), 2 * n_tc); /* [T'_i], or v3: [T] */
    tr_squeeze(&tr, &ch.zeta);
    tr_absorb(&tr, proof + c.off_evals, vk->n_queries);
    tr_squeeze(&tr, &ch.v);
    tr_absorb(&tr, proof + c.off_w, v3 ? 2 : 2 * (size_t)vk->n_points); /* [W_p], or v3: [W] only */
    tr_squeeze(&tr, &ch.u);                                            /* v3: x */

    /* 3. Lagrange values: L_i(ζ) = ω^i·Z_H(ζ)/(n(ζ - ω^i)). Each sum Σ a_i·ω^i/(ζ - ω^i) is
     * accumulated as one fraction num/den, so one inversion per sum and no table. */
    uint32_t n = 1u << vk->log_n, usable = n - BLIND_ROWS - 1;
    fe omega = FR_OMEGA28, zn = ch.zeta, zh, nfr, cst;
    for (uint32_t i = vk->log_n; i < 28; i++) fr_sqr(&omega, &omega);
    for (uint32_t i = 0; i < vk->log_n; i++) fr_sqr(&zn, &zn);
    fr_sub(&zh, &zn, &FR.one);
    memset(&nfr, 0, sizeof nfr);
    nfr.v[0] = n;
    fe_to_mont(&nfr, &nfr, &FR);
    fe_inv(&cst, &nfr, &FR);
    fr_mul(&cst, &cst, &zh); /* Z_H(ζ)/n */
    fe l0, llast, lblind, wi, d, num, den, t;
    /* a zero denominator (ζ ∈ H) rejects, for the rows the full verifier looks at */
    wi = FR.one;
    for (uint32_t i = 0; i < vk->max_public_rows; i++) {
        fr_sub(&d, &ch.zeta, &wi);
        if (fe_is_zero(&d)) return ZKV_REJECT;
        fr_mul(&wi, &wi, &omega);
    }
    fe_pow_u32(&wi, &omega, usable, &FR);
    num = FR.one; /* lblind: rows u+1..n-1 as a fraction; llast: row u */
    den = FR.one;
    memset(&num, 0, sizeof num);
    for (uint32_t i = usable; i < n; i++) {
        fr_sub(&d, &ch.zeta, &wi);
        if (fe_is_zero(&d)) return ZKV_REJECT;
        if (i == usable) {
            fe_inv(&llast, &d, &FR);
            fr_mul(&llast, &llast, &wi);
            fr_mul(&llast, &llast, &cst);
        } else {
            fr_mul(&num, &num, &d);
            fr_mul(&t, &wi, &den);
            fr_add(&num, &num, &t);
            fr_mul(&den, &den, &d);
        }
        fr_mul(&wi, &wi, &omega);
    }
    fe_inv(&den, &den, &FR);
    fr_mul(&lblind, &num, &den);
    fr_mul(&lblind, &lblind, &cst);
    fr_sub(&d, &ch.zeta, &FR.one);
    fe_inv(&l0, &d, &FR);
    fr_mul(&l0, &l0, &cst);
    /* I_j(ζ) = Σ_r x_{j,r} L_r(ζ) */
    size_t pi = 0;
    for (uint32_t j = 0; j < vk->n_inst; j++) {
        uint32_t np = rd32(vk->buf + vk->off_pub + 4 * j);
        memset(&num, 0, sizeof num);
        den = FR.one;
        wi = FR.one;
        for (uint32_t r = 0; r < np; r++, pi++) {
            fe_from_bytes(&x, pub[pi], &FR);
            fr_sub(&d, &ch.zeta, &wi);
            fr_mul(&num, &num, &d);
            fr_mul(&t, &wi, &x);
            fr_mul(&t, &t, &den);
            fr_add(&num, &num, &t);
            fr_mul(&den, &den, &d);
            fr_mul(&wi, &wi, &omega);
        }
        fe_inv(&den, &den, &FR);
        fr_mul(&c.inst[j], &num, &den);
        fr_mul(&c.inst[j], &c.inst[j], &cst);
    }

    /* 4. the quotient's value, derived: T(ζ) = C(ζ)/Z_H(ζ) (Z_H(ζ) = 0, ζ ∈ H, rejects) */
    index_cells(vk, c.meta);
    if (v3 && (st = witness_layout(&c)) != ZKV_OK) return st;
    fe tz;
    eval_constraints(&c, &ch, &l0, &llast, &lblind, &tz);
    if (fe_is_zero(&zh)) return ZKV_REJECT;
    fe_inv(&t, &zh, &FR);
    fr_mul(&tz, &tz, &t);

    /* 5. the opening: one check of a product of two pairings */
    g1a PP[2];
    g2a QQ[2];
    st = v3 ? open_shplonk(&c, &ch, &tz, &omega, PP) : open_gwc(&c, &ch, &tz, &zn, &omega, PP);
    if (st != ZKV_OK) return st;
    g2a_from_bytes(&QQ[0], vk->buf + vk->off_g2, 0);
    g2a_from_bytes(&QQ[1], vk->buf + vk->off_g2 + 128, 0);
    return pairing_check2(PP, QQ) ? ZKV_OK : ZKV_REJECT;
}

const char *zkv_status_str(zkv_status st) {
    switch (st) {
    case ZKV_OK: return "ok (accepted)";
    case ZKV_REJECT: return "rejected: the proof does not verify";
    case ZKV_ERR_ARG: return "bad argument";
    case ZKV_ERR_SIZE: return "wrong size";
    case ZKV_ERR_ENCODING: return "bad encoding";
    case ZKV_ERR_VERSION: return "unsupported version";
    case ZKV_ERR_NONCANONICAL: return "non-canonical field element";
    case ZKV_ERR_NOT_ON_CURVE: return "point not on curve";
    case ZKV_ERR_NOT_IN_SUBGROUP: return "point not in subgroup";
    case ZKV_ERR_DIGEST: return "VK digest mismatch";
    case ZKV_ERR_DEGREE: return "VK degree inconsistent with its expressions";
    case ZKV_ERR_WORKSPACE: return "workspace too small";
    }
    return "unknown status";
}
