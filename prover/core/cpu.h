/* Run-time CPU feature selection for the arithmetic back ends.
 *
 * On x86-64 with BMI2 and ADX (Broadwell/Zen and later) the field multiplication
 * uses MULX/ADCX/ADOX assembly; elsewhere the portable C path. On x86-64 with
 * AVX-512F and AVX-512 IFMA, and an OS that saves the ZMM state, the NTT runs
 * eight butterflies at a time with 52-bit limbs (prover/poly/ntt_ifma.c). The
 * choices are made once at load time; tests and benchmarks switch them to run
 * every path against the same oracle.
 */
#ifndef ZKI_CPU_H
#define ZKI_CPU_H

/* 1 if the ADX multiplication path is in use. Read by the hot paths. */
extern int zki_cpu_adx;

/* 1 if the AVX-512 IFMA paths (NTT, element-wise products, MSM batch additions) are in use. Read by the hot paths. */
extern int zki_cpu_ifma;

/* Returns: 1 if this CPU supports the ADX path (BMI2 + ADX on x86-64), else 0. */
int zki_cpu_has_adx(void);

/* Selects the ADX path (on = 1, only if supported) or the portable path (on = 0).
 * Returns: the setting now in force. Not thread-safe: call before starting work. */
int zki_cpu_use_adx(int on);

/* Returns: 1 if the IFMA path can run here: x86-64 built with GNU C, CPUID
 * reports AVX512F and AVX512IFMA, and XCR0 (xgetbv) shows the OS saving the
 * SSE, AVX and all three AVX-512 state components; else 0. */
int zki_cpu_has_ifma(void);

/* Selects the IFMA paths (NTT, element-wise products, MSM batch additions; on = 1, only if supported) or the scalar ones (on = 0).
 * Returns: the setting now in force. Not thread-safe: call before starting work. */
int zki_cpu_use_ifma(int on);

#endif
