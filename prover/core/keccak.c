/* Keccak-f[1600] (FIPS 202, section 3) and the rate-136 sponge behind Keccak-256 and
 * SHA3-256. See keccak.h for the padding difference and the lane byte order.
 *
 * Lane (x, y) is a[x + 5y]. Each round reads one state and writes the other of a
 * pair (the caller's and a scratch copy): theta's column parities first, then each
 * output row gathers its five lanes through theta, rho and pi and applies chi, then
 * iota. The spec's tables (round constants, rho offsets) are kept as tables and the
 * pi index formula as a macro; the steps are unrolled with macros over constant
 * indices, which the compiler folds.
 */
#include "keccak.h"

#include <string.h>

/* iota: the round constants RC[i] of FIPS 202, section 3.2.5 (the LFSR rc(t)
 * evaluated at bit positions 2^j - 1). */
static const uint64_t KECCAK_RC[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* rho (3.2.2): rotation offset of lane x + 5y (FIPS 202, table 2). */
static const unsigned KECCAK_RHO[25] = {
    0,  1,  62, 28, 27, /* y = 0 */
    36, 44, 6,  55, 20, /* y = 1 */
    3,  10, 43, 25, 39, /* y = 2 */
    41, 45, 15, 21, 8,  /* y = 3 */
    18, 2,  61, 56, 14, /* y = 4 */
};

/* n in 0..63; the mask keeps the right shift defined when n == 0. */
static inline uint64_t rotl64(uint64_t v, unsigned n) { return (v << n) | (v >> ((64 - n) & 63)); }

/* pi (FIPS 202, 3.2.3): A'[x, y] = A[(x + 3y) mod 5, x]; the index of that source lane. */
#define PI_SRC(x, y) (((x) + 3 * (y)) % 5 + 5 * (x))

/* theta (3.2.1): column parity c[x], and the mask d[x] XORed into every lane of
 * column x. */
#define THETA_C(x) c[x] = in[(x)] ^ in[(x) + 5] ^ in[(x) + 10] ^ in[(x) + 15] ^ in[(x) + 20]
#define THETA_D(x) d[x] = c[((x) + 4) % 5] ^ rotl64(c[((x) + 1) % 5], 1)

/* Lane (x, y) after theta, rho and pi: the source lane, XORed with the theta mask
 * of its column, rotated by its rho offset. All indices are compile-time constants. */
#define TRP(x, y) rotl64(in[PI_SRC(x, y)] ^ d[((x) + 3 * (y)) % 5], KECCAK_RHO[PI_SRC(x, y)])

/* One output row: its five lanes through theta-rho-pi, then chi (3.2.4) along the row. */
#define ROW(y)                                                                            \
    do {                                                                                  \
        uint64_t b0 = TRP(0, y), b1 = TRP(1, y), b2 = TRP(2, y), b3 = TRP(3, y), b4 = TRP(4, y); \
        out[5 * (y) + 0] = b0 ^ (~b1 & b2);                                               \
        out[5 * (y) + 1] = b1 ^ (~b2 & b3);                                               \
        out[5 * (y) + 2] = b2 ^ (~b3 & b4);                                               \
        out[5 * (y) + 3] = b3 ^ (~b4 & b0);                                               \
        out[5 * (y) + 4] = b4 ^ (~b0 & b1);                                               \
    } while (0)

/* One round, out = iota(chi(pi(rho(theta(in))))), computed row by row so that few
 * values are live at once; out and in are distinct states. */
static inline void keccak_round(uint64_t out[25], const uint64_t in[25], uint64_t rc) {
    uint64_t c[5], d[5];
    THETA_C(0); THETA_C(1); THETA_C(2); THETA_C(3); THETA_C(4);
    THETA_D(0); THETA_D(1); THETA_D(2); THETA_D(3); THETA_D(4);
    ROW(0);
    ROW(1);
    ROW(2);
    ROW(3);
    ROW(4);
    out[0] ^= rc; /* iota (3.2.5) */
}

void zki_keccak_f1600(uint64_t a[25]) {
    uint64_t e[25], *in = a, *out = e, *t;
    /* 24 rounds, an even number of swaps: the result ends in a. */
    for (unsigned round = 0; round < 24; round++) {
        keccak_round(out, in, KECCAK_RC[round]);
        t = in, in = out, out = t;
    }
}

/* Little-endian 64-bit load, independent of the host byte order. */
static inline uint64_t load64_le(const uint8_t *p) {
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void keccak_init(zki_keccak_ctx *ctx, uint8_t dsbyte) {
    memset(ctx->st, 0, sizeof ctx->st);
    ctx->pos = 0;
    ctx->dsbyte = dsbyte;
}

void zki_keccak256_init(zki_keccak_ctx *ctx) { keccak_init(ctx, 0x01); }

void zki_sha3_256_init(zki_keccak_ctx *ctx) { keccak_init(ctx, 0x06); }

void zki_keccak_update(zki_keccak_ctx *ctx, const uint8_t *data, size_t len) {
    size_t pos = ctx->pos;
    while (len > 0) {
        if (pos % 8 == 0 && len >= 8) {
            /* At a lane boundary: XOR whole lanes (the transcript's 32-byte words
             * always take this path, as 136 is a multiple of 8). */
            size_t lanes = (ZKI_KECCAK256_RATE - pos) / 8;
            if (lanes > len / 8) lanes = len / 8;
            for (size_t i = 0; i < lanes; i++) ctx->st[pos / 8 + i] ^= load64_le(data + 8 * i);
            pos += 8 * lanes;
            data += 8 * lanes;
            len -= 8 * lanes;
        } else {
            ctx->st[pos / 8] ^= (uint64_t)*data++ << (8 * (pos % 8));
            pos++;
            len--;
        }
        if (pos == ZKI_KECCAK256_RATE) {
            zki_keccak_f1600(ctx->st);
            pos = 0;
        }
    }
    ctx->pos = pos;
}

void zki_keccak_final(zki_keccak_ctx *ctx, uint8_t out[32]) {
    /* pad10*1 after the domain bits; when pos == RATE - 1 both land in one byte. */
    ctx->st[ctx->pos / 8] ^= (uint64_t)ctx->dsbyte << (8 * (ctx->pos % 8));
    ctx->st[(ZKI_KECCAK256_RATE - 1) / 8] ^= (uint64_t)0x80 << 56;
    zki_keccak_f1600(ctx->st);
    for (unsigned i = 0; i < ZKI_KECCAK256_OUT; i++) out[i] = (uint8_t)(ctx->st[i / 8] >> (8 * (i % 8)));
}

void zki_keccak256(uint8_t out[32], const uint8_t *data, size_t len) {
    zki_keccak_ctx ctx;
    zki_keccak256_init(&ctx);
    zki_keccak_update(&ctx, data, len);
    zki_keccak_final(&ctx, out);
}
