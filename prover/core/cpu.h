/* Run-time CPU feature selection for the arithmetic back ends.
 *
 * On x86-64 with BMI2 and ADX (Broadwell/Zen and later) the field multiplication
 * uses MULX/ADCX/ADOX assembly; elsewhere the portable C path. The choice is made
 * once at load time; tests switch it to run both paths against the same oracle.
 */
#ifndef ZKI_CPU_H
#define ZKI_CPU_H

/* 1 if the ADX multiplication path is in use. Read by the hot paths. */
extern int zki_cpu_adx;

/* Returns: 1 if this CPU supports the ADX path (BMI2 + ADX on x86-64), else 0. */
int zki_cpu_has_adx(void);

/* Selects the ADX path (on = 1, only if supported) or the portable path (on = 0).
 * Returns: the setting now in force. Not thread-safe: call before starting work. */
int zki_cpu_use_adx(int on);

#endif
