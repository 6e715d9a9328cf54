/* Poseidon (prover/core/poseidon): values computed with circomlibjs 0.1.7 pinned here
 * (tests/poseidon cross-checks many more, and every constant), the vector hash's chunk
 * rule checked against plain Poseidon calls, argument checks. */
#include <string.h>

#include "poseidon.h"
#include "test.h"

static int hex_nibble(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* 0x + 64 lowercase hex digits -> field element */
static zki_fr fr_hex(const char *s) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)(hex_nibble(s[2 + 2 * i]) << 4 | hex_nibble(s[3 + 2 * i]));
    zki_fr r;
    zki_fr_set_zero(&r);
    zki_fr_from_bytes(&r, b);
    return r;
}

static void seq_i64(int64_t *x, size_t n, int64_t start, int64_t step) {
    for (size_t i = 0; i < n; i++) x[i] = start + (int64_t)i * step;
}

CASE(poseidon_circomlibjs_vectors) {
    struct { const char *want; size_t n; int64_t start; } v[] = {
        {"0x29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133", 1, 1},
        {"0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a", 2, 1},
        {"0x2a09a9fd93c590c26b91effbb2499f07e8f7aa12e2b4940a3aed2411cb65e11c", 1, 0},
        {"0x16159a551cbb66108281a48099fff949ae08afd7f1f2ec06de2ffb96b919b765", 16, 1},
        {"0x0771743e7ade0f56f51d16544f60059ba3029ba556d63697612900fe5f020b16", 1, -1},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        int64_t xi[16];
        zki_fr x[16], h, want = fr_hex(v[k].want);
        seq_i64(xi, v[k].n, v[k].start, 1);
        for (size_t i = 0; i < v[k].n; i++) zki_fr_set_i64(&x[i], xi[i]);
        REQUIRE(zki_poseidon(&h, x, v[k].n) == ZKI_OK);
        CHECK(zki_fr_eq(&h, &want));
    }
}

CASE(poseidon_hash_vec_circomlibjs_vectors) {
    struct { const char *want; size_t n; int64_t start, step; } v[] = {
        {"0x094ae33b67a845998abb55e917642d4022d078d96f7c36ea11da4273ecf20f50", 15, 1, 1},
        {"0x1e64abf29aae7299aabf172d9587b8969bd829c705f27f39e3024113f2a33999", 16, 1, 1},
        {"0x2621a8179d2fac81ec7eb71e7ed445fd1b633f4553d5a46e22ddc92d508a34b2", 40, -20, 1},
        {"0x23cc57c58ae9ccb553fa5afae8f1306ced9073cff38ce02ecbb68e2732d34bfb", 29, -50, 3},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        int64_t xi[40];
        zki_fr x[40], h1, h2, want = fr_hex(v[k].want);
        seq_i64(xi, v[k].n, v[k].start, v[k].step);
        for (size_t i = 0; i < v[k].n; i++) zki_fr_set_i64(&x[i], xi[i]);
        REQUIRE(zki_poseidon_hash_vec(&h1, x, v[k].n) == ZKI_OK);
        REQUIRE(zki_poseidon_hash_vec_i64(&h2, xi, v[k].n) == ZKI_OK);
        CHECK(zki_fr_eq(&h1, &want));
        CHECK(zki_fr_eq(&h2, &want));
    }
}

/* The chunk rule spelled out with plain Poseidon calls on random field elements. */
CASE(poseidon_hash_vec_chunks) {
    for (size_t n = 1; n <= 45; n++) {
        zki_fr x[45], h, want, buf[15];
        for (size_t i = 0; i < n; i++) {
            uint8_t b[32];
            zt_rand_bytes(b, 32);
            zki_fr_from_bytes_reduce(&x[i], b);
        }
        REQUIRE(zki_poseidon_hash_vec(&h, x, n) == ZKI_OK);
        if (n <= 15) {
            zki_poseidon(&want, x, n);
        } else {
            zki_poseidon(&want, x, 15);
            for (size_t i = 15; i < n; i += 14) {
                size_t m = n - i < 14 ? n - i : 14;
                buf[0] = want;
                memcpy(buf + 1, x + i, m * sizeof *x);
                zki_poseidon(&want, buf, m + 1);
            }
        }
        CHECK(zki_fr_eq(&h, &want));
    }
}

/* Spot checks of the derived constants against circomlibjs's table (first and last
 * round constant, an MDS entry) and the shape of every width. */
CASE(poseidon_params) {
    const zki_poseidon_consts *c = zki_poseidon_params(2);
    REQUIRE(c != NULL);
    CHECK_EQ_INT(c->t, 2);
    CHECK_EQ_INT(c->rf, 8);
    CHECK_EQ_INT(c->rp, 56);
    zki_fr a = fr_hex("0x09c46e9ec68e9bd4fe1faaba294cba38a71aa177534cdd1b6c7dc0dbd0abd7a7");
    zki_fr m = fr_hex("0x066f6f85d6f68a85ec10345351a23a3aaf07f38af8c952a7bceca70bd2af7ad5");
    CHECK(zki_fr_eq(&c->rc[0], &a));
    CHECK(zki_fr_eq(&c->mds[0], &m));
    static const unsigned rp[] = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};
    for (unsigned t = 2; t <= 17; t++) {
        c = zki_poseidon_params(t);
        REQUIRE(c != NULL);
        CHECK_EQ_INT(c->t, t);
        CHECK_EQ_INT(c->rp, rp[t - 2]);
        CHECK(c == zki_poseidon_params(t)); /* cached */
    }
    CHECK(zki_poseidon_params(1) == NULL);
    CHECK(zki_poseidon_params(18) == NULL);
}

CASE(poseidon_bad_arguments) {
    zki_fr x[17], h;
    int64_t xi[1] = {0};
    for (int i = 0; i < 17; i++) zki_fr_set_u64(&x[i], (uint64_t)i);
    CHECK(zki_poseidon(&h, x, 0) == ZKI_ERR_ARG);
    CHECK(zki_poseidon(&h, x, 17) == ZKI_ERR_ARG);
    CHECK(zki_poseidon(NULL, x, 1) == ZKI_ERR_ARG);
    CHECK(zki_poseidon_hash_vec(&h, x, 0) == ZKI_ERR_ARG);
    CHECK(zki_poseidon_hash_vec_i64(&h, xi, 0) == ZKI_ERR_ARG);
    CHECK(zki_poseidon_permute(x, 1) == ZKI_ERR_ARG);
    CHECK(zki_poseidon_permute(x, 18) == ZKI_ERR_ARG);
    /* the permutation of [0, x] gives Poseidon(x) in cell 0 */
    zki_fr st[3], want;
    zki_fr_set_zero(&st[0]);
    st[1] = x[1];
    st[2] = x[2];
    CHECK(zki_poseidon_permute(st, 3) == ZKI_OK);
    zki_poseidon(&want, x + 1, 2);
    CHECK(zki_fr_eq(&st[0], &want));
}
