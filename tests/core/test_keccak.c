/* Keccak-256 and SHA3-256 (prover/core/keccak.c).
 *
 * Independent sources: Keccak-256 vectors computed with pycryptodome's
 * Crypto.Hash.keccak (the empty string and "abc" are also the widely published
 * Ethereum values); SHA3-256 compared with OpenSSL's EVP_sha3_256 on random inputs,
 * which checks the permutation and the sponge, since the two hashes share both and
 * differ only in the padding byte. The zero-state permutation image is the one in
 * the Keccak team's KeccakF-1600 intermediate values.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "keccak.h"
#include "test.h"

static int hex_eq(const uint8_t got[32], const char *hex) {
    char s[65];
    for (int i = 0; i < 32; i++) snprintf(s + 2 * i, 3, "%02x", got[i]);
    if (strcmp(s, hex) != 0) {
        fprintf(stderr, "    got %s\n    exp %s\n", s, hex);
        return 0;
    }
    return 1;
}

/* m[i] = i mod 256, the message of the multi-block vectors. */
static void counting(uint8_t *m, size_t n) {
    for (size_t i = 0; i < n; i++) m[i] = (uint8_t)i;
}

static void openssl_sha3_256(uint8_t out[32], const uint8_t *m, size_t n) {
    unsigned int olen = 0;
    int ok = EVP_Digest(m, n, out, &olen, EVP_sha3_256(), NULL);
    CHECK(ok == 1 && olen == 32);
}

/* Hashes m through update calls of random sizes (including zero-length ones). */
static void hash_chunked(uint8_t out[32], int sha3, const uint8_t *m, size_t n) {
    zki_keccak_ctx ctx;
    if (sha3) zki_sha3_256_init(&ctx);
    else zki_keccak256_init(&ctx);
    size_t off = 0;
    while (off < n) {
        uint64_t r = zt_rand_u64();
        /* mostly short chunks, sometimes past a whole block */
        size_t c = (r & 3) ? (size_t)((r >> 8) % 40) : (size_t)((r >> 8) % 400);
        if (c > n - off) c = n - off;
        zki_keccak_update(&ctx, m + off, c);
        off += c;
    }
    zki_keccak_final(&ctx, out);
}

CASE(keccak256_known_vectors) {
    uint8_t h[32], m[1000];
    zki_keccak256(h, NULL, 0);
    CHECK(hex_eq(h, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    zki_keccak256(h, (const uint8_t *)"abc", 3);
    CHECK(hex_eq(h, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"));
    const char *fox = "The quick brown fox jumps over the lazy dog";
    zki_keccak256(h, (const uint8_t *)fox, strlen(fox));
    CHECK(hex_eq(h, "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"));
    m[0] = 0;
    zki_keccak256(h, m, 1);
    CHECK(hex_eq(h, "bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a"));
    memset(m, 'a', 200);
    zki_keccak256(h, m, 200);
    CHECK(hex_eq(h, "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d"));
    counting(m, 1000);
    zki_keccak256(h, m, 1000);
    CHECK(hex_eq(h, "aca79e4146e30eb1c733f6d6060d72471c36ea4e01ebf45d7f4916249c2bbd82"));
}

CASE(keccak256_rate_boundaries) {
    static const struct { size_t n; const char *hex; } v[] = {
        {135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"},
        {136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"},
        {137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"},
        {271, "7c974895b2a88303ff2dc6b58f438ceb0b298cac91099ac0539cc0f477506191"},
        {272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"},
    };
    uint8_t m[272], h[32];
    counting(m, sizeof m);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        zki_keccak256(h, m, v[i].n);
        CHECK(hex_eq(h, v[i].hex));
        /* every split into two updates lands on the same digest */
        for (size_t cut = 0; cut <= v[i].n; cut++) {
            zki_keccak_ctx ctx;
            uint8_t h2[32];
            zki_keccak256_init(&ctx);
            zki_keccak_update(&ctx, m, cut);
            zki_keccak_update(&ctx, m + cut, v[i].n - cut);
            zki_keccak_final(&ctx, h2);
            CHECK(memcmp(h, h2, 32) == 0);
        }
    }
}

CASE(keccak_sha3_256_known_vectors) {
    uint8_t h[32];
    zki_keccak_ctx ctx;
    zki_sha3_256_init(&ctx);
    zki_keccak_final(&ctx, h);
    CHECK(hex_eq(h, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
    zki_sha3_256_init(&ctx);
    zki_keccak_update(&ctx, (const uint8_t *)"abc", 3);
    zki_keccak_final(&ctx, h);
    CHECK(hex_eq(h, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"));
}

/* SHA3-256 of n random bytes, one-shot and chunked, against OpenSSL. */
static void check_sha3_len(uint8_t *m, size_t n) {
    uint8_t exp[32], got[32];
    zt_rand_bytes(m, n);
    openssl_sha3_256(exp, m, n);
    zki_keccak_ctx ctx;
    zki_sha3_256_init(&ctx);
    zki_keccak_update(&ctx, m, n);
    zki_keccak_final(&ctx, got);
    if (memcmp(exp, got, 32) != 0) fprintf(stderr, "    sha3 one-shot mismatch at length %zu\n", n);
    CHECK(memcmp(exp, got, 32) == 0);
    hash_chunked(got, 1, m, n);
    if (memcmp(exp, got, 32) != 0) fprintf(stderr, "    sha3 chunked mismatch at length %zu\n", n);
    CHECK(memcmp(exp, got, 32) == 0);
}

/* Every length 0..600 (every padding position in the first five blocks) and a few
 * long inputs around multiples of the rate. */
CASE(keccak_sha3_256_matches_openssl) {
    static uint8_t m[10007];
    static const size_t longer[] = {1087, 1088, 1089, 4999, 5000, 10007};
    for (size_t n = 0; n <= 600; n++) check_sha3_len(m, n);
    for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++) check_sha3_len(m, longer[i]);
}

/* The Keccak-256 incremental path gives the one-shot digest for any chunking, and
 * differs from SHA3-256 of the same input (the domain byte matters). */
CASE(keccak256_chunked_equals_oneshot) {
    static uint8_t m[3000];
    for (unsigned it = 0; it < zt_iters(300); it++) {
        size_t n = (size_t)(zt_rand_u64() % sizeof m);
        zt_rand_bytes(m, n);
        uint8_t a[32], b[32], s[32];
        zki_keccak256(a, m, n);
        hash_chunked(b, 0, m, n);
        CHECK(memcmp(a, b, 32) == 0);
        hash_chunked(s, 1, m, n);
        CHECK(memcmp(a, s, 32) != 0);
    }
}

CASE(keccak_f1600_zero_state) {
    static const uint64_t exp[25] = {
        0xf1258f7940e1dde7ULL, 0x84d5ccf933c0478aULL, 0xd598261ea65aa9eeULL, 0xbd1547306f80494dULL,
        0x8b284e056253d057ULL, 0xff97a42d7f8e6fd4ULL, 0x90fee5a0a44647c4ULL, 0x8c5bda0cd6192e76ULL,
        0xad30a6f71b19059cULL, 0x30935ab7d08ffc64ULL, 0xeb5aa93f2317d635ULL, 0xa9a6e6260d712103ULL,
        0x81a57c16dbcf555fULL, 0x43b831cd0347c826ULL, 0x01f22f1a11a5569fULL, 0x05e5635a21d9ae61ULL,
        0x64befef28cc970f2ULL, 0x613670957bc46611ULL, 0xb87c5a554fd00ecbULL, 0x8c3ee88a1ccf32c8ULL,
        0x940c7922ae3a2614ULL, 0x1841f924a2c509e4ULL, 0x16f53526e70465c2ULL, 0x75f644e97f30a13bULL,
        0xeaf1ff7b5ceca249ULL,
    };
    uint64_t st[25] = {0};
    zki_keccak_f1600(st);
    for (int i = 0; i < 25; i++) CHECK(st[i] == exp[i]);
}
