/* Fr and Fq: algebraic laws, edge values, encodings, and GMP as an independent
 * oracle for multiplication, inversion and square roots. */
#include <gmp.h>
#include <string.h>

#include "cpu.h"
#include "fq.h"
#include "fr.h"
#include "test.h"

static void mpz_from_be(mpz_t z, const uint8_t b[32]) { mpz_import(z, 32, 1, 1, 1, 0, b); }

static void mpz_to_be(uint8_t b[32], const mpz_t z) {
    size_t n = 0;
    uint8_t tmp[32];
    memset(b, 0, 32);
    mpz_export(tmp, &n, 1, 1, 1, 0, z);
    memcpy(b + 32 - n, tmp, n);
}

static void mpz_from_limbs(mpz_t z, const uint64_t l[4]) { mpz_import(z, 4, -1, 8, 0, 0, l); }

/* Random canonical encodings: mostly uniform below m, sometimes edge values. */
static void rand_canonical(uint8_t b[32], const mpz_t m) {
    mpz_t z;
    mpz_init(z);
    uint64_t k = zt_rand_u64() % 16;
    if (k == 0) mpz_set_ui(z, 0);
    else if (k == 1) mpz_set_ui(z, 1);
    else if (k == 2) mpz_sub_ui(z, m, 1);
    else if (k == 3) mpz_set_ui(z, zt_rand_u64() & 0xff);
    else {
        uint8_t r[32];
        zt_rand_bytes(r, 32);
        mpz_from_be(z, r);
        mpz_mod(z, z, m);
    }
    mpz_to_be(b, z);
    mpz_clear(z);
}

/* The field ops, behind one table so both fields run the same tests. */
typedef struct {
    const char *name;
    const uint64_t *modulus;
    size_t size;
    zki_status (*from_bytes)(void *, const uint8_t *);
    void (*to_bytes)(uint8_t *, const void *);
    void (*from_bytes_reduce)(void *, const uint8_t *);
    void (*add)(void *, const void *, const void *);
    void (*sub)(void *, const void *, const void *);
    void (*mul)(void *, const void *, const void *);
    void (*sqr)(void *, const void *);
    void (*neg)(void *, const void *);
    void (*half)(void *, const void *);
    int (*inv)(void *, const void *);
    int (*sqrt_var)(void *, const void *);
    void (*batch_inv)(void *, const void *, size_t);
    void (*set_i64)(void *, int64_t);
} field_ops;

#define OPS(F) {#F, F##_modulus, sizeof(F),                                       \
    (zki_status (*)(void *, const uint8_t *))F##_from_bytes,                     \
    (void (*)(uint8_t *, const void *))F##_to_bytes,                             \
    (void (*)(void *, const uint8_t *))F##_from_bytes_reduce,                    \
    (void (*)(void *, const void *, const void *))F##_add,                       \
    (void (*)(void *, const void *, const void *))F##_sub,                       \
    (void (*)(void *, const void *, const void *))F##_mul,                       \
    (void (*)(void *, const void *))F##_sqr,                                     \
    (void (*)(void *, const void *))F##_neg,                                     \
    (void (*)(void *, const void *))F##_half,                                    \
    (int (*)(void *, const void *))F##_inv,                                      \
    (int (*)(void *, const void *))F##_sqrt_var,                                 \
    (void (*)(void *, const void *, size_t))F##_batch_inv,                       \
    (void (*)(void *, int64_t))F##_set_i64}

static const field_ops fields[2] = {OPS(zki_fr), OPS(zki_fq)};

/* Every binary op against GMP on random inputs, including edge values. */
static void check_against_gmp(const field_ops *f, unsigned iters) {
    mpz_t m, a, b, e;
    mpz_inits(m, a, b, e, NULL);
    mpz_from_limbs(m, f->modulus);
    uint64_t x[4], y[4], z[4];
    uint8_t ab[32], bb[32], out[32], want[32];
    for (unsigned i = 0; i < iters; i++) {
        rand_canonical(ab, m);
        rand_canonical(bb, m);
        mpz_from_be(a, ab);
        mpz_from_be(b, bb);
        REQUIRE(f->from_bytes(x, ab) == ZKI_OK);
        REQUIRE(f->from_bytes(y, bb) == ZKI_OK);
        f->to_bytes(out, x);
        CHECK(memcmp(out, ab, 32) == 0);

        f->mul(z, x, y);
        f->to_bytes(out, z);
        mpz_mul(e, a, b);
        mpz_mod(e, e, m);
        mpz_to_be(want, e);
        CHECK(memcmp(out, want, 32) == 0);

        f->sqr(z, x);
        f->to_bytes(out, z);
        mpz_mul(e, a, a);
        mpz_mod(e, e, m);
        mpz_to_be(want, e);
        CHECK(memcmp(out, want, 32) == 0);

        f->add(z, x, y);
        f->to_bytes(out, z);
        mpz_add(e, a, b);
        mpz_mod(e, e, m);
        mpz_to_be(want, e);
        CHECK(memcmp(out, want, 32) == 0);

        f->sub(z, x, y);
        f->to_bytes(out, z);
        mpz_sub(e, a, b);
        mpz_mod(e, e, m);
        mpz_to_be(want, e);
        CHECK(memcmp(out, want, 32) == 0);

        f->neg(z, x);
        f->to_bytes(out, z);
        mpz_neg(e, a);
        mpz_mod(e, e, m);
        mpz_to_be(want, e);
        CHECK(memcmp(out, want, 32) == 0);

        f->half(z, x);
        f->add(z, z, z);
        f->to_bytes(out, z);
        CHECK(memcmp(out, ab, 32) == 0);

        int ok = f->inv(z, x);
        if (mpz_sgn(a) == 0) {
            CHECK(!ok);
        } else {
            CHECK(ok);
            f->to_bytes(out, z);
            mpz_invert(e, a, m);
            mpz_to_be(want, e);
            CHECK(memcmp(out, want, 32) == 0);
        }

        /* sqrt: compare squareness with GMP's Legendre symbol, check root^2 = a. */
        int is_sq = mpz_legendre(a, m) >= 0;
        ok = f->sqrt_var(z, x);
        CHECK(ok == is_sq);
        if (ok) {
            f->sqr(z, z);
            f->to_bytes(out, z);
            CHECK(memcmp(out, ab, 32) == 0);
        }
        /* a square always has a root */
        f->sqr(y, x);
        CHECK(f->sqrt_var(z, y));
        f->sqr(z, z);
        CHECK(memcmp(z, y, 32) == 0);
    }
    mpz_clears(m, a, b, e, NULL);
}

CASE(fields_match_gmp_on_random_and_edge_values) {
    /* both multiplication back ends: portable C, then ADX assembly where the CPU has it */
    int had = zki_cpu_adx;
    for (int path = 0; path < 2; path++) {
        if (zki_cpu_use_adx(path) != path) continue;
        for (int k = 0; k < 2; k++) check_against_gmp(&fields[k], zt_iters(3000));
    }
    zki_cpu_use_adx(had);
}

CASE(fields_adx_and_portable_paths_agree) {
    if (!zki_cpu_has_adx()) return; /* nothing to compare on this CPU */
    int had = zki_cpu_adx;
    for (unsigned i = 0; i < zt_iters(20000); i++) {
        uint8_t b[64];
        zt_rand_bytes(b, 64);
        zki_fq x, y, r1, r2;
        zki_fq_from_bytes_reduce(&x, b);
        zki_fq_from_bytes_reduce(&y, b + 32);
        if (i % 50 == 0) zki_fq_set_i64(&x, -1);
        zki_cpu_use_adx(0);
        zki_fq_mul(&r1, &x, &y);
        zki_cpu_use_adx(1);
        zki_fq_mul(&r2, &x, &y);
        CHECK(zki_fq_eq(&r1, &r2));
        zki_fr a, c, s1, s2;
        zki_fr_from_bytes_reduce(&a, b);
        zki_fr_from_bytes_reduce(&c, b + 32);
        zki_cpu_use_adx(0);
        zki_fr_mul(&s1, &a, &c);
        zki_cpu_use_adx(1);
        zki_fr_mul(&s2, &a, &c);
        CHECK(zki_fr_eq(&s1, &s2));
    }
    zki_cpu_use_adx(had);
}

CASE(fields_reject_noncanonical_encodings) {
    for (int k = 0; k < 2; k++) {
        const field_ops *f = &fields[k];
        mpz_t m, v;
        mpz_inits(m, v, NULL);
        mpz_from_limbs(m, f->modulus);
        uint8_t b[32], out[32];
        uint64_t x[4], keep[4] = {1, 2, 3, 4};
        /* m, m+1, 2^256-1 and random values >= m are all rejected, output untouched */
        for (int i = 0; i < 200; i++) {
            if (i == 0) mpz_set(v, m);
            else if (i == 1) mpz_add_ui(v, m, 1);
            else if (i == 2) { mpz_set_ui(v, 1); mpz_mul_2exp(v, v, 256); mpz_sub_ui(v, v, 1); }
            else {
                uint8_t r[32];
                zt_rand_bytes(r, 32);
                mpz_from_be(v, r);
                if (mpz_cmp(v, m) < 0) mpz_add(v, v, m);
                if (mpz_sizeinbase(v, 2) > 256) continue;
            }
            mpz_to_be(b, v);
            memcpy(x, keep, sizeof x);
            CHECK(f->from_bytes(x, b) == ZKI_ERR_NONCANONICAL);
            CHECK(memcmp(x, keep, sizeof x) == 0);
            /* the reducing decoder accepts it and agrees with GMP */
            f->from_bytes_reduce(x, b);
            f->to_bytes(out, x);
            mpz_mod(v, v, m);
            uint8_t want[32];
            mpz_to_be(want, v);
            CHECK(memcmp(out, want, 32) == 0);
        }
        /* m - 1 is the largest accepted value */
        mpz_sub_ui(v, m, 1);
        mpz_to_be(b, v);
        CHECK(f->from_bytes(x, b) == ZKI_OK);
        mpz_clears(m, v, NULL);
    }
}

CASE(fields_obey_ring_laws) {
    for (int k = 0; k < 2; k++) {
        const field_ops *f = &fields[k];
        mpz_t m;
        mpz_init(m);
        mpz_from_limbs(m, f->modulus);
        for (unsigned i = 0; i < zt_iters(500); i++) {
            uint8_t ab[32], bb[32], cb[32];
            uint64_t a[4], b[4], c[4], l[4], r[4], t[4];
            rand_canonical(ab, m);
            rand_canonical(bb, m);
            rand_canonical(cb, m);
            f->from_bytes(a, ab);
            f->from_bytes(b, bb);
            f->from_bytes(c, cb);
            f->mul(l, a, b); f->mul(r, b, a); CHECK(memcmp(l, r, 32) == 0);
            f->add(l, a, b); f->add(r, b, a); CHECK(memcmp(l, r, 32) == 0);
            f->mul(t, a, b); f->mul(l, t, c); f->mul(t, b, c); f->mul(r, a, t);
            CHECK(memcmp(l, r, 32) == 0);
            f->add(t, b, c); f->mul(l, a, t); f->mul(t, a, b); f->mul(r, a, c); f->add(r, t, r);
            CHECK(memcmp(l, r, 32) == 0);
            f->neg(t, a); f->add(l, a, t); CHECK((l[0] | l[1] | l[2] | l[3]) == 0);
            f->sub(l, a, b); f->add(l, l, b); CHECK(memcmp(l, a, 32) == 0);
        }
        mpz_clear(m);
    }
}

CASE(fields_small_integers_and_batch_inversion) {
    for (int k = 0; k < 2; k++) {
        const field_ops *f = &fields[k];
        uint64_t a[4], b[4], s[4];
        f->set_i64(a, -5);
        f->set_i64(b, 5);
        f->add(s, a, b);
        CHECK((s[0] | s[1] | s[2] | s[3]) == 0);
        f->set_i64(a, INT64_MIN);
        f->set_i64(b, INT64_MAX);
        f->add(s, a, b); /* = -1 */
        f->set_i64(b, 1);
        f->add(s, s, b);
        CHECK((s[0] | s[1] | s[2] | s[3]) == 0);

        enum { N = 37 };
        uint64_t in[N][4], out[N][4], one_inv[4];
        for (int i = 0; i < N; i++) f->set_i64(in[i], (i % 5 == 0) ? 0 : (int64_t)zt_rand_u64());
        f->batch_inv(out, in, N);
        for (int i = 0; i < N; i++) {
            if (i % 5 == 0) {
                CHECK((out[i][0] | out[i][1] | out[i][2] | out[i][3]) == 0);
            } else {
                CHECK(f->inv(one_inv, in[i]));
                CHECK(memcmp(one_inv, out[i], 32) == 0);
            }
        }
    }
}

CASE(fr_roots_of_unity_have_exact_order) {
    zki_fr w, t;
    for (unsigned k = 0; k <= ZKI_FR_TWO_ADICITY; k++) {
        REQUIRE(zki_fr_root_of_unity(&w, k));
        t = w;
        for (unsigned i = 0; i < k; i++) zki_fr_sqr(&t, &t);
        CHECK(zki_fr_is_one(&t));
        if (k > 0) {
            t = w;
            for (unsigned i = 0; i + 1 < k; i++) zki_fr_sqr(&t, &t);
            CHECK(!zki_fr_is_one(&t)); /* w^(2^(k-1)) = -1, not 1 */
        }
    }
    CHECK(!zki_fr_root_of_unity(&w, ZKI_FR_TWO_ADICITY + 1));
    /* the generator 5 is a non-residue, so its powers reach every 2-power order */
    zki_fr g;
    zki_fr_generator(&g);
    CHECK(zki_fr_legendre(&g) == -1);
}

CASE(fields_montgomery_constants_match_gmp) {
    /* Recompute 2^256 mod m from scratch and compare with set_one's encoding. */
    for (int k = 0; k < 2; k++) {
        const field_ops *f = &fields[k];
        mpz_t m, e;
        mpz_inits(m, e, NULL);
        mpz_from_limbs(m, f->modulus);
        CHECK(mpz_probab_prime_p(m, 30) != 0);
        CHECK(mpz_sizeinbase(m, 2) == 254);
        uint64_t one[4], l[4];
        f->set_i64(one, 1);
        memcpy(l, one, 32); /* raw Montgomery limbs of 1 = 2^256 mod m */
        mpz_t got;
        mpz_init(got);
        mpz_from_limbs(got, l);
        mpz_set_ui(e, 1);
        mpz_mul_2exp(e, e, 256);
        mpz_mod(e, e, m);
        CHECK(mpz_cmp(got, e) == 0);
        mpz_clears(m, e, got, NULL);
    }
}
