/* Montgomery arithmetic for a 4-limb prime field below 2^254: the one body behind
 * both zki_fr and zki_fq. A .c file defines, then includes this header:
 *   ZKI_F       the type name (zki_fr), also the function prefix
 *   FLD_MOD     modulus limbs, FLD_ONE (2^256 mod m), FLD_R2 (2^512 mod m),
 *   FLD_INV     -m^-1 mod 2^64,
 *   FLD_S, FLD_T_MINUS1_HALF, FLD_ROOT: for Tonelli–Shanks, m - 1 = 2^S · t,
 *               (t-1)/2 and a primitive 2^S-th root of unity (Montgomery form).
 * Multiplication is the CIOS method with the "no-carry" shortcut, valid because the
 * top limb of the modulus is below 2^63 - 1 (see Koç, Acar, Kaliski 1996, and the
 * gnark-crypto note on moduli with a spare top bit).
 */
#include <string.h>

#include "cpu.h"

/* GCC's SLP vectoriser turns the 4-limb selects into AVX shuffles through the
 * stack, doubling the latency of add and of the final reduction; keep them scalar. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-slp-vectorize")
#endif

typedef unsigned __int128 fld_u128;

#define FN2(t, n) t##_##n
#define FN1(t, n) FN2(t, n)
#define FN(n) FN1(ZKI_F, n)

static const uint64_t fld_mod[4] = FLD_MOD;
static const uint64_t fld_one[4] = FLD_ONE;
static const uint64_t fld_r2[4] = FLD_R2;

/* Carry/borrow chains: the x86-64 intrinsics compile to ADC/SBB (baseline x86-64,
 * no flags needed); elsewhere a portable 128-bit form. */
#if defined(__x86_64__) && defined(__GNUC__)
#include <x86intrin.h>
#define FLD_ADC(c, a, b, out) _addcarry_u64((c), (a), (b), (unsigned long long *)(out))
#define FLD_SBB(c, a, b, out) _subborrow_u64((c), (a), (b), (unsigned long long *)(out))
#else
static inline unsigned char fld_adc(unsigned char c, uint64_t a, uint64_t b, uint64_t *out) {
    fld_u128 s = (fld_u128)a + b + c;
    *out = (uint64_t)s;
    return (unsigned char)(s >> 64);
}
static inline unsigned char fld_sbb(unsigned char c, uint64_t a, uint64_t b, uint64_t *out) {
    fld_u128 d = (fld_u128)a - b - c;
    *out = (uint64_t)d;
    return (unsigned char)((d >> 64) & 1);
}
#define FLD_ADC(c, a, b, out) fld_adc((c), (a), (b), (out))
#define FLD_SBB(c, a, b, out) fld_sbb((c), (a), (b), (out))
#endif

/* r = a - m if a >= m, else a; a < 2m. */
static inline void fld_reduce_once(uint64_t r[4], const uint64_t a[4]) {
    uint64_t d0, d1, d2, d3;
    unsigned char b = FLD_SBB(0, a[0], fld_mod[0], &d0);
    b = FLD_SBB(b, a[1], fld_mod[1], &d1);
    b = FLD_SBB(b, a[2], fld_mod[2], &d2);
    b = FLD_SBB(b, a[3], fld_mod[3], &d3);
    uint64_t keep = 0 - (uint64_t)b; /* all ones if a < m */
    uint64_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    r[0] = (a0 & keep) | (d0 & ~keep);
    r[1] = (a1 & keep) | (d1 & ~keep);
    r[2] = (a2 & keep) | (d2 & ~keep);
    r[3] = (a3 & keep) | (d3 & ~keep);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* One CIOS round on x86-64 with two carry chains (ADCX on CF, ADOX on OF):
 * t += a·b[i], then m = t0·inv and t = (t + m·q) / 2^64. t0..t3 live in %r8..%r11,
 * the top word of the round in %r12; %rax/%rbx are scratch, %rdx the MULX source. */
#define FLD_ADX_ROUND(i)                                                   \
    "xorl %%eax, %%eax\n\t"                                                \
    "movq 8*" #i "(%[b]), %%rdx\n\t"                                       \
    "mulxq 0(%[a]), %%rax, %%rbx\n\t"                                      \
    "adoxq %%rax, %%r8\n\t"                                                \
    "adcxq %%rbx, %%r9\n\t"                                                \
    "mulxq 8(%[a]), %%rax, %%rbx\n\t"                                      \
    "adoxq %%rax, %%r9\n\t"                                                \
    "adcxq %%rbx, %%r10\n\t"                                               \
    "mulxq 16(%[a]), %%rax, %%rbx\n\t"                                     \
    "adoxq %%rax, %%r10\n\t"                                               \
    "adcxq %%rbx, %%r11\n\t"                                               \
    "mulxq 24(%[a]), %%rax, %%r12\n\t"                                     \
    "adoxq %%rax, %%r11\n\t"                                               \
    "movl $0, %%eax\n\t"                                                   \
    "adcxq %%rax, %%r12\n\t"                                               \
    "adoxq %%rax, %%r12\n\t"                                               \
    "movq %%r8, %%rdx\n\t"                                                 \
    "imulq %[inv], %%rdx\n\t"                                              \
    "xorl %%eax, %%eax\n\t"                                                \
    "mulxq 0(%[q]), %%rax, %%rbx\n\t"                                      \
    "adcxq %%rax, %%r8\n\t"                                                \
    "adoxq %%rbx, %%r9\n\t"                                                \
    "mulxq 8(%[q]), %%rax, %%rbx\n\t"                                      \
    "adcxq %%rax, %%r9\n\t"                                                \
    "adoxq %%rbx, %%r10\n\t"                                               \
    "mulxq 16(%[q]), %%rax, %%rbx\n\t"                                     \
    "adcxq %%rax, %%r10\n\t"                                               \
    "adoxq %%rbx, %%r11\n\t"                                               \
    "mulxq 24(%[q]), %%rax, %%rbx\n\t"                                     \
    "adcxq %%rax, %%r11\n\t"                                               \
    "movl $0, %%eax\n\t"                                                   \
    "adoxq %%rbx, %%r12\n\t"                                               \
    "adcxq %%rax, %%r12\n\t"                                               \
    "movq %%r9, %%r8\n\t"                                                  \
    "movq %%r10, %%r9\n\t"                                                 \
    "movq %%r11, %%r10\n\t"                                                \
    "movq %%r12, %%r11\n\t"

static inline void fld_mont_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    static const uint64_t inv = FLD_INV;
    /* r is written only after the last read of a and b, so it may alias them. */
    __asm__("xorl %%r8d, %%r8d\n\t"
            "xorl %%r9d, %%r9d\n\t"
            "xorl %%r10d, %%r10d\n\t"
            "xorl %%r11d, %%r11d\n\t"
            FLD_ADX_ROUND(0) FLD_ADX_ROUND(1) FLD_ADX_ROUND(2) FLD_ADX_ROUND(3)
            /* t < 2q: subtract q, keep the difference unless it borrowed */
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
            : [a] "r"(a), [b] "r"(b), [q] "r"(fld_mod), [inv] "m"(inv), [r] "r"(r)
            : "rax", "rbx", "rdx", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
}
#undef FLD_ADX_ROUND
#define FLD_HAVE_ADX 1
#endif

static inline void fld_mont_mul_c(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t bi = b[i];
        fld_u128 A = (fld_u128)a[0] * bi + t0;
        uint64_t m = (uint64_t)A * FLD_INV;
        fld_u128 C = (fld_u128)m * fld_mod[0] + (uint64_t)A;
        uint64_t ca = (uint64_t)(A >> 64), cc = (uint64_t)(C >> 64);

        A = (fld_u128)a[1] * bi + t1 + ca;
        ca = (uint64_t)(A >> 64);
        C = (fld_u128)m * fld_mod[1] + (uint64_t)A + cc;
        t0 = (uint64_t)C;
        cc = (uint64_t)(C >> 64);

        A = (fld_u128)a[2] * bi + t2 + ca;
        ca = (uint64_t)(A >> 64);
        C = (fld_u128)m * fld_mod[2] + (uint64_t)A + cc;
        t1 = (uint64_t)C;
        cc = (uint64_t)(C >> 64);

        A = (fld_u128)a[3] * bi + t3 + ca;
        ca = (uint64_t)(A >> 64);
        C = (fld_u128)m * fld_mod[3] + (uint64_t)A + cc;
        t2 = (uint64_t)C;
        cc = (uint64_t)(C >> 64);

        t3 = ca + cc;
    }
    uint64_t t[4] = {t0, t1, t2, t3};
    fld_reduce_once(r, t);
}

static inline void fld_mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
#ifdef FLD_HAVE_ADX
    if (__builtin_expect(zki_cpu_adx, 1)) {
        fld_mont_mul_adx(r, a, b);
        return;
    }
#endif
    fld_mont_mul_c(r, a, b);
}

void FN(set_zero)(ZKI_F *r) { memset(r->v, 0, sizeof r->v); }
void FN(set_one)(ZKI_F *r) { memcpy(r->v, fld_one, sizeof r->v); }

void FN(set_u64)(ZKI_F *r, uint64_t u) {
    uint64_t t[4] = {u, 0, 0, 0};
    fld_reduce_once(t, t); /* only matters if m < 2^64, never here; keeps < m */
    fld_mont_mul(r->v, t, fld_r2);
}

void FN(set_i64)(ZKI_F *r, int64_t i) {
    if (i >= 0) {
        FN(set_u64)(r, (uint64_t)i);
    } else {
        FN(set_u64)(r, (uint64_t)(-(i + 1)) + 1);
        FN(neg)(r, r);
    }
}

int FN(is_zero)(const ZKI_F *a) { return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0; }

int FN(is_one)(const ZKI_F *a) {
    return ((a->v[0] ^ fld_one[0]) | (a->v[1] ^ fld_one[1]) | (a->v[2] ^ fld_one[2]) |
            (a->v[3] ^ fld_one[3])) == 0;
}

int FN(eq)(const ZKI_F *a, const ZKI_F *b) {
    return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3])) == 0;
}

static inline void fld_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t[4];
    unsigned char c = FLD_ADC(0, a[0], b[0], &t[0]);
    c = FLD_ADC(c, a[1], b[1], &t[1]);
    c = FLD_ADC(c, a[2], b[2], &t[2]);
    FLD_ADC(c, a[3], b[3], &t[3]); /* a + b < 2m < 2^255: no carry out */
    fld_reduce_once(r, t);
}

static inline void fld_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t0, t1, t2, t3;
    unsigned char c = FLD_SBB(0, a[0], b[0], &t0);
    c = FLD_SBB(c, a[1], b[1], &t1);
    c = FLD_SBB(c, a[2], b[2], &t2);
    c = FLD_SBB(c, a[3], b[3], &t3);
    uint64_t mask = 0 - (uint64_t)c; /* add m back on borrow */
    c = FLD_ADC(0, t0, fld_mod[0] & mask, &r[0]);
    c = FLD_ADC(c, t1, fld_mod[1] & mask, &r[1]);
    c = FLD_ADC(c, t2, fld_mod[2] & mask, &r[2]);
    FLD_ADC(c, t3, fld_mod[3] & mask, &r[3]);
}

void FN(add)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b) { fld_add(r->v, a->v, b->v); }
void FN(sub)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b) { fld_sub(r->v, a->v, b->v); }

void FN(vadd)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n) {
    for (size_t i = 0; i < n; i++) fld_add(r[i].v, a[i].v, b[i].v);
}
void FN(vsub)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n) {
    for (size_t i = 0; i < n; i++) fld_sub(r[i].v, a[i].v, b[i].v);
}
void FN(vadd_s)(ZKI_F *r, const ZKI_F *a, const ZKI_F *s, size_t n) {
    ZKI_F c = *s; /* s may be an element of r */
    for (size_t i = 0; i < n; i++) fld_add(r[i].v, a[i].v, c.v);
}

void FN(neg)(ZKI_F *r, const ZKI_F *a) {
    uint64_t nz = 0 - (uint64_t)!FN(is_zero)(a), borrow = 0;
    for (int i = 0; i < 4; i++) {
        fld_u128 d = (fld_u128)fld_mod[i] - a->v[i] - borrow;
        r->v[i] = (uint64_t)d & nz;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}

void FN(dbl)(ZKI_F *r, const ZKI_F *a) { FN(add)(r, a, a); }

void FN(mul)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b) { fld_mont_mul(r->v, a->v, b->v); }

void FN(vmul)(ZKI_F *r, const ZKI_F *a, const ZKI_F *b, size_t n) {
#ifdef FLD_HAVE_ADX
    if (__builtin_expect(zki_cpu_adx, 1)) {
        for (size_t i = 0; i < n; i++) fld_mont_mul_adx(r[i].v, a[i].v, b[i].v);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) fld_mont_mul_c(r[i].v, a[i].v, b[i].v);
}
void FN(vmul_s)(ZKI_F *r, const ZKI_F *a, const ZKI_F *s, size_t n) {
    ZKI_F c = *s;
#ifdef FLD_HAVE_ADX
    if (__builtin_expect(zki_cpu_adx, 1)) {
        for (size_t i = 0; i < n; i++) fld_mont_mul_adx(r[i].v, a[i].v, c.v);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) fld_mont_mul_c(r[i].v, a[i].v, c.v);
}
void FN(sqr)(ZKI_F *r, const ZKI_F *a) { fld_mont_mul(r->v, a->v, a->v); }

void FN(half)(ZKI_F *r, const ZKI_F *a) {
    /* a odd: (a + m) / 2, else a / 2; a + m < 2^255 so the sum fits. */
    uint64_t mask = 0 - (a->v[0] & 1), t[4], c = 0;
    for (int i = 0; i < 4; i++) {
        fld_u128 s = (fld_u128)a->v[i] + (fld_mod[i] & mask) + c;
        t[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
    for (int i = 0; i < 3; i++) r->v[i] = (t[i] >> 1) | (t[i + 1] << 63);
    r->v[3] = t[3] >> 1;
}

void FN(pow)(ZKI_F *r, const ZKI_F *a, const uint64_t e[4]) {
    ZKI_F acc, base = *a;
    FN(set_one)(&acc);
    for (int i = 255; i >= 0; i--) {
        FN(sqr)(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) FN(mul)(&acc, &acc, &base);
    }
    *r = acc;
}

int FN(inv)(ZKI_F *r, const ZKI_F *a) {
    uint64_t e[4];
    memcpy(e, fld_mod, sizeof e);
    e[0] -= 2; /* m - 2; the low limb of both moduli is odd and > 2 */
    int ok = !FN(is_zero)(a);
    FN(pow)(r, a, e);
    return ok;
}

void FN(batch_inv)(ZKI_F *out, const ZKI_F *in, size_t n) {
    if (n == 0) return;
    ZKI_F acc;
    FN(set_one)(&acc);
    for (size_t i = 0; i < n; i++) {
        out[i] = acc;
        if (!FN(is_zero)(&in[i])) FN(mul)(&acc, &acc, &in[i]);
    }
    FN(inv)(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (FN(is_zero)(&in[i])) {
            FN(set_zero)(&out[i]);
            continue;
        }
        FN(mul)(&out[i], &out[i], &acc);
        FN(mul)(&acc, &acc, &in[i]);
    }
}

int FN(legendre)(const ZKI_F *a) {
    uint64_t e[4];
    /* (m - 1) / 2 */
    for (int i = 0; i < 4; i++) e[i] = (fld_mod[i] >> 1) | (i < 3 ? fld_mod[i + 1] << 63 : 0);
    ZKI_F t;
    FN(pow)(&t, a, e);
    if (FN(is_zero)(&t)) return 0;
    return FN(is_one)(&t) ? 1 : -1;
}

/* Tonelli–Shanks (Cohen, Alg. 1.5.1) in the form that starts from
 * x = a^((t+1)/2), b = a^t, with a fixed primitive 2^S-th root of unity. */
int FN(sqrt_var)(ZKI_F *r, const ZKI_F *a) {
    static const uint64_t tm1h[4] = FLD_T_MINUS1_HALF;
    static const ZKI_F root = {FLD_ROOT};
    if (FN(is_zero)(a)) {
        FN(set_zero)(r);
        return 1;
    }
    ZKI_F w, x, b, z = root, t;
    FN(pow)(&w, a, tm1h);  /* a^((t-1)/2) */
    FN(mul)(&x, &w, a);    /* a^((t+1)/2) */
    FN(mul)(&b, &x, &w);   /* a^t */
    unsigned v = FLD_S;
    while (!FN(is_one)(&b)) {
        unsigned k = 0;
        t = b;
        while (!FN(is_one)(&t)) {
            FN(sqr)(&t, &t);
            if (++k == v) return 0; /* a is not a square */
        }
        ZKI_F s = z;
        for (unsigned j = 0; j + k + 1 < v; j++) FN(sqr)(&s, &s);
        FN(sqr)(&z, &s);
        FN(mul)(&b, &b, &z);
        FN(mul)(&x, &x, &s);
        v = k;
    }
    *r = x;
    return 1;
}

static int fld_limbs_lt_mod(const uint64_t a[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] < fld_mod[i]) return 1;
        if (a[i] > fld_mod[i]) return 0;
    }
    return 0;
}

static void fld_be_to_limbs(uint64_t l[4], const uint8_t in[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | in[(3 - i) * 8 + j];
        l[i] = w;
    }
}

zki_status FN(from_limbs)(ZKI_F *r, const uint64_t in[4]) {
    if (!fld_limbs_lt_mod(in)) return ZKI_ERR_NONCANONICAL;
    fld_mont_mul(r->v, in, fld_r2);
    return ZKI_OK;
}

void FN(to_limbs)(uint64_t out[4], const ZKI_F *a) {
    static const uint64_t one[4] = {1, 0, 0, 0};
    fld_mont_mul(out, a->v, one);
}

zki_status FN(from_bytes)(ZKI_F *r, const uint8_t in[32]) {
    uint64_t l[4];
    fld_be_to_limbs(l, in);
    return FN(from_limbs)(r, l);
}

void FN(from_bytes_reduce)(ZKI_F *r, const uint8_t in[32]) {
    uint64_t l[4];
    fld_be_to_limbs(l, in);
    while (!fld_limbs_lt_mod(l)) { /* at most 5 rounds: 2^256 / m < 6 */
        uint64_t borrow = 0;
        for (int i = 0; i < 4; i++) {
            fld_u128 d = (fld_u128)l[i] - fld_mod[i] - borrow;
            l[i] = (uint64_t)d;
            borrow = (uint64_t)(d >> 64) & 1;
        }
    }
    fld_mont_mul(r->v, l, fld_r2);
}

void FN(to_bytes)(uint8_t out[32], const ZKI_F *a) {
    uint64_t l[4];
    FN(to_limbs)(l, a);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[(3 - i) * 8 + j] = (uint8_t)(l[i] >> (56 - 8 * j));
}

void FN(select)(ZKI_F *r, int flag, const ZKI_F *a, const ZKI_F *b) {
    uint64_t m = 0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] = (a->v[i] & m) | (b->v[i] & ~m);
}

#undef FN
#undef FN1
#undef FN2
