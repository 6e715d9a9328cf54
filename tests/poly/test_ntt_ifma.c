/* The AVX-512 IFMA back end of the NTT against the scalar one: the vector
 * Montgomery product against zki_fr_mul (random and edge operands), and every
 * transform (forward, inverse, coset forward and inverse, the extended coset,
 * the shifted forward) bit-identical between the two paths for all sizes 2^1 ..
 * 2^16 and 2^18 (full runs), on 1 and 2 threads, with random inputs mixed with
 * 0, 1 and r - 1, and with r - 1 everywhere (the lazy bounds at their limits).
 * On a CPU without IFMA these cases say so on stderr and both runs use the
 * scalar path (still compared against each other and, for zki_ntt_shift_fwd,
 * against naive evaluation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "fr.h"
#include "ntt.h"
#include "ntt_ifma.h"
#include "test.h"

static void rand_fr(zki_fr *r) {
    uint8_t b[32];
    zt_rand_bytes(b, sizeof b);
    zki_fr_from_bytes_reduce(r, b);
}

static int have_ifma(const char *where) {
    int has = zki_cpu_has_ifma();
    if (!has) fprintf(stderr, "  note: %s: this CPU has no AVX-512 IFMA; only the scalar path is tested\n", where);
    return has;
}

/* Edge operands: 0, 1, 2, r - 1, r - 2, (r - 1)/2 and 2^255 mod r style values. */
static void edge_fr(zki_fr *r, unsigned i) {
    switch (i % 6) {
    case 0: zki_fr_set_zero(r); break;
    case 1: zki_fr_set_one(r); break;
    case 2: zki_fr_set_u64(r, 2); break;
    case 3: zki_fr_set_i64(r, -1); break;
    case 4: zki_fr_set_i64(r, -2); break;
    default: { /* the largest canonical representation: limbs of r - 1 */
        uint64_t l[4];
        memcpy(l, zki_fr_modulus, sizeof l);
        l[0] -= 1;
        memcpy(r->v, l, sizeof l); /* canonical: r - 1 < r */
        break;
    }
    }
}

CASE(ntt_ifma_cpu_switch) {
    int was = zki_cpu_ifma;
    int has = have_ifma("ntt_ifma_cpu_switch");
    CHECK(zki_cpu_use_ifma(0) == 0);
    CHECK(zki_cpu_ifma == 0);
    CHECK(zki_cpu_use_ifma(1) == has);
    zki_ntt_domain d;
    REQUIRE(zki_ntt_domain_init(&d, 5, 1) == ZKI_OK);
    CHECK((d.tw_ifma != NULL) == has); /* the vector table exactly when usable */
    zki_ntt_domain_free(&d);
    CHECK(d.tw_ifma == NULL);
    REQUIRE(zki_ntt_domain_init(&d, 3, 1) == ZKI_OK);
    CHECK(d.tw_ifma == NULL); /* below 16 elements: scalar only */
    zki_ntt_domain_free(&d);
    zki_cpu_use_ifma(was);
}

CASE(ntt_ifma_mul_matches_fr_mul) {
    if (!have_ifma("ntt_ifma_mul_matches_fr_mul")) {
        zki_fr a, b, c;
        rand_fr(&a);
        rand_fr(&b);
        zki_fr_mul(&c, &a, &b);
        CHECK(zki_fr_eq(&c, &c)); /* nothing vector to test */
        return;
    }
#ifdef ZKI_NTT_HAVE_IFMA
    unsigned rounds = zt_iters(400);
    /* Declared outside the loop on purpose: with these arrays scoped to the loop
     * body, gcc 12 at -O3 -march=native hoists &want out of the loop and then
     * lets want share its stack slot with rand_fr's byte buffer (inlined), so
     * want[0] was overwritten by random bytes in every random round. See
     * "Stack slots" in prover/poly/ntt_ifma.c. */
    zki_fr a[8], b[8], got[8], want[8];
    for (unsigned it = 0; it < rounds + 6; it++) {
        for (unsigned j = 0; j < 8; j++) {
            /* the first rounds: every pair of edge values; then random, some edges */
            if (it < 6) {
                edge_fr(&a[j], it);
                edge_fr(&b[j], j);
            } else {
                rand_fr(&a[j]);
                rand_fr(&b[j]);
                if (zt_rand_u64() % 8 == 0) edge_fr(&a[j], (unsigned)zt_rand_u64());
                if (zt_rand_u64() % 8 == 0) edge_fr(&b[j], (unsigned)zt_rand_u64());
            }
            zki_fr_mul(&want[j], &a[j], &b[j]);
        }
        zki_ntt_ifma_mul8(got, a, b);
        CHECK(memcmp(got, want, sizeof got) == 0);
    }
#endif
}

enum { OP_FWD, OP_INV, OP_COSET_FWD, OP_COSET_INV, OP_EXT, OP_SHIFT, OP_COUNT };

static zki_status run_op(int op, zki_fr *a, const zki_fr *src, const zki_ntt_domain *d, size_t n_half,
                         const zki_fr *shift, unsigned threads) {
    switch (op) {
    case OP_FWD: return zki_ntt_fwd(a, d->n, d, threads);
    case OP_INV: return zki_ntt_inv(a, d->n, d, threads);
    case OP_COSET_FWD: return zki_ntt_coset_fwd(a, d->n, d, threads);
    case OP_COSET_INV: return zki_ntt_coset_inv(a, d->n, d, threads);
    case OP_EXT: return zki_ntt_coset_ext(a, d->n, src, n_half, d, threads);
    default: return zki_ntt_shift_fwd(a, src, d->n, shift, d, threads);
    }
}

/* Every op on `c`: the IFMA path and the scalar path give the same bytes. */
static void compare_paths(unsigned log_n, const zki_fr *c, unsigned threads) {
    zki_ntt_domain d;
    REQUIRE(zki_ntt_domain_init(&d, log_n, 2) == ZKI_OK);
    size_t n = d.n, n_half = n > 1 ? n / 2 : 1;
    zki_fr *x = malloc(sizeof(zki_fr) * n), *y = malloc(sizeof(zki_fr) * n), shift;
    REQUIRE(x && y);
    rand_fr(&shift);
    int was = zki_cpu_ifma;
    for (int op = 0; op < OP_COUNT; op++) {
        zki_fr *out[2] = {x, y};
        for (int v = 0; v < 2; v++) {
            zki_cpu_use_ifma(v);
            /* the extended and shifted ops read c and write out (out must differ) */
            if (op != OP_EXT && op != OP_SHIFT) memcpy(out[v], c, sizeof(zki_fr) * n);
            CHECK(run_op(op, out[v], c, &d, n_half, &shift, threads) == ZKI_OK);
        }
        if (memcmp(x, y, sizeof(zki_fr) * n) != 0) {
            fprintf(stderr, "  differs: 2^%u, op %d, %u thread(s)\n", log_n, op, threads);
            CHECK(0);
        }
    }
    zki_cpu_use_ifma(was);
    free(x);
    free(y);
    zki_ntt_domain_free(&d);
}

CASE(ntt_ifma_matches_scalar) {
    have_ifma("ntt_ifma_matches_scalar");
    unsigned top = zt_iters(10) < 10 ? 14 : 16;
    for (unsigned log_n = 1; log_n <= top + 2; log_n++) {
        if (log_n == top + 1) continue;
        if (log_n == top + 2) log_n = 18; /* one size with two top levels and 2^6 chunks */
        size_t n = (size_t)1 << log_n;
        zki_fr *c = malloc(sizeof(zki_fr) * n);
        REQUIRE(c);
        for (size_t i = 0; i < n; i++) rand_fr(&c[i]);
        for (unsigned e = 0; e < 6 && e < n; e++) edge_fr(&c[(size_t)zt_rand_u64() % n], e);
        zki_fr_set_i64(&c[n - 1], -1);
        zki_fr_set_zero(&c[0]);
        for (unsigned threads = 1; threads <= 2; threads++) compare_paths(log_n, c, threads);
        if (log_n <= 12) { /* r - 1 everywhere: every bound of the lazy reduction at its top */
            for (size_t i = 0; i < n; i++) edge_fr(&c[i], 5);
            compare_paths(log_n, c, 1);
        }
        free(c);
    }
}

/* zki_ntt_shift_fwd: against naive evaluation at s·ω^i, against coset_fwd for
 * s = g and fwd for s = 1, in place, and its argument checks. */
CASE(ntt_shift_fwd) {
    have_ifma("ntt_shift_fwd");
    for (unsigned log_n = 1; log_n <= 7; log_n += 3) {
        zki_ntt_domain d;
        REQUIRE(zki_ntt_domain_init(&d, log_n, 1) == ZKI_OK);
        size_t n = d.n;
        zki_fr *c = malloc(sizeof(zki_fr) * n), *a = malloc(sizeof(zki_fr) * n), *b = malloc(sizeof(zki_fr) * n);
        REQUIRE(c && a && b);
        for (size_t i = 0; i < n; i++) rand_fr(&c[i]);
        zki_fr s, x, v, one;
        rand_fr(&s);
        zki_fr_set_one(&one);
        REQUIRE(zki_ntt_shift_fwd(a, c, n, &s, &d, 1) == ZKI_OK);
        x = s;
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            zki_fr acc;
            zki_fr_set_zero(&acc);
            for (size_t k = n; k-- > 0;) {
                zki_fr_mul(&acc, &acc, &x);
                zki_fr_add(&acc, &acc, &c[k]);
            }
            v = acc;
            ok &= zki_fr_eq(&v, &a[i]);
            zki_fr_mul(&x, &x, &d.omega);
        }
        CHECK(ok);
        memcpy(b, c, sizeof(zki_fr) * n);
        REQUIRE(zki_ntt_shift_fwd(b, b, n, &s, &d, 2) == ZKI_OK); /* in place */
        CHECK(memcmp(a, b, sizeof(zki_fr) * n) == 0);
        memcpy(b, c, sizeof(zki_fr) * n);
        REQUIRE(zki_ntt_coset_fwd(b, n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_shift_fwd(a, c, n, &d.gen, &d, 1) == ZKI_OK);
        CHECK(memcmp(a, b, sizeof(zki_fr) * n) == 0);
        memcpy(b, c, sizeof(zki_fr) * n);
        REQUIRE(zki_ntt_fwd(b, n, &d, 1) == ZKI_OK);
        REQUIRE(zki_ntt_shift_fwd(a, c, n, &one, &d, 1) == ZKI_OK);
        CHECK(memcmp(a, b, sizeof(zki_fr) * n) == 0);
        free(c);
        free(a);
        free(b);
        zki_ntt_domain_free(&d);
    }
    zki_ntt_domain d;
    REQUIRE(zki_ntt_domain_init(&d, 4, 1) == ZKI_OK);
    zki_fr a[32], s;
    memset(a, 0, sizeof a);
    zki_fr_set_one(&s);
    CHECK(zki_ntt_shift_fwd(NULL, a, 16, &s, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_shift_fwd(a, NULL, 16, &s, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_shift_fwd(a, a + 16, 16, NULL, &d, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_shift_fwd(a, a + 16, 16, &s, NULL, 1) == ZKI_ERR_ARG);
    CHECK(zki_ntt_shift_fwd(a, a + 16, 8, &s, &d, 1) == ZKI_ERR_SIZE);
    CHECK(zki_ntt_shift_fwd(a + 4, a, 16, &s, &d, 1) == ZKI_ERR_ARG); /* partial overlap */
    CHECK(zki_ntt_shift_fwd(a, a + 16, 16, &s, &d, 1) == ZKI_OK);    /* adjacent is fine */
    zki_ntt_domain_free(&d);
}
