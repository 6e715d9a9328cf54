/* zki_vec_mul / zki_vec_mul_s (the IFMA path where the CPU has it, else the scalar
 * loops) equal zki_fr_mul element by element: every length 0..41 (whole groups of
 * eight and tails), in place on either operand, a scalar that is an element of the
 * output, and edge values (0, 1, r − 1) among random ones; both paths. */
#include <stdio.h>
#include <string.h>

#include "cpu.h"
#include "test.h"
#include "vec.h"

#define VN 41

static void fill(zki_fr *a, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b[32];
        zt_rand_bytes(b, 32);
        zki_fr_from_bytes_reduce(&a[i], b);
    }
    zki_fr_set_zero(&a[1]);
    zki_fr_set_one(&a[4]);
    zki_fr_set_one(&a[9]);
    zki_fr_neg(&a[9], &a[9]); /* r − 1 */
    zki_fr_neg(&a[17], &a[4]);
}

static void check_once(void) {
    zki_fr a[VN], b[VN], r[VN], w;
    fill(a, VN);
    fill(b, VN);
    for (size_t n = 0; n <= VN; n++) {
        memset(r, 0xab, sizeof r);
        zki_vec_mul(r, a, b, n);
        for (size_t i = 0; i < n; i++) {
            zki_fr_mul(&w, &a[i], &b[i]);
            CHECK(zki_fr_eq(&r[i], &w));
        }
        for (size_t i = n; i < VN; i++) CHECK(r[i].v[0] == 0xababababababababULL); /* nothing past n */
        zki_vec_mul_s(r, a, &b[3], n);
        for (size_t i = 0; i < n; i++) {
            zki_fr_mul(&w, &a[i], &b[3]);
            CHECK(zki_fr_eq(&r[i], &w));
        }
    }
    memcpy(r, a, sizeof r);
    zki_vec_mul(r, r, b, VN); /* in place, first operand */
    for (size_t i = 0; i < VN; i++) {
        zki_fr_mul(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    memcpy(r, b, sizeof r);
    zki_vec_mul(r, a, r, VN); /* in place, second operand */
    for (size_t i = 0; i < VN; i++) {
        zki_fr_mul(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    memcpy(r, a, sizeof r);
    zki_vec_mul_s(r, r, &r[9], VN); /* the scalar is r[9] = r − 1 */
    for (size_t i = 0; i < VN; i++) {
        zki_fr_mul(&w, &a[i], &a[9]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
}

CASE(vec_mul_matches_fr_mul_on_both_paths) {
    int was = zki_cpu_ifma;
    if (!zki_cpu_has_ifma()) fprintf(stderr, "  note: vec_mul: this CPU has no AVX-512 IFMA; only the scalar path is tested\n");
    for (unsigned it = 0; it < zt_iters(40); it++) check_once();
    zki_cpu_use_ifma(0);
    for (unsigned it = 0; it < zt_iters(10); it++) check_once();
    zki_cpu_use_ifma(was);
}
