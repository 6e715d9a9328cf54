/* The element-wise field operations (zki_fr_vadd, vsub, vmul, vadd_s, vmul_s) equal the
 * scalar ones element by element, in place and out of place, on both multiplication back
 * ends, with edge values (0, 1, r − 1) among random ones. */
#include <string.h>

#include "cpu.h"
#include "fr.h"
#include "test.h"

#define VN 37

static void fill(zki_fr *a, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t b[32];
        zt_rand_bytes(b, 32);
        zki_fr_from_bytes_reduce(&a[i], b);
    }
    zki_fr_set_zero(&a[0]);
    zki_fr_set_one(&a[1]);
    zki_fr_set_one(&a[2]);
    zki_fr_neg(&a[2], &a[2]); /* r − 1 */
}

static void check_all(void) {
    zki_fr a[VN], b[VN], r[VN], s;
    fill(a, VN);
    fill(b, VN);
    b[3] = a[3];
    s = a[5];
    zki_fr_vadd(r, a, b, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_add(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    zki_fr_vsub(r, a, b, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_sub(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    zki_fr_vmul(r, a, b, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_mul(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    zki_fr_vadd_s(r, a, &s, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_add(&w, &a[i], &s);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    zki_fr_vmul_s(r, a, &s, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_mul(&w, &a[i], &s);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    /* in place, and a scalar that is an element of the output */
    memcpy(r, a, sizeof r);
    zki_fr_vmul_s(r, r, &r[7], VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_mul(&w, &a[i], &a[7]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    memcpy(r, a, sizeof r);
    zki_fr_vadd_s(r, r, &r[9], VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_add(&w, &a[i], &a[9]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    memcpy(r, b, sizeof r);
    zki_fr_vmul(r, a, r, VN);
    for (size_t i = 0; i < VN; i++) {
        zki_fr w;
        zki_fr_mul(&w, &a[i], &b[i]);
        CHECK(zki_fr_eq(&r[i], &w));
    }
    /* n = 0 touches nothing */
    memcpy(r, a, sizeof r);
    zki_fr_vmul(r, b, b, 0);
    CHECK(memcmp(r, a, sizeof r) == 0);
}

CASE(field_vector_ops_match_scalar_ops) {
    int was = zki_cpu_adx;
    for (unsigned it = 0; it < zt_iters(20); it++) check_all();
    zki_cpu_use_adx(0);
    for (unsigned it = 0; it < zt_iters(20); it++) check_all();
    zki_cpu_use_adx(was);
}
