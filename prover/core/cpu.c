#include "cpu.h"

int zki_cpu_adx;

int zki_cpu_has_adx(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
#else
    return 0;
#endif
}

int zki_cpu_use_adx(int on) {
    zki_cpu_adx = on && zki_cpu_has_adx();
    return zki_cpu_adx;
}

__attribute__((constructor)) static void zki_cpu_init(void) { zki_cpu_use_adx(1); }
