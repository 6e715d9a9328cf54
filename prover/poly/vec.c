/* Element-wise products: the IFMA kernels or the scalar loops (vec.h). */
#include "vec.h"

#include "cpu.h"
#include "ntt_ifma.h"

void zki_vec_mul(zki_fr *r, const zki_fr *a, const zki_fr *b, size_t n) {
#ifdef ZKI_NTT_HAVE_IFMA
    if (zki_cpu_ifma && n >= 8) {
        zki_ntt_ifma_vmul(r, a, b, n);
        return;
    }
#endif
    zki_fr_vmul(r, a, b, n);
}

void zki_vec_mul_s(zki_fr *r, const zki_fr *a, const zki_fr *s, size_t n) {
#ifdef ZKI_NTT_HAVE_IFMA
    if (zki_cpu_ifma && n >= 8) {
        zki_ntt_ifma_vmul_s(r, a, s, n);
        return;
    }
#endif
    zki_fr_vmul_s(r, a, s, n);
}
