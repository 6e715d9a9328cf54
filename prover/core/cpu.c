#include "cpu.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

int zki_cpu_adx;
int zki_cpu_ifma;

int zki_cpu_has_adx(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    /* CPUID leaf 7, subleaf 0: EBX bit 8 is BMI2, bit 19 ADX (clang 14's
     * __builtin_cpu_supports does not know "adx") */
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 8 & 1) && (b >> 19 & 1);
#else
    return 0;
#endif
}

int zki_cpu_use_adx(int on) {
    zki_cpu_adx = on && zki_cpu_has_adx();
    return zki_cpu_adx;
}

int zki_cpu_has_ifma(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    unsigned a, b, c, d;
    /* leaf 1: ECX bit 27 OSXSAVE (xgetbv usable) */
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c >> 27 & 1)) return 0;
    /* XCR0 bits 1, 2 (SSE, AVX) and 5, 6, 7 (opmask, ZMM0-15 upper, ZMM16-31) */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xe6) != 0xe6) return 0;
    /* leaf 7, subleaf 0: EBX bit 16 AVX512F, bit 21 AVX512IFMA */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16 & 1) && (b >> 21 & 1);
#else
    return 0;
#endif
}

int zki_cpu_use_ifma(int on) {
    zki_cpu_ifma = on && zki_cpu_has_ifma();
    return zki_cpu_ifma;
}

__attribute__((constructor)) static void zki_cpu_init(void) {
    zki_cpu_use_adx(1);
    zki_cpu_use_ifma(1);
}
