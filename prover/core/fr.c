/* Fr, the scalar field of BN254: instantiates field_impl.h with r's constants. */
#include "fr.h"

#define ZKI_F zki_fr
#define FLD_MOD {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}
#define FLD_ONE {0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL}
#define FLD_R2 {0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL}
#define FLD_INV 0xc2e1f593efffffffULL
#define FLD_S 28
/* (t - 1) / 2 where r - 1 = 2^28 t */
#define FLD_T_MINUS1_HALF {0xcdcb848a1f0fac9fULL, 0x0c0ac2e9419f4243ULL, 0x098d014dc2822db4ULL, 0x0000000183227397ULL}
/* 5^t, a primitive 2^28-th root of unity (Montgomery form) */
#define FLD_ROOT {0x636e735580d13d9cULL, 0xa22bf3742445ffd6ULL, 0x56452ac01eb203d8ULL, 0x1860ef942963f9e7ULL}
#include "field_impl.h"

const uint64_t zki_fr_modulus[4] = FLD_MOD;

void zki_fr_generator(zki_fr *r) { zki_fr_set_u64(r, 5); }

int zki_fr_root_of_unity(zki_fr *r, unsigned log_n) {
    static const zki_fr root = {FLD_ROOT};
    if (log_n > ZKI_FR_TWO_ADICITY) return 0;
    *r = root;
    for (unsigned i = log_n; i < ZKI_FR_TWO_ADICITY; i++) zki_fr_sqr(r, r);
    return 1;
}
