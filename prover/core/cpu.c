#include "cpu.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

int zki_cpu_adx;

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

__attribute__((constructor)) static void zki_cpu_init(void) { zki_cpu_use_adx(1); }
